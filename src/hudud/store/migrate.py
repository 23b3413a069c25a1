"""Alembic, driven from code: the schema is only ever created by these migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the packaged migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Apply migrations up to ``revision`` (default: every head).

    Each area (lists, sharing, training, ...) may grow its own branch from the foundation, so the
    schema is current when every head is applied."""
    command.upgrade(alembic_config(url), revision)


def head_revisions(url: str) -> frozenset[str]:
    """The newest revision of every branch the code knows."""
    return frozenset(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def current_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database is at (empty if never migrated)."""
    with engine.connect() as conn:
        return frozenset(MigrationContext.configure(conn).get_current_heads())


def is_current(engine: Engine) -> bool:
    """True when the database schema is at every head revision of the code."""
    return current_revisions(engine) == head_revisions(engine.url.render_as_string(hide_password=False))
