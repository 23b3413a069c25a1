"""One exception tree. Each error carries the HTTP status it maps to and a message a person can act on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class HududError(Exception):
    """Base of every error Hudud raises on purpose."""

    status_code: int = 400
    code: str = "error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        # Work to persist after the failed transaction rolls back (e.g. the audit record of a denied
        # read, a failed-login count): callables taking a fresh session.
        self.aftermath: list[Callable[[Any], None]] = []

    def then(self, work: Callable[[Any], None]) -> HududError:
        """Attach work to run in a fresh transaction once this error has rolled back the current one."""
        self.aftermath.append(work)
        return self

    def to_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"error": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body


class ConfigurationError(HududError):
    """The node's configuration is invalid; raised at start-up."""

    status_code = 500
    code = "configuration"


class InvalidInput(HududError):
    """The input cannot be understood (bad format, bad value)."""

    status_code = 422
    code = "invalid_input"


class NotAuthenticated(HududError):
    """No valid credentials were presented."""

    status_code = 401
    code = "not_authenticated"


class Forbidden(HududError):
    """Credentials are valid but the role, country or agency does not allow this."""

    status_code = 403
    code = "forbidden"


class NotFound(HududError):
    """The record does not exist, or the caller may not know that it exists."""

    status_code = 404
    code = "not_found"


class Conflict(HududError):
    """The request conflicts with the current state (duplicate, stale version)."""

    status_code = 409
    code = "conflict"


class TooManyRequests(HududError):
    """Throttled (e.g. repeated failed logins)."""

    status_code = 429
    code = "throttled"


class PayloadTooLarge(HududError):
    """The request body or upload exceeds the configured limit."""

    status_code = 413
    code = "payload_too_large"
