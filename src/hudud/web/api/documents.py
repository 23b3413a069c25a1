"""Travel documents: check MRZ text or read the MRZ on a photo (contract shape of ``hudud mrz check``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, File, Request, UploadFile
from pydantic import BaseModel, Field

from hudud.services import document_checks
from hudud.web.deps import as_caller

router = APIRouter(prefix="/documents", tags=["documents"])


class MRZText(BaseModel):
    text: str = Field(
        min_length=1,
        max_length=document_checks.MAX_MRZ_TEXT,
        description="One or more MRZs (2 or 3 lines each), separated by blank lines.",
        examples=[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
        ],
    )


@router.post("/mrz")
def check_mrz(body: MRZText, request: Request) -> dict[str, Any]:
    """Check each MRZ: every check digit, dates, codes, OCR repairs and findings for the officer."""
    results = as_caller(request, lambda s, c: document_checks.check_text(s, c, body.text))
    return {"results": results}


@router.post("/mrz/image")
def read_mrz_image(
    request: Request, file: UploadFile = File(..., description="JPEG or PNG photo or scan")
) -> dict[str, Any]:
    """Find the MRZ on a photo or scan, read it (OCR on this server, offline) and check it."""
    data = file.file.read()
    return as_caller(request, lambda s, c: document_checks.check_image(s, c, data))
