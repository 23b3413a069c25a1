"""Hit cases on the web: the live queue, one case with its evidence, the officer's assessment, the
reviewer's confirmation or clearance, the referred traveller's final decision, cleared pairings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from hudud.errors import Conflict, HududError
from hudud.policy import Caller, Permission
from hudud.services import cases, crossings, piu_cases, retro
from hudud.services.border import N_
from hudud.services.retention import Policy
from hudud.web import i18n
from hudud.web.pages.border import VOCABULARY, desk_context, point_names
from hudud.web.templating import page

router = APIRouter()


def _queue(session: Session, caller: Caller, request: Request) -> dict[str, Any]:
    # a list changed since the last look: past crossings are re-screened in the background
    started = retro.rescreen_if_lists_changed(
        session, caller, request.app.state.screening, background=request.app.state.uow
    )
    return {
        "rescreening": started,
        **VOCABULARY,
        "queue": cases.queue(session, caller),
        "point_names": point_names(session, caller),
        "reviewer": caller.can(Permission.CASES_REVIEW),
    }


@router.get("/border/cases")
def queue_page(request: Request) -> Response:
    template = "border/_queue.html" if request.headers.get("hx-request") else "border/cases.html"
    return page(request, template, lambda s, c: _queue(s, c, request))


def _case_context(
    session: Session, caller: Caller, case_id: int, request: Request, **extra: Any
) -> dict[str, Any]:
    view = cases.get_case(session, caller, case_id)
    return {
        **VOCABULARY,
        "view": view,
        "expected": piu_cases.expected(session, view.case, Policy.of(request.app.state.settings)),
        "reviewer": caller.can(Permission.CASES_REVIEW),
        "point_names": point_names(session, caller),
        **extra,
    }


@router.get("/border/cases/{case_id}")
def case_page(request: Request, case_id: int) -> Response:
    return page(request, "border/case.html", lambda s, c: _case_context(s, c, case_id, request))


def _form(raw: Any) -> dict[str, str]:
    return {k: v for k, v in raw.items() if isinstance(v, str)}


@router.post("/border/cases/{case_id}/assess")
async def assess_page(request: Request, case_id: int) -> Response:
    form = _form(await request.form())
    from_desk = form.get("back") == "desk"

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        error = None
        try:
            view = cases.assess(session, caller, case_id, form.get("assessment", ""), form.get("reason", ""))
        except HududError as exc:
            if exc.status_code in (401, 403, 404):
                raise
            error, view = i18n.error_text(exc), cases.get_case(session, caller, case_id)
        if from_desk and view.crossing is not None:
            context = desk_context(session, caller, form)
            context["key"] = form.get("key") or context["key"]
            context["inspection"] = crossings.get_inspection(session, caller, view.crossing.id)
            context["error"] = error
            return context
        return _case_context(session, caller, case_id, request, error=error)

    template = "border/_inspection.html" if from_desk else "border/case.html"
    return page(request, template, use_case, csrf=form.get("csrf_token"))


@router.post("/border/cases/{case_id}/resolve")
async def resolve_page(request: Request, case_id: int) -> Response:
    form = _form(await request.form())

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        try:
            cases.resolve(session, caller, case_id, form.get("outcome", ""), form.get("note", ""))
        except HududError as exc:
            if exc.status_code in (401, 403, 404):
                raise
            return _case_context(session, caller, case_id, request, error=i18n.error_text(exc))
        return _case_context(session, caller, case_id, request, done=form.get("outcome"))

    return page(request, "border/case.html", use_case, csrf=form.get("csrf_token"))


@router.post("/border/cases/{case_id}/decision")
async def case_decision_page(request: Request, case_id: int) -> Response:
    """The referred traveller's final decision, taken from the case (secondary inspection)."""
    form = _form(await request.form())

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        view = cases.get_case(session, caller, case_id)
        try:
            if view.crossing is None:
                raise Conflict(N_("the traveller has not been presented at a desk yet"))
            crossings.decide(
                session,
                caller,
                view.crossing.id,
                form.get("decision", ""),
                form.get("reason_code"),
                form.get("note"),
            )
        except HududError as exc:
            if exc.status_code in (401, 403, 404):
                raise
            return _case_context(session, caller, case_id, request, error=i18n.error_text(exc))
        return _case_context(session, caller, case_id, request, decided=True)

    return page(request, "border/case.html", use_case, csrf=form.get("csrf_token"))


@router.get("/border/clearances")
def clearances_page(request: Request) -> Response:
    return page(request, "border/clearances.html", lambda s, c: {"rows": cases.clearances(s, c)})


@router.post("/border/clearances/{clearance_id}/revoke")
async def revoke_page(request: Request, clearance_id: int) -> Response:
    form = _form(await request.form())

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        error = None
        try:
            cases.revoke_clearance(session, caller, clearance_id, form.get("reason", ""))
        except HududError as exc:
            if exc.status_code in (401, 403, 404):
                raise
            error = i18n.error_text(exc)
        return {"rows": cases.clearances(session, caller), "error": error}

    return page(request, "border/clearances.html", use_case, csrf=form.get("csrf_token"))
