"""Shared fixtures: shared public data, databases (SQLite and PostgreSQL), artifacts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (``HUDUD_SHARED_DATA`` overrides); tests needing it skip with the reason when absent."""
    path = Path(os.environ.get("HUDUD_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not path.is_dir():
        pytest.skip(f"shared public data not found at {path} (set HUDUD_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other test artifacts (kept after the run)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def postgres_dsn():
    """Maintenance DSN of a real PostgreSQL server; skips (saying why) only when none can be had."""
    from tests.databases import postgres_server

    try:
        with postgres_server() as dsn:
            yield dsn
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A migrated, empty database on each engine the node supports; dropped after the test."""
    from hudud.store.db import engine_for
    from hudud.store.migrate import upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hudud.sqlite3'}"
        upgrade(url)
        yield url
        engine_for(url).dispose()
        return
    from tests.databases import fresh_database

    server = request.getfixturevalue("postgres_dsn")
    with fresh_database(server) as url:
        upgrade(url)
        yield url
        engine_for(url).dispose()
