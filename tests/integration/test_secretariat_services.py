"""Secretariat use cases on SQLite and PostgreSQL: founding texts, a meeting decision that creates a
commitment, deadlines that follow their event, progress with evidence and the refusals that change
nothing, reminders, the proposal workflow, projects, the capacity registry and the report."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from sqlalchemy import func, select

from hudud.errors import Conflict, Forbidden, InvalidInput, PayloadTooLarge
from hudud.policy import Caller
from hudud.services import identity, reference
from hudud.services import secretariat as sec
from hudud.services import secretariat_capacity as capacity
from hudud.services import secretariat_demo as demo
from hudud.services import secretariat_groups as groups
from hudud.services import secretariat_meetings as meetings
from hudud.services import secretariat_reports as reports
from hudud.services.secretariat_files import FilePolicy, Upload
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.db import engine_for
from hudud.store.secretariat_tables import Attachment, Commitment, ProgressReport, SecEvent
from hudud.store.tables import AuditRecord, CrossingPoint

SYSTEM = Caller(None, via="test")
TODAY = date(2014, 3, 20)
PDF = b"%PDF-1.4\nevidence\n"


@pytest.fixture
def node(database_url) -> UnitOfWork:
    uow = UnitOfWork(engine_for(database_url))
    uow.run(reference.load_reference_data)
    uow.run(demo.seed_founding_texts)
    return uow


@pytest.fixture
def files(tmp_path: Path) -> FilePolicy:
    return FilePolicy(tmp_path / "secretariat" / "files", 1024, frozenset({"pdf", "txt"}))


def _caller(node: UnitOfWork, username: str, country: str, agency: str, role: str) -> Caller:
    user = node.run(
        lambda s: identity.create_user(
            s, SYSTEM, username=username, full_name=username, password="correct horse battery",
            country=country, agency=agency, roles=(role,),
        )
    )  # fmt: skip
    return Caller(identity.principal_of(user), "127.0.0.1", "test")


@pytest.fixture
def people(node: UnitOfWork) -> dict[str, Caller]:
    return {
        "staff": _caller(node, "staff", "SEC", "secretariat", "secretariat_staff"),
        "mar": _caller(node, "focal.mar", "MAR", "border_police", "focal_point"),
        "lby": _caller(node, "focal.lby", "LBY", "border_police", "focal_point"),
        "officer": _caller(node, "officer", "MAR", "border_police", "officer"),
    }


def _count(node: UnitOfWork, model: type, **where: object) -> int:
    query = select(func.count()).select_from(model)
    for key, value in where.items():
        query = query.where(getattr(model, key) == value)
    return int(node.run(lambda s: s.scalar(query)) or 0)


def _by_code(node: UnitOfWork, code: str) -> int:
    return int(node.run(lambda s: s.scalar(select(Commitment.id).where(Commitment.code == code))))


def test_founding_texts_once_with_event_relative_deadlines(node: UnitOfWork, people) -> None:
    assert node.run(demo.seed_founding_texts) == {"events": 0, "commitments": 0}  # idempotent
    rows = {
        t.commitment.code: t for t in node.run(lambda s: sec.list_commitments(s, people["mar"], today=TODAY))
    }
    assert rows["RD-2"].due.on == date(2014, 1, 14) and rows["RD-2"].overdue  # two months after Rabat
    assert rows["RD-4"].due == sec.schedule.Due(date(2014, 12, 31), approximate=True)  # before Egypt 2014
    # When the Egypt conference gets its date, every deadline "before the conference" follows.
    egypt = node.run(lambda s: s.scalar(select(SecEvent.id).where(SecEvent.code == "EGYPT-2014")))
    node.run(lambda s: meetings.set_date(s, people["staff"], egypt, date(2014, 11, 4)))
    moved = node.run(lambda s: sec.get_commitment(s, people["mar"], _by_code(node, "RD-4")))
    tracked = node.run(lambda s: sec.track([moved], sec.event_dates(s), TODAY))[0]
    assert tracked.due == sec.schedule.Due(date(2014, 11, 4))
    with pytest.raises(Forbidden):
        node.run(lambda s: sec.list_commitments(s, people["officer"]))
    # Staff reassign and reword deadlines; a focal point may not; a deadline is a date or an event, not both.
    rd1 = _by_code(node, "RD-1")
    node.run(lambda s: sec.reassign(s, people["staff"], rd1, "MAR"))
    with pytest.raises(Forbidden):
        node.run(lambda s: sec.reassign(s, people["mar"], rd1, "LBY"))
    with pytest.raises(InvalidInput, match="not both"):
        node.run(
            lambda s: sec.set_due(s, people["staff"], rd1, sec.schedule.DueRule(on=TODAY, event_id=egypt))
        )
    node.run(lambda s: sec.set_due(s, people["staff"], rd1, sec.schedule.DueRule(event_id=egypt, months=6)))
    moved = node.run(lambda s: sec.get_commitment(s, people["mar"], rd1))
    assert moved.owner == "MAR"
    assert node.run(lambda s: sec.track([moved], sec.event_dates(s), TODAY))[0].due.on == date(2015, 5, 4)


def test_decision_creates_commitment_and_progress_with_refusals(node: UnitOfWork, people, files) -> None:
    staff, mar, lby = people["staff"], people["mar"], people["lby"]
    event = node.run(
        lambda s: meetings.create_event(
            s, staff,
            meetings.NewEvent(kind="members_meeting", name_en="Members' meeting", name_ar="اجتماع الأعضاء",
                              venue="Tripoli", host="LBY", starts_on=date(2014, 2, 10),
                              participants=(("state", "MAR", ""), ("expert", "UNODC", "A. Expert"))),
        ).id
    )  # fmt: skip
    follow_up = sec.NewCommitment(
        code="TRIP-1", name_en="Share the strategy", name_ar="تقاسم الاستراتيجية", owner="MAR",
        source="decision", due_event_id=event, due_months=1,
    )  # fmt: skip
    with pytest.raises(Forbidden):  # a focal point does not record decisions
        node.run(
            lambda s: meetings.add_decision(s, mar, event, meetings.NewDecision("x", commitment=follow_up))
        )
    decision = node.run(
        lambda s: (
            meetings.add_decision(s, staff, event, meetings.NewDecision("Share it", commitment=follow_up)).id
        )
    )
    commitment = _by_code(node, "TRIP-1")
    assert node.run(lambda s: s.get(Commitment, commitment).decision_id) == decision

    refusals = [
        (lby, [Upload("r.pdf", PDF)], Forbidden, "you represent LBY, this belongs to MAR"),
        (
            mar,
            [Upload("big.pdf", b"%PDF-" + b"0" * 2000)],
            PayloadTooLarge,
            "the limit for an attachment is 1024",
        ),
        (mar, [Upload("tool.exe", b"MZ")], InvalidInput, "files .exe are not accepted"),
        (mar, [Upload("ok.pdf", PDF), Upload("fake.pdf", b"MZ")], InvalidInput, "not really a .pdf"),
    ]
    for caller, given, error, message in refusals:
        with pytest.raises(error, match=message):
            node.run(
                lambda s, c=caller, g=given: sec.report_progress(
                    s, c, files, commitment, percent=50, uploads=g
                )
            )
    assert _count(node, ProgressReport) == 0 and _count(node, Attachment) == 0
    assert node.run(lambda s: s.get(Commitment, commitment).percent) == 0
    assert not files.root.exists() or not any(files.root.rglob("*"))
    assert _count(node, AuditRecord, action="secretariat.progress.report", outcome="denied") == 1

    given = [Upload("C:\\scans\\strategy.pdf", PDF), Upload("notes.txt", "ملاحظات".encode())]
    node.run(
        lambda s: sec.report_progress(s, mar, files, commitment, percent=40, note="drafted", uploads=given)
    )
    row = node.run(lambda s: sec.get_commitment(s, lby, commitment))
    assert (row.status, row.percent) == ("in_progress", 40)
    stored = node.run(lambda s: s.scalars(select(Attachment).order_by(Attachment.id)).all())
    assert [a.filename for a in stored] == ["strategy.pdf", "notes.txt"]
    assert files.path(stored[0].sha256).read_bytes() == PDF  # kept under var_dir, by content
    overdue = node.run(lambda s: sec.overdue(s, lby, today=TODAY))
    assert "TRIP-1" in [t.commitment.code for t in overdue]  # due 10 March 2014, 40% done

    # Reminders: once, then not again within 14 days.
    sent = node.run(lambda s: [t.commitment.code for t in sec.send_reminders(s, staff, TODAY)])
    assert "TRIP-1" in sent and "RD-2" in sent
    assert node.run(lambda s: sec.send_reminders(s, staff, TODAY)) == []
    with pytest.raises(Forbidden):
        node.run(lambda s: sec.send_reminders(s, mar, TODAY))


def test_proposal_from_draft_to_approved(node: UnitOfWork, people) -> None:
    staff, mar, lby = people["staff"], people["mar"], people["lby"]
    security = node.run(lambda s: next(g.id for g in groups.list_groups(s, staff) if g.code == "security"))
    with pytest.raises(Forbidden, match="LBY is not a member"):
        node.run(lambda s: groups.create_proposal(s, lby, security, "Joint patrols", "", "text"))
    node.run(lambda s: groups.add_member(s, staff, security, "state", "LBY"))
    with pytest.raises(Conflict):
        node.run(lambda s: groups.add_member(s, staff, security, "state", "LBY"))
    proposal = node.run(
        lambda s: groups.create_proposal(s, lby, security, "Joint patrols", "دوريات مشتركة", "v1").id
    )
    node.run(lambda s: groups.add_version(s, lby, proposal, "v2 text"))
    node.run(lambda s: groups.comment(s, staff, proposal, "Add a timetable"))
    with pytest.raises(Forbidden):  # Morocco is not in the group
        node.run(lambda s: groups.comment(s, mar, proposal, "Drive-by"))
    with pytest.raises(Conflict, match="cannot be moved by approve"):
        node.run(lambda s: groups.move(s, staff, proposal, "approve"))
    node.run(lambda s: groups.move(s, lby, proposal, "submit_for_review"))
    with pytest.raises(Forbidden, match="only Secretariat staff"):
        node.run(lambda s: groups.move(s, lby, proposal, "approve"))
    approved = node.run(lambda s: groups.move(s, staff, proposal, "approve"))
    assert approved.status == "approved"
    conference = node.run(lambda s: s.get(SecEvent, approved.conference_id).code)
    assert conference == "EGYPT-2014"
    with pytest.raises(Conflict, match="cannot be revised"):
        node.run(lambda s: groups.add_version(s, staff, proposal, "sneaky change"))
    versions = node.run(lambda s: [v.number for v in groups.get_proposal(s, mar, proposal).versions])
    assert versions == [1, 2]


def test_projects_registry_and_gaps(node: UnitOfWork, people) -> None:
    staff, mar, lby = people["staff"], people["mar"], people["lby"]
    project = node.run(
        lambda s: capacity.create_project(
            s, staff,
            capacity.NewProject(code="DOC-READERS", name_en="Document readers", name_ar="قارئات الوثائق",
                                budget=1000, funding=(("EU", 600),), indicators=(("Points equipped", "0", "10"),)),
        ).id
    )  # fmt: skip
    node.run(lambda s: capacity.link_commitment(s, staff, project, _by_code(node, "RD-9")))
    node.run(lambda s: capacity.update_indicator(s, staff, project, 0, "3"))
    with pytest.raises(Forbidden):
        node.run(lambda s: capacity.set_project_status(s, mar, project, "funded"))
    point = node.run(
        lambda s: s.scalar(select(CrossingPoint.id).where(CrossingPoint.code == "MAR-GUERGUERAT"))
    )
    libyan = node.run(lambda s: s.scalar(select(CrossingPoint.id).where(CrossingPoint.code == "LBY-RASJDIR")))
    node.run(lambda s: capacity.record_need(s, mar, "MAR", "document_reader", 5, crossing_point_id=point))
    node.run(
        lambda s: capacity.record_need(s, mar, "MAR", "document_reader", 4, crossing_point_id=point)
    )  # replaces
    node.run(
        lambda s: capacity.record_equipment(s, mar, "MAR", "document_reader", 1, crossing_point_id=point)
    )
    with pytest.raises(Forbidden, match="you represent LBY"):
        node.run(
            lambda s: capacity.record_equipment(s, lby, "MAR", "document_reader", 9, crossing_point_id=point)
        )
    with pytest.raises(InvalidInput, match="not a crossing point of MAR"):
        node.run(lambda s: capacity.record_equipment(s, mar, "MAR", "vehicle", 1, crossing_point_id=libyan))
    offer = node.run(
        lambda s: (
            capacity.record_offer(s, staff, "EU", "MAR", "document_reader", 2, crossing_point_id=point).id
        )
    )
    gap = node.run(lambda s: capacity.registry(s, lby, "MAR").gaps)[0]
    assert (gap.needed, gap.available, gap.pledged, gap.uncovered) == (
        4,
        1,
        0,
        3,
    )  # offered, not yet accepted
    node.run(lambda s: capacity.set_offer_status(s, staff, offer, "accepted"))
    gap = node.run(lambda s: capacity.registry(s, lby, "MAR").gaps)[0]
    assert (gap.pledged, gap.uncovered) == (2, 1)


def test_demo_and_conference_report_pdf(node: UnitOfWork, people, tmp_path: Path) -> None:
    assert node.run(lambda s: demo.load_secretariat_demo(s, tmp_path)) is True
    assert node.run(lambda s: demo.load_secretariat_demo(s, tmp_path)) is False
    built = node.run(lambda s: reports.build(s, people["mar"], TODAY))
    libya = next(r for r in built.rollups.by["owner"] if r.key == "LBY")
    assert (libya.completed, libya.total) == (1, 2)  # RD-2 done, RD-3 pending
    assert _count(node, AuditRecord, action="secretariat.report.read") == 1
    for lang, word in (("en", "Progress report for the ministerial conference"), ("ar", None)):
        pdf = node.run(
            lambda s, lang=lang: reports.render_pdf(
                reports.build(s, people["mar"], TODAY), lang=lang, translate=lambda m: m, format_date=str
            )
        )
        text = extract_text(io.BytesIO(pdf))
        assert "RD-2" in text and "100%" in text
        if word:
            assert word in text
        else:
            assert re.search("[\u0600-\u06ff\ufe70-\ufeff]", text)  # Arabic wording is drawn
