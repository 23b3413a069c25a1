"""Manifest use cases. ``check_paxlst`` reads a PAXLST file and builds the JSON document of the
``hudud paxlst check`` contract (other tools rely on its exact shape); ingestion comes later."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hudud.errors import N_, InvalidInput, NotFound, PayloadTooLarge
from hudud.formats.edifact import DEFAULT_MAX_BYTES
from hudud.formats.paxlst import read_paxlst
from hudud.passengers.models import Flight, Manifest, ManifestTraveller

Screen = Callable[[ManifestTraveller], dict[str, Any]]
NOT_SCREENED = "screening engine not available in this build; the lists were not checked"


def check_paxlst(
    source: str | Path | bytes,
    lists: Sequence[str | Path] | None = None,
    *,
    screen: Screen | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Parse a PAXLST file (a path or its bytes) and return the contract document:
    ``{"flight": {...}, "travellers": [...], "errors": [{"segment": n, "message": ...}]}``.

    ``screen`` screens one traveller and returns its ``screening`` object; when it is not given and
    ``lists`` are, the screening service is used if this build has one. Raises ``HududError`` only
    when the file cannot be read at all."""
    manifest = read_paxlst(_read(source, max_bytes), max_bytes=max_bytes)
    if screen is None and lists:
        screen = _screening_hook(lists)
    return manifest_document(manifest, screen=screen, lists_given=bool(lists))


def manifest_document(
    manifest: Manifest, *, screen: Screen | None = None, lists_given: bool = False
) -> dict[str, Any]:
    """The contract JSON of a manifest (also what the web API will return)."""
    travellers = []
    for traveller in manifest.travellers:
        if screen is not None:
            screening: dict[str, Any] = screen(traveller)
        elif lists_given:
            screening = {"status": "not_screened", "note": NOT_SCREENED}
        else:
            screening = {}
        travellers.append(
            {
                "surname": traveller.surname,
                "given_names": traveller.given_names,
                "birth_date": _iso(traveller.birth_date),
                "nationality": traveller.nationality,
                "documents": [
                    {
                        "type": d.type,
                        "number": d.number,
                        "issuing_state": d.issuing_state,
                        "expiry": _iso(d.expiry),
                    }
                    for d in traveller.documents
                ],
                "role": traveller.role,
                "screening": screening,
            }
        )
    return {
        "flight": _flight(manifest.flight),
        "travellers": travellers,
        "errors": [{"segment": i.segment, "message": i.message} for i in manifest.issues],
    }


def _flight(flight: Flight) -> dict[str, Any]:
    return {
        "carrier": flight.carrier,
        "number": flight.number,
        "departure_airport": flight.departure_airport,
        "departure_time": _iso(flight.departure_time),
        "arrival_airport": flight.arrival_airport,
        "arrival_time": _iso(flight.arrival_time),
        "legs": [
            {
                "carrier": leg.carrier,
                "number": leg.number,
                "departure_airport": leg.departure_airport,
                "departure_time": _iso(leg.departure_time),
                "arrival_airport": leg.arrival_airport,
                "arrival_time": _iso(leg.arrival_time),
            }
            for leg in flight.legs
        ],
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _read(source: str | Path | bytes, max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        return source
    path = Path(source)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InvalidInput(N_("%(path)s is not a file"), values={"path": path})
        if size > max_bytes:  # checked before reading: a 50 MB upload must not be loaded to be refused
            raise PayloadTooLarge(
                N_("%(path)s is %(size)s bytes; the limit for one message is %(max_bytes)s bytes"),
                values={"path": path, "size": f"{size:,}", "max_bytes": f"{max_bytes:,}"},
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(N_("%(path)s does not exist"), values={"path": path}) from None
    except PermissionError:
        raise InvalidInput(N_("%(path)s cannot be read (permission denied)"), values={"path": path}) from None


def _screening_hook(lists: Sequence[str | Path]) -> Screen | None:
    """Bridge to the screening service when this build has one (it is written separately)."""
    try:
        service = importlib.import_module("hudud.services.screening")
    except ImportError:
        return None
    factory = getattr(service, "traveller_screener", None)
    if callable(factory):
        screener = factory([Path(p) for p in lists])
        return screener if callable(screener) else None
    return None
