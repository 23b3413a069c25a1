"""Who is calling: bearer tokens for the API, signed session cookies for pages, CSRF for forms.

Session cookies are HttpOnly and SameSite=Strict (Secure when ``HUDUD_COOKIE_SECURE``); they carry only
the user id, the user's session version (bumped on disable) and a CSRF token. Every unsafe request that
relies on the cookie must prove it came from our own page with that CSRF token."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from sqlalchemy.orm import Session

from hudud.errors import N_, Forbidden, NotAuthenticated
from hudud.policy import Caller
from hudud.services import identity
from hudud.store.tables import User

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def client_addr(request: Request) -> str | None:
    return request.client.host if request.client else None


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use (also for the anonymous login page)."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not expected or not submitted or not hmac.compare_digest(str(expected), submitted):
        raise Forbidden(N_("the form's security token is missing or stale; reload the page and try again"))


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def session_user(session: Session, request: Request) -> User | None:
    """The user of a valid web session, or None (a disabled user or a bumped version ends it)."""
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    user = session.get(User, uid)
    if user is None or user.disabled or request.session.get("sv") != user.session_version:
        request.session.pop("uid", None)
        return None
    return user


def authenticate(
    session: Session, request: Request, *, csrf_form_value: str | None = None
) -> tuple[Caller, User]:
    """Resolve the caller of an API or page request, or raise 401.

    A bearer token is not sent by browsers on their own, so token calls need no CSRF proof; cookie
    calls with an unsafe method need the CSRF header (HTMX sends it) or form field."""
    token = _bearer(request)
    if token is not None:
        user = identity.user_for_token(session, token)
        via = "api"
    else:
        found = session_user(session, request)
        if found is None:
            raise NotAuthenticated(N_("sign in, or send an API token as 'Authorization: Bearer <token>'"))
        user = found
        via = "web"
        if request.method in UNSAFE:
            check_csrf(request, csrf_form_value or request.headers.get(CSRF_HEADER))
    return Caller(identity.principal_of(user), client_addr(request), via), user


def start_session(request: Request, user: User) -> None:
    """Begin a web session after sign-in; a fresh CSRF token prevents session fixation of the old one."""
    request.session.clear()
    request.session.update(
        {"uid": user.id, "sv": user.session_version, "csrf": secrets.token_urlsafe(32), "lang": user.locale}
    )


def end_session(request: Request) -> None:
    request.session.clear()
