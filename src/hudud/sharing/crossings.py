"""Crossings recorded at a border post, and the rule that settles two versions of one crossing.

A post names each crossing with a random id when it records it, so the same crossing sent twice (a
retry after a lost acknowledgement, a restart after a crash) is recognised and stored once. A
crossing can be sent again with a later decision (a supervisor reviewed the referral while the link
was down): the version with the higher ``revision`` wins; equal revisions fall back to the later
``decided_at`` and finally to the larger content digest, so every node picks the same winner
whatever order the copies arrive in."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hudud.sharing.envelope import Rejected, canonical, parse_timestamp, timestamp

DIRECTIONS = ("entry", "exit")


@dataclass(frozen=True, slots=True)
class CrossingHit:
    """A hit seen at the post: which entry of which list, how strong."""

    entry_id: str
    list_name: str
    score: float


@dataclass(frozen=True, slots=True)
class Crossing:
    id: str
    post: str  # node id of the post
    country: str
    crossing_point: str
    direction: str
    at: datetime
    traveller: dict[str, Any]  # names, birth date, nationality, documents as screened
    decision: str
    revision: int = 1
    decided_at: datetime | None = None
    hits: tuple[CrossingHit, ...] = field(default=())
    snapshot_version: str = ""  # which signed snapshot screened it (for staleness questions later)

    def to_body(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "post": self.post,
            "country": self.country,
            "crossing_point": self.crossing_point,
            "direction": self.direction,
            "at": timestamp(self.at),
            "traveller": self.traveller,
            "decision": self.decision,
            "revision": self.revision,
            "decided_at": timestamp(self.decided_at or self.at),
            "hits": [{"entry_id": h.entry_id, "list": h.list_name, "score": h.score} for h in self.hits],
            "snapshot": self.snapshot_version,
        }

    def digest(self) -> str:
        return hashlib.sha256(canonical(self.to_body())).hexdigest()


def crossing_from_body(body: dict[str, Any]) -> Crossing:
    try:
        direction = str(body["direction"])
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be entry or exit, not {direction!r}")
        if not isinstance(body["traveller"], dict):
            raise ValueError("traveller must be an object")
        return Crossing(
            id=str(body["id"]),
            post=str(body["post"]),
            country=str(body["country"]),
            crossing_point=str(body["crossing_point"]),
            direction=direction,
            at=parse_timestamp(body["at"]),
            traveller=body["traveller"],
            decision=str(body["decision"]),
            revision=int(body.get("revision", 1)),
            decided_at=parse_timestamp(body["decided_at"]) if body.get("decided_at") else None,
            hits=tuple(
                CrossingHit(str(h["entry_id"]), str(h["list"]), float(h["score"]))
                for h in body.get("hits", ())
            ),
            snapshot_version=str(body.get("snapshot", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Rejected("malformed", f"crossing content is invalid ({exc})") from None


def prevails(new: Crossing, old: Crossing) -> bool:
    """Does ``new`` replace ``old`` (same crossing id)? Deterministic whatever the arrival order."""

    def rank(c: Crossing) -> tuple[int, str, str]:
        return (c.revision, timestamp(c.decided_at or c.at), c.digest())

    return rank(new) > rank(old)
