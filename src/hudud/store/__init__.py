"""Storage: SQLAlchemy tables, sessions and Alembic migrations (adapter)."""
