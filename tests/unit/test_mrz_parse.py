"""Parsing and checking MRZ text: fields, check digits by field and position, dates, names, bad input."""

from __future__ import annotations

from datetime import date

import pytest

from hudud.documents.checkdigit import check_digit
from hudud.documents.errors import InvalidMRZ
from hudud.documents.mrz import parse_mrz

TODAY = date(2026, 1, 1)
ICAO_TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
GERMAN_TD3 = "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<\nC01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"
SWISS_TD1 = "IDCHEA1234567<6<<<<<<<<<<<<<<<\n7510256M2009018CHE<<<<<<<<<<<8\nSMITH<<JOHN<ALBERT<<<<<<<<<<<<"


@pytest.mark.parametrize(
    ("data", "digit"),
    [
        ("L898902C3", "6"),  # ICAO Doc 9303 Part 3 worked example
        ("740812", "2"),
        ("ZE184226B<<<<<", "1"),  # fillers count as 0
        ("", "0"),
    ],
)
def test_check_digit(data: str, digit: str) -> None:
    assert check_digit(data) == digit


def test_icao_specimen_fields() -> None:
    mrz = parse_mrz(ICAO_TD3, today=TODAY)
    assert (mrz.format, mrz.document_code, mrz.issuing_state) == ("TD3", "P", "UTO")
    assert (mrz.primary_identifier, mrz.secondary_identifier) == ("ERIKSSON", "ANNA MARIA")
    assert (mrz.document_number, mrz.optional_data) == ("L898902C3", "ZE184226B")
    assert (mrz.birth_date, mrz.expiry_date, mrz.sex) == (date(1974, 8, 12), date(2012, 4, 15), "F")
    assert [e.field for e in mrz.errors] == ["issuing_state", "nationality"]  # UTO is a specimen state


def test_germany_writes_d_and_is_valid() -> None:
    mrz = parse_mrz(GERMAN_TD3, today=TODAY)
    assert mrz.valid and mrz.issuing_state == "D" and mrz.nationality == "D"


@pytest.mark.parametrize(
    ("line2", "field", "column"),
    [
        ("L898902C37UTO7408122F1204159ZE184226B<<<<<10", "document_number", 10),
        ("L898902C36UTO7408123F1204159ZE184226B<<<<<10", "birth_date", 20),
        ("L898902C36UTO7408122F1204158ZE184226B<<<<<10", "expiry_date", 28),
        ("L898902C36UTO7408122F1204159ZE184226B<<<<<20", "optional_data", 43),
        ("L898902C36UTO7408122F1204159ZE184226B<<<<<11", "composite", 44),
    ],
)
def test_each_failed_check_digit_is_reported_by_field_and_position(
    line2: str, field: str, column: int
) -> None:
    mrz = parse_mrz(ICAO_TD3.split("\n")[0] + "\n" + line2, today=TODAY, repair=False)
    failures = [e for e in mrz.errors if "check digit" in e.message]
    assert failures[0].field == field and (failures[0].line, failures[0].column) == (2, column)
    assert mrz.primary_identifier == "ERIKSSON"  # the officer still sees every field


def test_long_document_number_continues_in_optional_data() -> None:
    mrz = parse_mrz(
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
        today=TODAY,
    )
    assert mrz.document_number == "D23145890734"
    assert not [e for e in mrz.errors if "check digit" in e.message]


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        ("251231", date(2025, 12, 31)),  # yesterday: a newborn, not a centenarian
        ("260101", date(2026, 1, 1)),  # born today
        ("260102", date(1926, 1, 2)),  # tomorrow in 2026 is impossible: 1926
        ("000229", date(2000, 2, 29)),
    ],
)
def test_birth_century_is_never_in_the_future(birth: str, expected: date) -> None:
    from hudud.documents.generate import DocumentFields, make_mrz

    text = make_mrz(DocumentFields("TD3", "A", "B", "X1", "FRA", "FRA", None, "M", date(2030, 1, 1)))
    line2 = text.split("\n")[1]
    line2 = line2[:13] + birth + check_digit(birth) + line2[20:]
    mrz = parse_mrz(text.split("\n")[0] + "\n" + line2, today=TODAY)
    assert mrz.birth_date == expected


def _with_dates(birth: str, expiry: str) -> str:
    from hudud.documents.generate import DocumentFields, make_mrz

    text = make_mrz(DocumentFields("TD3", "A", "B", "X1", "FRA", "FRA", None, "M", date(2030, 1, 1)))
    line1, line2 = text.split("\n")
    line2 = line2[:13] + birth + check_digit(birth) + line2[20] + expiry + check_digit(expiry) + line2[28:]
    return line1 + "\n" + line2[:43] + check_digit(line2[:10] + line2[13:20] + line2[21:43])


def test_dates_take_their_century_from_each_day_of_checking() -> None:
    # the dates are remembered by their text: the century must still follow ``today`` every time
    text = _with_dates("000229", "450101")
    early = parse_mrz(text, today=date(1999, 12, 31))
    assert early.birth_date is None and early.expiry_date == date(1945, 1, 1)  # 1900 was no leap year
    assert [e.field for e in early.errors] == ["birth_date"]
    late = parse_mrz(text, today=TODAY)
    assert late.birth_date == date(2000, 2, 29) and late.expiry_date == date(2045, 1, 1) and late.valid
    assert parse_mrz(text, today=date(2024, 12, 31)).expiry_date == date(1945, 1, 1)  # 21 years ahead
    assert parse_mrz(text, today=date(2000, 2, 28)).birth_date is None  # tomorrow, and no 1900-02-29


def test_expiry_window_puts_far_future_years_in_the_past_century() -> None:
    mrz = parse_mrz(
        "I<UTOD23145890<7349<<<<<<<<<<<\n3407127M9507122UTO<<<<<<<<<<<2\nSTEVENSON<<PETER<JOHN<<<<<<<<<",
        today=TODAY,
    )
    assert mrz.expiry_date == date(1995, 7, 12) and mrz.birth_date == date(1934, 7, 12)


@pytest.mark.parametrize(
    ("name_line", "primary", "secondary", "truncated"),
    [
        ("SMITH<<JOHN<ALBERT<<<<<<<<<<<<", "SMITH", "JOHN ALBERT", False),
        ("<<ANNA<MARIA<<<<<<<<<<<<<<<<<<", "", "ANNA MARIA", False),  # no primary identifier
        ("CACADOR<DE<ARAUJO<<ANDRE<ESTEV", "CACADOR DE ARAUJO", "ANDRE ESTEV", True),  # field full: cut
        ("SINGLENAME<<<<<<<<<<<<<<<<<<<<", "SINGLENAME", "", False),
    ],
)
def test_names_split_filler_and_truncation(
    name_line: str, primary: str, secondary: str, truncated: bool
) -> None:
    lines = SWISS_TD1.split("\n")
    mrz = parse_mrz("\n".join([lines[0], lines[1], name_line]), today=TODAY)
    assert (mrz.primary_identifier, mrz.secondary_identifier, mrz.name_truncated) == (
        primary,
        secondary,
        truncated,
    )


@pytest.mark.parametrize("sex", ["F", "M", "X", "<"])
def test_sex_values(sex: str) -> None:
    from hudud.documents.generate import DocumentFields, make_mrz

    text = make_mrz(
        DocumentFields("TD3", "A", "B", "X1", "FRA", "FRA", date(1990, 1, 1), sex, date(2030, 1, 1))
    )
    assert parse_mrz(text, today=TODAY).sex == sex


def test_unknown_codes_are_errors() -> None:
    text = SWISS_TD1.replace("CHE<<<", "QQQ<<<")
    mrz = parse_mrz(text, today=TODAY)
    assert "nationality" in {e.field for e in mrz.errors}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n \n",
        "P<UTOERIKSSON",  # one short line
        ICAO_TD3 + "\n" + ICAO_TD3.split("\n")[1],  # three 44-wide lines
        ICAO_TD3.replace("ERIKSSON", "ERIKSSÖN"),  # non-ASCII
        ICAO_TD3.replace("<<ANNA", "-<ANNA"),  # punctuation no MRZ has
        "x" * 100_000,  # huge single line
        "\n".join(["A" * 44] * 5000),  # many lines
    ],
    ids=["empty", "blank", "short", "three-wide", "non-ascii", "punctuation", "huge", "many-lines"],
)
def test_unreadable_input_raises_one_clear_error(text: str) -> None:
    with pytest.raises(InvalidMRZ) as info:
        parse_mrz(text, today=TODAY)
    assert info.value.status_code == 422 and len(info.value.message) < 300


def test_lowercase_and_stray_spaces_are_normalised_and_reported() -> None:
    messy = "  " + ICAO_TD3.lower().replace("<<anna", " <<anna") + "  "
    mrz = parse_mrz(messy, today=TODAY)
    assert mrz.lines == tuple(ICAO_TD3.split("\n"))
    assert {r.field for r in mrz.repaired} == {"mrz"}


def test_wrong_length_line_is_unreadable_not_guessed() -> None:
    with pytest.raises(InvalidMRZ, match="2 line"):
        parse_mrz(ICAO_TD3[:-1], today=TODAY)


def test_hot_path_constructor_builds_the_same_frozen_mrz() -> None:
    from dataclasses import FrozenInstanceError, fields

    from hudud.documents import mrz as M

    values = [
        "TD3", ("L1", "L2"), "P", "UTO", "X1", "A", "B", "FRA", date(1980, 1, 2), "F", date(2030, 3, 4),
        "OPT", "OPT2", True, (M.MRZError("sex", "m"),), (),
    ]  # fmt: skip
    built = M._new_mrz(*values)
    expected = M.MRZ(**dict(zip([f.name for f in fields(M.MRZ)], values, strict=True)))
    assert type(built) is M.MRZ and built == expected and hash(built) == hash(expected)
    assert repr(built) == repr(expected) and not built.valid
    with pytest.raises(FrozenInstanceError):
        built.sex = "M"  # type: ignore[misc]
