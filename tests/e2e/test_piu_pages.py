"""The unit's pages render for an analyst (board, flight, targets), the form upload works without HTMX, and
the problems of an uploaded list read in the page's language."""

from __future__ import annotations

import re

import pytest
from benchmarks.manifests_sample import crowd, paxlst

from tests.e2e.conftest import token_for
from tests.e2e.test_ingest_api import LISTED, add_analyst, add_wanted_list, soon_flight
from tests.test_border_support import add_border_users


def test_board_flight_and_targets_pages(client, node, tmp_path) -> None:
    add_analyst(node)
    add_wanted_list(node, tmp_path)
    token = {"Authorization": f"Bearer {token_for(node, 'analyst.mar')}"}
    result = client.post(
        "/api/manifests", content=paxlst([LISTED, *crowd(3)], soon_flight()), headers=token
    ).json()
    flight = client.get(f"/api/manifests/flights/{result['flight_id']}", headers=token).json()
    first = flight["travellers"][0]["id"]
    client.post(
        "/api/manifests/targets",
        json={"traveller_id": first, "assignee": "bcp", "reason": "check"},
        headers=token,
    )
    html = {**token, "Accept": "text/html"}
    board = client.get("/piu", headers=html)
    assert board.status_code == 200 and "AT0801" in board.text
    page = client.get(f"/piu/flights/{result['flight_id']}", headers=html)
    assert page.status_code == 200 and "HADDAD, KARIM" in page.text and "MAR-W-1" in page.text
    targets = client.get("/piu/targets", headers=html)
    assert targets.status_code == 200 and "HADDAD" in targets.text


def test_upload_form_without_htmx_answers_with_the_board(client, node) -> None:
    add_analyst(node)
    token = {"Authorization": f"Bearer {token_for(node, 'analyst.mar')}", "Accept": "text/html"}
    answer = client.post(
        "/piu/upload", files={"file": ("list.edi", paxlst(crowd(2), soon_flight()))}, headers=token
    )
    assert answer.status_code == 200 and 'data-testid="uploaded-flight"' in answer.text
    junk = client.post("/piu/upload", files={"file": ("junk.bin", b"\x00\x01" * 50)}, headers=token)
    assert junk.status_code == 200 and "binary" in junk.text


def test_officers_do_not_get_the_board_page(client, node) -> None:
    token = {"Authorization": f"Bearer {token_for(node, 'officer.mar')}", "Accept": "text/html"}
    assert client.get("/piu", headers=token).status_code == 403


def test_a_confirmed_target_over_the_api_and_its_case_page_before_arrival(client, node, tmp_path) -> None:
    """Confirm over the API (the answer names the case); the case is in the unit's list and, with what
    the unit sent, on Casablanca's case page (in Arabic too) before the traveller is there."""
    add_analyst(node)
    add_wanted_list(node, tmp_path)
    node.run(add_border_users)
    token = {"Authorization": f"Bearer {token_for(node, 'analyst.mar')}"}
    result = client.post("/api/manifests", content=paxlst([LISTED, *crowd(3)], soon_flight()), headers=token)
    flight = client.get(f"/api/manifests/flights/{result.json()['flight_id']}", headers=token).json()
    made = client.post(
        "/api/manifests/targets",
        json={"traveller_id": flight["travellers"][0]["id"], "assignee": "analysts", "reason": "check"},
        headers=token,
    ).json()
    decision = {"outcome": "confirmed", "note": "same person as listed"}
    confirmed = client.post(f"/api/manifests/targets/{made['id']}/decision", json=decision, headers=token)
    assert confirmed.status_code == 200, confirmed.text
    case = confirmed.json()["case"]
    assert (case["crossing_point"], case["arrived"], case["status"]) == ("MAR-CMN", False, "open")
    again = client.post(f"/api/manifests/targets/{made['id']}/decision", json=decision, headers=token)
    assert again.json()["case"]["id"] == case["id"]  # a second click: the same case
    assert [c["id"] for c in client.get("/api/manifests/cases", headers=token).json()] == [case["id"]]

    officer = {"Authorization": f"Bearer {token_for(node, 'officer.cmn')}"}
    read = client.get(f"/api/border/cases/{case['id']}", headers=officer).json()
    assert read["crossing"] is None and read["expected"]["traveller"]["surname"] == "HADDAD"
    html = client.get(f"/border/cases/{case['id']}", headers={**officer, "Accept": "text/html"})
    assert html.status_code == 200 and 'data-testid="case-not-arrived"' in html.text
    arabic = client.get(
        f"/border/cases/{case['id']}", headers={**officer, "Accept": "text/html", "Accept-Language": "ar"}
    )
    assert "وحدة معلومات الركاب" in arabic.text
    foreign = {"Authorization": f"Bearer {token_for(node, 'officer.alg')}"}
    assert client.get(f"/api/border/cases/{case['id']}", headers=foreign).status_code == 404


def _as(token: str, lang: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept-Language": lang, "Accept": "text/html"}


# A list with a bad birth date and an unknown nationality: both travellers are kept, both problems reported.
BROKEN_DATE = "DTM+329:801399: '801399' is not a valid date (YYMMDD or CCYYMMDD)"
BROKEN_COUNTRY = "NAT+2+QQQ: unknown country code 'QQQ'"


def _broken_list() -> bytes:
    body = re.sub(rb"DTM\+329:\d+", b"DTM+329:801399", paxlst(crowd(3), soon_flight()), count=1)
    return re.sub(rb"NAT\+2\+[A-Z]{3}", b"NAT+2+QQQ", body, count=1)


@pytest.mark.parametrize(
    ("lang", "bad_date", "bad_country"),
    [
        (
            "ar",
            "<bdi>DTM+329:801399</bdi>: <bdi>'801399'</bdi> ليس تاريخًا صالحًا (YYMMDD أو CCYYMMDD)",
            "<bdi>NAT+2+QQQ</bdi>: رمز بلد غير معروف <bdi>'QQQ'</bdi>",
        ),
        (
            "fr",
            "<bdi>DTM+329:801399</bdi> : <bdi>'801399'</bdi> n'est pas une date valide (AAMMJJ ou SSAAMMJJ)",
            "<bdi>NAT+2+QQQ</bdi> : code de pays inconnu <bdi>'QQQ'</bdi>",
        ),
    ],
)
def test_an_uploads_problems_read_in_the_page_language(client, node, lang, bad_date, bad_country) -> None:
    """An analyst reading Arabic or French reads each problem of the list in that language, on the upload's
    answer and later on the flight's page; the segment as sent stays as it is. The API keeps English."""
    add_analyst(node)
    token = token_for(node, "analyst.mar")
    data = _broken_list()
    answer = client.post(
        "/piu/upload",
        files={"file": ("list.edi", data)},
        headers={**_as(token, lang), "HX-Request": "true"},
    )
    assert answer.status_code == 200 and 'data-testid="uploaded-flight"' in answer.text
    uploaded = answer.text.replace("&#39;", "'")
    assert bad_date in uploaded and bad_country in uploaded
    assert BROKEN_DATE not in uploaded and "unknown country code" not in uploaded
    flight_id = re.search(r'href="/piu/flights/(\d+)"', answer.text).group(1)
    flight_page = client.get(f"/piu/flights/{flight_id}", headers=_as(token, lang)).text.replace("&#39;", "'")
    assert bad_date in flight_page and bad_country in flight_page and BROKEN_DATE not in flight_page
    english = client.get(f"/piu/flights/{flight_id}", headers=_as(token, "en")).text.replace("&#39;", "'")
    assert BROKEN_DATE in english and BROKEN_COUNTRY in english
    api = {"Authorization": f"Bearer {token}", "Accept-Language": lang}
    again = client.post("/api/manifests", content=data, headers=api).json()  # the same bytes again
    assert again["status"] == "duplicate"
    assert [set(e) for e in again["errors"]] == [{"segment", "message"}] * 2  # the API's contract, unchanged
    assert {e["message"] for e in again["errors"]} == {BROKEN_DATE, BROKEN_COUNTRY}
    flight = client.get(f"/api/manifests/flights/{flight_id}", headers=api).json()
    assert [set(e) for e in flight["manifests"][0]["issues"]] == [{"segment", "message"}] * 2
