"""OFAC SDN list in its legacy CSV form: ``sdn.csv`` plus, when beside it, ``alt.csv`` (aliases),
``add.csv`` (addresses) and ``sdn_comments.csv`` (the rest of remarks cut at 1,000 characters). The
non-SDN consolidated list (``cons_prim.csv`` with ``cons_alt.csv``...) has the same shape.

sdn.csv columns (no header): ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
Tonnage, GRT, Vess_flag, Vess_owner, Remarks; ``-0-`` means empty. Birth dates, places,
nationalities, genders, passports and weak aliases live only in Remarks, as ``;``-separated
phrases ("DOB 10 Dec 1948; POB Giza, Egypt; a.k.a. 'ABU HAFS'; Passport 1084010 (Egypt)")."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
)
from hudud.screening.entries import BirthDate, EntryName, Gender, IdentityDocument, ListEntry, NameQuality

_COLUMNS = 12
_ALT_QUALITY: dict[str, NameQuality] = {"aka": "good", "fka": "good", "nka": "good"}
# Remarks phrases naming an identity document, and the kind each one is.
_ID_KINDS = {
    "Passport": "passport",
    "Travel Document Number": "passport",
    "National ID No.": "national_id",
    "Cedula No.": "national_id",
    "D.N.I.": "national_id",
    "C.U.R.P.": "national_id",
    "Personal ID Card": "national_id",
    "Kenyan ID No.": "national_id",
    "National Foreign ID Number": "national_id",
    "Identification Number": "other",
    "Birth Certificate Number": "other",
    "Residency Number": "other",
    "Refugee ID Card": "other",
    "Stateless Person ID Card": "other",
    "Driver's License No.": "other",
    "SSN": "other",
}
_ID_PHRASE = re.compile(
    r"^(?P<kind>"
    + "|".join(re.escape(k) for k in sorted(_ID_KINDS, key=len, reverse=True))
    + r")\s+(?P<rest>.+)$"
)
_DOC_DETAIL = re.compile(
    r"^(?P<number>.+?)(?:\s*\((?P<country>[^)]*)\))?(?P<note>\s+(?:issued|expires)\b.*)?$"
)
_ALIAS = re.compile(r"^[afn]\.k\.a\.,?\s+['\"]?(?P<name>.+?)['\"]?$", re.IGNORECASE)
_GENDER: dict[str, Gender] = {"male": "M", "female": "F"}


def _siblings(path: Path) -> dict[str, Path]:
    """alt/add/comments files beside the main file, matched case-insensitively."""
    prefix = "cons_" if path.name.lower().startswith("cons_") else ""
    wanted = {
        "alt": f"{prefix}alt.csv",
        "add": f"{prefix}add.csv",
        "comments": f"{prefix}comments.csv" if prefix else "sdn_comments.csv",
    }
    present = {p.name.lower(): p for p in path.parent.iterdir() if p.is_file()}
    return {key: present[name] for key, name in wanted.items() if name in present}


def _rows(path: Path, info: ReadInfo, errors: list[RecordError]) -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line each starts on; the DOS end-of-file mark (0x1A) ends quietly."""
    reader = csv.reader(decoded_lines(path, errors, info.encoding, fallback="cp1252"))
    line = 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not row or row == ["\x1a"] or not "".join(row).strip():
            continue
        yield start, row


def _side_table(
    path: Path | None, width: int, info: ReadInfo, errors: list[RecordError]
) -> dict[str, list[list[str]]]:
    table: dict[str, list[list[str]]] = defaultdict(list)
    if path is None:
        return table
    for line, row in _rows(path, info, errors):
        if len(row) < width or not row[0].strip().isdigit():
            errors.append(
                RecordError(
                    line, f"{path.name}", f"row ignored: expected {width} columns starting with ent_num"
                )
            )
            continue
        table[row[0].strip()].append(row)
    return table


def read_ofac(path: Path, info: ReadInfo) -> Iterator[ListItem]:
    """Yield one entry per sdn.csv row (id ``ofac-<ent_num>``), joined with the files beside it."""
    errors: list[RecordError] = []
    siblings = _siblings(path)
    aliases = _side_table(siblings.get("alt"), 4, info, errors)
    addresses = _side_table(siblings.get("add"), 5, info, errors)
    comments = _side_table(siblings.get("comments"), 2, info, errors)
    yield from errors
    errors.clear()
    for line, row in _rows(path, info, errors):
        yield from errors
        errors.clear()
        ent_num = row[0].strip()
        if len(row) != _COLUMNS or not ent_num.isdigit():
            yield RecordError(
                line,
                f"ofac-{ent_num}" if ent_num.isdigit() else None,
                f"row skipped: expected {_COLUMNS} columns starting with a numeric ent_num, got {len(row)}",
            )
            continue
        remarks = (clean(row[11]) or "") + "".join(r[1] for r in comments.get(ent_num, []))
        builder = _Entry(person=clean(row[2]) == "individual")
        builder.add_name(row[1], "primary")
        for alt in aliases.get(ent_num, []):
            builder.add_name(alt[3], _ALT_QUALITY.get((clean(alt[2]) or "aka").lower(), "good"))
        builder.read_remarks(remarks)
        entry_id = f"ofac-{ent_num}"
        if not builder.names:
            yield RecordError(line, entry_id, "row skipped: SDN_Name is empty")
            continue
        for warning in builder.warnings:
            yield RecordError(line, entry_id, warning, skipped=False)
        yield builder.build(entry_id, info.list_name, row, (r[4] for r in addresses.get(ent_num, [])))
    yield from errors


@dataclass
class _Entry:
    """Collects what sdn.csv, alt.csv and the remarks say about one entry."""

    person: bool
    names: list[EntryName] = field(default_factory=list)
    birth_dates: list[BirthDate] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    documents: list[IdentityDocument] = field(default_factory=list)
    gender: Gender | None = None
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add_name(self, raw: str | None, quality: NameQuality) -> None:
        text = clean(raw)
        if text is None:
            return
        given = family = None
        full = text
        if self.person and text.count(",") == 1:
            # "AL ZAWAHIRI, Ayman": OFAC writes persons family-first; keep both parts and a natural order.
            family, given = (part.strip() for part in text.split(","))
            full = f"{given} {family}".strip() if given else family
        name = EntryName(full, quality, given or None, family or None, detect_script(full))
        if name not in self.names:
            self.names.append(name)

    def read_remarks(self, remarks: str) -> None:
        for phrase in re.split(r";\s*", remarks):
            phrase = phrase.strip().rstrip(".").strip()
            if phrase:
                self._phrase(re.sub(r"^alt\.\s+", "", phrase), phrase)

    def _phrase(self, text: str, original: str) -> None:
        head, _, rest = text.partition(" ")
        if head == "DOB" and rest:
            try:
                parsed = parse_birth_date(rest)
            except BadDate as exc:
                self.warnings.append(f"remarks date of birth ignored: {exc}")
                return
            if parsed is not None and parsed not in self.birth_dates:
                self.birth_dates.append(parsed)
        elif head == "POB" and rest:
            self.birth_places.append(rest)
        elif head in ("nationality", "citizen") and rest:
            code = country_code(rest)
            if code and code not in self.nationalities:
                self.nationalities.append(code)
        elif head == "Gender" and rest.lower() in _GENDER:
            self.gender = _GENDER[rest.lower()]
        elif match := _ALIAS.match(text):
            self.add_name(match.group("name"), "low")  # weak aliases are only in the remarks
        elif (match := _ID_PHRASE.match(text)) and self.person:
            self._document(_ID_KINDS[match.group("kind")], match.group("rest"), match.group("kind"))
        else:
            self.reasons.append(original)

    def _document(self, kind: str, text: str, label: str) -> None:
        match = _DOC_DETAIL.match(text.strip())
        if not match:
            return
        number = match.group("number").strip(" ,")
        country = country_code(match.group("country")) if match.group("country") else None
        note = join_unique([label if kind == "other" else None, (match.group("note") or "").strip()], "; ")
        doc = IdentityDocument(number=number, kind=kind, issuing_state=country, note=note)
        if number and doc not in self.documents:
            self.documents.append(doc)

    def build(
        self, entry_id: str, list_name: str, row: list[str], address_countries: Iterable[str]
    ) -> ListEntry:
        extra = {
            key: value
            for key, value in (
                ("sdn_type", clean(row[2]) or "entity"),
                ("program", clean(row[3])),
                ("title", clean(row[4])),
                ("call_sign", clean(row[5])),
                ("vessel_type", clean(row[6])),
                ("vessel_flag", clean(row[9])),
                ("address_countries", join_unique((country_code(c) for c in address_countries), "; ")),
            )
            if value
        }
        return ListEntry(
            id=entry_id,
            list_name=list_name,
            schema="Person" if self.person else "Organization",
            names=tuple(self.names),
            birth_dates=tuple(self.birth_dates),
            birth_places=tuple(dict.fromkeys(self.birth_places)),
            nationalities=tuple(self.nationalities),
            gender=self.gender,
            documents=tuple(self.documents),
            reference=entry_id.removeprefix("ofac-"),
            reasons="; ".join(self.reasons) or None,
            extra=extra,
        )
