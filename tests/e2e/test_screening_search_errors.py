"""A search the analyst page cannot run says why in the page's language: a birth date it cannot read names
the field and the expected form, never the validator's or the date parser's English."""

from __future__ import annotations

import html
import re

import pytest

from tests.e2e.conftest import token_for


def _error(text: str) -> str:
    found = re.findall(r'<p class="error" role="alert">(.*?)</p>', text, re.S)
    assert found, "no error shown"
    return html.unescape(found[0])


@pytest.mark.parametrize("birth_date", ["01/03/1972", "1972-13-45"])
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Date of birth: use a date like 2026-03-02"),
        ("fr", "Date de naissance"),
        ("ar", "تاريخ الميلاد"),
    ],
)
def test_unreadable_birth_date_is_explained_in_the_page_language(
    client, node, birth_date: str, lang: str, expected: str
) -> None:
    headers = {
        "Authorization": f"Bearer {token_for(node, 'officer.mar')}",
        "Accept": "text/html",
        "Accept-Language": lang,
    }
    answer = client.get(
        "/screening", params={"name": "Omar Benali", "birth_date": birth_date}, headers=headers
    )
    assert answer.status_code == 200
    shown = _error(answer.text)
    assert expected in shown and "2026-03-02" in shown
    assert not re.search(r"validation error|ScreenRequest|bad birth|real date|invalid literal", shown)
