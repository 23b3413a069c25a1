"""Seeds the Secretariat's workspace with its founding texts, and demo data for ``make demo``.

``seed_founding_texts`` is real reference content (the conferences, the working groups and the
commitments of the Tripoli Plan of Action and the Rabat Declaration); it is idempotent and safe
in production. ``load_secretariat_demo`` adds illustrative progress, a proposal, a project and a
capacity registry on top; it runs once per database (marker ``secretariat-demo-v1``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.secretariat import founding
from hudud.services import audit
from hudud.services import secretariat as core
from hudud.services import secretariat_capacity as capacity
from hudud.services import secretariat_groups as groups
from hudud.services import secretariat_meetings as meetings
from hudud.services.secretariat_files import FilePolicy, Upload
from hudud.store.secretariat_tables import Commitment, SecEvent
from hudud.store.tables import CrossingPoint, DemoMarker

MARKER = "secretariat-demo-v1"
SYSTEM = Caller(None, via="cli")


def seed_founding_texts(session: Session, caller: Caller = SYSTEM) -> dict[str, int]:
    """Conferences, working groups and founding commitments (only what is missing is added)."""
    by_code = {g.code: g for g in groups.ensure_groups(session)}
    events = {e.code: e for e in session.scalars(select(SecEvent))}
    added = {"events": 0, "commitments": 0}
    for item in founding.EVENTS:
        if item.code in events:
            continue
        events[item.code] = SecEvent(
            code=item.code, kind=item.kind, name_en=item.name_en, name_ar=item.name_ar, name_fr=item.name_fr,
            venue=item.venue, host=item.host, starts_on=item.starts_on, ends_on=item.ends_on, year=item.year,
        )  # fmt: skip
        session.add(events[item.code])
        added["events"] += 1
    session.flush()
    known = set(session.scalars(select(Commitment.code)))
    for c in founding.COMMITMENTS:
        if c.code in known:
            continue
        data = core.NewCommitment(
            code=c.code, name_en=c.name_en, name_ar=c.name_ar, name_fr=c.name_fr, owner=c.owner,
            source=c.source, group_id=by_code[c.group].id if c.group else None,
            due_event_id=events[c.due_event].id if c.due_event else None,
            due_months=c.due_months, due_before=c.due_before,
        )  # fmt: skip
        core.add_commitment(session, caller, data)
        added["commitments"] += 1
    if added["events"]:
        audit.append(session, caller, "secretariat.seed", detail=f"events={added['events']}")
    return added


def load_secretariat_demo(session: Session, var_dir: Path, caller: Caller = SYSTEM) -> bool:
    """Founding texts plus illustrative follow-up; False when it had already run."""
    seed_founding_texts(session, caller)
    if session.scalar(select(DemoMarker).where(DemoMarker.name == MARKER)) is not None:
        return False
    files = FilePolicy(var_dir / "secretariat" / "files", 5 * 1024 * 1024, frozenset({"txt", "pdf"}))
    code = {c.code: c.id for c in session.scalars(select(Commitment))}
    note = Upload("structure-proposal.txt", b"Proposed structure: a coordinator, two officers.\n")
    core.report_progress(
        session, caller, files, code["RD-2"], percent=100, note="Structure proposed", uploads=[note]
    )
    core.report_progress(
        session, caller, files, code["RD-1"], percent=60, note="Premises and curriculum agreed"
    )
    core.report_progress(session, caller, files, code["RD-9"], percent=25)
    by_code = {g.code: g for g in groups.ensure_groups(session)}
    for group, states in (
        ("security", ("LBY", "MAR", "NER")),
        ("customs", ("TUN", "DZA")),
        ("justice", ("EGY",)),
    ):
        for state in states:
            groups.add_member(session, caller, by_code[group].id, "state", state)
    groups.add_member(session, caller, by_code["customs"].id, "organisation", "WCO")
    proposal = groups.create_proposal(
        session, caller, by_code["customs"].id, "Joint customs controls at shared crossing points",
        "رقابة جمركية مشتركة في المعابر الحدودية المشتركة",
        "1. Pilot joint controls at Ras Jedir.\n2. Exchange seizure data monthly.",
    )  # fmt: skip
    groups.comment(session, caller, proposal.id, "Add a timetable for the pilot.")
    project = capacity.create_project(
        session, caller,
        capacity.NewProject(
            code="DOC-READERS", name_en="Document readers at land crossing points",
            name_ar="قارئات الوثائق في المعابر البرية",
            name_fr="Lecteurs de documents aux points de passage terrestres",
            objectives="Every land crossing point of the region reads ICAO machine-readable documents.",
            budget=1_200_000, funding=(("EU", 800_000), ("IOM", 150_000)),
            indicators=(("Land crossing points equipped", "4", "30"),),
        ),
    )  # fmt: skip
    capacity.link_commitment(session, caller, project.id, code["RD-9"])
    points = {p.code: p.id for p in session.scalars(select(CrossingPoint))}
    for country, point, needed, working in (
        ("NER", "NER-ASSAMAKA", 6, 1),
        ("MLI", "MLI-KOUREMALE", 4, 0),
        ("LBY", "LBY-RASJDIR", 8, 3),
    ):
        capacity.record_need(
            session,
            caller,
            country,
            "document_reader",
            needed,
            crossing_point_id=points.get(point),
            priority="high",
            assessed_on=date(2014, 3, 1),
        )
        if working:
            capacity.record_equipment(
                session,
                caller,
                country,
                "document_reader",
                working,
                crossing_point_id=points.get(point),
                description="Passport readers",
            )
    capacity.record_need(
        session,
        caller,
        "NER",
        "power",
        2,
        crossing_point_id=points.get("NER-ASSAMAKA"),
        note="Solar generators",
    )
    offer = capacity.record_offer(
        session, caller, "EU", "NER", "document_reader", 3, crossing_point_id=points.get("NER-ASSAMAKA")
    )
    capacity.set_offer_status(session, caller, offer.id, "accepted")
    _demo_meeting(session, caller)
    session.add(DemoMarker(name=MARKER))
    session.flush()
    return True


def _demo_meeting(session: Session, caller: Caller) -> None:
    """A recent members' meeting whose decisions give the demo focal point (Mauritania) work due soon."""
    today = date.today()
    event = meetings.create_event(
        session, caller,
        meetings.NewEvent(
            kind="members_meeting", code="DEMO-MEMBERS", name_en="Members' meeting on border equipment",
            name_ar="اجتماع الأعضاء حول معدات الحدود", name_fr="Réunion des membres sur les équipements frontaliers",
            venue="Nouakchott", host="MRT", starts_on=today - timedelta(days=20),
            agenda=("Needs assessments of land crossing points", "Partner offers of document readers"),
            participants=(("state", "MRT", ""), ("state", "MLI", ""), ("organisation", "IOM", "")),
        ),
    )  # fmt: skip
    for code, owner, en, ar, months in (
        ("DEMO-MEMBERS-D1", "MRT", "Submit the needs assessment of Mauritania's land crossing points",
         "تقديم تقييم احتياجات المعابر البرية لموريتانيا", 1),
        ("DEMO-MEMBERS-D2", "MLI", "Report the document readers in service at Kouremalé",
         "الإبلاغ عن قارئات الوثائق العاملة في كوريمالي", 0),
    ):  # fmt: skip
        follow_up = core.NewCommitment(
            code=code, name_en=en, name_ar=ar, owner=owner, source="decision",
            due_event_id=event.id, due_months=months, due_days=10,
        )  # fmt: skip
        meetings.add_decision(session, caller, event.id, meetings.NewDecision(en, ar, commitment=follow_up))
