"""NATS subjects and JetStream names. Scope is part of the subject, so a node's consumers only ever
ask the hub for what is addressed to its own country (or to all members); the receiver checks the
signed scope again, so a message put on the wrong subject is still refused."""

from __future__ import annotations

ALERTS_STREAM = "ALERTS"
NOTICES_STREAM = "NOTICES"
DIRECTORY_STREAM = "DIRECTORY"
DIRECTORY_SUBJECT = "hudud.directory"


def alert(target: str, origin: str) -> str:
    """Alert of ``origin`` addressed to ``target`` (a member's country code, or ALL)."""
    return f"hudud.alert.{target}.{origin}"


def alerts_for(target: str) -> str:
    return f"hudud.alert.{target}.>"


def notice(origin: str, sender_country: str) -> str:
    """Hit notice sent to the originator ``origin`` of an alert."""
    return f"hudud.notice.{origin}.{sender_country}"


def notices_for(origin: str) -> str:
    return f"hudud.notice.{origin}.>"


def crossings_stream(country: str) -> str:
    """Crossings of a state's border posts: a stream on that state's own server, never the hub's."""
    return f"CROSSINGS_{country}"


def crossing(country: str, post: str) -> str:
    return f"hudud.crossing.{country}.{post}"


def crossings_for(country: str) -> str:
    return f"hudud.crossing.{country}.>"


def snapshot_request(country: str) -> str:
    """Request/reply subject on which a national node serves its posts' signed snapshot."""
    return f"hudud.snapshot.{country}"
