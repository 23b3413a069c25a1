"""What the officer is told beyond check digits: expiry, age, nationality, specimen, lost/stolen."""

from __future__ import annotations

from datetime import date

import pytest

from hudud.documents.findings import find, finding_dicts
from hudud.documents.generate import DocumentFields, make_mrz
from hudud.documents.mrz import MRZ, parse_mrz

TODAY = date(2026, 6, 1)


def _doc(**changes: object) -> MRZ:
    fields: dict[str, object] = {
        "format": "TD3",
        "surname": "Haddad",
        "given_names": "Omar",
        "document_number": "MA1234567",
        "issuing_state": "MAR",
        "nationality": "MAR",
        "birth_date": date(1980, 5, 17),
        "sex": "M",
        "expiry_date": date(2030, 1, 1),
    }
    fields.update(changes)
    return parse_mrz(make_mrz(DocumentFields(**fields)), today=TODAY)  # type: ignore[arg-type]


def _codes(mrz: MRZ, **options: object) -> set[str]:
    return {f.code for f in find(mrz, today=TODAY, **options)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, set()),  # an ordinary valid passport: nothing to say
        ({"expiry_date": date(2026, 5, 31)}, {"expired"}),  # yesterday
        ({"expiry_date": date(2026, 6, 1)}, {"expiring_soon"}),  # today is still valid
        ({"expiry_date": date(2026, 8, 1)}, {"expiring_soon"}),  # within 90 days
        ({"expiry_date": date(2026, 12, 1)}, set()),
        ({"birth_date": date(2008, 6, 2)}, {"minor"}),  # 18 tomorrow
        ({"birth_date": date(2008, 6, 1)}, set()),  # 18 today
        ({"nationality": "DZA"}, {"nationality_differs"}),
        ({"issuing_state": "D", "nationality": "DEU"}, set()),  # D and DEU are both Germany
        ({"surname": "Specimen"}, {"specimen"}),
        ({"issuing_state": "UTO", "nationality": "UTO"}, {"specimen"}),
    ],
)
def test_findings(changes: dict[str, object], expected: set[str]) -> None:
    assert _codes(_doc(**changes)) == expected


def test_expiring_window_is_configurable() -> None:
    mrz = _doc(expiry_date=date(2026, 12, 1))
    assert _codes(mrz, expiring_within_days=365) == {"expiring_soon"}


def test_lost_stolen_hook_is_called_with_the_document() -> None:
    seen: list[str] = []

    def sltd(mrz: MRZ) -> str | None:
        seen.append(mrz.document_number)
        return "INTERPOL SLTD, reported stolen 2025-02-03" if mrz.document_number == "MA1234567" else None

    findings = find(_doc(), today=TODAY, lost_stolen=sltd)
    assert seen == ["MA1234567"]
    assert [f.code for f in findings] == ["lost_or_stolen"] and "SLTD" in findings[0].message
    assert _codes(_doc(document_number="MA7654321"), lost_stolen=sltd) == set()


def test_truncated_name_is_a_finding() -> None:
    mrz = _doc(surname="Abdulrahman Al Mubarak Bin Khalifa", given_names="Mohammed Abdullah Hassan")
    assert mrz.name_truncated and "name_truncated" in _codes(mrz)


def test_finding_dicts_are_the_findings_as_dicts() -> None:
    def sltd(mrz: MRZ) -> str | None:
        return "INTERPOL SLTD" if mrz.nationality == "DZA" else None

    docs = [
        _doc(),
        _doc(expiry_date=date(2026, 5, 31), birth_date=date(2008, 6, 2), nationality="DZA"),
        _doc(expiry_date=date(2026, 7, 1), surname="Specimen", issuing_state="UTO", nationality="UTO"),
        _doc(surname="Abdulrahman Al Mubarak Bin Khalifa", given_names="Mohammed Abdullah Hassan"),
    ]
    for mrz in docs:
        for options in ({}, {"expiring_within_days": 10, "lost_stolen": sltd}):
            expected = [f.to_dict() for f in find(mrz, today=TODAY, **options)]  # type: ignore[arg-type]
            assert finding_dicts(mrz, today=TODAY, **options) == expected  # type: ignore[arg-type]
    assert len(finding_dicts(docs[1], today=TODAY, lost_stolen=sltd)) == 4
