"""Retrospective screening of a large backlog goes to Dask (PostgreSQL only) and opens the same cases
as screening crossing by crossing would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hudud.policy import Caller, Principal
from hudud.services import lists as node_lists
from hudud.services import retro
from hudud.services.node_screening import NodeScreening
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.border_tables import BorderCase
from hudud.store.db import engine_for
from hudud.store.tables import AuditRecord
from tests.integration.test_bulk import client, national_list, seed_crossings, traveller_rows  # noqa: F401

SYSTEM = Caller(None, via="test")
REVIEWER = Caller(Principal(1, "supervisor.mar", "MAR", "border_police", frozenset({"supervisor"})))


def _run(url: str, tmp_path: Path, scheduler: Any) -> tuple[list[tuple[int, str]], str]:
    """Seed crossings and lists, run retro as a supervisor; the cases it opened and its audit detail."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    people, lost = national_list(tmp_path)
    seed_crossings(url, traveller_rows(40))
    uow = UnitOfWork(engine_for(url))
    uow.run(lambda s: node_lists.import_list(s, SYSTEM, people, list_name="national:mar-watch", owner="MAR"))
    uow.run(lambda s: node_lists.import_list(s, SYSTEM, lost, list_name="lost:mar", owner="MAR"))
    uow.run(lambda s: retro.rescreen(s, REVIEWER, NodeScreening(0.70), days=30, bulk_scheduler=scheduler))
    found = uow.run(lambda s: sorted((c.crossing_id, c.entry_id) for c in s.scalars(select(BorderCase))))
    detail = uow.run(
        lambda s: s.scalars(select(AuditRecord.detail).where(AuditRecord.action == "border.rescreen")).one()
    )
    return found, detail or ""


def test_large_backlog_is_screened_on_dask_with_the_same_cases(
    client: Any,  # noqa: F811
    postgres_dsn: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hudud.store.migrate import upgrade
    from tests.databases import fresh_database

    monkeypatch.setenv("HUDUD_BULK_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    results = {}
    for threshold in ("1", "1000000"):  # from the first crossing on Dask / never on Dask
        monkeypatch.setenv("HUDUD_BULK_RETRO_FROM", threshold)
        with fresh_database(postgres_dsn) as url:
            upgrade(url)
            results[threshold] = _run(url, tmp_path / threshold, client)
            engine_for(url).dispose()
    on_dask, here = results["1"], results["1000000"]
    assert "engine=dask" in on_dask[1] and "engine=dask" not in here[1]
    assert on_dask[0] == here[0] and len(here[0]) > 5
