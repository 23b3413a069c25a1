"""PAXLST (UN/EDIFACT D02B/D05B, WCO/IATA/ICAO guidelines) → ``Manifest``.

A manifest may arrive as several messages (UNH S010 ``01:C``, ``02``, ``03:F``) in one file or in
several; ``read_paxlst`` reassembles the parts of one file and ``read_paxlst_parts`` those of several.
A bad segment costs at most its own field or traveller, never the list: it becomes a ``ParseIssue``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from hudud.documents.countries import is_known_code, to_alpha3
from hudud.errors import N_, InvalidInput
from hudud.formats.edifact import DEFAULT_MAX_BYTES, Interchange, Message, Segment, read_interchange
from hudud.passengers.models import (
    Flight,
    Leg,
    Manifest,
    ManifestTraveller,
    ParseIssue,
    Role,
    TravelDocument,
)

# NAD 3035 party function: FL passenger, FM crew member, COT in-transit passenger, DDT in-transit crew.
PARTY_ROLES: dict[str, Role] = {"FL": "passenger", "COT": "passenger", "FM": "crew", "DDT": "crew"}
# BGM 1001 document name: 745 passenger list; 250 crew list declaration; 266/336 crew lists (overflight,
# master crew list) some states use.
LIST_ROLES: dict[str, Role] = {"745": "passenger", "250": "crew", "266": "crew", "336": "crew"}
# DOC 1001 travel document types in the WCO/IATA/ICAO guide and the US APIS guide.
DOCUMENT_TYPES = frozenset(
    {
        "P",
        "PT",
        "V",
        "I",
        "IP",
        "A",
        "AC",
        "C",
        "F",
        "M",
        "L",
        "T",
        "G",
        "IN",
        "IS",
        "D",
        "R",
        "S",
        "E",
        "U",
        "X",
    }
)
GENDERS = frozenset({"M", "F", "U", "X"})
TRAVELLER_LOCATIONS = {"22": "first_arrival", "174": "residence_country", "178": "embarkation",
                       "179": "debarkation", "180": "birth_place"}  # fmt: skip
# Segments the guide allows that carry nothing screening needs; read silently.
IGNORED = frozenset({"COM", "CTA", "MEA", "FTX", "GEI", "EMP", "QTY", "CPI", "EQD", "GID", "TSR", "SEL"})
_LOCATION = re.compile(r"[A-Z0-9]{3,5}")
# Problems worded in more than one place (English, marked for the catalogs; pages word them in the reader's
# language, hudud.web.issue_text). "%(quote)s" is the segment as sent.
_NOT_PAXLST = {
    True: N_("message %(ref)s is %(type)s, not PAXLST; skipped"),
    False: N_("message %(ref)s is untyped, not PAXLST; skipped"),
}
_DECLARED = {
    "41": N_("%(quote)s: declares %(declared)s crew members but the manifest has %(counted)s"),
    "42": N_("%(quote)s: declares %(declared)s passengers but the manifest has %(counted)s"),
}


@dataclass
class _Draft:
    """A traveller while its segments are being read."""

    surname: str
    given_names: str
    role: Role
    party_code: str
    segment: int
    values: dict[str, str | date | None] = field(default_factory=dict)
    documents: list[dict[str, str | date | None]] = field(default_factory=list)
    references: list[tuple[str, str]] = field(default_factory=list)

    def freeze(self) -> ManifestTraveller:
        v = self.values
        docs = tuple(
            TravelDocument(
                type=_s(d.get("type")),
                number=_s(d.get("number")),
                issuing_state=_s(d.get("issuing_state")),
                expiry=_d(d.get("expiry")),
                issued=_d(d.get("issued")),
            )
            for d in self.documents
        )
        return ManifestTraveller(
            surname=self.surname,
            given_names=self.given_names,
            role=self.role,
            party_code=self.party_code,
            segment=self.segment,
            birth_date=_d(v.get("birth_date")),
            gender=_s(v.get("gender")),
            nationality=_s(v.get("nationality")),
            residence_country=_s(v.get("residence_country")),
            birth_place=_s(v.get("birth_place")),
            embarkation=_s(v.get("embarkation")),
            debarkation=_s(v.get("debarkation")),
            first_arrival=_s(v.get("first_arrival")),
            documents=docs,
            references=tuple(self.references),
        )


def _s(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _d(value: object) -> date | None:
    return value if isinstance(value, date) else None


@dataclass
class _Part:
    """What one PAXLST message contributed."""

    message: Message
    file: int | None = None  # which of several files read together (issues start "file N: ")
    role: Role | None = None
    legs: list[dict[str, object]] = field(default_factory=list)
    travellers: list[ManifestTraveller] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)
    counts: dict[str, tuple[int, Segment]] = field(default_factory=dict)  # "42"/"41" → (value, CNT)


class _MessageReader:
    """Reads one message body in order; the last NAD/DOC/LOC seen decides what DTM and LOC belong to."""

    def __init__(self, part: _Part, reference_year: int) -> None:
        self.part = part
        self.year = reference_year
        self.traveller: _Draft | None = None
        self.document: dict[str, str | date | None] | None = None
        self.leg: dict[str, object] | None = None
        self.last_loc: str | None = None

    def issue(self, segment: Segment, template: str, /, **params: object) -> None:
        """A problem with ``segment``: ``template`` starts with the segment as sent (``%(quote)s: ``)."""
        problem = ParseIssue.of(segment.position, template, quote=segment.quote(), **params)
        self.part.issues.append(problem.in_file(self.part.file))

    def read(self) -> _Part:
        for segment in self.part.message.body:
            handler = getattr(self, "_" + segment.tag.lower(), None)
            if handler is not None:
                handler(segment)
            elif segment.tag not in IGNORED:
                self.issue(
                    segment, N_("%(quote)s: %(tag)s is not a PAXLST segment; ignored"), tag=segment.tag
                )
        self._flush()
        return self.part

    def _flush(self) -> None:
        if self.traveller is not None:
            self.part.travellers.append(self.traveller.freeze())
        self.traveller, self.document = None, None

    def _bgm(self, seg: Segment) -> None:
        code = seg.get(0)
        self.part.role = LIST_ROLES.get(code)
        if self.part.role is None:
            self.issue(
                seg,
                N_("%(quote)s: unknown list type %(code)s (745 passengers, 250 crew); roles taken from NAD"),
                code=repr(code),
            )

    def _rff(self, seg: Segment) -> None:
        if self.traveller is not None:
            qualifier, value = seg.get(0, 0).upper(), seg.get(0, 1)
            if value:
                self.traveller.references.append((qualifier, value))

    def _tdt(self, seg: Segment) -> None:
        self._flush()
        number = seg.get(1).replace(" ", "").upper()
        carrier = seg.get(4).upper() or (number[:2] if len(number) > 2 else "")
        if not number:
            self.issue(seg, N_("%(quote)s: transport details without a flight number"))
        elif not re.fullmatch(r"[A-Z0-9]{2,3}\d{1,5}[A-Z]?", number):
            self.issue(
                seg,
                N_("%(quote)s: flight number %(number)s is not a carrier code and number"),
                number=repr(number),
            )
        self.leg = {"carrier": carrier or None, "number": number or None, "main": False, "segment": seg}
        self.part.legs.append(self.leg)

    def _nad(self, seg: Segment) -> None:
        code = seg.get(0).upper()
        if code == "MS":
            self._flush()
            return
        self._flush()
        role = PARTY_ROLES.get(code)
        if role is None:
            self.issue(
                seg,
                N_("%(quote)s: unknown party code %(code)s (FL, FM, COT, DDT); read by the list type"),
                code=repr(code),
            )
            role = self.part.role or "passenger"
        surname = seg.get(3, 0)
        given = " ".join(
            p.strip() for p in (seg.elements[3][1:] if len(seg.elements) > 3 else ()) if p.strip()
        )
        if not surname:
            self.issue(
                seg,
                N_(
                    "%(quote)s: traveller without a surname; kept so the count is right, but cannot be screened "
                    "by name"
                ),
            )
        self.traveller = _Draft(surname, given, role, code, seg.position)
        self.leg = None

    def _att(self, seg: Segment) -> None:
        gender = seg.get(2).upper()
        if self.traveller is None or seg.get(0) != "2":
            return
        if gender in GENDERS:
            self.traveller.values["gender"] = gender
        else:
            self.issue(seg, N_("%(quote)s: unknown gender code %(code)s (M, F, U, X)"), code=repr(gender))

    def _dtm(self, seg: Segment) -> None:
        qualifier, value, fmt = seg.get(0, 0), seg.get(0, 1), seg.get(0, 2)
        if self.traveller is None:
            if self.leg is not None and qualifier in ("189", "232"):
                moment = _moment(value, fmt)
                if moment is None:
                    self.issue(
                        seg, N_("%(quote)s: %(value)s is not a valid date and time"), value=repr(value)
                    )
                side = "departure" if qualifier == "189" else "arrival"
                if self.last_loc == "92":
                    side = "departure" if "departure_time" not in self.leg else "arrival"
                self.leg[f"{side}_time"] = moment
            return
        target = {"329": ("birth_date", "past"), "36": ("expiry", "future"), "182": ("issued", "past")}.get(
            qualifier
        )
        if target is None:
            self.issue(
                seg, N_("%(quote)s: unknown date qualifier %(qualifier)s; ignored"), qualifier=repr(qualifier)
            )
            return
        if not value:
            self.issue(seg, N_("%(quote)s: date qualifier without a date"))
            return
        parsed = _day(value, fmt, self.year, target[1])
        if parsed is None:
            self.issue(
                seg, N_("%(quote)s: %(value)s is not a valid date (YYMMDD or CCYYMMDD)"), value=repr(value)
            )
        if target[0] == "birth_date":
            self.traveller.values["birth_date"] = parsed
        elif self.document is not None:
            self.document[target[0]] = parsed
        else:
            self.issue(seg, N_("%(quote)s: document date before any DOC segment; ignored"))

    def _loc(self, seg: Segment) -> None:
        qualifier, place = seg.get(0), seg.get(1, 0).upper()
        self.last_loc = qualifier
        if self.traveller is None:
            if self.leg is None:
                self.issue(seg, N_("%(quote)s: location before any TDT flight segment; ignored"))
                return
            if qualifier not in ("125", "87", "92", "22"):
                self.issue(
                    seg,
                    N_("%(quote)s: unknown flight location qualifier %(qualifier)s (125, 87, 92)"),
                    qualifier=repr(qualifier),
                )
                return
            self._check_place(seg, place)
            if qualifier != "92":
                self.leg["main"] = True
            # Some senders (the UAE sample) put the departure airport under 22 instead of 125.
            side = "arrival" if qualifier == "87" else "departure"
            if qualifier == "92":
                side = "departure" if "departure_airport" not in self.leg else "arrival"
            self.leg[f"{side}_airport"] = place or None
            return
        if qualifier == "91":
            if self.document is None:
                self.issue(seg, N_("%(quote)s: issuing state before any DOC segment; ignored"))
            else:
                self.document["issuing_state"] = self._country(seg, place)
            return
        name = TRAVELLER_LOCATIONS.get(qualifier)
        if name is None:
            self.issue(
                seg,
                N_("%(quote)s: unknown traveller location qualifier %(qualifier)s; ignored"),
                qualifier=repr(qualifier),
            )
        elif qualifier == "180":
            self.traveller.values[name] = seg.get(1, 3) or place or None
        elif qualifier == "174":
            self.traveller.values[name] = self._country(seg, place)
        else:
            self._check_place(seg, place)
            self.traveller.values[name] = place or None

    def _check_place(self, seg: Segment, place: str) -> None:
        if place and not _LOCATION.fullmatch(place):
            self.issue(
                seg,
                N_("%(quote)s: unknown location code %(code)s (IATA airport or UN/LOCODE)"),
                code=repr(place),
            )

    def _country(self, seg: Segment, code: str) -> str | None:
        if not code:
            self.issue(seg, N_("%(quote)s: country code missing"))
            return None
        if is_known_code(code):
            return code
        if len(code) == 2:
            alpha3 = to_alpha3(code)
            if alpha3:
                return alpha3
        self.issue(seg, N_("%(quote)s: unknown country code %(code)s"), code=repr(code))
        return code

    def _nat(self, seg: Segment) -> None:
        if self.traveller is not None:
            self.traveller.values["nationality"] = self._country(seg, seg.get(1).upper())

    def _doc(self, seg: Segment) -> None:
        if self.traveller is None:
            self.issue(seg, N_("%(quote)s: document before any traveller (NAD); ignored"))
            return
        kind, number = seg.get(0).upper(), seg.get(1).replace(" ", "").upper()
        if not kind:
            self.issue(seg, N_("%(quote)s: document type missing"))
        elif kind not in DOCUMENT_TYPES:
            self.issue(seg, N_("%(quote)s: unknown document type %(code)s"), code=repr(kind))
        if not number:
            self.issue(seg, N_("%(quote)s: document number missing"))
        self.document = {"type": kind or None, "number": number or None}
        self.traveller.documents.append(self.document)

    def _cnt(self, seg: Segment) -> None:
        self._flush()
        qualifier, value = seg.get(0, 0), seg.get(0, 1)
        if not value and len(seg.elements) > 1:
            value = seg.get(1)
            self.issue(seg, N_("%(quote)s: count written as a separate element (CNT+41+8); read as CNT+41:8"))
        if qualifier not in ("41", "42"):
            self.issue(
                seg,
                N_("%(quote)s: unknown control total %(qualifier)s (41 crew, 42 passengers)"),
                qualifier=repr(qualifier),
            )
        elif not value.isdigit():
            self.issue(seg, N_("%(quote)s: control total %(value)s is not a number"), value=repr(value))
        else:
            self.part.counts[qualifier] = (int(value), seg)


def _day(value: str, fmt: str, reference_year: int, tense: str) -> date | None:
    """YYMMDD or CCYYMMDD. Two-digit years: birth dates are never in the future, expiry dates are
    within 50 years of the message."""
    digits = value.strip()
    try:
        if len(digits) == 8 or fmt == "102":
            return datetime.strptime(digits, "%Y%m%d").date()
        if len(digits) != 6 or not digits.isdigit():
            return None
        yy, mm, dd = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        century = reference_year // 100 * 100
        year = century + yy
        if tense == "past" and year > reference_year:
            year -= 100
        elif tense == "future" and year < reference_year - 50:
            year += 100
        return date(year, mm, dd)
    except ValueError:
        return None


def _moment(value: str, fmt: str) -> datetime | None:
    digits = value.strip()
    formats = {"201": "%y%m%d%H%M", "203": "%Y%m%d%H%M", "102": "%Y%m%d", "101": "%y%m%d"}
    pattern = formats.get(fmt) or {10: "%y%m%d%H%M", 12: "%Y%m%d%H%M", 6: "%y%m%d", 8: "%Y%m%d"}.get(
        len(digits)
    )
    if pattern is None or not digits.isdigit():
        return None
    try:
        return datetime.strptime(digits, pattern)
    except ValueError:
        return None


def _leg(raw: dict[str, object]) -> Leg:
    def text(key: str) -> str | None:
        value = raw.get(key)
        return value if isinstance(value, str) else None

    def when(key: str) -> datetime | None:
        value = raw.get(key)
        return value if isinstance(value, datetime) else None

    return Leg(
        carrier=text("carrier"),
        number=text("number"),
        departure_airport=text("departure_airport"),
        departure_time=when("departure_time"),
        arrival_airport=text("arrival_airport"),
        arrival_time=when("arrival_time"),
    )


def read_paxlst(
    data: bytes | str, *, max_bytes: int = DEFAULT_MAX_BYTES, today: date | None = None
) -> Manifest:
    """Read one PAXLST file (all its messages form one manifest). Raises ``InvalidInput`` or
    ``PayloadTooLarge`` only when the file cannot be read at all."""
    return read_paxlst_parts([data], max_bytes=max_bytes, today=today)


def read_paxlst_parts(
    files: Sequence[bytes | str], *, max_bytes: int = DEFAULT_MAX_BYTES, today: date | None = None
) -> Manifest:
    """Reassemble a manifest whose parts came in separate files (e.g. three gateway deliveries)."""
    interchanges = [read_interchange(data, max_bytes=max_bytes) for data in files]
    many = len(files) > 1
    parts: list[_Part] = []
    issues: list[ParseIssue] = []
    for number, interchange in enumerate(interchanges, 1):
        file = number if many else None
        issues.extend(i.in_file(file) for i in interchange.issues)
        year = _reference_year(interchange, today)
        for message in interchange.messages:
            if message.type != "PAXLST":
                typed = {"type": message.type} if message.type else {}
                skipped = ParseIssue.of(
                    message.header.position, _NOT_PAXLST[bool(typed)], ref=repr(message.ref), **typed
                )
                issues.append(skipped.in_file(file))
                continue
            parts.append(_MessageReader(_Part(message, file), year).read())
    if not parts:
        kinds = sorted({m.type for i in interchanges for m in i.messages})
        raise InvalidInput(
            N_("no PAXLST message in the file (found %(found)s)"),
            values={"found": ", ".join(kinds) or "none"},
        )
    return _assemble(parts, interchanges[0], issues, many=many)


def _reference_year(interchange: Interchange, today: date | None) -> int:
    if interchange.prepared is not None:
        return interchange.prepared.year
    return (today or date.today()).year


def _assemble(parts: list[_Part], first: Interchange, issues: list[ParseIssue], *, many: bool) -> Manifest:
    ordered = sorted(parts, key=lambda p: p.message.sequence or 0)
    issues.extend(_sequence_issues(ordered))
    for part in ordered:
        issues.extend(part.issues)
    travellers = tuple(t for p in ordered for t in p.travellers)
    legs = [leg for p in ordered for leg in p.legs]
    flight = _flight(legs, ordered, issues)
    role = next((p.role for p in ordered if p.role), None) or (
        "crew" if travellers and all(t.role == "crew" for t in travellers) else "passenger"
    )
    # Every part may repeat the control total of the whole manifest; the last one is checked.
    totals = {
        q: (value, segment, part.file) for part in ordered for q, (value, segment) in part.counts.items()
    }
    if _complete(ordered):
        for qualifier, (value, segment, file) in totals.items():
            counted = sum(1 for t in travellers if t.role == ("crew" if qualifier == "41" else "passenger"))
            if value != counted:
                mismatch = ParseIssue.of(
                    segment.position,
                    _DECLARED[qualifier],
                    quote=segment.quote(),
                    declared=value,
                    counted=counted,
                )
                issues.append(mismatch.in_file(file))
    declared = {q: v[0] for q, v in totals.items()}
    cars = {p.message.common_access_ref for p in ordered if p.message.common_access_ref}
    return Manifest(
        role=role,
        flight=flight,
        travellers=travellers,
        issues=tuple(issues if many else sorted(issues, key=lambda i: i.segment)),
        interchange_ref=first.control_ref,
        sender=first.sender,
        recipient=first.recipient,
        prepared=first.prepared,
        message_refs=tuple(p.message.ref for p in ordered),
        common_access_ref=min(cars) if cars else None,
        parts=tuple(p.message.sequence for p in ordered if p.message.sequence is not None),
        declared_passengers=declared.get("42"),
        declared_crew=declared.get("41"),
    )


def _complete(ordered: list[_Part]) -> bool:
    """True unless the parts say others are missing (then counts cannot be checked yet)."""
    sequences = [p.message.sequence for p in ordered]
    if len(ordered) == 1 and sequences[0] in (None, 1) and ordered[0].message.final is not False:
        return True
    if any(s is None for s in sequences):
        return True
    numbers = [s for s in sequences if s is not None]
    return numbers == list(range(1, len(numbers) + 1)) and ordered[-1].message.final is not False


def _sequence_issues(ordered: list[_Part]) -> list[ParseIssue]:
    out: list[ParseIssue] = []
    numbers = [p.message.sequence for p in ordered if p.message.sequence is not None]
    if not numbers:
        return out
    last = ordered[-1]
    header = last.message.header
    if last.message.final is False:
        out.append(
            ParseIssue.of(
                header.position,
                N_(
                    "%(quote)s: part %(part)s says more parts follow (C) but they are not here; counts not checked"
                ),
                quote=header.quote(),
                part=f"{numbers[-1]:02d}",
            )
        )
    if len(numbers) == 1 and numbers[0] > 1 and last.message.final is not True:
        out.append(
            ParseIssue.of(
                header.position,
                N_("%(quote)s: this is part %(part)s of a multi-part manifest; earlier parts are not here"),
                quote=header.quote(),
                part=f"{numbers[0]:02d}",
            )
        )
    if len(numbers) > 1:
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            out.append(
                ParseIssue.of(
                    header.position,
                    N_("parts %(parts)s of the manifest are missing"),
                    parts=", ".join(f"{n:02d}" for n in missing),
                )
            )
        cars = {p.message.common_access_ref for p in ordered}
        if len(cars) > 1:
            out.append(
                ParseIssue.of(
                    header.position,
                    N_("parts carry different common access references %(references)s"),
                    references=str(sorted(c or "" for c in cars)),
                )
            )
    return [issue.in_file(last.file) for issue in out]


def _flight(legs: list[dict[str, object]], ordered: list[_Part], issues: list[ParseIssue]) -> Flight:
    if not legs:
        first = ordered[0].message.header
        no_flight = ParseIssue.of(
            first.position, N_("%(quote)s: no TDT flight details in the message"), quote=first.quote()
        )
        issues.append(no_flight.in_file(ordered[0].file))
        return Flight()
    main = [leg for leg in legs if leg.get("main")]
    chosen = main[0] if main else legs[-1]
    numbers = {leg.get("number") for leg in (main or [chosen]) if leg.get("number")}
    if len(numbers) > 1:
        segment = main[-1]["segment"]
        assert isinstance(segment, Segment)
        issues.append(
            ParseIssue.of(
                segment.position,
                N_("%(quote)s: parts name different flights %(flights)s; the first is used"),
                quote=segment.quote(),
                flights=str(sorted(str(n) for n in numbers)),
            )
        )
    leg = _leg(chosen)
    unique: list[Leg] = []
    for raw in legs:
        candidate = _leg(raw)
        if candidate not in unique:
            unique.append(candidate)
    return Flight(
        carrier=leg.carrier,
        number=leg.number,
        departure_airport=leg.departure_airport,
        departure_time=leg.departure_time,
        arrival_airport=leg.arrival_airport,
        arrival_time=leg.arrival_time,
        legs=tuple(unique),
    )
