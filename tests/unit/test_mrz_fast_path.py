"""The one-pass check for clean ICAO MRZs gives exactly what the general path gives.

``parse_mrz`` answers most MRZs from a compiled plan (``_read_fast``); anything it cannot settle goes
to the general path. These tests run both on the same texts, clean and garbled, and compare.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from hudud.documents import layouts as L
from hudud.documents import mrz as M
from hudud.documents.generate import DocumentFields, make_mrz

TODAY = date(2026, 11, 28)
CONFUSABLE = "O0QIZ2S5G6B81D<"
FORMATS = ("TD1", "TD2", "TD3", "MRVA", "MRVB")
STATES = ("NLD", "D", "UTO", "FRA", "XXA", "NLO")  # NLO: one slip from NLD, repaired without a check digit


def _fields(rng: random.Random) -> DocumentFields:
    fmt = rng.choice(FORMATS)
    alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    long_number = fmt in ("TD1", "TD2") and rng.random() < 0.3  # continues in the optional data
    number = "".join(rng.choice(alnum) for _ in range(12 if long_number else rng.choice((8, 9))))
    optional = "" if long_number else "".join(rng.choice(alnum) for _ in range(rng.choice((0, 3))))
    state = rng.choice(STATES[:-1])
    return DocumentFields(
        format=fmt,
        surname=rng.choice(("MUELLER", "BEN ALI", "O NEILL")),
        given_names=rng.choice(("ANNA MARIA", "OMAR", "")),
        document_number=number,
        issuing_state=state,
        nationality=rng.choice((state, rng.choice(STATES[:-1]))),
        birth_date=date(1940, 1, 1).fromordinal(date(1940, 1, 1).toordinal() + rng.randrange(30000)),
        sex=rng.choice("MFX<"),
        expiry_date=date(2020, 1, 1).fromordinal(date(2020, 1, 1).toordinal() + rng.randrange(5000)),
        optional_data=optional,
    )


def _garble(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.choice((0, 1, 1, 2))):
        at = rng.randrange(len(chars))
        if chars[at] != "\n":
            chars[at] = rng.choice(CONFUSABLE)
    if rng.random() < 0.1:
        chars[2:5] = rng.choice(STATES).ljust(3, "<")
    return "".join(chars)


def _general(text: str, repair: bool) -> M.MRZ:
    lines = [line for line in text.split("\n") if line]
    layout = L.layout_for(lines)
    assert layout is not None
    return M._read(layout, lines, [], TODAY, repair)


def _same(a: M.MRZ, b: M.MRZ) -> None:
    assert a == b
    assert (a.errors, a.repaired, a.raw_fields) == (b.errors, b.repaired, b.raw_fields)


@pytest.mark.parametrize("repair", [True, False])
def test_fast_and_general_paths_agree(repair: bool) -> None:
    rng = random.Random(9303)
    for _ in range(3000):
        text = _garble(make_mrz(_fields(rng)), rng)
        if rng.random() < 0.2:
            text += "\n"  # a trailing newline is part of clean input too
        _same(M.parse_mrz(text, today=TODAY, repair=repair), _general(text, repair))


def test_most_clean_mrzs_take_the_one_pass_path() -> None:
    rng = random.Random(1)
    texts = [make_mrz(_fields(rng)) for _ in range(200)]
    plans = [M._FAST_PLANS[len(t)][0 if t[0] == "V" else 1] for t in texts]
    fast = [
        p is not None and M._read_fast(p, t, TODAY, True) is not None
        for p, t in zip(plans, texts, strict=True)
    ]
    assert all(fast)  # long document numbers included; near-miss codes (none here) go the general way
