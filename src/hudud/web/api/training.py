"""Regional Training Centre API: the same use cases as the pages, for national systems and scripts."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from hudud.services import certificates, training, training_reports
from hudud.web.deps import as_caller, uow
from hudud.web.security import client_addr

router = APIRouter(prefix="/training", tags=["training"])


class ModuleIn(BaseModel):
    name_en: str = Field(min_length=1, max_length=200)
    name_ar: str = Field(min_length=1, max_length=200)
    name_fr: str = Field(default="", max_length=200)
    hours: int = Field(default=0, ge=0, le=200)


class CourseIn(BaseModel):
    code: str = Field(min_length=1, max_length=32)
    name_en: str = Field(min_length=1, max_length=200)
    name_ar: str = Field(min_length=1, max_length=200)
    name_fr: str = Field(default="", max_length=200)
    summary_en: str = ""
    summary_ar: str = ""
    summary_fr: str = ""
    duration_days: int = Field(ge=1, le=365)
    language: str = Field(pattern="^(en|ar|fr)$")
    partner: str | None = None
    prerequisites: list[str] = []
    pass_mark: int = Field(default=70, ge=0, le=100)
    max_attempts: int = Field(default=2, ge=1, le=10)
    min_attendance: int = Field(default=80, ge=0, le=100)
    validity_months: int | None = Field(default=36, ge=1, le=240)
    modules: list[ModuleIn] = []


class CourseOut(BaseModel):
    id: int
    code: str
    name_en: str
    name_ar: str
    name_fr: str
    duration_days: int
    language: str
    partner: str | None
    prerequisites: list[str]
    pass_mark: int


class Trainer(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    organisation: str = ""


class SessionIn(BaseModel):
    course_id: int
    start: date
    end: date
    venue: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=500)
    trainers: list[Trainer] = []


class SessionOut(BaseModel):
    id: int
    course_id: int
    start_date: date
    end_date: date
    venue: str
    capacity: int


class SeatsIn(BaseModel):
    country: str = Field(min_length=3, max_length=3)
    seats: int = Field(ge=0, le=500)


class NominationIn(BaseModel):
    country: str = Field(min_length=3, max_length=3)
    name: str = Field(default="", max_length=200)
    name_ar: str = Field(default="", max_length=200)
    agency: str = "border_police"
    position: str = ""
    username: str | None = None


class NominationOut(BaseModel):
    id: int
    session_id: int
    country: str
    name: str
    name_ar: str
    agency: str
    status: str


class DecisionIn(BaseModel):
    decision: str = Field(pattern="^(approve|waitlist|reject)$")
    note: str = ""


class AttendanceIn(BaseModel):
    day: date
    present: list[int] = []


class ScoreIn(BaseModel):
    score: int = Field(ge=0, le=100)


class CertificateOut(BaseModel):
    id: int
    code: str
    issued_on: date
    expires_on: date | None


class VerificationOut(BaseModel):
    code: str
    name: str
    name_ar: str
    course: str
    issued_on: date
    status: str


def _nomination(row: object) -> NominationOut:
    return NominationOut.model_validate(row, from_attributes=True)


@router.get("/courses", response_model=list[CourseOut])
def courses(request: Request) -> list[CourseOut]:
    rows = as_caller(request, lambda s, c: training.list_courses(s))
    return [CourseOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/courses", response_model=CourseOut, status_code=201)
def create_course(body: CourseIn, request: Request) -> CourseOut:
    fields = body.model_dump(exclude={"modules", "prerequisites"})
    modules = tuple((m.name_en, m.name_ar, m.name_fr, m.hours) for m in body.modules)
    data = training.NewCourse(**fields, prerequisites=tuple(body.prerequisites), modules=modules)
    row = as_caller(request, lambda s, c: training.create_course(s, c, data))
    return CourseOut.model_validate(row, from_attributes=True)


@router.post("/sessions", response_model=SessionOut, status_code=201)
def create_session(body: SessionIn, request: Request) -> SessionOut:
    people = [t.model_dump() for t in body.trainers]
    row = as_caller(
        request,
        lambda s, c: training.create_session(
            s, c, body.course_id, start=body.start, end=body.end, venue=body.venue, capacity=body.capacity,
            trainers=people,
        ),
    )  # fmt: skip
    return SessionOut.model_validate(row, from_attributes=True)


@router.put("/sessions/{session_id}/seats", status_code=204)
def seats(session_id: int, body: SeatsIn, request: Request) -> None:
    as_caller(request, lambda s, c: training.allocate_seats(s, c, session_id, body.country, body.seats))


@router.get("/sessions/{session_id}/nominations", response_model=list[NominationOut])
def nominations(session_id: int, request: Request) -> list[NominationOut]:
    rows = as_caller(request, lambda s, c: training.visible_nominations(s, c, session_id))
    return [_nomination(r) for r in rows]


@router.post("/sessions/{session_id}/nominations", response_model=NominationOut, status_code=201)
def nominate(session_id: int, body: NominationIn, request: Request) -> NominationOut:
    data = training.NewNomination(**body.model_dump())
    return _nomination(as_caller(request, lambda s, c: training.nominate(s, c, session_id, data)))


@router.post("/nominations/{nomination_id}/decision", response_model=NominationOut)
def decide(nomination_id: int, body: DecisionIn, request: Request) -> NominationOut:
    return _nomination(
        as_caller(request, lambda s, c: training.decide(s, c, nomination_id, body.decision, body.note))
    )


@router.post("/nominations/{nomination_id}/cancel", response_model=NominationOut)
def cancel(nomination_id: int, request: Request) -> NominationOut:
    return _nomination(as_caller(request, lambda s, c: training.cancel_nomination(s, c, nomination_id)))


@router.put("/sessions/{session_id}/attendance", status_code=204)
def attendance(session_id: int, body: AttendanceIn, request: Request) -> None:
    as_caller(request, lambda s, c: training.record_attendance(s, c, session_id, body.day, set(body.present)))


@router.post("/nominations/{nomination_id}/assessments", status_code=201)
def assess(nomination_id: int, body: ScoreIn, request: Request) -> dict[str, object]:
    row = as_caller(request, lambda s, c: training.record_assessment(s, c, nomination_id, body.score))
    return {"attempt": row.attempt, "score": row.score, "passed": row.passed}


@router.post("/nominations/{nomination_id}/certificate", response_model=CertificateOut, status_code=201)
def issue(nomination_id: int, request: Request) -> CertificateOut:
    row = as_caller(request, lambda s, c: certificates.issue(s, c, nomination_id))
    return CertificateOut.model_validate(row, from_attributes=True)


@router.get("/verify/{code}", response_model=VerificationOut)
def verify(code: str, request: Request) -> VerificationOut:
    """Public (no token): the same four facts as the verification page."""
    found = uow(request).run(lambda s: certificates.verify(s, code, client_addr(request)))
    course = found.course
    return VerificationOut(
        code=found.code, name=found.name, name_ar=found.name_ar, course=getattr(course, "name_en", ""),
        issued_on=found.issued_on, status=found.status,
    )  # fmt: skip


@router.get("/reports")
def report(request: Request, year: int | None = None) -> dict[str, object]:
    built = as_caller(request, lambda s, c: training_reports.report(s, c, year))
    return {
        "total": vars(built.total) | {"pass_rate": built.total.pass_rate},
        "by": {d: [vars(t) | {"pass_rate": t.pass_rate} for t in rows] for d, rows in built.by.items()},
    }
