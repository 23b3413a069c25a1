"""Where each field sits in each MRZ layout (ICAO Doc 9303 Parts 4-7), plus two national layouts
still in circulation that share the MRZ font: the French identity card issued until 2021 and the
Swiss driving licence. Positions are 0-based, ``end`` exclusive; the tables are built once."""

from __future__ import annotations

from dataclasses import dataclass

# Field kinds decide which OCR confusions can be repaired by position alone.
NUMERIC = "numeric"  # digits, or '<' for an unknown date part
ALPHA = "alpha"  # letters and '<' (codes, sex)
NAME = "name"  # letters and '<'
ALNUM = "alnum"  # letters, digits and '<' (document number, optional data)
DIGIT = "digit"  # one check digit


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its name in results, where it is, and what characters it may hold."""

    name: str
    line: int
    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """One check digit at (line, index) over the concatenated ``covers`` slices."""

    field: str
    line: int
    index: int
    covers: tuple[tuple[int, int, int], ...]
    may_be_filler: bool = False  # TD3 personal number check may be '<' when the field is empty
    alt_covers: tuple[tuple[int, int, int], ...] = ()  # a second reading some issuers use


@dataclass(frozen=True, slots=True)
class Layout:
    """A complete MRZ layout."""

    format: str
    line_lengths: tuple[int, ...]
    fields: tuple[FieldSpec, ...]
    checks: tuple[CheckSpec, ...]
    long_number_check: tuple[int, int] | None = None  # (line, index) of doc-number check in TD1/TD2
    long_number_overflow: tuple[int, int, int] | None = None  # where a long number continues


def _f(name: str, line: int, start: int, end: int, kind: str) -> FieldSpec:
    return FieldSpec(name, line, start, end, kind)


def _two_line_fields(width: int, optional_end: int, optional_check: bool) -> tuple[FieldSpec, ...]:
    """TD2, TD3, MRV-A and MRV-B share the first 28 positions of line 2."""
    fields = [
        _f("document_code", 0, 0, 2, ALPHA),
        _f("issuing_state", 0, 2, 5, ALPHA),
        _f("name", 0, 5, width, NAME),
        _f("document_number", 1, 0, 9, ALNUM),
        _f("document_number_check", 1, 9, 10, DIGIT),
        _f("nationality", 1, 10, 13, ALPHA),
        _f("birth_date", 1, 13, 19, NUMERIC),
        _f("birth_date_check", 1, 19, 20, DIGIT),
        _f("sex", 1, 20, 21, ALPHA),
        _f("expiry_date", 1, 21, 27, NUMERIC),
        _f("expiry_date_check", 1, 27, 28, DIGIT),
        _f("optional_data", 1, 28, optional_end, ALNUM),
    ]
    if optional_check:
        fields.append(_f("optional_data_check", 1, optional_end, optional_end + 1, DIGIT))
    if optional_end < width:
        last = optional_end + (1 if optional_check else 0)
        if last < width:
            fields.append(_f("composite_check", 1, last, width, DIGIT))
    return tuple(fields)


def _basic_checks() -> list[CheckSpec]:
    return [
        CheckSpec("document_number", 1, 9, ((1, 0, 9),)),
        CheckSpec("birth_date", 1, 19, ((1, 13, 19),)),
        CheckSpec("expiry_date", 1, 27, ((1, 21, 27),)),
    ]


TD1 = Layout(
    "TD1",
    (30, 30, 30),
    (
        _f("document_code", 0, 0, 2, ALPHA),
        _f("issuing_state", 0, 2, 5, ALPHA),
        _f("document_number", 0, 5, 14, ALNUM),
        _f("document_number_check", 0, 14, 15, DIGIT),
        _f("optional_data", 0, 15, 30, ALNUM),
        _f("birth_date", 1, 0, 6, NUMERIC),
        _f("birth_date_check", 1, 6, 7, DIGIT),
        _f("sex", 1, 7, 8, ALPHA),
        _f("expiry_date", 1, 8, 14, NUMERIC),
        _f("expiry_date_check", 1, 14, 15, DIGIT),
        _f("nationality", 1, 15, 18, ALPHA),
        _f("optional_data_2", 1, 18, 29, ALNUM),
        _f("composite_check", 1, 29, 30, DIGIT),
        _f("name", 2, 0, 30, NAME),
    ),
    (
        CheckSpec("document_number", 0, 14, ((0, 5, 14),)),
        CheckSpec("birth_date", 1, 6, ((1, 0, 6),)),
        CheckSpec("expiry_date", 1, 14, ((1, 8, 14),)),
        CheckSpec("composite", 1, 29, ((0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 29))),
    ),
    long_number_check=(0, 14),
    long_number_overflow=(0, 15, 30),
)

TD2 = Layout(
    "TD2",
    (36, 36),
    _two_line_fields(36, 35, False),
    (*_basic_checks(), CheckSpec("composite", 1, 35, ((1, 0, 10), (1, 13, 20), (1, 21, 35)))),
    long_number_check=(1, 9),
    long_number_overflow=(1, 28, 35),
)

TD3 = Layout(
    "TD3",
    (44, 44),
    _two_line_fields(44, 42, True),
    (
        *_basic_checks(),
        CheckSpec("optional_data", 1, 42, ((1, 28, 42),), may_be_filler=True),
        CheckSpec("composite", 1, 43, ((1, 0, 10), (1, 13, 20), (1, 21, 43))),
    ),
)

MRVA = Layout("MRVA", (44, 44), _two_line_fields(44, 44, False), tuple(_basic_checks()))
MRVB = Layout("MRVB", (36, 36), _two_line_fields(36, 36, False), tuple(_basic_checks()))

# French national identity card (1988-2021): not ICAO, but 2x36 in OCR-B and still valid for travel
# in Europe; its own positions and a composite over both lines.
FRENCH_ID = Layout(
    "FRENCH_ID",
    (36, 36),
    (
        _f("document_code", 0, 0, 2, ALPHA),
        _f("issuing_state", 0, 2, 5, ALPHA),
        _f("primary_name", 0, 5, 30, NAME),
        _f("optional_data", 0, 30, 36, ALNUM),
        _f("issue_date", 1, 0, 4, NUMERIC),
        _f("document_number", 1, 0, 12, ALNUM),
        _f("document_number_check", 1, 12, 13, DIGIT),
        _f("secondary_name", 1, 13, 27, NAME),
        _f("birth_date", 1, 27, 33, NUMERIC),
        _f("birth_date_check", 1, 33, 34, DIGIT),
        _f("sex", 1, 34, 35, ALPHA),
        _f("composite_check", 1, 35, 36, DIGIT),
    ),
    (
        CheckSpec("document_number", 1, 12, ((1, 0, 12),)),
        CheckSpec("birth_date", 1, 33, ((1, 27, 33),)),
        CheckSpec("composite", 1, 35, ((0, 0, 36), (1, 0, 35))),
    ),
)

# Swiss driving licence (ISO 18013 card with a 3-line OCR-B zone of 9/30/30): no check digits.
SWISS_DL = Layout(
    "SWISS_DL",
    (9, 30, 30),
    (
        _f("optional_data", 0, 0, 9, ALNUM),
        _f("document_code", 1, 0, 2, ALPHA),
        _f("issuing_state", 1, 2, 5, ALPHA),
        _f("document_number", 1, 5, 17, NUMERIC),
        _f("birth_date", 1, 19, 25, NUMERIC),
        _f("name", 2, 0, 30, NAME),
    ),
    (),
)

ICAO_FORMATS = ("TD1", "TD2", "TD3", "MRVA", "MRVB")
ALL_LAYOUTS = (TD1, TD2, TD3, MRVA, MRVB, FRENCH_ID, SWISS_DL)
_TO_LETTER = str.maketrans("012568", "OIZSGB")


def layout_for(lines: list[str]) -> Layout | None:
    """The layout whose shape matches ``lines`` (already upper-case, spaces removed), or None."""
    lengths = tuple(len(line) for line in lines)
    head = lines[0][:5].translate(_TO_LETTER) if lines else ""
    if lengths == (30, 30, 30):
        return TD1
    if lengths == (44, 44):
        return MRVA if head[0] == "V" else TD3
    if lengths == (36, 36):
        if head == "IDFRA":
            return FRENCH_ID
        return MRVB if head[0] == "V" else TD2
    if lengths == (9, 30, 30):
        return SWISS_DL
    return None
