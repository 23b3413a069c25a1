"""What evidence files are accepted: by size, by extension, and by what the bytes really are.

An extension alone proves nothing (a renamed executable is still one), so each allowed type names
the leading bytes its files start with; a file whose content does not match its name is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hudud.errors import N_

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
    """The file is not accepted; the message says why and what would be.

    ``template`` is marked for the catalogs (``N_``) with its ``values`` apart, as for ``hudud.errors``."""

    def __init__(self, template: str, reason: str, **values: object) -> None:
        super().__init__(template % values)
        self.template, self.values = template, values
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
        if not extension:
            raise Refused(
                N_(
                    "attachment refused, nothing was saved: files without an extension are not accepted; allowed types: %(kinds)s"
                ),
                "forbidden_type",
                kinds=kinds,
            )
        raise Refused(
            N_(
                "attachment refused, nothing was saved: files %(shown)s are not accepted; allowed types: %(kinds)s"
            ),
            "forbidden_type",
            shown=f".{extension}",
            kinds=kinds,
        )
    if len(content) > max_bytes:
        raise Refused(
            N_(
                "attachment refused, nothing was saved: %(name)s is %(size)s bytes; the limit for an attachment is %(limit)s bytes"
            ),
            "too_large",
            name=name,
            size=len(content),
            limit=max_bytes,
        )
    if not content:
        raise Refused(N_("attachment refused, nothing was saved: %(name)s is empty"), "empty", name=name)
    media_type, magic = TYPES[extension]
    if magic and not any(content.startswith(m) for m in magic):
        raise Refused(
            N_(
                "attachment refused, nothing was saved: %(name)s is not really a .%(extension)s file (its content does not match)"
            ),
            "content_mismatch",
            name=name,
            extension=extension,
        )
    if not magic:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(
                N_("attachment refused, nothing was saved: %(name)s is not UTF-8 text"),
                "content_mismatch",
                name=name,
            ) from None
    return Accepted(name, extension, media_type, len(content))


def parse_allowed(text: str) -> frozenset[str]:
    """``"pdf, PNG,.jpg"`` -> {"pdf", "png", "jpg"}; unknown types are kept out."""
    return frozenset(p.strip().lower().lstrip(".") for p in text.split(",") if p.strip()) & frozenset(TYPES)
