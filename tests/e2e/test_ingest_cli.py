"""``hudud manifests ingest|watch|retention``: one JSON line per message, files moved only once stored."""

from __future__ import annotations

import json

import pytest
from benchmarks.manifests_sample import FlightPlan, crowd, paxlst
from typer.testing import CliRunner

from hudud.cli import app
from hudud.settings import get_settings
from hudud.store.migrate import upgrade

runner = CliRunner()


@pytest.fixture
def node_env(tmp_path, monkeypatch):
    monkeypatch.setenv("HUDUD_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    upgrade(get_settings().effective_database_url)
    yield tmp_path
    get_settings.cache_clear()


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_ingest_files_then_again(node_env, shared_data) -> None:
    files = [str(shared_data / "paxlst" / "gtas-flights"), str(shared_data / "paxlst" / "loader__Test1.txt")]
    first = runner.invoke(app, ["manifests", "ingest", *files])
    assert first.exit_code == 0, first.output
    assert [(r["status"], r["travellers"]) for r in lines(first.stdout)] == [("ingested", 10)] * 3 + [
        ("ingested", 8)
    ]
    again = runner.invoke(app, ["manifests", "ingest", *files])
    assert {r["status"] for r in lines(again.stdout)} == {"duplicate"}


def test_watch_moves_each_file_after_storing_it(node_env) -> None:
    inbox = node_env / "inbox"
    inbox.mkdir()
    (inbox / "good.edi").write_bytes(paxlst(crowd(3), FlightPlan()))
    (inbox / "junk.bin").write_bytes(b"\x00\x01\x02" * 100)
    (inbox / ".partial.edi").write_bytes(b"UNA")  # a copy in progress waits
    result = runner.invoke(app, ["manifests", "watch", "--folder", str(inbox), "--once", "--interval", "0"])
    assert result.exit_code == 0, result.output
    assert {r["file"]: r["status"] for r in lines(result.stdout)} == {
        "good.edi": "ingested",
        "junk.bin": "rejected",
    }
    assert (inbox / "done" / "good.edi").exists() and (inbox / "rejected" / "junk.bin").exists()
    assert "binary" in (inbox / "rejected" / "junk.bin.error.txt").read_text()
    assert (inbox / ".partial.edi").exists()


def test_retention_reports_what_it_deleted(node_env) -> None:
    runner.invoke(app, ["manifests", "ingest", str(_write(node_env))])
    result = runner.invoke(app, ["manifests", "retention"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["deleted_manifests"] == 0  # nothing is five years old yet


def _write(folder):  # type: ignore[no-untyped-def]
    path = folder / "list.edi"
    path.write_bytes(paxlst(crowd(2)))
    return path
