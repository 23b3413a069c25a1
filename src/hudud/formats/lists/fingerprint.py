"""A stable hash of what an entry says, so a re-import can tell added, changed and removed entries."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from hudud.screening.entries import ListEntry


def _canonical(entry: ListEntry) -> dict[str, object]:
    """The entry as plain data with its collections sorted: a list that merely reorders aliases or
    documents between versions has not changed the person. ``extra`` (source bookkeeping such as
    the UN DATAID or VERSIONNUM) is left out on purpose: it changes without the listing changing."""
    data = asdict(entry)
    data.pop("extra", None)
    for key in ("names", "birth_dates", "documents"):
        data[key] = sorted(data[key], key=lambda item: json.dumps(item, sort_keys=True, default=str))
    for key in ("birth_places", "nationalities"):
        data[key] = sorted(data[key])
    return data


def entry_fingerprint(entry: ListEntry) -> str:
    """Hex SHA-256 of the entry's canonical content; equal for equal content, whatever the order."""
    text = json.dumps(_canonical(entry), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
