"""The operator's CLI: migrate, create a user and a token, verify the audit log (and catch tampering)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

HUDUD = [sys.executable, "-m", "hudud.cli"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HUDUD_VAR_DIR": str(tmp_path), "HUDUD_DATABASE_URL": ""}


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HUDUD, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_operator_workflow(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "migrate").returncode == 0
    assert run(env, "demo").returncode == 0  # reference data (states, agencies' posts) and demo accounts
    created = run(
        env, "user", "add", "amina.tn", "--country", "TUN", "--agency", "customs", "--role", "officer",
        "--role", "supervisor", "--password-stdin", stdin="a long enough password\n",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    listed = run(env, "user", "list")
    assert "amina.tn" in listed.stdout and "TUN" in listed.stdout

    bad = run(
        env,
        "user",
        "add",
        "x",
        "--country",
        "ATL",
        "--agency",
        "customs",
        "--role",
        "officer",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert bad.returncode == 1 and "unknown state" in bad.stderr

    token = run(env, "token", "create", "amina.tn", "--name", "gateway", "--days", "7")
    assert token.returncode == 0 and token.stdout.strip().startswith("hud_")
    assert "copy it now" in token.stderr

    verified = run(env, "audit", "verify")
    assert verified.returncode == 0 and "intact" in verified.stdout

    with sqlite3.connect(tmp_path / "hudud.sqlite3") as db:
        db.execute("DROP TRIGGER audit_log_no_update")
        target = db.execute("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 5").fetchone()[0]
        db.execute("UPDATE audit_log SET outcome = 'ok', actor = 'someone else' WHERE id = ?", (target,))
    broken = run(env, "audit", "verify")
    assert broken.returncode == 1
    assert f"broken at record {target}" in broken.stderr


def test_demo_is_idempotent(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "migrate").returncode == 0
    first = run(env, "demo")
    second = run(env, "demo")
    assert first.returncode == second.returncode == 0
    assert "officer.mar" in second.stdout
    stored = tmp_path / "demo-logins.json"  # HUDUD_VAR_DIR: the logins are there, and the CLI says so
    assert stored.exists() and f"stored in {stored.resolve()}" in second.stdout
    assert "var/demo-logins.json" not in second.stdout
    users = run(env, "user", "list").stdout
    assert users.count("officer.mar") == 1


def test_list_import_and_show(env: dict[str, str], shared_data: Path) -> None:
    assert run(env, "migrate").returncode == 0
    older = shared_data / "un" / "consolidated_2024-09-26.xml"
    newer = shared_data / "un" / "consolidated_2026-02-27.xml"
    first = run(env, "lists", "import", str(older))
    assert first.returncode == 0, first.stderr
    second = run(env, "lists", "import", str(newer))
    assert "un v2" in second.stdout and "+134 added" in second.stdout and "-6 removed" in second.stdout
    shown = run(env, "lists", "show")
    assert "un" in shown.stdout and "1003" in shown.stdout
    broken = run(env, "lists", "import", str(Path(__file__)))
    assert broken.returncode == 1 and "error" in broken.stderr
