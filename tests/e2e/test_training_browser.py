"""The Regional Training Centre in Chromium, in English and in Arabic: course → session → nomination →
approval → attendance → assessment → certificate PDF → public verification, a trainee's exercise
and score, and the refusals a person must understand. Screenshots and PDFs go to the artifacts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextLine

from tests.e2e.conftest import sign_in
from tests.e2e.test_training_api import add_training_users

pytestmark = pytest.mark.browser

NAME = "Youssef El Amrani"
NAME_AR = "يوسف العمراني"
ARABIC = re.compile("[\u0600-\u06ff]")


def _lines(pdf: bytes) -> list[list[LTChar]]:
    found: list[list[LTChar]] = []

    def walk(item: object) -> None:
        if isinstance(item, LTTextLine):
            found.append([c for c in item if isinstance(c, LTChar)])
        elif hasattr(item, "__iter__"):
            for child in item:  # type: ignore[union-attr]
                walk(child)

    for page in extract_pages(io.BytesIO(pdf)):
        walk(page)
    return found


def assert_arabic_name_right_to_left(pdf: bytes, name: str) -> None:
    """The name's letters, read from the rightmost glyph leftwards, spell it in logical order: the
    first letter is drawn furthest right. (Plain extraction returns the visual, reversed order.)"""
    letters = name.replace(" ", "")
    for line in _lines(pdf):
        glyphs = [c for c in line if c.get_text().strip()]
        if not any(ARABIC.match(c.get_text()) for c in glyphs):
            continue
        right_to_left = "".join(c.get_text() for c in sorted(glyphs, key=lambda c: -c.x0))
        if right_to_left == letters:
            left_to_right = "".join(c.get_text() for c in sorted(glyphs, key=lambda c: c.x0))
            assert left_to_right != letters  # drawn right to left, not in typing order
            return
    raise AssertionError(f"{name} is not drawn right to left in the PDF")


def _user_tab(browser, live_server: str, username: str, lang: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    sign_in(tab, live_server, username)
    tab.click(f"[data-testid=lang-{lang}]")
    tab.wait_for_selector(f"html[lang={lang}]")
    return tab


def _submit(tab, form: str) -> None:  # type: ignore[no-untyped-def]
    with tab.expect_navigation():
        tab.click(f"{form} button[type=submit]")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_whole_training_flow(browser, page, live_server, node, artifacts: Path, lang: str) -> None:
    add_training_users(node)
    shots = artifacts / f"training-{lang}"
    shots.mkdir(exist_ok=True)
    # Centre staff: course and session.
    sign_in(page, live_server, "trainer.rtc")
    page.click(f"[data-testid=lang-{lang}]")
    page.wait_for_selector(f"html[lang={lang}][dir={'rtl' if lang == 'ar' else 'ltr'}]")
    page.goto(f"{live_server}/training")
    course = "[data-testid=new-course]"
    page.fill(f"{course} [name=code]", f"DOC-{lang.upper()}")
    page.fill(f"{course} [name=name_en]", "Document fraud detection")
    page.fill(f"{course} [name=name_ar]", "كشف تزوير الوثائق")
    page.fill(f"{course} [name=name_fr]", "Détection de la fraude documentaire")
    page.fill(f"{course} [name=duration_days]", "2")
    page.select_option(f"{course} [name=partner]", "IOM")
    _submit(page, course)
    title = "كشف تزوير الوثائق" if lang == "ar" else "Document fraud detection"
    assert page.inner_text("[data-testid=course-title]") == title
    session = "[data-testid=new-session]"
    page.fill(f"{session} [name=start]", "2026-03-02")
    page.fill(f"{session} [name=end]", "2026-03-03")
    page.fill(f"{session} [name=venue]", "Rabat")
    page.fill(f"{session} [name=capacity]", "2")
    page.fill(f"{session} [name=trainer_name]", "Leila Mansour")
    _submit(page, session)
    session_url = page.url
    seats = "[data-testid=allot-seats]"
    page.select_option(f"{seats} [name=country]", "MAR")
    page.fill(f"{seats} [name=seats]", "1")
    _submit(page, seats)
    page.select_option(f"{seats} [name=country]", "DZA")
    page.fill(f"{seats} [name=seats]", "5")
    _submit(page, seats)
    overbooked = {  # the refusal in the page's language
        "en": "overbooked: 6 seats would be allotted for a capacity of 2",
        "ar": "تجاوز للسعة: سيبلغ عدد المقاعد المخصصة 6 والسعة 2",
    }
    assert overbooked[lang] in page.inner_text("[role=alert]")
    page.screenshot(path=str(shots / "refused-overbooked.png"))
    page.goto(session_url)
    page.select_option(f"{seats} [name=country]", "DZA")
    page.fill(f"{seats} [name=seats]", "1")
    _submit(page, seats)

    # Focal points: Morocco nominates; Algeria may not nominate for Morocco.
    focal = _user_tab(browser, live_server, "focal.mar", lang)
    focal.goto(session_url)
    form = "[data-testid=nominate]"
    focal.fill(f"{form} [name=name]", NAME)
    focal.fill(f"{form} [name=name_ar]", NAME_AR)
    focal.fill(f"{form} [name=username]", "trainee.mar")
    _submit(focal, form)
    assert NAME_AR in focal.inner_text("[data-testid=nominations]")
    focal.screenshot(path=str(shots / "nominated.png"), full_page=True)
    other = _user_tab(browser, live_server, "focal.dza", lang)
    other.goto(session_url)
    other.eval_on_selector(f"{form} [name=country]", "input => input.value = 'MAR'")  # a tampered form
    other.fill(f"{form} [name=name]", "Someone Else")
    _submit(other, form)
    own_state = {"en": "own state only: you represent DZA", "ar": "إلا موظفي دولها: أنت تمثل DZA"}
    assert own_state[lang] in other.inner_text("[role=alert]")
    other.screenshot(path=str(shots / "refused-other-state.png"))

    # Centre: approve, attendance on both days, assessment, certificate.
    page.goto(session_url)
    with page.expect_navigation():
        page.click("[data-testid=nominations] [data-testid=approve]")
    for day in ("2026-03-02", "2026-03-03"):
        attendance = f"[data-testid=attendance-{day}]"
        page.check(f"{attendance} [name=present]")
        with page.expect_navigation():
            page.click(f"{attendance} button[type=submit]")
    page.fill("[data-testid=nominations] [data-testid=score]", "84")
    with page.expect_navigation():
        page.press("[data-testid=nominations] [data-testid=score]", "Enter")
    with page.expect_navigation():
        page.click("[data-testid=issue]")
    code = page.inner_text("[data-testid=nominations] [data-testid=code]").strip()
    assert re.fullmatch(r"RTC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", code)
    page.screenshot(path=str(shots / "session-certified.png"), full_page=True)
    for pdf_lang in ("en", "ar", "fr"):
        href = page.get_attribute(f"[data-testid=pdf-{pdf_lang}]", "href")
        response = page.context.request.get(f"{live_server}{href}")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        pdf = response.body()
        (shots / f"certificate-{pdf_lang}.pdf").write_bytes(pdf)
        assert_arabic_name_right_to_left(pdf, NAME_AR)
        if pdf_lang == "fr":  # the certificate in French too, as the centre's courses are
            assert "Certificat de réussite" in extract_text(io.BytesIO(pdf))

    # Anyone: public verification, without signing in; a forged code is refused.
    public = browser.new_context(locale="ar" if lang == "ar" else "en-GB").new_page()
    public.goto(f"{live_server}/verify/{code}")
    verification = public.inner_text("[data-testid=verification]")
    assert NAME in verification and NAME_AR in verification and title in verification
    assert public.inner_text("[data-testid=status]") == ("صالحة" if lang == "ar" else "valid")
    public.screenshot(path=str(shots / "verified.png"))
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = public.goto(f"{live_server}/verify/{forged}")
    assert response is not None and response.status == 404
    assert "forged" in public.inner_text("[data-testid=refusal]")
    public.screenshot(path=str(shots / "refused-forged-code.png"))

    # The trainee: their record with the certificate, then an exercise and its score.
    trainee = _user_tab(browser, live_server, "trainee.mar", lang)
    trainee.goto(f"{live_server}/training")
    assert code in trainee.inner_text("[data-testid=my-record]")
    trainee.goto(f"{live_server}/training/exercises")
    with trainee.expect_navigation():
        trainee.click("[data-testid=start-exercise]")
    scenarios = trainee.locator("section[data-testid^=scenario-]")
    for index in range(scenarios.count()):
        sid = (scenarios.nth(index).get_attribute("data-testid") or "").removeprefix("scenario-")
        trainee.check(f"[data-testid=refer-{sid}]")
    trainee.check("[data-testid^=issue-][data-testid$=-mrz] >> nth=0")
    with trainee.expect_navigation():
        trainee.click("[data-testid=submit-exercise]")
    score = trainee.inner_text("[data-testid=exercise-score]")
    assert re.search(r"\d+", score)
    assert trainee.locator("[data-testid=scenario-score]").count() == scenarios.count()
    assert trainee.locator("[data-testid=missed]").count() >= 1  # feedback on what was missed
    trainee.screenshot(path=str(shots / "exercise-scored.png"), full_page=True)
    for tab in (focal, other, public, trainee):
        tab.context.close()
