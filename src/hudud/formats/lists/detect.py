"""Tell a list's format from its content, never its file name: operators rename downloads
("list.xml", "sdn (1).csv"), and a wrong guess would import nothing or garbage."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from hudud.errors import N_, InvalidInput
from hudud.formats.lists.common import ListFormat

_HEAD_BYTES = 16384
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")

# Header columns (lower-cased) that mark our documented CSV formats; see docs/lists.md.
LOST_DOCUMENT_COLUMNS = frozenset({"document_number", "issuing_state"})
PERSON_NAME_COLUMNS = frozenset({"name", "full_name"})


def _head(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(_HEAD_BYTES)
    except OSError as exc:
        raise InvalidInput(
            N_("cannot open %(path)s: %(reason)s"), values={"path": path, "reason": exc.strerror or exc}
        ) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(N_("%(file)s is UTF-16 text; save it as UTF-8"), values={"file": path.name})
    return raw.decode("utf-8", errors="replace")


def _xml_root(head: str) -> str | None:
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head, flags=re.DOTALL)
    match = _XML_ROOT.search(body)
    return match.group(1).split(":")[-1] if match else None


def detect_format(path: Path | str) -> ListFormat:
    """Return the list format of ``path`` by looking at its first bytes.

    ``un_xml`` (root CONSOLIDATED_LIST), ``eu_xml`` (EU FSD "whole" export, root WHOLE),
    ``ftm_jsonl`` (JSON objects with ``schema`` and ``properties``), ``ofac_csv`` (12-column rows
    starting with a numeric ent_num), ``lost_documents_csv`` / ``national_csv`` (our documented
    headers). Raises :class:`InvalidInput` saying what the file looks like otherwise."""
    path = Path(path)
    head = _head(path)
    stripped = head.lstrip()
    if not stripped:
        raise InvalidInput(N_("%(file)s is empty"), values={"file": path.name})
    if stripped.startswith("<"):
        root = _xml_root(stripped)
        if root == "CONSOLIDATED_LIST":
            return "un_xml"
        if root == "WHOLE":
            return "eu_xml"
        if root == "export":
            raise InvalidInput(
                N_(
                    "%(file)s is the newer EU FSD XML export; only the 'whole' (WHOLE root) export is supported"
                ),
                values={"file": path.name},
            )
        raise InvalidInput(
            N_("%(file)s is XML with root <%(root)s>, not a known sanctions list"),
            values={"file": path.name, "root": root},
        )
    if stripped.startswith("{"):
        first = stripped.splitlines()[0]
        try:
            record = json.loads(first)
        except json.JSONDecodeError:
            raise InvalidInput(
                N_("%(file)s starts with '{' but its first line is not one JSON object"),
                values={"file": path.name},
            ) from None
        if isinstance(record, dict) and "schema" in record and "properties" in record:
            return "ftm_jsonl"
        raise InvalidInput(
            N_("%(file)s is JSON but not FollowTheMoney entities (no schema/properties)"),
            values={"file": path.name},
        )
    lines = stripped.splitlines()
    if len(head) >= _HEAD_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut by the read limit
    rows = [row for row in csv.reader(io.StringIO("\n".join(lines[:5]))) if row]
    if not rows:
        raise InvalidInput(N_("%(file)s has no rows"), values={"file": path.name})
    first_row = rows[0]
    if first_row[0].strip().isdigit() and len(first_row) == 12:
        return "ofac_csv"
    columns = {cell.strip().lower() for cell in first_row}
    if columns >= LOST_DOCUMENT_COLUMNS:
        return "lost_documents_csv"
    if columns & PERSON_NAME_COLUMNS:
        return "national_csv"
    raise InvalidInput(
        N_(
            "cannot tell the list format of %(file)s: its first line %(line)s is neither an OFAC SDN row nor a header with 'name' (persons) or 'document_number,issuing_state' (lost documents)"
        ),
        values={"file": path.name, "line": repr(lines[0][:80])},
    )
