"""Capacity gaps: what a state or crossing point needs, minus what works there and what partners
have committed to deliver.

Per (state, crossing point, category): *needed* from the latest needs assessment, *available* from
working equipment, *pledged* from partner offers accepted but not yet delivered (delivered offers
are expected to appear as equipment). The gap is what remains uncovered, never below zero."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Key = tuple[str, str | None, str]  # country, crossing point code (None: national level), category


@dataclass(frozen=True)
class Item:
    country: str
    point: str | None
    category: str
    quantity: int


@dataclass
class Gap:
    country: str
    point: str | None
    category: str
    needed: int = 0
    available: int = 0
    pledged: int = 0

    @property
    def uncovered(self) -> int:
        return max(0, self.needed - self.available - self.pledged)

    @property
    def covered_percent(self) -> int:
        if not self.needed:
            return 100
        return min(100, round(100 * (self.available + self.pledged) / self.needed))


def gaps(needs: Iterable[Item], working: Iterable[Item], pledged: Iterable[Item]) -> list[Gap]:
    """Every place and category with a need, largest uncovered gap first."""
    table: dict[Key, Gap] = {}

    def at(item: Item) -> Gap:
        key = (item.country, item.point, item.category)
        return table.setdefault(key, Gap(item.country, item.point, item.category))

    for item in needs:
        at(item).needed += item.quantity
    for item in working:
        at(item).available += item.quantity
    for item in pledged:
        at(item).pledged += item.quantity
    rows = [g for g in table.values() if g.needed]
    return sorted(rows, key=lambda g: (-g.uncovered, g.country, g.point or "", g.category))
