"""Stay rules: 90 days in any 180, visa validity, overstays and exits without entry."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hudud.rules.stay import Movement, Stay, StayRule, rule_for, stay_status, stays

D = date(2026, 6, 1)


def _in(day: date) -> Movement:
    return Movement(day, "entry")


def _out(day: date) -> Movement:
    return Movement(day, "exit")


@pytest.mark.parametrize(
    ("moves", "expected"),
    [
        ([_in(D), _out(D + timedelta(5))], [Stay(D, D + timedelta(5))]),  # a plain visit
        ([_out(D)], [Stay(None, D)]),  # exit with no entry recorded before it
        ([_in(D)], [Stay(D, None)]),  # still in the country
        (
            [_in(D), _in(D + timedelta(3))],
            [Stay(D, D + timedelta(3)), Stay(D + timedelta(3), None)],
        ),  # exit missed
        ([_out(D + timedelta(2)), _in(D)], [Stay(D, D + timedelta(2))]),  # given out of order
    ],
)
def test_movements_pair_into_stays(moves, expected) -> None:
    assert stays(moves) == expected


def test_ninety_days_in_any_hundred_and_eighty() -> None:
    rule = StayRule(max_days=90, window_days=180)
    entered = D
    on_day_90 = stay_status([_in(entered)], rule, entered + timedelta(89))
    assert on_day_90.present and on_day_90.days_used == 90 and on_day_90.days_left == 1
    assert on_day_90.allowed_until == entered + timedelta(89) and not on_day_90.overstaying
    later = stay_status([_in(entered)], rule, entered + timedelta(99))
    assert later.overstay_days == 10 and later.days_left == 0


def test_earlier_stays_in_the_window_shorten_the_next_one() -> None:
    rule = StayRule(max_days=90, window_days=180)
    first = [_in(D), _out(D + timedelta(59))]  # 60 days used
    back = D + timedelta(80)
    at_desk = stay_status(first, rule, back, at_entry=True)
    assert at_desk.days_left == 30 and at_desk.allowed_until == back + timedelta(29)


def test_visa_validity_caps_the_stay_and_a_missing_visa_is_flagged() -> None:
    rule = StayRule(max_days=90, window_days=180, visa_required=True)
    status = stay_status([_in(D)], rule, D + timedelta(20), visa_until=D + timedelta(14))
    assert status.allowed_until == D + timedelta(14) and status.overstay_days == 6
    assert stay_status([_in(D)], rule, D).visa_missing


def test_nationals_stay_without_limit() -> None:
    status = stay_status([_in(D - timedelta(900))], StayRule(nationality="MAR", unlimited=True), D)
    assert status.present and not status.overstaying and status.allowed_until is None


def test_exits_without_entry_are_counted() -> None:
    status = stay_status([_out(D), _in(D + timedelta(10))], StayRule(), D + timedelta(11))
    assert status.exits_without_entry == 1 and status.present


@pytest.mark.parametrize(
    ("nationality", "visa", "expected_days"),
    [
        ("TUN", "none", 90),  # only the catch-all applies
        ("NER", "none", 30),  # the nationality rule beats the catch-all
        ("NER", "C", 15),  # nationality and visa type beat nationality alone
        ("FRA", "R", 365),  # the visa-type rule beats the catch-all
    ],
)
def test_the_most_specific_rule_applies(nationality, visa, expected_days) -> None:
    rules = [
        StayRule(),
        StayRule(nationality="NER", max_days=30),
        StayRule(nationality="NER", visa_type="C", max_days=15),
        StayRule(visa_type="R", max_days=365, window_days=365),
    ]
    assert rule_for(rules, nationality, visa).max_days == expected_days


def test_an_impossible_rule_is_refused() -> None:
    with pytest.raises(ValueError):
        StayRule(max_days=200, window_days=180)
