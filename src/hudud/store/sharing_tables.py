"""Regional sharing: alerts held by this node, the signed directory, messages waiting to be sent,
envelopes already seen (replay protection), hit notices, and crossings recorded at border posts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hudud.store.tables import Base, UTCDateTime, utcnow


class SharedAlert(Base):
    """The highest version this node holds of one alert (its own or a partner's in scope)."""

    __tablename__ = "shared_alerts"
    __table_args__ = (
        UniqueConstraint("origin", "alert_id", name="uq_shared_alerts_origin_alert"),
        Index("ix_shared_alerts_document", "doc_state", "doc_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(String(8), index=True)
    alert_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    scope_kind: Mapped[str] = mapped_column(String(16))
    scope_states: Mapped[list[str]] = mapped_column(JSON, default=list)
    handling: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str] = mapped_column(String(100))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    doc_number: Mapped[str | None] = mapped_column(String(64))
    doc_state: Mapped[str | None] = mapped_column(String(3))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    envelope_id: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SeenEnvelope(Base):
    """Every envelope this node accepted or refused once: a second copy is a replay."""

    __tablename__ = "sharing_seen"

    envelope_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    sender: Mapped[str] = mapped_column(String(40))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(Base):
    """A signed message written in the same transaction as the change it announces, sent later.

    ``msg_id`` becomes the JetStream ``Nats-Msg-Id``: sending again after a crash is harmless."""

    __tablename__ = "sharing_outbox"
    __table_args__ = (Index("ix_sharing_outbox_pending", "sent_at", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    msg_id: Mapped[str] = mapped_column(String(100), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HitNoticeRecord(Base):
    """A hit on an alert: sent to its originator, or received from the state where it happened."""

    __tablename__ = "hit_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    envelope_id: Mapped[str] = mapped_column(String(64), unique=True)
    direction: Mapped[str] = mapped_column(String(8))  # sent, received
    alert_id: Mapped[str] = mapped_column(String(64), index=True)
    alert_version: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(8))
    country: Mapped[str] = mapped_column(String(8))
    place: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    decision: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DirectoryVersion(Base):
    """A signed directory of nodes as received from (or, on the hub, issued by) the hub."""

    __tablename__ = "node_directory"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    raw: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CrossingRecord(Base):
    """A crossing recorded at a border post (at the post, and at its national node once synced)."""

    __tablename__ = "crossings"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    post: Mapped[str] = mapped_column(String(40), index=True)
    country: Mapped[str] = mapped_column(String(8))
    crossing_point: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    decision: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    traveller: Mapped[dict[str, Any]] = mapped_column(JSON)
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    snapshot_version: Mapped[str] = mapped_column(String(40), default="")
    digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: recorded here


class PostSnapshot(Base):
    """The signed, dated snapshot of lists and alerts a border post screens against offline."""

    __tablename__ = "post_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    issuer: Mapped[str] = mapped_column(String(40))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    raw: Mapped[str] = mapped_column(Text)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
