"""The ``hudud paxlst check`` contract, exactly as other tools rely on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hudud.cli import app
from hudud.services.manifests import check_paxlst

runner = CliRunner()
TRAVELLER_KEYS = {"surname", "given_names", "birth_date", "nationality", "documents", "role", "screening"}
DOCUMENT_KEYS = {"type", "number", "issuing_state", "expiry"}


def run(*args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["paxlst", "check", *args])
    return result.exit_code, json.loads(result.stdout)


def test_contract_shape(shared_data: Path) -> None:
    code, doc = run(str(shared_data / "paxlst/gtas-flights/flight1.txt"))
    assert code == 0
    assert set(doc) == {"flight", "travellers", "errors"}
    travellers = doc["travellers"]
    assert isinstance(travellers, list) and len(travellers) == 10
    for traveller in travellers:
        assert set(traveller) == TRAVELLER_KEYS
        assert traveller["role"] in ("passenger", "crew")
        assert traveller["screening"] == {}
        assert all(set(d) == DOCUMENT_KEYS for d in traveller["documents"])
    assert travellers[1] == {
        "surname": "CAPONE",
        "given_names": "LISA ALVINA",
        "birth_date": "1972-08-05",
        "nationality": "USA",
        "documents": [{"type": "P", "number": "907316631", "issuing_state": "USA", "expiry": "2025-11-03"}],
        "role": "passenger",
        "screening": {},
    }
    flight = doc["flight"]
    assert isinstance(flight, dict) and flight["number"] == "LA532" and flight["arrival_airport"] == "JFK"
    errors = doc["errors"]
    assert isinstance(errors, list)
    assert all(set(e) == {"segment", "message"} and isinstance(e["segment"], int) for e in errors)


def test_crew_roles(shared_data: Path) -> None:
    code, doc = run(str(shared_data / "paxlst/loader__Test1.txt"))
    assert code == 0
    assert {t["role"] for t in doc["travellers"]} == {"crew"}  # type: ignore[index, union-attr]


def test_record_errors_still_exit_zero(shared_data: Path) -> None:
    code, doc = run(str(shared_data / "paxlst/astra/test3_0.edi"))
    assert code == 0 and len(doc["travellers"]) == 3 and doc["errors"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (None, "not_found"),  # missing file
        (b"\x00\x01binary\x00" * 10, "invalid_input"),  # binary junk
        (b"", "invalid_input"),  # empty
    ],
)
def test_unreadable_file_exits_non_zero_with_json(tmp_path: Path, content: bytes | None, error: str) -> None:
    path = tmp_path / "manifest.edi"
    if content is not None:
        path.write_bytes(content)
    code, doc = run(str(path))
    assert code != 0
    assert doc["error"] == error and doc["message"]


def test_size_cap_option(tmp_path: Path, shared_data: Path) -> None:
    code, doc = run(str(shared_data / "paxlst/loader__Test3.txt"), "--max-bytes", "1000")
    assert code != 0 and doc["error"] == "payload_too_large"


def test_list_without_screening_engine_says_so(shared_data: Path) -> None:
    code, doc = run(
        str(shared_data / "paxlst/sample_paxlist_uae.edi"),
        "--list",
        str(shared_data / "un/consolidated_2026-02-27.xml"),
    )
    assert code == 0
    screening = doc["travellers"][0]["screening"]  # type: ignore[index]
    assert isinstance(screening, dict)


def test_screening_hook_is_pluggable(shared_data: Path) -> None:
    doc = check_paxlst(
        shared_data / "paxlst/sample_paxlist_uae.edi",
        screen=lambda t: {"hits": [], "checked": t.surname},
    )
    assert doc["travellers"][0]["screening"] == {"hits": [], "checked": "WILLIAMS"}
