"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from hudud.errors import HududError, TooManyRequests
from hudud.services import identity
from hudud.web import i18n
from hudud.web.deps import uow
from hudud.web.security import check_csrf, client_addr, end_session, session_user, start_session
from hudud.web.templating import render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only local paths: a sign-in link must not send an officer to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/"),
) -> Response:
    check_csrf(request, csrf_token)
    settings = request.app.state.settings
    policy = identity.ThrottlePolicy(settings.login_max_failures, settings.login_lockout_seconds)
    try:
        user = uow(request).run(
            lambda s: identity.authenticate(s, username, password, client_addr(request), policy)
        )
    except HududError as error:
        message = (
            i18n._("Too many failed attempts. Wait a few minutes and try again.")
            if isinstance(error, TooManyRequests)
            else i18n._("Wrong username or password.")
        )
        return render(
            request,
            "login.html",
            {"error": message, "username": username, "next": _safe_next(next)},
            status_code=error.status_code,
        )
    start_session(request, user)
    i18n.set_locale(user.locale)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    check_csrf(request, csrf_token)
    end_session(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/language")
def language(
    request: Request, lang: str = Form(...), csrf_token: str = Form(""), back: str = Form("/")
) -> Response:
    """Switch the interface language; remembered for the signed-in user across sessions."""
    check_csrf(request, csrf_token)
    if lang not in i18n.LOCALES:
        lang = i18n.DEFAULT
    request.session["lang"] = lang

    def remember(session) -> None:  # type: ignore[no-untyped-def]
        user = session_user(session, request)
        if user is not None:
            identity.set_locale(session, user.id, lang)

    uow(request).run(remember)
    return RedirectResponse(_safe_next(back), status_code=303)
