"""``hudud mrz``: check MRZ text, read MRZs from images, make an MRZ.

The output of ``check`` and ``read`` is a contract other tools rely on: one JSON object per line,
in input order, with the keys listed in ``hudud.services.documents.RESULT_KEYS`` (plus ``lines``
for ``read``). A bad item gets its own line with ``"valid": false``; the batch goes on.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

mrz_app = typer.Typer(help="Travel documents: check and read ICAO 9303 MRZs.", no_args_is_help=True)


def _emit(result: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@mrz_app.command("check")
def check(
    path: Annotated[str, typer.Argument(help="File of MRZs separated by blank lines; - for stdin.")] = "-",
    expiring_days: Annotated[int, typer.Option(help="Flag documents expiring within this many days.")] = 90,
) -> None:
    """Check MRZs (separated by blank lines) and print one JSON line per MRZ."""
    from hudud.services.documents import iter_check_mrz_text

    if path == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            typer.echo(f"error: cannot read {path}: {exc.strerror or exc}", err=True)
            raise typer.Exit(code=2) from None
    for result in iter_check_mrz_text(text, expiring_within_days=expiring_days):
        _emit(result)


@mrz_app.command("read")
def read(
    images: Annotated[list[Path], typer.Argument(help="JPEG or PNG images of documents.")],
    expiring_days: Annotated[int, typer.Option(help="Flag documents expiring within this many days.")] = 90,
) -> None:
    """Find and read the MRZ on each image; print one JSON line per image (with "lines")."""
    from hudud.services.documents import read_mrz_images

    for image in images:
        for result in read_mrz_images([image], expiring_within_days=expiring_days):
            _emit(result)


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


@mrz_app.command("make")
def make(
    format: Annotated[str, typer.Option("--format", help="TD1, TD2, TD3, MRVA or MRVB.")] = "TD3",
    surname: Annotated[str, typer.Option(help="Primary identifier (any script: Arabic uses Doc 9303).")] = "",
    given_names: Annotated[str, typer.Option(help="Secondary identifier.")] = "",
    document_number: Annotated[str, typer.Option(help="Document number.")] = "",
    issuing_state: Annotated[str, typer.Option(help="ICAO code of the issuing state.")] = "UTO",
    nationality: Annotated[
        str, typer.Option(help="ICAO code of the nationality (default: issuing state).")
    ] = "",
    birth_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD; omitted means unknown.")] = None,
    sex: Annotated[str, typer.Option(help="F, M, X or <.")] = "<",
    expiry_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    document_code: Annotated[str, typer.Option(help="Document code (default by format: P, I, V).")] = "",
    optional_data: Annotated[str, typer.Option(help="Optional data / personal number.")] = "",
    optional_data_2: Annotated[str, typer.Option(help="TD1 optional data of line 2.")] = "",
) -> None:
    """Print a valid MRZ built from the given fields."""
    from hudud.errors import HududError
    from hudud.services.documents import make_mrz_text

    try:
        text = make_mrz_text(
            format=format,
            surname=surname,
            given_names=given_names,
            document_number=document_number,
            issuing_state=issuing_state,
            nationality=nationality or issuing_state,
            birth_date=_day(birth_date, "--birth-date"),
            sex=sex,
            expiry_date=_day(expiry_date, "--expiry-date"),
            document_code=document_code,
            optional_data=optional_data,
            optional_data_2=optional_data_2,
        )
    except HududError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(text)


def register(app: typer.Typer) -> None:
    """Attach this area's commands to the root app."""
    app.add_typer(mrz_app, name="mrz")
