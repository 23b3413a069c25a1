"""Every interface string has its Arabic and French translation, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "src" / "hudud" / "web" / "i18n"
KEYWORDS = {"_": None, "gettext_": None, "N_": None}


def _source_messages() -> set[str]:
    found: set[str] = set()
    method_map = [("src/hudud/**.py", "python"), ("src/hudud/web/templates/**.html", "jinja2")]
    options = {"src/hudud/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), method_map, options, keywords=KEYWORDS
    ):
        if isinstance(message, str) and message:
            found.add(message)
    return found


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_every_string_is_translated(locale: str) -> None:
    translated: dict[str, object] = {}
    for path in sorted((CATALOGS / locale / "LC_MESSAGES").glob("*.po")):  # one catalog per area
        with path.open("rb") as handle:
            translated.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
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
                area_only.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
    assert area_only, "expected at least one area catalog"
    msgid, expected = next(iter(area_only.items()))
    i18n.set_locale("ar")
    try:
        assert i18n._(msgid) == expected
    finally:
        i18n.set_locale("en")
