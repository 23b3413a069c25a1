"""The ``hudud screen`` batch contract, exactly as other tools rely on it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from hudud.cli import app

runner = CliRunner()
RESULT_KEYS = {"id", "score", "match", "explanation"}


def screen(*args: str) -> tuple[int, list[dict[str, object]], str]:
    result = runner.invoke(app, ["screen", *args])
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_csv_queries_against_the_un_list(shared_data: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name,birth_date,nationality,gender,document_number\n"
        "q1,محمد بن بلقاسم بن عبد الله العوادي,1974-12-11,TN,M,\n"  # Arabic script
        "q2,Mohamed Aouadi,1974,TUN,,\n"  # passport-length Latin name
        "q3,,1970,,,\n"  # bad record: no name
        "q4,Mohamed Ben Salah,1990-01-01,FR,M,\n",  # namesake-ish, nobody listed
        encoding="utf-8",
    )
    un = shared_data / "un" / "consolidated_2026-02-27.xml"
    code, lines, stderr = screen("--list", str(un), "--queries", str(queries), "--limit", "3")
    assert code == 0
    assert [line["query_id"] for line in lines] == ["q1", "q2", "q4"]  # input order, bad record left out
    assert "line 4" in stderr and "empty name" in stderr  # reported with its line number
    for line in lines:
        assert set(line) == {"query_id", "results"}
        results = line["results"]
        assert isinstance(results, list) and len(results) <= 3
        assert all(set(r) == RESULT_KEYS for r in results)
        scores = [r["score"] for r in results]
        assert scores == sorted(scores, reverse=True)  # best first
    assert lines[0]["results"][0]["id"] == "QDi.060" and lines[0]["results"][0]["match"] is True
    assert lines[1]["results"][0]["id"] == "QDi.060" and lines[1]["results"][0]["match"] is True
    assert not any(r["match"] for r in lines[2]["results"])


def test_ftm_queries_threshold_and_output_file(shared_data: Path, tmp_path: Path) -> None:
    queries = tmp_path / "q.jsonl"
    person = {
        "id": "p1",
        "schema": "Person",
        "properties": {"name": ["Mohamed Aouadi"], "birthDate": ["1974-12-11"], "nationality": ["tn"]},
    }
    queries.write_text(json.dumps(person) + "\n{broken\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    un = shared_data / "un" / "consolidated_2026-02-27.xml"
    result = runner.invoke(
        app,
        ["screen", "--list", str(un), "--queries", str(queries), "--threshold", "0.99", "--limit", "1",
         "--output", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1 and lines[0]["query_id"] == "p1"
    top = lines[0]["results"][0]
    assert top["id"] == "QDi.060" and top["match"] is (top["score"] >= 0.99)
    assert "line 2" in result.stderr


def test_missing_list_is_a_clear_error(tmp_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_text("id,name,birth_date,nationality,gender,document_number\nq1,A B,,,,\n")
    code, lines, stderr = screen("--list", str(tmp_path / "nope.xml"), "--queries", str(queries))
    assert code == 2 and lines == [] and "not found" in stderr
