"""Evidence files of the Secretariat: checked, then kept under ``<var_dir>/secretariat/files``.

Files are stored by the SHA-256 of their content, so a file written by a transaction that then
rolls back is harmless (nothing points at it, and the same upload later reuses it), and a stored
file can be checked against its record."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import N_, InvalidInput, PayloadTooLarge
from hudud.policy import Caller
from hudud.secretariat import attachments
from hudud.settings import Settings
from hudud.store.secretariat_tables import Attachment


@dataclass(frozen=True)
class Upload:
    """A file as received: the name the person gave it and its bytes."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class FilePolicy:
    """Where evidence lives and what is accepted (from the node's settings)."""

    root: Path
    max_bytes: int
    allowed: frozenset[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> FilePolicy:
        return cls(
            root=settings.var_dir / "secretariat" / "files",
            max_bytes=settings.secretariat_max_attachment_bytes,
            allowed=attachments.parse_allowed(settings.secretariat_attachment_types),
        )

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256


def check_all(policy: FilePolicy, uploads: list[Upload]) -> list[attachments.Accepted]:
    """Check every upload before anything is stored; the first bad one refuses the whole request."""
    accepted = []
    for upload in uploads:
        try:
            accepted.append(
                attachments.check(
                    upload.filename, upload.content, max_bytes=policy.max_bytes, allowed=policy.allowed
                )
            )
        except (
            attachments.Refused
        ) as why:  # its message is whole: "attachment refused, nothing was saved: ..."
            if why.reason == "too_large":
                raise PayloadTooLarge(why.template, values=why.values, reason=why.reason) from None
            raise InvalidInput(why.template, values=why.values, reason=why.reason) from None
    return accepted


def _write(policy: FilePolicy, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    target = policy.path(digest)
    if target.exists():
        return digest
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    os.replace(temporary, target)
    return digest


def store(
    session: Session,
    caller: Caller,
    policy: FilePolicy,
    owner_type: str,
    owner_id: int,
    uploads: list[Upload],
    checked: list[attachments.Accepted],
) -> list[Attachment]:
    """Write checked uploads to disk and record them against ``owner_type``/``owner_id``."""
    rows = []
    for upload, accepted in zip(uploads, checked, strict=True):
        row = Attachment(
            owner_type=owner_type,
            owner_id=owner_id,
            filename=accepted.filename,
            media_type=accepted.media_type,
            size=accepted.size,
            sha256=_write(policy, upload.content),
            uploaded_by=caller.name,
            country=caller.country,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def attached(session: Session, owner_type: str, owner_ids: list[int]) -> dict[int, list[Attachment]]:
    """Attachments of many records at once, by record id."""
    found: dict[int, list[Attachment]] = {i: [] for i in owner_ids}
    if owner_ids:
        query = select(Attachment).where(
            Attachment.owner_type == owner_type, Attachment.owner_id.in_(owner_ids)
        )
        for row in session.scalars(query.order_by(Attachment.id)):
            found[row.owner_id].append(row)
    return found


def read(policy: FilePolicy, row: Attachment) -> bytes:
    """The stored bytes of an attachment (checked against its hash)."""
    content = policy.path(row.sha256).read_bytes()
    if hashlib.sha256(content).hexdigest() != row.sha256:
        raise InvalidInput(
            N_("the stored file of attachment %(attachment)s is damaged; restore it from backup"),
            values={"attachment": row.id},
        )
    return content
