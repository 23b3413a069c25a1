"""Alert propagation hub → every national node: time from the originator committing an alert to each
receiving node having merged it (its screening entries), with every node's message loop running.

Real nats-server processes on loopback: the hub and four national servers as its leaf nodes; Morocco
shares 60 alerts with all members, one every 0.2 s. Target (issue 7): p95 ≤ 2 s.
Run: ``.venv/bin/python -m benchmarks.sharing_propagation``"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.report import write_section
from hudud.messaging.servers import Region
from hudud.services import sharing
from hudud.services.sharing import Received
from hudud.services.sharing_demo import OPERATOR, build_region, settle, start_all, stop_all
from hudud.sharing.alerts import AlertKind, Handling, Person, Scope, ScopeKind

NATIONALS = {"mar": "MAR", "tun": "TUN", "dza": "DZA", "mrt": "MRT"}
ALERTS = 60


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def measure(base: Path) -> list[float]:
    region = Region.layout(base, list(NATIONALS), {})
    region.start()
    nodes = build_region(base, region, NATIONALS, {})
    issued: dict[str, float] = {}
    delays: list[float] = []

    def arrived(change: Received) -> None:
        for entry in change.added:
            if entry.id in issued:
                delays.append(time.perf_counter() - issued[entry.id])

    for node_id in ("tun", "dza", "mrt"):
        nodes[node_id].runtime.on_change = arrived
    try:
        await start_all(nodes.values())
        await settle(nodes.values())
        loops = [asyncio.create_task(n.runtime.run_forever(0.05)) for n in nodes.values()]
        mar = nodes["mar"]
        for i in range(ALERTS):
            new = sharing.NewAlert(
                AlertKind.WANTED,
                Scope(ScopeKind.ALL),
                Handling.CONTACT,
                f"MAR/BENCH/{i}",
                Person((f"Bench Person {i}",), date(1980, 1, 1 + i % 28)),
            )
            row = mar.uow.run(lambda s, new=new: sharing.issue_alert(s, OPERATOR, mar.ctx, new))
            issued[row.alert_id] = time.perf_counter()
            await asyncio.sleep(0.2)
        deadline = time.perf_counter() + 30
        while len(delays) < ALERTS * 3 and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        for task in loops:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await stop_all(nodes.values())
    finally:
        region.stop()
    return delays


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hudud-bench-") as folder:
        delays = asyncio.run(measure(Path(folder)))
    expected = ALERTS * 3
    p50, p95, worst = (
        (percentile(delays, 0.5), percentile(delays, 0.95), max(delays)) if delays else (0, 0, 0)
    )
    verdict = "meets" if p95 <= 2.0 and len(delays) == expected else "MISSES"
    body = (
        f"Hub + 4 national nodes (nats-server leaf nodes on loopback, each node its own SQLite database and "
        f"message loop polling every 50 ms); Morocco shares {ALERTS} alerts with all members.\n\n"
        f"| deliveries | p50 | p95 | max | target |\n|---|---|---|---|---|\n"
        f"| {len(delays)} / {expected} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | {worst * 1000:.0f} ms | "
        f"p95 ≤ 2 s: {verdict} |\n"
    )
    write_section("sharing_propagation", "Regional alert propagation (hub → every national node)", body)
    print(body)


if __name__ == "__main__":
    main()
