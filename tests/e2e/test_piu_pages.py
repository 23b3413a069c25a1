"""The unit's pages render for an analyst (board, flight, targets), and the form upload works without HTMX."""

from __future__ import annotations

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
