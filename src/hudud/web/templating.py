"""Jinja2 environment for pages: translations, locale-aware formatting, navigation by role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from hudud.policy import Caller, Permission
from hudud.web import i18n
from hudud.web.explain import explain
from hudud.web.issue_text import parse_issue
from hudud.web.mrz_text import mrz_error, mrz_field
from hudud.web.security import csrf_token
from hudud.web.training_feedback import missed_html

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str  # English source; translated at render time
    permission: Permission | None


@dataclass(frozen=True)
class NavGroup:
    """An area of the navigation: a disclosure menu, or a direct link when the caller sees one item of it."""

    key: str  # stable name for styling and tests: ``nav-group-<key>``
    label: str  # English source; translated at render time
    items: tuple[NavItem, ...]

    def holds(self, path: str | None) -> bool:
        return any(item.path == path for item in self.items)


P = Permission
BORDER_DESK = NavItem("/border", "Border desk", P.TRAVELLERS_WRITE)

# The order officers see, grouped as the people who use it think of the work; an item shows only to roles
# whose permission it needs. The desk stays a direct link, first: an officer at a crossing point reaches
# it in one click whatever else their roles add.
NAVIGATION: tuple[NavItem | NavGroup, ...] = (
    BORDER_DESK,
    NavItem("/", "Home", None),
    NavGroup(
        "border",
        "Border",
        (
            NavItem("/border/cases", "Hit cases", P.SCREEN),
            NavItem("/travellers", "Travellers", P.TRAVELLERS_READ),
            NavItem("/border/overstayers", "Overstayers", P.TRAVELLERS_READ),
            NavItem("/border/statistics", "Border statistics", P.STATS_READ),
        ),
    ),
    NavGroup(
        "screening",
        "Screening",
        (
            NavItem("/screening", "Screening", P.SCREEN),
            NavItem("/lists", "Lists", P.LISTS_READ),
            NavItem("/documents", "Documents", P.DOCUMENTS_CHECK),
            NavItem("/alerts", "Alerts", P.ALERTS_SHARE),
            NavItem("/piu", "Passenger information", P.PASSENGERS_ANALYSE),
        ),
    ),
    # catalogue for all staff; each role sees its part
    NavGroup("training", "Training", (NavItem("/training", "Training", None),)),
    NavGroup("secretariat", "Secretariat", (NavItem("/secretariat", "Secretariat", P.SECRETARIAT_READ),)),
    NavGroup(
        "admin",
        "Administration",
        (
            NavItem("/admin/users", "Users", P.USERS_MANAGE),
            NavItem("/admin/audit", "Audit log", P.AUDIT_READ),
        ),
    ),
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
    env.filters["bdi"] = _bdi  # a value (user name, code, free text) isolated inside a translated sentence
    env.filters["explain"] = explain  # a hit's reasons in the page's language
    env.filters["missed"] = missed_html  # an exercise's missed issue in the page's language
    env.filters["error_text"] = i18n.error_text  # a refusal or rejection in the page's language
    env.filters["mrz_error"] = mrz_error  # a failed MRZ check in the page's language
    env.filters["mrz_field"] = mrz_field  # an MRZ field's name in the page's language
    env.filters["parse_issue"] = parse_issue  # a problem met reading a passenger list, in the page's language
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


def _bdi(value: object, kind: str = "") -> Markup:
    """The value escaped and wrapped in ``<bdi>``: a Latin user name or note keeps its own order (and its
    punctuation stays on its side) inside an Arabic sentence. ``|bdi("code")`` marks a code (NER-ASSAMAKA,
    an ICAO code) that must not break at its hyphen in a narrow cell (``.code`` in app.css)."""
    if kind:
        return Markup('<bdi class="{}">{}</bdi>').format(kind, value)
    return Markup("<bdi>{}</bdi>").format(value)


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


def _visible(caller: Caller, item: NavItem) -> bool:
    return item.permission is None or caller.can(item.permission)


def navigation(caller: Caller | None) -> list[NavItem | NavGroup]:
    """The caller's navigation: direct links, and groups of two or more items they may open.

    A group of which the caller sees a single item becomes that item's direct link; one they see nothing
    of is left out."""
    if caller is None:
        return []
    entries: list[NavItem | NavGroup] = []
    for entry in NAVIGATION:
        if isinstance(entry, NavItem):
            if _visible(caller, entry):
                entries.append(entry)
            continue
        items = tuple(item for item in entry.items if _visible(caller, item))
        if len(items) == 1:
            entries.append(items[0])
        elif items:
            entries.append(NavGroup(entry.key, entry.label, items))
    return entries


def nav_links(entries: list[NavItem | NavGroup]) -> list[NavItem]:
    """Every link of a navigation, groups opened, in order."""
    return [item for entry in entries for item in (entry.items if isinstance(entry, NavGroup) else (entry,))]


def nav_section(entries: list[NavItem | NavGroup], path: str) -> str | None:
    """Path of the navigation link the page at ``path`` belongs to: the link itself or the longest one
    above it (``/travellers/12`` is under Travellers, ``/border/cases/3`` under Hit cases, not the desk)."""
    paths = [item.path for item in nav_links(entries)]
    within = [p for p in paths if path == p or (p != "/" and path.startswith(p.rstrip("/") + "/"))]
    return max(within, key=len) if within else None


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
    nav = navigation(caller)
    values: dict[str, Any] = {
        "request": request,
        "lang": locale,
        "dir": i18n.direction(locale),
        "languages": i18n.LANGUAGE_NAMES,
        "csrf_token": csrf_token(request),
        "caller": caller,
        "nav": nav,
        "nav_section": nav_section(nav, request.url.path),
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
