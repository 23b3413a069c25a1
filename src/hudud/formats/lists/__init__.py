"""Readers of sanctions/watch lists and lost/stolen document lists (adapters).

``read_list(path)`` detects the format from the content and returns every entry, plus one
:class:`RecordError` per bad record (the rest of the file goes on). ``iter_list`` streams the same
items for callers that do not want the whole list in memory. Formats and columns: docs/lists.md."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from hudud.errors import N_, InvalidInput
from hudud.formats.lists.common import (
    LIST_FORMATS,
    ListFormat,
    ListItem,
    ListReadResult,
    ReadInfo,
    RecordError,
    Truncated,
)
from hudud.formats.lists.detect import detect_format
from hudud.formats.lists.fingerprint import entry_fingerprint
from hudud.screening.entries import ListEntry, LostDocument

__all__ = [
    "LIST_FORMATS",
    "ListFormat",
    "ListItem",
    "ListReadResult",
    "ReadInfo",
    "RecordError",
    "Truncated",
    "default_list_name",
    "detect_format",
    "entry_fingerprint",
    "iter_list",
    "read_list",
]

Reader = Callable[[Path, ReadInfo], Iterator[ListItem]]


def _reader(fmt: ListFormat) -> Reader:
    # Imported on use: a node that only reads UN XML never loads the other readers.
    if fmt == "un_xml":
        from hudud.formats.lists.un_xml import read_un

        return read_un
    if fmt == "ofac_csv":
        from hudud.formats.lists.ofac_csv import read_ofac

        return read_ofac
    if fmt == "eu_xml":
        from hudud.formats.lists.eu_xml import read_eu

        return read_eu
    if fmt == "ftm_jsonl":
        from hudud.formats.lists.ftm_jsonl import read_ftm

        return read_ftm
    if fmt == "national_csv":
        from hudud.formats.lists.national_csv import read_national_persons

        return read_national_persons
    if fmt == "lost_documents_csv":
        from hudud.formats.lists.national_csv import read_lost_documents

        return read_lost_documents
    raise InvalidInput(
        N_("unknown list format %(fmt)s; known: %(known)s"),
        values={"fmt": repr(fmt), "known": ", ".join(LIST_FORMATS)},
    )


_DEFAULT_NAMES: dict[str, str] = {"un_xml": "un", "ofac_csv": "ofac", "eu_xml": "eu", "ftm_jsonl": "ftm"}


def default_list_name(fmt: ListFormat, path: Path) -> str:
    """``un``, ``ofac``, ``eu``, ``ftm``; ``national:<file stem>`` for national CSV lists."""
    return _DEFAULT_NAMES.get(fmt) or f"national:{path.stem}"


def iter_list(
    path: Path | str,
    format: ListFormat | None = None,
    *,
    info: ReadInfo | None = None,
) -> Iterator[ListItem]:
    """Stream entries, lost documents and record errors of one list file, in file order.

    ``info`` (optional) receives the list name and, once known, the date the file says it was
    generated. Raises :class:`InvalidInput` only when the file cannot be read at all."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(N_("list file not found: %(path)s"), values={"path": path})
    fmt = format or detect_format(path)
    if info is None:
        info = ReadInfo(default_list_name(fmt, path))
    return _reader(fmt)(path, info)


def read_list(
    path: Path | str,
    format: ListFormat | None = None,
    *,
    list_name: str | None = None,
    encoding: str | None = None,
) -> ListReadResult:
    """Read a whole list file into a :class:`ListReadResult` (format detected from the content).

    ``encoding`` applies to the CSV formats only (default UTF-8, BOM tolerated; see docs/lists.md)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(N_("list file not found: %(path)s"), values={"path": path})
    fmt = format or detect_format(path)
    info = ReadInfo(list_name or default_list_name(fmt, path), encoding=encoding)
    result = ListReadResult(format=fmt, list_name=info.list_name)
    for item in _reader(fmt)(path, info):
        if isinstance(item, ListEntry):
            result.entries.append(item)
        elif isinstance(item, LostDocument):
            result.lost_documents.append(item)
        else:
            result.errors.append(item)
            if isinstance(item, Truncated):
                result.complete = False
    result.generated_on = info.generated_on
    return result
