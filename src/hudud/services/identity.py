"""Users, passwords, sign-in throttling and personal access tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound, TooManyRequests
from hudud.policy import Agency, Caller, Principal, Role, may_manage_user
from hudud.services import audit
from hudud.store.tables import ApiToken, LoginThrottle, Party, User, utcnow

_hasher = PasswordHasher()
# A hash of a random password: verifying against it when the user does not exist keeps the time of a
# failed sign-in the same whether or not the account exists.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
TOKEN_PREFIX = "hud_"
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    lockout_seconds: int = 300


def principal_of(user: User) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        country=user.country,
        agency=user.agency,
        roles=frozenset(user.roles or ()),
        crossing_point_id=user.crossing_point_id,
    )


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            N_("the password must have at least %(count)s characters"),
            values={"count": MIN_PASSWORD_LENGTH},
        )
    return _hasher.hash(password)


def create_user(
    session: Session,
    caller: Caller,
    *,
    username: str,
    full_name: str,
    password: str,
    country: str,
    agency: str,
    roles: Iterable[str],
    crossing_point_id: int | None = None,
    locale: str = "en",
) -> User:
    username = username.strip().lower()
    if not username or not username.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise InvalidInput(N_("a username uses letters, digits, '.', '_' or '-'"), field="username")
    roles = sorted(set(roles))
    unknown = [r for r in roles if r not in {x.value for x in Role}]
    if unknown or not roles:
        raise InvalidInput(
            N_("unknown or missing roles: %(roles)s"),
            values={"roles": ", ".join(unknown) or "(none)"},
            field="roles",
        )
    if agency not in {a.value for a in Agency}:
        raise InvalidInput(N_("unknown agency %(agency)s"), values={"agency": repr(agency)}, field="agency")
    country = country.upper()
    if session.get(Party, country) is None:
        raise InvalidInput(
            N_("unknown state or organisation %(country)s"),
            values={"country": repr(country)},
            field="country",
        )
    if not may_manage_user(caller, country):
        raise Forbidden(N_("you may not create users for this state")).then(
            audit.denial(caller, "user.create")
        )
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(
            N_("the username %(username)s is taken"), values={"username": repr(username)}, field="username"
        )
    user = User(
        username=username,
        full_name=full_name.strip() or username,
        password_hash=hash_password(password),
        country=country,
        agency=agency,
        roles=roles,
        crossing_point_id=crossing_point_id,
        locale=locale,
    )
    session.add(user)
    session.flush()
    audit.append(session, caller, "user.create", record_type="user", record_id=user.id)
    return user


def list_users(session: Session, caller: Caller) -> list[User]:
    query = select(User).order_by(User.country, User.username)
    if caller.principal is not None:
        if not may_manage_user(caller, caller.principal.country):
            raise Forbidden(N_("only administrators list users"))
        query = query.where(User.country == caller.principal.country)
    return list(session.scalars(query))


def find_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(N_("no user %(username)s"), values={"username": repr(username)})
    return user


def disable_user(session: Session, caller: Caller, username: str) -> User:
    user = find_user(session, username)
    if not may_manage_user(caller, user.country):
        raise Forbidden(N_("you may not manage this user")).then(
            audit.denial(caller, "user.disable", "user", user.id)
        )
    user.disabled = True
    user.session_version += 1  # ends every open web session
    for token in user.tokens:
        if token.revoked_at is None:
            token.revoked_at = utcnow()
    audit.append(session, caller, "user.disable", record_type="user", record_id=user.id)
    return user


def set_locale(session: Session, user_id: int, locale: str) -> None:
    if locale not in ("en", "ar", "fr"):
        raise InvalidInput(
            N_("unsupported language %(locale)s"), values={"locale": repr(locale)}, field="locale"
        )
    user = session.get(User, user_id)
    if user is not None:
        user.locale = locale


# --- sign-in -----------------------------------------------------------------------------------------


def _throttle_rows(session: Session, keys: list[str]) -> list[LoginThrottle]:
    return list(session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys))))


def _record_failure(keys: list[str], policy: ThrottlePolicy) -> Callable[[Session], None]:
    def work(session: Session) -> None:
        now = utcnow()
        existing = {row.key: row for row in _throttle_rows(session, keys)}
        for key in keys:
            row = existing.get(key) or LoginThrottle(key=key, failures=0)
            session.add(row)
            row.failures += 1
            row.updated_at = now
            if row.failures >= policy.max_failures:
                row.locked_until = now + timedelta(seconds=policy.lockout_seconds)

    return work


def authenticate(
    session: Session, username: str, password: str, remote_addr: str | None, policy: ThrottlePolicy
) -> User:
    """Check a username and password. Failures are counted per account and per address; after
    ``max_failures`` both are locked for ``lockout_seconds`` (429), even for the right password."""
    username = username.strip().lower()
    keys = [f"user:{username}", f"addr:{remote_addr or '-'}"]
    caller = Caller(None, remote_addr)
    now = utcnow()
    for row in _throttle_rows(session, keys):
        if row.locked_until and row.locked_until > now:
            wait = int((row.locked_until - now).total_seconds()) + 1
            raise TooManyRequests(
                N_("too many failed sign-ins; try again in %(wait)s seconds"),
                values={"wait": wait},
                retry_after=wait,
            ).then(_audit_login(caller, username, "throttled"))
    user = session.scalar(select(User).where(User.username == username))
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None and not user.disabled
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        error = NotAuthenticated(N_("wrong username or password"))
        error.then(_record_failure(keys, policy)).then(_audit_login(caller, username, "failed"))
        raise error
    for row in _throttle_rows(session, keys):
        session.delete(row)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    audit.append(
        session, Caller(principal_of(user), remote_addr), "auth.login", record_type="user", record_id=user.id
    )
    return user


def _audit_login(caller: Caller, username: str, outcome: str) -> Callable[[Session], None]:
    def work(session: Session) -> None:
        audit.append(
            session, caller, "auth.login", record_type="username", record_id=username, outcome=outcome
        )

    return work


# --- personal access tokens --------------------------------------------------------------------------


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, caller: Caller, username: str, name: str, days: int
) -> tuple[str, ApiToken]:
    """Issue a token; the plain token is returned once and never stored."""
    user = find_user(session, username)
    own = caller.principal is not None and caller.principal.user_id == user.id
    if not own and not may_manage_user(caller, user.country):
        raise Forbidden(N_("you may not issue tokens for this user"))
    if user.disabled:
        raise Conflict(N_("the user is disabled"))
    if not 1 <= days <= 3650:
        raise InvalidInput(N_("a token lives between 1 and 3650 days"), field="days")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name.strip() or "token",
        prefix=plain[:10],
        token_hash=_token_digest(plain),
        expires_at=utcnow() + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    audit.append(session, caller, "token.create", record_type="api_token", record_id=token.id)
    return plain, token


def revoke_token(session: Session, caller: Caller, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(N_("no token %(token_id)s"), values={"token_id": token_id})
    own = caller.principal is not None and caller.principal.user_id == token.user_id
    if not own and not may_manage_user(caller, token.user.country):
        raise Forbidden(N_("you may not revoke this token"))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    audit.append(session, caller, "token.revoke", record_type="api_token", record_id=token.id)
    return token


def user_for_token(session: Session, plain: str) -> User:
    """The user a bearer token belongs to; a clear 401 for unknown, revoked or expired tokens."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_digest(plain)))
    if token is None:
        raise NotAuthenticated(N_("unknown API token"))
    now = utcnow()
    if token.revoked_at is not None:
        raise NotAuthenticated(N_("this API token was revoked"))
    if token.expires_at <= now:
        raise NotAuthenticated(N_("this API token has expired"))
    if token.user.disabled:
        raise NotAuthenticated(N_("this account is disabled"))
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        token.last_used_at = now  # coarse, so a busy client does not write on every call
    return token.user


def tokens_of(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count(User.id))) or 0)


def is_expired(at: datetime | None) -> bool:
    return at is not None and at <= utcnow()
