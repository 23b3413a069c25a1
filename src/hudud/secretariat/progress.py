"""Progress rolled up per state (owner), working group and source text, for the conference report.

A commitment counts once in each roll-up it belongs to. The average progress is the mean of the
latest reported percentages (a commitment never reported counts as 0, so silence does not flatter
a state); cancelled commitments are listed but left out of averages and counts of what is due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from hudud.secretariat.schedule import Due, is_overdue

DIMENSIONS = ("owner", "group", "source")


@dataclass(frozen=True)
class Fact:
    """One commitment as the roll-ups need it."""

    id: int
    code: str
    owner: str
    group: str | None
    source: str
    status: str
    percent: int
    due: Due


@dataclass
class Rollup:
    key: str
    total: int = 0
    completed: int = 0
    in_progress: int = 0
    not_started: int = 0
    delayed: int = 0
    overdue: int = 0
    percent_sum: int = 0
    counted: int = 0  # commitments in the average (not cancelled)

    @property
    def mean_percent(self) -> int:
        return round(self.percent_sum / self.counted) if self.counted else 0

    def add(self, fact: Fact, today: date) -> None:
        self.total += 1
        if fact.status == "cancelled":
            return
        self.counted += 1
        self.percent_sum += 100 if fact.status == "completed" else fact.percent
        if fact.status == "completed":
            self.completed += 1
        elif fact.status == "in_progress":
            self.in_progress += 1
        elif fact.status == "delayed":
            self.delayed += 1
        else:
            self.not_started += 1
        self.overdue += is_overdue(fact.due, fact.status, today)


@dataclass
class Rollups:
    by: dict[str, list[Rollup]] = field(default_factory=dict)
    total: Rollup = field(default_factory=lambda: Rollup("total"))


def build(facts: Iterable[Fact], today: date) -> Rollups:
    """Roll-ups by owner, working group and source (sorted by key), and the overall total."""
    result = Rollups()
    tables: dict[str, dict[str, Rollup]] = {d: {} for d in DIMENSIONS}
    for fact in facts:
        result.total.add(fact, today)
        for dimension in DIMENSIONS:
            key = getattr(fact, dimension)
            if key is None:
                continue
            tables[dimension].setdefault(str(key), Rollup(str(key))).add(fact, today)
    result.by = {d: [rows[k] for k in sorted(rows)] for d, rows in tables.items()}
    return result
