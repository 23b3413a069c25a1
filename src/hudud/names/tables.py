"""Small hand-kept tables of the region's naming habits (titles, particles, spelling families).

Kept short and readable on purpose: the consonant skeleton already unifies most spellings; these
tables only cover what a skeleton cannot (Mamadou is Muhammad, Ousmane is Uthman)."""

from __future__ import annotations

from typing import Final

# Titles and honorifics dropped before matching (folded Latin, and normalised Arabic).
TITLES: Final = frozenset(
    {
        "sheikh", "shaikh", "shaykh", "sheik", "shaik", "cheikh", "cheick", "cheik",
        "hajj", "haj", "hadj", "hadji", "haji", "elhadj", "alhaji", "alhadji", "alhaj", "hajji",
        "mullah", "mulla", "mollah", "molla", "maulvi", "mawlawi", "maulavi", "molvi", "maulana",
        "mawlana", "qari", "dr", "doctor", "docteur", "prof", "professor", "mr", "mrs", "ms",
        "mme", "mlle", "monsieur", "madame", "sir", "imam", "general", "gen", "colonel", "col",
        "capt", "captain", "lt", "sgt", "president", "prasident", "presidente", "excellency",
        "he", "his", "ustadh", "ustad",
        "شيخ", "الشيخ", "حاج", "الحاج", "الدكتور", "دكتور", "السيد", "ملا", "مولوي", "المولوي",
        "قاري", "الامام", "امام", "مولانا",
    }
)  # fmt: skip

# Article forms: standalone "al"/"el" always, assimilated forms only when hyphenated (ar-Rashid).
ARTICLES: Final = frozenset({"al", "el"})
HYPHEN_ARTICLES: Final = (
    "al|el|ul|il|ol|ad|ar|as|ash|at|az|an|ed|er|es|esh|et|ez|en|ud|ur|us|ush|ut|uz|un|id|ir|is|it|iz|in"
)

# Particles that bind to the next word, with the skeleton they contribute. "Ben Salah" and
# "Bensalah" then share the key bnslh; "Abu Bakr" and "Boubacar" share bkr.
PREFIX_KEYS: Final[dict[str, str]] = {
    # son/daughter of
    "ben": "bn", "bin": "bn", "ibn": "bn", "ibnu": "bn", "bn": "bn", "bnou": "bn",
    "ould": "wld", "wuld": "wld", "weld": "wld", "wld": "wld", "ouled": "wld", "oulad": "wld",
    "walad": "wld", "bint": "bnt", "bent": "bnt", "ag": "aj", "ult": "lt", "mint": "mnt",
    # father/mother of, house of
    "abu": "b", "abou": "b", "abo": "b", "bou": "b", "bu": "b", "umm": "m", "oum": "m", "um": "m",
    "ait": "t", "ayt": "t",
    # servant of: the next word is the name of God it composes with
    "abd": "bd", "abdel": "bd", "abdul": "bd", "abdal": "bd", "abdil": "bd", "abdol": "bd",
    "abdoul": "bd", "abdur": "bd", "abdar": "bd", "abder": "bd", "abdor": "bd", "abdus": "bd",
    "abdes": "bd", "abdas": "bd",
    # Arabic script (normalised)
    "بن": "bn", "ابن": "bn", "ولد": "wld", "بنت": "bnt", "اغ": "aj", "ابو": "b", "بو": "b",
    "ام": "m", "ايت": "t", "عبد": "bd",
}  # fmt: skip

# Words that bind to the word before them: Nasr ad-Din = Nasreddine, Hamd Allah = Hamdullah.
SUFFIX_WORDS: Final = frozenset(
    {
        "din", "deen", "dine", "eddine", "eddin", "uddin", "uddine", "addin", "iddin", "eldin", "aldin",
        "eldine", "uldin", "ouddine", "oudine", "ddine",
        "allah", "ullah", "ollah", "oullah", "illah", "ullahi",
        "دين", "الدين", "الله",
    }
)  # fmt: skip

# Spelling families a skeleton cannot join (folded Latin → the form used for the key).
CANONICAL: Final[dict[str, str]] = {
    **dict.fromkeys(
        ["mamadou", "mamadu", "mahamat", "mahamadou", "mohamadou", "mouhamadou", "mohamedou",
         "muhammadu", "mehmet", "mehmed", "mohd", "md", "mhd", "mahamed", "mamadi"],
        "muhammad",
    ),
    **dict.fromkeys(
        ["abdoulaye", "abdoulahi", "abdullahi", "abdallahi", "abdulahi", "abdulai", "abdoulay"],
        "abdallah",
    ),
    **dict.fromkeys(
        ["ousmane", "usman", "osman", "uthman", "othman", "othmane", "outhman", "osmane",
         "usmane", "ousman", "osmane"],
        "uthman",
    ),
    **dict.fromkeys(["lahcen", "lahsen", "lahssen", "lhassan"], "hassan"),
    **dict.fromkeys(["lhoussaine", "lhoucine", "lahoucine", "lhussein", "lahoussine"], "husayn"),
    **dict.fromkeys(["amadou", "ahmadou", "hamadou", "amadu"], "ahmad"),
    **dict.fromkeys(["aissatou", "aichatou", "aicha", "aisha", "aishah", "aysha"], "aisha"),
    **dict.fromkeys(["fatoumata", "fatimatou", "fatoumatou", "fatou"], "fatima"),
    **dict.fromkeys(["lahbib"], "habib"),
}  # fmt: skip

# Given names so frequent in the region that a match on them alone says little; their weight is
# capped even when the list itself is too small to know it (skeleton keys).
COMMON_KEYS: Final[dict[str, float]] = {
    "mhmd": 0.25, "hmd": 0.45, "l": 0.45, "bdlh": 0.45, "hsn": 0.5, "brhm": 0.55, "ysf": 0.55,
    "mr": 0.55, "mhmwd": 0.6, "mhmmd": 0.25, "xld": 0.6, "ksm": 0.6, "mstf": 0.6, "sd": 0.55,
    "sld": 0.6, "slh": 0.6, "km": 0.6, "fTm": 0.6, "ftm": 0.55, "tmn": 0.6, "ms": 0.55,
    "bkr": 0.6, "smr": 0.6, "rhmn": 0.6, "bdrhmn": 0.6, "bdkdr": 0.6, "drs": 0.6, "slmn": 0.6,
    "jml": 0.65, "krm": 0.6, "hmn": 0.6, "nsr": 0.65, "jbr": 0.65, "khn": 0.6, "xn": 0.5,
    "shh": 0.6, "mlk": 0.65, "n": 0.5, "s": 0.5, "m": 0.5, "bn": 0.2, "wld": 0.2,
}  # fmt: skip

# Names whose skeletons would collide with a more common name: Mahmoud (محمود) is not Mohamed.
FIXED_KEYS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ["mahmoud", "mahmud", "mahmood", "mehmood", "mahmod", "mahamoud", "mahmut", "محمود"], "mhmwd"
    ),
    **dict.fromkeys(["hamoud", "hammoud", "hamud", "hammud", "hamood", "حمود"], "hmwd"),
}
