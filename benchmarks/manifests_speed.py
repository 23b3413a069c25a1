"""One 500-traveller manifest through the whole ingestion path (store raw, parse, screen, risk rules,
store) against the UN list plus a seeded synthetic list of 1,000,000 persons. Target (issue 6): ≤ 1 s.

Run: ``.venv/bin/python -m benchmarks.manifests_speed [--size N]``. The index is built once, outside
the timing (a node builds it at start and when a list changes); the database is an SQLite file."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.manifests_sample import FlightPlan, Pax, crowd, paxlst
from benchmarks.report import write_section
from benchmarks.synthetic_names import persons
from hudud.formats.lists import read_list
from hudud.formats.paxlst import read_paxlst
from hudud.policy import Caller
from hudud.screening.engine import Screener
from hudud.screening.index import ScreeningIndex
from hudud.services.api_ingest import Ingestor, to_screening
from hudud.services.runtime import open_node
from hudud.settings import load_settings, shared_data_dir
from hudud.store.migrate import upgrade


class Prebuilt:
    """Stands in for the node's screening: the same engine, over an index built in memory."""

    def __init__(self, screener: Screener) -> None:
        self.built = screener
        self.threshold = screener.threshold

    def screener(self, session: Any, country: str | None) -> Screener:
        return self.built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="synthetic list size")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    un = read_list(shared_data_dir() / "un" / "consolidated_2026-02-27.xml").entries
    started = time.perf_counter()
    index = ScreeningIndex()
    index.add(un)
    index.add(persons(args.size, seed=7))
    index.compact()
    build_s = time.perf_counter() - started
    print(f"index of {len(index):,} entries built in {build_s:.0f} s", file=sys.stderr)
    screener = Screener(index, threshold=0.7)

    folder = Path(tempfile.mkdtemp(prefix="hudud-bench-"))
    settings = load_settings(var_dir=folder)
    upgrade(settings.effective_database_url)
    ingestor = Ingestor(open_node(settings), settings, Prebuilt(screener))  # type: ignore[arg-type]
    caller = Caller(None, via="cli")
    listed = un[0]
    totals, parse_ms, screen_ms = [], [], []
    for run in range(args.runs + 1):
        people = [
            *crowd(499, seed=100 + run),
            Pax(listed.names[0].full.split()[-1], listed.names[0].full, crowd(1)[0].born),
        ]
        body = paxlst(people, FlightPlan(f"AT{run:04d}"), control_ref=str(run))
        t0 = time.perf_counter()
        manifest = read_paxlst(body)
        t1 = time.perf_counter()
        for t in manifest.travellers:
            screener.screen(to_screening(t), limit=3)
        t2 = time.perf_counter()
        result = ingestor.ingest(caller, body, channel="cli", source=f"bench-{run}")
        t3 = time.perf_counter()
        assert result.status == "ingested" and result.travellers == 500, result
        if run:  # the first run warms caches
            parse_ms.append((t1 - t0) * 1000)
            screen_ms.append((t2 - t1) * 1000)
            totals.append((t3 - t2) * 1000)
    ingestor.uow.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    total = statistics.median(totals)
    parse, screen = statistics.median(parse_ms), statistics.median(screen_ms)
    print(f"total {total:.0f} ms (parse {parse:.0f}, screen {screen:.0f})", file=sys.stderr)
    verdict = "met" if total <= 1000 else "**missed**"
    body_md = "\n".join(
        [
            f"One PAXLST message of 500 travellers through `Ingestor.ingest` (store raw, parse, screen, risk "
            f"rules, store) on an SQLite file, against the UN list ({len(un):,} entries) plus "
            f"{args.size:,} seeded synthetic persons (`benchmarks/synthetic_names.py`); median of {args.runs} "
            f"runs after one warm-up; one process. Reproduce: `.venv/bin/python -m benchmarks.manifests_speed`.",
            "",
            "| measure | target | Hudud | verdict |",
            "|---|---|---|---|",
            f"| 500 travellers parsed, stored and screened | ≤ 1 s | {total / 1000:.2f} s (max {max(totals) / 1000:.2f} s) | {verdict} |",
            f"| of which: parsing alone | | {parse:.0f} ms | |",
            f"| of which: screening alone (500 × `Screener.screen`) | | {screen:.0f} ms ({screen / 500:.1f} ms per traveller) | |",
            f"| of which: storing (raw, manifest, travellers, hits, flags, audit) | | ≈ {max(0.0, total - parse - screen):.0f} ms | |",
            f"| index build ({len(index):,} entries, not in the timing) | | {build_s:.0f} s | |",
            "",
            f"Load average of the shared machine at the end of the run: {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores.",
            "",
            "Screening is the screening engine's cost per traveller (see *Screening speed*); ingestion adds "
            "parsing and one transaction.",
        ]
    )
    write_section(
        "manifests-speed", "Passenger list: parse, store and screen 500 travellers (issue 6)", body_md
    )


if __name__ == "__main__":
    main()
