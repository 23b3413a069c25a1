"""Shared set-up for the border tests (no tests here): a node with a wanted list, a lost-document list,
officers at two Moroccan crossing points, a supervisor, and an Algerian officer.

The wanted person is Karim Benhaddou (born 1975-03-02, Algerian); passport MA7654321 of Morocco is
reported stolen."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import select

from hudud.policy import Caller
from hudud.services import identity, lists, reference
from hudud.services.crossings import Desk, Presented
from hudud.services.documents import make_mrz_text
from hudud.services.node_screening import NodeScreening
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.db import engine_for
from hudud.store.tables import CrossingPoint, User

SYSTEM = Caller(None, via="test")
PASSWORD = "correct horse battery"
BORDER_USERS = (
    ("officer.cmn", "MAR", "border_police", ("officer",), "MAR-CMN"),
    ("officer.tng", "MAR", "border_police", ("officer",), "MAR-TNGMED"),
    ("supervisor.cmn", "MAR", "border_police", ("supervisor",), "MAR-CMN"),
    ("officer.alg", "DZA", "border_police", ("officer",), "DZA-ALG"),
)
WANTED = (
    "id,name,name_original,birth_date,nationality,gender,document_number,document_country,reason\n"
    "MAR-W-001,Karim Benhaddou,كريم بنحدو,1975-03-02,DZA,M,,,wanted notice\n"
    "MAR-W-002,Zineb Ouazzani,زينب الوزاني,1990-11-20,MAR,F,,,wanted notice\n"
)
LOST = "document_number,issuing_state,document_type,status,reported_on\nMA7654321,MAR,passport,stolen,2026-01-05\n"


def write_lists(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    wanted, lost = folder / "wanted.csv", folder / "lost.csv"
    wanted.write_text(WANTED, encoding="utf-8")
    lost.write_text(LOST, encoding="utf-8")
    return wanted, lost


def load_lists(session, folder: Path) -> None:
    wanted, lost = write_lists(folder)
    lists.import_list(session, SYSTEM, wanted, list_name="national:mar-wanted", owner="MAR")
    lists.import_list(session, SYSTEM, lost, list_name="lost:mar", owner="MAR")


@cache
def _password_hash() -> str:
    return identity.hash_password(PASSWORD)  # slow on purpose: hash once per test run


def add_border_users(session) -> None:
    """The border users, inserted directly (same rows as ``identity.create_user``, one password hash)."""
    points = {p.code: p.id for p in session.scalars(select(CrossingPoint))}
    for username, country, agency, roles, point in BORDER_USERS:
        session.add(
            User(
                username=username,
                full_name=username,
                password_hash=_password_hash(),
                country=country,
                agency=agency,
                roles=list(roles),
                crossing_point_id=points[point],
            )
        )
    session.flush()


def passport(
    surname: str = "BENHADDOU",
    given: str = "KARIM",
    number: str = "DZ1234567",
    nationality: str = "DZA",
    born: date = date(1975, 3, 2),
    sex: str = "M",
) -> str:
    return make_mrz_text(
        format="TD3", surname=surname, given_names=given, document_number=number, issuing_state=nationality,
        nationality=nationality, birth_date=born, sex=sex, expiry_date=date(2032, 6, 30),
    )  # fmt: skip


def key() -> str:
    return uuid.uuid4().hex


@dataclass
class World:
    uow: UnitOfWork
    screening: NodeScreening
    callers: dict[str, Caller] = field(default_factory=dict)

    def caller(self, username: str) -> Caller:
        if username not in self.callers:
            principal = self.uow.run(lambda s: identity.principal_of(identity.find_user(s, username)))
            self.callers[username] = Caller(principal, "127.0.0.1", "test")
        return self.callers[username]

    def inspect(self, username: str, mrz: str, direction: str = "entry", submission: str | None = None, **kw):
        from hudud.services import crossings

        caller = self.caller(username)
        desk = Desk(direction=direction, idempotency_key=submission or key())
        decision = kw.pop("decision", None)
        reason = kw.pop("reason_code", None)
        presented = Presented(source="mrz", mrz_text=mrz, **kw)
        return self.uow.run(
            lambda s: _summary(
                crossings.inspect(
                    s, caller, self.screening, presented, desk, decision=decision, reason_code=reason
                )
            )
        )


def _summary(inspection) -> dict:
    """Plain values read inside the transaction (rows are detached afterwards)."""
    return {
        "crossing_id": inspection.crossing.id,
        "traveller_id": inspection.crossing.traveller_id,
        "replayed": inspection.replayed,
        "hits": [dict(h) for h in inspection.hits],
        "cases": [c.id for c in inspection.cases],
        "history": [h.id for h in inspection.history],
        "stay": inspection.stay,
        "warnings": list(inspection.warnings),
        "findings": [f["code"] for f in (inspection.check or {}).get("findings", [])],
        "decision": inspection.crossing.decision,
    }


def make_world(database_url: str, folder: Path) -> World:
    uow = UnitOfWork(engine_for(database_url))
    uow.run(reference.load_reference_data)
    uow.run(add_border_users)
    uow.run(lambda s: load_lists(s, folder))
    return World(uow, NodeScreening(0.70))
