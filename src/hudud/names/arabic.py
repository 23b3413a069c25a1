"""Arabic script: normalisation, readable transliteration and the consonant skeleton used for matching.

Arabic writes consonants and long vowels only, so a faithful Latin spelling cannot be recovered from it:
"محمد" is Mohamed, Muhammad and Mhamed alike. Matching therefore meets Latin names half-way, on a
consonant *skeleton* (see :mod:`hudud.names.latin`), while :func:`transliterate` gives a readable
form for explanations. Persian/Urdu letters (ک ی پ چ ژ گ) are folded onto their Arabic neighbours
because UN and Afghan lists mix them freely."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from hudud.names.memo import memo
from hudud.names.tables import FIXED_KEYS

# Short vowels, shadda, sukun, tanwin, superscript alef, Quranic marks, and tatweel (kashida).
_TASHKEEL: Final = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

_FOLD: Final = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",  # alef maqsura
        "ی": "ي",  # Persian yeh
        "ې": "ي",
        "ے": "ي",
        "ۍ": "ي",
        "ئ": "ي",  # hamza on yeh: spelled i/y in Latin
        "ؤ": "و",  # hamza on waw: spelled u/w in Latin
        "ک": "ك",  # Persian keheh
        "ڪ": "ك",
        "ة": "ه",  # ta marbuta: silent or "a/ah" in Latin, written like heh at word end
        "ۀ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ء": "",  # lone hamza
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
    }
)

_FOLD_KEEP_TA: Final = dict(_FOLD)
del _FOLD_KEEP_TA[ord("ة")]

_ARABIC_CHARS: Final = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic(text: str) -> bool:
    """True when the text holds any Arabic-script letter (Arabic, Persian, Urdu, Pashto)."""
    return _ARABIC_CHARS.search(text) is not None


def normalise_arabic(text: str, keep_ta_marbuta: bool = False) -> str:
    """Fold the spellings of one Arabic-script name onto one form.

    Removes tashkeel and tatweel, unifies hamza/alef forms (أ إ آ ٱ → ا), alef maqsura (ى → ي),
    Persian ک ی, and ta marbuta (ة → ه, unless ``keep_ta_marbuta``: the skeleton drops it, as Latin
    spellings Fatima/Hamza do, but keeps a real final h as in Salah); Arabic-Indic digits become
    ASCII. Presentation forms (isolated/final glyphs pasted from PDFs) are decomposed first."""
    text = unicodedata.normalize("NFKC", text)
    text = _TASHKEEL.sub("", text)
    text = text.translate(_FOLD_KEEP_TA if keep_ta_marbuta else _FOLD)
    return " ".join(text.split())


# Readable transliteration (explanations only): long vowels as vowels, consonants as the
# common English-French spelling. Final heh (ex ta marbuta) after a consonant reads "a".
_READ: Final = {
    "ا": "a",
    "ب": "b",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "'",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "u",
    "ي": "i",
    "ة": "a",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "گ": "g",
    "ڤ": "v",
}

# Skeleton classes, shared with the Latin side (hudud.names.latin): vowels and the long-vowel
# letters و ي vanish except word-initially, emphatic and plain consonants merge, and the letters
# Latin spellings confuse (ج/غ/گ as j/g/gh; ق/ك as q/k/c) share one class.
_KEY: Final = {
    "ا": "",
    "ع": "",
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ط": "t",
    "ث": "t",
    "ج": "j",
    "غ": "j",
    "گ": "j",
    "ژ": "j",
    "ح": "h",
    "ه": "h",
    "خ": "x",
    "د": "d",
    "ذ": "d",
    "ض": "d",
    "ظ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ص": "s",
    "ش": "S",
    "چ": "S",
    "ف": "f",
    "ڤ": "f",
    # Pashto and Urdu letters
    "ځ": "z",
    "څ": "s",
    "ټ": "t",
    "ٹ": "t",
    "ډ": "d",
    "ڈ": "d",
    "ړ": "r",
    "ڑ": "r",
    "ږ": "j",
    "ښ": "S",
    "ګ": "j",
    "ڼ": "n",
    "ں": "n",
    "ے": "",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "و": "",
    "ي": "",
    "ة": "",
}


def transliterate(text: str) -> str:
    """A readable Latin rendering of Arabic-script text ("يوسف العمراني" → "yusf al-'mrani").

    Deliberately simple and lossless about consonants: it is shown to officers next to the
    original, never used as the only evidence."""
    out: list[str] = []
    for word in normalise_arabic(text).split():
        letters: list[str] = []
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            prefix, word = "al-", word[2:]
        for i, char in enumerate(word):
            if char == "ه" and i == len(word) - 1 and i > 0 and not word.endswith("لله"):
                letters.append("a" if word[i - 1] not in "اوي" else "h")
            elif char == "و" and i == 0:
                letters.append("w")
            elif char == "ي" and i == 0:
                letters.append("y")
            else:
                letters.append(_READ.get(char, char if char.isascii() else ""))
        out.append(prefix + "".join(letters))
    return " ".join(out)


@memo(65536)
def arabic_key(word: str) -> str:
    """Consonant skeleton of one normalised Arabic-script word, comparable with ``latin_key``.

    Expects text normalised with ``keep_ta_marbuta``: ta marbuta is dropped (Fatima, Hamza); a
    written final heh is kept (Abdallah); the scorer forgives a lone final h either way."""
    if not word:
        return ""
    if word in FIXED_KEYS:
        return FIXED_KEYS[word]
    chars = list(word)
    out: list[str] = []
    for i, char in enumerate(chars):
        if i == 0 and char in "اع":
            out.append("_")  # vowel-initial, as Latin Ahmed/Omar
        elif i == 0 and char == "و":
            out.append("w")
        elif i == 0 and char == "ي":
            out.append("y")
        else:
            out.append(_KEY.get(char, char if char.isascii() and char.isalnum() else ""))
    return collapse("".join(out))


def collapse(key: str) -> str:
    """Squeeze doubled skeleton letters (Muhammad/Mohamed, shadda never written)."""
    for i in range(1, len(key)):
        if key[i] == key[i - 1]:
            break
    else:
        return key  # most keys hold no doubled letter: nothing to build
    out = [key[0]]
    for char in key[1:]:
        if char != out[-1]:
            out.append(char)
    return "".join(out)
