"""The progress report for the ministerial conference: per commitment, per state (owner) and per
working group, with charts, as a web page and as PDF in English or Arabic (French too).

The PDF is laid out with fpdf2 and HarfBuzz shaping like the training certificates, and uses their
font lookup (``certificates.font_path``) so one place says which Debian font packages are needed.
In Arabic the page runs right to left: columns are mirrored and text is right-aligned."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.policy import Caller
from hudud.secretariat import charts, labels, progress
from hudud.services import audit
from hudud.services import secretariat as core
from hudud.services.certificates import font_path
from hudud.store.secretariat_tables import Proposal, SecEvent, WorkingGroup
from hudud.store.tables import Party

Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Mark PDF wording for the catalogs; the entry point passes the translator."""
    return message


WORDING = (
    N_("Progress report for the ministerial conference"), N_("Situation on %(date)s"),
    N_("%(total)s commitments: %(completed)s completed, %(overdue)s overdue; mean progress %(percent)s%%"),
    N_("overdue"), N_("Progress per state"), N_("Progress per working group"), N_("State"),
    N_("Working group"), N_("Commitments"), N_("Completed"), N_("Overdue"), N_("Progress"),
    N_("Progress per commitment"), N_("Code"), N_("Commitment"), N_("Responsible"), N_("Due"), N_("Status"),
    N_("not set"), N_("by %(date)s"), N_("Proposals approved for submission"),
)  # fmt: skip


@dataclass
class ConferenceReport:
    today: date
    tracked: list[core.Tracked]
    rollups: progress.Rollups
    groups: dict[int, WorkingGroup]
    parties: dict[str, Party]
    proposals: list[Proposal]
    conference: SecEvent | None

    def group_code(self, group_id: int | None) -> str | None:
        return self.groups[group_id].code if group_id in self.groups else None


def build(session: Session, caller: Caller, today: date | None = None) -> ConferenceReport:
    """Everything the report shows, computed once (page, PDF and API read the same object)."""
    from hudud.services.secretariat_groups import next_conference

    today = today or date.today()
    tracked = core.list_commitments(session, caller, today=today)
    groups = {g.id: g for g in session.scalars(select(WorkingGroup))}
    facts = [
        progress.Fact(
            id=t.commitment.id,
            code=t.commitment.code,
            owner=t.commitment.owner,
            group=groups[t.commitment.group_id].code if t.commitment.group_id in groups else None,
            source=t.commitment.source,
            status=t.commitment.status,
            percent=t.commitment.percent,
            due=t.due,
        )
        for t in tracked
    ]
    proposals = list(
        session.scalars(
            select(Proposal).where(Proposal.status.in_(("approved", "submitted"))).order_by(Proposal.id)
        )
    )
    report = ConferenceReport(
        today=today,
        tracked=tracked,
        rollups=progress.build(facts, today),
        groups=groups,
        parties={p.code: p for p in session.scalars(select(Party))},
        proposals=proposals,
        conference=next_conference(session),
    )
    audit.append(session, caller, "secretariat.report.read", detail=f"date={today.isoformat()}")
    return report


def local(record: Any, lang: str, prefix: str = "name") -> str:
    return str(getattr(record, f"{prefix}_{lang}", "") or getattr(record, f"{prefix}_en"))


def owner_label(report: ConferenceReport, code: str, lang: str) -> str:
    party = report.parties.get(code)
    return local(party, lang) if party else code


def group_label(report: ConferenceReport, code: str, lang: str) -> str:
    group = next((g for g in report.groups.values() if g.code == code), None)
    return local(group, lang) if group else code


def chart_bars(report: ConferenceReport, dimension: str, lang: str, overdue_word: str) -> list[charts.Bar]:
    label = owner_label if dimension == "owner" else group_label
    return [
        charts.Bar(
            label(report, r.key, lang), r.mean_percent, f"{r.overdue} {overdue_word}" if r.overdue else ""
        )
        for r in report.rollups.by.get(dimension, [])
    ]


def status_counts(report: ConferenceReport) -> dict[str, int]:
    total = report.rollups.total
    return {
        "completed": total.completed,
        "in_progress": total.in_progress,
        "delayed": total.delayed,
        "not_started": total.not_started,
    }


# ----- PDF ---------------------------------------------------------------------------------------


def render_pdf(
    report: ConferenceReport, *, lang: str, translate: Translate, format_date: Callable[[date], str]
) -> bytes:
    """The report as an A4 PDF in ``lang``; Arabic pages are laid out right to left."""
    from fpdf import FPDF

    rtl = lang == "ar"
    pdf = FPDF(orientation="P", format="A4")
    pdf.set_title(translate("Progress report for the ministerial conference"))
    pdf.set_creator("Hudud")
    for family, kind in (("latin", "latin"), ("arabic", "arabic")):
        pdf.add_font(family, "", str(font_path(kind)))
        pdf.add_font(family, "B", str(font_path(kind + "-bold")))
    body = "arabic" if rtl else "latin"
    pdf.set_fallback_fonts(["latin"] if rtl else ["arabic"])
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    align = "R" if rtl else "L"
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font(body, "B", size)
        pdf.multi_cell(width, size * 0.6, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def para(text: str, size: int = 10) -> None:
        pdf.set_font(body, "", size)
        pdf.multi_cell(width, size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    heading(translate("Progress report for the ministerial conference"), 17)
    if report.conference:
        para(local(report.conference, lang), 11)
    total = report.rollups.total
    para(translate("Situation on %(date)s") % {"date": format_date(report.today)})
    para(
        translate(
            "%(total)s commitments: %(completed)s completed, %(overdue)s overdue; mean progress %(percent)s%%"
        )
        % {
            "total": total.total,
            "completed": total.completed,
            "overdue": total.overdue,
            "percent": total.mean_percent,
        }
    )
    overdue_word = translate("overdue")
    for dimension, title in (
        ("owner", translate("Progress per state")),
        ("group", translate("Progress per working group")),
    ):
        heading(title, 13)
        _bars(pdf, chart_bars(report, dimension, lang, overdue_word), rtl, body)
        rows = report.rollups.by.get(dimension, [])
        label = owner_label if dimension == "owner" else group_label
        header = [translate("State") if dimension == "owner" else translate("Working group"), translate("Commitments"),
                  translate("Completed"), translate("Overdue"), translate("Progress")]  # fmt: skip
        _table(pdf, header, [[label(report, r.key, lang), str(r.total), str(r.completed), str(r.overdue), f"{r.mean_percent}%"] for r in rows],
               (70, 30, 30, 30, 30), rtl, body)  # fmt: skip
    heading(translate("Progress per commitment"), 13)
    header = [
        translate("Code"),
        translate("Commitment"),
        translate("Responsible"),
        translate("Due"),
        translate("Status"),
        translate("Progress"),
    ]
    lines: list[list[str]] = []
    for t in report.tracked:
        c = t.commitment
        due = format_date(t.due.on) if t.due.on else translate("not set")
        if t.due.on and t.due.approximate:
            due = translate("by %(date)s") % {"date": due}
        status = translate(labels.label(c.status)) + (f" · {overdue_word}" if t.overdue else "")
        lines.append(
            [c.code, local(c, lang), owner_label(report, c.owner, lang), due, status, f"{c.percent}%"]
        )
    _table(pdf, header, lines, (20, 72, 28, 25, 25, 20), rtl, body)
    if report.proposals:
        heading(translate("Proposals approved for submission"), 13)
        for p in report.proposals:
            para(
                f"{local(p, lang) or p.name_en} · {group_label(report, report.groups[p.group_id].code, lang)} · {translate(labels.label(p.status))}"
            )
    return bytes(pdf.output())


def _table(
    pdf: Any, header: list[str], rows: list[list[str]], widths: tuple[int, ...], rtl: bool, body: str
) -> None:
    """A table whose columns run right to left in Arabic."""
    order = list(reversed(range(len(header)))) if rtl else list(range(len(header)))
    pdf.set_font(body, "", 9)
    pdf.set_fill_color(255, 255, 255)  # the bars leave the brand colour as the fill colour
    with pdf.table(
        col_widths=tuple(widths[i] for i in order),
        text_align="RIGHT" if rtl else "LEFT",
        line_height=5,
        headings_style=_headings(body),
    ) as table:
        for values in [header, *rows]:
            row = table.row()
            for i in order:
                row.cell(values[i])
    pdf.ln(3)


def _headings(body: str) -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=body, emphasis="BOLD", fill_color=(230, 235, 232))


def _bars(pdf: Any, bars: list[charts.Bar], rtl: bool, body: str) -> None:
    """Horizontal progress bars drawn in the PDF (the web page shows the same as SVG)."""
    label_w, room, row = 60, 90, 6
    left = pdf.l_margin
    for bar in bars:
        y = pdf.get_y()
        if y + row > pdf.h - 20:
            pdf.add_page()
            y = pdf.get_y()
        filled = room * max(0, min(100, bar.percent)) / 100
        value = f"{bar.percent}%" + (f" · {bar.note}" if bar.note else "")
        pdf.set_font(body, "", 9)
        if rtl:
            right = pdf.w - pdf.r_margin
            pdf.set_xy(right - label_w, y)
            pdf.cell(label_w, row, bar.label, align="R")
            pdf.set_fill_color(230, 235, 232)
            pdf.rect(right - label_w - 2 - room, y + 1, room, row - 2, style="F")
            pdf.set_fill_color(11, 93, 75)
            if filled:
                pdf.rect(right - label_w - 2 - filled, y + 1, filled, row - 2, style="F")
            pdf.set_xy(right - label_w - room - 4 - 40, y)
            pdf.cell(40, row, value, align="R")
        else:
            pdf.set_xy(left, y)
            pdf.cell(label_w, row, bar.label, align="L")
            pdf.set_fill_color(230, 235, 232)
            pdf.rect(left + label_w + 2, y + 1, room, row - 2, style="F")
            pdf.set_fill_color(11, 93, 75)
            if filled:
                pdf.rect(left + label_w + 2, y + 1, filled, row - 2, style="F")
            pdf.set_xy(left + label_w + room + 4, y)
            pdf.cell(40, row, value, align="L")
        pdf.set_y(y + row + 1)
    pdf.ln(3)
