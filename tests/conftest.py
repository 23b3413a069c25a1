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
