"""Screening explanations read in the page's language: the analyst search, the border desk, a hit case
(stored reasons, and the English text of older cases) and the unit's flight page — and in Chromium,
a Latin name inside an Arabic sentence keeps right-to-left order."""

from __future__ import annotations

import html
import re

import pytest
from benchmarks.manifests_sample import crowd, paxlst

from hudud.store.border_tables import BorderCase
from tests.e2e.conftest import sign_in, token_for
from tests.e2e.test_ingest_api import LISTED, add_analyst, add_wanted_list, soon_flight
from tests.test_border_support import add_border_users, key, load_lists, passport

QUERY = {"name": "Kareem Benhaddou", "birth_date": "1975"}
ARABIC_PAIR = "الاسم <bdi>Kareem</bdi> ≈ <bdi>Karim</bdi> (تهجئة بديلة)"


@pytest.fixture
def border_node(node, tmp_path):
    node.run(add_border_users)
    node.run(lambda s: load_lists(s, tmp_path / "lists"))
    return node


def _page(token: str, lang: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "text/html", "Accept-Language": lang}


def _explanations(text: str) -> list[str]:
    return re.findall(r'data-testid="explanation">(.*?)</p>', text)


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"</?bdi>", "", fragment))


def test_search_page_explains_in_the_page_language(client, border_node) -> None:
    token = token_for(border_node, "officer.cmn")
    api = client.post("/api/screen", json=QUERY, headers={"Authorization": f"Bearer {token}"}).json()
    best = api["results"][0]
    assert best["id"] == "MAR-W-001" and "(spelling variant)" in best["explanation"]  # the API: English
    english = client.get("/screening", params=QUERY, headers=_page(token, "en"))
    assert english.status_code == 200
    assert _plain(_explanations(english.text)[0]) == best["explanation"]  # word for word the CLI's line
    arabic = client.get("/screening", params=QUERY, headers=_page(token, "ar"))
    shown = _explanations(arabic.text)[0]
    assert ARABIC_PAIR in shown and "سنة الميلاد <bdi>1975</bdi>" in shown and "؛ " in shown
    assert not re.search(r"spelling|birth|listed|name score", shown)
    french = _explanations(client.get("/screening", params=QUERY, headers=_page(token, "fr")).text)[0]
    assert "nom <bdi>Kareem</bdi> ≈ <bdi>Karim</bdi> (variante orthographique)" in french


def _desk_case(client, node) -> dict:
    officer = {"Authorization": f"Bearer {token_for(node, 'officer.cmn')}"}
    body = {"mrz": passport(), "direction": "entry", "idempotency_key": key(), "decision": "referred"}
    answer = client.post("/api/border/crossings", json=body, headers=officer)
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_case_from_a_desk_hit_keeps_its_reasons_and_reads_in_arabic(client, border_node) -> None:
    made = _desk_case(client, border_node)
    hit, case = made["hits"][0], made["cases"][0]
    assert hit["explanation"] == case["explanation"]  # the English text is stored as before
    assert border_node.run(lambda s: s.get(BorderCase, case["id"]).reasons) == hit["reasons"]
    assert hit["reasons"][0] == {"code": "name.same", "role": "given", "query": "Karim", "listed": "Karim"}
    token = token_for(border_node, "officer.cmn")
    arabic = _explanations(client.get(f"/border/cases/{case['id']}", headers=_page(token, "ar")).text)
    assert arabic[0].startswith(
        "الاسم الأول <bdi>Karim</bdi> = <bdi>Karim</bdi>؛ اسم العائلة <bdi>Benhaddou</bdi>"
    )
    english = _explanations(client.get(f"/border/cases/{case['id']}", headers=_page(token, "en")).text)
    assert _plain(english[0]) == case["explanation"]

    def older(session) -> None:  # a case opened before the reasons were kept
        session.get(BorderCase, case["id"]).reasons = None

    border_node.run(older)
    kept = _explanations(client.get(f"/border/cases/{case['id']}", headers=_page(token, "ar")).text)
    assert html.unescape(kept[0]) == case["explanation"]


def test_desk_inspection_explains_the_hit_in_arabic(client, border_node) -> None:
    csrf_of = lambda text: text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]  # noqa: E731
    login = client.get("/login")
    client.post(
        "/login",
        data={
            "username": "officer.cmn",
            "password": "correct horse battery",
            "csrf_token": csrf_of(login.text),
        },
    )
    csrf = csrf_of(client.get("/border").text)
    client.post(
        "/language", data={"lang": "ar", "csrf_token": csrf, "back": "/border"}
    )  # the officer's choice
    form = {"csrf_token": csrf, "key": key(), "direction": "entry", "source": "mrz", "mrz": passport(),
            "visa_type": "none"}  # fmt: skip
    shown = client.post("/border/inspect", data=form, headers={"HX-Request": "true"})
    assert 'data-testid="desk-hit"' in shown.text
    assert "اسم العائلة <bdi>Benhaddou</bdi> = <bdi>Benhaddou</bdi>" in _explanations(shown.text)[0]


def test_flight_page_explains_list_matches_in_arabic(client, node, tmp_path) -> None:
    add_analyst(node)
    add_wanted_list(node, tmp_path)
    token = token_for(node, "analyst.mar")
    result = client.post(
        "/api/manifests", content=paxlst([LISTED, *crowd(2)], soon_flight()),
        headers={"Authorization": f"Bearer {token}"},
    ).json()  # fmt: skip
    page = client.get(f"/piu/flights/{result['flight_id']}", headers=_page(token, "ar")).text
    line = re.search(
        r'data-testid="reason-hit">.*?<span class="muted explanation" dir="auto">(.*?)</span></li>', page
    )
    assert line is not None and "الاسم الأول <bdi>Karim</bdi> = <bdi>Karim</bdi>" in line.group(1)


@pytest.mark.browser
def test_arabic_search_page_in_chromium_reads_right_to_left(
    browser, border_node, live_server, artifacts
) -> None:
    """The Latin names stay whole inside the Arabic sentence, which runs right to left: the traveller's
    spelling stands to the right of the listed one (to the left in English)."""
    boxes = {}
    for lang in ("en", "ar"):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
        tab = context.new_page()
        sign_in(tab, live_server, "officer.cmn")
        if lang == "ar":
            tab.click("[data-testid=lang-ar]")
            tab.wait_for_load_state()
        tab.goto(f"{live_server}/screening?name=Kareem+Benhaddou&birth_date=1975")
        explanation = tab.locator("[data-testid=hit][data-id='MAR-W-001'] [data-testid=explanation]")
        explanation.wait_for()
        text = explanation.inner_text()
        assert ("تهجئة بديلة" in text) == (lang == "ar") and ("spelling variant" in text) == (lang == "en")
        boxes[lang] = [
            explanation.locator("bdi", has_text=name).first.bounding_box() for name in ("Kareem", "Karim")
        ]
        tab.screenshot(path=str(artifacts / f"explanation-{lang}.png"), full_page=True)
        context.close()
    (query_en, listed_en), (query_ar, listed_ar) = boxes["en"], boxes["ar"]
    assert query_en["x"] < listed_en["x"] and query_ar["x"] > listed_ar["x"]
