"""Training centre use cases on SQLite and PostgreSQL: the whole course-to-certificate flow, the
refusals a person must understand (overbooking, another state's focal point, forged codes), the
waitlist, resits, reminders, exercises in the sandbox and the statistics."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hudud.errors import Conflict, Forbidden, NotFound
from hudud.policy import Caller
from hudud.services import certificates, identity, reference, training, training_exercises, training_reports
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.db import engine_for
from hudud.store.tables import AuditRecord, TravellerRecord
from hudud.store.training_tables import Certificate
from hudud.training import codes

SYSTEM = Caller(None, via="test")
START = date(2026, 3, 2)


@pytest.fixture
def node(database_url) -> UnitOfWork:
    uow = UnitOfWork(engine_for(database_url))
    uow.run(reference.load_reference_data)
    return uow


def _caller(node: UnitOfWork, username: str, country: str, agency: str, roles: tuple[str, ...]) -> Caller:
    user = node.run(
        lambda s: identity.create_user(
            s, SYSTEM, username=username, full_name=username.title(), password="correct horse battery",
            country=country, agency=agency, roles=roles,
        )
    )  # fmt: skip
    return Caller(identity.principal_of(user), "127.0.0.1", "test")


@pytest.fixture
def people(node: UnitOfWork) -> dict[str, Caller]:
    return {
        "trainer": _caller(node, "trainer", "RTC", "training_centre", ("trainer",)),
        "focal.mar": _caller(node, "focal.mar", "MAR", "border_police", ("focal_point",)),
        "focal.dza": _caller(node, "focal.dza", "DZA", "border_police", ("focal_point",)),
        "trainee": _caller(node, "trainee.mar", "MAR", "border_police", ("trainee",)),
    }


def _course_and_session(node: UnitOfWork, trainer: Caller, capacity: int = 3) -> tuple[int, int]:
    course = node.run(
        lambda s: training.create_course(
            s, trainer,
            training.NewCourse(
                code="DOC-FRAUD", name_en="Document fraud detection", name_ar="كشف تزوير الوثائق",
                duration_days=3, language="en", partner="IOM", validity_months=24,
                modules=(("Security features", "عناصر الأمان", "Éléments de sécurité", 6),),
            ),
        ).id
    )  # fmt: skip
    session_id = node.run(
        lambda s: training.create_session(
            s, trainer, course, start=START, end=date(2026, 3, 4), venue="Rabat", capacity=capacity,
            trainers=[{"name": "Leila Mansour", "organisation": "RTC"}],
        ).id
    )  # fmt: skip
    return course, session_id


def test_course_to_certificate_and_public_verification(node: UnitOfWork, people: dict[str, Caller]) -> None:
    trainer, focal = people["trainer"], people["focal.mar"]
    _course, session_id = _course_and_session(node, trainer)
    node.run(lambda s: training.allocate_seats(s, trainer, session_id, "MAR", 2))
    data = training.NewNomination("MAR", "Youssef El Amrani", "يوسف العمراني", username="trainee.mar")
    nomination = node.run(lambda s: training.nominate(s, focal, session_id, data).id)
    node.run(lambda s: training.decide(s, trainer, nomination, "approve"))
    for offset in range(3):
        day = date(2026, 3, 2 + offset)
        node.run(lambda s, d=day: training.record_attendance(s, trainer, session_id, d, {nomination}))
    with pytest.raises(Conflict, match="not passed"):
        node.run(lambda s: certificates.issue(s, trainer, nomination))
    failed = node.run(lambda s: training.record_assessment(s, trainer, nomination, 55))
    assert not failed.passed and failed.attempt == 1
    resit = node.run(lambda s: training.record_assessment(s, trainer, nomination, 82))
    assert resit.passed and resit.attempt == 2
    with pytest.raises(Conflict, match="already passed"):
        node.run(lambda s: training.record_assessment(s, trainer, nomination, 90))
    code = node.run(lambda s: certificates.issue(s, trainer, nomination, today=date(2026, 3, 4)).code)
    assert codes.normalise_code(code) == code

    shown = node.run(lambda s: certificates.verify(s, code.lower().replace("-", " "), today=date(2026, 6, 1)))
    assert (shown.name, shown.name_ar, shown.status) == ("Youssef El Amrani", "يوسف العمراني", "valid")
    assert node.run(lambda s: certificates.verify(s, code, today=date(2028, 3, 5))).status == "expired"
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    with pytest.raises(NotFound, match="check character"):
        node.run(lambda s: certificates.verify(s, forged))
    with pytest.raises(NotFound, match="no certificate has this code"):
        node.run(lambda s: certificates.verify(s, codes.make_code("ABCDEFGH")))

    mine = node.run(lambda s: [n.id for n in training.my_nominations(s, people["trainee"])])
    assert mine == [nomination]
    engine = engine_for(str(node.engine.url.render_as_string(hide_password=False)))
    with engine.connect() as conn:
        actions = set(conn.scalars(select(AuditRecord.action).where(AuditRecord.action.like("training.%"))))
        denied = conn.scalar(
            select(func.count()).where(
                AuditRecord.action == "training.certificate.verify", AuditRecord.outcome == "denied"
            )
        )
    assert {"training.nominate", "training.nomination.approve", "training.certificate.issue"} <= actions
    assert denied == 2


def test_refusals_overbooking_and_other_states(node: UnitOfWork, people: dict[str, Caller]) -> None:
    trainer = people["trainer"]
    _course, session_id = _course_and_session(node, trainer, capacity=3)
    node.run(lambda s: training.allocate_seats(s, trainer, session_id, "MAR", 1))
    with pytest.raises(Conflict, match="overbooked: 4 seats would be allotted for a capacity of 3"):
        node.run(lambda s: training.allocate_seats(s, trainer, session_id, "DZA", 3))
    node.run(lambda s: training.allocate_seats(s, trainer, session_id, "DZA", 2))
    with pytest.raises(Forbidden, match="own state only: you represent DZA, this nomination is for MAR"):
        node.run(
            lambda s: training.nominate(
                s, people["focal.dza"], session_id, training.NewNomination("MAR", "X")
            )
        )
    with pytest.raises(Forbidden):
        node.run(
            lambda s: training.nominate(s, people["trainee"], session_id, training.NewNomination("MAR", "X"))
        )

    focal = people["focal.mar"]
    first = node.run(
        lambda s: training.nominate(s, focal, session_id, training.NewNomination("MAR", "Amina"))
    )
    second = node.run(
        lambda s: training.nominate(s, focal, session_id, training.NewNomination("MAR", "Karim"))
    )
    assert (first.status, second.status) == ("pending", "waitlisted")
    with pytest.raises(Conflict, match="already nominated"):
        node.run(lambda s: training.nominate(s, focal, session_id, training.NewNomination("MAR", "amina")))
    node.run(lambda s: training.decide(s, trainer, first.id, "approve"))
    with pytest.raises(Conflict, match="overbooked: all 1 seats of MAR"):
        node.run(lambda s: training.decide(s, trainer, second.id, "approve"))
    node.run(lambda s: training.cancel_nomination(s, focal, first.id))
    promoted = node.run(lambda s: training.get_nomination(s, second.id).status)
    assert promoted == "pending"  # the waitlist moves up when a seat frees
    with pytest.raises(Forbidden):
        node.run(lambda s: training.cancel_nomination(s, people["focal.dza"], second.id))
    engine = node.engine
    with engine.connect() as conn:
        denials = list(conn.scalars(select(AuditRecord.action).where(AuditRecord.outcome == "denied")))
    assert "training.nominate" in denials and "training.seats.allocate" in denials


def test_reminders_reports_and_sandbox_exercise(node: UnitOfWork, people: dict[str, Caller]) -> None:
    trainer = people["trainer"]
    _course, session_id = _course_and_session(node, trainer)
    node.run(lambda s: training.allocate_seats(s, trainer, session_id, "MAR", 2))
    nomination = node.run(
        lambda s: (
            training.nominate(s, people["focal.mar"], session_id, training.NewNomination("MAR", "Amina")).id
        )
    )
    node.run(lambda s: training.decide(s, trainer, nomination, "approve"))
    node.run(lambda s: training.record_attendance(s, trainer, session_id, START, {nomination}))
    with pytest.raises(Conflict, match="attendance is 33%"):
        node.run(
            lambda s: (
                training.record_assessment(s, trainer, nomination, 90),
                certificates.issue(s, trainer, nomination),
            )
        )
    for day in (date(2026, 3, 3), date(2026, 3, 4)):
        node.run(lambda s, d=day: training.record_attendance(s, trainer, session_id, d, {nomination}))
    node.run(lambda s: training.record_assessment(s, trainer, nomination, 90))
    node.run(lambda s: certificates.issue(s, trainer, nomination, today=date(2026, 3, 4)))
    assert node.run(lambda s: certificates.due_reminders(s, trainer, date(2027, 6, 1))) == []
    sent = node.run(lambda s: [c.id for c in certificates.send_reminders(s, trainer, date(2028, 1, 10))])
    assert len(sent) == 1
    assert node.run(lambda s: certificates.due_reminders(s, trainer, date(2028, 1, 11))) == []

    built = node.run(lambda s: training_reports.report(s, trainer))
    assert (built.total.trained, built.total.passed, built.total.pass_rate) == (1, 1, 100)
    assert training_reports.to_csv(built, "country").splitlines()[1] == "MAR,1,1,1,100,1"
    with pytest.raises(Forbidden):
        node.run(lambda s: training_reports.report(s, people["trainee"]))

    trainee = people["trainee"]
    travellers_before = node.run(lambda s: s.scalar(select(func.count(TravellerRecord.id))))
    attempt = node.run(lambda s: training_exercises.start(s, trainee, today=date(2026, 3, 5), seed=7))
    answers = {s["id"]: ("admit", []) for s in attempt.scenarios}
    done = node.run(lambda s: training_exercises.submit(s, trainee, attempt.id, answers))
    assert done.score is not None and 0 < done.score < 100  # only the genuine traveller was right
    assert sum(1 for r in done.results or [] if r["score"] == 100) == 1
    with pytest.raises(Conflict):
        node.run(lambda s: training_exercises.submit(s, trainee, attempt.id, answers))
    with pytest.raises(NotFound):
        node.run(lambda s: training_exercises.get(s, people["focal.mar"], attempt.id))
    assert node.run(lambda s: s.scalar(select(func.count(TravellerRecord.id)))) == travellers_before
    assert node.run(lambda s: s.scalar(select(func.count(Certificate.id)))) == 1


def test_demo_loads_once_with_certificates_due_for_renewal(node: UnitOfWork) -> None:
    from hudud.services.training_demo import load_training_demo

    assert node.run(lambda s: load_training_demo(s, today=date(2026, 11, 28)))
    assert not node.run(lambda s: load_training_demo(s, today=date(2026, 11, 28)))
    assert node.run(lambda s: s.scalar(select(func.count(Certificate.id)))) == 4
    due = node.run(lambda s: certificates.due_reminders(s, SYSTEM, date(2026, 11, 28)))
    assert len(due) == 4  # issued almost three years ago for a 36-month course
    assert node.run(lambda s: training_reports.report(s, SYSTEM)).total.pass_rate == 80
