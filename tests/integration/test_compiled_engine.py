"""The compiled screening engine (``hudud.compiled``) screens exactly like its Python source, and a
compiled engine older than its source is never used."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hudud import compiled

SRC = compiled.SOURCE_ROOT


def _need_build() -> None:
    found, stale = compiled.state()
    if found != "compiled":
        pytest.skip(
            f"no current compiled engine ({found}{': ' + ', '.join(stale) if stale else ''}); "
            "`make bootstrap` builds it where a C compiler is installed"
        )


def _screen(args: list[str], pure: bool) -> str:
    env = {**os.environ, compiled.PURE_VARIABLE: "1" if pure else "0"}
    code = (
        "import sys; from hudud import compiled; from hudud.cli import app; "
        "print(compiled.engine(), file=sys.stderr); app(sys.argv[1:])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, "screen", *args], env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stderr.splitlines()[0] == ("pure" if pure else "compiled")
    return run.stdout


def test_compiled_engine_screens_the_un_batch_like_its_source(shared_data: Path, tmp_path: Path) -> None:
    """yente's noisy UN records and clean travellers, against the UN list: same hits, scores,
    explanations and order, byte for byte, from the compiled engine and from the source."""
    _need_build()
    fixtures = shared_data / "peer-fixtures"
    rows = (fixtures / "positives_un_treated.csv").read_text(encoding="utf-8").splitlines()
    clean = (fixtures / "negatives_global.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == clean[0]
    queries = tmp_path / "queries.csv"
    queries.write_text("\n".join(rows[:301] + clean[1:301]) + "\n", encoding="utf-8")
    args = ["--list", str(shared_data / "un" / "consolidated_2026-02-27.xml"), "--queries", str(queries)]
    compiled_out = _screen([*args, "--output", "-"], pure=False)
    pure_out = _screen([*args, "--output", "-"], pure=True)
    results = [json.loads(line) for line in compiled_out.splitlines()]
    assert len(results) == 600
    assert sum(any(r["match"] for r in q["results"]) for q in results[:300]) > 250  # listed persons found
    assert compiled_out == pure_out


def test_a_compiled_engine_older_than_its_source_is_not_used(tmp_path: Path) -> None:
    """Edit one engine module after the build: every compiled module gives way to the source (they
    call each other directly), and the process says why on stderr."""
    _need_build()
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "build", ".mypy_cache", "web"))
    memo = compiled.source_path("hudud.names.memo", copy)
    probe = (
        "from hudud import compiled; import hudud.screening.engine as e; import hudud.names.tokens as t; "
        "print(compiled.engine(), e.__file__.endswith('.py'), t.__file__.endswith('.py'))"
    )
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_VARIABLE} | {"PYTHONPATH": str(copy)}

    def probe_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
        )

    fresh = probe_run()
    assert fresh.stdout.split() == ["compiled", "False", "False"], fresh.stderr
    memo.write_text(memo.read_text(encoding="utf-8") + "\n# edited after the build\n", encoding="utf-8")
    edited = probe_run()
    assert edited.stdout.split() == ["pure", "True", "True"], edited.stderr
    assert "does not match its source (hudud.names.memo)" in edited.stderr


def test_a_compiled_module_left_from_another_build_is_not_used(tmp_path: Path) -> None:
    """An extension module of a module the build no longer compiles (an older build's) would be
    imported before its source, and it calls a shared library that is gone: the source runs."""
    _need_build()
    copy = tmp_path / "src"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "build", ".mypy_cache", "web"))
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]  # .cpython-311-x86_64-linux-gnu.so here
    leftover = compiled.source_path("hudud.screening.organisations", copy).with_suffix(suffix)
    leftover.write_bytes(b"not an extension module")
    probe = "from hudud import compiled; import hudud.screening.organisations as r; print(compiled.engine(), r.__file__)"
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_VARIABLE} | {"PYTHONPATH": str(copy)}
    run = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["pure", str(copy / "hudud" / "screening" / "organisations.py")]
    assert "(hudud.screening.organisations)" in run.stderr


def test_stale_modules_names_every_changed_or_unrecorded_source() -> None:
    recorded = {"hudud.names.memo": "aa", "hudud.screening.index": "bb"}
    current = {"hudud.names.memo": "aa", "hudud.screening.index": "cc", "hudud.screening.engine": "dd"}
    assert compiled.stale_modules(recorded, current) == ["hudud.screening.engine", "hudud.screening.index"]
    assert compiled.stale_modules(current, current) == []
