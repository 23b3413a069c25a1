"""Names into the MRZ alphabet (A-Z and the filler ``<``), after ICAO Doc 9303 Part 3 §6.

Arabic script uses the Doc 9303 Arabic table, which is built to be reversible: each Arabic letter
has its own Latin code (X-prefixed where Latin has no single letter), so an MRZ name written with it
can be turned back into Arabic script for screening. The choices where public copies of the table
disagree (ء, ؤ, ة) are explained in docs/documents.md; they keep the mapping reversible.
"""

from __future__ import annotations

import unicodedata

# Arabic letter -> MRZ code. Reversible: no two letters share a code, and the X-codes are prefix-free.
ARABIC_TO_MRZ: dict[str, str] = {
    "\u0621": "XE",  # ء hamza
    "\u0622": "XAA",  # آ alef with madda
    "\u0623": "XAE",  # أ alef with hamza above
    "\u0624": "XW",  # ؤ waw with hamza (not U: U is also read as damma by some tables)
    "\u0625": "I",  # إ alef with hamza below
    "\u0626": "XI",  # ئ yeh with hamza
    "\u0627": "A",  # ا alef
    "\u0628": "B",
    "\u0629": "XTA",  # ة teh marbuta; XAH at the end of a name component (see TEH_MARBUTA_FINAL)
    "\u062a": "T",
    "\u062b": "XTH",
    "\u062c": "J",
    "\u062d": "XH",
    "\u062e": "XKH",
    "\u062f": "D",
    "\u0630": "XDH",
    "\u0631": "R",
    "\u0632": "Z",
    "\u0633": "S",
    "\u0634": "XSH",
    "\u0635": "XSS",
    "\u0636": "XDZ",
    "\u0637": "XTT",
    "\u0638": "XZZ",
    "\u0639": "E",  # ع ain
    "\u063a": "G",
    "\u0641": "F",
    "\u0642": "Q",
    "\u0643": "K",
    "\u0644": "L",
    "\u0645": "M",
    "\u0646": "N",
    "\u0647": "H",
    "\u0648": "W",
    "\u0649": "XAY",  # ى alef maksura
    "\u064a": "Y",
    # letters of Persian, Urdu, Pashto and other languages written in Arabic script
    "\u0671": "XXA",
    "\u0679": "XXT",
    "\u067c": "XRT",
    "\u067e": "P",
    "\u0681": "XKE",
    "\u0685": "XXH",
    "\u0686": "XC",
    "\u0688": "XXD",
    "\u0689": "XDR",
    "\u0691": "XXR",
    "\u0693": "XRR",
    "\u0696": "XRX",
    "\u0698": "XJ",
    "\u069a": "XXS",
    "\u06a9": "XKK",
    "\u06ab": "XXK",
    "\u06ad": "XNG",
    "\u06af": "XGG",
    "\u06ba": "XNN",
    "\u06bc": "XXN",
    "\u06be": "XDO",
    "\u06c0": "XYH",
    "\u06c1": "XXG",
    "\u06c2": "XGE",
    "\u06c3": "XTG",
    "\u06cc": "XYA",
    "\u06cd": "XXY",
    "\u06d0": "Y",  # Pashto E: shares Y with yeh; reverse gives yeh
    "\u06d2": "XYB",
    "\u06d3": "XBE",
}
TEH_MARBUTA = "\u0629"
TEH_MARBUTA_FINAL = "XAH"
# short vowels, shadda, tatweel and other marks are not written in the MRZ
_IGNORED = frozenset(chr(c) for c in range(0x064B, 0x0660)) | {"\u0640", "\u0670", "\u200c", "\u200d"}
_SEPARATORS = frozenset(" -,.\u060c/")

MRZ_TO_ARABIC: dict[str, str] = {code: letter for letter, code in ARABIC_TO_MRZ.items() if letter != "\u06d0"}
MRZ_TO_ARABIC[TEH_MARBUTA_FINAL] = TEH_MARBUTA
_CODES_BY_LENGTH = sorted(MRZ_TO_ARABIC, key=len, reverse=True)

# Doc 9303 Part 3 §6 Latin: letters with diacritics lose them, except these which expand.
LATIN_EXPANSIONS: dict[str, str] = {
    "Ä": "AE",
    "Å": "AA",
    "Æ": "AE",
    "Ö": "OE",
    "Ø": "OE",
    "Ü": "UE",
    "ß": "SS",
    "ẞ": "SS",
    "Þ": "TH",
    "Œ": "OE",
    "Ĳ": "IJ",
    "Ð": "D",
    "Đ": "D",
    "Ħ": "H",
    "Ł": "L",
    "Ŀ": "L",
    "Ŋ": "N",
    "ı": "I",
}


def is_arabic(text: str) -> bool:
    """True when ``text`` contains Arabic-script letters."""
    return any("\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in text)


def arabic_to_mrz(name: str) -> str:
    """Arabic-script name -> MRZ characters: ``محمود عبدالرحيم`` -> ``MXHMWD<EBDALRXHYM``.

    Name components are separated by ``<``; characters the table does not know are dropped.
    """
    text = unicodedata.normalize("NFC", name.strip())
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in _SEPARATORS:
            if out and out[-1] != "<":
                out.append("<")
        elif ch == TEH_MARBUTA:
            following = next((c for c in text[i + 1 :] if c not in _IGNORED), " ")
            out.append(TEH_MARBUTA_FINAL if following in _SEPARATORS else ARABIC_TO_MRZ[ch])
        elif ch in ARABIC_TO_MRZ:
            out.append(ARABIC_TO_MRZ[ch])
        elif "A" <= ch.upper() <= "Z" and ch.isascii():
            out.append(ch.upper())
    return "".join(out).strip("<")


def mrz_to_arabic(name: str) -> str | None:
    """MRZ name written with the Doc 9303 Arabic table -> Arabic script; None if it cannot be one.

    ``<`` separates words. Letters with no Arabic code (C, O, V) mean the name was not written with
    the table, so nothing is returned rather than a wrong guess.
    """
    words = [w for w in name.strip("<").split("<") if w]
    result: list[str] = []
    for word in words:
        letters: list[str] = []
        i = 0
        while i < len(word):
            for code in _CODES_BY_LENGTH:
                if word.startswith(code, i):
                    letters.append(MRZ_TO_ARABIC[code])
                    i += len(code)
                    break
            else:
                return None
        result.append("".join(letters))
    return " ".join(result) if result else None


def latin_to_mrz(name: str) -> str:
    """Latin-script name -> MRZ characters (Ä->AE, Ø->OE, ß->SS, É->E; spaces and hyphens -> ``<``)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", name.strip()):
        up = ch.upper() if ch not in ("ß", "ı") else ch
        if up in LATIN_EXPANSIONS:
            out.append(LATIN_EXPANSIONS[up])
        elif ch in _SEPARATORS or ch.isspace():
            if out and out[-1] != "<":
                out.append("<")
        else:
            base = unicodedata.normalize("NFKD", up)[0]
            if "A" <= base <= "Z":
                out.append(base)
    return "".join(out).strip("<")


def name_to_mrz(name: str) -> str:
    """Any supported script -> MRZ characters (Arabic via the Arabic table, else Latin rules)."""
    return arabic_to_mrz(name) if is_arabic(name) else latin_to_mrz(name)
