"""The conference report's charts in Chromium: in Arabic they are mirrored (bars grow from the right,
labels on the right, the chart at the right of its card, the status bar and legend starting at the
right); in English they read from the left as before. Screenshots go to the artifacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from hudud.services import secretariat_demo
from tests.e2e.conftest import sign_in
from tests.e2e.test_secretariat_api import node  # noqa: F401  (the node with Secretariat users)

pytestmark = pytest.mark.browser


def _box(tab, selector: str, index: int = 0) -> dict[str, float]:  # type: ignore[no-untyped-def]
    box = tab.locator(selector).nth(index).bounding_box()
    assert box is not None, selector
    return box


def _right(box: dict[str, float]) -> float:
    return box["x"] + box["width"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_charts_follow_the_page_direction(browser, live_server, node, artifacts: Path, lang: str) -> None:  # noqa: F811
    node.run(lambda s: secretariat_demo.load_secretariat_demo(s, node.settings.var_dir))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    sign_in(tab, live_server, "staff.sec")
    tab.click(f"[data-testid=lang-{lang}]")
    tab.wait_for_selector(f"html[lang={lang}]")
    tab.goto(f"{live_server}/secretariat/report")
    tab.screenshot(path=str(artifacts / f"report-charts-{lang}.png"), full_page=True)

    for chart in ("chart-state", "chart-group"):
        section = _box(tab, f"[data-testid={chart}]")
        svg = _box(tab, f"[data-testid={chart}] svg")
        track = _box(tab, f"[data-testid={chart}] [data-part=track]")
        label = _box(tab, f"[data-testid={chart}] [data-part=label]")
        if lang == "ar":  # labels on the right of the bars, the chart at the right of its card
            assert label["x"] >= _right(track), chart
            assert _right(section) - _right(svg) < 40, chart
        else:
            assert _right(label) <= track["x"], chart
            assert svg["x"] - section["x"] < 40, chart

    # A partly filled bar (Libya's, 50% in the demo data) grows from the right in Arabic.
    widths = tab.eval_on_selector_all(
        "[data-testid=chart-state] [data-part=filled]", "rects => rects.map(r => r.getBBox().width)"
    )
    row = next(i for i, width in enumerate(widths) if width > 0)
    track = _box(tab, "[data-testid=chart-state] [data-part=track]", row)
    filled = _box(tab, "[data-testid=chart-state] [data-part=filled]", row)
    assert 0 < filled["width"] < track["width"]
    if lang == "ar":
        assert abs(_right(filled) - _right(track)) < 1
    else:
        assert abs(filled["x"] - track["x"]) < 1

    svg = _box(tab, "[data-testid=chart-status] svg")
    first = _box(tab, "[data-testid=chart-status] [data-part=segment]")  # completed, the first status
    swatch = _box(tab, "[data-testid=chart-status] [data-part=swatch]")
    if lang == "ar":
        assert abs(_right(first) - _right(svg)) < 1
        assert abs(_right(swatch) - _right(svg)) < 1
    else:
        assert abs(first["x"] - svg["x"]) < 1
        assert abs(swatch["x"] - svg["x"]) < 1
    context.close()
