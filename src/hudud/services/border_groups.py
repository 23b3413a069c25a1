"""Groups at land borders: a bus, a family in a car. The officer reads every document one after the
other (a reader types each MRZ, separated by a blank line), sees every traveller in one table and
decides for all at once; each traveller is still a crossing of their own, with their own cases.

The group has its own idempotency key; each traveller's crossing key is derived from it, so a retried
group submission neither duplicates the group nor any of its crossings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hudud.errors import HududError, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.services import audit, crossings
from hudud.services.border import N_, NOT_VISIBLE, VEHICLE_TYPES, crossing_point_for, home_state, require
from hudud.services.cases import may_see
from hudud.services.crossings import KEY, Desk, Inspection, Presented
from hudud.services.documents import split_batch
from hudud.services.node_screening import NodeScreening
from hudud.store.border_tables import BorderCrossing, BorderGroup

MAX_TRAVELLERS = 80  # a full coach


@dataclass
class GroupResult:
    group: BorderGroup
    inspections: list[Inspection]
    problems: list[tuple[int, HududError]]  # (position from 1, why) of documents that could not be read


def process_group(
    session: Session,
    caller: Caller,
    screening: NodeScreening,
    *,
    key: str,
    direction: str,
    mrz_batch: str,
    crossing_point_id: int | None = None,
    label: str = "",
    vehicle_plate: str | None = None,
    vehicle_type: str | None = None,
    visa_type: str = "none",
) -> GroupResult:
    """Record the group and every readable traveller in it (a bad MRZ is reported, not fatal)."""
    require(caller, Permission.TRAVELLERS_WRITE, "border.group")
    if not KEY.match(key or ""):
        raise InvalidInput(N_("a submission key of 8-64 letters, digits or -_.: is required"), field="key")
    if vehicle_type and vehicle_type not in VEHICLE_TYPES:
        raise InvalidInput(N_("unknown vehicle type"), field="vehicle_type")
    documents = split_batch(mrz_batch)
    if not documents:
        raise InvalidInput(N_("read at least one document"), field="mrz")
    if len(documents) > MAX_TRAVELLERS:
        raise InvalidInput(N_("at most 80 travellers in one group"), field="mrz")
    point = crossing_point_for(session, caller, crossing_point_id)
    group = _group(session, caller, key)
    if group is None:
        group = BorderGroup(
            country=home_state(caller),
            crossing_point_id=point.id,
            direction=direction,
            label=label.strip()[:200],
            vehicle_plate=(vehicle_plate or "").strip().upper() or None,
            vehicle_type=vehicle_type or None,
            created_by=caller.principal.user_id if caller.principal else None,
            idempotency_key=key,
        )
        try:
            with session.begin_nested():
                session.add(group)
        except IntegrityError:
            group = _group(session, caller, key)
            if group is None:
                raise
    inspections: list[Inspection] = []
    problems: list[tuple[int, HududError]] = []
    for position, text in enumerate(documents, start=1):
        presented = Presented(
            source="mrz",
            mrz_text=text,
            visa_type=visa_type,
            vehicle_plate=group.vehicle_plate,
            vehicle_type=group.vehicle_type,
        )
        desk = Desk(direction, f"{key}:{position}", point.id, group.id)
        try:
            inspections.append(crossings.inspect(session, caller, screening, presented, desk))
        except InvalidInput as error:
            problems.append((position, error))
    audit.append(
        session,
        caller,
        "border.group",
        record_type="border_group",
        record_id=group.id,
        detail=f"travellers={len(inspections)} unreadable={len(problems)}",
    )
    return GroupResult(group, inspections, problems)


def _group(session: Session, caller: Caller, key: str) -> BorderGroup | None:
    if caller.principal is None:
        return None
    return session.scalar(
        select(BorderGroup).where(
            BorderGroup.created_by == caller.principal.user_id, BorderGroup.idempotency_key == key
        )
    )


def _visible(session: Session, caller: Caller, group_id: int, action: str) -> BorderGroup:
    group = session.get(BorderGroup, group_id)
    if group is None or not may_see(caller, group.country, group.crossing_point_id, group.created_by):
        raise NotFound(NOT_VISIBLE).then(audit.denial(caller, action, "border_group", group_id))
    return group


def decide_group(
    session: Session, caller: Caller, group_id: int, decisions: dict[int, tuple[str, str | None]]
) -> dict[int, HududError]:
    """Decide each crossing of the group; returns the problem per crossing that could not be decided
    (e.g. an open hit blocks admission) while the others are recorded."""
    group = _visible(session, caller, group_id, "border.group.decide")
    members = set(session.scalars(select(BorderCrossing.id).where(BorderCrossing.group_id == group.id)))
    problems: dict[int, HududError] = {}
    for crossing_id, (decision, reason) in decisions.items():
        if crossing_id not in members:
            problems[crossing_id] = InvalidInput(N_("not a traveller of this group"))
            continue
        try:
            with session.begin_nested():
                crossings.decide(session, caller, crossing_id, decision, reason)
        except HududError as error:
            if error.status_code in (401, 403, 404):
                raise
            problems[crossing_id] = error
    return problems


def group_inspections(session: Session, caller: Caller, group_id: int) -> GroupResult:
    """The group's travellers as the officer saw them (after a decision, to show what is left)."""
    group = _visible(session, caller, group_id, "border.group.read")
    ids = session.scalars(
        select(BorderCrossing.id).where(BorderCrossing.group_id == group.id).order_by(BorderCrossing.id)
    )
    return GroupResult(group, [crossings.get_inspection(session, caller, i) for i in ids], [])


def parse_decisions(form: dict[str, str]) -> dict[int, tuple[str, str | None]]:
    """``decision-<id>`` and ``reason-<id>`` form fields -> {crossing id: (decision, reason)}."""
    out: dict[int, tuple[str, str | None]] = {}
    for name, value in form.items():
        found = re.fullmatch(r"decision-(\d+)", name)
        if found and value:
            crossing_id = int(found.group(1))
            out[crossing_id] = (value, form.get(f"reason-{crossing_id}") or None)
    return out
