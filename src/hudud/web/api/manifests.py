"""Advance passenger information over HTTP: raw EDIFACT in, the unit's board and flights out.

``POST /api/manifests`` takes the message as the request body, byte for byte (any content type:
airline gateways send ``application/edifact`` or ``text/plain``). 201: ingested; 200: already
ingested (a duplicate adds nothing); 422: stored raw but unreadable, with the reason. Sending needs
``screening.screen`` (gateways); every read and target is the passenger information unit's
(``passengers.analyse``, in ``hudud.services.piu``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from hudud.services import piu, piu_cases
from hudud.services.api_ingest import Ingestor
from hudud.services.api_screening import lists_stamp
from hudud.services.retention import Policy
from hudud.web.deps import as_caller
from hudud.web.security import authenticate

router = APIRouter(prefix="/manifests", tags=["passenger information"])


def ingestor(request: Request) -> Ingestor:
    """The app's one ingestor (built on first use, sharing the app's screening index)."""
    state = request.app.state
    found: Ingestor | None = getattr(state, "manifests", None)
    if found is None:
        found = Ingestor(state.uow, state.settings, state.screening)
        state.manifests = found
    return found


def policy(request: Request) -> Policy:
    return Policy.of(request.app.state.settings)


def ingest_bytes(request: Request, data: bytes, *, channel: str, source: str, csrf: str | None = None) -> Any:
    """Authenticate (in its own short transaction), then ingest with that caller."""
    engine = ingestor(request)
    caller = engine.uow.run(lambda s: authenticate(s, request, csrf_form_value=csrf)[0])
    return engine.ingest(caller, data, channel=channel, source=source)


RAW_BODY = {
    "requestBody": {
        "required": True,
        "description": "One EDIFACT interchange, byte for byte (UNA/UNB ... UNZ).",
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in ("application/edifact", "text/plain", "application/octet-stream")
        },
    }
}


@router.post(
    "",
    status_code=201,
    summary="Send one PAXLST or PNRGOV message (raw EDIFACT body)",
    openapi_extra=RAW_BODY,
    responses={200: {"description": "already received: nothing added"},
               413: {"description": "too large: nothing stored"},
               422: {"description": "stored raw but unreadable (reason given), or empty"}},
)  # fmt: skip
async def post_manifest(request: Request) -> JSONResponse:
    data = await request.body()
    name = request.headers.get("x-filename") or "api"
    result = await run_in_threadpool(ingest_bytes, request, data, channel="api", source=name)
    status = {"ingested": 201, "duplicate": 200, "rejected": 422}.get(result.status, 202)
    return JSONResponse(result.to_dict(), status_code=status)


@router.get("/board", summary="Flights arriving in the next hours, riskiest first; recently received lists")
def get_board(request: Request, hours: int = 24) -> dict[str, Any]:
    hours = max(1, min(hours, 72))
    found = as_caller(request, lambda s, c: piu.board(s, c, hours=hours))
    return {"hours": found.hours, "arriving": found.arriving, "recent": found.recent}


@router.get("/flights/{flight_id}", summary="One flight: its lists and its travellers ranked by risk")
def get_flight(request: Request, flight_id: int) -> dict[str, Any]:
    rules, threshold = policy(request), request.app.state.screening.threshold
    return as_caller(
        request, lambda s, c: piu.flight_view(s, c, flight_id, rules, stamp=lists_stamp(s, threshold))
    )


@router.post(
    "/flights/{flight_id}/rescreen", summary="Screen a flight's travellers again with the lists in force"
)
def post_rescreen(request: Request, flight_id: int) -> dict[str, Any]:
    engine = ingestor(request)
    caller = engine.uow.run(lambda s: authenticate(s, request)[0])
    return {"flight_id": flight_id, "travellers": engine.rescreen(caller, flight_id)}


class TargetRequest(BaseModel):
    traveller_id: int
    assignee: str = Field(
        pattern="^(analysts|bcp)$", description="analysts, or bcp (the arrival crossing point)"
    )
    reason: str = Field(min_length=1, max_length=2000)


class DecisionRequest(BaseModel):
    outcome: str = Field(pattern="^(confirmed|cleared)$")
    note: str = Field(min_length=1, max_length=2000)
    crossing_point_id: int | None = Field(
        default=None,
        description="confirmed: the crossing point the case waits at (default: the flight's arrival airport)",
    )


@router.get("/targets", summary="Open targets of the caller's state")
def get_targets(request: Request, all: bool = False) -> list[dict[str, Any]]:
    rules = policy(request)
    return as_caller(request, lambda s, c: piu.targets(s, c, rules, open_only=not all))


@router.post("/targets", status_code=201, summary="Make a traveller a target (a person's decision)")
def post_target(request: Request, body: TargetRequest) -> dict[str, Any]:
    return as_caller(
        request,
        lambda s, c: piu.target_view(piu.create_target(s, c, body.traveller_id, body.assignee, body.reason)),
    )


@router.post(
    "/targets/{target_id}/decision",
    summary="Confirm (it becomes a case at the arrival crossing point) or clear a target",
)
def post_decision(request: Request, target_id: int, body: DecisionRequest) -> dict[str, Any]:
    def use_case(session, caller):  # type: ignore[no-untyped-def]
        target = piu.decide_target(
            session, caller, target_id, body.outcome, body.note, crossing_point_id=body.crossing_point_id
        )
        return piu.target_view(target, piu_cases.summary(session, piu_cases.case_for(session, target.id)))

    return as_caller(request, use_case)


@router.get("/cases", summary="Cases the unit sent to crossing points (waiting ones unless all=true)")
def get_cases(request: Request, all: bool = False) -> list[dict[str, Any]]:
    rules = policy(request)
    return as_caller(request, lambda s, c: piu.referred(s, c, rules, active_only=not all))
