"""Secretariat pages: dashboard, commitments and progress reports with evidence, the overdue view
and reminders, meetings with their decisions, and the conference report (page and PDF).

Working groups, proposals, projects and the capacity registry are in ``secretariat_registry``,
whose routes this module's router includes. Forms post and redirect; a refusal is shown by the
shell's error page with the service's message, except a refused progress report (a file, a value),
shown on the commitment's page with the note and percentage typed."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from hudud.errors import N_, HududError, InvalidInput
from hudud.policy import Caller, Permission
from hudud.secretariat import charts, labels, schedule, workflow
from hudud.services import reference, secretariat, secretariat_meetings, secretariat_reports
from hudud.services.secretariat_files import FilePolicy, Upload, read
from hudud.store.secretariat_tables import SecEvent
from hudud.web import i18n
from hudud.web.deps import as_caller
from hudud.web.pages import secretariat_registry
from hudud.web.pages.forms import post, redirect
from hudud.web.templating import local_name, page

router = APIRouter()
router.include_router(secretariat_registry.router)


def files_of(request: Request) -> FilePolicy:
    return FilePolicy.from_settings(request.app.state.settings)


def day(value: str, what: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            N_("%(what)s: use a date like 2014-01-14"), values={"what": what}, field=what
        ) from None


def uploads(files: list[UploadFile]) -> list[Upload]:
    return [Upload(f.filename or "", f.file.read()) for f in files if f.filename]


def common(session: Session, caller: Caller) -> dict[str, Any]:
    """What every Secretariat page needs: the caller's powers and party names in the page's language."""
    parties = reference.parties(session)
    return {
        "edit": caller.can(Permission.SECRETARIAT_EDIT),
        "reporter": caller.can(Permission.SECRETARIAT_REPORT),
        "parties": parties,
        "members": [p for p in parties if p.kind == "member"],
        "names": {p.code: local_name(p) for p in parties},
        "label": lambda code: i18n._(labels.label(code)),
        "today": date.today(),
    }


# ----- dashboard and commitments -----------------------------------------------------------------


@router.get("/secretariat")
def dashboard(request: Request) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        rows = secretariat.list_commitments(session, caller)
        return {
            **common(session, caller),
            "total": len(rows),
            "overdue": [t for t in rows if t.overdue],
            "completed": sum(t.commitment.status == "completed" for t in rows),
            "mine": secretariat.my_reminders(session, caller)
            if caller.can(Permission.SECRETARIAT_REPORT)
            else [],
        }

    return page(request, "secretariat/index.html", use_case)


@router.get("/secretariat/commitments")
def commitments(request: Request, owner: str = "", status: str = "", source: str = "") -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        rows = secretariat.list_commitments(
            session, caller, owner=owner or None, status=status or None, source=source or None
        )
        return {
            **common(session, caller),
            "rows": rows,
            "filters": {"owner": owner, "status": status, "source": source},
            "statuses": workflow.COMMITMENT_STATUSES,
            "sources": workflow.SOURCES,
            "events": secretariat_meetings.list_events(session, caller),
        }

    return page(request, "secretariat/commitments.html", use_case)


@router.post("/secretariat/commitments")
def create_commitment(
    request: Request,
    code: str = Form(...),
    name_en: str = Form(...),
    name_ar: str = Form(...),
    name_fr: str = Form(""),
    owner: str = Form(...),
    source: str = Form("secretariat"),
    due_on: str = Form(""),
    due_event_id: str = Form(""),
    due_months: int = Form(0),
    due_before: bool = Form(False),
    csrf_token: str = Form(""),
) -> Response:
    data = secretariat.NewCommitment(
        code=code, name_en=name_en, name_ar=name_ar, name_fr=name_fr, owner=owner, source=source,
        due_on=day(due_on, "due_on"), due_event_id=int(due_event_id) if due_event_id.isdigit() else None,
        due_months=due_months, due_before=due_before,
    )  # fmt: skip
    created = post(request, csrf_token, lambda s, c: secretariat.add_commitment(s, c, data).id)
    return redirect(f"/secretariat/commitments/{created}")


@router.get("/secretariat/commitments/{commitment_id}")
def commitment(request: Request, commitment_id: int) -> Response:
    return _commitment_page(request, commitment_id)


def _commitment_page(
    request: Request,
    commitment_id: int,
    *,
    problem: str = "",
    typed: dict[str, Any] | None = None,
    status_code: int = 200,
    csrf: str | None = None,
) -> Response:
    """The commitment page; after a refused progress report, with the reason and what was typed."""

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        row = secretariat.get_commitment(session, caller, commitment_id)
        tracked = secretariat.track([row], secretariat.event_dates(session), date.today())[0]
        may_report = caller.can(Permission.SECRETARIAT_EDIT) or (
            caller.can(Permission.SECRETARIAT_REPORT) and caller.country == row.owner
        )
        return {
            **common(session, caller),
            "t": tracked,
            "c": row,
            "evidence": secretariat.evidence(session, row),
            "may_report": may_report,
            "statuses": workflow.COMMITMENT_STATUSES,
            "due_event": session.get(SecEvent, row.due_event_id) if row.due_event_id else None,
            "events": secretariat_meetings.list_events(session, caller),
            "max_bytes": request.app.state.settings.secretariat_max_attachment_bytes,
            "allowed": request.app.state.settings.secretariat_attachment_types,
            "problem": problem,
            "typed": typed,
        }

    return page(request, "secretariat/commitment.html", use_case, csrf=csrf, status_code=status_code)


@router.post("/secretariat/progress")
def report_progress(
    request: Request,
    commitment_id: int = Form(...),
    percent: int = Form(...),
    note: str = Form(""),
    files: list[UploadFile] = File([]),
    csrf_token: str = Form(""),
) -> Response:
    """One fixed address for progress uploads, so the body-size limit can be set for it alone."""
    given, policy = uploads(files), files_of(request)
    try:
        post(
            request,
            csrf_token,
            lambda s, c: secretariat.report_progress(
                s, c, policy, commitment_id, percent=percent, note=note, uploads=given
            ),
        )
    except HududError as error:
        if error.status_code in (401, 403, 404):  # not theirs to report on: the shell's error page
            raise
        # A refused file or value: the form again with the reason, the note and percentage kept.
        typed = {"percent": percent, "note": note}
        return _commitment_page(
            request,
            commitment_id,
            problem=i18n.error_text(error),
            typed=typed,
            status_code=error.status_code,
            csrf=csrf_token,
        )
    return redirect(f"/secretariat/commitments/{commitment_id}")


@router.post("/secretariat/commitments/{commitment_id}/status")
def set_status(
    request: Request, commitment_id: int, status: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat.set_status(s, c, commitment_id, status))
    return redirect(f"/secretariat/commitments/{commitment_id}")


@router.post("/secretariat/commitments/{commitment_id}/owner")
def reassign(
    request: Request, commitment_id: int, owner: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat.reassign(s, c, commitment_id, owner))
    return redirect(f"/secretariat/commitments/{commitment_id}")


@router.post("/secretariat/commitments/{commitment_id}/due")
def set_due(
    request: Request,
    commitment_id: int,
    due_on: str = Form(""),
    due_event_id: str = Form(""),
    due_months: int = Form(0),
    due_before: bool = Form(False),
    csrf_token: str = Form(""),
) -> Response:
    rule = schedule.DueRule(
        on=day(due_on, "due_on"), event_id=int(due_event_id) if due_event_id.isdigit() else None,
        months=due_months, before=due_before,
    )  # fmt: skip
    post(request, csrf_token, lambda s, c: secretariat.set_due(s, c, commitment_id, rule))
    return redirect(f"/secretariat/commitments/{commitment_id}")


@router.get("/secretariat/attachments/{attachment_id}")
def attachment(request: Request, attachment_id: int) -> Response:
    policy = files_of(request)

    def use_case(session: Session, caller: Caller) -> tuple[bytes, str, str]:
        row = secretariat.readable_attachment(session, caller, attachment_id)
        return read(policy, row), row.media_type, row.filename

    content, media_type, filename = as_caller(request, use_case)
    safe = filename.encode("ascii", "replace").decode().replace('"', "")
    headers = {"Content-Disposition": f'attachment; filename="{safe}"'}
    return Response(content, media_type=media_type, headers=headers)


# ----- overdue and reminders ---------------------------------------------------------------------


@router.get("/secretariat/overdue")
def overdue(request: Request) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        return {
            **common(session, caller),
            "rows": secretariat.overdue(session, caller),
            "reminders": secretariat.due_reminders(session, caller)
            if caller.can(Permission.SECRETARIAT_EDIT)
            else [],
        }

    return page(request, "secretariat/overdue.html", use_case)


@router.post("/secretariat/reminders")
def send_reminders(request: Request, csrf_token: str = Form("")) -> Response:
    post(request, csrf_token, lambda s, c: secretariat.send_reminders(s, c))
    return redirect("/secretariat/overdue")


# ----- meetings ----------------------------------------------------------------------------------


@router.get("/secretariat/meetings")
def meetings(request: Request) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        from hudud.services import secretariat_groups

        return {
            **common(session, caller),
            "events": secretariat_meetings.list_events(session, caller),
            "kinds": workflow.EVENT_KINDS,
            "groups": secretariat_groups.list_groups(session, caller),
        }

    return page(request, "secretariat/meetings.html", use_case)


@router.post("/secretariat/meetings")
def create_meeting(
    request: Request,
    kind: str = Form(...),
    name_en: str = Form(...),
    name_ar: str = Form(...),
    name_fr: str = Form(""),
    venue: str = Form(""),
    host: str = Form(""),
    starts_on: str = Form(""),
    ends_on: str = Form(""),
    group_id: str = Form(""),
    agenda: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    data = secretariat_meetings.NewEvent(
        kind=kind, name_en=name_en, name_ar=name_ar, name_fr=name_fr, venue=venue, host=host or None,
        starts_on=day(starts_on, "starts_on"), ends_on=day(ends_on, "ends_on"),
        group_id=int(group_id) if group_id.isdigit() else None, agenda=tuple(agenda.splitlines()),
    )  # fmt: skip
    created = post(request, csrf_token, lambda s, c: secretariat_meetings.create_event(s, c, data).id)
    return redirect(f"/secretariat/meetings/{created}")


@router.get("/secretariat/meetings/{event_id}")
def meeting(request: Request, event_id: int) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        event = secretariat_meetings.get_event(session, caller, event_id)
        return {
            **common(session, caller),
            "e": event,
            "documents": secretariat_meetings.documents(session, event),
            "created": secretariat_meetings.commitments_of(session, event),
            "next_code": secretariat_meetings.next_code(session, event),
            "kinds": workflow.MEMBER_KINDS,
        }

    return page(request, "secretariat/meeting.html", use_case)


@router.post("/secretariat/meetings/{event_id}/participants")
def add_participant(
    request: Request,
    event_id: int,
    kind: str = Form(...),
    party: str = Form(""),
    name: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    post(
        request,
        csrf_token,
        lambda s, c: secretariat_meetings.add_participant(s, c, event_id, kind, party, name),
    )
    return redirect(f"/secretariat/meetings/{event_id}")


@router.post("/secretariat/meetings/{event_id}/agenda")
def add_agenda(
    request: Request, event_id: int, item: str = Form(...), csrf_token: str = Form("")
) -> Response:
    post(request, csrf_token, lambda s, c: secretariat_meetings.add_agenda_item(s, c, event_id, item))
    return redirect(f"/secretariat/meetings/{event_id}")


@router.post("/secretariat/meetings/{event_id}/date")
def set_date(
    request: Request,
    event_id: int,
    starts_on: str = Form(""),
    ends_on: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    first, last = day(starts_on, "starts_on"), day(ends_on, "ends_on")
    post(request, csrf_token, lambda s, c: secretariat_meetings.set_date(s, c, event_id, first, last))
    return redirect(f"/secretariat/meetings/{event_id}")


@router.post("/secretariat/meetings/{event_id}/documents")
def add_documents(
    request: Request, event_id: int, files: list[UploadFile] = File([]), csrf_token: str = Form("")
) -> Response:
    given, policy = uploads(files), files_of(request)
    post(request, csrf_token, lambda s, c: secretariat_meetings.add_documents(s, c, policy, event_id, given))
    return redirect(f"/secretariat/meetings/{event_id}")


@router.post("/secretariat/meetings/{event_id}/decisions")
def add_decision(
    request: Request,
    event_id: int,
    text_en: str = Form(...),
    text_ar: str = Form(""),
    creates: bool = Form(False),
    code: str = Form(""),
    owner: str = Form(""),
    name_en: str = Form(""),
    name_ar: str = Form(""),
    due_on: str = Form(""),
    due_months: int = Form(0),
    csrf_token: str = Form(""),
) -> Response:
    """A decision; with "creates a commitment" ticked, its follow-up is due on a date or N months after the meeting."""
    due = day(due_on, "due_on")
    follow_up = (
        secretariat.NewCommitment(
            code=code,
            name_en=name_en or text_en,
            name_ar=name_ar or text_ar,
            owner=owner,
            source="decision",
            due_on=due,
            due_event_id=None if due else event_id,
            due_months=0 if due else due_months,
        )
        if creates
        else None
    )
    data = secretariat_meetings.NewDecision(text_en=text_en, text_ar=text_ar, commitment=follow_up)
    post(request, csrf_token, lambda s, c: secretariat_meetings.add_decision(s, c, event_id, data))
    return redirect(f"/secretariat/meetings/{event_id}")


# ----- conference report -------------------------------------------------------------------------


@router.get("/secretariat/report")
def report(request: Request) -> Response:
    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        built = secretariat_reports.build(session, caller)
        lang = i18n.current_locale()
        word = i18n._("overdue")
        words = {s: i18n._(labels.label(s)) for s in charts.COLOURS}
        rtl = i18n.direction(lang) == "rtl"
        return {
            "r": built,
            "label": lambda code: i18n._(labels.label(code)),
            "by_state": charts.progress_svg(secretariat_reports.chart_bars(built, "owner", lang, word), i18n._("Progress per state"), rtl),
            "by_group": charts.progress_svg(secretariat_reports.chart_bars(built, "group", lang, word), i18n._("Progress per working group"), rtl),
            "by_status": charts.status_svg(secretariat_reports.status_counts(built), words, i18n._("Commitments by status"), rtl),
            "owner_label": lambda code: secretariat_reports.owner_label(built, code, lang),
            "group_label": lambda code: secretariat_reports.group_label(built, code, lang),
        }  # fmt: skip

    return page(request, "secretariat/report.html", use_case)


@router.get("/secretariat/report.pdf")
def report_pdf(request: Request, lang: str = "") -> Response:
    lang = lang if lang in i18n.LOCALES else i18n.current_locale()
    translate = i18n.translations(lang).gettext

    def fmt(value: date) -> str:
        from babel.dates import format_date

        return format_date(value, "long", locale=lang)

    def use_case(session: Session, caller: Caller) -> bytes:
        built = secretariat_reports.build(session, caller)
        return secretariat_reports.render_pdf(built, lang=lang, translate=translate, format_date=fmt)

    pdf = as_caller(request, use_case)
    headers = {"Content-Disposition": f'inline; filename="conference-report-{lang}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)
