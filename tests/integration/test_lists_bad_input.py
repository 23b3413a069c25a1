"""Broken list files: a clear error naming the line or record, the rest goes on; a file that
cannot be read at all raises InvalidInput. Small synthetic files, written per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from hudud.errors import InvalidInput
from hudud.formats.lists import detect_format, read_list

UN_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z">\n<INDIVIDUALS>\n'


def _un_person(
    ref: str, first: str, dob: str = "<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-01-01</DATE>"
) -> str:
    second = "<SECOND_NAME>X</SECOND_NAME>" if first else "<SECOND_NAME/>"
    return (
        f"<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>{first}</FIRST_NAME>{second}"
        f"<REFERENCE_NUMBER>{ref}</REFERENCE_NUMBER><LISTED_ON>2020-01-01</LISTED_ON>"
        f"<INDIVIDUAL_DATE_OF_BIRTH>{dob}</INDIVIDUAL_DATE_OF_BIRTH></INDIVIDUAL>\n"
    )


def test_truncated_un_xml_keeps_records_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(UN_HEAD + _un_person("QDi.001", "ALI") + _un_person("QDi.002", "OMAR")[:60], "utf-8")
    result = read_list(path)
    assert [e.id for e in result.entries] == ["QDi.001"]
    assert not result.complete
    (error,) = result.errors
    assert error.line == 5 and "XML broken at line 5" in error.message


def test_un_record_without_name_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    body = _un_person("QDi.001", "ALI") + _un_person("QDi.002", "") + _un_person("QDi.003", "OMAR")
    path.write_text(UN_HEAD + body + "</INDIVIDUALS></CONSOLIDATED_LIST>", "utf-8")
    result = read_list(path)
    assert [e.id for e in result.entries] == ["QDi.001", "QDi.003"]
    (error,) = result.errors
    assert (error.line, error.record, error.skipped) == (5, "QDi.002", True)
    assert "no name" in error.message


@pytest.mark.parametrize(
    ("dob", "why"),
    [
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>3000-01-01</DATE>", "implausible birth year 3000"),
        ("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1970-02-31</DATE>", "1970-02-31"),
    ],
)
def test_absurd_un_birth_date_is_dropped_but_person_kept(tmp_path: Path, dob: str, why: str) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        UN_HEAD + _un_person("QDi.007", "ALI", dob) + "</INDIVIDUALS></CONSOLIDATED_LIST>", "utf-8"
    )
    result = read_list(path)
    (entry,) = result.entries
    assert entry.birth_dates == ()
    (error,) = result.errors
    assert error.record == "QDi.007" and not error.skipped and why in error.message


def test_file_that_is_not_a_list_raises(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello, world\n", "utf-8")
    with pytest.raises(InvalidInput, match="cannot tell the list format"):
        read_list(path)


def test_xml_garbage_raises(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_bytes(b"<CONSOLIDATED_LIST <<<>>>")
    with pytest.raises(InvalidInput, match="not readable XML"):
        read_list(path, "un_xml")


def test_missing_and_empty_files_raise(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="not found"):
        read_list(tmp_path / "nope.xml")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="empty"):
        detect_format(empty)


def test_broken_ofac_rows_are_named_and_skipped(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_text(
        '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        '2674,"ABBAS, Abu","individual","SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 31 Feb 1948; POB Safed"\n'
        '99,"BROKEN ROW","individual"\n'
        'x12,"NOT A NUMBER",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        '2675,"AL RAHMAN, Umar",individual,SDGT,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 03 May 1938"\n'
        "\x1a",
        "utf-8",
    )
    result = read_list(sdn, "ofac_csv")
    assert [e.id for e in result.entries] == ["ofac-36", "ofac-2674", "ofac-2675"]
    assert result.entries[1].birth_dates == () and result.entries[1].birth_places == ("Safed",)
    found = [(e.line, e.record, e.skipped) for e in result.errors]
    assert found == [(2, "ofac-2674", False), (3, "ofac-99", True), (4, None, True)]
    assert "31 Feb 1948" in result.errors[0].message
    assert "expected 12 columns" in result.errors[1].message


def test_truncated_eu_xml(tmp_path: Path) -> None:
    path = tmp_path / "eu.xml"
    entity = (
        '<ENTITY Id="{id}" Type="P"><NAME Id="1"><LASTNAME>Doe</LASTNAME><FIRSTNAME>Jo</FIRSTNAME>'
        "<WHOLENAME>Jo Doe</WHOLENAME><GENDER>M</GENDER></NAME>"
        "<BIRTH Id='1'><DATE>1970-13-01</DATE><PLACE/><COUNTRY/></BIRTH></ENTITY>\n"
    )
    path.write_text(
        '<?xml version="1.0"?>\n<WHOLE Date="11/02/2016">\n' + entity.format(id=7) + entity.format(id=8)[:50],
        "utf-8",
    )
    result = read_list(path)
    assert [e.id for e in result.entries] == ["eu-7"]
    assert not result.complete
    assert [(e.line, e.record, e.skipped) for e in result.errors] == [(3, "eu-7", False), (4, None, True)]
    assert "1970-13-01" in result.errors[0].message


def test_xml_in_windows_1256_declared_is_read(tmp_path: Path) -> None:
    # An XML file that declares its encoding is well-formed whatever the encoding: expat decodes it.
    path = tmp_path / "un.xml"
    text = (
        UN_HEAD.replace("UTF-8", "windows-1256")
        + _un_person("QDi.009", "علي")
        + "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    path.write_bytes(text.encode("cp1256"))
    (entry,) = read_list(path).entries
    assert entry.names[0].full == "علي X" and entry.names[0].script == "Arabic"


def test_xml_in_windows_1256_undeclared_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    text = (
        UN_HEAD
        + _un_person("QDi.001", "ALI")
        + _un_person("QDi.009", "علي")
        + "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    path.write_bytes(text.encode("cp1256"))
    result = read_list(path)
    assert [e.id for e in result.entries] == ["QDi.001"]
    (error,) = result.errors
    assert error.line == 5 and "Windows-1256" in error.message
