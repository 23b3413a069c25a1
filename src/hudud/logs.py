"""Structured logs: one event name and key=value pairs per line. Never personal data at INFO."""

from __future__ import annotations

import logging

_log = logging.getLogger("hudud")


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    _log.setLevel(level)


def event(name: str, level: int = logging.INFO, **fields: object) -> None:
    """Log ``name key=value …``; values are identifiers and counts, not names or documents."""
    if _log.isEnabledFor(level):
        _log.log(level, "%s %s", name, " ".join(f"{k}={v}" for k, v in fields.items()))
