"""Every PNRGOV file in ../shared/data/pnrgov parses, with its TIF (traveller) segments accounted for.

The expected TIF counts were made independently: a regular expression counting segments that start
with TIF and the file's data separator. Each TIF is either a booked traveller or, after a TRI, a
departure-control (check-in) record of one; the two must add up to that count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hudud.formats.edifact import read_interchange
from hudud.formats.pnrgov import read_pnrgov, split_title

# (file, TIF segments, bookings, booked travellers, check-in records)
FILES = [
    ("loader__2_pnrs_basic.edi", 8, 2, 6, 2),
    ("loader__3_pnrs.edi", 14, 3, 14, 0),
    ("loader__adult_and_infant.edi", 2, 1, 2, 0),  # adult with infant (TIF ...:IN)
    ("loader__codeshare.edi", 4, 2, 2, 2),  # malformed 5-character UNA
    ("loader__infant.edi", 4, 1, 2, 2),  # UNA declares a typographic ’ terminator
    ("loader__multiple_flight_leg_pnr.txt", 9, 1, 2, 7),
    ("loader__no_pnr_history.edi", 4, 3, 4, 0),
    ("loader__pnr1.txt", 3, 1, 2, 1),
    ("loader__pnr2.txt", 5, 1, 4, 1),
    ("loader__pnr3.txt", 13, 1, 4, 9),
    ("loader__pnr4.txt", 3, 1, 1, 2),
    ("loader__pnrMessageExample.txt", 16, 1, 5, 11),
    ("loader__pnr_split.edi", 3, 2, 3, 0),
    ("parsers__bigMessagePnr.txt", 22, 1, 7, 15),
    ("parsers__bigbigPnr.txt", 239, 47, 86, 153),
    ("parsers__danglingMetaCharacter.txt", 4, 1, 1, 3),  # separators - and *
    ("parsers__modifyPnr77ForCodeShare.txt", 1, 1, 1, 0),
    ("parsers__pnrAddressPhoneCTCM.txt", 1, 1, 1, 0),
    ("parsers__pnrBadFormat.txt", 2, 1, 2, 0),
    ("parsers__pnrEdge.txt", 1, 1, 1, 0),  # escaped "UNT?+50" inside an e-mail address
    ("parsers__pnrMessage.txt", 3, 1, 2, 1),
    ("parsers__pnrMessageExample.txt", 16, 1, 5, 11),
    ("parsers__pnrMessagePg75.txt", 3, 2, 1, 2),  # a 4th TIF is glued into an ORG segment: lost
    ("parsers__pnrMessagePg76.txt", 2, 1, 2, 0),
    ("parsers__pnrMessagePg77.txt", 1, 1, 1, 0),
    ("parsers__pnrNoOrgMsg.txt", 1, 1, 1, 0),
    ("parsers__pnrPhoneCTCM.txt", 1, 1, 1, 0),
    ("parsers__pnrPhoneCTC_M.txt", 1, 1, 1, 0),
    ("parsers__pnrSeatFormats.txt", 1, 1, 1, 0),
    ("parsers__pnrWithBags.txt", 927, 127, 268, 659),
    ("parsers__pnrWithDoco.txt", 4, 1, 1, 3),
    ("parsers__pnrWithPrefixesAndBookingDetailBags.txt", 9, 1, 2, 7),
]


def independent_tif_count(path: Path) -> int:
    data = path.read_bytes()
    delims = read_interchange(data).delimiters
    sep, term = re.escape(delims.data), re.escape(delims.terminator)
    return len(re.findall(rf"(?:^|{term})\s*TIF{sep}", data.decode("utf-8")))


@pytest.mark.parametrize(("name", "tifs", "bookings", "booked", "checkins"), FILES, ids=[f[0] for f in FILES])
def test_file_parses_with_its_travellers(
    shared_data: Path, name: str, tifs: int, bookings: int, booked: int, checkins: int
) -> None:
    path = shared_data / "pnrgov" / name
    push = read_pnrgov(path.read_bytes())
    assert independent_tif_count(path) == tifs
    assert len(push.bookings) == bookings
    assert sum(len(b.travellers) for b in push.bookings) == booked
    assert sum(len(b.check_ins) for b in push.bookings) == checkins
    assert booked + checkins == tifs
    assert all(b.record_locator for b in push.bookings)
    assert push.flight.departure_airport and push.flight.number


def test_every_file_is_in_the_table(shared_data: Path) -> None:
    on_disk = {p.name for p in (shared_data / "pnrgov").iterdir() if "LICENSE" not in p.name}
    assert on_disk == {f[0] for f in FILES}
    assert sum(f[1] for f in FILES) == 1327


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        # text after the last segment: UNZ runs into "Modify above message to create bad message."
        ("parsers__pnrBadFormat.txt", "not closed by the segment terminator"),
        ("parsers__pnrBadFormat.txt", "UNZ reference '00102181551362Modify above"),
        ("parsers__modifyPnr77ForCodeShare.txt", "310513:4321 is not a valid"),  # arrival at 43:21
        ("loader__codeshare.edi", "is malformed"),  # UNA ":+\*'" has five characters
        ("loader__infant.edi", "is malformed"),  # UNA declares ’ but segments end with '
        ("parsers__pnrMessagePg75.txt", "booking X49V9U has no traveller"),  # its TIF is inside ORG
        ("parsers__bigbigPnr.txt", "EQN declares 1 bookings but the message has 47"),
        ("parsers__pnrEdge.txt", "UNT says the message has 50 segments"),
    ],
)
def test_edge_cases_give_clear_issues(shared_data: Path, name: str, fragment: str) -> None:
    push = read_pnrgov((shared_data / "pnrgov" / name).read_bytes())
    assert fragment in " | ".join(i.message for i in push.issues)


def test_escaped_terminator_does_not_end_the_message(shared_data: Path) -> None:
    push = read_pnrgov((shared_data / "pnrgov/parsers__pnrEdge.txt").read_bytes())
    (traveller,) = push.travellers
    assert (traveller.surname, traveller.given_names, traveller.title) == ("LOBB", "MOLLY", "MRS")


def test_dangling_meta_character_file(shared_data: Path) -> None:
    push = read_pnrgov((shared_data / "pnrgov/parsers__danglingMetaCharacter.txt").read_bytes())
    assert (push.flight.number, push.flight.departure_airport, push.flight.arrival_airport) == (
        "DL441",
        "JFK",
        "MBJ",
    )
    (booking,) = push.bookings
    assert booking.record_locator == "BGXFR4" and len(booking.itinerary) == 3


def test_infant_documents_go_to_the_infant(shared_data: Path) -> None:
    push = read_pnrgov((shared_data / "pnrgov/loader__infant.edi").read_bytes())
    adult, infant = push.bookings[0].travellers
    assert adult.with_infant and infant.type == "IN"
    assert [d.number for d in adult.documents] == ["509229987"]
    assert [d.number for d in infant.documents] == ["512731999"]  # DOCS came before the infant's TIF
    assert str(infant.birth_date) == "2012-09-20"


def test_codeshare_itinerary_names_operating_carrier(shared_data: Path) -> None:
    push = read_pnrgov((shared_data / "pnrgov/loader__codeshare.edi").read_bytes())
    leg = push.bookings[0].itinerary[0]
    assert (leg.carrier, leg.operating_carrier, leg.number) == ("KE", "SQ", "KE609")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("KONG CHUN MRS", ("KONG CHUN", "MRS")),  # title as a word
        ("SEJOONMR", ("SEJOON", "MR")),  # title glued on, as reservation systems print it
        ("WILLIAMS", ("WILLIAMS", None)),  # -MS is a name ending, not a title
        ("MOLLYMRS", ("MOLLY", "MRS")),
    ],
)
def test_split_title(given: str, expected: tuple[str, str | None]) -> None:
    assert split_title(given) == expected
