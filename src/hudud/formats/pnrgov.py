"""PNRGOV (IATA/WCO/ICAO PNRGOV message, EDIFACT versions 11.1 to 13.1) → ``PnrPush``.

Reads what screening and risk rules need: the flight the push is for (TVL after ORG), each booking
(SRC group) with its record locators (RCI), travellers (TIF, with SSR DOCS documents), itinerary (TVL)
and departure-control records (TRI/TIF/SSD). Everything else in a PNR (fares, tickets, history) is
passed over. A TIF after a TRI is a check-in of a traveller already booked, not a new traveller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from hudud.errors import N_, InvalidInput
from hudud.formats.edifact import DEFAULT_MAX_BYTES, Message, Segment, read_interchange
from hudud.passengers.models import (
    BookedTraveller,
    Booking,
    CheckIn,
    Leg,
    ParseIssue,
    PnrPush,
    TravelDocument,
)

# Segments of the PNRGOV message structure that carry nothing read here.
KNOWN = frozenset(
    {"MSG", "ORG", "EQN", "SRC", "RCI", "SSR", "DAT", "IFT", "ADD", "EBD", "FTI", "REF", "FAR", "TKT", "MON",
     "PTK", "TXD", "FOP", "RPI", "APD", "SSD", "TBD", "TRI", "LTS", "ABI", "TRA", "PRE", "CVR", "TVL", "TIF",
     "SAC", "ERC"}
)  # fmt: skip
TITLES = ("MRS", "MR", "MS", "MISS", "MSTR", "DR", "PROF", "CHD", "INF")
# Titles glued to the given name ("SEJOONMR"); MS is left out because given names end in -MS.
_GLUED_TITLE = re.compile(r"^(?P<name>[A-Z]{2,}?)(?P<title>MRS|MR|MISS|MSTR)$")
_DOCS_DATE = re.compile(r"(\d{2})([A-Z]{3})(\d{2})")
# Problems worded in more than one place (English, marked for the catalogs; hudud.web.issue_text words them).
_NOT_PNRGOV = {
    True: N_("message %(ref)s is %(type)s, not PNRGOV; skipped"),
    False: N_("message %(ref)s is untyped, not PNRGOV; skipped"),
}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}


@dataclass
class _BookingDraft:
    segment: int
    locators: list[tuple[str, str]] = field(default_factory=list)
    travellers: list[dict[str, object]] = field(default_factory=list)
    itinerary: list[Leg] = field(default_factory=list)
    check_ins: list[CheckIn] = field(default_factory=list)
    checking_in: bool = False
    docs: list[tuple[Segment, list[str], int]] = field(default_factory=list)

    def freeze(self) -> Booking:
        return Booking(
            record_locator=self.locators[0][1] if self.locators else None,
            segment=self.segment,
            locators=tuple(dict.fromkeys(self.locators)),
            travellers=tuple(_traveller(t) for t in self.travellers),
            itinerary=tuple(dict.fromkeys(self.itinerary)),
            check_ins=tuple(self.check_ins),
        )


def _traveller(raw: dict[str, object]) -> BookedTraveller:
    docs = raw.get("documents")
    documents = tuple(docs) if isinstance(docs, list) else ()
    birth = raw.get("birth_date")
    return BookedTraveller(
        surname=str(raw["surname"]),
        given_names=str(raw["given_names"]),
        segment=int(str(raw["segment"])),
        type=_text(raw.get("type")),
        reference=_text(raw.get("reference")),
        title=_text(raw.get("title")),
        with_infant=bool(raw.get("with_infant")),
        birth_date=birth if isinstance(birth, date) else None,
        gender=_text(raw.get("gender")),
        nationality=_text(raw.get("nationality")),
        documents=documents,
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def split_title(given: str) -> tuple[str, str | None]:
    """'KONG CHUN MRS' → ('KONG CHUN', 'MRS'); 'SEJOONMR' → ('SEJOON', 'MR')."""
    words = given.split()
    if len(words) > 1 and words[-1] in TITLES:
        return " ".join(words[:-1]), words[-1]
    if len(words) == 1:
        glued = _GLUED_TITLE.match(words[0])
        if glued:
            return glued.group("name"), glued.group("title")
    return given.strip(), None


class _PnrReader:
    def __init__(self, message: Message) -> None:
        self.message = message
        self.issues: list[ParseIssue] = []
        self.flight: Leg | None = None
        self.declared: int | None = None
        self.bookings: list[_BookingDraft] = []
        self.current: _BookingDraft | None = None

    def issue(self, seg: Segment, template: str, /, **params: object) -> None:
        """A problem with ``seg``: ``template`` starts with the segment as sent (``%(quote)s: ``)."""
        self.issues.append(ParseIssue.of(seg.position, template, quote=seg.quote(), **params))

    def read(self) -> None:
        for seg in self.message.body:
            handler = getattr(self, "_" + seg.tag.lower(), None)
            if handler is not None:
                handler(seg)
            elif seg.tag not in KNOWN:
                self.issue(seg, N_("%(quote)s: %(tag)s is not a PNRGOV segment; ignored"), tag=seg.tag)

    def _eqn(self, seg: Segment) -> None:
        if self.current is None and seg.get(0).isdigit():
            self.declared = int(seg.get(0))

    def _src(self, seg: Segment) -> None:
        self.current = _BookingDraft(seg.position)
        self.bookings.append(self.current)

    def _rci(self, seg: Segment) -> None:
        if self.current is None:
            self.issue(seg, N_("%(quote)s: booking reference outside a booking (no SRC before it)"))
            return
        for element in seg.elements:
            owner, locator = ((*element, "", ""))[:2]
            if locator.strip():
                self.current.locators.append((owner.strip(), locator.strip()))

    def _tvl(self, seg: Segment) -> None:
        leg = self._leg(seg)
        if self.current is None:
            if self.flight is None:
                self.flight = leg
            return
        self.current.checking_in = False
        if leg.departure_airport or leg.number:
            self.current.itinerary.append(leg)

    def _tri(self, seg: Segment) -> None:
        if self.current is not None:
            self.current.checking_in = True

    def _tif(self, seg: Segment) -> None:
        surname = seg.get(0, 0)
        given, title = split_title(seg.get(1, 0).upper())
        reference = seg.get(1, 2) or None
        if not surname:
            self.issue(seg, N_("%(quote)s: traveller without a surname"))
        if self.current is None:
            self.issue(seg, N_("%(quote)s: traveller outside a booking (no SRC before it); ignored"))
            return
        if self.current.checking_in:
            self.current.check_ins.append(CheckIn(surname, given, seg.position, reference))
            return
        self.current.travellers.append(
            {"surname": surname, "given_names": given, "segment": seg.position, "type": seg.get(1, 1) or None,
             "reference": reference, "title": title, "with_infant": seg.get(1, 3) == "1", "documents": []}
        )  # fmt: skip

    def _ssd(self, seg: Segment) -> None:
        if self.current is not None and self.current.check_ins and self.current.checking_in:
            last = self.current.check_ins[-1]
            if last.seat is None and seg.get(0):
                self.current.check_ins[-1] = CheckIn(
                    last.surname, last.given_names, last.segment, last.reference, seg.get(0)
                )

    def _ssr(self, seg: Segment) -> None:
        if seg.get(0).upper() != "DOCS" or self.current is None:
            return
        text = next((c for c in reversed(seg.elements[0]) if "/" in c), "")
        text = text.strip()
        fields = [f.strip() for f in (text[1:] if text.startswith("/") else text).split("/")]
        if len(fields) < 7:
            self.issue(
                seg,
                N_(
                    "%(quote)s: SSR DOCS text has fewer fields than "
                    "type/state/number/nationality/birth/gender/expiry"
                ),
            )
            return
        self.current.docs.append((seg, fields, len(self.current.travellers) - 1))

    def _attach_documents(self, booking: _BookingDraft) -> None:
        """SSR DOCS lines name their traveller; match by name first because an infant's DOCS often
        comes before the infant's TIF, then by the traveller reference, then the TIF before it."""
        for seg, fields, previous in booking.docs:
            surname, given = ([*fields, "", "", ""])[7:9]
            reference = seg.get(1, 2)
            squeezed = surname.replace(" ", "").upper()  # DOCS lines wrap inside names ("BEL T")
            by_name = [t for t in booking.travellers if squeezed and str(t["surname"]).replace(" ", "") == squeezed
                       and str(t["given_names"]).split()[:1] == given.upper().split()[:1]]  # fmt: skip
            by_ref = [t for t in booking.travellers if reference and t.get("reference") == reference]
            candidates = by_name or by_ref or ([booking.travellers[previous]] if previous >= 0 else [])
            if not candidates:
                self.issue(seg, N_("%(quote)s: SSR DOCS names no traveller of this booking; ignored"))
                continue
            target = candidates[0]
            number = fields[2].replace(" ", "") or None
            document = TravelDocument(
                fields[0] or None, number, fields[1] or None, self._docs_date(seg, fields[6], past=False)
            )
            docs = target["documents"]
            assert isinstance(docs, list)
            if number and all(d.number != number for d in docs):
                docs.append(document)
            birth = self._docs_date(seg, fields[4], past=True)
            for key, value in (
                ("birth_date", birth),
                ("gender", fields[5][:1] or None),
                ("nationality", fields[3] or None),
            ):
                if not target.get(key) and value:
                    target[key] = value

    def finish(self) -> list[Booking]:
        out = []
        for booking in self.bookings:
            self._attach_documents(booking)
            if not booking.travellers:
                seg = next(s for s in self.message.body if s.position == booking.segment)
                self.issue(
                    seg,
                    N_("%(quote)s: booking %(locator)s has no traveller (TIF)"),
                    locator=booking.locators[0][1] if booking.locators else "?",
                )
            out.append(booking.freeze())
        return out

    def _docs_date(self, seg: Segment, text: str, *, past: bool) -> date | None:
        if not text:
            return None
        match = _DOCS_DATE.fullmatch(text.strip().upper())
        try:
            if match is None or match.group(2) not in _MONTHS:
                raise ValueError(text)
            year = 2000 + int(match.group(3))
            if past and year > date.today().year:
                year -= 100
            return date(year, _MONTHS[match.group(2)], int(match.group(1)))
        except ValueError:
            self.issue(seg, N_("%(quote)s: %(value)s is not a valid DDMMMYY date"), value=repr(text))
            return None

    def _leg(self, seg: Segment) -> Leg:
        parts = seg.elements[0] if seg.elements else ()
        dep_day, dep_time = ((*parts, "", ""))[:2]
        arr_day, arr_time = ((*tuple(parts[2:]), "", ""))[:2]
        if len(arr_day) == 4 and not arr_time:  # DDMMYY:HHMM:HHMM - arrival the same day
            arr_day, arr_time = dep_day, arr_day
        elif not arr_day and arr_time:  # DDMMYY:HHMM::HHMM
            arr_day = dep_day
        return Leg(
            carrier=seg.get(3, 0) or None,
            operating_carrier=seg.get(3, 1) or None,
            number=(seg.get(3, 0) + seg.get(4, 0)) if seg.get(4, 0) else None,
            departure_airport=seg.get(1) or None,
            departure_time=self._moment(seg, dep_day, dep_time),
            arrival_airport=seg.get(2) or None,
            arrival_time=self._moment(seg, arr_day, arr_time),
        )

    def _moment(self, seg: Segment, day: str, time: str) -> datetime | None:
        if not day:
            return None
        try:
            return datetime.strptime(day.strip() + (time.strip() or "0000"), "%d%m%y%H%M")
        except ValueError:
            self.issue(
                seg,
                N_("%(quote)s: %(value)s is not a valid DDMMYY:HHMM date and time"),
                value=f"{day}:{time}",
            )
            return None


def read_pnrgov(data: bytes | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> PnrPush:
    """Read one PNRGOV file. Raises only when the file cannot be read at all."""
    interchange = read_interchange(data, max_bytes=max_bytes)
    issues = list(interchange.issues)
    readers: list[_PnrReader] = []
    for message in interchange.messages:
        if message.type != "PNRGOV":
            typed = {"type": message.type} if message.type else {}
            issues.append(
                ParseIssue.of(
                    message.header.position, _NOT_PNRGOV[bool(typed)], ref=repr(message.ref), **typed
                )
            )
            continue
        reader = _PnrReader(message)
        reader.read()
        readers.append(reader)
    bookings: list[Booking] = []
    for reader in readers:
        bookings.extend(reader.finish())
    if not readers:
        kinds = sorted({m.type for m in interchange.messages})
        raise InvalidInput(
            N_("no PNRGOV message in the file (found %(found)s)"),
            values={"found": ", ".join(kinds) or "none"},
        )
    declared = 0
    for reader in readers:
        issues.extend(reader.issues)
        declared += reader.declared or 0
        if reader.declared is not None and reader.declared != len(reader.bookings):
            header = reader.message.header
            issues.append(
                ParseIssue.of(
                    header.position,
                    N_("%(quote)s: EQN declares %(declared)s bookings but the message has %(counted)s"),
                    quote=header.quote(),
                    declared=reader.declared,
                    counted=len(reader.bookings),
                )
            )
    return PnrPush(
        flight=readers[0].flight or Leg(),
        bookings=tuple(bookings),
        issues=tuple(sorted(issues, key=lambda i: i.segment)),
        interchange_ref=interchange.control_ref,
        sender=interchange.sender,
        declared_bookings=declared if any(r.declared is not None for r in readers) else None,
        message_refs=tuple(r.message.ref for r in readers),
    )
