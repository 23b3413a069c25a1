"""Explanations as data (hudud.screening.reasons), organisations, other scripts, name forms and the
index's whole-name keys."""

from __future__ import annotations

import pytest

from hudud.names import analyse_name, name_forms
from hudud.screening.engine import Screener
from hudud.screening.entries import BirthDate, EntryName, IdentityDocument, ListEntry, LostDocument, Traveller
from hudud.screening.index import ScreeningIndex
from hudud.screening.organisations import compare_organisations
from hudud.screening.reasons import TEMPLATES, Reason, render

THRESHOLD = 0.70


def person(
    entry_id: str, *names: str, born: BirthDate | None = None, nationality: str | None = None
) -> ListEntry:
    return ListEntry(
        entry_id,
        "test",
        names=tuple(EntryName(n, "primary" if i == 0 else "good") for i, n in enumerate(names)),
        birth_dates=(born,) if born else (),
        nationalities=(nationality,) if nationality else (),
    )


def test_explanation_is_rendered_from_its_reasons() -> None:
    t = Traveller("t", ("يوسف العمراني",), given="يوسف", family="العمراني", birth_date=BirthDate(1972))
    hit = Screener().compare(t, person("x", "Youssef El Amrani", born=BirthDate(1972), nationality="MAR"))
    assert hit.explanation == render(hit.reasons)  # the English line is the reasons, nothing else
    codes = [r.code for r in hit.reasons]
    assert codes[:2] == ["name.similar", "name.similar"] and "name.score" in codes and "birth.year" in codes
    first = hit.reasons[0].as_dict()
    assert first == {
        "code": "name.similar",
        "role": "given",  # a code the web layer translates, not the English "given name"
        "query": "يوسف",
        "listed": "Youssef",
        "kind": "transliteration",
    }


def test_every_feature_and_lost_document_carries_a_reason() -> None:
    lost = [LostDocument("P1234567", "MAR")]
    screener = Screener(ScreeningIndex([person("a", "Karim Haddad")]), lost_documents=lost)
    t = Traveller(
        "t",
        ("Karim Haddad",),
        birth_date=BirthDate(1990, 1, 1),
        nationalities=("DZA",),
        documents=(IdentityDocument("P1234567", issuing_state="MAR"),),
    )
    for hit in screener.screen(t):
        assert hit.reasons and hit.explanation == render(hit.reasons)
        assert all(r.code in TEMPLATES for r in hit.reasons)
        assert all(f.reason is not None and f.detail == f.reason.text() for f in hit.features)


def test_unknown_reason_code_is_refused() -> None:
    with pytest.raises(KeyError):
        Reason("no.such.code").text()


@pytest.mark.parametrize(
    ("a", "b", "alert"),
    [
        ("Siemens Aktiengesellschaft", "Siemens AG", True),  # legal form spelled out
        ("SiemensAG", "Siemens AG", True),  # word break
        ("OAO Gazprom", "Open Joint Stock Company Gazprom", True),  # Russian abbreviation of the form
        ("CRISTALORD LIMITED", "CRYSTALORD LTD", True),  # a typo in a long distinctive word
        ("Brigade Forty-Four", "Brigade 44", True),  # number spelled out
        ("ABC Co.", "A.B.C. Company", True),  # initials with dots
        ("First Bank Int’l", "First International Bank", True),  # abbreviation, order
        ("C.B.A. Company", "A.B.C. Company", False),  # other initials
        ("China Construction Trust Corporation", "China Construction Bank Corporation", False),  # other word
        ("Deutsche Bank Trust Company", "Deutsche Bank", False),  # a subsidiary is another company
        ("Management Company 23", "Management Company", False),  # one of a series
    ],
)
def test_organisations(a: str, b: str, alert: bool) -> None:
    score, why = compare_organisations(a, b)
    assert (score >= THRESHOLD) is alert, why


def test_organisation_entries_are_compared_as_organisations() -> None:
    org = ListEntry("o", "test", schema="Organization", names=(EntryName("Siemens Aktiengesellschaft"),))
    hit = Screener().compare(Traveller("t", ("Siemens AG",)), org)
    assert hit.match and hit.reasons[0].code.startswith("organisation.")
    assert hit.explanation == "same words; name score 1.00"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Володимир Зеленський", "Volodymyr Zelenskyy"),  # Ukrainian Cyrillic
        ("Сергей Лавров", "Sergey Lavrov"),  # Russian Cyrillic
        ("Բարակ Օբամա", "Barack Obama"),  # Armenian
        ("ბარაკ ობამა", "Barack Obama"),  # Georgian
        ("Αλέξης Τσίπρας", "Alexis Tsipras"),  # Greek
    ],
)
def test_other_alphabets_meet_latin(a: str, b: str) -> None:
    assert [t.key for t in analyse_name(a)] == [t.key for t in analyse_name(b)]


@pytest.mark.parametrize(
    ("written", "forms"),
    [
        ("Akrin Saleh (أقرين صالح)", ["Akrin Saleh", "أقرين صالح"]),  # original script in brackets
        ("Husain Salimi; Hosain Salimi", ["Husain Salimi", "Hosain Salimi"]),  # spellings in one field
        ("SALEK, ABDUL HAI", ["SALEK, ABDUL HAI"]),  # a comma is name order, not a list
    ],
)
def test_name_forms(written: str, forms: list[str]) -> None:
    assert name_forms(written) == forms


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Sheikh Hassan", ["Hassan"]),  # a title before the name is dropped
        ("Messali Hadj", ["Messali", "Hadj"]),  # the same word after the name is a family name
    ],
)
def test_titles_only_before_a_name(name: str, kept: list[str]) -> None:
    assert [t.text for t in analyse_name(name)] == kept


def test_one_word_alias_is_found_among_many_sharing_its_word() -> None:
    """A listed one-word alias ("Omari") is found although hundreds of listed names contain the word."""
    crowd = [person(f"c{i}", f"Omari Haddad{chr(97 + i % 26)}{i}") for i in range(300)]
    index = ScreeningIndex([*crowd, person("x", "Dieudonne Ozia Mazio", "Omari")])
    assert Screener(index).screen(Traveller("t", ("Omari",)), limit=1)[0].entry_id == "x"


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("الله داد", "Allah Dad"),  # Allah is not the article al- + lah
        ("محمدعبد البصير", "Mohammad Abdul Basir"),  # a space lost before Abd
    ],
)
def test_arabic_words_meet_their_latin_spelling(arabic: str, latin: str) -> None:
    assert [t.key for t in analyse_name(arabic)] == [t.key for t in analyse_name(latin)]


def test_words_written_apart_find_the_name_written_together() -> None:
    index = ScreeningIndex([person("x", "WALIJAN"), *(person(f"c{i}", f"Wali Jan{i}") for i in range(3))])
    hits = Screener(index).screen(Traveller("t", ("ولی جان",)), limit=5)
    assert hits[0].entry_id == "x" and hits[0].match, hits
