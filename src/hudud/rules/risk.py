"""Risk rules for passenger lists: declarative data (a type and its parameters), never code.

A rule only *flags*: each flag says which rule fired and why, in words a person can check against
the manifest, and a person decides what happens next (no automated decisions). Rules come from a
JSON list an operator can read, e.g. ``{"id": "expiry-90", "type": "document_expiry",
"params": {"days": 90}, "weight": 15}``; an unknown type or a bad parameter is refused with a
message naming the rule, so a typo never silently switches a rule off.

The reasons are English templates with ``%(name)s`` placeholders, marked with ``N_`` so the
interface can translate them and fill in the values in the reader's language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from hudud.passengers.models import Flight, ManifestTraveller


def N_(message: str) -> str:
    """Mark a reason template for extraction; the interface translates it at render time."""
    return message


REASONS = {
    "document_expiry": N_(
        "Document %(number)s expires on %(expiry)s, less than %(days)s days after arrival on %(arrival)s"
    ),
    "document_names": N_("Document %(number)s was seen on other manifests under another name: %(names)s"),
    "booking_with_listed": N_("Travels on booking %(booking)s with a person who matched a list"),
    "minor_alone": N_("Minor (%(age)s years at arrival) with no adult on the same booking"),
    "crew_listed": N_("Crew member who matched a list (score %(score)s)"),
    "route": N_("Journey touches an airport of interest: %(airports)s"),
    "nationality": N_("Nationality of interest: %(nationality)s"),
}
TYPES = tuple(REASONS)


class RuleError(ValueError):
    """A rule definition cannot be used; the message names the rule and the problem."""


@dataclass(frozen=True, slots=True)
class RiskRule:
    """One rule as data: ``type`` is one of ``TYPES``; ``weight`` (0-100) is what a flag adds to risk."""

    id: str
    type: str
    weight: float
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Flag:
    """A rule that fired for one traveller, with the values its reason names."""

    rule: str
    type: str
    weight: float
    reason: str  # English template (translate, then ``% values``)
    values: tuple[tuple[str, str], ...] = ()

    def text(self, translate: Any = None) -> str:
        """The reason with its values filled in (translated first when a translator is given)."""
        template = translate(self.reason) if translate is not None else self.reason
        return str(template) % dict(self.values)


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules need beyond the manifest itself, supplied by the service.

    ``listed[i]``: the best screening score of traveller ``i`` when it matched a list, else None.
    ``seen_names``: for a document (issuing state, number), the names it was seen under on earlier
    manifests (normalised with ``name_key``)."""

    listed: Sequence[float | None]
    seen_names: Mapping[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    today: date | None = None  # arrival date fallback when the flight has none


DEFAULT_RULES: tuple[RiskRule, ...] = (
    RiskRule("document-expiry", "document_expiry", 15, {"days": 30}),
    RiskRule("document-names", "document_names", 40),
    RiskRule("booking-with-listed", "booking_with_listed", 50),
    RiskRule("minor-alone", "minor_alone", 25, {"age": 18}),
    RiskRule("crew-listed", "crew_listed", 30),
)


def parse_rules(data: Any) -> tuple[RiskRule, ...]:
    """Rules from JSON-shaped data (a list of objects); raises ``RuleError`` naming the bad rule."""
    if not isinstance(data, list):
        raise RuleError("risk rules must be a JSON list of rule objects")
    rules: list[RiskRule] = []
    seen: set[str] = set()
    for position, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise RuleError(f"rule {position}: must be an object with id, type, params and weight")
        rule_id = str(item.get("id") or f"rule-{position}")
        where = f"rule {rule_id!r}"
        kind = item.get("type")
        if kind not in REASONS:
            raise RuleError(f"{where}: unknown type {kind!r}; known types: {', '.join(TYPES)}")
        if rule_id in seen:
            raise RuleError(f"{where}: the id is used twice")
        seen.add(rule_id)
        weight = item.get("weight", 10)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight <= 100:
            raise RuleError(f"{where}: weight must be a number from 0 to 100")
        params = item.get("params") or {}
        if not isinstance(params, dict):
            raise RuleError(f"{where}: params must be an object")
        rules.append(RiskRule(rule_id, str(kind), float(weight), _check_params(where, str(kind), params)))
    return tuple(rules)


def _check_params(where: str, kind: str, params: dict[str, Any]) -> dict[str, Any]:
    def number(name: str, default: int, low: int, high: int) -> int:
        value = params.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise RuleError(f"{where}: {name} must be a whole number from {low} to {high}")
        return value

    def codes(name: str, size: tuple[int, ...]) -> list[str]:
        value = params.get(name)
        if not isinstance(value, list) or not value:
            raise RuleError(f"{where}: {name} must be a non-empty list of codes")
        out = [str(v).strip().upper() for v in value]
        bad = [v for v in out if len(v) not in size or not v.isalnum()]
        if bad:
            raise RuleError(
                f"{where}: {name} has codes that are not {'/'.join(map(str, size))} letters: {bad}"
            )
        return out

    if kind == "document_expiry":
        return {"days": number("days", 0, 0, 3650)}
    if kind == "minor_alone":
        return {"age": number("age", 18, 1, 21)}
    if kind == "route":
        return {"airports": codes("airports", (3,))}
    if kind == "nationality":
        return {"countries": codes("countries", (3,))}
    return {}


# ----- evaluation ---------------------------------------------------------------------------------------


def name_key(surname: str, given_names: str) -> str:
    """A name reduced for comparison: accents and punctuation gone, tokens sorted (order-free)."""
    text = unicodedata.normalize("NFKD", f"{surname} {given_names}".upper())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(sorted(t for t in re.split(r"[^0-9A-Z\u0600-\u06FF]+", text) if t))


def document_key(issuing_state: str | None, number: str | None) -> tuple[str, str] | None:
    """The key a document is remembered under across manifests (None: no usable number)."""
    if not number:
        return None
    cleaned = re.sub(r"[^0-9A-Z]", "", number.upper())
    return ((issuing_state or "").upper(), cleaned) if len(cleaned) >= 5 else None


def arrival_day(flight: Flight, today: date | None) -> date | None:
    """The day the flight arrives (else departs, else ``today``): what expiry and age are measured at."""
    moment = flight.arrival_time or flight.departure_time
    return moment.date() if moment is not None else today


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def evaluate(
    rules: Sequence[RiskRule], flight: Flight, travellers: Sequence[ManifestTraveller], context: Context
) -> list[list[Flag]]:
    """Every rule against every traveller of one manifest: a list of flags per traveller, in order."""
    arrival = arrival_day(flight, context.today)
    flags: list[list[Flag]] = [[] for _ in travellers]
    crowd = _Crowd(travellers, context, arrival)
    for rule in rules:
        check = _CHECKS[rule.type]
        for i, traveller in enumerate(travellers):
            values = check(rule, flight, crowd, i, traveller, context, arrival)
            if values is not None:
                flags[i].append(
                    Flag(rule.id, rule.type, rule.weight, REASONS[rule.type], tuple(values.items()))
                )
    return flags


def risk(match_score: float | None, flags: Sequence[Flag]) -> int:
    """0-100: a list match counts its score (x100), each flag its weight; capped at 100."""
    points = (match_score or 0.0) * 100 + sum(f.weight for f in flags)
    return min(100, round(points))


def level(score: int) -> str:
    """The words a board shows: high, medium, low or none."""
    return "high" if score >= 70 else "medium" if score >= 30 else "low" if score > 0 else "none"


_Values = dict[str, str] | None


class _Crowd:
    """The other travellers of the manifest, indexed once (a 500-traveller list is not read 500 times)."""

    def __init__(self, travellers: Sequence[ManifestTraveller], ctx: Context, arrival: date | None) -> None:
        self.travellers = travellers
        self.arrival = arrival
        self.listed_bookings = {
            b for t, score in zip(travellers, ctx.listed, strict=True) if score is not None
            if (b := t.reference("AVF"))
        }  # fmt: skip
        self._adults: dict[int, dict[tuple[str, str], int]] = {}

    def adults(self, limit: int) -> dict[tuple[str, str], int]:
        """Adult passengers (age unknown counts as adult) per booking and, without one, per surname."""
        if limit not in self._adults:
            groups: dict[tuple[str, str], int] = {}
            for t in self.travellers:
                if t.role != "passenger":
                    continue
                if (
                    t.birth_date is not None
                    and self.arrival is not None
                    and age_on(t.birth_date, self.arrival) < limit
                ):
                    continue
                booking = t.reference("AVF")
                key = ("booking", booking) if booking else ("surname", t.surname)
                groups[key] = groups.get(key, 0) + 1
            self._adults[limit] = groups
        return self._adults[limit]


def _expiry(rule: RiskRule, flight: Flight, all_: _Crowd, i: int,
            t: ManifestTraveller, ctx: Context, arrival: date | None) -> _Values:  # fmt: skip
    if arrival is None:
        return None
    days = int(rule.params.get("days", 0))
    limit = arrival + timedelta(days=days)
    for doc in t.documents:
        if doc.expiry is not None and doc.expiry < limit:
            return {"number": doc.number or "?", "expiry": doc.expiry.isoformat(), "days": str(days),
                    "arrival": arrival.isoformat()}  # fmt: skip
    return None


def _names(rule: RiskRule, flight: Flight, all_: _Crowd, i: int,
           t: ManifestTraveller, ctx: Context, arrival: date | None) -> _Values:  # fmt: skip
    own = name_key(t.surname, t.given_names)
    for doc in t.documents:
        key = document_key(doc.issuing_state, doc.number)
        others = sorted(n for n in ctx.seen_names.get(key, frozenset()) if n != own) if key else []
        if others:
            return {"number": doc.number or "?", "names": "; ".join(others[:3])}
    return None


def _booking(rule: RiskRule, flight: Flight, all_: _Crowd, i: int,
             t: ManifestTraveller, ctx: Context, arrival: date | None) -> _Values:  # fmt: skip
    booking = t.reference("AVF")
    if not booking or ctx.listed[i] is not None:
        return None
    return {"booking": booking} if booking in all_.listed_bookings else None


def _minor(rule: RiskRule, flight: Flight, all_: _Crowd, i: int,
           t: ManifestTraveller, ctx: Context, arrival: date | None) -> _Values:  # fmt: skip
    limit = int(rule.params.get("age", 18))
    if t.role != "passenger" or t.birth_date is None or arrival is None:
        return None
    age = age_on(t.birth_date, arrival)
    if age >= limit or age < 0:
        return None
    booking = t.reference("AVF")
    group = ("booking", booking) if booking else ("surname", t.surname)
    return None if all_.adults(limit).get(group, 0) > 0 else {"age": str(age)}


def _crew(rule: RiskRule, flight: Flight, all_: _Crowd, i: int,
          t: ManifestTraveller, ctx: Context, arrival: date | None) -> _Values:  # fmt: skip
    score = ctx.listed[i]
    return {"score": f"{score:.2f}"} if t.role == "crew" and score is not None else None


def _route(rule: RiskRule, flight: Flight, all_: _Crowd, i: int,
           t: ManifestTraveller, ctx: Context, arrival: date | None) -> _Values:  # fmt: skip
    wanted = set(rule.params.get("airports", ()))
    touched = {t.embarkation, t.debarkation, flight.departure_airport}
    for leg in flight.legs:
        touched.update((leg.departure_airport, leg.arrival_airport))
    hit = sorted(a for a in touched if a and a in wanted)
    return {"airports": ", ".join(hit)} if hit else None


def _nationality(rule: RiskRule, flight: Flight, all_: _Crowd, i: int,
                 t: ManifestTraveller, ctx: Context, arrival: date | None) -> _Values:  # fmt: skip
    wanted = set(rule.params.get("countries", ()))
    issuers = {d.issuing_state for d in t.documents if d.type not in ("V",)}
    found = sorted(c for c in {t.nationality, *issuers} if c and c in wanted)
    return {"nationality": ", ".join(found)} if found else None


_CHECKS = {
    "document_expiry": _expiry,
    "document_names": _names,
    "booking_with_listed": _booking,
    "minor_alone": _minor,
    "crew_listed": _crew,
    "route": _route,
    "nationality": _nationality,
}
