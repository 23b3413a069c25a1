"""A node with users, served in-process (TestClient) or on a loopback port (browser tests)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import pytest

from hudud.policy import Caller
from hudud.services import identity, reference
from hudud.services.runtime import open_node
from hudud.settings import Settings, load_settings
from hudud.store.migrate import upgrade

PASSWORD = "correct horse battery"
SYSTEM = Caller(None, via="test")
USERS = (
    ("officer.mar", "MAR", "border_police", ("officer",)),
    ("officer.dza", "DZA", "border_police", ("officer",)),
    ("admin.mar", "MAR", "border_police", ("admin",)),
    ("trainer.rtc", "RTC", "training_centre", ("trainer",)),
)


@dataclass
class Node:
    settings: Settings

    def run(self, use_case):  # type: ignore[no-untyped-def]
        return open_node(self.settings).run(use_case)


@pytest.fixture
def node(tmp_path) -> Node:
    settings = load_settings(var_dir=tmp_path, max_body_bytes=2 * 1024 * 1024, login_max_failures=3)
    upgrade(settings.effective_database_url)
    node = Node(settings)
    node.run(reference.load_reference_data)
    for username, country, agency, roles in USERS:
        node.run(
            lambda s, u=username, c=country, a=agency, r=roles: identity.create_user(
                s, SYSTEM, username=u, full_name=u, password=PASSWORD, country=c, agency=a, roles=r
            )
        )
    return node


@pytest.fixture
def client(node: Node):
    from fastapi.testclient import TestClient

    from hudud.web.app import create_app

    with TestClient(create_app(node.settings)) as test_client:
        yield test_client


def token_for(node: Node, username: str, days: int = 30) -> str:
    plain, _ = node.run(lambda s: identity.create_token(s, SYSTEM, username, "test", days))
    return plain


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(node: Node):
    """The app served by uvicorn on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    from hudud.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(node.settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Not per session: Playwright's sync API keeps an event loop running in the main thread while it is
    open, and tests elsewhere (NATS, JetStream) call ``asyncio.run``, which refuses to start inside it."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base_url}/")
