"""The airline gateway channel on a real nats-server: acknowledged only once stored, stored once however
often JetStream delivers it."""

from __future__ import annotations

import asyncio
import os

import pytest
from benchmarks.manifests_sample import FlightPlan, crowd, paxlst
from sqlalchemy import func, select

from hudud.messaging.bus import connect
from hudud.messaging.servers import NATS_SERVER, NatsServer
from hudud.policy import Caller
from hudud.services.api_channels import DURABLE, consume, ensure_stream, stream_name, subject_for
from hudud.services.api_ingest import Ingestor
from hudud.services.runtime import open_node
from hudud.settings import load_settings
from hudud.store.manifest_tables import ApiMessage, ManifestRecord
from hudud.store.migrate import upgrade

pytestmark = [pytest.mark.nats, pytest.mark.timeout(120)]
GATEWAY = Caller(None, via="nats")


@pytest.fixture
def server(tmp_path):
    if not os.path.exists(NATS_SERVER):
        pytest.skip("nats-server is not installed (apt-get install nats-server)")
    nats = NatsServer("apis", tmp_path / "nats", domain="mar")
    nats.start()
    yield nats
    nats.stop()


@pytest.fixture
def ingestor(tmp_path) -> Ingestor:
    settings = load_settings(var_dir=tmp_path)
    upgrade(settings.effective_database_url)
    return Ingestor(open_node(settings), settings)


async def publish(url: str, *bodies: bytes) -> None:
    bus = await connect(url, "gateway")
    await ensure_stream(bus, "MAR")
    for body in bodies:  # no Nats-Msg-Id: the stream keeps every copy, as a gateway that retries would
        await bus.local.publish(subject_for("MAR", "AT"), body)
    await bus.close()


def stored(ingestor: Ingestor) -> tuple[int, int]:
    return ingestor.uow.run(
        lambda s: (
            s.scalar(select(func.count(ApiMessage.id))),
            s.scalar(select(func.count(ManifestRecord.id))),
        )
    )


def test_a_message_delivered_twice_is_stored_once(server, ingestor) -> None:
    first, second = (
        paxlst(crowd(3), FlightPlan("AT0001")),
        paxlst(crowd(4), FlightPlan("AT0002"), control_ref="2"),
    )
    asyncio.run(publish(server.url, first, first, second))
    stats = asyncio.run(consume(ingestor, GATEWAY, server.url, "MAR", once=True))
    assert (stats.delivered, stats.stored, stats.redelivered) == (3, 2, 1)
    assert stored(ingestor) == (2, 2)


def test_a_consumer_that_stops_before_its_ack_gets_the_message_again_and_stores_it_once(
    server, ingestor
) -> None:
    body = paxlst(crowd(5), FlightPlan("AT0003"))
    asyncio.run(publish(server.url, body))

    async def crash_after_storing() -> None:
        bus = await connect(server.url, "crashing")
        await ensure_stream(bus, "MAR")
        sub = await bus.local.pull_subscribe("hudud.apis.MAR.>", durable=DURABLE, stream=stream_name("MAR"))
        [msg] = await sub.fetch(1, timeout=5)
        ingestor.store_raw(GATEWAY, msg.data, channel="nats", source=msg.subject)
        await msg.nak()  # the process dies here: no ack, the server delivers it again
        await bus.close()

    asyncio.run(crash_after_storing())
    assert ingestor.uow.run(lambda s: s.scalar(select(ApiMessage.status))) == "received"
    stats = asyncio.run(consume(ingestor, GATEWAY, server.url, "MAR", once=True))
    assert (stats.redelivered, stored(ingestor)) == (1, (1, 1))  # processed from the stored copy at start
    again = asyncio.run(consume(ingestor, GATEWAY, server.url, "MAR", once=True))
    assert again.delivered == 0  # acknowledged: the server keeps nothing pending
