"""Comparing organisation names (companies, agencies, groups, vessels): legal forms aside, the
distinctive words must agree.

"Siemens AG" = "Siemens Aktiengesellschaft"; "OAO Gazprom" = "Open Joint Stock Company Gazprom";
"CRISTALORD LIMITED" ≈ "CRYSTALORD LTD" (a typo); but "China Construction Bank Corporation" is not
"China Construction Trust Corporation": one distinctive word differs, and in company names that is
usually another company. Person-name habits (skeletons, particles, order-free Arabic
spellings) do not apply here, so organisations get this small comparison of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from hudud.names.latin import fold_latin
from hudud.names.memo import memo
from hudud.screening.reasons import Reason, reason

# Legal forms and their common abbreviations, folded, longest phrases first; each maps to one code.
_LEGAL_FORMS: dict[str, str] = {
    "open joint stock company": "jsc", "closed joint stock company": "jsc",
    "public joint stock company": "jsc", "joint stock company": "jsc", "jsc": "jsc", "ojsc": "jsc",
    "cjsc": "jsc", "pjsc": "jsc", "oao": "jsc", "zao": "jsc", "pao": "jsc", "ao": "jsc",
    "aktsionernoe obshchestvo": "jsc", "otkrytoe aktsionernoe obshchestvo": "jsc",
    "aktiengesellschaft": "ag", "ag": "ag",
    "gesellschaft mit beschrankter haftung": "gmbh", "gmbh": "gmbh",
    "limited liability company": "llc", "llc": "llc", "ooo": "llc",
    "obshchestvo s ogranichennoy otvetstvennostyu": "llc",
    "societatea cu raspundere limitata": "srl", "srl": "srl", "sarl": "srl", "s a r l": "srl",
    "societe anonyme": "sa", "sa": "sa", "s a": "sa", "sas": "sas", "s a s": "sas",
    "sociedad anonima": "sa", "spa": "spa", "s p a": "spa",
    "public limited company": "plc", "plc": "plc",
    "limited": "ltd", "ltd": "ltd", "pty": "pty", "proprietary": "pty",
    "incorporated": "inc", "inc": "inc",
    "corporation": "co", "corp": "co", "company": "co", "co": "co", "cie": "co",
    "limited partnership": "lp", "lp": "lp", "l p": "lp", "llp": "llp", "l l c": "llc",
    "sp z o o": "spzoo", "bv": "bv", "b v": "bv", "nv": "nv", "n v": "nv", "ab": "ab", "as": "as",
    "a s": "as", "oy": "oy", "kg": "kg",
}  # fmt: skip
_PHRASES = sorted(_LEGAL_FORMS, key=lambda p: -len(p.split()))
_MAX_PHRASE = max(len(p.split()) for p in _LEGAL_FORMS)

_SYNONYMS = {
    "intl": "international",
    "int": "international",
    "natl": "national",
    "and": "",
    "the": "",
    "of": "",
}
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")
_ROMAN = re.compile(r"^(?=[ivxlc])m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
MIN_WORD_SIM = 0.8  # a typo in a long distinctive word (Cristalord/Crystalord, Gasprom/Gazprom)


@dataclass(frozen=True, slots=True)
class OrganisationName:
    """An organisation name taken apart: its distinctive words and its legal forms."""

    words: tuple[str, ...]
    legal: frozenset[str]
    joined: str  # every folded letter, legal forms included (SiemensAG = Siemens AG)


@memo(65536)
def analyse_organisation(name: str) -> OrganisationName:
    """Fold, romanise, join spelled-out initials (A.B.C. → abc), read numbers (Forty-Four,
    1st, Three → digits), set legal forms apart (Ltd = Limited, JSC = OAO = Open Joint Stock Company)."""
    raw = fold_latin(name.replace("&", " and ").replace("-", " ").replace("/", " "))
    words = _join_initials(raw.split())
    legal: set[str] = set()
    kept: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            if phrase in _LEGAL_FORMS and (size > 1 or len(words) > 1):
                legal.add(_LEGAL_FORMS[phrase])
                i += size
                break
        else:
            kept.append(words[i])
            i += 1
    joined = "".join(raw.split())
    return OrganisationName(tuple(w for w in _numbers(kept) if w), frozenset(legal), joined)


def _join_initials(words: list[str]) -> list[str]:
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def _numbers(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        word = _SYNONYMS.get(word, word)
        ordinal = _ORDINAL.match(word)
        if ordinal:
            word = ordinal.group(1)
        elif word in _UNITS:
            word = str(_UNITS[word])
        elif word in _TENS:
            word = str(_TENS[word])
        if word.isdigit() and out and out[-1].isdigit() and out[-1].endswith("0") and len(word) == 1:
            out[-1] = str(int(out[-1]) + int(word))  # forty four, forty-4
            continue
        out.append(word)
    return out


def _word_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit() or _ROMAN.match(a) or _ROMAN.match(b) or min(len(a), len(b)) < 5:
        return 0.0  # numbers, roman numerals and short words must be equal
    sim = Levenshtein.normalized_similarity(a, b)
    return sim if sim >= MIN_WORD_SIM else 0.0


def compare_organisations(a: str, b: str) -> tuple[float, tuple[Reason, ...]]:
    """Score in [0, 1] and its evidence (``hudud.screening.reasons``): the share of distinctive
    words that agree (a word present on one side only counts against), legal forms compared apart."""
    left, right = analyse_organisation(a), analyse_organisation(b)
    if not left.words or not right.words:
        return 0.0, (reason("organisation.no_word"),)
    pairs: list[Reason]
    if "".join(left.words) == "".join(right.words) or left.joined == right.joined:
        # word breaks aside (SiemensAG / Siemens AG, Al Qaida / Alqaida)
        matched, total, pairs = float(len(left.words)), float(len(left.words)), [reason("organisation.same")]
    else:
        matched, pairs = 0.0, []
        used: set[int] = set()
        for word in left.words:
            best, best_j = 0.0, -1
            for j, other in enumerate(right.words):
                if j not in used and (sim := _word_similarity(word, other)) > best:
                    best, best_j = sim, j
            if best_j >= 0:
                used.add(best_j)
                matched += best
                code = "organisation.word_same" if best == 1.0 else "organisation.word_close"
                pairs.append(reason(code, query=word, listed=right.words[best_j]))
        total = len(left.words) + len(right.words) - len(used)
        if len(left.words) == 1 and len(right.words) > 1 and left.words[0] == _initials(right.words):
            matched, total = 0.8, 1.0
            pairs = [reason("organisation.initials", initials=left.words[0], words=" ".join(right.words))]
        elif len(right.words) == 1 and len(left.words) > 1 and right.words[0] == _initials(left.words):
            matched, total = 0.8, 1.0
            pairs = [reason("organisation.initials", initials=right.words[0], words=" ".join(left.words))]
    words = matched / total if total else 0.0
    # the written order too: a one-letter or one-number deviation in a long name stays close
    spelling = Levenshtein.normalized_similarity(" ".join(left.words), " ".join(right.words))
    score = max(words, (words + spelling) / 2)
    why = pairs or [reason("organisation.none")]
    if left.legal and right.legal and not left.legal & right.legal:
        score *= 0.9
        why.append(
            reason(
                "organisation.legal_form",
                query="/".join(sorted(left.legal)),
                listed="/".join(sorted(right.legal)),
            )
        )
    return round(score, 4), tuple(why)


def _initials(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words if w and not w.isdigit())
