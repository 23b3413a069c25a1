"""Border crossing operations: crossings, the documents that link a person's crossings, hit cases,
cleared pairings, stay rules, groups and retrospective screening runs.

A person is the foundation's ``TravellerRecord``; ``border_documents`` maps every document (and an
identity key) ever seen to that record, so crossings on a new passport join the same history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hudud.store.tables import Base, UTCDateTime, utcnow


class BorderDocument(Base):
    """A document (issuer + number) or identity key seen at a crossing, linked to one person."""

    __tablename__ = "border_documents"
    __table_args__ = (
        UniqueConstraint("country", "issuer", "number", name="uq_border_documents_document"),
        Index("ix_border_documents_identity", "country", "identity_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))  # the state whose records these are
    traveller_id: Mapped[int] = mapped_column(ForeignKey("travellers.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(3))
    number: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(4))  # P, I, A, C, LP, ...
    identity_key: Mapped[str] = mapped_column(String(300))  # nationality|birth date|name keys
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BorderGroup(Base):
    """Travellers processed together: a bus, a family in a car, a tour group."""

    __tablename__ = "border_groups"
    __table_args__ = (UniqueConstraint("created_by", "idempotency_key", name="uq_border_groups_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8), index=True)
    crossing_point_id: Mapped[int] = mapped_column(ForeignKey("crossing_points.id"))
    direction: Mapped[str] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(200), default="")
    vehicle_plate: Mapped[str | None] = mapped_column(String(32))
    vehicle_type: Mapped[str | None] = mapped_column(String(16))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    idempotency_key: Mapped[str] = mapped_column(String(64))


class BorderCrossing(Base):
    """One presentation of a traveller at a crossing point, and the officer's decision on it."""

    __tablename__ = "border_crossings"
    __table_args__ = (
        UniqueConstraint("officer_id", "idempotency_key", name="uq_border_crossings_key"),
        Index("ix_border_crossings_point_at", "crossing_point_id", "at"),
        Index("ix_border_crossings_country_at", "country", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    crossing_point_id: Mapped[int] = mapped_column(ForeignKey("crossing_points.id"))
    direction: Mapped[str] = mapped_column(String(8))  # entry, exit
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    traveller_id: Mapped[int] = mapped_column(ForeignKey("travellers.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    officer: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(8))  # mrz, photo, manual
    surname: Mapped[str] = mapped_column(String(200))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    name_arabic: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    nationality: Mapped[str | None] = mapped_column(String(3), index=True)
    document_type: Mapped[str | None] = mapped_column(String(4))
    document_number: Mapped[str | None] = mapped_column(String(32))
    document_issuer: Mapped[str | None] = mapped_column(String(3))
    document_expiry: Mapped[date | None] = mapped_column(Date)
    document_valid: Mapped[bool | None] = mapped_column(Boolean)
    findings: Mapped[list[str]] = mapped_column(JSON, default=list)
    visa_type: Mapped[str] = mapped_column(String(16), default="none")
    visa_until: Mapped[date | None] = mapped_column(Date)
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # as shown to the officer
    top_score: Mapped[float] = mapped_column(Float, default=0.0)
    screened_generation: Mapped[str] = mapped_column(String(64), default="")  # lists it was screened against
    exit_without_entry: Mapped[bool] = mapped_column(Boolean, default=False)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("border_groups.id"), index=True)
    vehicle_plate: Mapped[str | None] = mapped_column(String(32))
    vehicle_type: Mapped[str | None] = mapped_column(String(16))
    decision: Mapped[str | None] = mapped_column(String(16))  # admitted, referred, refused; None: pending
    reason_code: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))


class BorderCase(Base):
    """A hit at or above the threshold, followed from the desk to a reviewer's confirmation or clearance.

    A target the passenger information unit confirmed is a case too (``origin="piu"``), opened before
    the aircraft lands: it waits at the arrival crossing point with no crossing and no person yet
    (``crossing_id`` and ``traveller_id`` are None) and is attached to the crossing when the expected
    traveller is presented at a desk (``hudud.services.piu_cases``)."""

    __tablename__ = "border_cases"
    __table_args__ = (
        UniqueConstraint("crossing_id", "entry_id", name="uq_border_cases_crossing_entry"),
        UniqueConstraint("target_id", name="uq_border_cases_target"),  # one case per confirmed target
        Index("ix_border_cases_country_status", "country", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    crossing_point_id: Mapped[int] = mapped_column(ForeignKey("crossing_points.id"))  # where, or expected
    crossing_id: Mapped[int | None] = mapped_column(ForeignKey("border_crossings.id"), index=True)
    traveller_id: Mapped[int | None] = mapped_column(ForeignKey("travellers.id"), index=True)
    # the unit's target this case comes from; deleted with the passenger data after the retention period
    target_id: Mapped[int | None] = mapped_column(ForeignKey("manifest_targets.id", ondelete="SET NULL"))
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entry_id: Mapped[str] = mapped_column(String(128))
    list_name: Mapped[str] = mapped_column(String(100))
    entry_name: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text, default="")  # English, as the engine worded it
    # the same as data (``Reason.as_dict()`` each) so that pages word it in their language; None
    # for cases opened before the column existed, from bulk re-screening, or sent ahead by the unit
    reasons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON, nullable=True)
    origin: Mapped[str] = mapped_column(String(8), default="desk")  # desk, retro, piu
    status: Mapped[str] = mapped_column(String(12), default="open")  # open, review, confirmed, cleared
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assessment: Mapped[str | None] = mapped_column(String(16))  # not_same, possible
    assessment_reason: Mapped[str | None] = mapped_column(Text)
    assessed_by: Mapped[str | None] = mapped_column(String(64))
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BorderClearance(Base):
    """A reviewer found a person is not a listed entry: that pairing is not raised again until revoked."""

    __tablename__ = "border_clearances"
    __table_args__ = (Index("ix_border_clearances_pair", "traveller_id", "entry_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    traveller_id: Mapped[int] = mapped_column(ForeignKey("travellers.id"))
    entry_id: Mapped[str] = mapped_column(String(128))
    case_id: Mapped[int] = mapped_column(ForeignKey("border_cases.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    cleared_by: Mapped[str] = mapped_column(String(64))
    cleared_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)


class StayRuleRow(Base):
    """A state's stay rule for a nationality and visa type (``*`` for any)."""

    __tablename__ = "border_stay_rules"
    __table_args__ = (
        UniqueConstraint("country", "nationality", "visa_type", name="uq_border_stay_rules_rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    nationality: Mapped[str] = mapped_column(String(3), default="*")
    visa_type: Mapped[str] = mapped_column(String(16), default="*")
    max_days: Mapped[int] = mapped_column(Integer, default=90)
    window_days: Mapped[int] = mapped_column(Integer, default=180)
    visa_required: Mapped[bool] = mapped_column(Boolean, default=False)
    unlimited: Mapped[bool] = mapped_column(Boolean, default=False)


class RetroRun(Base):
    """One retrospective re-screening of recent crossings after the lists in force changed."""

    __tablename__ = "border_retro_runs"
    __table_args__ = (UniqueConstraint("country", "generation", name="uq_border_retro_runs_generation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(8))
    generation: Mapped[str] = mapped_column(String(64))
    days: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    crossings: Mapped[int] = mapped_column(Integer, default=0)
    new_cases: Mapped[int] = mapped_column(Integer, default=0)
