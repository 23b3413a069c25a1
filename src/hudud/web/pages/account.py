"""My account: language and personal API tokens (shown once on creation)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from hudud.services import identity
from hudud.web.templating import page

router = APIRouter()


@router.get("/account")
def account(request: Request) -> Response:
    return page(request, "account.html", lambda s, c: {"tokens": identity.tokens_of(s, c.principal.user_id)})


@router.post("/account/tokens")
def create_token(
    request: Request, name: str = Form(""), days: int = Form(90), csrf_token: str = Form("")
) -> Response:
    def use_case(session, caller):  # type: ignore[no-untyped-def]
        plain, _token = identity.create_token(session, caller, caller.name, name, days)
        return {"tokens": identity.tokens_of(session, caller.principal.user_id), "new_token": plain}

    return page(request, "account.html", use_case, csrf=csrf_token, status_code=201)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, csrf_token: str = Form("")) -> Response:
    def use_case(session, caller):  # type: ignore[no-untyped-def]
        identity.revoke_token(session, caller, token_id)
        return {"tokens": identity.tokens_of(session, caller.principal.user_id)}

    return page(request, "account.html", use_case, csrf=csrf_token)
