"""Data protection for passenger data (the EU PNR model): masked after N months, deleted after N years.

Masking is enforced where the data is read (``services.piu`` passes every traveller through
``mask``), not by a job that might not have run: a record past its masking date is never shown in
full, whatever the state of the database. Deletion is a job (``hudud manifests retention``) that
removes raw messages and everything parsed from them, and says how much it removed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services import audit
from hudud.services.api_screening import refresh_flight
from hudud.settings import Settings
from hudud.store.manifest_tables import ApiMessage, ManifestFlight, ManifestRecord
from hudud.store.tables import utcnow

MASK = "•••"
# Fields that identify a person; nationality, role, risk and which rules fired stay visible for analysis.
PERSONAL = ("surname", "given_names", "birth_date", "booking", "seat")


@dataclass(frozen=True)
class Policy:
    mask_after_months: int = 6
    delete_after_years: int = 5

    @classmethod
    def of(cls, settings: Settings) -> Policy:
        return cls(settings.manifest_mask_after_months, settings.manifest_delete_after_years)

    def mask_before(self, now: datetime) -> datetime:
        """Data received before this moment is shown masked (a month counted as 30 days)."""
        return now - timedelta(days=30 * self.mask_after_months)

    def delete_before(self, now: datetime) -> datetime:
        """Data received before this moment is deleted (a year counted as 365 days)."""
        return now - timedelta(days=365 * self.delete_after_years)

    def masked(self, received_at: datetime, now: datetime | None = None) -> bool:
        return received_at < self.mask_before(now or utcnow())


def mask(person: dict[str, Any]) -> dict[str, Any]:
    """A traveller view with identifying data replaced (documents keep type and issuing state)."""
    out = dict(person)
    for name in PERSONAL:
        if out.get(name):
            out[name] = MASK
    out["documents"] = [{**d, "number": MASK, "expiry": None} for d in person.get("documents", [])]
    # an explanation (text and reasons) quotes the traveller's name; the list entry and score stay
    out["hits"] = [{**h, "explanation": MASK, "reasons": []} for h in person.get("hits", [])]
    out["flags"] = [{**f, "values": {k: MASK for k in f.get("values", {})}} for f in person.get("flags", [])]
    out["masked"] = True
    return out


@dataclass(frozen=True)
class RetentionReport:
    deleted_messages: int
    deleted_manifests: int
    deleted_flights: int
    masked_manifests: int  # still kept, shown masked

    def summary(self) -> str:
        return (
            f"deleted {self.deleted_messages} messages, {self.deleted_manifests} manifests, "
            f"{self.deleted_flights} flights; {self.masked_manifests} manifests are shown masked"
        )


def apply(session: Session, caller: Caller, policy: Policy, now: datetime | None = None) -> RetentionReport:
    """Delete passenger data past its retention period (raw messages, manifests, travellers, targets)."""
    now = now or utcnow()
    cutoff = policy.delete_before(now)
    old_messages = select(ApiMessage.id).where(ApiMessage.received_at < cutoff)
    manifests = session.scalar(
        select(func.count(ManifestRecord.id)).where(ManifestRecord.message_id.in_(old_messages))
    )
    touched = set(
        session.scalars(select(ManifestRecord.flight_id).where(ManifestRecord.message_id.in_(old_messages)))
    )
    # manifests first, then their messages: travellers, documents and targets follow by cascade
    session.execute(delete(ManifestRecord).where(ManifestRecord.message_id.in_(old_messages)))
    messages = session.scalar(select(func.count(ApiMessage.id)).where(ApiMessage.received_at < cutoff))
    session.execute(delete(ApiMessage).where(ApiMessage.received_at < cutoff))
    empty = select(ManifestFlight.id).where(
        ~select(ManifestRecord.id).where(ManifestRecord.flight_id == ManifestFlight.id).exists()
    )
    flights = session.scalar(select(func.count()).select_from(empty.subquery()))
    session.execute(delete(ManifestFlight).where(ManifestFlight.id.in_(empty)))
    for flight_id in touched:  # a flight that keeps other lists: its totals without the deleted ones
        flight = session.get(ManifestFlight, flight_id)
        if flight is not None:
            session.refresh(flight)
            refresh_flight(session, flight)
    masked = session.scalar(
        select(func.count(ManifestRecord.id)).where(ManifestRecord.received_at < policy.mask_before(now))
    )
    report = RetentionReport(int(messages or 0), int(manifests or 0), int(flights or 0), int(masked or 0))
    audit.append(session, caller, "manifests.retention", detail=report.summary())
    return report
