"""Parse and check an ICAO Doc 9303 machine-readable zone: ``parse_mrz(text) -> MRZ``.

Parse, don't validate: a text that has the shape of an MRZ always gives an ``MRZ`` whose ``errors``
list every failed check by field and position, so an officer sees all the fields even when one
check digit fails; only text that cannot be an MRZ at all raises ``InvalidMRZ``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from hudud.documents import layouts as L
from hudud.documents.checkdigit import MRZ_CHARS, digit_of, matches, values
from hudud.documents.countries import ICAO_SPECIAL_CODES, SPECIMEN_CODES, is_known_code
from hudud.documents.errors import InvalidMRZ
from hudud.documents.repair import Repair, search_swaps, to_digits, to_letters

# characters OCR engines and keyboards put where the filler '<' belongs
_FILLER_LOOKALIKES = str.maketrans({"«": "<<", "‹": "<", "＜": "<", "〈": "<", "(": "<", "[": "<"})
_SPACES = str.maketrans("", "", " \t\u00a0\u200b\u200e\u200f")
_DOC_CODE_START = {"TD1": "IAC", "TD2": "IAC", "TD3": "P", "MRVA": "V", "MRVB": "V"}
_SHAPES = "3 lines of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A)"
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
_DIGITS = frozenset("0123456789<")
_NUMERIC_KINDS = (L.NUMERIC, L.DIGIT)
_CLEAN_LINE = re.compile(r"[A-Z0-9<]+")
_KIND_CLASS = {
    L.NUMERIC: "[0-9<]",
    L.DIGIT: "[0-9<]",
    L.ALPHA: "[A-Z<]",
    L.NAME: "[A-Z<]",
    L.ALNUM: "[A-Z0-9<]",
}


def _line_patterns(layout: L.Layout) -> tuple[re.Pattern[str], ...]:
    """One pattern per line that matches only when every character suits its position's kind.

    Most MRZs match, and then neither position repair nor per-field character checks need to run.
    """
    patterns = []
    for number, length in enumerate(layout.line_lengths):
        kinds = [L.ALNUM] * length
        for spec in layout.fields:
            if spec.line == number:
                for i in range(spec.start, spec.end):
                    # a position shared by two fields (French card) takes the stricter kind
                    if kinds[i] == L.ALNUM or spec.kind != L.ALNUM:
                        kinds[i] = spec.kind
        patterns.append(re.compile("".join(_KIND_CLASS[k] for k in kinds)))
    return tuple(patterns)


_LETTER_KINDS = (L.ALPHA, L.NAME)


@dataclass(frozen=True, slots=True)
class MRZError:
    """A failed check: which field, where (1-based line and column), and what a person can do."""

    field: str
    message: str
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class MRZ:
    """Everything read from one MRZ; dates already have their century."""

    format: str
    lines: tuple[str, ...]
    document_code: str
    issuing_state: str
    document_number: str
    primary_identifier: str
    secondary_identifier: str
    nationality: str
    birth_date: date | None
    sex: str
    expiry_date: date | None
    optional_data: str
    optional_data_2: str = ""
    name_truncated: bool = False
    errors: tuple[MRZError, ...] = ()
    repaired: tuple[Repair, ...] = ()
    raw_fields: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def valid(self) -> bool:
        """True when every check digit, date and code is right."""
        return not self.errors

    @property
    def is_specimen(self) -> bool:
        """Issued by the ICAO specimen state, or carrying SPECIMEN as a name."""
        return (
            self.issuing_state in SPECIMEN_CODES
            or self.nationality in SPECIMEN_CODES
            or "SPECIMEN" in self.primary_identifier.split()
        )


def normalise(text: str) -> tuple[list[str], list[Repair], bool]:
    """Split ``text`` into MRZ lines: blank lines and spaces dropped, case folded, look-alikes mapped.

    The flag says the text was already clean MRZ characters, so nothing else needs checking.
    """
    lines: list[str] = []
    notes: list[Repair] = []
    clean = [line for line in text.split("\n") if line]
    if all(_CLEAN_LINE.fullmatch(line) for line in clean):
        return clean, notes, True
    for raw in text.splitlines():
        line = raw.translate(_SPACES)
        if not line:
            continue
        number = len(lines) + 1
        fixed = line.translate(_FILLER_LOOKALIKES).upper()
        if fixed != line:
            notes.append(Repair("mrz", number, 0, line, fixed, "case and filler look-alikes normalised"))
        if len(line) != len(raw.strip()):
            notes.append(Repair("mrz", number, 0, raw.strip(), fixed, "spaces removed"))
        lines.append(fixed)
    return lines, notes, False


def _check_characters(lines: list[str]) -> None:
    for number, line in enumerate(lines, 1):
        if not MRZ_CHARS.issuperset(line):
            column, char = next((i, c) for i, c in enumerate(line, 1) if c not in MRZ_CHARS)
            raise InvalidMRZ(
                f"line {number}, column {column}: {char!r} cannot appear in an MRZ "
                "(only A-Z, 0-9 and the filler <)",
                line=number,
                column=column,
            )


def parse_mrz(text: str, *, today: date | None = None, repair: bool = True) -> MRZ:
    """Read one MRZ from ``text`` (lines separated by newlines).

    ``today`` fixes the date used for century inference (tests, replays); ``repair`` turns the
    OCR-confusion repair on (the default: a repair is always reported in ``repaired``).
    """
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    if 2 <= len(lines) <= 3 and lines[0]:  # fast path: clean text straight from a reader
        layout = L.layout_for(lines)
        if layout is not None and all(
            p.fullmatch(line) for p, line in zip(_PATTERNS[layout.format], lines, strict=True)
        ):
            return _read(layout, lines, [], today or date.today(), repair, well_formed=True)
    if not text or not text.strip():
        raise InvalidMRZ("empty input: paste the 2 or 3 lines of the MRZ")
    lines, notes, clean = normalise(text)
    if not clean:
        _check_characters(lines)
    layout = L.layout_for(lines) if lines else None
    if layout is None:
        got = ", ".join(str(len(line)) for line in lines[:4]) + (", ..." if len(lines) > 4 else "")
        raise InvalidMRZ(
            f"not an MRZ shape: expected {_SHAPES}; got {len(lines)} line(s) of {got} characters"
        )
    return _read(layout, lines, notes, today or date.today(), repair)


def _read(
    layout: L.Layout,
    lines: list[str],
    notes: list[Repair],
    today: date,
    repair: bool,
    *,
    well_formed: bool | None = None,
) -> MRZ:
    repairs = list(notes)
    if well_formed is None:
        well_formed = all(p.fullmatch(line) for p, line in zip(_PATTERNS[layout.format], lines, strict=True))
    if repair and not well_formed:
        lines = _repair_by_position(layout, lines, repairs)
    if repair:
        lines = _repair_codes_and_names(layout, lines, repairs)
    checks = _effective_checks(layout, lines)
    failing = _failing(lines, checks)
    if failing and repair:
        chars = [list(line) for line in lines]
        _repair_by_check_digit(layout, checks, chars, repairs)
        lines = ["".join(row) for row in chars]
        checks = _effective_checks(layout, lines)
        failing = _failing(lines, checks)
    errors = [
        MRZError(
            c.field,
            f"check digit at line {c.line + 1}, column {c.index + 1} does not match "
            f"the {c.field.replace('_', ' ')}",
            c.line + 1,
            c.index + 1,
        )
        for c in failing
    ]
    return _build(layout, lines, errors, repairs, today, well_formed=well_formed and not repairs)


_CODE_TWINS = {"O": "DQ", "D": "O", "Q": "O"}  # letters OCR confuses inside country codes
# after the primary identifier's "<<", a second run of 2+ fillers ends the name: 1-2 letters after it
# are a speck or a misread filler, never a name part
_NAME_NOISE = re.compile(r"(?<=<<)([A-Z]{1,2})(?=<)")


def _repair_codes_and_names(layout: L.Layout, lines: list[str], repairs: list[Repair]) -> list[str]:
    """Country codes with one OCR slip that only one known code explains; specks in name fillers.

    Codes have no check digit, so a code is changed only when it is unknown and exactly one
    single-letter twin is a known code (NLO -> NLD). In a name, parts are split by one filler and
    the two identifiers by two, so one or two letters after a second double filler are dirt on the
    document or a misread filler.
    """
    out = lines
    for spec in _CODE_AND_NAME_FIELDS[layout.format]:
        if spec.name in ("issuing_state", "nationality"):
            text = out[spec.line][spec.start : spec.end]
            code = text.strip("<")
            if not code or _known(code):
                continue
            fixes = {
                text[:i] + twin + text[i + 1 :]
                for i, ch in enumerate(text)
                for twin in _CODE_TWINS.get(ch, "")
                if _known((text[:i] + twin + text[i + 1 :]).strip("<"))
            }
            if len(fixes) != 1:
                continue
            fixed = fixes.pop()
        elif spec.kind == L.NAME:
            text = out[spec.line][spec.start : spec.end]
            split = text.find("<<", 1)
            if split < 0 or not _NAME_NOISE.search(text, split + 2):
                continue
            head, tail = text[: split + 2], text[split + 2 :]
            fixed = head + _NAME_NOISE.sub(lambda m: "<" * len(m.group(0)), tail)
            reason = "letters after the name's fillers: print or OCR noise"
        else:
            continue
        if spec.kind != L.NAME:
            reason = "OCR confusion; only this reading is a known country code"
        if out is lines:
            out = list(lines)
        line = out[spec.line]
        out[spec.line] = line[: spec.start] + fixed + line[spec.end :]
        for offset, (old, new) in enumerate(zip(text, fixed, strict=True)):
            if old != new:
                column = spec.start + offset + 1
                repairs.append(Repair(_public_field(spec.name), spec.line + 1, column, old, new, reason))
    return out


def _repair_by_position(layout: L.Layout, lines: list[str], repairs: list[Repair]) -> list[str]:
    """Letters in numeric positions and digits in alphabetic ones can only be one thing."""
    out = lines
    for spec in layout.fields:
        line = out[spec.line]
        text = line[spec.start : spec.end]
        if spec.kind in _NUMERIC_KINDS:
            fixed = to_digits(text)
            reason = "letter in a numeric position"
        elif spec.kind in _LETTER_KINDS:
            fixed = to_letters(text)
            reason = "digit in an alphabetic position"
        else:
            continue
        if fixed == text:
            continue
        if out is lines:
            out = list(lines)
        out[spec.line] = line[: spec.start] + fixed + line[spec.end :]
        for offset, (old, new) in enumerate(zip(text, fixed, strict=True)):
            if old != new:
                column = spec.start + offset + 1
                repairs.append(Repair(_public_field(spec.name), spec.line + 1, column, old, new, reason))
    return out


def _position_kinds(layout: L.Layout) -> dict[tuple[int, int], tuple[str, str]]:
    """(line, index) -> (kind, field name)."""
    return {
        (spec.line, i): (spec.kind, spec.name) for spec in layout.fields for i in range(spec.start, spec.end)
    }


_ALL_LAYOUTS = (L.TD1, L.TD2, L.TD3, L.MRVA, L.MRVB, L.FRENCH_ID, L.SWISS_DL)
_PATTERNS = {layout.format: _line_patterns(layout) for layout in _ALL_LAYOUTS}
_KINDS = {layout.format: _position_kinds(layout) for layout in _ALL_LAYOUTS}
_CODE_AND_NAME_FIELDS = {
    layout.format: tuple(
        f for f in layout.fields if f.name in ("issuing_state", "nationality") or f.kind == L.NAME
    )
    for layout in _ALL_LAYOUTS
}
_SLICES = {
    layout.format: tuple((f.name, f.line, f.start, f.end) for f in layout.fields) for layout in _ALL_LAYOUTS
}


def _public_field(name: str) -> str:
    if name.endswith("_check"):
        return name[: -len("_check")] if name != "composite_check" else "composite"
    return {
        "name": "primary_identifier",
        "primary_name": "primary_identifier",
        "secondary_name": "secondary_identifier",
    }.get(name, name)


def _effective_checks(layout: L.Layout, chars: Sequence[str]) -> list[L.CheckSpec]:
    """The layout's checks, with the document-number check moved for a long number (TD1, TD2)."""
    checks = list(layout.checks)
    if layout.long_number_check is None or layout.long_number_overflow is None:
        return checks
    line, index = layout.long_number_check
    if chars[line][index] != "<":
        return checks
    o_line, o_start, o_end = layout.long_number_overflow
    overflow = "".join(chars[o_line][o_start:o_end])
    cont = overflow.split("<", 1)[0]
    if len(cont) < 2:
        return checks
    number_spec = next(s for s in layout.fields if s.name == "document_number")
    at = o_start + len(cont) - 1
    # ICAO computes over the 9 + overflow characters; some Belgian cards include the filler between
    # them (BEL-BO-03003). Both readings are accepted, the ICAO one first.
    moved = L.CheckSpec(
        "document_number",
        o_line,
        at,
        ((number_spec.line, number_spec.start, number_spec.end), (o_line, o_start, at)),
        alt_covers=((number_spec.line, number_spec.start, at),),
    )
    return [moved if c.field == "document_number" else c for c in checks]


def _repair_by_check_digit(
    layout: L.Layout, checks: list[L.CheckSpec], chars: list[list[str]], repairs: list[Repair]
) -> None:
    """Swap confusable characters in letter-and-digit fields when exactly one swap set validates."""
    kinds = _KINDS[layout.format]
    own: set[tuple[int, int]] = set()
    for check in checks:
        if check.field != "composite":
            own.update((ln, i) for ln, s, e in check.covers for i in range(s, e))
    ordered = sorted(checks, key=lambda c: c.field == "composite")  # composite last
    for check in ordered:

        def validates(check: L.CheckSpec = check) -> bool:
            return _passes(chars, check)

        if validates():
            continue
        positions = [
            (ln, i)
            for ln, s, e in check.covers
            for i in range(s, e)
            if kinds.get((ln, i), ("", ""))[0] == L.ALNUM
            and (check.field != "composite" or (ln, i) not in own)
        ]
        if check.field == "composite" and any(
            not _passes(chars, c) for c in checks if c.field != "composite"
        ):
            continue  # a field check still fails: the composite cannot tell which field to fix
        swaps = search_swaps(chars, positions, validates)
        for ln, i, new in swaps or ():
            repairs.append(
                Repair(
                    _public_field(kinds[(ln, i)][1]),
                    ln + 1,
                    i + 1,
                    chars[ln][i],
                    new,
                    f"OCR confusion; the {check.field.replace('_', ' ')} check digit validates only this way",
                )
            )
            chars[ln][i] = new


def _failing(lines: list[str], checks: list[L.CheckSpec]) -> list[L.CheckSpec]:
    """The checks that fail on ``lines`` (hot path: each line is translated to values once)."""
    vals = [values(line) for line in lines]
    failing = []
    for check in checks:
        digit = lines[check.line][check.index]
        covers = check.covers
        if len(covers) == 1:
            ln, s, e = covers[0]
            v = vals[ln][s:e]
        else:
            v = b"".join([vals[ln][s:e] for ln, s, e in covers])
        if digit != "<" and 48 + digit_of(v) == ord(digit):
            continue
        if not _passes(lines, check):  # filler check digit, or the Belgian reading of a long number
            failing.append(check)
    return failing


def _passes(lines: Sequence[str] | Sequence[list[str]], check: L.CheckSpec) -> bool:
    """Whether ``check`` holds on ``lines`` (strings, or lists of characters while repairing)."""
    digit = lines[check.line][check.index]
    if isinstance(digit, str) and len(digit) == 1 and isinstance(lines[0], str):
        text = lines  # plain strings: slice directly
        covered = "".join([text[ln][s:e] for ln, s, e in check.covers])  # type: ignore[misc]
    else:
        covered = "".join(["".join(lines[ln][s:e]) for ln, s, e in check.covers])
    if matches(covered, digit):
        return True
    if not check.alt_covers:
        return False
    return matches("".join(["".join(lines[ln][s:e]) for ln, s, e in check.alt_covers]), digit)


def _split_name(text: str) -> tuple[str, str]:
    primary, _, secondary = text.partition("<<")
    return primary.replace("<", " ").strip(), " ".join(secondary.replace("<", " ").split())


def _date(text: str, today: date, *, birth: bool) -> date | None:
    if not text.isdigit():
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:6])
    year = 2000 + yy
    if birth:
        if (year, mm, dd) > (today.year, today.month, today.day):  # never born in the future
            year -= 100
    elif year > today.year + 20:  # no travel document is valid 20 years ahead
        year -= 100
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


def _known(code: str) -> bool:
    """``is_known_code``, remembered: a border post sees the same few hundred codes all day."""
    known = _KNOWN_CODES.get(code)
    if known is None:
        known = _KNOWN_CODES[code] = is_known_code(code)
    return known


_KNOWN_CODES: dict[str, bool] = {}


def _build(
    layout: L.Layout,
    lines: list[str],
    errors: list[MRZError],
    repairs: list[Repair],
    today: date,
    *,
    well_formed: bool = False,
) -> MRZ:
    fmt = layout.format
    raw = {name: lines[ln][s:e] for name, ln, s, e in _SLICES[fmt]}
    for spec in () if well_formed else layout.fields:
        value = raw[spec.name]
        allowed = (
            _LETTERS
            if spec.kind in (L.ALPHA, L.NAME)
            else _DIGITS
            if spec.kind in (L.NUMERIC, L.DIGIT)
            else None
        )
        if allowed is not None and not allowed.issuperset(value):
            bad = next(i for i, c in enumerate(value) if c not in allowed)
            what = "letters" if allowed is _LETTERS else "digits"
            errors.append(
                MRZError(
                    _public_field(spec.name),
                    f"line {spec.line + 1}, column {spec.start + bad + 1}: {value[bad]!r} where only {what} may stand",
                    spec.line + 1,
                    spec.start + bad + 1,
                )
            )
    if "name" in raw:
        primary, secondary = _split_name(raw["name"])
        name_fields = [raw["name"]]
    else:
        primary = raw["primary_name"].replace("<", " ").strip()
        secondary = " ".join(raw["secondary_name"].replace("<", " ").split())
        name_fields = [raw["primary_name"], raw["secondary_name"]]
    truncated = fmt != "SWISS_DL" and any(f[-1] != "<" for f in name_fields)
    document_code = raw.get("document_code", "").rstrip("<")
    issuing = raw.get("issuing_state", "").strip("<")
    nationality = raw.get("nationality", "").strip("<") or (
        issuing if fmt in ("FRENCH_ID", "SWISS_DL") else ""
    )
    number, optional = _document_number(layout, raw)
    birth = _date(raw["birth_date"], today, birth=True)
    expiry = _date(raw["expiry_date"], today, birth=False) if "expiry_date" in raw else None
    sex = raw.get("sex", "<")
    _check_values(fmt, raw, document_code, issuing, nationality, birth, expiry, sex, errors)
    return MRZ(
        format=fmt,
        lines=tuple(lines),
        document_code=document_code,
        issuing_state=issuing,
        document_number=number,
        primary_identifier=primary,
        secondary_identifier=secondary,
        nationality=nationality,
        birth_date=birth,
        sex=sex,
        expiry_date=expiry,
        optional_data=optional,
        optional_data_2=raw.get("optional_data_2", "").rstrip("<"),
        name_truncated=truncated,
        errors=tuple(errors),
        repaired=tuple(repairs),
        raw_fields=raw,
    )


def _document_number(layout: L.Layout, raw: dict[str, str]) -> tuple[str, str]:
    """Document number (a long one continues in the optional data) and the rest of the optional data."""
    number = raw["document_number"]
    optional = raw.get("optional_data", "")
    if layout.long_number_check is not None and raw.get("document_number_check") == "<":
        cont, _sep, rest = optional.partition("<")
        if len(cont) >= 2:
            return number.replace("<", "") + cont[:-1], rest.strip("<")
    return number.rstrip("<"), optional.rstrip("<")


def _check_values(
    fmt: str,
    raw: dict[str, str],
    document_code: str,
    issuing: str,
    nationality: str,
    birth: date | None,
    expiry: date | None,
    sex: str,
    errors: list[MRZError],
) -> None:
    starts = _DOC_CODE_START.get(fmt)
    if starts and (not document_code or document_code[0] not in starts):
        errors.append(
            MRZError(
                "document_code",
                f"a {fmt} document code starts with {' or '.join(starts)}, not {document_code[:1] or '<'!r}",
                1,
                1,
            )
        )
    for name, code in (("issuing_state", issuing), ("nationality", nationality)):
        if not code:
            errors.append(MRZError(name, f"{name.replace('_', ' ')} is empty"))
        elif code in SPECIMEN_CODES:
            errors.append(
                MRZError(name, f"{code} is {ICAO_SPECIAL_CODES[code]}: a specimen, not a real state")
            )
        elif not _known(code):
            errors.append(
                MRZError(name, f"{code} is not an ISO 3166-1 alpha-3 code nor an ICAO special code")
            )
    birth_raw = raw["birth_date"]
    if birth is None and birth_raw.strip("<") and birth_raw.isdigit():
        errors.append(MRZError("birth_date", f"{birth_raw} is not a calendar date (YYMMDD)"))
    expiry_raw = raw.get("expiry_date", "")
    if expiry_raw and expiry is None and expiry_raw.isdigit():
        errors.append(MRZError("expiry_date", f"{expiry_raw} is not a calendar date (YYMMDD)"))
    if sex not in "MFX<":
        errors.append(MRZError("sex", f"sex must be F, M, X or <, not {sex!r}"))
