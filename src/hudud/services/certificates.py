"""Certificates of the Regional Training Centre: issue, public verification, PDF, renewal reminders.

The PDF is laid out by fpdf2 with HarfBuzz shaping (uharfbuzz), so Arabic letters join and run right
to left, and carries a QR code (segno) of the public verification address. Fonts come from the
system (Debian ``fonts-noto-core`` for Arabic, ``fonts-dejavu-core`` for Latin); a missing font is a
configuration error that says which package to install."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import ConfigurationError, Conflict, NotFound
from hudud.policy import Caller, Permission, Principal
from hudud.services import audit
from hudud.services import training as svc
from hudud.store.training_tables import Certificate, Nomination
from hudud.training import codes, rules

ANONYMOUS = Principal(user_id=0, username="anonymous", country="", agency="public", roles=frozenset())
REMINDER_DAYS = 90
FONT_DIRS = (
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts/opentype"),
    Path("/usr/local/share/fonts"),
)
FONTS = {
    "arabic": ("NotoNaskhArabic-Regular.ttf", "NotoSansArabic-Regular.ttf"),
    "arabic-bold": ("NotoNaskhArabic-Bold.ttf", "NotoSansArabic-Bold.ttf"),
    "latin": ("DejaVuSans.ttf", "NotoSans-Regular.ttf"),
    "latin-bold": ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf"),
}


def N_(message: str) -> str:
    """Mark certificate wording for the catalogs; the entry point passes the translator."""
    return message


WORDING = (
    N_("Regional Training Centre"), N_("Certificate of completion"), N_("This certifies that"),
    N_("has successfully completed the course"), N_("held in %(venue)s from %(start)s to %(end)s"),
    N_("Issued on %(date)s"), N_("Valid until %(date)s"), N_("Verification code"),
    N_("Scan the code or visit the address to verify this certificate"),
)  # fmt: skip


# ----- issue and verify --------------------------------------------------------------------------


def issue(session: Session, caller: Caller, nomination_id: int, today: date | None = None) -> Certificate:
    """Issue the certificate of a participant who passed with enough attendance."""
    svc.require(
        caller,
        Permission.TRAINING_MANAGE,
        "training.certificate.issue",
        N_("only centre staff issue certificates"),
    )
    nomination = svc.get_nomination(session, nomination_id)
    existing = session.scalar(select(Certificate).where(Certificate.nomination_id == nomination.id))
    if existing is not None:
        raise Conflict(
            N_("%(name)s already holds certificate %(code)s"),
            values={"name": nomination.name, "code": existing.code},
        )
    course = nomination.session.course
    problem = rules.certificate_problem(
        passed=svc.has_passed(nomination),
        attendance_percent=svc.attendance_percent(nomination),
        min_attendance=course.min_attendance,
        status=nomination.status,
    )
    if problem:
        raise Conflict(N_("%(name)s: %(problem)s"), values={"name": nomination.name, "problem": problem})
    today = today or date.today()
    code = _fresh_code(session)
    expires = rules.add_months(today, course.validity_months) if course.validity_months else None
    certificate = Certificate(
        nomination_id=nomination.id, code=code, issued_on=today, expires_on=expires, issued_by=caller.name
    )
    session.add(certificate)
    session.flush()
    audit.append(
        session, caller, "training.certificate.issue", record_type="certificate", record_id=certificate.id
    )
    return certificate


def _fresh_code(session: Session) -> str:
    while True:
        code = codes.make_code("".join(secrets.choice(codes.ALPHABET) for _ in range(8)))
        if session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


def certificate_of(session: Session, nomination_id: int) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.nomination_id == nomination_id))


@dataclass(frozen=True)
class Verification:
    """All the public page shows: name, course, date, status."""

    code: str
    name: str
    name_ar: str
    course: object  # the Course (for its localised name)
    issued_on: date
    expires_on: date | None
    status: str  # valid, expired, revoked


def verify(
    session: Session, text: str, remote_addr: str | None = None, today: date | None = None
) -> Verification:
    """Public: the certificate with this code; a malformed, forged or unknown code is refused."""
    caller = Caller(ANONYMOUS, remote_addr, via="public")
    try:
        code = codes.normalise_code(text)
    except codes.BadCode as why:
        raise NotFound(str(why)).then(audit.denial(caller, "training.certificate.verify")) from None
    certificate = session.scalar(select(Certificate).where(Certificate.code == code))
    if certificate is None:
        raise NotFound(N_("no certificate has this code: it may be mistyped or forged")).then(
            audit.denial(caller, "training.certificate.verify", "certificate", code)
        )
    audit.append(
        session, caller, "training.certificate.verify", record_type="certificate", record_id=certificate.id
    )
    nomination = certificate.nomination
    return Verification(
        code=certificate.code,
        name=nomination.name,
        name_ar=nomination.name_ar,
        course=nomination.session.course,
        issued_on=certificate.issued_on,
        expires_on=certificate.expires_on,
        status=rules.certificate_status(certificate.status, certificate.expires_on, today or date.today()),
    )


def readable_certificate(session: Session, caller: Caller, certificate_id: int) -> Certificate:
    """The centre, the holder, and their state's focal point may download a certificate."""
    certificate = session.get(Certificate, certificate_id)
    allowed = certificate is not None and (
        caller.can(Permission.TRAINING_MANAGE)
        or (caller.principal is not None and certificate.nomination.user_id == caller.principal.user_id)
        or (caller.can(Permission.TRAINING_NOMINATE) and caller.country == certificate.nomination.country)
    )
    if certificate is None or not allowed:
        raise NotFound(N_("this certificate does not exist or you may not see it")).then(
            audit.denial(caller, "training.certificate.read", "certificate", certificate_id)
        )
    audit.append(
        session, caller, "training.certificate.read", record_type="certificate", record_id=certificate.id
    )
    return certificate


# ----- reminders ---------------------------------------------------------------------------------


def due_reminders(session: Session, caller: Caller, today: date | None = None) -> list[Certificate]:
    """Valid certificates within ``REMINDER_DAYS`` of expiry (or expired) not yet reminded."""
    svc.require(
        caller, Permission.TRAINING_MANAGE, "training.reminders", N_("only centre staff send reminders")
    )
    today = today or date.today()
    rows = session.scalars(
        select(Certificate).where(Certificate.status == "valid", Certificate.expires_on.is_not(None))
    )
    return [c for c in rows if rules.reminder_due(c.expires_on, c.reminded_on, today, REMINDER_DAYS)]


def send_reminders(session: Session, caller: Caller, today: date | None = None) -> list[Certificate]:
    """Mark due reminders as sent; the holder sees it on their record and the centre on its list."""
    today = today or date.today()
    due = due_reminders(session, caller, today)
    for certificate in due:
        certificate.reminded_on = today
        audit.append(
            session,
            caller,
            "training.certificate.remind",
            record_type="certificate",
            record_id=certificate.id,
        )
    return due


def renewal_notice(certificate: Certificate, today: date | None = None) -> bool:
    """True when the holder should be told to renew (within the reminder window or expired)."""
    if certificate.expires_on is None or certificate.status != "valid":
        return False
    return (certificate.expires_on - (today or date.today())).days <= REMINDER_DAYS


# ----- PDF ---------------------------------------------------------------------------------------


@cache
def font_path(kind: str) -> Path:
    """The first installed font for ``kind``; a clear error names the Debian package otherwise."""
    for name in FONTS[kind]:
        for folder in FONT_DIRS:
            found = next(iter(sorted(folder.rglob(name))), None) if folder.is_dir() else None
            if found:
                return found
    package = "fonts-noto-core" if kind.startswith("arabic") else "fonts-dejavu-core"
    raise ConfigurationError(
        f"certificate font missing: none of {', '.join(FONTS[kind])} is installed; "
        f"install the Debian package {package}"
    )


def render_pdf(
    certificate: Certificate,
    *,
    lang: str,
    verify_url: str,
    translate: Callable[[str], str],
    format_date: Callable[[date], str],
) -> bytes:
    """The certificate as PDF in ``lang`` (en, ar or fr); Arabic pages are laid out right to left."""
    from fpdf import FPDF

    nomination: Nomination = certificate.nomination
    course = nomination.session.course
    rtl = lang == "ar"
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(translate("Certificate of completion"))
    pdf.set_creator("Hudud")
    for family, kind in (("latin", "latin"), ("arabic", "arabic")):
        pdf.add_font(family, "", str(font_path(kind)))
        pdf.add_font(family, "B", str(font_path(kind + "-bold")))
    pdf.set_fallback_fonts(["arabic"] if not rtl else ["latin"])
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(31, 111, 92)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    body = "arabic" if rtl else "latin"
    width = 257

    def line(text: str, size: int, *, bold: bool = False, family: str = body, gap: float = 4) -> None:
        pdf.set_font(family, "B" if bold else "", size)
        pdf.set_x(20)
        pdf.multi_cell(width, size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    course_name = str(getattr(course, f"name_{lang}", "") or course.name_en)
    primary, secondary = (
        (nomination.name_ar, nomination.name) if rtl else (nomination.name, nomination.name_ar)
    )
    pdf.set_y(24)
    line(translate("Regional Training Centre"), 16, bold=True)
    line(translate("Certificate of completion"), 30, bold=True, gap=8)
    line(translate("This certifies that"), 14)
    line(primary or secondary, 26, bold=True, family="arabic" if rtl and primary else "latin", gap=1)
    if primary and secondary:
        line(secondary, 18, family="latin" if rtl else "arabic")
    line(translate("has successfully completed the course"), 14)
    line(course_name, 20, bold=True)
    row = nomination.session
    held = translate("held in %(venue)s from %(start)s to %(end)s") % {
        "venue": row.venue, "start": format_date(row.start_date), "end": format_date(row.end_date),
    }  # fmt: skip
    line(held, 12)
    dates = translate("Issued on %(date)s") % {"date": format_date(certificate.issued_on)}
    if certificate.expires_on:
        dates += " · " + translate("Valid until %(date)s") % {"date": format_date(certificate.expires_on)}
    line(dates, 12)
    _qr_block(pdf, certificate.code, verify_url, rtl, translate, body)
    return bytes(pdf.output())


def _qr_block(
    pdf: object, code: str, url: str, rtl: bool, translate: Callable[[str], str], body: str
) -> None:
    import segno
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=6, border=2)
    image.seek(0)
    size, y = 38, 152
    qr_x = 24 if not rtl else 287 - 24 - size
    text_x = qr_x + size + 6 if not rtl else 24
    width = 205 if not rtl else qr_x - 6 - text_x  # the text stays beside the code, never under it
    pdf.image(image, x=qr_x, y=y, w=size, h=size)
    pdf.set_xy(text_x, y + 4)
    pdf.set_font(body, "B", 12)
    align = "R" if rtl else "L"
    pdf.cell(width, 7, translate("Verification code"), align=align, new_x="LEFT", new_y="NEXT")
    pdf.set_font("latin", "B", 16)
    pdf.cell(width, 9, code, align=align, new_x="LEFT", new_y="NEXT")
    pdf.set_font(body, "", 10)
    note = translate("Scan the code or visit the address to verify this certificate")
    pdf.cell(width, 6, note, align=align, new_x="LEFT", new_y="NEXT")
    pdf.set_font("latin", "", 10)
    pdf.cell(width, 6, url, align=align, link=url)
