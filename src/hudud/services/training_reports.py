"""Training statistics for the centre and the Secretariat, with CSV and XLSX export.

Aggregates only: no names leave this module, so anyone with ``stats.read`` may see them too."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hudud.errors import N_, Forbidden
from hudud.policy import Caller, Permission
from hudud.services import audit
from hudud.store.training_tables import Certificate, Nomination, TrainingSession
from hudud.training import reports, rules

HEADER = ("key", "trained", "assessed", "passed", "pass_rate_percent", "certified")


def _require(caller: Caller, action: str) -> None:
    if not (caller.can(Permission.TRAINING_MANAGE) or caller.can(Permission.STATS_READ)):
        raise Forbidden(N_("training statistics are for the centre and statistics readers")).then(
            audit.denial(caller, action)
        )


def participations(session: Session, year: int | None = None) -> list[reports.Participation]:
    certified = set(session.scalars(select(Certificate.nomination_id)))
    query = (
        select(Nomination)
        .where(Nomination.status == rules.APPROVED)
        .options(selectinload(Nomination.attendance), selectinload(Nomination.assessments))
        .join(TrainingSession, Nomination.session_id == TrainingSession.id)
    )
    rows = []
    for n in session.scalars(query):
        started = n.session.start_date.year
        if year is not None and started != year:
            continue
        rows.append(
            reports.Participation(
                country=n.country,
                agency=n.agency,
                course=n.session.course.code,
                year=started,
                attended=any(a.present for a in n.attendance),
                assessed=bool(n.assessments),
                passed=any(a.passed for a in n.assessments),
                certified=n.id in certified,
            )
        )
    return rows


def report(session: Session, caller: Caller, year: int | None = None) -> reports.Report:
    _require(caller, "training.report.read")
    built = reports.build(participations(session, year))
    audit.append(session, caller, "training.report.read", detail=f"year={year or 'all'}")
    return built


def to_csv(built: reports.Report, dimension: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow((dimension, *HEADER[1:]))
    writer.writerows(reports.table_rows(built, dimension))
    return out.getvalue()


def to_xlsx(built: reports.Report) -> bytes:
    """One sheet per dimension (state, agency, course, year)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for dimension in reports.DIMENSIONS:
        sheet = book.create_sheet(dimension)
        sheet.append([dimension, *HEADER[1:]])
        for row in reports.table_rows(built, dimension):
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
