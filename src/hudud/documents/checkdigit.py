"""ICAO Doc 9303 Part 3 §4.9 check digits: weights 7-3-1 over 0-9, A-Z (10-35) and filler ``<`` (0).

The check path runs for every MRZ at a crossing point, so the character values are a precomputed
table indexed by code point and the weighting is done without per-call allocation beyond one loop.
"""

from __future__ import annotations

# value of each byte (0-9, A-Z as 10-35, '<' as 0); 255 marks bytes no MRZ may hold. The sum is then
# done in C over bytes slices: weights 7, 3, 1 repeat, so three strided sums replace a Python loop.
_TABLE = bytes(
    (c - 48) if 48 <= c <= 57 else (c - 55) if 65 <= c <= 90 else 0 if c == 60 else 255 for c in range(256)
)

MRZ_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<")


def check_digit(data: str) -> str:
    """The check digit of ``data`` as one character ('0'-'9').

    Raises ``ValueError`` for characters outside the MRZ set, so a caller never gets a digit for
    text that could not have been printed in an MRZ.
    """
    try:
        values = data.encode("ascii").translate(_TABLE)
    except UnicodeEncodeError:
        values = b"\xff"
    if 255 in values:
        bad = next(ch for ch in data if not ch.isascii() or _TABLE[ord(ch)] == 255)
        raise ValueError(f"character {bad!r} is not allowed in an MRZ")
    total = 7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])
    return chr(48 + total % 10)


def matches(data: str, digit: str) -> bool:
    """``is_valid`` for text already known to hold only MRZ characters (the hot path: no checks)."""
    if digit == "<":
        return not data.strip("<")
    values = data.encode("ascii").translate(_TABLE)
    return 48 + (7 * sum(values[0::3]) + 3 * sum(values[1::3]) + sum(values[2::3])) % 10 == ord(digit)


def values(text: str) -> bytes:
    """Per-character check-digit values of MRZ text (computed once per line, sliced per field)."""
    return text.encode("ascii", "replace").translate(_TABLE)


def digit_of(vals: bytes) -> int:
    """The check digit (as an int) of already-translated values."""
    return (7 * sum(vals[0::3]) + 3 * sum(vals[1::3]) + sum(vals[2::3])) % 10


def is_valid(data: str, digit: str) -> bool:
    """True when ``digit`` is the check digit of ``data``.

    A filler ``<`` as check digit is accepted only for an all-filler field (Doc 9303 allows it
    for an empty optional/personal-number field in TD3).
    """
    if digit == "<":
        return data.strip("<") == ""
    try:
        return check_digit(data) == digit
    except ValueError:
        return False
