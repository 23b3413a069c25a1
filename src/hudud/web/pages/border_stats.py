"""Border statistics dashboard (server-rendered SVG charts, filters, CSV/XLSX export), the overstayer
list and the state's stay rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from hudud.errors import HududError, InvalidInput
from hudud.policy import Caller, Permission
from hudud.services import border, reference, statistics
from hudud.web import i18n
from hudud.web.deps import as_caller
from hudud.web.i18n import _
from hudud.web.pages.border import VOCABULARY, parse_day
from hudud.web.templating import page

router = APIRouter()
BAR_SPACE = 170  # SVG units the longest bar takes (the chart is 340 wide, like its card)
LABEL = 22  # characters of a label before it is cut


def hbars(rows: list[tuple[str, int]], css: str = "") -> dict[str, Any]:
    """A horizontal bar chart: one row per label, bars scaled to the largest value."""
    top = max((n for _label, n in rows), default=0) or 1
    return {
        "css": css,
        "height": len(rows) * 22 + 4,
        "rows": [(_short(label), n, round(n / top * BAR_SPACE, 1)) for label, n in rows],
    }


def _short(label: str) -> str:
    return label if len(label) <= LABEL else label[: LABEL - 1] + "…"


def day_columns(days: list[tuple[date, int, int]]) -> dict[str, Any]:
    """Entries and exits per day as paired columns."""
    top = max((max(e, x) for _d, e, x in days), default=0) or 1
    width = max(1.0, 600 / max(1, len(days)))
    cols = []
    for i, (day, entries, exits) in enumerate(days):
        cols.append(
            {
                "x": round(i * width, 1),
                "w": round(width / 2 - 0.5, 1),
                "entry": round(entries / top * 140, 1),
                "exit": round(exits / top * 140, 1),
                "label": day.strftime("%d/%m") if i % max(1, len(days) // 7) == 0 else "",
                "title": f"{day.isoformat()}: {entries} / {exits}",
            }
        )
    return {"cols": cols, "top": top}


def _filter(request: Request) -> statistics.StatsFilter:
    q = request.query_params
    point = q.get("crossing_point")
    return statistics.make_filter(
        parse_day(q.get("since"), "since"),
        parse_day(q.get("until"), "until"),
        int(point) if point and point.isdigit() else None,
        q.get("direction") or None,
        q.get("nationality") or None,
    )


def _dashboard(session: Session, caller: Caller, request: Request) -> dict[str, Any]:
    context: dict[str, Any] = {**VOCABULARY, "query": request.url.query}
    context["points"] = reference.crossing_points(session, caller.country)
    try:
        f = _filter(request)
    except InvalidInput as error:
        context["error"] = i18n.error_text(error)
        f = statistics.default_filter()
    stats = statistics.statistics(session, caller, f)
    reasons = border.REFUSAL_REASONS
    context.update(
        stats=stats,
        filter=f,
        per_day=day_columns(stats.by_day),
        per_point=hbars(stats.by_point),
        per_nationality=hbars(stats.by_nationality[:15]),
        per_decision=hbars([(_(border.DECISIONS.get(k, k)), n) for k, n in stats.by_decision.items()]),
        per_reason=hbars([(_(reasons.get(k, k)), n) for k, n in stats.refusal_reasons], "refused"),
        per_outcome=hbars([(_(border.CASE_STATUSES.get(k, k)), n) for k, n in stats.case_outcomes.items()]),
    )
    return context


@router.get("/border/statistics")
def dashboard_page(request: Request) -> Response:
    return page(request, "border/statistics.html", lambda s, c: _dashboard(s, c, request))


@router.get("/border/statistics.csv")
def export_csv(request: Request) -> Response:
    f = _filter(request)
    stats = as_caller(request, lambda s, c: statistics.statistics(s, c, f))
    return Response(
        statistics.to_csv(stats),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="border-{f.since}-{f.until}.csv"'},
    )


@router.get("/border/statistics.xlsx")
def export_xlsx(request: Request) -> Response:
    f = _filter(request)
    stats = as_caller(request, lambda s, c: statistics.statistics(s, c, f))
    return Response(
        statistics.to_xlsx(stats),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="border-{f.since}-{f.until}.xlsx"'},
    )


@router.get("/border/overstayers")
def overstayers_page(request: Request) -> Response:
    return page(
        request,
        "border/overstayers.html",
        lambda s, c: {"rows": border.overstayers(s, c), "reviewer": c.can(Permission.CASES_REVIEW)},
    )


def _rules(session: Session, caller: Caller, **extra: Any) -> dict[str, Any]:
    return {
        **VOCABULARY,
        "rules": border.list_stay_rules(session, caller),
        "can_edit": caller.can(Permission.CASES_REVIEW),
        **extra,
    }


@router.get("/border/rules")
def rules_page(request: Request) -> Response:
    return page(request, "border/rules.html", _rules)


@router.post("/border/rules")
async def rules_save(request: Request) -> Response:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}

    def use_case(session: Session, caller: Caller) -> dict[str, Any]:
        try:
            border.set_stay_rule(
                session,
                caller,
                nationality=form.get("nationality") or "*",
                visa_type=form.get("visa_type") or "*",
                max_days=int(form.get("max_days") or 90),
                window_days=int(form.get("window_days") or 180),
                visa_required=form.get("visa_required") == "on",
                unlimited=form.get("unlimited") == "on",
            )
        except (HududError, ValueError) as error:
            if isinstance(error, HududError) and error.status_code in (401, 403):
                raise
            return _rules(
                session, caller, error=i18n.error_text(error) if isinstance(error, HududError) else str(error)
            )
        return _rules(session, caller, saved=True)

    return page(request, "border/rules.html", use_case, csrf=form.get("csrf_token"))
