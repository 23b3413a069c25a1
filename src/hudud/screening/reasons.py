"""Explanations as data: each piece of evidence is a ``Reason`` (a code and its parameters), and the
English line officers read is rendered from it. The web layer can render the same reasons in Arabic
or French from its own catalogue (the codes and parameter names below are the contract); the
English text of the CLI is exactly what ``Reason.text()`` gives.

Parameters are strings as shown (names as written, ISO dates, ICAO codes, scores with two decimals);
``role`` and ``kind`` are codes too (``ROLES``, ``KINDS``) so that they can be translated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ROLES: Final = {"given": "given name", "family": "family name", "name": "name"}
KINDS: Final = {
    "transliteration": "transliteration",
    "spelling": "spelling variant",
    "close": "close spelling",
    "particle": "with/without particle",
    "initial": "initial",
}

# code -> English template (str.format over the parameters)
TEMPLATES: Final[dict[str, str]] = {
    "name.same": "{role} {query} = {listed}",
    "name.similar": "{role} {query} ≈ {listed} ({kind})",
    "name.none": "no name part in common",
    "name.unmatched_query": "not in listed name: {words}",
    "name.unmatched_listed": "listed name also has: {words}",
    "name.score": "name score {score}",
    "name.low_alias": "low-quality alias: name score × {factor}",
    "birth.within": "birth year {year} within listed {listed}",
    "birth.year": "birth year {year} = listed {listed}",
    "birth.same_date": "birth date {query} vs listed {listed}: same date",
    "birth.swapped": "birth date {query} vs listed {listed}: day and month swapped",
    "birth.other_day": "birth date {query} vs listed {listed}: same year, other day or month",
    "birth.year_off": "birth date {query} vs listed {listed}: year off by one",
    "birth.one_year": "birth date {query} vs listed {listed}: one year apart",
    "birth.two_years": "birth date {query} vs listed {listed}: two years apart",
    "birth.years_apart": "birth date {query} vs listed {listed}: {gap} years apart",
    "nationality.same": "nationality {country} = listed",
    "nationality.differs": "nationality {query} ≠ listed {listed}",
    "gender.differs": "gender {query} ≠ listed {listed}",
    "document.same": "{kind} number {number} = listed",
    "document.ocr": "{kind} number {query} ≈ listed {listed} (OCR confusion)",
    "lost.same": "{kind} {number} = {status} document {listed} issued by {state}",
    "lost.ocr": "{kind} {number} ≈ (OCR confusion) {status} document {listed} issued by {state}",
    "organisation": "{detail}",  # hits stored before the organisation codes below
    "organisation.no_name": "no name",
    "organisation.no_word": "no distinctive word",
    "organisation.same": "same words",
    "organisation.word_same": "{query} = {listed}",
    "organisation.word_close": "{query} ≈ {listed}",
    "organisation.initials": "{initials} = initials of {words}",
    "organisation.none": "no distinctive word in common",
    "organisation.legal_form": "legal form {query} ≠ {listed}",
}


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence: ``code`` (a key of ``TEMPLATES``) and its parameters."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """The English sentence (what the CLI prints)."""
        values = dict(self.params)
        if "role" in values:
            values["role"] = ROLES.get(values["role"], values["role"])
        if "kind" in values and self.code == "name.similar":
            values["kind"] = KINDS.get(values["kind"], values["kind"])
        return TEMPLATES[self.code].format(**values)

    def __reduce__(self) -> tuple[type[Reason], tuple[str, tuple[tuple[str, str], ...]]]:
        # by the constructor: compiled (hudud.compiled), a frozen dataclass cannot unpickle by setattr
        return Reason, (self.code, self.params)

    def as_dict(self) -> dict[str, str]:
        """``{"code": ..., <param>: ...}`` for JSON and templates."""
        return {"code": self.code, **dict(self.params)}


def reason(code: str, **params: object) -> Reason:
    """A reason with its parameters shown as strings, in the order given."""
    if code not in TEMPLATES:
        raise KeyError(f"unknown reason code {code}")
    return Reason(code, tuple((k, v if isinstance(v, str) else str(v)) for k, v in params.items()))


def render(reasons: tuple[Reason, ...] | list[Reason]) -> str:
    """The one-line English explanation: every reason's text, joined by "; "."""
    return "; ".join(r.text() for r in reasons)
