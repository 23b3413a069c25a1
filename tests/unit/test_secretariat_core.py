"""The Secretariat's pure core: deadlines worded against events, overdue and reminders, progress
roll-ups, the proposal workflow, capacity gaps, evidence-file checks and charts. Table-driven,
with the reason for each case."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

from hudud.secretariat import attachments, charts, gaps, progress, schedule, workflow
from hudud.secretariat.founding import COMMITMENTS, EVENTS
from hudud.secretariat.schedule import Due, DueRule, EventDate

RABAT, EGYPT, TRIPOLI_MEETING = 1, 2, 3
EVENTS_KNOWN = {
    RABAT: EventDate(date(2013, 11, 14), 2013),
    EGYPT: EventDate(None, 2014),  # "in Egypt in 2014": only the year is known
    TRIPOLI_MEETING: EventDate(None, None),  # "a members' meeting in Tripoli": nothing known yet
}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (DueRule(on=date(2014, 6, 30)), Due(date(2014, 6, 30))),  # an absolute date stays as it is
        (DueRule(event_id=RABAT, months=2), Due(date(2014, 1, 14))),  # two months after the Declaration
        (DueRule(event_id=RABAT, days=10), Due(date(2013, 11, 24))),  # days after an event
        (DueRule(event_id=RABAT, months=1, before=True), Due(date(2013, 10, 14))),  # a month before
        (DueRule(event_id=EGYPT, before=True), Due(date(2014, 12, 31), approximate=True)),  # year only
        (
            DueRule(event_id=EGYPT, months=3),
            Due(date(2015, 3, 31), approximate=True),
        ),  # after a year-only event
        (DueRule(event_id=TRIPOLI_MEETING), Due(None)),  # the meeting has no date yet
        (DueRule(event_id=99), Due(None)),  # an unknown event gives no deadline, not a crash
        (DueRule(), Due(None)),  # no deadline at all
    ],
)
def test_deadlines_follow_their_event(rule: DueRule, expected: Due) -> None:
    assert schedule.resolve(rule, EVENTS_KNOWN) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2013, 12, 31), 2, date(2014, 2, 28)),  # 31 February does not exist: last day instead
        (date(2012, 1, 31), 1, date(2012, 2, 29)),  # leap year
        (date(2013, 11, 14), 14, date(2015, 1, 14)),  # across a year
        (date(2014, 3, 10), -3, date(2013, 12, 10)),  # backwards
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert schedule.add_months(day, months) == expected


TODAY = date(2014, 3, 1)


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (Due(date(2014, 1, 14)), "in_progress", True),  # past its deadline, not done
        (Due(date(2014, 1, 14)), "completed", False),  # done late is not overdue
        (Due(date(2014, 1, 14)), "cancelled", False),  # cancelled is not chased
        (Due(date(2014, 3, 1)), "not_started", False),  # due today is not late yet
        (Due(None), "not_started", False),  # no deadline, never overdue
    ],
)
def test_overdue(due: Due, status: str, overdue: bool) -> None:
    assert schedule.is_overdue(due, status, TODAY) is overdue


@pytest.mark.parametrize(
    ("due", "reminded_on", "expected"),
    [
        (Due(date(2014, 6, 1)), None, False),  # more than 30 days ahead
        (Due(date(2014, 3, 20)), None, True),  # within 30 days, never reminded
        (Due(date(2014, 1, 14)), date(2014, 2, 25), False),  # reminded 4 days ago
        (Due(date(2014, 1, 14)), date(2014, 2, 10), True),  # reminded 19 days ago and still overdue
    ],
)
def test_reminders(due: Due, reminded_on: date | None, expected: bool) -> None:
    assert schedule.reminder_due(due, "in_progress", reminded_on, TODAY) is expected


def test_rollups_per_owner_group_and_source() -> None:
    late = Due(date(2014, 1, 14))
    facts = [
        progress.Fact(1, "RD-2", "LBY", None, "rabat_declaration", "completed", 100, late),
        progress.Fact(2, "RD-3", "LBY", None, "rabat_declaration", "in_progress", 40, late),
        progress.Fact(3, "RD-4", "SEC", "security", "rabat_declaration", "not_started", 0, Due(None)),
        progress.Fact(4, "X-1", "SEC", "security", "decision", "cancelled", 10, late),
    ]
    built = progress.build(facts, TODAY)
    libya = built.by["owner"][0]
    assert (libya.key, libya.total, libya.completed, libya.overdue, libya.mean_percent) == (
        "LBY",
        2,
        1,
        1,
        70,
    )
    security = built.by["group"][0]
    assert (security.total, security.counted, security.overdue, security.mean_percent) == (2, 1, 0, 0)
    assert [r.key for r in built.by["source"]] == ["decision", "rabat_declaration"]
    assert (built.total.total, built.total.overdue) == (4, 1)  # cancelled counts in the list only


@pytest.mark.parametrize(
    ("status", "action", "expected", "secretariat_only"),
    [
        ("draft", "submit_for_review", "in_review", False),
        ("in_review", "return_to_draft", "draft", False),
        ("in_review", "approve", "approved", True),  # only the Secretariat approves
        ("approved", "submit_to_conference", "submitted", True),
        ("approved", "withdraw", "withdrawn", True),
    ],
)
def test_proposal_moves(status: str, action: str, expected: str, secretariat_only: bool) -> None:
    assert workflow.proposal_move(status, action) == (expected, secretariat_only)


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("draft", "approve"),
        ("approved", "submit_for_review"),
        ("submitted", "withdraw"),
        ("draft", "publish"),
    ],
)
def test_bad_proposal_moves(status: str, action: str) -> None:
    with pytest.raises(workflow.BadMove):
        workflow.proposal_move(status, action)


@pytest.mark.parametrize(
    ("current", "percent", "expected"),
    [("not_started", 40, "in_progress"), ("in_progress", 100, "completed"), ("delayed", 50, "delayed"),
     ("completed", 80, "in_progress"), ("cancelled", 100, "cancelled"), ("not_started", 0, "not_started")],
)  # fmt: skip
def test_status_after_progress(current: str, percent: int, expected: str) -> None:
    assert workflow.status_after_progress(current, percent) == expected


def test_gaps_subtract_working_equipment_and_accepted_offers() -> None:
    needs = [gaps.Item("NER", "NER-ASSAMAKA", "document_reader", 6), gaps.Item("MLI", None, "power", 2)]
    working = [gaps.Item("NER", "NER-ASSAMAKA", "document_reader", 1), gaps.Item("MAR", None, "vehicle", 9)]
    pledged = [gaps.Item("NER", "NER-ASSAMAKA", "document_reader", 3)]
    found = gaps.gaps(needs, working, pledged)
    assert [(g.country, g.uncovered, g.covered_percent) for g in found] == [("MLI", 2, 0), ("NER", 2, 67)]


PDF = b"%PDF-1.7\n..."
ALLOWED = frozenset({"pdf", "png", "txt"})


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("report.exe", b"MZ\x90", "forbidden_type"),  # not an allowed type
        ("README", b"text", "forbidden_type"),  # no extension at all
        ("scan.pdf", b"%PDF-" + b"0" * 100, "too_large"),  # over the limit
        ("photo.png", PDF, "content_mismatch"),  # a PDF renamed .png
        ("virus.pdf", b"MZ\x90\x00", "content_mismatch"),  # an executable renamed .pdf
        ("notes.txt", b"\xff\xfe\x00bad", "content_mismatch"),  # not UTF-8 text
        ("empty.pdf", b"", "empty"),
    ],
)
def test_refused_files(name: str, content: bytes, reason: str) -> None:
    with pytest.raises(attachments.Refused) as refused:
        attachments.check(name, content, max_bytes=64, allowed=ALLOWED)
    assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\a\\تقرير.pdf", "تقرير.pdf"),
        (".hidden.txt", "hidden.txt"),
    ],
)
def test_accepted_files_keep_only_a_clean_name(name: str, clean: str) -> None:
    content = PDF if clean.endswith(".pdf") else "ملاحظات".encode()
    accepted = attachments.check(name, content, max_bytes=1000, allowed=ALLOWED)
    assert accepted.filename == clean


def test_charts_are_plain_svg_with_escaped_labels() -> None:
    svg = charts.progress_svg([charts.Bar("<b>Libya</b>", 140, "2 overdue")], "Progress")
    assert svg.startswith("<svg") and "&lt;b&gt;Libya&lt;/b&gt;" in svg and "<script" not in svg
    assert 'width="300"' in svg  # a percentage over 100 is drawn as full, not wider
    stacked = charts.status_svg({"completed": 1, "not_started": 3}, {"completed": "Completed"}, "By status")
    assert "Completed (1)" in re.sub(r"<[^>]+>", "", stacked)  # the count is an isolated LTR run


def test_founding_texts_are_consistent() -> None:
    events = {e.code for e in EVENTS}
    codes = [c.code for c in COMMITMENTS]
    assert len(codes) == len(set(codes))
    assert all(c.due_event in events for c in COMMITMENTS if c.due_event)
    rabat = next(e for e in EVENTS if e.code == "RABAT-2013")
    assert rabat.starts_on == date(2013, 11, 14)
    libya = next(c for c in COMMITMENTS if c.code == "RD-2")
    assert (libya.owner, libya.due_event, libya.due_months) == ("LBY", "RABAT-2013", 2)
    assert {c.group for c in COMMITMENTS if c.group} == {"security", "intelligence", "customs", "justice"}


def test_the_core_imports_no_io() -> None:
    forbidden = ("sqlalchemy", "fastapi", "starlette", "httpx", "hudud.store", "hudud.services", "hudud.web")
    root = Path(__file__).resolve().parents[2] / "src" / "hudud" / "secretariat"
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in forbidden or n.startswith(forbidden)
            ]
    assert offenders == []


@pytest.mark.parametrize(
    ("value", "ok"),
    [("pdf, PNG,.jpg", True), ("pdf,exe", False), ("", False)],  # unknown or no types stop start-up
)
def test_attachment_types_setting(value: str, ok: bool) -> None:
    from hudud.errors import ConfigurationError
    from hudud.settings import load_settings

    if ok:
        assert load_settings(secretariat_attachment_types=value).secretariat_attachment_types == "pdf,png,jpg"
    else:
        with pytest.raises(ConfigurationError, match="HUDUD_SECRETARIAT_ATTACHMENT_TYPES"):
            load_settings(secretariat_attachment_types=value)
