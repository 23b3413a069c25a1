"""A failed HTMX request is never silent: an error answer or a lost link shows a translated alert at the
top of the page, and what the officer typed stays in the form (Chromium, the border desk)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

TEXTS = {
    "en": (
        "The server answered with an error (500). Your input is kept; try again.",
        "The server answered with an error (422). Your input is kept; try again.",
        "Invalid request: the address or a form field is not valid (crossing_id).",
        "No connection to the server. Your input is kept; try again when the link is back.",
    ),
    "ar": (
        "ردّ الخادم بخطأ (500). ما أدخلته محفوظ؛ أعد المحاولة.",
        "ردّ الخادم بخطأ (422). ما أدخلته محفوظ؛ أعد المحاولة.",
        "طلب غير صالح: العنوان أو أحد حقول الاستمارة غير صالح (crossing_id).",
        "لا يوجد اتصال بالخادم. ما أدخلته محفوظ؛ أعد المحاولة عند عودة الاتصال.",
    ),
}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_failed_desk_request_shows_an_alert_and_keeps_the_input(
    page, live_server, artifacts: Path, lang: str
) -> None:
    server_error, invalid, invalid_why, offline = TEXTS[lang]
    sign_in(page, live_server, "officer.mar")
    if lang != "en":
        page.click(f"[data-testid=lang-{lang}]")
        page.wait_for_selector(f"html[lang={lang}]")
    page.goto(f"{live_server}/border")
    page.check("[data-testid=source-manual]")
    page.fill("[data-testid=manual-surname]", "HADDAD")
    page.fill("[data-testid=manual-number]", "AB123456")
    problem = page.locator("[role=alert][data-testid=request-problem]")
    assert problem.count() == 0

    # The server answers 500.
    page.route("**/border/inspect", lambda route: route.fulfill(status=500, body="boom"))
    page.click("[data-testid=desk-submit]")
    problem.filter(has_text=server_error).wait_for()
    page.screenshot(path=str(artifacts / f"request-error-{lang}.png"), full_page=True)
    page.unroute("**/border/inspect")

    # A real error page of the server (an invalid address): its own explanation follows, in the language.
    page.route(
        "**/border/inspect", lambda route: route.continue_(url=f"{live_server}/border/crossings/abc/decision")
    )
    page.click("[data-testid=desk-submit]")
    problem.filter(has_text=invalid).wait_for()
    assert invalid_why in problem.inner_text()
    page.unroute("**/border/inspect")

    # The link is down.
    page.route("**/border/inspect", lambda route: route.abort("internetdisconnected"))
    page.click("[data-testid=desk-submit]")
    problem.filter(has_text=offline).wait_for()
    page.unroute("**/border/inspect")
    assert page.input_value("[data-testid=manual-surname]") == "HADDAD"  # nothing typed is lost
    assert page.input_value("[data-testid=manual-number]") == "AB123456"

    # The link hangs (packets dropped, nothing closed): the desk gives the request up and says so. The
    # desk waits 30 s; here 1.5 s, to keep the test short.
    assert page.get_attribute("#desk", "hx-request") == '{"timeout": 30000}'
    page.evaluate("""document.getElementById("desk").setAttribute("hx-request", '{"timeout": 1500}')""")
    page.evaluate("document.getElementById('request-problem').remove()")  # the last alert read
    page.route("**/border/inspect", lambda route: None)  # never answered
    page.click("[data-testid=desk-submit]")
    problem.filter(has_text=offline).wait_for(timeout=10_000)
    page.unroute("**/border/inspect")
    assert page.input_value("[data-testid=manual-surname]") == "HADDAD"

    # The link is back: the check goes through and the alert goes away.
    page.click("[data-testid=desk-submit]")
    page.locator("[data-testid=inspection]").wait_for()
    assert problem.count() == 0
