"""Retrospective screening: when the lists in force change, the crossings of the last N days are screened
again and hits that were not seen at the desk open cases (marked "retro").

Each crossing remembers the list generation it was screened against, so a re-run only touches crossings
screened under older lists, and a run is claimed per (state, generation) so two server processes do
not both run it. The reviewers' queue starts a run in the background when it notices a change; the API
and tests call ``rescreen`` directly."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hudud.logs import event
from hudud.policy import Caller, Permission
from hudud.services import audit, cases
from hudud.services.border import home_state, require
from hudud.services.crossings import fields_of, generation_key, hit_dict, traveller_of
from hudud.services.node_screening import NodeScreening
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.border_tables import BorderCrossing, RetroRun
from hudud.store.tables import utcnow

log = logging.getLogger("hudud.border")


class RetroSettings(BaseSettings):
    """Retrospective screening settings (``HUDUD_BORDER_RETRO_DAYS``)."""

    model_config = SettingsConfigDict(env_prefix="HUDUD_BORDER_", extra="ignore")

    retro_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Crossings of this many past days are re-screened when a list changes.",
    )


def retro_days() -> int:
    return RetroSettings().retro_days


@dataclass(frozen=True)
class RetroReport:
    country: str
    generation: str
    crossings: int
    new_cases: int


def rescreen(
    session: Session,
    caller: Caller,
    screening: NodeScreening,
    *,
    days: int | None = None,
    country: str | None = None,
    everything: bool = False,
    bulk_scheduler: Any = "local",
) -> RetroReport:
    """Re-screen the state's crossings of the last ``days`` days screened under older lists
    (``everything``: all of them); open cases for matches not seen before. Audited with counts."""
    require(caller, Permission.CASES_REVIEW, "border.rescreen")
    state = home_state(caller, country)
    days = days or retro_days()
    current = generation_key(session)
    screener = screening.screener(session, state)
    query = select(BorderCrossing).where(
        BorderCrossing.country == state, BorderCrossing.at >= utcnow() - timedelta(days=days)
    )
    if not everything:
        query = query.where(BorderCrossing.screened_generation != current)
    done = opened = 0
    started = time.perf_counter()
    on_dask = _backlog_on_dask(session, caller, state, days, current, everything, bulk_scheduler)
    for crossing in session.scalars(query.order_by(BorderCrossing.id)).all():
        seen = {h["entry_id"] for h in crossing.hits if h.get("match")}
        if on_dask is not None:
            hits = on_dask.get(crossing.id, [])
        else:
            hits = [
                hit_dict(h)
                for h in screener.screen(traveller_of(fields_of(crossing), None), limit=5)
                if h.match
            ]
        new = [h for h in hits if h["entry_id"] not in seen]
        if new:
            opened += len(cases.raise_cases(session, crossing, new, origin="retro"))
            crossing.hits = [*crossing.hits, *[dict(h, retro=True) for h in new]]
        crossing.screened_generation = current
        done += 1
    audit.append(
        session,
        caller,
        "border.rescreen",
        record_type="border_crossing",
        detail=f"country={state} days={days} crossings={done} new_cases={opened}"
        + (" engine=dask" if on_dask is not None else ""),
    )
    event(
        "border.rescreen",
        country=state,
        crossings=done,
        cases=opened,
        ms=round((time.perf_counter() - started) * 1000),
    )
    return RetroReport(state, current, done, opened)


def _backlog_on_dask(
    session: Session,
    caller: Caller,
    state: str,
    days: int,
    current: str,
    everything: bool,
    scheduler: Any,
) -> dict[int, list[dict[str, Any]]] | None:
    """Matches per crossing from a Dask job when the backlog is large (``HUDUD_BULK_RETRO_FROM``), else
    None (screen here, crossing by crossing). Only on PostgreSQL: the job's workers write their own
    records while this transaction is open, which SQLite's single writer does not allow."""
    if everything or session.get_bind().dialect.name != "postgresql":
        return None
    from hudud.services import bulk, bulk_retro  # Dask is loaded only for large backlogs

    since = utcnow() - timedelta(days=days)
    if bulk_retro.backlog_size(session, state, since, current) < bulk.bulk_settings().retro_from:
        return None
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    return bulk_retro.backlog_hits(
        engine, caller, country=state, since=since, generation=current, scheduler=scheduler
    )


def _claim(session: Session, country: str, current: str, days: int) -> bool:
    """Claim the run for this state and list generation; False when it was already claimed."""
    if session.scalar(select(RetroRun.id).where(RetroRun.country == country, RetroRun.generation == current)):
        return False
    try:
        with session.begin_nested():
            session.add(RetroRun(country=country, generation=current, days=days))
    except IntegrityError:
        return False
    return True


def rescreen_if_lists_changed(
    session: Session, caller: Caller, screening: NodeScreening, *, background: UnitOfWork | None = None
) -> bool:
    """Start a retro run when the lists changed since the last one; True when a run was started.

    With ``background`` the run happens in a thread with its own transaction (a page must not wait for
    it); without, it runs in the caller's transaction."""
    if not caller.can(Permission.CASES_REVIEW) or caller.country is None:
        return False
    current = generation_key(session)
    days = retro_days()
    pending = session.scalar(
        select(BorderCrossing.id)
        .where(
            BorderCrossing.country == caller.country,
            BorderCrossing.screened_generation != current,
            BorderCrossing.at >= utcnow() - timedelta(days=days),
        )
        .limit(1)
    )
    if pending is None or not _claim(session, caller.country, current, days):
        return False
    if background is None:
        _record(session, rescreen(session, caller, screening, days=days))
        return True
    runner = Caller(None, via="retro")
    country = caller.country

    def work() -> None:
        try:
            background.run(lambda s: _record(s, rescreen(s, runner, screening, days=days, country=country)))
        except Exception:  # a failed background run must be visible in the logs, not kill the server
            log.exception("border.rescreen.failed country=%s", country)

    threading.Thread(target=work, name="border-retro", daemon=True).start()
    return True


def _record(session: Session, report: RetroReport) -> None:
    session.execute(
        update(RetroRun)
        .where(RetroRun.country == report.country, RetroRun.generation == report.generation)
        .values(crossings=report.crossings, new_cases=report.new_cases)
    )
