"""Screening against the lists in force on this node (the database), for the web, API and console.

The index is built in memory from the active list versions the first time a state's users screen,
and rebuilt when an import or a list switch changes the active versions (a cheap "generation" query
on every call, so several server processes stay in step). A state's index holds the shared lists
(UN, OFAC, EU, ...) and that state's own national and lost-document lists, never another state's."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Forbidden
from hudud.logs import event
from hudud.policy import Caller, Permission
from hudud.screening.engine import Hit, Screener
from hudud.screening.entries import ListEntry, LostDocument, Traveller
from hudud.screening.index import ScreeningIndex
from hudud.services import audit, lists, sharing
from hudud.services.heap import long_lived
from hudud.store.list_tables import Watchlist, WatchlistVersion


def generation(session: Session) -> tuple[int, ...]:
    """Changes whenever a list's active version changes, a list is switched on or off, or a shared
    alert is received, updated or revoked."""
    active = session.execute(
        select(func.coalesce(func.sum(Watchlist.active_version_id), 0), func.count(Watchlist.id)).where(
            Watchlist.in_force.is_(True)
        )
    ).one()
    newest = session.scalar(select(func.coalesce(func.max(WatchlistVersion.id), 0))) or 0
    return (int(active[0] or 0), int(active[1] or 0), int(newest), *sharing.alerts_generation(session))


@dataclass
class _Built:
    generation: tuple[int, ...]
    screener: Screener


class NodeScreening:
    """Per-state screeners over the lists in force, rebuilt on change."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self._built: dict[str | None, _Built] = {}
        self._lock = threading.Lock()

    def screener(self, session: Session, country: str | None) -> Screener:
        current = generation(session)
        built = self._built.get(country)
        if built is not None and built.generation == current:
            return built.screener
        with self._lock:
            built = self._built.get(country)
            if built is not None and built.generation == current:
                return built.screener
            started = time.perf_counter()
            with long_lived():
                index = ScreeningIndex(
                    chain(lists.active_entries(session, owner=country), _alerts(session, country))
                )
                documents = chain(
                    lists.active_lost_documents(session, owner=country), _alert_documents(session, country)
                )
                screener = Screener(index, threshold=self.threshold, lost_documents=documents)
            self._built[country] = _Built(current, screener)
            event(
                "screening.index_built",
                country=country or "all",
                entries=len(index),
                ms=round((time.perf_counter() - started) * 1000),
            )
            return screener

    def warm(self, session: Session, country: str | None) -> int:
        """Build the index for ``country`` now (at server start) rather than on the first traveller."""
        return len(self.screener(session, country).index)

    def screen(
        self,
        session: Session,
        caller: Caller,
        traveller: Traveller,
        *,
        limit: int = 5,
        threshold: float | None = None,
    ) -> list[Hit]:
        """Screen one traveller for a user allowed to screen; audit the query (counts, not names)."""
        if not caller.can(Permission.SCREEN):
            raise Forbidden(N_("your role does not screen travellers")).then(
                audit.denial(caller, "screening.screen")
            )
        screener = self.screener(session, caller.country)
        hits = screener.screen(traveller, limit=limit)
        if threshold is not None:
            hits = [_rethreshold(h, threshold) for h in hits]
        audit.append(
            session,
            caller,
            "screening.screen",
            record_type="traveller",
            detail=f"results={len(hits)} matches={sum(h.match for h in hits)}",
        )
        return hits

    def screen_many(
        self,
        session: Session,
        caller: Caller,
        travellers: Sequence[Traveller],
        *,
        limit: int = 5,
        threshold: float | None = None,
    ) -> list[list[Hit]]:
        """Screen a batch (one audit record for the batch)."""
        if not caller.can(Permission.SCREEN):
            raise Forbidden(N_("your role does not screen travellers")).then(
                audit.denial(caller, "screening.batch")
            )
        screener = self.screener(session, caller.country)
        results = []
        for traveller in travellers:
            hits = screener.screen(traveller, limit=limit)
            results.append([_rethreshold(h, threshold) for h in hits] if threshold is not None else hits)
        audit.append(
            session,
            caller,
            "screening.batch",
            record_type="traveller",
            detail=f"queries={len(travellers)} matches={sum(any(h.match for h in r) for r in results)}",
        )
        return results


def _rethreshold(hit: Hit, threshold: float) -> Hit:
    from dataclasses import replace

    return replace(hit, match=hit.score >= threshold)


def _alerts(session: Session, country: str | None) -> Iterator[ListEntry]:
    """Regional alerts shared with ``country`` (every alert for the local operator's own tools)."""
    if country is None:
        return iter(())
    return sharing.alert_entries(session, country)


def _alert_documents(session: Session, country: str | None) -> Iterator[LostDocument]:
    if country is None:
        return iter(())
    return sharing.alert_lost_documents(session, country)
