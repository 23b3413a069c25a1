"""Screening and risk of manifest travellers, for ingestion and for screening again.

Ingestion screens each traveller once; an update of a flight's list screened with the same lists (the
same active versions and threshold, ``lists_stamp``) reuses the results of the same people; a list changed
since means the flight's travellers are screened again (``rescreen_flight``), rules included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hudud.passengers.models import Flight, Manifest, ManifestTraveller, TravelDocument
from hudud.policy import Caller
from hudud.rules import risk
from hudud.screening.engine import Hit, Screener
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller
from hudud.services import audit
from hudud.services.node_screening import generation
from hudud.store.manifest_tables import ManifestDocument, ManifestFlight, ManifestPerson, ManifestRecord
from hudud.store.tables import utcnow


def to_screening(traveller: ManifestTraveller, query_id: str = "") -> Traveller:
    """A manifest traveller as the screening engine wants it (documents, birth date, nationality)."""
    born = traveller.birth_date
    name = " ".join(p for p in (traveller.given_names, traveller.surname) if p)
    return Traveller(
        id=query_id or str(traveller.segment),
        names=(name,) if name else (),
        given=traveller.given_names or None,
        family=traveller.surname or None,
        # a reader may let an 8-digit date through as year 9967; the engine refuses such years
        birth_date=BirthDate(born.year, born.month, born.day) if born and 1800 <= born.year <= 2200 else None,
        nationalities=(traveller.nationality,) if traveller.nationality else (),
        gender=traveller.gender if traveller.gender in ("M", "F") else None,  # type: ignore[arg-type]
        documents=tuple(
            IdentityDocument(number=d.number, issuing_state=d.issuing_state)
            for d in traveller.documents
            if d.number and d.type != "V"  # a visa number is not a travel document number
        ),
    )


def hit_record(hit: Hit) -> dict[str, Any]:
    entry = hit.entry
    return {
        "id": hit.entry_id,
        "score": hit.score,
        "match": hit.match,
        "explanation": hit.explanation,
        "reasons": [r.as_dict() for r in hit.reasons],  # the explanation as data, worded by each page
        "list": entry.list_name if entry is not None else "lost",
        "name": entry.primary_name if entry is not None else None,
    }


def identity_key(t: ManifestTraveller) -> str:
    docs = ",".join(sorted(f"{d.issuing_state or ''}:{d.number}" for d in t.documents if d.number))
    born = t.birth_date.isoformat() if t.birth_date else ""
    return f"{t.role}|{risk.name_key(t.surname, t.given_names)}|{born}|{docs}"[:400]


def flight_key(country: str, manifest: Manifest, dedup: str | None) -> str | None:
    """State + flight number + departure date + route; a list without them stands alone (by ``dedup``)."""
    f = manifest.flight
    when = f.departure_time or f.arrival_time
    if f.number and when is not None:
        route = f"{f.departure_airport or ''}-{f.arrival_airport or ''}"
        return f"{country}|{f.number}|{when.date().isoformat()}|{route}"[:120]
    return f"{country}|unknown|{dedup}"[:120] if dedup else None


def outcome(screened: Screened, flags: Sequence[risk.Flag]) -> dict[str, Any]:
    """The screening and risk columns of a traveller row."""
    return {
        "hits": screened.records,
        "flags": [
            {"rule": f.rule, "type": f.type, "weight": f.weight, "reason": f.reason, "values": dict(f.values)}
            for f in flags
        ],
        "match": screened.listed is not None,
        "best_score": screened.best,
        "risk": risk.risk(screened.listed, flags),
    }


@dataclass(frozen=True)
class Screened:
    """What screening said about one traveller, as stored: hits worth showing, match score, best score."""

    records: list[dict[str, Any]]
    listed: float | None  # score of the best matching hit; None: no match
    best: float


def screened_of(found: Sequence[Hit]) -> Screened:
    return Screened(
        [hit_record(h) for h in found if h.score >= 0.5 or h.match],
        next((h.score for h in found if h.match), None),
        max((h.score for h in found), default=0.0),
    )


def lists_stamp(session: Session, threshold: float) -> str:
    """Which lists screening uses now (the active versions) and at which threshold."""
    return f"{generation(session)}|{threshold}"[:64]


def reusable(session: Session, country: str, manifest: Manifest, stamp: str) -> dict[str, Screened]:
    """Results of the same people on earlier lists of the same flight, screened with the same lists."""
    key = flight_key(country, manifest, None)
    if key is None:
        return {}
    keys = {identity_key(t) for t in manifest.travellers}
    rows = session.execute(
        select(ManifestPerson.identity_key, ManifestPerson.hits, ManifestPerson.best_score)
        .join(ManifestRecord, ManifestRecord.id == ManifestPerson.manifest_id)
        .join(ManifestFlight, ManifestFlight.id == ManifestPerson.flight_id)
        .where(ManifestFlight.flight_key == key, ManifestRecord.screened_with == stamp)
    )
    found: dict[str, Screened] = {}
    for identity, hits, best in rows:
        if identity in keys:
            listed = next((h["score"] for h in hits if h.get("match")), None)
            found[identity] = Screened(list(hits), listed, best)
    return found


def seen_names(
    session: Session, country: str, travellers: Sequence[ManifestTraveller]
) -> dict[tuple[str, str], frozenset[str]]:
    keys = {k for t in travellers for d in t.documents if d.type != "V"
            if (k := risk.document_key(d.issuing_state, d.number))}  # fmt: skip
    if not keys:
        return {}
    seen: dict[tuple[str, str], set[str]] = {}
    numbers = sorted({number for _, number in keys})
    for start in range(0, len(numbers), 500):
        rows = session.execute(
            select(ManifestDocument.issuer, ManifestDocument.number, ManifestDocument.name_key).where(
                ManifestDocument.country == country, ManifestDocument.number.in_(numbers[start : start + 500])
            )
        )
        for issuer, number, name in rows:
            if (issuer, number) in keys:
                seen.setdefault((issuer, number), set()).add(name)
    return {k: frozenset(v) for k, v in seen.items()}


def refresh_flight(session: Session, flight: ManifestFlight) -> None:
    """Flight totals over every manifest of the flight (a person on two lists counts once)."""
    people = ManifestPerson.identity_key
    of_flight = ManifestPerson.flight_id == flight.id
    flight.travellers = session.scalar(select(func.count(func.distinct(people))).where(of_flight)) or 0
    flight.matches = (
        session.scalar(select(func.count(func.distinct(people))).where(of_flight, ManifestPerson.match)) or 0
    )
    flight.flagged = (
        session.scalar(
            select(func.count(func.distinct(people))).where(
                of_flight, ManifestPerson.risk > 0, ManifestPerson.match.is_(False)
            )
        )
        or 0
    )
    flight.max_risk = session.scalar(select(func.max(ManifestPerson.risk)).where(of_flight)) or 0


def as_traveller(person: ManifestPerson) -> ManifestTraveller:
    """A stored traveller back as the domain object the engine and the rules read."""
    references = tuple((q, v) for q, v in (("AVF", person.booking), ("SEA", person.seat)) if v)
    return ManifestTraveller(
        surname=person.surname, given_names=person.given_names, role=person.role,  # type: ignore[arg-type]
        party_code="FM" if person.role == "crew" else "FL", segment=person.segment,
        birth_date=person.birth_date, gender=person.gender, nationality=person.nationality,
        embarkation=person.embarkation, debarkation=person.debarkation, references=references,
        documents=tuple(
            TravelDocument(d.get("type"), d.get("number"), d.get("issuing_state"),
                           date.fromisoformat(d["expiry"]) if d.get("expiry") else None)
            for d in person.documents
        ),
    )  # fmt: skip


def stale_manifests(session: Session, flight_id: int, stamp: str) -> list[ManifestRecord]:
    """The flight's lists screened against other lists than those in force now."""
    return list(
        session.scalars(
            select(ManifestRecord).where(
                ManifestRecord.flight_id == flight_id,
                (ManifestRecord.screened_with.is_(None)) | (ManifestRecord.screened_with != stamp),
            )
        )
    )


def rescreen_flight(
    session: Session,
    caller: Caller,
    flight: ManifestFlight,
    screener: Screener,
    stamp: str,
    rules: Sequence[risk.RiskRule],
) -> int:
    """Screen the travellers of a flight's stale lists again (rules included); returns how many."""
    done = 0
    facts = Flight(flight.carrier, flight.number, flight.departure_airport, flight.departure_local,
                   flight.arrival_airport, flight.arrival_local)  # fmt: skip
    for record in stale_manifests(session, flight.id, stamp):
        people = list(
            session.scalars(
                select(ManifestPerson)
                .where(ManifestPerson.manifest_id == record.id)
                .order_by(ManifestPerson.id)
            )
        )
        travellers = [as_traveller(p) for p in people]
        results = [screened_of(screener.screen(to_screening(t), limit=3)) for t in travellers]
        others = seen_names(session, record.country, travellers)
        context = risk.Context([r.listed for r in results], others, today=date.today())
        flags = risk.evaluate(rules, facts, travellers, context)
        for person, screened, found in zip(people, results, flags, strict=True):
            for column, value in outcome(screened, found).items():
                setattr(person, column, value)
        record.screened_with, record.screened_at = stamp, utcnow()
        done += len(people)
    session.flush()
    refresh_flight(session, flight)
    audit.append(session, caller, "manifests.rescreen", record_type="manifest_flight", record_id=flight.id,
                 detail=f"travellers={done}")  # fmt: skip
    return done
