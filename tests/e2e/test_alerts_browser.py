"""Regional alerts in Chromium, in English and in Arabic: a Moroccan analyst issues a wanted-person alert
with an Arabic-script name for Morocco and Tunisia (the states ticked from the keyboard), sees it signed,
then listed among the alerts in force. Screenshots go to the artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from hudud.documents.countries import country_name
from tests.e2e.conftest import sign_in
from tests.e2e.test_alerts_api import add_sharing_users, init_region

pytestmark = pytest.mark.browser

NAME = "Youssef El Amrani"
NAME_AR = "يوسف العمراني"
REFERENCE = "MAR/DGSN/2026/117"


def _go_to_alerts(page) -> None:  # type: ignore[no-untyped-def]
    """From the main navigation: Alerts sits in the Screening menu for an analyst."""
    page.click("[data-testid=nav-group-screening] summary")
    with page.expect_navigation():
        page.click("[data-testid=mainnav] a[href='/alerts']")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_issue_an_alert_with_an_arabic_name(page, live_server, node, artifacts: Path, lang: str) -> None:
    add_sharing_users(node)
    init_region(node)
    shots = artifacts / f"alerts-{lang}"
    shots.mkdir(exist_ok=True)
    sign_in(page, live_server, "analyst.mar")
    page.click(f"[data-testid=lang-{lang}]")
    page.wait_for_selector(f"html[lang={lang}][dir={'rtl' if lang == 'ar' else 'ltr'}]")

    _go_to_alerts(page)
    assert page.locator("[data-testid=no-alerts]").is_visible()
    with page.expect_navigation():
        page.click("[data-testid=issue-link]")

    form = page.locator("[data-testid=new-alert]")
    form.locator("[data-testid=kind-wanted_person]").check()
    form.locator("[data-testid=scope-states]").check()
    for state in ("MAR", "TUN"):  # from the keyboard: focus the box, press Space
        form.locator(f"[data-testid=state-{state}]").focus()
        page.keyboard.press("Space")
    assert form.locator("[data-testid=state-TUN]").is_checked()
    assert form.locator("[data-testid=state-DZA]").is_checked() is False
    form.locator("[data-testid=handling-detain]").check()
    form.locator("[data-testid=reference]").fill(REFERENCE)
    form.locator("[data-testid=name-latin]").fill(NAME)
    form.locator("[data-testid=name-arabic]").fill(NAME_AR)
    form.locator("[data-testid=birth-date]").fill("1984-03-09")
    arabic_direction = form.locator("[data-testid=name-arabic]").evaluate(
        "e => getComputedStyle(e).direction"
    )
    assert arabic_direction == "rtl"
    page.screenshot(path=str(shots / "1-form.png"), full_page=True)

    with page.expect_navigation():
        form.locator("[data-testid=issue]").click()
    assert page.locator("[data-testid=done]").is_visible()
    shown = page.locator("[data-testid=scope-shown]").inner_text()
    assert country_name("MAR", lang) in shown and country_name("TUN", lang) in shown
    assert NAME_AR in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "2-issued.png"), full_page=True)

    _go_to_alerts(page)
    rows = page.locator("[data-testid=alerts] tbody tr")
    assert rows.count() == 1
    row = rows.first.inner_text()
    assert NAME_AR in row and NAME in row and REFERENCE in row
    page.screenshot(path=str(shots / "3-list.png"), full_page=True)
