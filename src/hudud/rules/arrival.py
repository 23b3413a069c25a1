"""Is the traveller at the desk the one the passenger information unit expects?

The unit knows a traveller from the airline's list (names, birth date, documents as the airline typed
them); the desk knows them from the document in hand. They are the same traveller when a travel
document agrees — the number, ignoring spaces and punctuation, and the issuing state when both say
one — or, when no document agrees (a list without documents, a passport renewed since booking), when
the names agree (order, accents and punctuation aside) and so do the birth dates. A name alone is not
enough: namesakes are common."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hudud.rules.risk import document_key, name_key


@dataclass(frozen=True)
class Person:
    surname: str
    given_names: str
    birth_date: date | None
    documents: Sequence[tuple[str | None, str | None]] = ()  # (issuing state, number)


def same_traveller(expected: Person, presented: Person) -> str | None:
    """``"document"`` or ``"name"`` (how they agree), or None when nothing says it is the same person."""
    held = [key for state, number in presented.documents if (key := document_key(state, number))]
    for state, number in expected.documents:
        key = document_key(state, number)
        if key is None:
            continue
        for issuer, cleaned in held:
            if cleaned == key[1] and (not issuer or not key[0] or issuer == key[0]):
                return "document"
    if expected.birth_date is None or expected.birth_date != presented.birth_date:
        return None
    names = name_key(expected.surname, expected.given_names)
    return "name" if names and names == name_key(presented.surname, presented.given_names) else None
