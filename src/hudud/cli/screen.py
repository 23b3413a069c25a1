"""``hudud screen``: screen a batch of travellers against watch lists.

The output is a contract other tools rely on: JSON lines, one per query in input order,
``{"query_id", "results": [{"id", "score", "match", "explanation"}]}``, best first, at most
``--limit`` results (listed persons scoring 0 are not results). A bad input record is reported on stderr with its line number; the batch goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated

import typer

PROGRESS_FROM = 500  # queries; below this a progress bar is only noise


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the root app."""
    app.command("screen")(screen)


def screen(
    lists: Annotated[
        list[Path],
        typer.Option("--list", help="A list file (UN XML, OFAC CSV, EU XML, FtM JSON lines, national CSV)."),
    ],
    queries: Annotated[
        Path, typer.Option("--queries", help="FtM Person JSON lines, or CSV id,name,birth_date,…")
    ],
    threshold: Annotated[
        float | None, typer.Option(help="Alert threshold in [0, 1] (default: HUDUD_SCREENING_THRESHOLD).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Results per query, best first.")] = 5,
    output: Annotated[str, typer.Option(help="Output file, or - for stdout.")] = "-",
) -> None:
    """Screen travellers against watch lists; print one JSON line per query."""
    from hudud.errors import HududError
    from hudud.formats.queries import read_queries
    from hudud.services.screening import build_screener, load_lists, screen_queries

    if threshold is not None and not 0.0 <= threshold <= 1.0:
        _fail("--threshold must be between 0 and 1")
    try:
        loaded = load_lists(lists)
        for path, error in loaded.errors:
            typer.echo(f"warning: {path.name}: {error}", err=True)
        screener = build_screener(loaded, threshold=threshold)
        total = _count_lines(queries)
        with ExitStack() as stack:
            out: IO[str] = (
                sys.stdout if output == "-" else stack.enter_context(open(output, "w", encoding="utf-8"))
            )
            advance = _progress(stack, total)
            for outcome in screen_queries(screener, read_queries(queries), limit=limit):
                if outcome.error is not None:
                    typer.echo(f"{queries.name}: {outcome.error}", err=True)
                    continue
                out.write(json.dumps(outcome.record, ensure_ascii=False) + "\n")
                advance()
    except HududError as exc:
        _fail(exc.message)


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as handle:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 0  # read_queries reports the real problem


def _progress(stack: ExitStack, total: int) -> Callable[[], None]:
    """A rich progress bar on stderr for long batches (a no-op otherwise)."""
    if total < PROGRESS_FROM:
        return lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = stack.enter_context(
        Progress(
            TextColumn("screening"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
    )
    task = progress.add_task("screening", total=total)
    return lambda: progress.advance(task)
