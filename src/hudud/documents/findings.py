"""What an officer should notice about a document beyond its check digits.

Each finding has a stable ``code`` (for rules and the UI) and a sentence a person can act on. The
lost/stolen check is a hook: the screening layer passes a callable that looks the document up in
its lists (INTERPOL SLTD, national lists); this module knows nothing about where they live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from hudud.documents.countries import SPECIMEN_CODES
from hudud.documents.mrz import MRZ

ADULT_AGE = 18
DEFAULT_EXPIRING_DAYS = 90
_SAME_STATE = {"D": "DEU"}  # Germany writes D in the MRZ; DEU elsewhere means the same state


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the officer should see, e.g. ``Finding("expired", "expired on 2012-04-15")``."""

    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class LostStolenCheck(Protocol):
    """Looks a document up in lost/stolen lists; returns a description of the hit, or None."""

    def __call__(self, mrz: MRZ) -> str | None: ...


def age_on(birth: date, day: date) -> int:
    """Whole years between ``birth`` and ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def find(
    mrz: MRZ,
    *,
    today: date | None = None,
    expiring_within_days: int = DEFAULT_EXPIRING_DAYS,
    lost_stolen: LostStolenCheck | None = None,
) -> list[Finding]:
    """All findings for ``mrz`` on ``today`` (default: the real today)."""
    today = today or date.today()
    out: list[Finding] = []
    expiry = mrz.expiry_date
    if expiry is not None:
        days = expiry.toordinal() - today.toordinal()
        if days < 0:
            out.append(Finding("expired", f"document expired on {expiry.isoformat()}"))
        elif days <= expiring_within_days:
            out.append(Finding("expiring_soon", f"document expires in {days} days ({expiry.isoformat()})"))
    birth = mrz.birth_date
    if birth is not None:
        age = age_on(birth, today)
        if age < ADULT_AGE:
            out.append(Finding("minor", f"holder is {age}, under {ADULT_AGE}"))
    issuing, nationality = mrz.issuing_state, mrz.nationality
    if (
        issuing != nationality
        and issuing
        and nationality
        and _SAME_STATE.get(issuing, issuing) != _SAME_STATE.get(nationality, nationality)
    ):
        out.append(
            Finding("nationality_differs", f"nationality {nationality} differs from issuing state {issuing}")
        )
    if mrz.is_specimen:
        codes = {mrz.issuing_state, mrz.nationality} & SPECIMEN_CODES
        why = f"code {', '.join(sorted(codes))}" if codes else "name SPECIMEN"
        out.append(Finding("specimen", f"specimen document ({why}): not a genuine travel document"))
    if mrz.name_truncated:
        out.append(Finding("name_truncated", "name fills its field and may be truncated"))
    if lost_stolen is not None:
        hit = lost_stolen(mrz)
        if hit:
            out.append(Finding("lost_or_stolen", f"document is on a lost/stolen list: {hit}"))
    return out
