"""Regional Training Centre use cases: catalogue, sessions and seats, nominations, attendance,
assessments. Certificates live in ``certificates``, exercises and reports in ``training_exercises``
and ``training_reports``.

Centre staff (``training.manage``) run the catalogue and sessions and decide nominations; each
state's focal point (``training.nominate``) nominates officers of their own state only; a trainee
(``training.own``) sees their own record. Every change and every refusal is audit-logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, Forbidden, InvalidInput, NotFound
from hudud.policy import Agency, Caller, Permission
from hudud.services import audit
from hudud.store.tables import Party, User, utcnow
from hudud.store.training_tables import (
    Assessment,
    Attendance,
    Course,
    CourseModule,
    Nomination,
    SeatAllocation,
    TrainingSession,
)
from hudud.training import rules

LANGUAGES = ("en", "ar", "fr")


def require(caller: Caller, permission: Permission, action: str, message: str) -> None:
    """Refuse (and audit the refusal) unless the caller holds ``permission``."""
    if not caller.can(permission):
        raise Forbidden(message).then(audit.denial(caller, action))


def _manage(caller: Caller, action: str) -> None:
    require(caller, Permission.TRAINING_MANAGE, action, N_("only Regional Training Centre staff may do this"))


def _text(value: str, what: str, *, required: bool = True, limit: int = 200) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(N_("%(what)s is required"), values={"what": what}, field=what)
    if len(value) > limit:
        raise InvalidInput(
            N_("%(what)s has more than %(limit)s characters"),
            values={"what": what, "limit": limit},
            field=what,
        )
    return value


# ----- catalogue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCourse:
    code: str
    name_en: str
    name_ar: str
    duration_days: int
    language: str
    name_fr: str = ""
    summary_en: str = ""
    summary_ar: str = ""
    summary_fr: str = ""
    partner: str | None = None
    prerequisites: tuple[str, ...] = ()
    pass_mark: int = 70
    max_attempts: int = 2
    min_attendance: int = 80
    validity_months: int | None = 36
    modules: tuple[tuple[str, str, str, int], ...] = field(default=())  # (en, ar, fr, hours)


def create_course(session: Session, caller: Caller, data: NewCourse) -> Course:
    _manage(caller, "training.course.create")
    code = _text(data.code, "code", limit=32).upper()
    if session.scalar(select(Course.id).where(Course.code == code)) is not None:
        raise Conflict(
            N_("a course with the code %(code)s already exists"), values={"code": code}, field="code"
        )
    if data.language not in LANGUAGES:
        raise InvalidInput(N_("the language of instruction is en, ar or fr"), field="language")
    if not 1 <= data.duration_days <= 365:
        raise InvalidInput(N_("a course lasts 1 to 365 days"), field="duration_days")
    if not 0 <= data.pass_mark <= 100 or not 0 <= data.min_attendance <= 100:
        raise InvalidInput(
            N_("the pass mark and minimum attendance are percentages (0-100)"), field="pass_mark"
        )
    if data.max_attempts < 1:
        raise InvalidInput(N_("at least one attempt is needed"), field="max_attempts")
    partner = (data.partner or "").strip().upper() or None
    if partner and session.get(Party, partner) is None:
        raise InvalidInput(
            N_("unknown partner state or organisation %(partner)s"),
            values={"partner": repr(partner)},
            field="partner",
        )
    prerequisites = sorted({p.strip().upper() for p in data.prerequisites if p.strip()})
    known = set(session.scalars(select(Course.code).where(Course.code.in_(prerequisites))))
    if set(prerequisites) - known:
        missing = ", ".join(sorted(set(prerequisites) - known))
        raise InvalidInput(
            N_("unknown prerequisite course %(missing)s"), values={"missing": missing}, field="prerequisites"
        )
    course = Course(
        code=code,
        name_en=_text(data.name_en, "name_en"),
        name_ar=_text(data.name_ar, "name_ar"),
        name_fr=_text(data.name_fr, "name_fr", required=False),
        summary_en=_text(data.summary_en, "summary_en", required=False, limit=4000),
        summary_ar=_text(data.summary_ar, "summary_ar", required=False, limit=4000),
        summary_fr=_text(data.summary_fr, "summary_fr", required=False, limit=4000),
        duration_days=data.duration_days,
        language=data.language,
        partner=partner,
        prerequisites=prerequisites,
        pass_mark=data.pass_mark,
        max_attempts=data.max_attempts,
        min_attendance=data.min_attendance,
        validity_months=data.validity_months,
    )
    session.add(course)
    session.flush()
    for en, ar, fr, hours in data.modules:
        _add_module(session, course, en, ar, fr, hours)
    audit.append(session, caller, "training.course.create", record_type="course", record_id=course.id)
    return course


def _add_module(session: Session, course: Course, en: str, ar: str, fr: str, hours: int) -> CourseModule:
    module = CourseModule(
        course_id=course.id,
        position=len(course.modules) + 1,
        name_en=_text(en, "module name_en"),
        name_ar=_text(ar, "module name_ar"),
        name_fr=_text(fr, "module name_fr", required=False),
        hours=max(0, hours),
    )
    course.modules.append(module)
    session.flush()
    return module


def add_module(
    session: Session, caller: Caller, course_id: int, en: str, ar: str, fr: str = "", hours: int = 0
) -> CourseModule:
    _manage(caller, "training.module.create")
    module = _add_module(session, get_course(session, course_id), en, ar, fr, hours)
    audit.append(session, caller, "training.module.create", record_type="course", record_id=course_id)
    return module


def list_courses(session: Session) -> list[Course]:
    """The catalogue (public information for every signed-in user)."""
    return list(session.scalars(select(Course).where(Course.active).order_by(Course.code)))


def get_course(session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound(N_("no such course"))
    return course


# ----- sessions and seats ------------------------------------------------------------------------


def create_session(
    session: Session,
    caller: Caller,
    course_id: int,
    *,
    start: date,
    end: date,
    venue: str,
    capacity: int,
    trainers: list[dict[str, str]] | None = None,
) -> TrainingSession:
    _manage(caller, "training.session.create")
    course = get_course(session, course_id)
    if end < start:
        raise InvalidInput(N_("the session ends before it starts"), field="end")
    if not 1 <= capacity <= 500:
        raise InvalidInput(N_("capacity is 1 to 500 seats"), field="capacity")
    people = [
        {"name": _text(t.get("name", ""), "trainer name"), "organisation": t.get("organisation", "").strip()}
        for t in trainers or []
        if t.get("name", "").strip()
    ]
    row = TrainingSession(
        course_id=course.id,
        start_date=start,
        end_date=end,
        venue=_text(venue, "venue"),
        capacity=capacity,
        trainers=people,
    )
    session.add(row)
    session.flush()
    audit.append(session, caller, "training.session.create", record_type="training_session", record_id=row.id)
    return row


def get_session(session: Session, session_id: int) -> TrainingSession:
    row = session.get(TrainingSession, session_id)
    if row is None:
        raise NotFound(N_("no such training session"))
    return row


def list_sessions(session: Session, course_id: int | None = None) -> list[TrainingSession]:
    query = select(TrainingSession).order_by(TrainingSession.start_date.desc(), TrainingSession.id)
    if course_id is not None:
        query = query.where(TrainingSession.course_id == course_id)
    return list(session.scalars(query))


def _count(session: Session, session_id: int, country: str, statuses: frozenset[str]) -> int:
    return (
        session.scalar(
            select(func.count(Nomination.id)).where(
                Nomination.session_id == session_id,
                Nomination.country == country,
                Nomination.status.in_(statuses),
            )
        )
        or 0
    )


def allocate_seats(
    session: Session, caller: Caller, session_id: int, country: str, seats: int
) -> SeatAllocation:
    """Give a member state ``seats`` seats; refuses a total above the session's capacity."""
    _manage(caller, "training.seats.allocate")
    row = get_session(session, session_id)
    country = country.strip().upper()
    party = session.get(Party, country)
    if party is None or party.kind != "member":
        raise InvalidInput(
            N_("%(country)s is not a member state"), values={"country": country}, field="country"
        )
    if seats < 0:
        raise InvalidInput(N_("seats cannot be negative"), field="seats")
    current = next((a for a in row.seats if a.country == country), None)
    others = sum(a.seats for a in row.seats if a.country != country)
    if others + seats > row.capacity:
        raise Conflict(
            N_(
                "overbooked: %(seats)s seats would be allotted for a capacity of %(capacity)s; at most %(remaining)s remain for %(country)s"
            ),
            values={
                "seats": others + seats,
                "capacity": row.capacity,
                "remaining": row.capacity - others,
                "country": country,
            },
            field="seats",
        ).then(audit.denial(caller, "training.seats.allocate", "training_session", session_id))
    approved = _count(session, session_id, country, frozenset({rules.APPROVED}))
    if seats < approved:
        raise Conflict(
            N_("%(approved)s participants of %(country)s are already approved; cancel some first"),
            values={"approved": approved, "country": country},
        )
    if current is None:
        current = SeatAllocation(session_id=row.id, country=country, seats=seats)
        row.seats.append(current)
    current.seats = seats
    session.flush()
    audit.append(
        session, caller, "training.seats.allocate", record_type="training_session", record_id=row.id,
        detail=f"{country}={seats}",
    )  # fmt: skip
    return current


def seats_for(row: TrainingSession, country: str) -> int:
    return next((a.seats for a in row.seats if a.country == country), 0)


# ----- nominations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewNomination:
    country: str
    name: str
    name_ar: str = ""
    agency: str = Agency.BORDER_POLICE.value
    position: str = ""
    username: str | None = None


def nominate(session: Session, caller: Caller, session_id: int, data: NewNomination) -> Nomination:
    """A focal point puts forward an officer of their own state; beyond its seats, the waitlist."""
    action = "training.nominate"
    require(
        caller, Permission.TRAINING_NOMINATE, action, N_("only a state's focal point may nominate officers")
    )
    country = data.country.strip().upper()
    if caller.principal is not None and caller.principal.country != country:
        raise Forbidden(
            N_(
                "focal points nominate officers of their own state only: you represent %(own)s, this nomination is for %(country)s"
            ),
            values={"own": caller.principal.country, "country": country},
        ).then(audit.denial(caller, action, "training_session", session_id))
    row = get_session(session, session_id)
    if row.status != "open":
        raise Conflict(N_("this session is cancelled"))
    seats = seats_for(row, country)
    if seats == 0:
        raise Conflict(
            N_("%(country)s has no seats in this session; ask the centre to allot some"),
            values={"country": country},
        )
    if data.agency not in {a.value for a in Agency}:
        raise InvalidInput(
            N_("unknown agency %(agency)s"), values={"agency": repr(data.agency)}, field="agency"
        )
    user = _nominee_user(session, data.username, country)
    name = _text(data.name or (user.full_name if user else ""), "name")
    _refuse_duplicate(session, session_id, name, user)
    if user is not None:
        _check_prerequisites(session, row.course, user)
    holding = _count(session, session_id, country, rules.HOLDING)
    nomination = Nomination(
        session_id=row.id,
        country=country,
        user_id=user.id if user else None,
        name=name,
        name_ar=_text(data.name_ar, "name_ar", required=False),
        agency=data.agency,
        position=_text(data.position, "position", required=False),
        status=rules.status_for_new_nomination(holding, seats),
        nominated_by=caller.name,
    )
    session.add(nomination)
    session.flush()
    audit.append(
        session, caller, action, record_type="nomination", record_id=nomination.id, detail=nomination.status
    )
    return nomination


def _nominee_user(session: Session, username: str | None, country: str) -> User | None:
    if not username or not username.strip():
        return None
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None or user.country != country:
        raise InvalidInput(
            N_("no account %(username)s in %(country)s"),
            values={"username": repr(username), "country": country},
            field="username",
        )
    return user


def _refuse_duplicate(session: Session, session_id: int, name: str, user: User | None) -> None:
    same = select(Nomination.id).where(
        Nomination.session_id == session_id,
        Nomination.status.in_(rules.HOLDING | {rules.WAITLISTED}),
        (Nomination.user_id == user.id) if user else (func.lower(Nomination.name) == name.lower()),
    )
    if session.scalar(same) is not None:
        raise Conflict(
            N_("%(name)s is already nominated for this session"), values={"name": name}, field="name"
        )


def _check_prerequisites(session: Session, course: Course, user: User) -> None:
    from hudud.store.training_tables import Certificate

    for code in course.prerequisites:
        held = session.scalar(
            select(Certificate.id)
            .join(Nomination, Certificate.nomination_id == Nomination.id)
            .join(TrainingSession, Nomination.session_id == TrainingSession.id)
            .join(Course, TrainingSession.course_id == Course.id)
            .where(Nomination.user_id == user.id, Course.code == code, Certificate.status == "valid")
        )
        if held is None:
            raise Conflict(
                N_("%(full_name)s has no certificate of the prerequisite course %(code)s"),
                values={"full_name": user.full_name, "code": code},
            )


def get_nomination(session: Session, nomination_id: int) -> Nomination:
    row = session.get(Nomination, nomination_id)
    if row is None:
        raise NotFound(N_("no such nomination"))
    return row


DECISIONS = {"approve": rules.APPROVED, "waitlist": rules.WAITLISTED, "reject": rules.REJECTED}


def decide(session: Session, caller: Caller, nomination_id: int, decision: str, note: str = "") -> Nomination:
    """The centre approves, waitlists or rejects; approving beyond the state's seats is refused."""
    _manage(caller, "training.nomination.decide")
    if decision not in DECISIONS:
        raise InvalidInput(N_("the decision is approve, waitlist or reject"), field="decision")
    nomination = get_nomination(session, nomination_id)
    if nomination.status == rules.CANCELLED:
        raise Conflict(N_("this nomination was cancelled"))
    status = DECISIONS[decision]
    if status == rules.APPROVED and nomination.status != rules.APPROVED:
        seats = seats_for(nomination.session, nomination.country)
        approved = _count(session, nomination.session_id, nomination.country, frozenset({rules.APPROVED}))
        if approved >= seats:
            raise Conflict(
                N_(
                    "overbooked: all %(seats)s seats of %(country)s in this session are approved; cancel a participant or allot more seats first"
                ),
                values={"seats": seats, "country": nomination.country},
            ).then(audit.denial(caller, "training.nomination.approve", "nomination", nomination_id))
    nomination.status = status
    nomination.decided_by, nomination.decided_at = caller.name, utcnow()
    nomination.note = _text(note, "note", required=False, limit=2000)
    audit.append(
        session, caller, f"training.nomination.{decision}", record_type="nomination", record_id=nomination.id
    )
    return nomination


def cancel_nomination(session: Session, caller: Caller, nomination_id: int) -> Nomination:
    """Cancelled by the centre or the state's focal point; the state's first waitlisted moves up."""
    nomination = get_nomination(session, nomination_id)
    own_state = caller.can(Permission.TRAINING_NOMINATE) and caller.country == nomination.country
    if not (caller.can(Permission.TRAINING_MANAGE) or own_state):
        raise Forbidden(N_("only the centre or the state's focal point may cancel this nomination")).then(
            audit.denial(caller, "training.nomination.cancel", "nomination", nomination_id)
        )
    held_seat = nomination.status in rules.HOLDING
    nomination.status = rules.CANCELLED
    nomination.decided_by, nomination.decided_at = caller.name, utcnow()
    audit.append(
        session, caller, "training.nomination.cancel", record_type="nomination", record_id=nomination.id
    )
    if held_seat:
        session.flush()
        waiting = session.scalar(
            select(Nomination)
            .where(
                Nomination.session_id == nomination.session_id,
                Nomination.country == nomination.country,
                Nomination.status == rules.WAITLISTED,
            )
            .order_by(Nomination.nominated_at, Nomination.id)
            .limit(1)
        )
        if waiting is not None:
            waiting.status = rules.PENDING
            audit.append(
                session, caller, "training.nomination.promote", record_type="nomination", record_id=waiting.id
            )
    return nomination


def visible_nominations(session: Session, caller: Caller, session_id: int) -> list[Nomination]:
    """All for the centre; own state's for a focal point; nothing for anyone else."""
    query = (
        select(Nomination)
        .where(Nomination.session_id == session_id)
        .order_by(Nomination.country, Nomination.id)
    )
    if caller.can(Permission.TRAINING_MANAGE):
        return list(session.scalars(query))
    if caller.can(Permission.TRAINING_NOMINATE) and caller.country:
        return list(session.scalars(query.where(Nomination.country == caller.country)))
    return []


# ----- attendance and assessment -----------------------------------------------------------------


def record_attendance(
    session: Session, caller: Caller, session_id: int, day: date, present: set[int]
) -> list[Attendance]:
    """Mark every approved participant present (id in ``present``) or absent on ``day``."""
    _manage(caller, "training.attendance.record")
    row = get_session(session, session_id)
    if day not in rules.session_days(row.start_date, row.end_date):
        raise InvalidInput(
            N_("%(day)s is not a day of this session"), values={"day": day.isoformat()}, field="day"
        )
    participants = [n for n in visible_nominations(session, caller, session_id) if n.status == rules.APPROVED]
    unknown = present - {n.id for n in participants}
    if unknown:
        raise InvalidInput(N_("only approved participants can be marked present"), field="present")
    marks = []
    for nomination in participants:
        mark = next((a for a in nomination.attendance if a.day == day), None)
        if mark is None:
            mark = Attendance(nomination_id=nomination.id, day=day, present=False, recorded_by=caller.name)
            nomination.attendance.append(mark)
        mark.present, mark.recorded_by = nomination.id in present, caller.name
        marks.append(mark)
    session.flush()
    audit.append(
        session, caller, "training.attendance.record", record_type="training_session", record_id=session_id,
        detail=f"{day.isoformat()} present={len(present)}/{len(participants)}",
    )  # fmt: skip
    return marks


def attendance_percent(nomination: Nomination) -> int:
    row = nomination.session
    days = len(rules.session_days(row.start_date, row.end_date))
    return rules.attendance_rate(sum(1 for a in nomination.attendance if a.present), days)


def record_assessment(
    session: Session, caller: Caller, nomination_id: int, score: int, on: date | None = None
) -> Assessment:
    """One sitting; a resit only after a failed sitting and within the course's attempts."""
    _manage(caller, "training.assessment.record")
    nomination = get_nomination(session, nomination_id)
    if nomination.status != rules.APPROVED:
        raise Conflict(N_("only an approved participant can be assessed"))
    if not 0 <= score <= 100:
        raise InvalidInput(N_("a score is a percentage from 0 to 100"), field="score")
    course = nomination.session.course
    sittings = [rules.Sitting(a.attempt, a.score, a.passed) for a in nomination.assessments]
    try:
        attempt = rules.next_attempt(sittings, course.max_attempts)
    except ValueError as why:
        raise Conflict(N_("%(name)s: %(why)s"), values={"name": nomination.name, "why": why}) from None
    sitting = Assessment(
        nomination_id=nomination.id,
        attempt=attempt,
        score=score,
        passed=score >= course.pass_mark,
        assessed_on=on or date.today(),
        assessed_by=caller.name,
    )
    nomination.assessments.append(sitting)
    session.flush()
    audit.append(
        session, caller, "training.assessment.record", record_type="nomination", record_id=nomination.id,
        detail=f"attempt={attempt} score={score}",
    )  # fmt: skip
    return sitting


def has_passed(nomination: Nomination) -> bool:
    return any(a.passed for a in nomination.assessments)


def my_nominations(session: Session, caller: Caller) -> list[Nomination]:
    """A trainee's own record: every nomination linked to their account."""
    require(caller, Permission.TRAINING_OWN, "training.record.read", N_("your role has no training record"))
    if caller.principal is None:
        return []
    rows = session.scalars(
        select(Nomination)
        .where(Nomination.user_id == caller.principal.user_id)
        .order_by(Nomination.id.desc())
    )
    audit.append(
        session, caller, "training.record.read", record_type="user", record_id=caller.principal.user_id
    )
    return list(rows)
