"""The "What you missed" feedback of a practical exercise in the page's language (filter ``missed``).

``hudud.training.marking`` keeps each missed issue in English (``Marked.missed``: what results, JSON
and the API show) and, since this version, as data (``missed_details``): a listed person's or stolen
document's hit reasons, the MRZ errors, the overstay's marked sentence and values. Pages word the
data in their language — reasons through ``hudud.web.explain``, names, references and numbers each
in a ``<bdi>`` — and show the stored English text when there is no data (results stored before) or
when a part cannot be worded by this version."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from hudud.web import i18n
from hudud.web.explain import explain
from hudud.web.mrz_text import worded_mrz_error

SEPARATORS = {"ar": "؛ "}  # between two MRZ errors; "; " otherwise


def _bdi(value: object) -> Markup:
    return Markup("<bdi>{}</bdi>").format(value)


def _fallback(text: str) -> Markup:
    return Markup('<span dir="ltr">{}</span>').format(text)


def _overstay(detail: Mapping[str, Any]) -> Markup | None:
    values = dict(detail.get("values") or {})
    try:  # values unchanged (the ISO date of the stamp, as the English text has it), each in a <bdi>
        return escape(i18n.gettext_(str(detail["template"]))) % {k: _bdi(v) for k, v in values.items()}
    except (KeyError, TypeError, ValueError):
        return None


def missed_html(english: str, issue: str, detail: Mapping[str, Any] | None = None) -> Markup:
    """What the trainee missed for ``issue``, in the page's language; ``english`` (the stored text)
        when ``detail`` is absent or cannot be worded, and on English pages (where the stored text is
    the wording: results, JSON and the page agree). Template: ``{{ why|missed(issue, detail) }}``."""
    if not detail or i18n.current_locale() == "en":  # English: exactly the stored text
        return _fallback(english)
    worded: Markup | None = None
    if issue in ("listed", "stolen") and detail.get("reasons"):
        explanation = explain(detail["reasons"], "")
        if explanation:
            if issue == "listed" and detail.get("name"):
                worded = Markup("{} ({}): {}").format(
                    _bdi(detail["name"]), _bdi(detail.get("id", "")), explanation
                )
            elif issue == "stolen":
                worded = explanation
    elif issue == "mrz" and detail.get("errors"):
        errors = [e for e in detail["errors"] if isinstance(e, Mapping)]
        parts = [p for p in map(worded_mrz_error, errors) if p is not None]
        if parts and len(parts) == len(detail["errors"]):
            worded = Markup(SEPARATORS.get(i18n.current_locale(), "; ")).join(parts)
    elif issue == "overstay" and detail.get("template"):
        worded = _overstay(detail)
    return worded if worded is not None else _fallback(english)
