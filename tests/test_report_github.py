"""GitHub workflow commands: levels, properties, and escaping that round-trips."""

from __future__ import annotations

import re

import pytest

from dbnamelint.findings import CheckResult
from dbnamelint.model import ObjectKind, Severity
from dbnamelint.report import render
from dbnamelint.report.common import finding_text
from dbnamelint.report.github import escape_data, escape_property
from test_report_common import CASE_IDS, CASES, WEIRD_FINDING, finding, obj

COMMAND = re.compile(r"^::(?P<level>error|warning|notice) (?P<props>[^:]*)::(?P<data>.*)$")


def unescape(text: str, *, prop: bool) -> str:
    """What the Actions runner does to command data and property values."""
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if prop:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for escaped, char in [*pairs, ("%25", "%")]:
        text = text.replace(escaped, char)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(p.split("=", 1) for p in match["props"].split(","))
    return (
        match["level"],
        {k: unescape(v, prop=True) for k, v in props.items()},
        unescape(match["data"], prop=False),
    )


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),
    ],
    ids=["plain", "percent", "newline", "colon-comma", "already-escaped-looking"],
)
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop
    assert unescape(data, prop=False) == raw
    assert unescape(prop, prop=True) == raw


@pytest.mark.parametrize("case", CASE_IDS)
def test_every_line_but_the_last_is_a_well_formed_command(case: str) -> None:
    lines = render(CASES[case], "github", show_whitelisted=True).splitlines()
    for line in lines[:-1]:
        _, props, _ = parse(line)
        assert set(props) == {"file", "line", "col", "title"}
        assert props["line"].isdigit() and props["col"].isdigit()
    assert lines[-1].startswith("dbnamelint: ")
    assert ("found" in lines[-1]) is CASES[case].failed


def test_special_characters_survive_the_runner() -> None:
    (line, _) = render(CASES["special"], "github").splitlines()
    level, props, message = parse(line)
    assert level == "error"
    assert props == {
        "file": WEIRD_FINDING.location.path,
        "line": "7",
        "col": "3",
        "title": "DBN104 table-type-infix",
    }
    assert message == finding_text(WEIRD_FINDING)


@pytest.mark.parametrize(
    ("severity", "level"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
    ids=["error", "warning", "info"],
)
def test_level_follows_severity(severity: Severity, level: str) -> None:
    result = CheckResult(findings=(finding(obj(ObjectKind.TABLE, "t"), severity=severity),))
    assert parse(render(result, "github").splitlines()[0])[0] == level


def test_whitelisted_are_notices_only_on_request() -> None:
    assert render(CASES["whitelisted"], "github").splitlines() == ["dbnamelint: all checks passed!"]
    lines = render(CASES["whitelisted"], "github", show_whitelisted=True).splitlines()
    parsed = [parse(line) for line in lines[:-1]]
    assert [p[0] for p in parsed] == ["notice", "notice"]
    assert parsed[0][2].endswith("[whitelisted legacy name, phase phase-1]")


def test_stale_entries_and_input_problems_are_annotated() -> None:
    lines = render(CASES["everything"], "github").splitlines()
    parsed = [parse(line) for line in lines[:-1]]
    by_title = {p[1]["title"]: p for p in parsed}
    stale = by_title["DBN900 stale-whitelist-entry"]
    assert stale[0] == "error"
    assert (stale[1]["file"], stale[1]["line"], stale[1]["col"]) == ("whitelist.yaml", "12", "5")
    # a warning diagnostic stays a warning; an unused suppression fails the run
    assert by_title["DBN010 object-redefined"][0] == "warning"
    assert by_title["DBN001 unterminated-input"][0] == "error"
    assert by_title["DBN020 unused-suppression"][0] == "error"
    assert lines[-1] == (
        "dbnamelint: found 5 problems: 2 new findings, 1 input error, 1 stale whitelist entry,"
        " 1 unused or malformed suppression."
    )
