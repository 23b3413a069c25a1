"""National persons lists and lost/stolen document lists: our documented CSV columns (docs/lists.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hudud.errors import InvalidInput
from hudud.formats.lists import detect_format, read_list
from hudud.screening.entries import BirthDate, IdentityDocument, LostDocument

PERSONS = (
    "id,name,given_name,family_name,name_original,aliases,weak_aliases,birth_date,birth_place,"
    "nationality,gender,document_number,document_type,document_country,listed_on,reason,unit\n"
    "MR-001,Mohamed Ould Abdelkader,Mohamed,Ould Abdelkader,محمد ولد عبد القادر,"
    "Muhammad Wuld Abd al-Qadir|Mohamed Abdelkader,Abu Anas,1972-03|circa 1970,Atar,"
    "Mauritanie|MLI,ذكر,B1234567,passport,MRT,2024-01-15,Smuggling network,DGSN\n"
)


def test_persons_csv_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "mauritania_watch.csv"
    path.write_bytes(b"\xef\xbb\xbf" + PERSONS.encode("utf-8"))
    assert detect_format(path) == "national_csv"
    result = read_list(path)
    assert result.errors == []
    (entry,) = result.entries
    assert (entry.id, entry.list_name) == ("MR-001", "national:mauritania_watch")
    assert [(n.full, n.quality, n.script) for n in entry.names] == [
        ("Mohamed Ould Abdelkader", "primary", "Latin"),
        ("محمد ولد عبد القادر", "primary", "Arabic"),
        ("Muhammad Wuld Abd al-Qadir", "good", "Latin"),
        ("Mohamed Abdelkader", "good", "Latin"),
        ("Abu Anas", "low", "Latin"),
    ]
    assert entry.birth_dates == (BirthDate(1972, 3), BirthDate(1970, approximate=True))
    assert entry.nationalities == ("MRT", "MLI")  # French name and alpha-3
    assert entry.gender == "M"  # Arabic ذكر
    assert entry.documents == (IdentityDocument("B1234567", "passport", "MRT"),)
    assert entry.listed_on == date(2024, 1, 15)
    assert entry.extra == {"unit": "DGSN"}


def test_list_name_can_be_given(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(PERSONS, "utf-8")
    assert read_list(path, list_name="national:mrt").entries[0].list_name == "national:mrt"


def test_persons_bad_rows_named_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    rows = [
        "id,name,birth_date,gender",
        "A1,Ali Ben Salah,1970-02-31,M",  # 31 February: date dropped, person kept
        "A2,,1970,M",  # empty name: skipped
        "A3,Omar,1980,M,extra,cells",  # broken row: too many cells
        "A1,Ali Again,1971,M",  # duplicate id
        'A4,"Said,1960,M',  # unclosed quote swallows the rest of the file
    ]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    result = read_list(path)
    assert [e.id for e in result.entries] == ["A1"]
    assert result.entries[0].birth_dates == ()
    found = [(e.line, e.record, e.skipped) for e in result.errors]
    assert found == [(2, "A1", False), (3, "A2", True), (4, None, True), (5, "A1", True), (6, None, True)]
    assert "1970-02-31" in result.errors[0].message
    assert "empty name" in result.errors[1].message
    assert "6 cells for 4 columns" in result.errors[2].message
    assert "unclosed quote" in result.errors[4].message


def test_windows_1256_lines_are_refused_with_the_encoding_named(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_bytes(b"id,name\nA1,Ali Ben Salah\nA2," + "علي بن صالح".encode("cp1256") + b"\nA3,Omar Kane\n")
    result = read_list(path)
    assert [e.id for e in result.entries] == ["A1", "A3"]
    (error,) = result.errors
    assert error.line == 3 and "Windows-1256" in error.message and "UTF-8" in error.message
    # The operator who knows the encoding says so, and nothing is guessed.
    fixed = read_list(path, encoding="cp1256")
    assert fixed.errors == [] and fixed.entries[1].names[0].full == "علي بن صالح"


def test_header_is_required(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text("id,full_name\nA1,Ali\n", "utf-8")
    with pytest.raises(InvalidInput, match="lacks the column"):
        read_list(path)


LOST = (
    "document_number,issuing_state,document_type,status,reported_on,source\n"
    "MR0012345,MRT,passport,stolen,2025-11-02,DGSN\n"
    "AB123,Maroc,national_id,lost,02/11/2025,\n"
    ",MLI,passport,lost,,\n"
    "X1,Atlantis,passport,lost,,\n"
    "X2,SEN,passport,burnt,,\n"
    "X3,SEN,P,revoked,2025-02-30,\n"
)


def test_lost_documents(tmp_path: Path) -> None:
    path = tmp_path / "sltd.csv"
    path.write_text(LOST, "utf-8")
    assert detect_format(path) == "lost_documents_csv"
    result = read_list(path)
    assert result.entries == []
    assert result.lost_documents == [
        LostDocument("MR0012345", "MRT", "passport", date(2025, 11, 2), "stolen", "DGSN"),
        LostDocument("AB123", "MAR", "national_id", date(2025, 11, 2), "lost", "national:sltd"),
        LostDocument("X3", "SEN", "passport", None, "revoked", "national:sltd"),
    ]
    found = {(e.line, e.skipped): e.message for e in result.errors}
    assert "empty document_number" in found[(4, True)]
    assert "Atlantis" in found[(5, True)]
    assert "burnt" in found[(6, True)]
    assert "2025-02-30" in found[(7, False)]
