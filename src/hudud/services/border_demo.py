"""Demo border activity for ``make demo``: three weeks of crossings at Moroccan, Algerian and Tunisian
posts, through the same traveller step officers use (check, screen, link, decide), then dated back.

Seeded and idempotent (a data-load marker), so every demo shows the same living system: return trips
with history, a bus at a land post, travellers on the demo wanted list with open, confirmed and
cleared cases, exits without entry, and overstayers."""

from __future__ import annotations

import contextlib
import random
import zlib
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import HududError
from hudud.policy import Caller
from hudud.services import border, cases, crossings
from hudud.services.crossings import Desk, Presented
from hudud.services.documents import make_mrz_text
from hudud.services.identity import principal_of
from hudud.services.node_screening import NodeScreening
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.store.entry_codec import entry_from_json
from hudud.store.list_tables import Watchlist, WatchlistEntry
from hudud.store.tables import CrossingPoint, DemoMarker, User, utcnow

MARKER = "border-demo-v1"
DAYS = 21
# (given, Arabic given, sex), (family, Arabic family): names as passports of the region write them
GIVEN = (
    ("OTHMANE", "عثمان", "M"), ("MERYEM", "مريم", "F"), ("RACHID", "رشيد", "M"), ("HOUDA", "هدى", "F"),
    ("BILAL", "بلال", "M"), ("ZINEB", "زينب", "F"), ("ANOUAR", "أنور", "M"), ("IMANE", "إيمان", "F"),
    ("SOFIANE", "سفيان", "M"), ("LAMIA", "لمياء", "F"), ("TAHAR", "الطاهر", "M"), ("WIDAD", "وداد", "F"),
    ("MOUSSA", "موسى", "M"), ("AMINATA", "أميناتا", "F"), ("ISSOUF", "إسوف", "M"), ("HALIMA", "حليمة", "F"),
    ("ABDOULAYE", "عبد الله", "M"), ("SAMIRA", "سميرة", "F"), ("NABIL", "نبيل", "M"), ("RANIA", "رانيا", "F"),
)  # fmt: skip
FAMILY = (
    ("BENJELLOUN", "بنجلون"), ("ZAHIRI", "الزاهري"), ("CHAOUI", "الشاوي"), ("MEZIANE", "مزيان"),
    ("BOUAZIZI", "البوعزيزي"), ("TRABELSI", "الطرابلسي"), ("KEITA", "كيتا"), ("DIALLO", "ديالو"),
    ("OUEDRAOGO", "ويدراوغو"), ("SAIDI", "السعيدي"), ("LAHLOU", "لحلو"), ("GHARBI", "الغربي"),
    ("FILALI", "الفيلالي"), ("HAMDI", "حمدي"), ("KANTE", "كانتي"), ("SOW", "سو"),
)  # fmt: skip
NATIONALITY_MIX = {
    "MAR": ("MAR", "MAR", "MAR", "FRA", "ESP", "DZA", "SEN", "MLI", "TUN", "NER"),
    "DZA": ("DZA", "DZA", "DZA", "TUN", "FRA", "NER", "MLI", "LBY"),
    "TUN": ("TUN", "TUN", "LBY", "LBY", "DZA", "FRA", "ITA"),
}
POSTS = {
    "officer.mar": ("MAR-CMN", "MAR-TNGMED", "MAR-BABSEBTA"),
    "officer.dza": ("DZA-ALG",),
    "officer.tun": ("TUN-RASJDIR",),
}


def load_border_demo(session: Session, screening: NodeScreening | None = None, *, per_day: int = 14) -> int:
    """Generate the demo crossings once; returns how many were recorded (0 when already loaded)."""
    if session.scalar(select(DemoMarker).where(DemoMarker.name == MARKER)) is not None:
        return 0
    users = {
        u.username: u
        for u in session.scalars(select(User).where(User.username.in_([*POSTS, "supervisor.mar"])))
    }
    points = {p.code: p for p in session.scalars(select(CrossingPoint))}
    if not users or not points:
        return 0
    from hudud.settings import get_settings

    screening = screening or NodeScreening(get_settings().screening_threshold)
    rng = random.Random(2013)
    system = Caller(None, via="demo")
    border.set_stay_rule(session, system, country="MAR", nationality="SDN", visa_required=True)
    border.set_stay_rule(session, system, country="MAR", visa_type="R", max_days=365, window_days=365)
    today = utcnow().date()
    made = 0
    population = _population(rng, 140)
    wanted = _wanted(session)
    plan: list[tuple[datetime, str, str, dict[str, str], str]] = []
    for offset in range(DAYS, 0, -1):
        day = today - timedelta(days=offset)
        for username, codes in POSTS.items():
            if username not in users:
                continue
            count = per_day if username == "officer.mar" else per_day // 2
            for _ in range(count):
                person = rng.choice(population[users[username].country])
                at = datetime.combine(
                    day, time(rng.randrange(6, 22), rng.randrange(60)), tzinfo=utcnow().tzinfo
                )
                plan.append((at, username, rng.choice(codes), person, ""))
        if offset in (18, 15, 12, 9, 4, 2) and wanted and "officer.mar" in users:  # a listed person presents
            person = wanted[offset % len(wanted)]
            plan.append(
                (
                    datetime.combine(day, time(11, 5), tzinfo=utcnow().tzinfo),
                    "officer.mar",
                    "MAR-CMN",
                    person,
                    "entry",
                )
            )
    for person in population["MAR"][-3:]:  # came in before records began: an exit without entry
        at = datetime.combine(today - timedelta(days=5), time(16), tzinfo=utcnow().tzinfo)
        plan.append((at, "officer.mar", "MAR-TNGMED", dict(person, inside="yes"), "exit"))
    # foreigners who came in long ago and never left: the overstayer list
    for n, person in enumerate(population["MAR"][:6]):
        if person["nationality"] != "MAR":
            at = datetime.combine(today - timedelta(days=100 + 7 * n), time(9), tzinfo=utcnow().tzinfo)
            plan.append((at, "officer.mar", "MAR-TNGMED", person, "entry"))
    plan.sort(key=lambda p: p[0])
    for n, (at, username, code, person, forced) in enumerate(plan):
        user = users[username]
        # people come and go in turn: nationals start at home, foreigners outside
        inside = person.setdefault("inside", "yes" if person["nationality"] == user.country else "")
        direction = forced or ("exit" if inside else "entry")
        person["inside"] = "" if direction == "exit" else "yes"
        caller = Caller(replace(principal_of(user), crossing_point_id=points[code].id), via="demo")
        presented = Presented(
            source="mrz", mrz_text=str(person["mrz"]), name_arabic=str(person["arabic"]),
            visa_type="C" if person["nationality"] == "SDN" else "none",
            visa_until=today + timedelta(days=60) if person["nationality"] == "SDN" else None,
            vehicle_plate=f"{rng.randrange(10000, 99999)}-{rng.choice('ABDH')}-{rng.randrange(1, 80)}" if "SEBTA" in code else None,
            vehicle_type="car" if "SEBTA" in code else None,
        )  # fmt: skip
        try:
            seen = crossings.inspect(
                session, caller, screening, presented, Desk(direction, f"demo-{n:05d}", points[code].id)
            )
        except HududError:
            continue
        # a case at a post the demo supervisor does not oversee stays open in its queue
        with contextlib.suppress(HududError):
            _decide(session, caller, seen.crossing, seen.cases, rng, users.get("supervisor.mar"))
        seen.crossing.at = at
        seen.crossing.decided_at = at + timedelta(minutes=rng.randrange(1, 9))
        for case in seen.cases:
            case.opened_at = at
        made += 1
    session.add(DemoMarker(name=MARKER))
    session.flush()
    return made


def _decide(
    session: Session,
    caller: Caller,
    crossing: BorderCrossing,
    opened: list[BorderCase],
    rng: random.Random,
    supervisor: User | None,
) -> None:
    """Decide like a desk would: no hit -> admit; a hit -> assess and refer, then some get reviewed."""
    if not opened:
        crossings.decide(session, caller, crossing.id, "admitted")
        return
    crossings.decide(session, caller, crossing.id, "referred")
    roll = rng.random()
    if roll > 0.9:
        return  # not assessed yet: open in the queue
    for case in opened:
        cases.assess(
            session,
            caller,
            case.id,
            "possible" if roll < 0.6 else "not_same",
            "" if roll < 0.6 else "different father's name",
        )
    if supervisor is None or roll > 0.8:
        return  # left waiting in the queue
    reviewer = Caller(principal_of(supervisor), via="demo")
    outcome = "confirmed" if roll < 0.45 else "cleared"
    for case in opened:
        cases.resolve(session, reviewer, case.id, outcome, "demo review")
    if outcome == "confirmed":
        crossings.decide(session, reviewer, crossing.id, "refused", "H")
    else:
        crossings.decide(session, reviewer, crossing.id, "admitted")


def _population(rng: random.Random, size: int) -> dict[str, list[dict[str, str]]]:
    """Travellers per state, each with one passport (MRZ) and the Arabic form of the name."""
    out: dict[str, list[dict[str, str]]] = {}
    for state, mix in NATIONALITY_MIX.items():
        people = []
        for n in range(size // 2 if state != "MAR" else size):
            (given, given_ar, sex), (family, family_ar) = rng.choice(GIVEN), rng.choice(FAMILY)
            nationality = mix[n % len(mix)]
            born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
            number = f"{nationality[:2]}{rng.randrange(10**6, 10**7)}"
            people.append(
                {
                    "nationality": nationality,
                    "arabic": f"{given_ar} {family_ar}",
                    "mrz": _mrz(family, given, number, nationality, born, sex),
                }
            )
        out[state] = people
    return out


def _mrz(family: str, given: str, number: str, nationality: str, born: date, sex: str) -> str:
    return make_mrz_text(
        format="TD3", surname=family, given_names=given, document_number=number, issuing_state=nationality,
        nationality=nationality, birth_date=born, sex=sex, expiry_date=date(2031, 12, 31),
    )  # fmt: skip


def _wanted(session: Session) -> list[dict[str, str]]:
    """A few persons of the demo national wanted list, as they would present at the desk."""
    rows = session.execute(
        select(WatchlistEntry.payload)
        .join(Watchlist, Watchlist.active_version_id == WatchlistEntry.version_id)
        .where(Watchlist.name == "national:mar-wanted")
        .order_by(WatchlistEntry.entry_id)
        .limit(6)
    )
    people = []
    for (payload,) in rows:
        entry = entry_from_json(payload)
        latin = next((n.full for n in entry.names if n.full.isascii()), "").upper()
        born = entry.birth_dates[0] if entry.birth_dates else None
        if " " not in latin or born is None or born.month is None or born.day is None:
            continue
        given, family = latin.split(" ", 1)
        nationality = entry.nationalities[0] if entry.nationalities else "MAR"
        number = f"{nationality[:2]}{zlib.crc32(latin.encode()) % 10**7:07d}"
        people.append(
            {
                "nationality": nationality,
                "arabic": "",
                "mrz": _mrz(
                    family,
                    given,
                    number,
                    nationality,
                    date(born.year, born.month, born.day),
                    entry.gender or "M",
                ),
            }
        )
    return people
