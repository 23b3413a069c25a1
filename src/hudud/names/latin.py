"""Latin script: folding and the consonant skeleton that makes French, English and Arabist spellings
of one North African or Sahelian name meet.

"Djamel", "Jamal" and "Gamal" all become ``jml``; "Youssef", "Yusuf" and "يوسف" become ``ysf``;
"Chaker" and "Shaker" become ``Skr``. The skeleton drops vowels (Arabic does not write short ones)
and the half-vowels w/y except at the start of a word, so it is coarse on purpose: it finds
candidates and recognises spelling variants, while the scorer still compares full spellings."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from hudud.names.arabic import collapse
from hudud.names.memo import memo
from hudud.names.scripts import romanise
from hudud.names.tables import FIXED_KEYS

_APOSTROPHES: Final = re.compile("['’‘`´ʼʻʿʾ]")
_NON_WORD: Final = re.compile(r"[^\w\s-]|_")

# Letters NFKD does not decompose.
_SPECIAL: Final = str.maketrans(
    {"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


@memo(131072)
def fold_latin(text: str) -> str:
    """Lower-case ASCII-ish text: accents and apostrophes (Nu'aymi, ʿAbd) removed, punctuation → space;
    Cyrillic, Greek, Armenian and Georgian letters romanised (``hudud.names.scripts``).

    Hyphens are kept so that the tokenizer can still see "al-Amrani" as an article."""
    text = romanise(text.replace("ç", "s").replace("Ç", "S"))
    if not text.isascii():  # ASCII has no accents to take off (most names of a manifest)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.translate(_SPECIAL)
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


# Ordered rewrites on a folded word. Upper-case letters are skeleton classes that must survive
# the vowel removal (S = sh/ch, X = kh, W/Y = word-initial w/y). Each rewrite names the letters
# it cannot match without: a word holding none of them skips it (most words skip most of them).
_REWRITES: Final[tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]] = tuple(
    (re.compile(pattern), repl, needles)
    for pattern, repl, needles in (
        (r"^ou(?=[aeiy])", "W", ("ou",)),  # Ouahab = Wahab; Ouassini
        (r"^w", "W", ("w",)),
        (r"^y", "Y", ("y",)),
        (r"tch|tsch|sch|ch|sh|sj|ş|š", "S", ("h", "j", "ş", "š")),
        (r"dj|dzh|dsh|zh|gh|g|j", "j", ("g", "j", "h")),
        (r"kh", "X", ("kh",)),
        (r"ph", "f", ("ph",)),
        (r"th", "t", ("th",)),
        (r"dh", "d", ("dh",)),
        (r"ck|cq|q|c(?![eiy])", "k", ("c", "q")),
        (r"c", "s", ("c",)),
        (r"x", "ks", ("x",)),
        (r"v", "f", ("v",)),
        (r"p", "b", ("p",)),
        # Ahmed (_hmd) is not Hamid (hmd); Omar/عمر keep the mark
        (r"^[aeiou]", "_", ("a", "e", "i", "o", "u")),
        (r"[aeiouyw]", "", ("a", "e", "i", "o", "u", "y", "w")),
    )
)

_CLASS_BACK: Final = str.maketrans({"W": "w", "Y": "y", "X": "x"})


@memo(262144)
def latin_key(word: str) -> str:
    """Consonant skeleton of one folded Latin word (see the module docstring)."""
    key = word.replace("-", "")
    if not key:
        return ""
    if key in FIXED_KEYS:
        return FIXED_KEYS[key]
    for pattern, repl, needles in _REWRITES:
        for needle in needles:
            if needle in key:
                key = pattern.sub(repl, key)
                break
    return collapse(key.translate(_CLASS_BACK))


_LOOSE: Final = str.maketrans(
    {"j": "k", "x": "k", "S": "s", "z": "s", "d": "t", "h": None, "p": "b", "_": None}
)
_CANDIDATE: Final = str.maketrans({"s": "t"})


@memo(262144)
def loose_key(key: str) -> str:
    """A coarser skeleton for near-equivalent spellings: Maghreb g for q (Belgacem/Belqasim,
    Gaddafi/Qadhafi), kh read as h or k (Khaled/Haled), dh/z/d (Hafed/Hafez), lost final h."""
    return collapse(key.translate(_LOOSE))


@memo(262144)
def candidate_key(key: str) -> str:
    """The coarsest skeleton, for finding candidates only: also merges s/t/d/z, which Arabic
    ث ذ ض ظ spread across (Saqib/Thaqib, Mazhari/Madhari)."""
    return collapse(loose_key(key).translate(_CANDIDATE))
