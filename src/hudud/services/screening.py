"""Use case: screen travellers against watch lists and lost/stolen document lists.

The CLI (``hudud screen``), the passenger-list service and the web API all come through here:
``build_screener`` reads list files into an index once, ``screen_queries`` screens a stream of
queries in input order and yields one contract record per query (bad records become errors and the
batch goes on). Logs carry counts and timings, never names."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from hudud.formats.lists import RecordError, read_list
from hudud.screening.engine import Hit, Screener
from hudud.screening.entries import BirthDate, IdentityDocument, ListEntry, LostDocument, Traveller
from hudud.screening.index import ScreeningIndex
from hudud.services.heap import long_lived
from hudud.settings import get_settings

log = logging.getLogger("hudud.screening")


@dataclass
class LoadedLists:
    """Entries and lost documents read from list files, with the problems met on the way."""

    entries: list[ListEntry] = field(default_factory=list)
    lost_documents: list[LostDocument] = field(default_factory=list)
    errors: list[tuple[Path, RecordError]] = field(default_factory=list)


def load_lists(paths: Sequence[Path | str]) -> LoadedLists:
    """Read every list file (format detected from content); raises InvalidInput for an unreadable file."""
    loaded = LoadedLists()
    for path in paths:
        result = read_list(path)
        loaded.entries.extend(result.entries)
        loaded.lost_documents.extend(result.lost_documents)
        loaded.errors.extend((Path(path), error) for error in result.errors)
    return loaded


def build_screener(lists: LoadedLists, *, threshold: float | None = None, candidates: int = 20) -> Screener:
    """An index over the loaded entries and a screener with the given (or configured) threshold."""
    started = time.perf_counter()
    with long_lived():
        index = ScreeningIndex(lists.entries)
        screener = Screener(
            index,
            threshold=get_settings().screening_threshold if threshold is None else threshold,
            candidates=candidates,
            lost_documents=lists.lost_documents,
        )
    log.info(
        "screening.index_built entries=%d lost_documents=%d ms=%.0f",
        len(index),
        len(lists.lost_documents),
        (time.perf_counter() - started) * 1000,
    )
    return screener


def hit_record(hit: Hit) -> dict[str, Any]:
    """One result of the CLI/API contract: id, score, match, explanation."""
    return {"id": hit.entry_id, "score": hit.score, "match": hit.match, "explanation": hit.explanation}


def query_record(query_id: str, hits: Sequence[Hit]) -> dict[str, Any]:
    """One output line of ``hudud screen``: the query id and its results, best first."""
    return {"query_id": query_id, "results": [hit_record(h) for h in hits]}


@dataclass(frozen=True)
class QueryOutcome:
    """Either a screened query (``record``) or a problem with one input record (``error``)."""

    record: dict[str, Any] | None = None
    error: RecordError | None = None


def screen_queries(
    screener: Screener, queries: Iterable[Traveller | RecordError], *, limit: int = 5
) -> Iterator[QueryOutcome]:
    """Screen each traveller in input order; pass record errors through (the batch goes on)."""
    started = time.perf_counter()
    screened = alerts = errors = 0
    for item in queries:
        if isinstance(item, RecordError):
            errors += 1
            yield QueryOutcome(error=item)
            continue
        hits = screener.screen(item, limit=limit)
        screened += 1
        alerts += any(h.match for h in hits)
        yield QueryOutcome(record=query_record(item.id, hits))
    elapsed = time.perf_counter() - started
    log.info(
        "screening.batch_done queries=%d alerts=%d errors=%d ms=%.0f",
        screened,
        alerts,
        errors,
        elapsed * 1000,
    )


def traveller_screener(lists: Sequence[Path]) -> Callable[[Any], dict[str, Any]]:
    """Screening for passenger lists: a function from a manifest traveller (surname, given_names,
    birth_date, gender, nationality, documents) to its ``screening`` object."""
    screener = build_screener(load_lists(lists))

    def screen(passenger: Any) -> dict[str, Any]:
        hits = screener.screen(_from_passenger(passenger))
        return {
            "status": "screened",
            "match": any(h.match for h in hits),
            "results": [hit_record(h) for h in hits if h.score > 0],
        }

    return screen


def _from_passenger(passenger: Any) -> Traveller:
    given = getattr(passenger, "given_names", None) or None
    family = getattr(passenger, "surname", None) or None
    born = getattr(passenger, "birth_date", None)
    nationality = getattr(passenger, "nationality", None)
    gender = getattr(passenger, "gender", None)
    documents = tuple(
        IdentityDocument(number=d.number, issuing_state=getattr(d, "issuing_state", None))
        for d in getattr(passenger, "documents", ())
        if getattr(d, "number", None)
    )
    name = " ".join(p for p in (given, family) if p)
    return Traveller(
        id=str(getattr(passenger, "segment", "")),
        names=(name,) if name else (),
        given=given,
        family=family,
        birth_date=BirthDate(born.year, born.month, born.day) if isinstance(born, date) else None,
        nationalities=(nationality,) if nationality else (),
        gender=gender if gender in ("M", "F") else None,
        documents=documents,
    )
