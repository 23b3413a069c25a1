"""Generating MRZs: every format round-trips through the parser with every check digit valid."""

from __future__ import annotations

from datetime import date

import pytest

from hudud.documents.errors import InvalidMRZ
from hudud.documents.generate import FORMATS, DocumentFields, make_mrz
from hudud.documents.mrz import parse_mrz
from hudud.documents.transliteration import mrz_to_arabic

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("number", ["L898902C3", "X12"])
def test_every_format_round_trips(fmt: str, number: str) -> None:
    fields = DocumentFields(fmt, "Ben Youssef", "Leïla", number, "TUN", "FRA", date(1991, 3, 4), "F",
                            date(2031, 3, 3), optional_data="AB12")  # fmt: skip
    mrz = parse_mrz(make_mrz(fields), today=TODAY)
    assert mrz.valid, mrz.errors
    assert (mrz.format, mrz.document_number, mrz.issuing_state, mrz.nationality) == (
        fmt,
        number,
        "TUN",
        "FRA",
    )
    assert (mrz.primary_identifier, mrz.secondary_identifier) == ("BEN YOUSSEF", "LEILA")
    assert (mrz.birth_date, mrz.expiry_date, mrz.sex) == (date(1991, 3, 4), date(2031, 3, 3), "F")


@pytest.mark.parametrize("fmt", ["TD1", "TD2"])
def test_long_document_numbers_use_the_optional_data(fmt: str) -> None:
    fields = DocumentFields(
        fmt, "A", "B", "D23145890734", "FRA", "FRA", date(1990, 1, 1), "M", date(2030, 1, 1)
    )
    mrz = parse_mrz(make_mrz(fields), today=TODAY)
    assert mrz.valid and mrz.document_number == "D23145890734"


def test_arabic_names_are_written_with_the_doc_9303_table_and_come_back() -> None:
    fields = DocumentFields("TD3", "عبدالرحيم", "محمود", "A2222222", "JOR", "JOR", date(1971, 8, 21), "M",
                            date(2030, 1, 1))  # fmt: skip
    text = make_mrz(fields)
    assert text.startswith("P<JOREBDALRXHYM<<MXHMWD<")
    mrz = parse_mrz(text, today=TODAY)
    assert mrz_to_arabic(mrz.primary_identifier) == "عبدالرحيم"


def test_unknown_birth_date_is_written_as_fillers() -> None:
    text = make_mrz(DocumentFields("TD3", "A", "B", "X1", "FRA", "FRA", None, "<", date(2030, 1, 1)))
    assert text.split("\n")[1][13:20] == "<<<<<<0"


@pytest.mark.parametrize(
    "changes",
    [
        {"format": "TD4"},
        {"sex": "Q"},
        {"document_number": "AB-1/2"},
        {"document_number": "0123456789"},  # TD3 holds 9
        {"optional_data": "X" * 20},
    ],
)
def test_unusable_fields_raise_a_clear_error(changes: dict[str, object]) -> None:
    base: dict[str, object] = {
        "format": "TD3", "surname": "A", "given_names": "B", "document_number": "X1", "issuing_state": "FRA",
        "nationality": "FRA", "birth_date": date(1990, 1, 1), "sex": "M", "expiry_date": date(2030, 1, 1),
    }  # fmt: skip
    base.update(changes)
    with pytest.raises(InvalidMRZ):
        make_mrz(DocumentFields(**base))  # type: ignore[arg-type]
