"""Every refusal or rejection a person can read is marked for the catalogs and translated in ar and fr.

Services and pages raise ``hudud.errors`` exceptions with ``N_("English, with %(named)s placeholders")``
and the values apart (``values={...}``); the pages word the message in their language
(``hudud.web.i18n.error_text``), the API and the CLI keep the English text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "hudud"
CATALOGS = SRC / "web" / "i18n"
# where the messages people read in the interface are raised: services, pages and API, and the readers of
# the files they upload (lists, passenger lists, MRZ text and photos)
SCANNED = ("services", "web", "formats", "documents", "secretariat")
ERRORS = {
    "HududError", "InvalidInput", "NotAuthenticated", "Forbidden", "NotFound", "Conflict", "TooManyRequests",
    "PayloadTooLarge", "InvalidImage", "InvalidMRZ",
}  # fmt: skip
# Not for people at a page: start-up configuration, the message link, node-to-node rejection reasons (codes
# for the audit log). ConfigurationError, LinkDown and Rejected are therefore not in ERRORS.

# Raise sites that pass on a message worded elsewhere, each with why (the list may only shrink):
PASSED_ON = {
    ("services/border.py", "str(exc)"): "StayRule's ValueError (pure core, not yet marked)",
    ("services/certificates.py", "str(why)"): "codes.BadCode (pure core, not yet marked)",
    ("services/secretariat_groups.py", "str(why)"): "workflow.BadMove (pure core, not yet marked)",
    ("services/sharing.py", "str(exc)"): "Alert's ValueError (pure core, not yet marked)",
    ("web/api/sharing.py", "str(error)"): "Scope's ValueError (API only)",
    ("services/training.py", "message"): "require(): its callers pass N_ (checked below)",
}


def _module_marked(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Module-level names bound to ``N_(...)``, and to dicts whose values are all ``N_(...)``."""
    names, tables = set(), set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value, name = node.value, node.targets[0].id
            if _is_marked(value):
                names.add(name)
            elif isinstance(value, ast.Dict) and value.values and all(_is_marked(v) for v in value.values):
                tables.add(name)
    return names, tables


def _is_marked(node: ast.expr) -> bool:
    func = node.func if isinstance(node, ast.Call) else None
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name == "N_" and isinstance(node, ast.Call) and isinstance(node.args[0], ast.Constant)


def _modules() -> dict[str, tuple[Path, ast.Module]]:
    found = {}
    for folder in SCANNED:
        for path in sorted((SRC / folder).rglob("*.py")):
            dotted = ".".join(("hudud", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
                ".__init__"
            )
            found[dotted] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _error_calls() -> list[tuple[str, int, ast.Call, set[str], set[str]]]:
    modules = _modules()
    marked = {dotted: _module_marked(tree) for dotted, (_path, tree) in modules.items()}
    found = []
    for dotted, (path, tree) in modules.items():
        names, tables = (set(x) for x in marked[dotted])
        for node in tree.body:  # marked messages imported from another module (NOT_VISIBLE)
            if isinstance(node, ast.ImportFrom) and node.module in marked:
                for alias in node.names:
                    if alias.name in marked[node.module][0]:
                        names.add(alias.asname or alias.name)
        where = str(path.relative_to(SRC))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in ERRORS:
                    found.append((where, node.lineno, node, names, tables))
    return found


def _raised_messages() -> set[str]:
    """Every ``N_`` message of the scanned code: at raise sites, in module-level messages and tables of them
    (NOT_VISIBLE, OWN_STATE_ONLY), handed to ``require``, and the words around them marked the same way."""
    messages: set[str] = set()
    for _path, tree in _modules().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_marked(node):
                messages.add(node.args[0].value)  # type: ignore[attr-defined]
    return messages


def test_every_refusal_is_marked_for_the_catalogs() -> None:
    unmarked = []
    for where, line, call, names, tables in _error_calls():
        first = call.args[0]
        if _is_marked(first):
            continue
        if isinstance(first, ast.Name) and first.id in names:  # NOT_VISIBLE = N_("...")
            continue
        if (
            isinstance(first, ast.Subscript)
            and isinstance(first.value, ast.Name)
            and first.value.id in tables
        ):
            continue
        keywords = {k.arg for k in call.keywords}
        if ast.unparse(first).endswith(".template") and "values" in keywords:  # passed on with its values
            continue
        if (where, ast.unparse(first)) in PASSED_ON:
            continue
        unmarked.append(f"{where}:{line}: {ast.unparse(first)[:80]}")
    assert unmarked == [], "write N_('...%(name)s...') and pass values=..., then translate:\n" + "\n".join(
        unmarked
    )


def test_messages_handed_to_require_are_marked() -> None:
    """``training.require(caller, permission, action, message)`` raises Forbidden(message)."""
    loose = []
    for folder in ("services", "web"):
        for path in sorted((SRC / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and len(node.args) >= 4:
                    func = node.func
                    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                    if name == "require" and not _is_marked(node.args[3]):
                        loose.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert loose == []


def _catalog(locale: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((CATALOGS / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            merged.update({m.id: m.string for m in read_po(handle) if m.id and m.string})
    return merged


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_every_marked_refusal_has_its_translation(locale: str) -> None:
    messages = _raised_messages()
    assert (
        "passenger information is for the passenger information unit" in messages
    )  # the scan reads services
    assert "no list named %(name)s" in messages
    catalog = _catalog(locale)
    missing = sorted(messages - set(catalog))
    assert missing == [], f"add the {locale} text to the area's catalog: {missing}"
    for message in messages:
        placeholders = set(re.findall(r"%\((\w+)\)s", message))
        assert set(re.findall(r"%\((\w+)\)s", catalog[message])) == placeholders, message
        if placeholders:  # the translation formats with the same values
            catalog[message] % {name: "x" for name in placeholders}


def test_the_api_keeps_english_and_pages_word_it_in_their_language() -> None:
    from hudud.errors import N_, NotFound
    from hudud.web import i18n

    error = NotFound(N_("no list named %(name)s"), values={"name": "'<OFAC>'"})
    assert error.message == str(error) == "no list named '<OFAC>'"
    assert error.to_dict() == {"error": "not_found", "message": "no list named '<OFAC>'"}  # nothing added
    try:
        i18n.set_locale("ar")
        assert (
            i18n.error_text(error) == "لا توجد قائمة باسم '<OFAC>'"
        )  # the value unchanged (pages escape it)
        i18n.set_locale("fr")
        assert i18n.error_text(error) == "aucune liste nommée '<OFAC>'"
    finally:
        i18n.set_locale("en")
    assert i18n.error_text(error) == "no list named '<OFAC>'"
