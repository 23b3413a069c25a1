"""yente's screening fixtures (../shared/data/peer-fixtures) read as queries, for the benchmarks."""

from __future__ import annotations

from pathlib import Path

from hudud.formats.lists import RecordError
from hudud.formats.queries import detect_query_format, read_queries
from hudud.screening.entries import BirthDate, Traveller


def test_positives_untreated(shared_data: Path) -> None:
    path = shared_data / "peer-fixtures" / "positives_un_untreated.csv"
    assert detect_query_format(path) == "peer_csv"
    items = list(read_queries(path))
    assert len(items) == 683 and all(isinstance(i, Traveller) for i in items)
    first = items[0]
    assert isinstance(first, Traveller)
    assert (first.id, first.names, first.birth_date, first.nationalities) == (
        "positives_un_untreated-1",
        ("ABDULHAI SALEK",),
        BirthDate(1965),
        ("AFG",),
    )


def test_positives_treated_noise_is_reported_not_fatal(shared_data: Path) -> None:
    items = list(read_queries(shared_data / "peer-fixtures" / "positives_un_treated.csv"))
    travellers = [i for i in items if isinstance(i, Traveller)]
    errors = [i for i in items if isinstance(i, RecordError)]
    assert len(travellers) == 683  # same row numbers as the untreated file: ids pair up
    assert travellers[56].id == "positives_un_treated-57"
    # date noise such as "1974-01-32": a warning, the year is kept
    assert [(e.line, e.skipped) for e in errors] == [(58, False), (285, False), (643, False)]
    assert travellers[56].birth_date == BirthDate(1974)


def test_negatives_arabic_script_and_name_parts(shared_data: Path) -> None:
    items = list(read_queries(shared_data / "peer-fixtures" / "negatives_global.csv"))
    assert len(items) == 50000
    first = items[0]
    assert isinstance(first, Traveller)
    assert (first.names, first.given, first.family, first.gender) == (("حسین موسوی",), "حسین", "موسوی", "M")
    unresolved = {n for i in items if isinstance(i, Traveller) for n in i.nationalities if len(n) != 3}
    assert unresolved == set()
