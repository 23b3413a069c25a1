"""The training centre's pure rules: verification codes, seats and resits, scenario generation checked
against the real MRZ and screening code, marking with feedback, report tallies, and the certificate
PDF (Arabic shaped right to left, QR code of the verification address)."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from hudud.training import codes, marking, reports, rules, scenarios
from tests.e2e.test_training_browser import assert_arabic_name_right_to_left

TODAY = date(2026, 11, 28)
WRONG = next(c for c in codes.ALPHABET if c != codes.check_character("ABCDEFGH"))
INTENT = {
    "valid": set(),
    "check_digit": {"mrz"},
    "altered_date": {"mrz"},
    "listed": {"listed"},
    "stolen": {"stolen"},
    "overstay": {"overstay"},
}


def test_training_core_imports_no_io() -> None:
    folder = Path(__file__).resolve().parents[2] / "src" / "hudud" / "training"
    bad = ("sqlalchemy", "fastapi", "hudud.store", "hudud.services", "hudud.web", "httpx", "fpdf", "openpyxl")
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.startswith(bad)], path.name


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("RTC-ABCD-EFGH-", "codes look like"),  # check character missing
        ("hello", "codes look like"),
        ("RTC-ABCD-EFGH-" + WRONG, "check character does not match"),  # a made-up check character
        ("RTC-ABCD-EFHG-" + codes.check_character("ABCDEFGH"), "check character"),  # swapped pair
    ],
)
def test_bad_codes_are_refused_with_the_reason(typed: str, problem: str) -> None:
    with pytest.raises(codes.BadCode, match=problem):
        codes.normalise_code(typed)


def test_codes_survive_retyping() -> None:
    code = codes.make_code("0K3M9QX2")
    assert codes.normalise_code(code.lower().replace("-", " ")) == code
    assert codes.normalise_code(code.replace("0", "O")) == code  # Crockford: O read as zero


@pytest.mark.parametrize(
    ("holding", "seats", "status"),
    [(0, 2, "pending"), (1, 2, "pending"), (2, 2, "waitlisted"), (0, 0, "waitlisted")],
)
def test_nominations_beyond_seats_wait(holding: int, seats: int, status: str) -> None:
    assert rules.status_for_new_nomination(holding, seats) == status


def test_resits_and_certificate_conditions() -> None:
    failed = rules.Sitting(1, 50, False)
    assert rules.next_attempt([], 2) == 1
    assert rules.next_attempt([failed], 2) == 2
    with pytest.raises(ValueError, match="all 2 attempts"):
        rules.next_attempt([failed, rules.Sitting(2, 60, False)], 2)
    with pytest.raises(ValueError, match="already passed"):
        rules.next_attempt([rules.Sitting(1, 90, True)], 2)
    assert (
        rules.certificate_problem(passed=True, attendance_percent=80, min_attendance=80, status="approved")
        is None
    )
    assert "below" in str(
        rules.certificate_problem(passed=True, attendance_percent=79, min_attendance=80, status="approved")
    )
    assert rules.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap-year end of month
    assert rules.certificate_status("valid", date(2026, 1, 1), date(2026, 1, 2)) == "expired"
    assert rules.reminder_due(date(2026, 3, 1), None, date(2026, 1, 1), 90)
    assert not rules.reminder_due(date(2026, 3, 1), date(2026, 1, 1), date(2026, 1, 2), 90)  # once only


@pytest.mark.parametrize("seed", range(40))
def test_generated_scenarios_are_what_the_real_code_finds(seed: int) -> None:
    sandbox, generated = scenarios.generate(seed, TODAY)
    screener = marking.screener_for(sandbox)
    assert sorted(s.kind for s in generated) == sorted(scenarios.KINDS)
    for scenario in generated:
        assert set(marking.analyse(scenario, screener).issues) == INTENT[scenario.kind], scenario
        assert scenarios.Scenario.from_dict(scenario.to_dict()) == scenario
    assert scenarios.Sandbox.from_dict(sandbox.to_dict()) == sandbox


def test_marking_explains_what_was_missed() -> None:
    sandbox, generated = scenarios.generate(3, TODAY)
    altered = next(s for s in generated if s.kind == "altered_date")
    truth = marking.analyse(altered, marking.screener_for(sandbox))
    assert "expiry date" in truth.issues["mrz"]  # the real parser names the altered field
    missed = marking.mark(altered.id, truth, "admit", ["overstay"])
    assert missed.score == 15 * 2  # wrong decision, mrz missed, overstay wrongly ticked, 2 right
    assert set(missed.missed) == {"mrz"} and missed.false_alarms == ("overstay",)
    right = marking.mark(altered.id, truth, "refer", ["mrz"])
    assert right.score == 100 and not right.missed
    total, marks = marking.mark_exercise(sandbox, generated, {altered.id: ("refer", ["mrz"])})
    assert total == round(100 / len(generated)) and marks[0].scenario_id == generated[0].id


def test_missed_issues_carry_their_structured_form() -> None:
    """Besides the English text, each missed issue keeps its data for pages in other languages."""
    sandbox, generated = scenarios.generate(7, TODAY)
    screener = marking.screener_for(sandbox)
    by_kind = {s.kind: marking.analyse(s, screener) for s in generated}
    listed = by_kind["listed"].details["listed"]
    assert listed["name"] in by_kind["listed"].issues["listed"] and listed["id"].startswith("SBX-")
    assert listed["reasons"] and all("code" in r for r in listed["reasons"])
    assert by_kind["stolen"].details["stolen"]["reasons"][0]["code"].startswith("lost.")
    overstay = by_kind["overstay"].details["overstay"]
    assert overstay["template"] % overstay["values"] == by_kind["overstay"].issues["overstay"]
    errors = by_kind["check_digit"].details["mrz"]["errors"]
    assert "; ".join(e["message"] for e in errors) == by_kind["check_digit"].issues["mrz"]
    assert all(e["line"] and e["column"] for e in errors)
    overstaying = next(s for s in generated if s.kind == "overstay")
    marked = marking.mark(overstaying.id, by_kind["overstay"], "admit", [])
    assert marked.to_dict()["missed_details"] == {"overstay": overstay}
    assert marking.mark(overstaying.id, by_kind["overstay"], "refer", ["overstay"]).missed_details == {}


def test_report_tallies_and_chart() -> None:
    rows = [
        reports.Participation("MAR", "customs", "DOC", 2026, True, True, True, True),
        reports.Participation("MAR", "border_police", "DOC", 2026, True, True, False, False),
        reports.Participation("DZA", "border_police", "RISK", 2025, True, False, False, False),
    ]
    built = reports.build(rows)
    assert [(t.key, t.trained, t.pass_rate) for t in built.by["country"]] == [
        ("DZA", 1, None),
        ("MAR", 2, 50),
    ]
    assert reports.table_rows(built, "year") == [["2025", 1, 0, 0, "", 0], ["2026", 2, 2, 1, 50, 1]]
    svg = reports.bar_chart_svg(built.by["country"], "Trained <per> state", {"MAR": "المغرب"})
    assert svg.startswith("<svg") and "المغرب" in svg and "&lt;per&gt;" in svg


def _certificate():  # type: ignore[no-untyped-def]
    from hudud.store.training_tables import Certificate, Course, Nomination, TrainingSession

    course = Course(code="DOC", name_en="Document fraud detection", name_ar="كشف تزوير الوثائق", name_fr="")
    held = TrainingSession(
        course=course, start_date=date(2026, 3, 2), end_date=date(2026, 3, 4), venue="Rabat"
    )
    nomination = Nomination(session=held, name="Fatima Zahra Benali", name_ar="فاطمة الزهراء بن علي")
    code = codes.make_code("7K3M9QX2")
    return Certificate(
        nomination=nomination, code=code, issued_on=date(2026, 3, 4), expires_on=date(2029, 3, 4)
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_certificate_pdf_draws_the_arabic_name_right_to_left(lang: str) -> None:
    from hudud.services.certificates import render_pdf

    certificate = _certificate()
    pdf = render_pdf(
        certificate, lang=lang, verify_url=f"https://hudud.example/verify/{certificate.code}",
        translate=lambda text: text, format_date=date.isoformat,
    )  # fmt: skip
    assert pdf.startswith(b"%PDF")
    assert_arabic_name_right_to_left(pdf, "فاطمة الزهراء بن علي")
    assert b"/Subtype /Image" in pdf  # the QR code
