"""Practical exercise scenarios: travellers generated with the real MRZ code, some of them forged.

A scenario is what an officer sees at the desk: the document's data page (visual zone and MRZ), the
direction of travel with the entry stamp, and the sandbox's reference material (an extract of a
fictitious watch list and a stolen-documents bulletin). Nothing here comes from, or goes to, live
data: every person is invented from a fixed pool, and a seed makes an exercise reproducible.

Kinds: ``valid``; ``check_digit`` (document number check digit wrong); ``altered_date`` (an expired
passport whose expiry date was moved forward without recomputing its check digit); ``listed`` (a
listed person under a spelling variant); ``stolen`` (number on the bulletin); ``overstay``."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from hudud.documents.generate import DocumentFields, make_mrz

KINDS = ("valid", "check_digit", "altered_date", "listed", "stolen", "overstay")
ALLOWED_STAY_DAYS = 90
STATES = ("MAR", "DZA", "TUN", "LBY", "EGY", "MRT", "MLI", "NER", "TCD", "SDN")

# (listed as, travelling as): spelling variants the real screening engine must connect.
LISTED_VARIANTS = (
    (("ABDELKADER", "BELKACEM"), ("ABD AL-QADIR", "BELKASSEM")),
    (("MOHAMED", "OULD AHMED"), ("MOHAMMED", "OULD AHMAD")),
    (("YOUSSEF", "HADDAD"), ("YUSUF", "HADAD")),
    (("MUSTAPHA", "CHERIF"), ("MOSTAFA", "CHERIF")),
    (("SAID", "MANSOUR"), ("SAEED", "MANSUR")),
    (("KHADIJA", "EL IDRISSI"), ("KHADIDJA", "IDRISSI")),
    (("DJAMEL", "BELKACEM"), ("JAMAL", "BELGACEM")),
)
# Travellers unrelated to any listed name.
PLAIN_PEOPLE = (
    ("FATIMA ZAHRA", "BENALI"),
    ("NOUR", "TAZI"),
    ("ALI", "MAHAMAT"),
    ("SALMA", "KANE"),
    ("AMINATA", "DIALLO"),
    ("KARIM", "BOUAZIZI"),
    ("LEILA", "ZERROUK"),
    ("ISSA", "MAIGA"),
    ("RANIA", "FAWZI"),
    ("TAREK", "NASRI"),
)
_FEMALE = {"FATIMA ZAHRA", "NOUR", "SALMA", "AMINATA", "LEILA", "RANIA", "KHADIJA", "KHADIDJA"}


@dataclass(frozen=True)
class ListedPerson:
    """An entry of the sandbox watch list."""

    id: str
    given: str
    surname: str
    birth_date: date
    nationality: str


@dataclass(frozen=True)
class StolenDocument:
    """An entry of the sandbox stolen-documents bulletin."""

    number: str
    issuing_state: str


@dataclass(frozen=True)
class Scenario:
    """One traveller at the desk. ``kind`` is the generator's intent; marking re-derives the truth
    with the real document and screening code."""

    id: str
    kind: str
    mrz: str
    surname: str  # as printed in the visual zone
    given_names: str
    nationality: str
    birth_date: date
    expiry_date: date
    document_number: str
    direction: str  # entry or exit
    entered_on: date | None  # entry stamp, for a traveller leaving
    today: date

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("birth_date", "expiry_date", "entered_on", "today"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        values = dict(data)
        for key in ("birth_date", "expiry_date", "entered_on", "today"):
            values[key] = date.fromisoformat(values[key]) if values.get(key) else None
        return cls(**values)


@dataclass(frozen=True)
class Sandbox:
    """The reference material given with an exercise."""

    watch_list: tuple[ListedPerson, ...]
    stolen: tuple[StolenDocument, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "watch_list": [{**asdict(p), "birth_date": p.birth_date.isoformat()} for p in self.watch_list],
            "stolen": [asdict(s) for s in self.stolen],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sandbox:
        people = tuple(
            ListedPerson(**{**p, "birth_date": date.fromisoformat(p["birth_date"])})
            for p in data["watch_list"]
        )
        return cls(people, tuple(StolenDocument(**s) for s in data["stolen"]))


def _number(rng: random.Random, state: str) -> str:
    return f"{state[:2]}{rng.randrange(10**6, 10**7)}"


def _birth(rng: random.Random) -> date:
    return date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 40))


def _mrz(given: str, surname: str, number: str, state: str, birth: date, expiry: date) -> str:
    sex = "F" if given in _FEMALE else "M"
    return make_mrz(DocumentFields("TD3", surname, given, number, state, state, birth, sex, expiry))


def _replace(line: str, start: int, text: str) -> str:
    return line[:start] + text + line[start + len(text) :]


def generate(seed: int, today: date) -> tuple[Sandbox, list[Scenario]]:
    """One scenario of each kind, in a seeded random order, with the sandbox they refer to."""
    rng = random.Random(seed)
    variants = rng.sample(LISTED_VARIANTS, 4)
    watch_list = tuple(
        ListedPerson(f"SBX-{i + 1:03d}", given, surname, _birth(rng), rng.choice(STATES))
        for i, ((given, surname), _) in enumerate(variants)
    )
    stolen = tuple(StolenDocument(_number(rng, s), s) for s in rng.sample(STATES, 5))
    people = rng.sample(PLAIN_PEOPLE, len(KINDS))
    kinds = list(KINDS)
    rng.shuffle(kinds)
    scenarios: list[Scenario] = []
    for n, kind in enumerate(kinds):
        given, surname = people[n]
        state = rng.choice(STATES)
        birth = _birth(rng)
        number = _number(rng, state)
        expiry = today + timedelta(days=rng.randrange(200, 3000))
        direction, entered = "entry", None
        if kind == "listed":
            listed, travelling = watch_list[0], variants[0][1]
            given, surname = travelling
            birth, state = listed.birth_date, listed.nationality
            number = _number(rng, state)
        if kind == "stolen":
            bulletin = rng.choice(stolen)
            number, state = bulletin.number, bulletin.issuing_state
        if kind in ("valid", "overstay") or rng.random() < 0.3:
            direction = "exit"
            stay = rng.randrange(ALLOWED_STAY_DAYS + 5, ALLOWED_STAY_DAYS + 120)
            if kind != "overstay":
                stay = rng.randrange(2, ALLOWED_STAY_DAYS - 5)
            entered = today - timedelta(days=stay)
        mrz = _mrz(given, surname, number, state, birth, expiry)
        line1, line2 = mrz.split("\n")
        if kind == "check_digit":
            wrong = str((int(line2[9]) + rng.randrange(1, 10)) % 10)
            line2 = _replace(line2, 9, wrong)
        if kind == "altered_date":
            # The genuine passport expired; the forger moved the date but kept the check digit.
            genuine = today - timedelta(days=rng.randrange(30, 700))
            real = _mrz(given, surname, number, state, birth, genuine).split("\n")[1]
            while _mrz(given, surname, number, state, birth, expiry).split("\n")[1][27] == real[27]:
                expiry += timedelta(days=1)  # the forgery must show: its check digit may not fit by luck
            line2 = _replace(real, 21, expiry.strftime("%y%m%d"))
        scenarios.append(
            Scenario(
                id=f"S{n + 1}",
                kind=kind,
                mrz=line1 + "\n" + line2,
                surname=surname,
                given_names=given,
                nationality=state,
                birth_date=birth,
                expiry_date=expiry,
                document_number=number,
                direction=direction,
                entered_on=entered,
                today=today,
            )
        )
    return Sandbox(watch_list, stolen), scenarios
