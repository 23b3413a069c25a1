"""The README's configuration table names every setting, so operators can trust it."""

from __future__ import annotations

from pathlib import Path

from hudud.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented() -> None:
    text = README.read_text()
    missing = [
        f"HUDUD_{name.upper()}" for name in Settings.model_fields if f"`HUDUD_{name.upper()}`" not in text
    ]
    assert missing == []
    assert "make demo" in text and "make test" in text
