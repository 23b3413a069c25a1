"""Border operations shared by crossings, cases, statistics and retro-screening: the words officers
choose from (decisions, refusal reasons, documents, visas, vehicles), who works where, and stay rules.

Refusal reasons follow the standard form for refusal of entry (Schengen Borders Code, Annex V part B),
which officers of the region already know from their neighbours' forms."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import Forbidden, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.rules.stay import ANY, Direction, Movement, StayRule, StayStatus, rule_for, stay_status
from hudud.services import audit
from hudud.store.border_tables import BorderCrossing, StayRuleRow
from hudud.store.tables import CrossingPoint, TravellerRecord, utcnow


def N_(message: str) -> str:
    """Mark a word for the catalogs; pages translate it when they show it."""
    return message


NOT_VISIBLE = N_("this record does not exist or you may not see it")
DIRECTIONS = {"entry": N_("entry"), "exit": N_("exit")}
DECISIONS = {"admitted": N_("admitted"), "referred": N_("referred"), "refused": N_("refused")}
REFUSAL_REASONS = {
    "A": N_("A: no valid travel document"),
    "B": N_("B: false, counterfeit or forged travel document"),
    "C": N_("C: no valid visa or residence permit"),
    "D": N_("D: false, counterfeit or forged visa or residence permit"),
    "E": N_("E: no appropriate documentation of the purpose and conditions of stay"),
    "F": N_("F: has already stayed the maximum number of days"),
    "G": N_("G: not sufficient means of subsistence"),
    "H": N_("H: alert issued for refusal of entry"),
    "I": N_("I: threat to public policy or internal security"),
}
DOCUMENT_TYPES = {
    "P": N_("passport"),
    "I": N_("identity card"),
    "LP": N_("laissez-passer"),
    "V": N_("visa"),
    "O": N_("other document"),
}
VISA_TYPES = {
    "none": N_("no visa (visa-free)"),
    "C": N_("short-stay visa"),
    "D": N_("long-stay visa"),
    "R": N_("residence permit"),
    "T": N_("transit"),
}
VEHICLE_TYPES = {
    "car": N_("car"),
    "bus": N_("bus"),
    "truck": N_("truck"),
    "motorcycle": N_("motorcycle"),
    "other": N_("other vehicle"),
}
CASE_STATUSES = {
    "open": N_("open"),
    "review": N_("awaiting review"),
    "confirmed": N_("confirmed"),
    "cleared": N_("cleared"),
}
ASSESSMENTS = {"not_same": N_("not the same person"), "possible": N_("possible match")}
NAVIGATION = (N_("Border desk"), N_("Hit cases"), N_("Overstayers"), N_("Border statistics"))
SOURCES = {"mrz": N_("machine-readable zone"), "photo": N_("photo"), "manual": N_("typed by hand")}


def require(caller: Caller, permission: Permission, action: str) -> None:
    """Refuse (and audit the refusal of) a caller without ``permission`` or a state."""
    if not caller.can(permission) or (caller.principal is not None and not caller.principal.country):
        raise Forbidden(N_("your role does not allow this at the border")).then(audit.denial(caller, action))


def home_state(caller: Caller, fallback: str | None = None) -> str:
    """The state whose border records the caller works with (the CLI names one)."""
    state = caller.country or fallback
    if not state:
        raise InvalidInput(N_("name the state whose records to use"), field="country")
    return state


def crossing_point_for(session: Session, caller: Caller, requested: int | None) -> CrossingPoint:
    """The post the caller processes travellers at: their assignment, or a post of their own state."""
    assigned = caller.principal.crossing_point_id if caller.principal else None
    point_id = assigned or requested
    point = session.get(CrossingPoint, point_id) if point_id else None
    if point is None or (caller.principal is not None and point.country != caller.principal.country):
        raise InvalidInput(N_("choose a crossing point of your state"), field="crossing_point")
    return point


def own_points(session: Session, caller: Caller) -> list[CrossingPoint]:
    """Crossing points the caller may choose (their assigned one only, when assigned)."""
    if caller.principal is not None and caller.principal.crossing_point_id:
        point = session.get(CrossingPoint, caller.principal.crossing_point_id)
        return [point] if point else []
    query = select(CrossingPoint).where(CrossingPoint.active.is_(True)).order_by(CrossingPoint.code)
    if caller.country:
        query = query.where(CrossingPoint.country == caller.country)
    return list(session.scalars(query))


# ----- stay rules ---------------------------------------------------------------------------------
def stay_rules(session: Session, country: str) -> list[StayRule]:
    """The state's configured rules, plus: its own nationals stay without limit."""
    rules = [
        StayRule(r.nationality, r.visa_type, r.max_days, r.window_days, r.visa_required, r.unlimited)
        for r in session.scalars(select(StayRuleRow).where(StayRuleRow.country == country))
    ]
    if not any(r.nationality == country for r in rules):
        rules.append(StayRule(nationality=country, unlimited=True))
    return rules


def list_stay_rules(session: Session, caller: Caller) -> list[StayRuleRow]:
    require(caller, Permission.TRAVELLERS_READ, "border.rules.read")
    return list(
        session.scalars(
            select(StayRuleRow)
            .where(StayRuleRow.country == home_state(caller))
            .order_by(StayRuleRow.nationality, StayRuleRow.visa_type)
        )
    )


def set_stay_rule(
    session: Session,
    caller: Caller,
    *,
    nationality: str = ANY,
    visa_type: str = ANY,
    max_days: int = 90,
    window_days: int = 180,
    visa_required: bool = False,
    unlimited: bool = False,
    country: str | None = None,
) -> StayRuleRow:
    """Add or change the rule for a nationality and visa type (supervisors; audited)."""
    require(caller, Permission.CASES_REVIEW, "border.rules.set")
    state = home_state(caller, country)
    nationality = (nationality or ANY).strip().upper()
    visa_type = visa_type or ANY
    if nationality != ANY and len(nationality) != 3:
        raise InvalidInput(N_("nationality is a three-letter code or *"), field="nationality")
    if visa_type != ANY and visa_type not in VISA_TYPES:
        raise InvalidInput(N_("unknown visa type"), field="visa_type")
    try:
        StayRule(nationality, visa_type, max_days, window_days, visa_required, unlimited)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="max_days") from None
    row = session.scalar(
        select(StayRuleRow).where(
            StayRuleRow.country == state,
            StayRuleRow.nationality == nationality,
            StayRuleRow.visa_type == visa_type,
        )
    ) or StayRuleRow(country=state, nationality=nationality, visa_type=visa_type)
    row.max_days, row.window_days = max_days, window_days
    row.visa_required, row.unlimited = visa_required, unlimited
    session.add(row)
    session.flush()
    audit.append(
        session,
        caller,
        "border.rules.set",
        record_type="stay_rule",
        record_id=row.id,
        detail=f"{nationality}/{visa_type} {max_days}/{window_days} visa={visa_required} unlimited={unlimited}",
    )
    return row


def movements_of(session: Session, traveller_id: int) -> list[Movement]:
    """Admitted crossings of a person, as movements for the stay rules."""
    rows = session.execute(
        select(BorderCrossing.at, BorderCrossing.direction).where(
            BorderCrossing.traveller_id == traveller_id, BorderCrossing.decision == "admitted"
        )
    )
    return [Movement(at.date(), cast(Direction, direction)) for at, direction in rows]


def person_stay(
    session: Session,
    country: str,
    traveller: TravellerRecord,
    *,
    visa_type: str | None,
    visa_until: date | None,
    today: date | None = None,
    at_entry: bool = False,
    movements: list[Movement] | None = None,
) -> StayStatus:
    """The stay status of a person under the state's rule for their nationality and visa."""
    rule = rule_for(stay_rules(session, country), traveller.nationality, visa_type)
    return stay_status(
        movements_of(session, traveller.id) if movements is None else movements,
        rule,
        today or utcnow().date(),
        visa_until=visa_until,
        at_entry=at_entry,
    )


@dataclass(frozen=True)
class Overstayer:
    traveller: TravellerRecord
    last_entry: BorderCrossing
    status: StayStatus


def overstayers(session: Session, caller: Caller, *, today: date | None = None) -> list[Overstayer]:
    """Foreigners of the caller's state whose last admitted movement is an entry and whose stay has run out."""
    require(caller, Permission.TRAVELLERS_READ, "border.overstayers")
    country = home_state(caller)
    today = today or utcnow().date()
    rules = stay_rules(session, country)
    moves: dict[int, list[Movement]] = defaultdict(list)
    last: dict[int, BorderCrossing] = {}
    query = (
        select(BorderCrossing)
        .where(BorderCrossing.country == country, BorderCrossing.decision == "admitted")
        .order_by(BorderCrossing.at)
    )
    for crossing in session.scalars(query):
        moves[crossing.traveller_id].append(Movement(crossing.at.date(), cast(Direction, crossing.direction)))
        last[crossing.traveller_id] = crossing
    found: list[Overstayer] = []
    for traveller_id, crossing in last.items():
        if crossing.direction != "entry" or crossing.nationality == country:
            continue
        rule = rule_for(rules, crossing.nationality, crossing.visa_type)
        status = stay_status(moves[traveller_id], rule, today, visa_until=crossing.visa_until)
        if status.overstaying:
            person = session.get(TravellerRecord, traveller_id)
            if person is not None:
                found.append(Overstayer(person, crossing, status))
    found.sort(key=lambda o: -o.status.overstay_days)
    audit.append(
        session, caller, "border.overstayers", record_type="traveller", detail=f"results={len(found)}"
    )
    return found


def get_point(session: Session, point_id: int) -> CrossingPoint:
    point = session.get(CrossingPoint, point_id)
    if point is None:
        raise NotFound(N_("no such crossing point"))
    return point
