"""Targets that become cases, on SQLite and PostgreSQL: the passenger information unit confirms a target,
a case waits at the arrival crossing point before the aircraft lands (its officers and supervisor see
it, another post or state does not), and the traveller's presentation at the desk attaches that case
to the crossing — the same case, never a second one. Clearing opens nothing; a double click opens one.

The world of ``tests.test_border_support``: officers at Casablanca airport (MAR-CMN) and Tanger Med,
a supervisor at Casablanca, an Algerian officer, the wanted Karim Benhaddou (DZ1234567); plus an
analyst of the Moroccan unit and a flight landing at CMN in three hours with him on board."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest
from benchmarks.manifests_sample import FlightPlan, Pax, crowd, paxlst
from sqlalchemy import func, select, update

from hudud.errors import Conflict, Forbidden, InvalidInput, NotFound
from hudud.services import cases, crossings, identity, piu, retention
from hudud.services import piu_cases as pre_arrival
from hudud.services.api_ingest import Ingestor
from hudud.settings import load_settings
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.store.manifest_tables import ApiMessage, ManifestPerson, ManifestRecord, ManifestTarget
from hudud.store.tables import AuditRecord, CrossingPoint, utcnow
from tests.test_border_support import PASSWORD, SYSTEM, make_world, passport

POLICY = retention.Policy()
WANTED = Pax("BENHADDOU", "KARIM", date(1975, 3, 2), nationality="DZA", document="DZ1234567", issuer="DZA")


def landing(destination: str = "CMN", hours: int = 3) -> FlightPlan:
    now = datetime.now().replace(second=0, microsecond=0)
    return FlightPlan(
        "AT0801", "IST", destination, now + timedelta(hours=hours - 3), now + timedelta(hours=hours)
    )


@pytest.fixture
def unit(database_url, tmp_path):
    """The border world plus an analyst of the unit and the flight's manifest, ingested."""
    world = make_world(database_url, tmp_path / "lists")
    world.uow.run(
        lambda s: identity.create_user(
            s, SYSTEM, username="analyst.mar", full_name="analyst.mar", password=PASSWORD, country="MAR",
            agency="intelligence", roles=("analyst",),
        )
    )  # fmt: skip
    world.ingestor = Ingestor(
        world.uow, load_settings(var_dir=tmp_path, database_url=database_url), world.screening
    )
    return world


def ingest(world, flight: FlightPlan | None = None, control_ref: str = "000000001") -> int:
    data = paxlst([WANTED, *crowd(3, seed=2)], flight or landing(), control_ref=control_ref)
    result = world.ingestor.ingest(world.caller("analyst.mar"), data, channel="api", source="test")
    assert result.status == "ingested", result
    return result.flight_id


def target(world, flight_id: int, surname: str = "BENHADDOU") -> int:
    analyst = world.caller("analyst.mar")
    person = world.uow.run(
        lambda s: s.scalar(
            select(ManifestPerson.id).where(
                ManifestPerson.flight_id == flight_id, ManifestPerson.surname == surname
            )
        )
    )
    return world.uow.run(lambda s: piu.create_target(s, analyst, person, "bcp", "wanted list match").id)


def decide(world, target_id: int, outcome: str = "confirmed", **kw) -> None:
    analyst = world.caller("analyst.mar")
    world.uow.run(
        lambda s: piu.decide_target(s, analyst, target_id, outcome, "same birth date, same route", **kw)
    )


def sent_ahead(world) -> list[dict]:
    rows = world.uow.run(lambda s: s.scalars(select(BorderCase).where(BorderCase.origin == "piu")).all())
    return [
        {"id": c.id, "target_id": c.target_id, "point": c.crossing_point_id, "crossing_id": c.crossing_id,
         "traveller_id": c.traveller_id, "status": c.status}
        for c in rows
    ]  # fmt: skip


def point_id(world, code: str) -> int:
    return world.uow.run(lambda s: s.scalar(select(CrossingPoint.id).where(CrossingPoint.code == code)))


def queue_ids(world, username: str) -> set[int]:
    caller = world.caller(username)
    return {c.id for c in world.uow.run(lambda s: cases.queue(s, caller))}


def test_a_confirmed_target_waits_at_the_arrival_point_for_its_officers_only(unit) -> None:
    target_id = target(unit, ingest(unit))
    decide(unit, target_id)
    [case] = sent_ahead(unit)
    assert case["target_id"] == target_id and case["point"] == point_id(unit, "MAR-CMN")
    assert case["crossing_id"] is None and case["traveller_id"] is None and case["status"] == "open"

    # before the aircraft lands: Casablanca's supervisor and officer have it, and so does the unit
    assert case["id"] in queue_ids(unit, "supervisor.cmn")
    assert case["id"] in queue_ids(unit, "officer.cmn")
    assert case["id"] in queue_ids(unit, "analyst.mar")
    seen = unit.uow.run(lambda s: cases.get_case(s, unit.caller("officer.cmn"), case["id"]))
    assert seen.crossing is None
    expected = unit.uow.run(lambda s: pre_arrival.expected(s, seen.case, POLICY))
    assert expected["traveller"]["surname"] == "BENHADDOU" and expected["flight"].startswith("AT0801 IST→CMN")
    referred = unit.uow.run(lambda s: piu.referred(s, unit.caller("analyst.mar"), POLICY))
    assert [(r["id"], r["arrived"], r["crossing_point"]) for r in referred] == [
        (case["id"], False, "MAR-CMN")
    ]

    # another post of the state and another state's officer: nothing, exactly as for a missing case
    assert case["id"] not in queue_ids(unit, "officer.tng")
    assert case["id"] not in queue_ids(unit, "officer.alg")
    answers = []
    for username in ("officer.tng", "officer.alg"):
        for case_id in (case["id"], case["id"] + 1000):
            with pytest.raises(NotFound) as refused:
                unit.uow.run(lambda s, u=username, c=case_id: cases.get_case(s, unit.caller(u), c))
            answers.append((refused.value.status_code, str(refused.value.to_dict())))
    assert len(set(answers)) == 1
    # nobody assesses a traveller who is not there yet
    with pytest.raises(Conflict):
        unit.uow.run(lambda s: cases.assess(s, unit.caller("officer.cmn"), case["id"], "possible"))
    actions = unit.uow.run(lambda s: s.scalars(select(AuditRecord.action)).all())
    assert {"piu.target.decide", "piu.case.open", "piu.cases"} <= set(actions)


def test_the_supervisor_at_the_arrival_point_gets_the_case_but_not_the_passenger_lists(unit) -> None:
    """Passenger information is the unit's (``passengers.analyse``): Casablanca's supervisor reviews the
    case the unit sent there, with what the unit sent, but is refused the board, the flight's travellers,
    targets and the unit's lists, each refusal audited."""
    flight_id = ingest(unit)
    target_id = target(unit, flight_id)
    supervisor = unit.caller("supervisor.cmn")
    traveller_id = unit.uow.run(lambda s: s.get(ManifestTarget, target_id).traveller_id)
    refusals = {
        "piu.board": lambda s: piu.board(s, supervisor),
        "piu.flight.read": lambda s: piu.flight_view(s, supervisor, flight_id, POLICY),
        "piu.target.create": lambda s: piu.create_target(s, supervisor, traveller_id, "bcp", "look"),
        "piu.target.decide": lambda s: piu.decide_target(s, supervisor, target_id, "confirmed", "found"),
        "piu.targets": lambda s: piu.targets(s, supervisor, POLICY),
        "piu.cases": lambda s: piu.referred(s, supervisor, POLICY),
    }
    for use_case in refusals.values():
        with pytest.raises(Forbidden):
            unit.uow.run(use_case)
    with pytest.raises(Forbidden):
        unit.ingestor.rescreen(supervisor, flight_id)
    denied = unit.uow.run(
        lambda s: set(
            s.scalars(
                select(AuditRecord.action).where(
                    AuditRecord.actor == "supervisor.cmn", AuditRecord.outcome == "denied"
                )
            )
        )
    )
    assert denied == {*refusals, "manifests.rescreen"}
    assert unit.uow.run(lambda s: s.get(ManifestTarget, target_id).status) == "open"  # nothing decided

    # the unit decides; the case reaches the supervisor of the arrival point, who can read and close it
    decide(unit, target_id)
    [case] = sent_ahead(unit)
    assert case["id"] in queue_ids(unit, "supervisor.cmn")
    view = unit.uow.run(lambda s: cases.get_case(s, supervisor, case["id"]))
    expected = unit.uow.run(lambda s: pre_arrival.expected(s, view.case, POLICY))
    assert expected["traveller"]["surname"] == "BENHADDOU" and expected["reason"] == "wanted list match"
    unit.uow.run(lambda s: cases.resolve(s, supervisor, case["id"], "confirmed", "met at the gate"))
    assert sent_ahead(unit)[0]["status"] == "confirmed"


def test_the_traveller_at_the_desk_gets_the_case_attached_not_a_new_one(unit) -> None:
    decide(unit, target(unit, ingest(unit)))
    [waiting] = sent_ahead(unit)
    # someone else on the flight arrives first: nothing is attached to them
    other = unit.inspect("officer.cmn", passport("ALAMI", "YOUSSEF", "MA5550001", "MAR", date(1990, 1, 1)))
    assert other["cases"] == []

    seen = unit.inspect("officer.cmn", passport())
    [arrived] = sent_ahead(unit)
    assert arrived["id"] == waiting["id"] and arrived["crossing_id"] == seen["crossing_id"]
    assert arrived["traveller_id"] == seen["traveller_id"]
    assert waiting["id"] in seen["cases"]  # beside the wanted-list case of the same crossing
    assert len(seen["cases"]) == 2
    # the officer sees the case on the crossing and must look at it before admitting
    officer = unit.caller("officer.cmn")
    with pytest.raises(Conflict):
        unit.uow.run(lambda s: crossings.decide(s, officer, seen["crossing_id"], "admitted"))
    unit.uow.run(lambda s: cases.assess(s, officer, waiting["id"], "possible"))
    referred = unit.uow.run(lambda s: piu.referred(s, unit.caller("analyst.mar"), POLICY))
    assert referred[0]["arrived"] and referred[0]["crossing_id"] == seen["crossing_id"]

    # the same traveller presented again (a second entry): the case stays with the first crossing
    again = unit.inspect("officer.cmn", passport())
    assert waiting["id"] not in again["cases"]
    assert len(sent_ahead(unit)) == 1
    attached = unit.uow.run(
        lambda s: s.scalar(select(func.count()).where(AuditRecord.action == "piu.case.arrived"))
    )
    assert attached == 1


def test_clearing_a_target_opens_no_case(unit) -> None:
    target_id = target(unit, ingest(unit))
    decide(unit, target_id, "cleared")
    assert sent_ahead(unit) == []
    seen = unit.inspect("officer.cmn", passport())
    assert len(seen["cases"]) == 1  # the wanted-list hit only
    # a cleared target cannot be confirmed afterwards (and so opens nothing later either)
    with pytest.raises(Conflict):
        decide(unit, target_id)
    assert sent_ahead(unit) == []


def test_a_double_click_opens_one_case(unit) -> None:
    target_id = target(unit, ingest(unit))
    decide(unit, target_id)
    decide(unit, target_id)  # the answer to the first click was slow: the same decision again
    assert len(sent_ahead(unit)) == 1


def test_two_clicks_at_the_same_moment_open_one_case(unit) -> None:
    """The second request starts while the first is still inside its transaction."""
    target_id = target(unit, ingest(unit))
    analyst = unit.caller("analyst.mar")
    errors: list[BaseException] = []

    def second() -> None:
        try:
            unit.uow.run(lambda s: piu.decide_target(s, analyst, target_id, "confirmed", "double click"))
        except BaseException as exc:
            errors.append(exc)

    other = threading.Thread(target=second)

    def first(session) -> None:  # type: ignore[no-untyped-def]
        piu.decide_target(session, analyst, target_id, "confirmed", "same birth date")
        other.start()
        other.join(timeout=1.0)  # the second click waits for this transaction (row lock / writer lock)
        assert other.is_alive()

    unit.uow.run(first)
    other.join(timeout=60)
    assert errors == [] and not other.is_alive()
    assert len(sent_ahead(unit)) == 1
    # the second click found the target decided: it neither rewrote the finding nor decided again
    note = unit.uow.run(lambda s: s.get(ManifestTarget, target_id).outcome_note)
    decisions = unit.uow.run(
        lambda s: s.scalar(select(func.count()).where(AuditRecord.action == "piu.target.decide"))
    )
    assert (note, decisions) == ("same birth date", 1)


def test_a_target_confirmed_after_the_traveller_crossed_is_attached_at_once(unit) -> None:
    flight_id = ingest(unit)
    seen = unit.inspect("officer.cmn", passport(), decision="referred")
    decide(unit, target(unit, flight_id))
    [case] = sent_ahead(unit)
    assert case["crossing_id"] == seen["crossing_id"] and case["traveller_id"] == seen["traveller_id"]


def test_the_case_goes_where_the_traveller_lands(unit) -> None:
    """A flight to an airport that is no crossing point needs the analyst to name the point; a diverted
    traveller presented at another post of the state takes the case there."""
    target_id = target(unit, ingest(unit, landing("XXX")))
    with pytest.raises(InvalidInput) as unknown:
        decide(unit, target_id)
    assert unknown.value.details == {"field": "crossing_point"}
    with pytest.raises(InvalidInput):  # a point of another state
        decide(unit, target_id, crossing_point_id=point_id(unit, "DZA-ALG"))
    decide(unit, target_id, crossing_point_id=point_id(unit, "MAR-CMN"))
    assert sent_ahead(unit)[0]["point"] == point_id(unit, "MAR-CMN")

    seen = unit.inspect("officer.tng", passport())
    [case] = sent_ahead(unit)
    assert case["crossing_id"] == seen["crossing_id"] and case["point"] == point_id(unit, "MAR-TNGMED")
    assert case["id"] in queue_ids(unit, "officer.tng") and case["id"] not in queue_ids(unit, "officer.cmn")


def test_a_case_only_meets_crossings_of_its_journey(unit) -> None:
    """Passenger data serves the journey it was sent for: a week after the flight, no attachment."""
    decide(unit, target(unit, ingest(unit, landing(hours=-7 * 24))))
    seen = unit.inspect("officer.cmn", passport())
    assert len(seen["cases"]) == 1  # the wanted-list hit only
    assert sent_ahead(unit)[0]["crossing_id"] is None


def test_the_case_outlives_the_passenger_data_it_came_from(unit) -> None:
    """Retention deletes the manifest (and the target): the case stays, saying the data is gone."""
    decide(unit, target(unit, ingest(unit)))
    when = utcnow() - timedelta(days=5 * 365 + 1)

    def age(session) -> None:  # type: ignore[no-untyped-def]
        session.execute(update(ManifestRecord).values(received_at=when))
        session.execute(update(ApiMessage).values(received_at=when))

    unit.uow.run(age)
    unit.uow.run(lambda s: retention.apply(s, SYSTEM, POLICY))
    assert unit.uow.run(lambda s: s.scalar(select(func.count(ManifestTarget.id)))) == 0
    [case] = sent_ahead(unit)
    assert case["target_id"] is None
    supervisor = unit.caller("supervisor.cmn")
    view = unit.uow.run(lambda s: cases.get_case(s, supervisor, case["id"]))
    assert unit.uow.run(lambda s: pre_arrival.expected(s, view.case, POLICY)) == {"deleted": True}
    # a reviewer can still close it; clearing it records no cleared pairing (it was about one journey)
    unit.uow.run(lambda s: cases.resolve(s, supervisor, case["id"], "cleared", "traveller did not come"))
    assert unit.uow.run(lambda s: s.scalar(select(func.count()).select_from(BorderCrossing))) == 0
