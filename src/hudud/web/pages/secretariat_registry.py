"""Secretariat pages for working groups and their proposals, priority projects, and the capacity
and equipment registry with its gaps view. Included by ``hudud.web.pages.secretariat``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.policy import Caller, Permission
from hudud.secretariat import workflow
from hudud.services import (
    secretariat,
    secretariat_capacity,
    secretariat_groups,
    secretariat_meetings,
)
from hudud.store.secretariat_tables import SecEvent
from hudud.web.pages.forms import post, redirect
from hudud.web.templating import page

router = APIRouter()


def _int(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _base(session: Session, caller: Caller) -> dict[str, Any]:
    from hudud.web.pages.secretariat import common

    return common(session, caller)


# ----- working groups and proposals --------------------------------------------------------------


@router.get("/secretariat/groups")
def groups(request: Request) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        return {
            **_base(session, caller),
            "groups": secretariat_groups.list_groups(session, caller),
            "proposals": secretariat_groups.list_proposals(session, caller),
        }

    return page(request, "secretariat/groups.html", use_case)


@router.get("/secretariat/groups/{group_id}")
def group(request: Request, group_id: int) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        row = secretariat_groups.get_group(session, caller, group_id)
        meetings = [e for e in secretariat_meetings.list_events(session, caller) if e.group_id == row.id]
        return {
            **_base(session, caller),
            "g": row,
            "meetings": meetings,
            "proposals": secretariat_groups.list_proposals(session, caller, row.id),
            "member": secretariat_groups.is_member(row, caller),
            "kinds": workflow.MEMBER_KINDS,
        }

    return page(request, "secretariat/group.html", use_case)


@router.post("/secretariat/groups/{group_id}/members")
def add_member(
    request: Request,
    group_id: int,
    kind: str = Form(...),
    party: str = Form(""),
    name: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat_groups.add_member(s, c, group_id, kind, party, name))
    return redirect(f"/secretariat/groups/{group_id}")


@router.post("/secretariat/groups/{group_id}/proposals")
def create_proposal(
    request: Request,
    group_id: int,
    name_en: str = Form(...),
    name_ar: str = Form(""),
    text: str = Form(...),
    csrf_token: str = Form(""),
) -> Response:
    created = post(
        request,
        csrf_token,
        lambda s, c: secretariat_groups.create_proposal(s, c, group_id, name_en, name_ar, text).id,
    )
    return redirect(f"/secretariat/proposals/{created}")


@router.get("/secretariat/proposals/{proposal_id}")
def proposal(request: Request, proposal_id: int) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        row = secretariat_groups.get_proposal(session, caller, proposal_id)
        group = secretariat_groups.get_group(session, caller, row.group_id)
        conferences = [e for e in secretariat_meetings.list_events(session, caller, "ministerial_conference")]
        return {
            **_base(session, caller),
            "p": row,
            "g": group,
            "conference": session.get(SecEvent, row.conference_id) if row.conference_id else None,
            "conferences": conferences,
            "may_draft": caller.can(Permission.SECRETARIAT_EDIT)
            or secretariat_groups.is_member(group, caller),
            "moves": [a for a, (allowed, _t, _s) in workflow.PROPOSAL_MOVES.items() if row.status in allowed],
            "editable": workflow.editable(row.status),
        }

    return page(request, "secretariat/proposal.html", use_case)


@router.post("/secretariat/proposals/{proposal_id}/versions")
def add_version(
    request: Request, proposal_id: int, text: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat_groups.add_version(s, c, proposal_id, text))
    return redirect(f"/secretariat/proposals/{proposal_id}")


@router.post("/secretariat/proposals/{proposal_id}/comments")
def add_comment(
    request: Request, proposal_id: int, text: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat_groups.comment(s, c, proposal_id, text))
    return redirect(f"/secretariat/proposals/{proposal_id}")


@router.post("/secretariat/proposals/{proposal_id}/move")
def move(
    request: Request,
    proposal_id: int,
    action: str = Form(...),
    conference_id: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    target = _int(conference_id)
    post(request, csrf_token, lambda s, c: secretariat_groups.move(s, c, proposal_id, action, target))
    return redirect(f"/secretariat/proposals/{proposal_id}")


# ----- projects ----------------------------------------------------------------------------------


@router.get("/secretariat/projects")
def projects(request: Request) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        rows = secretariat_capacity.list_projects(session, caller)
        return {**_base(session, caller), "projects": [(p, secretariat_capacity.funded(p)) for p in rows]}

    return page(request, "secretariat/projects.html", use_case)


@router.post("/secretariat/projects")
def create_project(
    request: Request,
    code: str = Form(...),
    name_en: str = Form(...),
    name_ar: str = Form(...),
    objectives: str = Form(""),
    budget: int = Form(0),
    currency: str = Form("EUR"),
    partner: str = Form(""),
    amount: int = Form(0),
    indicator: str = Form(""),
    baseline: str = Form(""),
    target: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    data = secretariat_capacity.NewProject(
        code=code, name_en=name_en, name_ar=name_ar, objectives=objectives, budget=budget, currency=currency,
        funding=((partner, amount),) if partner else (),
        indicators=((indicator, baseline, target),) if indicator.strip() else (),
    )  # fmt: skip
    created = post(request, csrf_token, lambda s, c: secretariat_capacity.create_project(s, c, data).id)
    return redirect(f"/secretariat/projects/{created}")


@router.get("/secretariat/projects/{project_id}")
def project(request: Request, project_id: int) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        row = secretariat_capacity.get_project(session, caller, project_id)
        return {
            **_base(session, caller),
            "p": row,
            "funded": secretariat_capacity.funded(row),
            "linked": secretariat_capacity.linked(session, row),
            "commitments": [t.commitment for t in secretariat.list_commitments(session, caller)],
            "statuses": workflow.PROJECT_STATUSES,
        }

    return page(request, "secretariat/project.html", use_case)


@router.post("/secretariat/projects/{project_id}/status")
def project_status(
    request: Request, project_id: int, status: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat_capacity.set_project_status(s, c, project_id, status))
    return redirect(f"/secretariat/projects/{project_id}")


@router.post("/secretariat/projects/{project_id}/funding")
def project_funding(
    request: Request,
    project_id: int,
    partner: str = Form(...),
    amount: int = Form(...),
    csrf_token: str = Form(""),
) -> Response:
    post(
        request, csrf_token, lambda s, c: secretariat_capacity.add_funding(s, c, project_id, partner, amount)
    )
    return redirect(f"/secretariat/projects/{project_id}")


@router.post("/secretariat/projects/{project_id}/indicators/{index}")
def project_indicator(
    request: Request, project_id: int, index: int, current: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(
        request,
        csrf_token,
        lambda s, c: secretariat_capacity.update_indicator(s, c, project_id, index, current),
    )
    return redirect(f"/secretariat/projects/{project_id}")


@router.post("/secretariat/projects/{project_id}/commitments")
def project_link(
    request: Request, project_id: int, commitment_id: int = Form(...), csrf_token: str = Form("")
) -> Response:
    post(
        request,
        csrf_token,
        lambda s, c: secretariat_capacity.link_commitment(s, c, project_id, commitment_id),
    )
    return redirect(f"/secretariat/projects/{project_id}")


# ----- capacity registry -------------------------------------------------------------------------


@router.get("/secretariat/capacity")
def capacity(request: Request, country: str = "") -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        from hudud.store.tables import CrossingPoint

        points = list(
            session.scalars(select(CrossingPoint).order_by(CrossingPoint.country, CrossingPoint.code))
        )
        return {
            **_base(session, caller),
            "reg": secretariat_capacity.registry(session, caller, country or None),
            "country": country,
            "points": points,
            "categories": workflow.EQUIPMENT_CATEGORIES,
            "conditions": workflow.EQUIPMENT_CONDITIONS,
            "priorities": secretariat_capacity.PRIORITIES,
            "offer_statuses": workflow.OFFER_STATUSES,
            "my_country": caller.country,
        }

    return page(request, "secretariat/capacity.html", use_case)


def _back(country: str) -> Response:
    return redirect(f"/secretariat/capacity?country={country}" if country else "/secretariat/capacity")


@router.post("/secretariat/capacity/equipment")
def add_equipment(
    request: Request,
    country: str = Form(...),
    category: str = Form(...),
    quantity: int = Form(...),
    crossing_point_id: str = Form(""),
    description: str = Form(""),
    condition: str = Form("working"),
    csrf_token: str = Form(""),
) -> Response:
    point = _int(crossing_point_id)
    post(
        request, csrf_token,
        lambda s, c: secretariat_capacity.record_equipment(
            s, c, country, category, quantity, crossing_point_id=point, description=description, condition=condition
        ),
    )  # fmt: skip
    return _back(country)


@router.post("/secretariat/capacity/needs")
def add_need(
    request: Request,
    country: str = Form(...),
    category: str = Form(...),
    quantity: int = Form(...),
    crossing_point_id: str = Form(""),
    priority: str = Form("medium"),
    note: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    point = _int(crossing_point_id)
    post(
        request, csrf_token,
        lambda s, c: secretariat_capacity.record_need(
            s, c, country, category, quantity, crossing_point_id=point, priority=priority, note=note
        ),
    )  # fmt: skip
    return _back(country)


@router.post("/secretariat/capacity/offers")
def add_offer(
    request: Request,
    partner: str = Form(...),
    country: str = Form(...),
    category: str = Form(...),
    quantity: int = Form(...),
    crossing_point_id: str = Form(""),
    note: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    point = _int(crossing_point_id)
    post(
        request, csrf_token,
        lambda s, c: secretariat_capacity.record_offer(
            s, c, partner, country, category, quantity, crossing_point_id=point, note=note
        ),
    )  # fmt: skip
    return _back(country)


@router.post("/secretariat/capacity/offers/{offer_id}/status")
def offer_status(
    request: Request, offer_id: int, status: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat_capacity.set_offer_status(s, c, offer_id, status))
    return _back("")
