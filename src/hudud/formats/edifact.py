"""UN/EDIFACT syntax (ISO 9735) for airline messages: bytes in, an ``Interchange`` of messages out.

Handles the service string advice (UNA) with any separators, release-character escapes, the
interchange (UNB/UNZ), optional functional groups (UNG/UNE) and messages (UNH/UNT) with their count and
reference checks. Airline files in the wild break the rules (wrong UNT counts, junk after UNZ, no UNB,
stray bytes), so envelope problems become ``ParseIssue``s naming the segment; only input that is not
EDIFACT at all (binary, empty, too large) raises.

pydifact reads the UNA string here; its tokenizer is not used because it walks the text one character
at a time (about 85 ms for 260 travellers, too slow for the 1 s parse+store+screen budget) and aborts
the whole file on one unterminated segment, where we must keep the good travellers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from pydifact.control.characters import Characters

from hudud.errors import N_, InvalidInput, PayloadTooLarge
from hudud.passengers.models import ParseIssue

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Character sets that ISO 9735 syntax identifiers name; UNOA/UNOB are 7-bit, so any 8-bit byte in them
# is an error. Airlines that send UTF-8 anyway (UNOW/UNOY or not) are read as UTF-8 first.
_SYNTAX_CHARSETS = {"UNOC": "iso8859-1", "UNOD": "iso8859-2", "UNOE": "iso8859-5", "UNOF": "iso8859-7"}
_MAX_QUOTE = 70
# Problems met reading the envelope: English, marked for the catalogs (pages word them, hudud.web.issue_text).
# "%(quote)s" is the segment as sent (``Segment.quote``); the other values are codes, references, counts.
_BAD_BYTE = {
    (True, False): N_(
        "byte %(byte)s at offset %(offset)s is not valid in the declared character set %(charset)s; "
        "undecodable bytes are shown as \ufffd"
    ),
    (True, True): N_(
        "byte %(byte)s at offset %(offset)s is not valid in the declared character set %(charset)s; "
        "undecodable bytes are shown as \ufffd (segment %(segment)s: %(quote)s)"
    ),
    (False, False): N_(
        "byte %(byte)s at offset %(offset)s is not valid in the UTF-8; undecodable bytes are shown as \ufffd"
    ),
    (False, True): N_(
        "byte %(byte)s at offset %(offset)s is not valid in the UTF-8; undecodable bytes are shown as \ufffd "
        "(segment %(segment)s: %(quote)s)"
    ),
}
_UNZ_COUNT = {
    "groups": N_("%(quote)s: UNZ says the interchange has %(declared)s groups but it has %(actual)s"),
    "messages": N_("%(quote)s: UNZ says the interchange has %(declared)s messages but it has %(actual)s"),
}


@dataclass(frozen=True, slots=True)
class Delimiters:
    """The six service characters (UNA or the ISO 9735 defaults)."""

    component: str = ":"
    data: str = "+"
    decimal: str = "."
    release: str = "?"
    repetition: str = " "
    terminator: str = "'"


class Segment(NamedTuple):
    """One segment: its tag, data elements split into components (escapes resolved), its 1-based
    position in the file and its raw text for error messages. A named tuple because a 500-traveller
    manifest has 5,000 of them and a frozen dataclass costs several times more to build."""

    tag: str
    elements: tuple[tuple[str, ...], ...]
    position: int
    raw: str

    def get(self, element: int, component: int = 0) -> str:
        """Component ``component`` of data element ``element`` (0 = first after the tag), or ''."""
        if element < len(self.elements):
            parts = self.elements[element]
            if component < len(parts):
                return parts[component].strip()
        return ""

    def quote(self) -> str:
        """The segment as sent, shortened, for messages a person reads."""
        text = self.raw if len(self.raw) <= _MAX_QUOTE else self.raw[: _MAX_QUOTE - 1] + "…"
        return text


@dataclass(frozen=True, slots=True)
class Message:
    """A UNH..UNT message. ``body`` excludes UNH and UNT."""

    header: Segment
    body: tuple[Segment, ...]
    trailer: Segment | None
    ref: str
    type: str
    version: str
    common_access_ref: str | None
    sequence: int | None  # S010 sequence of transfers: part 1, 2, 3 of a multi-part message
    final: bool | None  # S010 first/last: C = more parts follow, F = final part


@dataclass(frozen=True, slots=True)
class Interchange:
    """Everything in one file: envelope data, messages in order, and envelope-level issues."""

    delimiters: Delimiters
    messages: tuple[Message, ...]
    issues: tuple[ParseIssue, ...]
    syntax: str | None = None
    sender: str | None = None
    recipient: str | None = None
    prepared: datetime | None = None
    control_ref: str | None = None
    segment_count: int = 0
    extra: dict[str, str] = field(default_factory=dict)


def decode(data: bytes) -> tuple[str, dict[str, object] | None]:
    """Bytes to text. Returns the text and, when bytes had to be replaced, which: the first bad
    ``byte``, its ``offset`` and the declared ``charset`` (absent when read as UTF-8).

    Raises ``InvalidInput`` for UTF-16/UTF-32 and binary data: those are not EDIFACT and guessing
    would produce a believable but wrong passenger list."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 8 and data[1:8:2].count(0) >= 3):
        raise InvalidInput(
            N_("the file is UTF-16 (or another wide encoding); EDIFACT must be ASCII, Latin-1 or UTF-8")
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InvalidInput(
            N_("the file is binary, not EDIFACT text (NUL byte at offset %(nul)s)"), values={"nul": nul}
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        match = re.search(rb"UNB.(UNO[A-Z])", data[:400])
        syntax = match.group(1).decode() if match else None
        if syntax in _SYNTAX_CHARSETS:
            return data.decode(_SYNTAX_CHARSETS[syntax]), None
        bad: dict[str, object] = {"byte": f"0x{data[exc.start : exc.start + 1].hex()}", "offset": exc.start}
        if syntax:
            bad["charset"] = syntax
        return data.decode("utf-8", errors="replace"), bad


def _check_text(text: str) -> None:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 8:
        raise InvalidInput(N_("the file is binary, not EDIFACT text (control characters)"))
    start = text.lstrip()[:3]
    if start not in ("UNA", "UNB", "UNG", "UNH"):
        shown = text.lstrip()[:20].encode("unicode_escape").decode("ascii")
        raise InvalidInput(
            N_("not an EDIFACT interchange: it should start with UNA, UNB or UNH, not %(shown)s"),
            values={"shown": repr(shown)},
        )


def _delimiters(una: str) -> Delimiters:
    chars = Characters.from_str(una)
    found = Delimiters(
        component=chars.component_separator,
        data=chars.data_separator,
        decimal=chars.decimal_point,
        release=chars.escape_character,
        repetition=chars.reserved_character,
        terminator=chars.segment_terminator,
    )
    key = (found.component, found.data, found.terminator)
    if len(set(key)) < 3 or found.release in key or any(c.isalnum() or c in "\r\n" for c in key):
        raise InvalidInput(
            N_("UNA %(una)s reuses one character for two separators; cannot read the file"),
            values={"una": repr(una)},
        )
    return found


def _una_fits(delims: Delimiters, rest: str) -> bool:
    """Does the text after a UNA look like segments written with these separators?"""
    head = re.match(r"\s*[A-Z]{3}" + re.escape(delims.data), rest)
    end = rest.find(delims.terminator)
    nxt = (
        re.match(r"\s*[A-Z]{3} ?(?:" + re.escape(delims.data) + r"|\s*$)", rest[end + 1 : end + 40])
        if end >= 0
        else None
    )
    return bool(head) and (nxt is not None or end == len(rest.rstrip()) - 1)


def _read_una(text: str) -> tuple[Delimiters, int, ParseIssue | None]:
    """Delimiters from the UNA string, and where the UNA ends. A malformed UNA (five characters, a
    typographic quote as terminator) is common enough in airline files that we infer the separators
    from the next segments instead of failing, and say so."""
    una = text[:9]
    if len(una) == 9:
        try:
            declared = _delimiters(una)
        except InvalidInput:
            declared = None
        if declared is not None and _una_fits(declared, text[9:]):
            return declared, 9, None
    tag = re.search(r"UN[BGH]", text[3:40])
    if tag is None:
        raise InvalidInput(
            N_("the UNA service string advice %(una)s is malformed and no UNB/UNH follows it"),
            values={"una": repr(una)},
        )
    end = 3 + tag.start()
    service = text[3:end].strip("\r\n")
    rest = text[end:]
    data = rest[3:4]
    after = re.search(r"(\S)\s*UN[GH]" + re.escape(data), rest)
    if after is None:
        raise InvalidInput(
            N_("the UNA service string advice %(service)s is malformed; cannot infer the separators"),
            values={"service": repr(service)},
        )
    release = next((c for c in service if c in "?\\"), " ")
    component = service[0] if service and service[0] not in (data, after.group(1)) else ":"
    found = Delimiters(component=component, data=data, release=release, terminator=after.group(1))
    guessed = ParseIssue.of(
        1,
        N_(
            "UNA %(una)s is malformed (the segments do not use the separators it declares); read with "
            "component %(component)s, data %(data)s, release %(release)s, terminator %(terminator)s as used "
            "by the segments"
        ),
        una=repr(service),
        component=repr(found.component),
        data=repr(found.data),
        release=repr(found.release),
        terminator=repr(found.terminator),
    )
    return found, end, guessed


def _split(text: str, sep: str, release: str) -> list[str]:
    """Split on ``sep`` except where it is escaped (preceded by an odd run of release characters)."""
    parts = text.split(sep)
    if not release or release not in text:
        return parts
    out: list[str] = []
    pending: str | None = None
    for part in parts:
        piece = part if pending is None else pending + sep + part
        run = len(piece) - len(piece.rstrip(release))
        if run % 2 == 1:
            pending = piece
        else:
            out.append(piece)
            pending = None
    if pending is not None:
        out.append(pending)
    return out


def _unescape(text: str, release: str) -> str:
    if not release or release not in text:
        return text
    return re.sub(re.escape(release) + "(.)", r"\1", text, flags=re.S)


def tokenize(text: str) -> tuple[Delimiters, list[Segment], list[ParseIssue]]:
    """Split EDIFACT text into segments. The UNA string, when present, is segment 1."""
    issues: list[ParseIssue] = []
    body = text.lstrip("\ufeff \t\r\n")
    segments: list[Segment] = []
    delims = Delimiters()
    if body.startswith("UNA"):
        delims, end, guessed = _read_una(body)
        segments.append(Segment("UNA", ((body[3:end],),), 1, body[:end]))
        if guessed:
            issues.append(guessed)
        body = body[end:]
    release = "" if delims.release == " " else delims.release
    if "\n" not in (delims.data, delims.component, delims.terminator):
        # Line breaks are layout, never data, in airline EDIFACT (UNOA/UNOB forbid them).
        body = body.replace("\r", "").replace("\n", "")
    chunks = _split(body, delims.terminator, release)
    last = len(chunks) - 1
    data_sep, component = delims.data, delims.component
    for index, chunk in enumerate(chunks):
        raw = chunk.lstrip(" \t") if chunk[:1] in (" ", "\t") else chunk
        if not raw:
            continue
        position = len(segments) + 1
        if index == last:
            if release and (len(raw) - len(raw.rstrip(release))) % 2 == 1:
                issues.append(
                    ParseIssue.of(
                        position,
                        N_("dangling release character %(release)s at the end of the file: %(text)s"),
                        release=repr(release),
                        text=repr(raw[:_MAX_QUOTE]),
                    )
                )
                raw = raw[:-1]
            issues.append(
                ParseIssue.of(
                    position,
                    N_(
                        "%(text)s is not closed by the segment terminator %(terminator)s "
                        "(truncated file or trailing text)"
                    ),
                    text=repr(raw[:_MAX_QUOTE]),
                    terminator=repr(delims.terminator),
                )
            )
        if release and release in raw:
            elements = tuple(
                tuple([_unescape(c, release) for c in _split(element, component, release)])
                for element in _split(raw, data_sep, release)
            )
        else:  # the common case, kept lean: 500 travellers are about 5,000 segments
            elements = tuple([tuple(element.split(component)) for element in raw.split(data_sep)])
        tag = elements[0][0]
        if len(tag) != 3 or not tag.isupper():
            tag = tag.strip().upper()
        if not (len(tag) == 3 and tag.isascii() and tag.isalpha()):
            issues.append(
                ParseIssue.of(
                    position,
                    N_("%(text)s does not start with a segment tag; ignored"),
                    text=repr(raw[:_MAX_QUOTE]),
                )
            )
            continue
        segments.append(Segment(tag, elements[1:], position, raw))
    return delims, segments, issues


def read_interchange(data: bytes | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Interchange:
    """Read one EDIFACT file. Raises ``PayloadTooLarge`` above ``max_bytes`` and ``InvalidInput`` when
    the input is not EDIFACT; everything else becomes an issue on the returned interchange."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise PayloadTooLarge(
            N_("the file is %(size)s bytes; the limit for one message is %(max_bytes)s bytes"),
            values={"size": f"{size:,}", "max_bytes": f"{max_bytes:,}"},
        )
    if size == 0 or not data.strip():
        raise InvalidInput(N_("the file is empty"))
    undecodable = None
    text = data if isinstance(data, str) else None
    if text is None:
        assert isinstance(data, bytes)
        text, undecodable = decode(data)
    _check_text(text)
    delims, segments, issues = tokenize(text)
    if undecodable:
        bad = [s.position for s in segments if "\ufffd" in s.raw]
        where = {"segment": bad[0], "quote": _quote(segments, bad[0])} if bad else {}
        issues.append(
            ParseIssue.of(
                bad[0] if bad else 0, _BAD_BYTE["charset" in undecodable, bool(bad)], **undecodable, **where
            )
        )
    return _Envelope(delims, segments, issues).read()


def _quote(segments: list[Segment], position: int) -> str:
    return next((s.quote() for s in segments if s.position == position), "")


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class _Envelope:
    """Walks the segments once, cutting messages and checking UNB/UNG/UNH against their trailers."""

    def __init__(self, delims: Delimiters, segments: list[Segment], issues: list[ParseIssue]) -> None:
        self.delims = delims
        self.segments = segments
        self.issues = issues
        self.messages: list[Message] = []
        self.unb: Segment | None = None
        self.unz: Segment | None = None
        self.ung: Segment | None = None
        self.group_messages = 0
        self.groups = 0
        self.header: Segment | None = None
        self.body: list[Segment] = []

    def issue(self, segment: Segment, template: str, /, **params: object) -> None:
        """A problem with ``segment``: ``template`` starts with the segment as sent (``%(quote)s: ``)."""
        self.issues.append(ParseIssue.of(segment.position, template, quote=segment.quote(), **params))

    def read(self) -> Interchange:
        for segment in self._walk():
            self._dispatch(segment)
        last = self.segments[-1] if self.segments else None
        if self.header is not None:
            self.issue(
                self.header,
                N_("%(quote)s: message has no UNT trailer: the file looks truncated; its segments are kept"),
            )
            self._close(None)
        if self.ung is not None:
            self.issue(self.ung, N_("%(quote)s: functional group has no UNE trailer"))
        if self.unb is not None and self.unz is None and last is not None:
            self.issues.append(
                ParseIssue.of(
                    last.position,
                    N_("interchange %(ref)s has no UNZ trailer: the file looks truncated"),
                    ref=repr(self._ref(self.unb, 4)),
                )
            )
        if not self.messages:
            raise InvalidInput(N_("no EDIFACT message (UNH ... UNT) in the file"))
        unb = self.unb
        return Interchange(
            delimiters=self.delims,
            messages=tuple(self.messages),
            issues=tuple(sorted(self.issues, key=lambda i: i.segment)),
            syntax=unb.get(0) or None if unb else None,
            sender=unb.get(1) or None if unb else None,
            recipient=unb.get(2) or None if unb else None,
            prepared=_prepared(unb.get(3), unb.get(3, 1)) if unb else None,
            control_ref=unb.get(4) or None if unb else None,
            segment_count=len(self.segments),
        )

    def _walk(self) -> Iterator[Segment]:
        first_data = next((s for s in self.segments if s.tag != "UNA"), None)
        if first_data is not None and first_data.tag != "UNB":
            self.issue(
                first_data,
                N_("%(quote)s: no UNB interchange header before it; reading the messages without one"),
            )
        for segment in self.segments:
            if self.unz is not None and segment.tag != "UNA":
                self.issue(segment, N_("%(quote)s: text after the UNZ interchange trailer; ignored"))
                continue
            yield segment

    @staticmethod
    def _ref(segment: Segment, element: int) -> str:
        return segment.get(element).strip()

    def _dispatch(self, segment: Segment) -> None:
        tag = segment.tag
        if tag == "UNA":
            return
        if tag == "UNB":
            if self.unb is not None:
                self.issue(
                    segment,
                    N_(
                        "%(quote)s: a second UNB inside one interchange; its messages are read with the first"
                    ),
                )
            else:
                self.unb = segment
        elif tag == "UNG":
            if self.header is not None:
                self.issue(self.header, N_("%(quote)s: message has no UNT trailer before the next UNG"))
                self._close(None)
            self.ung, self.group_messages = segment, 0
            self.groups += 1
        elif tag == "UNE":
            self._trailer_une(segment)
        elif tag == "UNH":
            if self.header is not None:
                self.issue(
                    self.header,
                    N_("%(quote)s: message has no UNT trailer; the next message starts at segment %(next)s"),
                    next=segment.position,
                )
                self._close(None)
            self.header, self.body = segment, []
        elif tag == "UNT":
            self._trailer_unt(segment)
        elif tag == "UNZ":
            self._trailer_unz(segment)
        elif self.header is not None:
            self.body.append(segment)
        else:
            self.issue(segment, N_("%(quote)s: segment outside any message (UNH ... UNT); ignored"))

    def _trailer_unt(self, segment: Segment) -> None:
        if self.header is None:
            self.issue(segment, N_("%(quote)s: UNT without a UNH message header; ignored"))
            return
        declared, actual = _number(segment.get(0)), len(self.body) + 2
        if declared is None:
            self.issue(
                segment,
                N_("%(quote)s: UNT segment count %(count)s is not a number"),
                count=repr(segment.get(0)),
            )
        elif declared != actual:
            self.issue(
                segment,
                N_(
                    "%(quote)s: UNT says the message has %(declared)s segments but it has %(actual)s (UNH to UNT)"
                ),
                declared=declared,
                actual=actual,
            )
        ref, expected = segment.get(1), self.header.get(0)
        if not ref:
            self.issue(
                segment,
                N_("%(quote)s: UNT has no message reference (UNH says %(expected)s)"),
                expected=repr(expected),
            )
        elif ref != expected:
            self.issue(
                segment,
                N_("%(quote)s: UNT reference %(ref)s does not match UNH reference %(expected)s"),
                ref=repr(ref),
                expected=repr(expected),
            )
        self._close(segment)

    def _trailer_une(self, segment: Segment) -> None:
        if self.ung is None:
            self.issue(segment, N_("%(quote)s: UNE without a UNG group header; ignored"))
            return
        declared = _number(segment.get(0))
        if declared != self.group_messages:
            self.issue(
                segment,
                N_("%(quote)s: UNE says the group has %(declared)s messages but it has %(actual)s"),
                declared=repr(segment.get(0)),
                actual=self.group_messages,
            )
        if segment.get(1) != self.ung.get(4):
            self.issue(
                segment,
                N_("%(quote)s: UNE reference %(ref)s does not match UNG reference %(expected)s"),
                ref=repr(segment.get(1)),
                expected=repr(self.ung.get(4)),
            )
        self.ung = None

    def _trailer_unz(self, segment: Segment) -> None:
        if self.header is not None:
            self.issue(self.header, N_("%(quote)s: message has no UNT trailer before UNZ"))
            self._close(None)
        self.unz = segment
        counted = self.groups if self.groups else len(self.messages)
        what = "groups" if self.groups else "messages"
        declared = _number(segment.get(0))
        if declared != counted:
            self.issue(segment, _UNZ_COUNT[what], declared=repr(segment.get(0)), actual=counted)
        if self.unb is None:
            self.issue(segment, N_("%(quote)s: UNZ without a UNB interchange header"))
        elif segment.get(1) != self.unb.get(4):
            self.issue(
                segment,
                N_("%(quote)s: UNZ reference %(ref)s does not match UNB reference %(expected)s"),
                ref=repr(segment.get(1)),
                expected=repr(self.unb.get(4)),
            )

    def _close(self, trailer: Segment | None) -> None:
        header = self.header
        assert header is not None
        status = header.get(3)
        flag = header.get(3, 1).upper()
        self.messages.append(
            Message(
                header=header,
                body=tuple(self.body),
                trailer=trailer,
                ref=header.get(0),
                type=header.get(1).upper(),
                version=":".join(p.strip() for p in header.elements[1][1:3])
                if len(header.elements) > 1
                else "",
                common_access_ref=header.get(2) or None,
                sequence=_number(status),
                final=True if flag == "F" else False if flag == "C" else None,
            )
        )
        self.group_messages += 1
        self.header, self.body = None, []


def _prepared(day: str, time: str) -> datetime | None:
    try:
        return datetime.strptime(day.strip() + time.strip(), "%y%m%d%H%M")
    except ValueError:
        return None
