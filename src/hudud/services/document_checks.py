"""Document checks by signed-in users: authorised by role and audit-logged (what was checked, not who).

The pure checking lives in ``hudud.services.documents``; this wraps it for the web and API, where a
document presented at a crossing point is personal data being processed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from hudud.errors import N_, Forbidden, InvalidInput
from hudud.policy import Caller, Permission
from hudud.services import audit, documents

MAX_MRZ_TEXT = 20_000  # characters: a batch of a few hundred MRZs


def _require(caller: Caller, action: str) -> None:
    if not caller.can(Permission.DOCUMENTS_CHECK):
        raise Forbidden(N_("your role does not check travel documents")).then(audit.denial(caller, action))


def check_text(session: Session, caller: Caller, text: str) -> list[dict[str, Any]]:
    """Check every MRZ in ``text``; one audit record for the batch with counts only."""
    _require(caller, "document.check")
    if len(text) > MAX_MRZ_TEXT:
        raise InvalidInput(
            N_("at most %(limit)s characters of MRZ text at once"),
            values={"limit": MAX_MRZ_TEXT},
            field="text",
        )
    results = documents.check_mrz_text(text, extended=True)
    valid = sum(1 for r in results if r["valid"])
    audit.append(
        session, caller, "document.check", record_type="mrz", detail=f"items={len(results)} valid={valid}"
    )
    return results


def check_image(session: Session, caller: Caller, data: bytes) -> dict[str, Any]:
    """Find, read and check the MRZ on an uploaded photo or scan."""
    _require(caller, "document.read_image")
    if not data:
        raise InvalidInput(N_("the uploaded file is empty"), field="file")
    result = documents.read_mrz_image_bytes(data, extended=True)
    audit.append(
        session,
        caller,
        "document.read_image",
        record_type="mrz",
        detail=f"read={bool(result.get('lines'))} valid={result['valid']}",
    )
    return result
