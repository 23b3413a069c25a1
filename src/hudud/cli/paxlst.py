"""``hudud paxlst check PATH [--list PATH ...]``: one JSON document on stdout (a contract other
tools rely on). Exit 0 when the file was parsed, even with record errors; 1 with a JSON error when
the file cannot be read at all."""

from __future__ import annotations

import json
from pathlib import Path

import typer

paxlst_app = typer.Typer(help="Advance passenger information (UN/EDIFACT PAXLST).", no_args_is_help=True)


@paxlst_app.command("check")
def check(
    path: Path = typer.Argument(..., help="PAXLST file (EDIFACT, any separators)."),
    lists: list[Path] = typer.Option(
        None, "--list", help="Sanctions/watch list file to screen against (repeatable)."
    ),
    max_bytes: int = typer.Option(10 * 1024 * 1024, "--max-bytes", help="Refuse files larger than this."),
) -> None:
    """Parse a passenger or crew list and print flight, travellers and errors as JSON."""
    from hudud.errors import HududError
    from hudud.services.manifests import check_paxlst

    try:
        document = check_paxlst(path, lists or None, max_bytes=max_bytes)
    except HududError as exc:
        typer.echo(json.dumps(exc.to_dict(), ensure_ascii=False))
        raise typer.Exit(1) from None
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    """Attach the ``paxlst`` commands to the root app."""
    app.add_typer(paxlst_app, name="paxlst")
