"""What every form handler of the pages does: run the use case for the signed-in caller with the
form's CSRF token, then send the browser on with 303 See Other (so a reload does not post again)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from hudud.web.deps import as_caller


def redirect(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


def post(request: Request, csrf_token: str, use_case: Any) -> Any:
    return as_caller(request, use_case, csrf=csrf_token)
