"""``hudud bulk-screen``: screen millions of records on Dask (docs/bulk.md).

Reads the node's crossings (default), a table or query, or Parquet; screens against the node's lists in
force (default) or list files; writes hits to the node database (``bulk_hits``, COPY) or to Parquet.
Prints the job id first: after a crash or Ctrl-C, ``hudud bulk-screen --job <id>`` resumes it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the root app."""
    app.command("bulk-screen")(bulk_screen)


def bulk_screen(
    job: Annotated[
        str | None,
        typer.Option(help="Job id: a new one, or an existing job to resume it (default: generated)."),
    ] = None,
    parquet: Annotated[
        Path | None, typer.Option(help="Read records from a Parquet file or folder (id + crossing columns).")
    ] = None,
    table: Annotated[
        str | None, typer.Option(help="Read records from this table of the node database.")
    ] = None,
    query: Annotated[
        str | None, typer.Option(help="Read records from this SQL query (id + columns).")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="Crossings and national lists of this state (default: all crossings).")
    ] = None,
    days: Annotated[int | None, typer.Option(min=1, help="Only crossings of the last N days.")] = None,
    lists: Annotated[
        list[Path] | None,
        typer.Option("--list", help="List file(s) to screen against (default: the node's lists in force)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(help="Write hits as Parquet under this folder (default: the node database)."),
    ] = None,
    scheduler: Annotated[str, typer.Option(help="'local' (a LocalCluster) or tcp://host:8786.")] = "local",
    workers: Annotated[
        int | None, typer.Option(min=1, help="Local worker processes (default: cores).")
    ] = None,
    threshold: Annotated[float | None, typer.Option(min=0.0, max=1.0, help="Alert threshold.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Hits kept per record, best first.")] = 5,
    keep_from: Annotated[
        float | None,
        typer.Option(min=0.0, max=1.0, help="Store hits scoring at least this (default: matches)."),
    ] = None,
    partition_size: Annotated[int | None, typer.Option(min=100, help="Records per partition.")] = None,
) -> None:
    """Screen records in bulk on Dask workers; resumable by job id."""
    from hudud.errors import HududError
    from hudud.policy import Caller
    from hudud.services import bulk
    from hudud.services.bulk_sinks import DatabaseSink, ParquetSink
    from hudud.services.bulk_snapshot import ListFiles, NodeLists
    from hudud.services.bulk_sources import CrossingsSource, ParquetSource, QuerySource
    from hudud.settings import get_settings
    from hudud.store.db import engine_for
    from hudud.store.tables import utcnow

    if sum(x is not None for x in (parquet, table, query)) > 1:
        _fail("choose one of --parquet, --table and --query")
    url = get_settings().effective_database_url
    engine = engine_for(url)
    source: Any
    if parquet is not None:
        source = ParquetSource(str(parquet.resolve()))
    elif table is not None:
        source = QuerySource.table(url, table) if _valid_table(table) else _fail("not a table name")
    elif query is not None:
        source = QuerySource(url, query)
    else:
        since = (utcnow() - timedelta(days=days)).isoformat() if days else None
        source = CrossingsSource(url, country, since)
    chosen = ListFiles(tuple(str(p.resolve()) for p in lists)) if lists else NodeLists(url, country)
    sink = ParquetSink(str(output.resolve())) if output else DatabaseSink(url)
    options = bulk.Options(
        threshold=threshold, limit=limit, keep_from=keep_from, partition_size=partition_size
    )
    job = job or bulk.new_job_id()
    typer.echo(f"job {job} (resume with: hudud bulk-screen --job {job})", err=True)
    try:
        with _progress() as advance:
            report = bulk.bulk_screen(
                engine,
                Caller(None, via="cli"),
                source,
                sink,
                chosen,
                job_id=job,
                options=options,
                scheduler=scheduler,
                workers=workers,
                progress=advance,
            )
    except HududError as exc:
        _fail(exc.message)
    typer.echo(
        f"job {report.job_id}: {report.status}; {report.records} records in {report.partitions} partitions "
        f"({report.skipped} finished earlier); {report.matched} with a match; {report.hits} hits stored; "
        f"lists: {report.lists}"
    )


def _valid_table(name: str) -> bool:
    return name.replace("_", "").replace(".", "").isalnum()


def _fail(message: str) -> Any:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


class _progress:  # used as `with _progress() as advance`, so it reads like a function
    """A rich progress bar of partitions (and records) on stderr."""

    def __enter__(self) -> Any:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("bulk screening"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("partitions · {task.fields[records]:,} records"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self.bar.__enter__()
        self.task = self.bar.add_task("bulk", total=None, records=0)

        def advance(done: int, total: int, records: int) -> None:
            self.bar.update(self.task, completed=done, total=total, records=records)

        return advance

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)
