"""Screening explanations in the page's language (hudud.web.explain): every reason code has its message,
translated into Arabic and French, and the English pages say exactly what the CLI says."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from markupsafe import Markup

from hudud.screening.reasons import KINDS, ROLES, TEMPLATES, Reason, reason, render
from hudud.web import i18n
from hudud.web.explain import (
    DOCUMENT_KINDS,
    DOCUMENT_STATUSES,
    KIND_WORDS,
    MESSAGES,
    ROLE_WORDS,
    explain,
)

CATALOGS = Path(__file__).resolve().parents[2] / "src" / "hudud" / "web" / "i18n"


@contextmanager
def locale(code: str) -> Iterator[None]:
    i18n.set_locale(code)
    try:
        yield
    finally:
        i18n.set_locale("en")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _sample(code: str) -> Reason:
    """A reason of ``code`` with every parameter its template names (codes where a code is expected)."""
    values = {name: f"v{i}" for i, name in enumerate(sorted(_fields(TEMPLATES[code])))}
    if "role" in values:
        values["role"] = "given"
    if "kind" in values:
        values["kind"] = "transliteration" if code == "name.similar" else "passport"
    if "status" in values:
        values["status"] = "stolen"
    return reason(code, **values)


def _translated(code: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((CATALOGS / code / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            found.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
    return found


def _text(html: Markup) -> str:
    return re.sub(r"</?bdi>", "", str(html)).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_every_reason_code_has_its_message_with_the_same_parameters() -> None:
    assert set(MESSAGES) == set(TEMPLATES), "a reason code without its message in hudud.web.explain"
    for code, template in TEMPLATES.items():
        assert set(re.findall(r"%\((\w+)\)s", MESSAGES[code])) == _fields(template), code
    assert set(ROLE_WORDS) == set(ROLES) and set(KIND_WORDS) == set(KINDS)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_reason_code_is_translated(lang: str) -> None:
    """A new reason code cannot ship untranslated: its message, and every word put into it."""
    translated = _translated(lang)
    words = [
        *ROLE_WORDS.values(),
        *KIND_WORDS.values(),
        *DOCUMENT_KINDS.values(),
        *DOCUMENT_STATUSES.values(),
    ]
    missing = [m for m in [*MESSAGES.values(), *words] if m not in translated]
    assert missing == [], f"add {lang} translations to src/hudud/web/i18n/{lang}/LC_MESSAGES/screening.po"
    with locale(lang):
        for code in TEMPLATES:
            shown = explain([_sample(code)], "fallback")
            assert shown != "fallback" and "%(" not in shown, code


def test_english_pages_say_what_the_cli_says() -> None:
    for code in TEMPLATES:
        sample = _sample(code)
        assert _text(explain([sample])) == render([sample]), code
    several = [_sample("name.similar"), _sample("birth.year"), _sample("nationality.same")]
    assert _text(explain(several)) == render(several)


def test_arabic_and_french_word_the_reasons_and_keep_the_names_as_written() -> None:
    reasons = [
        reason("name.similar", role="given", query="يوسف", listed="Youssef", kind="transliteration"),
        reason("birth.year", year=1972, listed="1972"),
    ]
    with locale("ar"):
        arabic = explain(reasons)
    assert arabic == (
        "الاسم الأول <bdi>يوسف</bdi> ≈ <bdi>Youssef</bdi> (نقل حرفي)؛ سنة الميلاد <bdi>1972</bdi> = المدرجة <bdi>1972</bdi>"
    )
    with locale("fr"):
        french = explain(reasons)
    assert french == (
        "prénom <bdi>يوسف</bdi> ≈ <bdi>Youssef</bdi> (translittération); "
        "année de naissance <bdi>1972</bdi> = <bdi>1972</bdi> sur la liste"
    )


def test_an_organisation_match_is_worded_in_arabic_too() -> None:
    """The organisation comparison gives its evidence as reasons, not an English sentence."""
    from hudud.screening.engine import Screener
    from hudud.screening.entries import EntryName, ListEntry, Traveller

    org = ListEntry("o", "test", schema="Organization", names=(EntryName("First International Bank Ltd"),))
    hit = Screener().compare(Traveller("t", ("First Intl Bank GmbH",)), org)
    assert hit.explanation == "same words; legal form gmbh ≠ ltd; name score 0.90"
    with locale("ar"):
        arabic = _text(explain(hit.reasons, "fallback"))
    assert arabic.startswith("الكلمات نفسها؛ الشكل القانوني gmbh ≠ ltd؛ ")


def test_stored_reasons_are_read_back_and_parameters_are_escaped() -> None:
    hostile = reason("name.unmatched_query", words="<script>x</script>")
    with locale("ar"):
        shown = explain([hostile.as_dict()])  # as stored in a JSON column
    assert "<script>" not in shown and "&lt;script&gt;" in shown and shown.startswith("غير موجود")
    lost = reason("lost.same", kind="national_id", number="AB1", status="lost", listed="AB1", state="MAR")
    with locale("fr"):
        assert explain([lost.as_dict()]) == (
            "carte d&#39;identité nationale <bdi>AB1</bdi> = document perdu <bdi>AB1</bdi> délivré par <bdi>MAR</bdi>"
        )


@pytest.mark.parametrize(
    "stored",
    [
        None,
        [],
        [{"code": "no.such.code", "x": "1"}],  # a code from a newer version
        [{"code": "name.score"}],  # a parameter missing
        [
            {
                "code": "lost.same",
                "kind": "passport",
                "number": "1",
                "status": "seized",
                "listed": "1",
                "state": "X",
            }
        ],
    ],
)
def test_what_cannot_be_worded_shows_the_stored_english(stored: list[dict[str, str]] | None) -> None:
    with locale("ar"):
        assert explain(stored, "name score 0.90 <b>") == "name score 0.90 &lt;b&gt;"


def test_masked_travellers_lose_their_reasons_too() -> None:
    from hudud.services.retention import MASK, mask

    hit = {
        "id": "x",
        "explanation": "name KARIM = Karim",
        "reasons": [reason("name.score", score="1.00").as_dict()],
    }
    masked = mask({"hits": [hit], "documents": [], "flags": []})
    assert masked["hits"][0]["explanation"] == MASK and masked["hits"][0]["reasons"] == []
