"""The desk's "cleared before" note keeps a Latin reviewer name and note apart from the Arabic sentence:
each in its own <bdi>, so that the closing bracket and full stop stay where the sentence puts them."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import token_for
from tests.e2e.test_border_web import sign_in
from tests.test_border_support import add_border_users, key, load_lists, passport


@pytest.fixture
def border_node(node, tmp_path):
    node.run(add_border_users)
    node.run(lambda s: load_lists(s, tmp_path / "lists"))
    return node


def _cleared_pairing(client, node) -> None:
    officer = {"Authorization": f"Bearer {token_for(node, 'officer.cmn')}"}
    body = {"mrz": passport(), "direction": "entry", "idempotency_key": key(), "decision": "referred"}
    made = client.post("/api/border/crossings", json=body, headers=officer)
    assert made.status_code == 201, made.text
    case_id = made.json()["cases"][0]["id"]
    supervisor = {"Authorization": f"Bearer {token_for(node, 'supervisor.cmn')}"}
    cleared = client.post(
        f"/api/border/cases/{case_id}/resolution",
        json={"outcome": "cleared", "note": "<b>other person</b>, papers checked"},
        headers=supervisor,
    )
    assert cleared.status_code == 200, cleared.text


def test_cleared_note_isolates_the_reviewer_and_the_note_in_arabic(client, border_node) -> None:
    _cleared_pairing(client, border_node)
    csrf = sign_in(client, "officer.cmn")
    client.post("/language", data={"lang": "ar", "csrf_token": csrf, "back": "/border"})
    form = {
        "csrf_token": csrf, "key": key(), "direction": "entry", "source": "mrz", "mrz": passport(),
        "visa_type": "none",
    }  # fmt: skip
    shown = client.post("/border/inspect", data=form, headers={"HX-Request": "true"})
    assert shown.status_code == 200
    note = re.search(r'data-testid="cleared-note">(.*?)</p>', shown.text, re.S)
    assert note, "no cleared-before note"
    assert "<bdi>supervisor.cmn</bdi>" in note.group(1)
    assert (
        '<bdi data-testid="cleared-reason">&lt;b&gt;other person&lt;/b&gt;, papers checked</bdi>'
        in note.group(1)
    )
    assert "<b>" not in note.group(1)  # still escaped
