"""A service's refusal or rejection reads in the page's language; the API keeps its English message and code."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import token_for
from tests.e2e.test_border_web import border_node, sign_in  # noqa: F401  (fixture)
from tests.e2e.test_ingest_api import add_analyst
from tests.test_border_support import passport

# bytes no EDIFACT starts with, carrying markup: the value is shown as it is, escaped
JUNK = b"<b>hello</b> this is no passenger list at all"


def _as(token: str, lang: str, accept: str = "text/html") -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": accept, "Accept-Language": lang}


def test_a_refused_page_reads_in_the_page_language_and_the_api_stays_english(client, node) -> None:
    token = token_for(node, "officer.mar")  # an officer is no analyst of the passenger information unit
    arabic = client.get("/piu", headers=_as(token, "ar"))
    assert arabic.status_code == 403
    assert "معلومات الركاب مخصصة لوحدة معلومات الركاب" in arabic.text
    assert "passenger information is for the passenger information unit" not in arabic.text
    french = client.get("/piu", headers=_as(token, "fr"))
    assert (
        "les informations passagers sont réservées à l'unité d'information passagers"
        in french.text.replace("&#39;", "'")
    )
    english = client.get("/piu", headers=_as(token, "en"))
    assert (
        english.status_code == 403
        and "passenger information is for the passenger information unit" in english.text
    )
    api = client.get("/api/manifests/board", headers=_as(token, "ar", "application/json"))
    assert api.status_code == 403
    assert api.json() == {
        "error": "forbidden",
        "message": "passenger information is for the passenger information unit",
    }


def test_a_rejected_upload_reads_in_the_page_language_with_its_value_escaped(client, node) -> None:
    add_analyst(node)
    token = token_for(node, "analyst.mar")
    files = {"file": ("list.edi", JUNK)}
    arabic = client.post("/piu/upload", files=files, headers=_as(token, "ar")).text
    assert "ليس تبادل EDIFACT: يجب أن يبدأ بـ UNA أو UNB أو UNH" in arabic
    assert "&lt;b&gt;hello" in arabic and "<b>hello" not in arabic  # the value, unchanged and escaped
    assert "not an EDIFACT interchange" not in arabic
    english_files = {"file": ("list.edi", JUNK + b" (2)")}  # other bytes: read now, not a stored outcome
    english = client.post("/piu/upload", files=english_files, headers=_as(token, "en")).text
    assert (
        "not an EDIFACT interchange: it should start with UNA, UNB or UNH, not &#39;&lt;b&gt;hello" in english
    )
    api = client.post("/api/manifests", content=JUNK, headers=_as(token, "ar", "application/json"))
    assert (
        api.status_code == 422
    )  # stored raw but unreadable: the API's answer, its fields and English reason
    body = api.json()
    assert set(body) == {"message_id", "status", "kind", "manifest_id", "flight_id", "travellers", "matches",
                         "flagged", "duplicate_of", "error", "errors"}  # fmt: skip
    assert (
        body["error"]
        == "not an EDIFACT interchange: it should start with UNA, UNB or UNH, not '<b>hello</b> this is'"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", "ما زال هناك تطابق مفتوح أو محتمل: أحِل المسافر أو ارفض دخوله"),
        ("en", "a hit is still open or a possible match: refer the traveller or refuse entry"),
    ],
)
def test_a_refused_border_decision_reads_in_the_page_language(client, border_node, lang, expected) -> None:  # noqa: F811
    csrf = sign_in(client, "officer.cmn")
    client.post(
        "/language", data={"lang": lang, "csrf_token": csrf, "back": "/border"}
    )  # the officer's choice
    desk = client.get("/border").text
    submission = re.search(r'name="key" value="([0-9a-f]+)"', desk).group(1)
    form = {
        "csrf_token": csrf, "key": submission, "direction": "entry", "source": "mrz", "mrz": passport(),
        "visa_type": "none",
    }  # fmt: skip
    shown = client.post("/border/inspect", data=form, headers={"HX-Request": "true"})
    crossing = re.search(r'data-crossing="(\d+)"', shown.text).group(1)
    refused = client.post(
        f"/border/crossings/{crossing}/decision",
        data={"csrf_token": csrf, "decision": "admitted", "key": submission},
        headers={"HX-Request": "true"},
    )
    error = re.search(r'data-testid="desk-error">(.*?)</p>', refused.text, re.S).group(1)
    assert expected in error.replace("&#39;", "'")


def test_a_rejected_upload_sent_again_reads_in_the_page_language(client, node) -> None:
    """The same unreadable bytes a second time: the stored outcome (its reason kept in English) is worded
    in the page's language too."""
    add_analyst(node)
    token = token_for(node, "analyst.mar")
    files = {"file": ("list.edi", JUNK + b" (again)")}
    first = client.post("/piu/upload", files=files, headers=_as(token, "en")).text
    assert "not an EDIFACT interchange" in first
    arabic = client.post("/piu/upload", files=files, headers=_as(token, "ar")).text
    assert "ليس تبادل EDIFACT: يجب أن يبدأ بـ UNA أو UNB أو UNH" in arabic
    assert "not an EDIFACT interchange" not in arabic and "&lt;b&gt;hello" in arabic
