"""Pre-arrival cases: a target the passenger information unit confirmed, waiting at the arrival
crossing point for its traveller.

Confirming a target (``piu.decide_target``) opens one border hit case (``origin="piu"``) at the
crossing point of the flight's arrival airport, before the aircraft lands: the state's reviewers and
the officers of that point find it in the hit-case queue with the flight and the unit's reasons, and
know whom to expect. It has no crossing and no person yet. When the expected traveller is presented
at a desk of the state (``attach``, called by the traveller step), the case is attached to that
crossing — the same case, never a second one — and the officer sees it beside the list hits; it moves
to the point where the traveller actually is (a diverted flight lands elsewhere). A target confirmed
after its traveller has already crossed is attached to that crossing at once.

Passenger data serves the journey it was sent for: a case only meets crossings within ``WINDOW`` of
the flight's arrival, and what it shows of the traveller is masked like everything read from
manifests (``retention.mask``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.rules.arrival import Person, same_traveller
from hudud.rules.risk import document_key
from hudud.services import audit
from hudud.services.cases import ACTIVE, PRE_ARRIVAL
from hudud.services.retention import Policy, mask
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.store.manifest_tables import (
    ManifestDocument,
    ManifestFlight,
    ManifestPerson,
    ManifestRecord,
    ManifestTarget,
)
from hudud.store.tables import CrossingPoint, utcnow

# from the day before the scheduled arrival (early lists, time zones) to two days after (delays)
WINDOW = timedelta(days=2)


def arrival_point(session: Session, flight: ManifestFlight) -> CrossingPoint | None:
    """The state's crossing point at the flight's arrival airport (codes read STATE-IATA: MAR-CMN)."""
    if not flight.arrival_airport:
        return None
    return session.scalar(
        select(CrossingPoint).where(
            CrossingPoint.code == f"{flight.country}-{flight.arrival_airport.strip().upper()}",
            CrossingPoint.country == flight.country,
            CrossingPoint.active.is_(True),
        )
    )


def points(session: Session, country: str) -> list[CrossingPoint]:
    """The state's crossing points an analyst may send a case to (airports and ports first)."""
    rows = session.scalars(
        select(CrossingPoint)
        .where(CrossingPoint.country == country, CrossingPoint.active.is_(True))
        .order_by(CrossingPoint.code)
    )
    return sorted(rows, key=lambda p: p.kind == "land")


def case_for(session: Session, target_id: int) -> BorderCase | None:
    return session.scalar(select(BorderCase).where(BorderCase.target_id == target_id))


def cases_for(session: Session, target_ids: Sequence[int]) -> dict[int, BorderCase]:
    if not target_ids:
        return {}
    rows = session.scalars(select(BorderCase).where(BorderCase.target_id.in_(target_ids)))
    return {c.target_id: c for c in rows if c.target_id is not None}


def flight_label(flight: ManifestFlight) -> str:
    """The flight as the queue shows it (no personal data): number, route, local arrival time."""
    when = f" {flight.arrival_local:%Y-%m-%d %H:%M}" if flight.arrival_local else ""
    route = f"{flight.departure_airport or '?'}→{flight.arrival_airport or '?'}"
    return f"{flight.number or '?'} {route}{when}"


def expected_person(person: ManifestPerson) -> Person:
    documents = tuple(
        (d.get("issuing_state"), d.get("number")) for d in person.documents if d.get("type") != "V"
    )
    return Person(person.surname, person.given_names, person.birth_date, documents)


def presented_person(crossing: BorderCrossing) -> Person:
    documents = ((crossing.document_issuer, crossing.document_number),)
    return Person(crossing.surname, crossing.given_names, crossing.birth_date, documents)


def open_case(
    session: Session,
    caller: Caller,
    target: ManifestTarget,
    person: ManifestPerson,
    flight: ManifestFlight,
    point: CrossingPoint,
) -> BorderCase:
    """The confirmed target's case at ``point`` (the one already opened, when there is one)."""
    existing = case_for(session, target.id)
    if existing is not None:
        return existing
    reasons = " · ".join(t for t in (target.reason, target.outcome_note or "") if t)
    case = BorderCase(
        country=target.country,
        crossing_point_id=point.id,
        crossing_id=None,
        traveller_id=None,
        target_id=target.id,
        raised_by_id=caller.principal.user_id if caller.principal and caller.principal.user_id else None,
        entry_id=f"piu-target-{target.id}",
        list_name="piu",
        entry_name=flight_label(flight),
        score=person.best_score,
        explanation=reasons,
        origin=PRE_ARRIVAL,
        status="open",
    )
    session.add(case)
    session.flush()
    audit.append(session, caller, "piu.case.open", record_type="border_case", record_id=case.id,
                 detail=f"target={target.id} point={point.code}")  # fmt: skip
    crossed = _crossed_already(session, case, person, flight)
    if crossed is not None:
        _link(session, caller, case, crossed)
    return case


def _window(flight: ManifestFlight) -> tuple[datetime, datetime]:
    arrival = flight.arrival_utc or flight.first_received
    return arrival - WINDOW / 2, arrival + WINDOW


def _within(moment: datetime, flight: ManifestFlight) -> bool:
    since, until = _window(flight)
    return since <= moment <= until


def _crossed_already(
    session: Session, case: BorderCase, person: ManifestPerson, flight: ManifestFlight
) -> BorderCrossing | None:
    """An entry of this traveller already recorded for this journey (the target came late)."""
    expected = expected_person(person)
    numbers = {n for _, n in expected.documents if n}
    numbers |= {k[1] for s, n in expected.documents if (k := document_key(s, n))}
    near: list[ColumnElement[bool]] = []
    if numbers:
        near.append(BorderCrossing.document_number.in_(sorted(numbers)))
    if person.birth_date is not None:
        near.append(BorderCrossing.birth_date == person.birth_date)
    if not near:
        return None
    since, until = _window(flight)
    found = [
        crossing
        for crossing in session.scalars(
            select(BorderCrossing).where(
                BorderCrossing.country == case.country,
                BorderCrossing.direction == "entry",
                BorderCrossing.at >= since,
                BorderCrossing.at <= until,
                or_(*near),
            )
        )
        if same_traveller(expected, presented_person(crossing))
    ]
    arrival = flight.arrival_utc or flight.first_received
    return min(found, key=lambda c: abs(c.at - arrival), default=None)


def attach(session: Session, caller: Caller, crossing: BorderCrossing) -> list[BorderCase]:
    """At the desk: the pre-arrival case waiting for this traveller, attached to their crossing.

    Looked up by the document presented or the birth date (indexed), then compared in full
    (``rules.arrival``); of two journeys expected for the same person, the one arriving nearest now."""
    if crossing.direction != "entry":
        return []
    near: list[ColumnElement[bool]] = []
    key = document_key(crossing.document_issuer, crossing.document_number)
    if key is not None:
        near.append(
            ManifestTarget.traveller_id.in_(
                select(ManifestDocument.traveller_id).where(
                    ManifestDocument.country == crossing.country, ManifestDocument.number == key[1]
                )
            )
        )
    if crossing.birth_date is not None:
        near.append(ManifestPerson.birth_date == crossing.birth_date)
    if not near:
        return []
    rows = session.execute(
        select(BorderCase, ManifestPerson, ManifestFlight)
        .join(ManifestTarget, ManifestTarget.id == BorderCase.target_id)
        .join(ManifestPerson, ManifestPerson.id == ManifestTarget.traveller_id)
        .join(ManifestFlight, ManifestFlight.id == ManifestTarget.flight_id)
        .where(
            BorderCase.country == crossing.country,
            BorderCase.crossing_id.is_(None),
            BorderCase.origin == PRE_ARRIVAL,
            BorderCase.status.in_(ACTIVE),
            or_(*near),
        )
    ).all()
    presented = presented_person(crossing)
    waiting = [
        (case, flight)
        for case, person, flight in rows
        if _within(crossing.at, flight) and same_traveller(expected_person(person), presented)
    ]
    if not waiting:
        return []
    case, _ = min(waiting, key=lambda cf: abs((cf[1].arrival_utc or crossing.at) - crossing.at))
    return [case] if _link(session, caller, case, crossing) else []


def _link(session: Session, caller: Caller, case: BorderCase, crossing: BorderCrossing) -> bool:
    """Attach once: of two desks presenting the same traveller at the same moment, the first wins."""
    moved = session.execute(
        update(BorderCase)
        .where(BorderCase.id == case.id, BorderCase.crossing_id.is_(None))
        .values(
            crossing_id=crossing.id,
            traveller_id=crossing.traveller_id,
            crossing_point_id=crossing.crossing_point_id,
        )
        .execution_options(synchronize_session="fetch")
    )
    if not getattr(moved, "rowcount", 0):
        return False
    audit.append(session, caller, "piu.case.arrived", record_type="border_case", record_id=case.id,
                 detail=f"crossing={crossing.id}")  # fmt: skip
    return True


def summary(session: Session, case: BorderCase | None) -> dict[str, Any] | None:
    """Where a confirmed target's case stands (for the unit's lists; no personal data)."""
    if case is None:
        return None
    crossing = session.get(BorderCrossing, case.crossing_id) if case.crossing_id else None
    point = session.get(CrossingPoint, case.crossing_point_id)
    return {
        "id": case.id,
        "status": case.status,
        "crossing_point_id": case.crossing_point_id,
        "crossing_point": point.code if point else None,
        "crossing_id": case.crossing_id,
        "arrived": crossing is not None,
        "arrived_at": crossing.at.isoformat() if crossing else None,
        "decision": crossing.decision if crossing else None,
        "opened_at": case.opened_at.isoformat(),
    }


def expected(
    session: Session, case: BorderCase, policy: Policy, now: datetime | None = None
) -> dict[str, Any] | None:
    """What the unit sent with a pre-arrival case: the flight, the traveller as the airline listed them
    (masked past the masking period), the reasons. None for other cases; ``deleted`` once the passenger
    data is gone (retention). The caller's right to see the case was checked (``cases.get_case``)."""
    if case.origin != PRE_ARRIVAL:
        return None
    target = session.get(ManifestTarget, case.target_id) if case.target_id else None
    person = session.get(ManifestPerson, target.traveller_id) if target else None
    if target is None or person is None:
        return {"deleted": True}
    flight = session.get(ManifestFlight, target.flight_id)
    record = session.get(ManifestRecord, person.manifest_id)
    traveller: dict[str, Any] = {
        "surname": person.surname,
        "given_names": person.given_names,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "nationality": person.nationality,
        "booking": person.booking,
        "seat": person.seat,
        "documents": list(person.documents),
        "masked": False,
    }
    if record is not None and policy.masked(record.received_at, now or utcnow()):
        traveller = mask(traveller)
    return {
        "deleted": False,
        "target_id": target.id,
        "flight_id": target.flight_id,
        "flight": flight_label(flight) if flight else None,
        "arrival_local": flight.arrival_local.isoformat() if flight and flight.arrival_local else None,
        "traveller": traveller,
        "reason": target.reason,
        "finding": target.outcome_note,
        "confirmed_by": target.decided_by,
        "confirmed_at": target.decided_at.isoformat() if target.decided_at else None,
    }
