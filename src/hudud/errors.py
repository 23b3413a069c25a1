"""One exception tree. Each error carries the HTTP status it maps to and a message a person can act on.

Messages are written in English and marked with ``N_`` so that extraction puts them in the interface
catalogs; values go separately, as ``values``, into named placeholders::

    raise NotFound(N_("no list named %(name)s"), values={"name": name})

``message`` (what the API and the CLI show) is the English text with the values filled in; the pages
translate ``template`` in the page's language and fill in the same values (``hudud.web.i18n.error_text``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def N_(message: str) -> str:
    """Mark a message for the catalogs without translating it now (the pages translate it when shown)."""
    return message


class HududError(Exception):
    """Base of every error Hudud raises on purpose."""

    status_code: int = 400
    code: str = "error"

    def __init__(
        self, message: str, *, values: Mapping[str, object] | None = None, **details: object
    ) -> None:
        self.template = message  # English, with %(name)s placeholders: the catalogs' msgid
        self.values: dict[str, object] = dict(values or {})
        self.message = message % self.values if self.values else message
        super().__init__(self.message)
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
