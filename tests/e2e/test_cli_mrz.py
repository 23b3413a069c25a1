"""The ``hudud mrz`` contract, exactly as other tools rely on it: one JSON line per MRZ, in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hudud.cli import app

runner = CliRunner()
KEYS = {
    "valid", "format", "document_code", "issuing_state", "document_number", "primary_identifier",
    "secondary_identifier", "nationality", "birth_date", "sex", "expiry_date", "optional_data", "errors",
    "repaired", "findings",
}  # fmt: skip
CAN = "P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<\nZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08"
CHE = "IDCHEA1234567<6<<<<<<<<<<<<<<<\n7510256M2009018CHE<<<<<<<<<<<8\nSMITH<<JOHN<ALBERT<<<<<<<<<<<<"


def mrz(*args: str, stdin: str | None = None) -> tuple[int, list[dict[str, object]], str]:
    result = runner.invoke(app, ["mrz", *args], input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_check_batch_from_stdin_keeps_order_and_goes_past_bad_items() -> None:
    bad_digit = CAN.replace("F2301147", "F2301148")
    text = "\n\n".join(
        [CAN, "this is not an MRZ", CHE.lower(), "", bad_digit, "P<UTO" + "é" * 39 + "\n" + "1" * 44]
    )
    code, results, _ = mrz("check", "-", stdin=text + "\n")
    assert code == 0
    assert [r["valid"] for r in results] == [True, False, True, False, False]
    assert all(set(r) == KEYS for r in results)
    first = results[0]
    assert (first["format"], first["document_number"], first["birth_date"], first["sex"]) == (
        "TD3",
        "ZE000509",
        "1985-01-01",
        "F",
    )
    assert results[1]["format"] is None and results[1]["errors"][0]["field"] == "mrz"
    assert results[2]["primary_identifier"] == "SMITH" and results[2]["repaired"]  # lower case normalised
    assert {e["field"] for e in results[3]["errors"]} == {"expiry_date", "composite"}
    assert "cannot appear in an MRZ" in results[4]["errors"][0]["message"]


def test_check_reads_a_file_and_reports_findings(tmp_path: Path) -> None:
    path = tmp_path / "mrz.txt"
    path.write_text(CAN + "\n\n" + CHE + "\n", encoding="utf-8")
    code, results, _ = mrz("check", str(path))
    assert code == 0 and len(results) == 2
    assert {"code": "expired", "message": "document expired on 2023-01-14"} in results[0]["findings"]


def test_check_of_an_empty_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n", encoding="utf-8")
    code, results, _ = mrz("check", str(path))
    assert code == 0 and results[0]["valid"] is False and "empty" in results[0]["errors"][0]["message"]


def test_check_of_a_missing_file_fails_clearly(tmp_path: Path) -> None:
    code, results, err = mrz("check", str(tmp_path / "nope.txt"))
    assert code == 2 and results == [] and "cannot read" in err


def test_make_prints_a_valid_mrz_that_check_accepts() -> None:
    result = runner.invoke(
        app,
        ["mrz", "make", "--format", "TD3", "--surname", "عبدالرحيم", "--given-names", "محمود",
         "--document-number", "A2222222", "--issuing-state", "JOR", "--birth-date", "1971-08-21",
         "--sex", "M", "--expiry-date", "2031-01-01"],
    )  # fmt: skip
    assert result.exit_code == 0
    text = result.stdout.strip()
    assert text.splitlines()[0] == "P<JOREBDALRXHYM<<MXHMWD<<<<<<<<<<<<<<<<<<<<<"
    code, results, _ = mrz("check", "-", stdin=text)
    assert code == 0
    assert results[0]["valid"] is True and results[0]["birth_date"] == "1971-08-21"


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "TD9", "--surname", "A"],
        ["--format", "TD3", "--surname", "A", "--birth-date", "21/08/1971"],
        ["--format", "TD3", "--surname", "A", "--sex", "Q"],
    ],
)
def test_make_rejects_unusable_fields(args: list[str]) -> None:
    result = runner.invoke(app, ["mrz", "make", *args])
    assert result.exit_code == 2


def test_read_gives_one_line_per_image_even_for_bad_files(tmp_path: Path) -> None:
    not_image = tmp_path / "notes.jpg"
    not_image.write_text("hello", encoding="utf-8")
    code, results, _ = mrz("read", str(not_image), str(tmp_path / "missing.png"))
    assert code == 0 and len(results) == 2
    assert all(r["valid"] is False and r["lines"] == [] and set(r) == KEYS | {"lines"} for r in results)
    assert "not a readable JPEG or PNG" in results[0]["errors"][0]["message"]
    assert "cannot read the file" in results[1]["errors"][0]["message"]
