"""A practical exercise's "What you missed" in the page's language: the listed person's hit reasons
and the overstay worded in Arabic (names in <bdi>), English unchanged, and a result stored before
the structured feedback still showing its English text."""

from __future__ import annotations

import html
import re
from datetime import date

from hudud.policy import Caller
from hudud.services import identity, training_exercises
from hudud.store.training_tables import ExerciseAttempt
from tests.e2e.conftest import PASSWORD, SYSTEM, Node, token_for


def _submitted_attempt(node: Node) -> tuple[int, dict[str, str]]:
    """An exercise by trainee.mar answered "admit" everywhere, nothing ticked: every issue missed."""
    user = node.run(
        lambda s: identity.create_user(
            s, SYSTEM, username="trainee.mar", full_name="Trainee Mar", password=PASSWORD,
            country="MAR", agency="border_police", roles=("trainee",),
        )
    )  # fmt: skip
    trainee = Caller(identity.principal_of(user), "127.0.0.1", "test")
    attempt_id = node.run(lambda s: training_exercises.start(s, trainee, today=date(2026, 3, 5), seed=7).id)
    scenarios = node.run(lambda s: [sc["id"] for sc in s.get(ExerciseAttempt, attempt_id).scenarios])
    answers = {sc: ("admit", ()) for sc in scenarios}
    node.run(lambda s: training_exercises.submit(s, trainee, attempt_id, answers))
    return attempt_id, {"Authorization": f"Bearer {token_for(node, 'trainee.mar')}"}


def _text(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text with <bdi> isolates removed (they wrap values inside sentences)."""
    return html.unescape(re.sub(r"</?bdi>", "", response.text))


def _missed(node: Node, attempt_id: int) -> dict[str, tuple[str, dict[str, object]]]:
    """issue -> (English text, structured detail) over the attempt's stored results."""
    results = node.run(lambda s: s.get(ExerciseAttempt, attempt_id).results)
    found: dict[str, tuple[str, dict[str, object]]] = {}
    for result in results:
        for issue, why in result["missed"].items():
            found.setdefault(issue, (why, result.get("missed_details", {}).get(issue, {})))
    return found


def test_missed_issues_read_in_arabic_and_english(client, node: Node) -> None:
    attempt_id, headers = _submitted_attempt(node)
    missed = _missed(node, attempt_id)
    assert {"mrz", "listed", "stolen", "overstay"} <= set(missed)
    listed_text, listed = missed["listed"]
    assert listed["name"] and listed["id"] and listed["reasons"]  # the structured form is stored
    overstay_text, overstay = missed["overstay"]
    assert overstay["template"] and overstay["values"]

    arabic = client.get(f"/training/exercises/{attempt_id}", headers=headers | {"Accept-Language": "ar"})
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.text
    page = html.unescape(arabic.text)
    assert f"<bdi>{listed['name']}</bdi>" in page  # the listed name keeps its own direction
    assert "الاسم الأول" in page or "اسم العائلة" in page or "نقل حرفي" in page  # reasons in Arabic
    assert listed_text not in _text(arabic)  # not the English explanation
    assert "يومًا منذ" in page and "تجاوز" in page  # the overstay in Arabic
    assert overstay_text not in _text(arabic)
    assert "رقم التحقق في السطر" in page  # the altered check digit in Arabic

    english = client.get(f"/training/exercises/{attempt_id}", headers=headers | {"Accept-Language": "en"})
    page = _text(english)
    assert overstay_text in page
    assert missed["mrz"][0] in page
    assert listed_text in page  # name (id): explanation, as the engine words it


def test_result_stored_before_structured_feedback_shows_english(client, node: Node) -> None:
    attempt_id, headers = _submitted_attempt(node)
    missed = _missed(node, attempt_id)

    def forget_details(session) -> None:  # type: ignore[no-untyped-def]
        attempt = session.get(ExerciseAttempt, attempt_id)
        attempt.results = [{k: v for k, v in r.items() if k != "missed_details"} for r in attempt.results]

    node.run(forget_details)
    arabic = client.get(f"/training/exercises/{attempt_id}", headers=headers | {"Accept-Language": "ar"})
    assert arabic.status_code == 200
    page = html.unescape(arabic.text)
    for why, _detail in missed.values():
        assert why in page
    assert "يومًا منذ" not in page
