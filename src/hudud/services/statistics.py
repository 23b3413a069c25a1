"""Border statistics: counts only, never names — crossings per post, day, direction and nationality,
hits and their outcomes, refusal reasons, overstays; with filters, and as rows for CSV/XLSX export.

Supervisors and analysts see their state's figures (stats.read); the local operator sees every state."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hudud.errors import InvalidInput
from hudud.policy import Caller, Permission
from hudud.services import audit
from hudud.services.border import N_, overstayers, require
from hudud.services.cases import PRE_ARRIVAL
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.store.tables import CrossingPoint, utcnow

MAX_DAYS = 366


@dataclass(frozen=True)
class StatsFilter:
    since: date
    until: date
    crossing_point_id: int | None = None
    direction: str | None = None
    nationality: str | None = None


@dataclass
class Stats:
    """Every figure of the dashboard for one filter."""

    filter: StatsFilter
    total: int = 0
    by_day: list[tuple[date, int, int]] = field(default_factory=list)  # day, entries, exits
    by_point: list[tuple[str, int]] = field(default_factory=list)
    by_direction: dict[str, int] = field(default_factory=dict)
    by_nationality: list[tuple[str, int]] = field(default_factory=list)
    by_decision: dict[str, int] = field(default_factory=dict)
    refusal_reasons: list[tuple[str, int]] = field(default_factory=list)
    hits: int = 0
    case_outcomes: dict[str, int] = field(default_factory=dict)
    overstayers: int = 0
    exits_without_entry: int = 0


def default_filter(days: int = 28) -> StatsFilter:
    today = utcnow().date()
    return StatsFilter(today - timedelta(days=days - 1), today)


def make_filter(
    since: date | None,
    until: date | None,
    crossing_point_id: int | None = None,
    direction: str | None = None,
    nationality: str | None = None,
) -> StatsFilter:
    base = default_filter()
    since, until = since or base.since, until or base.until
    if since > until:
        raise InvalidInput(N_("the start date is after the end date"), field="since")
    if (until - since).days > MAX_DAYS:
        raise InvalidInput(N_("choose at most a year"), field="since")
    if direction not in (None, "", "entry", "exit"):
        raise InvalidInput(N_("the direction is entry or exit"), field="direction")
    return StatsFilter(
        since, until, crossing_point_id, direction or None, (nationality or "").upper() or None
    )


def _where(query: Any, country: str | None, f: StatsFilter) -> Any:
    start = datetime.combine(f.since, time.min, tzinfo=UTC)
    end = datetime.combine(f.until + timedelta(days=1), time.min, tzinfo=UTC)
    query = query.where(BorderCrossing.at >= start, BorderCrossing.at < end)
    if country:
        query = query.where(BorderCrossing.country == country)
    if f.crossing_point_id:
        query = query.where(BorderCrossing.crossing_point_id == f.crossing_point_id)
    if f.direction:
        query = query.where(BorderCrossing.direction == f.direction)
    if f.nationality:
        query = query.where(BorderCrossing.nationality == f.nationality)
    return query


def statistics(session: Session, caller: Caller, f: StatsFilter) -> Stats:
    """The dashboard's figures for decided crossings matching the filter (audited, counts only)."""
    require(caller, Permission.STATS_READ, "border.statistics")
    country = caller.country  # None for the local operator: every state
    stats = Stats(f)
    decided = BorderCrossing.decision.is_not(None)
    rows = session.execute(
        _where(
            select(BorderCrossing.at, BorderCrossing.direction).where(decided),
            country,
            f,
        )
    )
    per_day: dict[date, Counter[str]] = {}
    for at, direction in rows:
        per_day.setdefault(at.date(), Counter())[direction] += 1
    day = f.since
    while day <= f.until:
        counts = per_day.get(day, Counter())
        stats.by_day.append((day, counts["entry"], counts["exit"]))
        day += timedelta(days=1)

    def grouped(column: Any) -> list[tuple[Any, int]]:
        query = _where(select(column, func.count()).where(decided), country, f).group_by(column)
        return [(key, int(n)) for key, n in session.execute(query)]

    names = {pid: code for pid, code in session.execute(select(CrossingPoint.id, CrossingPoint.code))}
    stats.by_point = sorted(
        ((names.get(k, str(k)), n) for k, n in grouped(BorderCrossing.crossing_point_id)), key=lambda r: -r[1]
    )
    stats.by_direction = {k: n for k, n in grouped(BorderCrossing.direction)}
    stats.by_nationality = sorted(
        ((k or "?", n) for k, n in grouped(BorderCrossing.nationality)), key=lambda r: -r[1]
    )
    stats.by_decision = {k: n for k, n in grouped(BorderCrossing.decision)}
    stats.total = sum(stats.by_decision.values())
    refusals = _where(
        select(BorderCrossing.reason_code, func.count()).where(BorderCrossing.decision == "refused"),
        country,
        f,
    ).group_by(BorderCrossing.reason_code)
    stats.refusal_reasons = sorted(
        ((k or "?", int(n)) for k, n in session.execute(refusals)), key=lambda r: -r[1]
    )
    stats.exits_without_entry = int(
        session.scalar(
            _where(
                select(func.count()).where(decided, BorderCrossing.exit_without_entry.is_(True)), country, f
            )
        )
        or 0
    )
    outcomes = _where(
        select(BorderCase.status, func.count())
        .join(BorderCrossing, BorderCrossing.id == BorderCase.crossing_id)
        .where(BorderCase.origin != PRE_ARRIVAL),  # list hits: not the unit's cases sent ahead
        country,
        f,
    ).group_by(BorderCase.status)
    stats.case_outcomes = {k: int(n) for k, n in session.execute(outcomes)}
    stats.hits = sum(stats.case_outcomes.values())
    if caller.principal is not None:
        stats.overstayers = len(overstayers(session, caller)) if caller.can(Permission.TRAVELLERS_READ) else 0
    audit.append(session, caller, "border.statistics", detail=f"{f.since}..{f.until} total={stats.total}")
    return stats


def table(stats: Stats) -> list[tuple[str, str, str | int]]:
    """Every figure as (section, key, value) rows: the shape of the CSV and XLSX exports."""
    rows: list[tuple[str, str, str | int]] = [
        ("filter", "since", stats.filter.since.isoformat()),
        ("filter", "until", stats.filter.until.isoformat()),
        ("filter", "crossing_point_id", stats.filter.crossing_point_id or ""),
        ("filter", "direction", stats.filter.direction or ""),
        ("filter", "nationality", stats.filter.nationality or ""),
        ("total", "crossings", stats.total),
    ]
    rows += [("day", f"{d.isoformat()} entry", e) for d, e, _x in stats.by_day]
    rows += [("day", f"{d.isoformat()} exit", x) for d, _e, x in stats.by_day]
    rows += [("crossing_point", k, n) for k, n in stats.by_point]
    rows += [("direction", k, n) for k, n in stats.by_direction.items()]
    rows += [("nationality", k, n) for k, n in stats.by_nationality]
    rows += [("decision", k, n) for k, n in stats.by_decision.items()]
    rows += [("refusal_reason", k, n) for k, n in stats.refusal_reasons]
    rows += [("case", k, n) for k, n in stats.case_outcomes.items()]
    rows += [
        ("overstayers", "now", stats.overstayers),
        ("exits_without_entry", "crossings", stats.exits_without_entry),
    ]
    return [(section, _inert(key), value) for section, key, value in rows]


def _inert(text: str) -> str:
    """A spreadsheet never runs a value as a formula (CSV/formula injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(stats: Stats) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("section", "key", "value"))
    writer.writerows(table(stats))
    return out.getvalue()


def to_xlsx(stats: Stats) -> bytes:
    """One sheet of (section, key, value) rows and one of crossings per day."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "figures"
    sheet.append(("section", "key", "value"))
    for row in table(stats):
        sheet.append(row)
    days = book.create_sheet("per day")
    days.append(("day", "entries", "exits"))
    for d, e, x in stats.by_day:
        days.append((d, e, x))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
