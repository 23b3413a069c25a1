"""The UN Security Council consolidated list, read from the real shared copies.

Counts are checked against ../shared/data/README.md; where the reader's figure differs (duplicate
aliases/documents inside one record, document labels in French/Spanish) docs/lists.md explains."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from hudud.formats.lists import ListReadResult, detect_format, entry_fingerprint, read_list
from hudud.screening.entries import BirthDate, ListEntry


@pytest.fixture(scope="module")
def un_2026(shared_data: Path) -> ListReadResult:
    return read_list(shared_data / "un" / "consolidated_2026-02-27.xml")


@pytest.fixture(scope="module")
def by_id(un_2026: ListReadResult) -> dict[str, ListEntry]:
    return {entry.id: entry for entry in un_2026.entries}


def test_detected_from_content(shared_data: Path) -> None:
    assert detect_format(shared_data / "un" / "consolidated_2026-02-27.xml") == "un_xml"


def test_counts_2026(un_2026: ListReadResult) -> None:
    schemas = Counter(entry.schema for entry in un_2026.entries)
    assert schemas == {"Person": 730, "Organization": 273}
    assert un_2026.errors == []
    assert un_2026.complete
    assert un_2026.generated_on == date(2026, 2, 27)
    people = [entry for entry in un_2026.entries if entry.schema == "Person"]
    arabic = [p for p in people if any(n.script == "Arabic" for n in p.names)]
    assert len(arabic) == 327
    aliases = Counter(n.quality for p in people for n in p.names if n.quality != "primary")
    # README: 2,139 alias elements (Good 1,524 / Low 615); 10 "Good" ones repeat an alias of the same
    # person verbatim (e.g. QDi.092 "Fabio Fusco" three times) and are kept once.
    assert aliases == {"good": 1514, "low": 615}
    kinds = Counter(doc.kind for p in people for doc in p.documents)
    # README: 308 "Passport" + 153 "National Identification Number" elements; see docs/lists.md.
    assert kinds == {"passport": 305, "national_id": 144}


def test_ids_are_un_reference_numbers(un_2026: ListReadResult) -> None:
    ids = [entry.id for entry in un_2026.entries]
    assert len(set(ids)) == len(ids)
    assert all(entry.id == entry.reference for entry in un_2026.entries)
    assert all(entry.list_name == "un" for entry in un_2026.entries)


def test_person_has_every_name_and_script(by_id: dict[str, ListEntry]) -> None:
    entry = by_id["TAi.005"]
    assert entry.primary_name == "MUHAMMAD TAHER ANWARI"
    first = entry.names[0]
    assert (first.given, first.family, first.script) == ("MUHAMMAD", "TAHER ANWARI", "Latin")
    assert any(n.full == "محمد طاهر أنوري" and n.script == "Arabic" for n in entry.names)
    assert {n.full for n in entry.names if n.quality == "low"} == {"Haji Mudir"}
    assert entry.birth_dates == (BirthDate(1961, approximate=True),)
    assert entry.nationalities == ("AFG",)
    assert entry.listed_on == date(2001, 2, 23)
    assert entry.extra["un_list_type"] == "Taliban"


def test_cyrillic_original_script_is_labelled(by_id: dict[str, ListEntry]) -> None:
    scripts = {n.script for n in by_id["QDi.290"].names}
    assert "Cyrillic" in scripts


def test_birth_date_kinds(un_2026: ListReadResult) -> None:
    dates = [d for entry in un_2026.entries for d in entry.birth_dates]
    assert any(d.year_to is not None for d in dates)  # BETWEEN FROM_YEAR/TO_YEAR
    assert any(d.approximate and d.month is None for d in dates)  # APPROXIMATELY + YEAR
    assert any(d.day is not None for d in dates)  # EXACT full date
    assert any(d.month is None and not d.approximate and d.year_to is None for d in dates)  # year only
    several = [entry for entry in un_2026.entries if len(entry.birth_dates) > 1]
    assert len(several) > 50


def test_documents_carry_number_kind_and_state(un_2026: ListReadResult) -> None:
    docs = [doc for entry in un_2026.entries for doc in entry.documents]
    assert all(doc.number.strip() == doc.number and doc.number for doc in docs)
    with_state = [doc for doc in docs if doc.issuing_state]
    assert len(with_state) > 250
    assert Counter(len(doc.issuing_state or "") for doc in with_state)[3] == len(with_state)


def test_nationalities_resolve_to_alpha3(un_2026: ListReadResult) -> None:
    unresolved = {n for entry in un_2026.entries for n in entry.nationalities if len(n) != 3}
    assert unresolved == {"former Soviet Union"}  # no ICAO code exists; raw text kept


def test_reasons_and_places(by_id: dict[str, ListEntry]) -> None:
    entry = by_id["CDi.002"]
    assert entry.reasons and "Kakolele" in entry.reasons
    assert "\n" not in entry.reasons


def test_older_list_and_fingerprints(shared_data: Path, un_2026: ListReadResult) -> None:
    old = read_list(shared_data / "un" / "consolidated_2024-09-26.xml")
    assert old.generated_on == date(2024, 9, 26)
    assert Counter(e.schema for e in old.entries)["Person"] == 682
    old_ids = {e.id: e for e in old.entries}
    new_ids = {e.id: e for e in un_2026.entries}
    # README: "vs 2026: 6 removed, 134 added" holds for all entries (54 individuals + 80 entities
    # added), not for individuals alone.
    removed = old_ids.keys() - new_ids.keys()
    assert sorted(removed) == ["IQi.074", "LYi.020", "QDi.095", "QDi.317", "QDi.328", "QDi.336"]
    assert len(new_ids.keys() - old_ids.keys()) == 134
    same = old_ids.keys() & new_ids.keys()
    changed = [i for i in same if entry_fingerprint(old_ids[i]) != entry_fingerprint(new_ids[i])]
    assert 0 < len(changed) < len(same) / 2
    assert entry_fingerprint(new_ids["CDi.001"]) == entry_fingerprint(new_ids["CDi.001"])
