"""ListEntry ⇄ JSON for storage. Written by hand because the dataclasses are nested and frozen,
and storage must not depend on pydantic; the round trip is tested on the real UN list."""

from __future__ import annotations

from datetime import date
from typing import Any

from hudud.screening.entries import BirthDate, EntryName, IdentityDocument, ListEntry


def entry_to_json(entry: ListEntry) -> dict[str, Any]:
    data: dict[str, Any] = {"id": entry.id, "list": entry.list_name, "schema": entry.schema}
    data["names"] = [
        {
            k: v
            for k, v in (
                ("full", n.full),
                ("q", n.quality),
                ("given", n.given),
                ("family", n.family),
                ("script", n.script),
            )
            if v
        }
        for n in entry.names
    ]
    if entry.birth_dates:
        data["dob"] = [
            {
                k: v
                for k, v in (
                    ("y", b.year),
                    ("m", b.month),
                    ("d", b.day),
                    ("to", b.year_to),
                    ("approx", b.approximate),
                )
                if v
            }
            for b in entry.birth_dates
        ]
    for key, values in (("pob", entry.birth_places), ("nat", entry.nationalities)):
        if values:
            data[key] = list(values)
    if entry.gender:
        data["gender"] = entry.gender
    if entry.documents:
        data["docs"] = [
            {
                k: v
                for k, v in (("n", d.number), ("kind", d.kind), ("state", d.issuing_state), ("note", d.note))
                if v
            }
            for d in entry.documents
        ]
    for key, value in (("ref", entry.reference), ("reasons", entry.reasons)):
        if value:
            data[key] = value
    if entry.listed_on:
        data["listed_on"] = entry.listed_on.isoformat()
    if entry.extra:
        data["extra"] = dict(entry.extra)
    return data


def entry_from_json(data: dict[str, Any]) -> ListEntry:
    return ListEntry(
        id=data["id"],
        list_name=data["list"],
        schema=data.get("schema", "Person"),
        names=tuple(
            EntryName(
                full=n["full"],
                quality=n.get("q", "primary"),
                given=n.get("given"),
                family=n.get("family"),
                script=n.get("script"),
            )
            for n in data.get("names", ())
        ),
        birth_dates=tuple(
            BirthDate(
                year=b["y"],
                month=b.get("m"),
                day=b.get("d"),
                year_to=b.get("to"),
                approximate=bool(b.get("approx")),
            )
            for b in data.get("dob", ())
        ),
        birth_places=tuple(data.get("pob", ())),
        nationalities=tuple(data.get("nat", ())),
        gender=data.get("gender"),
        documents=tuple(
            IdentityDocument(
                number=d["n"],
                kind=d.get("kind", "passport"),
                issuing_state=d.get("state"),
                note=d.get("note"),
            )
            for d in data.get("docs", ())
        ),
        reference=data.get("ref"),
        listed_on=date.fromisoformat(data["listed_on"]) if data.get("listed_on") else None,
        reasons=data.get("reasons"),
        extra=dict(data.get("extra", {})),
    )
