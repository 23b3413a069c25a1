"""Demo data for the Regional Training Centre: the catalogue named by the Rabat conference, a past
session with results and certificates (one due for renewal), and an upcoming session open for
nominations. Idempotent; called by the demo loader after the accounts exist.

Everything goes through the same use cases as the web (as the local operator), so the demo also
leaves the audit trail a real centre would."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services import certificates, training
from hudud.store.tables import DemoMarker, User

MARKER = "training-demo-v1"

COURSES = (
    training.NewCourse(
        code="DOC-FRAUD", name_en="Document fraud detection", name_ar="كشف تزوير الوثائق",
        name_fr="Détection de la fraude documentaire", duration_days=5, language="fr", partner="IOM",
        summary_en="Security features, MRZ check digits, impostors, altered and counterfeit documents.",
        summary_ar="عناصر الأمان، أرقام التحقق في المنطقة المقروءة آلياً، انتحال الهوية، الوثائق المعدلة والمزيفة.",
        validity_months=36,
        modules=(
            ("Security features of travel documents", "عناصر أمان وثائق السفر", "Éléments de sécurité", 8),
            ("Machine-readable zone and check digits", "المنطقة المقروءة آلياً وأرقام التحقق", "ZLA et chiffres de contrôle", 6),
            ("Impostors and look-alikes", "انتحال الهوية والتشابه", "Imposteurs et sosies", 6),
        ),
    ),
    training.NewCourse(
        code="RISK", name_en="Risk analysis at borders", name_ar="تحليل المخاطر على الحدود",
        name_fr="Analyse des risques aux frontières", duration_days=4, language="ar", partner="INTERPOL",
        prerequisites=("DOC-FRAUD",), validity_months=24,
        modules=(("Risk indicators", "مؤشرات المخاطر", "Indicateurs de risque", 8),),
    ),
    training.NewCourse(
        code="API-PNR", name_en="Advance passenger information and PNR", name_ar="المعلومات المسبقة عن الركاب وسجلات الحجز",
        name_fr="API et PNR", duration_days=3, language="en", partner="UNODC", validity_months=24,
        modules=(("PAXLST and PNRGOV messages", "رسائل PAXLST وPNRGOV", "Messages PAXLST et PNRGOV", 6),),
    ),
    training.NewCourse(
        code="HR-BORDERS", name_en="Human rights at borders", name_ar="حقوق الإنسان على الحدود",
        name_fr="Droits de l'homme aux frontières", duration_days=2, language="fr", partner="IOM",
        validity_months=None,
    ),
    training.NewCourse(
        code="HUDUD", name_en="Using Hudud", name_ar="استخدام نظام حدود", name_fr="Utiliser Hudud",
        duration_days=1, language="ar", partner=None, validity_months=None,
    ),
)  # fmt: skip

PARTICIPANTS = (  # (state, name, Arabic name, score)
    ("MAR", "Karim Tazi", "كريم التازي", 88),
    ("DZA", "Djamel Boudiaf", "جمال بوضياف", 74),
    ("TUN", "Mohamed Ben Salah", "محمد بن صالح", 61),
    ("MRT", "Sidi Mohamed Ould Ahmed", "سيدي محمد ولد أحمد", 92),
    ("NER", "Moussa Ag Alhassane", "موسى أغ الحسن", 81),
)


def load_training_demo(session: Session, today: date | None = None) -> bool:
    """Load the training demo once; returns False when it was already there."""
    if session.scalar(select(DemoMarker).where(DemoMarker.name == MARKER)) is not None:
        return False
    today = today or date.today()
    caller = Caller(None, via="cli")
    courses = {c.code: training.create_course(session, caller, c) for c in COURSES}
    # A session held almost three years ago: its certificates come up for renewal.
    start = today - timedelta(days=3 * 365 - 60)
    past = training.create_session(
        session, caller, courses["DOC-FRAUD"].id, start=start, end=start + timedelta(days=4), venue="Rabat",
        capacity=12, trainers=[{"name": "Leila Mansour", "organisation": "RTC"}, {"name": "IOM expert", "organisation": "IOM"}],
    )  # fmt: skip
    upcoming_start = today + timedelta(days=30)
    upcoming = training.create_session(
        session, caller, courses["RISK"].id, start=upcoming_start, end=upcoming_start + timedelta(days=3),
        venue="Tunis", capacity=10, trainers=[{"name": "INTERPOL analyst", "organisation": "INTERPOL"}],
    )  # fmt: skip
    for state, *_ in PARTICIPANTS:
        training.allocate_seats(session, caller, past.id, state, 2)
        training.allocate_seats(session, caller, upcoming.id, state, 2)
    trainee = session.scalar(select(User).where(User.username == "trainee.ner"))
    days = [past.start_date + timedelta(days=n) for n in range(5)]
    attended: dict[int, list[date]] = {}
    for state, name, name_ar, score in PARTICIPANTS:
        data = training.NewNomination(
            state, name, name_ar, username=trainee.username if trainee and state == "NER" else None
        )
        nomination = training.nominate(session, caller, past.id, data)
        training.decide(session, caller, nomination.id, "approve")
        attended[nomination.id] = days if score > 65 else days[:3]
    for day in days:
        present = {n for n, on in attended.items() if day in on}
        training.record_attendance(session, caller, past.id, day, present)
    for (nomination_id, _days), (*_, score) in zip(attended.items(), PARTICIPANTS, strict=True):
        training.record_assessment(session, caller, nomination_id, score, on=days[-1])
        if score >= 70:
            certificates.issue(session, caller, nomination_id, today=days[-1])
    training.nominate(
        session, caller, upcoming.id, training.NewNomination("MAR", "Nadia Alaoui", "نادية العلوي")
    )
    session.add(DemoMarker(name=MARKER))
    session.flush()
    return True
