"""A region on loopback with real nats-server processes: the hub, three national nodes (Morocco,
Tunisia, Algeria) as its leaf nodes, and a Moroccan border post as a leaf of Morocco's server.

Algeria issues the alerts, so "reaches Morocco and not Tunisia" is about two receivers."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from hudud.messaging import subjects
from hudud.messaging.bus import Outgoing
from hudud.messaging.servers import NATS_SERVER, Region
from hudud.screening.engine import Screener
from hudud.screening.entries import Traveller
from hudud.screening.index import ScreeningIndex
from hudud.services import sharing
from hudud.services.sharing_demo import OPERATOR, build_region, settle, start_all, stop_all
from hudud.sharing.alerts import AlertKind, Decision, Document, Handling, Person, Scope, ScopeKind
from hudud.sharing.envelope import seal
from hudud.store.sharing_tables import HitNoticeRecord, OutboxMessage, SharedAlert
from hudud.store.tables import AuditRecord, utcnow

pytestmark = [pytest.mark.nats, pytest.mark.timeout(120)]

NATIONALS = {"mar": "MAR", "tun": "TUN", "dza": "DZA"}
POSTS = {"mar-post-1": ("mar", "MAR-GUERGUERAT")}


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    if not NATS_SERVER or not __import__("os").path.exists(NATS_SERVER):
        pytest.skip("nats-server is not installed (apt-get install nats-server)")
    base = tmp_path_factory.mktemp("region")
    servers = Region.layout(base, list(NATIONALS), {p: n for p, (n, _) in POSTS.items()})
    servers.start()
    loop = asyncio.new_event_loop()
    nodes = build_region(base, servers, NATIONALS, POSTS)
    loop.run_until_complete(start_all(nodes.values()))
    loop.run_until_complete(settle(nodes.values()))
    yield loop, nodes, servers
    loop.run_until_complete(stop_all(nodes.values()))
    loop.close()
    servers.stop()


def run(region, coro):
    return region[0].run_until_complete(coro)


def wanted(scope: Scope, name: str = "Mohamed Ben Salah") -> sharing.NewAlert:
    return sharing.NewAlert(
        kind=AlertKind.WANTED,
        scope=scope,
        handling=Handling.DETAIN,
        reference="DZA/PJ/2026/117",
        person=Person(names=(name,), birth_date=date(1984, 3, 9), nationalities=("DZA",), gender="M"),
    )


def issue(nodes, origin: str, new: sharing.NewAlert) -> SharedAlert:
    node = nodes[origin]
    return node.uow.run(lambda s: sharing.issue_alert(s, OPERATOR, node.ctx, new))


def held(node, alert_id: str) -> SharedAlert | None:
    return node.uow.run(lambda s: s.scalar(select(SharedAlert).where(SharedAlert.alert_id == alert_id)))


def refusals(node) -> list[str]:
    rows = node.uow.run(
        lambda s: s.scalars(select(AuditRecord.detail).where(AuditRecord.action == "sharing.refuse")).all()
    )
    return [r.split()[0].removeprefix("reason=") for r in rows]


def test_directory_reaches_every_node(region):
    _loop, nodes, _servers = region
    for node_id in ("mar", "tun", "dza"):
        directory = nodes[node_id].uow.run(sharing.current_directory)
        assert {n.id for n in directory.nodes} == {"hub", "mar", "tun", "dza", "mar-post-1"}


def test_alert_for_morocco_reaches_morocco_and_not_tunisia(region):
    _loop, nodes, _ = region
    row = issue(nodes, "dza", wanted(Scope(ScopeKind.STATES, ("MAR",))))
    run(region, settle(nodes.values()))

    assert held(nodes["mar"], row.alert_id) is not None
    assert held(nodes["tun"], row.alert_id) is None
    # merged into Morocco's screening: a traveller with a transliterated spelling hits it
    entries = list(nodes["mar"].uow.run(lambda s: list(sharing.alert_entries(s, "MAR"))))
    screener = Screener(ScreeningIndex(entries))
    traveller = Traveller("t1", ("MOHAMMED BEN SALAH",), birth_date=None, nationalities=("DZA",))
    assert any(h.entry_id == row.alert_id and h.match for h in screener.screen(traveller))
    assert not list(nodes["tun"].uow.run(lambda s: list(sharing.alert_entries(s, "TUN"))))


def test_alert_for_all_members_reaches_both(region):
    _loop, nodes, _ = region
    row = issue(nodes, "dza", wanted(Scope(ScopeKind.ALL), "Karim Haddad"))
    run(region, settle(nodes.values()))
    assert held(nodes["mar"], row.alert_id) is not None
    assert held(nodes["tun"], row.alert_id) is not None


def test_national_alert_never_leaves_its_state(region):
    _loop, nodes, _ = region
    row = issue(nodes, "dza", wanted(Scope(ScopeKind.NATIONAL), "Nadir Belkacem"))
    run(region, settle(nodes.values()))
    assert held(nodes["dza"], row.alert_id) is not None
    assert held(nodes["mar"], row.alert_id) is None and held(nodes["tun"], row.alert_id) is None


def test_update_and_revocation_follow_the_alert(region):
    _loop, nodes, _ = region
    dza = nodes["dza"]
    row = issue(nodes, "dza", wanted(Scope(ScopeKind.STATES, ("MAR", "TUN")), "Sofiane Rahmani"))
    run(region, settle(nodes.values()))
    # narrowing the scope to Morocco: Tunisia gets the new version too, and drops the alert
    dza.uow.run(
        lambda s: sharing.revise_alert(
            s, OPERATOR, dza.ctx, row.alert_id, scope=Scope(ScopeKind.STATES, ("MAR",))
        )
    )
    run(region, settle(nodes.values()))
    assert held(nodes["mar"], row.alert_id).version == 2
    tun_entries = nodes["tun"].uow.run(lambda s: [e.id for e in sharing.alert_entries(s, "TUN")])
    assert row.alert_id not in tun_entries

    dza.uow.run(lambda s: sharing.revise_alert(s, OPERATOR, dza.ctx, row.alert_id, revoke=True))
    run(region, settle(nodes.values()))
    mar_row = held(nodes["mar"], row.alert_id)
    assert mar_row.version == 3 and mar_row.revoked
    assert row.alert_id not in nodes["mar"].uow.run(lambda s: [e.id for e in sharing.alert_entries(s, "MAR")])


def _publish_raw(region, subject: str, data: bytes, msg_id: str) -> None:
    nodes = region[1]
    run(region, nodes["tun"].runtime.bus.publish(Outgoing(subject, data, msg_id)))
    run(region, settle(nodes.values()))


def _genuine_envelope(nodes, scope: Scope, name: str) -> bytes:
    row = issue(nodes, "dza", wanted(scope, name))
    return nodes["dza"].uow.run(
        lambda s: (
            s.scalars(select(OutboxMessage.payload).where(OutboxMessage.msg_id.startswith(row.envelope_id)))
            .first()
            .encode()
        )
    )


def test_forged_alert_is_refused(region):
    _loop, nodes, _ = region
    before = len(refusals(nodes["mar"]))
    intruder = Ed25519PrivateKey.generate()
    genuine = json.loads(_genuine_envelope(nodes, Scope(ScopeKind.STATES, ("TUN",)), "Template Person"))
    body = dict(genuine["body"], alert_id="DZA-2026-FORGED01", person={"names": ["Forged Person"]})
    body["scope"] = {"kind": "all", "states": []}
    # signed with an unknown key, claiming to be Algeria's node
    forged = seal(intruder, "dza", "alert", body, at=utcnow())
    _publish_raw(region, subjects.alert("MAR", "DZA"), forged.to_bytes(), "forged-1")
    # Algeria's key id, but the intruder's signature
    data = json.loads(forged.to_bytes())
    data["kid"] = nodes["dza"].ctx.key.kid
    _publish_raw(region, subjects.alert("MAR", "DZA"), json.dumps(data).encode(), "forged-2")

    assert held(nodes["mar"], "DZA-2026-FORGED01") is None
    assert refusals(nodes["mar"])[before:] == ["unknown_key", "bad_signature"]


def test_tampered_alert_is_refused(region):
    _loop, nodes, _ = region
    raw = _genuine_envelope(nodes, Scope(ScopeKind.STATES, ("TUN",)), "Yacine Mansouri")
    data = json.loads(raw)
    data["body"]["scope"] = {"kind": "all", "states": []}  # widen the scope in transit
    before = len(refusals(nodes["mar"]))
    _publish_raw(region, subjects.alert("MAR", "DZA"), json.dumps(data).encode(), "tampered-1")
    assert held(nodes["mar"], data["body"]["alert_id"]) is None
    assert refusals(nodes["mar"])[before:] == ["bad_signature"]


def test_out_of_scope_alert_is_refused_by_the_receiver(region):
    _loop, nodes, _ = region
    raw = _genuine_envelope(nodes, Scope(ScopeKind.STATES, ("TUN",)), "Walid Cherif")
    before = len(refusals(nodes["mar"]))
    _publish_raw(region, subjects.alert("MAR", "DZA"), raw, "misrouted-1")  # genuine, wrong subject
    assert held(nodes["mar"], json.loads(raw)["body"]["alert_id"]) is None
    assert refusals(nodes["mar"])[before:] == ["out_of_scope"]


def test_replayed_alert_is_refused(region):
    _loop, nodes, _ = region
    raw = _genuine_envelope(nodes, Scope(ScopeKind.STATES, ("MAR",)), "Amine Saidi")
    run(region, settle(nodes.values()))
    assert held(nodes["mar"], json.loads(raw)["body"]["alert_id"]).version == 1
    before = len(refusals(nodes["mar"]))
    _publish_raw(region, subjects.alert("MAR", "DZA"), raw, "replay-1")  # new stream id, same envelope
    assert refusals(nodes["mar"])[before:] == ["replayed"]


def test_malformed_message_is_refused_with_a_reason(region):
    _loop, nodes, _ = region
    before = len(refusals(nodes["mar"]))
    _publish_raw(region, subjects.alert("MAR", "DZA"), b"{not json", "garbage-1")
    assert refusals(nodes["mar"])[before:] == ["malformed"]


def test_hit_on_foreign_alert_notifies_the_originator(region):
    _loop, nodes, _ = region
    mar, dza = nodes["mar"], nodes["dza"]
    row = issue(nodes, "dza", wanted(Scope(ScopeKind.STATES, ("MAR",)), "Rachid Boualem"))
    run(region, settle(nodes.values()))
    mar.uow.run(
        lambda s: sharing.notify_hit(s, OPERATOR, mar.ctx, row.alert_id, "MAR-TANGER-MED", Decision.DETAINED)
    )
    run(region, settle(nodes.values()))
    notices = dza.uow.run(
        lambda s: s.scalars(select(HitNoticeRecord).where(HitNoticeRecord.alert_id == row.alert_id)).all()
    )
    assert [(n.direction, n.country, n.place, n.decision) for n in notices] == [
        ("received", "MAR", "MAR-TANGER-MED", "detained")
    ]
    # the notice says which alert, where, when, what was decided — nothing about the traveller
    sent = mar.uow.run(
        lambda s: s.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.subject == subjects.notice("DZA", "MAR"))
        ).all()
    )
    body = json.loads(sent[-1])["body"]
    assert set(body) == {"alert_id", "alert_version", "origin", "country", "place", "at", "decision"}
    # both sides audited
    assert dza.uow.run(
        lambda s: s.scalar(select(AuditRecord.id).where(AuditRecord.action == "alert.hit_notice"))
    )
    assert mar.uow.run(lambda s: s.scalar(select(AuditRecord.id).where(AuditRecord.action == "alert.hit")))


def test_document_alert_hit_at_a_post_notifies_the_originator(region):
    """A stolen Algerian passport shared with Morocco is presented at a Moroccan post."""
    _loop, nodes, _ = region
    post, dza = nodes["mar-post-1"], nodes["dza"]
    new = sharing.NewAlert(
        kind=AlertKind.DOCUMENT,
        scope=Scope(ScopeKind.STATES, ("MAR",)),
        handling=Handling.SEIZE,
        reference="DZA/DGSN/LOST/88",
        document=Document("197345120", "DZA"),
    )
    row = issue(nodes, "dza", new)
    run(region, settle(nodes.values()))
    assert run(region, post.runtime.fetch_snapshot())

    from hudud.screening.entries import IdentityDocument
    from hudud.services import posts

    traveller = Traveller(
        "p1", ("AMAR ZIANI",), documents=(IdentityDocument("197345120", issuing_state="DZA"),)
    )
    result = post.uow.run(lambda s: posts.process_traveller(s, OPERATOR, post.ctx, traveller, "entry"))
    assert result.crossing.decision == "referred" and result.hits
    run(region, settle(nodes.values(), rounds=3))
    notices = dza.uow.run(
        lambda s: s.scalars(select(HitNoticeRecord).where(HitNoticeRecord.alert_id == row.alert_id)).all()
    )
    assert [(n.country, n.place) for n in notices] == [("MAR", "MAR-GUERGUERAT")]
