"""Border-post backlog: 10,000 crossings recorded while the post was cut off, synced to the national
node when the link returns (post publishes its outbox while the national node applies the stream).

Real nats-server processes: the hub, Morocco's server (leaf of the hub, with its own JetStream) and
the post's server (leaf of Morocco's). Target (issue 7): the backlog is synced in ≤ 60 s.
Run: ``.venv/bin/python -m benchmarks.sharing_backlog [count]``"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report import write_section
from hudud.messaging.servers import Region
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller
from hudud.services import posts
from hudud.services.sharing_demo import OPERATOR, build_region, settle, start_all, stop_all
from hudud.services.sharing_runtime import flush_outbox

POST = "mar-post-1"


def traveller(i: int) -> Traveller:
    return Traveller(
        f"t{i}",
        (f"AHMED OULD SIDI {i}",),
        birth_date=BirthDate(1970 + i % 40, 1 + i % 12, 1 + i % 28),
        nationalities=("MRT",),
        documents=(IdentityDocument(f"B{i:08d}", issuing_state="MRT"),),
    )


async def measure(base: Path, count: int) -> tuple[float, float, int]:
    region = Region.layout(base, ["mar"], {POST: "mar"})
    region.start()
    nodes = build_region(base, region, {"mar": "MAR"}, {POST: ("mar", "MAR-GUERGUERAT")})
    post, mar = nodes[POST], nodes["mar"]
    try:
        await start_all(nodes.values())
        await settle(nodes.values())
        await post.runtime.fetch_snapshot()
        started = time.perf_counter()
        for start in range(0, count, 500):  # the officers' work while offline, 500 per transaction
            post.uow.run(
                lambda s, start=start: [
                    posts.process_traveller(s, OPERATOR, post.ctx, traveller(i), "entry")
                    for i in range(start, min(count, start + 500))
                ]
            )
        recorded = time.perf_counter() - started

        started = time.perf_counter()
        national = asyncio.create_task(mar.runtime.run_forever(0.05))
        assert post.runtime.bus is not None
        await flush_outbox(post.uow, post.runtime.bus)
        deadline = started + 300
        while (
            mar.uow.run(lambda s: posts.crossings_count(s, POST)) < count and time.perf_counter() < deadline
        ):
            await asyncio.sleep(0.05)
        synced = time.perf_counter() - started
        national.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await national
        arrived = mar.uow.run(lambda s: posts.crossings_count(s, POST))
        await stop_all(nodes.values())
    finally:
        region.stop()
    return recorded, synced, arrived


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    count = int(args[0]) if args else 10_000
    with tempfile.TemporaryDirectory(prefix="hudud-bench-") as folder:
        recorded, synced, arrived = asyncio.run(measure(Path(folder), count))
    verdict = "meets" if synced <= 60 and arrived == count else "MISSES"
    body = (
        f"{count:,} crossings recorded at a post while cut off (SQLite, screened against its snapshot, "
        f"audited), then synced post → Morocco's JetStream → Morocco's database.\n\n"
        f"| crossings | recording offline | sync (until all stored at the national node) | arrived | target |\n"
        f"|---|---|---|---|---|\n"
        f"| {count:,} | {recorded:.1f} s ({count / recorded:.0f}/s) | {synced:.1f} s ({count / synced:.0f}/s) | "
        f"{arrived:,} | ≤ 60 s: {verdict} |\n"
    )
    write_section("sharing_backlog", "Border-post backlog sync", body)
    print(body)


if __name__ == "__main__":
    main()
