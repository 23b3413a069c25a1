"""A problem met reading a passenger list or a booking push reads in the page's language.

Each ``ParseIssue`` keeps its English ``message`` (``hudud paxlst check`` and the API, byte for byte) and,
beside it, the ``N_``-marked ``template`` and its values; ``hudud.web.issue_text`` words it from the
catalogs, the quoted segment and codes unchanged inside ``<bdi>``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hudud.formats.paxlst import read_paxlst, read_paxlst_parts
from hudud.formats.pnrgov import read_pnrgov
from hudud.passengers.models import ParseIssue
from hudud.services.api_ingest import issue_record
from hudud.web import i18n
from hudud.web.issue_text import parse_issue
from tests.unit.test_edifact import HEAD, PAX, message
from tests.unit.test_error_messages import _is_marked, _module_marked

SRC = Path(__file__).resolve().parents[2] / "src" / "hudud"
CATALOGS = SRC / "web" / "i18n"
PNR = "UNH+1+PNRGOV:11:1:IA'MSG+:22'ORG+XX'TVL+010125:1200+CDG+RBA+XX+123'"


def _part(seq: str, name: str, car: str = "K", flight: str = "XX1") -> str:
    body = f"BGM+745'TDT+20+{flight}'LOC+125+CDG'LOC+87+RBA'NAD+FL+++{name}'CNT+42:3'"
    return f"UNH+M{seq}+PAXLST:D:05B:UN:IATA+{car}+{seq}'{body}UNT+8+M{seq}'"


# One broken message per kind of problem, each with what is wrong in it.
PAXLST = [
    message(unt=99),  # UNT count wrong
    message(unt=0).replace("UNT+0+", "UNT+X+"),  # UNT count not a number
    message().replace("+M1'UNZ", "'UNZ"),  # UNT without its reference
    message().replace("+M1'UNZ", "+M9'UNZ"),  # UNT reference differs
    message(tail="UNZ+3+REF1'"),  # UNZ count wrong
    message(tail="UNZ+1+OTHER'"),  # UNZ reference differs
    HEAD + PAX,  # cut after a traveller: no UNT, no UNZ
    message(tail="UNZ+1+REF1'junk"),  # trailing text
    message(tail="UNZ+1+REF1'UNH?"),  # dangling release character
    message(tail="UNZ+1+REF1'FTX+AAA'"),  # text after UNZ
    message().replace("UNB+UNOA:4+AIR+HUD+250101:1200+REF1'", ""),  # no UNB
    message().replace("BGM+745", "BGM+999"),  # unknown list type
    message().replace("TDT+20+XX123", "TDT+20+"),  # no flight number
    message().replace("TDT+20+XX123", "TDT+20+12"),  # not a flight number
    message().replace("DTM+189:2501011200:201", "DTM+189:25013:201"),  # bad departure time
    message().replace("BGM+745'", "BGM+745'LOC+125+CDG'DOC+P+1'"),  # location and document too early
    message().replace("LOC+87+RBA", "LOC+99+RBA"),  # unknown flight location qualifier
    message().replace("LOC+87+RBA", "LOC+87+R-B"),  # not a location code
    message(PAX.replace("800101", "801399")),  # bad birth date
    message(PAX.replace("DTM+329:800101", "DTM+329")),  # date qualifier without a date
    message(PAX + "DTM+999:800101'LOC+555+CDG'ZZZ+1'1A+1'"),  # unknown qualifiers, segment and tag
    message(PAX.replace("DOC+P+P123", "DOC++")),  # no document type, no number
    message(PAX.replace("DOC+P", "DOC+<b>x</b>")),  # unknown document type, with markup
    message(PAX.replace("NAT+2+FRA", "NAT+2+QQQ'DTM+36:300101'LOC+91+FRA")),  # bad country, DOC dates early
    message(PAX.replace("NAT+2+FRA", "NAT+2+")),  # no country
    message(PAX.replace("NAD+FL+++DOE", "NAD+XX+++").replace("DTM+329", "ATT+2++Q'DTM+329")),  # party, gender
    message(cnt="CNT+42:7'"),  # passengers declared differ
    message(PAX.replace("NAD+FL", "NAD+FM"), cnt="CNT+41:4'").replace("BGM+745", "BGM+250"),  # crew differ
    message(cnt="CNT+42+1'CNT+43:1'CNT+42:X'"),  # count as element, unknown total, not a number
    message().replace(
        "UNZ+1+REF1'", "UNH+M2+CUSRES:D:05B'BGM+1'UNT+3+M2'UNH+M3'UNT+2+M3'UNZ+3+REF1'"
    ),  # others
    "UNH+1+PAXLST:D:05B:UN:IATA'BGM+745'NAD+FL+++A'UNT+4+1'",  # no TDT
    "UNH+1+PAXLST'BGM+745'TDT+20+XX1'UNH+2+PAXLST'BGM+745'TDT+20+XX1'UNT+4+2'",  # UNH before UNT
    "UNB+UNOA:4+A+B+250101:1200+R'BGM+745'UNH+1+PAXLST'BGM+745'TDT+20+XX1'UNT+4+1'UNT+2+9'UNZ+1+R'",  # stray
    "UNB+UNOA:4+A+B+250101:1200+R'UNB+UNOA:4+A+B+250101:1200+R'UNH+1+PAXLST'BGM+745'TDT+20+XX1'UNT+4+1'"
    "UNZ+1+R'",  # a second UNB
    "UNB+UNOA:4+A+B+250101:1200+R'UNG+PAXLST+A+B+250101:1200+G1+UN+D:05B'UNH+1+PAXLST'BGM+745'TDT+20+XX1'"
    "UNT+4+1'UNE+2+G9'UNZ+3+R'",  # UNE count and reference, UNZ count of groups
    "UNB+UNOA:4+A+B+250101:1200+R'UNG+PAXLST+A+B+250101:1200+G1+UN+D:05B'UNH+1+PAXLST'BGM+745'TDT+20+XX1'"
    "UNG+PAXLST+A+B+250101:1200+G2+UN+D:05B'UNH+2+PAXLST'BGM+745'TDT+20+XX1'UNT+4+2'UNE+1+G2'UNZ+2+R'",  # open
    "UNH+1+PAXLST'BGM+745'TDT+20+XX1'UNT+4+1'UNE+1+G1'UNZ+1+R'",  # UNE alone, UNZ without UNB
    "UNB+UNOA:4+A+B+250101:1200+R'UNG+PAXLST+A+B+250101:1200+G1+UN+D:05B'UNH+1+PAXLST'BGM+745'TDT+20+XX1'"
    "UNZ+1+R'",  # UNZ before UNT, group never closed
    _part("01:C", "A") + _part("03:F", "C"),  # part 02 missing
    _part("01:C", "A"),  # more parts announced
    _part("02", "B"),  # a later part alone
    _part("01:C", "A") + _part("02:F", "B", car="OTHER", flight="YY9"),  # parts disagree
    "UNA:+.? *UNB+UNOA:4+A+B+250101:1200+R'UNH+1+PAXLST'BGM+745'TDT+20+XX1'UNT+4+1'UNZ+1+R'",  # UNA guessed
]
UNDECODABLE = [
    message(PAX.replace("DOE", "NOVÁK")).encode("mac_roman"),  # Latin bytes in UNOA
    message(PAX.replace("DOE", "NOVÁK")).replace("UNOA", "XXXX").encode("mac_roman"),  # no known set: UTF-8
    b"UNH+1+PAXLST'BGM+745'TDT+20+XX1'UNT+4+1'\n\xe9",  # the bad byte in no segment
    b"UNB+UNOA:4+A+B+250101:1200+R'UNH+1+PAXLST'BGM+745'TDT+20+XX1'UNT+4+1'UNZ+1+R'\n\xe9",  # UNOA, no segment
]
PNRGOV = [
    PNR + "EQN+5'SRC'RCI+XX:ABC123'TIF+DOE:I+JOHN MR:A:1'SSR+DOCS:HK::XX:::::/P/FRA'"
    "SSR+DOCS:HK::XX:::::/P/FRA/P9/FRA/99XXX80/M/01JAN30/DOE/JOHN'ZZZ+1'SRC'RCI+XX:DEF'"
    "TVL+0101:12+CDG+RBA+XX+123'UNT+14+1'",  # short DOCS, bad dates, unknown segment, empty booking, EQN
    PNR + "RCI+XX:ABC'TIF+DOE:I+JOHN MR:A:1'SRC'TIF+:I+X'UNT+8+1'",  # outside a booking, no surname
    PNR + "SRC'SSR+DOCS:HK::XX:::::/P/FRA/P1/FRA/01JAN80/M/01JAN30/DOE/JOHN'TIF+A:I+B'UNT+6+1'"
    "UNH+2+PAXLST'BGM+745'UNT+3+2'UNH+3'UNT+2+3'",  # DOCS before any traveller, other messages
]


def _issues() -> list[ParseIssue]:
    found = [i for text in PAXLST for i in read_paxlst(text).issues]
    found += [i for data in UNDECODABLE for i in read_paxlst(data).issues]
    found += [i for text in PNRGOV for i in read_pnrgov(text).issues]
    found += read_paxlst_parts([message(unt=99), _part("02", "B")]).issues  # "file N: " before each
    return found


def _catalog(locale: str) -> dict[str, str]:
    with (CATALOGS / locale / "LC_MESSAGES" / "piu.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


def _reported_templates() -> set[str]:
    """The readers' marked messages that are problems reported, not errors raised."""
    marked, raised = set(), set()
    for name in ("edifact.py", "paxlst.py", "pnrgov.py"):
        for node in ast.walk(ast.parse((SRC / "formats" / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _is_marked(node):
                marked.add(node.args[0].value)  # type: ignore[attr-defined]
            elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                first = node.exc.args[0]
                if _is_marked(first):
                    raised.add(first.args[0].value)  # type: ignore[attr-defined]
    return marked - raised


def test_every_problem_keeps_its_english_message_and_its_template() -> None:
    issues = _issues()
    missing = _reported_templates() - {i.template for i in issues}
    assert missing == set(), "add a broken message to the table for each"  # the table reaches every kind
    for issue in issues:
        assert issue.template, issue.message
        english = issue.template % dict(issue.params)
        assert issue.message == (f"file {issue.file}: " if issue.file else "") + english


@pytest.mark.parametrize("locale", ["ar", "fr"])
def test_every_template_is_translated_in_the_unit_catalog(locale: str) -> None:
    """The unit's catalog (piu.po) words every problem, with the same placeholders."""
    catalog = _catalog(locale)
    for template in sorted({i.template for i in _issues()}):
        assert template in catalog, f"add the {locale} text of {template!r} to piu.po"
        placeholders = set(re.findall(r"%\(\w+\)s", template))
        assert set(re.findall(r"%\(\w+\)s", catalog[template])) == placeholders, template


def test_every_problem_is_built_from_a_marked_template() -> None:
    """No sentence built in code: every problem of the readers and of ingestion is ``ParseIssue.of`` or a
    reader's ``issue`` with an ``N_`` template (or a module-level table of them)."""
    loose = []
    for path in [*sorted((SRC / "formats").glob("*.py")), SRC / "services" / "api_ingest.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names, tables = _module_marked(tree)
        helpers = {  # the readers' own issue(segment, template, **params): they pass the template on
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and node.name == "issue"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in helpers:
                continue
            if not isinstance(node, ast.Call) or not isinstance(node.func, (ast.Name, ast.Attribute)):
                continue
            func = node.func
            built = isinstance(func, ast.Name) and func.id == "ParseIssue"
            made = isinstance(func, ast.Attribute) and (
                (func.attr == "of" and ast.unparse(func.value) == "ParseIssue")
                or (func.attr == "issue" and ast.unparse(func.value) == "self")
            )
            if built:
                loose.append(f"{path.name}:{node.lineno}: ParseIssue(...) instead of ParseIssue.of")
            elif made:
                template = node.args[1]
                marked = (
                    _is_marked(template)
                    or (isinstance(template, ast.Name) and template.id in names)
                    or (
                        isinstance(template, ast.Subscript)
                        and isinstance(template.value, ast.Name)
                        and template.value.id in tables
                    )
                )
                if not marked:
                    loose.append(f"{path.name}:{node.lineno}: {ast.unparse(template)[:60]}")
    assert loose == []


@pytest.fixture
def arabic():  # type: ignore[no-untyped-def]
    i18n.set_locale("ar")
    yield
    i18n.set_locale("en")


def test_a_problem_reads_in_arabic_with_the_segment_and_values_unchanged(arabic) -> None:  # type: ignore[no-untyped-def]
    (issue,) = read_paxlst(message(PAX.replace("800101", "801399"))).issues
    assert str(parse_issue(issue_record(issue))) == (
        "<bdi>DTM+329:801399</bdi>: <bdi>&#39;801399&#39;</bdi> ليس تاريخًا صالحًا (YYMMDD أو CCYYMMDD)"
    )


def test_markup_in_a_segment_is_shown_as_text(arabic) -> None:  # type: ignore[no-untyped-def]
    issues = read_paxlst(message(PAX.replace("DOC+P", "DOC+<b>x</b>"))).issues
    worded = str(parse_issue(issue_record(issues[0])))
    assert "نوع وثيقة غير معروف" in worded and "&lt;b&gt;x&lt;/b&gt;" in worded and "<b>" not in worded


def test_several_files_name_the_file_in_the_readers_language(arabic) -> None:  # type: ignore[no-untyped-def]
    issues = read_paxlst_parts([message(unt=99), message()]).issues
    record = issue_record(issues[0])
    assert record["file"] == 1 and record["message"].startswith("file 1: UNT+99+M1: UNT says")
    assert str(parse_issue(record)).startswith("الملف <bdi>1</bdi>: <bdi>UNT+99+M1</bdi>: يذكر UNT")


def test_a_problem_stored_without_its_template_shows_its_english_text(arabic) -> None:  # type: ignore[no-untyped-def]
    stored = {"segment": 3, "message": "DOC+ZZ: unknown document type 'ZZ'"}  # kept before templates were
    assert str(parse_issue(stored)) == '<span dir="ltr">DOC+ZZ: unknown document type &#39;ZZ&#39;</span>'


def test_english_pages_show_the_message_itself() -> None:
    (issue,) = read_paxlst(message(PAX.replace("800101", "801399"))).issues
    assert str(parse_issue(issue_record(issue))) == (
        '<span dir="ltr">DTM+329:801399: &#39;801399&#39; is not a valid date (YYMMDD or CCYYMMDD)</span>'
    )
