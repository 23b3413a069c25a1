"""JetStream over nats-py: connecting, declaring streams and durable consumers, publishing with
idempotent message ids, and draining consumers with explicit acknowledgements.

Delivery is at least once; ``Nats-Msg-Id`` lets the stream drop a copy published again inside its
duplicate window, and the receiving service is idempotent by record id, so a record applied twice
is stored once however long the outage was."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import nats
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.errors import NoServersError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, RetentionPolicy, StreamConfig
from nats.js.client import JetStreamContext
from nats.js.errors import NotFoundError

from hudud.errors import HududError
from hudud.messaging import subjects

log = logging.getLogger(__name__)
HOUR = 3600.0


class LinkDown(HududError):
    """The message server cannot be reached (the link is down): work stays queued locally."""

    status_code = 503
    code = "link_down"


@dataclass(frozen=True)
class Outgoing:
    subject: str
    data: bytes
    msg_id: str


# Given a batch of message payloads, say for each: True done (ack), False retry later (nak).
Handler = Callable[[list[bytes]], Awaitable[list[bool]]]


async def connect(url: str, name: str, *, timeout: float = 2.0, reconnect: bool = True) -> Bus:
    """Connect to this node's NATS server, or raise LinkDown."""
    try:
        # the first connection fails fast (a post must know at once that the link is down); once
        # connected, the client rides out outages by reconnecting forever when ``reconnect``
        nc = await asyncio.wait_for(
            nats.connect(
                url,
                name=name,
                connect_timeout=timeout,
                allow_reconnect=reconnect,
                max_reconnect_attempts=-1 if reconnect else 1,
                reconnect_time_wait=0.5,
                error_cb=_quiet,
            ),
            timeout * 2,
        )
    except (NoServersError, OSError, TimeoutError) as exc:
        raise LinkDown(f"cannot reach the message server at {url} ({exc or type(exc).__name__})") from None
    return Bus(nc)


async def _quiet(error: Exception) -> None:
    """Connection errors while reconnecting are expected during an outage: one debug line each."""
    log.debug("nats.error %s", type(error).__name__)


class Bus:
    def __init__(self, nc: Client, hub_domain: str = "hub") -> None:
        self.nc = nc
        self.local: JetStreamContext = nc.jetstream()
        self.hub_domain = hub_domain

    def hub(self, domain: str | None) -> JetStreamContext:
        """JetStream of the hub: its domain when our server has its own JetStream, else the local API."""
        return self.nc.jetstream(domain=domain) if domain else self.local

    async def close(self) -> None:
        if not self.nc.is_closed:
            await self.nc.close()  # every message is acked explicitly: nothing to drain

    # ----- streams ---------------------------------------------------------------------------
    async def ensure_stream(self, js: JetStreamContext, config: StreamConfig) -> None:
        try:
            await js.stream_info(config.name or "")
        except NotFoundError:
            await js.add_stream(config)

    async def ensure_hub_streams(self, js: JetStreamContext) -> None:
        """The hub's streams: alerts and notices kept 30 days, the directory's last few versions."""
        for name, subject, window in (
            (subjects.ALERTS_STREAM, "hudud.alert.>", HOUR),
            (subjects.NOTICES_STREAM, "hudud.notice.>", HOUR),
        ):
            await self.ensure_stream(
                js,
                StreamConfig(
                    name=name,
                    subjects=[subject],
                    retention=RetentionPolicy.LIMITS,
                    max_age=30 * 24 * HOUR,
                    duplicate_window=window,
                ),
            )
        await self.ensure_stream(
            js,
            StreamConfig(
                name=subjects.DIRECTORY_STREAM,
                subjects=[subjects.DIRECTORY_SUBJECT],
                max_msgs_per_subject=10,
                duplicate_window=HOUR,
            ),
        )

    async def ensure_crossings_stream(self, country: str) -> None:
        """Crossings of this state's posts, on the state's own server; a day's duplicate window covers
        a post that retries after a long outage (the store is idempotent beyond that)."""
        await self.ensure_stream(
            self.local,
            StreamConfig(
                name=subjects.crossings_stream(country),
                subjects=[subjects.crossings_for(country)],
                max_age=30 * 24 * HOUR,
                duplicate_window=24 * HOUR,
            ),
        )

    # ----- publishing ------------------------------------------------------------------------
    async def publish(self, item: Outgoing, timeout: float = 5.0) -> bool:
        """Publish and wait for the stream's ack; True when stored, False when it was a duplicate."""
        try:
            ack = await self.local.publish(
                item.subject, item.data, timeout=timeout, headers={"Nats-Msg-Id": item.msg_id}
            )
        except (TimeoutError, NatsError) as exc:
            raise LinkDown(f"no acknowledgement for {item.subject} ({type(exc).__name__})") from None
        return not ack.duplicate

    async def publish_all(self, items: Sequence[Outgoing], window: int = 256) -> int:
        """Publish every item, ``window`` at a time in flight; all are acked when this returns."""
        stored = 0
        for start in range(0, len(items), window):
            results = await asyncio.gather(*(self.publish(i) for i in items[start : start + window]))
            stored += sum(results)
        return stored

    # ----- consuming -------------------------------------------------------------------------
    async def consumer(
        self, js: JetStreamContext, stream: str, durable: str, filter_subject: str
    ) -> JetStreamContext.PullSubscription:
        """A durable pull consumer: survives restarts of the node, remembers what was acked."""
        config = ConsumerConfig(
            durable_name=durable,
            filter_subject=filter_subject,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=30,
            max_ack_pending=10_000,
        )
        return await js.pull_subscribe(filter_subject, durable=durable, stream=stream, config=config)

    async def drain_consumer(
        self, sub: JetStreamContext.PullSubscription, handler: Handler, batch: int = 256, wait: float = 2.0
    ) -> int:
        """Hand every waiting message to ``handler`` until none is left; returns how many were handled.

        Asks the consumer how much is pending first, so an idle consumer costs one round trip, not a
        fetch timeout."""
        handled = 0
        while True:
            info = await sub.consumer_info()
            waiting = info.num_pending or 0
            if waiting == 0:
                return handled
            try:
                msgs: list[Msg] = await sub.fetch(min(batch, waiting), timeout=wait)
            except TimeoutError:
                return handled
            outcomes = await handler([m.data for m in msgs])
            for msg, done in zip(msgs, outcomes, strict=True):
                if done:
                    await msg.ack()
                else:
                    await msg.nak(delay=1.0)
            handled += len(msgs)

    async def last_message(self, js: JetStreamContext, stream: str, subject: str) -> bytes | None:
        try:
            raw = await js.get_last_msg(stream, subject)
        except NotFoundError:
            return None
        return raw.data
