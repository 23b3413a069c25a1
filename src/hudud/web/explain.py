"""Screening explanations in the page's language (the ``explain`` template filter).

The engine gives every hit its evidence as data (``hudud.screening.reasons``: a code and its
parameters) and an English line rendered from it, which the CLI and the API keep. Pages render the
same reasons through the gettext catalogs instead: one message per reason code (``MESSAGES``, the
English template with ``%(name)s`` placeholders), the codes among the parameters (name role, kind of
name evidence, document kind, document status) translated, every other parameter inserted as given —
names as written, dates, numbers and ICAO codes — each in its own ``<bdi>`` so that a Latin name in an
Arabic sentence (or the reverse) keeps its own direction.

Stored hits that predate the reasons (or reasons with a code this version does not know) show the
stored English text instead."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from hudud.screening.reasons import Reason
from hudud.web import i18n
from hudud.web.vocabulary import N_

# reason code -> message (the English template of hudud.screening.reasons.TEMPLATES with %(name)s
# placeholders, except the document status, worded with its noun: "stolen document")
MESSAGES: dict[str, str] = {
    "name.same": N_("%(role)s %(query)s = %(listed)s"),
    "name.similar": N_("%(role)s %(query)s ≈ %(listed)s (%(kind)s)"),
    "name.none": N_("no name part in common"),
    "name.unmatched_query": N_("not in listed name: %(words)s"),
    "name.unmatched_listed": N_("listed name also has: %(words)s"),
    "name.score": N_("name score %(score)s"),
    "name.low_alias": N_("low-quality alias: name score × %(factor)s"),
    "birth.within": N_("birth year %(year)s within listed %(listed)s"),
    "birth.year": N_("birth year %(year)s = listed %(listed)s"),
    "birth.same_date": N_("birth date %(query)s vs listed %(listed)s: same date"),
    "birth.swapped": N_("birth date %(query)s vs listed %(listed)s: day and month swapped"),
    "birth.other_day": N_("birth date %(query)s vs listed %(listed)s: same year, other day or month"),
    "birth.year_off": N_("birth date %(query)s vs listed %(listed)s: year off by one"),
    "birth.one_year": N_("birth date %(query)s vs listed %(listed)s: one year apart"),
    "birth.two_years": N_("birth date %(query)s vs listed %(listed)s: two years apart"),
    "birth.years_apart": N_("birth date %(query)s vs listed %(listed)s: %(gap)s years apart"),
    "nationality.same": N_("nationality %(country)s = listed"),
    "nationality.differs": N_("nationality %(query)s ≠ listed %(listed)s"),
    "gender.differs": N_("gender %(query)s ≠ listed %(listed)s"),
    "document.same": N_("%(kind)s number %(number)s = listed"),
    "document.ocr": N_("%(kind)s number %(query)s ≈ listed %(listed)s (OCR confusion)"),
    "lost.same": N_("%(kind)s %(number)s = %(status)s %(listed)s issued by %(state)s"),
    "lost.ocr": N_("%(kind)s %(number)s ≈ (OCR confusion) %(status)s %(listed)s issued by %(state)s"),
    "organisation": N_("%(detail)s"),
    "organisation.no_name": N_("no name"),
    "organisation.no_word": N_("no distinctive word"),
    "organisation.same": N_("same words"),
    "organisation.word_same": N_("%(query)s = %(listed)s"),
    "organisation.word_close": N_("%(query)s ≈ %(listed)s"),
    "organisation.initials": N_("%(initials)s = initials of %(words)s"),
    "organisation.none": N_("no distinctive word in common"),
    "organisation.legal_form": N_("legal form %(query)s ≠ %(listed)s"),
}

# the codes among the parameters (hudud.screening.reasons.ROLES and KINDS, the list readers' values)
ROLE_WORDS = {"given": N_("given name"), "family": N_("family name"), "name": N_("name")}
KIND_WORDS = {
    "transliteration": N_("transliteration"),
    "spelling": N_("spelling variant"),
    "close": N_("close spelling"),
    "particle": N_("with/without particle"),
    "initial": N_("initial"),
}
DOCUMENT_KINDS = {
    "passport": N_("passport"),
    "national_id": N_("national identity card"),
    "other": N_("travel document"),
}
DOCUMENT_STATUSES = {
    "lost": N_("lost document"),
    "stolen": N_("stolen document"),
    "revoked": N_("revoked document"),
    "invalidated": N_("invalidated document"),
}
SEPARATORS = {"ar": "؛ "}  # between two reasons; "; " otherwise


def _reason_of(item: Reason | Mapping[str, Any]) -> Reason | None:
    """A ``Reason``, or one rebuilt from its ``as_dict()`` (stored as JSON); None when unknown."""
    if isinstance(item, Reason):
        return item if item.code in MESSAGES else None
    if not isinstance(item, Mapping) or item.get("code") not in MESSAGES:
        return None
    return Reason(str(item["code"]), tuple((str(k), str(v)) for k, v in item.items() if k != "code"))


def _word(table: Mapping[str, str], value: str) -> Markup:
    """A code translated (words of the page's language); an unknown one as given."""
    if value in table:
        return escape(i18n.gettext_(table[value]))
    return Markup("<bdi>{}</bdi>").format(value)


def reason_html(reason: Reason) -> Markup | None:
    """One reason in the page's language (HTML: parameters escaped, each in a ``<bdi>``); None when
    it cannot be worded (a status without its noun, a parameter missing from stored reasons)."""
    values: dict[str, Markup] = {k: Markup("<bdi>{}</bdi>").format(v) for k, v in reason.params}
    given = dict(reason.params)
    if "role" in given:
        values["role"] = _word(ROLE_WORDS, given["role"])
    if "kind" in given:
        values["kind"] = _word(KIND_WORDS if reason.code == "name.similar" else DOCUMENT_KINDS, given["kind"])
    if "status" in given:
        if given["status"] not in DOCUMENT_STATUSES:
            return None
        values["status"] = _word(DOCUMENT_STATUSES, given["status"])
    try:
        return escape(i18n.gettext_(MESSAGES[reason.code])) % values
    except (KeyError, ValueError, TypeError):
        return None


def explain(reasons: Iterable[Reason | Mapping[str, Any]] | None, fallback: str = "") -> Markup:
    """The explanation of a hit in the page's language, from its reasons (``Hit.reasons`` or the
    stored ``as_dict()`` list); the stored English ``fallback`` when there are none, or when one of
    them cannot be worded by this version (an unknown code, say)."""
    worded: list[Markup] = []
    for item in reasons or ():
        reason = _reason_of(item)
        html = reason_html(reason) if reason is not None else None
        if html is None:
            return escape(fallback)
        worded.append(html)
    if not worded:
        return escape(fallback)
    return Markup(SEPARATORS.get(i18n.current_locale(), "; ")).join(worded)
