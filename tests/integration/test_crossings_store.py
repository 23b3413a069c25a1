"""The traveller step on SQLite and PostgreSQL: hits open cases, double submissions and retries store
one crossing, decisions follow their rules, a foreign officer reads nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hudud.errors import Conflict, InvalidInput, NotFound
from hudud.services import cases, crossings
from hudud.store.border_tables import BorderCase, BorderCrossing
from hudud.store.tables import AuditRecord
from tests.test_border_support import key, make_world, passport


@pytest.fixture
def world(tmp_path):
    """SQLite only: the engine-sensitive behaviour (concurrency, retries, refusals) runs on both below."""
    from hudud.store.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'border.sqlite3'}"
    upgrade(url)
    return make_world(url, tmp_path / "lists")


@pytest.fixture
def both(database_url, tmp_path):
    return make_world(database_url, tmp_path / "lists")


def _count(world, table) -> int:
    return world.uow.run(lambda s: s.scalar(select(func.count()).select_from(table)))


def test_listed_traveller_opens_a_case_and_cannot_be_admitted_until_assessed(world) -> None:
    seen = world.inspect("officer.cmn", passport())
    assert any(h["match"] and h["entry_id"] == "MAR-W-001" for h in seen["hits"])
    assert len(seen["cases"]) == 1
    officer = world.caller("officer.cmn")
    with pytest.raises(Conflict):
        world.uow.run(lambda s: crossings.decide(s, officer, seen["crossing_id"], "admitted"))
    world.uow.run(lambda s: crossings.decide(s, officer, seen["crossing_id"], "referred"))
    world.uow.run(lambda s: cases.assess(s, officer, seen["cases"][0], "possible"))
    supervisor = world.caller("supervisor.cmn")
    world.uow.run(lambda s: cases.resolve(s, supervisor, seen["cases"][0], "confirmed", "same person"))
    world.uow.run(lambda s: crossings.decide(s, supervisor, seen["crossing_id"], "refused", "H"))
    status = world.uow.run(lambda s: s.get(BorderCrossing, seen["crossing_id"]).decision)
    assert status == "refused"


def test_unlisted_traveller_has_no_case_and_is_admitted(world) -> None:
    seen = world.inspect(
        "officer.cmn", passport("HADDAD", "SALMA", "TN5550001", "TUN", sex="F"), decision="admitted"
    )
    assert seen["cases"] == [] and seen["decision"] == "admitted"


def test_stolen_passport_is_a_finding_and_a_case(world) -> None:
    seen = world.inspect("officer.cmn", passport("ALAOUI", "NADIA", "MA7654321", "MAR", sex="F"))
    assert "lost_or_stolen" in seen["findings"]
    assert any(h["list"] == "lost" for h in seen["hits"]) and len(seen["cases"]) == 1


def test_double_submission_stores_one_crossing_and_one_case(both) -> None:
    world = both
    submission = key()
    first = world.inspect("officer.cmn", passport(), submission=submission)
    again = world.inspect("officer.cmn", passport(), submission=submission)
    assert again["replayed"] and again["crossing_id"] == first["crossing_id"]
    assert _count(world, BorderCrossing) == 1 and _count(world, BorderCase) == 1


def test_connection_lost_mid_submit_then_retry_stores_it_once(both) -> None:
    """The server fails after the step but before the commit: nothing is kept; the retry stores it once."""
    world = both
    officer = world.caller("officer.cmn")
    submission = key()
    desk = crossings.Desk("entry", submission)
    presented = crossings.Presented(mrz_text=passport())

    def dropped(session):
        crossings.inspect(session, officer, world.screening, presented, desk)
        raise ConnectionResetError("client went away before the answer")

    with pytest.raises(ConnectionResetError):
        world.uow.run(dropped)
    assert _count(world, BorderCrossing) == 0 and _count(world, BorderCase) == 0
    first = world.inspect("officer.cmn", passport(), submission=submission)
    # the answer to the retry is lost too: the officer's page submits once more with the same key
    second = world.inspect("officer.cmn", passport(), submission=submission, decision="referred")
    assert second["crossing_id"] == first["crossing_id"] and second["replayed"]
    assert _count(world, BorderCrossing) == 1 and _count(world, BorderCase) == 1
    assert world.uow.run(lambda s: s.get(BorderCrossing, first["crossing_id"]).decision) == "referred"


def test_officers_of_another_post_or_state_read_nothing(both) -> None:
    world = both
    seen = world.inspect("officer.cmn", passport())
    case_id = seen["cases"][0]
    missing = case_id + 1000
    answers = []
    for username in ("officer.tng", "officer.alg"):
        caller = world.caller(username)
        for target in (case_id, missing):
            with pytest.raises(NotFound) as refused:
                world.uow.run(lambda s, c=caller, t=target: cases.get_case(s, c, t))
            answers.append((refused.value.status_code, refused.value.to_dict()))
    assert len({str(a) for a in answers}) == 1  # same status and body as for a case that does not exist
    denied = world.uow.run(
        lambda s: s.scalar(
            select(func.count()).where(
                AuditRecord.action == "border.case.read", AuditRecord.outcome == "denied"
            )
        )
    )
    assert denied == 4
    assert (
        world.uow.run(lambda s: cases.get_case(s, world.caller("supervisor.cmn"), case_id).case.id) == case_id
    )


def test_cleared_pairing_is_noted_not_raised_and_revocable(world) -> None:
    seen = world.inspect("officer.cmn", passport())
    officer, supervisor = world.caller("officer.cmn"), world.caller("supervisor.cmn")
    world.uow.run(lambda s: cases.assess(s, officer, seen["cases"][0], "not_same", "different father's name"))
    view = world.uow.run(lambda s: cases.resolve(s, supervisor, seen["cases"][0], "cleared").clearance.id)
    again = world.inspect("officer.cmn", passport())
    assert again["cases"] == []
    noted = [h for h in again["hits"] if h["entry_id"] == "MAR-W-001"]
    assert noted and noted[0]["cleared"]["case_id"] == seen["cases"][0]
    assert again["traveller_id"] == seen["traveller_id"]
    world.uow.run(lambda s: cases.revoke_clearance(s, supervisor, view, "new information"))
    third = world.inspect("officer.cmn", passport())
    assert len(third["cases"]) == 1


def test_a_new_passport_joins_the_same_history(world) -> None:
    salma = passport("HADDAD", "SALMA", "TN5550001", "TUN", sex="F")
    first = world.inspect("officer.cmn", salma, decision="admitted")
    renewed = passport("HADDAD", "SALMA", "TN9990002", "TUN", sex="F")
    out = world.inspect("officer.tng", renewed, direction="exit", decision="admitted")
    assert out["traveller_id"] == first["traveller_id"]
    assert out["history"] == [first["crossing_id"]] and "exit_without_entry" not in out["warnings"]


def test_exit_without_entry_is_flagged(world) -> None:
    out = world.inspect("officer.cmn", passport("TRAORE", "IBRAHIM", "ML4440001", "MLI"), direction="exit")
    assert "exit_without_entry" in out["warnings"]


def test_refusal_needs_a_reason_and_a_final_decision_stands(world) -> None:
    seen = world.inspect("officer.cmn", passport("HADDAD", "SALMA", "TN5550001", "TUN", sex="F"))
    officer = world.caller("officer.cmn")
    with pytest.raises(InvalidInput):
        world.uow.run(lambda s: crossings.decide(s, officer, seen["crossing_id"], "refused"))
    world.uow.run(lambda s: crossings.decide(s, officer, seen["crossing_id"], "refused", "C"))
    world.uow.run(
        lambda s: crossings.decide(s, officer, seen["crossing_id"], "refused", "C")
    )  # repeat: no-op
    with pytest.raises(Conflict):
        world.uow.run(lambda s: crossings.decide(s, officer, seen["crossing_id"], "admitted"))


def test_overstayer_is_listed_and_leaving_takes_them_off(world) -> None:
    from datetime import timedelta

    from hudud.services import border
    from hudud.store.tables import utcnow

    seen = world.inspect(
        "officer.cmn", passport("TRAORE", "IBRAHIM", "ML4440001", "MLI"), decision="admitted"
    )

    def back_date(session) -> None:
        session.get(BorderCrossing, seen["crossing_id"]).at = utcnow() - timedelta(days=99)

    world.uow.run(back_date)
    supervisor = world.caller("supervisor.cmn")
    found = world.uow.run(
        lambda s: [(o.traveller.id, o.status.overstay_days) for o in border.overstayers(s, supervisor)]
    )
    assert found == [
        (seen["traveller_id"], 10)
    ]  # entry day is day 1, day 90 the last allowed; today is day 100
    world.inspect(
        "officer.cmn",
        passport("TRAORE", "IBRAHIM", "ML4440001", "MLI"),
        direction="exit",
        decision="admitted",
    )
    assert world.uow.run(lambda s: border.overstayers(s, supervisor)) == []


def test_retro_screening_opens_cases_for_a_newly_listed_traveller(world, tmp_path) -> None:
    from hudud.services import lists, retro
    from tests.test_border_support import SYSTEM, WANTED

    seen = world.inspect(
        "officer.cmn", passport("HADDAD", "SALMA", "TN5550001", "TUN", sex="F"), decision="admitted"
    )
    assert seen["cases"] == []
    newer = tmp_path / "wanted-v2.csv"
    newer.write_text(
        WANTED + "MAR-W-003,Salma Haddad,سلمى حداد,1975-03-02,TUN,F,,,new notice\n", encoding="utf-8"
    )
    world.uow.run(lambda s: lists.import_list(s, SYSTEM, newer, list_name="national:mar-wanted", owner="MAR"))
    supervisor = world.caller("supervisor.cmn")
    assert world.uow.run(lambda s: retro.rescreen_if_lists_changed(s, supervisor, world.screening)) is True
    queue = world.uow.run(
        lambda s: [(c.entry_id, c.origin, c.crossing_id) for c in cases.queue(s, supervisor)]
    )
    assert ("MAR-W-003", "retro", seen["crossing_id"]) in queue
    # nothing changed since: a second look starts nothing and opens nothing
    assert world.uow.run(lambda s: retro.rescreen_if_lists_changed(s, supervisor, world.screening)) is False


def test_the_same_submission_at_the_same_moment_stores_one_crossing(both) -> None:
    """Two requests with one key racing (a double click on a slow link): one crossing, one case."""
    import threading

    world, submission = both, key()
    world.inspect(
        "officer.cmn", passport("HADDAD", "SALMA", "TN5550001", "TUN", sex="F")
    )  # index built, caller known
    start, answers, errors = threading.Barrier(2), [], []

    def submit() -> None:
        start.wait()
        try:
            answers.append(world.inspect("officer.cmn", passport(), submission=submission)["crossing_id"])
        except Exception as exc:  # collected: the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(answers) == 2 and answers[0] == answers[1]
    assert _count(world, BorderCrossing) == 2 and _count(world, BorderCase) == 1  # Salma's and this one


def test_manual_entry_refuses_codes_that_are_not_state_codes(world) -> None:
    officer = world.caller("officer.cmn")
    typed = crossings.Presented(source="manual", surname="HADDAD", nationality="=1+", document_number="AB1")
    with pytest.raises(InvalidInput) as refused:
        world.uow.run(
            lambda s: crossings.inspect(s, officer, world.screening, typed, crossings.Desk("entry", key()))
        )
    assert refused.value.details["field"] == "nationality"
    assert _count(world, BorderCrossing) == 0


@pytest.mark.parametrize(("field", "code"), [("nationality", "XQZ"), ("document_issuer", "UTO")])
def test_manual_entry_refuses_codes_no_state_has(world, field, code) -> None:
    officer = world.caller("officer.cmn")
    typed = crossings.Presented(source="manual", surname="HADDAD", document_number="AB1", **{field: code})
    with pytest.raises(InvalidInput) as refused:
        world.uow.run(
            lambda s: crossings.inspect(s, officer, world.screening, typed, crossings.Desk("entry", key()))
        )
    assert refused.value.details["field"] == field and refused.value.values == {"code": code}
    assert _count(world, BorderCrossing) == 0
