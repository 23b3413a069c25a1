"""Turning a score's evidence into one sentence an officer can check against the documents.

"given name يوسف ≈ Youssef (transliteration); family name العمراني ≈ El Amrani (transliteration);
birth year 1972 = listed 1972; nationality MAR = listed"."""

from __future__ import annotations

from collections.abc import Sequence

from hudud.names.tokens import NameToken
from hudud.screening.features import FeatureResult
from hudud.screening.similarity import NameComparison, TokenPair

_KINDS = {
    "transliteration": "transliteration",
    "spelling": "spelling variant",
    "close": "close spelling",
    "particle": "with/without particle",
    "initial": "initial",
}


def _role(token: NameToken, given: frozenset[str], family: frozenset[str]) -> str:
    if token.key in family:
        return "family name"
    if token.key in given:
        return "given name"
    return "name"


def describe_pair(pair: TokenPair, given: frozenset[str], family: frozenset[str]) -> str:
    """ "given name يوسف ≈ Youssef (transliteration)" — or "=" for an identical spelling."""
    role = _role(pair.query, given, family)
    if pair.kind == "same":
        return f"{role} {pair.query.text} = {pair.listed.text}"
    return f"{role} {pair.query.text} ≈ {pair.listed.text} ({_KINDS.get(pair.kind, pair.kind)})"


def explain(
    name: NameComparison,
    features: Sequence[FeatureResult],
    given: frozenset[str] = frozenset(),
    family: frozenset[str] = frozenset(),
) -> str:
    """One readable line: aligned name parts, what did not align, then every other feature."""
    parts = [describe_pair(p, given, family) for p in name.pairs]
    if not name.pairs:
        parts.append("no name part in common")
    if name.unmatched_query:
        parts.append("not in listed name: " + " ".join(t.text for t in name.unmatched_query))
    if name.unmatched_listed:
        parts.append("listed name also has: " + " ".join(t.text for t in name.unmatched_listed))
    parts.append(f"name score {name.score:.2f}")
    parts.extend(f.detail for f in features)
    return "; ".join(parts)
