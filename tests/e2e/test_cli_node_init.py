"""``hudud node init``: every input is checked before anything is written, so a refused run (hub key
file missing, unreadable or not a key) says which file and what is wrong in one line, exits non-zero
and leaves no node.key behind; the same command then works once given a good file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hudud.cli import app
from hudud.messaging import keys
from hudud.settings import get_settings

runner = CliRunner()


@pytest.fixture
def keys_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HUDUD_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("HUDUD_KEYS_DIR", str(tmp_path / "keys"))
    get_settings.cache_clear()
    yield tmp_path / "keys"
    get_settings.cache_clear()


def _refused(hub_key: Path, keys_dir: Path, what: str) -> None:
    result = runner.invoke(app, ["node", "init", "--hub-key", str(hub_key)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)  # no traceback
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line, however long the path
    assert lines[0].startswith("error:") and str(hub_key) in lines[0] and what in lines[0], result.stderr
    assert "Traceback" not in result.output
    assert not (keys_dir / keys.NODE_KEY).exists() and not (keys_dir / keys.HUB_KEY).exists()
    assert not (keys_dir / "node.pub").exists()


def test_init_checks_the_hub_key_before_writing(keys_dir: Path, tmp_path: Path) -> None:
    _refused(tmp_path / "missing.pub", keys_dir, "no such file")
    not_a_key = tmp_path / "hub.txt"
    not_a_key.write_text("this is not a key\n")
    _refused(not_a_key, keys_dir, "not an Ed25519 public key")
    binary = tmp_path / "hub.bin"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    _refused(binary, keys_dir, "not an Ed25519 public key")
    _refused(tmp_path, keys_dir, "not a file")  # a folder given by mistake

    hub = keys.NodeKey(keys.Ed25519PrivateKey.generate())
    good = tmp_path / "hub.pub"
    good.write_text(hub.public_b64 + "\n")
    result = runner.invoke(app, ["node", "init", "--hub-key", str(good)])
    assert result.exit_code == 0, result.output
    assert keys.load(keys_dir).public_b64 == (keys_dir / "node.pub").read_text().strip()
    assert keys.public_to_b64(keys.hub_key(keys_dir)) == hub.public_b64
