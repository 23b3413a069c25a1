"""The officer's desk: one keyboard-first screen to read a document, see everything about the traveller
and record the decision; and the group screen for a bus or a car full of travellers."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from hudud.errors import HududError, InvalidInput
from hudud.policy import Caller, Permission
from hudud.services import border, border_groups, crossings, document_checks, reference
from hudud.services.crossings import Desk, Presented
from hudud.web import i18n
from hudud.web.templating import page

router = APIRouter()
VOCABULARY = {
    "directions": border.DIRECTIONS,
    "decisions": border.DECISIONS,
    "reasons": border.REFUSAL_REASONS,
    "document_types": border.DOCUMENT_TYPES,
    "visa_types": border.VISA_TYPES,
    "vehicle_types": border.VEHICLE_TYPES,
    "case_statuses": border.CASE_STATUSES,
    "assessments": border.ASSESSMENTS,
    "sources": border.SOURCES,
}


def new_key() -> str:
    return uuid.uuid4().hex


def parse_day(value: str | None, field: str) -> date | None:
    """A date typed in a form (YYYY-MM-DD, as the browser's date input sends it)."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(border.N_("type the date as YYYY-MM-DD"), field=field) from None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def point_names(session: Session, caller: Caller) -> dict[int, Any]:
    """Crossing points of the caller's state by id, for history tables."""
    return {p.id: p for p in reference.crossing_points(session, caller.country)}


def desk_context(session: Session, caller: Caller, form: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the empty desk needs: the posts to choose from, the last choices, a fresh submission key."""
    border.require(caller, Permission.TRAVELLERS_WRITE, "border.desk")
    form = form or {}
    return {
        **VOCABULARY,
        "points": border.own_points(session, caller),
        "point_names": point_names(session, caller),
        "key": new_key(),
        "direction": form.get("direction") or "entry",
        "point_id": _int(form.get("crossing_point")),
        "source": form.get("source") or "mrz",
    }


@router.get("/border")
def desk_page(request: Request) -> Response:
    return page(request, "border/desk.html", lambda s, c: desk_context(s, c, dict(request.query_params)))


def presented_from(form: dict[str, Any], mrz_text: str, source: str) -> Presented:
    return Presented(
        source=source,
        mrz_text=mrz_text,
        surname=str(form.get("surname", "")),
        given_names=str(form.get("given_names", "")),
        name_arabic=str(form.get("name_arabic", "")),
        birth_date=parse_day(form.get("birth_date"), "birth_date"),
        sex=str(form.get("sex") or "") or None,
        nationality=str(form.get("nationality") or "") or None,
        document_type=str(form.get("document_type") or "P"),
        document_number=str(form.get("document_number", "")),
        document_issuer=str(form.get("document_issuer") or "") or None,
        document_expiry=parse_day(form.get("document_expiry"), "document_expiry"),
        visa_type=str(form.get("visa_type") or "none"),
        visa_until=parse_day(form.get("visa_until"), "visa_until"),
        vehicle_plate=str(form.get("vehicle_plate") or "") or None,
        vehicle_type=str(form.get("vehicle_type") or "") or None,
    )


@router.post("/border/inspect")
async def inspect_page(request: Request) -> Response:
    raw = await request.form()
    photo = raw.get("photo")
    data = await photo.read() if isinstance(photo, UploadFile) else b""
    form = {k: v for k, v in raw.items() if isinstance(v, str)}
    screening = request.app.state.screening

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        context = desk_context(session, caller, form)
        context["key"] = form.get("key") or context["key"]  # a retry keeps its key: no duplicate
        context["form"] = form
        source = form.get("source") or "mrz"
        try:
            mrz_text = form.get("mrz", "")
            if source == "photo":
                if not data:
                    raise InvalidInput(border.N_("choose a photo of the document"), field="photo")
                read = document_checks.check_image(session, caller, data)
                if not read.get("lines"):
                    raise InvalidInput(
                        border.N_("no machine-readable zone found on the photo"), field="photo"
                    )
                mrz_text = "\n".join(read["lines"])
            desk = Desk(
                direction=form.get("direction", "entry"),
                idempotency_key=form.get("key", ""),
                crossing_point_id=_int(form.get("crossing_point")),
            )
            context["inspection"] = crossings.inspect(
                session, caller, screening, presented_from(form, mrz_text, source), desk
            )
        except HududError as error:
            if error.status_code in (401, 403):
                raise
            context["error"] = i18n.error_text(error)
        return context

    template = "border/_inspection.html" if request.headers.get("hx-request") else "border/desk.html"
    return page(request, template, use_case, csrf=form.get("csrf_token"))


@router.post("/border/crossings/{crossing_id}/decision")
async def decide_page(request: Request, crossing_id: int) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        context = desk_context(session, caller, form)
        try:
            context["decided"] = crossings.decide(
                session,
                caller,
                crossing_id,
                form.get("decision", ""),
                form.get("reason_code"),
                form.get("note"),
            )
        except HududError as error:
            if error.status_code in (401, 403, 404):
                raise
            context["error"] = i18n.error_text(error)
            context["inspection"] = crossings.get_inspection(session, caller, crossing_id)
            context["key"] = form.get("key") or context["key"]
        return context

    htmx = request.headers.get("hx-request")
    return page(
        request,
        "border/_desk_body.html" if htmx else "border/desk.html",
        use_case,
        csrf=form.get("csrf_token"),
    )


@router.get("/border/crossings/{crossing_id}")
def crossing_page(request: Request, crossing_id: int) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        return {
            **VOCABULARY,
            "inspection": crossings.get_inspection(session, caller, crossing_id),
            "point_names": point_names(session, caller),
            "key": new_key(),
        }

    return page(request, "border/crossing.html", use_case)


# ----- groups and buses ---------------------------------------------------------------------------
@router.get("/border/group")
def group_page(request: Request) -> Response:
    return page(request, "border/group.html", lambda s, c: desk_context(s, c, dict(request.query_params)))


@router.post("/border/group")
async def group_submit(request: Request) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    screening = request.app.state.screening

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        context = desk_context(session, caller, form)
        context["key"], context["form"] = form.get("key") or context["key"], form
        try:
            context["result"] = border_groups.process_group(
                session,
                caller,
                screening,
                key=form.get("key", ""),
                direction=form.get("direction", "entry"),
                mrz_batch=form.get("mrz", ""),
                crossing_point_id=_int(form.get("crossing_point")),
                label=form.get("label", ""),
                vehicle_plate=form.get("vehicle_plate"),
                vehicle_type=form.get("vehicle_type") or None,
                visa_type=form.get("visa_type") or "none",
            )
        except HududError as error:
            if error.status_code in (401, 403):
                raise
            context["error"] = i18n.error_text(error)
        return context

    return page(request, "border/group.html", use_case, csrf=form.get("csrf_token"))


@router.post("/border/group/{group_id}/decision")
async def group_decide(request: Request, group_id: int) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        context = desk_context(session, caller, form)
        context["problems"] = border_groups.decide_group(
            session, caller, group_id, border_groups.parse_decisions(form)
        )
        context["result"] = border_groups.group_inspections(session, caller, group_id)
        context["decided"] = True
        return context

    return page(request, "border/group.html", use_case, csrf=form.get("csrf_token"))
