"""Screening and lists over HTTP: one traveller, the lists in force, and list imports."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from hudud.errors import N_, InvalidInput
from hudud.screening.engine import Hit
from hudud.screening.entries import BirthDate, IdentityDocument, Traveller
from hudud.services import lists
from hudud.web.deps import as_caller

router = APIRouter(tags=["screening"])


class ScreenRequest(BaseModel):
    name: str | None = Field(default=None, max_length=300, description="Full name in any script.")
    names: list[str] = Field(
        default_factory=list, max_length=10, description="Other forms of the name (e.g. Arabic)."
    )
    given_names: str | None = Field(default=None, max_length=200)
    surname: str | None = Field(default=None, max_length=200)
    birth_date: str | None = Field(
        default=None, description="YYYY-MM-DD, YYYY-MM or YYYY.", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"
    )
    nationality: str | None = Field(default=None, max_length=3)
    gender: str | None = Field(default=None, pattern="^[MF]$")
    document_number: str | None = Field(default=None, max_length=40)
    document_issuer: str | None = Field(default=None, max_length=3)
    limit: int = Field(default=5, ge=1, le=50)
    threshold: float | None = Field(default=None, ge=0, le=1)


class ScreenResult(BaseModel):
    id: str
    score: float
    match: bool
    explanation: str
    list: str | None = None
    name: str | None = None
    reference: str | None = None


def parse_birth(text: str | None) -> BirthDate | None:
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    try:
        return BirthDate(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)
    except ValueError as exc:
        raise InvalidInput(
            N_("birth_date %(text)s is not a real date: %(exc)s"),
            values={"text": repr(text), "exc": exc},
            field="birth_date",
        ) from None


def traveller_from(body: ScreenRequest, query_id: str = "query") -> Traveller:
    forms = [n for n in [body.name, *body.names] if n and n.strip()]
    if not forms and not (body.given_names or body.surname) and not body.document_number:
        raise InvalidInput(N_("give a name (or given names and surname) or a document number"), field="name")
    documents = (
        (IdentityDocument(number=body.document_number, issuing_state=body.document_issuer),)
        if body.document_number
        else ()
    )
    return Traveller(
        id=query_id,
        names=tuple(forms),
        given=body.given_names,
        family=body.surname,
        birth_date=parse_birth(body.birth_date),
        nationalities=(body.nationality.upper(),) if body.nationality else (),
        gender=body.gender,  # type: ignore[arg-type]
        documents=documents,
    )


def result_of(hit: Hit) -> ScreenResult:
    entry = hit.entry
    return ScreenResult(
        id=hit.entry_id,
        score=round(hit.score, 4),
        match=hit.match,
        explanation=hit.explanation,
        list=entry.list_name if entry else None,
        name=entry.primary_name if entry else None,
        reference=entry.reference if entry else None,
    )


@router.post("/screen", response_model=dict[str, list[ScreenResult]])
def screen(body: ScreenRequest, request: Request) -> dict[str, list[ScreenResult]]:
    """Screen one traveller against every list in force for the caller's state, with explanations."""
    traveller = traveller_from(body)
    engine = request.app.state.screening
    hits = as_caller(
        request, lambda s, c: engine.screen(s, c, traveller, limit=body.limit, threshold=body.threshold)
    )
    return {"results": [result_of(h) for h in hits]}


class ListVersionOut(BaseModel):
    number: int
    imported_at: datetime
    imported_by: str
    source_name: str
    generated_on: date | None
    entries: int
    documents: int
    rejected: int
    added: int
    changed: int
    removed: int


class ListOut(BaseModel):
    name: str
    kind: str
    format: str
    owner: str | None
    in_force: bool
    active: ListVersionOut | None


@router.get("/lists", response_model=list[ListOut])
def lists_in_force(request: Request) -> list[ListOut]:
    """The lists this node screens against (shared lists and the caller's state's own), with versions and counts."""
    rows = as_caller(request, lambda s, c: lists.lists_in_force(s, c))
    return [
        ListOut(
            name=w.name,
            kind=w.kind,
            format=w.format,
            owner=w.owner,
            in_force=w.in_force,
            active=ListVersionOut.model_validate(v, from_attributes=True) if v else None,
        )
        for w, v in rows
    ]


@router.get("/lists/{name}/versions", response_model=list[ListVersionOut])
def list_versions(name: str, request: Request) -> list[ListVersionOut]:
    rows = as_caller(request, lambda s, c: lists.versions(s, c, name))
    return [ListVersionOut.model_validate(v, from_attributes=True) for v in rows]


@router.post("/lists/import")
def import_list(
    request: Request,
    file: UploadFile = File(
        ..., description="UN XML, OFAC CSV, EU XML, FtM JSON lines, national or lost-document CSV"
    ),
    name: str | None = Form(
        None, description="List name (default from the format: un, ofac, eu, national:<file>)"
    ),
) -> dict[str, Any]:
    """Import a list file as a new version (atomic: on any problem the list in force is kept)."""
    settings = request.app.state.settings
    uploads = settings.var_dir / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    suffix = Path(file.filename or "list").suffix[:10]
    with tempfile.NamedTemporaryFile(dir=uploads, suffix=suffix, delete=False) as handle:
        while chunk := file.file.read(1 << 20):
            handle.write(chunk)
        path = Path(handle.name)
    named = path.with_name(Path(file.filename or path.name).name)
    try:
        path.rename(named)
        report = as_caller(request, lambda s, c: lists.import_list(s, c, named, list_name=name or None))
    finally:
        for leftover in (path, named):
            leftover.unlink(missing_ok=True)
    return {
        "list": report.list_name,
        "version": report.version,
        "entries": report.entries,
        "documents": report.documents,
        "added": len(report.added),
        "changed": len(report.changed),
        "removed": len(report.removed),
        "rejected": report.errors[:100],
    }
