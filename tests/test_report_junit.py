"""JUnit XML: parses back, counters match the cases, never empty."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dbnamelint.findings import CheckResult
from dbnamelint.model import ObjectKind
from dbnamelint.report import render
from dbnamelint.report.common import finding_text
from test_report_common import CASE_IDS, CASES, WEIRD_FINDING, finding, obj


def parse(result: CheckResult, show_whitelisted: bool = False) -> ET.Element:
    text = render(result, "junit", show_whitelisted=show_whitelisted)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


@pytest.mark.parametrize("show", [False, True], ids=["default", "show-whitelisted"])
@pytest.mark.parametrize("case", CASE_IDS)
def test_counters_match_the_test_cases(case: str, show: bool) -> None:
    root = parse(CASES[case], show_whitelisted=show)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "dbnamelint"
    cases = suite.findall("testcase")
    assert cases, "a report must never be empty"
    for key, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
        count = sum(len(c.findall(tag)) for c in cases)
        assert suite.get(key) == str(count) == root.get(key)
    assert suite.get("tests") == str(len(cases)) == root.get("tests")
    failing = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
    assert bool(failing) is CASES[case].failed
    passing = [c for c in cases if not list(c)]
    # the only passing case is the run's own naming check, and only when nothing failed
    assert [c.get("name") for c in passing] == ([] if failing else ["no new naming findings"])


def test_empty_result_has_one_passing_case() -> None:
    (case,) = parse(CASES["empty"]).iter("testcase")
    assert list(case) == []
    assert case.get("name") == "no new naming findings"


def test_one_failure_per_new_finding() -> None:
    cases = list(parse(CASES["mixed"]).iter("testcase"))
    assert [(c.get("name"), c.get("file"), c.get("line")) for c in cases] == [
        ("DBN104 table ws_activity_log", "db/ws.sql", "3"),
        ("DBN150 table ws_activity_log", "db/ws.sql", "3"),
        ("DBN201 column public.ws_users.userId", "db/ws.sql", "5"),
    ]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "DBN104"
    assert failure.text == (
        'db/ws.sql:3:14: DBN104 table-type-infix: table "ws_activity_log": log table must'
        " read <prefix>_log_<rest> (suggestion: ws_log_activity)"
    )


def test_excused_findings_are_skipped_cases_on_request() -> None:
    assert list(parse(CASES["whitelisted"]).iter("skipped")) == []
    skipped = list(parse(CASES["whitelisted"], show_whitelisted=True).iter("skipped"))
    assert [s.get("message") for s in skipped] == [
        "whitelisted legacy name, phase phase-1",
        "suppressed inline",
    ]


def test_diagnostics_and_stale_entries() -> None:
    cases = {c.get("name", ""): c for c in parse(CASES["everything"]).iter("testcase")}
    assert cases["DBN001 db/ws.sql:2:1"].find("error") is not None
    assert cases["DBN020 db/ws.sql:4:3"].find("failure") is not None
    assert "DBN010 db/ai.sql:1:1" not in cases  # a warning is no test case
    suite = parse(CASES["everything"]).find("testsuite")
    assert suite is not None
    assert suite.findtext("system-out") == (
        "db/ai.sql:1:1: DBN010 warning: rename of unknown table t"
    )
    stale = cases["DBN900 table sys_old"].find("failure")
    assert stale is not None
    assert stale.get("message") == (
        "stale whitelist entry table sys_old (phase phase-1): object no longer exists"
    )


def test_special_characters_round_trip() -> None:
    (case,) = parse(CASES["special"]).iter("testcase")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == finding_text(WEIRD_FINDING)
    assert case.get("file") == "db/dir, with: odd%chars/s.sql"


def test_characters_xml_cannot_carry_are_replaced_not_fatal() -> None:
    result = CheckResult(findings=(finding(obj(ObjectKind.TABLE, "bad\x00\x01\ud800name")),))
    (case,) = parse(result).iter("testcase")
    assert case.get("name") == "DBN104 table bad\ufffd\ufffd\ufffdname"


def test_consumer_junitparser_reads_counts_and_outcomes() -> None:
    """A real JUnit consumer (junitparser) agrees on cases and their outcomes."""
    junitparser = pytest.importorskip("junitparser")
    from io import BytesIO

    text = render(CASES["everything"], "junit").encode("utf-8")
    xml = junitparser.JUnitXml.fromfile(BytesIO(text))
    (suite,) = list(xml)
    outcomes: dict[str, list[str]] = {}
    for case in suite:
        kinds = [type(r).__name__ for r in case.result]
        outcomes.setdefault(kinds[0] if kinds else "Passed", []).append(case.name)
    assert outcomes.get("Error") == ["DBN001 db/ws.sql:2:1"]
    assert "DBN900 table sys_old" in outcomes["Failure"]
    assert "DBN020 db/ws.sql:4:3" in outcomes["Failure"]
    assert "Passed" not in outcomes
    assert (suite.tests, suite.errors) == (len(list(suite)), 1)
    assert suite.failures == len(outcomes["Failure"])


def test_whitelist_growth_is_a_failure_not_an_error() -> None:
    from dbnamelint.model import Diagnostic, Location, Severity

    growth = Diagnostic(Location("whitelist.yaml", 4, 3), Severity.ERROR, "entry added", "DBN901")
    (case,) = [
        c
        for c in parse(CheckResult(findings=(), diagnostics=(growth,))).iter("testcase")
        if c.get("name", "").startswith("DBN901")
    ]
    assert case.find("failure") is not None and case.find("error") is None


def test_info_notes_are_not_passing_cases() -> None:
    from dbnamelint.model import Diagnostic, Location, Severity

    note = Diagnostic(Location("a.sql", 1, 1), Severity.INFO, "created again", "DBN010")
    cases = list(parse(CheckResult(findings=(), diagnostics=(note,))).iter("testcase"))
    assert [c.get("name") for c in cases] == ["no new naming findings"]
