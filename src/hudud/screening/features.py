"""Feature functions beside the name: each returns a signed adjustment and a sentence for the officer.

The adjustments are added to the name score. Their sizes are the policy of the engine, so they are
written here once, next to the reasoning:

* a birth date that clearly disagrees (more than two years from every listed date) pulls a perfect
  name match from 1.0 to 0.60, below the default alert bar of 0.70: that is how namesakes stay quiet;
* small disagreements (one year off, a month or day wrong, day and month swapped) cost little,
  because lists and travel documents both carry typing errors;
* agreement adds a little, never enough to lift a weak name over the bar;
* an identical document number is strong evidence on its own."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, NamedTuple

from hudud.screening.entries import BirthDate, IdentityDocument
from hudud.screening.reasons import TEMPLATES, Reason, reason

DOB_EXACT: Final = 0.10
DOB_YEAR: Final = 0.05
DOB_CLOSE: Final = -0.04
DOB_NEAR: Final = -0.15
DOB_CONFLICT: Final = -0.40
NATIONALITY_MATCH: Final = 0.04
NATIONALITY_CONFLICT: Final = -0.12
GENDER_CONFLICT: Final = -0.25
DOCUMENT_EXACT: Final = 0.40
DOCUMENT_OCR: Final = 0.25


class FeatureResult(NamedTuple):
    """One piece of evidence: ``score`` is added to the name score; ``reason`` is the evidence as
    data and ``detail`` its English sentence. Both are worded only when asked (most candidates
    never are): ``code`` and ``params`` keep the evidence as found."""

    name: str
    score: float
    code: str
    params: tuple[tuple[str, object], ...] = ()

    @property
    def reason(self) -> Reason:
        """The evidence as a ``Reason`` (dates in ISO form, every parameter a string)."""
        return reason(self.code, **{k: v.iso() if isinstance(v, BirthDate) else v for k, v in self.params})

    @property
    def detail(self) -> str:
        """The English sentence for the officer."""
        return self.reason.text()


def _result(name: str, score: float, code: str, **params: object) -> FeatureResult:
    if code not in TEMPLATES:
        raise KeyError(f"unknown reason code {code}")
    return FeatureResult(name, score, code, tuple(params.items()))


def birth_date(query: BirthDate | None, listed: Sequence[BirthDate]) -> FeatureResult | None:
    """Birth date: exact, year only, within a listed range, ±1 year, day/month swapped — or a conflict."""
    if query is None or not listed:
        return None
    # the first best listed date is the evidence (candidates compare several dates); its
    # parameters are written once, for that date only
    best = listed[0]
    score, code, gap = _compare_dates(query, best)
    for candidate in listed[1:]:
        found = _compare_dates(query, candidate)
        if found[0] > score:
            best, (score, code, gap) = candidate, found
    params: tuple[tuple[str, object], ...]
    if code == "birth.within" or code == "birth.year":
        params = (("year", query.year), ("listed", best))
    elif code == "birth.years_apart":
        params = (("gap", gap), ("query", query), ("listed", best))
    else:
        params = (("query", query), ("listed", best))
    return FeatureResult("birth_date", score, code, params)


def _compare_dates(q: BirthDate, d: BirthDate) -> tuple[float, str, int]:
    """(adjustment, reason code, years apart) of a traveller's date against one listed date."""
    lo = d.year
    hi = d.year if d.year_to is None else d.year_to
    if d.approximate:
        lo, hi = lo - 1, hi + 1
    if d.year_to is not None or d.approximate:
        if lo <= q.year <= hi:
            return DOB_YEAR, "birth.within", 0
        return _year_gap(lo - q.year if q.year < lo else q.year - hi)
    if q.year == d.year:
        if q.month is None or d.month is None:
            return DOB_YEAR, "birth.year", 0
        if q.month == d.month and (q.day is None or d.day is None or q.day == d.day):
            exact = q.day is not None and d.day is not None
            return (DOB_EXACT if exact else DOB_YEAR), "birth.same_date", 0
        if q.day is not None and q.day == d.month and q.month == d.day:
            return DOB_YEAR, "birth.swapped", 0
        return DOB_CLOSE, "birth.other_day", 0
    gap = q.year - d.year if q.year > d.year else d.year - q.year
    if gap == 1 and q.month is not None and q.month == d.month and q.day == d.day:
        return DOB_CLOSE, "birth.year_off", gap
    return _year_gap(gap)


def _year_gap(gap: int) -> tuple[float, str, int]:
    if gap <= 1:
        return DOB_CLOSE, "birth.one_year", gap
    if gap == 2:
        return DOB_NEAR, "birth.two_years", gap
    return DOB_CONFLICT, "birth.years_apart", gap


def nationality(query: Sequence[str], listed: Sequence[str]) -> FeatureResult | None:
    """Nationality: any shared country agrees; disjoint known nationalities disagree (mildly,
    since people hold several and lists are incomplete)."""
    if not query or not listed:
        return None
    # the first shared country in alphabetical order (loops, not sets: a traveller and an entry
    # hold one or two nationalities each, and this runs for every candidate)
    shared: str | None = None
    for country in query:
        if (shared is None or country < shared) and country in listed:
            shared = country
    if shared is not None:
        return FeatureResult("nationality", NATIONALITY_MATCH, "nationality.same", (("country", shared),))
    params = (("query", "/".join(query)), ("listed", "/".join(listed)))
    return FeatureResult("nationality", NATIONALITY_CONFLICT, "nationality.differs", params)


def gender(query: str | None, listed: str | None) -> FeatureResult | None:
    """Gender: only a known disagreement counts (many lists do not say)."""
    if query is None or listed is None or query == listed:
        return None
    return _result("gender", GENDER_CONFLICT, "gender.differs", query=query, listed=listed)


_NOT_ALNUM: Final = re.compile(r"[^0-9A-Z]")
# Characters OCR and typists confuse on machine-readable documents.
_OCR: Final = str.maketrans(
    {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5", "B": "8", "G": "6"}
)


def normalise_document_number(number: str) -> str:
    """Upper-case letters and digits only ("a-123 456" → "A123456"); MRZ filler < removed."""
    return _NOT_ALNUM.sub("", number.upper())


def ocr_key(number: str) -> str:
    """The number with OCR-confusable letters folded onto digits (O→0, I→1, S→5, B→8 …)."""
    return normalise_document_number(number).translate(_OCR)


def documents(query: Sequence[IdentityDocument], listed: Sequence[IdentityDocument]) -> FeatureResult | None:
    """Document number: identical after normalisation, or equal up to OCR confusions. A different
    number is no evidence against (people hold several documents)."""
    best: FeatureResult | None = None
    for q in query:
        qn = normalise_document_number(q.number)
        if len(qn) < 5:
            continue
        for d in listed:
            if q.issuing_state and d.issuing_state and q.issuing_state != d.issuing_state:
                continue
            dn = normalise_document_number(d.number)
            if qn == dn:
                return _result("document", DOCUMENT_EXACT, "document.same", kind=d.kind, number=dn)
            if best is None and ocr_key(qn) == ocr_key(dn):
                best = _result("document", DOCUMENT_OCR, "document.ocr", kind=d.kind, query=qn, listed=dn)
    return best
