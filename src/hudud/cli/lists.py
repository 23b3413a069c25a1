"""``hudud lists``: import list files as new versions, show lists in force, fetch the official UN list."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from hudud.services.unit_of_work import UnitOfWork

console = Console()
err = Console(stderr=True)

UN_LIST_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"


def _node() -> UnitOfWork:
    from hudud.services.runtime import open_node
    from hudud.settings import get_settings

    return open_node(get_settings())


def _import(path: Path, name: str | None, owner: str | None) -> None:
    from hudud.errors import HududError
    from hudud.formats.lists import read_list
    from hudud.policy import Caller
    from hudud.services import lists

    caller = Caller(None, via="cli")
    try:
        with err.status(f"reading {path.name}…"):
            result = read_list(path, list_name=name)
        with Progress(
            TextColumn("storing"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task("store", total=len(result.entries) + len(result.lost_documents))
            report = _node().run(
                lambda s: lists.import_list(
                    s, caller, path, list_name=name, owner=owner, read=result,
                    progress=lambda done, total: progress.update(task, completed=done, total=total),
                )
            )  # fmt: skip
    except HududError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(code=1) from None
    console.print(f"[green]imported[/green] {report.summary()}")
    for line in report.errors[:20]:
        err.print(f"  rejected: {line}")
    if len(report.errors) > 20:
        err.print(f"  … and {len(report.errors) - 20} more rejected records")


def register(app: typer.Typer) -> None:
    """Attach the ``lists`` commands."""
    lists_app = typer.Typer(help="Watch lists: import, versions, official updates.", no_args_is_help=True)
    app.add_typer(lists_app, name="lists")

    @lists_app.command("import")
    def import_command(
        path: Path = typer.Argument(
            ..., exists=True, dir_okay=False, help="UN XML, OFAC CSV, EU XML, FtM JSON lines, CSV."
        ),
        name: str | None = typer.Option(
            None, help="List name (default from the format: un, ofac, eu, national:<file>)."
        ),
        owner: str | None = typer.Option(None, help="State owning a national list (ICAO alpha-3)."),
    ) -> None:
        """Import a list file as a new version; on any problem the list in force is kept."""
        _import(path, name, owner.upper() if owner else None)

    @lists_app.command("show")
    def show() -> None:
        """The lists in force with their active version."""
        from hudud.policy import Caller
        from hudud.services import lists

        rows = _node().run(lambda s: lists.lists_in_force(s, Caller(None, via="cli")))
        table = Table()
        for column in ("list", "owner", "version", "imported", "entries", "documents", "+", "~", "-"):
            table.add_column(column)
        for watchlist, version in rows:
            if version is None:
                table.add_row(watchlist.name, watchlist.owner or "", "-", "", "", "", "", "", "")
                continue
            table.add_row(
                watchlist.name, watchlist.owner or "", str(version.number), f"{version.imported_at:%Y-%m-%d %H:%M}",
                str(version.entries), str(version.documents), str(version.added), str(version.changed), str(version.removed),
            )  # fmt: skip
        console.print(table)

    @lists_app.command("update")
    def update(
        source: str = typer.Argument(..., help="Only 'un' (the UN Security Council consolidated list)."),
    ) -> None:
        """Download an official list and import it (needs network access to the publisher)."""
        if source != "un":
            err.print("[red]error:[/red] only 'un' can be fetched; import other lists from a file")
            raise typer.Exit(code=2)
        import urllib.error
        import urllib.request

        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "consolidated.xml"
            try:
                with (
                    err.status(f"downloading {UN_LIST_URL}…"),
                    urllib.request.urlopen(UN_LIST_URL, timeout=60) as answer,
                ):
                    target.write_bytes(answer.read())
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                err.print(
                    f"[red]error:[/red] could not download the UN list ({exc}); the list in force was kept"
                )
                raise typer.Exit(code=1) from None
            _import(target, "un", None)
