"""Data protection on SQLite and PostgreSQL: masked after N months on every read, deleted after N years."""

from __future__ import annotations

from datetime import timedelta

import pytest
from benchmarks.manifests_sample import FlightPlan, crowd, paxlst
from sqlalchemy import func, select, update

from hudud.policy import Caller, Principal
from hudud.services import piu, retention
from hudud.services.api_ingest import Ingestor
from hudud.services.unit_of_work import UnitOfWork
from hudud.settings import load_settings
from hudud.store.db import engine_for
from hudud.store.manifest_tables import ApiMessage, ManifestFlight, ManifestPerson, ManifestRecord
from hudud.store.tables import AuditRecord, utcnow

CLI = Caller(None, via="cli")
ANALYST = Caller(Principal(7, "analyst.mar", "MAR", "intelligence", frozenset({"analyst"})), via="web")
POLICY = retention.Policy(mask_after_months=6, delete_after_years=5)


@pytest.fixture
def ingestor(database_url, tmp_path) -> Ingestor:
    return Ingestor(
        UnitOfWork(engine_for(database_url)), load_settings(var_dir=tmp_path, database_url=database_url)
    )


def age(ingestor: Ingestor, manifest_id: int, days: int) -> None:
    """Pretend a list was received ``days`` ago."""
    when = utcnow() - timedelta(days=days)

    def work(session) -> None:  # type: ignore[no-untyped-def]
        record = session.get(ManifestRecord, manifest_id)
        record.received_at = when
        session.execute(update(ApiMessage).where(ApiMessage.id == record.message_id).values(received_at=when))

    ingestor.uow.run(work)


def view(ingestor: Ingestor, flight_id: int) -> dict:
    return ingestor.uow.run(lambda s: piu.flight_view(s, ANALYST, flight_id, POLICY))


def test_travellers_are_masked_after_the_period_on_every_read(ingestor) -> None:
    result = ingestor.ingest(CLI, paxlst(crowd(3), FlightPlan()), channel="cli", source="a")
    fresh = view(ingestor, result.flight_id)["travellers"]
    assert not any(t["masked"] for t in fresh) and fresh[0]["documents"][0]["number"].startswith("X")

    age(ingestor, result.manifest_id, 6 * 30 + 1)
    for traveller in view(ingestor, result.flight_id)["travellers"]:
        assert traveller["masked"] and traveller["surname"] == traveller["given_names"] == retention.MASK
        assert traveller["birth_date"] == retention.MASK
        assert {d["number"] for d in traveller["documents"]} == {retention.MASK}
        assert traveller["nationality"]  # kept for analysis; it does not identify a person
    # the stored data is untouched: masking is enforced where it is read
    assert ingestor.uow.run(lambda s: s.scalar(select(ManifestPerson.surname).limit(1))) != retention.MASK
    reads = ingestor.uow.run(
        lambda s: s.scalars(select(AuditRecord.detail).where(AuditRecord.action == "piu.flight.read")).all()
    )
    assert reads[-1] == "travellers=3 masked=3"


def test_data_past_the_retention_period_is_deleted_and_the_rest_kept(ingestor) -> None:
    old = ingestor.ingest(CLI, paxlst(crowd(2), FlightPlan("AT0001")), channel="cli", source="old")
    kept = ingestor.ingest(
        CLI, paxlst(crowd(4), FlightPlan("AT0002"), control_ref="2"), channel="cli", source="new"
    )
    age(ingestor, old.manifest_id, 5 * 365 + 1)
    age(ingestor, kept.manifest_id, 200)
    report = ingestor.uow.run(lambda s: retention.apply(s, CLI, POLICY))
    assert (report.deleted_messages, report.deleted_manifests, report.deleted_flights) == (1, 1, 1)
    assert report.masked_manifests == 1
    counts = ingestor.uow.run(
        lambda s: [
            s.scalar(select(func.count(t.id)))
            for t in (ApiMessage, ManifestRecord, ManifestFlight, ManifestPerson)
        ]
    )
    assert counts == [1, 1, 1, 4]
