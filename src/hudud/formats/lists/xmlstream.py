"""Stream the records of a large XML list one element at a time, with the line each record starts on.

Why expat directly rather than ``ElementTree.iterparse``: iterparse cannot say on which line an
element starts, and an officer fixing a list needs the line. Only the elements inside a record are
built, and each record is handed over and forgotten, so memory stays flat on big lists."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from hudud.errors import N_, InvalidInput
from hudud.formats.lists.common import RecordError, Truncated, encoding_hint

_CHUNK = 1 << 16


@dataclass(slots=True)
class XmlRecord:
    """One record element and the line its start tag is on."""

    line: int
    element: ET.Element


@dataclass(slots=True)
class XmlRoot:
    """The document element's tag and attributes (UN ``dateGenerated``, EU ``Date``)."""

    tag: str = ""
    attrs: dict[str, str] = field(default_factory=dict)


class _Collector:
    def __init__(self, parser: expat.XMLParserType, record_tags: frozenset[str], root: XmlRoot) -> None:
        self.parser = parser
        self.record_tags = record_tags
        self.root = root
        self.builder: ET.TreeBuilder | None = None
        self.depth = 0
        self.start_line = 0
        self.ready: deque[XmlRecord] = deque()

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if not self.root.tag:
            self.root.tag, self.root.attrs = tag, dict(attrs)
        if self.builder is None:
            if tag not in self.record_tags:
                return
            self.builder = ET.TreeBuilder()
            self.start_line = self.parser.CurrentLineNumber
        self.depth += 1
        self.builder.start(tag, attrs)

    def end(self, tag: str) -> None:
        if self.builder is None:
            return
        self.builder.end(tag)
        self.depth -= 1
        if self.depth == 0:
            self.ready.append(XmlRecord(self.start_line, self.builder.close()))
            self.builder = None

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)


def iter_records(
    path: Path, record_tags: frozenset[str], root: XmlRoot | None = None
) -> Iterator[XmlRecord | RecordError]:
    """Yield each element whose tag is in ``record_tags`` (outermost only), in document order.

    A malformed document yields the records complete before the break, then one :class:`Truncated`
    error naming the line and what expat found; nothing after the break can be trusted. A file with
    no readable XML at all raises :class:`InvalidInput`."""
    root = root if root is not None else XmlRoot()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    collector = _Collector(parser, record_tags, root)
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.data
    seen = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidInput(
            N_("cannot open %(path)s: %(reason)s"), values={"path": path, "reason": exc.strerror or exc}
        ) from None
    with handle:
        while True:
            chunk = handle.read(_CHUNK)
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as exc:
                seen += len(collector.ready)
                while collector.ready:
                    yield collector.ready.popleft()
                problem = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
                problem += _line_encoding_note(path, exc.lineno)
                if seen == 0 and not root.tag:
                    raise InvalidInput(
                        N_("%(file)s is not readable XML: %(problem)s at line %(lineno)s, column %(offset)s"),
                        values={
                            "file": path.name,
                            "problem": problem,
                            "lineno": exc.lineno,
                            "offset": exc.offset,
                        },
                        line=exc.lineno,
                    ) from None
                yield Truncated(
                    exc.lineno,
                    None,
                    f"XML broken at line {exc.lineno}, column {exc.offset} ({problem}); "
                    f"{seen} records before it were read, nothing after it",
                )
                return
            seen += len(collector.ready)
            while collector.ready:
                yield collector.ready.popleft()
            if not chunk:
                return


def _line_encoding_note(path: Path, line: int) -> str:
    """When the broken line is not UTF-8, say so: the usual cause is an undeclared Windows-1256 file."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == line:
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    return (
                        f"; the line contains {encoding_hint(raw)}: declare the encoding in the XML "
                        "header or save the file as UTF-8"
                    )
                return ""
    return ""


def text_of(element: ET.Element, path: str) -> str | None:
    """Text of a child element (``findtext``), None when absent or blank."""
    value = element.findtext(path)
    if value is None:
        return None
    value = value.strip()
    return value or None
