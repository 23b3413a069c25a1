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
from typing import Final, NamedTuple, cast

from mypy_extensions import i64, mypyc_attr
from rapidfuzz.distance import Levenshtein

from hudud.names.arabic import collapse
from hudud.names.latin import loose_key
from hudud.names.memo import memo
from hudud.names.tables import COMMON_KEYS, PREFIX_KEYS
from hudud.names.tokens import NameToken

MIN_TOKEN_SIM: Final = 0.72
# Skeleton prefixes a name may carry or drop: Ben Salah/Salah, al-Amrani (key l…)/Amrani, Abu…
_DROPPABLE_PREFIXES: Final = tuple(sorted({*PREFIX_KEYS.values(), "l"} - {"bd"}, key=len, reverse=True))

_DROPPABLE_SUFFIXES: Final = ("dn", "lh")

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


_SIMILARITIES: Final[dict[tuple[str, str, str, bool, str, str, str, bool], tuple[float, str]]] = {}


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
_CHEAP_SUBSTITUTIONS: Final = frozenset(
    frozenset(pair) for pair in ("ts", "dz", "kj", "xh", "xk", "Ss", "jz", "tz")
)
_CHEAP: Final = 0.35
_CHEAP_GAP: Final = {"h": 0.5, "n": 0.8}


# each letter → the letters it swaps with at ``_CHEAP`` cost
_CHEAP_SWAPS: Final[dict[str, str]] = {
    a: "".join(sorted(b for pair in _CHEAP_SUBSTITUTIONS if a in pair for b in pair if b != a))
    for a in sorted({c for pair in _CHEAP_SUBSTITUTIONS for c in pair})
}


def weighted_key_distance(a: str, b: str, limit: float = float("inf")) -> float:
    """Edit distance between two skeletons where the usual transliteration swaps cost little.

    Stops early once every path costs more than ``limit`` (the result is then some value > limit).
    (Plain loops over lists and typed dicts: compiled by mypyc, they run as C.)"""
    gaps_b = [_CHEAP_GAP.get(cb, 1.0) for cb in b]
    prev = [0.0]
    for gap_b in gaps_b:
        prev.append(prev[-1] + gap_b)
    for ca in a:
        gap_a = _CHEAP_GAP.get(ca, 1.0)
        swaps = _CHEAP_SWAPS.get(ca, "")
        left = prev[0] + gap_a
        lowest = left
        cur = [left]
        for j in range(1, len(b) + 1):
            cb = b[j - 1]
            diag = prev[j - 1] if ca == cb else prev[j - 1] + (_CHEAP if cb in swaps else 1.0)
            up = prev[j] + gap_a
            side = left + gaps_b[j - 1]
            left = diag if diag <= up and diag <= side else (up if up <= side else side)
            cur.append(left)
            if left < lowest:
                lowest = left
        if lowest > limit:
            return lowest
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


EMPTY: Final = NameComparison(0.0, (), (), ())


# (similarity, i, j, kind) of query token i and listed token j, for the pairs that may align
Candidates = list[tuple[float, int, int, str]]
_FIRST: Final = itemgetter(0)


def compare_tokens(
    query: tuple[NameToken, ...], listed: tuple[NameToken, ...], weigh: Weigher = prior_weight
) -> NameComparison:
    """Align two analysed names and score them (see the module docstring). The screening path
    calls ``align_tokens`` with what it already knows and words only the best name's alignment."""
    return align_tokens(query, listed, weigh).comparison(query, listed)


class Alignment:
    """Two names aligned, before anyone looks: the score and which tokens went together.
    ``comparison`` words it as a ``NameComparison`` (screening does so for the best name only)."""

    def __init__(
        self,
        score: float,
        pairs: list[tuple[float, int, int, str]],
        merged: list[TokenPair],
        used_q: set[int],
        used_l: set[int],
    ) -> None:
        self.score = score
        self.pairs = pairs
        self.merged = merged
        self.used_q = used_q
        self.used_l = used_l

    def comparison(self, query: tuple[NameToken, ...], listed: tuple[NameToken, ...]) -> NameComparison:
        """The ``NameComparison`` of this alignment of ``query`` with ``listed``."""
        if not query or not listed:
            return EMPTY
        pairs = [TokenPair(query[i], listed[j], sim, kind) for sim, i, j, kind in self.pairs]
        return NameComparison(
            self.score,
            tuple(pairs + self.merged),
            tuple([t for i, t in enumerate(query) if i not in self.used_q]),
            tuple([t for j, t in enumerate(listed) if j not in self.used_l]),
        )


def align_tokens(
    query: tuple[NameToken, ...],
    listed: tuple[NameToken, ...],
    weigh: Weigher = prior_weight,
    *,
    candidates: Candidates | None = None,
    query_weights: list[float] | None = None,
    listed_weights: list[float] | None = None,
    joined: JoinedWords | None = None,
) -> Alignment:
    """``compare_tokens`` without wording its result. The screening hot path passes what it
    already knows: ``candidates``, every pair of tokens that may align (``may_align``) in row
    order, and ``joined`` (both from a ``PairCache``), and the tokens' weights."""
    if not query or not listed:
        return Alignment(0.0, [], [], set(), set())
    if candidates is None:
        candidates = [
            (sim, i, j, kind)
            for i, qt in enumerate(query)
            for j, lt in enumerate(listed)
            for sim, kind in (token_similarity(qt, lt),)
            if may_align(sim, kind)
        ]
    scored = _by_similarity(candidates)
    used_q: set[int] = set()
    used_l: set[int] = set()
    pairs: list[tuple[float, int, int, str]] = []
    merged: list[TokenPair] = []
    wq = query_weights if query_weights is not None else [weigh(t) for t in query]
    wl = listed_weights if listed_weights is not None else [weigh(t) for t in listed]
    matched_q = matched_l = 0.0
    for found in scored:
        sim, i, j, _ = found
        if i in used_q or j in used_l:
            continue
        used_q.add(i)
        used_l.add(j)
        pairs.append(found)
        matched_q += sim * wq[i]
        matched_l += sim * wl[j]
    unmatched = len(used_q) < len(query) and len(used_l) < len(listed)
    if unmatched and (pairs or min(len(query), len(listed)) <= 2):
        if joined is None:
            joined = JoinedWords(query, listed)
        for q_side in (True, False):
            got = _merge_pass(query, listed, used_q, used_l, q_side, joined)
            for pair, wi, wj in got:
                merged.append(pair)
                wa = wb = 0.0
                for i in wi:
                    wa += wq[i]
                for j in wj:
                    wb += wl[j]
                matched_q += pair.score * wa
                matched_l += pair.score * wb
    total_q = total_l = 0.0  # (loops, not sum(): compiled, a builtin call costs more than the adding)
    for w in wq:
        total_q += w
    for w in wl:
        total_l += w
    cov_q = matched_q / total_q
    cov_l = matched_l / total_l
    score = _combine(cov_q, cov_l, len(query), len(listed), matched_q, len(pairs) + len(merged))
    return Alignment(score, pairs, merged, used_q, used_l)


def _by_similarity(candidates: Candidates) -> list[tuple[float, int, int, str]]:
    """The candidate pairs by similarity, highest first; equal similarities keep their order. (By
    insertion: a name pair has a handful of candidates, and compiled this beats ``sorted``'s call.)"""
    if len(candidates) > 16:
        return sorted(candidates, key=_FIRST, reverse=True)
    scored: list[tuple[float, int, int, str]] = []
    for found in candidates:
        k = len(scored)
        while k > 0 and scored[k - 1][0] < found[0]:
            k -= 1
        scored.insert(k, found)
    return scored


def may_align(sim: float, kind: str) -> bool:
    """Whether two tokens of this similarity may be aligned: close enough, or an initial."""
    return sim >= MIN_TOKEN_SIM or (kind == "initial" and sim > 0)


# What rejects a pair of tokens cheaply (``certainly_dissimilar``), memoised with the token: its
# skeleton without a final h, its loose skeleton, its skeleton with a particle dropped or not
# (``particle_keys``), and the length and letters of its written form and of its skeleton. A plain
# tuple of strings and ints: the garbage collector stops tracking such a tuple after one look, while
# it walks a named tuple or a frozenset at every full collection for as long as it lives (the pair
# cache holds thousands of profiles; with named tuples of frozensets, full collections took about a
# tenth of a batch's time).
TokenProfile = tuple[str, str, tuple[str, ...], int, int, int, int]


def particle_keys(key: str) -> tuple[str, ...]:
    """The skeleton, and the skeleton without a droppable particle (Ben Salah → Salah) or suffix."""
    found = [key]
    for prefix in _DROPPABLE_PREFIXES:
        if key.startswith(prefix):
            found.append(key[len(prefix) :])
    for suffix in _DROPPABLE_SUFFIXES:
        if key.endswith(suffix):
            found.append(key[: -len(suffix)])
    return tuple(found)


def profile(token: NameToken) -> TokenProfile:
    """The ``TokenProfile`` of a token."""
    form, key = token.form, token.key
    return (
        key.rstrip("h"),
        loose_key(key),
        particle_keys(key),
        len(form),
        letter_bits(form),
        len(key),
        letter_bits(key),
    )


def related_by_keys(a: NameToken, pa: TokenProfile, b: NameToken, pb: TokenProfile) -> bool:
    """Whether ``token_similarity`` may find two tokens related through their skeletons: the same
    form or skeleton, skeletons equal but for a final h, equal loose skeletons, or one skeleton the
    other plus a particle (Ben Salah/Salah). Tokens not so related are similar only through their
    written forms (Latin) or their skeletons' edit distance, which ``certainly_dissimilar`` bounds."""
    if a.form == b.form or pa[0] == pb[0] or pa[1] == pb[1]:
        return True
    for x in pa[2]:  # (the skeleton itself is the first particle key of each)
        for y in pb[2]:
            if x == y:
                return True
    return False


def letter_bits(text: str) -> int:
    """The letters of a text as bits, folded modulo 32 (two letters sharing a bit only make
    ``distance_at_least`` smaller, never wrong)."""
    bits = 0
    for ch in text:
        bits |= 1 << (ord(ch) & 31)
    return bits


def distance_at_least(len_a: int, bits_a: int, len_b: int, bits_b: int) -> int:
    """A lower bound of the edit distance of two texts from their lengths and letters: the length
    difference, and the letters one has and the other lacks (each place holding one needs an edit)."""
    found = len_a - len_b if len_a >= len_b else len_b - len_a
    only_a = _bit_count(bits_a & ~bits_b)
    only_b = _bit_count(bits_b & ~bits_a)
    if only_a > found:
        found = only_a
    return only_b if only_b > found else found


def _bit_count(bits: i64) -> int:
    # int.bit_count for the 32 letter bits, by adding bits in parallel on a machine integer (i64:
    # compiled, plain arithmetic; a method call on an int would be a Python call)
    bits = bits - ((bits >> 1) & 0x55555555)
    bits = (bits & 0x33333333) + ((bits >> 2) & 0x33333333)
    bits = (bits + (bits >> 4)) & 0x0F0F0F0F
    return int(((bits * 0x01010101) & 0xFFFFFFFF) >> 24)


# the letter bits of every letter some edit handles for less than 1 (a cheap swap or gap), and the rest
_CHEAP_BITS: Final = letter_bits("".join(_CHEAP_SWAPS) + "".join(_CHEAP_GAP))
_DEAR_BITS: Final = 0xFFFFFFFF & ~_CHEAP_BITS


def certainly_dissimilar(a: NameToken, pa: TokenProfile, b: NameToken, pb: TokenProfile) -> bool:
    """True only when ``token_similarity(a, b)`` is certainly below ``MIN_TOKEN_SIM`` (and not an
    initial): no shared relation key, and — both Latin — written forms too far apart, or — Arabic
    script on a side — skeletons too far apart for the weighted edit distance (every edit costs at
    least ``_CHEAP``, so it is at least ``_CHEAP`` × the plain edit distance rapidfuzz computes).
    Lengths and letters (``distance_at_least``) settle most pairs before rapidfuzz is asked."""
    if a.initial or b.initial or related_by_keys(a, pa, b, pb):
        return False
    _, _, _, form_length_a, form_letters_a, key_length_a, key_letters_a = pa
    _, _, _, form_length_b, form_letters_b, key_length_b, key_letters_b = pb
    if a.script == b.script == "latin":
        longest = max(form_length_a, form_length_b)
        at_least = distance_at_least(form_length_a, form_letters_a, form_length_b, form_letters_b)
        if longest and 1.0 - at_least / longest < MIN_TOKEN_SIM:
            return True
        return Levenshtein.normalized_similarity(a.form, b.form, score_cutoff=MIN_TOKEN_SIM) == 0.0
    longest = max(key_length_a, key_length_b)
    if abs(key_length_a - key_length_b) > 2 or longest == 0:
        return True
    # similarity 1 - dist / max(longest, 2) >= MIN_TOKEN_SIM needs dist <= (1 - MIN) * max(longest, 2),
    # and _key_similarity gives 0 beyond a weighted distance of 2
    weighted = (1.0 - MIN_TOKEN_SIM) * max(longest, 2)
    if weighted > 2.0:
        weighted = 2.0
    if weighted_distance_at_least(key_letters_a, key_letters_b) > weighted + 1e-9:
        return True
    allowed = weighted / _CHEAP
    if distance_at_least(key_length_a, key_letters_a, key_length_b, key_letters_b) > allowed:
        return True
    return Levenshtein.distance(a.key, b.key, score_cutoff=int(allowed) + 1) > allowed


def weighted_distance_at_least(bits_a: int, bits_b: int) -> float:
    """A lower bound of ``weighted_key_distance`` from the letters of two skeletons (``letter_bits``):
    each letter one has and the other lacks takes an edit of its own, which costs 1 unless the
    letter may swap or drop cheaply (then at least ``_CHEAP``). Letters sharing a bit with a cheap
    one count as cheap, so the bound stays below the distance."""
    only_a = bits_a & ~bits_b
    only_b = bits_b & ~bits_a
    cost_a = _bit_count(only_a & _DEAR_BITS) + _CHEAP * _bit_count(only_a & _CHEAP_BITS)
    cost_b = _bit_count(only_b & _DEAR_BITS) + _CHEAP * _bit_count(only_b & _CHEAP_BITS)
    return cost_a if cost_a > cost_b else cost_b


# a pair that cannot align; typed object so that compiled code keeps the one boxed tuple (identity)
_UNRELATED: Final[object] = (0.0, "")
_EXTRA: Final = 1 << 31  # ids of listed words read as one (Wali Jan → Walijan) start here


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class PairCache:
    """Similarities of query tokens against listed tokens known by integer id (the index's
    vocabulary), memoised in one row per query token keyed by listed id: cheaper to look up than
    tokens, and shared by every candidate of a query and every query of a batch. Query tokens, and two adjacent words
    read as one on either side, are interned here; every table is emptied when full (the worst case
    is a recomputation)."""

    def __init__(self, listed: list[NameToken], limit: int = 1 << 20) -> None:
        self._listed = listed
        self._limit = limit
        self._query_ids: dict[NameToken, int] = {}
        self._query_tokens: list[NameToken] = []
        self._query_profiles: list[TokenProfile] = []
        self._listed_profiles: dict[object, TokenProfile] = {}
        self._joined_query: dict[tuple[int, int], int] = {}
        self._joined_listed: dict[tuple[int, int], int] = {}
        self._extra: list[NameToken] = []
        # per query token id: listed token id → (similarity, kind), or _UNRELATED for a pair that
        # cannot align; values kept as objects (compiled, a tuple type is unboxed on every read)
        self._rows: list[dict[object, object]] = []
        self._size = 0
        self._shared: dict[tuple[float, str], object] = {}

    def query_ids(self, names: Sequence[tuple[NameToken, ...]]) -> tuple[tuple[int, ...], ...]:
        """Ids of every token of a query's names (valid until the next call)."""
        if len(self._query_ids) > self._limit // 8 or self._size > self._limit:
            self._query_ids.clear()
            self._query_tokens.clear()
            self._query_profiles.clear()
            self._rows.clear()
            self._shared.clear()
            self._size = 0
            self._joined_query.clear()
            self._joined_listed.clear()
            self._extra.clear()
            self._listed_profiles.clear()  # it holds those of the joined listed words too
        return tuple(tuple(self._intern(t) for t in tokens) for tokens in names)

    def _intern(self, token: NameToken, known: TokenProfile | None = None) -> int:
        found = self._query_ids.get(token)
        if found is None:
            found = self._query_ids[token] = len(self._query_tokens)
            self._query_tokens.append(token)
            self._query_profiles.append(profile(token) if known is None else known)
            self._rows.append({})
        return found

    def aligned(self, qids: tuple[int, ...], lids: tuple[int, ...]) -> list[tuple[float, int, int, str]]:
        """``compare_tokens``' candidates: (similarity, i, j, kind) for each query token ``qids[i]``
        and listed token ``lids[j]`` that may align, in row order."""
        out: list[tuple[float, int, int, str]] = []
        rows = self._rows
        # the listed ids read as the objects the tuple holds: compiled, an int read from a typed
        # tuple is unboxed, then boxed again (allocated) for each dict lookup
        boxed: tuple[object, ...] = lids
        for i, qid in enumerate(qids):
            row = rows[qid]
            for j in range(len(boxed)):
                lid = boxed[j]
                found = row.get(lid)
                if found is None:
                    found = self._compute(qid, cast(int, lid), lid)
                if found is not _UNRELATED:
                    sim, kind = cast(tuple[float, str], found)
                    out.append((sim, i, j, kind))
        return out

    def _compute(self, qid: int, lid: int, boxed: object) -> object:
        """The row entry of two tokens (``boxed`` is ``lid`` as an object, the key of the row)."""
        qt = self._query_tokens[qid]
        lt = self._listed[lid] if lid < _EXTRA else self._extra[lid - _EXTRA]
        lprofile = self._listed_profiles.get(boxed)
        if lprofile is None:
            lprofile = self._listed_profiles[boxed] = profile(lt)
        found: object = _UNRELATED
        if not certainly_dissimilar(qt, self._query_profiles[qid], lt, lprofile):
            # token_similarity without its memo: this cache is the memo
            sim, kind = _similarity(
                qt.form, qt.key, qt.script, qt.initial, lt.form, lt.key, lt.script, lt.initial
            )
            if may_align(sim, kind):
                # one tuple per distinct similarity and kind, shared by every row: a row holding
                # only tuples the collector has stopped tracking stays untracked itself
                fresh = (sim, kind)
                found = self._shared.get(fresh)
                if found is None:
                    found = self._shared[fresh] = fresh
        self._rows[qid][boxed] = found
        self._size += 1
        return found

    def joined(self, qids: tuple[int, ...], lids: tuple[int, ...]) -> JoinedWords:
        """``JoinedWords`` for ``compare_tokens``' merge pass, memoised here by token id."""
        return _CachedJoinedWords(self, qids, lids)

    def joined_query_id(self, a: int, b: int) -> int:
        """The id of query tokens ``a`` and ``b`` read as one word (interned as a query token)."""
        found = self._joined_query.get((a, b))
        if found is None:
            merged, known = _joined_word(self._query_tokens[a], self._query_tokens[b])
            found = self._joined_query[(a, b)] = self._intern(merged, known)
        return found

    def joined_listed_id(self, a: int, b: int) -> int:
        """The id of listed tokens ``a`` and ``b`` read as one word (from ``_EXTRA`` on)."""
        found = self._joined_listed.get((a, b))
        if found is None:
            merged, known = _joined_word(self._listed[a], self._listed[b])
            found = self._joined_listed[(a, b)] = _EXTRA + len(self._extra)
            self._extra.append(merged)
            self._listed_profiles[found] = known
        return found

    def pair(self, qid: int, lid: int) -> tuple[float, str]:
        """The similarity of two tokens by id ((0, "") when they cannot align)."""
        boxed: object = lid
        found = self._rows[qid].get(boxed)
        if found is None:
            found = self._compute(qid, lid, boxed)
        return cast(tuple[float, str], found)


class JoinedWords:
    """Two adjacent words of one name read as one against a word of the other: Wali Jan/Walijan.
    ``similarity(True, i, j)`` joins query words i and i+1 against listed word j,
    ``similarity(False, j, i)`` listed words j and j+1 against query word i. This class computes
    from the tokens (the reference); the screening path uses ``PairCache.joined``. (A class, not a
    closure: compiled, its method is called as C.)"""

    def __init__(self, query: tuple[NameToken, ...], listed: tuple[NameToken, ...]) -> None:
        self.query = query
        self.listed = listed

    def similarity(self, query_side: bool, i: int, j: int) -> tuple[float, str]:
        split, whole = (self.query, self.listed) if query_side else (self.listed, self.query)
        merged, known = _joined(split[i], split[i + 1])
        other = whole[j]
        if certainly_dissimilar(merged, known, other, _profile(other)):
            return 0.0, ""
        return token_similarity(merged, other)


class _CachedJoinedWords(JoinedWords):
    """``JoinedWords`` by token id through a ``PairCache``; each joined word is looked up once."""

    def __init__(self, cache: PairCache, qids: tuple[int, ...], lids: tuple[int, ...]) -> None:
        # made for every name pair, used by few (the merge pass): the id tables come on first use
        self.query = self.listed = ()
        self.cache = cache
        self.qids = qids
        self.lids = lids
        self.query_joined: list[int] | None = None
        self.listed_joined: list[int] | None = None

    def similarity(self, query_side: bool, i: int, j: int) -> tuple[float, str]:
        if query_side:
            if self.query_joined is None:
                self.query_joined = [-1] * len(self.qids)
            qid = self.query_joined[i]
            if qid < 0:
                qid = self.query_joined[i] = self.cache.joined_query_id(self.qids[i], self.qids[i + 1])
            return self.cache.pair(qid, self.lids[j])
        if self.listed_joined is None:
            self.listed_joined = [-1] * len(self.lids)
        lid = self.listed_joined[i]
        if lid < 0:
            lid = self.listed_joined[i] = self.cache.joined_listed_id(self.lids[i], self.lids[i + 1])
        return self.cache.pair(self.qids[j], lid)


def _merge_pass(
    query: tuple[NameToken, ...],
    listed: tuple[NameToken, ...],
    used_q: set[int],
    used_l: set[int],
    q_side: bool,
    joined: JoinedWords,
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
            sim, kind = joined.similarity(q_side, i, j)
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


def _joined_word(a: NameToken, b: NameToken) -> tuple[NameToken, TokenProfile]:
    """Two adjacent words read as one (Wali Jan → Walijan), with its profile."""
    joined = NameToken(f"{a.text} {b.text}", a.form + b.form, collapse(a.key + b.key.lstrip("_")), a.script)
    return joined, profile(joined)


# memoised for the reference path; a PairCache keeps the joined words it makes by token id
_joined = memo(65536)(_joined_word)
_profile = memo(262144)(profile)


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
