"""The caller's own account and personal access tokens."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services import identity
from hudud.web.deps import as_caller

router = APIRouter(tags=["account"])


class Me(BaseModel):
    username: str
    full_name: str
    country: str
    agency: str
    roles: list[str]
    locale: str
    permissions: list[str]


class TokenRequest(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="What the token is for.")
    days: int = Field(default=90, ge=1, le=3650, description="Lifetime in days.")


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    token: str | None = Field(
        default=None, description="The token itself: only in the response that creates it."
    )


def _user_id(caller: Caller) -> int:
    assert caller.principal is not None  # as_caller authenticated a user
    return caller.principal.user_id


@router.get("/me", response_model=Me)
def me(request: Request) -> Me:
    def use_case(session: Session, caller: Caller) -> Me:
        assert caller.principal is not None  # as_caller authenticated a user
        user = identity.find_user(session, caller.name)
        return Me(
            username=user.username,
            full_name=user.full_name,
            country=user.country,
            agency=user.agency,
            roles=list(user.roles),
            locale=user.locale,
            permissions=sorted(caller.principal.permissions),
        )

    return as_caller(request, use_case)


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(request: Request) -> list[TokenOut]:
    tokens = as_caller(request, lambda s, c: identity.tokens_of(s, _user_id(c)))
    return [TokenOut.model_validate(t, from_attributes=True) for t in tokens]


@router.post("/tokens", response_model=TokenOut, status_code=201)
def create_token(body: TokenRequest, request: Request) -> TokenOut:
    plain, token = as_caller(request, lambda s, c: identity.create_token(s, c, c.name, body.name, body.days))
    out = TokenOut.model_validate(token, from_attributes=True)
    out.token = plain
    return out


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: int, request: Request) -> TokenOut:
    token = as_caller(request, lambda s, c: identity.revoke_token(s, c, token_id))
    return TokenOut.model_validate(token, from_attributes=True)
