"""What a list says about a person or a document: the shape every list reader produces and the
screening engine consumes. Plain frozen dataclasses (pydantic stays at the wire)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

NameQuality = Literal["primary", "good", "low"]
Gender = Literal["M", "F"]
EntrySchema = Literal["Person", "Organization"]


@dataclass(frozen=True, slots=True)
class EntryName:
    """One name of an entry, as the list writes it.

    ``quality`` follows the UN list: the main name is ``primary``; aliases are ``good`` or ``low``
    (a low-quality alias alone should not raise a strong alert). ``given``/``family`` are filled when
    the list separates them (UN FIRST_NAME/SECOND_NAME, OFAC "LAST, First")."""

    full: str
    quality: NameQuality = "primary"
    given: str | None = None
    family: str | None = None
    script: str | None = None  # "Latin", "Arabic", ... when known


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A listed date of birth: exact, year-only, month-only, a range of years, or approximate."""

    year: int
    month: int | None = None
    day: int | None = None
    year_to: int | None = None  # inclusive upper year of a range ("between 1970 and 1975")
    approximate: bool = False  # "circa"/"approximately"

    def __post_init__(self) -> None:
        if not 1800 <= self.year <= 2200:
            raise ValueError(f"implausible birth year {self.year}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"bad birth month {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a birth day needs a month")
            date(self.year, self.month, self.day)  # raises ValueError on 31 February
        if self.year_to is not None and self.year_to < self.year:
            raise ValueError(f"birth year range {self.year}-{self.year_to} is reversed")

    def iso(self) -> str:
        """ISO-like text: 1972-03-01, 1972-03, 1972, 1970/1975; "~" prefix when approximate."""
        if self.year_to is not None:
            text = f"{self.year}/{self.year_to}"
        elif self.month is None:
            text = f"{self.year:04d}"
        elif self.day is None:
            text = f"{self.year:04d}-{self.month:02d}"
        else:
            text = f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return ("~" + text) if self.approximate else text


@dataclass(frozen=True, slots=True)
class IdentityDocument:
    """A travel or identity document named by a list entry (or reported lost/stolen)."""

    number: str
    kind: str = "passport"  # passport, national_id, other
    issuing_state: str | None = None  # ICAO alpha-3 when known
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ListEntry:
    """A listed person (or organisation) of one list version.

    ``id`` is the identifier reported to users and evaluation tools: the UN REFERENCE_NUMBER
    (e.g. ``QDi.400``), ``ofac-<ent_num>``, the EU logical id, or the FtM id."""

    id: str
    list_name: str  # un, ofac, eu, ftm, national:<name>
    schema: EntrySchema = "Person"
    names: tuple[EntryName, ...] = ()
    birth_dates: tuple[BirthDate, ...] = ()
    birth_places: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()  # ICAO alpha-3 where the reader could resolve it
    gender: Gender | None = None
    documents: tuple[IdentityDocument, ...] = ()
    reference: str | None = None
    listed_on: date | None = None
    reasons: str | None = None
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def primary_name(self) -> str:
        """The name shown first to an officer."""
        for name in self.names:
            if name.quality == "primary":
                return name.full
        return self.names[0].full if self.names else self.id


@dataclass(frozen=True, slots=True)
class LostDocument:
    """A travel document reported lost, stolen or revoked (screened by document, not by name)."""

    number: str
    issuing_state: str  # ICAO alpha-3
    kind: str = "passport"
    reported_on: date | None = None
    status: str = "stolen"  # lost, stolen, revoked, invalidated
    source: str = "national"


@dataclass(frozen=True, slots=True)
class Traveller:
    """A person to screen: a traveller at a crossing point, a passenger on a list, or a batch query.

    ``names`` holds every form known (the MRZ name, the Arabic-script name from the document or
    recovered by ICAO transliteration, a manually typed spelling); ``given``/``family`` are set when
    the source separates them (MRZ secondary/primary identifiers)."""

    id: str
    names: tuple[str, ...]
    given: str | None = None
    family: str | None = None
    birth_date: BirthDate | None = None
    nationalities: tuple[str, ...] = ()
    gender: Gender | None = None
    documents: tuple[IdentityDocument, ...] = ()
