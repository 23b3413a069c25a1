"""The passenger information unit's use cases: the arrivals board, a flight's ranked travellers, targets.

Who: the unit (``passengers.analyse``: analysts of a border police, customs or intelligence agency) of the
state that received the lists. Supervisors review border cases (``cases.review``) but do not browse
airlines' passenger lists: a pre-arrival case reaches them through the hit-case queue, not through here.
Anyone else is refused (403, audited); a flight, traveller or target of another state is refused exactly
like a missing one (404, audited). Every read is audited (counts, not names), and every traveller passes
through ``retention.mask`` past the masking period, whoever asks.

Rules only flag. A target is a person's decision to look at a traveller (for the unit's analysts or
for the arrival crossing point), and its outcome is a person's decision too. Confirming a target (the
concern stands) makes it a border hit case at the arrival crossing point before the aircraft lands
(``piu_cases``): the point's officers and the state's reviewers see it in the hit-case queue, and the
desk attaches it to the traveller's crossing. Clearing a target opens nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hudud.errors import Conflict, Forbidden, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.rules.risk import level
from hudud.services import audit, piu_cases
from hudud.services.border import N_
from hudud.services.cases import PRE_ARRIVAL
from hudud.services.retention import Policy, mask
from hudud.store.border_tables import BorderCase
from hudud.store.manifest_tables import ManifestFlight, ManifestPerson, ManifestRecord, ManifestTarget
from hudud.store.tables import CrossingPoint, utcnow

NOT_VISIBLE = N_("no such flight")
ASSIGNEES = ("analysts", "bcp")
OUTCOMES = ("confirmed", "cleared")


def require(caller: Caller, action: str) -> None:
    """The unit's work (board, flights, travellers, targets, the cases it sent): ``passengers.analyse``."""
    if not caller.can(Permission.PASSENGERS_ANALYSE):
        raise Forbidden(N_("passenger information is for the passenger information unit")).then(
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
    extended: bool = False,
) -> dict[str, Any]:
    """One flight: its lists (with their reading problems) and its travellers, riskiest first.

    A person on several lists of the flight (an update, a second part) is shown once, as on the latest.
    ``stamp``: the lists in force now; ``stale`` says when a list changed since the flight was screened.
    ``extended``: each reading problem keeps its template and values too (pages word it in their language)."""
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
    case_of = piu_cases.cases_for(session, [t.id for t in targets.values()])
    people = []
    for person in latest.values():
        view = person_view(person, received[person.manifest_id], policy, now)
        target = targets.get(person.id)
        view["target"] = (
            target_view(target, piu_cases.summary(session, case_of.get(target.id))) if target else None
        )
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
                "issues": m.issues if extended else contract_issues(m.issues),
            }
            for m in manifests
        ],
    }


def contract_issues(stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reading problems as the API and the CLI give them: segment and English message. A manifest also
    stores each one's template and values, for pages (``extended``) to word in the reader's language."""
    return [{"segment": issue["segment"], "message": issue["message"]} for issue in stored]


def target_view(target: ManifestTarget, case: dict[str, Any] | None = None) -> dict[str, Any]:
    """A target; ``case``: where the case it became stands (``piu_cases.summary``), once confirmed."""
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
        "case": case,
    }


def create_target(
    session: Session, caller: Caller, traveller_id: int, assignee: str, reason: str
) -> ManifestTarget:
    """A person decides to look at a traveller: for the unit's analysts or the arrival crossing point."""
    require(caller, "piu.target.create")
    person = session.get(ManifestPerson, traveller_id)
    flight = session.get(ManifestFlight, person.flight_id) if person else None
    if flight is None or (caller.country and flight.country != caller.country):
        # another state's traveller: the same answer as a missing one
        raise NotFound(N_("no such traveller")).then(
            audit.denial(caller, "piu.target.create", "manifest_traveller", traveller_id)
        )
    if assignee not in ASSIGNEES:
        raise InvalidInput(
            N_("send the target to the analysts or to the arrival crossing point"), field="assignee"
        )
    reason = reason.strip()
    if not reason:
        raise InvalidInput(N_("say why this traveller should be looked at"), field="reason")
    existing = session.scalar(select(ManifestTarget).where(ManifestTarget.traveller_id == traveller_id))
    if existing is not None:
        if existing.assignee == assignee:
            return existing
        raise Conflict(N_("this traveller is already a target"))
    target = ManifestTarget(country=flight.country, traveller_id=traveller_id, flight_id=flight.id,
                            assignee=assignee, reason=reason[:2000], created_by=caller.name)  # fmt: skip
    session.add(target)
    session.flush()
    audit.append(session, caller, "piu.target.create", record_type="manifest_target", record_id=target.id,
                 detail=f"assignee={assignee}")  # fmt: skip
    return target


def decide_target(
    session: Session,
    caller: Caller,
    target_id: int,
    outcome: str,
    note: str,
    *,
    crossing_point_id: int | None = None,
) -> ManifestTarget:
    """Confirm (the concern stands) or clear a target; a person writes why.

    Confirming opens the target's case at the arrival crossing point: the point of the flight's arrival
    airport unless the analyst names another of the state (``crossing_point_id``: a diversion, a port).
    Deciding again as before changes nothing and opens nothing (a double click): the target row is
    locked while it is decided, and a target has at most one case."""
    require(caller, "piu.target.decide")
    target = session.get(ManifestTarget, target_id, with_for_update=True)
    if target is None or (caller.country and target.country != caller.country):
        raise NotFound(N_("no such target")).then(
            audit.denial(caller, "piu.target.decide", "manifest_target", target_id)
        )
    if outcome not in OUTCOMES:
        raise InvalidInput(N_("confirm or clear"), field="outcome")
    if target.status in OUTCOMES:
        if target.status == outcome:
            return target
        raise Conflict(N_("this target is already %(status)s"), values={"status": target.status})
    if not note.strip():
        raise InvalidInput(N_("say what was found"), field="note")
    sending = None
    if outcome == "confirmed":
        flight = session.get(ManifestFlight, target.flight_id)
        person = session.get(ManifestPerson, target.traveller_id)
        assert flight is not None and person is not None  # foreign keys, deleted with the target
        sending = (person, flight, _arrival(session, target, flight, crossing_point_id))
    target.status, target.outcome_note = outcome, note.strip()[:2000]
    target.decided_by, target.decided_at = caller.name, utcnow()
    audit.append(session, caller, "piu.target.decide", record_type="manifest_target", record_id=target.id,
                 detail=outcome)  # fmt: skip
    if sending is not None:
        piu_cases.open_case(session, caller, target, *sending)
    return target


def _arrival(
    session: Session, target: ManifestTarget, flight: ManifestFlight, chosen: int | None
) -> CrossingPoint:
    """The crossing point the case waits at: the one chosen, else the flight's arrival airport."""
    if chosen:
        point = session.get(CrossingPoint, chosen)
        if point is None or point.country != target.country or not point.active:
            raise InvalidInput(N_("choose a crossing point of your state"), field="crossing_point")
        return point
    point = piu_cases.arrival_point(session, flight)
    if point is None:
        raise InvalidInput(
            N_(
                "the arrival airport is not a crossing point of the state: choose where the traveller arrives"
            ),
            field="crossing_point",
        )
    return point


def targets(
    session: Session, caller: Caller, policy: Policy, *, open_only: bool = True, limit: int = 200
) -> list[dict[str, Any]]:
    """The state's targets, newest first (open ones only by default), with traveller and flight, where
    a confirmed target's case stands, and the crossing point a confirmation would send it to."""
    require(caller, "piu.targets")
    query = _mine(select(ManifestTarget), ManifestTarget.country, caller)
    if open_only:
        query = query.where(ManifestTarget.status == "open")
    now = utcnow()
    rows = list(session.scalars(query.order_by(ManifestTarget.id.desc()).limit(limit)))
    case_of = piu_cases.cases_for(session, [t.id for t in rows])
    arrival: dict[int, int | None] = {}
    out = []
    for target in rows:
        person = session.get(ManifestPerson, target.traveller_id)
        flight = session.get(ManifestFlight, target.flight_id)
        record = session.get(ManifestRecord, person.manifest_id) if person else None
        view = target_view(target, piu_cases.summary(session, case_of.get(target.id)))
        view["traveller"] = (
            person_view(person, record.received_at, policy, now) if person and record else None
        )
        view["flight"] = flight_row(flight) if flight else None
        if flight is not None and flight.id not in arrival:
            point = piu_cases.arrival_point(session, flight)
            arrival[flight.id] = point.id if point else None
        view["arrival_point_id"] = arrival.get(target.flight_id)
        out.append(view)
    audit.append(session, caller, "piu.targets", detail=f"targets={len(out)}")
    return out


def arrival_points(session: Session, caller: Caller) -> list[CrossingPoint]:
    """The crossing points of the caller's state a confirmed target may be sent to."""
    require(caller, "piu.targets")
    return piu_cases.points(session, caller.country) if caller.country else []


def referred(
    session: Session, caller: Caller, policy: Policy, *, active_only: bool = True, limit: int = 200
) -> list[dict[str, Any]]:
    """The cases the unit sent to crossing points, newest first: by default the ones still waiting
    for their traveller or for someone's decision; each with its flight, traveller and reasons."""
    require(caller, "piu.cases")
    query = _mine(select(BorderCase), BorderCase.country, caller).where(BorderCase.origin == PRE_ARRIVAL)
    if active_only:
        query = query.where(
            or_(
                BorderCase.status.in_(("open", "review")),
                and_(BorderCase.crossing_id.is_(None), BorderCase.status == "confirmed"),
            )
        )
    now = utcnow()
    out = []
    for case in session.scalars(query.order_by(BorderCase.id.desc()).limit(limit)):
        view = piu_cases.summary(session, case) or {}
        view["expected"] = piu_cases.expected(session, case, policy, now)
        out.append(view)
    audit.append(session, caller, "piu.cases", detail=f"cases={len(out)}")
    return out
