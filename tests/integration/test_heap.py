"""hudud.services.heap: a screening index kept out of the garbage collector's way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from itertools import product

import pytest

from hudud.screening.engine import Screener
from hudud.screening.entries import BirthDate, EntryName, ListEntry, Traveller
from hudud.screening.index import ScreeningIndex
from hudud.services.screening import LoadedLists, build_screener

GIVEN = ["Mohamed", "Youssef", "Abdelkader", "Fatima", "Aicha", "Moussa", "Ibrahim", "Khadija"]
FAMILY = ["Belmokhtar", "El Amrani", "Ould Abdelaziz", "Ag Ghali", "Ben Salah", "Boudiaf", "Toure"]


def _entries() -> list[ListEntry]:
    return [
        ListEntry(
            id=f"P{n}",
            list_name="test",
            names=(EntryName(f"{given} {father} {family}"), EntryName(f"{family}, {given}", "good")),
            birth_dates=(BirthDate(1950 + n % 50),),
            nationalities=("MLI",),
        )
        for n, (given, father, family) in enumerate(product(GIVEN, GIVEN, FAMILY))
    ]


def _travellers() -> Iterator[Traveller]:
    for n, (given, family) in enumerate(product(GIVEN, FAMILY)):
        yield Traveller(f"t{n}", (f"{given} {family}",), birth_date=BirthDate(1960 + n % 30))


@pytest.fixture
def unfrozen() -> Iterator[None]:
    yield
    gc.unfreeze()  # the rest of the test session runs as before


def test_a_dropped_screener_leaves_no_reference_cycles() -> None:
    """What makes freezing safe: a replaced index and its caches are freed by their reference
    counts alone, so none of it waits, frozen, for a collection that never looks at it."""
    gc.collect()
    gc.disable()
    try:
        screener = Screener(ScreeningIndex(_entries()))
        for traveller in _travellers():
            screener.screen(traveller)
        del screener, traveller
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_index_a_service_builds_is_out_of_the_collectors_way(unfrozen: None) -> None:
    screener = build_screener(LoadedLists(entries=_entries()), threshold=0.7)
    assert screener.screen(next(_travellers()))  # it screens as before
    walked = {id(o) for o in gc.get_objects()}  # what a full collection walks
    entries = list(screener.index.entries())
    assert entries and not any(id(e) in walked for e in entries)
    assert gc.isenabled()
