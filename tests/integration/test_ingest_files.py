"""Ingestion on SQLite and PostgreSQL: every shared PAXLST file with its traveller count, duplicates once,
bad input stored raw and rejected (or refused whole), nothing half-stored."""

from __future__ import annotations

import re

import pytest
from benchmarks.manifests_sample import FlightPlan, crowd, paxlst
from sqlalchemy import func, select

from hudud.errors import InvalidInput, PayloadTooLarge
from hudud.policy import Caller
from hudud.services.api_ingest import Ingestor
from hudud.services.unit_of_work import UnitOfWork
from hudud.settings import load_settings
from hudud.store.db import engine_for
from hudud.store.manifest_tables import ApiMessage, ManifestFlight, ManifestPerson, ManifestRecord

CLI = Caller(None, via="cli")
# Traveller counts per file, counted independently of the parser (docs/paxlst.md).
COUNTS = {
    "astra/test1_0.edi": 3, "astra/test2_0.edi": 1, "astra/test3_0.edi": 3, "astra/test6_0.edi": 3,
    "astra/test7_0.edi": 0, "astra/test7_29.edi": 2, "astra/test7_30.edi": 1, "astra/test8_0.edi": 3,
    "gtas-flights/flight1.txt": 10, "gtas-flights/flight2.txt": 10, "gtas-flights/flight3.txt": 10,
    "loader__Test1.txt": 8, "loader__Test3.txt": 260, "loader__airline2.edi": 10,
    "loader__multiple_flight_leg_apis.txt": 2, "parsers__apisMessage.txt": 2, "sample_paxlist_uae.edi": 1,
}  # fmt: skip


@pytest.fixture
def ingestor(database_url, tmp_path) -> Ingestor:
    settings = load_settings(var_dir=tmp_path, database_url=database_url, manifest_max_bytes=1024 * 1024)
    return Ingestor(UnitOfWork(engine_for(database_url)), settings)


def count(ingestor: Ingestor, column) -> int:  # type: ignore[no-untyped-def]
    return ingestor.uow.run(lambda s: s.scalar(select(func.count(column))))


def test_every_shared_paxlst_file_ingests_with_its_traveller_count(ingestor, shared_data) -> None:
    folder = shared_data / "paxlst"
    first_of: dict[bytes, str] = {}
    for name, expected in COUNTS.items():
        data = (folder / name).read_bytes()
        result = ingestor.ingest(CLI, data, channel="cli", source=name)
        if data in first_of:  # astra test6_0 and test8_0 are byte for byte test1_0: the same message
            assert result.status == "duplicate", name
        else:
            assert (result.status, result.travellers) == ("ingested", expected), name
            first_of[data] = name
        assert result.travellers == expected
    distinct = sum(COUNTS[n] for n in first_of.values())
    assert count(ingestor, ManifestPerson.id) == distinct == 323
    assert count(ingestor, ManifestRecord.id) == len(first_of) == 15
    assert count(ingestor, ApiMessage.id) == 15  # the same bytes are one message
    # three GTAS flights share sender and control reference: three lists, not one (never lose a list)
    gtas = ingestor.uow.run(
        lambda s: s.scalars(select(ManifestRecord.issues).where(ManifestRecord.sender == "LUFTHANSA")).all()
    )
    assert len(gtas) == 3 and sum("was used before" in str(i) for i in gtas) == 2


def test_a_resent_interchange_is_not_ingested_twice(ingestor) -> None:
    body = paxlst(crowd(4), FlightPlan())
    assert ingestor.ingest(CLI, body, channel="cli", source="a").status == "ingested"
    resent = body.replace(b"+HUDUD+", b"+HUDUD+ ", 1)  # other bytes, same sender, reference and content
    again = ingestor.ingest(CLI, resent, channel="cli", source="b")
    assert (again.status, again.duplicate_of) == ("duplicate", 1)
    assert count(ingestor, ManifestRecord.id) == 1 and count(ingestor, ManifestPerson.id) == 4
    # an update of the list for the same flight (new reference, one more traveller) joins the same flight
    update = paxlst(crowd(5), FlightPlan(), control_ref="000000002")
    result = ingestor.ingest(CLI, update, channel="cli", source="c")
    assert result.status == "ingested"
    flight = ingestor.uow.run(lambda s: s.get(ManifestFlight, result.flight_id))
    assert (count(ingestor, ManifestFlight.id), flight.travellers) == (1, 5)  # a person on both lists once


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda b: b[: len(b) // 2], "UNT"),  # truncated interchange: the good travellers are kept
        (lambda b: b.replace(b"UNT+", b"UNT+9"), "segments"),  # wrong UNT count
        (lambda b: re.sub(rb"DTM\+329:\d+", b"DTM+329:801399", b, count=1), "not a valid date"),  # bad date
        (lambda b: b.replace(b"NAT+2+MAR", b"NAT+2+QQQ", 1), "QQQ"),  # unknown code
    ],
)
def test_damaged_messages_keep_their_good_travellers_and_their_errors(ingestor, damage, problem) -> None:
    body = damage(paxlst(crowd(6, seed=9), FlightPlan()).replace(b"NAT+2+FRA", b"NAT+2+MAR"))
    result = ingestor.ingest(CLI, body, channel="cli", source="damaged")
    assert result.status == "ingested" and result.travellers >= 1
    assert any(problem in e["message"] for e in result.errors), result.errors
    stored = ingestor.uow.run(lambda s: s.scalar(select(ManifestRecord.issues)))
    assert stored == result.errors


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (bytes(range(256)) * 8, "binary"),  # binary junk
        ("UNB+UNOA:4+X+Y+260101:0000+1'UNH+1+PAXLST:D:02B:UN:IATA'".encode("utf-16-le"), "UTF-16"),
        (b"UNB+UNOA:4+X+Y+260101:0000+1'UNH+1+CUSRES:D:02B:UN'BGM+1'UNT+3+1'UNZ+1+1'", "no PAXLST"),
    ],
)
def test_unreadable_messages_are_kept_raw_and_rejected(ingestor, body, reason) -> None:
    result = ingestor.ingest(CLI, body, channel="cli", source="junk")
    assert result.status == "rejected" and reason in (result.error or "")
    assert count(ingestor, ApiMessage.id) == 1  # nothing lost: the bytes are kept, with the reason
    assert (
        count(ingestor, ManifestRecord.id) == count(ingestor, ManifestFlight.id) == 0
    )  # nothing half-stored


@pytest.mark.parametrize(
    ("body", "error"), [(b"UNA" + b"x" * (1024 * 1024), PayloadTooLarge), (b"", InvalidInput)]
)
def test_too_large_or_empty_is_refused_before_anything_is_stored(ingestor, body, error) -> None:
    with pytest.raises(error):
        ingestor.ingest(CLI, body, channel="cli", source="big")
    assert count(ingestor, ApiMessage.id) == 0


def test_pnrgov_pushes_ingest_their_booked_travellers(ingestor, shared_data) -> None:
    result = ingestor.ingest(
        CLI, (shared_data / "pnrgov" / "loader__3_pnrs.edi").read_bytes(), channel="cli", source="p"
    )
    assert (result.status, result.kind, result.travellers) == ("ingested", "pnrgov", 14)


def test_a_message_stored_but_never_processed_is_picked_up(ingestor) -> None:
    message_id, new = ingestor.store_raw(CLI, paxlst(crowd(3)), channel="nats", source="hudud.apis.MAR.AT")
    assert new and ingestor.process_pending(CLI) == 1
    assert ingestor.uow.run(lambda s: s.get(ApiMessage, message_id).status) == "ingested"
    assert ingestor.process_pending(CLI) == 0


def test_documents_seen_under_another_name_are_flagged_on_a_later_manifest(ingestor) -> None:
    people = crowd(2, seed=4)
    ingestor.ingest(CLI, paxlst(people, FlightPlan("AT0100")), channel="cli", source="first")
    impostor = [people[0].__class__(**{**people[0].__dict__, "surname": "OTHERNAME"})]
    result = ingestor.ingest(
        CLI, paxlst(impostor, FlightPlan("AT0200"), control_ref="9"), channel="cli", source="x"
    )
    flags = ingestor.uow.run(
        lambda s: s.scalars(
            select(ManifestPerson.flags).where(ManifestPerson.manifest_id == result.manifest_id)
        ).one()
    )
    assert [f["type"] for f in flags] == ["document_names"]


class CountingScreening:
    """The node's screening, counting the travellers it is asked about."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.threshold, self.screened = inner, inner.threshold, 0

    def screener(self, session, country):  # type: ignore[no-untyped-def]
        engine = self.inner.screener(session, country)
        outer = self

        class Counting:
            def screen(self, traveller, limit=5):  # type: ignore[no-untyped-def]
                outer.screened += 1
                return engine.screen(traveller, limit=limit)

        return Counting()


def test_an_update_of_a_list_reuses_the_screening_of_the_same_people(ingestor) -> None:
    counting = CountingScreening(ingestor.screening)
    ingestor.screening = counting  # type: ignore[assignment]
    people = crowd(6, seed=21)
    ingestor.ingest(CLI, paxlst(people[:5], FlightPlan()), channel="cli", source="first")
    assert counting.screened == 5
    update = ingestor.ingest(
        CLI, paxlst(people, FlightPlan(), control_ref="2"), channel="cli", source="update"
    )
    assert update.status == "ingested" and counting.screened == 6  # only the newcomer was screened
