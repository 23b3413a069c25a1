"""Alerts pages over HTTP (no browser): every page renders in English, Arabic and French; a node without
keys says what the operator must run instead of failing; forms refuse what they cannot sign."""

from __future__ import annotations

import pytest

from hudud.sharing.alerts import Scope, ScopeKind
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_alerts_api import add_sharing_users, init_region, receive_partner_alert


def _csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def sign_in(client, username: str) -> str:  # type: ignore[no-untyped-def]
    csrf = _csrf(client.get("/login").text)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf})
    return _csrf(client.get("/account").text)


def _language(client, csrf: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    client.post("/language", data={"lang": lang, "back": "/alerts", "csrf_token": csrf})


FORM = {
    "kind": "wanted_person",
    "scope_kind": "states",
    "states": ["MAR", "TUN"],
    "handling": "discreet_report",
    "reference": "MAR/DGST/9",
    "name_latin": "Karim Bennani",
    "name_arabic": "كريم بناني",
    "birth_date": "1990-01-31",
    "nationalities": "mar",
}


def test_a_node_without_keys_says_what_to_run(client, node) -> None:
    add_sharing_users(node)
    csrf = sign_in(client, "analyst.mar")
    listing = client.get("/alerts")
    assert listing.status_code == 200 and "hudud node init --hub-key hub.pub" in listing.text
    assert 'data-testid="issue-link"' not in listing.text
    form = client.get("/alerts/new")
    assert "node-not-ready" in form.text and 'data-testid="new-alert"' not in form.text
    refused = client.post("/alerts/new", data={**FORM, "csrf_token": csrf})
    assert refused.status_code == 409 and "hudud node init" in refused.text


@pytest.mark.parametrize("lang", ["en", "ar", "fr"])
def test_pages_in_each_language(client, node, lang: str) -> None:
    add_sharing_users(node)
    region = init_region(node)
    partner_id = receive_partner_alert(node, region, Scope(ScopeKind.ALL))
    csrf = sign_in(client, "analyst.mar")
    _language(client, csrf, lang)
    issued = client.post("/alerts/new", data={**FORM, "csrf_token": csrf}, follow_redirects=False)
    assert issued.status_code == 303, issued.text
    detail = client.get(issued.headers["location"])
    assert detail.status_code == 200 and f'lang="{lang}"' in detail.text and "كريم بناني" in detail.text
    assert 'data-testid="update-form"' in detail.text and 'data-testid="revoke-form"' in detail.text
    listing = client.get("/alerts").text
    assert "كريم بناني" in listing and partner_id in listing and 'href="/alerts"' in listing  # nav item
    assert client.get("/alerts/notices").status_code == 200
    foreign = client.get(f"/alerts/{partner_id}").text
    assert 'data-testid="update-form"' not in foreign  # a partner's alert is only read here


def test_update_revoke_and_refusals_on_the_pages(client, node) -> None:
    add_sharing_users(node)
    init_region(node)
    csrf = sign_in(client, "analyst.mar")
    missing_states = {**FORM, "states": [], "csrf_token": csrf}
    refused = client.post("/alerts/new", data=missing_states)
    assert refused.status_code == 422 and "at least one state" in refused.text
    assert 'value="Karim Bennani"' in refused.text  # what was typed is kept

    location = client.post("/alerts/new", data={**FORM, "csrf_token": csrf}, follow_redirects=False)
    alert_url = location.headers["location"].split("?")[0]
    change = {
        "csrf_token": csrf,
        "scope_kind": "all",
        "states": ["TUN"],
        "handling": "detain",
        "remarks": "x",
    }
    updated = client.post(f"{alert_url}/update", data=change)
    assert updated.status_code == 200 and 'data-testid="done"' in updated.text
    unconfirmed = client.post(f"{alert_url}/revoke", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 422 and 'data-testid="revoked"' not in unconfirmed.text
    revoked = client.post(f"{alert_url}/revoke", data={"csrf_token": csrf, "confirm": "yes"})
    assert 'data-testid="revoked"' in revoked.text and 'data-testid="update-form"' not in revoked.text
    assert client.post(f"{alert_url}/revoke", data={"confirm": "yes"}).status_code == 403  # no CSRF token

    client.post("/logout", data={"csrf_token": csrf})
    officer_csrf = sign_in(client, "officer.mar")
    assert 'href="/alerts"' not in client.get("/account").text  # not in an officer's navigation
    assert client.post("/alerts/new", data={**FORM, "csrf_token": officer_csrf}).status_code == 403
    assert client.get("/alerts/notices").status_code == 403


@pytest.mark.parametrize(
    ("lang", "name_missing", "bad_code"),
    [
        ("en", "Name of the person: give at least one", "use a three-letter ICAO code"),
        ("ar", "اسم الشخص: أدخل واحدًا على الأقل", "استعمل رمز الإيكاو من ثلاثة أحرف"),
        ("fr", "Nom de la personne : indiquez-en au moins un", "utilisez un code OACI à trois lettres"),
    ],
)
def test_form_problems_are_worded_in_the_page_language(
    client, node, lang: str, name_missing: str, bad_code: str
) -> None:
    """What the form got wrong is said in the page's language, naming the field as the form labels it
    (not pydantic's English, nor its paths like person.names)."""
    add_sharing_users(node)
    init_region(node)
    csrf = sign_in(client, "analyst.mar")
    _language(client, csrf, lang)
    form = {**FORM, "name_latin": "", "name_arabic": "", "nationalities": "MA", "csrf_token": csrf}
    refused = client.post("/alerts/new", data=form)
    assert refused.status_code == 422
    problems = refused.text.split('data-testid="problems"', 1)[1].split("</ul>", 1)[0]
    assert name_missing in problems and bad_code in problems
    assert "person.names" not in problems and "List should have" not in problems
    assert 'value="MA"' in refused.text  # what was typed is kept
