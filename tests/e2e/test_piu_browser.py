"""The passenger information unit in Chromium, in English and Arabic: send a manifest with the upload
form, find the flight on the board, open it, and see the listed traveller ranked first with the reason."""

from __future__ import annotations

import pytest
from benchmarks.manifests_sample import Pax, crowd, paxlst

from tests.e2e.conftest import sign_in
from tests.e2e.test_ingest_api import LISTED, add_analyst, add_wanted_list, soon_flight

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
