"""Parse and check an ICAO Doc 9303 machine-readable zone: ``parse_mrz(text) -> MRZ``.

Parse, don't validate: a text that has the shape of an MRZ always gives an ``MRZ`` whose ``errors``
list every failed check by field and position, so an officer sees all the fields even when one
check digit fails; only text that cannot be an MRZ at all raises ``InvalidMRZ``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from operator import itemgetter
from typing import Any, NamedTuple

from hudud.documents import layouts as L
from hudud.documents.checkdigit import MRZ_CHARS, digit_of, matches, values
from hudud.documents.countries import ICAO_SPECIAL_CODES, SPECIMEN_CODES, is_known_code
from hudud.documents.errors import InvalidMRZ
from hudud.documents.repair import TO_DIGIT, TO_LETTER, Repair, search_swaps, to_digits, to_letters
from hudud.errors import N_

# characters OCR engines and keyboards put where the filler '<' belongs
_FILLER_LOOKALIKES = str.maketrans({"«": "<<", "‹": "<", "＜": "<", "〈": "<", "(": "<", "[": "<"})
_SPACES = str.maketrans("", "", " \t\u00a0\u200b\u200e\u200f")
_DOC_CODE_START = {"TD1": "IAC", "TD2": "IAC", "TD3": "P", "MRVA": "V", "MRVB": "V"}
_SHAPES = "3 lines of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A)"
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ<")
_DIGITS = frozenset("0123456789<")
_NUMERIC_KINDS = (L.NUMERIC, L.DIGIT)
_CLEAN_LINE = re.compile(r"[A-Z0-9<]+")
_CLEAN_TEXT = re.compile(r"[A-Z0-9<\n]+")
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
_ONLY_LETTERS = N_("line %(line)s, column %(column)s: %(char)s where only letters may stand")
_ONLY_DIGITS = N_("line %(line)s, column %(column)s: %(char)s where only digits may stand")


@dataclass(frozen=True, slots=True)
class MRZError:
    """A failed check: which field, where (1-based line and column), and what a person can do.

    ``message`` is the English sentence (what ``hudud mrz check`` prints); ``template`` (its
    ``N_``-marked msgid) and ``params`` let a page word the same check in the reader's language."""

    field: str
    message: str
    line: int | None = None
    column: int | None = None
    template: str = ""
    params: tuple[tuple[str, object], ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"field": self.field, "message": self.message}


def _error(field: str, template: str, where: tuple[int, int] | None = None, /, **params: object) -> MRZError:
    """An ``MRZError`` whose English message is ``template`` filled with ``params``."""
    line, column = where if where is not None else (None, None)
    return MRZError(field, template % params, line, column, template, tuple(params.items()))


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

    @property
    def valid(self) -> bool:
        """True when every check digit, date and code is right."""
        return not self.errors

    @property
    def raw_fields(self) -> dict[str, str]:
        """Each field of the layout as printed (after any repair), by name."""
        raw = _FIELD_GETTERS[self.format]("\n".join(self.lines))
        names = {f.name for f in _LAYOUTS[self.format].fields}
        return {k: v for k, v in zip(_Raw._fields, raw, strict=True) if k in names}

    @property
    def is_specimen(self) -> bool:
        """Issued by the ICAO specimen state, or carrying SPECIMEN as a name."""
        return (
            self.issuing_state in SPECIMEN_CODES
            or self.nationality in SPECIMEN_CODES
            or ("SPECIMEN" in self.primary_identifier and "SPECIMEN" in self.primary_identifier.split())
        )


def _slot_constructor(cls: type[Any]) -> Callable[..., Any]:
    """A constructor taking every field of the frozen slots dataclass ``cls`` positionally, for the
    hot path. It fills each slot through its descriptor, as the generated ``__init__`` does through
    ``object.__setattr__`` (frozen) but at half the cost; the instance is the same in every respect."""
    names = [f.name for f in fields(cls)]
    setters = {f"_set_{name}": getattr(cls, name).__set__ for name in names}
    source = (
        f"def new({', '.join(names)}):\n    self = _new(_cls)\n"
        + "".join(f"    _set_{name}(self, {name})\n" for name in names)
        + "    return self\n"
    )
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls, **setters}
    exec(source, scope)  # as dataclasses itself builds __init__
    new: Callable[..., Any] = scope["new"]
    return new


_new_mrz: Callable[..., MRZ] = _slot_constructor(MRZ)


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
                N_(
                    "line %(number)s, column %(column)s: %(char)s cannot appear in an MRZ (only A-Z, 0-9 and the filler <)"
                ),
                values={"number": number, "column": column, "char": repr(char)},
                line=number,
                column=column,
            )


def parse_mrz(text: str, *, today: date | None = None, repair: bool = True) -> MRZ:
    """Read one MRZ from ``text`` (lines separated by newlines).

    ``today`` fixes the date used for century inference (tests, replays); ``repair`` turns the
    OCR-confusion repair on (the default: a repair is always reported in ``repaired``).
    """
    plans = _FAST_PLANS.get(len(text))
    if plans is not None:  # the common case: a clean ICAO MRZ straight from a reader
        plan = plans[0] if text[0] == "V" else None if text.startswith("IDFRA") else plans[1]
        if plan is not None:
            fast = _read_fast(plan, text, today or date.today(), repair)
            if fast is not None:
                return fast
    if _CLEAN_TEXT.fullmatch(text):  # MRZ characters only: something to repair or report
        lines = [line for line in text.split("\n") if line]
        layout = L.layout_for(lines)
        if layout is not None:
            return _read(layout, lines, [], today or date.today(), repair)
    if not text or not text.strip():
        raise InvalidMRZ(N_("empty input: paste the 2 or 3 lines of the MRZ"))
    lines, notes, clean = normalise(text)
    if not clean:
        _check_characters(lines)
    layout = L.layout_for(lines) if lines else None
    if layout is None:
        got = ", ".join(str(len(line)) for line in lines[:4]) + (", ..." if len(lines) > 4 else "")
        raise InvalidMRZ(
            N_("not an MRZ shape: expected %(shapes)s; got %(count)s line(s) of %(got)s characters"),
            values={"shapes": _SHAPES, "count": len(lines), "got": got},
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
    patterns = _PATTERNS[layout.format]
    if well_formed is None:
        well_formed = all(p.fullmatch(line) for p, line in zip(patterns, lines, strict=True))
    if repair and not well_formed:
        lines = _repair_by_position(layout, lines, repairs)
    if repair:
        lines = _repair_codes_and_names(layout, lines, repairs)
    plan = _PLANS.get(layout.format)
    if plan is not None and _checks_pass(plan, "\n".join(lines)):
        failing = []  # the common case after a slip in a date: nothing left to search
    else:
        checks = _effective_checks(layout, lines)
        failing = _failing(lines, checks)
    if failing and repair:
        lines = _repair_by_check_digit(layout, checks, lines, repairs)
        checks = _effective_checks(layout, lines)
        failing = _failing(lines, checks)
    errors = [
        _error(
            c.field,
            N_("check digit at line %(line)s, column %(column)s does not match the %(field)s"),
            (c.line + 1, c.index + 1),
            line=c.line + 1,
            column=c.index + 1,
            field=c.field.replace("_", " "),
        )
        for c in failing
    ]
    if repairs and (not well_formed or notes):  # repairs keep each character's kind, so recheck only
        well_formed = all(p.fullmatch(line) for p, line in zip(patterns, lines, strict=True))
    return _build(layout, lines, errors, repairs, today, well_formed=well_formed)


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
    bad = {
        n
        for n, (p, line) in enumerate(zip(_PATTERNS[layout.format], lines, strict=True))
        if not p.fullmatch(line)
    }
    for spec in layout.fields:
        if spec.line not in bad:
            continue  # every character of this line already suits its position
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


_ALL_LAYOUTS = L.ALL_LAYOUTS
_PATTERNS = {layout.format: _line_patterns(layout) for layout in _ALL_LAYOUTS}
_KINDS = {layout.format: _position_kinds(layout) for layout in _ALL_LAYOUTS}
_CODE_AND_NAME_FIELDS = {
    layout.format: tuple(
        f for f in layout.fields if f.name in ("issuing_state", "nationality") or f.kind == L.NAME
    )
    for layout in _ALL_LAYOUTS
}


class _Raw(NamedTuple):
    """Every field of any layout as printed ("" where the layout has no such field)."""

    document_code: str
    issuing_state: str
    name: str
    primary_name: str
    secondary_name: str
    document_number: str
    document_number_check: str
    nationality: str
    birth_date: str
    birth_date_check: str
    sex: str
    expiry_date: str
    expiry_date_check: str
    optional_data: str
    optional_data_check: str
    optional_data_2: str
    composite_check: str
    issue_date: str


def _field_getter(layout: L.Layout) -> Callable[[str], tuple[str, ...]]:
    """One C call that cuts every ``_Raw`` field out of the lines joined by newlines."""
    starts = [sum(n + 1 for n in layout.line_lengths[:i]) for i in range(len(layout.line_lengths))]
    where = {f.name: slice(starts[f.line] + f.start, starts[f.line] + f.end) for f in layout.fields}
    cuts: list[Any] = [where.get(name, slice(0, 0)) for name in _Raw._fields]
    return itemgetter(*cuts)


_FIELD_GETTERS = {layout.format: _field_getter(layout) for layout in _ALL_LAYOUTS}
_LAYOUTS = {layout.format: layout for layout in _ALL_LAYOUTS}


def _public_field(name: str) -> str:
    if name.endswith("_check"):
        return name[: -len("_check")] if name != "composite_check" else "composite"
    return {
        "name": "primary_identifier",
        "primary_name": "primary_identifier",
        "secondary_name": "secondary_identifier",
    }.get(name, name)


_Weighing = tuple[int, tuple[slice, ...], Callable[[bytes], Any] | None, tuple[slice, ...]]


@dataclass(frozen=True, slots=True)
class _Plan:
    """An ICAO layout compiled for the clean path: everything located in the joined text itself."""

    layout: L.Layout
    pattern: re.Pattern[str]  # the lines joined by newlines (one optional final newline)
    # check digit position, the text it covers, and how its weighted sum is taken from the values of
    # the text: None (one span) or what picks the spans for joining, then the slices weighted 7, 3, 1
    checks: tuple[_Weighing, ...]
    long_number_at: int  # TD1/TD2: where a '<' means the number continues in the optional data; -1
    # where it continues (start, end), and by the length it continues for, the checks with the document
    # number's one moved as ICAO moves it (the Belgian reading is left to the general path)
    overflow: tuple[int, int]
    long_checks: dict[int, tuple[_Weighing, ...]]
    codes: tuple[tuple[int, int], ...]  # issuing state and nationality
    name: tuple[int, int]
    # the repair by position, per kind (numeric positions: letters to digits; alphabetic ones: digits
    # to letters): what picks those characters out of the text, their positions, the translation and
    # what finds the characters it changes; and each such position's (field, line, column, reason)
    by_position: tuple[
        tuple[Callable[[str], tuple[str, ...]], tuple[int, ...], Callable[[str], str], re.Pattern[str]], ...
    ]
    where: dict[int, tuple[str, int, int, str]]


def _plan(layout: L.Layout) -> _Plan:
    width = layout.line_lengths[0]

    def at(line: int, index: int) -> int:
        return line * (width + 1) + index

    body = "\n".join(p.pattern for p in _PATTERNS[layout.format])
    spans = {f.name: (at(f.line, f.start), at(f.line, f.end)) for f in layout.fields}
    where: dict[int, tuple[str, int, int, str]] = {}
    by_position = []
    for kinds, translate, confusables, reason in (
        (_NUMERIC_KINDS, to_digits, TO_DIGIT, "letter in a numeric position"),
        (_LETTER_KINDS, to_letters, TO_LETTER, "digit in an alphabetic position"),
    ):
        for f in layout.fields:  # ICAO layouts: no field overlaps another
            for i in range(f.start, f.end) if f.kind in kinds else ():
                where[at(f.line, i)] = (_public_field(f.name), f.line + 1, i + 1, reason)
        positions = tuple(sorted(i for i, (_, _, _, why) in where.items() if why == reason))
        changes = re.compile(f"[{''.join(confusables)}]")
        by_position.append((itemgetter(*positions), positions, translate, changes))
    checks = tuple(
        _weighing(at(c.line, c.index), [slice(at(ln, s), at(ln, e)) for ln, s, e in c.covers])
        for c in layout.checks
    )
    overflow = (0, 0)
    long_checks = {}
    if layout.long_number_overflow is not None:  # as _effective_checks moves the check
        o_line, o_start, o_end = layout.long_number_overflow
        overflow = (at(o_line, o_start), at(o_line, o_end))
        number = spans["document_number"]
        for length in range(2, o_end - o_start + 1):
            digit_at = at(o_line, o_start + length - 1)
            moved = _weighing(digit_at, [slice(*number), slice(overflow[0], digit_at)])
            long_checks[length] = tuple(
                moved if c.field == "document_number" else w
                for c, w in zip(layout.checks, checks, strict=True)
            )
    return _Plan(
        layout,
        re.compile(body + "\n?"),
        checks,
        at(*layout.long_number_check) if layout.long_number_check else -1,
        overflow,
        long_checks,
        (spans["issuing_state"], spans["nationality"]),
        spans["name"],
        tuple(by_position),
        where,
    )


def _weighing(digit_at: int, cuts: list[slice]) -> _Weighing:
    """One of ``_Plan.checks``: a one-span check is weighed on the text's values in place, others
    on their spans joined."""
    if len(cuts) == 1:
        start, stop = cuts[0].start, cuts[0].stop
        return digit_at, tuple(cuts), None, tuple(slice(start + k, stop, 3) for k in range(3))
    return digit_at, tuple(cuts), itemgetter(*cuts), tuple(slice(k, None, 3) for k in range(3))


_PLANS = {layout.format: _plan(layout) for layout in (L.TD1, L.TD2, L.TD3, L.MRVA, L.MRVB)}
# text length -> (plan when the first letter is V, plan otherwise); the French card has its own path
_FAST_PLANS = {
    len(layout.line_lengths) * (layout.line_lengths[0] + 1) + extra: (
        _PLANS[visa.format] if visa else None,
        _PLANS[layout.format],
    )
    for layout, visa in ((L.TD1, None), (L.TD2, L.MRVB), (L.TD3, L.MRVA))
    for extra in (-1, 0)
}


def _checks_pass(plan: _Plan, text: str) -> bool:
    """Every check digit of ``text`` (MRZ characters, lines joined by newlines) holds, a long document
    number's where ICAO moves it; False also for a long number that only the Belgian reading (or no
    reading) explains, which the general path works out."""
    checks = plan.checks
    if plan.long_number_at >= 0 and text[plan.long_number_at] == "<":
        start, end = plan.overflow
        stop = text.find("<", start, end)
        found = plan.long_checks.get((end if stop < 0 else stop) - start)
        if found is None:
            return False  # the number does not continue: the general path reports it
        checks = found
    vals = values(text)
    for digit_at, spans, pick, (by_7, by_3, by_1) in checks:
        v = vals if pick is None else b"".join(pick(vals))
        check = (7 * sum(v[by_7]) + 3 * sum(v[by_3]) + sum(v[by_1])) % 10
        if check == vals[digit_at] and (check or text[digit_at] == "0"):
            continue
        # '<' (value 0) as a check digit holds only over an all-filler field
        if text[digit_at] != "<" or "".join([text[cut] for cut in spans]).strip("<"):
            return False
    return True


def _read_fast(plan: _Plan, text: str, today: date, repair: bool) -> MRZ | None:
    """The whole check for a well-formed ICAO MRZ whose check digits all pass (a slip that the
    repair by position settles included), in one pass over the joined text; None sends anything else
    (a failed check, a long document number only the Belgian reading explains, an unknown code) to
    the general path, which gives the same answer for this text."""
    repairs: list[Repair] = []
    if plan.pattern.fullmatch(text) is None:
        if not repair:
            return None
        fixed, repairs = _repair_joined_by_position(plan, text)
        if not repairs or plan.pattern.fullmatch(fixed) is None or fixed.startswith("IDFRA"):
            return None  # still not well formed, or the French card after all
        text = fixed
    if not _checks_pass(plan, text):
        return None
    if repair:
        for s, e in plan.codes:
            code = text[s:e].strip("<")
            if code and not _known(code):
                return None  # maybe one OCR slip from a known code: the general path decides
        s, e = plan.name
        split = text.find("<<", s + 1, e)
        if split >= 0 and _NAME_NOISE.search(text[split + 2 : e]):
            return None
    lines = text.split("\n")
    if not lines[-1]:
        lines.pop()
    return _build(plan.layout, lines, [], repairs, today, well_formed=True, joined=text)


def _repair_joined_by_position(plan: _Plan, text: str) -> tuple[str, list[Repair]]:
    """``_repair_by_position`` on the joined text (same changes, same order of repairs)."""
    changed: list[tuple[int, str]] = []
    for pick, positions, translate, changes in plan.by_position:
        seen = "".join(pick(text))
        fixed = translate(seen)
        if fixed != seen:
            for found in changes.finditer(seen):
                changed.append((positions[found.start()], fixed[found.start()]))
    if not changed:
        return text, []
    changed.sort()
    chars = list(text)
    repairs = []
    for i, new in changed:
        field, line, column, reason = plan.where[i]
        repairs.append(Repair(field, line, column, text[i], new, reason))
        chars[i] = new
    return "".join(chars), repairs


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
    layout: L.Layout, checks: list[L.CheckSpec], lines: list[str], repairs: list[Repair]
) -> list[str]:
    """Swap confusable characters in letter-and-digit fields when exactly one swap set validates;
    ``lines`` with the swaps made."""
    chars = list(lines)
    kinds = _KINDS[layout.format]
    ordered = sorted(checks, key=lambda c: c.field == "composite")  # composite last
    for check in ordered:
        if _passes(chars, check):
            continue
        positions = [
            (ln, i)
            for ln, s, e in check.covers
            for i in range(s, e)
            if kinds.get((ln, i), ("",))[0] == L.ALNUM
        ]
        if check.field == "composite":
            if any(not _passes(chars, c) for c in checks if c.field != "composite"):
                continue  # a field check still fails: the composite cannot tell which field to fix
            own = {
                (ln, i)
                for c in checks
                if c.field != "composite"
                for ln, s, e in c.covers
                for i in range(s, e)
            }
            positions = [pos for pos in positions if pos not in own]
        readings = [
            [(ln, i) for ln, s, e in covers for i in range(s, e)]
            for covers in (check.covers, check.alt_covers)
            if covers
        ]
        swaps = search_swaps(chars, positions, readings, chars[check.line][check.index])
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
            chars[ln] = chars[ln][:i] + new + chars[ln][i + 1 :]
    return chars


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


def _passes(lines: Sequence[str], check: L.CheckSpec) -> bool:
    """Whether ``check`` holds on ``lines``."""
    digit = lines[check.line][check.index]
    if matches("".join([lines[ln][s:e] for ln, s, e in check.covers]), digit):
        return True
    if not check.alt_covers:
        return False
    return matches("".join([lines[ln][s:e] for ln, s, e in check.alt_covers]), digit)


def _dates(birth_text: str, expiry_text: str, today: date) -> tuple[date | None, date | None]:
    """The birth and expiry dates (YYMMDD; no expiry field: "") with the century the MRZ leaves out: a
    birth date is never in the future, and no travel document is valid 20 years ahead."""
    birth = expiry = None
    found = _CENTURIES.get(birth_text) or _centuries(birth_text)
    if found is not None:
        recent, old, ordinal = found
        birth = recent if ordinal <= today.toordinal() else old
    if expiry_text:
        found = _CENTURIES.get(expiry_text) or _centuries(expiry_text)
        if found is not None:
            recent, old, _ = found
            expiry = recent if recent.year <= today.year + 20 else old
    return birth, expiry


def _centuries(text: str) -> tuple[date, date | None, int] | None:
    """YYMMDD as a date in 2000-2099, in 1900-1999 (None if no calendar date there) and the first's
    ordinal; None when not a calendar date in 2000-2099, and then not in 1900-1999 either (of the two,
    only 2000 is a leap year). Remembered: at most 36,525 entries, and the same dates come back all day."""
    if len(text) != 6 or not text.isdigit():  # every layout's date fields are six wide
        return None
    yy, mm, dd = int(text[:2]), int(text[2:4]), int(text[4:])
    try:
        recent = date(2000 + yy, mm, dd)
    except ValueError:
        return None
    try:
        old: date | None = date(1900 + yy, mm, dd)
    except ValueError:
        old = None
    found = _CENTURIES[text] = (recent, old, recent.toordinal())
    return found


_CENTURIES: dict[str, tuple[date, date | None, int]] = {}


class _KnownCodes(dict[str, bool]):
    """``is_known_code`` by code, remembered: a border post sees the same few hundred codes all day
    (and a code field holds at most three characters, so there are never many to remember)."""

    def __missing__(self, code: str) -> bool:
        known = self[code] = is_known_code(code)
        return known


_known: Callable[[str], bool] = _KnownCodes().__getitem__  # a C call: it runs for every MRZ


def _build(
    layout: L.Layout,
    lines: list[str],
    errors: list[MRZError],
    repairs: list[Repair],
    today: date,
    *,
    well_formed: bool = False,
    joined: str | None = None,
) -> MRZ:
    fmt = layout.format
    raw = _FIELD_GETTERS[fmt](joined or "\n".join(lines))
    # fmt: off
    (document_code, issuing, name, primary_name, secondary, number, number_check, nationality,
     birth_text, _, sex, expiry_text, _, optional, _, optional_2, _, _) = raw  # the _Raw fields, in order
    # fmt: on
    if not well_formed:
        _check_kinds(layout, _Raw._make(raw), errors)
    if name:
        primary, _, secondary = name.partition("<<")
        primary = primary.replace("<", " ").strip()
        truncated = fmt != "SWISS_DL" and name[-1] != "<"
    else:
        primary = primary_name.replace("<", " ").strip()
        truncated = primary_name[-1] != "<" or secondary[-1] != "<"
    secondary = " ".join(secondary.replace("<", " ").split())
    document_code = document_code.rstrip("<")
    issuing = issuing.strip("<")
    nationality = nationality.strip("<") or (issuing if fmt in ("FRENCH_ID", "SWISS_DL") else "")
    number, optional = _document_number(layout, number, number_check, optional)
    birth, expiry = _dates(birth_text, expiry_text, today)
    sex = sex or "<"
    starts = _DOC_CODE_START.get(fmt)
    if (
        (starts and (not document_code or document_code[0] not in starts))
        or not (issuing and issuing not in SPECIMEN_CODES and _known(issuing))
        or not (nationality and nationality not in SPECIMEN_CODES and _known(nationality))
        or (birth is None and birth_text.isdigit())
        or (expiry is None and expiry_text.isdigit())
        or sex not in "MFX<"
    ):  # something to report: the clean case skips the whole explanation
        _check_values(
            fmt, birth_text, expiry_text, document_code, issuing, nationality, birth, expiry, sex, errors
        )
    return _new_mrz(  # MRZ's fields, in order
        fmt,
        tuple(lines),
        document_code,
        issuing,
        number,
        primary,
        secondary,
        nationality,
        birth,
        sex,
        expiry,
        optional,
        optional_2.rstrip("<"),
        truncated,
        tuple(errors),
        tuple(repairs),
    )


def _check_kinds(layout: L.Layout, raw: _Raw, errors: list[MRZError]) -> None:
    """A letter where only digits may stand, or the reverse (after any repair by position)."""
    for spec in layout.fields:
        value: str = getattr(raw, spec.name)
        allowed = (
            _LETTERS
            if spec.kind in (L.ALPHA, L.NAME)
            else _DIGITS
            if spec.kind in (L.NUMERIC, L.DIGIT)
            else None
        )
        if allowed is not None and not allowed.issuperset(value):
            bad = next(i for i, c in enumerate(value) if c not in allowed)
            where = (spec.line + 1, spec.start + bad + 1)
            errors.append(
                _error(
                    _public_field(spec.name),
                    _ONLY_LETTERS if allowed is _LETTERS else _ONLY_DIGITS,
                    where,
                    line=where[0],
                    column=where[1],
                    char=repr(value[bad]),
                )
            )


def _document_number(layout: L.Layout, number: str, check: str, optional: str) -> tuple[str, str]:
    """Document number (a long one continues in the optional data) and the rest of the optional data."""
    if layout.long_number_check is not None and check == "<":
        cont, _sep, rest = optional.partition("<")
        if len(cont) >= 2:
            return number.replace("<", "") + cont[:-1], rest.strip("<")
    return number.rstrip("<"), optional.rstrip("<")


def _check_values(
    fmt: str,
    birth_raw: str,
    expiry_raw: str,
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
            _error(
                "document_code",
                N_("a %(format)s document code starts with %(starts)s, not %(code)s"),
                (1, 1),
                format=fmt,
                starts=" or ".join(starts),
                code=repr(document_code[:1] or "<"),
            )
        )
    for name, code in (("issuing_state", issuing), ("nationality", nationality)):
        if not code:
            errors.append(_error(name, N_("%(field)s is empty"), field=name.replace("_", " ")))
        elif code in SPECIMEN_CODES:
            errors.append(
                _error(
                    name,
                    N_("%(code)s is %(meaning)s: a specimen, not a real state"),
                    code=code,
                    meaning=ICAO_SPECIAL_CODES[code],
                )
            )
        elif not _known(code):
            errors.append(
                _error(
                    name, N_("%(code)s is not an ISO 3166-1 alpha-3 code nor an ICAO special code"), code=code
                )
            )
    for name, raw, read in (("birth_date", birth_raw, birth), ("expiry_date", expiry_raw, expiry)):
        if read is None and raw.strip("<") and raw.isdigit():
            errors.append(_error(name, N_("%(date)s is not a calendar date (YYMMDD)"), date=raw))
    if sex not in "MFX<":
        errors.append(_error("sex", N_("sex must be F, M, X or <, not %(sex)s"), sex=repr(sex)))
