"""Turning a score's evidence into one sentence an officer can check against the documents.

"given name يوسف ≈ Youssef (transliteration); family name العمراني ≈ El Amrani (transliteration);
birth year 1972 = listed 1972; nationality MAR = listed"."""

from __future__ import annotations

from collections.abc import Sequence

from hudud.names.tokens import NameToken
from hudud.screening.features import FeatureResult
from hudud.screening.reasons import Reason, reason, render
from hudud.screening.similarity import NameComparison, TokenPair


def _role(token: NameToken, given: frozenset[str], family: frozenset[str]) -> str:
    if token.key in family:
        return "family"
    if token.key in given:
        return "given"
    return "name"


def pair_reason(pair: TokenPair, given: frozenset[str], family: frozenset[str]) -> Reason:
    """ "given name يوسف ≈ Youssef (transliteration)" — or "=" for an identical spelling."""
    role = _role(pair.query, given, family)
    if pair.kind == "same":
        return reason("name.same", role=role, query=pair.query.text, listed=pair.listed.text)
    return reason("name.similar", role=role, query=pair.query.text, listed=pair.listed.text, kind=pair.kind)


def describe_pair(pair: TokenPair, given: frozenset[str], family: frozenset[str]) -> str:
    """The English sentence of one aligned pair."""
    return pair_reason(pair, given, family).text()


def reasons(
    name: NameComparison,
    features: Sequence[FeatureResult],
    given: frozenset[str] = frozenset(),
    family: frozenset[str] = frozenset(),
    name_factor: float = 1.0,
) -> tuple[Reason, ...]:
    """The evidence in order: aligned name parts, what did not align, the name score (and the factor
    it carries when the best listed name is a low-quality alias), then every other feature."""
    out = [pair_reason(p, given, family) for p in name.pairs]
    if not name.pairs:
        out.append(reason("name.none"))
    if name.unmatched_query:
        out.append(reason("name.unmatched_query", words=" ".join(t.text for t in name.unmatched_query)))
    if name.unmatched_listed:
        out.append(reason("name.unmatched_listed", words=" ".join(t.text for t in name.unmatched_listed)))
    out.append(reason("name.score", score=f"{name.score:.2f}"))
    if name_factor != 1.0:
        out.append(reason("name.low_alias", factor=f"{name_factor:.2f}"))
    out.extend(f.reason for f in features)
    return tuple(out)


def explain(
    name: NameComparison,
    features: Sequence[FeatureResult],
    given: frozenset[str] = frozenset(),
    family: frozenset[str] = frozenset(),
) -> str:
    """One readable line: aligned name parts, what did not align, then every other feature."""
    return render(reasons(name, features, given, family))
