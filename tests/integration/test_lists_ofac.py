"""OFAC SDN legacy CSV (sdn.csv + alt.csv/add.csv/sdn_comments.csv beside it), real shared copies."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from hudud.formats.lists import ListReadResult, detect_format, read_list
from hudud.screening.entries import BirthDate, IdentityDocument, ListEntry


@pytest.fixture(scope="module")
def bench(shared_data: Path) -> ListReadResult:
    return read_list(shared_data / "ofac" / "2021-07-07_bench" / "sdn.csv")


def _by_id(result: ListReadResult) -> dict[str, ListEntry]:
    return {entry.id: entry for entry in result.entries}


def test_sdn_only_2024_counts(shared_data: Path) -> None:
    path = shared_data / "ofac" / "2024-05-03_sdn_only" / "sdn.csv"
    assert detect_format(path) == "ofac_csv"
    result = read_list(path)
    assert result.errors == []
    assert len(result.entries) == 14965
    assert Counter(e.schema for e in result.entries)["Person"] == 6854
    assert all(e.id.startswith("ofac-") for e in result.entries)


def test_bench_counts_with_aliases_from_alt_csv(bench: ListReadResult) -> None:
    assert bench.errors == []
    assert len(bench.entries) == 8976
    qualities = Counter(n.quality for e in bench.entries for n in e.names)
    # README: 11,910 alt.csv rows; two repeat an alias of the same entry verbatim and are kept once.
    assert qualities["good"] == 11908
    # Weak aliases live only in the remarks ("a.k.a. 'BNC'") and are marked low.
    assert qualities["low"] > 2000


def test_individual_split_family_given_and_remarks(bench: ListReadResult) -> None:
    entry = _by_id(bench)["ofac-2676"]
    assert entry.schema == "Person"
    primary = entry.names[0]
    assert (primary.family, primary.given, primary.full) == (
        "AL ZAWAHIRI",
        "Dr. Ayman",
        "Dr. Ayman AL ZAWAHIRI",
    )
    assert "Ayman AL-ZAWAHIRI" in {n.full for n in entry.names if n.quality == "good"}
    assert entry.birth_dates == (BirthDate(1951, 6, 19),)
    assert entry.birth_places == ("Giza, Egypt",)
    assert IdentityDocument("1084010", "passport", "EGY") in entry.documents


def test_entity_aliases_and_address_countries(bench: ListReadResult) -> None:
    entry = _by_id(bench)["ofac-306"]
    assert entry.schema == "Organization"
    assert {(n.full, n.quality) for n in entry.names} == {
        ("BANCO NACIONAL DE CUBA", "primary"),
        ("NATIONAL BANK OF CUBA", "good"),
        ("BNC", "low"),
    }
    assert "CHE" in entry.extra["address_countries"]


def test_remarks_continued_in_sdn_comments(bench: ListReadResult) -> None:
    # sdn.csv cuts remarks at 1,000 characters; sdn_comments.csv holds the rest ("...'snowsjo" + "hn'").
    entry = _by_id(bench)["ofac-28263"]
    assert any(n.full == "snowsjohn" for n in entry.names)


def test_nationality_gender_and_dob_forms(shared_data: Path) -> None:
    result = read_list(shared_data / "ofac" / "2024-05-03_sdn_only" / "sdn.csv")
    people = [e for e in result.entries if e.schema == "Person"]
    assert sum(1 for p in people if p.gender) > 4000
    codes = Counter(n for p in people for n in p.nationalities)
    assert codes["RUS"] > 1000 and codes["PRK"] > 100  # "Korea, North"
    dates = [d for p in people for d in p.birth_dates]
    assert any(d.approximate for d in dates)  # "DOB circa 1951"
    assert any(d.year_to for d in dates)  # "DOB 1950 to 1955"


def test_non_sdn_consolidated_list(shared_data: Path) -> None:
    result = read_list(shared_data / "ofac" / "ofac-consolidated-nonsdn" / "cons_prim.csv")
    assert len(result.entries) == 442 and result.errors == []
    haniya = _by_id(result)["ofac-9639"]
    assert "Ismail HANIYA" in {n.full for n in haniya.names}  # from cons_alt.csv
