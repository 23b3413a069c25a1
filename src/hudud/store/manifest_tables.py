"""Advance passenger information in the node database: raw messages, manifests, flights, travellers,
documents seen, and the passenger information unit's targets.

A raw message is stored first, alone in its transaction (``api_messages``), so nothing an airline sent
is ever lost; parsing then stores the manifest, its flight and its travellers in one second
transaction, so a message is either fully ingested or not at all. ``interchange_key`` (sender + UNB
control reference) plus a digest of what the message says is unique: the same interchange sent twice
is stored as a manifest once."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from hudud.store.tables import Base, UTCDateTime, utcnow


class ApiMessage(Base):
    """One message as received, byte for byte, with where it came from and what became of it."""

    __tablename__ = "api_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8), index=True)  # the state that received it
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    channel: Mapped[str] = mapped_column(String(16))  # upload, api, folder, nats, cli
    source: Mapped[str] = mapped_column(String(255))  # file name, NATS subject, user
    received_by: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)  # the same bytes are one message
    size: Mapped[int] = mapped_column(Integer)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    # received (stored, not parsed yet), ingested, duplicate (same interchange already ingested), rejected
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    kind: Mapped[str | None] = mapped_column(String(8))  # paxlst, pnrgov
    interchange_key: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[int | None] = mapped_column(Integer)  # the message whose manifest this repeats
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ManifestFlight(Base):
    """A flight into the state, gathering every manifest sent for it (updates, parts, crew lists)."""

    __tablename__ = "manifest_flights"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8), index=True)
    flight_key: Mapped[str] = mapped_column(String(120), unique=True)  # country|flight|date|route
    carrier: Mapped[str | None] = mapped_column(String(8))
    number: Mapped[str | None] = mapped_column(String(16))
    departure_airport: Mapped[str | None] = mapped_column(String(8))
    arrival_airport: Mapped[str | None] = mapped_column(String(8))
    # as the airline sent them: local times at each airport (no zone on the wire)
    departure_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    arrival_local: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    # the arrival in UTC (local time minus the configured offset), for the 24-hour board
    arrival_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    first_received: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_received: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    travellers: Mapped[int] = mapped_column(Integer, default=0)
    matches: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    max_risk: Mapped[int] = mapped_column(Integer, default=0)


class ManifestRecord(Base):
    """One parsed passenger or crew list (or PNRGOV push) of a flight."""

    __tablename__ = "manifests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8), index=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("api_messages.id", ondelete="CASCADE"), unique=True)
    flight_id: Mapped[int] = mapped_column(ForeignKey("manifest_flights.id", ondelete="CASCADE"), index=True)
    # sender + UNB control reference (None without UNB); dedup_key adds a digest of the content, because
    # gateways reuse control references (the shared GTAS files send three flights under one)
    interchange_key: Mapped[str | None] = mapped_column(String(200), index=True)
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # paxlst, pnrgov
    role: Mapped[str] = mapped_column(String(16))  # passenger, crew (lists); passenger for PNRGOV
    sender: Mapped[str | None] = mapped_column(String(64))
    prepared: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    travellers: Mapped[int] = mapped_column(Integer, default=0)
    declared_passengers: Mapped[int | None] = mapped_column(Integer)
    declared_crew: Mapped[int | None] = mapped_column(Integer)
    # [{segment, message, template, values}]: the API gives segment and message (English), pages word the
    # template with its values (hudud.web.issue_text)
    issues: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # which lists (version generation and threshold) its travellers were screened against, and when:
    # a list changed since means "screen again"; the same lists let an update reuse the results
    screened_with: Mapped[str | None] = mapped_column(String(64))
    screened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ManifestPerson(Base):
    """A traveller on one manifest, with its screening hits and risk flags (personal data)."""

    __tablename__ = "manifest_travellers"
    __table_args__ = (Index("ix_manifest_travellers_flight_risk", "flight_id", "risk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    manifest_id: Mapped[int] = mapped_column(ForeignKey("manifests.id", ondelete="CASCADE"), index=True)
    flight_id: Mapped[int] = mapped_column(ForeignKey("manifest_flights.id", ondelete="CASCADE"))
    segment: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))
    surname: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(1))
    nationality: Mapped[str | None] = mapped_column(String(3))
    embarkation: Mapped[str | None] = mapped_column(String(8))
    debarkation: Mapped[str | None] = mapped_column(String(8))
    booking: Mapped[str | None] = mapped_column(String(64))
    seat: Mapped[str | None] = mapped_column(String(16))
    identity_key: Mapped[str] = mapped_column(String(400))  # same person on two manifests of a flight
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    flags: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    match: Mapped[bool] = mapped_column(Boolean, default=False)
    best_score: Mapped[float] = mapped_column(Float, default=0.0)
    risk: Mapped[int] = mapped_column(Integer, default=0)


class ManifestDocument(Base):
    """A document number seen on a manifest and the name it was seen under (for the names rule)."""

    __tablename__ = "manifest_documents"
    __table_args__ = (Index("ix_manifest_documents_document", "country", "number", "issuer"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    traveller_id: Mapped[int] = mapped_column(
        ForeignKey("manifest_travellers.id", ondelete="CASCADE"), index=True
    )
    issuer: Mapped[str] = mapped_column(String(3))
    number: Mapped[str] = mapped_column(String(40))
    name_key: Mapped[str] = mapped_column(String(400))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ManifestTarget(Base):
    """A traveller the unit decided to look at: for its analysts or for the arrival crossing point.

    Rules only flag; a target is a person's decision, and so is its outcome."""

    __tablename__ = "manifest_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8), index=True)
    traveller_id: Mapped[int] = mapped_column(
        ForeignKey("manifest_travellers.id", ondelete="CASCADE"), index=True
    )
    flight_id: Mapped[int] = mapped_column(ForeignKey("manifest_flights.id", ondelete="CASCADE"), index=True)
    assignee: Mapped[str] = mapped_column(String(16))  # analysts, bcp
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, confirmed, cleared
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_note: Mapped[str | None] = mapped_column(Text)
