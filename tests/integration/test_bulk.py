"""Bulk screening on a real Dask LocalCluster (2 worker processes, 1 thread each) gives the same hits as
the single-process engine, record for record, from Parquet and from the node's crossings (SQLite and
PostgreSQL); a job that fails part-way resumes and counts every record exactly once.

Compared: every hit at or above the threshold (what a job stores by default). Hits below it are not
compared with this process's engine: the engine breaks candidate ties in an order that follows Python's
string hashing, so the weak tail differs between any two processes (docs/bulk.md)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from benchmarks.synthetic_names import persons, spelling_variant
from sqlalchemy import func, select

from hudud.errors import Conflict
from hudud.policy import Caller
from hudud.services import bulk, bulk_retro
from hudud.services.bulk_sinks import DatabaseSink, ParquetSink
from hudud.services.bulk_snapshot import ListFiles
from hudud.services.bulk_sources import COLUMNS, CrossingsSource, ParquetSource, record_of
from hudud.services.screening import build_screener, load_lists
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.bulk_tables import BulkJob, BulkPartition
from hudud.store.db import engine_for
from hudud.store.tables import utcnow

SYSTEM = Caller(None, via="cli")
RECORDS = 160
GROUP = 40  # rows per Parquet row group = records per partition: 4 partitions


def national_list(folder: Path) -> tuple[Path, Path]:
    """A 300-person national list (Arabic + Latin names, birth dates, passports) and 3 stolen passports."""
    people = folder / "national_watch.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "name_original", "aliases", "birth_date", "nationality", "gender",
                      "document_number", "document_country"])  # fmt: skip
        for i, e in enumerate(persons(300, seed=3, prefix="nat")):
            born = e.birth_dates[0].iso()
            number = f"N{i:07d}" if i % 3 == 0 else ""
            out.writerow([e.id, e.names[0].full, e.names[1].full, "|".join(n.full for n in e.names[2:]),
                          born, e.nationalities[0], e.gender, number, e.nationalities[0] if number else ""])  # fmt: skip
    lost = folder / "stolen.csv"
    lost.write_text(
        "document_number,issuing_state,document_type,status\n"
        "ST0000001,MAR,passport,stolen\nST0000002,DZA,passport,stolen\nST0000003,TUN,passport,lost\n",
        "utf-8",
    )
    return people, lost


def traveller_rows(count: int = RECORDS) -> list[dict[str, Any]]:
    """Half listed persons (respelled, Arabic, or by passport), half strangers; a few stolen passports."""
    rng = random.Random(5)
    listed = list(persons(300, seed=3, prefix="nat"))
    strangers = list(persons(count, seed=99, prefix="s"))
    rows = []
    for i in range(count):
        e = listed[rng.randrange(300)] if i % 2 else strangers[i]
        latin = spelling_variant(e.names[0].full, rng) if i % 2 else e.names[0].full
        given, _, family = latin.partition(" ")
        born = e.birth_dates[0]
        rows.append(
            {
                "id": 1000 + i,
                "surname": family.upper(),
                "given_names": given.upper(),
                "name_arabic": e.names[1].full if i % 4 == 1 else None,
                "birth_date": f"{born.year:04d}-{born.month or 1:02d}-{born.day or 1:02d}",
                "sex": e.gender,
                "nationality": e.nationalities[0],
                "document_type": "P",
                "document_number": f"ST000000{i % 3 + 1}" if i % 37 == 0 else f"P{i:08d}",
                "document_issuer": ["MAR", "DZA", "TUN"][i % 3] if i % 37 == 0 else e.nationalities[0],
            }
        )
    return rows


def write_parquet(rows: list[dict[str, Any]], path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=GROUP)
    return path


def reference_hits(
    lists: tuple[Path, ...], rows: list[dict[str, Any]], keep_from: float
) -> list[tuple[Any, ...]]:
    """What one process with the plain engine finds, in the stored shape."""
    screener = build_screener(load_lists(lists))
    out = []
    for row in rows:
        record = record_of(row)
        kept = [h for h in screener.screen(record.traveller, limit=5) if h.score > 0 and h.score >= keep_from]
        out.extend(bulk.hit_row(record.id, rank, h) for rank, h in enumerate(kept))
    return sorted(out)


def stored(hits: Iterator[dict[str, Any]]) -> list[tuple[Any, ...]]:
    columns = ("record_id", "rank", "entry_id", "list_name", "entry_name", "score", "match", "explanation")
    return sorted(tuple(h[c] for c in columns) for h in hits)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with bulk.dask_client("local", workers=2) as dask:
        yield dask


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from hudud.store.migrate import upgrade

    monkeypatch.setenv("HUDUD_BULK_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    url = f"sqlite:///{tmp_path / 'node.sqlite3'}"
    upgrade(url)
    people, lost = national_list(tmp_path)
    rows = traveller_rows()
    return {
        "url": url,
        "engine": engine_for(url),
        "lists": (people, lost),
        "rows": rows,
        "parquet": write_parquet(rows, tmp_path / "travellers.parquet"),
        "out": tmp_path / "hits",
    }


def test_parquet_hits_equal_the_single_process_engine(client: Any, setup: dict[str, Any]) -> None:
    report = bulk.bulk_screen(
        setup["engine"],
        SYSTEM,
        ParquetSource(str(setup["parquet"])),
        ParquetSink(str(setup["out"])),
        ListFiles(tuple(str(p) for p in setup["lists"])),
        job_id="job-parquet",
        scheduler=client,
    )
    expected = reference_hits(setup["lists"], setup["rows"], 0.70)
    assert stored(ParquetSink(str(setup["out"])).hits("job-parquet")) == expected
    assert (report.status, report.partitions, report.records, report.skipped) == ("done", 4, RECORDS, 0)
    assert report.matched == len({row[0] for row in expected}) > 10  # the listed half is found
    workers = UnitOfWork(setup["engine"]).run(
        lambda s: set(s.scalars(select(BulkPartition.worker).where(BulkPartition.job_id == "job-parquet")))
    )
    assert len(workers) == 2  # both worker processes took partitions


def test_node_crossings_to_the_database_on_both_engines(
    client: Any, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUDUD_BULK_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    people, lost = national_list(tmp_path)
    rows = traveller_rows(80)
    ids = seed_crossings(database_url, rows)
    engine = engine_for(database_url)
    report = bulk.bulk_screen(
        engine,
        SYSTEM,
        CrossingsSource(database_url, "MAR"),
        DatabaseSink(database_url),
        ListFiles((str(people), str(lost))),
        job_id="job-crossings",
        options=bulk.Options(partition_size=100),  # 100 is the smallest partition: 1 partition here
        scheduler=client,
    )
    renamed = [dict(row, id=ids[i]) for i, row in enumerate(rows)]
    assert stored(DatabaseSink(database_url).hits("job-crossings")) == reference_hits(
        (people, lost), renamed, 0.70
    )
    assert (report.records, report.partitions) == (80, 1)
    actions = UnitOfWork(engine).run(lambda s: _audit_actions(s))
    assert actions[-2:] == ["bulk.start", "bulk.done"]


def _audit_actions(session: Any) -> list[str]:
    from hudud.store.tables import AuditRecord

    return list(session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


def seed_crossings(url: str, rows: list[dict[str, Any]]) -> list[int]:
    """Crossings at a Moroccan post, as the border desk records them."""
    from hudud.services import reference
    from hudud.store.border_tables import BorderCrossing
    from hudud.store.tables import CrossingPoint, TravellerRecord

    uow = UnitOfWork(engine_for(url))
    uow.run(reference.load_reference_data)

    def add(session: Any) -> list[int]:
        point = session.scalar(select(CrossingPoint.id).where(CrossingPoint.country == "MAR").limit(1))
        added = []
        for i, row in enumerate(rows):
            fields = {c: row[c] for c in COLUMNS}
            fields["birth_date"] = date.fromisoformat(row["birth_date"])
            person = TravellerRecord(country="MAR", surname=row["surname"])
            session.add(person)
            session.flush()
            crossing = BorderCrossing(
                country="MAR",
                crossing_point_id=point,
                direction="entry",
                at=utcnow() - timedelta(hours=i),
                traveller_id=person.id,
                officer="desk",
                idempotency_key=f"seed-{i:06d}",
                source="manual",
                **fields,
            )
            session.add(crossing)
            session.flush()
            added.append(crossing.id)
        return added

    return uow.run(add)


class FailingOnce(ParquetSource):
    """A source whose partition 1 fails the first time it is read (a worker dying mid-job)."""

    def read(self, part: list[Any]) -> Iterator[Any]:
        flag = Path(self.path).with_suffix(".failed-once")
        if part[1] == 1 and not flag.exists():
            flag.touch()
            raise RuntimeError("worker lost")
        yield from super().read(part)


def test_failed_job_resumes_and_counts_each_record_once(client: Any, setup: dict[str, Any]) -> None:
    engine, lists = setup["engine"], ListFiles(tuple(str(p) for p in setup["lists"]))
    sink = ParquetSink(str(setup["out"]))
    with pytest.raises(Conflict, match="resume"):
        bulk.bulk_screen(engine, SYSTEM, FailingOnce(str(setup["parquet"])), sink, lists, job_id="job-r",
                         scheduler=client)  # fmt: skip
    failed = bulk.job(engine, "job-r")
    finished_before = UnitOfWork(engine).run(
        lambda s: s.scalar(select(func.count()).where(BulkPartition.job_id == "job-r"))
    )
    assert failed.status == "failed" and "worker lost" in (failed.error or "")
    assert finished_before < 4

    address = client.scheduler.address  # resumed through --scheduler tcp://…, as on a real cluster
    assert address.startswith("tcp://")
    report = bulk.bulk_screen(engine, SYSTEM, job_id="job-r", scheduler=address)  # from the job record

    assert (report.status, report.records, report.partitions) == ("done", RECORDS, 4)
    assert report.skipped == finished_before
    assert stored(sink.hits("job-r")) == reference_hits(setup["lists"], setup["rows"], 0.70)  # no duplicates
    assert UnitOfWork(engine).run(lambda s: s.get(BulkJob, "job-r").records) == RECORDS


def test_output_written_before_a_crash_is_replaced_not_added(client: Any, setup: dict[str, Any]) -> None:
    """A worker stored partition 0 but the driver died before recording it: the re-run overwrites it."""
    sink = ParquetSink(str(setup["out"]))
    stale = ("1000", 0, "stale", "national:x", "Stale", 0.99, True, "from the killed run")
    sink.write("job-w", 0, [stale, stale])
    bulk.bulk_screen(
        setup["engine"], SYSTEM, ParquetSource(str(setup["parquet"])), sink,
        ListFiles(tuple(str(p) for p in setup["lists"])), job_id="job-w", scheduler=client,
    )  # fmt: skip
    assert stored(sink.hits("job-w")) == reference_hits(setup["lists"], setup["rows"], 0.70)


def test_weak_hits_are_kept_on_request_and_equal_on_every_worker(client: Any, setup: dict[str, Any]) -> None:
    """With ``keep_from=0`` the weak tail is stored too; the workers share one hash seed, so the same
    partition screened on either worker, or twice, gives the same rows."""
    lists = ListFiles(tuple(str(p) for p in setup["lists"]))
    outputs = []
    for job_id in ("job-tail-1", "job-tail-2"):
        bulk.bulk_screen(setup["engine"], SYSTEM, ParquetSource(str(setup["parquet"])),
                         ParquetSink(str(setup["out"])), lists, job_id=job_id,
                         options=bulk.Options(keep_from=0.0), scheduler=client)  # fmt: skip
        outputs.append(stored(ParquetSink(str(setup["out"])).hits(job_id)))
    assert outputs[0] == outputs[1]
    assert sum(not row[6] for row in outputs[0]) > 100  # hits below the threshold are there


def test_backlog_hits_for_retro_equal_the_node_screener(
    client: Any, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retro hook: the state's crossings screened under older lists, against the node's lists in
    force (imported into the database), give the matches retro's own screener gives, crossing by crossing."""
    from hudud.services import lists as node_lists
    from hudud.services.crossings import fields_of, generation_key, hit_dict, traveller_of
    from hudud.services.node_screening import NodeScreening
    from hudud.store.border_tables import BorderCrossing

    monkeypatch.setenv("HUDUD_BULK_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    people, lost = national_list(tmp_path)
    rows = traveller_rows(60)
    seed_crossings(database_url, rows)
    uow = UnitOfWork(engine_for(database_url))
    uow.run(lambda s: node_lists.import_list(s, SYSTEM, people, list_name="national:mar-watch", owner="MAR"))
    uow.run(lambda s: node_lists.import_list(s, SYSTEM, lost, list_name="lost:mar", owner="MAR"))
    current = uow.run(generation_key)
    since = utcnow() - timedelta(days=30)

    found = bulk_retro.backlog_hits(
        engine_for(database_url), SYSTEM, country="MAR", since=since, generation=current, scheduler=client
    )

    screener = uow.run(lambda s: NodeScreening(0.70).screener(s, "MAR"))
    crossings = uow.run(lambda s: list(s.scalars(select(BorderCrossing).order_by(BorderCrossing.id))))
    expected = {}
    for crossing in crossings:
        hits = [
            hit_dict(h) for h in screener.screen(traveller_of(fields_of(crossing), None), limit=5) if h.match
        ]
        if hits:
            expected[crossing.id] = [{k: h[k] for k in ("entry_id", "list", "score")} for h in hits]
    assert {
        cid: [{k: h[k] for k in ("entry_id", "list", "score")} for h in hits] for cid, hits in found.items()
    } == (expected)
    assert len(expected) > 5
