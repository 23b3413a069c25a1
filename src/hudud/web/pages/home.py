"""Home: a dashboard shaped by the caller's roles."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hudud.policy import Caller, Permission
from hudud.services import reference
from hudud.store.tables import AuditRecord, CrossingPoint, TravellerRecord, User
from hudud.web.templating import page

router = APIRouter()


def dashboard(session: Session, caller: Caller) -> dict[str, Any]:
    """Counts an officer, supervisor or administrator checks first; each card only for roles that use it."""
    me = caller.principal
    assert me is not None
    cards: list[dict[str, object]] = []
    if caller.can(Permission.TRAVELLERS_READ):
        count = session.scalar(
            select(func.count(TravellerRecord.id)).where(TravellerRecord.country == me.country)
        )
        cards.append({"title": "Traveller records", "value": count, "link": "/travellers"})
    if caller.can(Permission.USERS_MANAGE):
        users = session.scalar(select(func.count(User.id)).where(User.country == me.country))
        cards.append({"title": "Accounts", "value": users, "link": "/admin/users"})
    if caller.can(Permission.AUDIT_READ):
        records = session.scalar(select(func.count(AuditRecord.id)))
        cards.append({"title": "Audit records", "value": records, "link": "/admin/audit"})
    points = reference.crossing_points(session, me.country)
    return {
        "cards": cards,
        "post": session.get(CrossingPoint, me.crossing_point_id) if me.crossing_point_id else None,
        "points": points,
        "today": date.today(),
    }


@router.get("/")
def home(request: Request) -> Response:
    return page(request, "home.html", dashboard)
