"""Meetings and conferences: ministerial conferences, members' meetings and working-group meetings,
with participants (states, organisations, experts), agenda, documents and numbered decisions.

A decision may create a commitment in the same step, so the record of who decided what and the
item that follows it up are written together (one transaction, two audit records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, InvalidInput, NotFound
from hudud.policy import Caller
from hudud.secretariat import workflow
from hudud.services import audit
from hudud.services import secretariat as core
from hudud.services.secretariat_files import FilePolicy, Upload, attached, check_all, store
from hudud.store.secretariat_tables import Attachment, Commitment, Decision, SecEvent, WorkingGroup


@dataclass(frozen=True)
class NewEvent:
    kind: str
    name_en: str
    name_ar: str
    name_fr: str = ""
    code: str = ""
    venue: str = ""
    host: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    year: int | None = None
    group_id: int | None = None
    agenda: tuple[str, ...] = ()
    participants: tuple[tuple[str, str, str], ...] = field(default=())  # (kind, party, name)


def _participants(session: Session, rows: tuple[tuple[str, str, str], ...]) -> list[dict[str, str]]:
    people = []
    for kind, code, name in rows:
        core.choice(kind, workflow.MEMBER_KINDS, "participant kind")
        entry = {
            "kind": kind,
            "party": core.party(session, code, "participant") if code else "",
            "name": name.strip(),
        }
        if not entry["party"] and not entry["name"]:
            raise InvalidInput(
                N_("a participant is a state, an organisation or a named expert"), field="participants"
            )
        people.append(entry)
    return people


def create_event(session: Session, caller: Caller, data: NewEvent) -> SecEvent:
    core.require_edit(caller, "secretariat.meeting.create")
    core.choice(data.kind, workflow.EVENT_KINDS, "kind")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise InvalidInput(N_("the meeting ends before it starts"), field="ends_on")
    if data.group_id is not None and session.get(WorkingGroup, data.group_id) is None:
        raise InvalidInput(N_("no such working group"), field="group_id")
    code = core.text(data.code, "code", required=False, limit=32).upper()
    if not code:
        count = session.scalar(select(func.count()).select_from(SecEvent)) or 0
        code = f"MTG-{count + 1:03d}"
    if session.scalar(select(SecEvent.id).where(SecEvent.code == code)) is not None:
        raise Conflict(
            N_("a meeting with the code %(code)s already exists"), values={"code": code}, field="code"
        )
    row = SecEvent(
        code=code,
        kind=data.kind,
        name_en=core.text(data.name_en, "name_en", limit=300),
        name_ar=core.text(data.name_ar, "name_ar", limit=300),
        name_fr=core.text(data.name_fr, "name_fr", required=False, limit=300),
        venue=core.text(data.venue, "venue", required=False, limit=200),
        host=core.party(session, data.host, "host") if data.host else None,
        starts_on=data.starts_on,
        ends_on=data.ends_on or data.starts_on,
        year=data.year or (data.starts_on.year if data.starts_on else None),
        group_id=data.group_id,
        agenda=[core.text(item, "agenda item", limit=500) for item in data.agenda if item.strip()],
        participants=_participants(session, data.participants),
    )
    session.add(row)
    session.flush()
    audit.append(session, caller, "secretariat.meeting.create", record_type="meeting", record_id=row.id)
    return row


def get_event(session: Session, caller: Caller, event_id: int) -> SecEvent:
    core.require_read(caller, "secretariat.meeting.read")
    row = session.get(SecEvent, event_id)
    if row is None:
        raise NotFound(N_("no such meeting or conference"))
    return row


def list_events(session: Session, caller: Caller, kind: str | None = None) -> list[SecEvent]:
    core.require_read(caller, "secretariat.meeting.list")
    query = select(SecEvent).order_by(
        SecEvent.year.desc().nulls_last(), SecEvent.starts_on.desc(), SecEvent.id
    )
    if kind:
        query = query.where(SecEvent.kind == kind)
    return list(session.scalars(query))


def set_date(
    session: Session, caller: Caller, event_id: int, starts_on: date | None, ends_on: date | None = None
) -> SecEvent:
    """Fix (or change) an event's date; deadlines relative to it follow."""
    core.require_edit(caller, "secretariat.meeting.date", "meeting", event_id)
    row = get_event(session, caller, event_id)
    row.starts_on, row.ends_on = starts_on, ends_on or starts_on
    if starts_on:
        row.year = starts_on.year
    audit.append(session, caller, "secretariat.meeting.date", record_type="meeting", record_id=row.id)
    return row


def add_participant(
    session: Session, caller: Caller, event_id: int, kind: str, code: str, name: str
) -> SecEvent:
    core.require_edit(caller, "secretariat.meeting.participant", "meeting", event_id)
    row = get_event(session, caller, event_id)
    row.participants = [*row.participants, *_participants(session, ((kind, code, name),))]
    audit.append(session, caller, "secretariat.meeting.participant", record_type="meeting", record_id=row.id)
    return row


def add_agenda_item(session: Session, caller: Caller, event_id: int, item: str) -> SecEvent:
    core.require_edit(caller, "secretariat.meeting.agenda", "meeting", event_id)
    row = get_event(session, caller, event_id)
    row.agenda = [*row.agenda, core.text(item, "agenda item", limit=500)]
    audit.append(session, caller, "secretariat.meeting.agenda", record_type="meeting", record_id=row.id)
    return row


def add_documents(
    session: Session, caller: Caller, files: FilePolicy, event_id: int, uploads: list[Upload]
) -> list[Attachment]:
    core.require_edit(caller, "secretariat.meeting.document", "meeting", event_id)
    row = get_event(session, caller, event_id)
    uploads = [u for u in uploads if u.filename or u.content]
    if not uploads:
        raise InvalidInput(N_("choose a file to add"), field="file")
    stored = store(session, caller, files, "event", row.id, uploads, check_all(files, uploads))
    audit.append(session, caller, "secretariat.meeting.document", record_type="meeting", record_id=row.id)
    return stored


def documents(session: Session, event: SecEvent) -> list[Attachment]:
    return attached(session, "event", [event.id])[event.id]


@dataclass(frozen=True)
class NewDecision:
    text_en: str
    text_ar: str = ""
    text_fr: str = ""
    commitment: core.NewCommitment | None = None  # the commitment the decision creates, if any


def add_decision(session: Session, caller: Caller, event_id: int, data: NewDecision) -> Decision:
    """Record the next numbered decision; when it asks for follow-up, create the commitment too."""
    core.require_edit(caller, "secretariat.decision.create", "meeting", event_id)
    event = get_event(session, caller, event_id)
    number = (session.scalar(select(func.max(Decision.number)).where(Decision.event_id == event.id)) or 0) + 1
    decision = Decision(
        event_id=event.id,
        number=number,
        text_en=core.text(data.text_en, "text_en", limit=4000),
        text_ar=core.text(data.text_ar, "text_ar", required=False, limit=4000),
        text_fr=core.text(data.text_fr, "text_fr", required=False, limit=4000),
    )
    session.add(decision)
    session.flush()
    audit.append(
        session, caller, "secretariat.decision.create", record_type="decision", record_id=decision.id
    )
    if data.commitment is not None:
        core.add_commitment(session, caller, data.commitment, decision_id=decision.id)
    session.refresh(event)
    return decision


def commitments_of(session: Session, event: SecEvent) -> dict[int, list[Commitment]]:
    """Commitments created by each decision of ``event``."""
    ids = [d.id for d in event.decisions]
    found: dict[int, list[Commitment]] = {i: [] for i in ids}
    if ids:
        for row in session.scalars(select(Commitment).where(Commitment.decision_id.in_(ids))):
            if row.decision_id is not None:
                found[row.decision_id].append(row)
    return found


def next_code(session: Session, event: SecEvent) -> str:
    """A commitment code for a decision of ``event`` (e.g. MTG-004-D2)."""
    number = (session.scalar(select(func.max(Decision.number)).where(Decision.event_id == event.id)) or 0) + 1
    return f"{event.code}-D{number}"
