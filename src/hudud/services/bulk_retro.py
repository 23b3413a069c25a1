"""Retrospective screening of a large backlog on Dask: the hook ``hudud.services.retro`` calls instead
of screening crossing by crossing when the backlog reaches ``HUDUD_BULK_RETRO_FROM`` (docs/bulk.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services.bulk import bulk_screen
from hudud.services.bulk_sinks import DatabaseSink
from hudud.services.bulk_snapshot import NodeLists
from hudud.services.bulk_sources import CrossingsSource
from hudud.store.border_tables import BorderCrossing


def backlog_size(session: Session, country: str, since: datetime, generation: str) -> int:
    """How many crossings retrospective screening would re-read (to choose Dask past ``retro_from``)."""
    return int(
        session.scalar(
            select(func.count(BorderCrossing.id)).where(
                BorderCrossing.country == country,
                BorderCrossing.at >= since,
                BorderCrossing.screened_generation != generation,
            )
        )
        or 0
    )


def backlog_hits(
    engine: Engine,
    caller: Caller,
    *,
    country: str,
    since: datetime,
    generation: str,
    scheduler: Any = "local",
    workers: int | None = None,
) -> dict[int, list[dict[str, Any]]]:
    """Retrospective screening of a large backlog: the state's crossings since ``since`` not screened
    under ``generation``, screened on Dask against the state's lists in force. Returns the matches per
    crossing id, shaped like ``crossings.hit_dict`` so retro can open cases exactly as it does now.

    The job id is derived from (state, generation, since), so a retro run that dies resumes its job.
    ``engine`` must be PostgreSQL (or any database that lets other connections write while the caller's
    transaction is open)."""
    url = engine.url.render_as_string(hide_password=False)
    key = f"retro-{country}-{generation}-{since:%Y%m%d%H%M}"[:64]
    report = bulk_screen(
        engine,
        caller,
        CrossingsSource(url, country, since.isoformat(), generation),
        DatabaseSink(url),
        NodeLists(url, country),
        job_id=key,
        scheduler=scheduler,
        workers=workers,
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for hit in DatabaseSink(url).hits(report.job_id):
        if hit["match"]:
            found.setdefault(int(hit["record_id"]), []).append(
                {
                    "entry_id": hit["entry_id"],
                    "list": hit["list_name"],
                    "name": hit["entry_name"],
                    "score": hit["score"],
                    "match": True,
                    "explanation": hit["explanation"],
                }
            )
    return found
