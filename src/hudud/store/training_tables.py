"""Regional Training Centre: catalogue, sessions, nominations, attendance, assessments, certificates,
practical exercises.

Names of trainees are stored as the focal point wrote them (Latin and Arabic script) because the
certificate must print them exactly; a nominee may also be linked to a user account so the trainee
can see their own record."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hudud.store.tables import Base, UTCDateTime, utcnow


class Course(Base):
    """A course of the catalogue, titled in English, Arabic and French."""

    __tablename__ = "training_courses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_ar: Mapped[str] = mapped_column(Text, default="")
    summary_fr: Mapped[str] = mapped_column(Text, default="")
    duration_days: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(8))  # language of instruction: en, ar, fr
    partner: Mapped[str | None] = mapped_column(ForeignKey("parties.code"))  # contributing state/organisation
    prerequisites: Mapped[list[str]] = mapped_column(JSON, default=list)  # course codes
    pass_mark: Mapped[int] = mapped_column(Integer, default=70)  # percent
    max_attempts: Mapped[int] = mapped_column(Integer, default=2)  # first sitting + resits
    min_attendance: Mapped[int] = mapped_column(Integer, default=80)  # percent of session days
    validity_months: Mapped[int | None] = mapped_column(Integer)  # None: the certificate never expires
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    modules: Mapped[list[CourseModule]] = relationship(
        back_populates="course",
        order_by="CourseModule.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class CourseModule(Base):
    """One module of a course, in order."""

    __tablename__ = "training_modules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ar: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)

    course: Mapped[Course] = relationship(back_populates="modules")


class TrainingSession(Base):
    """A course given on given days at a venue, with seats allotted to member states."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    venue: Mapped[str] = mapped_column(String(200))
    capacity: Mapped[int] = mapped_column(Integer)
    trainers: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{name, organisation}]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, cancelled
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship(lazy="selectin")
    seats: Mapped[list[SeatAllocation]] = relationship(
        back_populates="session",
        order_by="SeatAllocation.country",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class SeatAllocation(Base):
    """Seats of one member state in one session."""

    __tablename__ = "training_seats"
    __table_args__ = (UniqueConstraint("session_id", "country"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"))
    country: Mapped[str] = mapped_column(ForeignKey("parties.code"))
    seats: Mapped[int] = mapped_column(Integer)

    session: Mapped[TrainingSession] = relationship(back_populates="seats")


class Nomination(Base):
    """An officer put forward by their state's focal point: pending, approved, waitlisted, rejected,
    cancelled."""

    __tablename__ = "training_nominations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id"), index=True)
    country: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))  # Latin script, as on the passport
    name_ar: Mapped[str] = mapped_column(String(200), default="")
    agency: Mapped[str] = mapped_column(String(32))
    position: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16))
    nominated_by: Mapped[str] = mapped_column(String(64))
    nominated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")

    session: Mapped[TrainingSession] = relationship(lazy="selectin")
    attendance: Mapped[list[Attendance]] = relationship(
        order_by="Attendance.day", cascade="all, delete-orphan"
    )
    assessments: Mapped[list[Assessment]] = relationship(
        order_by="Assessment.attempt", cascade="all, delete-orphan", lazy="selectin"
    )


class Attendance(Base):
    """Whether a nominee was present on one day of the session."""

    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("nomination_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("training_nominations.id"))
    day: Mapped[date] = mapped_column(Date)
    present: Mapped[bool] = mapped_column(Boolean)
    recorded_by: Mapped[str] = mapped_column(String(64))


class Assessment(Base):
    """One sitting of the final assessment (attempt 1, then resits)."""

    __tablename__ = "training_assessments"
    __table_args__ = (UniqueConstraint("nomination_id", "attempt"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("training_nominations.id"))
    attempt: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)  # percent
    passed: Mapped[bool] = mapped_column(Boolean)
    assessed_on: Mapped[date] = mapped_column(Date)
    assessed_by: Mapped[str] = mapped_column(String(64))


class Certificate(Base):
    """A certificate of completion; the public verification page finds it by ``code``."""

    __tablename__ = "training_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("training_nominations.id"), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="valid")  # valid, revoked
    reminded_on: Mapped[date | None] = mapped_column(Date)  # last expiry/renewal reminder
    issued_by: Mapped[str] = mapped_column(String(64))

    nomination: Mapped[Nomination] = relationship(lazy="selectin")


class ExerciseAttempt(Base):
    """A trainee's run of generated practical scenarios (sandbox: nothing here touches live data)."""

    __tablename__ = "training_exercises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    seed: Mapped[int] = mapped_column(Integer)
    sandbox: Mapped[dict[str, Any]] = mapped_column(JSON)  # the fictitious watch list and bulletin
    scenarios: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    answers: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    results: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    score: Mapped[int | None] = mapped_column(Integer)  # percent
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
