"""hudud.names.memo: the bounded memo of the name and screening hot paths."""

from __future__ import annotations

import gc

from hudud.names.memo import memo
from hudud.names.tokens import analyse_name
from hudud.screening.similarity import PairCache


def test_a_memo_of_strings_is_never_walked_by_the_garbage_collector() -> None:
    """Keyed by the argument itself, a memo of one string argument to strings stays a dict the
    collector does not track: full collections (pauses of tens of milliseconds in a long batch)
    do not walk its entries."""

    @memo(100)
    def upper(word: str) -> str:
        return word.upper()

    for i in range(50):
        assert upper(f"word{i}") == f"WORD{i}"
    assert upper("word7") == "WORD7"
    assert not gc.is_tracked(upper.cache)  # type: ignore[attr-defined]


def test_one_tuple_argument_and_several_arguments_do_not_share_an_entry() -> None:
    @memo(100)
    def describe(*parts: object) -> str:
        return repr(parts)

    assert describe("a", "b") == "('a', 'b')"
    assert describe(("a", "b")) == "(('a', 'b'),)"
    assert describe("a") == "('a',)"


def test_a_memo_empties_when_full_and_still_answers() -> None:
    calls: list[str] = []

    @memo(3)
    def record(word: str) -> str:
        calls.append(word)
        return word * 2

    for word in ["a", "b", "c", "d", "a"]:
        assert record(word) == word * 2
    assert calls == ["a", "b", "c", "d", "a"]  # "a" was recomputed after the memo emptied
    assert record("a") == "aa" and calls[-1] == "a" and len(calls) == 5


def test_pair_cache_rows_stay_untracked_after_a_collection() -> None:
    """The pair cache's rows hold one shared tuple per similarity and kind: once the collector has
    looked at it, new travellers' rows that hold it are rows the collector does not track."""
    listed = [
        t for name in ("Youssef El Amrani", "Mohamed Ben Salah", "Djamel Boudiaf") for t in analyse_name(name)
    ]
    cache = PairCache(listed)
    lids = tuple(range(len(listed)))
    (qids,) = cache.query_ids([analyse_name("Mohamed Ben Salah")])
    assert (1.0, 0, 0, "same") in cache.aligned(qids, lids[2:4])
    gc.collect()
    (qids,) = cache.query_ids([analyse_name("Djamel Boudiaf")])  # new words, the same similarity
    assert (1.0, 0, 0, "same") in cache.aligned(qids, lids[4:])
    assert not any(gc.is_tracked(row) for row in cache._rows)
