"""Regional alerts over HTTP on Morocco's node: issue → list → update → revoke with an analyst's token,
a partner's alert outside Morocco's scope answered exactly like a missing one, and the refusals a caller
must understand (no credentials, no alert-sharing role, a node without keys)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from hudud.messaging import keys
from hudud.policy import Caller
from hudud.services import identity, sharing
from hudud.services.sharing import NodeContext
from hudud.sharing.alerts import Alert, AlertKind, Decision, Handling, Person, Scope, ScopeKind
from hudud.sharing.directory import Directory, DirectoryNode
from hudud.sharing.directory import NodeKey as DirectoryKey
from hudud.sharing.envelope import key_id, public_from_b64, seal
from hudud.store.tables import utcnow
from tests.e2e.conftest import PASSWORD, SYSTEM, Node, token_for

SHARING_USERS = (
    ("analyst.mar", "MAR", "intelligence", ("analyst",)),
    ("liaison.mar", "MAR", "border_police", ("liaison_officer",)),
    ("analyst.dza", "DZA", "intelligence", ("analyst",)),  # a partner's analyst with an account here
)


@dataclass
class Region:
    """Morocco's node (the one under test) and Algeria's key, as the hub's directory lists them."""

    mar: NodeContext
    dza: NodeContext


def add_sharing_users(node: Node) -> None:
    for username, country, agency, roles in SHARING_USERS:
        node.run(
            lambda s, u=username, c=country, a=agency, r=roles: identity.create_user(
                s, SYSTEM, username=u, full_name=u.title(), password=PASSWORD, country=c, agency=a, roles=r
            )
        )


def init_region(node: Node) -> Region:
    """What `hudud node init --hub-key hub.pub` does on Morocco's node, then the hub's signed
    directory (Morocco, Algeria, Tunisia) arriving as it would over the network."""
    base = node.settings.var_dir
    hub_key = keys.generate(base / "hub-keys")
    folder = node.settings.effective_keys_dir
    keys.generate(folder)
    keys.write_hub_key(folder, hub_key.public_b64)
    mar = sharing.node_context(node.settings)
    dza = NodeContext("dza", "DZA", "national", keys.generate(base / "dza-keys"), hub_key.public)
    tun_key = keys.generate(base / "tun-keys")
    since = utcnow() - timedelta(minutes=10)

    def listed(node_id: str, country: str, role: str, public_b64: str) -> DirectoryNode:
        kid = key_id(public_from_b64(public_b64))
        return DirectoryNode(node_id, country, role, (DirectoryKey(kid, public_b64, since),))

    directory = Directory(
        1,
        utcnow(),
        (
            listed("dza", "DZA", "national", dza.key.public_b64),
            listed("hub", "SEC", "hub", hub_key.public_b64),
            listed("mar", "MAR", "national", mar.key.public_b64),
            listed("tun", "TUN", "national", tun_key.public_b64),
        ),
    )
    raw = seal(hub_key.private, "hub", "directory", directory.to_body(), at=directory.issued_at).to_bytes()
    node.run(lambda s: sharing.store_directory(s, mar, raw))
    return Region(mar, dza)


def receive_partner_alert(node: Node, region: Region, scope: Scope, version: int = 1) -> str:
    """Algeria's node signs an alert (or its next version) and Morocco's node receives it."""
    alert = Alert(
        alert_id="DZA-2026-0A1B2C3D",
        origin="DZA",
        version=version,
        kind=AlertKind.WANTED,
        scope=scope,
        handling=Handling.DETAIN,
        reference="DZA/PJ/44",
        issued_at=utcnow(),
        person=Person(("Hocine Ait Ahmed", "حسين آيت أحمد")),
    )
    envelope = seal(region.dza.key.private, "dza", "alert", alert.to_body(), at=alert.issued_at)
    node.run(lambda s: sharing.receive(s, region.mar, envelope.to_bytes()))
    return alert.alert_id


@pytest.fixture
def region(node: Node) -> Region:
    add_sharing_users(node)
    return init_region(node)


def bearer(node: Node, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(node, username)}"}


WANTED = {
    "kind": "wanted_person",
    "scope": {"kind": "states", "states": ["MAR", "TUN"]},
    "handling": "detain",
    "reference": "MAR/DGSN/2026/117",
    "person": {
        "names": ["Youssef El Amrani", "يوسف العمراني"],
        "birth_date": "1984-03-09",
        "nationalities": ["mar"],
        "gender": "M",
        "documents": [{"number": "ab1234567", "issuing_state": "MAR"}],
    },
}


def test_issue_list_update_revoke(client, node, region) -> None:
    analyst = bearer(node, "analyst.mar")
    issued = client.post("/api/alerts", json=WANTED, headers=analyst)
    assert issued.status_code == 201, issued.text
    alert = issued.json()
    alert_id = alert["alert_id"]
    assert alert_id.startswith("MAR-") and alert["version"] == 1 and alert["origin"] == "MAR"
    assert alert["scope"] == {"kind": "states", "states": ["MAR", "TUN"]}
    assert alert["person"]["names"] == ["Youssef El Amrani", "يوسف العمراني"]
    assert alert["person"]["nationalities"] == ["MAR"]  # codes are upper-cased at the wire

    listed = client.get("/api/alerts", headers=analyst).json()
    assert [a["alert_id"] for a in listed["alerts"]] == [alert_id]
    assert listed["next_offset"] is None and listed["alerts"][0]["received_at"]
    assert client.get(f"/api/alerts/{alert_id}", headers=analyst).json()["reference"] == "MAR/DGSN/2026/117"

    liaison = bearer(node, "liaison.mar")
    change = {"scope": {"kind": "all"}, "handling": "contact_originator", "remarks": "armed"}
    updated = client.patch(f"/api/alerts/{alert_id}", json=change, headers=liaison)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2 and updated.json()["scope"] == {"kind": "all", "states": []}
    assert updated.json()["handling"] == "contact_originator"

    revoked = client.post(f"/api/alerts/{alert_id}/revoke", headers=analyst)
    assert revoked.status_code == 200 and revoked.json()["revoked"] and revoked.json()["version"] == 3
    assert client.get("/api/alerts", headers=analyst).json()["alerts"] == []  # no longer in force
    again = client.patch(f"/api/alerts/{alert_id}", json={"remarks": "x"}, headers=analyst)
    assert again.status_code == 422 and "revoked" in again.json()["message"]


def test_a_document_alert_and_bad_input_are_explained(client, node, region) -> None:
    analyst = bearer(node, "analyst.mar")
    stolen = {
        "kind": "lost_stolen_document",
        "scope": {"kind": "national"},
        "handling": "seize_document",
        "reference": "MAR/DGSN/2026/118",
        "document": {"number": "zx9876543", "issuing_state": "MAR", "status": "stolen"},
    }
    made = client.post("/api/alerts", json=stolen, headers=analyst)
    assert made.status_code == 201 and made.json()["document"]["number"] == "ZX9876543"

    no_states = {**WANTED, "scope": {"kind": "states", "states": []}}
    refused = client.post("/api/alerts", json=no_states, headers=analyst)
    assert refused.status_code == 422 and "at least one state" in refused.json()["message"]
    both = {**stolen, "person": WANTED["person"]}
    assert client.post("/api/alerts", json=both, headers=analyst).status_code == 422
    unknown_state = {**WANTED, "scope": {"kind": "states", "states": ["LBY"]}}  # no node yet
    refused = client.post("/api/alerts", json=unknown_state, headers=analyst)
    assert refused.status_code == 422 and "LBY" in refused.json()["message"]


def test_a_partner_alert_outside_the_scope_looks_exactly_like_a_missing_one(client, node, region) -> None:
    analyst = bearer(node, "analyst.mar")
    alert_id = receive_partner_alert(node, region, Scope(ScopeKind.STATES, ("MAR",)))
    seen = client.get(f"/api/alerts/{alert_id}", headers=analyst)
    assert seen.status_code == 200 and seen.json()["origin"] == "DZA"
    assert seen.json()["person"]["names"][1] == "حسين آيت أحمد"

    missing = client.get("/api/alerts/DZA-2026-FFFFFFFF", headers=analyst)
    receive_partner_alert(node, region, Scope(ScopeKind.STATES, ("TUN",)), version=2)  # Morocco dropped
    hidden = client.get(f"/api/alerts/{alert_id}", headers=analyst)
    assert missing.status_code == hidden.status_code == 404
    assert hidden.json() == missing.json()
    assert client.get("/api/alerts", headers=analyst).json()["alerts"] == []

    # Morocco cannot change a partner's alert: the same answer as for an alert that does not exist.
    foreign = client.patch(f"/api/alerts/{alert_id}", json={"remarks": "x"}, headers=analyst)
    nothing = client.patch("/api/alerts/DZA-2026-FFFFFFFF", json={"remarks": "x"}, headers=analyst)
    assert foreign.status_code == nothing.status_code == 404 and foreign.json() == nothing.json()

    # A national alert of Morocco, asked for by Algeria's analyst: outside Algeria's scope.
    national = {**WANTED, "scope": {"kind": "national"}}
    own_id = client.post("/api/alerts", json=national, headers=analyst).json()["alert_id"]
    partner = bearer(node, "analyst.dza")
    outside = client.get(f"/api/alerts/{own_id}", headers=partner)
    absent = client.get("/api/alerts/MAR-2026-FFFFFFFF", headers=partner)
    assert outside.status_code == absent.status_code == 404 and outside.json() == absent.json()


def test_refusals(client, node, region) -> None:
    assert client.get("/api/alerts").status_code == 401
    assert client.post("/api/alerts", json=WANTED).status_code == 401
    assert client.get("/api/alerts/notices").status_code == 401

    officer = bearer(node, "officer.mar")  # officers screen against alerts; they do not share them
    refused = client.post("/api/alerts", json=WANTED, headers=officer)
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert client.get("/api/alerts/notices", headers=officer).status_code == 403
    assert client.get("/api/alerts?limit=51", headers=officer).status_code == 422  # 50 at most a page

    partner = bearer(node, "analyst.dza")  # Algeria's analyst cannot speak for Morocco's node
    assert client.post("/api/alerts", json=WANTED, headers=partner).status_code == 403
    trainer = bearer(node, "trainer.rtc")  # not a personal-data agency
    assert client.get("/api/alerts", headers=trainer).status_code == 403


def test_notices_received_and_sent(client, node, region) -> None:
    analyst = bearer(node, "analyst.mar")
    alert_id = receive_partner_alert(node, region, Scope(ScopeKind.STATES, ("MAR",)))
    officer = node.run(lambda s: Caller(identity.principal_of(identity.find_user(s, "officer.mar"))))
    node.run(
        lambda s: sharing.notify_hit(s, officer, region.mar, alert_id, "MAR-TNG-PORT", Decision.REFERRED)
    )
    sent = client.get("/api/alerts/notices?direction=sent", headers=analyst).json()
    assert [(n["alert_id"], n["origin"], n["country"], n["decision"]) for n in sent] == [
        (alert_id, "DZA", "MAR", "referred")
    ]
    assert client.get("/api/alerts/notices", headers=analyst).json() == []


def test_a_node_without_keys_says_what_to_run(client, node) -> None:
    add_sharing_users(node)
    analyst = bearer(node, "analyst.mar")
    refused = client.post("/api/alerts", json=WANTED, headers=analyst)
    assert refused.status_code == 409 and "hudud node init" in refused.json()["message"]
    assert client.get("/api/alerts", headers=analyst).json()["alerts"] == []  # reading still works
