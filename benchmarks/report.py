"""Writes one benchmark's figures into its own section of docs/benchmarks.md, with machine and date.

Each benchmark owns a section between ``<!-- bench:NAME -->`` markers, so benchmarks run at different
times (or by different people) update their part without touching the others."""

from __future__ import annotations

import fcntl
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Figures written by `make bench` (each section by its own script in `benchmarks/`). "
    "Targets come from the issues; a figure that misses its target says so.\n"
)


def machine() -> str:
    """One line describing the machine the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        info = dict(
            (key.strip(), value.strip())
            for key, _, value in (
                line.partition(":") for line in Path("/proc/cpuinfo").read_text().splitlines()
            )
            if key.strip() in ("model name", "cpu family", "model")
        )
    except OSError:
        info = {}
    if "model name" in info:
        cpu = info["model name"]
        # a virtual machine may only say "AMD EPYC": the family and model tell its generations apart
        # (family 23 Zen 1-2, 25 Zen 3-4, 26 Zen 5), which run the same code up to three times apart
        if "cpu family" in info and "model" in info:
            cpu += f" (family {info['cpu family']}, model {info['model']})"
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.system()}"


def write_section(name: str, title: str, body: str) -> Path:
    """Replace (or append) the section ``name`` of docs/benchmarks.md."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- bench:{name} -->\n## {title}\n\n_Measured {stamp} on {machine()}._\n\n{body.strip()}\n"
        f"<!-- /bench:{name} -->\n"
    )
    DOC.parent.mkdir(parents=True, exist_ok=True)
    with open(DOC.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = DOC.read_text() if DOC.exists() else HEADER
        pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->\n", re.S)
        text = (
            pattern.sub(lambda _m: section, text)
            if pattern.search(text)
            else text.rstrip("\n") + "\n\n" + section
        )
        DOC.write_text(text)
    return DOC
