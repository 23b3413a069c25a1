"""The whole border flow in Chromium, in English and in Arabic: an officer reads an MRZ, the traveller
is on a list, a case opens, the officer refers; the supervisor sees the case arrive in the live queue,
confirms it and refuses entry; the statistics show the refusal and the confirmed hit."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import sign_in
from tests.test_border_support import add_border_users, load_lists, passport

ARABIC = {"refused": "رُفض", "confirmed": "مؤكَّد"}


@pytest.fixture
def border_server(node, live_server, tmp_path):
    node.run(add_border_users)
    node.run(lambda s: load_lists(s, tmp_path / "lists"))
    return live_server


def _language(page, lang: str) -> None:
    if lang != "en":
        page.click(f"[data-testid=lang-{lang}]")
        page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_mrz_to_hit_to_case_to_supervisor_to_statistics(browser, border_server, artifacts, lang) -> None:
    base = border_server
    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(officer, base, "officer.cmn")
    _language(officer, lang)
    officer.goto(f"{base}/border")
    officer.fill("[data-testid=desk-mrz]", passport())
    officer.keyboard.press("Control+Enter")
    hit = officer.locator("[data-testid=desk-hit][data-id='MAR-W-001']")
    hit.wait_for()
    assert officer.locator("[data-testid=case-link]").count() == 1
    officer.screenshot(path=str(artifacts / f"border-{lang}-1-hit.png"), full_page=True)
    officer.click("[data-testid=assess-possible]")
    officer.locator("[data-testid=case-status]").filter(
        has_text="review" if lang == "en" else "المراجعة"
    ).wait_for()
    officer.keyboard.press("2")  # refer to secondary inspection, from the keyboard
    officer.locator("[data-testid=decision-recorded]").wait_for()
    assert officer.locator("[data-testid=desk-mrz]").input_value() == ""  # ready for the next traveller
    officer.screenshot(path=str(artifacts / f"border-{lang}-2-referred.png"), full_page=True)

    supervisor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(supervisor, base, "supervisor.cmn")
    _language(supervisor, lang)
    supervisor.goto(f"{base}/border/cases")
    row = supervisor.locator("[data-testid=queue-case]").first
    row.wait_for()
    supervisor.screenshot(path=str(artifacts / f"border-{lang}-3-queue.png"), full_page=True)
    row.locator("a").first.click()
    supervisor.fill("[data-testid=resolve-note]", "same date of birth and nationality; photo matches")
    supervisor.click("[data-testid=resolve-confirmed]")
    supervisor.locator("[data-testid=case-done]").wait_for()
    supervisor.select_option("[data-testid=case-reason-code]", "H")
    supervisor.click("[data-testid=case-decide-refused]")
    decision = supervisor.locator("[data-testid=case-crossing-decision]")
    assert decision.inner_text() == ("refused" if lang == "en" else ARABIC["refused"])
    supervisor.screenshot(path=str(artifacts / f"border-{lang}-4-case-decided.png"), full_page=True)

    supervisor.goto(f"{base}/border/statistics")
    assert (
        supervisor.locator("[data-testid=stat-total]").inner_text() == "1"
    )  # babel writes Latin digits for ar
    assert (
        supervisor.locator("[data-testid=stat-refused]").inner_text() == "1"
    )  # babel writes Latin digits for ar
    assert supervisor.locator("[data-testid=stats-cases] svg text").count() >= 2  # confirmed: 1
    supervisor.screenshot(path=str(artifacts / f"border-{lang}-5-statistics.png"), full_page=True)
    officer.context.close()
    supervisor.context.close()
