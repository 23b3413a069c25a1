"""From OCR'd text boxes to MRZ lines: clean the text, fix lengths, pick the lines that make an MRZ.

OCR of OCR-B is good at letters and poor at counting long runs of fillers, so a line that comes back
a character or two short or long is mended in its longest filler run; the candidate set of 2 or 3
lines whose MRZ validates (or has the fewest failed checks) wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hudud.documents.errors import InvalidMRZ
from hudud.documents.mrz import MRZ, parse_mrz

WIDTHS = (30, 36, 44)
_OCR_MAP = str.maketrans(
    {"«": "<<", "‹": "<", "≤": "<", "(": "<", "[": "<", "{": "<", "“": "", "'": "", ".": ""}
)
_MRZ = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


@dataclass(frozen=True, slots=True)
class TextLine:
    """One OCR'd text box: its text and the vertical centre of its box (for ordering)."""

    text: str
    y: float
    x: float = 0.0
    height: float = 0.0


def clean(text: str) -> str:
    """OCR text -> MRZ characters (spaces dropped, look-alikes of ``<`` mapped, upper case)."""
    return "".join(ch for ch in text.upper().translate(_OCR_MAP) if ch in _MRZ)


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
        merged.append(TextLine("".join(t.text for t in row), row[0].y, row[0].x, row[0].height))
    return merged


def check_failures(mrz: MRZ) -> int:
    """Failed check digits (code errors such as a specimen state do not count: the reading is right)."""
    return sum(1 for e in mrz.errors if e.line is not None and "check digit" in e.message)


def _score(mrz: MRZ) -> tuple[int, int, int]:
    return (-check_failures(mrz), -len(mrz.errors), -len(mrz.repaired))


def best_mrz(texts: list[TextLine], *, today: date | None = None) -> tuple[list[str], MRZ | None]:
    """The MRZ lines among ``texts`` that read best, and their parse; ([], None) when none do."""
    rows = merge_rows([TextLine(clean(t.text), t.y, t.x, t.height) for t in texts if mrz_piece(t.text)])
    candidates = [row.text for row in rows if looks_like_mrz(row.text)]
    best: tuple[tuple[int, int, int], list[str], MRZ] | None = None
    for count in (2, 3):
        for start in range(0, len(candidates) - count + 1):
            window = candidates[start : start + count]
            for width in WIDTHS:
                if (count == 3) != (width == 30):
                    continue
                if any(abs(len(line) - width) > 4 for line in window):
                    continue
                name_at = 2 if count == 3 else 0
                lines = [fit(line, width, name_line=i == name_at) for i, line in enumerate(window)]
                try:
                    mrz = parse_mrz("\n".join(lines), today=today)
                except InvalidMRZ:
                    continue
                score = _score(mrz)
                if best is None or score > best[0]:
                    best = (score, lines, mrz)
    if best is None:
        return [], None
    return best[1], best[2]
