"""Reference data: states, organisations and crossing points (not personal data)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from hudud.services import reference
from hudud.web.deps import as_caller

router = APIRouter(prefix="/reference", tags=["reference"])


class PartyOut(BaseModel):
    code: str
    kind: str
    name_en: str
    name_ar: str
    name_fr: str


class CrossingPointOut(BaseModel):
    code: str
    country: str
    kind: str
    neighbour: str | None
    name_en: str
    name_ar: str
    name_fr: str


@router.get("/parties", response_model=list[PartyOut])
def parties(request: Request, kind: str | None = None) -> list[PartyOut]:
    rows = as_caller(request, lambda s, _c: reference.parties(s, kind))
    return [PartyOut.model_validate(p, from_attributes=True) for p in rows]


@router.get("/crossing-points", response_model=list[CrossingPointOut])
def crossing_points(request: Request, country: str | None = None) -> list[CrossingPointOut]:
    rows = as_caller(request, lambda s, _c: reference.crossing_points(s, country))
    return [CrossingPointOut.model_validate(p, from_attributes=True) for p in rows]
