"""GitLab Code Quality: the documented shape, unique identity-based fingerprints."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dbnamelint.findings import CheckResult
from dbnamelint.model import ObjectKind, Severity
from dbnamelint.report import render
from test_report_common import CASE_IDS, CASES, LOG_FINDING, finding, obj

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def issues(result: CheckResult, **kwargs: Any) -> list[dict[str, Any]]:
    data = json.loads(render(result, "gitlab", **kwargs))
    assert isinstance(data, list)
    return data


@pytest.mark.parametrize("show", [False, True], ids=["default", "show-whitelisted"])
@pytest.mark.parametrize("case", CASE_IDS)
def test_shape(case: str, show: bool) -> None:
    found = issues(CASES[case], show_whitelisted=show)
    for issue in found:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["path"], str)
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and begin >= 1
    assert len({i["fingerprint"] for i in found}) == len(found)


def test_empty_is_an_empty_array() -> None:
    assert issues(CASES["empty"]) == []


def test_one_finding() -> None:
    (issue,) = issues(CASES["one"])
    assert issue["description"] == (
        'table "ws_activity_log": log table must read <prefix>_log_<rest>'
        " (suggestion: ws_log_activity)"
    )
    assert issue["check_name"] == "DBN104 table-type-infix"
    assert issue["severity"] == "major"
    assert issue["location"] == {"path": "db/ws.sql", "lines": {"begin": 3}}


@pytest.mark.parametrize(
    ("severity", "expected"),
    [(Severity.ERROR, "major"), (Severity.WARNING, "minor"), (Severity.INFO, "info")],
    ids=["error", "warning", "info"],
)
def test_severity_mapping(severity: Severity, expected: str) -> None:
    result = CheckResult(findings=(finding(obj(ObjectKind.TABLE, "t"), severity=severity),))
    assert issues(result)[0]["severity"] == expected


def test_whitelisted_left_out_unless_asked_then_info() -> None:
    assert issues(CASES["whitelisted"]) == []
    shown = issues(CASES["whitelisted"], show_whitelisted=True)
    assert [i["severity"] for i in shown] == ["info", "info"]


def test_fingerprint_survives_a_line_move_and_repeats_are_distinct() -> None:
    moved = finding(obj(ObjectKind.TABLE, "ws_activity_log", line=77))
    (a,) = issues(CheckResult(findings=(LOG_FINDING,)))
    (b,) = issues(CheckResult(findings=(moved,)))
    assert a["fingerprint"] == b["fingerprint"]
    twice = issues(CheckResult(findings=(LOG_FINDING, finding(LOG_FINDING.object, message="m"))))
    assert len({i["fingerprint"] for i in twice}) == 2


def test_stale_and_diagnostics_reported() -> None:
    found = issues(CASES["everything"])
    names = [i["check_name"] for i in found]
    assert "DBN900 stale-whitelist-entry" in names
    # diagnostics are named like rules, from the one registry
    assert {
        "DBN001 unterminated-input",
        "DBN010 object-redefined",
        "DBN020 unused-suppression",
    } <= set(names)


def test_windows_paths_use_forward_slashes() -> None:
    result = CheckResult(findings=(finding(obj(ObjectKind.TABLE, "t", path="db\\x.sql")),))
    assert issues(result)[0]["location"]["path"] == "db/x.sql"
