"""The screening hot path skips the full token comparison when cheap bounds prove two tokens
dissimilar. A wrong bound would silently drop a listed person, so it is checked here against the
full comparison on regional names in both scripts, their joined forms, and random skeletons."""

from __future__ import annotations

from itertools import pairwise, product

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from hudud.names.tokens import NameToken, analyse_name
from hudud.screening.similarity import (
    MIN_TOKEN_SIM,
    JoinedWords,
    PairCache,
    certainly_dissimilar,
    distance_at_least,
    letter_bits,
    may_align,
    profile,
    token_similarity,
    weighted_distance_at_least,
    weighted_key_distance,
)

NAMES = [
    "Mohamed Ould Abdelkader",
    "Muhammad Wuld Abd al-Qadir",
    "محمد ولد عبد القادر",
    "Youssef El Amrani",
    "Yusuf al-Amrani",
    "يوسف العمراني",
    "Djamel Boudiaf",
    "Jamal Boudiaf",
    "جمال بوضياف",
    "Mokhtar Belmokhtar",
    "Mukhtar Bel Mukhtar",
    "مختار بلمختار",
    "Salah Eddine Ben Ali",
    "Salaheddine Benali",
    "صلاح الدين بن علي",
    "Abou Bakr Chekaou",
    "Abubakar Shekau",
    "Iyad Ag Ghali",
    "إياد أغ غالي",
    "Wali Jan",
    "Walijan",
    "Khudai Rahim",
    "Khudayrahim",
    "Hamdullah",
    "حمد الله",
    "Nasr ad-Din",
    "Nasreddine",
    "Belgacem",
    "Belqasim",
    "Gaddafi",
    "Qadhafi",
    "القذافي",
    "Hafez",
    "Hafed",
    "Fatima Zahra",
    "فاطمة الزهراء",
    "Saqib Thaqib",
    "Mazhari Madhari",
    "Oussama Ben Laden",
    "Usama bin Ladin",
    "أسامة بن لادن",
    "Lahcen",
    "Hassan",
    "Mamadou Ousmane",
    "Mahmoud",
    "Mahmud",
    "Abderrahmane",
    "Abd al-Rahman",
    "عبد الرحمن",
    "Chaker Shaker",
    "M. Ali",
    "John Smith",
    "Ivan Petrov",
]


def _tokens() -> list[NameToken]:
    tokens = {t for name in NAMES for t in analyse_name(name)}
    joined = {
        NameToken(f"{a.text} {b.text}", a.form + b.form, a.key + b.key.lstrip("_"), a.script)
        for name in NAMES
        for a, b in pairwise(analyse_name(name))
    }
    return sorted(tokens | joined)


def test_bounds_never_hide_a_similar_pair() -> None:
    tokens = _tokens()
    profiles = {t: profile(t) for t in tokens}
    skipped = 0
    for a, b in product(tokens, tokens):
        if certainly_dissimilar(a, profiles[a], b, profiles[b]):
            skipped += 1
            assert token_similarity(a, b)[0] < MIN_TOKEN_SIM, (a, b)
    assert skipped > len(tokens) ** 2 // 2  # the bounds do spare most comparisons


@example("bmtdklrn", "bmszjlrn")  # three cheap swaps (t/s, d/z, k/j): close, though three edits apart
@settings(max_examples=400, deadline=None)
@given(
    st.text("bdfhjklmnqrstwxyzS_", min_size=1, max_size=9),
    st.text("bdfhjklmnqrstwxyzS_", min_size=1, max_size=9),
)
def test_bounds_on_random_skeletons_across_scripts(ka: str, kb: str) -> None:
    a = NameToken(ka, ka, ka, "latin")
    b = NameToken(kb, kb, kb, "arabic")
    if certainly_dissimilar(a, profile(a), b, profile(b)):
        assert token_similarity(a, b)[0] < MIN_TOKEN_SIM


@settings(max_examples=600, deadline=None)
@given(st.text("abcdehikmnorstuyz-' ", max_size=12), st.text("abcdehikmnorstuyz-' ", max_size=12))
def test_distance_bound_never_exceeds_the_edit_distance(a: str, b: str) -> None:
    """The length-and-letters bound that settles most pairs before rapidfuzz is a true lower bound."""
    bound = distance_at_least(len(a), letter_bits(a), len(b), letter_bits(b))
    assert bound <= Levenshtein.distance(a, b)


@example("tsdzkjxh", "bfmlrqwy")  # every cheap letter against dear ones only
@example("mhmd", "mHmd")  # H shares its bit with h: counted cheap, never dear
@settings(max_examples=600, deadline=None)
@given(st.text("bdfhjklmnqrstwxyzSHX_'4", max_size=10), st.text("bdfhjklmnqrstwxyzSHX_'4", max_size=10))
def test_weighted_bound_never_exceeds_the_weighted_distance(a: str, b: str) -> None:
    """The letters bound that spares the Arabic-script comparisons is a true lower bound of the
    weighted skeleton distance (cheap swaps and gaps included)."""
    assert weighted_distance_at_least(letter_bits(a), letter_bits(b)) <= weighted_key_distance(a, b) + 1e-9


def test_pair_cache_gives_what_token_similarity_gives() -> None:
    listed = _tokens()
    cache = PairCache(listed)
    query = analyse_name("Mohamed Ould Abdelkader Belmokhtar")
    (qids,) = cache.query_ids([query])
    aligned = {(i, j): (sim, kind) for sim, i, j, kind in cache.aligned(qids, tuple(range(len(listed))))}
    for i, qt in enumerate(query):
        for j, lt in enumerate(listed):
            sim, kind = token_similarity(qt, lt)
            if may_align(sim, kind):
                assert aligned.pop((i, j)) == (sim, kind)
    assert not aligned  # nothing else: every other pair cannot align


def test_pair_cache_reads_joined_words_as_the_merge_pass_does() -> None:
    """Two adjacent words read as one (Wali Jan/Walijan), on either side, memoised by id: the
    screening path must find exactly the pairs the uncached comparison finds."""
    listed_names = [analyse_name(n) for n in NAMES]
    listed = sorted({t for tokens in listed_names for t in tokens})
    ids = {t: i for i, t in enumerate(listed)}
    cache = PairCache(listed, limit=64)  # small: emptied between queries, joined words included
    found = 0
    for query_name in ("Walijan Khudai Rahim", "Wali Jan Khudayrahim", "Nasr Eddine Belgacem", "Hamd Allah"):
        query = analyse_name(query_name)
        (qids,) = cache.query_ids([query])
        for tokens in listed_names:
            lids = tuple(ids[t] for t in tokens)
            cached, reference = cache.joined(qids, lids), JoinedWords(query, tokens)
            for side, split, whole in ((True, query, tokens), (False, tokens, query)):
                for i, j in product(range(len(split) - 1), range(len(whole))):
                    full = reference.similarity(side, i, j)
                    assert cached.similarity(side, i, j) == full or (
                        full[0] < MIN_TOKEN_SIM and cached.similarity(side, i, j)[0] == 0
                    )
                    found += full[0] >= MIN_TOKEN_SIM
    assert found >= 4  # Walijan, Khudayrahim, Nasreddine, Hamdullah are each found joined
