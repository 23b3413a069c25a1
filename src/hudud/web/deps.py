"""What every endpoint needs: run a use case for the authenticated caller in one unit of work."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services.unit_of_work import UnitOfWork
from hudud.web.security import authenticate

T = TypeVar("T")


def uow(request: Request) -> UnitOfWork:
    return request.app.state.uow  # type: ignore[no-any-return]


def as_caller(request: Request, use_case: Callable[[Session, Caller], T], *, csrf: str | None = None) -> T:
    """Authenticate (token or session), then run ``use_case`` in the same transaction."""

    def run(session: Session) -> T:
        caller, _user = authenticate(session, request, csrf_form_value=csrf)
        return use_case(session, caller)

    return uow(request).run(run)
