"""Bulk and retrospective screening at scale, on Dask distributed.

When a list changes, years of crossings must be screened again; analysts check millions of records at
once. One process is not enough, so the work is cut into partitions and run on Dask workers: a
``LocalCluster`` of processes by default, a real cluster by address. The driver only plans, hands out
partitions and records them as finished; workers read their partition from the source, screen it with
an index loaded once from a snapshot (``bulk_snapshot``), and write the hits to the sink themselves.

Restartable: a job has an id and a fixed plan; a partition is recorded only after its hits are stored,
and sinks overwrite a partition's earlier output, so a killed job resumed with the same id runs only
the unfinished partitions and its totals (sums over finished partitions) count each record once.

Entry points: ``hudud bulk-screen`` (CLI), and ``bulk_retro.backlog_hits`` for retrospective screening of a large
backlog (``hudud.services.retro``)."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from hudud.logs import event
from hudud.policy import Caller, Permission
from hudud.screening.engine import Hit
from hudud.services import audit
from hudud.services.bulk_sinks import HitRow, Sink, sink_from_spec
from hudud.services.bulk_snapshot import (
    Lists,
    ensure_snapshot,
    lists_from_spec,
    load_snapshot,
    snapshot_path,
    write_snapshot,
)
from hudud.services.bulk_sources import CrossingsSource, Source, source_from_spec
from hudud.services.unit_of_work import UnitOfWork
from hudud.settings import get_settings
from hudud.store.bulk_tables import BulkJob, BulkPartition
from hudud.store.tables import utcnow

log = logging.getLogger("hudud.bulk")

# The engine breaks ties between equally good candidates in an order that follows Python's string hashing,
# so hits below the threshold can differ between processes; one hash seed on every worker makes a job's
# output independent of which worker ran a partition (and of a resume). Set it on a real cluster's workers.
WORKER_ENVIRON = {"PYTHONHASHSEED": "0"}

Progress = Callable[[int, int, int], None]  # (partitions done, partitions in the plan, records done)


class BulkSettings(BaseSettings):
    """Bulk screening settings (``HUDUD_BULK_*``)."""

    model_config = SettingsConfigDict(env_prefix="HUDUD_BULK_", extra="ignore")

    snapshot_dir: Path | None = Field(
        default=None,
        description="Folder of index snapshots loaded by the Dask workers; empty: <var_dir>/bulk/snapshots. "
        "On a real cluster: shared storage every worker reads, writable only by Hudud.",
    )
    partition_size: int = Field(default=10_000, ge=100, le=1_000_000, description="Records per partition.")
    workers: int = Field(
        default=0, ge=0, description="Worker processes of the local cluster; 0: one per core."
    )
    retro_from: int = Field(
        default=50_000, ge=1, description="Retrospective screening goes to Dask from this many crossings."
    )


def bulk_settings() -> BulkSettings:
    return BulkSettings()


def snapshot_folder() -> Path:
    return bulk_settings().snapshot_dir or get_settings().var_dir / "bulk" / "snapshots"


@dataclass(frozen=True)
class Options:
    """How a job screens: threshold (default: the node's), candidates scored, hits kept per record, and
    the lowest score stored (default: the threshold, i.e. matches only)."""

    threshold: float | None = None
    candidates: int = 20
    limit: int = 5
    keep_from: float | None = None
    partition_size: int | None = None


@dataclass(frozen=True)
class PartitionTask:
    """One unit of work shipped to a worker (small: specs and a path, never data)."""

    job_id: str
    number: int
    part: list[Any]
    source: Source
    sink: Sink
    snapshot: str
    limit: int
    keep_from: float


@dataclass(frozen=True)
class PartitionResult:
    number: int
    records: int
    matched: int
    hits: int
    worker: str


@dataclass(frozen=True)
class BulkReport:
    """What a job did, in total (over every run of it)."""

    job_id: str
    status: str
    partitions: int
    records: int
    matched: int
    hits: int
    skipped: int  # partitions already finished by an earlier run of the same job
    lists: str


def hit_row(record_id: str, rank: int, hit: Hit) -> HitRow:
    entry = hit.entry
    return (
        record_id,
        rank,
        hit.entry_id,
        entry.list_name if entry else "lost",
        entry.primary_name if entry else hit.entry_id,
        hit.score,
        hit.match,
        hit.explanation,
    )


def screen_partition(task: PartitionTask) -> PartitionResult:
    """Runs on a worker: read, screen, write one partition (idempotently)."""
    screener = load_snapshot(task.snapshot)
    rows: list[HitRow] = []
    records = matched = 0
    for record in task.source.read(task.part):
        hits = screener.screen(record.traveller, limit=task.limit)
        records += 1
        matched += any(h.match for h in hits)
        kept = [h for h in hits if h.score > 0 and h.score >= task.keep_from]
        rows.extend(hit_row(record.id, rank, h) for rank, h in enumerate(kept))
    task.sink.write(task.job_id, task.number, rows)
    return PartitionResult(task.number, records, matched, len(rows), f"{socket.gethostname()}:{os.getpid()}")


@contextmanager
def dask_client(scheduler: Any = "local", workers: int | None = None) -> Iterator[Any]:
    """A Dask client: ``local`` starts a LocalCluster of processes (one thread each: the engine is pure
    Python, threads would share one core); ``tcp://host:8786`` joins a running cluster; a ``Client``
    is used as it is."""
    from dask.distributed import Client, LocalCluster

    if isinstance(scheduler, Client):
        yield scheduler
        return
    if scheduler == "local":
        import dask

        count = workers or bulk_settings().workers or os.cpu_count() or 1
        environ = {**dask.config.get("distributed.nanny.pre-spawn-environ"), **WORKER_ENVIRON}
        with (
            dask.config.set({"distributed.nanny.pre-spawn-environ": environ}),
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=count,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # no fixed port: several clusters may share a machine
                silence_logs=logging.WARNING,
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client
        return
    if isinstance(scheduler, str) and scheduler.startswith(("tcp://", "tls://", "ucx://")):
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    raise InvalidInput(
        N_("the scheduler is 'local' or an address such as tcp://host:8786"), field="scheduler"
    )


def _authorise(caller: Caller, source: Source) -> Source:
    """Screening needs SCREEN; crossings are personal data of the caller's own state only."""
    if not caller.can(Permission.SCREEN) or not caller.can(Permission.TRAVELLERS_READ):
        raise Forbidden(N_("your role does not run bulk screening")).then(audit.denial(caller, "bulk.screen"))
    if isinstance(source, CrossingsSource) and caller.principal is not None:
        if source.country not in (None, caller.country):
            raise Forbidden(N_("crossings of another state are not yours to screen")).then(
                audit.denial(caller, "bulk.screen")
            )
        return CrossingsSource(source.url, caller.country, source.since, source.not_generation)
    return source


def _create(
    uow: UnitOfWork, caller: Caller, job_id: str, source: Source, sink: Sink, lists: Lists, options: Options
) -> BulkJob:
    threshold = get_settings().screening_threshold if options.threshold is None else options.threshold
    fingerprint = lists.fingerprint(threshold, options.candidates)
    folder = snapshot_folder()
    started = time.perf_counter()
    if snapshot_path(folder, fingerprint).exists():
        description = ensure_snapshot(folder, lists, fingerprint, threshold, options.candidates)
    else:
        built = lists.build(threshold, options.candidates)
        write_snapshot(folder, fingerprint, built)
        description = built.description
    event("bulk.snapshot", job=job_id, ms=round((time.perf_counter() - started) * 1000))
    plan = source.plan(options.partition_size or bulk_settings().partition_size)

    def create(session: Session) -> BulkJob:
        if session.get(BulkJob, job_id) is not None:
            raise Conflict(
                N_("a bulk job %(job_id)s exists already: resume it or choose another id"),
                values={"job_id": job_id},
            )
        job = BulkJob(
            id=job_id,
            actor=caller.name,
            status="running",
            source=source.spec(),
            sink=sink.spec(),
            lists=lists.spec(),
            plan=plan,
            snapshot=fingerprint,
            list_names=description,
            threshold=threshold,
            keep_from=threshold if options.keep_from is None else options.keep_from,
            hit_limit=options.limit,
            partitions=len(plan),
        )
        session.add(job)
        audit.append(
            session,
            caller,
            "bulk.start",
            record_type="bulk_job",
            record_id=job_id,
            detail=f"source={source.describe()} sink={sink.describe()} lists={description} "
            f"partitions={len(plan)}",
        )
        return job

    return uow.run(create)


def _finished(session: Session, job_id: str) -> tuple[set[int], int, int, int]:
    rows = session.execute(
        select(BulkPartition.number, BulkPartition.records, BulkPartition.matched, BulkPartition.hits).where(
            BulkPartition.job_id == job_id
        )
    ).all()
    return {r[0] for r in rows}, sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows)


def _record(uow: UnitOfWork, job_id: str, result: PartitionResult) -> None:
    def record(session: Session) -> None:
        if session.get(BulkPartition, (job_id, result.number)) is None:  # a duplicate delivery: once
            session.add(
                BulkPartition(
                    job_id=job_id,
                    number=result.number,
                    records=result.records,
                    matched=result.matched,
                    hits=result.hits,
                    worker=result.worker[:200],
                )
            )

    uow.run(record)


def _close(uow: UnitOfWork, caller: Caller, job_id: str, error: str | None, skipped: int) -> BulkReport:
    def close(session: Session) -> BulkReport:
        job = session.get(BulkJob, job_id)
        assert job is not None
        done, records, matched, hits = _finished(session, job_id)
        job.records, job.matched = records, matched
        job.status = "failed" if error else "done" if len(done) == job.partitions else "running"
        job.error = error
        job.finished_at = utcnow() if job.status == "done" else None
        audit.append(
            session,
            caller,
            "bulk.failed" if error else "bulk.done",
            record_type="bulk_job",
            record_id=job_id,
            outcome="error" if error else "ok",
            detail=f"lists={job.list_names} partitions={len(done)}/{job.partitions} records={records} "
            f"matched={matched} hits={hits}",
        )
        return BulkReport(job_id, job.status, job.partitions, records, matched, hits, skipped, job.list_names)

    return uow.run(close)


def new_job_id() -> str:
    """A readable, unique job id: ``bulk-20270101-120000-3fa2c1``."""
    return f"bulk-{utcnow():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def bulk_screen(
    engine: Engine,
    caller: Caller,
    source: Source | None = None,
    sink: Sink | None = None,
    lists: Lists | None = None,
    *,
    job_id: str | None = None,
    options: Options = Options(),
    scheduler: Any = "local",
    workers: int | None = None,
    progress: Progress | None = None,
) -> BulkReport:
    """Screen every record of ``source`` against ``lists`` on Dask; hits go to ``sink``.

    ``engine`` is the node database (jobs, finished partitions, audit). With the id of an existing job
    the job resumes: source, sink, lists and options are those it started with (any given are ignored)
    and only its unfinished partitions run. Raises Conflict when a partition fails; the job can then be
    resumed with the same id."""
    uow = UnitOfWork(engine)
    job_id = job_id or new_job_id()
    job = uow.run(lambda s: s.get(BulkJob, job_id))
    if job is None:
        if source is None or sink is None or lists is None:
            raise NotFound(N_("no bulk job %(job_id)s to resume"), values={"job_id": job_id})
        source = _authorise(caller, source)
        job = _create(uow, caller, job_id, source, sink, lists, options)
    else:
        source = _authorise(caller, source_from_spec(job.source))
        sink, lists = sink_from_spec(job.sink), lists_from_spec(job.lists)
        ensure_snapshot(snapshot_folder(), lists, job.snapshot, job.threshold, options.candidates)
        uow.run(lambda s: audit.append(s, caller, "bulk.resume", record_type="bulk_job", record_id=job_id))
    done, records, _, _ = uow.run(lambda s: _finished(s, job_id))
    path = str(snapshot_path(snapshot_folder(), job.snapshot).resolve())
    tasks = [
        PartitionTask(job_id, n, part, source, sink, path, job.hit_limit, job.keep_from)
        for n, part in enumerate(job.plan)
        if n not in done
    ]
    skipped, count = len(done), len(done)
    if progress:
        progress(count, job.partitions, records)
    started = time.perf_counter()
    error: str | None = None
    run = uuid.uuid4().hex[:8]  # task keys unique per run: a resumed job never meets its failed tasks
    with dask_client(scheduler, workers) as client:
        from dask.distributed import as_completed

        futures = [
            client.submit(screen_partition, t, key=f"bulk-{job_id}-{run}-{t.number}", pure=False)
            for t in tasks
        ]
        try:
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                result: PartitionResult = future.result()
                _record(uow, job_id, result)
                count, records = count + 1, records + result.records
                if progress:
                    progress(count, job.partitions, records)
        except Exception as exc:  # any worker failure stops the job; it stays resumable
            error = f"{type(exc).__name__}: {exc}"[:2000]
            client.cancel(futures)
    report = _close(uow, caller, job_id, error, skipped)
    event(
        "bulk.job",
        job=job_id,
        status=report.status,
        partitions=report.partitions,
        records=report.records,
        matched=report.matched,
        s=round(time.perf_counter() - started, 1),
    )
    if error:
        raise Conflict(
            N_("bulk job %(job_id)s stopped (%(error)s); run it again with the same id to resume"),
            values={"job_id": job_id, "error": error},
        )
    return report


def job(engine: Engine, job_id: str) -> BulkJob:
    """A job as stored (for status and tests)."""
    found = UnitOfWork(engine).run(lambda s: s.get(BulkJob, job_id))
    if found is None:
        raise NotFound(N_("no bulk job %(job_id)s"), values={"job_id": job_id})
    return found
