"""Processing a traveller at a crossing point: read and check the document, screen against every list
in force, find the person's previous crossings and stay status, record the crossing, open cases and
attach the case the passenger information unit sent ahead for this traveller — in one transaction —
then record the officer's decision.

Every submission carries an idempotency key chosen by the officer's page (or API client). The same
key from the same officer always answers with the crossing it first created, so a double click or a
retry after a connection dropped mid-submit stores one crossing and one set of cases, never two."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hudud.errors import Conflict, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.rules.stay import StayStatus
from hudud.screening.engine import Hit
from hudud.services import audit, border_alerts, cases, piu_cases
from hudud.services.border import (
    DECISIONS,
    DIRECTIONS,
    N_,
    NOT_VISIBLE,
    REFUSAL_REASONS,
    VEHICLE_TYPES,
    VISA_TYPES,
    crossing_point_for,
    home_state,
    person_stay,
    require,
)

# re-exported: other areas (bulk screening, retro-screening) build travellers the way the desk does
from hudud.services.border_reading import Fields as Fields
from hudud.services.border_reading import Presented as Presented
from hudud.services.border_reading import arabic_of, link_person, read_document
from hudud.services.border_reading import fields_of as fields_of
from hudud.services.border_reading import traveller_of as traveller_of
from hudud.services.documents import mrz_result
from hudud.services.node_screening import NodeScreening, generation
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.store.tables import CrossingPoint, TravellerRecord, utcnow

KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")
HISTORY = 10


@dataclass(frozen=True)
class Desk:
    """Where and how: the direction of the lane, the post, the submission's idempotency key."""

    direction: str
    idempotency_key: str
    crossing_point_id: int | None = None
    group_id: int | None = None


@dataclass
class Inspection:
    """Everything the officer sees about one traveller, on one screen."""

    crossing: BorderCrossing
    point: CrossingPoint
    check: dict[str, Any] | None
    hits: list[dict[str, Any]]
    cases: list[BorderCase]
    history: list[BorderCrossing]
    stay: StayStatus
    replayed: bool = False
    warnings: list[str] = field(default_factory=list)


def generation_key(
    session: Session, screening: NodeScreening | None = None, country: str | None = None
) -> str:
    """The lists-in-force generation as text: crossings screened under an older one get re-screened.

    Right after ``screening.screener(session, country)`` the screener knows the generation it was
    built for, which saves the traveller step a second round trip to the database."""
    built = getattr(screening, "_built", {}).get(country) if screening is not None else None
    current = getattr(built, "generation", None) or generation(session)
    return ".".join(str(part) for part in current)


def hit_dict(hit: Hit) -> dict[str, Any]:
    entry = hit.entry
    return {
        "entry_id": hit.entry_id,
        "list": entry.list_name if entry else "lost",
        "name": entry.primary_name if entry else hit.entry_id,
        "score": hit.score,
        "match": hit.match,
        "explanation": hit.explanation,
        "reasons": [r.as_dict() for r in hit.reasons],  # the explanation as data, worded by each page
    }


def _replay(session: Session, caller: Caller, key: str) -> BorderCrossing | None:
    if caller.principal is None:
        return None
    return session.scalar(
        select(BorderCrossing).where(
            BorderCrossing.officer_id == caller.principal.user_id, BorderCrossing.idempotency_key == key
        )
    )


def inspect(
    session: Session,
    caller: Caller,
    screening: NodeScreening,
    presented: Presented,
    desk: Desk,
    *,
    decision: str | None = None,
    reason_code: str | None = None,
    note: str | None = None,
) -> Inspection:
    """Check, screen, link and record one traveller; optionally decide at once (API clients, groups)."""
    require(caller, Permission.TRAVELLERS_WRITE, "border.inspect")
    require(caller, Permission.SCREEN, "border.inspect")
    if not KEY.match(desk.idempotency_key or ""):
        raise InvalidInput(N_("a submission key of 8-64 letters, digits or -_.: is required"), field="key")
    if desk.direction not in DIRECTIONS:
        raise InvalidInput(N_("the direction is entry or exit"), field="direction")
    if presented.visa_type not in VISA_TYPES:
        raise InvalidInput(N_("unknown visa type"), field="visa_type")
    if presented.vehicle_type and presented.vehicle_type not in VEHICLE_TYPES:
        raise InvalidInput(N_("unknown vehicle type"), field="vehicle_type")
    country = home_state(caller)
    today = utcnow().date()
    fields, mrz = read_document(presented, today)
    previous = _replay(session, caller, desk.idempotency_key)
    if previous is not None:
        view = _view(session, previous, mrz, replayed=True)
        if decision:
            decide(session, caller, previous.id, decision, reason_code, note)
        return view
    point = crossing_point_for(session, caller, desk.crossing_point_id)
    screener = screening.screener(session, country)
    hits = screener.screen(traveller_of(fields, arabic_of(mrz)), limit=5)
    shown = [hit_dict(h) for h in hits if h.score > 0]
    person, new_person = link_person(session, caller, country, fields)
    # cleared pairings are noted on the hits before the crossing is written (one INSERT, no UPDATE)
    matches = [h for h in shown if h["match"]]
    to_raise = matches if new_person else cases.note_clearances(session, person.id, matches)
    exit_without_entry = False
    if desk.direction == "exit" and fields.nationality != country:
        last = session.scalar(
            select(BorderCrossing.direction)
            .where(BorderCrossing.traveller_id == person.id, BorderCrossing.decision == "admitted")
            .order_by(BorderCrossing.at.desc())
            .limit(1)
        )
        exit_without_entry = last != "entry"
    crossing = BorderCrossing(
        country=country,
        crossing_point_id=point.id,
        direction=desk.direction,
        at=utcnow(),
        traveller_id=person.id,
        officer_id=caller.principal.user_id if caller.principal else None,
        officer=caller.name,
        idempotency_key=desk.idempotency_key,
        source=presented.source,
        surname=fields.surname,
        given_names=fields.given_names,
        name_arabic=fields.name_arabic,
        birth_date=fields.birth_date,
        sex=fields.sex,
        nationality=fields.nationality,
        document_type=fields.document_type,
        document_number=fields.document_number,
        document_issuer=fields.document_issuer,
        document_expiry=fields.document_expiry,
        document_valid=mrz.valid if mrz is not None else None,
        visa_type=presented.visa_type,
        visa_until=presented.visa_until,
        hits=shown,
        findings=[f["code"] for f in _check(mrz, shown, today, fields)["findings"]],
        top_score=max((h["score"] for h in shown), default=0.0),
        screened_generation=generation_key(session, screening, country),
        exit_without_entry=exit_without_entry,
        group_id=desk.group_id,
        vehicle_plate=(presented.vehicle_plate or "").strip().upper() or None,
        vehicle_type=presented.vehicle_type or None,
    )
    try:
        with session.begin_nested():
            session.add(crossing)
    except IntegrityError:  # the same key submitted twice at the same moment: answer with the first
        first = _replay(session, caller, desk.idempotency_key)
        if first is None:
            raise
        return _view(session, first, mrz, replayed=True)
    opened = cases.raise_cases(session, crossing, to_raise, clearances_noted=True)
    # a traveller the passenger information unit expects: its case is attached here, not opened again
    piu_cases.attach(session, caller, crossing)
    audit.append(
        session,
        caller,
        "border.inspect",
        record_type="border_crossing",
        record_id=crossing.id,
        detail=f"direction={desk.direction} hits={sum(h['match'] for h in shown)} cases={len(opened)}",
    )
    if decision:
        decide(session, caller, crossing.id, decision, reason_code, note)
    return _view(session, crossing, mrz, new_person=new_person, known_cases=opened)


def _check(mrz: Any, hits: list[dict[str, Any]], today: date, fields: Fields) -> dict[str, Any]:
    """The document check shown to the officer; a lost/stolen hit becomes a finding of the document."""
    lost = next((h["explanation"] for h in hits if h["list"] == "lost" and h["match"]), None)
    if mrz is not None:
        return mrz_result(mrz, today=today, lost_stolen=lambda _m: lost, extended=True)
    findings = []
    if fields.document_expiry and fields.document_expiry < today:
        findings.append({"code": "expired", "message": f"document expired on {fields.document_expiry}"})
    if lost:
        findings.append({"code": "lost_or_stolen", "message": f"document is on a lost/stolen list: {lost}"})
    return {"valid": None, "errors": [], "findings": findings, "manual": True}


def _view(
    session: Session,
    crossing: BorderCrossing,
    mrz: Any,
    *,
    replayed: bool = False,
    new_person: bool = False,
    known_cases: list[BorderCase] | None = None,
) -> Inspection:
    """What the officer sees; a person seen for the first time has no history to look up."""
    person = session.get(TravellerRecord, crossing.traveller_id)
    point = session.get(CrossingPoint, crossing.crossing_point_id)
    assert person is not None and point is not None  # foreign keys
    fields = fields_of(crossing)
    history = (
        []
        if new_person
        else list(
            session.scalars(
                select(BorderCrossing)
                .where(BorderCrossing.traveller_id == person.id, BorderCrossing.id != crossing.id)
                .order_by(BorderCrossing.at.desc())
                .limit(HISTORY)
            )
        )
    )
    stay = person_stay(
        session,
        crossing.country,
        person,
        visa_type=crossing.visa_type,
        visa_until=crossing.visa_until,
        at_entry=crossing.direction == "entry" and crossing.decision is None,
        movements=[] if new_person else None,
    )
    warnings = []
    if crossing.exit_without_entry:
        warnings.append("exit_without_entry")
    if stay.visa_missing and crossing.direction == "entry":
        warnings.append("visa_missing")
    if stay.overstaying:
        warnings.append("overstay")
    check = _check(mrz, crossing.hits, crossing.at.date(), fields)
    return Inspection(
        crossing,
        point,
        check,
        crossing.hits,
        cases.cases_of(session, crossing.id),
        history,
        stay,
        replayed,
        warnings,
    )


def visible_crossing(session: Session, caller: Caller, crossing_id: int, action: str) -> BorderCrossing:
    crossing = session.get(BorderCrossing, crossing_id)
    if crossing is None or not cases.may_see(
        caller, crossing.country, crossing.crossing_point_id, crossing.officer_id
    ):
        raise NotFound(NOT_VISIBLE).then(audit.denial(caller, action, "border_crossing", crossing_id))
    return crossing


def get_inspection(session: Session, caller: Caller, crossing_id: int) -> Inspection:
    """A crossing as the officer saw it (audited read)."""
    crossing = visible_crossing(session, caller, crossing_id, "border.crossing.read")
    audit.append(
        session, caller, "border.crossing.read", record_type="border_crossing", record_id=crossing.id
    )
    return _view(session, crossing, None)


def decide(
    session: Session,
    caller: Caller,
    crossing_id: int,
    decision: str,
    reason_code: str | None = None,
    note: str | None = None,
) -> BorderCrossing:
    """Admit, refer to secondary inspection or refuse. The same decision twice changes nothing; a
    referral can be followed by a final decision; a final decision cannot be changed here."""
    require(caller, Permission.TRAVELLERS_WRITE, "border.decide")
    crossing = visible_crossing(session, caller, crossing_id, "border.decide")
    if decision not in DECISIONS:
        raise InvalidInput(N_("the decision is admitted, referred or refused"), field="decision")
    reason_code = (reason_code or "").strip().upper() or None
    if decision == "refused" and reason_code not in REFUSAL_REASONS:
        raise InvalidInput(N_("choose the reason for the refusal"), field="reason_code")
    if decision != "refused":
        reason_code = None
    if crossing.decision == decision and crossing.reason_code == reason_code:
        return crossing
    if crossing.decision not in (None, "referred"):
        raise Conflict(N_("this crossing is already decided; ask a supervisor to correct it"))
    if decision == "admitted":
        waiting = [c for c in cases.cases_of(session, crossing.id) if _blocks_admission(c)]
        if waiting:
            raise Conflict(N_("a hit is still open or a possible match: refer the traveller or refuse entry"))
    crossing.decision, crossing.reason_code, crossing.note = (
        decision,
        reason_code,
        (note or "").strip() or None,
    )
    crossing.decided_at, crossing.decided_by = utcnow(), caller.name
    audit.append(
        session,
        caller,
        "border.decide",
        record_type="border_crossing",
        record_id=crossing.id,
        detail=f"{decision}{' ' + reason_code if reason_code else ''}",
    )
    border_alerts.notify_alert_hits(session, caller, crossing)
    return crossing


def _blocks_admission(case: BorderCase) -> bool:
    if case.status == "open" or case.status == "confirmed":
        return True
    return case.status == "review" and case.assessment == "possible"
