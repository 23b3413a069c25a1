"""Every interface string has its Arabic and French translation, with the same placeholders; a string
with plural forms (``ngettext``) has every form the language declares, and all catalogs of a language
declare the same forms (they are merged into one lookup, which uses one plural rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "src" / "hudud" / "web" / "i18n"
KEYWORDS = {"_": None, "gettext_": None, "N_": None, "ngettext": (1, 2), "ngettext_": (1, 2)}
PLURALS = {"ar": 6}  # zero, one, two, few (3-10), many (11-99), other


def _extracted() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    method_map = [("src/hudud/**.py", "python"), ("src/hudud/web/templates/**.html", "jinja2")]
    options = {"src/hudud/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), method_map, options, keywords=KEYWORDS
    ):
        if message:
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def _source_messages() -> set[str]:
    return {m for m in _extracted() if isinstance(m, str)}


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)s", text))


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_plural_forms_are_declared_alike_and_all_translated(locale: str) -> None:
    catalogs = []
    for path in sorted((CATALOGS / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            catalogs.append((path.name, read_po(handle)))
    rules = {(c.num_plurals, c.plural_expr) for _name, c in catalogs}
    assert len(rules) == 1, f"the {locale} catalogs declare different Plural-Forms: {rules}"
    ((count, _rule),) = rules
    assert count == PLURALS.get(locale, count)
    translated = {m.id: m.string for _name, c in catalogs for m in c if isinstance(m.id, tuple)}
    plurals = {m for m in _extracted() if isinstance(m, tuple)}
    assert ("%(hours)s hour", "%(hours)s hours") in plurals  # extraction reads ngettext in templates
    for singular, plural in plurals:
        forms = translated.get((singular, plural))
        assert forms and len(forms) == count and all(forms), f"{locale}: {count} forms of {singular!r}"
        for form in forms:  # a form may leave the number out ("ساعتان", two hours), never add one
            assert _placeholders(form) <= _placeholders(plural), (singular, form)


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_every_string_is_translated(locale: str) -> None:
    translated: dict[str, object] = {}
    for path in sorted((CATALOGS / locale / "LC_MESSAGES").glob("*.po")):  # one catalog per area
        with path.open("rb") as handle:
            translated.update(
                {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id and m.string}
            )  # plural forms: test_plural_forms_are_declared_alike_and_all_translated
    source = _source_messages()
    assert {"Sign in", "Hudud", "border_police"} <= source  # extraction reads templates, code and vocabulary
    missing = sorted(source - set(translated))
    assert missing == [], f"add {locale} translations to the area's .po (make i18n lists them): {missing}"
    for source, target in translated.items():
        assert set(re.findall(r"%\(\w+\)s", source)) == set(re.findall(r"%\(\w+\)s", str(target))), source


def test_area_catalogs_are_merged_at_run_time() -> None:
    """A string that lives only in an area's catalog (not messages.po) is translated in the UI."""
    from hudud.web import i18n

    area_only = {}
    for path in sorted((CATALOGS / "ar" / "LC_MESSAGES").glob("*.po")):
        if path.name != "messages.po":
            with path.open("rb") as handle:
                area_only.update(
                    {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id and m.string}
                )
    assert area_only, "expected at least one area catalog"
    msgid, expected = next(iter(area_only.items()))
    i18n.set_locale("ar")
    try:
        assert i18n._(msgid) == expected
    finally:
        i18n.set_locale("en")
