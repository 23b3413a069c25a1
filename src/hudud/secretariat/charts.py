"""Charts of the conference report as inline SVG (no script, no external font).

Labels sit in their own column and the bars grow from a fixed edge: the left in left-to-right
languages, the right in right-to-left ones (``rtl=True`` mirrors every position and sets the SVG's
own ``direction``, so the text anchors mean the same whatever the page around it inherits).
Numbers are isolated left-to-right runs, like ``<bdi>`` in HTML. Labels come translated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

COLOURS = {"completed": "#1f6b2d", "in_progress": "#1f6f9c", "delayed": "#b7791f", "not_started": "#a0aba7"}


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int  # 0-100
    note: str = ""  # e.g. "2 overdue", shown after the value


def shorten(label: str, limit: int = 34) -> str:
    """Long names (working groups, organisations) are cut with an ellipsis to fit the label column."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _number(text: str) -> str:
    """A number or code kept whole in any direction (SVG has no ``<bdi>``: an isolated LTR run)."""
    return f'<tspan direction="ltr" unicode-bidi="isolate">{escape(text)}</tspan>'


class _Plane:
    """x positions of a chart drawn left to right, mirrored when the chart reads right to left."""

    def __init__(self, width: int, rtl: bool) -> None:
        self.width, self.rtl = width, rtl

    def box(self, x: int, width: int) -> int:
        """Left edge of a box that starts ``x`` from the chart's starting edge."""
        return self.width - x - width if self.rtl else x

    def at(self, x: int) -> int:
        """Anchor of a text ``x`` from the starting edge (its anchor is read in the chart's direction)."""
        return self.width - x if self.rtl else x

    def lead(self) -> str:
        """Put before a text that starts with a number: Chromium anchors a text by the direction of its
        first character, and an isolated LTR number first would anchor it left to right (RLM)."""
        return "&#x200F;" if self.rtl else ""

    def opening(self, width: int, height: int) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" direction="{"rtl" if self.rtl else "ltr"}">'
        )


def progress_svg(bars: Sequence[Bar], title: str, rtl: bool = False) -> str:
    """Horizontal bars of mean progress (percent), one per row; ``rtl``: growing from the right."""
    row, gap, label_width, room = 22, 8, 250, 300
    width = label_width + room + 170
    height = 20 + len(bars) * (row + gap)
    plane = _Plane(width, rtl)
    parts = [plane.opening(width, height), f"<title>{escape(title)}</title>"]
    for i, bar in enumerate(bars):
        y = 10 + i * (row + gap)
        filled = round(room * max(0, min(100, bar.percent)) / 100)
        label = escape(shorten(bar.label))
        note = f" · {escape(bar.note)}" if bar.note else ""
        parts.append(
            f'<text data-part="label" x="{plane.at(label_width - 8)}" y="{y + 16}" text-anchor="end" '
            f'font-size="13">{label}</text>'
            f'<rect data-part="track" x="{plane.box(label_width, room)}" y="{y}" width="{room}" height="{row}" '
            f'fill="#e6ebe8"/>'
            f'<rect data-part="filled" x="{plane.box(label_width, filled)}" y="{y}" width="{filled}" '
            f'height="{row}" fill="#0b5d4b"><title>{label}: {bar.percent}%</title></rect>'
            f'<text data-part="value" x="{plane.at(label_width + room + 6)}" y="{y + 16}" font-size="13">'
            f"{plane.lead()}{_number(f'{bar.percent}%')}{note}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def status_svg(counts: dict[str, int], labels: dict[str, str], title: str, rtl: bool = False) -> str:
    """One stacked bar of commitments by status, with a legend underneath; ``rtl``: from the right."""
    total = sum(counts.values()) or 1
    width, bar = 560, 28
    plane = _Plane(width, rtl)
    parts = [plane.opening(width, bar + 40), f"<title>{escape(title)}</title>"]
    x = 0
    legend_x = 0
    for status, colour in COLOURS.items():
        count = counts.get(status, 0)
        span = round(width * count / total)
        label = escape(labels.get(status, status))
        if span:
            parts.append(
                f'<rect data-part="segment" x="{plane.box(x, span)}" y="0" width="{span}" height="{bar}" '
                f'fill="{colour}"><title>{label}: {count}</title></rect>'
            )
        x += span
        parts.append(
            f'<rect data-part="swatch" x="{plane.box(legend_x, 12)}" y="{bar + 12}" width="12" height="12" '
            f'fill="{colour}"/>'
            f'<text x="{plane.at(legend_x + 16)}" y="{bar + 23}" font-size="12">{label} '
            f"({_number(str(count))})</text>"
        )
        legend_x += 140
    parts.append("</svg>")
    return "".join(parts)
