"""Secretariat use cases: commitments of the Tripoli Plan of Action, the Rabat Declaration and
meeting decisions; progress reports with evidence; overdue commitments and reminders.

Meetings live in ``secretariat_meetings``, working groups and proposals in ``secretariat_groups``,
projects and the capacity registry in ``secretariat_capacity``, reports in ``secretariat_reports``.

Who may do what: Secretariat staff (``secretariat.edit``) edit everything; a state's focal point
(``secretariat.report``) reports progress on the commitments its own state owns, and nothing else;
every holder of ``secretariat.read`` (staff, focal points, liaison officers) reads. Every change and
every refusal is audit-logged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.secretariat import schedule, workflow
from hudud.services import audit
from hudud.services.secretariat_files import FilePolicy, Upload, attached, check_all, store
from hudud.store.secretariat_tables import Attachment, Commitment, ProgressReport, SecEvent
from hudud.store.tables import Party, utcnow

# ----- access ------------------------------------------------------------------------------------


def require_read(caller: Caller, action: str) -> None:
    if not (caller.can(Permission.SECRETARIAT_READ) or caller.can(Permission.SECRETARIAT_EDIT)):
        raise Forbidden(N_("the Secretariat's workspace is for member states' focal points and staff")).then(
            audit.denial(caller, action)
        )


def require_edit(
    caller: Caller, action: str, record_type: str | None = None, record_id: object = None
) -> None:
    if not caller.can(Permission.SECRETARIAT_EDIT):
        raise Forbidden(N_("only Secretariat staff may do this")).then(
            audit.denial(caller, action, record_type, record_id)
        )


# one sentence per kind of record, so that each reads whole in the catalogs
OWN_STATE_ONLY = {
    "commitments": N_(
        "focal points act on their own state's commitments only: you represent %(own)s, this belongs to %(country)s"
    ),
    "registry": N_(
        "focal points act on their own state's registry only: you represent %(own)s, this belongs to %(country)s"
    ),
}


def require_own_state(
    caller: Caller, country: str, action: str, record_type: str, record_id: object, what: str
) -> None:
    """Staff may act for anyone; a focal point only for their own state's ``what``."""
    if caller.can(Permission.SECRETARIAT_EDIT):
        return
    if caller.can(Permission.SECRETARIAT_REPORT) and caller.country == country:
        return
    if caller.can(Permission.SECRETARIAT_REPORT):
        refusal = Forbidden(OWN_STATE_ONLY[what], values={"own": caller.country, "country": country})
    else:
        refusal = Forbidden(
            N_("only Secretariat staff and the focal point of %(country)s may do this"),
            values={"country": country},
        )
    raise refusal.then(audit.denial(caller, action, record_type, record_id))


def text(value: str | None, what: str, *, required: bool = True, limit: int = 2000) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(N_("%(what)s is required"), values={"what": what}, field=what)
    if len(value) > limit:
        raise InvalidInput(
            N_("%(what)s has more than %(limit)s characters"),
            values={"what": what, "limit": limit},
            field=what,
        )
    return value


def party(session: Session, code: str | None, what: str) -> str:
    code = (code or "").strip().upper()
    if not code or session.get(Party, code) is None:
        raise InvalidInput(
            N_("%(what)s: unknown state or organisation %(code)s"),
            values={"what": what, "code": repr(code)},
            field=what,
        )
    return code


def choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(
            N_("%(what)s must be one of %(allowed)s"),
            values={"what": what, "allowed": ", ".join(allowed)},
            field=what,
        )
    return value


# ----- due dates ---------------------------------------------------------------------------------


def event_dates(session: Session) -> dict[int, schedule.EventDate]:
    rows = session.execute(select(SecEvent.id, SecEvent.starts_on, SecEvent.year))
    return {i: schedule.EventDate(on, year) for i, on, year in rows}


def rule_of(commitment: Commitment) -> schedule.DueRule:
    return schedule.DueRule(
        on=commitment.due_on,
        event_id=commitment.due_event_id,
        months=commitment.due_months,
        days=commitment.due_days,
        before=commitment.due_before,
    )


@dataclass(frozen=True)
class Tracked:
    """A commitment with its computed deadline, as pages and reports show it."""

    commitment: Commitment
    due: schedule.Due
    overdue: bool
    days_late: int


def track(commitments: list[Commitment], events: dict[int, schedule.EventDate], today: date) -> list[Tracked]:
    out = []
    for c in commitments:
        due = schedule.resolve(rule_of(c), events)
        late = schedule.is_overdue(due, c.status, today)
        out.append(Tracked(c, due, late, schedule.days_late(due, today) if late else 0))
    return out


# ----- commitments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCommitment:
    code: str
    name_en: str
    name_ar: str
    owner: str
    source: str = "secretariat"
    name_fr: str = ""
    due_on: date | None = None
    due_event_id: int | None = None
    due_months: int = 0
    due_days: int = 0
    due_before: bool = False
    group_id: int | None = None
    project_id: int | None = None


def add_commitment(
    session: Session, caller: Caller, data: NewCommitment, decision_id: int | None = None
) -> Commitment:
    """Create a commitment (staff only); the caller has authorised already when coming from a decision."""
    require_edit(caller, "secretariat.commitment.create")
    code = text(data.code, "code", limit=32).upper()
    if session.scalar(select(Commitment.id).where(Commitment.code == code)) is not None:
        raise Conflict(
            N_("a commitment with the code %(code)s already exists"), values={"code": code}, field="code"
        )
    if data.due_on is not None and data.due_event_id is not None:
        raise InvalidInput(
            N_("give either a due date or an event the deadline is relative to, not both"), field="due"
        )
    if data.due_event_id is not None and session.get(SecEvent, data.due_event_id) is None:
        raise InvalidInput(N_("the event of the deadline does not exist"), field="due_event_id")
    if not (0 <= data.due_months <= 120 and 0 <= data.due_days <= 3650):
        raise InvalidInput(
            N_("a relative deadline is 0-120 months and 0-3650 days from its event"), field="due"
        )
    row = Commitment(
        code=code,
        source=choice(data.source, workflow.SOURCES, "source"),
        name_en=text(data.name_en, "name_en"),
        name_ar=text(data.name_ar, "name_ar"),
        name_fr=text(data.name_fr, "name_fr", required=False),
        owner=party(session, data.owner, "owner"),
        decision_id=decision_id,
        group_id=data.group_id,
        project_id=data.project_id,
        due_on=data.due_on,
        due_event_id=data.due_event_id,
        due_months=data.due_months,
        due_days=data.due_days,
        due_before=data.due_before,
    )
    session.add(row)
    session.flush()
    audit.append(session, caller, "secretariat.commitment.create", record_type="commitment", record_id=row.id)
    return row


def get_commitment(session: Session, caller: Caller, commitment_id: int) -> Commitment:
    require_read(caller, "secretariat.commitment.read")
    row = session.get(Commitment, commitment_id)
    if row is None:
        raise NotFound(N_("no such commitment"))
    return row


def list_commitments(
    session: Session,
    caller: Caller,
    *,
    owner: str | None = None,
    status: str | None = None,
    source: str | None = None,
    overdue_only: bool = False,
    today: date | None = None,
) -> list[Tracked]:
    require_read(caller, "secretariat.commitment.list")
    query = select(Commitment).order_by(Commitment.code)
    if owner:
        query = query.where(Commitment.owner == owner)
    if status:
        query = query.where(Commitment.status == status)
    if source:
        query = query.where(Commitment.source == source)
    rows = track(list(session.scalars(query)), event_dates(session), today or date.today())
    if overdue_only:
        rows = sorted((t for t in rows if t.overdue), key=lambda t: (-t.days_late, t.commitment.code))
    return rows


def set_status(session: Session, caller: Caller, commitment_id: int, status: str) -> Commitment:
    """Staff set a status by hand (e.g. delayed, cancelled); progress reports set it otherwise."""
    require_edit(caller, "secretariat.commitment.status", "commitment", commitment_id)
    row = get_commitment(session, caller, commitment_id)
    row.status = choice(status, workflow.COMMITMENT_STATUSES, "status")
    row.updated_at = utcnow()
    audit.append(
        session,
        caller,
        "secretariat.commitment.status",
        record_type="commitment",
        record_id=row.id,
        detail=status,
    )
    return row


def set_due(session: Session, caller: Caller, commitment_id: int, rule: schedule.DueRule) -> Commitment:
    """Reword the deadline: a date, or months/days before or after an event."""
    require_edit(caller, "secretariat.commitment.due", "commitment", commitment_id)
    row = get_commitment(session, caller, commitment_id)
    if rule.on is not None and rule.event_id is not None:
        raise InvalidInput(
            N_("give either a due date or an event the deadline is relative to, not both"), field="due"
        )
    if rule.event_id is not None and session.get(SecEvent, rule.event_id) is None:
        raise InvalidInput(N_("the event of the deadline does not exist"), field="due_event_id")
    if not (0 <= rule.months <= 120 and 0 <= rule.days <= 3650):
        raise InvalidInput(
            N_("a relative deadline is 0-120 months and 0-3650 days from its event"), field="due"
        )
    row.due_on, row.due_event_id = rule.on, rule.event_id
    row.due_months, row.due_days, row.due_before = rule.months, rule.days, rule.before
    audit.append(session, caller, "secretariat.commitment.due", record_type="commitment", record_id=row.id)
    return row


def reassign(session: Session, caller: Caller, commitment_id: int, owner: str) -> Commitment:
    """Give the commitment to another state or organisation (e.g. when a state takes an item on)."""
    require_edit(caller, "secretariat.commitment.owner", "commitment", commitment_id)
    row = get_commitment(session, caller, commitment_id)
    before, row.owner = row.owner, party(session, owner, "owner")
    row.updated_at = utcnow()
    audit.append(
        session, caller, "secretariat.commitment.owner", record_type="commitment", record_id=row.id,
        detail=f"{before}->{row.owner}",
    )  # fmt: skip
    return row


# ----- progress ----------------------------------------------------------------------------------


def report_progress(
    session: Session,
    caller: Caller,
    files: FilePolicy,
    commitment_id: int,
    *,
    percent: int,
    note: str = "",
    uploads: list[Upload] | None = None,
) -> ProgressReport:
    """Record progress (0-100%) with evidence; a focal point only on their own state's commitments.

    Everything is checked before anything is written: a refused attachment leaves no report."""
    action = "secretariat.progress.report"
    row = session.get(Commitment, commitment_id)
    if row is None:
        raise NotFound(N_("no such commitment")).then(
            audit.denial(caller, action, "commitment", commitment_id)
        )
    require_own_state(caller, row.owner, action, "commitment", commitment_id, "commitments")
    if row.status == "cancelled":
        raise Conflict(
            N_("%(code)s is cancelled; progress is no longer reported on it"), values={"code": row.code}
        )
    if not 0 <= percent <= 100:
        raise InvalidInput(N_("progress is a percentage from 0 to 100"), field="percent")
    uploads = [u for u in uploads or [] if u.filename or u.content]
    checked = check_all(files, uploads)
    row.percent = percent
    row.status = workflow.status_after_progress(row.status, percent)
    row.updated_at = utcnow()
    report = ProgressReport(
        commitment_id=row.id,
        percent=percent,
        status=row.status,
        note=text(note, "note", required=False, limit=4000),
        reported_by=caller.name,
        country=caller.country,
    )
    session.add(report)
    session.flush()
    store(session, caller, files, "progress", report.id, uploads, checked)
    audit.append(
        session,
        caller,
        action,
        record_type="commitment",
        record_id=row.id,
        detail=f"report={report.id} percent={percent}",
    )
    return report


def evidence(session: Session, commitment: Commitment) -> dict[int, list[Attachment]]:
    return attached(session, "progress", [r.id for r in commitment.reports])


def readable_attachment(session: Session, caller: Caller, attachment_id: int) -> Attachment:
    require_read(caller, "secretariat.attachment.read")
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFound(N_("no such attachment")).then(
            audit.denial(caller, "secretariat.attachment.read", "attachment", attachment_id)
        )
    audit.append(session, caller, "secretariat.attachment.read", record_type="attachment", record_id=row.id)
    return row


# ----- overdue and reminders ---------------------------------------------------------------------


def overdue(session: Session, caller: Caller, today: date | None = None) -> list[Tracked]:
    """Commitments past their deadline, most late first."""
    return list_commitments(session, caller, overdue_only=True, today=today)


def due_reminders(session: Session, caller: Caller, today: date | None = None) -> list[Tracked]:
    today = today or date.today()
    rows = list_commitments(session, caller, today=today)
    return [
        t for t in rows if schedule.reminder_due(t.due, t.commitment.status, t.commitment.reminded_on, today)
    ]


def send_reminders(session: Session, caller: Caller, today: date | None = None) -> list[Tracked]:
    """Mark reminders as sent; each owner's focal point sees them on their dashboard."""
    require_edit(caller, "secretariat.reminders")
    today = today or date.today()
    due = due_reminders(session, caller, today)
    for tracked in due:
        tracked.commitment.reminded_on = today
        audit.append(
            session,
            caller,
            "secretariat.commitment.remind",
            record_type="commitment",
            record_id=tracked.commitment.id,
        )
    return due


def my_reminders(session: Session, caller: Caller, today: date | None = None) -> list[Tracked]:
    """A focal point's own commitments that are reminded, overdue or near their deadline."""
    if not caller.country:
        return []
    today = today or date.today()
    rows = list_commitments(session, caller, owner=caller.country, today=today)
    return [
        t
        for t in rows
        if t.overdue
        or (t.due.on and t.commitment.status not in schedule.DONE and (t.due.on - today).days <= 30)
    ]
