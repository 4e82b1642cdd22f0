"""The ruff-style text report, checked line by line against hand-written output."""

from __future__ import annotations

import click
import pytest

from dbnamelint.findings import CheckResult, StaleEntry
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.report import render
from test_report_common import CASE_IDS, CASES, STALE

LOG_LINE = (
    'db/ws.sql:3:14: DBN104 table "ws_activity_log": log table must read'
    " <prefix>_log_<rest> (suggestion: ws_log_activity)"
)
STALE_LINE = (
    "whitelist.yaml:12:5: DBN900 stale whitelist entry table sys_old (phase phase-1):"
    " object no longer exists"
)

EXPECTED = {
    "empty": ["All checks passed!"],
    "one": [
        LOG_LINE,
        "",
        "New findings by severity: 1 error",
        "Found 1 problem: 1 new finding.",
    ],
    "mixed": [
        LOG_LINE,
        'db/ws.sql:3:14: DBN150 table "ws_activity_log": last word not plural',
        'db/ws.sql:5:5: DBN201 column "public.ws_users.userId": name is camelCase,'
        " expected snake_case (suggestion: user_id)",
        "",
        "New findings by severity: 1 error, 1 warning, 1 info",
        # the warning and the info are below the default --fail-on (error)
        "2 new findings below --fail-on, not failing the run.",
        "Found 1 problem: 1 new finding.",
    ],
    "whitelisted": [
        "Not failing: 1 whitelisted (legacy) finding, 1 suppressed inline.",
        "All checks passed!",
    ],
    "stale": [
        STALE_LINE,
        "",
        "Not failing: 1 whitelisted (legacy) finding.",
        "Found 1 problem: 1 stale whitelist entry.",
    ],
    # Diagnostics carry their severity; the total names each kind it adds up.
    "diagnostics": [
        "db/ai.sql:1:1: DBN010 warning: rename of unknown table t",
        "db/ws.sql:2:1: DBN001 error: cannot read CREATE POLICY",
        "db/ws.sql:4:3: DBN020 warning: unused suppression ignore[DBN999]",
        "",
        "1 warning, not failing the run: object-redefined.",
        "Found 2 problems: 1 input error, 1 unused or malformed suppression.",
    ],
    "warning-only-diagnostic": [
        "db/ai.sql:1:1: DBN010 warning: rename of unknown table t",
        "",
        "1 warning, not failing the run: object-redefined.",
        "All checks passed (1 warning).",
    ],
    "special": [
        'db/dir, with: odd%chars/s.sql:7:3: DBN104 table "Ünïcödé 100%, \\"quoted\\"'
        ' <b>|`x`|</b>: a\\nb": bad 100% name, "x": <y> | z (suggestion: a,b:c%)',
        "",
        "New findings by severity: 1 error",
        "Found 1 problem: 1 new finding.",
    ],
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_text_lines(case: str) -> None:
    assert render(CASES[case], "text").splitlines() == EXPECTED[case]


def test_every_case_has_expected_text() -> None:
    assert set(EXPECTED) == set(CASE_IDS) - {"everything"}


def test_findings_and_diagnostics_of_one_file_interleave_by_line() -> None:
    lines = render(CASES["everything"], "text").splitlines()
    locations = [line.split(": DBN", 1)[0] for line in lines[: lines.index("")]]
    assert locations == [
        "db/ai.sql:1:1",
        "db/dir, with: odd%chars/s.sql:7:3",
        "db/ws.sql:2:1",
        "db/ws.sql:3:14",
        "db/ws.sql:3:14",
        "db/ws.sql:4:3",
        "db/ws.sql:5:5",
        "whitelist.yaml:12:5",
    ]


def test_whitelisted_findings_listed_only_on_request() -> None:
    hidden = render(CASES["whitelisted"], "text")
    shown = render(CASES["whitelisted"], "text", show_whitelisted=True).splitlines()
    assert "sys_rag" not in hidden
    assert shown[:2] == [
        'db/ai.sql:2:14: DBN101 table "sys_rag": table must start with ai_'
        " (suggestion: ai_rag) [whitelisted legacy name, phase phase-1]",
        'db/ws.sql:9:14: DBN301 index "ws_activity_log.idx1": expected'
        " idx_ws_activity_log_ws_id [suppressed inline]",
    ]
    assert shown[-1] == "All checks passed!"


@pytest.mark.parametrize("case", CASE_IDS)
def test_colour_only_adds_styling(case: str) -> None:
    plain = render(CASES[case], "text", show_whitelisted=True)
    coloured = render(CASES[case], "text", show_whitelisted=True, color=True)
    assert "\x1b[" in coloured
    assert click.unstyle(coloured) == plain


def test_colour_marks_errors_red_and_passing_green() -> None:
    assert click.style("DBN104", fg="red", bold=True) in render(CASES["one"], "text", color=True)
    passed = render(CASES["empty"], "text", color=True)
    assert passed == click.style("All checks passed!", fg="green", bold=True) + "\n"


def test_stale_entry_without_a_path_is_blamed_on_the_whitelist_path() -> None:
    entry = StaleEntry("table", "t", Location("", 3, 1), "object now compliant")
    text = render(
        CheckResult(findings=(), stale_whitelist=(entry,)), "text", whitelist_path="wl.yml"
    )
    assert (
        text.splitlines()[0]
        == "wl.yml:3:1: DBN900 stale whitelist entry table t: object now compliant"
    )
    assert STALE.location.path in render(CASES["stale"], "text", whitelist_path="wl.yml")


def test_multi_line_diagnostic_message_stays_on_one_line() -> None:
    diagnostic = Diagnostic(
        Location("a.sql", 1, 1), Severity.ERROR, "cannot read:\nCREATE X", "DBN001"
    )
    lines = render(CheckResult(findings=(), diagnostics=(diagnostic,)), "text").splitlines()
    assert lines == [
        "a.sql:1:1: DBN001 error: cannot read: CREATE X",
        "",
        "Found 1 problem: 1 input error.",
    ]
