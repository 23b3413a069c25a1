"""EU consolidated financial sanctions list, the older FSD "whole" XML export (root ``WHOLE``).

Each ``ENTITY`` (Type P = person, E = entity) carries several ``NAME`` variants (often one per EU
language), ``BIRTH`` (DATE, PLACE, COUNTRY), ``CITIZEN`` and ``PASSPORT`` elements. The newer
export (root ``export``, namespaced) is a different schema and is refused by format detection."""

from __future__ import annotations

import contextlib
import re
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
from hudud.screening.entries import BirthDate, EntryName, Gender, IdentityDocument, ListEntry, NameQuality

_GENDER: dict[str, Gender] = {"M": "M", "F": "F"}
# "AD001095 (passport-National passport) ((passport))": number, then (kind-label), then notes.
_PASSPORT = re.compile(r"^(?P<number>.+?)\s*\((?P<kind>[a-z]+)-[^)]*\)\s*(?P<note>.*)$", re.DOTALL)
_KINDS = {"passport": "passport", "id": "national_id"}


def read_eu(path: Path, info: ReadInfo) -> Iterator[ListItem]:
    """Yield each ENTITY of an EU FSD whole export; id ``eu-<logical id>``."""
    root = XmlRoot()
    for item in iter_records(path, frozenset({"ENTITY"}), root):
        if info.generated_on is None and root.attrs.get("Date"):
            with contextlib.suppress(BadDate):
                info.generated_on = parse_day(root.attrs["Date"])
        if isinstance(item, RecordError):
            yield item
        else:
            yield from _entry(item, info.list_name)


def _entry(record: XmlRecord, list_name: str) -> Iterator[ListItem]:
    element, line = record.element, record.line
    logical_id = clean(element.get("Id"))
    if logical_id is None:
        yield RecordError(line, None, "ENTITY without Id: cannot be identified")
        return
    entry_id = f"eu-{logical_id}"
    person = element.get("Type", "P").upper() == "P"
    names, gender = _names(element, person)
    if not names:
        yield RecordError(line, entry_id, "no name: every NAME has an empty WHOLENAME/LASTNAME/FIRSTNAME")
        return
    warnings: list[str] = []
    dates: list[BirthDate] = []
    places: list[str] = []
    for birth in element.findall("BIRTH"):
        try:
            parsed = parse_birth_date(birth.findtext("DATE"))
        except BadDate as exc:
            warnings.append(f"BIRTH {birth.get('Id')} date ignored: {exc}")
            parsed = None
        if parsed is not None and parsed not in dates:
            dates.append(parsed)
        place = join_unique([birth.findtext("PLACE"), country_code(birth.findtext("COUNTRY"))])
        if place and place not in places:
            places.append(place)
    listed_on = None
    try:
        listed_on = parse_day(element.get("reg_date"))
    except BadDate as exc:
        warnings.append(f"reg_date ignored: {exc}")
    for warning in warnings:
        yield RecordError(line, entry_id, warning, skipped=False)
    yield ListEntry(
        id=entry_id,
        list_name=list_name,
        schema="Person" if person else "Organization",
        names=tuple(names),
        birth_dates=tuple(dates),
        birth_places=tuple(places),
        nationalities=tuple(
            dict.fromkeys(
                code for c in element.findall("CITIZEN") if (code := country_code(c.findtext("COUNTRY")))
            )
        ),
        gender=gender,
        documents=_documents(element),
        reference=logical_id,
        listed_on=listed_on,
        reasons=join_unique([element.get("remark"), element.get("legal_basis")], "; "),
        extra={
            key: value
            for key, value in (("programme", clean(element.get("programme"))),)
            if value is not None
        },
    )


def _names(element: ET.Element, person: bool) -> tuple[list[EntryName], Gender | None]:
    names: list[EntryName] = []
    gender: Gender | None = None
    for name in element.findall("NAME"):
        given = join_unique([name.findtext("FIRSTNAME"), name.findtext("MIDDLENAME")], " ")
        family = clean(name.findtext("LASTNAME"))
        full = clean(name.findtext("WHOLENAME")) or join_unique([given, family], " ")
        if full is None:
            continue
        gender = gender or _GENDER.get((text_of(name, "GENDER") or "").upper())
        # The EU marks no alias quality: the first variant is the main name, the rest are good aliases.
        quality: NameQuality = "primary" if not names else "good"
        entry_name = EntryName(
            full,
            quality,
            given if person else None,
            family if person else None,
            detect_script(full),
        )
        if all(n.full != full for n in names):
            names.append(entry_name)
    return names, gender


def _documents(element: ET.Element) -> tuple[IdentityDocument, ...]:
    documents: list[IdentityDocument] = []
    for passport in element.findall("PASSPORT"):
        raw = (passport.findtext("NUMBER") or "").strip()
        match = _PASSPORT.match(raw)
        number, kind, note = (
            (match.group("number"), _KINDS.get(match.group("kind"), "other"), clean(match.group("note")))
            if match
            else (raw, "passport", None)
        )
        number = clean(number) or ""
        if not number or number.upper() == "UNKNOWN":
            continue
        doc = IdentityDocument(number, kind, country_code(passport.findtext("COUNTRY")), note)
        if doc not in documents:
            documents.append(doc)
    return tuple(documents)
