"""``hudud training``: demo data, the daily reminders job (marks once), and code verification."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HUDUD = [sys.executable, "-m", "hudud.cli"]


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HUDUD, *args], env=env, capture_output=True, text=True, timeout=120)


def test_demo_reminders_and_verify(tmp_path: Path) -> None:
    env = {**os.environ, "HUDUD_VAR_DIR": str(tmp_path), "HUDUD_DATABASE_URL": ""}
    assert run(env, "migrate").returncode == 0
    assert run(env, "demo").returncode == 0  # accounts, and the training demo with them
    # `hudud demo` loaded the training demo already: loading it again changes nothing.
    assert run(env, "training", "demo").stdout.strip() == "training demo already present"
    listed = run(env, "training", "reminders", "--dry-run")
    due = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(due) == 4 and {d["course"] for d in due} == {"DOC-FRAUD"}
    sent = run(env, "training", "reminders").stdout.splitlines()
    assert len(sent) == 4 and run(env, "training", "reminders").stdout == ""  # reminded once only
    ok = run(env, "training", "verify", due[0]["code"])
    assert ok.returncode == 0 and json.loads(ok.stdout)["status"] == "valid"
    forged = run(env, "training", "verify", "RTC-0000-0000-1")
    assert forged.returncode == 1 and "check character" in json.loads(forged.stdout)["message"]
