"""Bulk screening on Dask: 1,000,000 synthetic crossing records against the UN list + a 100,000-person
national list; throughput per core, scaling from 1 to 2 workers, projected time for 100 million records.

Run: ``.venv/bin/python -m benchmarks.bulk_screening`` (``--records``/``--national``/``--scaling`` to
shrink it). Records are Parquet (10,000 per row group = per partition), hits go to Parquet, job state to
a temporary SQLite file; every run is a real LocalCluster of processes with one thread each."""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.report import write_section
from benchmarks.synthetic_names import persons, spelling_variant
from hudud.policy import Caller
from hudud.services import bulk
from hudud.services.bulk_sinks import ParquetSink
from hudud.services.bulk_snapshot import ListFiles, write_snapshot
from hudud.services.bulk_sources import ParquetSource, record_of
from hudud.settings import shared_data_dir
from hudud.store.db import engine_for
from hudud.store.migrate import upgrade

GROUP = 10_000
LISTED_SHARE = 0.02  # travellers who are (respelled) listed persons; the rest are strangers


def national_csv(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "name_original", "aliases", "birth_date", "nationality", "gender"])
        for e in persons(count, seed=11, prefix="nat"):
            aliases = "|".join(n.full for n in e.names[2:])
            out.writerow([e.id, e.names[0].full, e.names[1].full, aliases, e.birth_dates[0].iso(),
                          e.nationalities[0], e.gender])  # fmt: skip


def crossings_parquet(path: Path, count: int, national: int) -> None:
    """``count`` crossing records: 2 % listed persons (respelled, some in Arabic), 98 % strangers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(21)
    listed = list(persons(min(national, 20_000), seed=11, prefix="nat"))
    writer: Any = None
    strangers = persons(count, seed=4242, prefix="s")
    rows: list[dict[str, Any]] = []
    for i, stranger in enumerate(strangers):
        e = rng.choice(listed) if rng.random() < LISTED_SHARE else stranger
        latin = spelling_variant(e.names[0].full, rng) if e is not stranger else e.names[0].full
        given, _, family = latin.partition(" ")
        born = e.birth_dates[0]
        rows.append(
            {
                "id": i + 1,
                "surname": family.upper(),
                "given_names": given.upper(),
                "name_arabic": e.names[1].full if rng.random() < 0.3 else None,
                "birth_date": f"{born.year:04d}-{born.month or 1:02d}-{born.day or 1:02d}",
                "sex": e.gender,
                "nationality": e.nationalities[0],
                "document_type": "P",
                "document_number": f"P{i:09d}",
                "document_issuer": e.nationalities[0],
            }
        )
        if len(rows) == GROUP:
            table = pa.Table.from_pylist(rows)
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table, row_group_size=GROUP)
            rows = []
    if rows:
        table = pa.Table.from_pylist(rows)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=GROUP)
    writer.close()


def single_process(lists: tuple[str, ...], parquet: Path, sample: int) -> tuple[float, float, float]:
    """The plain engine in this process: index build seconds, records per wall-clock second and per
    CPU second (what one dedicated core does) over ``sample`` records."""
    import pyarrow.parquet as pq

    started = time.perf_counter()
    built = ListFiles(lists).build(0.70, 20)
    build = time.perf_counter() - started
    # the snapshot the jobs will use, written now so that no timed run includes the build
    write_snapshot(bulk.snapshot_folder(), ListFiles(lists).fingerprint(0.70, 20), built)
    screener = built.screener
    rows = pq.ParquetFile(parquet).read_row_group(0).to_pylist()[:sample]
    records = [record_of(r) for r in rows]
    started, cpu = time.perf_counter(), time.process_time()
    for record in records:
        screener.screen(record.traveller, limit=5)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return build, len(records) / wall, len(records) / cpu


def dask_run(folder: Path, lists: tuple[str, ...], parquet: Path, workers: int, label: str) -> dict[str, Any]:
    url = f"sqlite:///{folder / f'{label}.sqlite3'}"
    upgrade(url)
    started = time.perf_counter()
    with bulk.dask_client("local", workers=workers) as client:
        ready = time.perf_counter()
        report = bulk.bulk_screen(
            engine_for(url), Caller(None, via="cli"), ParquetSource(str(parquet)),
            ParquetSink(str(folder / "hits")), ListFiles(lists), job_id=label, scheduler=client,
        )  # fmt: skip
    job_seconds = time.perf_counter() - ready
    return {
        "workers": workers,
        "records": report.records,
        "matched": report.matched,
        "hits": report.hits,
        "partitions": report.partitions,
        "cluster_s": ready - started,
        "job_s": job_seconds,
        "rate": report.records / job_seconds,
    }


def subset(parquet: Path, groups: int, target: Path) -> Path:
    import pyarrow.parquet as pq

    source = pq.ParquetFile(parquet)
    with pq.ParquetWriter(target, source.schema_arrow) as writer:
        for g in range(min(groups, source.num_row_groups)):
            writer.write_table(source.read_row_group(g), row_group_size=GROUP)
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--national", type=int, default=100_000)
    parser.add_argument("--scaling", type=int, default=100_000, help="records of the 1- vs 2-worker runs")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    un = shared_data_dir() / "un" / "consolidated_2026-02-27.xml"
    folder = Path(tempfile.mkdtemp(prefix="hudud-bulk-bench-"))
    os.environ["HUDUD_BULK_SNAPSHOT_DIR"] = str(folder / "snapshots")
    results: dict[str, Any] = {"records": args.records, "national": args.national}
    started = time.perf_counter()
    national_csv(folder / "national_bench.csv", args.national)
    crossings_parquet(folder / "crossings.parquet", args.records, args.national)
    results["generate_s"] = time.perf_counter() - started
    lists = (str(un), str(folder / "national_bench.csv"))
    results["build_s"], results["single_rate"], results["cpu_rate"] = single_process(
        lists, folder / "crossings.parquet", 2000
    )
    results["cpu_note"] = "process CPU time of the single-process run"
    print(json.dumps(results), flush=True)
    small = subset(folder / "crossings.parquet", args.scaling // GROUP, folder / "scaling.parquet")
    results["one"] = dask_run(folder, lists, small, 1, "scaling-1")
    print(json.dumps(results), flush=True)
    results["two"] = dask_run(folder, lists, small, 2, "scaling-2")
    print(json.dumps(results), flush=True)
    if args.records > args.scaling:
        results["full"] = dask_run(folder, lists, folder / "crossings.parquet", 2, "full-2")
    else:
        results["full"] = results["two"]
    results["load"] = os.getloadavg()[0]
    results["commit"] = _commit()
    print(json.dumps(results), flush=True)
    Path("/tmp/hudud-bulk-bench.json").write_text(json.dumps(results))
    if not args.no_write:
        write_section("bulk-screening", "Bulk screening on Dask (issue 10)", render(results))


def _commit() -> str:
    """The commit whose engine was measured (``?`` outside a git checkout)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        return done.stdout.strip() or "?"
    except (OSError, subprocess.CalledProcessError):
        return "?"


def render(r: dict[str, Any]) -> str:
    one, two, full = r["one"], r["two"], r["full"]
    # On a shared, oversubscribed machine wall-clock rates say more about the neighbours than about
    # Hudud; the engine's CPU time per record is what one dedicated core delivers.
    per_core = r.get("cpu_rate") or full["rate"] / full["workers"]
    efficiency = min(1.0, two["rate"] / (2 * one["rate"]))
    lines = [
        f"{full['records']:,} synthetic crossing records (Parquet, {GROUP:,} per partition; "
        f"{LISTED_SHARE:.0%} respelled listed persons) against the UN list + a {r['national']:,}-person "
        "synthetic national list (`benchmarks/synthetic_names.py`); LocalCluster of processes, one thread each; "
        "hits (matches) to Parquet. Reproduce: `.venv/bin/python -m benchmarks.bulk_screening`.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| single process, plain engine (2,000 records) | {r['single_rate']:,.0f} records/s |",
        f"| index build over UN + national (once, in the driver) | {r['build_s']:.1f} s |",
        f"| 1 worker, {one['records']:,} records | {one['rate']:,.0f} records/s "
        f"({one['job_s']:.0f} s, incl. loading the snapshot) |",
        f"| 2 workers, {two['records']:,} records | {two['rate']:,.0f} records/s ({two['job_s']:.0f} s) |",
        f"| scaling 1 → 2 workers | × {two['rate'] / one['rate']:.2f} (efficiency {efficiency:.0%}) |",
        f"| **2 workers, {full['records']:,} records** | **{full['rate']:,.0f} records/s, "
        f"{full['job_s'] / 60:.1f} min**; {full['matched']:,} records matched |",
        f"| throughput per worker (full run, wall clock) | {full['rate'] / full['workers']:,.0f} records/s |",
        f"| **engine CPU cost per record → one dedicated core** | **{per_core:,.0f} records/s** "
        f"({r.get('cpu_note', 'wall-clock rate; no CPU-time measure')}) |",
        "",
        f"Projected time for 100,000,000 records at {per_core:,.0f} records/s per dedicated core: with "
        f"linear scaling, and with the 1→2 efficiency measured here ({efficiency:.0%}, on a machine "
        "shared with other work, so a pessimistic bound):",
        "",
        "| cores (workers) | linear | at the measured efficiency |",
        "|---|---|---|",
    ]
    if full["records"] < 1_000_000:
        minutes = 1_000_000 / full["rate"] / 60
        lines[-4:-4] = [
            f"**Not the full 1,000,000 records**: this run used {full['records']:,} (the shared 2-core "
            f"machine was at load average ~10 during the runs); at the measured 2-worker rate 1,000,000 "
            f"records take {minutes:.0f} min here, at {per_core:,.0f} records/s per dedicated core "
            f"{1_000_000 / per_core / 2 / 60:.0f} min on 2 cores. `--records 1000000` runs the full size.",
            "",
        ]
    for cores in (1, 2, 8, 32, 64, 128):
        ideal = 100_000_000 / (per_core * cores) / 3600
        measured = ideal / (efficiency if cores > 1 else 1.0)
        lines.append(f"| {cores} | {ideal:,.1f} h | {measured:,.1f} h |")
    lines += [
        "",
        "Assumptions: the same lists (UN + 100,000) and mix of travellers; screening is CPU-bound in the "
        "pure-Python engine, so throughput grows with worker processes (one per core) at the measured "
        "1→2 efficiency, with dedicated cores; each worker loads the index snapshot once (tens of "
        "seconds, amortised over 10,000 partitions); the source (Parquet on shared storage, or "
        "PostgreSQL read by id range) and the sink (COPY of the matches) keep up — "
        "they are not measured as the bottleneck here; the scheduler handles 10,000 tasks without "
        f"strain. The machine is shared: load average at the end of the run was {r['load']:.1f} on "
        "2 cores, so these figures are a floor. The screening engine itself is being optimised "
        "(issue 4 §6 targets missed); a faster engine moves every figure here by the same factor. "
        f"Engine measured: commit {r.get('commit', '?')}. About {full['matched'] / full['records']:.0%} of "
        "records match: the synthetic national list draws 100,000 persons from a few hundred names, so "
        "many travellers have a listed namesake with a close birth date; real lists match far less.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--render":  # write the section from a saved result
        write_section(
            "bulk-screening",
            "Bulk screening on Dask (issue 10)",
            render(json.loads(Path(sys.argv[2]).read_text())),
        )
    else:
        main()
