"""Storage on both engines: migrations, accounts, sign-in throttling, tokens, and the audit chain."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select, text

from hudud.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, TooManyRequests
from hudud.policy import Caller
from hudud.services import audit, identity, reference, travellers
from hudud.services.unit_of_work import UnitOfWork
from hudud.store.db import engine_for
from hudud.store.migrate import is_current
from hudud.store.tables import ApiToken, AuditRecord, User

SYSTEM = Caller(None, via="test")
POLICY = identity.ThrottlePolicy(max_failures=3, lockout_seconds=60)


@pytest.fixture
def node(database_url) -> UnitOfWork:
    uow = UnitOfWork(engine_for(database_url))
    uow.run(reference.load_reference_data)
    return uow


def _add_user(
    node: UnitOfWork, username: str, country: str = "MAR", roles=("officer",), agency="border_police"
) -> User:
    return node.run(
        lambda s: identity.create_user(
            s,
            SYSTEM,
            username=username,
            full_name=username,
            password="correct horse battery",
            country=country,
            agency=agency,
            roles=roles,
        )
    )


def test_migrations_create_the_schema_at_head(database_url) -> None:
    engine = engine_for(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {"users", "api_tokens", "audit_log", "travellers", "parties", "crossing_points"} <= tables
    assert is_current(engine)


def test_reference_data_loads_twice_without_duplicates(node: UnitOfWork) -> None:
    again = node.run(reference.load_reference_data)
    points = node.run(lambda s: reference.crossing_points(s))
    assert again["crossing_points"] == len(points)
    members = node.run(lambda s: reference.parties(s, "member"))
    assert {p.code for p in members} == {"DZA", "TCD", "EGY", "LBY", "MLI", "MRT", "MAR", "NER", "SDN", "TUN"}
    assert {p.country for p in points} == {p.code for p in members}  # every member state has posts
    mali = next(p for p in members if p.code == "MLI")
    assert (mali.name_ar, mali.name_fr) == ("مالي", "Mali")


def test_password_is_stored_as_argon2_and_checked(node: UnitOfWork) -> None:
    user = _add_user(node, "amina")
    assert user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash
    signed_in = node.run(
        lambda s: identity.authenticate(s, "Amina", "correct horse battery", "10.0.0.1", POLICY)
    )
    assert signed_in.id == user.id


def test_duplicate_and_invalid_users_are_refused_and_nothing_is_written(node: UnitOfWork) -> None:
    _add_user(node, "karim")
    with pytest.raises(Conflict):
        _add_user(node, "karim")
    with pytest.raises(InvalidInput, match="roles"):
        _add_user(node, "nobody", roles=("pilot",))
    with pytest.raises(InvalidInput, match="password"):
        node.run(
            lambda s: identity.create_user(
                s,
                SYSTEM,
                username="short",
                full_name="",
                password="short",
                country="MAR",
                agency="customs",
                roles=["officer"],
            )
        )
    names = node.run(lambda s: list(s.scalars(select(User.username))))
    assert names == ["karim"]


def test_repeated_failures_throttle_the_account_even_with_the_right_password(node: UnitOfWork) -> None:
    _add_user(node, "salma")
    for _ in range(POLICY.max_failures):
        with pytest.raises(NotAuthenticated):
            node.run(lambda s: identity.authenticate(s, "salma", "wrong password!", "10.0.0.2", POLICY))
    with pytest.raises(TooManyRequests) as caught:
        node.run(lambda s: identity.authenticate(s, "salma", "correct horse battery", "10.0.0.2", POLICY))
    assert caught.value.details["retry_after"] > 0
    outcomes = node.run(
        lambda s: [
            r.outcome for r in s.scalars(select(AuditRecord).where(AuditRecord.action == "auth.login"))
        ]
    )
    assert outcomes == ["failed", "failed", "failed", "throttled"]


def test_tokens_are_hashed_expire_and_can_be_revoked(node: UnitOfWork) -> None:
    _add_user(node, "omar")
    plain, token = node.run(lambda s: identity.create_token(s, SYSTEM, "omar", "reader", 30))
    stored = node.run(lambda s: s.get(ApiToken, token.id))
    assert plain not in (stored.token_hash, stored.prefix) and plain.startswith(stored.prefix)
    assert node.run(lambda s: identity.user_for_token(s, plain)).username == "omar"

    def age(session) -> None:
        session.get(ApiToken, token.id).expires_at -= timedelta(days=31)

    node.run(age)
    with pytest.raises(NotAuthenticated, match="expired"):
        node.run(lambda s: identity.user_for_token(s, plain))

    plain2, token2 = node.run(lambda s: identity.create_token(s, SYSTEM, "omar", "second", 30))
    node.run(lambda s: identity.revoke_token(s, SYSTEM, token2.id))
    with pytest.raises(NotAuthenticated, match="revoked"):
        node.run(lambda s: identity.user_for_token(s, plain2))


def test_foreign_read_is_refused_like_a_missing_record_and_audited(node: UnitOfWork) -> None:
    mar = identity.principal_of(_add_user(node, "officer.mar"))
    dza = identity.principal_of(_add_user(node, "officer.dza", country="DZA"))
    record = node.run(
        lambda s: travellers.create_traveller(s, Caller(mar), travellers.NewTraveller(surname="TAZI"))
    )
    assert node.run(lambda s: travellers.get_traveller(s, Caller(mar), record.id)).surname == "TAZI"
    with pytest.raises(Forbidden) as foreign:
        node.run(lambda s: travellers.get_traveller(s, Caller(dza), record.id))
    with pytest.raises(Forbidden) as missing:
        node.run(lambda s: travellers.get_traveller(s, Caller(dza), record.id + 999))
    assert foreign.value.message == missing.value.message
    reads = node.run(
        lambda s: [
            (r.actor, r.outcome)
            for r in s.scalars(select(AuditRecord).where(AuditRecord.action == "traveller.read"))
        ]
    )
    assert reads == [("officer.mar", "ok"), ("officer.dza", "denied"), ("officer.dza", "denied")]


def test_audit_chain_detects_an_altered_row(node: UnitOfWork, database_url) -> None:
    for name in ("a.one", "a.two", "a.three"):
        _add_user(node, name)
    assert node.run(audit.verify).ok
    target = node.run(lambda s: s.scalars(select(AuditRecord.id).order_by(AuditRecord.id)).all()[1])
    engine = engine_for(database_url)
    # The database itself refuses changes to the log...
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'intruder' WHERE id = :id"), {"id": target})
    # ...so a tamperer must first remove the guard; the hash chain still gives them away.
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET actor = 'intruder' WHERE id = :id"), {"id": target})
    report = node.run(audit.verify)
    assert not report.ok
    assert report.first_broken_id == target
    assert "altered" in (report.reason or "")


def test_audit_chain_detects_a_deleted_row(node: UnitOfWork, database_url) -> None:
    for name in ("b.one", "b.two", "b.three"):
        _add_user(node, name)
    ids = node.run(lambda s: s.scalars(select(AuditRecord.id).order_by(AuditRecord.id)).all())
    engine = engine_for(database_url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": ids[1]})
    report = node.run(audit.verify)
    assert report.first_broken_id == ids[2]
    assert "removed or inserted" in (report.reason or "")
