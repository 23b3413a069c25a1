"""Use cases for travel documents: check MRZ text, read MRZs from images, make an MRZ.

The CLI and the web API call these; they return plain dicts ready for JSON in the contract shape
(``hudud mrz check``), so every entry point answers the same way. A bad item never stops a batch:
it becomes a result with ``valid: false`` and an error saying why.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from hudud.documents.errors import InvalidMRZ
from hudud.documents.findings import DEFAULT_EXPIRING_DAYS, LostStolenCheck, finding_dicts
from hudud.documents.generate import DocumentFields, make_mrz
from hudud.documents.mrz import MRZ, parse_mrz
from hudud.documents.transliteration import mrz_to_arabic
from hudud.errors import N_, HududError

log = logging.getLogger(__name__)
_BLANK_LINES = re.compile(r"\n[ \t\r]*\n")
_INTERNAL_CHECK = N_("this item could not be checked (internal error; reported)")
_INTERNAL_READ = N_("this image could not be read (internal error; reported)")
_NO_MRZ = N_("no MRZ found on the image")
RESULT_KEYS = (
    "valid",
    "format",
    "document_code",
    "issuing_state",
    "document_number",
    "primary_identifier",
    "secondary_identifier",
    "nationality",
    "birth_date",
    "sex",
    "expiry_date",
    "optional_data",
    "errors",
    "repaired",
    "findings",
)


def split_batch(text: str) -> list[str]:
    """MRZs separated by blank lines -> one text per MRZ (empty chunks dropped)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [chunk for chunk in _BLANK_LINES.split(text) if chunk.strip()]


def mrz_result(
    mrz: MRZ,
    *,
    today: date | None = None,
    expiring_within_days: int = DEFAULT_EXPIRING_DAYS,
    lost_stolen: LostStolenCheck | None = None,
    extended: bool = False,
) -> dict[str, Any]:
    """The contract dict for one parsed MRZ; ``extended`` adds what the web page shows besides."""
    optional = mrz.optional_data
    if mrz.optional_data_2:
        optional = f"{optional} {mrz.optional_data_2}".strip()
    birth, expiry, errors, repaired = mrz.birth_date, mrz.expiry_date, mrz.errors, mrz.repaired
    result: dict[str, Any] = {
        "valid": mrz.valid,
        "format": mrz.format,
        "document_code": mrz.document_code,
        "issuing_state": mrz.issuing_state,
        "document_number": mrz.document_number,
        "primary_identifier": mrz.primary_identifier,
        "secondary_identifier": mrz.secondary_identifier,
        "nationality": mrz.nationality,
        "birth_date": birth.isoformat() if birth else None,
        "sex": mrz.sex,
        "expiry_date": expiry.isoformat() if expiry else None,
        "optional_data": optional,
        "errors": [e.to_dict() for e in errors] if errors else [],
        "repaired": [r.to_dict() for r in repaired] if repaired else [],
        "findings": finding_dicts(
            mrz, today=today, expiring_within_days=expiring_within_days, lost_stolen=lost_stolen
        ),
    }
    if extended:  # each failed check as data too, for pages in other languages (hudud.web.mrz_text)
        result["errors"] = [{**e.to_dict(), "template": e.template, "values": dict(e.params)} for e in errors]
        result["lines"] = list(mrz.lines)
        result["error_positions"] = [
            {"field": e.field, "line": e.line, "column": e.column} for e in mrz.errors
        ]
        result["arabic_name"] = _arabic(mrz)
    return result


def _arabic(mrz: MRZ) -> dict[str, str] | None:
    """The Arabic form of the name when it decodes with the Doc 9303 Arabic table."""
    primary = mrz_to_arabic(mrz.primary_identifier.replace(" ", "<"))
    secondary = mrz_to_arabic(mrz.secondary_identifier.replace(" ", "<")) if mrz.secondary_identifier else ""
    if primary is None or secondary is None:
        return None
    return {"primary": primary, "secondary": secondary}


def error_result(
    field: str, template: str, values: Mapping[str, object] | None = None, *, extended: bool = False
) -> dict[str, Any]:
    """The contract dict for an item that could not be read at all: its message is ``template``
    (English, ``N_``-marked where it is ours) filled with ``values``; ``extended`` keeps both too."""
    error: dict[str, Any] = {"field": field, "message": template % values if values else template}
    if extended:
        error.update(template=template, values=dict(values or {}))
    result: dict[str, Any] = dict.fromkeys(RESULT_KEYS)
    result.update(valid=False, errors=[error], repaired=[], findings=[])
    return result


def check_mrz(
    text: str,
    *,
    repair: bool = True,
    today: date | None = None,
    expiring_within_days: int = DEFAULT_EXPIRING_DAYS,
    lost_stolen: LostStolenCheck | None = None,
    extended: bool = False,
) -> dict[str, Any]:
    """Check one MRZ text; never raises for bad input (``repair`` as in ``parse_mrz``, the rest as in
    ``mrz_result``)."""
    try:
        mrz = parse_mrz(text, today=today, repair=repair)
    except InvalidMRZ as exc:
        return error_result(exc.field, exc.template, exc.values, extended=extended)
    return mrz_result(
        mrz,
        today=today,
        expiring_within_days=expiring_within_days,
        lost_stolen=lost_stolen,
        extended=extended,
    )


def check_mrz_text(text: str, **options: Any) -> list[dict[str, Any]]:
    """Check every MRZ in ``text`` (separated by blank lines), in order."""
    return list(iter_check_mrz_text(text, **options))


def iter_check_mrz_text(text: str, **options: Any) -> Iterator[dict[str, Any]]:
    """Like ``check_mrz_text`` but one result at a time, for streaming output."""
    chunks = split_batch(text)
    extended = bool(options.get("extended"))
    if not chunks:
        yield error_result("mrz", N_("empty input: paste the 2 or 3 lines of the MRZ"), extended=extended)
        return
    started = time.perf_counter()
    valid = 0
    for chunk in chunks:
        try:
            result = check_mrz(chunk, **dict(options))
        except Exception:  # one bad item must not stop a batch at a crossing point
            log.exception("mrz.check.failed")
            result = error_result("mrz", _INTERNAL_CHECK, extended=extended)
        valid += bool(result["valid"])
        yield result
    log.info(
        "mrz.check.done items=%d valid=%d ms=%.1f", len(chunks), valid, (time.perf_counter() - started) * 1000
    )


def read_mrz_images(paths: Iterable[str | Path], **options: Any) -> list[dict[str, Any]]:
    """Read and check the MRZ on each image; a bad image gives an error result, never an exception."""
    from hudud.formats.mrz_image import read_mrz_image  # heavy (OCR models): load only when needed

    results = []
    extended = bool(options.get("extended"))
    for path in paths:
        try:
            reading = read_mrz_image(path)
        except HududError as exc:
            result = error_result("image", exc.template, exc.values, extended=extended)
            result["lines"] = []
        except Exception:
            log.exception("mrz.read.failed")
            result = error_result("image", _INTERNAL_READ, extended=extended)
            result["lines"] = []
        else:
            result = (
                check_mrz("\n".join(reading.lines), **dict(options))
                if reading.lines
                else error_result("image", reading.message or _NO_MRZ, extended=extended)
            )
            result["lines"] = list(reading.lines)
        results.append(result)
    return results


def read_mrz_image_bytes(data: bytes, **options: Any) -> dict[str, Any]:
    """Read and check the MRZ on an uploaded image (the web API's entry point)."""
    from hudud.formats.mrz_image import read_mrz_image

    extended = bool(options.get("extended"))
    try:
        reading = read_mrz_image(data)
    except HududError as exc:
        result = error_result("image", exc.template, exc.values, extended=extended)
        result["lines"] = []
        return result
    if not reading.lines:
        result = error_result("image", reading.message or _NO_MRZ, extended=extended)
    else:
        result = check_mrz("\n".join(reading.lines), **options)
    result["lines"] = list(reading.lines)
    return result


def make_mrz_text(**fields: Any) -> str:
    """A valid MRZ from fields (see ``DocumentFields``); raises ``InvalidMRZ`` for unusable values."""
    return make_mrz(DocumentFields(**fields))
