"""Training statistics: officers trained per state, agency, course and year, pass rates, a bar chart.

Counted per approved participant of a session: *trained* when present at least one day, *assessed*
when they sat the assessment, *passed* when a sitting reached the pass mark, *certified* when a
certificate was issued. The pass rate is passed / assessed (a participant who never sat the
assessment neither lowers nor raises it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

DIMENSIONS = ("country", "agency", "course", "year")


@dataclass(frozen=True)
class Participation:
    """One approved participant of one session, as the report needs it."""

    country: str
    agency: str
    course: str
    year: int
    attended: bool
    assessed: bool
    passed: bool
    certified: bool


@dataclass
class Tally:
    key: str
    trained: int = 0
    assessed: int = 0
    passed: int = 0
    certified: int = 0

    @property
    def pass_rate(self) -> int | None:
        """Percent, or None when nobody was assessed."""
        return round(100 * self.passed / self.assessed) if self.assessed else None


@dataclass
class Report:
    by: dict[str, list[Tally]] = field(default_factory=dict)
    total: Tally = field(default_factory=lambda: Tally("total"))


def _add(tally: Tally, row: Participation) -> None:
    tally.trained += row.attended
    tally.assessed += row.assessed
    tally.passed += row.passed
    tally.certified += row.certified


def build(rows: Iterable[Participation]) -> Report:
    """Tallies by each dimension, sorted by key, and the total."""
    report = Report()
    tables: dict[str, dict[str, Tally]] = {d: {} for d in DIMENSIONS}
    for row in rows:
        _add(report.total, row)
        for dimension in DIMENSIONS:
            key = str(getattr(row, dimension))
            _add(tables[dimension].setdefault(key, Tally(key)), row)
    report.by = {d: [t[k] for k in sorted(t)] for d, t in tables.items()}
    return report


def table_rows(report: Report, dimension: str) -> list[list[object]]:
    """Rows for CSV/XLSX export: key, trained, assessed, passed, pass rate, certified."""
    return [
        [t.key, t.trained, t.assessed, t.passed, "" if t.pass_rate is None else t.pass_rate, t.certified]
        for t in report.by.get(dimension, [])
    ]


def bar_chart_svg(tallies: Sequence[Tally], title: str, labels: dict[str, str] | None = None) -> str:
    """A horizontal bar chart of officers trained, as inline SVG (no script, no external font).

    Labels sit in their own column, so the chart reads the same in a right-to-left page."""
    labels = labels or {}
    bar_height, gap, label_width, bar_room = 22, 8, 150, 360
    height = 30 + len(tallies) * (bar_height + gap)
    top = max((t.trained for t in tallies), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_width + bar_room + 60}" '
        f'height="{height}" viewBox="0 0 {label_width + bar_room + 60} {height}" direction="ltr">',
        f"<title>{escape(title)}</title>",
    ]
    for i, tally in enumerate(tallies):
        y = 20 + i * (bar_height + gap)
        width = round(bar_room * tally.trained / top)
        label = escape(labels.get(tally.key, tally.key))
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end" font-size="13">{label}</text>'
            f'<rect x="{label_width}" y="{y}" width="{width}" height="{bar_height}" fill="#1f6f5c">'
            f"<title>{label}: {tally.trained}</title></rect>"
            f'<text x="{label_width + width + 6}" y="{y + 16}" font-size="13">{tally.trained}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
