"""Secretariat API: commitments, progress reports with evidence, overdue items, meetings and
decisions, proposal workflow and the conference report's figures, for national systems and scripts.
The same services as the pages; refusals come back as the shared error body."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.services import secretariat, secretariat_groups, secretariat_meetings, secretariat_reports
from hudud.services.secretariat_files import FilePolicy, Upload
from hudud.web.deps import as_caller

router = APIRouter(prefix="/secretariat", tags=["secretariat"])


class CommitmentIn(BaseModel):
    code: str = Field(min_length=1, max_length=32)
    name_en: str = Field(min_length=1, max_length=2000)
    name_ar: str = Field(min_length=1, max_length=2000)
    name_fr: str = Field(default="", max_length=2000)
    owner: str = Field(min_length=2, max_length=8)
    source: str = "secretariat"
    due_on: date | None = None
    due_event_id: int | None = None
    due_months: int = Field(default=0, ge=0, le=120)
    due_days: int = Field(default=0, ge=0, le=3650)
    due_before: bool = False
    group_id: int | None = None
    project_id: int | None = None

    def command(self) -> secretariat.NewCommitment:
        return secretariat.NewCommitment(**self.model_dump())


class CommitmentOut(BaseModel):
    id: int
    code: str
    source: str
    name_en: str
    name_ar: str
    owner: str
    status: str
    percent: int
    due: date | None
    due_approximate: bool
    overdue: bool
    days_late: int


def _out(t: secretariat.Tracked) -> CommitmentOut:
    c = t.commitment
    return CommitmentOut(
        id=c.id, code=c.code, source=c.source, name_en=c.name_en, name_ar=c.name_ar, owner=c.owner,
        status=c.status, percent=c.percent, due=t.due.on, due_approximate=t.due.approximate,
        overdue=t.overdue, days_late=t.days_late,
    )  # fmt: skip


class ProgressOut(BaseModel):
    id: int
    commitment_id: int
    percent: int
    status: str
    attachments: list[str]


class EventIn(BaseModel):
    kind: str
    name_en: str = Field(min_length=1, max_length=300)
    name_ar: str = Field(min_length=1, max_length=300)
    name_fr: str = ""
    code: str = ""
    venue: str = ""
    host: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    year: int | None = None
    group_id: int | None = None
    agenda: list[str] = []


class DecisionIn(BaseModel):
    text_en: str = Field(min_length=1, max_length=4000)
    text_ar: str = ""
    commitment: CommitmentIn | None = None


class MoveIn(BaseModel):
    action: str
    conference_id: int | None = None


@router.get("/commitments", response_model=list[CommitmentOut])
def commitments(
    request: Request, owner: str | None = None, status: str | None = None, overdue: bool = False
) -> list[CommitmentOut]:
    rows = as_caller(
        request,
        lambda s, c: secretariat.list_commitments(s, c, owner=owner, status=status, overdue_only=overdue),
    )
    return [_out(t) for t in rows]


@router.post("/commitments", response_model=CommitmentOut, status_code=201)
def create_commitment(request: Request, body: CommitmentIn) -> CommitmentOut:
    def use_case(session: Session, caller: Caller) -> secretariat.Tracked:
        row = secretariat.add_commitment(session, caller, body.command())
        return secretariat.track([row], secretariat.event_dates(session), date.today())[0]

    return _out(as_caller(request, use_case))


@router.get("/commitments/{commitment_id}", response_model=CommitmentOut)
def commitment(request: Request, commitment_id: int) -> CommitmentOut:
    def use_case(session: Session, caller: Caller) -> secretariat.Tracked:
        row = secretariat.get_commitment(session, caller, commitment_id)
        return secretariat.track([row], secretariat.event_dates(session), date.today())[0]

    return _out(as_caller(request, use_case))


@router.post("/progress", response_model=ProgressOut, status_code=201)
def report_progress(
    request: Request,
    commitment_id: int = Form(...),
    percent: int = Form(...),
    note: str = Form(""),
    files: list[UploadFile] = File([]),
) -> ProgressOut:
    """Multipart: ``commitment_id``, ``percent`` (0-100), ``note`` and any number of ``files``."""
    given = [Upload(f.filename or "", f.file.read()) for f in files if f.filename]
    policy = FilePolicy.from_settings(request.app.state.settings)

    def use_case(session: Session, caller: Caller) -> ProgressOut:
        report = secretariat.report_progress(
            session, caller, policy, commitment_id, percent=percent, note=note, uploads=given
        )
        names = [a.filename for a in secretariat.evidence(session, report.commitment).get(report.id, [])]
        return ProgressOut(
            id=report.id, commitment_id=commitment_id, percent=report.percent, status=report.status,
            attachments=names,
        )  # fmt: skip

    return as_caller(request, use_case)


@router.get("/overdue", response_model=list[CommitmentOut])
def overdue(request: Request) -> list[CommitmentOut]:
    return [_out(t) for t in as_caller(request, lambda s, c: secretariat.overdue(s, c))]


@router.post("/meetings", status_code=201)
def create_meeting(request: Request, body: EventIn) -> dict[str, object]:
    data = secretariat_meetings.NewEvent(**{**body.model_dump(), "agenda": tuple(body.agenda)})
    row = as_caller(request, lambda s, c: secretariat_meetings.create_event(s, c, data))
    return {"id": row.id, "code": row.code}


@router.post("/meetings/{event_id}/decisions", status_code=201)
def add_decision(request: Request, event_id: int, body: DecisionIn) -> dict[str, object]:
    data = secretariat_meetings.NewDecision(
        text_en=body.text_en,
        text_ar=body.text_ar,
        commitment=body.commitment.command() if body.commitment else None,
    )

    def use_case(session: Session, caller: Caller) -> dict[str, object]:
        decision = secretariat_meetings.add_decision(session, caller, event_id, data)
        created = secretariat_meetings.commitments_of(session, decision.event).get(decision.id, [])
        return {"id": decision.id, "number": decision.number, "commitments": [c.code for c in created]}

    return as_caller(request, use_case)


@router.post("/proposals/{proposal_id}/move")
def move_proposal(request: Request, proposal_id: int, body: MoveIn) -> dict[str, object]:
    row = as_caller(
        request, lambda s, c: secretariat_groups.move(s, c, proposal_id, body.action, body.conference_id)
    )
    return {"id": row.id, "status": row.status, "conference_id": row.conference_id}


@router.get("/report")
def report(request: Request) -> dict[str, object]:
    """The conference report's figures: roll-ups per state, working group and source."""

    def use_case(session: Session, caller: Caller) -> dict[str, object]:
        built = secretariat_reports.build(session, caller)
        dump = {
            dimension: [
                {"key": r.key, "total": r.total, "completed": r.completed, "overdue": r.overdue,
                 "mean_percent": r.mean_percent}
                for r in rows
            ]
            for dimension, rows in built.rollups.by.items()
        }  # fmt: skip
        total = built.rollups.total
        return {
            "date": built.today.isoformat(),
            "total": {"total": total.total, "completed": total.completed, "overdue": total.overdue,
                      "mean_percent": total.mean_percent},
            "by": dump,
        }  # fmt: skip

    return as_caller(request, use_case)
