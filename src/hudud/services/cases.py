"""Hit cases: every hit at or above the threshold is followed until a reviewer confirms or clears it.

The desk officer gives a first assessment ("not the same person", with a reason, or "possible match");
the case then waits in the supervisor/analyst queue. Clearing a case records a clearance of that
pairing (person + list entry) so the same person is not stopped again for the same entry; the hit is
still shown to the officer with the clearance noted, and a supervisor can revoke the clearance.

Who sees a case: reviewers (cases.review) of the state; an officer assigned to a crossing point sees
the cases of that point; an officer without an assignment sees the cases they raised. Anyone else
gets the same answer as for a case that does not exist.

A case of the passenger information unit (``origin="piu"``, ``hudud.services.piu_cases``) is opened
before its traveller arrives: until the desk attaches it to a crossing it cannot be assessed, and
clearing it records no cleared pairing (it is about one journey, not a list entry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hudud.errors import Conflict, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.services import audit
from hudud.services.border import ASSESSMENTS, N_, NOT_VISIBLE, home_state, require
from hudud.store.border_tables import BorderCase, BorderClearance, BorderCrossing
from hudud.store.tables import utcnow

OUTCOMES = ("confirmed", "cleared")
ACTIVE = ("open", "review", "confirmed")
PRE_ARRIVAL = "piu"  # the origin of a case the passenger information unit sent ahead of the traveller


def may_see(caller: Caller, country: str, crossing_point_id: int, raised_by: int | None) -> bool:
    """The visibility rule for crossings and cases (see the module docstring)."""
    principal = caller.principal
    if principal is None:
        return True
    if principal.country != country or not (
        principal.can(Permission.TRAVELLERS_READ) or principal.can(Permission.CASES_REVIEW)
    ):
        return False
    if principal.can(Permission.CASES_REVIEW):
        return True
    if principal.crossing_point_id:
        return principal.crossing_point_id == crossing_point_id
    return raised_by is not None and raised_by == principal.user_id


def active_clearance(session: Session, traveller_id: int, entry_id: str) -> BorderClearance | None:
    return session.scalar(
        select(BorderClearance)
        .where(
            BorderClearance.traveller_id == traveller_id,
            BorderClearance.entry_id == entry_id,
            BorderClearance.revoked_at.is_(None),
        )
        .order_by(BorderClearance.id.desc())
        .limit(1)
    )


def note_clearances(
    session: Session, traveller_id: int, matches: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Mark matches whose pairing was cleared (the hit dict then says by whom); return the others."""
    remaining = []
    for hit in matches:
        cleared = active_clearance(session, traveller_id, hit["entry_id"])
        if cleared is None:
            remaining.append(hit)
            continue
        hit["cleared"] = {
            "case_id": cleared.case_id,
            "by": cleared.cleared_by,
            "at": cleared.cleared_at.date().isoformat(),
            "reason": cleared.reason,
        }
    return remaining


def raise_cases(
    session: Session,
    crossing: BorderCrossing,
    matches: list[dict[str, Any]],
    *,
    origin: str = "desk",
    clearances_noted: bool = False,
) -> list[BorderCase]:
    """Open a case per matching hit unless its pairing was cleared (see ``note_clearances``).

    Retro-screening (``origin="retro"``) also skips a pairing that already has a live case, so a
    person who crossed five times in the period is one case, not five."""
    if not clearances_noted:
        matches = note_clearances(session, crossing.traveller_id, matches)
    opened: list[BorderCase] = []
    for hit in matches:
        if origin == "retro" and session.scalar(
            select(BorderCase.id).where(
                BorderCase.traveller_id == crossing.traveller_id,
                BorderCase.entry_id == hit["entry_id"],
                or_(BorderCase.status.in_(ACTIVE), BorderCase.crossing_id == crossing.id),
            )
        ):
            continue
        case = BorderCase(
            country=crossing.country,
            crossing_point_id=crossing.crossing_point_id,
            crossing_id=crossing.id,
            traveller_id=crossing.traveller_id,
            raised_by_id=crossing.officer_id,
            entry_id=hit["entry_id"],
            list_name=hit["list"],
            entry_name=hit["name"],
            score=hit["score"],
            explanation=hit["explanation"],
            reasons=hit.get("reasons") or None,  # hits found by bulk re-screening carry the text only
            origin=origin,
            status="open",
        )
        session.add(case)
        opened.append(case)
    if opened:
        session.flush()
    return opened


def cases_of(session: Session, crossing_id: int) -> list[BorderCase]:
    return list(
        session.scalars(
            select(BorderCase).where(BorderCase.crossing_id == crossing_id).order_by(BorderCase.id)
        )
    )


def _visible(session: Session, caller: Caller, case_id: int, action: str) -> BorderCase:
    case = session.get(BorderCase, case_id)
    if case is None or not may_see(caller, case.country, case.crossing_point_id, case.raised_by_id):
        raise NotFound(NOT_VISIBLE).then(audit.denial(caller, action, "border_case", case_id))
    return case


@dataclass(frozen=True)
class CaseView:
    case: BorderCase
    crossing: BorderCrossing | None  # None: a pre-arrival case whose traveller has not been presented
    clearance: BorderClearance | None  # the clearance this case created, when cleared


def get_case(session: Session, caller: Caller, case_id: int) -> CaseView:
    """One case with its crossing (audited read)."""
    case = _visible(session, caller, case_id, "border.case.read")
    audit.append(session, caller, "border.case.read", record_type="border_case", record_id=case.id)
    return _view(session, case)


def _view(session: Session, case: BorderCase) -> CaseView:
    crossing = session.get(BorderCrossing, case.crossing_id) if case.crossing_id is not None else None
    clearance = session.scalar(
        select(BorderClearance).where(BorderClearance.case_id == case.id).order_by(BorderClearance.id.desc())
    )
    return CaseView(case, crossing, clearance)


def assess(session: Session, caller: Caller, case_id: int, assessment: str, reason: str = "") -> CaseView:
    """The desk officer's first view; the case moves to the review queue. Repeating it changes nothing."""
    case = _visible(session, caller, case_id, "border.case.assess")
    if assessment not in ASSESSMENTS:
        raise InvalidInput(N_("choose 'not the same person' or 'possible match'"), field="assessment")
    reason = reason.strip()
    if assessment == "not_same" and not reason:
        raise InvalidInput(N_("say why this is not the same person"), field="reason")
    if case.assessment is not None:
        if case.assessment == assessment:
            return _view(session, case)
        raise Conflict(N_("this case was already assessed; a reviewer decides now"))
    if case.status != "open":
        raise Conflict(N_("this case is already decided"))
    if case.crossing_id is None:
        raise Conflict(N_("the traveller has not been presented at a desk yet"))
    case.assessment, case.assessment_reason = assessment, reason or None
    case.assessed_by, case.assessed_at, case.status = caller.name, utcnow(), "review"
    audit.append(
        session, caller, "border.case.assess", record_type="border_case", record_id=case.id, detail=assessment
    )
    return _view(session, case)


def resolve(session: Session, caller: Caller, case_id: int, outcome: str, note: str = "") -> CaseView:
    """A supervisor or analyst confirms the match or clears it (which records a clearance)."""
    require(caller, Permission.CASES_REVIEW, "border.case.resolve")
    case = _visible(session, caller, case_id, "border.case.resolve")
    if outcome not in OUTCOMES:
        raise InvalidInput(N_("confirm or clear"), field="outcome")
    if case.status in OUTCOMES:
        if case.status == outcome:
            return _view(session, case)
        raise Conflict(N_("this case is already decided"))
    note = note.strip()
    if outcome == "cleared" and not note and not case.assessment_reason:
        raise InvalidInput(N_("say why the person is not the listed one"), field="note")
    case.status, case.resolution_note = outcome, note or None
    case.resolved_by, case.resolved_at = caller.name, utcnow()
    if outcome == "cleared" and case.origin != PRE_ARRIVAL and case.traveller_id is not None:
        session.add(
            BorderClearance(
                country=case.country,
                traveller_id=case.traveller_id,
                entry_id=case.entry_id,
                case_id=case.id,
                reason=note or case.assessment_reason or "",
                cleared_by=caller.name,
            )
        )
        session.flush()
    audit.append(
        session, caller, "border.case.resolve", record_type="border_case", record_id=case.id, detail=outcome
    )
    return _view(session, case)


def revoke_clearance(session: Session, caller: Caller, clearance_id: int, reason: str) -> BorderClearance:
    """Undo a clearance: the pairing is raised again at the next crossing or re-screening."""
    require(caller, Permission.CASES_REVIEW, "border.clearance.revoke")
    clearance = session.get(BorderClearance, clearance_id)
    if clearance is None or clearance.country != home_state(caller, clearance.country if clearance else None):
        raise NotFound(NOT_VISIBLE).then(
            audit.denial(caller, "border.clearance.revoke", "border_clearance", clearance_id)
        )
    if not reason.strip():
        raise InvalidInput(N_("say why the clearance is revoked"), field="reason")
    if clearance.revoked_at is None:
        clearance.revoked_at, clearance.revoked_by = utcnow(), caller.name
        clearance.revoke_reason = reason.strip()
        audit.append(
            session, caller, "border.clearance.revoke", record_type="border_clearance", record_id=clearance.id
        )
    return clearance


def queue(session: Session, caller: Caller, *, limit: int = 200) -> list[BorderCase]:
    """Cases waiting for someone: reviewers see their state's open and review cases, officers their own."""
    if not (caller.can(Permission.CASES_REVIEW) or caller.can(Permission.TRAVELLERS_READ)):
        require(caller, Permission.CASES_REVIEW, "border.cases.queue")
    query = select(BorderCase).where(BorderCase.status.in_(("open", "review")))
    principal = caller.principal
    if principal is not None:
        query = query.where(BorderCase.country == principal.country)
        if not principal.can(Permission.CASES_REVIEW):
            if principal.crossing_point_id:
                query = query.where(BorderCase.crossing_point_id == principal.crossing_point_id)
            else:
                query = query.where(BorderCase.raised_by_id == principal.user_id)
    # review first (someone already looked), then newest
    rows = session.scalars(query.order_by(BorderCase.opened_at.desc()).limit(limit))
    return sorted(rows, key=lambda c: (c.status != "review",))


def clearances(session: Session, caller: Caller, *, limit: int = 200) -> list[BorderClearance]:
    require(caller, Permission.CASES_REVIEW, "border.clearances")
    return list(
        session.scalars(
            select(BorderClearance)
            .where(BorderClearance.country == home_state(caller))
            .order_by(BorderClearance.id.desc())
            .limit(limit)
        )
    )
