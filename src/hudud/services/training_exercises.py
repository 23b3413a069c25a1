"""Practical exercises: a trainee processes generated travellers in a sandbox and is marked.

The sandbox is the exercise row itself: its fictitious watch list, bulletin and scenarios are
stored with the attempt and screened in memory, so an exercise never reads or writes live lists,
traveller records or alerts."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from hudud.errors import N_, Conflict, NotFound
from hudud.policy import Caller, Permission
from hudud.services import audit
from hudud.services.training import require
from hudud.store.tables import utcnow
from hudud.store.training_tables import ExerciseAttempt
from hudud.training import marking, scenarios

NOT_VISIBLE = N_("this exercise does not exist or is not yours")


def start(
    session: Session, caller: Caller, today: date | None = None, seed: int | None = None
) -> ExerciseAttempt:
    """Generate a fresh set of scenarios for the caller."""
    require(caller, Permission.TRAINING_OWN, "training.exercise.start", N_("exercises are for trainees"))
    assert caller.principal is not None
    seed = secrets.randbelow(2**31) if seed is None else seed
    sandbox, generated = scenarios.generate(seed, today or date.today())
    attempt = ExerciseAttempt(
        user_id=caller.principal.user_id,
        seed=seed,
        sandbox=sandbox.to_dict(),
        scenarios=[s.to_dict() for s in generated],
    )
    session.add(attempt)
    session.flush()
    audit.append(session, caller, "training.exercise.start", record_type="exercise", record_id=attempt.id)
    return attempt


def get(session: Session, caller: Caller, attempt_id: int) -> ExerciseAttempt:
    """The caller's own attempt (centre staff may open any, to review it)."""
    attempt = session.get(ExerciseAttempt, attempt_id)
    mine = (
        attempt is not None and caller.principal is not None and attempt.user_id == caller.principal.user_id
    )
    if attempt is None or not (mine or caller.can(Permission.TRAINING_MANAGE)):
        raise NotFound(NOT_VISIBLE).then(
            audit.denial(caller, "training.exercise.read", "exercise", attempt_id)
        )
    return attempt


def submit(
    session: Session, caller: Caller, attempt_id: int, answers: Mapping[str, tuple[str, Sequence[str]]]
) -> ExerciseAttempt:
    """Mark the answers once: {scenario id: (admit|refer, [issues ticked])}."""
    attempt = get(session, caller, attempt_id)
    if caller.principal is None or attempt.user_id != caller.principal.user_id:
        raise NotFound(NOT_VISIBLE)
    if attempt.submitted_at is not None:
        raise Conflict(N_("this exercise was already submitted; start a new one to practise again"))
    sandbox = scenarios.Sandbox.from_dict(attempt.sandbox)
    items = [scenarios.Scenario.from_dict(s) for s in attempt.scenarios]
    score, marks = marking.mark_exercise(sandbox, items, answers)
    attempt.answers = [{"id": k, "decision": d, "issues": list(f)} for k, (d, f) in answers.items()]
    attempt.results = [m.to_dict() for m in marks]
    attempt.score = score
    attempt.submitted_at = utcnow()
    audit.append(
        session,
        caller,
        "training.exercise.submit",
        record_type="exercise",
        record_id=attempt.id,
        detail=f"score={score}",
    )
    return attempt


def mine(session: Session, caller: Caller) -> list[ExerciseAttempt]:
    if caller.principal is None or not caller.can(Permission.TRAINING_OWN):
        return []
    query = select(ExerciseAttempt).where(ExerciseAttempt.user_id == caller.principal.user_id)
    return list(session.scalars(query.order_by(ExerciseAttempt.id.desc()).limit(20)))
