"""Demo data for ``make demo``: reference data, one account per role, and generated travellers.

Idempotent: the first run creates everything and writes the generated passwords to
``<var_dir>/demo-logins.json`` (mode 0600, never committed); later runs reuse them."""

from __future__ import annotations

import json
import os
import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services import identity, lists, reference, travellers
from hudud.services.border_demo import load_border_demo
from hudud.services.secretariat_demo import load_secretariat_demo
from hudud.services.training_demo import load_training_demo
from hudud.settings import shared_data_dir
from hudud.store.tables import CrossingPoint, DemoMarker

MARKER = "demo-v1"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    country: str
    agency: str
    roles: tuple[str, ...]
    crossing_point: str | None = None


ACCOUNTS = (
    DemoAccount("officer.mar", "Youssef El Amrani", "MAR", "border_police", ("officer",), "MAR-CMN"),
    DemoAccount("supervisor.mar", "Fatima Zahra Benali", "MAR", "border_police", ("supervisor",), "MAR-CMN"),
    DemoAccount("analyst.mar", "Karim Tazi", "MAR", "intelligence", ("analyst",)),
    DemoAccount("liaison.mar", "Nadia Alaoui", "MAR", "intelligence", ("liaison_officer",)),
    DemoAccount("admin.mar", "Hassan Idrissi", "MAR", "border_police", ("admin",)),
    DemoAccount("officer.dza", "Djamel Boudiaf", "DZA", "border_police", ("officer",), "DZA-ALG"),
    DemoAccount("officer.tun", "Mohamed Ben Salah", "TUN", "customs", ("officer",), "TUN-RASJDIR"),
    DemoAccount("secretariat", "Aicha Ould Cheikh", "SEC", "secretariat", ("secretariat_staff",)),
    DemoAccount("focal.mrt", "Sidi Mohamed Ould Ahmed", "MRT", "border_police", ("focal_point",)),
    DemoAccount("trainer", "Leila Mansour", "RTC", "training_centre", ("trainer",)),
    DemoAccount("trainee.ner", "Moussa Ag Alhassane", "NER", "border_police", ("trainee",)),
)

# Given and family names of the region, Latin (as in passports) with their Arabic script.
GIVEN = (
    ("MOHAMED", "محمد"),
    ("AHMED", "أحمد"),
    ("YOUSSEF", "يوسف"),
    ("FATIMA", "فاطمة"),
    ("KHADIJA", "خديجة"),
    ("ABDELKADER", "عبد القادر"),
    ("OMAR", "عمر"),
    ("AICHA", "عائشة"),
    ("MUSTAPHA", "مصطفى"),
    ("SAID", "سعيد"),
    ("HAMZA", "حمزة"),
    ("NOUR", "نور"),
    ("IBRAHIM", "إبراهيم"),
    ("MARIAM", "مريم"),
    ("ALI", "علي"),
    ("SALMA", "سلمى"),
)
FAMILY = (
    ("EL AMRANI", "العمراني"),
    ("BENALI", "بن علي"),
    ("OULD AHMED", "ولد أحمد"),
    ("BOUDIAF", "بوضياف"),
    ("TAZI", "التازي"),
    ("HADDAD", "حداد"),
    ("AG ALHASSANE", "أغ الحسن"),
    ("MANSOUR", "منصور"),
    ("CHERIF", "الشريف"),
    ("BELKACEM", "بلقاسم"),
    ("EL IDRISSI", "الإدريسي"),
    ("TRAORE", "تراوري"),
    ("MAHAMAT", "محمد"),
    ("KHALIL", "خليل"),
)
NATIONALITIES = ("MAR", "DZA", "TUN", "LBY", "EGY", "SDN", "TCD", "NER", "MLI", "MRT", "FRA", "ESP")


def logins_path(var_dir: Path) -> Path:
    """Where the demo passwords are kept: ``<var_dir>/demo-logins.json``."""
    return var_dir / "demo-logins.json"


def load_demo(session: Session, var_dir: Path, travellers_per_state: int = 60) -> dict[str, str]:
    """Load demo data once; return {username: password}."""
    reference.load_reference_data(session)
    path = logins_path(var_dir)
    if session.scalar(select(DemoMarker).where(DemoMarker.name == MARKER)) is not None:
        return json.loads(path.read_text()) if path.exists() else {}
    caller = Caller(None, via="cli")
    points = {p.code: p.id for p in session.scalars(select(CrossingPoint))}
    logins: dict[str, str] = {}
    for account in ACCOUNTS:
        password = secrets.token_urlsafe(9)
        identity.create_user(
            session,
            caller,
            username=account.username,
            full_name=account.full_name,
            password=password + "-demo",
            country=account.country,
            agency=account.agency,
            roles=account.roles,
            crossing_point_id=points.get(account.crossing_point or ""),
        )
        logins[account.username] = password + "-demo"
    rng = random.Random(2013)  # the year of the Rabat Declaration: same demo every time
    for country in ("MAR", "DZA", "TUN"):
        for _ in range(travellers_per_state):
            given, given_ar = rng.choice(GIVEN)
            family, family_ar = rng.choice(FAMILY)
            nationality = rng.choice(NATIONALITIES)
            travellers.create_traveller(
                session,
                caller,
                travellers.NewTraveller(
                    surname=family,
                    given_names=given,
                    name_arabic=f"{given_ar} {family_ar}",
                    birth_date=date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55)),
                    sex="F" if given in _FEMALE else "M",
                    nationality=nationality,
                    document_type="P",
                    document_number=f"{nationality[:2]}{rng.randrange(10**6, 10**7)}",
                    document_issuer=nationality,
                    document_expiry=date(2026, 1, 1) + timedelta(days=rng.randrange(-200, 3000)),
                ),
                country=country,
            )
    _load_demo_lists(session, caller, var_dir, rng)
    load_training_demo(session)
    load_border_demo(session)  # after the lists: crossings are screened against them
    load_secretariat_demo(session, var_dir)
    session.add(DemoMarker(name=MARKER))
    var_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(logins, handle, indent=1)
    return logins


def _load_demo_lists(session: Session, caller: Caller, var_dir: Path, rng: random.Random) -> None:
    """A generated national wanted list and lost-document list for Morocco, imported through the same
    service as real lists, and the real UN list when the shared public data is present."""
    folder = var_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = folder / "mar-wanted.csv"
    lines = ["id,name,name_original,birth_date,nationality,gender,document_number,document_country,reason"]
    for number in range(1, 41):
        (given, given_ar), (family, family_ar) = rng.choice(GIVEN), rng.choice(FAMILY)
        born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
        nationality = rng.choice(NATIONALITIES[:10])
        lines.append(
            f"MAR-W-{number:03d},{given.title()} {family.title()},{given_ar} {family_ar},{born.isoformat()},"
            f"{nationality},{'F' if given in _FEMALE else 'M'},{nationality[:2]}{rng.randrange(10**6, 10**7)},"
            f"{nationality},demo wanted notice"
        )
    wanted.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lost = folder / "mar-lost-documents.csv"
    rows = ["document_number,issuing_state,document_type,status,reported_on"]
    for _ in range(25):
        state = rng.choice(NATIONALITIES[:10])
        reported = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 600))
        rows.append(
            f"{state[:2]}{rng.randrange(10**6, 10**7)},{state},passport,{rng.choice(('lost', 'stolen'))},{reported}"
        )
    lost.write_text("\n".join(rows) + "\n", encoding="utf-8")
    lists.import_list(session, caller, wanted, list_name="national:mar-wanted", owner="MAR")
    lists.import_list(session, caller, lost, list_name="lost:mar", owner="MAR")
    un = shared_data_dir() / "un" / "consolidated_2026-02-27.xml"
    if un.exists():
        lists.import_list(session, caller, un, list_name="un")


_FEMALE = ("FATIMA", "KHADIJA", "AICHA", "NOUR", "MARIAM", "SALMA")
