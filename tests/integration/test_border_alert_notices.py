"""At the desk, a traveller who hits another state's shared alert: when the officer decides, the
originating state is notified — which alert, where, when, the decision — and nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hudud.services import border_alerts, crossings, reference, sharing
from hudud.services.node_screening import NodeScreening
from hudud.sharing.alerts import Scope, ScopeKind
from hudud.store.sharing_tables import HitNoticeRecord, OutboxMessage
from tests.integration.test_sharing_services import nodes, share  # noqa: F401  (fixture reuse)
from tests.test_border_support import World, add_border_users, load_lists, passport


@pytest.fixture
def world(nodes, monkeypatch):  # noqa: F811
    ctx, uow = nodes["mar"]
    uow.run(reference.load_reference_data)
    uow.run(add_border_users)
    monkeypatch.setattr(
        border_alerts, "load_context", lambda: ctx
    )  # the node's keys, as `hudud node init` makes
    return World(uow, NodeScreening(threshold=0.7))


def _notices(uow) -> list[tuple[str, str, str, str]]:
    return uow.run(
        lambda s: [(n.direction, n.origin, n.decision, n.place) for n in s.scalars(select(HitNoticeRecord))]
    )


def test_decision_on_a_foreign_alert_hit_notifies_the_originator(nodes, world) -> None:  # noqa: F811
    ctx, uow = nodes["mar"]
    _alert_id, raw = share(nodes, Scope(ScopeKind.STATES, ("MAR",)), name="Karim Benhaddou")
    uow.run(lambda s: sharing.receive(s, ctx, raw))

    seen = world.inspect("officer.cmn", passport(born=date(1979, 5, 2)))  # the alert's person and birth date
    assert seen["cases"], "the shared alert should open a case at the desk"
    officer = world.caller("officer.cmn")
    uow.run(lambda s: crossings.decide(s, officer, seen["crossing_id"], "referred"))

    assert _notices(uow) == [("sent", "DZA", "referred", "MAR-CMN")]
    payloads = uow.run(lambda s: [m.payload for m in s.scalars(select(OutboxMessage))])
    assert not any(
        "BENHADDOU" in p.upper() or "DZ1234567" in p for p in payloads
    )  # nothing about the traveller


def test_hits_on_national_lists_send_no_notice(nodes, world, tmp_path) -> None:  # noqa: F811
    _ctx, uow = nodes["mar"]
    uow.run(lambda s: load_lists(s, tmp_path / "lists"))
    seen = world.inspect("officer.cmn", passport())
    assert seen["cases"]
    uow.run(lambda s: crossings.decide(s, world.caller("officer.cmn"), seen["crossing_id"], "referred"))
    assert _notices(uow) == []
