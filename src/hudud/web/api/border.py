"""Border crossing operations over the API: the traveller step (idempotent), decisions, hit cases,
overstayers, statistics and retrospective screening. Same services as the officer's pages."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from hudud.services import border, cases, crossings, piu_cases, retro, statistics
from hudud.services.crossings import Desk, Inspection, Presented
from hudud.services.retention import Policy
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.web.deps import as_caller

router = APIRouter(prefix="/border", tags=["border"])


class CrossingIn(BaseModel):
    """A traveller presented at a crossing point: an MRZ, or fields typed by hand."""

    idempotency_key: str = Field(
        min_length=8, max_length=64, description="Chosen by the client; a retry reuses it"
    )
    direction: Literal["entry", "exit"]
    crossing_point_id: int | None = Field(
        default=None, description="Needed when the user has no assigned post"
    )
    mrz: str = Field(default="", max_length=200)
    surname: str = Field(default="", max_length=200)
    given_names: str = Field(default="", max_length=200)
    name_arabic: str = Field(default="", max_length=200)
    birth_date: date | None = None
    sex: Literal["F", "M", "X"] | None = None
    nationality: str | None = Field(default=None, max_length=3)
    document_type: str = Field(default="P", max_length=4)
    document_number: str = Field(default="", max_length=32)
    document_issuer: str | None = Field(default=None, max_length=3)
    document_expiry: date | None = None
    visa_type: str = Field(default="none", max_length=16)
    visa_until: date | None = None
    vehicle_plate: str | None = Field(default=None, max_length=32)
    vehicle_type: str | None = Field(default=None, max_length=16)
    decision: Literal["admitted", "referred", "refused"] | None = None
    reason_code: str | None = Field(default=None, max_length=2)
    note: str | None = Field(default=None, max_length=2000)


class DecisionIn(BaseModel):
    decision: Literal["admitted", "referred", "refused"]
    reason_code: str | None = Field(default=None, max_length=2)
    note: str | None = Field(default=None, max_length=2000)


class AssessmentIn(BaseModel):
    assessment: Literal["not_same", "possible"]
    reason: str = Field(default="", max_length=2000)


class ResolutionIn(BaseModel):
    outcome: Literal["confirmed", "cleared"]
    note: str = Field(default="", max_length=2000)


class RevokeIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


def crossing_json(x: BorderCrossing) -> dict[str, Any]:
    return {
        "id": x.id,
        "at": x.at.isoformat(),
        "direction": x.direction,
        "crossing_point_id": x.crossing_point_id,
        "traveller_id": x.traveller_id,
        "surname": x.surname,
        "given_names": x.given_names,
        "name_arabic": x.name_arabic,
        "birth_date": x.birth_date.isoformat() if x.birth_date else None,
        "nationality": x.nationality,
        "document_type": x.document_type,
        "document_number": x.document_number,
        "document_issuer": x.document_issuer,
        "visa_type": x.visa_type,
        "vehicle_plate": x.vehicle_plate,
        "decision": x.decision,
        "reason_code": x.reason_code,
        "exit_without_entry": x.exit_without_entry,
    }


def case_json(c: BorderCase) -> dict[str, Any]:
    return {
        "id": c.id,
        "crossing_id": c.crossing_id,  # None: sent ahead by the passenger information unit, not arrived yet
        "crossing_point_id": c.crossing_point_id,
        "target_id": c.target_id,
        "entry_id": c.entry_id,
        "list": c.list_name,
        "entry_name": c.entry_name,
        "score": c.score,
        "explanation": c.explanation,
        "origin": c.origin,
        "status": c.status,
        "assessment": c.assessment,
        "assessed_by": c.assessed_by,
        "resolved_by": c.resolved_by,
    }


def inspection_json(i: Inspection) -> dict[str, Any]:
    stay = i.stay
    return {
        "crossing": crossing_json(i.crossing),
        "replayed": i.replayed,
        "document": i.check,
        "hits": i.hits,
        "cases": [case_json(c) for c in i.cases],
        "history": [crossing_json(h) for h in i.history],
        "stay": {
            "present": stay.present,
            "days_used": stay.days_used,
            "days_left": stay.days_left,
            "allowed_until": stay.allowed_until.isoformat() if stay.allowed_until else None,
            "overstay_days": stay.overstay_days,
            "visa_missing": stay.visa_missing,
        },
        "warnings": i.warnings,
    }


@router.post("/crossings", status_code=201)
def process(body: CrossingIn, request: Request, response: Response) -> dict[str, Any]:
    """Check, screen and record a traveller (201); the same key again answers with the first result (200)."""
    fields = body.model_dump(exclude={"idempotency_key", "direction", "crossing_point_id", "mrz", "decision"})
    fields.pop("reason_code"), fields.pop("note")
    presented = Presented(source="mrz" if body.mrz.strip() else "manual", mrz_text=body.mrz, **fields)
    desk = Desk(body.direction, body.idempotency_key, body.crossing_point_id)
    screening = request.app.state.screening
    result = as_caller(
        request,
        lambda s, c: inspection_json(
            crossings.inspect(
                s,
                c,
                screening,
                presented,
                desk,
                decision=body.decision,
                reason_code=body.reason_code,
                note=body.note,
            )
        ),
    )
    if result["replayed"]:
        response.status_code = 200
    return result


@router.get("/crossings/{crossing_id}")
def read_crossing(crossing_id: int, request: Request) -> dict[str, Any]:
    return as_caller(request, lambda s, c: inspection_json(crossings.get_inspection(s, c, crossing_id)))


@router.post("/crossings/{crossing_id}/decision")
def decide(crossing_id: int, body: DecisionIn, request: Request) -> dict[str, Any]:
    return as_caller(
        request,
        lambda s, c: crossing_json(
            crossings.decide(s, c, crossing_id, body.decision, body.reason_code, body.note)
        ),
    )


@router.get("/cases")
def queue(request: Request) -> list[dict[str, Any]]:
    return as_caller(request, lambda s, c: [case_json(x) for x in cases.queue(s, c)])


@router.get("/cases/{case_id}")
def read_case(case_id: int, request: Request) -> dict[str, Any]:
    """A case with its crossing; a case the passenger information unit sent ahead has ``expected``
    (flight, traveller as listed, reasons) and no crossing until the traveller is presented."""
    rules = Policy.of(request.app.state.settings)

    def use_case(s, c):  # type: ignore[no-untyped-def]
        view = cases.get_case(s, c, case_id)
        return {
            **case_json(view.case),
            "crossing": crossing_json(view.crossing) if view.crossing else None,
            "expected": piu_cases.expected(s, view.case, rules),
        }

    return as_caller(request, use_case)


@router.post("/cases/{case_id}/assessment")
def assess(case_id: int, body: AssessmentIn, request: Request) -> dict[str, Any]:
    return as_caller(
        request, lambda s, c: case_json(cases.assess(s, c, case_id, body.assessment, body.reason).case)
    )


@router.post("/cases/{case_id}/resolution")
def resolve(case_id: int, body: ResolutionIn, request: Request) -> dict[str, Any]:
    return as_caller(
        request, lambda s, c: case_json(cases.resolve(s, c, case_id, body.outcome, body.note).case)
    )


@router.post("/clearances/{clearance_id}/revoke")
def revoke(clearance_id: int, body: RevokeIn, request: Request) -> dict[str, Any]:
    def use_case(s, c):  # type: ignore[no-untyped-def]
        row = cases.revoke_clearance(s, c, clearance_id, body.reason)
        return {"id": row.id, "entry_id": row.entry_id, "revoked_by": row.revoked_by}

    return as_caller(request, use_case)


@router.get("/overstayers")
def list_overstayers(request: Request) -> list[dict[str, Any]]:
    def use_case(s, c):  # type: ignore[no-untyped-def]
        return [
            {
                "traveller_id": o.traveller.id,
                "surname": o.traveller.surname,
                "given_names": o.traveller.given_names,
                "nationality": o.traveller.nationality,
                "entered": o.status.entered.isoformat() if o.status.entered else None,
                "allowed_until": o.status.allowed_until.isoformat() if o.status.allowed_until else None,
                "overstay_days": o.status.overstay_days,
                "last_entry_crossing_id": o.last_entry.id,
            }
            for o in border.overstayers(s, c)
        ]

    return as_caller(request, use_case)


@router.get("/statistics")
def stats(
    request: Request,
    since: date | None = None,
    until: date | None = None,
    crossing_point_id: int | None = None,
    direction: str | None = None,
    nationality: str | None = None,
    format: Literal["json", "csv"] = "json",
) -> Any:
    f = statistics.make_filter(since, until, crossing_point_id, direction, nationality)
    result = as_caller(request, lambda s, c: statistics.statistics(s, c, f))
    if format == "csv":
        return PlainTextResponse(statistics.to_csv(result), media_type="text/csv")
    return [{"section": a, "key": b, "value": v} for a, b, v in statistics.table(result)]


@router.post("/rescreen")
def rescreen(request: Request, days: int | None = None) -> dict[str, Any]:
    """Re-screen recent crossings against the lists in force now (supervisors, analysts)."""
    screening = request.app.state.screening
    report = as_caller(request, lambda s, c: retro.rescreen(s, c, screening, days=days))
    return {"crossings": report.crossings, "new_cases": report.new_cases, "generation": report.generation}
