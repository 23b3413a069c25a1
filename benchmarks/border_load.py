"""Benchmark: 20 officers working the border desk at once, driven from a second process over loopback.

The node runs under uvicorn in its own process on the database of ``benchmarks.border_step`` (UN + a
100,000-person national list on PostgreSQL); this process signs in 20 officers (each with its own
session cookie) and has each one loop: open the desk, read a passport (HTMX inspect), decide, and now
and then look at the case queue. Every request's full response time is a "page load".

Paces: one officer alone (baseline); 20 officers at desk pace (3-8 s between actions, still quicker
than a real desk); brisk (0.5-1.5 s); and no pause at all (a stress test of the same 20 sessions). Reproduce:
``.venv/bin/python -m benchmarks.border_step`` then ``.venv/bin/python -m benchmarks.border_load``."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict

import httpx

from benchmarks import border_step
from benchmarks.report import write_section

SESSIONS = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = dict(
        os.environ,
        HUDUD_DATABASE_URL=url,
        HUDUD_VAR_DIR=tempfile.mkdtemp(prefix="hudud-load-"),
        HUDUD_SECRET_KEY="load-benchmark-secret-key-not-for-production",
        HUDUD_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "hudud.web.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning", "--no-access-log"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the node did not start")


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


class Officer:
    def __init__(
        self, base: str, username: str, passports: list[str], timings: dict[str, list[float]]
    ) -> None:
        self.client = httpx.AsyncClient(base_url=base, timeout=30)
        self.username, self.passports, self.timings = username, passports, timings
        self.csrf = ""

    async def timed(self, kind: str, method: str, path: str, **kw: object) -> httpx.Response:
        started = time.perf_counter()
        response = await self.client.request(method, path, **kw)  # type: ignore[arg-type]
        self.timings[kind].append((time.perf_counter() - started) * 1000)
        if response.status_code >= 400:
            self.timings["errors"].append(1.0)
        return response

    async def sign_in(self) -> None:
        page = await self.client.get("/login")
        data = {"username": self.username, "password": border_step.PASSWORD, "csrf_token": _csrf(page.text)}
        await self.client.post("/login", data=data)
        self.csrf = _csrf((await self.client.get("/border")).text)

    async def work(self, until: float, pause: tuple[float, float], rng: random.Random) -> None:
        n = 0
        while time.monotonic() < until:
            desk = await self.timed("desk page", "GET", "/border")
            key = re.search(r'name="key" value="([0-9a-f]+)"', desk.text)
            await asyncio.sleep(rng.uniform(*pause))
            form = {"csrf_token": self.csrf, "key": key.group(1) if key else uuid.uuid4().hex,
                    "direction": rng.choice(("entry", "exit")), "source": "mrz", "visa_type": "none",
                    "mrz": rng.choice(self.passports)}  # fmt: skip
            shown = await self.timed(
                "inspect (HTMX)", "POST", "/border/inspect", data=form, headers={"HX-Request": "true"}
            )
            crossing = re.search(r'data-crossing="(\d+)"', shown.text)
            await asyncio.sleep(rng.uniform(*pause))
            if crossing:
                decision = "referred" if 'data-testid="case-link"' in shown.text else "admitted"
                await self.timed(
                    "decision (HTMX)", "POST", f"/border/crossings/{crossing.group(1)}/decision",
                    data={"csrf_token": self.csrf, "decision": decision, "key": form["key"]},
                    headers={"HX-Request": "true"},
                )  # fmt: skip
            n += 1
            if n % 5 == 0:
                await self.timed("case queue", "GET", "/border/cases")
            await asyncio.sleep(rng.uniform(*pause))


async def run(
    base: str, seconds: float, pause: tuple[float, float], passports: list[str], sessions: int = SESSIONS
) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = defaultdict(list)
    officers = [Officer(base, f"bench.officer.{n:02d}", passports, timings) for n in range(sessions)]
    await asyncio.gather(*(o.sign_in() for o in officers))
    until = time.monotonic() + seconds
    await asyncio.gather(*(o.work(until, pause, random.Random(i)) for i, o in enumerate(officers)))
    for officer in officers:
        await officer.client.aclose()
    return timings


def summary(label: str, timings: dict[str, list[float]], seconds: float) -> list[str]:
    pct = border_step.pct
    every = [t for kind, values in timings.items() if kind != "errors" for t in values]
    rows = []
    for kind in ("desk page", "inspect (HTMX)", "decision (HTMX)", "case queue"):
        values = timings.get(kind, [])
        if values:
            rows.append(
                f"| {label} | {kind} | {len(values)} | {pct(values, 0.5):.0f} ms | {pct(values, 0.95):.0f} ms |"
            )
    p95 = pct(every, 0.95)
    verdict = "met" if p95 <= 300 else "**missed**"
    rows.append(
        f"| {label} | **all requests** ({len(every) / seconds:.1f}/s, {len(timings.get('errors', []))} errors) "
        f"| {len(every)} | {pct(every, 0.5):.0f} ms | **{p95:.0f} ms** ({verdict}) |"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not border_step.exists():
        border_step.build(100_000)
    passports = border_step.travellers(200, 100_000)
    server, base = start_server(border_step.database_url())
    try:
        warm = httpx.Client(base_url=base, timeout=900)  # the first screening builds the index
        page = warm.get("/login")
        warm.post(
            "/login",
            data={
                "username": "bench.officer.00",
                "password": border_step.PASSWORD,
                "csrf_token": _csrf(page.text),
            },
        )
        csrf = _csrf(warm.get("/border").text)
        warm.post("/border/inspect", data={"csrf_token": csrf, "key": uuid.uuid4().hex, "direction": "entry",
                                            "source": "mrz", "mrz": passports[0], "visa_type": "none"})  # fmt: skip
        load = os.getloadavg()
        alone = asyncio.run(run(base, args.seconds / 3, (0.0, 0.0), passports, sessions=1))
        realistic = asyncio.run(run(base, args.seconds * 1.5, (3.0, 8.0), passports))
        desk_pace = asyncio.run(run(base, args.seconds, (0.5, 1.5), passports))
        stress = asyncio.run(run(base, args.seconds / 2, (0.0, 0.0), passports))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    lines = [
        f"{SESSIONS} officer sessions (own cookies, CSRF, HTMX requests as the browser sends them) driven by "
        "`httpx` from a second process over loopback; the node is one uvicorn process on PostgreSQL with "
        "the UN list and a 100,000-person national list; 2 shared cores run both. "
        "Reproduce: `.venv/bin/python -m benchmarks.border_load` (after `benchmarks.border_step`). "
        f"Load average while measured: {load[0]:.1f} before, {os.getloadavg()[0]:.1f} after "
        "(other work shared the 2 cores).",
        "",
        "| pace | request | count | p50 | p95 (target ≤ 300 ms) |",
        "|---|---|---|---|---|",
        *summary("one officer alone, no pause (baseline)", alone, args.seconds / 3),
        *summary(
            "desk pace (3-8 s between actions: a traveller every ~20 s per officer)",
            realistic,
            args.seconds * 1.5,
        ),
        *summary("brisk (0.5-1.5 s between actions)", desk_pace, args.seconds),
        *summary("no pause (stress)", stress, args.seconds / 2),
    ]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("border-load", "Border desk under 20 concurrent officers (issue 5)", body)


if __name__ == "__main__":
    main()
