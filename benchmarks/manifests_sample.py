"""Synthetic PAXLST messages for tests, the browser demo and the manifest benchmarks.

``paxlst(...)`` writes a D02B passenger list the way airlines do (UNA, UNB/UNZ, UNG/UNE, one UNH/UNT,
TDT + LOC/DTM for departure and arrival, NAD+FL groups with ATT, DTM+329, NAT, RFF+AVF, DOC + DTM+36,
CNT+42), with correct counts unless asked otherwise."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Pax:
    surname: str
    given: str
    born: date
    nationality: str = "MAR"
    gender: str = "M"
    document: str = "AB1234567"
    issuer: str = "MAR"
    expiry: date = date(2031, 1, 1)
    booking: str = "ABC123"
    crew: bool = False


@dataclass(frozen=True)
class FlightPlan:
    number: str = "AT0801"
    origin: str = "CDG"
    destination: str = "CMN"
    departure: datetime = field(default_factory=lambda: datetime(2026, 12, 1, 8, 0))
    arrival: datetime = field(default_factory=lambda: datetime(2026, 12, 1, 10, 30))


def _esc(text: str) -> str:
    for ch in "?:+'":
        text = text.replace(ch, "?" + ch)
    return text


def paxlst(
    people: Sequence[Pax],
    flight: FlightPlan | None = None,
    *,
    sender: str = "ATGATEWAY",
    control_ref: str = "000000001",
    prepared: datetime | None = None,
) -> bytes:
    """One PAXLST interchange as bytes."""
    flight = flight or FlightPlan()
    prepared = prepared or flight.departure - timedelta(hours=1)
    stamp = f"{prepared:%y%m%d}:{prepared:%H%M}"
    body = [
        "BGM+745",
        "NAD+MS+++OPERATIONS",
        f"TDT+20+{flight.number}+++{flight.number[:2]}",
        f"LOC+125+{flight.origin}",
        f"DTM+189:{flight.departure:%y%m%d%H%M}:201",
        f"LOC+87+{flight.destination}",
        f"DTM+232:{flight.arrival:%y%m%d%H%M}:201",
    ]
    for p in people:
        body += [
            f"NAD+{'FM' if p.crew else 'FL'}+++{_esc(p.surname)}:{_esc(p.given)}",
            f"ATT+2++{p.gender}",
            f"DTM+329:{p.born:%y%m%d}",
            f"LOC+178+{flight.origin}",
            f"LOC+179+{flight.destination}",
            f"NAT+2+{p.nationality}",
            f"RFF+AVF:{p.booking}",
            f"DOC+P:110:111+{p.document}",
            f"DTM+36:{p.expiry:%y%m%d}",
            f"LOC+91+{p.issuer}",
        ]
    passengers = sum(not p.crew for p in people)
    body.append(f"CNT+42:{passengers}")
    message = ["UNH+1+PAXLST:D:02B:UN:IATA", *body]
    message.append(f"UNT+{len(message) + 1}+1")
    segments = [
        f"UNB+UNOA:4+{sender}+HUDUD+{stamp}+{control_ref}++APIS",
        f"UNG+PAXLST+{sender}+HUDUD+{stamp}+1+UN+D:02B",
        *message,
        "UNE+1+1",
        f"UNZ+1+{control_ref}",
    ]
    return ("UNA:+.? '" + "'\n".join(segments) + "'\n").encode("ascii", errors="replace")


SURNAMES = ["BENALI", "EL AMRANI", "HADDAD", "MARTIN", "DUBOIS", "GARCIA", "KONE", "DIALLO", "SMITH",
            "ROSSI", "MULLER", "TAZI", "BENNANI", "CHERKAOUI", "OUEDRAOGO", "NDIAYE", "TRAORE"]  # fmt: skip
GIVEN = ["MOHAMED", "FATIMA", "YOUSSEF", "AMINA", "PIERRE", "MARIE", "JOSE", "ANNA", "KARIM", "SARA",
         "OMAR", "LEILA", "JOHN", "ELENA", "ALI", "NADIA", "IBRAHIM"]  # fmt: skip


def crowd(count: int, seed: int = 1) -> list[Pax]:
    """``count`` ordinary travellers, reproducibly."""
    rng = random.Random(seed)
    people = []
    for i in range(count):
        people.append(
            Pax(
                surname=rng.choice(SURNAMES),
                given=rng.choice(GIVEN),
                born=date(1950 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                nationality=rng.choice(["MAR", "FRA", "ESP", "SEN", "DZA", "TUN", "MLI"]),
                gender=rng.choice("MF"),
                document=f"X{seed:03d}{i:06d}",
                issuer=rng.choice(["MAR", "FRA", "ESP"]),
                booking=f"B{rng.randrange(36**5):05X}"[:6],
            )
        )
    return people
