"""The exercise feedback filter: structured findings worded in the page's language, the stored
English text when there are none or when this version cannot word them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hudud.web import i18n
from hudud.web.training_feedback import missed_html


@pytest.fixture
def arabic() -> Iterator[None]:
    i18n.set_locale("ar")
    yield
    i18n.set_locale("en")


def test_without_details_the_stored_english_is_shown(arabic: None) -> None:
    assert str(missed_html("stayed 100 days", "overstay", None)) == '<span dir="ltr">stayed 100 days</span>'


def test_unknown_reason_or_unworded_mrz_error_falls_back(arabic: None) -> None:
    unknown = {"name": "A B", "id": "SBX-1", "reasons": [{"code": "name.future", "x": "1"}]}
    assert "English" in missed_html("English", "listed", unknown)
    odd = {"errors": [{"field": "sex", "line": None, "column": None, "message": "sex must be F"}]}
    assert "English" in missed_html("English", "mrz", odd)


def test_values_are_escaped_and_isolated(arabic: None) -> None:
    detail = {
        "template": "stayed %(days)s days since %(since)s; %(allowed)s are allowed (%(over)s days over)",
        "values": {"days": "<b>", "since": "2026-01-01", "allowed": 90, "over": 1},
    }
    html = str(missed_html("English", "overstay", detail))
    assert "<bdi>&lt;b&gt;</bdi>" in html and "يومًا" in html


def test_english_pages_show_the_stored_text() -> None:
    detail = {"template": "stayed %(days)s days", "values": {"days": 5}}
    assert str(missed_html("stayed 5 days", "overstay", detail)) == '<span dir="ltr">stayed 5 days</span>'
