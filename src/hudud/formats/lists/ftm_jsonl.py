"""FollowTheMoney entities as JSON lines, as OpenSanctions publishes them (``entities.ftm.json``).

One JSON object per line: ``{"id", "schema", "properties": {prop: [values]}}``. Persons and
organisations become entries; ``Passport``/``Identification`` and ``Sanction`` entities (flat
export) or nested objects (``targets.nested.json``) are attached to the entity they name, so the
reader keeps entries until the end of the file before yielding them."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from hudud.formats.lists.common import (
    BadDate,
    ListItem,
    ReadInfo,
    RecordError,
    clean,
    country_code,
    decoded_lines,
    detect_script,
    join_unique,
    parse_birth_date,
    parse_day,
)
from hudud.screening.entries import (
    BirthDate,
    EntryName,
    EntrySchema,
    Gender,
    IdentityDocument,
    ListEntry,
    NameQuality,
)

PERSON_SCHEMAS = frozenset({"Person"})
ORGANIZATION_SCHEMAS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
_DOCUMENT_SCHEMAS = frozenset({"Passport", "Identification"})
_GENDER: dict[str, Gender] = {"male": "M", "female": "F", "m": "M", "f": "F"}
_NAME_PROPS: tuple[tuple[str, NameQuality], ...] = (
    ("name", "primary"),
    ("alias", "good"),
    ("previousName", "good"),
    ("weakAlias", "low"),
)


def values(properties: dict[str, Any], prop: str) -> list[str]:
    """The non-empty text values of one FtM property (a list, or a lone string written by hand)."""
    raw = properties.get(prop)
    items = raw if isinstance(raw, list) else [raw]
    return [text for item in items if isinstance(item, str) and (text := clean(item)) is not None]


def ftm_birth_date(text: str) -> BirthDate | None:
    """FtM dates are ISO prefixes ("1972", "1972-03", "1972-03-01", sometimes with a time)."""
    return parse_birth_date(text.split("T")[0])


def ftm_gender(properties: dict[str, Any]) -> Gender | None:
    return next((_GENDER[g.lower()] for g in values(properties, "gender") if g.lower() in _GENDER), None)


def ftm_documents(properties: dict[str, Any]) -> list[IdentityDocument]:
    """Documents written directly on a Person (passportNumber, idNumber)."""
    docs = [IdentityDocument(n, "passport") for n in values(properties, "passportNumber")]
    docs += [IdentityDocument(n, "national_id") for n in values(properties, "idNumber")]
    return docs


def read_ftm(path: Path, info: ReadInfo) -> Iterator[ListItem]:
    """Yield the Person/Organization entities of an FtM JSON lines file (id = the FtM id)."""
    builders: dict[str, _Builder] = {}
    documents: dict[str, list[IdentityDocument]] = defaultdict(list)
    sanctions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    decode_errors: list[RecordError] = []
    for line, text in enumerate(decoded_lines(path, decode_errors, info.encoding), start=1):
        if decode_errors:
            yield from decode_errors
            decode_errors.clear()
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield RecordError(line, None, f"line skipped: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("properties", {}), dict):
            yield RecordError(line, None, "line skipped: not an FtM entity object with properties")
            continue
        entity_id, schema = clean(str(record.get("id") or "")), record.get("schema")
        if entity_id is None or not isinstance(schema, str):
            yield RecordError(line, entity_id, "line skipped: an FtM entity needs an id and a schema")
            continue
        properties: dict[str, Any] = record.get("properties") or {}
        if schema in PERSON_SCHEMAS or schema in ORGANIZATION_SCHEMAS:
            builder = _Builder(entity_id, line, "Person" if schema in PERSON_SCHEMAS else "Organization")
            builder.read(properties, record)
            builders[entity_id] = builder
        elif schema in _DOCUMENT_SCHEMAS:
            for holder in values(properties, "holder"):
                documents[holder] += _linked_document(schema, properties)
        elif schema == "Sanction":
            for target in values(properties, "entity"):
                sanctions[target].append(properties)
    for entity_id, builder in builders.items():
        builder.documents += documents.get(entity_id, [])
        for sanction in sanctions.get(entity_id, []):
            builder.read_sanction(sanction)
        yield from builder.result(info.list_name)


def _linked_document(schema: str, properties: dict[str, Any]) -> list[IdentityDocument]:
    kind = "passport" if schema == "Passport" else "national_id"
    if schema != "Passport" and any("pass" in t.lower() for t in values(properties, "type")):
        kind = "passport"
    state = country_code(next(iter(values(properties, "country")), None))
    return [IdentityDocument(n, kind, state) for n in values(properties, "number")]


class _Builder:
    """One FtM party being read, with the problems found in it."""

    def __init__(self, entity_id: str, line: int, schema: EntrySchema) -> None:
        self.id, self.line, self.schema = entity_id, line, schema
        self.names: list[EntryName] = []
        self.birth_dates: list[BirthDate] = []
        self.documents: list[IdentityDocument] = []
        self.properties: dict[str, Any] = {}
        self.reasons: list[str] = []
        self.listed_on: date | None = None
        self.extra: dict[str, str] = {}
        self.warnings: list[str] = []

    def read(self, properties: dict[str, Any], record: dict[str, Any]) -> None:
        self.properties = properties
        given = join_unique(values(properties, "firstName") + values(properties, "middleName"), " ")
        family = join_unique(values(properties, "lastName"), " ")
        for prop, quality in _NAME_PROPS:
            for text in values(properties, prop):
                split = quality == "primary" and self.schema == "Person"
                name = EntryName(
                    text, quality, given if split else None, family if split else None, detect_script(text)
                )
                if all(n.full != text for n in self.names):
                    self.names.append(name)
        for text in values(properties, "birthDate"):
            try:
                parsed = ftm_birth_date(text)
            except BadDate as exc:
                self.warnings.append(f"birthDate ignored: {exc}")
                continue
            if parsed is not None and parsed not in self.birth_dates:
                self.birth_dates.append(parsed)
        self.documents = ftm_documents(properties)
        for prop in ("identification", "passports", "sanctions"):  # nested export
            for nested in properties.get(prop) or []:
                if isinstance(nested, dict) and isinstance(nested.get("properties"), dict):
                    if nested.get("schema") in _DOCUMENT_SCHEMAS:
                        self.documents += _linked_document(str(nested["schema"]), nested["properties"])
                    elif nested.get("schema") == "Sanction":
                        self.read_sanction(nested["properties"])
        self.reasons += values(properties, "notes")
        for key, prop in (("topics", "topics"), ("position", "position"), ("country", "country")):
            if joined := join_unique(values(properties, prop), "; "):
                self.extra[key] = joined
        datasets = record.get("datasets")
        if isinstance(datasets, list) and datasets:
            self.extra["datasets"] = "; ".join(str(d) for d in datasets)

    def read_sanction(self, properties: dict[str, Any]) -> None:
        self.reasons += values(properties, "reason") + values(properties, "program")
        for text in values(properties, "listingDate") + values(properties, "startDate"):
            try:
                self.listed_on = self.listed_on or parse_day(text)
            except BadDate as exc:
                self.warnings.append(f"sanction listing date ignored: {exc}")

    def result(self, list_name: str) -> Iterator[ListItem]:
        if not self.names:
            yield RecordError(self.line, self.id, "entity skipped: no name, alias or weakAlias")
            return
        for warning in self.warnings:
            yield RecordError(self.line, self.id, warning, skipped=False)
        props = self.properties
        nationalities = [
            c for v in values(props, "nationality") + values(props, "citizenship") if (c := country_code(v))
        ]
        yield ListEntry(
            id=self.id,
            list_name=list_name,
            schema=self.schema,
            names=tuple(self.names),
            birth_dates=tuple(self.birth_dates),
            birth_places=tuple(dict.fromkeys(values(props, "birthPlace"))),
            nationalities=tuple(dict.fromkeys(nationalities)),
            gender=ftm_gender(props),
            documents=tuple(dict.fromkeys(self.documents)),
            reference=self.id,
            listed_on=self.listed_on,
            reasons="; ".join(dict.fromkeys(self.reasons)) or None,
            extra=self.extra,
        )
