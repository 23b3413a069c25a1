"""OCR-tolerant repair of an MRZ (the usual OCR-B confusions O/0, I/1, B/8, S/5, Z/2, G/6, Q/0).

Two kinds of repair, both reported so an officer can see what was changed:

* by position: a letter in a numeric position (a date, a check digit) or a digit in an alphabetic
  position (a code, a name, the sex) can only be one thing, so it is replaced outright;
* by check digit: in a field that may hold letters and digits (document number, optional data), a
  confusable character is swapped only when the field's check digit then validates and exactly one
  swap (or, failing that, exactly one pair of swaps) does so. Ambiguous fields are left as read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

TO_DIGIT = {"O": "0", "Q": "0", "I": "1", "Z": "2", "S": "5", "G": "6", "B": "8"}
TO_LETTER = {"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"}
_TO_DIGIT_TABLE = str.maketrans(TO_DIGIT)
_TO_LETTER_TABLE = str.maketrans(TO_LETTER)
# the same for ASCII text, as bytes: translating bytes is several times quicker than a str
_TO_DIGIT_BYTES = bytes.maketrans("".join(TO_DIGIT).encode(), "".join(TO_DIGIT.values()).encode())
_TO_LETTER_BYTES = bytes.maketrans("".join(TO_LETTER).encode(), "".join(TO_LETTER.values()).encode())
# what a character may really have been, in a position that allows both letters and digits
CONFUSABLE: dict[str, tuple[str, ...]] = {
    "O": ("0",),
    "Q": ("0",),
    "0": ("O", "Q"),
    "I": ("1",),
    "1": ("I",),
    "B": ("8",),
    "8": ("B",),
    "S": ("5",),
    "5": ("S",),
    "Z": ("2",),
    "2": ("Z",),
    "G": ("6",),
    "6": ("G",),
}
MAX_PAIR_POSITIONS = 16  # beyond this, pairs of swaps are too many to call any one "unambiguous"
_WEIGHTS = (7, 3, 1)  # Doc 9303 check-digit weights
_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_DIGIT_CHARS = frozenset("0123456789")


@dataclass(frozen=True, slots=True)
class Repair:
    """One character changed while reading: where (1-based line and column), from what, to what, why."""

    field: str
    line: int
    column: int
    original: str
    replacement: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "line": self.line,
            "column": self.column,
            "from": self.original,
            "to": self.replacement,
            "reason": self.reason,
        }


def to_digits(text: str) -> str:
    """``text`` with letters that OCR confuses with digits turned into those digits."""
    if text.isascii():
        return text.encode().translate(_TO_DIGIT_BYTES).decode()
    return text.translate(_TO_DIGIT_TABLE)


def to_letters(text: str) -> str:
    """``text`` with digits that OCR confuses with letters turned into those letters."""
    if text.isascii():
        return text.encode().translate(_TO_LETTER_BYTES).decode()
    return text.translate(_TO_LETTER_TABLE)


def search_swaps(
    chars: Sequence[str],
    positions: list[tuple[int, int]],
    readings: list[list[tuple[int, int]]],
    digit: str,
) -> list[tuple[int, int, str]] | None:
    """Find the unique smallest set of confusable swaps at ``positions`` that makes ``digit`` the
    check digit of one of ``readings`` (the (line, index) positions a check covers, in order; a
    second reading is an issuer's variant of the same check).

    The check digit is a weighted sum, so each swap changes it by a known amount and no text is
    rebuilt while searching. Returns the swaps (line, index, new character) for the caller to
    apply; None when no swap or more than one works, or ``digit`` is not a digit.
    """
    if digit not in _DIGIT_CHARS:
        return None  # a filler or letter check digit: no swap of a confusable can make it hold
    target = int(digit)
    options = [(line, idx, alt) for line, idx in positions for alt in CONFUSABLE.get(chars[line][idx], ())]
    if not options:
        return None
    bases = []
    deltas: list[list[int]] = [[] for _ in options]
    for reading in readings:
        weight = {pos: _WEIGHTS[k % 3] for k, pos in enumerate(reading)}
        bases.append(sum(w * _VALUE[chars[line][idx]] for (line, idx), w in weight.items()))
        for out, (line, idx, new) in zip(deltas, options, strict=True):
            out.append(weight.get((line, idx), 0) * (_VALUE[new] - _VALUE[chars[line][idx]]))
    found = [
        [option]
        for option, delta in zip(options, deltas, strict=True)
        if any((base + d) % 10 == target for base, d in zip(bases, delta, strict=True))
    ]
    if not found and len(positions) <= MAX_PAIR_POSITIONS:  # pairs only when no single swap works
        found = [
            [a, b]
            for (a, da), (b, db) in combinations(zip(options, deltas, strict=True), 2)
            if a[:2] != b[:2]
            and any((base + x + y) % 10 == target for base, x, y in zip(bases, da, db, strict=True))
        ]
    return found[0] if len(found) == 1 else None  # none, or ambiguous: leave the field as read
