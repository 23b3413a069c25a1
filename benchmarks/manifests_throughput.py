"""Sustained intake over the airline gateway channel: 1,000 manifests a minute for 5 minutes published
on a real nats-server, taken in by the JetStream consumer (store raw, ack, parse, screen against the UN
list in the database, store), then counted back from the database. Target (issue 6): none lost.

Run: ``.venv/bin/python -m benchmarks.manifests_throughput [--minutes 5 --rate 1000 --travellers 10]``."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from benchmarks.manifests_sample import FlightPlan, crowd, paxlst
from benchmarks.report import write_section
from hudud.messaging.bus import connect
from hudud.messaging.servers import NatsServer
from hudud.policy import Caller
from hudud.services import lists
from hudud.services.api_channels import ConsumerStats, consume, ensure_stream, subject_for
from hudud.services.api_ingest import Ingestor
from hudud.services.runtime import open_node
from hudud.settings import load_settings, shared_data_dir
from hudud.store.manifest_tables import ApiMessage, ManifestPerson, ManifestRecord
from hudud.store.migrate import upgrade


async def publish(url: str, bodies: list[bytes], rate: int) -> float:
    """Publish at a steady ``rate`` per minute (each acknowledged by the stream); returns seconds taken."""
    bus = await connect(url, "gateway")
    await ensure_stream(bus, "MAR")
    started = time.perf_counter()
    interval = 60.0 / rate
    for i, body in enumerate(bodies):
        delay = started + i * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await bus.local.publish(subject_for("MAR", "AT"), body, headers={"Nats-Msg-Id": f"bench-{i}"})
    elapsed = time.perf_counter() - started
    await bus.close()
    return elapsed


async def run(args: argparse.Namespace) -> str:
    base = Path(tempfile.mkdtemp(prefix="hudud-intake-"))
    server = NatsServer("apis", base / "nats", domain="mar")
    server.start()
    try:
        settings = load_settings(var_dir=base)
        upgrade(settings.effective_database_url)
        uow = open_node(settings)
        system = Caller(None, via="cli")
        un = shared_data_dir() / "un" / "consolidated_2026-02-27.xml"
        uow.run(lambda s: lists.import_list(s, system, un))
        ingestor = Ingestor(uow, settings)
        total = args.rate * args.minutes
        bodies = [
            paxlst(crowd(args.travellers, seed=i), FlightPlan(f"AT{i:05d}"), control_ref=f"{i:09d}")
            for i in range(total)
        ]
        stop = asyncio.Event()
        stats = ConsumerStats()
        consumer = asyncio.create_task(
            consume(ingestor, Caller(None, via="nats"), server.url, "MAR", stop=stop, stats=stats)
        )
        started = time.perf_counter()
        published_s = await publish(server.url, bodies, args.rate)

        def counted() -> tuple[int, int, int]:
            return uow.run(
                lambda s: (
                    s.scalar(select(func.count(ApiMessage.id))) or 0,
                    s.scalar(select(func.count(ManifestRecord.id))) or 0,
                    s.scalar(select(func.count(ManifestPerson.id))) or 0,
                )
            )

        deadline = time.perf_counter() + args.drain
        while counted()[1] < total and time.perf_counter() < deadline:
            await asyncio.sleep(1.0)
        done_s = time.perf_counter() - started
        stop.set()
        await consumer
        messages, manifests, travellers = counted()
        print(f"published {total} in {published_s:.0f}s; stored {messages}, ingested {manifests} after "
              f"{done_s:.0f}s", file=sys.stderr)  # fmt: skip
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)
    lost = total - manifests
    verdict = "met" if lost == 0 and messages == total else "**missed**"
    return "\n".join(
        [
            f"{total:,} distinct PAXLST messages ({args.travellers} travellers each) published at "
            f"{args.rate:,} a minute for {args.minutes} minutes on a local nats-server (JetStream, file store); "
            "one consumer process stores each raw, acknowledges, parses, screens against the UN list held in "
            "the database and stores (SQLite file). Then every row is counted back. "
            "Reproduce: `.venv/bin/python -m benchmarks.manifests_throughput`.",
            "",
            "| measure | target | Hudud | verdict |",
            "|---|---|---|---|",
            f"| messages published / stored raw / ingested | none lost | {total:,} / {messages:,} / {manifests:,} "
            f"| {verdict} |",
            f"| travellers stored | | {travellers:,} (expected {total * args.travellers:,}) | |",
            f"| publishing took | {args.minutes * 60} s | {published_s:.0f} s | |",
            f"| last message ingested after | | {done_s:.0f} s (lag behind the publisher {done_s - published_s:.0f} s) | |",
            f"| consumer: delivered / stored / delivered again | | {stats.delivered:,} / {stats.stored:,} / "
            f"{stats.redelivered:,} | |",
            "",
            f"Load average of the shared machine at the end of the run: {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=int, default=5)
    parser.add_argument("--rate", type=int, default=1000, help="manifests per minute")
    parser.add_argument("--travellers", type=int, default=10, help="travellers per manifest")
    parser.add_argument("--drain", type=float, default=600.0, help="seconds to wait for the backlog")
    args = parser.parse_args()
    body = asyncio.run(run(args))
    write_section("manifests-throughput", "Passenger lists over JetStream: sustained intake (issue 6)", body)


if __name__ == "__main__":
    main()
