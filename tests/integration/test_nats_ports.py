"""A loopback nats-server whose port was taken between the layout and its start starts on another
(CI saw a region's server lose its port to another server's outgoing connection)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from hudud.messaging.servers import NATS_SERVER, NatsServer, Region

pytestmark = pytest.mark.nats


def test_a_server_whose_port_was_taken_starts_on_another(tmp_path: Path) -> None:
    if not os.path.exists(NATS_SERVER):
        pytest.skip("nats-server is not installed (apt-get install nats-server)")
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        server = NatsServer("hub", tmp_path, domain="hub", port=taken)
        try:
            server.start()
            assert server.port != taken and server.process is not None and server.process.poll() is None
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as client:
                assert client.recv(4096).startswith(b"INFO ")  # a NATS server greets on connect
        finally:
            server.stop()
    assert b"address already in use" in (tmp_path / "hub" / "nats.log").read_bytes()


def test_a_region_that_fails_to_start_leaves_no_server_running(tmp_path: Path) -> None:
    if not os.path.exists(NATS_SERVER):
        pytest.skip("nats-server is not installed (apt-get install nats-server)")
    region = Region.layout(tmp_path, ["mar", "tun"], {})
    region["tun"].domain = "not a domain!"  # its configuration cannot be read: it never starts
    with pytest.raises(RuntimeError, match="tun did not start"):
        region.start()
    assert all(server.process is None for server in region.servers.values())  # hub and mar stopped
