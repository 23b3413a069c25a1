"""Traveller records (personal data: authorised by state and role, every read audit-logged)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from hudud.services import travellers
from hudud.web.deps import as_caller

router = APIRouter(prefix="/travellers", tags=["travellers"])


class TravellerIn(BaseModel):
    surname: str = Field(min_length=1, max_length=200)
    given_names: str = Field(default="", max_length=200)
    name_arabic: str | None = Field(default=None, max_length=200)
    birth_date: date | None = None
    sex: str | None = Field(default=None, pattern="^[FMX]$")
    nationality: str | None = Field(default=None, min_length=1, max_length=3)
    document_type: str | None = Field(default=None, max_length=4)
    document_number: str | None = Field(default=None, max_length=32)
    document_issuer: str | None = Field(default=None, max_length=3)
    document_expiry: date | None = None


class TravellerOut(TravellerIn):
    id: int
    country: str


@router.get("", response_model=list[TravellerOut])
def search(request: Request, q: str = Query(min_length=2, max_length=100)) -> list[TravellerOut]:
    rows = as_caller(request, lambda s, c: travellers.search_travellers(s, c, q))
    return [TravellerOut.model_validate(r, from_attributes=True) for r in rows]


@router.get("/{traveller_id}", response_model=TravellerOut)
def read(traveller_id: int, request: Request) -> TravellerOut:
    record = as_caller(request, lambda s, c: travellers.get_traveller(s, c, traveller_id))
    return TravellerOut.model_validate(record, from_attributes=True)


@router.post("", response_model=TravellerOut, status_code=201)
def create(body: TravellerIn, request: Request) -> TravellerOut:
    data = travellers.NewTraveller(**body.model_dump())
    record = as_caller(request, lambda s, c: travellers.create_traveller(s, c, data))
    return TravellerOut.model_validate(record, from_attributes=True)
