"""Every button reads in the page's typeface: the desk's "refer" and "refuse" buttons (no ``primary``
class) looked like the browser's small default font beside "admit", in Arabic most of all."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in
from tests.test_border_support import add_border_users, load_lists, passport


@pytest.fixture
def border_server(node, live_server, tmp_path):
    node.run(add_border_users)
    node.run(lambda s: load_lists(s, tmp_path / "lists"))
    return live_server


def _font(page, selector: str) -> str:
    return str(page.eval_on_selector(selector, "e => getComputedStyle(e).fontFamily"))


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_desk_decision_buttons_share_the_page_typeface(page, border_server, artifacts, lang) -> None:
    sign_in(page, border_server, "officer.cmn")
    if lang != "en":
        page.click(f"[data-testid=lang-{lang}]")
        page.wait_for_load_state()
    page.goto(f"{border_server}/border")
    page.fill("[data-testid=desk-mrz]", passport())
    page.click("[data-testid=desk-submit]")
    page.locator("[data-testid=decide-refused]").wait_for()
    body = _font(page, "body")
    assert "Noto Sans" in body
    for button in ("decide-admitted", "decide-referred", "decide-refused"):
        assert _font(page, f"[data-testid={button}]") == body, button
    assert _font(page, f"[data-testid=lang-{lang}]") == body
    page.screenshot(path=str(artifacts / f"desk-buttons-{lang}.png"), full_page=True)
