"""Passenger information unit pages: the arrivals board with the upload form, a flight's ranked
travellers with their reasons, and targets (a person's decision, never the rules')."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hudud.errors import HududError, PayloadTooLarge
from hudud.policy import Caller
from hudud.services import piu
from hudud.services.api_ingest import stored_rejection
from hudud.services.api_screening import lists_stamp
from hudud.services.border import CASE_STATUSES
from hudud.services.retention import Policy
from hudud.web import i18n
from hudud.web.api.manifests import ingestor, policy
from hudud.web.deps import as_caller
from hudud.web.security import authenticate
from hudud.web.templating import page, render
from hudud.web.vocabulary import N_

router = APIRouter()

VOCABULARY = (
    N_("Passenger information"), N_("high"), N_("medium"), N_("low"), N_("none"), N_("passenger"),
    N_("crew"), N_("analysts"), N_("bcp"), N_("open"), N_("confirmed"), N_("cleared"), N_("ingested"),
    N_("duplicate"), N_("rejected"), N_("received"), N_("paxlst"), N_("pnrgov"),
)  # fmt: skip


@router.get("/piu")
def board_page(request: Request, hours: int = 24) -> Response:
    hours = max(1, min(hours, 72))
    return page(request, "piu/board.html", lambda s, c: {"board": piu.board(s, c, hours=hours)})


@router.post("/piu/upload")
async def upload_page(request: Request, file: UploadFile = File(...), csrf_token: str = Form("")) -> Response:
    """The web channel: the file goes through the same ingestion as every other channel."""
    limit = request.app.state.settings.manifest_max_bytes
    data = await file.read(limit + 1)  # one byte more than allowed is enough to refuse it
    name = (file.filename or "upload")[:200]
    context: dict[str, Any] = {"file_name": name}
    try:
        if len(data) > limit:
            raise PayloadTooLarge(
                N_("the file is larger than %(limit)s bytes; nothing was stored"),
                values={"limit": f"{limit:,}"},
            )
        context["result"] = await run_in_threadpool(_upload, request, data, name, csrf_token)
    except HududError as error:
        if error.status_code in (401, 403):
            raise
        context["upload_error"] = i18n.error_text(error)
    hx = bool(request.headers.get("hx-request"))

    def use_case(session, caller):  # type: ignore[no-untyped-def]
        values = dict(context)
        if not hx:
            values["board"] = piu.board(session, caller)
        return values

    template = "piu/upload_result.html" if hx else "piu/board.html"
    return await run_in_threadpool(lambda: page(request, template, use_case, csrf=csrf_token))


def _upload(request: Request, data: bytes, name: str, csrf: str) -> Any:
    """The board's form is the unit's, like the board: authorised before anything is stored. Gateways and
    other senders use ``POST /api/manifests`` (``screening.screen``)."""
    engine = ingestor(request)
    caller = engine.uow.run(lambda s: authenticate(s, request, csrf_form_value=csrf)[0])
    engine.uow.run(lambda s: piu.require(caller, "manifests.ingest"))
    result = engine.ingest(caller, data, channel="upload", source=name)
    if result.status == "rejected" and result.rejection is None and result.error:  # rejected when first sent
        result.rejection = stored_rejection(data, result.error, engine.settings.manifest_max_bytes)
    return result


@router.get("/piu/flights/{flight_id}")
def flight_page(request: Request, flight_id: int) -> Response:
    rules, threshold = policy(request), request.app.state.screening.threshold
    return page(
        request,
        "piu/flight.html",
        lambda s, c: piu.flight_view(s, c, flight_id, rules, stamp=lists_stamp(s, threshold), extended=True),
    )


@router.post("/piu/flights/{flight_id}/rescreen")
def rescreen_page(request: Request, flight_id: int, csrf_token: str = Form("")) -> Response:
    engine = ingestor(request)
    caller = engine.uow.run(lambda s: authenticate(s, request, csrf_form_value=csrf_token)[0])
    engine.rescreen(caller, flight_id)
    return RedirectResponse(f"/piu/flights/{flight_id}", status_code=303)


@router.post("/piu/targets")
def target_create(
    request: Request,
    traveller_id: int = Form(...),
    flight_id: int = Form(...),
    assignee: str = Form(...),
    reason: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    rules = policy(request)

    def use_case(session, caller):  # type: ignore[no-untyped-def]
        try:
            piu.create_target(session, caller, traveller_id, assignee, reason)
        except HududError as error:
            if error.status_code in (401, 403, 404):
                raise
            view = piu.flight_view(session, caller, flight_id, rules, extended=True)
            return caller, {**view, "target_error": i18n.error_text(error), "error_for": traveller_id}
        return None

    failed = as_caller(request, use_case, csrf=csrf_token)
    if failed is None:
        return RedirectResponse(f"/piu/flights/{flight_id}#t{traveller_id}", status_code=303)
    return render(request, "piu/flight.html", failed[1], caller=failed[0], status_code=422)


@router.post("/piu/targets/{target_id}/decision")
def target_decide(
    request: Request,
    target_id: int,
    outcome: str = Form(...),
    note: str = Form(""),
    crossing_point: str = Form(""),
    back: str = Form("/piu/targets"),
    csrf_token: str = Form(""),
) -> Response:
    """Confirm (the target becomes a case at the arrival crossing point) or clear; a refusal to
    confirm (no crossing point known for the airport) shows the targets again with the reason."""
    rules = policy(request)
    chosen = int(crossing_point) if crossing_point.strip().isdigit() else None

    def use_case(session, caller):  # type: ignore[no-untyped-def]
        try:
            piu.decide_target(session, caller, target_id, outcome, note, crossing_point_id=chosen)
        except HududError as error:
            if error.status_code in (401, 403, 404):
                raise
            return caller, {**_targets(session, caller, rules, False), "target_error": i18n.error_text(error),
                            "error_for": target_id}  # fmt: skip
        return None

    failed = as_caller(request, use_case, csrf=csrf_token)
    if failed is None:
        return RedirectResponse(back if back.startswith("/piu") else "/piu/targets", status_code=303)
    return render(request, "piu/targets.html", failed[1], caller=failed[0], status_code=422)


def _targets(session: Session, caller: Caller, rules: Policy, everything: bool) -> dict[str, Any]:
    return {
        "targets": piu.targets(session, caller, rules, open_only=not everything),
        "referred": piu.referred(session, caller, rules, active_only=not everything),
        "points": piu.arrival_points(session, caller),
        "case_statuses": CASE_STATUSES,
        "all": everything,
    }


@router.get("/piu/targets")
def targets_page(request: Request, all: bool = False) -> Response:
    rules = policy(request)
    return page(request, "piu/targets.html", lambda s, c: _targets(s, c, rules, all))
