"""Sharing use cases on a real database (SQLite and PostgreSQL), without the network: who may see a
partner's alert, what is audited on each side, and key rotation through the hub's directory."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hudud.errors import Forbidden, NotFound
from hudud.messaging import keys
from hudud.policy import Caller, Principal
from hudud.services import sharing
from hudud.services.sharing import NodeContext
from hudud.services.unit_of_work import UnitOfWork
from hudud.sharing.alerts import AlertKind, Handling, Person, Scope, ScopeKind
from hudud.sharing.envelope import Rejected
from hudud.store.db import engine_for
from hudud.store.migrate import upgrade
from hudud.store.sharing_tables import OutboxMessage
from hudud.store.tables import AuditRecord

OPERATOR = Caller(None, via="cli")


def person(country: str, agency: str, *roles: str, uid: int = 1) -> Caller:
    return Caller(Principal(uid, f"{country.lower()}-{agency}-{uid}", country, agency, frozenset(roles)))


def ctx_for(tmp_path, node_id: str, country: str, role: str, hub: NodeContext | None = None) -> NodeContext:
    key = keys.generate(tmp_path / node_id)
    return NodeContext(node_id, country, role, key, hub.key.public if hub else key.public, timedelta(days=30))


@pytest.fixture
def nodes(tmp_path, database_url):
    """Hub and Algeria on SQLite files; Morocco (the receiver under test) on each database engine."""
    hub = ctx_for(tmp_path, "hub", "SEC", "hub")
    dza = ctx_for(tmp_path, "dza", "DZA", "national", hub)
    mar = ctx_for(tmp_path, "mar", "MAR", "national", hub)
    tun = ctx_for(tmp_path, "tun", "TUN", "national", hub)
    uows = {}
    for name in ("hub", "dza"):
        url = f"sqlite:///{tmp_path / name / 'db.sqlite3'}"
        upgrade(url)
        uows[name] = UnitOfWork(engine_for(url))
    uows["mar"] = UnitOfWork(engine_for(database_url))
    for c in (dza, mar, tun):
        uows["hub"].run(
            lambda s, c=c: sharing.register_node(
                s, OPERATOR, hub, c.node_id, c.country, c.role, c.key.public_b64
            )
        )
    raw = uows["hub"].run(sharing.directory_raw)
    for name, c in (("dza", dza), ("mar", mar)):
        uows[name].run(lambda s, c=c: sharing.store_directory(s, c, raw))
    return {"hub": (hub, uows["hub"]), "dza": (dza, uows["dza"]), "mar": (mar, uows["mar"])}


def share(nodes, scope: Scope, name: str = "Hocine Ait Ahmed") -> tuple[str, bytes]:
    dza, uow = nodes["dza"]
    analyst = person("DZA", "intelligence", "analyst")
    new = sharing.NewAlert(
        AlertKind.WANTED, scope, Handling.DETAIN, "DZA/PJ/44", Person((name,), date(1979, 5, 2), ("DZA",))
    )
    row = uow.run(lambda s: sharing.issue_alert(s, analyst, dza, new))
    raw = uow.run(
        lambda s: (
            s.scalars(select(OutboxMessage.payload).where(OutboxMessage.msg_id.startswith(row.envelope_id)))
            .first()
            .encode()
        )
    )
    return row.alert_id, raw


def actions(uow, action: str) -> list[AuditRecord]:
    return uow.run(lambda s: list(s.scalars(select(AuditRecord).where(AuditRecord.action == action))))


def test_partner_alert_is_visible_only_to_the_right_roles_in_states_in_scope(nodes):
    mar, uow = nodes["mar"]
    alert_id, raw = share(nodes, Scope(ScopeKind.STATES, ("MAR",)))
    uow.run(lambda s: sharing.receive(s, mar, raw))

    officer = person("MAR", "border_police", "officer", uid=2)
    assert [a.alert_id for a in uow.run(lambda s: sharing.list_alerts(s, officer))] == [alert_id]
    assert uow.run(lambda s: sharing.get_alert(s, officer, alert_id)).origin == "DZA"

    outsider = person("TUN", "border_police", "officer", uid=3)  # a state outside the scope
    assert uow.run(lambda s: sharing.list_alerts(s, outsider)) == []
    with pytest.raises(NotFound) as missing:
        uow.run(lambda s: sharing.get_alert(s, outsider, "DZA-2026-NOSUCH"))
    with pytest.raises(NotFound) as hidden:
        uow.run(lambda s: sharing.get_alert(s, outsider, alert_id))
    assert missing.value.to_dict() == hidden.value.to_dict()  # hidden looks exactly like missing

    trainer = person("MAR", "training_centre", "trainer", uid=4)  # no personal-data agency
    with pytest.raises(Forbidden):
        uow.run(lambda s: sharing.list_alerts(s, trainer))

    assert [r.actor for r in actions(uow, "alert.view") if r.outcome == "ok"] == [officer.name]
    assert {r.actor for r in actions(uow, "alert.view") if r.outcome == "denied"} == {outsider.name}
    assert actions(uow, "alert.receive")[0].record_id == alert_id
    assert actions(nodes["dza"][1], "alert.issue")[0].record_id == alert_id


def test_only_alert_sharing_roles_of_the_node_state_issue_alerts(nodes):
    dza, uow = nodes["dza"]
    new = sharing.NewAlert(AlertKind.INTEREST, Scope(ScopeKind.ALL), Handling.DISCREET, "x", Person(("A B",)))
    for caller in (
        person("DZA", "border_police", "officer"),  # officers screen, they do not share
        person("MAR", "intelligence", "analyst"),  # an analyst of another state
    ):
        with pytest.raises(Forbidden):
            uow.run(lambda s, c=caller: sharing.issue_alert(s, c, dza, new))
    assert len(actions(uow, "alert.issue")) == 2 and all(
        r.outcome == "denied" for r in actions(uow, "alert.issue")
    )


def test_refusals_are_audited_and_change_nothing(nodes):
    mar, uow = nodes["mar"]
    _alert_id, raw = share(nodes, Scope(ScopeKind.STATES, ("TUN",)))
    with pytest.raises(Rejected) as caught:
        uow.run(lambda s: sharing.receive(s, mar, raw))
    assert caught.value.reason == "out_of_scope"
    assert uow.run(lambda s: sharing.list_alerts(s, OPERATOR)) == []
    refusal = actions(uow, "sharing.refuse")[-1]
    assert refusal.outcome == "denied" and "out_of_scope" in refusal.detail


def test_key_rotation_through_the_directory(nodes, tmp_path):
    hub, hub_uow = nodes["hub"]
    dza, dza_uow = nodes["dza"]
    mar, mar_uow = nodes["mar"]
    old, new = keys.rotate(tmp_path / "dza")
    rotated = NodeContext(dza.node_id, dza.country, dza.role, new, dza.hub_key, dza.max_age)
    nodes["dza"] = (rotated, dza_uow)

    _, early = share(nodes, Scope(ScopeKind.STATES, ("MAR",)), "Signed Too Early")
    with pytest.raises(Rejected) as caught:  # the hub has not listed the new key yet
        mar_uow.run(lambda s: sharing.receive(s, mar, early))
    assert caught.value.reason == "unknown_key"

    hub_uow.run(lambda s: sharing.register_node(s, OPERATOR, hub, "dza", "DZA", "national", new.public_b64))
    mar_uow.run(lambda s: sharing.store_directory(s, mar, hub_uow.run(sharing.directory_raw)))
    alert_id, raw = share(nodes, Scope(ScopeKind.STATES, ("MAR",)), "Signed After Listing")
    mar_uow.run(lambda s: sharing.receive(s, mar, raw))

    hub_uow.run(lambda s: sharing.retire_key(s, OPERATOR, hub, "dza", old.kid))
    mar_uow.run(lambda s: sharing.store_directory(s, mar, hub_uow.run(sharing.directory_raw)))
    nodes["dza"] = (NodeContext("dza", "DZA", "national", old, dza.hub_key, dza.max_age), dza_uow)
    _, stolen = share(nodes, Scope(ScopeKind.STATES, ("MAR",)), "Signed With Retired Key")
    with pytest.raises(Rejected) as caught:
        mar_uow.run(lambda s: sharing.receive(s, mar, stolen))
    assert caught.value.reason == "retired_key"
    assert [a.alert_id for a in mar_uow.run(lambda s: sharing.list_alerts(s, OPERATOR))] == [alert_id]


def test_directory_must_be_signed_by_the_hub_and_never_go_back(nodes, tmp_path):
    mar, uow = nodes["mar"]
    impostor = ctx_for(tmp_path, "fake-hub", "SEC", "hub")
    fake_uow_url = f"sqlite:///{tmp_path / 'fake.sqlite3'}"
    upgrade(fake_uow_url)
    fake = UnitOfWork(engine_for(fake_uow_url))
    fake.run(
        lambda s: sharing.register_node(
            s, OPERATOR, impostor, "evil", "MAR", "national", impostor.key.public_b64
        )
    )
    with pytest.raises(Rejected) as caught:
        uow.run(lambda s: sharing.store_directory(s, mar, fake.run(sharing.directory_raw)))
    assert caught.value.reason == "bad_signature"
