"""``hudud manifests``: advance passenger information from files, a drop folder and JetStream, and the
retention job. Every command calls the same ingestion as the web and API (``Ingestor``) as the local
operator; one JSON line per message goes to stdout, so scripts can count what was taken in.

``hudud paxlst check`` (the read-only contract) is a separate command and is unchanged."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from hudud.services.api_ingest import Ingestor

manifests_app = typer.Typer(
    help="Advance passenger information: ingest, watch a folder, consume JetStream, retention.",
    no_args_is_help=True,
)


def _ingestor() -> Ingestor:
    from hudud.services.api_ingest import Ingestor
    from hudud.services.runtime import open_node
    from hudud.settings import get_settings

    settings = get_settings()
    return Ingestor(open_node(settings), settings)


def _line(name: str, result: object, error: str | None = None) -> None:
    body = {"file": name, **(result.to_dict() if result is not None else {})}  # type: ignore[attr-defined]
    if error:
        body.update({"status": "refused", "error": error})
    typer.echo(json.dumps(body, ensure_ascii=False))


@manifests_app.command("ingest")
def ingest(
    paths: list[Path] = typer.Argument(..., help="PAXLST/PNRGOV files, or folders of them."),
) -> None:
    """Store and ingest each file (exit 1 when any file was refused or could not be read)."""
    from hudud.errors import HududError
    from hudud.policy import Caller

    engine = _ingestor()
    caller = Caller(None, via="cli")
    failed = False
    files = [p for path in paths for p in (sorted(path.rglob("*")) if path.is_dir() else [path])]
    for path in files:
        if path.is_dir():
            continue
        try:
            size = path.stat().st_size
            if size > engine.settings.manifest_max_bytes:
                raise HududError(f"{size:,} bytes; the limit is {engine.settings.manifest_max_bytes:,} bytes")
            result = engine.ingest(caller, path.read_bytes(), channel="cli", source=path.name)
        except (HududError, OSError) as exc:
            failed = True
            _line(str(path), None, getattr(exc, "message", None) or str(exc))
            continue
        failed |= result.status == "rejected"
        _line(str(path), result)
    raise typer.Exit(1 if failed else 0)


@manifests_app.command("watch")
def watch(
    folder: Path | None = typer.Option(None, help="Drop folder (default: HUDUD_MANIFEST_DROP_FOLDER)."),
    interval: float = typer.Option(2.0, min=0.0, help="Seconds between passes; a file must be this old."),
    once: bool = typer.Option(False, "--once", help="One pass, then exit."),
) -> None:
    """Take files from the drop folder: done/ when ingested, rejected/ (with a note) otherwise."""
    from hudud.policy import Caller
    from hudud.services.api_channels import FolderPass, scan_folder, watch_folder

    engine = _ingestor()
    caller = Caller(None, via="folder")
    inbox = folder or engine.settings.effective_drop_folder

    def report(found: FolderPass) -> None:
        for name, result, error in found.results:
            _line(name, result, error)

    if once:
        report(scan_folder(engine, caller, inbox, settle_seconds=interval))
        return
    typer.echo(f"watching {inbox} (Ctrl-C to stop)", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        watch_folder(engine, caller, inbox, interval=interval, report=report)


@manifests_app.command("consume")
def consume(
    once: bool = typer.Option(False, "--once", help="Stop when no message is waiting."),
    url: str | None = typer.Option(None, help="NATS URL (default: HUDUD_NATS_URL)."),
) -> None:
    """Ingest what airline gateways publish on hudud.apis.<COUNTRY>.<sender> (durable consumer)."""
    import asyncio

    from hudud.errors import HududError
    from hudud.policy import Caller
    from hudud.services.api_channels import consume as run

    engine = _ingestor()
    settings = engine.settings
    try:
        stats = asyncio.run(
            run(engine, Caller(None, via="nats"), url or settings.nats_url, settings.node_country, once=once)
        )
    except HududError as exc:
        typer.echo(json.dumps(exc.to_dict(), ensure_ascii=False))
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        return
    typer.echo(json.dumps(stats.__dict__))


@manifests_app.command("rescreen")
def rescreen(
    hours: int = typer.Option(
        24, min=1, max=72, help="Flights arriving from an hour ago to this many hours ahead."
    ),
) -> None:
    """Screen again the travellers of arriving flights whose lists changed since (run after a list import)."""
    from hudud.policy import Caller

    done = _ingestor().rescreen_arriving(Caller(None, via="cli"), hours)
    typer.echo(json.dumps({"flights": len(done), "travellers": sum(done.values())}))


@manifests_app.command("retention")
def retention() -> None:
    """Delete passenger data past HUDUD_MANIFEST_DELETE_AFTER_YEARS (masking applies on every read)."""
    from hudud.policy import Caller
    from hudud.services import retention as service
    from hudud.services.runtime import open_node
    from hudud.settings import get_settings

    settings = get_settings()
    policy = service.Policy.of(settings)
    report = open_node(settings).run(lambda s: service.apply(s, Caller(None, via="cli"), policy))
    typer.echo(json.dumps(report.__dict__ | {"summary": report.summary()}))


def register(app: typer.Typer) -> None:
    """Attach the ``manifests`` commands to the root app."""
    app.add_typer(manifests_app, name="manifests")
