"""Country and ICAO code reference: ISO 3166-1 alpha-3 plus ICAO Doc 9303 special codes, with names in
English, Arabic and French (CLDR through Babel). Pure lookups over package data."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale

# ICAO Doc 9303 Part 3, codes that are not ISO 3166-1 states (plus Germany's one-letter "D").
ICAO_SPECIAL_CODES: dict[str, str] = {
    "D": "Germany",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    "UNA": "Specialized agency of the United Nations",
    "UNK": "Resident of Kosovo (UNMIK)",
    "UNO": "United Nations Organization",
    "XOM": "Sovereign Military Order of Malta",
    "XPO": "INTERPOL",
    "XXA": "Stateless person",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Unspecified nationality",
    "EUE": "European Union",
    "UTO": "Utopia (ICAO specimen)",
}
SPECIMEN_CODES = frozenset({"UTO"})
_SPECIAL_ARABIC = {
    "XXA": "عديم الجنسية",
    "XXB": "لاجئ",
    "XXC": "لاجئ",
    "XXX": "جنسية غير محددة",
    "UNO": "الأمم المتحدة",
    "UNA": "وكالة متخصصة تابعة للأمم المتحدة",
    "XPO": "الإنتربول",
    "EUE": "الاتحاد الأوروبي",
    "UTO": "يوتوبيا (نموذج)",
    "D": "ألمانيا",
}
_SPECIAL_FRENCH = {
    "XXA": "Apatride",
    "XXB": "Réfugié",
    "XXC": "Réfugié (autre)",
    "XXX": "Nationalité non précisée",
    "UNO": "Organisation des Nations unies",
    "XPO": "INTERPOL",
    "EUE": "Union européenne",
    "UTO": "Utopie (spécimen)",
    "D": "Allemagne",
}


def is_known_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code or an ICAO special code (filler ``<`` stripped)."""
    code = code.strip("<").upper()
    return code in ICAO_SPECIAL_CODES or _alpha3_to_alpha2().get(code) is not None


@lru_cache(maxsize=1)
def _alpha3_to_alpha2() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


@lru_cache(maxsize=1)
def _lookup_table() -> dict[str, str]:
    """Lower-cased alpha-2, alpha-3, English and French names → alpha-3."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        a3 = country.alpha_3
        for value in (
            country.alpha_2,
            a3,
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        ):
            if value:
                table[value.lower()] = a3
    for locale_name in ("en", "fr", "ar"):
        territories = Locale.parse(locale_name).territories
        for a3, a2 in _alpha3_to_alpha2().items():
            name = territories.get(a2)
            if name:
                table.setdefault(name.lower(), a3)
    # Names lists commonly use that pycountry or CLDR spell otherwise.
    for alias, a3 in {
        "libyan arab jamahiriya": "LBY",
        "syrian arab republic": "SYR",
        "russian federation": "RUS",
        "iran (islamic republic of)": "IRN",
        "united republic of tanzania": "TZA",
        "democratic people's republic of korea": "PRK",
        "republic of korea": "KOR",
        "united kingdom of great britain and northern ireland": "GBR",
        "united kingdom": "GBR",
        "united states of america": "USA",
        "united states": "USA",
        "viet nam": "VNM",
        "türkiye": "TUR",
        "turkey": "TUR",
        "state of palestine": "PSE",
        "palestine": "PSE",
        "bolivia (plurinational state of)": "BOL",
        "venezuela (bolivarian republic of)": "VEN",
        "the former yugoslav republic of macedonia": "MKD",
        "kosovo": "UNK",
        "germany": "DEU",
        "d": "DEU",
        # Spellings of the UN, OFAC and EU lists (real files in ../shared/data).
        "democratic republic of the congo": "COD",
        "congo, democratic republic of the": "COD",
        "korea, north": "PRK",
        "korea, south": "KOR",
        "burma": "MMR",
        "palestinian": "PSE",
        "north macedonia, the republic of": "MKD",
        "macedonia, the former yugoslav republic of": "MKD",
        "the gambia": "GMB",
        "macau": "MAC",
        "ivory coast": "CIV",
        "east timor": "TLS",
    }.items():
        table[alias] = a3
    return table


def to_alpha3(value: str | None) -> str | None:
    """Resolve an alpha-2/alpha-3 code or an English/French/Arabic country name to ICAO alpha-3.

    ICAO special codes are returned as they are; unknown values give ``None`` (callers keep the raw text)."""
    if not value:
        return None
    text = value.strip().strip("<")
    upper = text.upper()
    if upper in ICAO_SPECIAL_CODES and upper != "D":
        return upper
    if upper == "D":
        return "DEU"
    return _lookup_table().get(text.lower())


def country_name(code: str, locale: str = "en") -> str:
    """Name of an alpha-3 (or ICAO special) code in ``en``, ``ar`` or ``fr``; the code itself if unknown."""
    code = code.strip("<").upper()
    if code in ICAO_SPECIAL_CODES:
        if locale == "ar" and code in _SPECIAL_ARABIC:
            return _SPECIAL_ARABIC[code]
        if locale == "fr" and code in _SPECIAL_FRENCH:
            return _SPECIAL_FRENCH[code]
        return ICAO_SPECIAL_CODES[code]
    a2 = _alpha3_to_alpha2().get(code)
    if a2 is None:
        return code
    name = Locale.parse(locale).territories.get(a2)
    if name:
        return str(name)
    country = pycountry.countries.get(alpha_3=code)
    return country.name if country else code
