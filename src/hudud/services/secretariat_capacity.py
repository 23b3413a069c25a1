"""Priority projects and the capacity and equipment registry.

Projects (objectives, budget, funding partners, indicators, status, linked commitments) are kept by
Secretariat staff. In the registry, a state's focal point records its own equipment and needs
(they know their crossing points), the Secretariat records partners' offers, and the gaps view
sets needs against working equipment and pledges (``hudud.secretariat.gaps``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, InvalidInput, NotFound
from hudud.policy import Caller
from hudud.secretariat import gaps, workflow
from hudud.services import audit
from hudud.services import secretariat as core
from hudud.store.secretariat_tables import Commitment, Equipment, Need, Offer, Project
from hudud.store.tables import CrossingPoint, utcnow

PRIORITIES = ("high", "medium", "low")

# ----- projects ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewProject:
    code: str
    name_en: str
    name_ar: str
    name_fr: str = ""
    objectives: str = ""
    budget: int = 0
    currency: str = "EUR"
    funding: tuple[tuple[str, int], ...] = ()  # (partner, amount)
    indicators: tuple[tuple[str, str, str], ...] = field(default=())  # (name, baseline, target)


def create_project(session: Session, caller: Caller, data: NewProject) -> Project:
    core.require_edit(caller, "secretariat.project.create")
    code = core.text(data.code, "code", limit=32).upper()
    if session.scalar(select(Project.id).where(Project.code == code)) is not None:
        raise Conflict(
            N_("a project with the code %(code)s already exists"), values={"code": code}, field="code"
        )
    if data.budget < 0 or any(amount < 0 for _, amount in data.funding):
        raise InvalidInput(N_("budget and funding are amounts of 0 or more"), field="budget")
    currency = data.currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise InvalidInput(N_("currency is a three-letter code such as EUR or USD"), field="currency")
    row = Project(
        code=code,
        name_en=core.text(data.name_en, "name_en", limit=300),
        name_ar=core.text(data.name_ar, "name_ar", limit=300),
        name_fr=core.text(data.name_fr, "name_fr", required=False, limit=300),
        objectives=core.text(data.objectives, "objectives", required=False, limit=8000),
        budget=data.budget,
        currency=currency,
        funding=[{"party": core.party(session, p, "funding partner"), "amount": a} for p, a in data.funding],
        indicators=[
            {"name": core.text(n, "indicator", limit=300), "baseline": b, "target": t, "current": b}
            for n, b, t in data.indicators
        ],
    )
    session.add(row)
    session.flush()
    audit.append(session, caller, "secretariat.project.create", record_type="project", record_id=row.id)
    return row


def get_project(session: Session, caller: Caller, project_id: int) -> Project:
    core.require_read(caller, "secretariat.project.read")
    row = session.get(Project, project_id)
    if row is None:
        raise NotFound(N_("no such project"))
    return row


def list_projects(session: Session, caller: Caller) -> list[Project]:
    core.require_read(caller, "secretariat.project.list")
    return list(session.scalars(select(Project).order_by(Project.code)))


def set_project_status(session: Session, caller: Caller, project_id: int, status: str) -> Project:
    core.require_edit(caller, "secretariat.project.status", "project", project_id)
    row = get_project(session, caller, project_id)
    row.status = core.choice(status, workflow.PROJECT_STATUSES, "status")
    audit.append(
        session, caller, "secretariat.project.status", record_type="project", record_id=row.id, detail=status
    )
    return row


def add_funding(session: Session, caller: Caller, project_id: int, partner: str, amount: int) -> Project:
    core.require_edit(caller, "secretariat.project.funding", "project", project_id)
    row = get_project(session, caller, project_id)
    if amount < 0:
        raise InvalidInput(N_("a funding amount is 0 or more"), field="amount")
    row.funding = [*row.funding, {"party": core.party(session, partner, "partner"), "amount": amount}]
    audit.append(session, caller, "secretariat.project.funding", record_type="project", record_id=row.id)
    return row


def update_indicator(session: Session, caller: Caller, project_id: int, index: int, current: str) -> Project:
    core.require_edit(caller, "secretariat.project.indicator", "project", project_id)
    row = get_project(session, caller, project_id)
    if not 0 <= index < len(row.indicators):
        raise InvalidInput(N_("no such indicator"), field="index")
    indicators = [dict(i) for i in row.indicators]
    indicators[index]["current"] = core.text(current, "current value", limit=100)
    row.indicators = indicators
    audit.append(session, caller, "secretariat.project.indicator", record_type="project", record_id=row.id)
    return row


def link_commitment(session: Session, caller: Caller, project_id: int, commitment_id: int) -> Commitment:
    core.require_edit(caller, "secretariat.project.link", "project", project_id)
    project = get_project(session, caller, project_id)
    commitment = core.get_commitment(session, caller, commitment_id)
    commitment.project_id = project.id
    audit.append(
        session,
        caller,
        "secretariat.project.link",
        record_type="project",
        record_id=project.id,
        detail=commitment.code,
    )
    return commitment


def linked(session: Session, project: Project) -> list[Commitment]:
    return list(
        session.scalars(
            select(Commitment).where(Commitment.project_id == project.id).order_by(Commitment.code)
        )
    )


def funded(project: Project) -> int:
    return sum(int(f.get("amount", 0)) for f in project.funding)


# ----- capacity registry -------------------------------------------------------------------------


def _point(session: Session, country: str, point_id: int | None) -> int | None:
    if point_id is None:
        return None
    point = session.get(CrossingPoint, point_id)
    if point is None or point.country != country:
        raise InvalidInput(
            N_("crossing point %(point_id)s is not a crossing point of %(country)s"),
            values={"point_id": point_id, "country": country},
            field="crossing_point_id",
        )
    return point.id


def record_equipment(
    session: Session,
    caller: Caller,
    country: str,
    category: str,
    quantity: int,
    *,
    crossing_point_id: int | None = None,
    description: str = "",
    condition: str = "working",
) -> Equipment:
    country = core.party(session, country, "country")
    core.require_own_state(caller, country, "secretariat.equipment.record", "country", country, "registry")
    if quantity < 0:
        raise InvalidInput(N_("quantity is 0 or more"), field="quantity")
    row = Equipment(
        country=country,
        crossing_point_id=_point(session, country, crossing_point_id),
        category=core.choice(category, workflow.EQUIPMENT_CATEGORIES, "category"),
        description=core.text(description, "description", required=False, limit=300),
        quantity=quantity,
        condition=core.choice(condition, workflow.EQUIPMENT_CONDITIONS, "condition"),
        updated_by=caller.name,
        updated_at=utcnow(),
    )
    session.add(row)
    session.flush()
    audit.append(session, caller, "secretariat.equipment.record", record_type="equipment", record_id=row.id)
    return row


def record_need(
    session: Session,
    caller: Caller,
    country: str,
    category: str,
    quantity: int,
    *,
    crossing_point_id: int | None = None,
    priority: str = "medium",
    note: str = "",
    assessed_on: date | None = None,
) -> Need:
    """A needs assessment; a newer one for the same place and category replaces the older one."""
    country = core.party(session, country, "country")
    core.require_own_state(caller, country, "secretariat.need.record", "country", country, "registry")
    if quantity < 0:
        raise InvalidInput(N_("quantity is 0 or more"), field="quantity")
    point = _point(session, country, crossing_point_id)
    category = core.choice(category, workflow.EQUIPMENT_CATEGORIES, "category")
    place = Need.crossing_point_id.is_(None) if point is None else Need.crossing_point_id == point
    for old in session.scalars(select(Need).where(Need.country == country, Need.category == category, place)):
        session.delete(old)
    row = Need(
        country=country,
        crossing_point_id=point,
        category=category,
        quantity=quantity,
        priority=core.choice(priority, PRIORITIES, "priority"),
        note=core.text(note, "note", required=False, limit=2000),
        assessed_on=assessed_on or date.today(),
        assessed_by=caller.name,
    )
    session.add(row)
    session.flush()
    audit.append(session, caller, "secretariat.need.record", record_type="need", record_id=row.id)
    return row


def record_offer(
    session: Session,
    caller: Caller,
    partner: str,
    country: str,
    category: str,
    quantity: int,
    *,
    crossing_point_id: int | None = None,
    note: str = "",
) -> Offer:
    core.require_edit(caller, "secretariat.offer.record")
    country = core.party(session, country, "country")
    if quantity < 1:
        raise InvalidInput(N_("an offer is of 1 or more"), field="quantity")
    row = Offer(
        partner=core.party(session, partner, "partner"),
        country=country,
        crossing_point_id=_point(session, country, crossing_point_id),
        category=core.choice(category, workflow.EQUIPMENT_CATEGORIES, "category"),
        quantity=quantity,
        note=core.text(note, "note", required=False, limit=2000),
    )
    session.add(row)
    session.flush()
    audit.append(session, caller, "secretariat.offer.record", record_type="offer", record_id=row.id)
    return row


def set_offer_status(session: Session, caller: Caller, offer_id: int, status: str) -> Offer:
    core.require_edit(caller, "secretariat.offer.status", "offer", offer_id)
    row = session.get(Offer, offer_id)
    if row is None:
        raise NotFound(N_("no such offer"))
    row.status = core.choice(status, workflow.OFFER_STATUSES, "status")
    audit.append(
        session, caller, "secretariat.offer.status", record_type="offer", record_id=row.id, detail=status
    )
    return row


@dataclass
class Registry:
    equipment: list[Equipment]
    needs: list[Need]
    offers: list[Offer]
    gaps: list[gaps.Gap]
    points: dict[int, CrossingPoint]


def registry(session: Session, caller: Caller, country: str | None = None) -> Registry:
    core.require_read(caller, "secretariat.registry.read")

    def rows(model: type[Equipment] | type[Need] | type[Offer]) -> list:  # type: ignore[type-arg]
        query = select(model).order_by(model.country, model.id)
        return list(session.scalars(query.where(model.country == country) if country else query))

    equipment, needs, offers = rows(Equipment), rows(Need), rows(Offer)
    points = {p.id: p for p in session.scalars(select(CrossingPoint))}

    def code(point_id: int | None) -> str | None:
        return points[point_id].code if point_id is not None else None

    found = gaps.gaps(
        [gaps.Item(n.country, code(n.crossing_point_id), n.category, n.quantity) for n in needs],
        [
            gaps.Item(e.country, code(e.crossing_point_id), e.category, e.quantity)
            for e in equipment
            if e.condition == "working"
        ],
        [
            gaps.Item(o.country, code(o.crossing_point_id), o.category, o.quantity)
            for o in offers
            if o.status == "accepted"
        ],
    )
    return Registry(equipment, needs, offers, found, points)
