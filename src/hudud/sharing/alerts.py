"""Shared alerts and hit notices: what one state tells others, and what they tell it back.

An alert is identified by its originator's country and ``alert_id`` and moves forward by ``version``:
an update or a revocation is a new version signed by the originating node, and a receiver keeps the
highest version it has seen (an older version arriving late is stale, never applied). Alerts become
ordinary screening entries (list ``alert:<origin>``) so the engine needs no special case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from hudud.screening.entries import (
    BirthDate,
    EntryName,
    IdentityDocument,
    ListEntry,
    LostDocument,
)
from hudud.sharing.envelope import Rejected, parse_timestamp, timestamp


class AlertKind(StrEnum):
    WANTED = "wanted_person"
    DOCUMENT = "lost_stolen_document"
    INTEREST = "person_of_interest"


class Handling(StrEnum):
    """What the officer at a hit must do (shown with the hit; the notice reports what was done)."""

    DETAIN = "detain"  # arrest warrant: hold the person and call the originator
    SEIZE = "seize_document"  # take the document out of circulation
    DISCREET = "discreet_report"  # let the person pass unaware; report the sighting
    CONTACT = "contact_originator"  # call the originator before deciding


class ScopeKind(StrEnum):
    NATIONAL = "national"
    STATES = "states"
    ALL = "all"


class Decision(StrEnum):
    """The decision taken at the border after a hit (the only outcome a notice carries)."""

    ADMITTED = "admitted"
    REFUSED = "refused"
    DETAINED = "detained"
    DOCUMENT_SEIZED = "document_seized"
    REFERRED = "referred"


ALL = "ALL"


@dataclass(frozen=True, slots=True)
class Scope:
    kind: ScopeKind
    states: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind == ScopeKind.STATES and not self.states:
            raise ValueError("a scope of chosen states needs at least one state")
        if self.kind != ScopeKind.STATES and self.states:
            raise ValueError(f"a {self.kind} scope takes no list of states")

    def includes(self, country: str, origin: str) -> bool:
        """May a node of ``country`` hold this alert of ``origin``?"""
        if country == origin:
            return True
        if self.kind == ScopeKind.ALL:
            return True
        return self.kind == ScopeKind.STATES and country in self.states

    def targets(self, origin: str) -> list[str]:
        """Subject tokens the alert is published to: ``ALL``, or each chosen state (never the origin)."""
        if self.kind == ScopeKind.ALL:
            return [ALL]
        return sorted(s for s in self.states if s != origin)

    def describe(self) -> str:
        return ",".join(self.states) if self.kind == ScopeKind.STATES else self.kind.value


@dataclass(frozen=True, slots=True)
class Person:
    """Who an alert is about (a person alert). Kept to what screening needs."""

    names: tuple[str, ...]
    birth_date: date | None = None
    nationalities: tuple[str, ...] = ()
    gender: str | None = None
    documents: tuple[tuple[str, str], ...] = ()  # (number, issuing state)


@dataclass(frozen=True, slots=True)
class Document:
    """The document of a lost/stolen-document alert."""

    number: str
    issuing_state: str
    kind: str = "passport"
    status: str = "stolen"


@dataclass(frozen=True, slots=True)
class Alert:
    alert_id: str
    origin: str
    version: int
    kind: AlertKind
    scope: Scope
    handling: Handling
    reference: str  # the originator's own file reference
    issued_at: datetime
    person: Person | None = None
    document: Document | None = None
    revoked: bool = False
    remarks: str = ""

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValueError("alert versions start at 1")
        if self.kind == AlertKind.DOCUMENT and self.document is None:
            raise ValueError("a lost/stolen-document alert needs the document")
        if self.kind != AlertKind.DOCUMENT and (self.person is None or not self.person.names):
            raise ValueError("a person alert needs at least one name")

    @property
    def list_name(self) -> str:
        return f"alert:{self.origin}"

    def as_list_entry(self) -> ListEntry | None:
        if self.person is None or self.revoked:
            return None
        p = self.person
        return ListEntry(
            id=self.alert_id,
            list_name=self.list_name,
            names=tuple(EntryName(n, "primary" if i == 0 else "good") for i, n in enumerate(p.names)),
            birth_dates=(BirthDate(p.birth_date.year, p.birth_date.month, p.birth_date.day),)
            if p.birth_date
            else (),
            nationalities=p.nationalities,
            gender="M" if p.gender == "M" else "F" if p.gender == "F" else None,
            documents=tuple(IdentityDocument(n, issuing_state=s) for n, s in p.documents),
            reference=self.reference,
            reasons=f"{self.kind.value}; handling: {self.handling.value}",
            extra={"origin": self.origin, "handling": self.handling.value, "alert_kind": self.kind.value},
        )

    def as_lost_document(self) -> LostDocument | None:
        if self.document is None or self.revoked:
            return None
        d = self.document
        return LostDocument(
            d.number, d.issuing_state, d.kind, self.issued_at.date(), d.status, self.list_name
        )

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "alert_id": self.alert_id,
            "origin": self.origin,
            "version": self.version,
            "kind": self.kind.value,
            "scope": {"kind": self.scope.kind.value, "states": list(self.scope.states)},
            "handling": self.handling.value,
            "reference": self.reference,
            "issued_at": timestamp(self.issued_at),
            "revoked": self.revoked,
            "remarks": self.remarks,
        }
        if self.person:
            p = self.person
            body["person"] = {
                "names": list(p.names),
                "birth_date": p.birth_date.isoformat() if p.birth_date else None,
                "nationalities": list(p.nationalities),
                "gender": p.gender,
                "documents": [list(d) for d in p.documents],
            }
        if self.document:
            d = self.document
            body["document"] = {
                "number": d.number,
                "issuing_state": d.issuing_state,
                "kind": d.kind,
                "status": d.status,
            }
        return body


def alert_from_body(body: dict[str, Any]) -> Alert:
    """Rebuild an alert from a verified envelope body; anything malformed is rejected, not guessed."""
    try:
        person = body.get("person")
        document = body.get("document")
        scope = body["scope"]
        return Alert(
            alert_id=str(body["alert_id"]),
            origin=str(body["origin"]),
            version=int(body["version"]),
            kind=AlertKind(body["kind"]),
            scope=Scope(ScopeKind(scope["kind"]), tuple(str(s) for s in scope.get("states") or ())),
            handling=Handling(body["handling"]),
            reference=str(body.get("reference") or ""),
            issued_at=parse_timestamp(body["issued_at"]),
            person=Person(
                names=tuple(str(n) for n in person["names"]),
                birth_date=date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None,
                nationalities=tuple(person.get("nationalities") or ()),
                gender=person.get("gender"),
                documents=tuple((str(n), str(s)) for n, s in person.get("documents") or ()),
            )
            if person
            else None,
            document=Document(
                str(document["number"]),
                str(document["issuing_state"]),
                str(document.get("kind", "passport")),
                str(document.get("status", "stolen")),
            )
            if document
            else None,
            revoked=bool(body.get("revoked", False)),
            remarks=str(body.get("remarks") or ""),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Rejected("malformed", f"alert content is invalid ({exc})") from None


@dataclass(frozen=True, slots=True)
class HitNotice:
    """Told to the originator when its alert is hit: which alert, where, when, what was decided."""

    alert_id: str
    alert_version: int
    origin: str  # the state that issued the alert (the addressee)
    country: str  # where the hit happened
    place: str  # crossing point code, or the node id when screening was not at a crossing point
    at: datetime
    decision: Decision

    def to_body(self) -> dict[str, Any]:
        return {
            "alert_id": self.alert_id,
            "alert_version": self.alert_version,
            "origin": self.origin,
            "country": self.country,
            "place": self.place,
            "at": timestamp(self.at),
            "decision": self.decision.value,
        }


def notice_from_body(body: dict[str, Any]) -> HitNotice:
    try:
        return HitNotice(
            alert_id=str(body["alert_id"]),
            alert_version=int(body["alert_version"]),
            origin=str(body["origin"]),
            country=str(body["country"]),
            place=str(body["place"]),
            at=parse_timestamp(body["at"]),
            decision=Decision(body["decision"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Rejected("malformed", f"hit notice content is invalid ({exc})") from None
