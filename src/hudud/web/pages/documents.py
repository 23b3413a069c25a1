"""The officer's document check: paste or scan an MRZ, or upload a photo; see fields, checks, findings."""

from __future__ import annotations

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from hudud.errors import N_
from hudud.policy import Permission
from hudud.services import document_checks
from hudud.web.templating import page

router = APIRouter()


@router.get("/documents")
def documents_page(request: Request) -> Response:
    def use_case(_session, caller):  # type: ignore[no-untyped-def]
        if not caller.can(Permission.DOCUMENTS_CHECK):
            from hudud.errors import Forbidden

            raise Forbidden(N_("your role does not check travel documents"))
        return {"results": None}

    return page(request, "documents.html", use_case)


@router.post("/documents/check")
def check(request: Request, mrz: str = Form(""), csrf_token: str = Form("")) -> Response:
    template = "documents_result.html" if request.headers.get("hx-request") else "documents.html"
    return page(
        request,
        template,
        lambda s, c: {"results": document_checks.check_text(s, c, mrz), "mrz": mrz},
        csrf=csrf_token,
    )


@router.post("/documents/image")
def image(request: Request, file: UploadFile = File(...), csrf_token: str = Form("")) -> Response:
    data = file.file.read()
    template = "documents_result.html" if request.headers.get("hx-request") else "documents.html"
    return page(
        request,
        template,
        lambda s, c: {"results": [document_checks.check_image(s, c, data)]},
        csrf=csrf_token,
    )
