"""Is the traveller at the desk the one the passenger information unit expects? (``rules.arrival``)"""

from __future__ import annotations

from datetime import date

import pytest

from hudud.rules.arrival import Person, same_traveller

BORN = date(1980, 5, 17)
EXPECTED = Person("HADDAD", "KARIM", BORN, (("MAR", "P7654321"),))


def desk(surname="HADDAD", given="KARIM", born=BORN, issuer="MAR", number="P7654321") -> Person:  # type: ignore[no-untyped-def]
    return Person(surname, given, born, ((issuer, number),))


@pytest.mark.parametrize(
    ("expected", "presented", "verdict"),
    [
        (EXPECTED, desk(), "document"),  # the passport on the list is the one in hand
        (
            EXPECTED,
            desk(surname="HADAD", given="KARIM"),
            "document",
        ),  # airline misspelt: the passport decides
        (EXPECTED, desk(number="P 765-4321"), "document"),  # spaces and dashes typed on the list or desk
        (EXPECTED, desk(issuer=None), "document"),  # a desk entry without the issuing state
        (Person("HADDAD", "KARIM", BORN, ((None, "P7654321"),)), desk(), "document"),  # list without issuer
        (EXPECTED, desk(issuer="DZA"), "name"),  # same number, other state: not the document, but the person
        (EXPECTED, desk(number="P1111111"), "name"),  # passport renewed since booking: name and birth date
        (EXPECTED, desk(surname="Karim", given="Haddad", number="P1111111"), "name"),  # order is free
        (Person("HADDAD", "KARIM", BORN), desk(), "name"),  # a list without documents (PNR)
        (EXPECTED, desk(number="P1111111", born=date(1980, 5, 18)), None),  # a namesake born another day
        (EXPECTED, desk(surname="BENALI", given="OMAR", number="P1111111"), None),  # another person
        (Person("HADDAD", "KARIM", None), desk(number="P1111111"), None),  # a name alone is not enough
        (EXPECTED, desk(number="P76"), "name"),  # too short a number proves nothing: the names decide
    ],
)
def test_same_traveller(expected: Person, presented: Person, verdict: str | None) -> None:
    assert same_traveller(expected, presented) == verdict
