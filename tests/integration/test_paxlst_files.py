"""Every PAXLST file in ../shared/data/paxlst parses, with the traveller count it contains.

Expected counts were made independently of the parser: NAD segments with a traveller qualifier
(FL/FM/COT/DDT) counted by a regular expression on the raw text with the file's own separators, and
checked again here on every run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hudud.formats.edifact import read_interchange, tokenize
from hudud.formats.paxlst import read_paxlst, read_paxlst_parts

# (file, travellers, role, flight number, known problems the file really has)
FILES = [
    ("astra/test1_0.edi", 3, "passenger", "OK688", "no UNB interchange header"),  # bare message, no UNB
    ("astra/test2_0.edi", 1, "passenger", None, "without a flight number"),  # TDT+20 and DTM+329 empty
    ("astra/test3_0.edi", 3, "passenger", "OK688XXXXXXXXXXXX", "unknown document type 'IXX'"),  # padded codes
    ("astra/test6_0.edi", 3, "passenger", "OK688", "UNE without a UNG"),
    ("astra/test7_0.edi", 0, "passenger", None, "has no UNT trailer"),  # only the UNH of part 01:C
    ("astra/test7_29.edi", 2, "passenger", "OK688", "this is part 02"),  # middle part alone
    ("astra/test7_30.edi", 1, "passenger", "OK688", "UNE without a UNG"),  # final part 03:F
    ("astra/test8_0.edi", 3, "passenger", "OK688", "UNE without a UNG"),
    ("gtas-flights/flight1.txt", 10, "passenger", "LA532", "document type missing"),  # DOC++number
    ("gtas-flights/flight2.txt", 10, "passenger", "FI615", "unknown document type 'K'"),
    ("gtas-flights/flight3.txt", 10, "passenger", "YY123", "UNT says the message has 23"),
    ("loader__Test1.txt", 8, "crew", "UA0989", "read as CNT+41:8"),  # crew list, CNT+41+8
    ("loader__Test3.txt", 260, "passenger", "UA0989", "0x87"),  # Mac Roman "Novák" in a UNOA file
    ("loader__airline2.edi", 10, "passenger", "TN506", "UNT reference '140211180 0'"),  # * and $ separators
    ("loader__multiple_flight_leg_apis.txt", 2, "passenger", "QQ827", "'13Nov09'"),  # text after UNZ
    ("parsers__apisMessage.txt", 2, "passenger", "AA124", None),  # LOC+92 legs only, indented lines
    ("sample_paxlist_uae.edi", 1, "passenger", "EY0256", "UNT says the message has 36"),
]


def independent_count(path: Path) -> int:
    data = path.read_bytes()
    delims = read_interchange(data).delimiters
    text = data.decode("utf-8", errors="replace")
    sep, term = re.escape(delims.data), re.escape(delims.terminator)
    return len(re.findall(rf"(?:^|{term})\s*NAD{sep}(?:FL|FM|COT|DDT){sep}", text))


@pytest.mark.parametrize(("name", "count", "role", "flight", "problem"), FILES, ids=[f[0] for f in FILES])
def test_file_parses_with_its_traveller_count(
    shared_data: Path, name: str, count: int, role: str, flight: str | None, problem: str | None
) -> None:
    path = shared_data / "paxlst" / name
    manifest = read_paxlst(path.read_bytes())
    assert independent_count(path) == count
    assert len(manifest.travellers) == count
    assert manifest.role == role
    assert manifest.flight.number == flight
    messages = " | ".join(i.message for i in manifest.issues)
    if problem is None:
        assert manifest.issues == ()
    else:
        assert problem in messages


def test_every_file_is_in_the_table(shared_data: Path) -> None:
    folder = shared_data / "paxlst"
    on_disk = {
        str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and "LICENSE" not in p.name
    }
    assert on_disk == {f[0] for f in FILES}


def test_flight_and_traveller_details(shared_data: Path) -> None:
    manifest = read_paxlst((shared_data / "paxlst/gtas-flights/flight1.txt").read_bytes())
    first = manifest.travellers[0]
    assert (first.surname, first.given_names, str(first.birth_date), first.nationality) == (
        "JIANG",
        "HSIUYUAN",
        "1967-06-03",
        "CHN",
    )
    assert [(d.type, d.number, d.issuing_state, str(d.expiry)) for d in first.documents] == [
        (None, "433419360", "CHN", "2023-09-20"),
        ("V", "57131424", "USA", "2021-07-29"),  # the visa of the flight files
    ]
    assert first.reference("AVF") == "7F5F21" and first.reference("SEA") == "056F"
    assert (str(manifest.flight.departure_time), manifest.flight.arrival_airport) == (
        "2020-01-19 23:00:00",
        "JFK",
    )


def test_multi_leg_flight_keeps_every_leg(shared_data: Path) -> None:
    manifest = read_paxlst((shared_data / "paxlst/loader__multiple_flight_leg_apis.txt").read_bytes())
    assert [(leg.departure_airport, leg.arrival_airport) for leg in manifest.flight.legs] == [
        ("MIA", "IAD"),
        ("IAD", "JFK"),
        ("JFK", "CDG"),
    ]
    assert (manifest.flight.departure_airport, manifest.flight.arrival_airport) == ("JFK", "CDG")


def test_astra_multi_part_files_reassemble(shared_data: Path) -> None:
    folder = shared_data / "paxlst/astra"
    parts = [(folder / n).read_bytes() for n in ("test7_30.edi", "test7_0.edi", "test7_29.edi")]
    manifest = read_paxlst_parts(parts)
    assert manifest.parts == (1, 2, 3)
    assert [t.surname for t in manifest.travellers] == ["LESKA", "PUTIN", "PUTINA"]
    # Part 01 of this Astra fixture holds only its UNH, so the CNT+42:5 of the others cannot match.
    assert "declares 5 passengers but the manifest has 3" in " | ".join(i.message for i in manifest.issues)


def test_non_default_separators(shared_data: Path) -> None:
    interchange = read_interchange((shared_data / "paxlst/loader__airline2.edi").read_bytes())
    assert (interchange.delimiters.data, interchange.delimiters.terminator) == ("*", "$")


@pytest.mark.filterwarnings("ignore::Warning")
@pytest.mark.parametrize("name", ["gtas-flights/flight1.txt", "sample_paxlist_uae.edi", "astra/test1_0.edi"])
def test_reader_agrees_with_pydifact(shared_data: Path, name: str) -> None:
    """pydifact as an independent oracle for tokenising well-formed files (it refuses the indented
    parsers__apisMessage.txt, which is why our reader does not use its tokenizer)."""
    from pydifact.parser import Parser

    text = (shared_data / "paxlst" / name).read_text()

    def trim(parts: tuple[str, ...]) -> tuple[str, ...]:  # trailing empty components may be omitted
        while len(parts) > 1 and parts[-1] == "":
            parts = parts[:-1]
        return parts

    def flat(elements: list[object]) -> list[tuple[str, ...]]:
        return [trim(tuple(e) if isinstance(e, list) else (str(e),)) for e in elements]

    theirs = [(s.tag, flat(s.elements)) for s in Parser().parse(text.strip())]
    _, segments, _ = tokenize(text)
    ours = [(s.tag, [trim(tuple(e)) for e in s.elements]) for s in segments]
    assert theirs == ours


def test_pnrgov_file_given_to_paxlst_reader_is_refused(shared_data: Path) -> None:
    from hudud.errors import InvalidInput

    with pytest.raises(InvalidInput, match="no PAXLST message"):
        read_paxlst((shared_data / "pnrgov/parsers__pnrEdge.txt").read_bytes())


def test_500_traveller_manifest_parses_completely() -> None:
    """A full-size manifest keeps every traveller and raises no issue (its speed is in benchmarks/)."""
    head = (
        "UNA:+.? 'UNB+UNOA:4+A+B+250101:1200+R'UNH+M+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+XX123+++XX'"
        "LOC+125+CDG'DTM+189:2501011200:201'LOC+87+RBA'DTM+232:2501011400:201'"
    )
    pax = (
        "NAD+FL+++DOE{i}:JOHN'ATT+2++M'DTM+329:800101'LOC+178+CDG'LOC+179+RBA'NAT+2+FRA'"
        "RFF+AVF:ABC'DOC+P:110:111+P{i:07d}'DTM+36:300101'LOC+91+FRA'"
    )
    body = "".join(pax.format(i=i) for i in range(500))
    data = (head + body + f"CNT+42:500'UNT+{7 + 5000 + 2}+M'UNZ+1+R'").encode()
    manifest = read_paxlst(data)
    assert len(manifest.travellers) == 500 and manifest.issues == ()
    last = manifest.travellers[499]
    assert (last.surname, last.documents[0].number) == ("DOE499", "P0000499")
