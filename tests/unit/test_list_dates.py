"""How lists write birth dates, parsed once for every reader (hudud.formats.lists.common)."""

from __future__ import annotations

import dataclasses

import pytest

from hudud.formats.lists import entry_fingerprint
from hudud.formats.lists.common import BadDate, detect_script, parse_birth_date
from hudud.screening.entries import BirthDate, EntryName, ListEntry


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1972", BirthDate(1972)),  # year only (UN YEAR, FtM partial date)
        ("1972-03", BirthDate(1972, 3)),  # FtM month precision
        ("1972-03-01", BirthDate(1972, 3, 1)),
        ("1965-00-00", BirthDate(1965)),  # zeros for unknown month/day
        ("01/03/1972", BirthDate(1972, 3, 1)),  # Maghreb day-first
        ("10 Dec 1948", BirthDate(1948, 12, 10)),  # OFAC remarks
        ("Dec 1948", BirthDate(1948, 12)),
        ("Nov. 1973", BirthDate(1973, 11)),  # UN NOTE
        ("circa 1951", BirthDate(1951, approximate=True)),
        ("1950 to 1955", BirthDate(1950, year_to=1955)),
        ("01 Jan 1965 to 31 Dec 1970", BirthDate(1965, year_to=1970)),  # day-level range kept as years
        ("1970 - 1975 (approximative)", BirthDate(1970, year_to=1975, approximate=True)),  # EU
        ("Between Aug. and Sep. 1977", None),  # no year on the first end: unreadable, see below
        ("", None),
    ],
)
def test_parse_birth_date(text: str, expected: BirthDate | None) -> None:
    if text.startswith("Between"):
        with pytest.raises(BadDate):
            parse_birth_date(text)
        return
    assert parse_birth_date(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("3000-01-01", "implausible birth year 3000"),
        ("1970-02-31", "day is out of range"),
        ("1970-13-01", "bad birth month 13"),
        ("yesterday", "unreadable date"),
    ],
)
def test_absurd_dates_say_why(text: str, why: str) -> None:
    with pytest.raises(BadDate, match=why):
        parse_birth_date(text)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("محمد ولد عبد القادر", "Arabic"),
        ("Умаров Доку", "Cyrillic"),
        ("Mohamed Ould", "Latin"),
        ("123", None),
    ],
)
def test_detect_script(text: str, script: str | None) -> None:
    assert detect_script(text) == script


def test_fingerprint_ignores_order_and_bookkeeping_but_not_content() -> None:
    a = EntryName("Ali Ben Salah")
    b = EntryName("Ali Bin Salih", "good")
    entry = ListEntry("QDi.1", "un", names=(a, b), birth_dates=(BirthDate(1970),), extra={"version": "1"})
    reordered = dataclasses.replace(entry, names=(b, a), extra={"version": "2"})
    changed = dataclasses.replace(entry, birth_dates=(BirthDate(1971),))
    assert entry_fingerprint(entry) == entry_fingerprint(reordered)
    assert entry_fingerprint(entry) != entry_fingerprint(changed)
    assert len(entry_fingerprint(entry)) == 64
