"""Watch lists in the node database: one row per list, per imported version, per entry.

An import writes a whole new version and then switches the list's active version in the same
transaction, so screening always sees one complete version, never half of one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hudud.store.tables import Base, UTCDateTime, utcnow


class Watchlist(Base):
    """A named list: ``un``, ``ofac``, ``eu``, ``ftm``, ``national:<name>``, ``lost:<name>``."""

    __tablename__ = "watchlists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # persons, documents
    format: Mapped[str] = mapped_column(String(32))
    owner: Mapped[str | None] = mapped_column(String(8))  # state of a national list; None for UN/OFAC/EU
    active_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("watchlist_versions.id", use_alter=True, name="fk_watchlists_active_version")
    )
    in_force: Mapped[bool] = mapped_column(default=True)


class WatchlistVersion(Base):
    """One import of a list, with what changed against the version it replaced."""

    __tablename__ = "watchlist_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("watchlists.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    generated_on: Mapped[date | None] = mapped_column(Date)
    entries: Mapped[int] = mapped_column(Integer, default=0)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    removed: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # first few record errors


class WatchlistEntry(Base):
    """One listed person or organisation of one version (the whole entry as JSON)."""

    __tablename__ = "watchlist_entries"
    __table_args__ = (Index("ix_watchlist_entries_version_entry", "version_id", "entry_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("watchlist_versions.id", ondelete="CASCADE"))
    entry_id: Mapped[str] = mapped_column(String(128))
    fingerprint: Mapped[str] = mapped_column(String(64))
    primary_name: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class LostDocumentRow(Base):
    """A lost, stolen or revoked travel document of one version, screened by number and issuing state."""

    __tablename__ = "lost_documents"
    __table_args__ = (Index("ix_lost_documents_version_number", "version_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("watchlist_versions.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(64))
    issuing_state: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    reported_on: Mapped[date | None] = mapped_column(Date)
