"""In Chromium: sign in, switch to Arabic, and see a right-to-left page whose navigation is mirrored."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def _x(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["x"]


def test_sign_in_switch_to_arabic_and_back(page, live_server, artifacts) -> None:
    sign_in(page, live_server, "admin.mar")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text().startswith("Welcome")
    brand_ltr, nav_ltr = _x(page, "[data-testid=brand]"), _x(page, "[data-testid=mainnav] a")
    assert brand_ltr < nav_ltr  # left to right: brand first on the left
    page.screenshot(path=str(artifacts / "shell-en.png"), full_page=True)

    page.click("[data-testid=lang-ar]")
    page.wait_for_load_state()
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    assert page.locator("h1").inner_text().startswith("مرحبًا")
    assert page.locator("[data-testid=mainnav] a").first.inner_text() == "الرئيسية"
    brand_rtl, nav_rtl = _x(page, "[data-testid=brand]"), _x(page, "[data-testid=mainnav] a")
    assert brand_rtl > nav_rtl  # mirrored: brand on the right, navigation flows leftwards
    width = page.viewport_size["width"]
    assert brand_rtl > width / 2 > brand_ltr
    page.screenshot(path=str(artifacts / "shell-ar.png"), full_page=True)

    # The choice is remembered for the user: a new session starts in Arabic.
    page.context.clear_cookies()
    sign_in(page, live_server, "admin.mar")
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.click("[data-testid=lang-fr]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").inner_text().startswith("Bienvenue")
    page.screenshot(path=str(artifacts / "shell-fr.png"), full_page=True)


def test_navigation_depends_on_role(page, live_server) -> None:
    sign_in(page, live_server, "officer.mar")
    nav = page.locator("[data-testid=mainnav]")
    links = nav.locator("a").all_text_contents()  # those in closed menus too
    assert "Travellers" in links and "Users" not in links and "Audit log" not in links
    assert nav.locator("[data-testid=nav-group-admin]").count() == 0
    assert not nav.locator("a[href='/travellers']").is_visible()  # in the Border menu, closed
    nav.locator("[data-testid=nav-group-border] summary").click()
    assert nav.locator("a[href='/travellers']").is_visible()


def test_wrong_password_shows_a_message_not_a_trace(page, live_server) -> None:
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", "officer.mar")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit].primary")
    assert page.locator("[role=alert]").inner_text() == "Wrong username or password."
    assert "Traceback" not in page.content()
