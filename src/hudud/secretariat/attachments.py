"""What evidence files are accepted: by size, by extension, and by what the bytes really are.

An extension alone proves nothing (a renamed executable is still one), so each allowed type names
the leading bytes its files start with; a file whose content does not match its name is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

# extension -> (media type, accepted leading bytes; empty means text, checked as UTF-8)
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "txt": ("text/plain; charset=utf-8", ()),
    "csv": ("text/csv; charset=utf-8", ()),
}


class Refused(ValueError):
    """The file is not accepted; the message says why and what would be."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # too_large, forbidden_type, content_mismatch, empty


@dataclass(frozen=True)
class Accepted:
    filename: str  # cleaned: no folders, no control characters
    extension: str
    media_type: str
    size: int


def clean_filename(name: str) -> str:
    """The last path part, without control characters, at most 120 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[-120:] or "attachment"


def check(filename: str, content: bytes, *, max_bytes: int, allowed: frozenset[str]) -> Accepted:
    """Accept ``content`` named ``filename`` or raise Refused with a message a person can act on."""
    name = clean_filename(filename)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kinds = ", ".join(sorted(allowed))
    if extension not in allowed or extension not in TYPES:
        shown = f".{extension}" if extension else "without an extension"
        raise Refused(f"files {shown} are not accepted; allowed types: {kinds}", "forbidden_type")
    if len(content) > max_bytes:
        raise Refused(
            f"{name} is {len(content)} bytes; the limit for an attachment is {max_bytes} bytes", "too_large"
        )
    if not content:
        raise Refused(f"{name} is empty", "empty")
    media_type, magic = TYPES[extension]
    if magic and not any(content.startswith(m) for m in magic):
        raise Refused(
            f"{name} is not really a .{extension} file (its content does not match)", "content_mismatch"
        )
    if not magic:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"{name} is not UTF-8 text", "content_mismatch") from None
    return Accepted(name, extension, media_type, len(content))


def parse_allowed(text: str) -> frozenset[str]:
    """``"pdf, PNG,.jpg"`` -> {"pdf", "png", "jpg"}; unknown types are kept out."""
    return frozenset(p.strip().lower().lstrip(".") for p in text.split(",") if p.strip()) & frozenset(TYPES)
