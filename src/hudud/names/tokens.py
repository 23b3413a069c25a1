"""From a written name to the tokens the matcher compares.

``analyse_name("SALEK, ABDUL HAI")`` reorders "SURNAME, Given", drops titles, removes articles
(al-/el-/ar-…), binds particles to the word they qualify (Abd al-Qadir, Ould Abdelkader, Abu Bakr,
Nasr ad-Din) and gives each token a readable form and a consonant skeleton key."""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from hudud.names.arabic import arabic_key, collapse, has_arabic, normalise_arabic, transliterate
from hudud.names.latin import fold_latin, latin_key
from hudud.names.memo import memo
from hudud.names.tables import ARTICLES, CANONICAL, HYPHEN_ARTICLES, PREFIX_KEYS, SUFFIX_WORDS, TITLES

_HYPHEN_ARTICLE: Final = re.compile(rf"(?<![a-z])(?:{HYPHEN_ARTICLES})-(?=[a-z])")
_ABD_SINGLE: Final = re.compile(r"^abd(?:[aeiou]{1,2}l(?=[a-z]{3})|[aeiou](?=[a-z]{3}))?")
_INNER_ARTICLE: Final = re.compile(r"^(?:[aeiou]{1,2}l(?=[a-z]{3}))")


class NameToken(NamedTuple):
    """One comparable part of a name.

    ``text`` is the part as written (for explanations), ``form`` a folded Latin spelling (a
    transliteration for Arabic script), ``key`` the consonant skeleton, ``script`` latin/arabic/other
    and ``initial`` whether the part is a single letter (M. Ali)."""

    text: str
    form: str
    key: str
    script: str
    initial: bool = False


def reorder(name: str) -> str:
    """ "SURNAME, Given" → "Given SURNAME"; other commas are left alone (they separate nothing useful)."""
    if name.count(",") == 1:
        family, given = (part.strip() for part in name.split(","))
        if family and given and len(family.split()) <= 4:
            return f"{given} {family}"
    return name.replace(",", " ")


_BRACKETS: Final = re.compile(r"[(\[]([^)\]]*)[)\]]")


def name_forms(name: str) -> list[str]:
    """The names one written name holds: "Akrin Saleh (أقرين صالح)" is two, "Hassan Ghul; Hassan Gul"
    two, anything else itself. Lists paste original-script and alternative spellings this way."""
    if "(" not in name and "[" not in name and ";" not in name:
        return [name]
    inner = _BRACKETS.findall(name)
    outer = _BRACKETS.sub(" ", name)
    forms: list[str] = []
    for part in (outer, *inner):
        for form in part.split(";"):
            form = " ".join(form.replace("(", " ").replace(")", " ").split())
            if form and form not in forms:
                forms.append(form)
    return forms or [name]


def _word_key(word: str, arabic: bool) -> str:
    if arabic:
        if word.startswith("ال") and len(word) > 3 and word != "الله":  # Allah is not al- + lah
            word = word[2:]
        return arabic_key(word)
    word = CANONICAL.get(word, word)
    if word.startswith("abd") and len(word) > 5 and word not in PREFIX_KEYS:
        # single-word Abd compounds: Abdelkader, Abderrahmane, Abdullah
        return collapse("bd" + latin_key(_ABD_SINGLE.sub("", word)).lstrip("_"))
    return latin_key(word)


@memo(65536)
def _normalised_word(word: str) -> str:
    return normalise_arabic(word, keep_ta_marbuta=True)


@memo(65536)
def _folded_word(word: str) -> str:
    return fold_latin(word)


def _arabic_words(text: str) -> list[tuple[str, str]]:
    # normalised word by word (memoised): a million list names share a few thousand words
    words: list[tuple[str, str]] = []
    raw = " ".join(_normalised_word(w) for w in text.split()).split()
    for n, word in enumerate(raw):
        if word in TITLES and _name_follows(raw, n):
            continue
        if word.endswith("عبد") and len(word) > 5:  # محمدعبد البصير: a space lost before Abd
            words.append((word[:-3], word[:-3]))
            word = "عبد"
        elif word.startswith("عبد") and len(word) > 4 and word != "عبد":
            words.append(("عبد", "عبد"))
            word = word[3:]
        words.append((word, word))
    return words


def _latin_words(text: str) -> list[tuple[str, str]]:
    folded = " ".join(_folded_word(w) for w in text.split()).strip()
    if "-" in folded:  # al-Amrani, el-Hadj: the article pattern needs a hyphen
        folded = _HYPHEN_ARTICLE.sub("al ", folded)
    words: list[tuple[str, str]] = []
    raw = folded.replace("-", " ").split()
    for n, word in enumerate(raw):
        if word in TITLES and _name_follows(raw, n):
            continue
        words.append((word, word))
    # a standalone article marks the next word and is dropped
    out: list[tuple[str, str]] = []
    for i, (text_, form) in enumerate(words):
        if form in ARTICLES and i + 1 < len(words):
            continue
        out.append((text_, form))
    return out


def _name_follows(words: list[str], n: int) -> bool:
    """Titles come before the name they honour (Sheikh Hassan, Haji Sahab, Dr. Amin); the same
    word after every name word is a family name (Messali Hadj, Salah Hadji) and is kept."""
    return any(word not in TITLES for word in words[n + 1 :])


def _display(word: str, arabic: bool) -> str:
    return word if arabic else word.title()


@memo(32768)
def analyse_name(name: str) -> tuple[NameToken, ...]:
    """The comparable tokens of one name, in written order (see the module docstring)."""
    name = reorder(name.strip())
    arabic = has_arabic(name)
    words = _arabic_words(name) if arabic else _latin_words(name)
    script = "arabic" if arabic else "latin"
    tokens: list[NameToken] = []
    i = 0
    while i < len(words):
        text, form = words[i]
        if form in PREFIX_KEYS and i + 1 < len(words):
            tokens.append(_bind_prefixes(words, i, arabic, script))
            i += _prefix_run(words, i)
            continue
        if form in SUFFIX_WORDS and tokens and not tokens[-1].initial:
            prev = tokens[-1]
            suffix_key = _word_key(form, arabic) if arabic else latin_key(form)
            key = collapse(prev.key + (suffix_key.lstrip("_") if arabic else _suffix_latin_key(form)))
            shown = transliterate(text) if arabic else form
            tokens[-1] = NameToken(f"{prev.text} {_display(text, arabic)}", prev.form + shown, key, script)
            i += 1
            continue
        tokens.append(_plain_token(text, form, arabic))
        i += 1
    return tuple(tokens)


@memo(131072)
def _plain_token(text: str, form: str, arabic: bool) -> NameToken:
    """One word standing alone (no particle, no suffix): memoised, most words recur."""
    key = _word_key(form, arabic) if form.isalpha() else form
    if not key:
        key = form[:3]
    shown = transliterate(text) if arabic else CANONICAL.get(form, form)
    initial = not arabic and len(form) == 1 and form.isalpha()
    return NameToken(_display(text, arabic), shown, key, "arabic" if arabic else "latin", initial)


def _prefix_run(words: list[tuple[str, str]], start: int) -> int:
    """How many words a particle chain takes: Ould Abd al-Qadir is one token of three words."""
    end = start
    while end + 1 < len(words) and words[end][1] in PREFIX_KEYS:
        end += 1
    return end - start + 1


def _bind_prefixes(words: list[tuple[str, str]], start: int, arabic: bool, script: str) -> NameToken:
    run = words[start : start + _prefix_run(words, start)]
    *prefixes, (last_text, last_form) = run
    if arabic and last_form.startswith("ال") and len(last_form) > 3:
        last_form = last_form[2:]
    elif not arabic and PREFIX_KEYS[prefixes[-1][1]] == "bd":
        last_form = _INNER_ARTICLE.sub("", last_form)
    key = collapse(
        "".join(PREFIX_KEYS[form] for _, form in prefixes) + _word_key(last_form, arabic).lstrip("_")
    )
    texts = [text for text, _ in prefixes] + [last_text]
    joined = " ".join(_display(text, arabic) for text in texts)
    shown = transliterate(" ".join(texts)) if arabic else "".join(f for _, f in prefixes) + last_form
    return NameToken(joined, shown, key, script)


def _suffix_latin_key(form: str) -> str:
    # "eddine", "uddin", "din" → dn; "ullah", "allah" → lh
    return "lh" if "lah" in form or "llah" in form else "dn"


def name_script(name: str) -> str:
    """latin or arabic: which side of the transliteration a name stands on."""
    return "arabic" if has_arabic(name) else "latin"
