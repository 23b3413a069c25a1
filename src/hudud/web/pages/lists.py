"""List management (import, versions, differences) and the analyst's screening search."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError

from hudud.errors import N_, HududError
from hudud.policy import Permission
from hudud.services import lists
from hudud.web import i18n
from hudud.web.api.screening import ScreenRequest, result_of, traveller_from
from hudud.web.templating import page

router = APIRouter()


@router.get("/lists")
def lists_page(request: Request) -> Response:
    return page(
        request,
        "lists.html",
        lambda s, c: {"rows": lists.lists_in_force(s, c), "can_import": c.can(Permission.LISTS_MANAGE)},
    )


@router.post("/lists/import")
def import_page(
    request: Request, file: UploadFile = File(...), name: str = Form(""), csrf_token: str = Form("")
) -> Response:
    uploads = request.app.state.settings.var_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=uploads))
    path = folder / Path(file.filename or "list").name
    with path.open("wb") as handle:
        while chunk := file.file.read(1 << 20):
            handle.write(chunk)

    def use_case(session, caller):  # type: ignore[no-untyped-def]
        context: dict[str, Any] = {"can_import": caller.can(Permission.LISTS_MANAGE)}
        try:
            context["report"] = lists.import_list(session, caller, path, list_name=name.strip() or None)
        except HududError as error:
            if error.status_code in (401, 403):
                raise
            context["import_error"] = i18n.error_text(error)
        context["rows"] = lists.lists_in_force(session, caller)
        return context

    try:
        template = "lists_body.html" if request.headers.get("hx-request") else "lists.html"
        return page(request, template, use_case, csrf=csrf_token)
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()


@router.get("/lists/{name}")
def versions_page(request: Request, name: str) -> Response:
    return page(
        request, "list_versions.html", lambda s, c: {"name": name, "versions": lists.versions(s, c, name)}
    )


@router.get("/lists/{name}/diff")
def diff_page(request: Request, name: str, older: int, newer: int) -> Response:
    return page(
        request, "list_diff.html", lambda s, c: {"diff": lists.diff_versions(s, c, name, older, newer)}
    )


def _search_problem(error: Exception) -> str:
    """Why a search was refused, in the page's language: a birth date the search cannot read (``01/03/1972``
    fails the request's pattern, ``1972-13-45`` the calendar) names the field and the form expected, never
    the validator's or parser's English."""
    field = error.details.get("field") if isinstance(error, HududError) else None
    if isinstance(error, ValidationError):
        field = next((str(e["loc"][0]) for e in error.errors() if e["loc"]), None)
    if field == "birth_date":
        return i18n.gettext_("%(what)s: use a date like 2026-03-02") % {
            "what": i18n.gettext_("Date of birth")
        }
    if isinstance(error, HududError):
        return i18n.error_text(error)
    return str(error).splitlines()[0]


@router.get("/screening")
def search_page(
    request: Request,
    name: str = "",
    birth_date: str = "",
    nationality: str = "",
    document_number: str = "",
) -> Response:
    """Analyst search: any name form, with optional birth date, nationality and document."""
    engine = request.app.state.screening
    query = {
        "name": name,
        "birth_date": birth_date,
        "nationality": nationality,
        "document_number": document_number,
    }

    def use_case(session, caller):  # type: ignore[no-untyped-def]
        context: dict[str, Any] = {"query": query, "results": None, "threshold": engine.threshold}
        if not caller.can(Permission.SCREEN):
            from hudud.errors import Forbidden

            raise Forbidden(N_("your role does not screen travellers"))
        if name.strip() or document_number.strip():
            try:
                body = ScreenRequest(
                    name=name or None,
                    birth_date=birth_date or None,
                    nationality=nationality or None,
                    document_number=document_number or None,
                    limit=10,
                )
                hits = engine.screen(session, caller, traveller_from(body), limit=10)
            except (HududError, ValueError) as error:
                context["search_error"] = _search_problem(error)
            else:
                # the API's result and the reasons, which the page words in its language
                context["results"] = [{**result_of(h).model_dump(), "reasons": h.reasons} for h in hits]
        return context

    template = "screening_results.html" if request.headers.get("hx-request") else "screening.html"
    return page(request, template, use_case)
