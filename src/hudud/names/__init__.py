"""Names of the region across scripts: Arabic normalisation and transliteration, particles,
Maghreb/Sahel spelling variants, titles, name order and the consonant skeleton keys (pure)."""

from hudud.names.arabic import has_arabic, normalise_arabic, transliterate
from hudud.names.latin import fold_latin, latin_key, loose_key
from hudud.names.tokens import NameToken, analyse_name, name_forms, reorder

__all__ = [
    "NameToken",
    "analyse_name",
    "fold_latin",
    "has_arabic",
    "latin_key",
    "loose_key",
    "name_forms",
    "normalise_arabic",
    "reorder",
    "transliterate",
]
