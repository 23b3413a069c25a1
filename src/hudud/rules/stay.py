"""Stay rules: how long a foreigner may stay, and whether they have overstayed.

Pure: movements (entries and exits on days) in, a ``StayStatus`` out. The rolling rule "``max_days`` in
any ``window_days``" counts the day of entry and the day of exit as days of stay, as the Schengen
Borders Code does; a visa's validity caps the stay further. An exit with no entry before it (the person
came in before records began, or through a green border) is kept and counted, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Direction = Literal["entry", "exit"]
ANY = "*"


@dataclass(frozen=True, slots=True)
class Movement:
    """One admitted crossing of the person: into or out of the state, on a day."""

    day: date
    direction: Direction


@dataclass(frozen=True, slots=True)
class Stay:
    """A period in the state. ``entered`` None: an exit without a recorded entry; ``left`` None: still in."""

    entered: date | None
    left: date | None


@dataclass(frozen=True, slots=True)
class StayRule:
    """The rule for a nationality and visa type (``*`` matches any); ``unlimited`` for nationals/residents."""

    nationality: str = ANY
    visa_type: str = ANY
    max_days: int = 90
    window_days: int = 180
    visa_required: bool = False
    unlimited: bool = False

    def __post_init__(self) -> None:
        if not self.unlimited and not 1 <= self.max_days <= self.window_days:
            raise ValueError(f"a stay of {self.max_days} days in {self.window_days} is not a usable rule")

    @property
    def specificity(self) -> int:
        """A rule naming the nationality beats one naming the visa type, which beats the catch-all."""
        return (2 if self.nationality != ANY else 0) + (1 if self.visa_type != ANY else 0)


DEFAULT_RULE = StayRule()


@dataclass(frozen=True, slots=True)
class StayStatus:
    """What the officer and the overstayer list need to know about one person on one day."""

    present: bool
    entered: date | None  # start of the current (or, at an entry desk, the would-be) stay
    days_used: int  # days of stay inside the window ending on the day asked about
    days_left: int | None  # further days allowed from that day on (0 overstaying; None: no limit or not in)
    allowed_until: date | None  # last day of lawful stay; None when unlimited
    overstay_days: int
    visa_missing: bool
    exits_without_entry: int

    @property
    def overstaying(self) -> bool:
        return self.overstay_days > 0


def rule_for(rules: Iterable[StayRule], nationality: str | None, visa_type: str | None) -> StayRule:
    """The most specific rule matching the nationality and visa type (the default 90/180 when none)."""
    best: StayRule | None = None
    for rule in rules:
        if rule.nationality not in (ANY, nationality) or rule.visa_type not in (ANY, visa_type):
            continue
        if best is None or rule.specificity > best.specificity:
            best = rule
    return best or DEFAULT_RULE


def stays(movements: Iterable[Movement]) -> list[Stay]:
    """Pair entries with the exits that follow them, in day order.

    Two entries in a row: the first stay is open-ended as far as records go; it is closed on the day of
    the second entry so that the days are not counted twice. Two exits in a row: the second is an exit
    without entry."""
    out: list[Stay] = []
    open_since: date | None = None
    order = {"entry": 0, "exit": 1}
    for move in sorted(movements, key=lambda m: (m.day, order[m.direction])):
        if move.direction == "entry":
            if open_since is not None:
                out.append(Stay(open_since, move.day))
            open_since = move.day
        elif open_since is None:
            out.append(Stay(None, move.day))
        else:
            out.append(Stay(open_since, move.day))
            open_since = None
    if open_since is not None:
        out.append(Stay(open_since, None))
    return out


def days_in_window(periods: Sequence[tuple[date, date]], end: date, window_days: int) -> int:
    """Days of ``periods`` (inclusive start/end pairs) inside the window of ``window_days`` ending on ``end``."""
    start = end - timedelta(days=window_days - 1)
    total = 0
    for first, last in periods:
        lo, hi = max(first, start), min(last, end)
        if hi >= lo:
            total += (hi - lo).days + 1
    return total


def latest_day(previous: Sequence[tuple[date, date]], since: date, rule: StayRule) -> date:
    """The last day a stay that began on ``since`` keeps within the rolling rule, given earlier stays."""
    day = since
    horizon = since + timedelta(days=rule.max_days + rule.window_days)
    last_good = since - timedelta(days=1)
    while day <= horizon:
        used = days_in_window([*previous, (since, day)], day, rule.window_days)
        if used > rule.max_days:
            break
        last_good = day
        day += timedelta(days=1)
    return last_good


def stay_status(
    movements: Iterable[Movement],
    rule: StayRule,
    today: date,
    *,
    visa_until: date | None = None,
    at_entry: bool = False,
) -> StayStatus:
    """The person's stay on ``today``.

    ``at_entry``: the person stands at an entry desk now, so the would-be stay starting today is
    assessed (how many days they may be admitted for) rather than a stay in progress."""
    periods = stays(movements)
    exits_without_entry = sum(1 for s in periods if s.entered is None)
    current = periods[-1] if periods and periods[-1].left is None and periods[-1].entered else None
    present = current is not None and not at_entry
    closed = [(s.entered, s.left) for s in periods if s.entered is not None and s.left is not None]
    visa_missing = rule.visa_required and visa_until is None
    if at_entry:
        since: date | None = today
    elif current is not None:
        since = current.entered
    else:
        since = None
    if rule.unlimited or since is None:
        used = 0 if rule.unlimited else days_in_window(closed, today, rule.window_days)
        return StayStatus(present, since, used, None, None, 0, False, exits_without_entry)
    previous = [p for p in closed if p[1] < since]
    used = days_in_window([*previous, (since, today)], today, rule.window_days)
    allowed = latest_day(previous, since, rule)
    if visa_until is not None and visa_until < allowed:
        allowed = visa_until
    overstay = 0 if at_entry else max(0, (today - allowed).days)  # at a desk: "no days left", not overstay
    left = (allowed - today).days + 1 if allowed >= today else 0
    return StayStatus(
        present, since, used, max(0, left), allowed, overstay, visa_missing, exits_without_entry
    )
