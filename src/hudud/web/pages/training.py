"""Regional Training Centre pages: catalogue, sessions, nominations, attendance, assessments,
certificates, practical exercises, reports, and the public certificate verification page.

Forms post and redirect (post/redirect/get); a refusal from a service is shown by the shell's error
page with the service's message, so a person learns why (overbooked, wrong state, ...)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hudud.errors import InvalidInput, NotFound
from hudud.policy import Caller, Permission
from hudud.services import certificates, reference, training, training_exercises, training_reports
from hudud.training import marking, reports, rules
from hudud.training.scenarios import ALLOWED_STAY_DAYS, Sandbox, Scenario
from hudud.web import i18n
from hudud.web.deps import as_caller, uow
from hudud.web.security import client_addr
from hudud.web.templating import page, render
from hudud.web.vocabulary import N_

router = APIRouter()

VOCABULARY = (
    N_("pending"), N_("approved"), N_("waitlisted"), N_("rejected"), N_("cancelled"), N_("open"),
    N_("valid"), N_("expired"), N_("revoked"), N_("admit"), N_("refer"), N_("entry"), N_("exit"),
    N_("mrz"), N_("listed"), N_("stolen"), N_("overstay"), N_("country"), N_("agency"), N_("course"),
    N_("year"), N_("Training"),
)  # fmt: skip
ISSUE_LABELS = {
    "mrz": N_("MRZ check digits fail (forged or altered)"),
    "listed": N_("Listed person (watch list)"),
    "stolen": N_("Stolen document (bulletin)"),
    "overstay": N_("Overstay"),
}


def _redirect(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


def _post(request: Request, csrf_token: str, use_case: Any) -> Any:
    return as_caller(request, use_case, csrf=csrf_token)


def _day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            N_("%(what)s: use a date like 2026-03-02"), values={"what": what}, field=what
        ) from None


# ----- dashboard and catalogue -------------------------------------------------------------------


def _dashboard(session: Session, caller: Caller) -> dict[str, Any]:
    context: dict[str, Any] = {
        "courses": training.list_courses(session),
        "sessions": training.list_sessions(session),
        "manage": caller.can(Permission.TRAINING_MANAGE),
        "nominate": caller.can(Permission.TRAINING_NOMINATE),
        "partners": reference.parties(session),
        "today": date.today(),
    }
    if caller.can(Permission.TRAINING_MANAGE):
        context["reminders"] = certificates.due_reminders(session, caller)
    if caller.can(Permission.TRAINING_OWN):
        record = training.my_nominations(session, caller)
        context["record"] = [(n, certificates.certificate_of(session, n.id)) for n in record]
        context["exercises"] = training_exercises.mine(session, caller)
    return context


@router.get("/training")
def index(request: Request) -> Response:
    return page(request, "training/index.html", _dashboard)


@router.post("/training/courses")
def create_course(
    request: Request,
    code: str = Form(...),
    name_en: str = Form(...),
    name_ar: str = Form(...),
    name_fr: str = Form(""),
    summary_en: str = Form(""),
    summary_ar: str = Form(""),
    duration_days: int = Form(...),
    language: str = Form("en"),
    partner: str = Form(""),
    prerequisites: str = Form(""),
    pass_mark: int = Form(70),
    validity_months: int = Form(36),
    csrf_token: str = Form(""),
) -> Response:
    data = training.NewCourse(
        code=code, name_en=name_en, name_ar=name_ar, name_fr=name_fr, summary_en=summary_en,
        summary_ar=summary_ar, duration_days=duration_days, language=language, partner=partner or None,
        prerequisites=tuple(prerequisites.replace(";", ",").split(",")), pass_mark=pass_mark,
        validity_months=validity_months or None,
    )  # fmt: skip
    course = _post(request, csrf_token, lambda s, c: training.create_course(s, c, data).id)
    return _redirect(f"/training/courses/{course}")


@router.get("/training/courses/{course_id}")
def course(request: Request, course_id: int) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        return {
            "course": training.get_course(session, course_id),
            "sessions": training.list_sessions(session, course_id),
            "manage": caller.can(Permission.TRAINING_MANAGE),
        }

    return page(request, "training/course.html", use_case)


@router.post("/training/courses/{course_id}/modules")
def add_module(
    request: Request,
    course_id: int,
    name_en: str = Form(...),
    name_ar: str = Form(...),
    name_fr: str = Form(""),
    hours: int = Form(0),
    csrf_token: str = Form(""),
) -> Response:
    _post(
        request,
        csrf_token,
        lambda s, c: training.add_module(s, c, course_id, name_en, name_ar, name_fr, hours),
    )
    return _redirect(f"/training/courses/{course_id}")


@router.post("/training/courses/{course_id}/sessions")
def create_session(
    request: Request,
    course_id: int,
    start: str = Form(...),
    end: str = Form(...),
    venue: str = Form(...),
    capacity: int = Form(...),
    trainer_name: str = Form(""),
    trainer_organisation: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    first, last = _day(start, "start"), _day(end, "end")
    people = [{"name": trainer_name, "organisation": trainer_organisation}]
    created = _post(
        request, csrf_token,
        lambda s, c: training.create_session(
            s, c, course_id, start=first, end=last, venue=venue, capacity=capacity, trainers=people
        ).id,
    )  # fmt: skip
    return _redirect(f"/training/sessions/{created}")


# ----- a session: seats, nominations, attendance, assessment, certificates -----------------------


def _session_context(session: Session, caller: Caller, session_id: int) -> dict[str, Any]:
    row = training.get_session(session, session_id)
    nominations = training.visible_nominations(session, caller, session_id)
    participants = [
        {
            "n": n,
            "attendance": training.attendance_percent(n),
            "present": {a.day for a in n.attendance if a.present},
            "passed": training.has_passed(n),
            "certificate": certificates.certificate_of(session, n.id),
        }
        for n in nominations
    ]
    return {
        "s": row,
        "participants": participants,
        "days": rules.session_days(row.start_date, row.end_date),
        "manage": caller.can(Permission.TRAINING_MANAGE),
        "nominate": caller.can(Permission.TRAINING_NOMINATE),
        "my_seats": training.seats_for(row, caller.country or ""),
        "members": reference.parties(session, "member"),
        "agencies": ("border_police", "customs", "intelligence", "justice"),
    }


@router.get("/training/sessions/{session_id}")
def session_page(request: Request, session_id: int) -> Response:
    return page(request, "training/session.html", lambda s, c: _session_context(s, c, session_id))


@router.post("/training/sessions/{session_id}/seats")
def seats(
    request: Request,
    session_id: int,
    country: str = Form(...),
    seats: int = Form(...),
    csrf_token: str = Form(""),
) -> Response:
    _post(request, csrf_token, lambda s, c: training.allocate_seats(s, c, session_id, country, seats))
    return _redirect(f"/training/sessions/{session_id}")


@router.post("/training/sessions/{session_id}/nominations")
def nominate(
    request: Request,
    session_id: int,
    country: str = Form(...),
    name: str = Form(""),
    name_ar: str = Form(""),
    agency: str = Form("border_police"),
    position: str = Form(""),
    username: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    data = training.NewNomination(country, name, name_ar, agency, position, username or None)
    _post(request, csrf_token, lambda s, c: training.nominate(s, c, session_id, data))
    return _redirect(f"/training/sessions/{session_id}")


@router.post("/training/nominations/{nomination_id}/decision")
def decide(
    request: Request, nomination_id: int, decision: str = Form(...), csrf_token: str = Form("")
) -> Response:
    row = _post(request, csrf_token, lambda s, c: training.decide(s, c, nomination_id, decision).session_id)
    return _redirect(f"/training/sessions/{row}")


@router.post("/training/nominations/{nomination_id}/cancel")
def cancel(request: Request, nomination_id: int, csrf_token: str = Form("")) -> Response:
    row = _post(request, csrf_token, lambda s, c: training.cancel_nomination(s, c, nomination_id).session_id)
    return _redirect(f"/training/sessions/{row}")


@router.post("/training/sessions/{session_id}/attendance")
def attendance(
    request: Request,
    session_id: int,
    day: str = Form(...),
    present: list[int] = Form([]),
    csrf_token: str = Form(""),
) -> Response:
    when = _day(day, "day")
    _post(request, csrf_token, lambda s, c: training.record_attendance(s, c, session_id, when, set(present)))
    return _redirect(f"/training/sessions/{session_id}")


@router.post("/training/nominations/{nomination_id}/assessments")
def assess(
    request: Request, nomination_id: int, score: int = Form(...), csrf_token: str = Form("")
) -> Response:
    def use_case(session: Session, caller: Caller) -> int:
        training.record_assessment(session, caller, nomination_id, score)
        return training.get_nomination(session, nomination_id).session_id

    return _redirect(f"/training/sessions/{_post(request, csrf_token, use_case)}")


@router.post("/training/nominations/{nomination_id}/certificate")
def issue(request: Request, nomination_id: int, csrf_token: str = Form("")) -> Response:
    def use_case(session: Session, caller: Caller) -> int:
        return certificates.issue(session, caller, nomination_id).nomination.session_id

    return _redirect(f"/training/sessions/{_post(request, csrf_token, use_case)}")


def verify_url(request: Request, code: str) -> str:
    return str(request.base_url).rstrip("/") + f"/verify/{code}"


@router.get("/training/certificates/{certificate_id}.pdf")
def certificate_pdf(request: Request, certificate_id: int, lang: str = "") -> Response:
    lang = lang if lang in i18n.LOCALES else i18n.current_locale()
    translate = i18n.translations(lang).gettext

    def fmt(day: date) -> str:
        from babel.dates import format_date

        return format_date(day, "long", locale=lang)

    def use_case(session: Session, caller: Caller) -> tuple[bytes, str]:
        cert = certificates.readable_certificate(session, caller, certificate_id)
        url = verify_url(request, cert.code)
        return certificates.render_pdf(
            cert, lang=lang, verify_url=url, translate=translate, format_date=fmt
        ), cert.code

    pdf, code = as_caller(request, use_case)
    headers = {"Content-Disposition": f'inline; filename="certificate-{code}-{lang}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


# ----- public verification -----------------------------------------------------------------------


@router.get("/verify")
def verify_form(request: Request, code: str = "") -> Response:
    if code.strip():
        return _redirect(f"/verify/{code.strip()}")
    return render(request, "training/verify.html", {"result": None, "code": ""})


@router.get("/verify/{code}")
def verify(request: Request, code: str) -> Response:
    """Public, no sign-in: only name, course, date and status; a bad code is refused plainly."""
    try:
        result = uow(request).run(lambda s: certificates.verify(s, code, client_addr(request)))
    except NotFound as refusal:
        context = {"result": None, "code": code, "refusal": i18n.error_text(refusal)}
        return render(request, "training/verify.html", context, status_code=404)
    return render(request, "training/verify.html", {"result": result, "code": result.code})


# ----- practical exercises -----------------------------------------------------------------------


@router.get("/training/exercises")
def exercises(request: Request) -> Response:
    return page(request, "training/exercises.html", lambda s, c: {"attempts": training_exercises.mine(s, c)})


@router.post("/training/exercises")
def start_exercise(request: Request, csrf_token: str = Form("")) -> Response:
    attempt = _post(request, csrf_token, lambda s, c: training_exercises.start(s, c).id)
    return _redirect(f"/training/exercises/{attempt}")


def _exercise_context(attempt: Any) -> dict[str, Any]:
    results = {r["scenario_id"]: r for r in attempt.results or []}
    answers = {a["id"]: a for a in attempt.answers or []}
    return {
        "attempt": attempt,
        "sandbox": Sandbox.from_dict(attempt.sandbox),
        "scenarios": [Scenario.from_dict(s) for s in attempt.scenarios],
        "results": results,
        "answers": answers,
        "issues": ISSUE_LABELS,
        "allowed_days": ALLOWED_STAY_DAYS,
    }


@router.get("/training/exercises/{attempt_id}")
def exercise(request: Request, attempt_id: int) -> Response:
    return page(
        request,
        "training/exercise.html",
        lambda s, c: _exercise_context(training_exercises.get(s, c, attempt_id)),
    )


@router.post("/training/exercises/{attempt_id}")
async def submit_exercise(request: Request, attempt_id: int) -> Response:
    form = await request.form()
    answers: dict[str, tuple[str, list[str]]] = {}
    for key in form:
        if key.startswith("decision-"):
            sid = key.removeprefix("decision-")
            ticked = [str(v) for v in form.getlist(f"issues-{sid}") if str(v) in marking.ISSUES]
            answers[sid] = (str(form[key]), ticked)
    token = str(form.get("csrf_token", ""))
    _post(request, token, lambda s, c: training_exercises.submit(s, c, attempt_id, answers))
    return _redirect(f"/training/exercises/{attempt_id}")


# ----- reports -----------------------------------------------------------------------------------


def _labels(session: Session) -> dict[str, str]:
    return {
        p.code: str(getattr(p, f"name_{i18n.current_locale()}", "") or p.name_en)
        for p in reference.parties(session)
    }


@router.get("/training/reports")
def report_page(request: Request, year: int | None = None) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        built = training_reports.report(session, caller, year)
        chart = reports.bar_chart_svg(
            built.by["country"], i18n._("Officers trained per state"), _labels(session)
        )
        return {"report": built, "chart": chart, "year": year, "names": _labels(session)}

    return page(request, "training/reports.html", use_case)


@router.get("/training/reports.csv")
def report_csv(request: Request, by: str = "country", year: int | None = None) -> Response:
    if by not in reports.DIMENSIONS:
        raise InvalidInput(N_("by is country, agency, course or year"), field="by")
    text = as_caller(request, lambda s, c: training_reports.to_csv(training_reports.report(s, c, year), by))
    headers = {"Content-Disposition": f'attachment; filename="training-by-{by}.csv"'}
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/training/reports.xlsx")
def report_xlsx(request: Request, year: int | None = None) -> Response:
    data = as_caller(request, lambda s, c: training_reports.to_xlsx(training_reports.report(s, c, year)))
    headers = {"Content-Disposition": 'attachment; filename="training-report.xlsx"'}
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, media_type=media, headers=headers)
