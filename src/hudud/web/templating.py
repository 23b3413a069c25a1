"""Jinja2 environment for pages: translations, locale-aware formatting, navigation by role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from hudud.policy import Caller, Permission
from hudud.web import i18n
from hudud.web.explain import explain
from hudud.web.security import csrf_token

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # English source; translated at render time
    permission: Permission | None


# The order officers see; an item shows only to roles whose permission it needs.
NAVIGATION = (
    NavItem("/", "Home", None),
    NavItem("/documents", "Documents", Permission.DOCUMENTS_CHECK),
    NavItem("/screening", "Screening", Permission.SCREEN),
    NavItem("/travellers", "Travellers", Permission.TRAVELLERS_READ),
    NavItem("/border", "Border desk", Permission.TRAVELLERS_WRITE),
    NavItem("/border/cases", "Hit cases", Permission.SCREEN),
    NavItem("/border/overstayers", "Overstayers", Permission.TRAVELLERS_READ),
    NavItem("/border/statistics", "Border statistics", Permission.STATS_READ),
    NavItem("/lists", "Lists", Permission.LISTS_READ),
    NavItem("/alerts", "Alerts", Permission.ALERTS_SHARE),
    NavItem("/piu", "Passenger information", Permission.CASES_REVIEW),
    NavItem("/admin/users", "Users", Permission.USERS_MANAGE),
    NavItem("/admin/audit", "Audit log", Permission.AUDIT_READ),
    NavItem("/training", "Training", None),  # catalogue for all staff; each role sees its part
    NavItem("/secretariat", "Secretariat", Permission.SECRETARIAT_READ),
    NavItem("/account", "My account", None),
)


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext_, i18n.ngettext_, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = i18n.fmt_date
    env.filters["number"] = i18n.fmt_number
    env.filters["local_name"] = local_name
    env.filters["country"] = _country
    env.filters["isodate"] = _isodate
    env.filters["explain"] = explain  # a hit's reasons in the page's language
    return env


def local_name(record: Any) -> str:
    """``name_ar``/``name_fr``/``name_en`` of a record, in the page's language."""
    return str(getattr(record, f"name_{i18n.current_locale()}", None) or record.name_en)


def _country(code: str | None) -> str:
    """Country name of an ICAO code in the page's language (empty for none)."""
    if not code:
        return ""
    from hudud.documents.countries import country_name

    return country_name(code, i18n.current_locale())


def _isodate(value: str | None) -> str:
    """An ISO date string (from a JSON-shaped result) formatted for the page's language."""
    if not value:
        return ""
    from datetime import date

    try:
        return i18n.fmt_date(date.fromisoformat(value))
    except ValueError:
        return value


ENV = _env()


def navigation(caller: Caller | None) -> list[NavItem]:
    if caller is None:
        return []
    return [item for item in NAVIGATION if item.permission is None or caller.can(item.permission)]


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    caller: Caller | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page in the request's language, with ``lang``/``dir`` and the CSRF token available."""
    locale = i18n.current_locale()
    values: dict[str, Any] = {
        "request": request,
        "lang": locale,
        "dir": i18n.direction(locale),
        "languages": i18n.LANGUAGE_NAMES,
        "csrf_token": csrf_token(request),
        "caller": caller,
        "nav": navigation(caller),
        "current_path": request.url.path,
    }
    values.update(context or {})
    html = ENV.get_template(template).render(values)
    return HTMLResponse(html, status_code=status_code)


def page(
    request: Request,
    template: str,
    use_case: Any,
    *,
    csrf: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Authenticate, run ``use_case(session, caller) -> context`` in one unit of work, render."""
    from hudud.web.deps import as_caller

    caller, context = as_caller(request, lambda s, c: (c, use_case(s, c)), csrf=csrf)
    return render(request, template, context, caller=caller, status_code=status_code)
