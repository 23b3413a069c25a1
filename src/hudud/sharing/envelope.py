"""Signed envelopes: the only shape in which anything travels between nodes.

An envelope names its sender node and the key id it signed with; the Ed25519 signature covers the
canonical JSON of every other field, so changing any byte of the body, the sender, the time or the
type breaks it. Whether the sender may send this (directory membership, key validity, scope, replay)
is decided by the receiver with ``hudud.sharing.directory``; this module only parses and signs."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hudud.errors import InvalidInput

FORMAT = 1
TYPES = ("alert", "notice", "crossing", "directory", "snapshot")
MAX_BYTES = 8 * 1024 * 1024


class Rejected(InvalidInput):
    """A message a node refuses, with a machine-readable ``reason`` for the audit log.

    Reasons: malformed, unknown_sender, unknown_key, retired_key, bad_signature, not_allowed,
    out_of_scope, replayed, stale, conflict."""

    code = "rejected"

    def __init__(self, reason: str, message: str, **details: Any) -> None:
        super().__init__(f"{reason}: {message}", reason=reason, **details)
        self.reason = reason


def key_id(public: Ed25519PublicKey) -> str:
    """Short, stable id of a public key: the first 16 hex digits of SHA-256 of its raw bytes."""
    return hashlib.sha256(public_bytes(public)).hexdigest()[:16]


def public_bytes(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_from_b64(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except ValueError as exc:
        raise InvalidInput(f"not an Ed25519 public key: {exc}") from None


def public_to_b64(public: Ed25519PublicKey) -> str:
    return base64.b64encode(public_bytes(public)).decode()


def canonical(data: dict[str, Any]) -> bytes:
    """The bytes a signature covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise Rejected("malformed", f"bad timestamp {text!r}") from None


@dataclass(frozen=True, slots=True)
class Envelope:
    """A parsed, not yet trusted, message: call ``verify`` with the sender's key before using ``body``."""

    id: str
    type: str
    sender: str
    kid: str
    at: datetime
    body: dict[str, Any]
    signature: bytes

    def signed_part(self) -> dict[str, Any]:
        return {
            "v": FORMAT,
            "id": self.id,
            "type": self.type,
            "from": self.sender,
            "kid": self.kid,
            "at": timestamp(self.at),
            "body": self.body,
        }

    def verify(self, public: Ed25519PublicKey) -> None:
        """Raise ``Rejected('bad_signature')`` unless the signature holds (forged or tampered)."""
        try:
            public.verify(self.signature, canonical(self.signed_part()))
        except InvalidSignature:
            raise Rejected(
                "bad_signature",
                f"signature of {self.type} {self.id} from {self.sender} does not verify "
                "(forged, or altered in transit)",
            ) from None

    def to_bytes(self) -> bytes:
        data = self.signed_part()
        data["sig"] = base64.b64encode(self.signature).decode()
        return canonical(data)


def seal(
    private: Ed25519PrivateKey,
    sender: str,
    type_: str,
    body: dict[str, Any],
    *,
    at: datetime,
    envelope_id: str | None = None,
) -> Envelope:
    """Sign ``body`` as node ``sender`` with ``private``."""
    if type_ not in TYPES:
        raise ValueError(f"unknown envelope type {type_!r}")
    unsigned = Envelope(
        id=envelope_id or str(uuid.uuid4()),
        type=type_,
        sender=sender,
        kid=key_id(private.public_key()),
        at=at.astimezone(UTC),
        body=body,
        signature=b"",
    )
    signature = private.sign(canonical(unsigned.signed_part()))
    return Envelope(unsigned.id, type_, sender, unsigned.kid, unsigned.at, body, signature)


def parse(raw: bytes) -> Envelope:
    """Parse wire bytes into an Envelope, or raise ``Rejected('malformed')`` saying what is wrong."""
    if len(raw) > MAX_BYTES:
        raise Rejected("malformed", f"message of {len(raw)} bytes exceeds {MAX_BYTES}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Rejected("malformed", f"not a JSON envelope ({exc})") from None
    if not isinstance(data, dict):
        raise Rejected("malformed", "envelope is not a JSON object")
    if data.get("v") != FORMAT:
        raise Rejected("malformed", f"unsupported envelope format {data.get('v')!r}")
    for name in ("id", "type", "from", "kid", "at", "sig"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise Rejected("malformed", f"envelope field {name!r} is missing or not text")
    if data["type"] not in TYPES:
        raise Rejected("malformed", f"unknown envelope type {data['type']!r}")
    if not isinstance(data.get("body"), dict):
        raise Rejected("malformed", "envelope body is missing or not an object")
    try:
        signature = base64.b64decode(data["sig"], validate=True)
    except ValueError:
        raise Rejected("malformed", "signature is not base64") from None
    return Envelope(
        id=data["id"],
        type=data["type"],
        sender=data["from"],
        kid=data["kid"],
        at=parse_timestamp(data["at"]),
        body=data["body"],
        signature=signature,
    )
