"""Marking a trainee's answers against the truth found by the real document and screening code.

The truth is never taken from the generator's intent: each scenario's MRZ is parsed by
``hudud.documents`` (no OCR repair: a forged digit must not be "repaired"), and the traveller is
screened by ``hudud.screening`` against the sandbox watch list and stolen-documents bulletin, so
an exercise teaches exactly what the live system would flag.

Score per scenario (0-100): 40 for the right decision (admit or refer), 15 for each of the four
issues correctly ticked or correctly left unticked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hudud.documents.errors import InvalidMRZ
from hudud.documents.mrz import parse_mrz
from hudud.errors import N_
from hudud.screening.engine import Screener
from hudud.screening.entries import (
    BirthDate,
    EntryName,
    IdentityDocument,
    ListEntry,
    LostDocument,
    Traveller,
)
from hudud.screening.index import ScreeningIndex
from hudud.training.scenarios import ALLOWED_STAY_DAYS, Sandbox, Scenario

ISSUES = ("mrz", "listed", "stolen", "overstay")
DECISION_POINTS = 40
ISSUE_POINTS = 15

# the overstay sentence: English, marked for the catalogs, values apart (pages word it in their language)
OVERSTAY = N_("stayed %(days)s days since %(since)s; %(allowed)s are allowed (%(over)s days over)")


@dataclass(frozen=True)
class Truth:
    """What the real code finds: issue -> explanation (empty when the traveller may pass).

    ``details`` carries the same findings as data, so that pages can word them in their language:
    ``listed`` and ``stolen`` the hit's reasons (``Reason.as_dict()``) with the listed ``name`` and
    ``id``; ``mrz`` the ``errors`` (field, line, column, English message; a text that is no MRZ at
    all also its marked ``template`` and ``values``); ``overstay`` its marked ``template`` and
    ``values``. The English ``issues`` stay what results, JSON and the API show."""

    issues: dict[str, str]
    details: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def decision(self) -> str:
        return "refer" if self.issues else "admit"


@dataclass(frozen=True)
class Marked:
    """The mark of one scenario, with feedback on what was missed or wrongly flagged."""

    scenario_id: str
    score: int
    decision_ok: bool
    expected_decision: str
    missed: dict[str, str]  # issue -> what the real code found
    false_alarms: tuple[str, ...]
    missed_details: dict[str, dict[str, Any]] = field(default_factory=dict)  # see Truth.details

    def to_dict(self) -> dict[str, object]:
        return {
            "scenario_id": self.scenario_id,
            "score": self.score,
            "decision_ok": self.decision_ok,
            "expected_decision": self.expected_decision,
            "missed": self.missed,
            "false_alarms": list(self.false_alarms),
            "missed_details": self.missed_details,
        }


def screener_for(sandbox: Sandbox) -> Screener:
    """The real screening engine over the sandbox's fictitious list and bulletin."""
    entries = [
        ListEntry(
            id=p.id,
            list_name="training-sandbox",
            names=(EntryName(f"{p.given} {p.surname}", given=p.given, family=p.surname),),
            birth_dates=(BirthDate(p.birth_date.year, p.birth_date.month, p.birth_date.day),),
            nationalities=(p.nationality,),
        )
        for p in sandbox.watch_list
    ]
    lost = [LostDocument(s.number, s.issuing_state, source="training-sandbox") for s in sandbox.stolen]
    return Screener(ScreeningIndex(entries), lost_documents=lost)


def analyse(scenario: Scenario, screener: Screener) -> Truth:
    """The issues the live system would raise for this traveller."""
    issues: dict[str, str] = {}
    details: dict[str, dict[str, Any]] = {}
    try:
        mrz = parse_mrz(scenario.mrz, today=scenario.today, repair=False)
    except InvalidMRZ as error:
        unreadable = {
            "field": error.field,
            "line": error.line,
            "column": error.column,
            "message": str(error),
            "template": error.template,
            "values": {k: str(v) for k, v in error.values.items()},
        }
        return Truth({"mrz": str(error)}, {"mrz": {"errors": [unreadable]}})
    if mrz.errors:
        issues["mrz"] = "; ".join(e.message for e in mrz.errors)
        details["mrz"] = {
            "errors": [
                {
                    "field": e.field,
                    "line": e.line,
                    "column": e.column,
                    "message": e.message,
                    "template": e.template,
                    "values": {k: str(v) for k, v in e.params},
                }
                for e in mrz.errors
            ]
        }
    birth = mrz.birth_date or scenario.birth_date
    traveller = Traveller(
        id=scenario.id,
        names=(f"{mrz.secondary_identifier} {mrz.primary_identifier}",),
        given=mrz.secondary_identifier,
        family=mrz.primary_identifier,
        birth_date=BirthDate(birth.year, birth.month, birth.day),
        nationalities=(mrz.nationality,),
        documents=(IdentityDocument(mrz.document_number, issuing_state=mrz.issuing_state),),
    )
    for hit in screener.screen(traveller):
        if not hit.match:
            continue
        reasons = [r.as_dict() for r in hit.reasons]
        if hit.entry is None:
            if "stolen" not in issues:
                issues["stolen"] = hit.explanation
                details["stolen"] = {"reasons": reasons}
        elif "listed" not in issues:
            issues["listed"] = f"{hit.entry.primary_name} ({hit.entry_id}): {hit.explanation}"
            details["listed"] = {"name": hit.entry.primary_name, "id": hit.entry_id, "reasons": reasons}
    if scenario.direction == "exit" and scenario.entered_on is not None:
        stayed = (scenario.today - scenario.entered_on).days
        if stayed > ALLOWED_STAY_DAYS:
            values = {
                "days": stayed,
                "since": scenario.entered_on.isoformat(),
                "allowed": ALLOWED_STAY_DAYS,
                "over": stayed - ALLOWED_STAY_DAYS,
            }
            issues["overstay"] = OVERSTAY % values
            details["overstay"] = {"template": OVERSTAY, "values": values}
    return Truth(issues, details)


def mark(scenario_id: str, truth: Truth, decision: str, flagged: Sequence[str]) -> Marked:
    """Score one answer (see the module docstring)."""
    ticked = {f for f in flagged if f in ISSUES}
    decision_ok = decision == truth.decision
    agreeing = sum(1 for issue in ISSUES if (issue in ticked) == (issue in truth.issues))
    missed = {issue: why for issue, why in truth.issues.items() if issue not in ticked}
    false_alarms = tuple(issue for issue in ISSUES if issue in ticked and issue not in truth.issues)
    score = (DECISION_POINTS if decision_ok else 0) + ISSUE_POINTS * agreeing
    details = {issue: d for issue, d in truth.details.items() if issue in missed}
    return Marked(scenario_id, score, decision_ok, truth.decision, missed, false_alarms, details)


def mark_exercise(
    sandbox: Sandbox, scenarios: Sequence[Scenario], answers: Mapping[str, tuple[str, Sequence[str]]]
) -> tuple[int, list[Marked]]:
    """Mark every scenario (an unanswered one scores 0); the exercise score is their mean."""
    screener = screener_for(sandbox)
    marks = []
    for scenario in scenarios:
        truth = analyse(scenario, screener)
        decision, flagged = answers.get(scenario.id, ("", ()))
        marked = mark(scenario.id, truth, decision, flagged)
        if scenario.id not in answers:
            marked = Marked(
                scenario.id, 0, False, truth.decision, dict(truth.issues), (), dict(truth.details)
            )
        marks.append(marked)
    total = round(sum(m.score for m in marks) / len(marks)) if marks else 0
    return total, marks
