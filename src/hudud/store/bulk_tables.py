"""Bulk screening jobs: the job, the partitions it has finished, and the hits it found.

A partition is recorded as finished only after its hits are stored, and its hits are written
idempotently (delete-then-insert per job and partition), so a job killed at any point resumes from the
partitions not yet recorded and every record is counted exactly once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hudud.store.tables import Base, UTCDateTime, utcnow


class BulkJob(Base):
    """One bulk screening run: what it reads, where it writes, which lists, and its totals."""

    __tablename__ = "bulk_jobs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))  # who started it (as audited)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="running")  # running, failed, done
    source: Mapped[dict[str, Any]] = mapped_column(JSON)  # spec to rebuild the source on resume
    sink: Mapped[dict[str, Any]] = mapped_column(JSON)
    lists: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[list[Any]] = mapped_column(JSON)  # the partitions, fixed when the job starts
    snapshot: Mapped[str] = mapped_column(String(64))  # fingerprint of the index snapshot used
    list_names: Mapped[str] = mapped_column(Text, default="")  # e.g. "un,national:mar (101003 entries)"
    threshold: Mapped[float] = mapped_column(Float)
    keep_from: Mapped[float] = mapped_column(Float)  # hits scoring at least this are stored
    hit_limit: Mapped[int] = mapped_column(Integer, default=5)
    partitions: Mapped[int] = mapped_column(Integer, default=0)
    records: Mapped[int] = mapped_column(Integer, default=0)
    matched: Mapped[int] = mapped_column(Integer, default=0)  # records with at least one match
    error: Mapped[str | None] = mapped_column(Text)


class BulkPartition(Base):
    """A finished partition of a job (its hits are stored); the job's totals are sums of these."""

    __tablename__ = "bulk_partitions"

    job_id: Mapped[str] = mapped_column(ForeignKey("bulk_jobs.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    records: Mapped[int] = mapped_column(Integer)
    matched: Mapped[int] = mapped_column(Integer)
    hits: Mapped[int] = mapped_column(Integer)
    worker: Mapped[str] = mapped_column(String(200), default="")
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BulkHit(Base):
    """One stored hit of a bulk job (written with COPY on PostgreSQL). ``record_id`` is the source's key
    (a crossing id, or the ``id`` column of a Parquet file or query)."""

    __tablename__ = "bulk_hits"
    __table_args__ = (
        Index("ix_bulk_hits_job_partition", "job_id", "partition"),
        Index("ix_bulk_hits_job_record", "job_id", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(String(64))  # no foreign key: COPY speed, deleted with the job
    partition: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str] = mapped_column(String(64))
    rank: Mapped[int] = mapped_column(SmallInteger)
    entry_id: Mapped[str] = mapped_column(String(128))
    list_name: Mapped[str] = mapped_column(String(100))
    entry_name: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(Float)
    match: Mapped[bool] = mapped_column(Boolean)
    explanation: Mapped[str] = mapped_column(Text, default="")
