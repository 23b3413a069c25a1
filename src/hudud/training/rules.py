"""The centre's rules for seats, attendance, assessment and certificate validity.

Decided where the issue was silent (see docs/training.md): a nomination beyond a state's seats goes
on the waitlist rather than being refused, because the centre often adds seats; a certificate needs
the pass mark *and* the course's minimum attendance; a resit is allowed only after a failed sitting
and up to the course's number of attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PENDING = "pending"
APPROVED = "approved"
WAITLISTED = "waitlisted"
REJECTED = "rejected"
CANCELLED = "cancelled"
# Nominations that hold (or claim) one of the state's seats.
HOLDING = frozenset({PENDING, APPROVED})


def session_days(start: date, end: date) -> list[date]:
    """Every day of a session, weekends included (centres often train on Saturdays)."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def attendance_rate(present_days: int, total_days: int) -> int:
    """Percent of the session's days attended, rounded down (80% means at least 80%)."""
    return 0 if total_days <= 0 else (100 * present_days) // total_days


def status_for_new_nomination(holding: int, seats: int) -> str:
    """Pending while the state has a free seat; otherwise waitlisted."""
    return PENDING if holding < seats else WAITLISTED


@dataclass(frozen=True)
class Sitting:
    attempt: int
    score: int
    passed: bool


def next_attempt(sittings: Sequence[Sitting], max_attempts: int) -> int:
    """The attempt number of the next sitting; raises ``ValueError`` saying why none is allowed."""
    if any(s.passed for s in sittings):
        raise ValueError("already passed: no resit is needed")
    if len(sittings) >= max_attempts:
        raise ValueError(f"all {max_attempts} attempts are used")
    return len(sittings) + 1


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later (the last day of a shorter month when needed)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def certificate_problem(
    *, passed: bool, attendance_percent: int, min_attendance: int, status: str
) -> str | None:
    """Why a certificate cannot be issued yet, or None when it can."""
    if status != APPROVED:
        return "only an approved participant can receive a certificate"
    if not passed:
        return "the participant has not passed the assessment"
    if attendance_percent < min_attendance:
        return f"attendance is {attendance_percent}%, below the course minimum of {min_attendance}%"
    return None


def certificate_status(status: str, expires_on: date | None, today: date) -> str:
    """valid, expired or revoked: what the public verification page shows."""
    if status != "valid":
        return status
    if expires_on is not None and expires_on < today:
        return "expired"
    return "valid"


def reminder_due(expires_on: date | None, reminded_on: date | None, today: date, within_days: int) -> bool:
    """Remind once when a certificate comes within ``within_days`` of expiry (or has expired)."""
    if expires_on is None or (expires_on - today).days > within_days:
        return False
    return reminded_on is None or reminded_on < expires_on - timedelta(days=within_days)
