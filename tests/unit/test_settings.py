"""Settings fail fast, naming the variable an operator must fix."""

from __future__ import annotations

import pytest

from hudud.errors import ConfigurationError
from hudud.settings import load_settings


def test_defaults_use_embedded_sqlite(tmp_path) -> None:
    settings = load_settings(var_dir=tmp_path)
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'hudud.sqlite3'}"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HUDUD_MAX_BODY_BYTES", "ten"),  # not a number
        ("HUDUD_DEFAULT_LOCALE", "de"),  # only en, ar, fr have catalogs
        ("HUDUD_SCREENING_THRESHOLD", "1.5"),  # scores live in [0, 1]
        ("HUDUD_NODE_COUNTRY", "?!"),  # not a code
    ],
)
def test_bad_value_names_the_variable(monkeypatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as caught:
        load_settings()
    assert variable in str(caught.value)


def test_generated_secret_is_kept_private_and_stable(tmp_path) -> None:
    settings = load_settings(var_dir=tmp_path)
    first = settings.resolved_secret_key()
    assert first == settings.resolved_secret_key()
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
