"""UN Security Council Consolidated List (XML, ``CONSOLIDATED_LIST`` with INDIVIDUALS and ENTITIES).

Schema: https://scsanctions.un.org/resources/xml/en/consolidated.xsd. The id of an entry is its
REFERENCE_NUMBER (e.g. ``QDi.400``), which is what the UN and evaluation tools cite."""

from __future__ import annotations

import contextlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from hudud.formats.lists.common import (
    BadDate,
    ListItem,
    ReadInfo,
    RecordError,
    clean,
    country_code,
    detect_script,
    join_unique,
    parse_birth_date,
    parse_day,
)
from hudud.formats.lists.xmlstream import XmlRecord, XmlRoot, iter_records, text_of
from hudud.screening.entries import (
    BirthDate,
    EntryName,
    EntrySchema,
    Gender,
    IdentityDocument,
    ListEntry,
    NameQuality,
)

_RECORDS = frozenset({"INDIVIDUAL", "ENTITY"})
_QUALITY: dict[str, NameQuality] = {"good": "good", "low": "low", "a.k.a.": "good", "f.k.a.": "good"}
_GENDER: dict[str, Gender] = {"male": "M", "female": "F", "m": "M", "f": "F"}


def read_un(path: Path, info: ReadInfo) -> Iterator[ListItem]:
    """Yield each individual and entity of a UN consolidated list, or a RecordError for a bad one."""
    root = XmlRoot()
    for item in iter_records(path, _RECORDS, root):
        if info.generated_on is None and root.attrs.get("dateGenerated"):
            with contextlib.suppress(BadDate):
                info.generated_on = parse_day(root.attrs["dateGenerated"])
        if isinstance(item, RecordError):
            yield item
            continue
        yield from _entry(item, info.list_name)


def _entry(record: XmlRecord, list_name: str) -> Iterator[ListItem]:
    element, line = record.element, record.line
    reference = text_of(element, "REFERENCE_NUMBER")
    ref = reference or (f"un-{text_of(element, 'DATAID')}" if text_of(element, "DATAID") else None)
    warnings: list[str] = []
    person = element.tag == "INDIVIDUAL"
    names = _names(element, person)
    if not names:
        yield RecordError(line, ref, "no name: an entry needs FIRST_NAME (or an alias) to be screened")
        return
    if ref is None:
        yield RecordError(line, names[0].full, "no REFERENCE_NUMBER nor DATAID: entry cannot be identified")
        return
    listed_on = None
    try:
        listed_on = parse_day(text_of(element, "LISTED_ON"))
    except BadDate as exc:
        warnings.append(f"LISTED_ON ignored: {exc}")
    schema: EntrySchema = "Person" if person else "Organization"
    entry = ListEntry(
        id=ref,
        list_name=list_name,
        schema=schema,
        names=tuple(names),
        birth_dates=_birth_dates(element, warnings) if person else (),
        birth_places=_birth_places(element) if person else (),
        nationalities=tuple(
            dict.fromkeys(
                code
                for value in element.findall("NATIONALITY/VALUE")
                if (code := country_code(value.text)) is not None
            )
        ),
        gender=_GENDER.get((text_of(element, "GENDER") or "").lower()),
        documents=_documents(element) if person else (),
        reference=reference,
        listed_on=listed_on,
        reasons=clean(text_of(element, "COMMENTS1")),
        extra=_extra(element),
    )
    for warning in warnings:
        yield RecordError(line, ref, warning, skipped=False)
    yield entry


def _names(element: ET.Element, person: bool) -> list[EntryName]:
    parts = [
        part
        for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        if (part := clean(element.findtext(tag))) is not None
    ]
    names: list[EntryName] = []
    if parts:
        full = " ".join(parts)
        if person and len(parts) > 1:
            names.append(EntryName(full, "primary", parts[0], " ".join(parts[1:]), detect_script(full)))
        else:
            names.append(EntryName(full, "primary", script=detect_script(full)))
    # The name in its own script is the same official name, so it keeps full weight ("primary").
    original = clean(element.findtext("NAME_ORIGINAL_SCRIPT"))
    if original:
        names.append(EntryName(original, "primary", script=detect_script(original)))
    for alias in element.findall("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
        text = clean(alias.findtext("ALIAS_NAME"))
        if text is None:
            continue
        quality = _QUALITY.get((clean(alias.findtext("QUALITY")) or "good").lower(), "good")
        names.append(EntryName(text, quality, script=detect_script(text)))
    return list(dict.fromkeys(names))


def _birth_dates(element: ET.Element, warnings: list[str]) -> tuple[BirthDate, ...]:
    dates: list[BirthDate] = []
    for dob in element.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = (text_of(dob, "TYPE_OF_DATE") or "").upper()
        note = text_of(dob, "NOTE") or ""
        approximate = kind == "APPROXIMATELY" or note.lower().startswith("approx")
        try:
            if kind == "BETWEEN" and text_of(dob, "FROM_YEAR"):
                low, high = text_of(dob, "FROM_YEAR"), text_of(dob, "TO_YEAR") or text_of(dob, "FROM_YEAR")
                parsed = parse_birth_date(f"{low} to {high}" if low != high else low)
            elif text_of(dob, "DATE") or text_of(dob, "YEAR"):
                parsed = parse_birth_date(
                    text_of(dob, "DATE") or text_of(dob, "YEAR"), approximate=approximate
                )
            else:
                # Only a note ("Nov. 1973", "30-35 years old"): take it when it is a date.
                try:
                    parsed = parse_birth_date(note) if note else None
                except BadDate:
                    parsed = None
        except BadDate as exc:
            warnings.append(f"date of birth ignored: {exc}")
            continue
        if parsed is not None:
            dates.append(parsed)
    for alias in element.findall("INDIVIDUAL_ALIAS"):
        try:
            parsed = parse_birth_date(alias.findtext("DATE_OF_BIRTH"))
        except BadDate as exc:
            warnings.append(f"alias date of birth ignored: {exc}")
            continue
        if parsed is not None:
            dates.append(parsed)
    return tuple(dict.fromkeys(dates))


def _birth_places(element: ET.Element) -> tuple[str, ...]:
    places = []
    for place in element.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
        text = join_unique(place.findtext(tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY"))
        if text:
            places.append(text)
    return tuple(dict.fromkeys(places))


def _document_kind(type_text: str) -> str:
    lowered = type_text.lower()
    if "pass" in lowered or "pasaporte" in lowered:
        return "passport"
    if "identi" in lowered or "id card" in lowered or "national id" in lowered:
        return "national_id"
    return "other"


def _documents(element: ET.Element) -> tuple[IdentityDocument, ...]:
    documents = []
    for doc in element.findall("INDIVIDUAL_DOCUMENT"):
        number = clean(doc.findtext("NUMBER"))
        if number is None:
            continue
        kind_text = clean(doc.findtext("TYPE_OF_DOCUMENT")) or ""
        note = join_unique(
            doc.findtext(tag) for tag in ("TYPE_OF_DOCUMENT2", "NOTE", "DATE_OF_ISSUE", "CITY_OF_ISSUE")
        )
        documents.append(
            IdentityDocument(
                number=number,
                kind=_document_kind(kind_text),
                issuing_state=country_code(
                    doc.findtext("ISSUING_COUNTRY") or doc.findtext("COUNTRY_OF_ISSUE")
                ),
                note=note,
            )
        )
    return tuple(dict.fromkeys(documents))


def _extra(element: ET.Element) -> dict[str, str]:
    extra: dict[str, str] = {}
    for key, path in (
        ("dataid", "DATAID"),
        ("un_list_type", "UN_LIST_TYPE"),
        ("version", "VERSIONNUM"),
    ):
        if value := text_of(element, path):
            extra[key] = value
    for key, path in (("title", "TITLE/VALUE"), ("designation", "DESIGNATION/VALUE")):
        if value := join_unique((v.text for v in element.findall(path)), "; "):
            extra[key] = value
    countries = join_unique(
        (country_code(a.findtext("COUNTRY")) for a in element.findall(f"{element.tag}_ADDRESS")), "; "
    )
    if countries:
        extra["address_countries"] = countries
    return extra
