"""Charts of the conference report as inline SVG (no script, no external font).

Labels sit in their own column and the bars grow from a fixed edge; pages place the SVG in a
left-to-right box (an inherited right-to-left direction would flip the text anchors and push labels
over the bars), so the chart reads the same in every language. Labels come translated."""

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


def progress_svg(bars: Sequence[Bar], title: str) -> str:
    """Horizontal bars of mean progress (percent), one per row."""
    row, gap, label_width, room = 22, 8, 250, 300
    width = label_width + room + 170
    height = 20 + len(bars) * (row + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" direction="ltr">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = 10 + i * (row + gap)
        filled = round(room * max(0, min(100, bar.percent)) / 100)
        label = escape(shorten(bar.label))
        note = f" · {escape(bar.note)}" if bar.note else ""
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13">{label}</text>'
            f'<rect x="{label_width}" y="{y}" width="{room}" height="{row}" fill="#e6ebe8"/>'
            f'<rect x="{label_width}" y="{y}" width="{filled}" height="{row}" fill="#0b5d4b">'
            f"<title>{label}: {bar.percent}%</title></rect>"
            f'<text x="{label_width + room + 6}" y="{y + 16}" font-size="13">{bar.percent}%{note}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def status_svg(counts: dict[str, int], labels: dict[str, str], title: str) -> str:
    """One stacked bar of commitments by status, with a legend underneath."""
    total = sum(counts.values()) or 1
    width, bar = 560, 28
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{bar + 40}" '
        f'viewBox="0 0 {width} {bar + 40}" direction="ltr">',
        f"<title>{escape(title)}</title>",
    ]
    x = 0
    legend_x = 0
    for status, colour in COLOURS.items():
        count = counts.get(status, 0)
        span = round(width * count / total)
        label = escape(labels.get(status, status))
        if span:
            parts.append(
                f'<rect x="{x}" y="0" width="{span}" height="{bar}" fill="{colour}">'
                f"<title>{label}: {count}</title></rect>"
            )
        x += span
        parts.append(
            f'<rect x="{legend_x}" y="{bar + 12}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{bar + 23}" font-size="12">{label} ({count})</text>'
        )
        legend_x += 140
    parts.append("</svg>")
    return "".join(parts)
