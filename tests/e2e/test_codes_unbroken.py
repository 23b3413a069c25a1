"""Codes in narrow table cells (a crossing point NER-ASSAMAKA, an ICAO code) stay whole and in their own
order on an Arabic page: isolated in a <bdi class="code">, never broken at the hyphen."""

from __future__ import annotations

from pathlib import Path

import pytest

from hudud.services import secretariat_demo
from tests.e2e.conftest import sign_in, token_for
from tests.e2e.test_secretariat_api import node  # noqa: F401  (the node with Secretariat users)

pytestmark = pytest.mark.browser


def test_crossing_point_codes_do_not_break_in_narrow_arabic_cells(
    browser,
    live_server,
    node,  # noqa: F811
    artifacts: Path,
) -> None:
    node.run(lambda s: secretariat_demo.load_secretariat_demo(s, node.settings.var_dir))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    sign_in(tab, live_server, "staff.sec")
    tab.click("[data-testid=lang-ar]")
    tab.wait_for_selector("html[lang=ar][dir=rtl]")
    tab.set_viewport_size({"width": 560, "height": 900})  # a tablet at the post: narrow cells
    tab.goto(f"{live_server}/secretariat/capacity")
    for table in ("gaps", "equipment", "offers"):
        codes = tab.locator(f"[data-testid={table}] td bdi.code", has_text="NER-ASSAMAKA")
        assert codes.count() >= 1, table
        for i in range(codes.count()):
            lines = codes.nth(i).evaluate("(el) => el.getClientRects().length")
            assert lines == 1, (table, "NER-ASSAMAKA broken over lines")
    tab.screenshot(path=str(artifacts / "capacity-codes-ar.png"), full_page=True)
    context.close()


def test_other_tables_mark_their_codes(client, node) -> None:  # noqa: F811
    officer = {"Authorization": f"Bearer {token_for(node, 'officer.mar')}", "Accept-Language": "ar"}
    home = client.get("/", headers=officer).text  # the state's crossing points
    assert '<td><bdi class="code">MAR-' in home and '<td dir="ltr">MAR-' not in home
