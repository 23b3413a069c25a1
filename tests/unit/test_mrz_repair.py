"""OCR-tolerant repair: unambiguous fixes are made and reported, ambiguous ones are left alone."""

from __future__ import annotations

from datetime import date

import pytest

from hudud.documents.mrz import parse_mrz

TODAY = date(2026, 1, 1)
CAN = "P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<\nZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08"


@pytest.mark.parametrize(
    ("garbled", "field"),
    [
        (CAN.replace("8501019", "85O1019"), "birth_date"),  # O for 0 in a date: by position
        (CAN.replace("8501019", "85010I9"), "birth_date"),  # I for 1
        (CAN.replace("F2301147", "F23O1147"), "expiry_date"),
        (CAN.replace("<<08", "<<O8"), "optional_data"),  # a check digit can only be a digit
        (CAN.replace("MARTIN", "MART1N"), "primary_identifier"),  # 1 for I in a name
    ],
)
def test_position_repairs_are_made_and_reported(garbled: str, field: str) -> None:
    mrz = parse_mrz(garbled, today=TODAY)
    clean = parse_mrz(CAN, today=TODAY)
    assert mrz.valid and mrz.lines == clean.lines
    assert [r.field for r in mrz.repaired] == [field]


def test_document_number_repaired_when_the_check_digits_pick_one_reading() -> None:
    # O for 0 inside a letters-and-digits field; only one single swap satisfies the check digit
    garbled = CAN.replace("ZE000509", "ZEO00509")
    mrz = parse_mrz(garbled, today=TODAY)
    assert mrz.valid and mrz.document_number == "ZE000509"
    (repair,) = mrz.repaired
    assert (repair.field, repair.line, repair.column, repair.original, repair.replacement) == (
        "document_number",
        2,
        3,
        "O",
        "0",
    )


def test_ambiguous_document_number_is_left_as_read() -> None:
    # O for 0 one place further: O->0 here or 0->O next to it both satisfy the check digit (and the
    # composite, which weighs the number the same way), so the officer sees the failure instead
    mrz = parse_mrz(CAN.replace("ZE000509", "ZE0O0509"), today=TODAY)
    assert mrz.document_number == "ZE0O0509" and "document_number" in {e.field for e in mrz.errors}


def test_ambiguous_visa_number_is_left_as_read() -> None:
    # every character has an OCR twin and the check digit is off by one swap in several ways;
    # without a composite (MRV-A visa) nothing can say which, so nothing is changed
    text = "V<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<\nB8S5B8S5B6CAN8501019F2301147<<<<<<<<<<<<<<<<"
    mrz = parse_mrz(text, today=TODAY)
    assert "document_number" in {e.field for e in mrz.errors}
    assert not [r for r in mrz.repaired if r.field == "document_number"]


def test_repair_can_be_switched_off() -> None:
    mrz = parse_mrz(CAN.replace("8501019", "85O1019"), today=TODAY, repair=False)
    assert not mrz.valid and not mrz.repaired


def test_a_real_misread_is_not_hidden() -> None:
    mrz = parse_mrz(CAN.replace("8501019", "8501029"), today=TODAY)  # 1 read as 2: no OCR twin
    assert [e.field for e in mrz.errors] == ["birth_date", "composite"]
