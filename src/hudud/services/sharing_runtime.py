"""The node's message loop: publish the outbox, fetch the directory, drain the durable consumers.

One ``NodeRuntime`` per node process (``hudud node run``); tests and benchmarks drive ``pump()``
step by step instead of sleeping. What each role does:
  hub       declares the regional streams (alerts, notices, directory) and publishes the directory
  national  consumes alerts addressed to its country and to all members, and notices for its own
            alerts (on the hub); keeps its posts' crossings stream on its own server; serves snapshots
  post      publishes its outbox of crossings; fetches a fresh snapshot when the link is up"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from nats.aio.msg import Msg
from nats.js.client import JetStreamContext
from sqlalchemy.orm import Session

from hudud.errors import HududError
from hudud.logs import event
from hudud.messaging import subjects
from hudud.messaging.bus import Bus, Handler, LinkDown, Outgoing, connect
from hudud.services import posts, sharing
from hudud.services.sharing import NodeContext, Received
from hudud.services.unit_of_work import UnitOfWork
from hudud.sharing.envelope import Rejected
from hudud.store.db import transaction

OnChange = Callable[[Received], None]


@dataclass
class PumpReport:
    sent: int = 0
    received: int = 0
    refused: int = 0
    reasons: list[str] = field(default_factory=list)


class NodeRuntime:
    def __init__(
        self,
        uow: UnitOfWork,
        ctx: NodeContext,
        url: str,
        hub_domain: str = "hub",
        on_change: OnChange | None = None,
    ) -> None:
        self.uow, self.ctx, self.url = uow, ctx, url
        self.hub_domain = hub_domain or None
        self.on_change = on_change
        self.bus: Bus | None = None
        self._subs: list[tuple[JetStreamContext.PullSubscription, Handler]] = []
        self.report = PumpReport()

    # ----- connection ----------------------------------------------------------------------------
    async def start(self, *, reconnect: bool = True) -> None:
        """Connect and declare what this role needs; raises LinkDown when the server is unreachable."""
        self.bus = bus = await connect(self.url, self.ctx.node_id, reconnect=reconnect)
        role, country, node = self.ctx.role, self.ctx.country, self.ctx.node_id
        if role == "hub":
            await bus.ensure_hub_streams(bus.local)
        elif role == "national":
            hub = bus.hub(self.hub_domain)
            for durable, subject in (
                (f"alerts-{node}", subjects.alerts_for(country)),
                (f"alerts-all-{node}", subjects.alerts_for("ALL")),
            ):
                sub = await bus.consumer(hub, subjects.ALERTS_STREAM, durable, subject)
                self._subs.append((sub, self._alert))
            sub = await bus.consumer(
                hub, subjects.NOTICES_STREAM, f"notices-{node}", subjects.notices_for(country)
            )
            self._subs.append((sub, self._alert))
            await bus.ensure_crossings_stream(country)
            sub = await bus.consumer(
                bus.local,
                subjects.crossings_stream(country),
                f"crossings-{node}",
                subjects.crossings_for(country),
            )
            self._subs.append((sub, self._crossing))
            await bus.nc.subscribe(subjects.snapshot_request(country), cb=self._serve_snapshot)

    async def stop(self) -> None:
        if self.bus is not None:
            await self.bus.close()
            self.bus = None
        self._subs.clear()

    # ----- one round -----------------------------------------------------------------------------
    async def pump(self) -> PumpReport:
        """Send what is queued, refresh the directory, apply everything waiting; returns the totals."""
        if self.bus is None:
            raise LinkDown("the node is not connected")
        self.report.sent += await flush_outbox(self.uow, self.bus)
        if self.ctx.role in ("national", "post"):
            await self.refresh_directory()
        for sub, handler in self._subs:
            await self.bus.drain_consumer(sub, handler)
        return self.report

    async def refresh_directory(self) -> None:
        assert self.bus is not None
        if self.ctx.role == "post":
            return  # a post gets the directory with its snapshot, from its national node
        raw = await self.bus.last_message(
            self.bus.hub(self.hub_domain), subjects.DIRECTORY_STREAM, subjects.DIRECTORY_SUBJECT
        )
        if raw is not None:
            self._handle(raw, lambda s: sharing.store_directory(s, self.ctx, raw))

    async def run_forever(self, interval: float = 0.5) -> None:
        """Pump until cancelled, riding out outages (the outbox waits, consumers resume where they were)."""
        while True:
            try:
                if self.bus is None:
                    await self.start()
                await self.pump()
                if self.ctx.role == "post":
                    await self.fetch_snapshot()
            except LinkDown as exc:
                event("sharing.link_down", node=self.ctx.node_id, reason=exc.message)
                await self.stop()
            await asyncio.sleep(interval)

    # ----- handlers ------------------------------------------------------------------------------
    def _handle(self, raw: bytes, work: Callable[..., object]) -> bool:
        """Apply one message: True to acknowledge (applied or refused for good), False to retry."""
        try:
            result = self.uow.run(work)
        except Rejected as rejected:
            self.report.refused += 1
            self.report.reasons.append(rejected.reason)
            event("sharing.refused", node=self.ctx.node_id, reason=rejected.reason)
            return True
        except HududError as error:
            event("sharing.failed", node=self.ctx.node_id, error=error.code)
            return True
        except Exception as exc:  # the database is unavailable: keep the message for later
            event("sharing.retry", node=self.ctx.node_id, error=type(exc).__name__)
            return False
        self.report.received += 1
        if isinstance(result, Received) and self.on_change is not None:
            self.on_change(result)
        return True

    def _batch(self, apply: Callable[[Session, bytes], object], raws: list[bytes]) -> list[bool]:
        """Apply a batch in one transaction (fast path); if any message is refused or fails, apply
        them one by one so that one bad message neither blocks nor hides the others."""
        try:
            with transaction(self.uow.sessions) as session:  # no aftermath: the slow path audits
                results = [apply(session, raw) for raw in raws]
        except Exception:
            return [self._handle(raw, lambda s, raw=raw: apply(s, raw)) for raw in raws]
        self.report.received += len(raws)
        if self.on_change is not None:
            for result in results:
                if isinstance(result, Received):
                    self.on_change(result)
        return [True] * len(raws)

    async def _alert(self, raws: list[bytes]) -> list[bool]:
        return self._batch(lambda s, raw: sharing.receive(s, self.ctx, raw), raws)

    async def _crossing(self, raws: list[bytes]) -> list[bool]:
        try:
            with transaction(self.uow.sessions) as session:  # a post's backlog: one transaction a batch
                posts.receive_crossings(session, self.ctx, raws)
        except Exception:
            return self._batch(lambda s, raw: posts.receive_crossing(s, self.ctx, raw), raws)
        self.report.received += len(raws)
        return [True] * len(raws)

    async def _serve_snapshot(self, msg: Msg) -> None:
        """Answer a post: the signed directory and a freshly signed snapshot, compressed."""

        def build(session: Session) -> bytes:
            return json.dumps(
                {
                    "directory": (sharing.directory_raw(session) or b"").decode(),
                    "snapshot": posts.build_snapshot(session, self.ctx).decode(),
                }
            ).encode()

        await msg.respond(zlib.compress(self.uow.run(build)))

    async def fetch_snapshot(self, timeout: float = 5.0) -> bool:
        """Post: ask the national node for a fresh snapshot; False (lists kept) when it does not answer."""
        assert self.bus is not None
        try:
            reply = await self.bus.nc.request(
                subjects.snapshot_request(self.ctx.country), b"", timeout=timeout
            )
        except Exception:  # no responder, timeout, link down: the post keeps its current lists
            return False
        data = json.loads(zlib.decompress(reply.data))
        directory, snapshot = data["directory"].encode(), data["snapshot"].encode()
        ok = (
            self._handle(directory, lambda s: sharing.store_directory(s, self.ctx, directory))
            if directory
            else True
        )
        return ok and self._handle(snapshot, lambda s: posts.load_snapshot(s, self.ctx, snapshot))


async def flush_outbox(uow: UnitOfWork, bus: Bus, batch: int = 500, rate: float | None = None) -> int:
    """Publish every queued message, oldest first, marking each batch sent once all its acks are in.

    A crash between publishing and marking only means the batch is published again: the stream drops
    copies by message id and the receiver stores records by id, so nothing is doubled. ``rate``
    (messages per second) keeps a thin satellite link usable for the officers while a post catches up."""
    sent = 0
    loop = asyncio.get_running_loop()
    started = loop.time()
    while True:
        rows = uow.run(
            lambda s: [
                (r.seq, Outgoing(r.subject, r.payload.encode(), r.msg_id)) for r in sharing.pending(s, batch)
            ]
        )
        if not rows:
            return sent
        await bus.publish_all([item for _, item in rows])
        uow.run(lambda s: sharing.mark_sent(s, [seq for seq, _ in rows]))  # noqa: B023 (called at once)
        sent += len(rows)
        if rate:
            await asyncio.sleep(max(0.0, started + sent / rate - loop.time()))
