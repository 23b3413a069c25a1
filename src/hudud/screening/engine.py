"""Screening a traveller: candidates from the index, a score per listed person, an explanation.

score = best name comparison (× LOW_ALIAS_FACTOR, 0.95, when the best listed name is a low-quality alias)
        + birth date + nationality + gender + document adjustments   (see ``features``)
clipped to [0, 1]. ``match`` is ``score >= threshold``; the default threshold 0.70 is argued in
docs/screening.md."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Final

from mypy_extensions import mypyc_attr
from rapidfuzz import fuzz, process, utils

from hudud.names.tokens import NameToken, analyse_name, name_forms
from hudud.screening import features as feat
from hudud.screening.entries import ListEntry, LostDocument, Traveller
from hudud.screening.explain import reasons
from hudud.screening.features import FeatureResult
from hudud.screening.index import ListedName, ScreeningIndex
from hudud.screening.organisations import compare_organisations
from hudud.screening.reasons import Reason, reason, render
from hudud.screening.similarity import (
    EMPTY,
    Alignment,
    NameComparison,
    PairCache,
    align_tokens,
    compare_tokens,
)

DEFAULT_THRESHOLD: Final = 0.70
LOW_ALIAS_FACTOR: Final = 0.95
NAME_CEILING: Final = 1.0  # no name comparison scores more
# Ranking only (never the score): among equal scores, the person listed under the very spelling the
# traveller's name is written in comes first ("Ahmed, Abubakar" is listed for one person as such,
# for another as "Sheikh Abubakar Ahmed"). Small enough never to reorder different scores.
WRITTEN_FORM_WEIGHT: Final = 1e-4
# A listed person scoring 0 is not reported: the score says there is nothing to see (yente drops
# results scoring at or below its cutoff the same way). Four in five results of a typical batch were
# such zeros ("no name part in common", birth date decades apart) that an officer had to read past.
REPORT_CUTOFF: Final = 0.0


@dataclass(frozen=True, slots=True)
class Hit:
    """A listed person (or a lost/stolen document) found for a traveller, with its evidence."""

    entry_id: str
    score: float
    match: bool
    explanation: str
    entry: ListEntry | None = None
    name: NameComparison = EMPTY
    features: tuple[FeatureResult, ...] = ()
    sort_key: float = field(default=0.0, compare=False)
    # the explanation as data (code + parameters per piece of evidence, see hudud.screening.reasons):
    # ``explanation`` is exactly ``render(reasons)``; other languages render the same reasons
    reasons: tuple[Reason, ...] = field(default=(), compare=False)
    # what the name comparison's score was multiplied by: LOW_ALIAS_FACTOR when the best name is a
    # low-quality alias (the explanation says so, or its "name score" would not add up)
    name_factor: float = 1.0

    def __reduce__(self) -> tuple[type[Hit], tuple[object, ...]]:
        # by the constructor: compiled (hudud.compiled), a frozen dataclass cannot unpickle by setattr
        return Hit, tuple(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """A traveller with its names analysed once (shared by every candidate)."""

    traveller: Traveller
    names: tuple[tuple[NameToken, ...], ...]
    given_keys: frozenset[str]
    family_keys: frozenset[str]
    written: tuple[str, ...] = ()  # the names as the traveller's document or record writes them


def prepare(traveller: Traveller) -> PreparedQuery:
    """Analyse every name form of a traveller; a given/family split also yields the joined name."""
    forms = list(traveller.names)
    if traveller.given or traveller.family:
        joined = " ".join(p for p in (traveller.given, traveller.family) if p)
        if joined not in forms:
            forms.append(joined)
    names: list[tuple[NameToken, ...]] = []
    for form in (f for written in forms for f in name_forms(written)):
        tokens = analyse_name(form)
        if tokens and tokens not in names:
            names.append(tokens)
    given = frozenset(t.key for t in analyse_name(traveller.given or ""))
    family = frozenset(t.key for t in analyse_name(traveller.family or ""))
    return PreparedQuery(traveller, tuple(names), given, family, tuple(forms))


def _features(traveller: Traveller, entry: ListEntry) -> tuple[FeatureResult, ...]:
    """Every piece of evidence beside the name (birth date, nationality, gender, documents)."""
    found: list[FeatureResult] = []  # (appended one by one: compiled, a generator is an object)
    for f in (
        feat.birth_date(traveller.birth_date, entry.birth_dates),
        feat.nationality(traveller.nationalities, entry.nationalities),
        feat.gender(traveller.gender, entry.gender),
        feat.documents(traveller.documents, entry.documents),
    ):
        if f is not None:
            found.append(f)
    return tuple(found)


def _evidence(found: tuple[FeatureResult, ...]) -> float:
    """The adjustments of the evidence beside the name, added up (in order, as ``sum`` would)."""
    total = 0.0
    for f in found:
        total += f.score
    return total


def _clipped(raw: float) -> float:
    """The reported score: name and evidence together, within [0, 1], to four decimals."""
    return round(min(1.0, max(0.0, raw)), 4)


def _written_form_similarity(query: PreparedQuery, entry: ListEntry) -> float:
    """How close the traveller's name as written is to the closest listed name as written (case,
    spacing and punctuation aside), in [0, 1]."""
    best = 0.0
    for written in query.written:
        found = process.extractOne(
            written, [n.full for n in entry.names], scorer=fuzz.ratio, processor=utils.default_process
        )
        if found is not None:
            best = max(best, found[1] / 100.0)
    return best


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class Screener:
    """Screens travellers against an index of listed persons and a register of lost documents."""

    def __init__(
        self,
        index: ScreeningIndex | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        candidates: int = 10,
        lost_documents: Iterable[LostDocument] = (),
    ) -> None:
        self.index = index if index is not None else ScreeningIndex()
        self.threshold = threshold
        self.candidate_limit = candidates
        self._lost: dict[str, list[LostDocument]] = {}
        self.add_lost_documents(lost_documents)
        self._pairs = PairCache(self.index.vocabulary)

    def add_lost_documents(self, documents: Iterable[LostDocument]) -> None:
        """Register lost/stolen/revoked documents (screened by number and issuing state)."""
        for doc in documents:
            self._lost.setdefault(feat.ocr_key(doc.number), []).append(doc)

    def screen(self, traveller: Traveller, limit: int = 5) -> list[Hit]:
        """The best ``limit`` hits for one traveller, best first (lost documents first of all);
        listed persons scoring 0 are not reported (``REPORT_CUTOFF``).

        The evidence beside the name is cheap, so it is weighed first: a candidate whose name
        could at best score 1.0 and still not reach the ``limit``-th hit found so far is never
        name-compared (the result is the same as scoring everyone)."""
        query = prepare(traveller)
        hits = self._document_hits(traveller)
        slots = self.index.candidates(query.names, self.candidate_limit)
        slots.extend(self.index.document_slots(traveller.documents))
        if not slots:
            return hits[:limit]
        keys = self.index.query_keys(query.names)
        qids = self._pairs.query_ids(query.names)
        weights = [[self.index.weight(t) for t in tokens] for tokens in query.names]
        pending: list[tuple[float, int, ListEntry, tuple[FeatureResult, ...]]] = []
        seen: set[int] = set()
        for slot in slots:
            entry = self.index.entry(slot)
            if slot in seen or entry is None or entry.schema != "Person":
                continue
            seen.add(slot)
            found = _features(traveller, entry)
            bound = NAME_CEILING + WRITTEN_FORM_WEIGHT + _evidence(found)
            pending.append((bound, slot, entry, found))
        pending.sort(key=lambda item: -item[0])
        best: list[float] = sorted((h.sort_key for h in hits), reverse=True)[:limit]
        for bound, slot, entry, found in pending:
            if len(best) >= limit and bound < best[-1]:
                break
            name, name_score, factor = self._best_listed_name(
                query, qids, weights, self.index.names_sharing(slot, keys)
            )
            raw = name_score + _evidence(found)
            if raw < REPORT_CUTOFF + 0.001 and _clipped(raw) <= REPORT_CUTOFF:
                continue  # (rounding only where it can matter: round() is costly)
            hit = self._hit(query, entry, name, name_score, found, factor, explained=False)
            hits.append(hit)
            if len(best) < limit or hit.sort_key > best[-1]:
                best.append(hit.sort_key)
                best.sort(reverse=True)
                del best[limit:]
        hits.sort(key=lambda h: (-h.sort_key, h.entry_id))
        return [self._explained(h, query) for h in hits[:limit]]

    @staticmethod
    def _explained(hit: Hit, query: PreparedQuery) -> Hit:
        """Words for a hit that will be shown (candidates that are not shown are never worded)."""
        if hit.reasons:
            return hit
        why = reasons(hit.name, hit.features, query.given_keys, query.family_keys, hit.name_factor)
        # the constructor, not dataclasses.replace (which looks every field up again, per hit)
        return Hit(
            hit.entry_id,
            hit.score,
            hit.match,
            render(why),
            hit.entry,
            hit.name,
            hit.features,
            hit.sort_key,
            why,
            hit.name_factor,
        )

    def compare(self, traveller: Traveller, entry: ListEntry) -> Hit:
        """Score one traveller against one entry, without candidate generation (tests, tools)."""
        if entry.schema == "Organization":
            return self._compare_organisation(traveller, entry)
        names = [
            (analyse_name(form), 2 if n.quality == "low" else 0)
            for n in entry.names
            for form in name_forms(n.full)
        ]
        found = _features(traveller, entry)
        query = prepare(traveller)
        best, best_score, best_factor = EMPTY, 0.0, 1.0
        for q_tokens in query.names:
            for tokens, quality in names:
                result = compare_tokens(q_tokens, tokens, self.index.weight)
                factor = LOW_ALIAS_FACTOR if quality == 2 else 1.0
                score = result.score * factor
                if score > best_score:
                    best, best_score, best_factor = result, score, factor
        return self._hit(query, entry, best, best_score, found, best_factor)

    def _compare_organisation(self, query: Traveller, entry: ListEntry) -> Hit:
        best = 0.0
        evidence: tuple[Reason, ...] = (reason("organisation.no_name"),)
        first = True
        for name in query.names:
            for listed in entry.names:
                score, found = compare_organisations(name, listed.full)
                score *= LOW_ALIAS_FACTOR if listed.quality == "low" else 1.0
                if score > best or first:
                    best, evidence, first = score, found, False
        why = (*evidence, reason("name.score", score=f"{best:.2f}"))
        return Hit(entry.id, best, best >= self.threshold, render(why), entry, sort_key=best, reasons=why)

    def _best_listed_name(
        self,
        query: PreparedQuery,
        qids: tuple[tuple[int, ...], ...],
        weights: list[list[float]],
        listed: list[ListedName],
    ) -> tuple[NameComparison, float, float]:
        """The best comparison of any query name with any listed name (given by token ids), its
        score and the factor that score carries (``LOW_ALIAS_FACTOR`` for a low-quality alias)."""
        best: tuple[Alignment, tuple[NameToken, ...], tuple[NameToken, ...]] | None = None
        best_score = 0.0
        best_factor = 1.0
        pairs = self._pairs
        for n, q_tokens in enumerate(query.names):
            q_ids, q_weights = qids[n], weights[n]
            for name in listed:
                result = align_tokens(
                    q_tokens,
                    name.tokens,
                    candidates=pairs.aligned(q_ids, name.ids),
                    query_weights=q_weights,
                    listed_weights=name.weights,
                    joined=pairs.joined(q_ids, name.ids),
                )
                factor = LOW_ALIAS_FACTOR if name.quality == 2 else 1.0
                score = result.score * factor
                if score > best_score:
                    best, best_score, best_factor = (result, q_tokens, name.tokens), score, factor
        if best is None:
            return EMPTY, best_score, 1.0
        return best[0].comparison(best[1], best[2]), best_score, best_factor

    def _hit(
        self,
        query: PreparedQuery,
        entry: ListEntry,
        best: NameComparison,
        best_score: float,
        found: tuple[FeatureResult, ...],
        name_factor: float = 1.0,
        explained: bool = True,
    ) -> Hit:
        raw = best_score + _evidence(found)
        score = _clipped(raw)
        rank = raw + WRITTEN_FORM_WEIGHT * _written_form_similarity(query, entry)
        hit = Hit(entry.id, score, score >= self.threshold, "", entry, best, found, rank, (), name_factor)
        return self._explained(hit, query) if explained else hit

    def _document_hits(self, traveller: Traveller) -> list[Hit]:
        hits: list[Hit] = []
        for doc in traveller.documents:
            number = feat.normalise_document_number(doc.number)
            if len(number) < 5:
                continue
            for lost in self._lost.get(feat.ocr_key(number), ()):
                if doc.issuing_state and doc.issuing_state != lost.issuing_state:
                    continue
                exact = feat.normalise_document_number(lost.number) == number
                score = 1.0 if exact else 0.9
                why = (
                    reason(
                        "lost.same" if exact else "lost.ocr",
                        kind=lost.kind,
                        number=number,
                        status=lost.status,
                        listed=lost.number,
                        state=lost.issuing_state,
                    ),
                )
                entry_id = f"lost-{lost.issuing_state}-{feat.normalise_document_number(lost.number)}"
                hits.append(
                    Hit(
                        entry_id,
                        score,
                        score >= self.threshold,
                        render(why),
                        sort_key=2.0 + score,
                        reasons=why,
                    )
                )
        return hits
