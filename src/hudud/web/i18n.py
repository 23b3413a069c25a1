"""Interface languages: gettext catalogs (Babel .po files) for English, Arabic and French.

Catalogs are compiled in memory from the .po files at start-up, so there is no build step to forget.
The language of the current request lives in a context variable that ``_()`` reads."""

from __future__ import annotations

import gettext
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from hudud.errors import HududError

CATALOGS = Path(__file__).resolve().parent / "i18n"
LOCALES = ("en", "ar", "fr")
LANGUAGE_NAMES = {"en": "English", "ar": "العربية", "fr": "Français"}
DEFAULT = "en"

_current: ContextVar[str] = ContextVar("hudud_locale", default=DEFAULT)


def _compile(path: Path, locale: str) -> Translations:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The catalogs of ``locale`` merged (English is the source language: identity).

    Each area keeps its own catalog (``messages.po`` for the shell, ``training.po``, ...) so that
    areas add strings independently; all are merged into one lookup."""
    folder = CATALOGS / locale / "LC_MESSAGES"
    paths = sorted(folder.glob("*.po")) if locale != DEFAULT else []
    if not paths:
        return gettext.NullTranslations()
    merged = _compile(paths[0], locale)
    for path in paths[1:]:
        merged.merge(_compile(path, locale))
    return merged


def set_locale(locale: str) -> None:
    _current.set(locale if locale in LOCALES else DEFAULT)


def current_locale() -> str:
    return _current.get()


def direction(locale: str | None = None) -> str:
    """``rtl`` for Arabic, ``ltr`` otherwise: the ``dir`` of the page."""
    return "rtl" if Locale.parse(locale or current_locale()).character_order == "right-to-left" else "ltr"


def gettext_(message: str) -> str:
    return translations(current_locale()).gettext(message)


def ngettext_(singular: str, plural: str, n: int) -> str:
    return translations(current_locale()).ngettext(singular, plural, n)


_ = gettext_


def error_text(error: HududError) -> str:
    """A refusal or rejection in the page's language: its ``N_``-marked English template looked up in the
    catalogs, the values filled in unchanged (escaping is the template's job, as for any value).

    The API and the CLI keep ``error.message``, the English text."""
    text = gettext_(error.template)
    if not error.values:
        return text
    try:
        return text % error.values
    except (KeyError, TypeError, ValueError):  # a broken translation must not hide the refusal
        return error.message


def negotiate(accept_language: str | None) -> str:
    """Pick en/ar/fr from an Accept-Language header (first supported wins)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LOCALES:
            return tag
    return DEFAULT


def fmt_date(value: date | datetime | None, form: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, form, locale=current_locale())
    return format_date(value, form, locale=current_locale())


def fmt_number(value: float | int) -> str:
    return format_decimal(value, locale=current_locale())
