"""Server-rendered pages (Jinja2 + HTMX). They translate requests into service calls and render."""

from fastapi import APIRouter

from hudud.web.pages import account, admin, auth, documents, home, lists, travellers
from hudud.web.pages import alerts as alerts
from hudud.web.pages import border as border
from hudud.web.pages import border_cases as border_cases
from hudud.web.pages import border_stats as border_stats
from hudud.web.pages import piu as piu
from hudud.web.pages import secretariat as secretariat
from hudud.web.pages import piu as piu
from hudud.web.pages import training as training

router = APIRouter(include_in_schema=False)
for module in (auth, home, documents, lists, travellers, admin, account, training, secretariat, alerts):
    router.include_router(module.router)
router.include_router(piu.router)
for border_module in (border, border_cases, border_stats):
    router.include_router(border_module.router)
