"""``hudud node``: this node's identity and keys, the hub's directory, the message loop, the demo region.

Runs as the local operator (audited as "system"); see docs/operations.md for the procedures."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from hudud.policy import Caller
    from hudud.services.sharing import NodeContext
    from hudud.services.sharing_runtime import NodeRuntime

console = Console()
err_console = Console(stderr=True)


def _fail(error: Exception) -> None:
    """One line on stderr (not wrapped; a path is printed as typed, never read as markup), exit 1."""
    err_console.print(f"[red]error:[/red] {escape(str(error))}", soft_wrap=True)
    raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Attach ``hudud node`` to the root app."""
    node_app = typer.Typer(
        help="This node in the regional network: keys, directory, sync.", no_args_is_help=True
    )
    keys_app = typer.Typer(help="This node's Ed25519 key.", no_args_is_help=True)
    node_app.add_typer(keys_app, name="keys")
    app.add_typer(node_app, name="node")

    @node_app.command("init")
    def init(
        hub_key: Path | None = typer.Option(
            None, help="File with the hub's public key (not needed on the hub)."
        ),
    ) -> None:
        """Create this node's key pair (node.key, mode 0600) and install the hub's public key."""
        from hudud.errors import HududError
        from hudud.messaging import keys
        from hudud.settings import get_settings

        settings = get_settings()
        folder = settings.effective_keys_dir
        try:  # every input is checked before anything is written
            hub_public = keys.read_public_file(hub_key) if hub_key is not None else None
            key = keys.generate(folder)
        except (HududError, OSError) as error:
            _fail(error)
        try:
            if hub_public is not None:
                keys.write_hub_key(folder, hub_public)
            (folder / "node.pub").write_text(key.public_b64 + "\n")
        except (HududError, OSError) as error:
            (folder / keys.NODE_KEY).unlink(missing_ok=True)  # a failed init leaves nothing to delete
            (folder / "node.pub").unlink(missing_ok=True)
            _fail(error)
        console.print(
            f"node [bold]{settings.effective_node_id}[/bold] ({settings.node_role}, {settings.node_country}) "
            f"key {key.kid}\npublic key for the hub: {folder / 'node.pub'}"
        )

    @keys_app.command("export")
    def export() -> None:
        """Print this node's public key (send it to the secretariat for the directory)."""
        from hudud.messaging import keys
        from hudud.settings import get_settings

        typer.echo(keys.load(get_settings().effective_keys_dir).public_b64)

    @keys_app.command("rotate")
    def rotate() -> None:
        """Replace the signing key; the old one is kept under retired/. The hub must list the new key."""
        from hudud.messaging import keys
        from hudud.settings import get_settings

        folder = get_settings().effective_keys_dir
        old, new = keys.rotate(folder)
        (folder / "node.pub").write_text(new.public_b64 + "\n")
        console.print(
            f"new key {new.kid} (old {old.kid} kept in {folder / 'retired'}).\n"
            f"Send {folder / 'node.pub'} to the hub: `hudud node register ...` there, then "
            f"`hudud node retire --id <this node> --kid {old.kid}` once every node has the new directory."
        )

    @node_app.command("register")
    def register_cmd(
        node_id: str = typer.Option(..., "--id", help="Node id."),
        country: str = typer.Option(..., help="Country code the node speaks for."),
        role: str = typer.Option("national", help="national or post."),
        key: Path = typer.Option(..., help="File with the node's public key (node.pub)."),
        national: str | None = typer.Option(None, help="For a post: its national node id."),
    ) -> None:
        """Hub: add a node (or its new key) to the directory and publish the next version."""
        from hudud.messaging import keys
        from hudud.services import sharing

        def work(s: Any) -> Any:
            return sharing.register_node(
                s, _system(), _ctx(), node_id, country.upper(), role, keys.read_public_file(key), national
            )

        directory = _run(work)
        console.print(f"directory v{directory.version}: {len(directory.nodes)} nodes")

    @node_app.command("retire")
    def retire_cmd(
        node_id: str = typer.Option(..., "--id", help="Node id."),
        kid: str = typer.Option(..., help="Key id to retire."),
    ) -> None:
        """Hub: end a key's validity now (after a rotation, or at once if the key is compromised)."""
        from hudud.services import sharing

        directory = _run(lambda s: sharing.retire_key(s, _system(), _ctx(), node_id, kid))
        console.print(f"directory v{directory.version}: key {kid} of {node_id} retired")

    @node_app.command("status")
    def status() -> None:
        """Identity, key, directory, queued messages, and (on a post) how old the lists are."""
        from datetime import timedelta

        from hudud.services import posts, sharing
        from hudud.settings import get_settings

        settings = get_settings()
        ctx = _ctx()
        directory = _run(sharing.current_directory)
        listed = directory.node(ctx.node_id)
        console.print(f"node        {ctx.node_id} ({ctx.role}, {ctx.country})")
        console.print(f"key         {ctx.key.kid} in {settings.effective_keys_dir}")
        console.print(
            f"directory   v{directory.version}, {len(directory.nodes)} nodes; this key "
            f"{'listed' if listed and listed.key(ctx.key.kid) else 'NOT listed yet'}"
        )
        console.print(f"outbox      {_run(sharing.outbox_backlog)} messages waiting")
        if ctx.role == "post":
            stale = timedelta(hours=settings.snapshot_stale_hours)
            console.print(f"lists       {_run(lambda s: posts.snapshot_status(s, stale)).describe()}")
        console.print(
            f"NATS        {settings.nats_url}: {'up' if asyncio.run(_reachable()) else 'unreachable'}"
        )

    @node_app.command("run")
    def run_cmd(interval: float = typer.Option(0.5, help="Seconds between rounds.")) -> None:
        """Send the outbox, receive alerts, notices and crossings, until stopped (Ctrl-C)."""
        runtime = _runtime()
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(runtime.run_forever(interval))

    @node_app.command("sync")
    def sync_cmd(rate: float = typer.Option(0, help="Messages per second at most (0: no limit).")) -> None:
        """Post: fetch fresh lists and send every queued crossing once, now."""
        from hudud.errors import HududError
        from hudud.services.sharing_runtime import flush_outbox

        runtime = _runtime()

        async def once() -> tuple[bool, int]:
            await runtime.start(reconnect=False)
            try:
                fresh = await runtime.fetch_snapshot() if runtime.ctx.role == "post" else False
                assert runtime.bus is not None
                return fresh, await flush_outbox(runtime.uow, runtime.bus, rate=rate or None)
            finally:
                await runtime.stop()

        try:
            fresh, sent = asyncio.run(once())
        except HududError as error:
            _fail(error)
        console.print(f"sent {sent} messages; lists {'refreshed' if fresh else 'kept'}")

    @node_app.command("demo-region")
    def demo_region(
        base: Path = typer.Option(Path("var/demo-region"), help="Folder for servers and nodes."),
    ) -> None:
        """Hub + Morocco + Tunisia + one Moroccan border post on loopback, with a shared alert (Ctrl-C stops)."""
        from hudud.services.sharing_demo import run_demo

        run_demo(base, console.print)


def _system() -> Caller:
    from hudud.policy import Caller

    return Caller(None, via="cli")


def _ctx() -> NodeContext:
    from hudud.services.sharing import node_context
    from hudud.settings import get_settings

    return node_context(get_settings())


def _run(work: Callable[[Any], Any]) -> Any:
    from hudud.errors import HududError
    from hudud.services.runtime import open_node
    from hudud.settings import get_settings

    try:
        return open_node(get_settings()).run(work)
    except HududError as error:
        _fail(error)


def _runtime() -> NodeRuntime:
    from hudud.services.runtime import open_node
    from hudud.services.sharing_runtime import NodeRuntime
    from hudud.settings import get_settings

    settings = get_settings()
    return NodeRuntime(open_node(settings), _ctx(), settings.nats_url, settings.hub_domain)


async def _reachable() -> bool:
    from hudud.messaging.bus import LinkDown, connect
    from hudud.settings import get_settings

    try:
        bus = await connect(get_settings().nats_url, "status", timeout=1.0, reconnect=False)
    except LinkDown:
        return False
    await bus.close()
    return True
