"""Failed MRZ checks in the page's language (filters ``mrz_error`` and ``mrz_field``).

``hudud mrz check`` and the API keep each failed check's English ``message``. Pages also get the
check as data — ``template`` (the ``N_``-marked msgid, see ``hudud.documents.mrz.MRZError``) and
``values`` — and word it from the catalogs: characters, codes and positions unchanged, each in a
``<bdi>``; a field named in the reader's language. A check without data (an exercise's result stored
before, a reader's own message) shows its English text, left to right."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from hudud.web import i18n
from hudud.web.vocabulary import N_

# The fields a failed check names (hudud.documents.layouts, as ``MRZError.field`` reports them),
# worded as the English messages word them ("does not match the birth date")
FIELD_WORDS = {
    "document_number": N_("document number"),
    "birth_date": N_("birth date"),
    "expiry_date": N_("expiry date"),
    "optional_data": N_("optional data"),
    "optional_data_2": N_("optional data"),
    "personal_number": N_("personal number"),
    "composite": N_("composite"),
    "document_code": N_("document code"),
    "issuing_state": N_("issuing state"),
    "nationality": N_("nationality"),
    "sex": N_("sex"),
    "issue_date": N_("issue date"),
    "primary_identifier": N_("surname"),
    "secondary_identifier": N_("given names"),
    "mrz": N_("MRZ"),
    "image": N_("image"),
}
_WORDS = frozenset(FIELD_WORDS.values())
CHECK_DIGIT = N_("check digit at line %(line)s, column %(column)s does not match the %(field)s")


def _bdi(value: object) -> Markup:
    return Markup("<bdi>{}</bdi>").format(value)


def mrz_field(code: object) -> str:
    """A field's name in the page's language (the code itself when it is not an MRZ field)."""
    words = FIELD_WORDS.get(str(code))
    return i18n.gettext_(words) if words else str(code)


def worded_mrz_error(error: Mapping[str, Any]) -> Markup | None:
    """One failed check in the page's language; None when this version cannot word it."""
    if error.get("template"):
        values = {
            k: escape(i18n.gettext_(v)) if k == "field" and v in _WORDS else _bdi(v)
            for k, v in (error.get("values") or {}).items()
        }
        text = escape(i18n.gettext_(str(error["template"])))
        try:
            return text % values if values else text
        except (KeyError, TypeError, ValueError):  # a broken translation must not hide the check
            return None
    # an exercise stored before checks carried their template: its check digits are still known
    name, line, column = error.get("field"), error.get("line"), error.get("column")
    english = f"check digit at line {line}, column {column} does not match the {str(name).replace('_', ' ')}"
    if name in FIELD_WORDS and line is not None and error.get("message") == english:
        try:
            return escape(i18n.gettext_(CHECK_DIGIT)) % {
                "line": _bdi(line),
                "column": _bdi(column),
                "field": escape(mrz_field(name)),
            }
        except (KeyError, TypeError, ValueError):
            return None
    return None


def mrz_error(error: Mapping[str, Any]) -> Markup:
    """Template filter: the check in the page's language, else its English message (left to right)."""
    worded = worded_mrz_error(error) if i18n.current_locale() != i18n.DEFAULT else None
    return (
        worded if worded is not None else Markup('<span dir="ltr">{}</span>').format(error.get("message", ""))
    )
