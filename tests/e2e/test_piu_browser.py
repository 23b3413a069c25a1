"""The passenger information unit in Chromium, in English and Arabic: send a manifest with the upload
form, find the flight on the board, open it, and see the listed traveller ranked first with the reason;
then a target the analyst confirms waits at the arrival crossing point's queue and meets its traveller
at the desk."""

from __future__ import annotations

from datetime import date

import pytest
from benchmarks.manifests_sample import Pax, crowd, paxlst

from hudud.policy import Caller
from hudud.services import identity
from hudud.services.api_ingest import Ingestor
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.db import engine_for
from tests.e2e.conftest import sign_in
from tests.e2e.test_ingest_api import LISTED, add_analyst, add_wanted_list, soon_flight
from tests.test_border_support import add_border_users, passport

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_upload_board_and_flight_with_the_listed_traveller_first(
    node, live_server, page, tmp_path, artifacts, lang
) -> None:
    add_analyst(node)
    add_wanted_list(node, tmp_path)
    companion = Pax("HADDAD", "SAMI", LISTED.born.replace(year=2014), booking=LISTED.booking)
    manifest = tmp_path / "AT0801.edi"
    manifest.write_bytes(paxlst([*crowd(20, seed=5), companion, LISTED], soon_flight()))

    sign_in(page, live_server, "analyst.mar")
    page.goto(f"{live_server}/piu")
    if lang == "ar":
        page.click("[data-testid=lang-ar]")
        page.wait_for_url(f"{live_server}/piu")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")

    page.set_input_files("[data-testid=manifest-file]", str(manifest))
    page.click("[data-testid=manifest-upload]")
    page.wait_for_selector("[data-testid=uploaded-flight]")
    page.screenshot(path=str(artifacts / f"piu-upload-{lang}.png"), full_page=True)

    page.goto(f"{live_server}/piu")
    row = page.locator("[data-testid=board-arriving] [data-testid=flight-row]")
    assert row.count() == 1 and row.first.get_attribute("data-flight") == "AT0801"
    page.screenshot(path=str(artifacts / f"piu-board-{lang}.png"), full_page=True)

    row.first.locator("a").click()
    page.wait_for_selector("[data-testid=travellers]")
    first = page.locator("[data-testid=traveller]").first
    assert "HADDAD, KARIM" in first.locator("[data-testid=traveller-name]").inner_text()
    assert first.locator("[data-testid=reason-hit]").count() == 1
    second = page.locator("[data-testid=traveller]").nth(1)
    assert "HADDAD, SAMI" in second.locator("[data-testid=traveller-name]").inner_text()
    if lang == "ar":
        assert "الحجز" in second.locator("[data-testid=reason-flag]").first.inner_text()  # translated reason
    page.screenshot(path=str(artifacts / f"piu-flight-{lang}.png"), full_page=True)

    # a person decides: make the listed traveller a target for the arrival crossing point
    first.locator("input[name=reason]").fill("wanted list match")
    first.locator("select[name=assignee]").select_option("bcp")
    first.locator("[data-testid=target-form] button").click()
    page.wait_for_selector("[data-testid=traveller] .badge.bad")


def test_a_confirmed_target_waits_at_the_arrival_desk_and_meets_its_traveller(
    node, live_server, browser, page, tmp_path, artifacts
) -> None:
    """The analyst confirms a target on the targets page; Casablanca's officer finds the case in the
    queue before the aircraft lands, then reads the traveller's passport at the desk: the same case."""
    add_analyst(node)
    add_wanted_list(node, tmp_path)
    node.run(add_border_users)  # officer.cmn works at Casablanca airport (MAR-CMN)
    wanted = Pax("HADDAD", "KARIM", date(1980, 5, 17), nationality="DZA", document="P7654321", issuer="DZA")
    ingestor = Ingestor(UnitOfWork(engine_for(node.settings.effective_database_url)), node.settings)
    caller = Caller(ingestor.uow.run(lambda s: identity.principal_of(identity.find_user(s, "analyst.mar"))))
    data = paxlst([*crowd(5, seed=9), wanted], soon_flight())
    flight = ingestor.ingest(caller, data, channel="api", source="test")

    sign_in(page, live_server, "analyst.mar")
    page.goto(f"{live_server}/piu/flights/{flight.flight_id}")
    first = page.locator("[data-testid=traveller]").first
    first.locator("input[name=reason]").fill("wanted list match")
    first.locator("[data-testid=target-form] button").click()
    page.wait_for_selector("[data-testid=traveller] .badge.bad")

    page.goto(f"{live_server}/piu/targets")
    row = page.locator("[data-testid=target]").first
    chosen = row.locator("[data-testid=target-point]").evaluate("s => s.options[s.selectedIndex].text")
    assert chosen.startswith("Casablanca")  # the flight lands at CMN: its crossing point is proposed
    row.locator("input[name=note]").fill("same birth date and route as the listed person")
    row.locator("[data-testid=confirm-target]").click()
    page.wait_for_selector("[data-testid=referred-case]")
    sent = page.locator("[data-testid=referred-case]")
    assert sent.count() == 1 and "MAR-CMN" in sent.first.inner_text()
    case_id = sent.first.get_attribute("data-id")
    page.screenshot(path=str(artifacts / "piu-case-sent.png"), full_page=True)
    # a second click on the (now gone) form changes nothing: the target is decided, one case
    page.reload()
    assert page.locator("[data-testid=referred-case]").count() == 1

    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(officer, live_server, "officer.cmn")
    officer.goto(f"{live_server}/border/cases")
    waiting = officer.locator(f"[data-testid=queue-case][data-id='{case_id}']")
    waiting.wait_for()
    assert waiting.locator("[data-testid=queue-pre-arrival]").count() == 1
    officer.screenshot(path=str(artifacts / "piu-case-queue.png"), full_page=True)
    waiting.locator("a").first.click()
    officer.wait_for_selector("[data-testid=case-not-arrived]")
    assert officer.locator("[data-testid=expected-name]").inner_text() == "HADDAD, KARIM"

    officer.goto(f"{live_server}/border")
    officer.fill("[data-testid=desk-mrz]", passport("HADDAD", "KARIM", "P7654321", "DZA", date(1980, 5, 17)))
    officer.keyboard.press("Control+Enter")
    officer.locator("[data-testid=pre-arrival]").wait_for()
    link = officer.locator("[data-testid=pre-arrival-case]")
    assert link.get_attribute("href") == f"/border/cases/{case_id}"
    officer.screenshot(path=str(artifacts / "piu-case-at-the-desk.png"), full_page=True)
    officer.context.close()
