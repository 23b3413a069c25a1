"""Plain frozen dataclasses for passenger and crew lists and booking records.

They hold what a message *said*, already decoded (dates as ``date``/``datetime``, codes upper-case),
plus the problems met while reading it, so a partly broken message still yields its good travellers
and a person can see exactly what was wrong and where."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Role = Literal["passenger", "crew"]


@dataclass(frozen=True, slots=True)
class ParseIssue:
    """One problem in a message. ``segment`` is the 1-based position of the offending segment in the
    file (the UNA service string counts as segment 1 when present; 0 = the file as a whole), and
    ``message`` quotes the segment so nobody has to count segments by hand.

    ``message`` is the English sentence (what ``hudud paxlst check`` and the API give, byte for byte);
    ``template`` (its ``N_``-marked msgid) and ``params`` let a page word the same problem in the
    reader's language (``hudud.web.issue_text``): ``message`` is ``template % dict(params)``, after
    ``file N: `` when ``file`` says which of several files read together it is in."""

    segment: int
    message: str
    template: str = ""
    params: tuple[tuple[str, object], ...] = ()
    file: int | None = None

    @classmethod
    def of(cls, segment: int, template: str, /, **params: object) -> ParseIssue:
        """The problem whose English message is ``template`` filled with ``params``."""
        return cls(segment, template % params if params else template, template, tuple(params.items()))

    def in_file(self, number: int | None) -> ParseIssue:
        """The same problem in file ``number`` of several read together (None: the only file)."""
        if number is None:
            return self
        return ParseIssue(self.segment, f"file {number}: {self.message}", self.template, self.params, number)


@dataclass(frozen=True, slots=True)
class Leg:
    """One flight leg: where and when it leaves and arrives (times are local, as airlines send them)."""

    carrier: str | None = None
    number: str | None = None
    departure_airport: str | None = None
    departure_time: datetime | None = None
    arrival_airport: str | None = None
    arrival_time: datetime | None = None
    operating_carrier: str | None = None  # codeshare: the airline that actually flies it


@dataclass(frozen=True, slots=True)
class Flight:
    """The flight a manifest reports: the leg that arrives in the receiving state (LOC+125/87), plus
    every leg the message listed (LOC+92 routing) for multi-leg journeys."""

    carrier: str | None = None
    number: str | None = None
    departure_airport: str | None = None
    departure_time: datetime | None = None
    arrival_airport: str | None = None
    arrival_time: datetime | None = None
    legs: tuple[Leg, ...] = ()


@dataclass(frozen=True, slots=True)
class TravelDocument:
    """A document a traveller presented (DOC group, or an SSR DOCS line in a booking)."""

    type: str | None  # P passport, I/A identity card, V visa, ... as sent
    number: str | None
    issuing_state: str | None = None
    expiry: date | None = None
    issued: date | None = None


@dataclass(frozen=True, slots=True)
class ManifestTraveller:
    """A passenger or crew member on a manifest. ``segment`` is where its NAD segment sits."""

    surname: str
    given_names: str
    role: Role
    party_code: str  # NAD qualifier as sent: FL, FM, COT, DDT
    segment: int
    birth_date: date | None = None
    gender: str | None = None
    nationality: str | None = None
    residence_country: str | None = None  # LOC+174
    birth_place: str | None = None  # LOC+180
    embarkation: str | None = None  # LOC+178
    debarkation: str | None = None  # LOC+179
    first_arrival: str | None = None  # LOC+22, port of first arrival / clearance
    documents: tuple[TravelDocument, ...] = ()
    references: tuple[tuple[str, str], ...] = ()  # (qualifier, value): AVF booking, SEA seat, ...

    def reference(self, qualifier: str) -> str | None:
        """First reference with this qualifier (``AVF`` is the booking reference, ``SEA`` the seat)."""
        for code, value in self.references:
            if code == qualifier:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Manifest:
    """One passenger or crew list, reassembled from all its parts."""

    role: Role  # from BGM: 745 passengers, 250 crew
    flight: Flight
    travellers: tuple[ManifestTraveller, ...]
    issues: tuple[ParseIssue, ...] = ()
    interchange_ref: str | None = None  # UNB control reference: the deduplication key
    sender: str | None = None
    recipient: str | None = None
    prepared: datetime | None = None
    message_refs: tuple[str, ...] = ()
    common_access_ref: str | None = None  # ties the parts of a multi-part manifest together
    parts: tuple[int, ...] = ()  # sequence numbers of the parts read (01, 02, 03, ...)
    declared_passengers: int | None = None  # CNT+42
    declared_crew: int | None = None  # CNT+41

    @property
    def passengers(self) -> tuple[ManifestTraveller, ...]:
        return tuple(t for t in self.travellers if t.role == "passenger")

    @property
    def crew(self) -> tuple[ManifestTraveller, ...]:
        return tuple(t for t in self.travellers if t.role == "crew")


@dataclass(frozen=True, slots=True)
class BookedTraveller:
    """A traveller named in a booking (TIF), with what the booking says about their documents."""

    surname: str
    given_names: str
    segment: int
    type: str | None = None  # A adult, C child, IN infant, ...
    reference: str | None = None  # traveller reference number inside the booking
    title: str | None = None  # MR, MRS, ... split off the given names
    with_infant: bool = False
    birth_date: date | None = None  # from SSR DOCS when present
    gender: str | None = None
    nationality: str | None = None
    documents: tuple[TravelDocument, ...] = ()


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A departure-control record (TRI/TIF/SSD) for one traveller on one leg."""

    surname: str
    given_names: str
    segment: int
    reference: str | None = None
    seat: str | None = None


@dataclass(frozen=True, slots=True)
class Booking:
    """One passenger name record (SRC group): who booked, on which legs, under which locators."""

    record_locator: str | None
    segment: int
    locators: tuple[tuple[str, str], ...] = ()  # (airline or system, locator) from RCI
    travellers: tuple[BookedTraveller, ...] = ()
    itinerary: tuple[Leg, ...] = ()
    check_ins: tuple[CheckIn, ...] = ()


@dataclass(frozen=True, slots=True)
class PnrPush:
    """A PNRGOV message: the flight it was pushed for and every booking on it."""

    flight: Leg
    bookings: tuple[Booking, ...]
    issues: tuple[ParseIssue, ...] = ()
    interchange_ref: str | None = None
    sender: str | None = None
    declared_bookings: int | None = None  # EQN
    message_refs: tuple[str, ...] = field(default=())

    @property
    def travellers(self) -> tuple[BookedTraveller, ...]:
        return tuple(t for b in self.bookings for t in b.travellers)
