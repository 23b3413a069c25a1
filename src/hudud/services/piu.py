"""The passenger information unit's use cases: the arrivals board, a flight's ranked travellers, targets.

Who: reviewers (``cases.review``: analysts, supervisors) of the state that received the lists. A flight
of another state is refused exactly like a missing one. Every read is audited (counts, not names), and
every traveller passes through ``retention.mask`` past the masking period, whoever asks.

Rules only flag. A target is a person's decision to look at a traveller (for the unit's analysts or
for the arrival crossing point), and its outcome is a person's decision too. The border console's
cases are tied to a crossing that has happened; a target comes before the aircraft lands, so targets
are kept here and the crossing point sees them in its queue (``targets``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import Conflict, Forbidden, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.rules.risk import level
from hudud.services import audit
from hudud.services.retention import Policy, mask
from hudud.store.manifest_tables import ManifestFlight, ManifestPerson, ManifestRecord, ManifestTarget
from hudud.store.tables import utcnow

NOT_VISIBLE = "no such flight"
ASSIGNEES = ("analysts", "bcp")
OUTCOMES = ("confirmed", "cleared")


def require(caller: Caller, action: str) -> None:
    if not caller.can(Permission.CASES_REVIEW):
        raise Forbidden("passenger information is for the passenger information unit").then(
            audit.denial(caller, action)
        )


def _mine(query: Any, column: Any, caller: Caller) -> Any:
    return query.where(column == caller.country) if caller.country else query


def flight_row(flight: ManifestFlight) -> dict[str, Any]:
    """A flight on the board (no personal data): identity, times, counts and its risk."""
    return {
        "id": flight.id,
        "number": flight.number,
        "carrier": flight.carrier,
        "departure_airport": flight.departure_airport,
        "arrival_airport": flight.arrival_airport,
        "departure_local": flight.departure_local.isoformat() if flight.departure_local else None,
        "arrival_local": flight.arrival_local.isoformat() if flight.arrival_local else None,
        "arrival_utc": flight.arrival_utc.isoformat() if flight.arrival_utc else None,
        "travellers": flight.travellers,
        "matches": flight.matches,
        "flagged": flight.flagged,
        "risk": flight.max_risk,
        "level": level(flight.max_risk),
        "last_received": flight.last_received.isoformat(),
    }


@dataclass(frozen=True)
class Board:
    arriving: list[dict[str, Any]]  # arriving in the window, riskiest first
    recent: list[dict[str, Any]]  # lists received lately for other times (late, early, undated)
    hours: int


def board(session: Session, caller: Caller, *, hours: int = 24, now: datetime | None = None) -> Board:
    """Flights arriving from an hour ago to ``hours`` ahead, riskiest first; and recently received lists."""
    require(caller, "piu.board")
    now = now or utcnow()
    window = _mine(select(ManifestFlight), ManifestFlight.country, caller).where(
        ManifestFlight.arrival_utc >= now - timedelta(hours=1),
        ManifestFlight.arrival_utc <= now + timedelta(hours=hours),
    )
    arriving = list(session.scalars(window))
    arriving.sort(key=lambda f: (-f.max_risk, -f.matches, f.arrival_utc or now))
    shown = {f.id for f in arriving}
    recent = [
        f
        for f in session.scalars(
            _mine(select(ManifestFlight), ManifestFlight.country, caller)
            .order_by(ManifestFlight.last_received.desc(), ManifestFlight.id.desc())
            .limit(50)
        )
        if f.id not in shown
    ]
    audit.append(session, caller, "piu.board", detail=f"arriving={len(arriving)} recent={len(recent)}")
    return Board([flight_row(f) for f in arriving], [flight_row(f) for f in recent], hours)


def visible_flight(session: Session, caller: Caller, flight_id: int, action: str) -> ManifestFlight:
    flight = session.get(ManifestFlight, flight_id)
    if flight is None or (caller.country and flight.country != caller.country):
        raise NotFound(NOT_VISIBLE).then(audit.denial(caller, action, "manifest_flight", flight_id))
    return flight


def person_view(
    person: ManifestPerson, received_at: datetime, policy: Policy, now: datetime
) -> dict[str, Any]:
    """A traveller as the unit sees it, masked past the masking period."""
    view: dict[str, Any] = {
        "id": person.id,
        "manifest_id": person.manifest_id,
        "role": person.role,
        "surname": person.surname,
        "given_names": person.given_names,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "gender": person.gender,
        "nationality": person.nationality,
        "embarkation": person.embarkation,
        "debarkation": person.debarkation,
        "booking": person.booking,
        "seat": person.seat,
        "documents": list(person.documents),
        "hits": list(person.hits),
        "flags": list(person.flags),
        "match": person.match,
        "best_score": person.best_score,
        "risk": person.risk,
        "level": level(person.risk),
        "masked": False,
    }
    return mask(view) if policy.masked(received_at, now) else view


def flight_view(
    session: Session,
    caller: Caller,
    flight_id: int,
    policy: Policy,
    *,
    now: datetime | None = None,
    stamp: str | None = None,
) -> dict[str, Any]:
    """One flight: its lists (with their reading problems) and its travellers, riskiest first.

    A person on several lists of the flight (an update, a second part) is shown once, as on the latest.
    ``stamp``: the lists in force now; ``stale`` says when a list changed since the flight was screened."""
    require(caller, "piu.flight.read")
    flight = visible_flight(session, caller, flight_id, "piu.flight.read")
    now = now or utcnow()
    manifests = list(
        session.scalars(
            select(ManifestRecord).where(ManifestRecord.flight_id == flight.id).order_by(ManifestRecord.id)
        )
    )
    received = {m.id: m.received_at for m in manifests}
    latest: dict[str, ManifestPerson] = {}
    for person in session.scalars(
        select(ManifestPerson).where(ManifestPerson.flight_id == flight.id).order_by(ManifestPerson.id)
    ):
        latest[person.identity_key] = person
    targets = {
        t.traveller_id: t
        for t in session.scalars(select(ManifestTarget).where(ManifestTarget.flight_id == flight.id))
    }
    people = []
    for person in latest.values():
        view = person_view(person, received[person.manifest_id], policy, now)
        target = targets.get(person.id)
        view["target"] = target_view(target) if target else None
        people.append(view)
    people.sort(key=lambda p: (-p["risk"], not p["match"], -p["best_score"], p["role"], p["surname"]))
    masked = sum(p["masked"] for p in people)
    audit.append(session, caller, "piu.flight.read", record_type="manifest_flight", record_id=flight.id,
                 detail=f"travellers={len(people)} masked={masked}")  # fmt: skip
    return {
        "flight": flight_row(flight),
        "stale": stamp is not None and any(m.screened_with != stamp for m in manifests),
        "travellers": people,
        "manifests": [
            {
                "id": m.id,
                "message_id": m.message_id,
                "kind": m.kind,
                "role": m.role,
                "sender": m.sender,
                "received_at": m.received_at.isoformat(),
                "travellers": m.travellers,
                "issues": m.issues,
            }
            for m in manifests
        ],
    }


def target_view(target: ManifestTarget) -> dict[str, Any]:
    return {
        "id": target.id,
        "traveller_id": target.traveller_id,
        "flight_id": target.flight_id,
        "assignee": target.assignee,
        "reason": target.reason,
        "status": target.status,
        "created_by": target.created_by,
        "created_at": target.created_at.isoformat(),
        "decided_by": target.decided_by,
        "outcome_note": target.outcome_note,
    }


def create_target(
    session: Session, caller: Caller, traveller_id: int, assignee: str, reason: str
) -> ManifestTarget:
    """A person decides to look at a traveller: for the unit's analysts or the arrival crossing point."""
    require(caller, "piu.target.create")
    person = session.get(ManifestPerson, traveller_id)
    if person is None:
        raise NotFound("no such traveller").then(
            audit.denial(caller, "piu.target.create", "manifest_traveller", traveller_id)
        )
    flight = visible_flight(session, caller, person.flight_id, "piu.target.create")
    if assignee not in ASSIGNEES:
        raise InvalidInput(
            "send the target to the analysts or to the arrival crossing point", field="assignee"
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput("say why this traveller should be looked at", field="reason")
    existing = session.scalar(select(ManifestTarget).where(ManifestTarget.traveller_id == traveller_id))
    if existing is not None:
        if existing.assignee == assignee:
            return existing
        raise Conflict("this traveller is already a target")
    target = ManifestTarget(country=flight.country, traveller_id=traveller_id, flight_id=flight.id,
                            assignee=assignee, reason=reason[:2000], created_by=caller.name)  # fmt: skip
    session.add(target)
    session.flush()
    audit.append(session, caller, "piu.target.create", record_type="manifest_target", record_id=target.id,
                 detail=f"assignee={assignee}")  # fmt: skip
    return target


def decide_target(
    session: Session, caller: Caller, target_id: int, outcome: str, note: str
) -> ManifestTarget:
    """Confirm (the concern stands) or clear a target; a person writes why."""
    require(caller, "piu.target.decide")
    target = session.get(ManifestTarget, target_id)
    if target is None or (caller.country and target.country != caller.country):
        raise NotFound("no such target").then(
            audit.denial(caller, "piu.target.decide", "manifest_target", target_id)
        )
    if outcome not in OUTCOMES:
        raise InvalidInput("confirm or clear", field="outcome")
    if target.status in OUTCOMES:
        if target.status == outcome:
            return target
        raise Conflict(f"this target is already {target.status}")
    if not note.strip():
        raise InvalidInput("say what was found", field="note")
    target.status, target.outcome_note = outcome, note.strip()[:2000]
    target.decided_by, target.decided_at = caller.name, utcnow()
    audit.append(session, caller, "piu.target.decide", record_type="manifest_target", record_id=target.id,
                 detail=outcome)  # fmt: skip
    return target


def targets(
    session: Session, caller: Caller, policy: Policy, *, open_only: bool = True, limit: int = 200
) -> list[dict[str, Any]]:
    """The state's targets, newest first (open ones only by default), with traveller and flight."""
    require(caller, "piu.targets")
    query = _mine(select(ManifestTarget), ManifestTarget.country, caller)
    if open_only:
        query = query.where(ManifestTarget.status == "open")
    now = utcnow()
    out = []
    for target in session.scalars(query.order_by(ManifestTarget.id.desc()).limit(limit)):
        person = session.get(ManifestPerson, target.traveller_id)
        flight = session.get(ManifestFlight, target.flight_id)
        record = session.get(ManifestRecord, person.manifest_id) if person else None
        view = target_view(target)
        view["traveller"] = (
            person_view(person, record.received_at, policy, now) if person and record else None
        )
        view["flight"] = flight_row(flight) if flight else None
        out.append(view)
    audit.append(session, caller, "piu.targets", detail=f"targets={len(out)}")
    return out
