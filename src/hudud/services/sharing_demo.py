"""A whole region on one machine: hub, national nodes and border posts, each with its own database,
keys and NATS server on loopback. Used by ``make demo-region``, the multi-node tests and the sharing
benchmarks, so all three exercise exactly what an operator would set up by hand (docs/operations.md)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from hudud.messaging import keys as key_files
from hudud.messaging.servers import Region
from hudud.policy import Caller
from hudud.services import sharing
from hudud.services.sharing import NodeContext
from hudud.services.sharing_runtime import NodeRuntime
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.db import make_engine
from hudud.store.migrate import upgrade

OPERATOR = Caller(None, via="cli")


@dataclass
class LocalNode:
    ctx: NodeContext
    uow: UnitOfWork
    runtime: NodeRuntime
    folder: Path
    database_url: str

    @property
    def node_id(self) -> str:
        return self.ctx.node_id


def make_node(
    folder: Path,
    node_id: str,
    country: str,
    role: str,
    url: str,
    *,
    hub_public: str | None = None,
    crossing_point: str = "",
    hub_domain: str = "hub",
) -> LocalNode:
    """Keys (node.key 0600, hub.pub), a migrated SQLite database and a runtime for one node."""
    keys_dir = folder / "keys"
    key = (
        key_files.load(keys_dir) if (keys_dir / key_files.NODE_KEY).exists() else key_files.generate(keys_dir)
    )
    if hub_public:
        key_files.write_hub_key(keys_dir, hub_public)
    database_url = f"sqlite:///{folder / 'hudud.sqlite3'}"
    upgrade(database_url)
    uow = UnitOfWork(make_engine(database_url))
    hub_key = key.public if role == "hub" else key_files.hub_key(keys_dir)
    ctx = NodeContext(node_id, country, role, key, hub_key, timedelta(days=30), crossing_point)
    return LocalNode(ctx, uow, NodeRuntime(uow, ctx, url, hub_domain), folder, database_url)


def build_region(
    base: Path, region: Region, nationals: dict[str, str], posts: dict[str, tuple[str, str]]
) -> dict[str, LocalNode]:
    """Nodes for ``region``: ``nationals`` node id -> country; ``posts`` post id -> (national id,
    crossing point). The hub registers every node's public key and issues the directory."""
    hub = make_node(base / "hub", "hub", "SEC", "hub", region["hub"].url)
    nodes = {"hub": hub}
    for node_id, country in nationals.items():
        nodes[node_id] = make_node(
            base / node_id,
            node_id,
            country,
            "national",
            region[node_id].url,
            hub_public=hub.ctx.key.public_b64,
        )
    for post_id, (national, point) in posts.items():
        nodes[post_id] = make_node(
            base / post_id,
            post_id,
            nodes[national].ctx.country,
            "post",
            region[post_id].url,
            hub_public=hub.ctx.key.public_b64,
            crossing_point=point,
        )
    for node in nodes.values():
        if node.ctx.role != "hub":
            register(hub, node.ctx, posts[node.node_id][0] if node.node_id in posts else None)
    return nodes


def register(hub: LocalNode, ctx: NodeContext, national: str | None = None) -> None:
    """Hub operator: add a node's current public key to the directory."""
    hub.uow.run(
        lambda s: sharing.register_node(
            s, OPERATOR, hub.ctx, ctx.node_id, ctx.country, ctx.role, ctx.key.public_b64, national
        )
    )


async def start_all(nodes: Iterable[LocalNode]) -> None:
    """Connect every node; the hub first so its streams exist before anyone subscribes."""
    ordered = sorted(nodes, key=lambda n: {"hub": 0, "national": 1, "post": 2}[n.ctx.role])
    for node in ordered:
        await node.runtime.start()


async def settle(nodes: Iterable[LocalNode], rounds: int = 2) -> None:
    """Pump every node a few times so messages cross the hub and back (hub, nationals, posts)."""
    ordered = sorted(nodes, key=lambda n: {"hub": 0, "national": 1, "post": 2}[n.ctx.role])
    for _ in range(rounds):
        for node in ordered:
            if node.runtime.bus is not None:
                await node.runtime.pump()
        await asyncio.sleep(0)


async def stop_all(nodes: Iterable[LocalNode]) -> None:
    for node in nodes:
        await node.runtime.stop()
        node.uow.engine.dispose()


def run_demo(base: Path, say: Callable[[str], None]) -> None:
    """``make demo-region``: start the region, share one alert, record one crossing, then keep every
    node's message loop running until Ctrl-C (servers are stopped on the way out)."""
    import shutil
    from datetime import date

    from hudud.services import posts
    from hudud.sharing.alerts import AlertKind, Handling, Person, Scope, ScopeKind

    shutil.rmtree(base, ignore_errors=True)
    region = Region.layout(base, ["mar", "tun"], {"mar-post-1": "mar"})
    region.start()
    nodes = build_region(
        base, region, {"mar": "MAR", "tun": "TUN"}, {"mar-post-1": ("mar", "MAR-GUERGUERAT")}
    )

    async def main() -> None:
        await start_all(nodes.values())
        await settle(nodes.values())
        mar = nodes["mar"]
        alert = mar.uow.run(
            lambda s: sharing.issue_alert(
                s,
                OPERATOR,
                mar.ctx,
                sharing.NewAlert(
                    AlertKind.WANTED,
                    Scope(ScopeKind.STATES, ("TUN",)),
                    Handling.CONTACT,
                    "MAR/DGSN/DEMO/1",
                    Person(("Youssef El Idrissi", "يوسف الإدريسي"), date(1988, 4, 12), ("MAR",), "M"),
                ),
            )
        )
        await settle(nodes.values())
        post = nodes["mar-post-1"]
        await post.runtime.fetch_snapshot()
        from hudud.screening.entries import Traveller

        post.uow.run(
            lambda s: posts.process_traveller(
                s, OPERATOR, post.ctx, Traveller("demo", ("SIDI MOHAMED OULD AHMED",)), "entry"
            )
        )
        await settle(nodes.values())
        say(f"alert {alert.alert_id} shared by Morocco with Tunisia; one crossing synced from the post")
        for node in nodes.values():
            server = region[node.node_id]
            say(
                f"{node.node_id:12} {node.ctx.role:9} NATS {server.url}  "
                f"HUDUD_DATABASE_URL={node.database_url} HUDUD_KEYS_DIR={node.folder / 'keys'} "
                f"HUDUD_NODE_ID={node.node_id} HUDUD_NODE_COUNTRY={node.ctx.country} HUDUD_NODE_ROLE={node.ctx.role}"
            )
        say("running; Ctrl-C stops the region")
        await asyncio.gather(*(n.runtime.run_forever(0.5) for n in nodes.values()))

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    finally:
        region.stop()
