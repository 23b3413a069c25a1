"""Reference data of the Rabat process: member and partner states, organisations, crossing points.

Loading is idempotent: a second run updates names in place and adds what is new."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.documents.countries import country_name
from hudud.store.tables import CrossingPoint, Party

MEMBER_STATES = ("DZA", "TCD", "EGY", "LBY", "MLI", "MRT", "MAR", "NER", "SDN", "TUN")
PARTNER_STATES = ("FRA", "ITA", "MLT", "PRT", "ESP", "GBR", "USA")


@dataclass(frozen=True)
class Organisation:
    code: str
    en: str
    fr: str
    ar: str


ORGANISATIONS = (
    Organisation("UN", "United Nations", "Organisation des Nations unies", "الأمم المتحدة"),
    Organisation(
        "UNSMIL",
        "United Nations Support Mission in Libya",
        "Mission d'appui des Nations unies en Libye",
        "بعثة الأمم المتحدة للدعم في ليبيا",
    ),
    Organisation("AMU", "Arab Maghreb Union", "Union du Maghreb arabe", "اتحاد المغرب العربي"),
    Organisation("LAS", "League of Arab States", "Ligue des États arabes", "جامعة الدول العربية"),
    Organisation("EU", "European Union", "Union européenne", "الاتحاد الأوروبي"),
    Organisation(
        "NATO",
        "North Atlantic Treaty Organization",
        "Organisation du traité de l'Atlantique nord",
        "حلف شمال الأطلسي",
    ),
    Organisation(
        "CENSAD",
        "Community of Sahel-Saharan States",
        "Communauté des États sahélo-sahariens",
        "تجمع دول الساحل والصحراء",
    ),
    Organisation(
        "OIC",
        "Organisation of Islamic Cooperation",
        "Organisation de la coopération islamique",
        "منظمة التعاون الإسلامي",
    ),
    Organisation(
        "ECOWAS",
        "Economic Community of West African States",
        "Communauté économique des États de l'Afrique de l'Ouest",
        "الجماعة الاقتصادية لدول غرب أفريقيا",
    ),
    Organisation(
        "WCO", "World Customs Organization", "Organisation mondiale des douanes", "منظمة الجمارك العالمية"
    ),
    Organisation(
        "IOM",
        "International Organization for Migration",
        "Organisation internationale pour les migrations",
        "المنظمة الدولية للهجرة",
    ),
    Organisation("INTERPOL", "INTERPOL", "INTERPOL", "الإنتربول"),
    Organisation(
        "ICAO",
        "International Civil Aviation Organization",
        "Organisation de l'aviation civile internationale",
        "منظمة الطيران المدني الدولي",
    ),
    Organisation(
        "UNODC",
        "United Nations Office on Drugs and Crime",
        "Office des Nations unies contre la drogue et le crime",
        "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
    ),
    Organisation(
        "CTED",
        "Counter-Terrorism Committee Executive Directorate",
        "Direction exécutive du Comité contre le terrorisme",
        "المديرية التنفيذية للجنة مكافحة الإرهاب",
    ),
    Organisation(
        "SEC", "Rabat Process Secretariat", "Secrétariat du processus de Rabat", "أمانة مسار الرباط"
    ),
    Organisation(
        "RTC", "Regional Training Centre", "Centre régional de formation", "المركز الإقليمي للتدريب"
    ),
)


def _upsert_party(session: Session, code: str, kind: str, en: str, fr: str, ar: str) -> None:
    party = session.get(Party, code) or Party(code=code)
    party.kind, party.name_en, party.name_fr, party.name_ar = kind, en, fr, ar
    session.add(party)


def load_reference_data(session: Session) -> dict[str, int]:
    """Insert or refresh parties and crossing points; returns counts."""
    for kind, codes in (("member", MEMBER_STATES), ("partner", PARTNER_STATES)):
        for code in codes:
            _upsert_party(
                session,
                code,
                kind,
                country_name(code, "en"),
                country_name(code, "fr"),
                country_name(code, "ar"),
            )
    for org in ORGANISATIONS:
        _upsert_party(session, org.code, "organisation", org.en, org.fr, org.ar)
    # Neighbouring states named by land crossings, so foreign keys and names resolve.
    session.flush()
    existing = {cp.code: cp for cp in session.scalars(select(CrossingPoint))}
    count = 0
    source = resources.files("hudud.data").joinpath("crossing_points.csv")
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            point = existing.get(row["code"]) or CrossingPoint(code=row["code"])
            point.country = row["country"]
            point.kind = row["kind"]
            point.neighbour = row["neighbour"] or None
            point.name_en, point.name_fr, point.name_ar = row["name_en"], row["name_fr"], row["name_ar"]
            session.add(point)
            count += 1
    session.flush()
    return {
        "parties": len(MEMBER_STATES) + len(PARTNER_STATES) + len(ORGANISATIONS),
        "crossing_points": count,
    }


def parties(session: Session, kind: str | None = None) -> list[Party]:
    query = select(Party).order_by(Party.kind, Party.code)
    if kind:
        query = query.where(Party.kind == kind)
    return list(session.scalars(query))


def crossing_points(session: Session, country: str | None = None) -> list[CrossingPoint]:
    query = select(CrossingPoint).order_by(CrossingPoint.country, CrossingPoint.code)
    if country:
        query = query.where(CrossingPoint.country == country)
    return list(session.scalars(query))


def party_name(party: Party, locale: str) -> str:
    return {"ar": party.name_ar, "fr": party.name_fr}.get(locale, party.name_en)
