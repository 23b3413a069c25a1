"""EDIFACT envelope and PAXLST reading on small hand-written messages: each case names the rule."""

from __future__ import annotations

import pytest

from hudud.errors import InvalidInput, PayloadTooLarge
from hudud.formats.edifact import read_interchange, tokenize
from hudud.formats.paxlst import read_paxlst

HEAD = "UNB+UNOA:4+AIR+HUD+250101:1200+REF1'UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX123'LOC+125+CDG'DTM+189:2501011200:201'LOC+87+RBA'DTM+232:2501011400:201'"
PAX = "NAD+FL+++DOE:JOHN'DTM+329:800101'NAT+2+FRA'DOC+P+P123'DTM+36:300101'LOC+91+FRA'"


def message(
    body: str = PAX, cnt: str = "CNT+42:1'", unt: int | None = None, tail: str = "UNZ+1+REF1'"
) -> str:
    count = unt if unt is not None else 8 + body.count("'") + cnt.count("'")
    return HEAD + body + cnt + f"UNT+{count}+M1'" + tail


def texts(issues: object) -> str:
    return " | ".join(i.message for i in issues)  # type: ignore[attr-defined]


def test_clean_message_has_no_issues() -> None:
    manifest = read_paxlst(message())
    assert manifest.issues == ()
    (traveller,) = manifest.travellers
    assert (traveller.surname, traveller.given_names, str(traveller.birth_date)) == (
        "DOE",
        "JOHN",
        "1980-01-01",
    )
    assert traveller.documents[0].expiry is not None and traveller.documents[0].issuing_state == "FRA"
    assert (manifest.flight.number, manifest.flight.departure_airport, manifest.flight.arrival_airport) == (
        "XX123",
        "CDG",
        "RBA",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # release character escapes the separators and itself
        ("UNA:+.? 'UNH+1+PAXLST'NAD+FL+++O?'NEIL?+SMITH:ANN??'", ["O'NEIL+SMITH", "ANN?"]),
        # non-default separators declared in UNA (the GTAS airline2 file uses * and $)
        ("UNA:*.? $UNH*1*PAXLST$NAD*FL***DOE:JOHN$", ["DOE", "JOHN"]),
        # line breaks and indentation between segments are layout
        ("UNH+1+PAXLST'\n   NAD+FL+++DOE:JOHN'\r\n", ["DOE", "JOHN"]),
    ],
)
def test_tokenize_escapes_and_separators(text: str, expected: list[str]) -> None:
    _, segments, _ = tokenize(text)
    nad = next(s for s in segments if s.tag == "NAD")
    assert [nad.get(3, 0), nad.get(3, 1)] == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (message(unt=99), "UNT says the message has 99 segments"),  # wrong UNT count
        (
            message(tail="UNZ+3+REF1'"),
            "UNZ says the interchange has '3' messages but it has 1",
        ),  # wrong UNZ count
        (message(tail="UNZ+1+OTHER'"), "does not match UNB reference 'REF1'"),  # UNZ/UNB references differ
        (HEAD + PAX, "has no UNT trailer"),  # truncated: cut after a traveller
        (message(tail=""), "has no UNZ trailer"),  # truncated: interchange not closed
        (message(tail="UNZ+1+REF1'junk"), "not closed by the segment terminator"),  # trailing text
        (message(tail="UNZ+1+REF1'UNH?"), "dangling release character"),  # dangling release char at EOF
        (message(PAX.replace("800101", "801399")), "'801399' is not a valid date"),  # bad birth date
        (message(PAX.replace("DOC+P", "DOC+ZZ")), "unknown document type 'ZZ'"),  # unknown code
        (message(PAX.replace("NAT+2+FRA", "NAT+2+QQQ")), "unknown country code 'QQQ'"),  # unknown country
        (message(PAX.replace("NAD+FL", "NAD+XX")), "unknown party code 'XX'"),  # unknown NAD qualifier
        (message(cnt="CNT+42:7'"), "declares 7 passengers but the manifest has 1"),  # CNT mismatch
        (message().replace("UNB+UNOA:4+AIR+HUD+250101:1200+REF1'", ""), "no UNB interchange header"),
    ],
)
def test_problems_become_issues_naming_the_segment(text: str, fragment: str) -> None:
    manifest = read_paxlst(text)
    assert fragment in texts(manifest.issues)
    assert all(i.segment >= 1 for i in manifest.issues)
    assert len(manifest.travellers) == 1  # the good traveller survives every one of these


def test_issue_quotes_segment_and_position() -> None:
    manifest = read_paxlst(message(PAX.replace("800101", "801399")))
    (issue,) = manifest.issues
    assert issue.segment == 10 and issue.message.startswith("DTM+329:801399")


def test_broken_traveller_keeps_the_others() -> None:
    broken = "NAD+FL+++ROE:JANE'DTM+329:999999'DOC+P'"
    manifest = read_paxlst(message(PAX + broken + PAX.replace("DOE", "POE"), cnt="CNT+42:3'"))
    assert [t.surname for t in manifest.travellers] == ["DOE", "ROE", "POE"]
    assert "document number missing" in texts(manifest.issues)


@pytest.mark.parametrize(
    ("data", "error", "fragment"),
    [
        (b"", InvalidInput, "empty"),  # empty file
        (b"\x00\x01\x02PK\x03\x04" * 50, InvalidInput, "binary"),  # binary junk (a zip)
        ("UNB+UNOA:4+A+B'".encode("utf-16"), InvalidInput, "UTF-16"),  # wrong encoding
        (b'{"flight": "XX123"}', InvalidInput, "not an EDIFACT interchange"),  # another format
        (b"UNB+UNOA:4+A+B+250101:1200+R'UNZ+0+R'", InvalidInput, "no EDIFACT message"),  # no message
        (b"UNA:+", InvalidInput, "UNA"),  # cut inside the service string advice
    ],
)
def test_unreadable_input_raises_a_clear_error(data: bytes, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        read_interchange(data)


def test_size_cap_is_a_parameter() -> None:
    data = message().encode()
    with pytest.raises(PayloadTooLarge, match="limit"):
        read_paxlst(data, max_bytes=100)
    assert read_paxlst(data, max_bytes=len(data)).travellers


def test_fifty_megabytes_refused_without_parsing() -> None:
    big = b"UNB+UNOA:4+A+B'" + b"X" * (50 * 1024 * 1024)
    with pytest.raises(PayloadTooLarge):
        read_paxlst(big)


def test_latin1_bytes_in_unoa_are_reported_not_fatal() -> None:
    data = message(PAX.replace("DOE", "NOVÁK")).encode("mac_roman")  # the GTAS Test3 file does this
    manifest = read_paxlst(data)
    assert "not valid in the declared character set UNOA" in texts(manifest.issues)
    assert manifest.travellers[0].surname == "NOV\ufffdK"


def test_multi_part_message_in_one_file_is_reassembled() -> None:
    def part(seq: str, name: str) -> str:
        body = f"BGM+745'TDT+20+XX123'LOC+125+CDG'LOC+87+RBA'NAD+FL+++{name}'CNT+42:3'"
        return f"UNH+M{seq}+PAXLST:D:05B:UN:IATA+XX123/250101+{seq}'{body}UNT+8+M{seq}'"

    text = (
        "UNB+UNOA:4+A+B+250101:1200+R'" + part("03:F", "C") + part("01:C", "A") + part("02", "B") + "UNZ+3+R'"
    )
    manifest = read_paxlst(text)
    assert [t.surname for t in manifest.travellers] == ["A", "B", "C"]
    assert manifest.parts == (1, 2, 3) and manifest.issues == ()


def test_missing_part_is_reported() -> None:
    text = (
        "UNH+1+PAXLST:D:05B:UN:IATA+K+01:C'BGM+745'TDT+20+XX1'NAD+FL+++A'UNT+5+1'"
        "UNH+3+PAXLST:D:05B:UN:IATA+K+03:F'BGM+745'TDT+20+XX1'NAD+FL+++C'UNT+5+3'"
    )
    assert "parts 02 of the manifest are missing" in texts(read_paxlst(text).issues)


def test_crew_list() -> None:
    text = message(PAX.replace("NAD+FL", "NAD+FM"), cnt="CNT+41:1'").replace("BGM+745", "BGM+250")
    manifest = read_paxlst(text)
    assert manifest.role == "crew" and manifest.travellers[0].role == "crew" and manifest.issues == ()
