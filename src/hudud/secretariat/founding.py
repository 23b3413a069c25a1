"""The founding texts the Secretariat follows up, as data: the two ministerial conferences, the
meetings their deadlines refer to, and their commitments in English, Arabic and French.

Sources: the Tripoli Plan of Action (first Regional Ministerial Conference on Border Security,
Tripoli, 11-12 March 2012) and the Rabat Declaration (second conference, Rabat, 14 November 2013).
The Rabat items follow the Declaration's operative points; the Tripoli items are short summaries of
the Plan's areas of action, to be checked against the adopted text (see docs/secretariat.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FoundingEvent:
    code: str
    kind: str
    name_en: str
    name_ar: str
    name_fr: str
    venue: str
    host: str
    starts_on: date | None
    ends_on: date | None
    year: int


@dataclass(frozen=True)
class FoundingCommitment:
    code: str
    source: str
    name_en: str
    name_ar: str
    name_fr: str
    owner: str
    group: str | None = None
    due_event: str | None = None  # code of the event the deadline is relative to
    due_months: int = 0
    due_before: bool = False


EVENTS = (
    FoundingEvent(
        "TRIPOLI-2012", "ministerial_conference",
        "First Regional Ministerial Conference on Border Security",
        "المؤتمر الوزاري الإقليمي الأول حول أمن الحدود",
        "Première Conférence ministérielle régionale sur la sécurité des frontières",
        "Tripoli", "LBY", date(2012, 3, 11), date(2012, 3, 12), 2012,
    ),
    FoundingEvent(
        "RABAT-2013", "ministerial_conference",
        "Second Regional Ministerial Conference on Border Security (Rabat Declaration)",
        "المؤتمر الوزاري الإقليمي الثاني حول أمن الحدود (إعلان الرباط)",
        "Deuxième Conférence ministérielle régionale sur la sécurité des frontières (Déclaration de Rabat)",
        "Rabat", "MAR", date(2013, 11, 14), date(2013, 11, 14), 2013,
    ),
    FoundingEvent(
        "TRIPOLI-MEMBERS", "members_meeting",
        "Members' meeting on the structure of the Secretariat",
        "اجتماع الأعضاء حول هيكل الأمانة",
        "Réunion des membres sur la structure du Secrétariat",
        "Tripoli", "LBY", None, None, 2014,
    ),
    FoundingEvent(
        "EGYPT-2014", "ministerial_conference",
        "Third Regional Ministerial Conference on Border Security",
        "المؤتمر الوزاري الإقليمي الثالث حول أمن الحدود",
        "Troisième Conférence ministérielle régionale sur la sécurité des frontières",
        "Egypt", "EGY", None, None, 2014,
    ),
)  # fmt: skip

_WG = {
    "security": ("security", "الأمن", "la sécurité"),
    "intelligence": ("intelligence", "الاستخبارات", "le renseignement"),
    "customs": ("customs", "الجمارك", "les douanes"),
    "justice": ("justice", "العدالة", "la justice"),
}


def _group_item(number: int, group: str) -> FoundingCommitment:
    en, ar, fr = _WG[group]
    return FoundingCommitment(
        f"RD-{number}", "rabat_declaration",
        f"Working group on {en}: draft proposals before the next ministerial conference (Egypt, 2014)",
        f"فريق العمل المعني ب{ar}: إعداد مقترحات قبل المؤتمر الوزاري القادم (مصر، 2014)",
        f"Groupe de travail sur {fr} : préparer des propositions avant la prochaine conférence ministérielle (Égypte, 2014)",
        "SEC", group=group, due_event="EGYPT-2014", due_before=True,
    )  # fmt: skip


COMMITMENTS = (
    FoundingCommitment(
        "RD-1", "rabat_declaration",
        "Establish a regional centre to train border security officers",
        "إنشاء مركز إقليمي لتدريب ضباط أمن الحدود",
        "Créer un centre régional de formation des officiers de sécurité des frontières",
        "SEC",
    ),
    FoundingCommitment(
        "RD-2", "rabat_declaration",
        "Propose the structure of the Secretariat, to speed up its setting-up (within two months of the Declaration's adoption)",
        "اقتراح هيكل الأمانة للإسراع في إنشائها (في غضون شهرين من اعتماد الإعلان)",
        "Proposer la structure du Secrétariat pour accélérer sa mise en place (dans les deux mois suivant l'adoption de la Déclaration)",
        "LBY", due_event="RABAT-2013", due_months=2,
    ),
    FoundingCommitment(
        "RD-3", "rabat_declaration",
        "Present the proposed structure of the Secretariat at a members' meeting in Tripoli",
        "عرض الهيكل المقترح للأمانة في اجتماع للأعضاء في طرابلس",
        "Présenter la structure proposée du Secrétariat lors d'une réunion des membres à Tripoli",
        "LBY", due_event="TRIPOLI-MEMBERS",
    ),
    _group_item(4, "security"),
    _group_item(5, "intelligence"),
    _group_item(6, "customs"),
    _group_item(7, "justice"),
    FoundingCommitment(
        "RD-8", "rabat_declaration",
        "Identify priority border-security projects, taking into account the strategies of UN agencies and of regional and international organisations",
        "تحديد مشاريع ذات أولوية في مجال أمن الحدود، مع مراعاة استراتيجيات وكالات الأمم المتحدة والمنظمات الإقليمية والدولية",
        "Identifier des projets prioritaires de sécurité des frontières, en tenant compte des stratégies des agences des Nations unies et des organisations régionales et internationales",
        "SEC", due_event="EGYPT-2014", due_before=True,
    ),
    FoundingCommitment(
        "RD-9", "rabat_declaration",
        "Build capacity in equipment and new technologies for border security",
        "بناء القدرات في مجال المعدات والتكنولوجيات الحديثة لأمن الحدود",
        "Renforcer les capacités en équipements et en nouvelles technologies pour la sécurité des frontières",
        "SEC",
    ),
    FoundingCommitment(
        "TP-1", "tripoli_plan",
        "Exchange information and intelligence on cross-border threats among member states",
        "تبادل المعلومات والاستخبارات بشأن التهديدات العابرة للحدود بين الدول الأعضاء",
        "Échanger informations et renseignements sur les menaces transfrontalières entre États membres",
        "SEC", group="intelligence",
    ),
    FoundingCommitment(
        "TP-2", "tripoli_plan",
        "Coordinate border surveillance with neighbouring states",
        "تنسيق مراقبة الحدود مع الدول المجاورة",
        "Coordonner la surveillance des frontières avec les États voisins",
        "SEC", group="security",
    ),
    FoundingCommitment(
        "TP-3", "tripoli_plan",
        "Combat trafficking in arms, drugs and human beings across borders",
        "مكافحة الاتجار بالأسلحة والمخدرات والبشر عبر الحدود",
        "Lutter contre les trafics transfrontaliers d'armes, de drogues et d'êtres humains",
        "SEC", group="customs",
    ),
    FoundingCommitment(
        "TP-4", "tripoli_plan",
        "Train border security officers and exchange expertise",
        "تدريب ضباط أمن الحدود وتبادل الخبرات",
        "Former les officiers de sécurité des frontières et échanger les expertises",
        "RTC",
    ),
    FoundingCommitment(
        "TP-5", "tripoli_plan",
        "Strengthen judicial cooperation against cross-border crime",
        "تعزيز التعاون القضائي في مكافحة الجريمة العابرة للحدود",
        "Renforcer la coopération judiciaire contre la criminalité transfrontalière",
        "SEC", group="justice",
    ),
)  # fmt: skip
