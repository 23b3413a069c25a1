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
    found = finding_dicts(
        mrz, today=today, expiring_within_days=expiring_within_days, lost_stolen=lost_stolen
    )
    return [Finding(f["code"], f["message"]) for f in found]


def finding_dicts(
    mrz: MRZ,
    *,
    today: date | None = None,
    expiring_within_days: int = DEFAULT_EXPIRING_DAYS,
    lost_stolen: LostStolenCheck | None = None,
) -> list[dict[str, str]]:
    """``find``, each finding as ``Finding.to_dict`` gives it (the check of every MRZ at a crossing
    point ends in these dicts, so they are built directly)."""
    today = today or date.today()
    out: list[dict[str, str]] = []
    expiry = mrz.expiry_date
    if expiry is not None:
        days = expiry.toordinal() - today.toordinal()
        if days < 0:
            out.append({"code": "expired", "message": f"document expired on {expiry.isoformat()}"})
        elif days <= expiring_within_days:
            message = f"document expires in {days} days ({expiry.isoformat()})"
            out.append({"code": "expiring_soon", "message": message})
    birth = mrz.birth_date
    # the age is the difference of the years or one less: more than ADULT_AGE years apart, an adult
    if birth is not None and today.year - birth.year <= ADULT_AGE:
        age = age_on(birth, today)
        if age < ADULT_AGE:
            out.append({"code": "minor", "message": f"holder is {age}, under {ADULT_AGE}"})
    issuing, nationality = mrz.issuing_state, mrz.nationality
    if (
        issuing != nationality
        and issuing
        and nationality
        and _SAME_STATE.get(issuing, issuing) != _SAME_STATE.get(nationality, nationality)
    ):
        message = f"nationality {nationality} differs from issuing state {issuing}"
        out.append({"code": "nationality_differs", "message": message})
    if mrz.is_specimen:
        codes = {issuing, nationality} & SPECIMEN_CODES
        why = f"code {', '.join(sorted(codes))}" if codes else "name SPECIMEN"
        message = f"specimen document ({why}): not a genuine travel document"
        out.append({"code": "specimen", "message": message})
    if mrz.name_truncated:
        out.append({"code": "name_truncated", "message": "name fills its field and may be truncated"})
    if lost_stolen is not None:
        hit = lost_stolen(mrz)
        if hit:
            out.append({"code": "lost_or_stolen", "message": f"document is on a lost/stolen list: {hit}"})
    return out
