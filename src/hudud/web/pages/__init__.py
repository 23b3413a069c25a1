"""Server-rendered pages (Jinja2 + HTMX). They translate requests into service calls and render."""

from fastapi import APIRouter

from hudud.web.pages import (
    account,
    admin,
    alerts,
    auth,
    border,
    border_cases,
    border_stats,
    documents,
    home,
    lists,
    piu,
    secretariat,
    training,
    travellers,
)

router = APIRouter(include_in_schema=False)
# Order matters only where paths could overlap: the shell first, then each area.
for module in (
    auth,
    home,
    documents,
    lists,
    travellers,
    admin,
    account,
    training,
    secretariat,
    alerts,
    border,
    border_cases,
    border_stats,
    piu,
):
    router.include_router(module.router)
