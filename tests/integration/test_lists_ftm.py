"""FollowTheMoney JSON lines (OpenSanctions export shape), on small files written by the tests."""

from __future__ import annotations

import json
from pathlib import Path

from hudud.formats.lists import detect_format, read_list
from hudud.screening.entries import BirthDate, IdentityDocument

PERSON = {
    "id": "NK-abc123",
    "schema": "Person",
    "properties": {
        "name": ["Youssef El Amrani"],
        "alias": ["يوسف العمراني"],
        "weakAlias": ["Abu Yahya"],
        "firstName": ["Youssef"],
        "lastName": ["El Amrani"],
        "birthDate": ["1972-03", "1973"],
        "nationality": ["ma"],
        "citizenship": ["fr"],
        "gender": ["male"],
        "passportNumber": ["AB123456"],
        "idNumber": ["X998877"],
        "birthPlace": ["Tanger"],
        "topics": ["sanction"],
    },
    "datasets": ["un_sc_sanctions"],
}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_person_properties(tmp_path: Path) -> None:
    company = {"id": "co-1", "schema": "Company", "properties": {"name": ["Sahel Trading SARL"]}}
    address = {"id": "addr-1", "schema": "Address", "properties": {"full": ["Rue 1"]}}
    path = _write(tmp_path / "e.json", [json.dumps(PERSON), json.dumps(company), json.dumps(address)])
    assert detect_format(path) == "ftm_jsonl"
    result = read_list(path)
    assert result.errors == []
    person, org = result.entries
    assert (person.id, person.list_name, person.schema, org.schema) == (
        "NK-abc123",
        "ftm",
        "Person",
        "Organization",
    )
    assert [(n.full, n.quality, n.script) for n in person.names] == [
        ("Youssef El Amrani", "primary", "Latin"),
        ("يوسف العمراني", "good", "Arabic"),
        ("Abu Yahya", "low", "Latin"),
    ]
    assert (person.names[0].given, person.names[0].family) == ("Youssef", "El Amrani")
    assert person.birth_dates == (BirthDate(1972, 3), BirthDate(1973))
    assert person.nationalities == ("MAR", "FRA")
    assert person.gender == "M"
    assert set(person.documents) == {
        IdentityDocument("AB123456", "passport"),
        IdentityDocument("X998877", "national_id"),
    }


def test_linked_passport_and_sanction_entities(tmp_path: Path) -> None:
    passport = {
        "id": "pp-1",
        "schema": "Passport",
        "properties": {"holder": ["NK-abc123"], "number": ["MR0001"], "country": ["mr"]},
    }
    sanction = {
        "id": "s-1",
        "schema": "Sanction",
        "properties": {"entity": ["NK-abc123"], "listingDate": ["2019-05-02"], "reason": ["AQIM financier"]},
    }
    path = _write(tmp_path / "e.json", [json.dumps(passport), json.dumps(PERSON), json.dumps(sanction)])
    (person,) = read_list(path).entries
    assert IdentityDocument("MR0001", "passport", "MRT") in person.documents
    assert person.listed_on is not None and person.listed_on.isoformat() == "2019-05-02"
    assert person.reasons == "AQIM financier"


def test_bad_lines_are_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    nameless = {"id": "p-2", "schema": "Person", "properties": {"name": [""], "birthDate": ["1980"]}}
    absurd = {
        "id": "p-3",
        "schema": "Person",
        "properties": {"name": ["Ali Ben Salah"], "birthDate": ["3000-01-01"]},
    }
    lines = [
        json.dumps(PERSON),
        '{"id": "p-1", "schema": "Person", "properties": {',
        json.dumps(nameless),
        json.dumps(absurd),
        "[1, 2]",
    ]
    result = read_list(_write(tmp_path / "e.json", lines))
    assert [e.id for e in result.entries] == ["NK-abc123", "p-3"]
    messages = {(e.line, e.record, e.skipped): e.message for e in result.errors}
    assert "not valid JSON" in messages[(2, None, True)]
    assert "no name" in messages[(3, "p-2", True)]
    assert "3000" in messages[(4, "p-3", False)]
    assert "not an FtM entity" in messages[(5, None, True)]
