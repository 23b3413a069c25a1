"""hudud.screening: name comparison, features, index updates and whole-person scores."""

from __future__ import annotations

import pytest

from hudud.names import analyse_name
from hudud.screening.engine import Screener
from hudud.screening.entries import (
    BirthDate,
    EntryName,
    IdentityDocument,
    ListEntry,
    LostDocument,
    Traveller,
)
from hudud.screening.features import birth_date, documents, normalise_document_number
from hudud.screening.index import ScreeningIndex
from hudud.screening.similarity import compare_tokens

THRESHOLD = 0.70


def person(
    entry_id: str,
    *names: str,
    born: BirthDate | None = None,
    nationality: str | None = None,
    gender: str | None = None,
    passport: str | None = None,
) -> ListEntry:
    return ListEntry(
        id=entry_id,
        list_name="test",
        names=tuple(EntryName(n, "primary" if i == 0 else "good") for i, n in enumerate(names)),
        birth_dates=(born,) if born else (),
        nationalities=(nationality,) if nationality else (),
        gender=gender,  # type: ignore[arg-type]
        documents=(IdentityDocument(passport, issuing_state=nationality),) if passport else (),
    )


def traveller(
    name: str, born: BirthDate | None = None, nationality: str | None = None, **kw: object
) -> Traveller:
    return Traveller(
        id="t",
        names=(name,),
        birth_date=born,
        nationalities=(nationality,) if nationality else (),
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("query", "listed", "alert"),
    [
        ("Djamel Boudiaf", "Jamal Boudiaf", True),  # French dj for j
        ("Youssef El Amrani", "يوسف العمراني", True),  # across scripts, el- article
        ("يوسف العمراني", "Youssef El Amrani", True),  # the other way round
        ("محمد ولد عبد القادر", "Mohamed Ould Abdelkader", True),  # ould + Abd compound across scripts
        ("Muhammad Wuld Abd al-Qadir", "Mohamed Ould Abdelkader", True),  # Arabist vs French spelling
        ("BOUDIAF, Djamel", "Jamal Boudiaf", True),  # SURNAME, Given
        ("Boudiaf Djamel", "Jamal Boudiaf", True),  # family-first order
        ("Mohamed Aouadi", "Mohamed Ben Belgacem Ben Abdallah al-Aouadi", True),  # passport shortens
        ("Chaker Belhadj", "Shaker Belhaj", True),  # ch/sh, dj/j
        ("Abdelaziz Bouteflika", "Abd al-Aziz Bou Teflika", True),  # compounds split or joined
        ("Mohamed Ben Salah", "Mohamed Ben Ali", False),  # namesake on the common given name only
        ("Mohamed Belmokhtar", "Mokhtar Belmokhtar", False),  # same family, other given name
        ("John Smith", "Jamal Boudiaf", False),  # nothing in common
        ("Mahmoud Abbas", "Mohamed Abbas", False),  # محمود is not محمد
    ],
)
def test_name_alone(query: str, listed: str, alert: bool) -> None:
    hit = Screener().compare(traveller(query), person("x", listed))
    assert (hit.score >= THRESHOLD) is alert, hit.explanation


@pytest.mark.parametrize(
    ("born", "listed", "alert"),
    [
        (BirthDate(1972, 3, 1), BirthDate(1972, 3, 1), True),  # exact
        (BirthDate(1972, 3, 1), BirthDate(1972), True),  # listed year only
        (BirthDate(1973, 3, 1), BirthDate(1972, 3, 1), True),  # one year off (typing error)
        (BirthDate(1972, 1, 3), BirthDate(1972, 3, 1), True),  # day and month swapped
        (BirthDate(1974, 5, 5), BirthDate(1970, year_to=1975), True),  # within a listed range
        (BirthDate(1980, 5, 5), BirthDate(1965), False),  # namesake: 15 years apart
        (BirthDate(1990, 1, 1), BirthDate(1972, 3, 1), False),  # namesake born much later
    ],
)
def test_birth_date_decides_for_namesakes(born: BirthDate, listed: BirthDate, alert: bool) -> None:
    hit = Screener().compare(
        traveller("Mohamed Ben Salah", born), person("x", "Mohamed Ben Salah", born=listed)
    )
    assert (hit.score >= THRESHOLD) is alert, hit.explanation


def test_nationality_and_gender_disagreement_lower_the_score() -> None:
    entry = person("x", "Karim Haddad", nationality="DZA", gender="M")
    same = Screener().compare(traveller("Karim Haddad", nationality="DZA"), entry)
    other = Screener().compare(traveller("Karim Haddad", nationality="SWE", gender="F"), entry)
    assert same.score > other.score
    assert other.score < THRESHOLD  # a woman of another nationality is not the listed man


def test_explanation_reads_like_evidence() -> None:
    t = Traveller(
        "t",
        ("يوسف العمراني",),
        given="يوسف",
        family="العمراني",
        birth_date=BirthDate(1972),
        nationalities=("MAR",),
    )
    hit = Screener().compare(t, person("x", "Youssef El Amrani", born=BirthDate(1972), nationality="MAR"))
    assert "given name يوسف ≈ Youssef (transliteration)" in hit.explanation
    assert "family name العمراني ≈ Amrani (transliteration)" in hit.explanation
    assert "birth year 1972 = listed 1972" in hit.explanation
    assert "nationality MAR = listed" in hit.explanation


def test_rarity_weights_common_names_less() -> None:
    common = compare_tokens(analyse_name("Mohamed Haddad"), analyse_name("Mohamed Ali"))
    rare = compare_tokens(analyse_name("Mokhtar Belmokhtar"), analyse_name("Ali Belmokhtar"))
    assert rare.score > common.score


@pytest.mark.parametrize(
    ("query", "listed", "expected"),
    [
        ("A1234567", "A1234567", "exact"),
        ("a-123 4567", "A1234567", "exact"),  # separators and case
        ("AO1234567", "A01234567", "ocr"),  # letter O read for zero
        ("B7654321", "A1234567", None),  # another document: no evidence either way
    ],
)
def test_document_numbers(query: str, listed: str, expected: str | None) -> None:
    result = documents([IdentityDocument(query)], [IdentityDocument(listed)])
    kind = None if result is None else ("exact" if "=" in result.detail else "ocr")
    assert kind == expected
    assert normalise_document_number("a-123 4567") == "A1234567"


def test_birth_date_needs_both_sides() -> None:
    assert birth_date(None, [BirthDate(1970)]) is None
    assert birth_date(BirthDate(1970), []) is None


def test_index_finds_and_updates() -> None:
    index = ScreeningIndex([person("a", "Jamal Boudiaf"), person("b", "Karim Haddad")])
    screener = Screener(index)
    assert screener.screen(traveller("Djamel Boudiaf"))[0].entry_id == "a"
    index.remove(["a"])
    assert all(h.entry_id != "a" for h in screener.screen(traveller("Djamel Boudiaf")))
    index.add([person("c", "يوسف العمراني")])
    assert screener.screen(traveller("Youssef Amrani"))[0].entry_id == "c"
    index.compact()
    assert screener.screen(traveller("Youssef Amrani"))[0].entry_id == "c"
    assert len(index) == 2


def test_a_listed_person_scoring_nothing_is_not_reported() -> None:
    """A namesake on common given names, born decades apart, of another nationality and gender,
    scores 0: the officer is shown nothing to read past, while the same name with an agreeing
    birth year is still shown (below the alert bar)."""
    index = ScreeningIndex(
        [person("a", "Mohamed Salah Haddad", born=BirthDate(1950), nationality="TUN", gender="M")]
    )
    screener = Screener(index)
    far = traveller("Mohamed Salah Karimi", born=BirthDate(1995), nationality="MAR", gender="F")
    near = traveller("Mohamed Salah Karimi", born=BirthDate(1950), nationality="TUN")
    assert screener.compare(far, index.entry(0)).score == 0.0  # type: ignore[arg-type]
    assert screener.screen(far) == []
    shown = screener.screen(near)
    assert [h.entry_id for h in shown] == ["a"] and 0 < shown[0].score < THRESHOLD


def test_listed_passport_is_found_under_another_name() -> None:
    index = ScreeningIndex([person("a", "Jamal Boudiaf", nationality="DZA", passport="123456789")])
    t = Traveller("t", ("Karim Haddad",), documents=(IdentityDocument("123456789", issuing_state="DZA"),))
    hits = Screener(index).screen(t)
    assert hits and hits[0].entry_id == "a" and "number 123456789 = listed" in hits[0].explanation


def test_lost_document_by_number_and_state() -> None:
    lost = [LostDocument("P1234567", "MAR", status="stolen")]
    screener = Screener(lost_documents=lost)
    t = Traveller("t", ("Anyone",), documents=(IdentityDocument("P1234567", issuing_state="MAR"),))
    other_state = Traveller("t", ("Anyone",), documents=(IdentityDocument("P1234567", issuing_state="TUN"),))
    hits = screener.screen(t)
    assert hits[0].entry_id == "lost-MAR-P1234567" and hits[0].match
    assert screener.screen(other_state) == []


def test_organisations_are_not_screened_as_persons() -> None:
    org = ListEntry("o", "test", schema="Organization", names=(EntryName("Boudiaf Trading"),))
    assert Screener(ScreeningIndex([org])).screen(traveller("Boudiaf Trading")) == []


def test_real_un_arabic_names_find_the_right_person(shared_data) -> None:  # type: ignore[no-untyped-def]
    """UN original-script names against the list's Latin names only (the Arabic removed)."""
    import csv
    from dataclasses import replace

    from hudud.formats.lists import read_list
    from hudud.names import has_arabic

    entries = read_list(shared_data / "un" / "consolidated_2026-02-27.xml").entries
    latin = [replace(e, names=tuple(n for n in e.names if not has_arabic(n.full))) for e in entries]
    screener = Screener(ScreeningIndex(latin))
    path = shared_data / "un" / "un_2026-02-27_individuals_arabic_latin_pairs.tsv"
    people = {
        row["reference_number"]: row["name_original_script"]
        for row in csv.DictReader(path.open(), delimiter="\t")
    }
    cases = {
        "QDi.060": "محمد بن بلقاسم بن عبد الله العوادي",
        "QDi.031": "عمر محمود عثمان",
    }
    for ref, arabic in cases.items():
        assert people[ref] == arabic
        assert screener.screen(traveller(arabic))[0].entry_id == ref
    right = sum(
        [h.entry_id for h in screener.screen(traveller(name), limit=1)] == [ref]
        for ref, name in people.items()
    )
    assert right / len(people) >= 0.93


@pytest.mark.parametrize("written", ["Ahmed, Abubakar", "Sheikh Abubakar Ahmed"])
def test_equal_scores_rank_the_alias_written_as_the_traveller_writes_it_first(written: str) -> None:
    listed = {
        "Ahmed, Abubakar": person("ghailani", "Ahmed Khalfan Ghailani", "Ahmed, Abubakar"),
        "Sheikh Abubakar Ahmed": person("shariff", "Abubaker Shariff Ahmed", "Sheikh Abubakar Ahmed"),
    }
    screener = Screener(ScreeningIndex(listed.values()))
    hits = screener.screen(traveller(written))
    assert [h.entry_id for h in hits[:2]] == [
        listed[written].id,
        next(e.id for k, e in listed.items() if k != written),
    ]
    assert hits[0].score == hits[1].score  # the scores themselves are untouched


def test_a_low_quality_alias_match_says_so_and_its_scores_add_up() -> None:
    """A low-quality alias counts 0.95 of its name score; the explanation names that factor, so
    that "name score" times it is the score reported (no other evidence here)."""
    import re

    listed = ListEntry(
        id="QDi.900",
        list_name="test",
        names=(EntryName("Abdelkader Belmokhtar", "primary"), EntryName("Khaled Abou el Abass", "low")),
    )
    screener = Screener(ScreeningIndex([listed, person("other", "Mohamed Ben Salah")]))
    for hit in (
        screener.screen(traveller("Khaled Abou el Abass"))[0],
        screener.compare(traveller("Khaled Abou el Abass"), listed),
    ):
        assert hit.entry_id == "QDi.900"
        assert "low-quality alias: name score × 0.95" in hit.explanation
        name_score = float(re.search(r"name score (\d\.\d\d)", hit.explanation).group(1))  # type: ignore[union-attr]
        assert hit.score == pytest.approx(name_score * 0.95, abs=0.006)
    primary = screener.screen(traveller("Abdelkader Belmokhtar"))[0]
    assert primary.entry_id == "QDi.900" and "low-quality alias" not in primary.explanation
