"""Due dates of commitments, absolute or relative to an event, and what is overdue.

The Rabat Declaration words its deadlines against events ("within two months of the Declaration's
adoption", "before the next ministerial conference, in Egypt in 2014"), and an event's date may not
be fixed yet. So a due date is computed, not typed in: it moves when the event's date is set, and
while only the event's year is known the end of that year stands in, marked approximate."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

DONE = frozenset({"completed", "cancelled"})
REMINDER_WINDOW_DAYS = 30  # remind owners this many days before a due date
REMIND_AGAIN_DAYS = 14  # and again at most this often while it stays due or overdue


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; the 31st becomes the month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class EventDate:
    """When an event happens, as far as it is known: a date, or only a year."""

    on: date | None = None
    year: int | None = None


@dataclass(frozen=True)
class DueRule:
    """How a commitment's deadline is worded.

    ``on`` for an absolute date; otherwise relative to an event: ``months``/``days`` after it, or
    before it when ``before`` (negative offsets are not used: "two months before" is before=True)."""

    on: date | None = None
    event_id: int | None = None
    months: int = 0
    days: int = 0
    before: bool = False


@dataclass(frozen=True)
class Due:
    """A resolved deadline: ``on`` is None when it cannot be known yet."""

    on: date | None
    approximate: bool = False


NO_DUE = Due(None)


def resolve(rule: DueRule, events: dict[int, EventDate]) -> Due:
    """The deadline of ``rule`` given the known event dates."""
    if rule.on is not None:
        return Due(rule.on)
    if rule.event_id is None:
        return NO_DUE
    event = events.get(rule.event_id)
    if event is None:
        return NO_DUE
    if event.on is not None:
        sign = -1 if rule.before else 1
        moved = add_months(event.on, sign * rule.months)
        return Due(date.fromordinal(moved.toordinal() + sign * rule.days))
    if event.year is not None and rule.before:
        # Before an event of a known year only: its last day is the latest the work can be due.
        return Due(date(event.year, 12, 31), approximate=True)
    if event.year is not None:
        return Due(add_months(date(event.year, 12, 31), rule.months), approximate=True)
    return NO_DUE


def is_overdue(due: Due, status: str, today: date) -> bool:
    """Past its deadline and neither completed nor cancelled."""
    return due.on is not None and status not in DONE and due.on < today


def days_late(due: Due, today: date) -> int:
    return max(0, (today - due.on).days) if due.on else 0


def reminder_due(due: Due, status: str, reminded_on: date | None, today: date) -> bool:
    """An owner is reminded when the deadline is near or past, at most every REMIND_AGAIN_DAYS."""
    if due.on is None or status in DONE:
        return False
    if (due.on - today).days > REMINDER_WINDOW_DAYS:
        return False
    return reminded_on is None or (today - reminded_on).days >= REMIND_AGAIN_DAYS
