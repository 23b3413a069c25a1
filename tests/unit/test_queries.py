"""Screening queries (``hudud screen --queries``): FtM Person JSON lines and the documented CSV."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hudud.errors import InvalidInput
from hudud.formats.lists import RecordError
from hudud.formats.queries import detect_query_format, read_queries
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller


def _write(path: Path, text: str) -> Path:
    path.write_text(text, "utf-8")
    return path


def test_ftm_person_lines(tmp_path: Path) -> None:
    record = {
        "id": "q1",
        "schema": "Person",
        "properties": {
            "name": ["Youssef El Amrani", "يوسف العمراني"],
            "birthDate": ["1972-03-01"],
            "nationality": ["ma"],
            "gender": ["male"],
            "passportNumber": ["AB123456"],
            "idNumber": ["X998877"],
        },
    }
    path = _write(tmp_path / "q.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    assert detect_query_format(path) == "ftm_jsonl"
    (traveller,) = read_queries(path)
    assert traveller == Traveller(
        id="q1",
        names=("Youssef El Amrani", "يوسف العمراني"),
        birth_date=BirthDate(1972, 3, 1),
        nationalities=("MAR",),
        gender="M",
        documents=(IdentityDocument("AB123456", "passport"), IdentityDocument("X998877", "national_id")),
    )


def test_ftm_partial_dates_and_name_parts(tmp_path: Path) -> None:
    record = {
        "id": "q2",
        "schema": "Person",
        "properties": {"firstName": ["Djamel"], "lastName": ["Boudiaf"], "birthDate": ["1972"]},
    }
    (traveller,) = read_queries(_write(tmp_path / "q.jsonl", json.dumps(record)))
    assert isinstance(traveller, Traveller)
    assert (traveller.names, traveller.given, traveller.family) == (("Djamel Boudiaf",), "Djamel", "Boudiaf")
    assert traveller.birth_date == BirthDate(1972)


def test_ftm_bad_lines_keep_order_and_line_numbers(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "schema": "Person", "properties": {"name": ["Ali Ben Salah"]}}),
        "{not json",
        "",
        json.dumps({"id": "b", "schema": "Person", "properties": {"name": []}}),
        json.dumps(
            {
                "id": "c",
                "schema": "Person",
                "properties": {"name": ["Omar Kane"], "birthDate": ["1972-02-31"]},
            }
        ),
        json.dumps({"id": "d", "schema": "Vessel", "properties": {"name": ["Sea Star"]}}),
    ]
    items = list(read_queries(_write(tmp_path / "q.jsonl", "\n".join(lines) + "\n")))
    summary = [(i.id,) if isinstance(i, Traveller) else (i.line, i.record, i.skipped) for i in items]
    assert summary == [("a",), (2, None, True), (4, "b", True), (5, "c", False), ("c",), (6, "d", True)]
    assert "not valid JSON" in items[1].message  # type: ignore[union-attr]
    kept = items[4]
    assert isinstance(kept, Traveller) and kept.birth_date == BirthDate(1972)  # year kept from 1972-02-31


def test_csv_contract(tmp_path: Path) -> None:
    text = (
        "id,name,birth_date,nationality,gender,document_number\n"
        "t1,Mohamed Ould Abdelkader,1972-03-01,MRT,M,B1234567\n"
        't2,"BOUDIAF, Djamel",1972,Algérie,female,\n'
        "t3,,1980,MLI,M,\n"
        "t4,Omar Kane,3000-01-01,SEN,X,\n"
    )
    path = _write(tmp_path / "q.csv", text)
    assert detect_query_format(path) == "csv"
    items = list(read_queries(path))
    t1, t2, error, warning, t4 = items
    assert t1 == Traveller(
        id="t1",
        names=("Mohamed Ould Abdelkader",),
        birth_date=BirthDate(1972, 3, 1),
        nationalities=("MRT",),
        gender="M",
        documents=(IdentityDocument("B1234567", "passport"),),
    )
    assert isinstance(t2, Traveller) and t2.names == ("BOUDIAF, Djamel",) and t2.nationalities == ("DZA",)
    assert t2.gender == "F"
    assert (
        isinstance(error, RecordError)
        and (error.line, error.record) == (4, "t3")
        and "empty name" in error.message
    )
    assert isinstance(warning, RecordError) and not warning.skipped and "3000" in warning.message
    assert isinstance(t4, Traveller) and t4.birth_date is None and t4.gender is None


def test_csv_windows_1256_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(b"id,name\nt1,Ali\nt2," + "علي".encode("cp1256") + b"\nt3,Omar\n")
    items = list(read_queries(path))
    assert [i.id for i in items if isinstance(i, Traveller)] == ["t1", "t3"]
    (error,) = [i for i in items if isinstance(i, RecordError)]
    assert error.line == 3 and "Windows-1256" in error.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("surname;forename\nA;B\n", "cannot tell the query format"),
    ],
)
def test_unreadable_query_files_raise(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_queries(_write(tmp_path / "q.csv", content))


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not found"):
        read_queries(tmp_path / "none.csv")
