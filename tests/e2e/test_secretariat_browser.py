"""The Secretariat in Chromium, in English and in Arabic: staff create a meeting whose decision
creates a commitment for Morocco; Morocco's focal point reports progress with an attachment; the
overdue view and the conference report (page and PDF) reflect it; a working-group proposal goes
from draft to approved. Refusals a person must understand (another state's commitment, a file too
large, a forbidden type) change nothing. Screenshots and PDFs go to the artifacts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from tests.e2e.conftest import sign_in
from tests.e2e.test_secretariat_api import LIMIT, node  # noqa: F401  (the node with Secretariat users)
from tests.e2e.test_training_browser import assert_arabic_name_right_to_left

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n% evidence of the strategy\n"


def _tab(browser, live_server: str, username: str, lang: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    sign_in(tab, live_server, username)
    tab.click(f"[data-testid=lang-{lang}]")
    tab.wait_for_selector(f"html[lang={lang}][dir={'rtl' if lang == 'ar' else 'ltr'}]")
    return tab


def _submit(tab, form: str, button: str = "button[type=submit]") -> None:  # type: ignore[no-untyped-def]
    with tab.expect_navigation():
        tab.click(f"{form} {button}")


def _report(tab, percent: str, files: list[dict]) -> None:  # type: ignore[no-untyped-def]
    form = "[data-testid=report-progress]"
    tab.fill(f"{form} [name=percent]", percent)
    tab.fill(f"{form} [name=note]", "Strategy drafted and shared with the members")
    tab.set_input_files(f"{form} input[type=file]", files=files)
    _submit(tab, form)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_secretariat_flow(browser, live_server, node, artifacts: Path, lang: str) -> None:  # noqa: F811
    shots = artifacts / f"secretariat-{lang}"
    shots.mkdir(exist_ok=True)
    code = f"TRIP-{lang.upper()}-1"

    # Secretariat staff: a members' meeting whose decision creates a commitment for Morocco.
    staff = _tab(browser, live_server, "staff.sec", lang)
    staff.goto(f"{live_server}/secretariat/meetings")
    form = "[data-testid=new-meeting]"
    staff.fill(f"{form} [name=name_en]", "Members' meeting on border strategies")
    staff.fill(f"{form} [name=name_ar]", "اجتماع الأعضاء حول استراتيجيات الحدود")
    staff.fill(f"{form} [name=venue]", "Tripoli")
    staff.select_option(f"{form} [name=host]", "LBY")
    staff.fill(f"{form} [name=starts_on]", "2014-02-10")
    _submit(staff, form)
    decision = "[data-testid=new-decision]"
    staff.fill(f"{decision} [name=text_en]", "Morocco shares its border-management strategy with the members")
    staff.fill(f"{decision} [name=text_ar]", "يتقاسم المغرب استراتيجيته لإدارة الحدود مع الأعضاء")
    staff.check(f"{decision} [data-testid=creates]")
    staff.fill(f"{decision} [name=code]", code)
    staff.select_option(f"{decision} [name=owner]", "MAR")
    staff.fill(f"{decision} [name=due_on]", "2014-03-10")
    _submit(staff, decision)
    assert staff.inner_text("[data-testid=created-commitment]") == code
    staff.screenshot(path=str(shots / "meeting-decision.png"), full_page=True)
    with staff.expect_navigation():
        staff.click("[data-testid=created-commitment]")
    commitment_url = staff.url
    commitment_id = commitment_url.rsplit("/", 1)[-1]

    # Morocco's focal point reports 40% with evidence.
    mar = _tab(browser, live_server, "focal.mar", lang)
    mar.goto(commitment_url)
    _report(mar, "40", [{"name": "strategy.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    assert mar.inner_text("[data-testid=attachment]") == "strategy.pdf"
    assert "40%" in mar.inner_text("[data-testid=percent]")
    mar.screenshot(path=str(shots / "progress-reported.png"), full_page=True)

    # Refusals, each with a clear message, and nothing changes.
    big = {"name": "scan.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-" + b"0" * LIMIT}
    mar.goto(commitment_url)
    _report(mar, "90", [big])
    too_large = {"en": "the limit for an attachment is", "ar": "والحد الأقصى للمرفق"}  # the page's language
    assert too_large[lang] in mar.inner_text("[role=alert]")
    mar.screenshot(path=str(shots / "refused-too-large.png"))
    mar.goto(commitment_url)
    _report(
        mar, "90", [{"name": "tool.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}]
    )
    assert {"en": "files .exe are not accepted", "ar": "الملفات من نوع .exe غير مقبولة"}[
        lang
    ] in mar.inner_text("[role=alert]")
    mar.screenshot(path=str(shots / "refused-forbidden-type.png"))
    lby = _tab(browser, live_server, "focal.lby", lang)
    lby.goto(f"{live_server}/secretariat/commitments?owner=LBY")
    with lby.expect_navigation():
        lby.click("[data-code=RD-2] a")
    lby.eval_on_selector(  # a tampered form: Libya's focal point reports on Morocco's commitment
        "[data-testid=report-progress] [name=commitment_id]", f"input => input.value = '{commitment_id}'"
    )
    _report(lby, "100", [{"name": "x.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    other_state = {"en": "you represent LBY, this belongs to MAR", "ar": "أنت تمثل LBY، وهذا يخص MAR"}
    assert other_state[lang] in lby.inner_text("[role=alert]")
    lby.screenshot(path=str(shots / "refused-other-state.png"))
    mar.goto(commitment_url)
    assert "40%" in mar.inner_text("[data-testid=percent]")
    assert mar.locator("[data-testid=attachment]").count() == 1

    # The overdue view and the conference report reflect the progress.
    staff.goto(f"{live_server}/secretariat/overdue")
    row = staff.locator(f"[data-testid=overdue] tr[data-code={code}]")
    assert "40%" in row.inner_text()
    staff.screenshot(path=str(shots / "overdue.png"), full_page=True)
    staff.goto(f"{live_server}/secretariat/report")
    assert "40%" in staff.inner_text(f"[data-testid=report-commitments] tr[data-code={code}]")
    assert staff.locator("[data-testid=chart-state] svg rect").count() > 0
    staff.screenshot(path=str(shots / "report.png"), full_page=True)
    for pdf_lang in ("en", "ar"):
        href = staff.get_attribute(f"[data-testid=pdf-{pdf_lang}]", "href")
        response = staff.context.request.get(f"{live_server}{href}")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        (shots / f"conference-report-{pdf_lang}.pdf").write_bytes(response.body())
        text = extract_text(io.BytesIO(response.body()))
        assert code in text and "40%" in text
        if pdf_lang == "ar":  # the owner column, shaped and drawn right to left
            assert_arabic_name_right_to_left(response.body(), "المغرب")

    # A working-group proposal from draft to approved: Libya (a member) drafts, staff approve.
    staff.goto(f"{live_server}/secretariat/groups")
    with staff.expect_navigation():
        staff.click("[data-testid=group-security]")
    group_url = staff.url
    members = "[data-testid=add-member]"
    staff.select_option(f"{members} [name=kind]", "state")
    staff.select_option(f"{members} [name=party]", "LBY")
    _submit(staff, members)
    lby.goto(group_url)
    draft = "[data-testid=new-proposal]"
    lby.fill(f"{draft} [name=name_en]", "Joint patrols on shared borders")
    lby.fill(f"{draft} [name=name_ar]", "دوريات مشتركة على الحدود المشتركة")
    lby.fill(f"{draft} [name=text]", "1. Joint patrols at Ras Jedir.")
    _submit(lby, draft)
    proposal_url = lby.url
    lby.fill("[data-testid=new-version] [name=text]", "1. Joint patrols at Ras Jedir.\n2. Monthly review.")
    _submit(lby, "[data-testid=new-version]")
    assert "v2" in lby.inner_text("[data-testid=versions]")
    assert lby.locator("[data-testid=move-approve]").count() == 0  # only the Secretariat approves
    with lby.expect_navigation():
        lby.click("[data-testid=move-submit_for_review]")
    staff.goto(proposal_url)
    with staff.expect_navigation():
        staff.click("[data-testid=move-approve]")
    approved = "مقبول" if lang == "ar" else "approved"
    assert approved in staff.inner_text("[data-testid=proposal-status]")
    assert "Egypt · 2014" in staff.inner_text("[data-testid=conference]")  # for the next conference
    staff.screenshot(path=str(shots / "proposal-approved.png"), full_page=True)
    for tab in (staff, mar, lby):
        tab.context.close()
