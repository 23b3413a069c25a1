"""National watch lists of persons and lists of lost/stolen travel documents, as CSV with a header.

Columns, encodings and examples are documented in docs/lists.md (the contract with member states'
exports); header names are case-insensitive and their order is free. Several values in one cell
are separated by ``|``. UTF-8 (BOM tolerated); a line in another encoding is reported, not guessed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hudud.documents.countries import to_alpha3
from hudud.formats.lists.common import (
    BadDate,
    ListItem,
    ReadInfo,
    RecordError,
    clean,
    country_code,
    csv_records,
    detect_script,
    parse_birth_date,
    parse_day,
)
from hudud.screening.entries import BirthDate, EntryName, Gender, IdentityDocument, ListEntry, LostDocument

PERSON_COLUMNS = (
    "id",
    "name",
    "given_name",
    "family_name",
    "name_original",
    "aliases",
    "weak_aliases",
    "birth_date",
    "birth_place",
    "nationality",
    "gender",
    "document_number",
    "document_type",
    "document_country",
    "listed_on",
    "reason",
)
LOST_DOCUMENT_COLUMNS = (
    "document_number",
    "issuing_state",
    "document_type",
    "status",
    "reported_on",
    "source",
)
GENDERS: dict[str, Gender] = {
    "m": "M",
    "male": "M",
    "man": "M",
    "homme": "M",
    "h": "M",
    "ذكر": "M",
    "f": "F",
    "female": "F",
    "woman": "F",
    "femme": "F",
    "أنثى": "F",
    "انثى": "F",
}
DOCUMENT_KINDS = {
    "passport": "passport",
    "p": "passport",
    "passeport": "passport",
    "national_id": "national_id",
    "id": "national_id",
    "i": "national_id",
    "identity_card": "national_id",
    "cni": "national_id",
    "visa": "visa",
    "v": "visa",
    "other": "other",
}
STATUSES = frozenset({"lost", "stolen", "revoked", "invalidated"})
SEPARATOR = "|"


def _split(value: str | None) -> list[str]:
    return [text for part in (value or "").split(SEPARATOR) if (text := clean(part)) is not None]


def read_national_persons(path: Path, info: ReadInfo) -> Iterator[ListItem]:
    """Yield one entry per row of a national persons list (id = the ``id`` column)."""
    seen: set[str] = set()
    for item in csv_records(path, info.encoding, ("id", "name")):
        if isinstance(item, RecordError):
            yield item
            continue
        line, row = item
        yield from _person(line, row, info.list_name, seen)


def _person(line: int, row: dict[str, str], list_name: str, seen: set[str]) -> Iterator[ListItem]:
    entry_id = clean(row.get("id"))
    if entry_id is None:
        yield RecordError(line, None, "row skipped: empty id")
        return
    if entry_id in seen:
        yield RecordError(line, entry_id, "row skipped: this id was already used by an earlier row")
        return
    main = clean(row.get("name"))
    if main is None:
        yield RecordError(line, entry_id, "row skipped: empty name")
        return
    seen.add(entry_id)
    names = [
        EntryName(
            main, "primary", clean(row.get("given_name")), clean(row.get("family_name")), detect_script(main)
        )
    ]
    names += [EntryName(t, "primary", script=detect_script(t)) for t in _split(row.get("name_original"))]
    names += [EntryName(t, "good", script=detect_script(t)) for t in _split(row.get("aliases"))]
    names += [EntryName(t, "low", script=detect_script(t)) for t in _split(row.get("weak_aliases"))]
    warnings: list[str] = []
    dates: list[BirthDate] = []
    for text in _split(row.get("birth_date")):
        try:
            parsed = parse_birth_date(text)
        except BadDate as exc:
            warnings.append(f"birth_date ignored: {exc}")
            continue
        if parsed is not None:
            dates.append(parsed)
    gender_text = (clean(row.get("gender")) or "").lower()
    if gender_text and gender_text not in GENDERS:
        warnings.append(f"gender {gender_text!r} ignored: use M or F")
    kind_text = (clean(row.get("document_type")) or "passport").lower()
    if kind_text not in DOCUMENT_KINDS:
        warnings.append(f"document_type {kind_text!r} unknown: read as other")
    state = country_code(row.get("document_country"))
    documents = [
        IdentityDocument(number, DOCUMENT_KINDS.get(kind_text, "other"), state)
        for number in _split(row.get("document_number"))
    ]
    listed_on = None
    try:
        listed_on = parse_day(row.get("listed_on"))
    except BadDate as exc:
        warnings.append(f"listed_on ignored: {exc}")
    for warning in warnings:
        yield RecordError(line, entry_id, warning, skipped=False)
    extra = {
        key: cell
        for key, value in row.items()
        if key not in PERSON_COLUMNS and key and (cell := clean(value)) is not None
    }
    yield ListEntry(
        id=entry_id,
        list_name=list_name,
        names=tuple(dict.fromkeys(names)),
        birth_dates=tuple(dict.fromkeys(dates)),
        birth_places=tuple(_split(row.get("birth_place"))),
        nationalities=tuple(
            dict.fromkeys(c for t in _split(row.get("nationality")) if (c := country_code(t)))
        ),
        gender=GENDERS.get(gender_text),
        documents=tuple(documents),
        reference=entry_id,
        listed_on=listed_on,
        reasons=clean(row.get("reason")),
        extra=extra,
    )


def read_lost_documents(path: Path, info: ReadInfo) -> Iterator[ListItem]:
    """Yield one LostDocument per row of a lost/stolen travel documents list."""
    for item in csv_records(path, info.encoding, ("document_number", "issuing_state")):
        if isinstance(item, RecordError):
            yield item
            continue
        line, row = item
        number = clean(row.get("document_number"))
        if number is None:
            yield RecordError(line, None, "row skipped: empty document_number")
            continue
        state_text = clean(row.get("issuing_state"))
        state = to_alpha3(state_text)
        if state is None:
            yield RecordError(
                line, number, f"row skipped: issuing_state {state_text!r} is not a known country or ICAO code"
            )
            continue
        kind_text = (clean(row.get("document_type")) or "passport").lower()
        status = (clean(row.get("status")) or "stolen").lower()
        if kind_text not in DOCUMENT_KINDS or status not in STATUSES:
            yield RecordError(
                line,
                number,
                f"row skipped: document_type {kind_text!r} / status {status!r} not one of "
                f"{', '.join(sorted(set(DOCUMENT_KINDS.values())))} / {', '.join(sorted(STATUSES))}",
            )
            continue
        try:
            reported_on = parse_day(row.get("reported_on"))
        except BadDate as exc:
            yield RecordError(line, number, f"reported_on ignored: {exc}", skipped=False)
            reported_on = None
        yield LostDocument(
            number=number,
            issuing_state=state,
            kind=DOCUMENT_KINDS[kind_text],
            reported_on=reported_on,
            status=status,
            source=clean(row.get("source")) or info.list_name,
        )
