"""Passenger information is the passenger information unit's (``passengers.analyse``: analysts of a border
police, customs or intelligence agency), not every reviewer's: over HTTP a supervisor is refused the board,
a flight's travellers, targets and their decisions, and the unit's lists (403, audited), while the case the
unit confirms still reaches the supervisor of the arrival crossing point. A record of another state is
answered like a missing one (404, audited). The menu shows *Passenger information* to the unit only."""

from __future__ import annotations

from benchmarks.manifests_sample import crowd, paxlst
from sqlalchemy import func, select

from hudud.policy import Caller, Permission, Principal
from hudud.store.manifest_tables import ApiMessage
from hudud.store.tables import AuditRecord
from hudud.web.templating import nav_links, navigation
from tests.e2e.conftest import token_for
from tests.e2e.test_ingest_api import LISTED, add_analyst, add_wanted_list, soon_flight
from tests.e2e.test_navigation import _nav, _sign_in
from tests.test_border_support import add_border_users


def _bearer(node, username: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"Authorization": f"Bearer {token_for(node, username)}"}


def _denied(node, username: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return node.run(
        lambda s: [
            (r.action, r.record_id)
            for r in s.scalars(
                select(AuditRecord)
                .where(AuditRecord.actor == username, AuditRecord.outcome == "denied")
                .order_by(AuditRecord.id)
            )
        ]
    )


def _flight_with_a_target(client, node, tmp_path) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """The unit's analyst sends a list with the wanted Karim Haddad and makes him a target."""
    add_analyst(node)
    add_wanted_list(node, tmp_path)
    node.run(add_border_users)  # supervisor.cmn: a supervisor at Casablanca airport (MAR-CMN)
    analyst = _bearer(node, "analyst.mar")
    sent = client.post("/api/manifests", content=paxlst([LISTED, *crowd(3)], soon_flight()), headers=analyst)
    flight_id = sent.json()["flight_id"]
    flight = client.get(f"/api/manifests/flights/{flight_id}", headers=analyst).json()
    traveller_id = flight["travellers"][0]["id"]
    made = client.post(
        "/api/manifests/targets",
        json={"traveller_id": traveller_id, "assignee": "bcp", "reason": "wanted list match"},
        headers=analyst,
    )
    assert made.status_code == 201, made.text
    return flight_id, traveller_id, made.json()["id"]


def test_a_supervisor_is_refused_the_units_work_and_every_refusal_is_audited(client, node, tmp_path) -> None:
    flight_id, traveller_id, target_id = _flight_with_a_target(client, node, tmp_path)
    supervisor = _bearer(node, "supervisor.cmn")
    decision = {"outcome": "confirmed", "note": "looked at it"}
    api = [
        client.get("/api/manifests/board", headers=supervisor),
        client.get(f"/api/manifests/flights/{flight_id}", headers=supervisor),
        client.post(f"/api/manifests/flights/{flight_id}/rescreen", headers=supervisor),
        client.post(
            "/api/manifests/targets",
            json={"traveller_id": traveller_id, "assignee": "analysts", "reason": "look"},
            headers=supervisor,
        ),
        client.get("/api/manifests/targets", headers=supervisor),
        client.post(f"/api/manifests/targets/{target_id}/decision", json=decision, headers=supervisor),
        client.get("/api/manifests/cases", headers=supervisor),
    ]
    assert [a.status_code for a in api] == [403] * len(api)
    assert all("HADDAD" not in a.text for a in api)
    html = {**supervisor, "Accept": "text/html"}
    pages = [
        client.get("/piu", headers=html),
        client.get(f"/piu/flights/{flight_id}", headers=html),
        client.get("/piu/targets", headers=html),
    ]
    assert [p.status_code for p in pages] == [403, 403, 403]
    assert all("HADDAD" not in p.text for p in pages)
    assert _denied(node, "supervisor.cmn") == [
        ("piu.board", None),
        ("piu.flight.read", None),
        ("manifests.rescreen", None),
        ("piu.target.create", None),
        ("piu.targets", None),
        ("piu.target.decide", None),
        ("piu.cases", None),
        ("piu.board", None),
        ("piu.flight.read", None),
        ("piu.targets", None),
    ]
    # the target is still the unit's to decide
    queue = client.get("/api/manifests/targets", headers=_bearer(node, "analyst.mar")).json()
    assert [(t["id"], t["status"]) for t in queue] == [(target_id, "open")]


def test_the_board_form_is_the_units_and_gateways_still_send_lists(client, node) -> None:
    """The upload form sits on the unit's board: a supervisor posting to it is refused before anything is
    stored. Sending lists in over the API (airline gateways) keeps its own rule, ``screening.screen``."""
    node.run(add_border_users)
    supervisor = _bearer(node, "supervisor.cmn")
    body = paxlst(crowd(2), soon_flight())
    form = client.post(
        "/piu/upload", files={"file": ("list.edi", body)}, headers={**supervisor, "Accept": "text/html"}
    )
    assert form.status_code == 403
    assert node.run(lambda s: s.scalar(select(func.count(ApiMessage.id)))) == 0
    assert _denied(node, "supervisor.cmn") == [("manifests.ingest", None)]
    sent = client.post("/api/manifests", content=body, headers=supervisor)
    assert sent.status_code == 201 and sent.json()["status"] == "ingested"


def test_the_unit_is_allowed_and_a_foreign_record_is_answered_like_a_missing_one(
    client, node, tmp_path
) -> None:
    _, traveller_id, target_id = _flight_with_a_target(client, node, tmp_path)
    analyst = _bearer(node, "analyst.mar")
    assert client.get("/api/manifests/board", headers=analyst).status_code == 200
    assert client.get("/piu", headers={**analyst, "Accept": "text/html"}).status_code == 200
    # the unit of another state: 404 with the same body as for a record that does not exist
    add_analyst(node, "analyst.dza", "DZA")
    other = _bearer(node, "analyst.dza")
    decision = {"outcome": "cleared", "note": "not ours"}
    hidden = client.post(f"/api/manifests/targets/{target_id}/decision", json=decision, headers=other)
    missing = client.post("/api/manifests/targets/999999/decision", json=decision, headers=other)
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    ask = {"assignee": "analysts", "reason": "look"}
    hidden = client.post("/api/manifests/targets", json={"traveller_id": traveller_id, **ask}, headers=other)
    missing = client.post("/api/manifests/targets", json={"traveller_id": 999999, **ask}, headers=other)
    assert hidden.status_code == missing.status_code == 404 and hidden.json() == missing.json()
    assert client.get("/api/manifests/targets", headers=other).json() == []
    assert _denied(node, "analyst.dza") == [
        ("piu.target.decide", str(target_id)),
        ("piu.target.decide", "999999"),
        ("piu.target.create", str(traveller_id)),
        ("piu.target.create", "999999"),
    ]
    # the unit of the state decides; the case reaches Casablanca's supervisor, who reads it with the list data
    confirmed = client.post(
        f"/api/manifests/targets/{target_id}/decision",
        json={"outcome": "confirmed", "note": "same person as listed"},
        headers=analyst,
    )
    assert confirmed.status_code == 200, confirmed.text
    case = confirmed.json()["case"]
    assert case["crossing_point"] == "MAR-CMN"
    supervisor = _bearer(node, "supervisor.cmn")
    queue = client.get("/api/border/cases", headers=supervisor)
    assert queue.status_code == 200 and case["id"] in [c["id"] for c in queue.json()]
    read = client.get(f"/api/border/cases/{case['id']}", headers=supervisor).json()
    assert read["expected"]["traveller"]["surname"] == "HADDAD"


def _principal(roles: tuple[str, ...], agency: str) -> Principal:
    return Principal(1, "u", "MAR", agency, frozenset(roles))


def test_the_permission_follows_role_and_agency() -> None:
    analyse = Permission.PASSENGERS_ANALYSE
    assert _principal(("analyst",), "intelligence").can(analyse)
    assert _principal(("analyst",), "customs").can(analyse)
    assert _principal(("analyst",), "border_police").can(analyse)
    # justice asks the unit case by case; secretariat, training and partners never see personal data
    for agency in ("justice", "secretariat", "training_centre", "partner"):
        assert not _principal(("analyst",), agency).can(analyse), agency
    # border reviewers keep reviewing cases, without the passenger lists
    supervisor = _principal(("supervisor",), "border_police")
    assert supervisor.can(Permission.CASES_REVIEW) and not supervisor.can(analyse)
    for role in ("officer", "liaison_officer", "admin", "secretariat_staff", "focal_point", "trainer"):
        assert not _principal((role,), "intelligence").can(analyse), role
    assert _principal(("analyst",), "justice").can(Permission.CASES_REVIEW)


def test_passenger_information_is_in_the_units_menu_only(client, node) -> None:
    def menu(*roles: str, agency: str = "border_police") -> set[str]:
        return {i.path for i in nav_links(navigation(Caller(_principal(roles, agency))))}

    assert "/piu" in menu("analyst", agency="intelligence")
    assert "/piu" not in menu("supervisor")
    assert "/piu" not in menu("analyst", agency="justice")
    assert "/border/cases" in menu("supervisor")  # where the unit's cases reach the supervisor

    add_analyst(node)
    node.run(add_border_users)
    _sign_in(client, "analyst.mar")
    assert "/piu" in _nav(client.get("/").text).links
    assert "Passenger information" in client.get("/").text
    client.cookies.clear()  # signed out
    _sign_in(client, "supervisor.cmn")
    home = client.get("/")
    assert home.status_code == 200 and "/piu" not in _nav(home.text).links
    assert "Passenger information" not in home.text


def test_the_demo_has_a_user_of_the_unit() -> None:
    from hudud.services.demo import ACCOUNTS

    unit = [
        a.username
        for a in ACCOUNTS
        if Principal(1, a.username, a.country, a.agency, frozenset(a.roles)).can(
            Permission.PASSENGERS_ANALYSE
        )
    ]
    assert unit == ["analyst.mar"]
    supervisor = next(a for a in ACCOUNTS if a.username == "supervisor.mar")
    assert not Principal(1, "s", "MAR", supervisor.agency, frozenset(supervisor.roles)).can(
        Permission.PASSENGERS_ANALYSE
    )
