"""Regional alerts pages: the alerts in force for the caller's state, one alert with its update and
revoke forms, the form to issue an alert, and hit notices received and sent.

The form is turned into the API's own wire model (``AlertIn``) so the page and the API accept exactly
the same alerts; authorisation and audit stay in ``hudud.services.sharing``. A node without keys still
shows its alerts and says, on every page, what the operator must run before anything can be signed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from hudud.errors import HududError
from hudud.policy import Caller, Permission
from hudud.services import sharing
from hudud.services.reference import MEMBER_STATES
from hudud.sharing.alerts import AlertKind, Decision, Handling, ScopeKind
from hudud.web import i18n
from hudud.web.api.sharing import AlertIn, AlertUpdate, new_alert, this_node
from hudud.web.deps import as_caller
from hudud.web.i18n import _
from hudud.web.templating import page
from hudud.web.vocabulary import N_

router = APIRouter()
PAGE = 50

KINDS = {
    AlertKind.WANTED: N_("Wanted person"),
    AlertKind.INTEREST: N_("Person of interest"),
    AlertKind.DOCUMENT: N_("Lost or stolen document"),
}
HANDLINGS = {
    Handling.DETAIN: N_("Detain: hold the person and call the originator"),
    Handling.SEIZE: N_("Seize the document"),
    Handling.DISCREET: N_("Discreet report: let the person pass unaware, report the sighting"),
    Handling.CONTACT: N_("Contact the originator before deciding"),
}
HANDLINGS_SHORT = {
    Handling.DETAIN: N_("Detain"),
    Handling.SEIZE: N_("Seize document"),
    Handling.DISCREET: N_("Discreet report"),
    Handling.CONTACT: N_("Contact originator"),
}
SCOPES = {
    ScopeKind.NATIONAL: N_("National only"),
    ScopeKind.STATES: N_("Chosen member states"),
    ScopeKind.ALL: N_("All member states"),
}
DECISIONS = {
    Decision.ADMITTED: N_("Admitted"),
    Decision.REFUSED: N_("Refused entry"),
    Decision.DETAINED: N_("Detained"),
    Decision.DOCUMENT_SEIZED: N_("Document seized"),
    Decision.REFERRED: N_("Referred"),
}
VOCABULARY = (N_("Alerts"), N_("lost"), N_("stolen"), N_("passport"), N_("id_card"), N_("travel_document"))


def _labels(request: Request) -> dict[str, Any]:
    """What every alerts page shows: words for the codes, and whether this node can sign."""
    problem = sharing.node_ready(request.app.state.settings)
    return {
        "kinds": KINDS,
        "handlings": HANDLINGS,
        "handlings_short": HANDLINGS_SHORT,
        "scopes": SCOPES,
        "decisions": DECISIONS,
        "members": MEMBER_STATES,
        "node_problem": problem,
        "node_uninitialised": problem == sharing.NODE_NOT_INITIALISED,
    }


def _may_share(caller: Caller) -> bool:
    """Whether to offer the forms (the service decides; this only avoids showing useless buttons)."""
    return caller.can(Permission.ALERTS_SHARE)


@router.get("/alerts")
def list_page(request: Request, offset: int = 0) -> Response:
    offset = max(0, min(offset, 100_000))

    def use_case(session: Any, caller: Caller) -> dict[str, Any]:
        rows = sharing.alerts_in_force(session, caller, limit=PAGE, offset=offset)
        return {
            **_labels(request),
            "rows": rows,
            "offset": offset,
            "previous": max(0, offset - PAGE) if offset else None,
            "next": offset + PAGE if len(rows) == PAGE else None,
            "may_share": _may_share(caller),
        }

    return page(request, "alerts/list.html", use_case)


def _form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    values["states"] = [str(s).upper() for s in form.getlist("states") if isinstance(s, str)]
    return values


def _scope_payload(values: dict[str, Any]) -> dict[str, Any]:
    kind = values.get("scope_kind") or ""
    # Boxes ticked before switching to "national" or "all" are ignored rather than refused.
    return {"kind": kind, "states": values["states"] if kind == ScopeKind.STATES else []}


def _alert_payload(values: dict[str, Any]) -> dict[str, Any]:
    """The form's fields as the API's JSON body."""
    payload: dict[str, Any] = {
        "kind": values.get("kind") or "",
        "scope": _scope_payload(values),
        "handling": values.get("handling") or "",
        "reference": values.get("reference") or "",
        "remarks": values.get("remarks") or "",
    }
    if payload["kind"] == AlertKind.DOCUMENT:
        payload["document"] = {
            "number": values.get("doc_number") or "",
            "issuing_state": values.get("doc_state") or "",
            "kind": values.get("doc_kind") or "passport",
            "status": values.get("doc_status") or "stolen",
        }
        return payload
    names = [values.get(f) or "" for f in ("name_latin", "name_arabic", "name_other")]
    person: dict[str, Any] = {
        "names": [n for n in names if n],
        "birth_date": values.get("birth_date") or None,
        "nationalities": [c for c in (values.get("nationalities") or "").replace(",", " ").split() if c],
        "gender": values.get("gender") or None,
        "documents": [],
    }
    if values.get("person_doc_number"):
        person["documents"] = [
            {"number": values["person_doc_number"], "issuing_state": values.get("person_doc_state") or ""}
        ]
    payload["person"] = person
    return payload


# A field of the API body (list positions left out) -> its label on the form.
_FIELDS = {
    ("kind",): N_("Kind of alert"),
    ("handling",): N_("Handling at a hit"),
    ("reference",): N_("Your file reference"),
    ("remarks",): N_("Remarks for the officers who get a hit"),
    ("scope", "kind"): N_("Who receives the alert"),
    ("scope", "states"): N_("Member states, when you choose them"),
    ("person", "names"): N_("Name of the person"),
    ("person", "birth_date"): N_("Date of birth"),
    ("person", "nationalities"): N_("Nationalities (ICAO codes, e.g. MAR DZA)"),
    ("person", "gender"): N_("Sex"),
    ("person", "documents", "number"): N_("Travel document number"),
    ("person", "documents", "issuing_state"): N_("Issuing state of that document (ICAO code)"),
    ("document", "number"): N_("Document number"),
    ("document", "issuing_state"): N_("Issuing state (ICAO code)"),
    ("document", "kind"): N_("Type"),
    ("document", "status"): N_("Status"),
}
# pydantic's error type -> the reason, worded for the form (the only pattern is the ICAO country code).
_REASONS = {
    "missing": N_("this is required"),
    "string_too_short": N_("this is required"),
    "too_short": N_("give at least one"),
    "string_too_long": N_("too long"),
    "too_long": N_("too long"),
    "string_pattern_mismatch": N_("use a three-letter ICAO code, e.g. MAR"),
    "date_from_datetime_parsing": N_("use a date like 2014-01-14"),
    "date_parsing": N_("use a date like 2014-01-14"),
    "enum": N_("choose one of the choices offered"),
    "literal_error": N_("choose one of the choices offered"),
}


def _problems(error: ValidationError) -> list[str]:
    """Each field the form got wrong, named by its label on the form, with the reason, in the page's
    language (pydantic's own messages are English and name the API's paths, like ``person.names``)."""
    found = []
    for problem in error.errors():
        path = tuple(str(p) for p in problem.get("loc", ()) if not isinstance(p, int))
        reason = _(_REASONS.get(str(problem.get("type", "")), N_("not accepted")))
        field = _FIELDS.get(path)
        text = _("%(field)s: %(reason)s") % {"field": _(field), "reason": reason} if field else reason
        if text not in found:
            found.append(text)
    return found


def _new_form(
    request: Request, values: dict[str, Any], problems: list[str], status: int, csrf: str | None = None
) -> Response:
    def use_case(_session: Any, caller: Caller) -> dict[str, Any]:
        return {**_labels(request), "values": values, "problems": problems, "may_share": _may_share(caller)}

    return page(request, "alerts/new.html", use_case, csrf=csrf, status_code=status)


@router.get("/alerts/new")
def new_page(request: Request) -> Response:
    values = {"kind": AlertKind.WANTED.value, "scope_kind": ScopeKind.NATIONAL.value, "states": []}
    return _new_form(request, values, [], 200)


@router.post("/alerts/new")
async def issue_page(request: Request) -> Response:
    values = _form_values(await request.form())
    csrf = values.get("csrf_token", "")
    try:
        body = AlertIn.model_validate(_alert_payload(values))
        command = new_alert(body)
        row = await run_in_threadpool(
            as_caller,
            request,
            lambda s, c: sharing.issue_alert(s, c, this_node(request), command),
            csrf=csrf,
        )
    except ValidationError as error:
        return await run_in_threadpool(_new_form, request, values, _problems(error), 422, csrf)
    except HududError as error:
        if error.status_code in (401, 403):
            raise
        return await run_in_threadpool(
            _new_form, request, values, [i18n.error_text(error)], error.status_code, csrf
        )
    return RedirectResponse(f"/alerts/{row.alert_id}?issued=1", status_code=303)


@router.get("/alerts/notices")
def notices_page(request: Request) -> Response:
    def use_case(session: Any, caller: Caller) -> dict[str, Any]:
        return {
            **_labels(request),
            "received": sharing.list_notices(session, caller),
            "sent": sharing.list_notices_sent(session, caller),
        }

    return page(request, "alerts/notices.html", use_case)


def _detail(
    request: Request,
    alert_id: str,
    *,
    problem: str | None = None,
    notice: str | None = None,
    status: int = 200,
    csrf: str | None = None,
) -> Response:
    def use_case(session: Any, caller: Caller) -> dict[str, Any]:
        alert = sharing.get_alert(session, caller, alert_id)
        mine = alert.origin == caller.country and _may_share(caller) and not alert.revoked
        return {**_labels(request), "alert": alert, "may_change": mine, "problem": problem, "notice": notice}

    return page(request, "alerts/detail.html", use_case, csrf=csrf, status_code=status)


@router.get("/alerts/{alert_id}")
def detail_page(request: Request, alert_id: str, issued: int = 0, changed: int = 0) -> Response:
    notice = None
    if issued:
        notice = "issued"
    elif changed:
        notice = "changed"
    return _detail(request, alert_id, notice=notice)


async def _revise(request: Request, alert_id: str, revoke: bool) -> Response:
    values = _form_values(await request.form())
    csrf = values.get("csrf_token", "")
    try:
        if revoke and values.get("confirm") != "yes":
            unconfirmed = _("Tick the box to confirm the revocation; nothing was changed.")
            return await run_in_threadpool(
                lambda: _detail(request, alert_id, problem=unconfirmed, status=422, csrf=csrf)
            )
        if revoke:
            changes: dict[str, Any] = {"revoke": True}
        else:
            update = AlertUpdate.model_validate(
                {
                    "scope": _scope_payload(values),
                    "handling": values.get("handling") or None,
                    "remarks": values.get("remarks", ""),
                }
            )
            changes = {
                "scope": update.scope.to_scope() if update.scope else None,
                "handling": update.handling,
                "remarks": update.remarks,
            }
        await run_in_threadpool(
            as_caller,
            request,
            lambda s, c: sharing.revise_alert(s, c, this_node(request), alert_id, **changes),
            csrf=csrf,
        )
    except ValidationError as error:
        problem, status = "; ".join(_problems(error)), 422
    except HududError as error:
        if error.status_code in (401, 403, 404):
            raise
        problem, status = i18n.error_text(error), error.status_code
    else:
        return RedirectResponse(f"/alerts/{alert_id}?changed=1", status_code=303)
    return await run_in_threadpool(
        lambda: _detail(request, alert_id, problem=problem, status=status, csrf=csrf)
    )


@router.post("/alerts/{alert_id}/update")
async def update_page(request: Request, alert_id: str) -> Response:
    return await _revise(request, alert_id, revoke=False)


@router.post("/alerts/{alert_id}/revoke")
async def revoke_page(request: Request, alert_id: str) -> Response:
    return await _revise(request, alert_id, revoke=True)
