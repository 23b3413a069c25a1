"""The unattended channels of advance passenger information: a watched drop folder and a JetStream
subject for airline gateways. Both hand every message to ``Ingestor`` and never lose one:

* drop folder: a file is moved to ``done/`` or ``rejected/`` only after its bytes are stored, so a
  node that stops mid-way takes the file again at the next pass (and the store recognises it);
* JetStream: a durable consumer acknowledges a message only after its raw bytes are stored; a message
  delivered again is recognised by its bytes and stored once. Parsing happens after the ack, and
  messages stored but never processed are picked up by ``Ingestor.process_pending`` at start."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig

from hudud.errors import N_, HududError
from hudud.messaging.bus import Bus, connect
from hudud.policy import Caller
from hudud.services.api_ingest import Ingestor, IngestResult, check_size

log = logging.getLogger("hudud.manifests")
DURABLE = "manifests-ingest"


def stream_name(country: str) -> str:
    return f"APIS_{country}"


def subject_for(country: str, sender: str) -> str:
    """Where an airline gateway publishes for a state: ``hudud.apis.<COUNTRY>.<sender>``."""
    return f"hudud.apis.{country}.{sender}"


# ----- drop folder -------------------------------------------------------------------------------------


@dataclass
class FolderPass:
    results: list[tuple[str, IngestResult | None, str | None]] = field(default_factory=list)

    @property
    def taken(self) -> int:
        return len(self.results)


def _move(path: Path, folder: Path, note: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.exists():
        target = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{path.name}"
    path.replace(target)
    if note:
        target.with_name(target.name + ".error.txt").write_text(note + "\n", encoding="utf-8")


def scan_folder(
    ingestor: Ingestor, caller: Caller, inbox: Path, *, settle_seconds: float = 2.0
) -> FolderPass:
    """One pass over the inbox. Files still being written (changed in the last ``settle_seconds``) and
    hidden files (``.name``, the usual temporary name of a copy in progress) wait for the next pass."""
    done_pass = FolderPass()
    inbox.mkdir(parents=True, exist_ok=True)
    now = time.time()
    files = sorted(
        (p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    for path in files:
        stat = path.stat()
        if now - stat.st_mtime < settle_seconds:
            continue
        error: str | None = None
        result: IngestResult | None = None
        try:
            if stat.st_size > ingestor.settings.manifest_max_bytes:  # refused before reading it
                raise HududError(
                    N_("the file is %(size)s bytes; the limit is %(limit)s bytes; nothing was stored"),
                    values={
                        "size": f"{stat.st_size:,}",
                        "limit": f"{ingestor.settings.manifest_max_bytes:,}",
                    },
                )
            result = ingestor.ingest(caller, path.read_bytes(), channel="folder", source=path.name)
        except HududError as exc:
            error = exc.message
        if result is not None and result.status in ("ingested", "duplicate"):
            _move(path, inbox / "done")
        else:
            _move(path, inbox / "rejected", error or (result.error if result else None))
        done_pass.results.append((path.name, result, error))
    return done_pass


def watch_folder(
    ingestor: Ingestor,
    caller: Caller,
    inbox: Path,
    *,
    interval: float = 2.0,
    stop: Callable[[], bool] = lambda: False,
    report: Callable[[FolderPass], None] = lambda _p: None,
) -> None:
    """Scan the inbox every ``interval`` seconds until ``stop()`` says so."""
    ingestor.process_pending(caller)
    while not stop():
        found = scan_folder(ingestor, caller, inbox, settle_seconds=interval)
        if found.taken:
            report(found)
        time.sleep(interval)


# ----- JetStream ---------------------------------------------------------------------------------------


async def ensure_stream(bus: Bus, country: str) -> None:
    """The state's gateway stream on its own server: a week of messages, an hour's duplicate window."""
    await bus.ensure_stream(
        bus.local,
        StreamConfig(
            name=stream_name(country),
            subjects=[f"hudud.apis.{country}.>"],
            max_age=7 * 24 * 3600.0,
            duplicate_window=3600.0,
        ),
    )


@dataclass
class ConsumerStats:
    delivered: int = 0
    stored: int = 0
    redelivered: int = 0
    refused: int = 0


async def consume(
    ingestor: Ingestor,
    caller: Caller,
    url: str,
    country: str,
    *,
    once: bool = False,
    batch: int = 64,
    stop: asyncio.Event | None = None,
    stats: ConsumerStats | None = None,
) -> ConsumerStats:
    """Take messages from the state's gateway subject; with ``once``, stop when none is waiting."""
    stats = stats or ConsumerStats()
    bus = await connect(url, "hudud-manifests")
    try:
        await ensure_stream(bus, country)
        await asyncio.to_thread(ingestor.process_pending, caller)
        subject = f"hudud.apis.{country}.>"
        config = ConsumerConfig(durable_name=DURABLE, filter_subject=subject, ack_policy=AckPolicy.EXPLICIT,
                                deliver_policy=DeliverPolicy.ALL, ack_wait=60, max_ack_pending=1000)  # fmt: skip
        sub = await bus.local.pull_subscribe(
            subject, durable=DURABLE, stream=stream_name(country), config=config
        )
        while stop is None or not stop.is_set():
            if once:  # done when nothing waits and nothing delivered earlier is still unacknowledged
                info = await sub.consumer_info()
                if not (info.num_pending or 0) and not (info.num_ack_pending or 0):
                    break
            try:
                msgs = await sub.fetch(batch, timeout=1.0)
            except TimeoutError:
                continue
            for msg in msgs:
                stats.delivered += 1
                try:
                    check_size(msg.data, ingestor.settings)
                except HududError as refused:  # empty or too large: nothing to keep, never redeliver
                    log.warning("manifests.nats_refused subject=%s reason=%s", msg.subject, refused.code)
                    stats.refused += 1
                    await msg.term()
                    continue
                try:
                    message_id, new = await asyncio.to_thread(
                        ingestor.store_raw, caller, msg.data, channel="nats", source=msg.subject
                    )
                except Exception:  # the database is unavailable: the server keeps it, we try again
                    log.exception("manifests.nats_store_failed subject=%s", msg.subject)
                    await msg.nak(delay=2.0)
                    continue
                await msg.ack()  # stored: from here on the node owns the message
                if not new:
                    stats.redelivered += 1
                    continue
                stats.stored += 1
                try:
                    await asyncio.to_thread(ingestor.process, caller, message_id, msg.data)
                except Exception:  # stays "received"; process_pending takes it at the next start
                    log.exception("manifests.process_failed message=%s", message_id)
    finally:
        await bus.close()
    return stats
