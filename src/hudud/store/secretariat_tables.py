"""The Secretariat's workspace: meetings and decisions, commitments and progress reports with
evidence, working groups and their proposals, priority projects, and the capacity registry.

Wording is kept in English, Arabic and French (``name_*``) because the same text is read by
ministers in the conference report in either language. A commitment's due date is stored as the
rule that words it (absolute, or relative to an event) and computed when read, so it follows the
event when the event's date is set."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hudud.store.tables import Base, UTCDateTime, utcnow


class SecEvent(Base):
    """A ministerial conference, a members' meeting or a working-group meeting."""

    __tablename__ = "sec_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # ministerial_conference, members_meeting, ...
    name_en: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300))
    name_fr: Mapped[str] = mapped_column(String(300), default="")
    venue: Mapped[str] = mapped_column(String(200), default="")
    host: Mapped[str | None] = mapped_column(ForeignKey("parties.code"))
    starts_on: Mapped[date | None] = mapped_column(Date)  # None while only the year is known
    ends_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("sec_working_groups.id"), index=True)
    agenda: Mapped[list[str]] = mapped_column(JSON, default=list)
    participants: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # {kind, party, name}
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decisions: Mapped[list[Decision]] = relationship(
        back_populates="event", order_by="Decision.number", lazy="selectin"
    )


class Decision(Base):
    """A numbered decision of a meeting; it may create commitments."""

    __tablename__ = "sec_decisions"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("sec_events.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text_en: Mapped[str] = mapped_column(Text)
    text_ar: Mapped[str] = mapped_column(Text, default="")
    text_fr: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[SecEvent] = relationship(back_populates="decisions")


class WorkingGroup(Base):
    """A working group (security, intelligence, customs, justice)."""

    __tablename__ = "sec_working_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    chair: Mapped[str | None] = mapped_column(ForeignKey("parties.code"))

    members: Mapped[list[GroupMember]] = relationship(
        back_populates="group", order_by="GroupMember.id", lazy="selectin", cascade="all, delete-orphan"
    )


class GroupMember(Base):
    """A member of a working group: a state, an organisation, or a named expert (of a party)."""

    __tablename__ = "sec_group_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("sec_working_groups.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # state, organisation, expert
    party: Mapped[str | None] = mapped_column(ForeignKey("parties.code"))
    name: Mapped[str] = mapped_column(String(200), default="")  # the expert's name

    group: Mapped[WorkingGroup] = relationship(back_populates="members")


class Project(Base):
    """A priority border-security project."""

    __tablename__ = "sec_projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300))
    name_fr: Mapped[str] = mapped_column(String(300), default="")
    objectives: Mapped[str] = mapped_column(Text, default="")
    budget: Mapped[int] = mapped_column(BigInteger, default=0)  # whole currency units
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    funding: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # {party, amount}
    indicators: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list
    )  # {name, baseline, target, current}
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Commitment(Base):
    """One tracked item of the Tripoli Plan of Action, the Rabat Declaration or a meeting decision."""

    __tablename__ = "sec_commitments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str] = mapped_column(String(32))  # tripoli_plan, rabat_declaration, decision, secretariat
    name_en: Mapped[str] = mapped_column(Text)
    name_ar: Mapped[str] = mapped_column(Text)
    name_fr: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)  # state or organisation
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("sec_decisions.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("sec_working_groups.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("sec_projects.id"), index=True)
    due_on: Mapped[date | None] = mapped_column(Date)  # absolute deadline
    due_event_id: Mapped[int | None] = mapped_column(ForeignKey("sec_events.id"))  # or relative to an event
    due_months: Mapped[int] = mapped_column(Integer, default=0)
    due_days: Mapped[int] = mapped_column(Integer, default=0)
    due_before: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    percent: Mapped[int] = mapped_column(Integer, default=0)  # latest reported progress
    reminded_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reports: Mapped[list[ProgressReport]] = relationship(
        back_populates="commitment", order_by="ProgressReport.id", lazy="selectin"
    )


class ProgressReport(Base):
    """What an owner reported on a commitment: progress, status, a note, evidence attachments."""

    __tablename__ = "sec_progress_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("sec_commitments.id"), index=True)
    percent: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    reported_by: Mapped[str] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="reports")


class Attachment(Base):
    """A file kept under the node's var_dir, content-addressed by SHA-256, attached to a record."""

    __tablename__ = "sec_attachments"
    __table_args__ = (Index("ix_sec_attachments_owner", "owner_type", "owner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(16))  # progress, event, proposal
    owner_id: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Proposal(Base):
    """A working group's draft proposal for the ministerial conference."""

    __tablename__ = "sec_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("sec_working_groups.id"), index=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_ar: Mapped[str] = mapped_column(String(300), default="")
    name_fr: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("sec_events.id"))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[ProposalVersion]] = relationship(order_by="ProposalVersion.number", lazy="selectin")
    comments: Mapped[list[ProposalComment]] = relationship(order_by="ProposalComment.id", lazy="selectin")


class ProposalVersion(Base):
    __tablename__ = "sec_proposal_versions"
    __table_args__ = (UniqueConstraint("proposal_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("sec_proposals.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProposalComment(Base):
    __tablename__ = "sec_proposal_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("sec_proposals.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Equipment(Base):
    """Equipment in service at national level or at one crossing point."""

    __tablename__ = "sec_equipment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    crossing_point_id: Mapped[int | None] = mapped_column(ForeignKey("crossing_points.id"))
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(300), default="")
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    condition: Mapped[str] = mapped_column(String(16), default="working")
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Need(Base):
    """A needs assessment: how many of a category a state or crossing point needs in total."""

    __tablename__ = "sec_needs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    crossing_point_id: Mapped[int | None] = mapped_column(ForeignKey("crossing_points.id"))
    category: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)
    priority: Mapped[str] = mapped_column(String(8), default="medium")  # high, medium, low
    note: Mapped[str] = mapped_column(Text, default="")
    assessed_on: Mapped[date] = mapped_column(Date)
    assessed_by: Mapped[str] = mapped_column(String(64))


class Offer(Base):
    """A partner's offer of equipment or support to a state or crossing point."""

    __tablename__ = "sec_offers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    country: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    crossing_point_id: Mapped[int | None] = mapped_column(ForeignKey("crossing_points.id"))
    category: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="offered")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
