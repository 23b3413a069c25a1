"""Country codes resolve from the forms lists and documents use, and read in three languages."""

from __future__ import annotations

import pytest

from hudud.documents.countries import country_name, is_known_code, to_alpha3


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("DZA", "DZA"),  # already alpha-3
        ("ma", "MAR"),  # FtM lower-case alpha-2
        ("Libyan Arab Jamahiriya", "LBY"),  # old UN spelling
        ("Libye", "LBY"),  # French name
        ("الجزائر", "DZA"),  # Arabic name
        ("D", "DEU"),  # Germany's one-letter MRZ code
        ("XXA", "XXA"),  # ICAO stateless
        ("Atlantis", None),  # unknown stays unknown
    ],
)
def test_to_alpha3(raw: str, expected: str | None) -> None:
    assert to_alpha3(raw) == expected


def test_names_in_three_languages() -> None:
    assert country_name("MRT", "en") == "Mauritania"
    assert country_name("MRT", "fr") == "Mauritanie"
    assert country_name("MRT", "ar") == "موريتانيا"


def test_known_codes_include_icao_specials() -> None:
    assert is_known_code("UTO") and is_known_code("D<<") and is_known_code("NER")
    assert not is_known_code("ZZZ")
