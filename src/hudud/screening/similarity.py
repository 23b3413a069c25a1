"""Comparing two names token by token, weighted by how rare each token is.

Every token of the traveller's name is aligned with at most one token of the listed name (order
free: family-first lists, "SURNAME, Given" and passports disagree on order). A pair counts when its
similarity reaches ``MIN_TOKEN_SIM``; the name score is the weighted share of both names that
aligned, leaning on the shorter name so that a passport "Mohamed Aouadi" still finds the listed
"Mohamed Ben Belgacem Ben Abdallah al-Aouadi" — while a match on "Mohamed" alone, a common
token with a small weight, stays weak."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from hudud.names.arabic import collapse
from hudud.names.latin import loose_key
from hudud.names.memo import memo
from hudud.names.tables import COMMON_KEYS, PREFIX_KEYS
from hudud.names.tokens import NameToken

MIN_TOKEN_SIM = 0.72
# Skeleton prefixes a name may carry or drop: Ben Salah/Salah, al-Amrani (key l…)/Amrani, Abu…
_DROPPABLE_PREFIXES = tuple(sorted({*PREFIX_KEYS.values(), "l"} - {"bd"}, key=len, reverse=True))

_DROPPABLE_SUFFIXES = ("dn", "lh")

Weigher = Callable[[NameToken], float]


def prior_weight(token: NameToken) -> float:
    """Weight of a token before any list is known: common regional given names count less."""
    if token.initial:
        return 0.3
    return COMMON_KEYS.get(token.key, 1.0)


def token_similarity(a: NameToken, b: NameToken) -> tuple[float, str]:
    """Similarity in [0, 1] of two name tokens and the kind of evidence (for the explanation).

    Kinds: ``same`` (identical spelling), ``transliteration`` (other script, same skeleton),
    ``spelling`` (regional variant: same consonant skeleton, Djamel/Jamal), ``close`` (a typo),
    ``particle`` (one side carries ben/ould/al-), ``initial`` (M. for Mohamed)."""
    # memoised on plain strings: tokens are tuples the garbage collector never stops tracking
    key = (a.form, a.key, a.script, a.initial, b.form, b.key, b.script, b.initial)
    found = _SIMILARITIES.get(key)
    if found is None:
        found = _similarity(*key)
        if len(_SIMILARITIES) >= 262144:
            _SIMILARITIES.clear()
        _SIMILARITIES[key] = found
    return found


_SIMILARITIES: dict[tuple[str, str, str, bool, str, str, str, bool], tuple[float, str]] = {}


def _similarity(
    fa: str, ka: str, sa: str, ia: bool, fb: str, kb: str, sb: str, ib: bool
) -> tuple[float, str]:
    if ia or ib:
        if ia and ib:
            return (1.0, "same") if fa == fb else (0.0, "")
        full, letter = (fb, fa) if ia else (fa, fb)
        return (0.6, "initial") if full[:1] == letter else (0.0, "")
    if sa != sb:
        return _cross_script(ka, kb)
    if fa == fb:
        return 1.0, "same"
    if sa != "latin":  # both Arabic script: spellings differ only after folding
        score = _key_similarity(ka, kb)
        return (max(score, 0.95), "spelling") if ka == kb else (score, "close")
    form_sim = Levenshtein.normalized_similarity(fa, fb)
    if ka == kb:
        if len(ka) >= 3 or fa[:1] == fb[:1]:
            return max(form_sim, 0.92 if len(ka) >= 3 else 0.85), "spelling"
        return form_sim, "close"
    if ka.rstrip("h") == kb.rstrip("h") and len(ka) >= 3:
        return max(form_sim, 0.9), "spelling"
    if _loose_equal(ka, kb, 3):
        return max(form_sim, 0.86), "spelling"
    if _prefix_relation(ka, kb):
        return max(form_sim, 0.8), "particle"
    return form_sim, "close"


def _loose_equal(ka: str, kb: str, min_len: int) -> bool:
    if min(len(ka), len(kb)) < 3:
        return False
    la = loose_key(ka)
    return len(la) >= min_len and la == loose_key(kb)


def _cross_script(ka: str, kb: str) -> tuple[float, str]:
    if ka == kb:
        return (0.95 if len(ka.lstrip("_")) >= 2 else 0.8), "transliteration"
    if ka.rstrip("h") == kb.rstrip("h") and min(len(ka), len(kb)) >= 2:
        return 0.9, "transliteration"
    if _loose_equal(ka, kb, 2):
        return 0.85, "transliteration"
    if _prefix_relation(ka, kb):
        return 0.8, "particle"
    return 0.95 * _key_similarity(ka, kb), "transliteration"


# Letters that Arabic-script spellings and Latin renderings swap: ث read s (Saqib), ذ ظ ض read z
# (Mazhari, Zia), ق written g (Gasmi), خ written h or k; a lost or added h (Persian silent heh).
_CHEAP_SUBSTITUTIONS = frozenset(frozenset(pair) for pair in ("ts", "dz", "kj", "xh", "xk", "Ss", "jz", "tz"))
_CHEAP = 0.35
_CHEAP_GAP = {"h": 0.5, "n": 0.8}


_SUB_COST: dict[str, float] = {
    a + b: _CHEAP for pair in _CHEAP_SUBSTITUTIONS for a in pair for b in pair if a != b
}


def weighted_key_distance(a: str, b: str, limit: float = float("inf")) -> float:
    """Edit distance between two skeletons where the usual transliteration swaps cost little.

    Stops early once every path costs more than ``limit`` (the result is then some value > limit)."""
    gap = _CHEAP_GAP.get
    sub = _SUB_COST.get
    prev = [0.0]
    for cb in b:
        prev.append(prev[-1] + gap(cb, 1.0))
    for ca in a:
        gap_a = gap(ca, 1.0)
        left = prev[0] + gap_a
        cur = [left]
        for j, cb in enumerate(b, 1):
            diag = prev[j - 1] if ca == cb else prev[j - 1] + sub(ca + cb, 1.0)
            up = prev[j] + gap_a
            side = left + gap(cb, 1.0)
            left = diag if diag <= up and diag <= side else (up if up <= side else side)
            cur.append(left)
        if min(cur) > limit:
            return min(cur)
        prev = cur
    return prev[-1]


@memo(131072)
def _key_similarity(ka: str, kb: str) -> float:
    # one edit on a long skeleton is a typo, on a three-letter one a different name
    longest = max(len(ka), len(kb))
    if longest == 0 or abs(len(ka) - len(kb)) > 2:
        return 0.0
    dist = weighted_key_distance(ka, kb, 2.0)
    if dist > 2:
        return 0.0
    return max(0.0, 1.0 - dist / max(longest, 2) - (0.1 if longest <= 4 and dist >= 1 else 0.0))


def _prefix_relation(ka: str, kb: str) -> bool:
    """One skeleton is the other plus a particle: Ben Salah/Salah, Salah Eddine/Salah."""
    short, long_ = (ka, kb) if len(ka) < len(kb) else (kb, ka)
    if len(short) < 3:
        return False
    if long_.endswith(short):
        return long_[: len(long_) - len(short)] in _DROPPABLE_PREFIXES
    return long_.startswith(short) and long_[len(short) :] in _DROPPABLE_SUFFIXES


class TokenPair(NamedTuple):
    """Two aligned tokens (query side, listed side) with their similarity and kind. (Named tuples,
    like ``NameComparison``: immutable and built several times per candidate, at less than half
    the cost of a frozen dataclass.)"""

    query: NameToken
    listed: NameToken
    score: float
    kind: str


class NameComparison(NamedTuple):
    """The outcome of comparing two names: a score in [0, 1], the aligned pairs and what was left."""

    score: float
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[NameToken, ...]
    unmatched_listed: tuple[NameToken, ...]


EMPTY = NameComparison(0.0, (), (), ())


Similarities = Sequence[Sequence[tuple[float, str]]]
_FIRST = itemgetter(0)
# (query side?, i, j) → similarity of two adjacent words read as one against a word of the other name
JoinedSimilarity = Callable[[bool, int, int], tuple[float, str]]


def compare_tokens(
    query: Sequence[NameToken],
    listed: Sequence[NameToken],
    weigh: Weigher = prior_weight,
    *,
    similarities: Similarities | None = None,
    query_weights: Sequence[float] | None = None,
    listed_weights: Sequence[float] | None = None,
    joined: JoinedSimilarity | None = None,
) -> NameComparison:
    """Align two analysed names and score them (see the module docstring).

    The screening hot path passes what it already knows: ``similarities[i][j]`` =
    ``token_similarity(query[i], listed[j])`` and ``joined`` (from a ``PairCache``), and the
    tokens' weights."""
    if not query or not listed:
        return EMPTY
    scored: list[tuple[float, int, int, str]] = []
    if similarities is None:
        similarities = [[token_similarity(qt, lt) for lt in listed] for qt in query]
    for i, row in enumerate(similarities):
        for j, (sim, kind) in enumerate(row):
            if sim >= MIN_TOKEN_SIM or (kind == "initial" and sim > 0):
                scored.append((sim, i, j, kind))
    scored.sort(key=_FIRST, reverse=True)  # stable: equal similarities keep their order
    used_q: set[int] = set()
    used_l: set[int] = set()
    pairs: list[TokenPair] = []
    wq = query_weights if query_weights is not None else [weigh(t) for t in query]
    wl = listed_weights if listed_weights is not None else [weigh(t) for t in listed]
    matched_q = matched_l = 0.0
    for sim, i, j, kind in scored:
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        pairs.append(TokenPair(query[i], listed[j], sim, kind))
        matched_q += sim * wq[i]
        matched_l += sim * wl[j]
    unmatched = len(used_q) < len(query) and len(used_l) < len(listed)
    if unmatched and (pairs or min(len(query), len(listed)) <= 2):
        if joined is None:
            joined = _joined_similarity(query, listed)
        for q_side in (True, False):
            got = _merge_pass(query, listed, used_q, used_l, q_side, joined)
            for pair, wi, wj in got:
                pairs.append(pair)
                wa = sum(wq[i] for i in wi)
                wb = sum(wl[j] for j in wj)
                matched_q += pair.score * wa
                matched_l += pair.score * wb
    cov_q = matched_q / sum(wq)
    cov_l = matched_l / sum(wl)
    score = _combine(cov_q, cov_l, len(query), len(listed), matched_q, len(pairs))
    return NameComparison(
        score,
        tuple(pairs),
        tuple([t for i, t in enumerate(query) if i not in used_q]),
        tuple([t for j, t in enumerate(listed) if j not in used_l]),
    )


def relation_keys(token: NameToken) -> frozenset[str]:
    """Keys two tokens share whenever ``token_similarity`` may find them related through their
    skeletons: the same form or skeleton, skeletons equal but for a final h, equal loose skeletons,
    or one skeleton the other plus a particle (Ben Salah/Salah). Two tokens with disjoint relation
    keys are similar only through their written forms (Latin) or their skeletons' edit distance,
    which ``PairCache`` tests with cheaper bounds first."""
    key = token.key
    found = {"f" + token.form, "k" + key, "r" + key.rstrip("h"), "l" + loose_key(key), "p" + key}
    for prefix in _DROPPABLE_PREFIXES:
        if key.startswith(prefix):
            found.add("p" + key[len(prefix) :])
    for suffix in _DROPPABLE_SUFFIXES:
        if key.endswith(suffix):
            found.add("p" + key[: -len(suffix)])
    return frozenset(found)


def certainly_dissimilar(a: NameToken, keys_a: frozenset[str], b: NameToken, keys_b: frozenset[str]) -> bool:
    """True only when ``token_similarity(a, b)`` is certainly below ``MIN_TOKEN_SIM`` (and not an
    initial): no shared relation key, and — both Latin — written forms too far apart, or — Arabic
    script on a side — skeletons too far apart for the weighted edit distance (every edit costs at
    least ``_CHEAP``, so it is at least ``_CHEAP`` × the plain edit distance rapidfuzz computes)."""
    if a.initial or b.initial or not keys_a.isdisjoint(keys_b):
        return False
    if a.script == b.script == "latin":
        return Levenshtein.normalized_similarity(a.form, b.form, score_cutoff=MIN_TOKEN_SIM) == 0.0
    ka, kb = a.key, b.key
    longest = max(len(ka), len(kb))
    if abs(len(ka) - len(kb)) > 2 or longest == 0:
        return True
    # similarity 1 - dist / max(longest, 2) >= MIN_TOKEN_SIM needs dist <= (1 - MIN) * max(longest, 2)
    allowed = (1.0 - MIN_TOKEN_SIM) * max(longest, 2) / _CHEAP
    return Levenshtein.distance(ka, kb, score_cutoff=int(allowed) + 1) > allowed


_EXTRA = 1 << 31  # ids of listed words read as one (Wali Jan → Walijan) start here


class PairCache:
    """Similarities of query tokens against listed tokens known by integer id (the index's
    vocabulary), memoised by one integer per pair: cheaper to look up than tokens, and shared by
    every candidate of a query and every query of a batch. Query tokens, and two adjacent words
    read as one on either side, are interned here; every table is emptied when full (the worst case
    is a recomputation)."""

    def __init__(self, listed: Sequence[NameToken], limit: int = 1 << 20) -> None:
        self._listed = listed
        self._limit = limit
        self._query_ids: dict[NameToken, int] = {}
        self._query_tokens: list[NameToken] = []
        self._query_keys: list[frozenset[str]] = []
        self._listed_keys: dict[int, frozenset[str]] = {}
        self._joined_query: dict[tuple[int, int], int] = {}
        self._joined_listed: dict[tuple[int, int], int] = {}
        self._extra: list[NameToken] = []
        self._cache: dict[int, tuple[float, str]] = {}

    def query_ids(self, names: Sequence[Sequence[NameToken]]) -> tuple[tuple[int, ...], ...]:
        """Ids of every token of a query's names (valid until the next call)."""
        if len(self._query_ids) > self._limit // 8 or len(self._cache) > self._limit:
            self._query_ids.clear()
            self._query_tokens.clear()
            self._query_keys.clear()
            self._cache.clear()
            self._joined_query.clear()
            self._joined_listed.clear()
            self._extra.clear()
            self._listed_keys.clear()  # it holds the keys of the joined listed words too
        return tuple(tuple(self._intern(t) for t in tokens) for tokens in names)

    def _intern(self, token: NameToken, keys: frozenset[str] | None = None) -> int:
        found = self._query_ids.get(token)
        if found is None:
            found = self._query_ids[token] = len(self._query_tokens)
            self._query_tokens.append(token)
            self._query_keys.append(relation_keys(token) if keys is None else keys)
        return found

    def matrix(self, qids: Sequence[int], lids: Sequence[int]) -> list[list[tuple[float, str]]]:
        """``token_similarity`` of query token ``qids[i]`` and listed token ``lids[j]`` for every i, j
        (0 where certainly below ``MIN_TOKEN_SIM``)."""
        cache = self._cache
        out = []
        for qid in qids:
            base = qid << 32
            row = []
            for lid in lids:
                found = cache.get(base | lid)
                if found is None:
                    found = self._compute(qid, lid)
                row.append(found)
            out.append(row)
        return out

    def _compute(self, qid: int, lid: int) -> tuple[float, str]:
        qt = self._query_tokens[qid]
        lt = self._listed[lid] if lid < _EXTRA else self._extra[lid - _EXTRA]
        lkeys = self._listed_keys.get(lid)
        if lkeys is None:
            lkeys = self._listed_keys[lid] = relation_keys(lt)
        if certainly_dissimilar(qt, self._query_keys[qid], lt, lkeys):
            found = _UNRELATED
        else:
            found = token_similarity(qt, lt)
        self._cache[(qid << 32) | lid] = found
        return found

    def joined(self, qids: Sequence[int], lids: Sequence[int]) -> JoinedSimilarity:
        """The similarity of two adjacent words read as one against one word of the other name,
        for ``compare_tokens``' merge pass: ``(True, i, j)`` joins query words i and i+1 against
        listed word j, ``(False, j, i)`` listed words j and j+1 against query word i."""
        cache, vocab = self._cache, self._listed

        def similarity(query_side: bool, i: int, j: int) -> tuple[float, str]:
            if query_side:
                pair = (qids[i], qids[i + 1])
                found_q = self._joined_query.get(pair)
                if found_q is None:
                    merged, keys = _joined(self._query_tokens[pair[0]], self._query_tokens[pair[1]])
                    found_q = self._joined_query[pair] = self._intern(merged, keys)
                qid, lid = found_q, lids[j]
            else:
                pair = (lids[i], lids[i + 1])
                found_l = self._joined_listed.get(pair)
                if found_l is None:
                    merged, keys = _joined(vocab[pair[0]], vocab[pair[1]])
                    found_l = self._joined_listed[pair] = _EXTRA + len(self._extra)
                    self._extra.append(merged)
                    self._listed_keys[found_l] = keys
                qid, lid = qids[j], found_l
            found = cache.get((qid << 32) | lid)
            return self._compute(qid, lid) if found is None else found

        return similarity


_UNRELATED = (0.0, "")


def _merge_pass(
    query: Sequence[NameToken],
    listed: Sequence[NameToken],
    used_q: set[int],
    used_l: set[int],
    q_side: bool,
    joined: JoinedSimilarity,
) -> list[tuple[TokenPair, tuple[int, ...], tuple[int, ...]]]:
    """Two adjacent unaligned words on one side against one on the other: Wali Jan/Walijan,
    Khudai Rahim/Khudayrahim, Kaka Zada/Kakazada."""
    split, whole = (query, listed) if q_side else (listed, query)
    used_split, used_whole = (used_q, used_l) if q_side else (used_l, used_q)
    found: list[tuple[TokenPair, tuple[int, ...], tuple[int, ...]]] = []
    for i in range(len(split) - 1):
        if i in used_split or i + 1 in used_split or split[i].initial or split[i + 1].initial:
            continue
        for j, other in enumerate(whole):
            if j in used_whole:
                continue
            sim, kind = joined(q_side, i, j)
            if sim >= MIN_TOKEN_SIM:
                merged = _joined(split[i], split[i + 1])[0]
                used_split.update((i, i + 1))
                used_whole.add(j)
                if q_side:
                    found.append((TokenPair(merged, other, sim, kind), (i, i + 1), (j,)))
                else:
                    found.append((TokenPair(other, merged, sim, kind), (j,), (i, i + 1)))
                break
    return found


def _joined_similarity(query: Sequence[NameToken], listed: Sequence[NameToken]) -> JoinedSimilarity:
    """``JoinedSimilarity`` computed from the tokens (no cache): the reference the cache must equal."""

    def similarity(query_side: bool, i: int, j: int) -> tuple[float, str]:
        split, whole = (query, listed) if query_side else (listed, query)
        merged, keys = _joined(split[i], split[i + 1])
        other = whole[j]
        if certainly_dissimilar(merged, keys, other, _relation_keys(other)):
            return _UNRELATED
        return token_similarity(merged, other)

    return similarity


@memo(65536)
def _joined(a: NameToken, b: NameToken) -> tuple[NameToken, frozenset[str]]:
    """Two adjacent words read as one (Wali Jan → Walijan), with its relation keys."""
    joined = NameToken(f"{a.text} {b.text}", a.form + b.form, collapse(a.key + b.key.lstrip("_")), a.script)
    return joined, relation_keys(joined)


_relation_keys = memo(262144)(relation_keys)


def _combine(cov_q: float, cov_l: float, n_q: int, n_l: int, matched_weight: float, n_pairs: int) -> float:
    """Lean on the coverage of the shorter name; a lone matched token, or only common tokens
    matched, cannot reach the alert bar by name alone."""
    short, long_ = (cov_q, cov_l) if n_q <= n_l else (cov_l, cov_q)
    score = 0.72 * short + 0.28 * long_
    if n_pairs == 1 and max(n_q, n_l) > 1:
        score *= 0.8
    if matched_weight < 1.0:
        score *= 0.75 + 0.25 * matched_weight
    return min(1.0, score)
