"""JSON API under /api. Each module is one area; all share the same services as pages and CLI."""

from fastapi import APIRouter

from hudud.web.api import account, documents, reference, screening, travellers
from hudud.web.api import border as border
from hudud.web.api import manifests as manifests
from hudud.web.api import secretariat as secretariat
from hudud.web.api import sharing as sharing
from hudud.web.api import manifests as manifests
from hudud.web.api import training as training

router = APIRouter()
router.include_router(account.router)
router.include_router(reference.router)
router.include_router(travellers.router)
router.include_router(documents.router)
router.include_router(screening.router)
router.include_router(training.router)
router.include_router(manifests.router)
router.include_router(secretariat.router)
router.include_router(manifests.router)
router.include_router(border.router)
router.include_router(sharing.router)
