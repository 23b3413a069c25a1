"""Append-only, hash-chained audit log.

Each record's hash covers its fields and the previous record's hash, so changing, deleting or
inserting a row anywhere breaks the chain from that point; ``verify`` names the first broken record.
Records are written in the same transaction as the change or read they describe."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.store.tables import AuditRecord, utcnow

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 0x48554455  # "HUDU": PostgreSQL advisory lock serialising appends to the chain


def _digest(prev_hash: str, fields: dict[str, str | None]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + payload).encode()).hexdigest()


def _fields(record: AuditRecord) -> dict[str, str | None]:
    return {
        "at": _timestamp(record.at),
        "actor": record.actor,
        "actor_country": record.actor_country,
        "action": record.action,
        "record_type": record.record_type,
        "record_id": record.record_id,
        "remote_addr": record.remote_addr,
        "outcome": record.outcome,
        "detail": record.detail,
    }


def _timestamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def append(
    session: Session,
    caller: Caller,
    action: str,
    *,
    record_type: str | None = None,
    record_id: object = None,
    outcome: str = "ok",
    detail: str | None = None,
) -> AuditRecord:
    """Add one record at the end of the chain (in the caller's transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK_KEY})
    prev = session.scalar(select(AuditRecord.hash).order_by(AuditRecord.id.desc()).limit(1)) or GENESIS
    record = AuditRecord(
        at=utcnow(),
        actor=caller.name,
        actor_country=caller.country,
        action=action,
        record_type=record_type,
        record_id=None if record_id is None else str(record_id),
        remote_addr=caller.remote_addr,
        outcome=outcome,
        detail=detail,
        prev_hash=prev,
    )
    record.hash = _digest(prev, _fields(record))
    session.add(record)
    session.flush()
    return record


def denial(
    caller: Caller, action: str, record_type: str | None = None, record_id: object = None
) -> Callable[[Session], None]:
    """Aftermath work that audits a refused request once its transaction has rolled back."""

    def work(session: Session) -> None:
        append(session, caller, action, record_type=record_type, record_id=record_id, outcome="denied")

    return work


@dataclass(frozen=True)
class ChainReport:
    """Result of checking the audit chain."""

    checked: int
    first_broken_id: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(session: Session) -> ChainReport:
    """Walk the chain in order and report the first record whose link or content does not hold."""
    prev = GENESIS
    checked = 0
    rows = session.execute(select(AuditRecord).order_by(AuditRecord.id).execution_options(yield_per=2000))
    for record in rows.scalars():
        if record.prev_hash != prev:
            return ChainReport(
                checked, record.id, "link to the previous record is broken (a record was removed or inserted)"
            )
        if _digest(prev, _fields(record)) != record.hash:
            return ChainReport(checked, record.id, "content does not match its hash (the record was altered)")
        prev = record.hash
        checked += 1
    return ChainReport(checked)


def recent(session: Session, limit: int = 50) -> list[AuditRecord]:
    """The newest records, newest first (for the administrator's page)."""
    return list(session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)))
