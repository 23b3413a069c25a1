"""Declarative risk rules: each rule type on small manifests, and refusal of bad rule definitions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hudud.passengers.models import Flight, Leg, ManifestTraveller, TravelDocument
from hudud.rules import risk

FLIGHT = Flight("AT", "AT0801", "IST", datetime(2026, 12, 1, 8), "CMN", datetime(2026, 12, 1, 12),
                (Leg("AT", "AT0801", "IST", None, "CMN", None),))  # fmt: skip


def pax(surname: str = "BENALI", given: str = "OMAR", *, born: date | None = date(1980, 1, 1), role: str = "passenger",
        booking: str | None = "BK1", doc: str = "AB1234567", issuer: str = "MAR", expiry: date | None = date(2030, 1, 1),
        nationality: str = "MAR", embark: str | None = None) -> ManifestTraveller:  # fmt: skip
    return ManifestTraveller(
        surname=surname, given_names=given, role=role, party_code="FL", segment=1, birth_date=born,  # type: ignore[arg-type]
        nationality=nationality, embarkation=embark,
        documents=(TravelDocument("P", doc, issuer, expiry),),
        references=(("AVF", booking),) if booking else (),
    )  # fmt: skip


def flags_of(rule: risk.RiskRule, people: list[ManifestTraveller], listed=None, seen=None) -> list[set[str]]:
    context = risk.Context(listed or [None] * len(people), seen or {})
    return [{f.rule for f in found} for found in risk.evaluate([rule], FLIGHT, people, context)]


@pytest.mark.parametrize(
    ("days", "expiry", "flagged"),
    [
        (0, date(2026, 11, 30), True),  # expired the day before arrival
        (0, date(2026, 12, 1), False),  # valid on the day of arrival
        (90, date(2027, 2, 1), True),  # inside the 90 days after arrival
        (90, date(2027, 3, 2), False),  # beyond them
        (90, None, False),  # no expiry sent: nothing to judge, nothing flagged
    ],
)
def test_document_expiry_before_arrival_plus_days(days: int, expiry: date | None, flagged: bool) -> None:
    rule = risk.RiskRule("exp", "document_expiry", 10, {"days": days})
    assert flags_of(rule, [pax(expiry=expiry)]) == [{"exp"} if flagged else set()]


def test_document_seen_under_another_name_flags_and_explains() -> None:
    rule = risk.RiskRule("names", "document_names", 40)
    seen = {
        ("MAR", "AB1234567"): frozenset({risk.name_key("BENALI", "OMAR"), risk.name_key("HADDAD", "ALI")})
    }
    [found] = risk.evaluate([rule], FLIGHT, [pax()], risk.Context([None], seen))
    assert [f.text() for f in found] == [
        "Document AB1234567 was seen on other manifests under another name: ALI HADDAD"
    ]
    # the same name in another order or with accents is the same name
    assert flags_of(
        rule, [pax("Bénali", "Omar")], seen={("MAR", "AB1234567"): frozenset({"BENALI OMAR"})}
    ) == [set()]


def test_same_booking_as_a_listed_person() -> None:
    rule = risk.RiskRule("bk", "booking_with_listed", 50)
    people = [pax("HADDAD", "KARIM"), pax("HADDAD", "SAMI"), pax("MARTIN", "ANNE", booking="OTHER")]
    # the listed person is flagged by the list, not by this rule; the companion is; a stranger is not
    assert flags_of(rule, people, listed=[0.93, None, None]) == [set(), {"bk"}, set()]


@pytest.mark.parametrize(
    ("companion", "flagged"),
    [
        (None, True),  # alone on the flight
        (
            pax("HADDAD", "SAMIRA", born=date(1985, 1, 1), booking="BK1"),
            False,
        ),  # an adult on the same booking
        (pax("HADDAD", "SAMIRA", born=date(1985, 1, 1), booking="OTHER"), True),  # an adult, another booking
        (pax("HADDAD", "RIM", born=date(2014, 1, 1), booking="BK1"), True),  # only another child
    ],
)
def test_minor_travelling_alone(companion: ManifestTraveller | None, flagged: bool) -> None:
    rule = risk.RiskRule("minor", "minor_alone", 25, {"age": 18})
    child = pax("HADDAD", "SAMI", born=date(2012, 6, 1))
    people = [child] + ([companion] if companion else [])
    assert flags_of(rule, people)[0] == ({"minor"} if flagged else set())


def test_crew_member_on_a_list() -> None:
    rule = risk.RiskRule("crew", "crew_listed", 30)
    people = [pax(role="crew"), pax(role="crew", given="ALI"), pax()]
    assert flags_of(rule, people, listed=[0.8, None, 0.9]) == [{"crew"}, set(), set()]


def test_route_and_nationality_indicators() -> None:
    route = risk.RiskRule("route", "route", 10, {"airports": ["IST"]})
    nationality = risk.RiskRule("nat", "nationality", 10, {"countries": ["SYR"]})
    assert flags_of(route, [pax()]) == [{"route"}]  # the flight leaves from IST
    assert flags_of(nationality, [pax(nationality="SYR"), pax(issuer="SYR"), pax()]) == [
        {"nat"},
        {"nat"},
        set(),
    ]


def test_risk_score_and_levels() -> None:
    flag = risk.Flag("x", "route", 20, "r")
    assert risk.risk(0.9, [flag]) == 100  # capped
    assert risk.risk(None, [flag]) == 20
    assert [risk.level(s) for s in (0, 10, 40, 80)] == ["none", "low", "medium", "high"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"type": "route"}, "JSON list"),
        ([{"id": "a", "type": "python", "params": {}}], "unknown type 'python'"),  # no code, only known types
        ([{"id": "a", "type": "document_expiry", "params": {"days": -1}}], "days must be a whole number"),
        ([{"id": "a", "type": "route", "params": {"airports": []}}], "non-empty list"),
        ([{"id": "a", "type": "route", "params": {"airports": ["ISTANBUL"]}}], "not 3 letters"),
        ([{"id": "a", "type": "route", "weight": 500, "params": {"airports": ["IST"]}}], "weight"),
        ([{"id": "a", "type": "crew_listed"}, {"id": "a", "type": "crew_listed"}], "used twice"),
    ],
)
def test_bad_rule_definitions_are_refused_with_the_rule_named(data: object, words: str) -> None:
    with pytest.raises(risk.RuleError, match=words):
        risk.parse_rules(data)


def test_rules_from_json_data() -> None:
    rules = risk.parse_rules(
        [{"id": "exp-90", "type": "document_expiry", "params": {"days": 90}, "weight": 15},
         {"id": "hubs", "type": "route", "params": {"airports": ["ist", "DXB"]}}]
    )  # fmt: skip
    assert rules[0] == risk.RiskRule("exp-90", "document_expiry", 15.0, {"days": 90})
    assert rules[1].params == {"airports": ["IST", "DXB"]}
