"""JSON API under /api. Each module is one area; all share the same services as pages and CLI."""

from fastapi import APIRouter

from hudud.web.api import (
    account,
    border,
    documents,
    manifests,
    reference,
    screening,
    secretariat,
    sharing,
    training,
    travellers,
)

router = APIRouter()
for module in (
    account,
    reference,
    travellers,
    documents,
    screening,
    border,
    manifests,
    sharing,
    training,
    secretariat,
):
    router.include_router(module.router)
