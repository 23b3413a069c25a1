"""Local ``nats-server`` processes for a region on loopback: the hub, national servers as its leaf
nodes, border-post servers as leaf nodes of their national server. Used by ``make demo-region``,
the integration tests and the benchmarks; production servers are configured as in docs/operations.md.

The hub runs JetStream in domain ``hub``; each national server runs its own JetStream in its own
domain (its posts' crossings stay on its own server); a post's server has no JetStream."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

NATS_SERVER = os.environ.get("HUDUD_NATS_SERVER") or shutil.which("nats-server") or "/usr/sbin/nats-server"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class NatsServer:
    name: str
    base: Path
    domain: str | None = None  # JetStream domain; None: no JetStream on this server
    upstream: NatsServer | None = None  # the server this one is a leaf node of
    port: int = field(default_factory=free_port)
    leaf_port: int = field(default_factory=free_port)
    http_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def config(self) -> str:
        lines = [
            f"server_name: {self.name}",
            f"listen: 127.0.0.1:{self.port}",
            f"http: 127.0.0.1:{self.http_port}",
            "max_payload: 8MB",
        ]
        if self.domain:
            store = self.base / self.name / "jetstream"
            lines.append(f'jetstream {{ store_dir: "{store}", domain: {self.domain} }}')
        remotes = (
            f'remotes: [ {{ url: "nats-leaf://127.0.0.1:{self.upstream.leaf_port}" }} ]'
            if self.upstream
            else ""
        )
        lines.append(f"leafnodes {{ listen: 127.0.0.1:{self.leaf_port}, reconnect: 1, {remotes} }}")
        return "\n".join(lines) + "\n"

    def start(self, attempts: int = 3) -> None:
        """Start the server; a port taken meanwhile is chosen again. The ports are picked free when
        the region is laid out, but until this server binds them another process may take one: a
        server started before it connects to its hub from an ephemeral port of the same range (seen
        in CI: 'bind: address already in use'). Servers start upstream first, so the ones that will
        connect to this server's leaf port have not read it yet."""
        folder = self.base / self.name
        folder.mkdir(parents=True, exist_ok=True)
        conf = folder / "nats.conf"
        for attempt in range(attempts):
            conf.write_text(self.config())
            log_path = folder / "nats.log"
            seen = log_path.stat().st_size if log_path.exists() else 0
            log = open(log_path, "ab")  # noqa: SIM115 (kept open by the child)
            self.process = subprocess.Popen([NATS_SERVER, "-c", str(conf)], stdout=log, stderr=log)
            try:
                self._wait(lambda: self._get("/varz") is not None, f"{self.name} did not start")
                return
            except RuntimeError:
                taken = b"address already in use" in log_path.read_bytes()[seen:]
                if not taken or attempt == attempts - 1:
                    raise
                self.stop()
                self.port, self.leaf_port, self.http_port = free_port(), free_port(), free_port()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def leaf_count(self) -> int:
        data = self._get("/leafz")
        return int(str(data.get("leafnodes", 0))) if data else 0

    def wait_leaves(self, count: int, timeout: float = 15.0) -> None:
        """Block until ``count`` leaf connections (in and out) are up on this server."""
        self._wait(
            lambda: self.leaf_count() >= count, f"{self.name}: {count} leaf connections not up", timeout
        )

    def _get(self, path: str) -> dict[str, object] | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.http_port}{path}", timeout=1) as response:
                data: dict[str, object] = json.loads(response.read())
                return data
        except OSError:
            return None

    def _wait(self, ready: Callable[[], bool], message: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(
                    f"{message}: nats-server exited (see {self.base / self.name / 'nats.log'})"
                )
            if ready():
                return
            time.sleep(0.05)
        raise RuntimeError(message)


@dataclass
class Region:
    """Hub + national servers + post servers, started in dependency order."""

    base: Path
    servers: dict[str, NatsServer] = field(default_factory=dict)

    @classmethod
    def layout(cls, base: Path, nationals: list[str], posts: dict[str, str]) -> Region:
        """``nationals``: node ids; ``posts``: post node id -> its national node id."""
        region = cls(base)
        hub = NatsServer("hub", base, domain="hub")
        region.servers["hub"] = hub
        for node in nationals:
            region.servers[node] = NatsServer(node, base, domain=node.replace("-", "_"), upstream=hub)
        for post, national in posts.items():
            region.servers[post] = NatsServer(post, base, upstream=region.servers[national])
        return region

    def start(self) -> None:
        """Start every server and wait for their leaf connections; if one fails, those already
        started are stopped (a failed test set-up left them running after the test session)."""
        try:
            for server in self.servers.values():
                server.start()
            for server in self.servers.values():
                downstream = sum(1 for s in self.servers.values() if s.upstream is server)
                server.wait_leaves(downstream + (1 if server.upstream else 0))
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        for server in reversed(list(self.servers.values())):
            server.stop()

    def __getitem__(self, name: str) -> NatsServer:
        return self.servers[name]
