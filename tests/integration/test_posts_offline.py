"""A border post cut off from its national node keeps recording travellers, then syncs every crossing
exactly once — also after being killed (SIGKILL) half-way through a sync. Real nats-server processes:
the hub, Morocco's server as its leaf node, and the post's server as a leaf of Morocco's."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from hudud.messaging.bus import LinkDown, Outgoing, connect
from hudud.messaging.servers import NATS_SERVER, Region
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller
from hudud.services import posts, sharing
from hudud.services.sharing_demo import OPERATOR, build_region, settle, start_all, stop_all
from hudud.sharing.alerts import Decision
from hudud.store.sharing_tables import CrossingRecord, OutboxMessage
from hudud.store.tables import AuditRecord

pytestmark = [pytest.mark.nats, pytest.mark.timeout(180)]

POST = "mar-post-1"


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    if not os.path.exists(NATS_SERVER):
        pytest.skip("nats-server is not installed (apt-get install nats-server)")
    base = tmp_path_factory.mktemp("posts")
    servers = Region.layout(base, ["mar"], {POST: "mar"})
    servers.start()
    loop = asyncio.new_event_loop()
    nodes = build_region(base, servers, {"mar": "MAR"}, {POST: ("mar", "MAR-GUERGUERAT")})
    loop.run_until_complete(start_all(nodes.values()))
    loop.run_until_complete(settle(nodes.values()))
    assert loop.run_until_complete(nodes[POST].runtime.fetch_snapshot())
    yield loop, nodes, servers
    loop.run_until_complete(stop_all(nodes.values()))
    loop.close()
    servers.stop()


def traveller(i: int) -> Traveller:
    return Traveller(
        f"t{i}",
        (f"AHMED OULD SIDI {i}",),
        birth_date=BirthDate(1980 + i % 30, 1 + i % 12, 1 + i % 28),
        nationalities=("MRT",),
        documents=(IdentityDocument(f"B{i:08d}", issuing_state="MRT"),),
    )


def record(post, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        post.uow.run(lambda s, i=i: posts.process_traveller(s, OPERATOR, post.ctx, traveller(i), "entry"))


def received(node) -> int:
    return node.uow.run(lambda s: posts.crossings_count(s, POST))


def backlog(node) -> int:
    return node.uow.run(sharing.outbox_backlog)


def test_post_cut_off_records_500_travellers_and_syncs_each_exactly_once(region):
    loop, nodes, servers = region
    post, mar = nodes[POST], nodes["mar"]
    before = received(mar)
    loop.run_until_complete(post.runtime.stop())
    servers[POST].stop()  # the link (and the post's own server) is down
    with pytest.raises(LinkDown):
        loop.run_until_complete(connect(servers[POST].url, "probe", timeout=0.5, reconnect=False))

    record(post, 500)
    status = post.uow.run(lambda s: posts.snapshot_status(s, timedelta(hours=24)))
    assert status.version and not status.stale
    assert backlog(post) == 500

    servers[POST].start()
    servers[POST].wait_leaves(1)
    loop.run_until_complete(post.runtime.start())
    loop.run_until_complete(settle([post, mar]))
    assert backlog(post) == 0
    assert received(mar) - before == 500

    # a second send of every message under new stream ids (as after a lost database of acks):
    # the national node recognises each crossing and stores nothing twice
    post.uow.run(
        lambda s: s.execute(
            update(OutboxMessage).values(sent_at=None, msg_id=OutboxMessage.msg_id + ":again")
        )
    )
    loop.run_until_complete(settle([post, mar]))
    assert received(mar) - before == 500
    details = mar.uow.run(
        lambda s: s.scalars(select(AuditRecord.detail).where(AuditRecord.action == "crossing.receive")).all()
    )
    audited = sum(int(d.split()[0].removeprefix("crossings=")) for d in details)
    assert audited == received(mar)


SYNC = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from hudud.services.sharing_demo import make_node
    from hudud.services.sharing_runtime import flush_outbox

    folder, url, batch, rate = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    node = make_node(folder, "mar-post-1", "MAR", "post", url, crossing_point="MAR-GUERGUERAT")

    async def main():
        await node.runtime.start()
        print("sent", await flush_outbox(node.uow, node.runtime.bus, batch, rate or None), flush=True)
        await node.runtime.stop()

    asyncio.run(main())
    """
)


def _sync_process(post, url: str, batch: int, rate: float = 0) -> subprocess.Popen[bytes]:
    """``hudud``'s sync in its own process; ``rate`` paces it like a thin satellite link."""
    return subprocess.Popen(
        [sys.executable, "-c", SYNC, str(post.folder), url, str(batch), str(rate)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_post_killed_mid_sync_restarts_and_completes(region):
    loop, nodes, servers = region
    post, mar = nodes[POST], nodes["mar"]
    loop.run_until_complete(post.runtime.stop())  # the sync runs in its own process from here
    before = received(mar)
    record(post, 200, start=1000)
    assert backlog(post) == 200

    sync = _sync_process(post, servers[POST].url, batch=5, rate=100)
    deadline = time.monotonic() + 60
    while backlog(post) == 200 and time.monotonic() < deadline and sync.poll() is None:
        time.sleep(0.01)
    sync.send_signal(signal.SIGKILL)
    _out, err = sync.communicate()
    left = backlog(post)
    assert sync.returncode == -signal.SIGKILL, err.decode()
    assert 0 < left < 200, f"the kill should land mid-sync ({left} left)"

    restarted = _sync_process(post, servers[POST].url, batch=100)
    _out, err = restarted.communicate(timeout=60)
    assert restarted.returncode == 0, err.decode()
    assert backlog(post) == 0

    loop.run_until_complete(post.runtime.start())
    loop.run_until_complete(settle([post, mar]))
    assert received(mar) - before == 200


def test_later_decision_wins_whatever_the_arrival_order(region):
    loop, nodes, _ = region
    post, mar = nodes[POST], nodes["mar"]
    if post.runtime.bus is None:
        loop.run_until_complete(post.runtime.start())
    result = post.uow.run(lambda s: posts.process_traveller(s, OPERATOR, post.ctx, traveller(9000), "entry"))
    first = post.uow.run(
        lambda s: s.scalars(select(OutboxMessage).order_by(OutboxMessage.seq.desc())).first().payload
    )
    post.uow.run(lambda s: posts.revise_decision(s, OPERATOR, post.ctx, result.crossing.id, Decision.REFUSED))
    loop.run_until_complete(settle([post, mar]))
    # revision 1 arrives again, late (a copy from a retry): revision 2 stays
    loop.run_until_complete(
        post.runtime.bus.publish(Outgoing(f"hudud.crossing.MAR.{POST}", first.encode(), "late-copy"))
    )
    loop.run_until_complete(settle([post, mar]))
    row = mar.uow.run(lambda s: s.get(CrossingRecord, result.crossing.id))
    assert (row.revision, row.decision) == (2, "refused")


def test_staleness_is_reported():
    status = posts.SnapshotStatus("v1", None, None, True)
    assert "not screened" in status.describe()
