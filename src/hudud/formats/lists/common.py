"""What every list reader shares: the result and error shapes, date parsing (written once), text and
country clean-up, script detection and line-by-line decoding of CSV files.

Readers report a bad record as a :class:`RecordError` and go on; only a file that cannot be read at
all raises :class:`~hudud.errors.InvalidInput`."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from hudud.documents.countries import to_alpha3
from hudud.errors import N_, InvalidInput
from hudud.screening.entries import BirthDate, ListEntry, LostDocument

ListFormat = Literal["un_xml", "ofac_csv", "eu_xml", "ftm_jsonl", "national_csv", "lost_documents_csv"]
LIST_FORMATS: tuple[ListFormat, ...] = (
    "un_xml",
    "ofac_csv",
    "eu_xml",
    "ftm_jsonl",
    "national_csv",
    "lost_documents_csv",
)


@dataclass(frozen=True, slots=True)
class RecordError:
    """One problem in one record, located so a person can open the file and fix it.

    ``skipped`` is True when the whole record was left out; False when the record was kept without
    the bad field (e.g. an impossible birth date on a listed person: dropping the person would be
    worse than dropping the date)."""

    line: int | None
    record: str | None
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.record:
            where.append(f"record {self.record}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass(slots=True)
class ListReadResult:
    """Everything read from one list file. ``complete`` is False when the file was cut off (e.g. a
    truncated XML download): the entries before the break are there, but an importer should not
    treat missing entries as removed."""

    format: ListFormat
    list_name: str
    entries: list[ListEntry] = field(default_factory=list)
    lost_documents: list[LostDocument] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    generated_on: date | None = None
    complete: bool = True


ListItem = ListEntry | LostDocument | RecordError


@dataclass(slots=True)
class ReadInfo:
    """What a reader needs to know and what it learns about the whole file while streaming it."""

    list_name: str
    encoding: str | None = None  # CSV readers only: an explicit encoding instead of UTF-8
    generated_on: date | None = None


class Truncated(RecordError):
    """Marker subclass: the file ended or broke before its end; nothing after it was read."""


# --- text ---------------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str | None:
    """Collapse whitespace (lists wrap long values over lines); None for empty or placeholder text."""
    if text is None:
        return None
    text = _SPACES.sub(" ", text).strip()
    if not text or text in ("-0-", "-", "n/a", "N/A", "NULL", "null", "None"):
        return None
    return text


def join_unique(values: Iterable[str | None], sep: str = ", ") -> str | None:
    """Join the non-empty, distinct cleaned values (place parts, notes), None when nothing is left."""
    parts = list(dict.fromkeys(text for value in values if (text := clean(value)) is not None))
    return sep.join(parts) or None


def detect_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in ("Latin", "Arabic", "Cyrillic", "Han", ...).

    Why: the matcher treats an Arabic-script name differently (normalise, transliterate) from a
    Latin spelling, so the reader labels each name once."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        try:
            script = unicodedata.name(char).split(" ")[0]
        except ValueError:
            continue
        if script == "CJK":
            script = "HAN"
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda key: counts[key])
    return best.capitalize()


# --- countries ----------------------------------------------------------------------------------

_COUNTRY_NOISE = re.compile(r"^(possibly|probably|alt\.|reportedly)\s+", re.IGNORECASE)


def country_code(value: str | None) -> str | None:
    """ICAO alpha-3 of a country written by a list, or the cleaned raw text when unresolvable (a
    screener still shows it), or None when empty."""
    text = clean(value)
    if text is None:
        return None
    text = _COUNTRY_NOISE.sub("", text).strip(" .")
    # "Cabo Verde. Previously Cape Verde", "Iran (Islamic Republic of)": try the head too.
    return (
        to_alpha3(text)
        or to_alpha3(text.rstrip(")").split("(")[0].strip())
        or to_alpha3(text.split(". ")[0])
        or text
    )


# --- dates --------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "janvier", "janv"),
            ("feb", "february", "fevrier", "février", "fev", "fév", "févr"),
            ("mar", "march", "mars"),
            ("apr", "april", "avril", "avr"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juillet", "juil"),
            ("aug", "august", "aout", "août"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "decembre", "décembre", "déc"),
        ),
        start=1,
    )
    for name in names
}

_APPROX = re.compile(r"^(circa|ca\.?|c\.|approx(?:imately)?\.?|about|around|~|vers)\s*", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-zéû]+)\.?,?\s+(\d{4})$")
_RANGE_SEPARATOR = re.compile(r"\s*(?:\bto\b|\band\b|-|–|/)\s*", re.IGNORECASE)


class BadDate(ValueError):
    """A date a person wrote that cannot be a real birth date; the message says why."""


def _single(text: str) -> tuple[int, int | None, int | None]:
    text = text.strip().rstrip(".")
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        # "1965-00-00": lists write unknown month/day as zeros
        month_number = int(month) if month and int(month) else None
        return int(year), month_number, int(day) if day and int(day) and month_number else None
    match = _DMY.match(text)
    if match:
        day, month, year = match.groups()
        return int(year), int(month), int(day)
    match = _WORDS.match(text)
    if match and match.group(2).lower() in MONTHS:
        day, month_name, year = match.groups()
        return int(year), MONTHS[month_name.lower()], int(day) if day else None
    raise BadDate(f"unreadable date {text!r}")


def _split_range(text: str) -> tuple[tuple[int, int | None, int | None], ...]:
    """Both ends of "1950 to 1955", "1970-1975", "01/03/1970 - 01/03/1975" (tries each separator)."""
    for sep in _RANGE_SEPARATOR.finditer(text):
        try:
            return _single(text[: sep.start()]), _single(text[sep.end() :])
        except BadDate:
            continue
    raise BadDate(f"unreadable date {text!r}")


def parse_birth_date(text: str | None, *, approximate: bool = False) -> BirthDate | None:
    """Parse how lists write birth dates: ``1972``, ``1972-03``, ``1972-03-01``, ``01/03/1972``,
    ``10 Dec 1948``, ``Dec 1948``, ``circa 1951``, ``1950 to 1955``, ``1970-1975``.

    A range keeps only its years (lists give day-level ranges rarely, and matching by year range is
    what they mean). Returns None for empty text; raises :class:`BadDate` naming the problem for
    text that is not a possible birth date (year 3000, 31 February)."""
    text = clean(text)
    if text is None:
        return None
    match = _APPROX.match(text)
    if match:
        approximate = True
        text = text[match.end() :]
    suffix = re.search(r"\s*\(approx(?:imative|imately)?\.?\)$", text, flags=re.IGNORECASE)
    if suffix:  # EU: "1965 (approximative)"
        approximate = True
        text = text[: suffix.start()]
    text = re.sub(r"^between\s+", "", text, flags=re.IGNORECASE)
    try:
        try:
            year, month, day = _single(text)
            return BirthDate(year=year, month=month, day=day, approximate=approximate)
        except BadDate:
            start, end = _split_range(text)
            if start[0] == end[0]:  # "Aug 1977 to Sep 1977": same year, month unknown
                return BirthDate(year=start[0], approximate=approximate)
            return BirthDate(year=start[0], year_to=end[0], approximate=approximate)
    except BadDate:
        raise
    except ValueError as exc:  # BirthDate refuses impossible values (31 February, year 3000)
        raise BadDate(f"impossible birth date {text!r}: {exc}") from None


def parse_day(text: str | None) -> date | None:
    """A full calendar date (listing or report date): ISO (time/zone suffix ignored) or DD/MM/YYYY."""
    text = clean(text)
    if text is None:
        return None
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        year, month, day = _single(text)
        if month is None or day is None:
            raise BadDate(f"date {text!r} needs a day and a month")
        return date(year, month, day)
    except BadDate:
        raise
    except ValueError as exc:
        raise BadDate(f"impossible date {text!r}: {exc}") from None


# --- CSV decoding -------------------------------------------------------------------------------

_ARABIC_1256 = re.compile("[\u0621-\u064a]")


def encoding_hint(raw: bytes) -> str:
    """Name the likely encoding of bytes that are not UTF-8, so the message says what to do."""
    try:
        text = raw.decode("cp1256")
    except UnicodeDecodeError:
        return "bytes that are not UTF-8"
    if _ARABIC_1256.search(text):
        return "bytes that are not UTF-8 (they look like Windows-1256 Arabic)"
    return "bytes that are not UTF-8 (perhaps Windows-1252/Latin-1)"


def decoded_lines(
    path: Path, errors: list[RecordError], encoding: str | None = None, *, fallback: str | None = None
) -> Iterator[str]:
    """The text lines of a CSV file for :mod:`csv`, decoded line by line.

    UTF-8 (with or without BOM) is the contract. A line that is not UTF-8 is reported (naming the
    likely encoding, e.g. Windows-1256) and given to the CSV parser as an empty line, so the rest of
    the file goes on and line numbers stay right. Why refuse instead of guessing: any byte string
    decodes as Windows-1256, so a wrong guess would silently store garbled names in a watch list. An
    operator who knows the encoding passes ``encoding="cp1256"`` and nothing is guessed.

    ``fallback`` is for sources known to be Latin-only (OFAC: Windows-1252): such a line is decoded
    with it and reported as a warning instead of being dropped."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidInput(
            N_("cannot open %(path)s: %(reason)s"), values={"path": path, "reason": exc.strerror or exc}
        ) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode(encoding or "utf-8")
                continue
            except UnicodeDecodeError as exc:
                if encoding:
                    errors.append(
                        RecordError(number, None, f"line skipped: not {encoding} text ({exc.reason})")
                    )
                    yield "\n"
                    continue
            if fallback:
                errors.append(RecordError(number, None, f"not UTF-8; read as {fallback}", skipped=False))
                yield raw.decode(fallback, errors="replace")
                continue
            errors.append(
                RecordError(
                    number,
                    None,
                    f"line skipped: it contains {encoding_hint(raw)}; save the file as UTF-8 "
                    "or import it with encoding=cp1256",
                )
            )
            yield "\n"


def csv_records(
    path: Path, encoding: str | None, required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]] | RecordError]:
    """Rows of a CSV file with a header, as {lower-cased column: value} with the line each starts
    on; decoding problems and broken rows come in between as RecordErrors. Raises InvalidInput when
    the header is missing or lacks a ``required`` column (nothing else can be read then)."""
    errors: list[RecordError] = []
    reader = csv.reader(decoded_lines(path, errors, encoding))
    header: list[str] | None = None
    line = 1
    for row in reader:
        start, line = line, reader.line_num + 1
        yield from errors
        errors.clear()
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            missing = [column for column in required if column not in header]
            if missing:
                raise InvalidInput(
                    N_(
                        "%(file)s: the header (line %(start)s) lacks the column(s) %(columns)s; see docs/lists.md for the columns"
                    ),
                    values={"file": path.name, "start": start, "columns": ", ".join(missing)},
                    line=start,
                )
            continue
        if len(row) < len(header) and (reader.line_num > start or row[-1].endswith("\n")):
            # A quote opened and never closed swallows the following lines into one cell.
            yield RecordError(
                start, None, f"row skipped: unclosed quote runs from line {start} to line {reader.line_num}"
            )
            continue
        if len(row) > len(header):
            yield RecordError(start, None, f"row skipped: {len(row)} cells for {len(header)} columns")
            continue
        yield start, {column: cell for column, cell in zip(header, row, strict=False)}
    yield from errors
    if header is None:
        raise InvalidInput(
            N_("%(file)s has no header line; see docs/lists.md for the columns"), values={"file": path.name}
        )
