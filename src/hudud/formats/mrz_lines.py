"""From OCR'd text boxes to MRZ lines: clean the text, fix lengths, pick the lines that make an MRZ.

OCR of OCR-B is good at letters and poor at counting long runs of fillers, so a line that comes back
a character or two short or long is mended in its longest filler run; the candidate set of 2 or 3
lines whose MRZ validates (or has the fewest failed checks) wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from hudud.documents import layouts as L
from hudud.documents.errors import InvalidMRZ
from hudud.documents.mrz import MRZ, parse_mrz

WIDTHS = (30, 36, 44)
# The recogniser knows several scripts: it sometimes gives a Greek or Cyrillic capital that looks
# exactly like the Latin one (Ρ for P was seen on generated OCR-B lines) or a kana that looks like <.
_HOMOGLYPHS = {
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # Greek capitals
    **dict(zip("АВЕКМНОРСТУХІЈЅ", "ABEKMHOPCTYXIJS", strict=True)),  # Cyrillic capitals
}
_OCR_MAP = str.maketrans(
    {"«": "<<", "‹": "<", "≤": "<", "(": "<", "[": "<", "{": "<", "く": "<", "“": "", "'": "", ".": ""}
    | _HOMOGLYPHS
)
_MRZ = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


@dataclass(frozen=True, slots=True)
class TextLine:
    """One OCR'd text box: its text and the vertical centre of its box (for ordering)."""

    text: str
    y: float
    x: float = 0.0
    height: float = 0.0
    alt: str = ""  # the same text with O/0 settled by glyph height (``mrz_glyphs``); "" if not measured


def clean(text: str) -> str:
    """OCR text -> MRZ characters (spaces dropped, look-alikes of ``<`` mapped, upper case)."""
    return "".join(ch for ch in text.upper().translate(_OCR_MAP) if ch in _MRZ)


def clean_pair(text: str, alt: str) -> tuple[str, str]:
    """``clean`` of ``text`` and of its glyph-height reading ``alt`` (same length), kept aligned."""
    if len(alt) != len(text):
        cleaned = clean(text)
        return cleaned, cleaned
    pieces = [(clean(a), clean(b)) for a, b in zip(text, alt, strict=True)]
    return "".join(a for a, _ in pieces), "".join(b if len(b) == len(a) else a for a, b in pieces)


def mrz_piece(text: str) -> bool:
    """A box whose text is nearly all MRZ characters (a line, or part of one split at its fillers)."""
    cleaned = clean(text)
    raw = "".join(text.split())
    return len(cleaned) >= 4 and len(cleaned) >= 0.9 * len(raw)


def looks_like_mrz(text: str) -> bool:
    """Long MRZ text with a filler or many digits (after pieces of one row were joined)."""
    cleaned = clean(text)
    return len(cleaned) >= 24 and ("<" in cleaned or sum(c.isdigit() for c in cleaned) >= 10)


def fit(text: str, width: int, *, name_line: bool = False) -> str:
    """``text`` made exactly ``width`` long by growing or shrinking its longest run of fillers.

    A name line is mended at its end instead: its fillers all trail the name.
    """
    diff = width - len(text)
    if diff == 0:
        return text
    if name_line:
        return text + "<" * diff if diff > 0 else (text.rstrip("<") + "<" * width)[:width]
    best_start, best_len, i = -1, 0, 0
    while i < len(text):
        if text[i] == "<":
            j = i
            while j < len(text) and text[j] == "<":
                j += 1
            if j - i >= best_len:
                best_start, best_len = i, j - i
            i = j
        else:
            i += 1
    if diff > 0:
        if best_start < 0:
            return text + "<" * diff
        return text[:best_start] + "<" * (best_len + diff) + text[best_start + best_len :]
    cut = -diff
    if best_start >= 0 and best_len > cut:
        return text[:best_start] + "<" * (best_len - cut) + text[best_start + best_len :]
    return text[:width]


def merge_rows(lines: list[TextLine]) -> list[TextLine]:
    """Join boxes on the same row (OCR sometimes splits a line at a long filler run), top to bottom."""
    rows: list[list[TextLine]] = []
    for line in sorted(lines, key=lambda t: t.y):
        if rows and abs(rows[-1][0].y - line.y) < max(rows[-1][0].height, line.height, 1.0) * 0.5:
            rows[-1].append(line)
        else:
            rows.append([line])
    merged = []
    for row in rows:
        row.sort(key=lambda t: t.x)
        merged.append(
            TextLine(
                "".join(t.text for t in row),
                row[0].y,
                row[0].x,
                row[0].height,
                "".join(t.alt or t.text for t in row),
            )
        )
    return merged


def check_failures(mrz: MRZ) -> int:
    """Failed check digits (code errors such as a specimen state do not count: the reading is right)."""
    return sum(1 for e in mrz.errors if e.line is not None and "check digit" in e.message)


def _score(mrz: MRZ) -> tuple[int, int, int]:
    return (-check_failures(mrz), -len(mrz.errors), -len(mrz.repaired))


def best_mrz(texts: list[TextLine], *, today: date | None = None) -> tuple[list[str], MRZ | None]:
    """The MRZ lines among ``texts`` that read best, and their parse; ([], None) when none do.

    Where a line's glyph heights settled an O/0 (``TextLine.alt``) in a field that may hold both
    (document number, optional data), that reading is taken unless it fails more check digits or
    needs more repair than the recogniser's own reading.
    """
    pairs = [(clean_pair(t.text, t.alt), t) for t in texts if mrz_piece(t.text)]
    rows = merge_rows([TextLine(text, t.y, t.x, t.height, alt) for (text, alt), t in pairs])
    candidates = [row for row in rows if looks_like_mrz(row.text)]
    best: tuple[tuple[int, int, int], list[str], MRZ] | None = None
    for count in (2, 3):
        for start in range(0, len(candidates) - count + 1):
            window = candidates[start : start + count]
            for width in WIDTHS:
                if (count == 3) != (width == 30):
                    continue
                if any(abs(len(row.text) - width) > 4 for row in window):
                    continue
                name_at = 2 if count == 3 else 0
                lines = [fit(row.text, width, name_line=i == name_at) for i, row in enumerate(window)]
                alts = [
                    fit(row.alt or row.text, width, name_line=i == name_at) for i, row in enumerate(window)
                ]
                try:
                    mrz = parse_mrz("\n".join(lines), today=today)
                except InvalidMRZ:
                    continue
                settled = _settle(lines, alts, mrz.format)
                if settled != lines:
                    alt_mrz = parse_mrz("\n".join(settled), today=today)
                    # taken unless it fails more check digits or needs more repair
                    if (check_failures(alt_mrz), len(alt_mrz.repaired)) <= (
                        check_failures(mrz),
                        len(mrz.repaired),
                    ):
                        lines, mrz = settled, alt_mrz
                score = _score(mrz)
                if best is None or score > best[0]:
                    best = (score, lines, mrz)
    if best is None:
        return [], None
    return best[1], best[2]


def _settle(lines: list[str], alts: list[str], fmt: str) -> list[str]:
    """``lines`` with the glyph-height readings taken in positions that may hold letters or digits."""
    positions = _mixed_positions(fmt)
    out = []
    for n, (line, alt) in enumerate(zip(lines, alts, strict=True)):
        if alt == line or len(alt) != len(line):
            out.append(line)
            continue
        out.append(
            "".join(
                a if a != c and (n, i) in positions else c
                for i, (c, a) in enumerate(zip(line, alt, strict=True))
            )
        )
    return out


@cache
def _mixed_positions(fmt: str) -> frozenset[tuple[int, int]]:
    """(line, index) of the positions of ``fmt`` that may hold both letters and digits."""
    layout = next((layout for layout in L.ALL_LAYOUTS if layout.format == fmt), None)
    if layout is None:
        return frozenset()
    kinds: dict[tuple[int, int], set[str]] = {}
    for f in layout.fields:
        for i in range(f.start, f.end):
            kinds.setdefault((f.line, i), set()).add(f.kind)
    return frozenset(pos for pos, k in kinds.items() if k == {L.ALNUM})
