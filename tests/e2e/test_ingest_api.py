"""POST /api/manifests and the unit's JSON endpoints: raw EDIFACT in, ranked flights out, every refusal clear."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from benchmarks.manifests_sample import FlightPlan, Pax, crowd, paxlst
from sqlalchemy import func, select

from hudud.services import identity, lists
from hudud.store.manifest_tables import ApiMessage, ManifestRecord
from hudud.store.tables import AuditRecord
from tests.e2e.conftest import PASSWORD, SYSTEM, token_for

LISTED = Pax("HADDAD", "KARIM", date(1980, 5, 17), nationality="DZA", document="P7654321", booking="LST001")


def add_analyst(node, username: str = "analyst.mar", country: str = "MAR") -> None:
    node.run(
        lambda s: identity.create_user(
            s, SYSTEM, username=username, full_name=username, password=PASSWORD, country=country,
            agency="intelligence", roles=("analyst",),
        )
    )  # fmt: skip


def add_wanted_list(node, tmp_path) -> None:
    path = tmp_path / "mar-wanted.csv"
    path.write_text(
        "id,name,given_name,family_name,birth_date,nationality,gender\n"
        "MAR-W-1,Karim Haddad,Karim,Haddad,1980-05-17,DZA,M\n",
        encoding="utf-8",
    )
    node.run(lambda s: lists.import_list(s, SYSTEM, path, list_name="national:mar-wanted", owner="MAR"))


def soon_flight() -> FlightPlan:
    now = datetime.now().replace(second=0, microsecond=0)
    return FlightPlan("AT0801", "IST", "CMN", now + timedelta(hours=2), now + timedelta(hours=5))


@pytest.fixture
def analyst(node, client, tmp_path) -> dict[str, str]:
    add_analyst(node)
    add_wanted_list(node, tmp_path)
    return {"Authorization": f"Bearer {token_for(node, 'analyst.mar')}"}


def test_post_ingests_then_board_and_flight_rank_the_listed_traveller_first(client, analyst) -> None:
    people = [*crowd(12, seed=3), LISTED, Pax("HADDAD", "SAMI", date(2015, 2, 1), booking="LST001")]
    body = paxlst(people, soon_flight())
    answer = client.post(
        "/api/manifests", content=body, headers={**analyst, "Content-Type": "application/edifact"}
    )
    assert answer.status_code == 201, answer.text
    result = answer.json()
    assert (result["status"], result["travellers"], result["matches"]) == ("ingested", 14, 1)

    board = client.get("/api/manifests/board", headers=analyst).json()
    assert [f["id"] for f in board["arriving"]] == [result["flight_id"]]
    assert board["arriving"][0]["level"] == "high"

    flight = client.get(f"/api/manifests/flights/{result['flight_id']}", headers=analyst).json()
    first = flight["travellers"][0]
    assert (first["surname"], first["match"]) == ("HADDAD", True)
    assert first["hits"][0]["id"] == "MAR-W-1"
    # the child on the listed person's booking is flagged for it (rules flag; people decide)
    child = next(t for t in flight["travellers"] if t["given_names"] == "SAMI")
    assert {f["type"] for f in child["flags"]} == {"booking_with_listed"}


def test_the_same_interchange_twice_is_ingested_once(client, analyst, node) -> None:
    body = paxlst(crowd(5), soon_flight())
    assert client.post("/api/manifests", content=body, headers=analyst).status_code == 201
    again = client.post("/api/manifests", content=body, headers=analyst)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    # resent with another preparation time in UNB (the bytes differ, the interchange does not)
    resent = body.replace(b"+000000001++APIS", b"+000000001++APIS").replace(
        b"UNB+UNOA:4+ATGATEWAY+HUDUD+", b"UNB+UNOA:4+ATGATEWAY+HUDUD+9"
    )
    third = client.post("/api/manifests", content=resent, headers=analyst)
    assert third.json()["status"] == "duplicate", third.text
    counts = node.run(
        lambda s: (
            s.scalar(select(func.count(ApiMessage.id))),
            s.scalar(select(func.count(ManifestRecord.id))),
        )
    )
    assert counts == (2, 1)  # two different byte strings kept raw, one manifest


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00junk", 422, "binary"),  # binary junk: kept raw, marked rejected
        ("UNH+1+PAXLST:D:02B:UN:IATA'BGM+745'".encode("utf-16"), 422, "UTF-16"),  # wrong encoding
        (b"hello, this is not edifact", 422, "not an EDIFACT"),
        (b"   ", 422, "empty"),  # nothing to keep: refused before storing
    ],
)
def test_unreadable_messages_are_refused_with_a_clear_reason(client, analyst, body, status, words) -> None:
    answer = client.post("/api/manifests", content=body, headers=analyst)
    assert answer.status_code == status
    said = answer.json()
    assert words in f"{said.get('error')} {said.get('message')}"


def test_a_50_mb_message_is_refused_and_nothing_is_stored(client, analyst, node) -> None:
    answer = client.post("/api/manifests", content=b"UNA:+.? '" + b"X" * (50 * 1024 * 1024), headers=analyst)
    assert answer.status_code == 413
    assert node.run(lambda s: s.scalar(select(func.count(ApiMessage.id)))) == 0


def test_officers_do_not_see_the_board_and_other_states_do_not_see_the_flight(client, analyst, node) -> None:
    result = client.post("/api/manifests", content=paxlst(crowd(3), soon_flight()), headers=analyst).json()
    officer = {"Authorization": f"Bearer {token_for(node, 'officer.mar')}"}
    assert client.get("/api/manifests/board", headers=officer).status_code == 403
    add_analyst(node, "analyst.dza", "DZA")
    other = {"Authorization": f"Bearer {token_for(node, 'analyst.dza')}"}
    missing = client.get("/api/manifests/flights/999999", headers=other)
    hidden = client.get(f"/api/manifests/flights/{result['flight_id']}", headers=other)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    trainer = {"Authorization": f"Bearer {token_for(node, 'trainer.rtc')}"}
    assert client.post("/api/manifests", content=paxlst(crowd(1)), headers=trainer).status_code == 403


def test_targets_are_a_persons_decision_and_every_read_is_audited(client, analyst, node) -> None:
    result = client.post(
        "/api/manifests", content=paxlst([LISTED, *crowd(3)], soon_flight()), headers=analyst
    ).json()
    flight = client.get(f"/api/manifests/flights/{result['flight_id']}", headers=analyst).json()
    listed = flight["travellers"][0]
    made = client.post(
        "/api/manifests/targets",
        json={
            "traveller_id": listed["id"],
            "assignee": "bcp",
            "reason": "wanted list match, check at arrival",
        },
        headers=analyst,
    )
    assert made.status_code == 201, made.text
    queue = client.get("/api/manifests/targets", headers=analyst).json()
    assert [t["traveller"]["surname"] for t in queue] == ["HADDAD"]
    decided = client.post(
        f"/api/manifests/targets/{made.json()['id']}/decision",
        json={"outcome": "cleared", "note": "different person, documents checked"},
        headers=analyst,
    )
    assert decided.json()["status"] == "cleared"
    actions = node.run(lambda s: set(s.scalars(select(AuditRecord.action))))
    assert {"manifests.receive", "manifests.ingest", "piu.flight.read", "piu.target.create",
            "piu.target.decide", "piu.targets"} <= actions  # fmt: skip


def test_a_list_changed_after_the_manifest_means_screening_again(client, node, tmp_path) -> None:
    add_analyst(node)
    headers = {"Authorization": f"Bearer {token_for(node, 'analyst.mar')}"}
    result = client.post(
        "/api/manifests", content=paxlst([*crowd(4), LISTED], soon_flight()), headers=headers
    ).json()
    assert result["matches"] == 0  # no list yet
    add_wanted_list(node, tmp_path)  # the wanted list arrives after the manifest
    flight = client.get(f"/api/manifests/flights/{result['flight_id']}", headers=headers).json()
    assert flight["stale"] is True
    answer = client.post(f"/api/manifests/flights/{result['flight_id']}/rescreen", headers=headers)
    assert answer.json()["travellers"] == 5
    flight = client.get(f"/api/manifests/flights/{result['flight_id']}", headers=headers).json()
    assert flight["stale"] is False and flight["flight"]["matches"] == 1
    assert (flight["travellers"][0]["surname"], flight["travellers"][0]["match"]) == ("HADDAD", True)
