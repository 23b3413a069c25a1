"""Traveller search and record pages (personal data: authorised and audit-logged by the service)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hudud.services import travellers
from hudud.web.templating import page

router = APIRouter()


@router.get("/travellers")
def search(request: Request, q: str = "") -> Response:
    template = "travellers_results.html" if request.headers.get("hx-request") else "travellers.html"

    def use_case(session, caller):  # type: ignore[no-untyped-def]
        travellers.require_search(caller)
        results = travellers.search_travellers(session, caller, q) if len(q.strip()) >= 2 else None
        return {"q": q, "results": results}

    return page(request, template, use_case)


@router.get("/travellers/{traveller_id}")
def record(request: Request, traveller_id: int) -> Response:
    return page(request, "traveller.html", lambda s, c: {"t": travellers.get_traveller(s, c, traveller_id)})
