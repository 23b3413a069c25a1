"""Problems met reading a passenger list or a booking push, in the page's language (filter ``parse_issue``).

``hudud paxlst check``, ``hudud manifests`` and the API keep each problem's English ``message``. A
manifest also stores the problem as data — ``template`` (the ``N_``-marked msgid, see
``hudud.passengers.models.ParseIssue``) and ``values`` — and pages word it from the catalogs, the way
``hudud.web.mrz_text`` words a failed MRZ check: the segment as sent, codes, references and counts
unchanged, each in a ``<bdi>`` so that Arabic text runs around them. A problem without data (a list
stored before problems kept it) shows its English text, left to right."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from hudud.web import i18n
from hudud.web.vocabulary import N_

IN_FILE = N_("file %(file)s: ")  # several files read together (hudud.formats.paxlst.read_paxlst_parts)


def _bdi(value: object) -> Markup:
    return Markup("<bdi>{}</bdi>").format(value)


def worded_issue(issue: Mapping[str, Any]) -> Markup | None:
    """One problem in the page's language; None when it carries no template (or a translation is broken)."""
    template = issue.get("template")
    if not template:
        return None
    values = {key: _bdi(value) for key, value in (issue.get("values") or {}).items()}
    try:
        text = escape(i18n.gettext_(str(template)))
        worded = text % values if values else text
        if issue.get("file"):
            worded = escape(i18n.gettext_(IN_FILE)) % {"file": _bdi(issue["file"])} + worded
    except (KeyError, TypeError, ValueError):  # a broken translation must not hide the problem
        return None
    return worded


def parse_issue(issue: Mapping[str, Any]) -> Markup:
    """Template filter: the problem in the page's language, else its English message (left to right)."""
    worded = worded_issue(issue) if i18n.current_locale() != i18n.DEFAULT else None
    return (
        worded if worded is not None else Markup('<span dir="ltr">{}</span>').format(issue.get("message", ""))
    )
