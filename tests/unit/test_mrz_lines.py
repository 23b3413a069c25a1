"""From OCR'd boxes to MRZ lines: glyph-height readings are taken only where they can matter."""

from __future__ import annotations

from datetime import date

from hudud.formats.mrz_lines import TextLine, best_mrz, clean_pair

TODAY = date(2026, 1, 1)
# MRV-A visa: the optional data (LBOW3...) has no check digit, so nothing else can tell O from 0
VISA = ("V<FRABENELY<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<<<", "F5U1L7JM<6TUN8809173M3308279LBOW3<<<<<<<<<<<")
TD3 = ("P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<", "ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08")


def _read(line1: str, line2: str, alt2: str = "") -> list[str]:
    lines, _ = best_mrz([TextLine(line1, 10.0), TextLine(line2, 50.0, alt=alt2)], today=TODAY)
    return lines


def test_height_reading_settles_o_or_zero_where_no_check_digit_can() -> None:
    as_ocr = VISA[1].replace("LBOW3", "LB0W3")  # the recogniser reads OCR-B's O as 0
    assert _read(VISA[0], as_ocr) == [VISA[0], as_ocr]
    assert _read(VISA[0], as_ocr, alt2=VISA[1]) == list(VISA)


def test_height_reading_is_refused_when_it_breaks_a_check_digit() -> None:
    wrong = TD3[1].replace("ZE000509", "ZEO00509")  # a height misjudged on a document number
    assert _read(TD3[0], TD3[1], alt2=wrong) == list(TD3)


def test_height_reading_is_ignored_in_positions_of_one_kind() -> None:
    # dates are digits only: the repair by position decides there, not the glyph height
    alt = TD3[1].replace("8501019", "85O1019")
    assert _read(TD3[0], TD3[1], alt2=alt) == list(TD3)


def test_clean_keeps_the_height_reading_aligned() -> None:
    assert clean_pair("AB«0 1", "AB«O 1") == ("AB<<01", "AB<<O1")
    assert clean_pair("AB0", "") == ("AB0", "AB0")  # no height reading: the text itself


def test_clean_maps_look_alikes_from_other_scripts() -> None:
    # seen on OCR-B lines: a Greek capital rho for P and a hiragana ku for the filler
    assert clean_pair("ESΡ<<", "") == ("ESP<<", "ESP<<")
    assert clean_pair("AMIN<く", "")[0] == "AMIN<<"
