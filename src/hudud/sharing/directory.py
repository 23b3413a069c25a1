"""The directory of nodes: who is a member, which country each node speaks for, and its public keys.

The hub (secretariat) signs the directory with its own key, which every node holds as its trust
anchor (``hub.pub``). A node key is valid from ``valid_from`` until ``retired_at``: during a rotation
the old and the new key are both listed, so messages already in flight still verify, and once the
old key is retired anything signed with it after that moment is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from hudud.sharing.envelope import (
    Envelope,
    Rejected,
    parse,
    parse_timestamp,
    public_from_b64,
    timestamp,
)

ROLES = ("hub", "national", "post")
NODE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")

# Which node roles may send which envelope types.
SENDERS: dict[str, frozenset[str]] = {
    "alert": frozenset({"national"}),
    "notice": frozenset({"national"}),
    "crossing": frozenset({"post"}),
    "snapshot": frozenset({"national"}),
    "directory": frozenset({"hub"}),
}


def check_node_id(node_id: str) -> str:
    if not NODE_ID.match(node_id):
        raise ValueError(
            f"node id {node_id!r} must be 2-32 lower-case letters, digits or dashes (it names NATS consumers)"
        )
    return node_id


@dataclass(frozen=True, slots=True)
class NodeKey:
    kid: str
    public: str  # base64 raw Ed25519
    valid_from: datetime
    retired_at: datetime | None = None

    def valid_at(self, at: datetime) -> bool:
        return self.valid_from <= at and (self.retired_at is None or at < self.retired_at)


@dataclass(frozen=True, slots=True)
class DirectoryNode:
    id: str
    country: str
    role: str  # hub, national, post
    keys: tuple[NodeKey, ...] = ()
    national: str | None = None  # for a post: the id of its national node

    def key(self, kid: str) -> NodeKey | None:
        return next((k for k in self.keys if k.kid == kid), None)


@dataclass(frozen=True, slots=True)
class Directory:
    version: int
    issued_at: datetime
    nodes: tuple[DirectoryNode, ...] = field(default_factory=tuple)

    def node(self, node_id: str) -> DirectoryNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def members(self) -> list[str]:
        """Countries with a national node, sorted."""
        return sorted({n.country for n in self.nodes if n.role == "national"})

    def with_node(self, node: DirectoryNode) -> Directory:
        others = tuple(n for n in self.nodes if n.id != node.id)
        return replace(self, nodes=tuple(sorted((*others, node), key=lambda n: n.id)))

    def authenticate(self, envelope: Envelope) -> DirectoryNode:
        """Check the sender is a listed node whose role may send this type and whose key signed it."""
        node = self.node(envelope.sender)
        if node is None:
            raise Rejected("unknown_sender", f"node {envelope.sender!r} is not in directory v{self.version}")
        key = node.key(envelope.kid)
        if key is None:
            raise Rejected("unknown_key", f"key {envelope.kid} is not a key of node {node.id}")
        if not key.valid_at(envelope.at):
            raise Rejected("retired_key", f"key {key.kid} of node {node.id} was not valid at {envelope.at}")
        envelope.verify(public_from_b64(key.public))
        if node.role not in SENDERS[envelope.type]:
            raise Rejected("not_allowed", f"a {node.role} node may not send {envelope.type} messages")
        return node

    def to_body(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "issued_at": timestamp(self.issued_at),
            "nodes": [
                {
                    "id": n.id,
                    "country": n.country,
                    "role": n.role,
                    "national": n.national,
                    "keys": [
                        {
                            "kid": k.kid,
                            "public": k.public,
                            "valid_from": timestamp(k.valid_from),
                            "retired_at": timestamp(k.retired_at) if k.retired_at else None,
                        }
                        for k in n.keys
                    ],
                }
                for n in self.nodes
            ],
        }


EMPTY = Directory(version=0, issued_at=datetime(1970, 1, 1).astimezone())


def directory_from_body(body: dict[str, Any]) -> Directory:
    """Rebuild a directory from its (already verified) body; malformed content is rejected."""
    try:
        nodes = []
        for n in body["nodes"]:
            if n["role"] not in ROLES:
                raise ValueError(f"unknown role {n['role']!r}")
            keys = tuple(
                NodeKey(
                    kid=str(k["kid"]),
                    public=str(k["public"]),
                    valid_from=parse_timestamp(k["valid_from"]),
                    retired_at=parse_timestamp(k["retired_at"]) if k.get("retired_at") else None,
                )
                for k in n["keys"]
            )
            nodes.append(
                DirectoryNode(
                    id=check_node_id(str(n["id"])),
                    country=str(n["country"]),
                    role=str(n["role"]),
                    keys=keys,
                    national=n.get("national"),
                )
            )
        return Directory(int(body["version"]), parse_timestamp(body["issued_at"]), tuple(nodes))
    except (KeyError, TypeError, ValueError) as exc:
        raise Rejected("malformed", f"directory content is invalid ({exc})") from None


def open_directory(raw: bytes, hub_key: Ed25519PublicKey) -> tuple[Envelope, Directory]:
    """Parse and verify a directory signed by the hub (the trust anchor)."""
    envelope = parse(raw)
    if envelope.type != "directory":
        raise Rejected("malformed", f"expected a directory, got a {envelope.type}")
    envelope.verify(hub_key)
    return envelope, directory_from_body(envelope.body)
