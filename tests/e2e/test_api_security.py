"""The HTTP API keeps its promises: no credentials → 401, another state's record → 403 without telling
whether it exists, bad tokens and bad input → clear 4xx that change nothing."""

from __future__ import annotations

import os
from datetime import timedelta

from hudud import compiled
from hudud.services import travellers
from hudud.store.tables import ApiToken, TravellerRecord
from tests.e2e.conftest import PASSWORD, token_for


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _traveller_count(node) -> int:
    return node.run(lambda s: s.query(TravellerRecord).count())


def test_no_credentials_gets_401(client) -> None:
    for path in ("/api/me", "/api/travellers/1", "/api/travellers?q=ta", "/api/reference/parties"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"] == "not_authenticated"


def test_officer_of_another_state_gets_403_and_learns_nothing(client, node) -> None:
    mar, dza = token_for(node, "officer.mar"), token_for(node, "officer.dza")
    created = client.post(
        "/api/travellers", json={"surname": "EL AMRANI", "given_names": "YOUSSEF"}, headers=_bearer(mar)
    )
    assert created.status_code == 201
    record_id = created.json()["id"]
    assert client.get(f"/api/travellers/{record_id}", headers=_bearer(mar)).json()["surname"] == "EL AMRANI"

    foreign = client.get(f"/api/travellers/{record_id}", headers=_bearer(dza))
    absent = client.get(f"/api/travellers/{record_id + 1000}", headers=_bearer(dza))
    assert foreign.status_code == absent.status_code == 403
    assert foreign.json() == absent.json()  # same answer: existence is not leaked
    assert "EL AMRANI" not in foreign.text
    # Search stays within the caller's state too.
    assert client.get("/api/travellers?q=AMRANI", headers=_bearer(dza)).json() == []


def test_roles_without_personal_data_are_refused(client, node) -> None:
    trainer = token_for(node, "trainer.rtc")
    response = client.get("/api/travellers?q=ab", headers=_bearer(trainer))
    assert response.status_code == 403


def test_expired_revoked_and_unknown_tokens_get_401_with_the_reason(client, node) -> None:
    token = token_for(node, "officer.mar")
    assert client.get("/api/me", headers=_bearer(token)).json()["username"] == "officer.mar"

    def expire(session) -> None:
        for row in session.query(ApiToken):
            row.expires_at -= timedelta(days=365)

    node.run(expire)
    assert "expired" in client.get("/api/me", headers=_bearer(token)).json()["message"]

    fresh = client.post(
        "/api/tokens", json={"name": "laptop", "days": 5}, headers=_bearer(token_for(node, "officer.mar"))
    )
    assert fresh.status_code == 201 and fresh.json()["token"].startswith("hud_")
    issued = fresh.json()
    revoke = client.delete(f"/api/tokens/{issued['id']}", headers=_bearer(issued["token"]))
    assert revoke.status_code == 200 and revoke.json()["revoked_at"]
    after = client.get("/api/me", headers=_bearer(issued["token"]))
    assert after.status_code == 401 and "revoked" in after.json()["message"]
    assert client.get("/api/me", headers=_bearer("hud_not-a-real-token")).status_code == 401


def test_malformed_json_gets_a_clear_422_and_stores_nothing(client, node) -> None:
    token = token_for(node, "officer.mar")
    before = _traveller_count(node)
    response = client.post(
        "/api/travellers",
        content=b'{"surname": "TAZI",',
        headers={**_bearer(token), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert "not valid JSON" in response.json()["message"]
    wrong = client.post("/api/travellers", json={"surname": "TAZI", "sex": "Q"}, headers=_bearer(token))
    assert wrong.status_code == 422 and "sex" in wrong.json()["message"]
    assert _traveller_count(node) == before


def test_body_over_the_limit_gets_413_and_stores_nothing(client, node) -> None:
    token = token_for(node, "officer.mar")
    before = _traveller_count(node)
    huge = b'{"surname": "' + b"A" * (3 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/travellers", content=huge, headers={**_bearer(token), "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["message"]
    assert _traveller_count(node) == before


def _sign_in(client, username: str, password: str = PASSWORD):
    page = client.get("/login")
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf},
        follow_redirects=False,
    ), csrf


def test_form_without_csrf_token_is_refused_and_changes_nothing(client, node) -> None:
    response, csrf = _sign_in(client, "officer.mar")
    assert response.status_code == 303
    cookie = client.cookies.get("hudud_session")
    assert cookie
    refused = client.post("/account/tokens", data={"name": "no csrf", "days": 5})
    assert refused.status_code == 403
    assert "security token" in refused.text
    # Cookie-authenticated API writes need the CSRF header as well.
    assert client.post("/api/travellers", json={"surname": "X"}).status_code == 403
    assert node.run(lambda s: s.query(ApiToken).count()) == 0
    # The token rotates at sign-in (no session fixation): the pre-login one no longer works.
    assert (
        client.post("/account/tokens", data={"name": "old", "days": 5, "csrf_token": csrf}).status_code == 403
    )
    fresh = client.get("/account").text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    accepted = client.post("/account/tokens", data={"name": "with csrf", "days": 5, "csrf_token": fresh})
    assert accepted.status_code == 201 and "hud_" in accepted.text


def test_wrong_password_then_throttling(client) -> None:
    for _ in range(3):
        response, _ = _sign_in(client, "officer.mar", "not the password")
        assert response.status_code == 401
        assert "Wrong username or password" in response.text
    response, _ = _sign_in(client, "officer.mar")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text


def test_session_cookie_is_httponly_and_samesite(client) -> None:
    response, _ = _sign_in(client, "officer.mar")
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header


def test_health_and_readiness(client) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok"
    assert client.get("/readyz").json()["status"] == "ready"
    # operators see whether the node screens with the compiled engine or the slower source
    built = compiled.state()[0] == "compiled" and os.environ.get(compiled.PURE_VARIABLE) != "1"
    assert health["screening_engine"] == ("compiled" if built else "pure")


def test_api_docs_are_served_offline(client) -> None:
    docs = client.get("/api/docs")
    assert "/static/vendor/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text.lower()
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
    assert "/api/travellers/{traveller_id}" in client.get("/api/openapi.json").json()["paths"]


def test_unknown_route_gets_a_clear_404(client) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.json()["message"]


def test_search_is_audited_without_names_in_the_log(client, node) -> None:
    token = token_for(node, "officer.mar")
    node.run(lambda s: None)
    client.post("/api/travellers", json={"surname": "BOUDIAF"}, headers=_bearer(token))
    client.get("/api/travellers?q=BOUD", headers=_bearer(token))
    from hudud.store.tables import AuditRecord

    rows = node.run(
        lambda s: [(r.action, r.detail or "") for r in s.query(AuditRecord).order_by(AuditRecord.id)]
    )
    assert ("traveller.search", "results=1") in rows
    assert all("BOUD" not in detail for _, detail in rows)
    assert travellers.NOT_VISIBLE  # the refusal text the API uses is defined once


def test_disabling_a_user_ends_sessions_and_tokens(client, node) -> None:
    from hudud.services import identity
    from tests.e2e.conftest import SYSTEM

    token = token_for(node, "officer.mar")
    response, _ = _sign_in(client, "officer.mar")
    assert response.status_code == 303 and client.get("/account").status_code == 200
    node.run(lambda s: identity.disable_user(s, SYSTEM, "officer.mar"))
    after = client.get("/account", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/login")
    assert client.get("/api/me", headers=_bearer(token)).status_code == 401
    again, _ = _sign_in(client, "officer.mar")
    assert again.status_code == 401
