"""The in-memory candidate index: which listed persons are worth scoring for this traveller?

Built for a million listed persons on a small server. Names are analysed once into interned tokens;
each entry keeps only arrays of token ids. Candidates come from *pairs* of loose skeleton keys
("mhmd|blmxtr"): a pair is far more selective than a single token in a region where one man in
six is called Mohamed. Single keys are kept too, for one-word names and badly garbled queries.
Postings live in one sorted numpy array (CSR); additions since the last compaction sit in a small
pending buffer, removals are tombstones, so list updates need no rebuild."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations, pairwise
from typing import Final

import numpy as np
from mypy_extensions import mypyc_attr

from hudud.names.arabic import collapse
from hudud.names.latin import candidate_key
from hudud.names.tokens import NameToken, analyse_name, name_forms
from hudud.screening.entries import EntryName, IdentityDocument, ListEntry
from hudud.screening.features import ocr_key
from hudud.screening.similarity import _DROPPABLE_PREFIXES, prior_weight

_SINGLE: Final = 0xFFFFFFFF
_WHOLE: Final = 1 << 63  # marks a whole-name key (pair and single keys stay below 2**63)
_STRICT: Final = 1 << 62  # … of exact skeletons rather than coarse keys
WHOLE_WEIGHT: Final = 1.0  # the query's words are a listed name's words (coarse keys, any order)
STRICT_WEIGHT: Final = 1.0  # … with the very same skeletons (Saeed Ahmed, not Said Hamdi)
_QUALITY: Final = {"primary": 0, "good": 1, "low": 2}
SINGLE_CAP: Final = 5000  # a single key shared by more entries than this finds nothing useful
PAIR_CAP: Final = 60000
PENDING_LIMIT: Final = 200_000
ALTERNATIVES: Final = 6  # key alternatives a query word may stand for
# listed slots whose names are kept worded (``ListedName``), emptied when full. Each slot is some ten
# objects the garbage collector walks at every full collection, so the bound is a bound on those
# pauses too: on a 200,000-person list, 200,000 slots meant pauses growing to 0.25 s; 8,192 keep
# them under 0.05 s, and screening was no slower (a traveller's candidates seldom repeat)
NAMES_CACHE_SLOTS: Final = 8192
MIN_CANDIDATE: Final = 0.6  # two common tokens (Mohamed 0.25 + Ali 0.45) still qualify
_PREFIX_CANDIDATE_KEYS: Final = tuple((prefix, candidate_key(prefix)) for prefix in _DROPPABLE_PREFIXES)


@mypyc_attr(serializable=True, allow_interpreted_subclasses=True)
class ScreeningIndex:
    """Listed persons by name keys, with rarity statistics for weighting (see module docstring)."""

    def __init__(self, entries: Iterable[ListEntry] = ()) -> None:
        self._entries: list[ListEntry | None] = []
        self._slot_by_id: dict[str, int] = {}
        self._tokens: list[NameToken] = []
        self._token_ids: dict[NameToken, int] = {}
        self._token_loose = array("I")
        self._loose_ids: dict[str, int] = {}
        self._loose: list[str] = []
        self._deletes: dict[str, list[int]] = {}
        self._name_tokens = array("I")
        self._name_start = array("I", [0])
        self._name_quality = bytearray()
        self._entry_names = array("I", [0])
        self._df: Counter[str] = Counter()
        self._live = 0
        self._keys = np.zeros(0, dtype=np.uint64)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._postings = np.zeros(0, dtype=np.uint32)
        self._pending_keys = array("Q")
        self._pending_slots = array("I")
        self._pending_map: dict[int, list[int]] | None = None
        self._documents: dict[str, list[int]] = {}
        self._alt_cache: dict[str, list[tuple[int, float]]] = {}
        self._strict_ids: dict[str, int] = {}
        self._weights: dict[tuple[str, bool], float] = {}
        self._names_cache: dict[int, list[ListedName]] = {}
        self.add(entries)

    # ----- building -------------------------------------------------------------------------
    def add(self, entries: Iterable[ListEntry]) -> int:
        """Add (or replace, by id) entries; returns how many were added."""
        count = 0
        self._alt_cache.clear()
        self._weights.clear()
        self._names_cache.clear()
        for entry in entries:
            if entry.id in self._slot_by_id:
                self.remove([entry.id])
            self._add_one(entry)
            count += 1
            if len(self._pending_slots) > PENDING_LIMIT:
                self.compact()
        if len(self._pending_slots) > 50_000:
            self.compact()
        self._pending_map = None
        return count

    def _add_one(self, entry: ListEntry) -> None:
        slot = len(self._entries)
        self._entries.append(entry)
        self._slot_by_id[entry.id] = slot
        self._live += 1
        keys: set[int] = set()
        strict: set[str] = set()
        for name, form in self._forms(entry):
            tokens = analyse_name(form)
            if not tokens:
                continue
            ids = [self._intern(t) for t in tokens]
            self._name_tokens.extend(ids)
            self._name_start.append(len(self._name_tokens))
            self._name_quality.append(_QUALITY.get(name.quality, 1))
            loose = sorted({self._token_loose[i] for i in ids})
            keys.update((a << 32) | b for a, b in combinations(loose, 2))
            keys.update((a << 32) | _SINGLE for a in loose)
            keys.add(
                _whole_key(self._token_loose[i] for i, t in zip(ids, tokens, strict=True) if not t.initial)
            )
            strict_key = self._strict_key(tokens, add=True)
            if strict_key is not None:
                keys.add(strict_key)
            strict.update(t.key for t in tokens)
        self._entry_names.append(len(self._name_quality))
        self._df.update(strict)
        for doc in entry.documents:
            number = ocr_key(doc.number)
            if len(number) >= 5:
                self._documents.setdefault(number, []).append(slot)
        for key in keys:
            self._pending_keys.append(key)
            self._pending_slots.append(slot)

    @staticmethod
    def _forms(entry: ListEntry) -> list[tuple[EntryName, str]]:
        if entry.schema != "Person":
            return []
        return [(name, form) for name in entry.names for form in name_forms(name.full)]

    def _strict_key(self, tokens: tuple[NameToken, ...], add: bool = False) -> int | None:
        """Whole-name key of the exact skeletons (interned, so the key is the same in every process);
        None for a query holding a skeleton no listed name has."""
        ids = self._strict_ids
        found: set[int] = set()
        for t in tokens:
            if t.initial:
                continue
            sid = ids.setdefault(t.key, len(ids)) if add else ids.get(t.key)
            if sid is None:
                return None
            found.add(sid)
        return _WHOLE | _STRICT | (hash(tuple(sorted(found))) & (_STRICT - 1))

    def _intern(self, token: NameToken) -> int:
        tid = self._token_ids.get(token)
        if tid is None:
            tid = len(self._tokens)
            self._tokens.append(token)
            self._token_ids[token] = tid
            self._token_loose.append(self._loose_id(candidate_key(token.key)))
        return tid

    def _loose_id(self, key: str) -> int:
        lid = self._loose_ids.get(key)
        if lid is None:
            lid = len(self._loose)
            self._loose.append(key)
            self._loose_ids[key] = lid
            for variant in _deletes(key):
                self._deletes.setdefault(variant, []).append(lid)
        return lid

    def remove(self, ids: Iterable[str]) -> int:
        """Withdraw entries by id (tombstones: their postings are skipped until compaction)."""
        count = 0
        for entry_id in ids:
            slot = self._slot_by_id.pop(entry_id, None)
            if slot is None:
                continue
            entry = self._entries[slot]
            self._entries[slot] = None
            self._live -= 1
            count += 1
            self._weights.clear()
            self._names_cache.clear()
            if entry is not None:
                self._df.subtract({tok.key for tokens in self.entry_names_of(slot) for tok in tokens})
        return count

    def compact(self) -> None:
        """Merge pending postings into the sorted arrays and drop tombstoned slots."""
        starts = np.repeat(self._keys, np.diff(self._offsets))
        keys = np.concatenate([starts, np.frombuffer(self._pending_keys, dtype=np.uint64)])
        slots = np.concatenate([self._postings, np.frombuffer(self._pending_slots, dtype=np.uint32)])
        alive = np.frombuffer(bytes(e is not None for e in self._entries), dtype=np.bool_)
        if len(alive):
            keep = alive[slots]
            keys, slots = keys[keep], slots[keep]
        order = np.argsort(keys, kind="stable")
        keys, slots = keys[order], slots[order]
        uniq, first = np.unique(keys, return_index=True)
        self._keys = uniq
        self._offsets = np.append(first, len(keys)).astype(np.int64)
        self._postings = np.ascontiguousarray(slots)
        self._pending_keys = array("Q")
        self._pending_slots = array("I")
        self._pending_map = None

    # ----- reading --------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._live

    def entry(self, slot: int) -> ListEntry | None:
        """The entry at a slot (None once removed)."""
        return self._entries[slot]

    def get(self, entry_id: str) -> ListEntry | None:
        """The entry with this id, if listed."""
        slot = self._slot_by_id.get(entry_id)
        return None if slot is None else self._entries[slot]

    def entries(self) -> Iterator[ListEntry]:
        """Every live entry."""
        return (e for e in self._entries if e is not None)

    def entry_names_of(self, slot: int) -> list[tuple[NameToken, ...]]:
        """The analysed names of one entry (as interned tokens)."""
        return [tokens for tokens, _ in self.entry_names(slot)]

    def entry_names(self, slot: int) -> list[tuple[tuple[NameToken, ...], int]]:
        """(tokens, quality) per name of an entry; quality 0 primary, 1 good, 2 low."""
        out = []
        vocab = self._tokens
        for n in range(self._entry_names[slot], self._entry_names[slot + 1]):
            ids = self._name_tokens[self._name_start[n] : self._name_start[n + 1]]
            out.append((tuple(vocab[i] for i in ids), self._name_quality[n]))
        return out

    def document_slots(self, documents: Iterable[IdentityDocument]) -> list[int]:
        """Slots of live entries listing one of these document numbers (up to OCR confusions)."""
        out: list[int] = []
        for doc in documents:
            for slot in self._documents.get(ocr_key(doc.number), ()):
                if self._entries[slot] is not None:
                    out.append(slot)
        return out

    def weight(self, token: NameToken) -> float:
        """Rarity weight in [0.15, 1]: share of listed persons carrying this skeleton, on a log
        scale, capped by the regional prior (lists too small to know Mohamed is common)."""
        cached = self._weights.get((token.key, token.initial))
        if cached is not None:
            return cached
        prior = prior_weight(token)
        df = self._df.get(token.key, 0)
        if df <= 0:
            weight = prior
        else:
            share = df / max(self._live, 10_000)
            weight = min(prior, max(0.15, min(1.0, -math.log10(share) / 4.0)))
        if len(self._weights) > 200_000:
            self._weights.clear()
        self._weights[(token.key, token.initial)] = weight
        return weight

    # ----- candidates -----------------------------------------------------------------------
    def candidates(self, names: tuple[tuple[NameToken, ...], ...], limit: int = 20) -> list[int]:
        """Slots of the entries sharing the most (rarity-weighted) key pairs with any query name."""
        lookups: dict[int, float] = {}
        for tokens in names:
            self._lookups(tokens, lookups)
            whole = [self._loose_ids.get(candidate_key(t.key)) for t in tokens if not t.initial]
            if whole and None not in whole:
                lookups[_whole_key(i for i in whole if i is not None)] = WHOLE_WEIGHT
                strict_key = self._strict_key(tokens)
                if strict_key is not None:
                    lookups[strict_key] = STRICT_WEIGHT
        if not lookups:
            return []
        found: list[tuple[np.ndarray, float]] = []
        pending = self._pending()
        wanted = list(lookups)
        where = self._find(wanted)  # one vectorised search for every key
        offsets, postings = self._offsets, self._postings
        for n, key in enumerate(wanted):
            i = where[n]
            weight = lookups[key]
            if i >= 0:
                lo, hi = int(offsets[i]), int(offsets[i + 1])
                cap = SINGLE_CAP if key & _SINGLE == _SINGLE else PAIR_CAP
                if hi - lo <= cap:
                    found.append((postings[lo:hi], weight))
            extra = pending.get(key)
            if extra:
                found.append((np.asarray(extra, dtype=np.uint32), weight))
        # a one-word query ("Omari", "Kony") has nothing but its single key to go on
        floor = MIN_CANDIDATE if _several_words(names) else 0.0
        return self._rerank(names, self._top(found, limit * 4, floor), limit)

    def _rerank(self, names: tuple[tuple[NameToken, ...], ...], slots: list[int], limit: int) -> list[int]:
        """Order the coarse candidates by their best single listed name: the query's exact
        skeletons it carries (coarse ones count half), less a quarter of the weight of its words
        the query lacks. Pairs of coarse keys tie often (Muhammad Ahmad, Muhammad Hamid …), and a
        listed "Hussein Salimi" should come before "Hussein Mohamed Salem"."""
        if len(slots) <= limit:
            return slots
        wanted: dict[str, float] = {}
        # coarse key ids as objects: those of the listed words come boxed (ListedName.coarse; compiled,
        # a typed int would be boxed again for every lookup)
        coarse: dict[object, float] = {}
        times: dict[object, int] = {}  # how many words of one query name carry each coarse key
        for tokens in names:
            here: Counter[object] = Counter()
            for t in tokens:
                w = self.weight(t)
                wanted[t.key] = max(wanted.get(t.key, 0.0), w)
                lid = self._loose_ids.get(candidate_key(t.key))
                if lid is not None:
                    coarse[lid] = max(coarse.get(lid, 0.0), 0.5 * w)
                    here[lid] += 1
            for key_id, count in here.items():
                times[key_id] = max(times.get(key_id, 0), count)
        ranked: list[tuple[float, int]] = []
        for slot in slots:
            best = -1e9
            for name in self._listed_names(slot):
                score = 0.0
                words, coarse_ids, weights = name.tokens, name.coarse, name.weights
                if len(name.loose) == len(coarse_ids):
                    for k in range(len(words)):
                        found = wanted.get(words[k].key)
                        if found is None:
                            found = coarse.get(coarse_ids[k])
                        score += -0.25 * weights[k] if found is None else found
                else:  # a query word stands for one listed word: "Lahcen El Hasni" is not twice "Hassan"
                    left = dict(times)
                    for k in range(len(words)):
                        coarse_id = coarse_ids[k]
                        found = wanted.get(words[k].key)
                        if found is None:
                            found = coarse.get(coarse_id)
                        if found is None or not left.get(coarse_id):
                            score -= 0.25 * weights[k]
                        else:
                            score += found
                            left[coarse_id] -= 1
                if score > best:
                    best = score
            ranked.append((-best, slot))
        ranked.sort()
        return [slot for _, slot in ranked[:limit]]

    def _lookups(self, tokens: tuple[NameToken, ...], out: dict[int, float]) -> None:
        """Pairs of key alternatives; single keys only for one-word names or, when no pair is
        known at all, for the rarer tokens (a garbled companion word)."""
        words = [t for t in tokens if not t.initial]
        alts = [self._alternatives(t) for t in words]
        weights = [self.weight(t) for t in words]
        pair_keys: list[int] = []
        for (i, a_opts), (j, b_opts) in combinations(enumerate(alts), 2):
            for la, fa in a_opts:
                for lb, fb in b_opts:
                    if fa < 1.0 and fb < 1.0:
                        continue  # two guessed keys together find mostly noise
                    if la == lb:  # both words share one coarse key (Muhindo Mundos): its single
                        key = (la << 32) | _SINGLE
                        out[key] = max(out.get(key, 0.0), 0.7 * (weights[i] + weights[j]) * fa * fb)
                        continue
                    lo, hi = (la, lb) if la < lb else (lb, la)
                    key = (lo << 32) | hi
                    pair_keys.append(key)
                    out[key] = max(out.get(key, 0.0), (weights[i] + weights[j]) * fa * fb)
        for a, b in pairwise(words):  # Wali Jan / Walijan, Kaka Zada / Kakazada
            joined = self._loose_ids.get(_joined_key(a, b))
            if joined is not None:
                key = (joined << 32) | _SINGLE
                out[key] = max(out.get(key, 0.0), 0.7 * max(self.weight(a), self.weight(b)))
        if len(words) > 1 and self._any_known(pair_keys):
            return
        for i, options in enumerate(alts):
            if len(words) > 1 and weights[i] < 0.6:
                continue
            for lid, factor in options:
                if len(words) > 1 and factor < 1.0:
                    continue
                key = (lid << 32) | _SINGLE
                out[key] = max(out.get(key, 0.0), 0.7 * weights[i] * factor)

    def _find(self, keys: Sequence[int]) -> list[int]:
        """Row of each key in the compacted postings, or -1 (one numpy call for all keys)."""
        if not keys or not len(self._keys):
            return [-1] * len(keys)
        wanted = np.fromiter(keys, dtype=np.uint64, count=len(keys))
        rows = np.searchsorted(self._keys, wanted)
        rows[rows == len(self._keys)] = 0
        hit = self._keys[rows] == wanted
        return np.where(hit, rows, -1).tolist()  # type: ignore[no-any-return]

    def _any_known(self, keys: Sequence[int]) -> bool:
        if not keys:
            return False
        pending = self._pending()
        return any(k in pending for k in keys) or any(i >= 0 for i in self._find(keys))

    def query_keys(self, names: tuple[tuple[NameToken, ...], ...]) -> set[int]:
        """Every coarse key id a query's tokens may stand for, alone or two adjacent words read as
        one (Wali Jan for a listed Walijan): listed names sharing none are skipped."""
        keys = {lid for tokens in names for t in tokens for lid, _ in self._alternatives(t)}
        for tokens in names:
            words = [t for t in tokens if not t.initial]
            for a, b in pairwise(words):
                joined = self._loose_ids.get(_joined_key(a, b))
                if joined is not None:
                    keys.add(joined)
        return keys

    def names_sharing(self, slot: int, keys: set[int]) -> list[ListedName]:
        """The entry's names that share at least one coarse key with the query."""
        wanted = _bits(keys)
        return [n for n in self._listed_names(slot) if n.bits & wanted and not keys.isdisjoint(n.loose)]

    def _listed_names(self, slot: int) -> list[ListedName]:
        """The ``ListedName`` of each name of a slot, memoised until the next list update (the
        weights change with the lists)."""
        found = self._names_cache.get(slot)
        if found is None:
            loose_of, starts, tokens = self._token_loose, self._name_start, self._name_tokens
            vocab = self._tokens
            found = []
            for n in range(self._entry_names[slot], self._entry_names[slot + 1]):
                ids = tuple(tokens[starts[n] : starts[n + 1]])
                coarse: tuple[object, ...] = tuple(loose_of[i] for i in ids)
                loose = frozenset(loose_of[i] for i in ids)
                words = tuple(vocab[i] for i in ids)
                weights = [self.weight(t) for t in words]
                quality = self._name_quality[n]
                found.append(ListedName(ids, words, weights, quality, coarse, _bits(loose), loose))
            if len(self._names_cache) >= NAMES_CACHE_SLOTS:
                self._names_cache.clear()
            self._names_cache[slot] = found
        return found

    @property
    def vocabulary(self) -> list[NameToken]:
        """Every listed token, by id (ids never change: tokens are only ever appended)."""
        return self._tokens

    def _alternatives(self, token: NameToken) -> list[tuple[int, float]]:
        """Loose-key ids this token may stand for: itself, a one-letter typo, with/without a
        particle prefix (Ben Salah/Salah, al-Amrani/Amrani). Memoised per key until the next update."""
        key = candidate_key(token.key)
        found = self._alt_cache.get(key)
        if found is None:
            if len(self._alt_cache) > 100_000:
                self._alt_cache.clear()
            found = self._alt_cache[key] = self._find_alternatives(key)
        return found

    def _find_alternatives(self, key: str) -> list[tuple[int, float]]:
        """The exact key (1.0), then the first other keys found (0.8), at most ``ALTERNATIVES``:
        the search stops once it has them (a short key's one-deletion variants meet thousands)."""
        out: dict[int, float] = {}
        exact = self._loose_ids.get(key)
        if exact is not None:
            out[exact] = 1.0
        for lid in self._near_keys(key):
            if len(out) >= ALTERNATIVES:
                break
            if lid not in out:
                out[lid] = 0.8
        return list(out.items())

    def _near_keys(self, key: str) -> Iterator[int]:
        """Coarse keys one typo away (either side), then with/without a particle prefix, in the
        order ``_find_alternatives`` ranks them."""
        if len(key) >= 3:
            for variant in (key, *_deletes(key)):
                yield from self._deletes.get(variant, ())
                other = self._loose_ids.get(variant)
                if other is not None and variant != key:
                    yield other
        for prefix, coarse_prefix in _PREFIX_CANDIDATE_KEYS:
            if key.startswith(prefix) and len(key) - len(prefix) >= 3:
                shorter = self._loose_ids.get(key[len(prefix) :])
                if shorter is not None:
                    yield shorter
            # candidate_key(prefix + key), for a key that is one already (a fixed point of its
            # letter mapping, which commutes with collapse)
            longer = self._loose_ids.get(collapse(coarse_prefix + key)) if len(key) >= 3 else None
            if longer is not None:
                yield longer

    def _pending(self) -> dict[int, list[int]]:
        if self._pending_map is None:
            pending: dict[int, list[int]] = {}
            for key, slot in zip(self._pending_keys, self._pending_slots, strict=True):
                pending.setdefault(key, []).append(slot)
            self._pending_map = pending
        return self._pending_map

    def _top(self, found: list[tuple[np.ndarray, float]], limit: int, floor: float) -> list[int]:
        if not found:
            return []
        total = sum(len(h) for h, _ in found)
        if total <= 300:
            scores: dict[int, float] = {}
            for hits, weight in found:
                for slot in hits.tolist():
                    scores[slot] = scores.get(slot, 0.0) + weight
            ranked = sorted((s for s in scores if scores[s] >= floor), key=lambda s: (-scores[s], s))
            return [s for s in ranked if self._entries[s] is not None][:limit]
        slots = np.concatenate([h for h, _ in found])
        weights = np.repeat(np.array([w for _, w in found]), [len(h) for h, _ in found])
        # group equal slots by a stable sort: each slot's weights are added in the order found
        order = np.argsort(slots, kind="stable")
        ordered = slots[order]
        first = np.empty(len(ordered), dtype=np.bool_)
        first[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        uniq = ordered[first]
        sums = np.bincount(np.cumsum(first) - 1, weights=weights[order])
        uniq, sums = uniq[sums >= floor], sums[sums >= floor]
        if not len(uniq):
            return []
        # ties go to the earlier-listed entry, as in the small path above (uniq is sorted by slot)
        take = min(len(uniq), limit * 2)
        kth = -np.partition(-sums, take - 1)[take - 1]
        best = np.flatnonzero(sums >= kth)
        best = best[np.lexsort((uniq[best], -sums[best]))][:take]
        return [s for s in uniq[best].tolist() if self._entries[s] is not None][:limit]


@mypyc_attr(serializable=True)
class ListedName:
    """One listed name as screening ranks and compares it: its token ids (into the index's
    vocabulary), the tokens and their rarity weights, its quality (0 primary, 1 good, 2 low), the
    coarse key id of each word (kept as objects: they are dict keys), and its coarse keys as
    ``_bits`` and as a set (to skip names sharing none with the query)."""

    def __init__(
        self,
        ids: tuple[int, ...],
        tokens: tuple[NameToken, ...],
        weights: list[float],
        quality: int,
        coarse: tuple[object, ...],
        bits: int,
        loose: frozenset[int],
    ) -> None:
        self.ids = ids
        self.tokens = tokens
        self.weights = weights
        self.quality = quality
        self.coarse = coarse
        self.bits = bits
        self.loose = loose


def _several_words(names: tuple[tuple[NameToken, ...], ...]) -> bool:
    """Whether some name of a query has more than one word that is not an initial."""
    for tokens in names:
        words = 0
        for t in tokens:
            if not t.initial:
                words += 1
        if words > 1:
            return True
    return False


def _bits(ids: Iterable[int]) -> int:
    """Coarse key ids folded into 61 bits: names whose bits do not meet share no key."""
    bits = 0
    for i in ids:
        bits |= 1 << (i % 61)
    return bits


def _whole_key(loose_ids: Iterable[int]) -> int:
    """One key for a whole name: its distinct coarse keys in any order (hash of the sorted ids)."""
    return _WHOLE | (hash(tuple(sorted(set(loose_ids)))) & (_STRICT - 1))


def _joined_key(a: NameToken, b: NameToken) -> str:
    """The coarse key of two adjacent words read as one (Wali Jan → Walijan)."""
    return candidate_key(collapse(a.key + b.key.lstrip("_")))


def _deletes(key: str) -> list[str]:
    """One-deletion variants of a skeleton (SymSpell): a typo on either side meets in the middle."""
    if len(key) < 3:
        return []
    return sorted({key[:i] + key[i + 1 :] for i in range(len(key))})
