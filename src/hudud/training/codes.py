"""Certificate verification codes: ``RTC-XXXX-XXXX-C``.

Eight random characters from Crockford's base-32 alphabet (no I, L, O, U: nothing to misread on
paper) carry 40 bits, enough that guessing a valid code is hopeless; the last character is a check
character, so a mistyped or made-up code is refused before any look-up and the page can say so."""

from __future__ import annotations

import re

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "RTC"
_BODY = 8
_SHAPE = re.compile(rf"^{PREFIX}-([{ALPHABET}]{{4}})-([{ALPHABET}]{{4}})-([{ALPHABET}])$")
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})  # Crockford: read look-alikes


class BadCode(ValueError):
    """The text is not a verification code (wrong shape or failing check character)."""


def check_character(body: str) -> str:
    """Weighted sum modulo 31 (a prime): catches a wrong character (but 0 for Z) and a swapped pair."""
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(body))
    return ALPHABET[total % 31]


def make_code(random_body: str) -> str:
    """A code from eight random alphabet characters (the caller draws them from ``secrets``)."""
    if len(random_body) != _BODY or any(c not in ALPHABET for c in random_body):
        raise ValueError("a code body is 8 characters of the Crockford alphabet")
    return f"{PREFIX}-{random_body[:4]}-{random_body[4:]}-{check_character(random_body)}"


def normalise_code(text: str) -> str:
    """The canonical form of a typed or scanned code; raises ``BadCode`` saying what is wrong."""
    compact = re.sub(r"[\s-]", "", text.strip().upper())
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    compact = compact.translate(_READ_AS)
    if len(compact) != _BODY + 1 or any(c not in ALPHABET for c in compact):
        raise BadCode("not a certificate code: codes look like RTC-XXXX-XXXX-X")
    body, check = compact[:_BODY], compact[_BODY]
    if check_character(body) != check:
        raise BadCode("this code is not valid: its check character does not match (mistyped or forged)")
    code = f"{PREFIX}-{body[:4]}-{body[4:]}-{check}"
    assert _SHAPE.match(code)
    return code
