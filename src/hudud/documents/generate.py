"""Build a valid MRZ from fields (tests, demo data, training exercises).

Names may be given in any script the transliteration module knows; every check digit is computed;
a name longer than its field is cut at the field end, as Doc 9303 Part 3 §4.6 allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hudud.documents.checkdigit import MRZ_CHARS, check_digit
from hudud.documents.errors import InvalidMRZ
from hudud.documents.transliteration import name_to_mrz
from hudud.errors import N_

FORMATS = ("TD1", "TD2", "TD3", "MRVA", "MRVB")
_DEFAULT_CODE = {"TD1": "I", "TD2": "I", "TD3": "P", "MRVA": "V", "MRVB": "V"}


@dataclass(frozen=True, slots=True)
class DocumentFields:
    """What goes into an MRZ; names in any supported script, codes as ICAO alpha-3 (or D)."""

    format: str
    surname: str
    given_names: str
    document_number: str
    issuing_state: str
    nationality: str
    birth_date: date | None
    sex: str
    expiry_date: date | None
    document_code: str = ""
    optional_data: str = ""
    optional_data_2: str = ""


def _pad(text: str, width: int) -> str:
    return (text + "<" * width)[:width]


def _clean(value: str, what: str) -> str:
    text = value.upper().replace(" ", "<").replace("-", "<")
    bad = [c for c in text if c not in MRZ_CHARS]
    if bad:
        raise InvalidMRZ(
            N_("%(what)s: %(char)s cannot be written in an MRZ"),
            values={"what": what, "char": repr(bad[0])},
            field=what,
        )
    return text


def _fit(text: str, width: int, what: str) -> str:
    if len(text) > width:
        raise InvalidMRZ(
            N_("%(what)s has %(length)s characters; this format holds %(width)s"),
            values={"what": what, "length": len(text), "width": width},
            field=what,
        )
    return _pad(text, width)


def _date(day: date | None) -> str:
    return day.strftime("%y%m%d") if day else "<<<<<<"


def name_field(surname: str, given_names: str, width: int) -> str:
    """``PRIMARY<<SECONDARY`` in MRZ characters, filled or cut to ``width``."""
    primary = name_to_mrz(surname)
    secondary = name_to_mrz(given_names)
    text = primary + ("<<" + secondary if secondary else "")
    return _pad(text, width)


def make_mrz(fields: DocumentFields) -> str:
    """The MRZ lines (joined by newlines) for ``fields``; raises ``InvalidMRZ`` on unusable values."""
    fmt = fields.format.upper().replace("-", "")
    if fmt not in FORMATS:
        raise InvalidMRZ(
            N_("format must be one of %(formats)s, not %(format)s"),
            values={"formats": ", ".join(FORMATS), "format": repr(fields.format)},
            field="format",
        )
    code = _pad(_clean(fields.document_code or _DEFAULT_CODE[fmt], "document_code"), 2)
    state = _pad(_clean(fields.issuing_state, "issuing_state"), 3)
    nationality = _pad(_clean(fields.nationality, "nationality"), 3)
    number = _clean(fields.document_number, "document_number")
    sex = (fields.sex or "<").upper()[:1]
    if sex not in "MFX<":
        raise InvalidMRZ(N_("sex must be F, M, X or <"), field="sex")
    birth = _date(fields.birth_date)
    expiry = _date(fields.expiry_date)
    optional = _clean(fields.optional_data, "optional_data")
    birth_part = birth + check_digit(birth)
    expiry_part = expiry + check_digit(expiry)
    if fmt == "TD1":
        number_part, optional = _long_number(number, optional, 15)
        line1 = code + state + number_part + _fit(optional, 15, "optional_data")
        optional2 = _fit(_clean(fields.optional_data_2, "optional_data_2"), 11, "optional_data_2")
        line2 = birth_part + sex + expiry_part + nationality + optional2
        composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
        line2 += check_digit(composite)
        line3 = name_field(fields.surname, fields.given_names, 30)
        return "\n".join((line1, line2, line3))
    width = 44 if fmt in ("TD3", "MRVA") else 36
    line1 = code + state + name_field(fields.surname, fields.given_names, width - 5)
    if fmt == "TD2":
        number_part, optional = _long_number(number, optional, 7)
    else:
        if len(number) > 9:
            raise InvalidMRZ(
                N_("a %(fmt)s document number has at most 9 characters"),
                values={"fmt": fmt},
                field="document_number",
            )
        number_part = _pad(number, 9) + check_digit(_pad(number, 9))
    head = number_part + nationality + birth_part + sex + expiry_part
    if fmt == "TD3":
        personal = _fit(optional, 14, "optional_data")
        personal_check = "<" if not personal.strip("<") else check_digit(personal)
        body = head + personal + personal_check
        return line1 + "\n" + body + check_digit(body[0:10] + body[13:20] + body[21:43])
    if fmt == "TD2":
        body = head + _fit(optional, 7, "optional_data")
        return line1 + "\n" + body + check_digit(body[0:10] + body[13:20] + body[21:35])
    return line1 + "\n" + head + _fit(optional, width - 28, "optional_data")


def _long_number(number: str, optional: str, room: int) -> tuple[str, str]:
    """Document number + check digit; a number over 9 characters continues in the optional data."""
    if len(number) <= 9:
        padded = _pad(number, 9)
        return padded + check_digit(padded), optional
    overflow = number[9:] + check_digit(number)
    if len(overflow) + 1 + len(optional) > room:
        raise InvalidMRZ(N_("document number too long for this format"), field="document_number")
    return number[:9] + "<", overflow + ("<" + optional if optional else "")
