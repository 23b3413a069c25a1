"""Opens this node's storage from its settings: one place for entry points to get a UnitOfWork."""

from __future__ import annotations

from hudud.services.unit_of_work import UnitOfWork
from hudud.settings import Settings
from hudud.store.db import engine_for
from hudud.store.migrate import upgrade


def open_node(settings: Settings) -> UnitOfWork:
    """A unit of work on the configured database (the embedded SQLite file by default)."""
    return UnitOfWork(engine_for(settings.effective_database_url))


def migrate(settings: Settings) -> None:
    """Bring the database schema to the code's head revision."""
    upgrade(settings.effective_database_url)
