"""EU consolidated list, old FSD "whole" XML export (real shared copy, 2016-02-11)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from hudud.formats.lists import ListReadResult, detect_format, read_list
from hudud.screening.entries import BirthDate, ListEntry


@pytest.fixture(scope="module")
def eu(shared_data: Path) -> ListReadResult:
    return read_list(shared_data / "eu" / "eu_fsd_whole_2016-02-11.xml")


@pytest.fixture(scope="module")
def by_id(eu: ListReadResult) -> dict[str, ListEntry]:
    return {entry.id: entry for entry in eu.entries}


def test_counts(shared_data: Path, eu: ListReadResult) -> None:
    assert detect_format(shared_data / "eu" / "eu_fsd_whole_2016-02-11.xml") == "eu_xml"
    assert eu.errors == [] and eu.complete
    assert eu.generated_on == date(2016, 2, 11)
    assert len(eu.entries) == 595
    assert Counter(e.schema for e in eu.entries) == {"Person": 319, "Organization": 276}
    # ~5 NAME elements per entity in the file; identical spellings are kept once (~4.5 names).
    assert 4.0 < sum(len(e.names) for e in eu.entries) / len(eu.entries) < 5.1


def test_person_with_variants_birth_and_citizenship(by_id: dict[str, ListEntry]) -> None:
    saddam = by_id["eu-13"]
    assert saddam.reference == "13"
    assert saddam.primary_name == "Saddam Hussein Al-Tikriti"
    assert (saddam.names[0].given, saddam.names[0].family) == ("Saddam", "Hussein Al-Tikriti")
    assert {"Abu Ali", "Abou Ali"} <= {n.full for n in saddam.names if n.quality == "good"}
    assert saddam.birth_dates == (BirthDate(1937, 4, 28),)
    assert saddam.nationalities == ("IRQ",)
    assert saddam.gender == "M"
    assert saddam.listed_on == date(2003, 7, 7)


def test_passport_numbers_are_separated_from_their_labels(by_id: dict[str, ListEntry]) -> None:
    (doc,) = by_id["eu-1"].documents
    assert (doc.number, doc.kind) == ("AD001095", "passport")


def test_approximate_years_and_ranges(eu: ListReadResult) -> None:
    dates = [d for e in eu.entries for d in e.birth_dates]
    assert any(d.approximate and d.year_to is None for d in dates)  # "1965 (approximative)"
    assert any(d.approximate and d.year_to for d in dates)  # "1970 - 1975 (approximative)"
