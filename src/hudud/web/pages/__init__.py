"""Server-rendered pages (Jinja2 + HTMX). They translate requests into service calls and render."""

from fastapi import APIRouter

from hudud.web.pages import account, admin, auth, documents, home, lists, travellers
from hudud.web.pages import training as training

router = APIRouter(include_in_schema=False)
for module in (auth, home, documents, lists, travellers, admin, account, training):
    router.include_router(module.router)
