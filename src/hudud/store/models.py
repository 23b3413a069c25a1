"""Every table module, imported so that ``Base.metadata`` is complete (for Alembic and tests)."""

from hudud.store import border_tables as border_tables
from hudud.store import bulk_tables as bulk_tables
from hudud.store import list_tables, tables
from hudud.store import manifest_tables as manifest_tables
from hudud.store import secretariat_tables as secretariat_tables
from hudud.store import sharing_tables as sharing_tables
from hudud.store import training_tables as training_tables
from hudud.store.tables import Base

__all__ = ["Base", "list_tables", "tables"]
