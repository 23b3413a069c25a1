"""A field the browser will not send is explained in the page's language, not the browser's: the words
come from the page (Chromium here runs in English, as an officer's browser may)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MISSING = {"en": "Fill in this field.", "ar": "املأ هذا الحقل.", "fr": "Veuillez renseigner ce champ."}


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_an_empty_required_field_is_explained_in_the_page_language(page, live_server, lang: str) -> None:
    page.goto(f"{live_server}/login")
    if lang != "en":
        page.click(f"[data-testid=lang-{lang}]")
        page.wait_for_selector(f"html[lang={lang}]")
    page.click("form[action='/login'] button")  # nothing typed: the browser keeps the form and says why
    username = page.locator("input[name=username]")
    assert username.evaluate("field => field.validationMessage") == MISSING[lang]
    assert page.url.endswith("/login")
    username.fill("officer.mar")  # typing clears the complaint
    assert username.evaluate("field => field.validationMessage") == ""
    assert page.locator("input[name=password]").evaluate("field => field.validationMessage") == MISSING[lang]
