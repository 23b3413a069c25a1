"""Screening queries for ``hudud screen --queries PATH``: who to screen, one traveller per record.

Three shapes, told apart by content:

* FollowTheMoney Person JSON lines: ``{"id", "schema": "Person", "properties": {"name",
  "birthDate", "nationality", "gender", "passportNumber", "idNumber"}}`` (also firstName/lastName,
  alias);
* CSV with the header ``id,name,birth_date,nationality,gender,document_number``;
* yente's screening fixtures (``full_name,first_name,middle_name,last_name,gender,date_of_birth,
  place_of_birth,nationality``; no id column: the id is ``<file stem>-<row number>``).

A record that cannot be screened (no name, broken JSON) is a :class:`RecordError` with its line; a
record with one bad field (an impossible birth date) gives a warning (``skipped=False``) and the
traveller is still screened without that field: at a border, dropping a traveller is worse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from hudud.errors import N_, InvalidInput
from hudud.formats.lists.common import (
    BadDate,
    RecordError,
    clean,
    country_code,
    csv_records,
    decoded_lines,
    parse_birth_date,
)
from hudud.formats.lists.ftm_jsonl import ftm_documents, ftm_gender, values
from hudud.formats.lists.national_csv import GENDERS
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller

QueryFormat = Literal["ftm_jsonl", "csv", "peer_csv"]
QUERY_CSV_COLUMNS = ("id", "name", "birth_date", "nationality", "gender", "document_number")
PEER_CSV_COLUMNS = (
    "full_name",
    "first_name",
    "middle_name",
    "last_name",
    "gender",
    "date_of_birth",
    "nationality",
)

QueryItem = Traveller | RecordError


def detect_query_format(path: Path) -> QueryFormat:
    """``ftm_jsonl`` when the first non-blank character opens a JSON object, else a CSV by header."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    except OSError as exc:
        raise InvalidInput(
            N_("cannot open %(path)s: %(reason)s"), values={"path": path, "reason": exc.strerror or exc}
        ) from None
    if not head:
        raise InvalidInput(N_("%(file)s is empty"), values={"file": path.name})
    if head.startswith("{"):
        return "ftm_jsonl"
    header = {cell.strip().lower() for cell in head.splitlines()[0].split(",")}
    if {"id", "name"} <= header:
        return "csv"
    if {"full_name", "date_of_birth"} <= header:
        return "peer_csv"
    raise InvalidInput(
        N_(
            "cannot tell the query format of %(file)s: expected FtM Person JSON lines or a CSV header %(columns)s"
        ),
        values={"file": path.name, "columns": ",".join(QUERY_CSV_COLUMNS)},
    )


def read_queries(path: Path | str, *, encoding: str | None = None) -> Iterator[QueryItem]:
    """Yield each traveller to screen, in input order, with a RecordError for each bad record."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(N_("queries file not found: %(path)s"), values={"path": path})
    fmt = detect_query_format(path)
    if fmt == "ftm_jsonl":
        return _ftm(path, encoding)
    return _csv(path, encoding, peer=fmt == "peer_csv")


def _birth_date(text: str | None, line: int, query_id: str, problems: list[RecordError]) -> BirthDate | None:
    """Parse a traveller's birth date; from an impossible one ("1974-01-32") keep the year when it is
    plausible, since a year still separates namesakes, and say so."""
    try:
        return parse_birth_date(text.split("T")[0] if text else text)
    except BadDate as exc:
        year = (text or "").strip()[:4]
        try:
            kept = BirthDate(int(year)) if year.isdigit() else None
        except ValueError:
            kept = None
        what = f"only the year {year} kept" if kept else "ignored"
        problems.append(RecordError(line, query_id, f"birth date {what}: {exc}", skipped=False))
        return kept


def _ftm(path: Path, encoding: str | None) -> Iterator[QueryItem]:
    decode_errors: list[RecordError] = []
    for line, text in enumerate(decoded_lines(path, decode_errors, encoding), start=1):
        if decode_errors:
            yield from decode_errors
            decode_errors.clear()
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RecordError(line, None, f"query skipped: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("properties"), dict):
            yield RecordError(line, None, "query skipped: not an FtM object with properties")
            continue
        query_id = clean(str(record.get("id") or ""))
        if query_id is None:
            yield RecordError(line, None, "query skipped: no id")
            continue
        if record.get("schema", "Person") not in ("Person", "LegalEntity"):
            yield RecordError(line, query_id, f"query skipped: schema {record.get('schema')!r} is not Person")
            continue
        yield from _ftm_traveller(line, query_id, record["properties"])


def _ftm_traveller(line: int, query_id: str, properties: dict[str, Any]) -> Iterator[QueryItem]:
    names = tuple(dict.fromkeys(values(properties, "name") + values(properties, "alias")))
    given = clean(" ".join(values(properties, "firstName") + values(properties, "middleName")))
    family = clean(" ".join(values(properties, "lastName")))
    if not names and (given or family):
        names = (" ".join(part for part in (given, family) if part),)
    if not names:
        yield RecordError(line, query_id, "query skipped: no name")
        return
    problems: list[RecordError] = []
    birth_date = None
    for text in values(properties, "birthDate"):
        birth_date = _birth_date(text, line, query_id, problems)
        if birth_date is not None:
            break
    nationalities = values(properties, "nationality") + values(properties, "citizenship")
    yield from problems
    yield Traveller(
        id=query_id,
        names=names,
        given=given,
        family=family,
        birth_date=birth_date,
        nationalities=tuple(dict.fromkeys(c for n in nationalities if (c := country_code(n)))),
        gender=ftm_gender(properties),
        documents=tuple(ftm_documents(properties)),
    )


def _csv(path: Path, encoding: str | None, *, peer: bool) -> Iterator[QueryItem]:
    required = ("full_name",) if peer else ("id", "name")
    row_number = 0
    for item in csv_records(path, encoding, required):
        if isinstance(item, RecordError):
            yield item
            continue
        line, row = item
        row_number += 1
        if peer:
            query_id: str | None = f"{path.stem}-{row_number}"
            name = clean(row.get("full_name"))
            given = clean(" ".join(filter(None, (row.get("first_name"), row.get("middle_name")))))
            family = clean(row.get("last_name"))
            date_text = row.get("date_of_birth")
            document = None
        else:
            query_id = clean(row.get("id"))
            name, given, family = clean(row.get("name")), None, None
            date_text = row.get("birth_date")
            document = clean(row.get("document_number"))
        if query_id is None:
            yield RecordError(line, None, "query skipped: empty id")
            continue
        if name is None:
            yield RecordError(line, query_id, "query skipped: empty name")
            continue
        problems: list[RecordError] = []
        birth_date = _birth_date(date_text, line, query_id, problems)
        gender_text = (clean(row.get("gender")) or "").lower()
        yield from problems
        yield Traveller(
            id=query_id,
            names=(name,),
            given=given,
            family=family,
            birth_date=birth_date,
            nationalities=tuple(
                dict.fromkeys(
                    c for part in (row.get("nationality") or "").split("|") if (c := country_code(part))
                )
            ),
            gender=GENDERS.get(gender_text),
            # A traveller's document is a passport unless told otherwise (the CSV has no type column).
            documents=(IdentityDocument(document, "passport"),) if document else (),
        )
