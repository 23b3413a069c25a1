"""Tell the letter O from the digit 0 (and I/1, Z/2, S/5, G/6, B/8) on an MRZ line by glyph height.

The recogniser reads OCR-B's O as 0 almost every time, which a check digit can undo only when the
field has one and exactly one swap satisfies it. In OCR-B the two glyphs have the same width, but
the digits are taller: the top of a digit stands about 7 % of the digit height above the top of an
O (and 7-9 % above every other capital). So, on the straightened crop of one line:

1. the characters sit on a fixed pitch (OCR-B is monospaced), so their centres are a straight-line
   fit of the recogniser's character positions;
2. the top edge of each glyph is measured to a fraction of a pixel (where the ink reaches half its
   darkness, in a band 0.6 pitch wide around the centre);
3. every other character, corrected by its own known top (the table below), gives a point on the
   line where a digit's top would be; a straight-line fit absorbs any remaining tilt;
4. an O/0/Q whose top lies near that line is a digit, one about 7 % of the height below it is a
   letter (likewise for the other pairs, each against its own two heights); anything in between,
   or a line too faint or too short to measure, stays as read.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Top of each glyph below the top of "0", as a share of the height of "0" (Debian fonts-ocr-b,
# OCR-B 1.0; measured on a 400 px rendering). Digits 0.000-0.019, capitals 0.067-0.093.
TOP_OFFSET = {
    **dict.fromkeys("0289", 0.0),
    **dict.fromkeys("146", 0.003),
    **dict.fromkeys("357", 0.019),
    **dict.fromkeys("O", 0.067),
    **dict.fromkeys("CGQS", 0.073),
    **dict.fromkeys("HJKLMNUVWXY", 0.077),
    **dict.fromkeys("A", 0.083),
    **dict.fromkeys("BDEFIPRTZ", 0.093),
}
# the pairs OCR confuses (O/0, Q/0, I/1, Z/2, S/5, G/6, B/8): digit -> letter and letter -> digit
_TWIN = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"} | {
    "O": "0",
    "Q": "0",
    "I": "1",
    "Z": "2",
    "S": "5",
    "G": "6",
    "B": "8",
}
MARGIN = 0.25  # undecided within this share of the pair's height difference around its midpoint
MIN_CONTRAST = 30  # grey levels between paper and ink below which nothing is measured
MIN_REFERENCES = 8  # characters other than O/0/Q needed to place the digit-top line


def settle_by_height(crop: np.ndarray, text: str, xs: Sequence[float]) -> str:
    """``text`` with each character OCR confuses with a twin (O/0, Q/0, I/1, Z/2, S/5, G/6, B/8)
    written as the twin its glyph height shows, where the height settles it clearly (a 0 of letter
    height becomes O, not Q). ``xs`` are the recogniser's character centres (crop pixels), ``crop``
    the straightened line (RGB or grey)."""
    if len(text) != len(xs) or len(text) < MIN_REFERENCES + 1 or not any(c in _TWIN for c in text):
        return text
    offsets = _tops_below_digit_line(crop, text, xs)
    if offsets is None:
        return text
    out = list(text)
    for i, (char, offset) in enumerate(zip(text, offsets, strict=True)):
        if char not in _TWIN or offset is None:
            continue
        digit, letter = (char, _TWIN[char]) if char.isdigit() else (_TWIN[char], char)
        low, high = TOP_OFFSET[digit], TOP_OFFSET[letter]
        middle, margin = (low + high) / 2, MARGIN * (high - low)
        if offset < middle - margin:
            out[i] = digit
        elif offset > middle + margin:
            out[i] = letter
    return "".join(out)


def _tops_below_digit_line(crop: np.ndarray, text: str, xs: Sequence[float]) -> list[float | None] | None:
    """How far each glyph's top lies below the digit-top line, as a share of the digit height."""
    grey = crop.astype(np.float32) if crop.ndim == 2 else crop.astype(np.float32).mean(axis=2)
    paper, ink = np.percentile(grey, 90), np.percentile(grey, 3)
    if paper - ink < MIN_CONTRAST:
        return None
    dark = np.clip((paper - grey) / (paper - ink), 0.0, 1.0)
    index = np.arange(len(text), dtype=np.float64)
    centres = np.asarray(xs, dtype=np.float64)
    pitch, first = _robust_line(index, centres, floor=1.0)
    if pitch <= 2:
        return None
    top, bottom = _text_band(dark)
    edges = [_edges(dark[top:bottom], first + pitch * i, pitch) for i in range(len(text))]
    heights = [e[1] - e[0] for e, c in zip(edges, text, strict=True) if e is not None and c.isdigit()]
    if len(heights) < 3:
        return None
    height = float(np.median(heights))
    if height < 6:
        return None
    points = [
        (first + pitch * i, e[0] - TOP_OFFSET[c] * height)
        for i, (e, c) in enumerate(zip(edges, text, strict=True))
        if e is not None and c in TOP_OFFSET and c not in "O0Q"
    ]
    if len(points) < MIN_REFERENCES:
        return None
    px = np.array([p[0] for p in points])
    py = np.array([p[1] for p in points])
    slope, intercept = _robust_line(px, py, floor=0.3)
    return [
        None if e is None else float((e[0] - (slope * (first + pitch * i) + intercept)) / height)
        for i, e in enumerate(edges)
    ]


def _robust_line(x: np.ndarray, y: np.ndarray, *, floor: float) -> tuple[float, float]:
    """Least-squares line through (x, y), refitted without the points far off the first fit."""
    slope, intercept = np.polyfit(x, y, 1)
    residual = np.abs(y - (slope * x + intercept))
    keep = residual <= max(3 * float(np.median(residual)), floor)
    if keep.sum() >= 2:
        slope, intercept = np.polyfit(x[keep], y[keep], 1)
    return float(slope), float(intercept)


def _text_band(dark: np.ndarray) -> tuple[int, int]:
    """Rows of the line itself: grow from the middle row while rows hold ink (the crop's margins
    may catch the bottom of the line above or the top of the line below)."""
    profile = dark.mean(axis=1)
    floor = 0.08 * float(profile.max())
    top = bottom = len(profile) // 2
    while top > 0 and profile[top - 1] > floor:
        top -= 1
    while bottom < len(profile) - 1 and profile[bottom + 1] > floor:
        bottom += 1
    return max(top - 2, 0), min(bottom + 3, len(profile))


def _edges(dark: np.ndarray, centre: float, pitch: float) -> tuple[float, float] | None:
    """Top and bottom of the glyph at ``centre``, to a fraction of a pixel (half-darkness crossing)."""
    left, right = round(centre - 0.3 * pitch), round(centre + 0.3 * pitch) + 1
    band = dark[:, max(left, 0) : max(right, 0)]
    if band.shape[1] == 0:
        return None
    column = band.max(axis=1)
    rows = np.flatnonzero(column >= 0.5)
    if len(rows) == 0:
        return None
    first, last = int(rows[0]), int(rows[-1])
    top = float(first)
    if first > 0:
        top = first - 1 + (0.5 - column[first - 1]) / (column[first] - column[first - 1])
    bottom = float(last)
    if last + 1 < len(column):
        bottom = last + (column[last] - 0.5) / (column[last] - column[last + 1])
    return top, bottom
