"""The shell's own error pages (no such page, method not allowed, internal error) read in the page's
language; the API keeps its English message and code."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from hudud.web.app import create_app
from tests.e2e.conftest import token_for


def _as(token: str, lang: str, accept: str = "text/html") -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": accept, "Accept-Language": lang}


def _alert(text: str) -> str:
    return re.findall(r'<p role="alert">(.*?)</p>', text, re.S)[0]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "no such page or resource"), ("fr", "page ou ressource introuvable"), ("ar", "غير موجود")],
)
def test_no_such_page_reads_in_the_page_language(client, node, lang: str, expected: str) -> None:
    answer = client.get("/no-such-page", headers=_as(token_for(node, "officer.mar"), lang))
    assert answer.status_code == 404
    assert expected in _alert(answer.text)
    if lang != "en":
        assert "no such page" not in answer.text


def test_the_api_keeps_the_english_message(client, node) -> None:
    answer = client.get(
        "/api/no-such-thing", headers=_as(token_for(node, "officer.mar"), "ar", "application/json")
    )
    assert answer.status_code == 404
    assert answer.json() == {"error": "http", "message": "no such page or resource"}


def test_internal_error_page_reads_in_the_page_language(node) -> None:
    app = create_app(node.settings)

    def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/broken", broken)
    token = token_for(node, "officer.mar")
    with TestClient(app, raise_server_exceptions=False) as client:
        french = client.get("/broken", headers=_as(token, "fr"))
        api = client.get("/broken", headers=_as(token, "fr", "application/json"))
    assert french.status_code == 500
    assert re.search(r"une erreur interne s.*produite \(référence [0-9a-f]{12}\)", _alert(french.text))
    assert "internal error occurred" not in french.text
    assert api.status_code == 500 and api.json()["message"].startswith(
        "an internal error occurred (reference "
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Invalid request: the address or a form field is not valid (crossing_id)."),
        (
            "fr",
            "Requête invalide : l&#39;adresse ou un champ du formulaire n&#39;est pas valide (crossing_id).",
        ),
        ("ar", "طلب غير صالح: العنوان أو أحد حقول الاستمارة غير صالح (crossing_id)."),
    ],
)
def test_an_invalid_address_reads_in_the_page_language(client, node, lang: str, expected: str) -> None:
    answer = client.get("/border/crossings/abc", headers=_as(token_for(node, "officer.mar"), lang))
    assert answer.status_code == 422
    assert expected in _alert(answer.text)
    assert "Input should be" not in answer.text and "path.crossing_id" not in answer.text


def test_an_invalid_api_request_keeps_the_english_message(client, node) -> None:
    answer = client.get(
        "/api/border/crossings/abc", headers=_as(token_for(node, "officer.mar"), "ar", "application/json")
    )
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("invalid request: path.crossing_id: Input should be a valid")
