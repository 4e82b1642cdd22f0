"""The JSON report: every finding (excused ones flagged), stable keys."""

from __future__ import annotations

import json

import pytest

from dbnamelint.report import render
from test_report_common import CASE_IDS, CASES, WEIRD

FINDING_KEYS = {
    "fails_run",
    "code",
    "rule",
    "severity",
    "kind",
    "name",
    "table",
    "schema",
    "path",
    "line",
    "column",
    "message",
    "suggestion",
    "fix",
    "no_fix",
    "rule_fix",
    "whitelisted",
    "whitelist_phase",
    "suppressed",
    "qualified_name",
    "module",
}


def load(case: str, whitelist_path: str | None = None) -> dict[str, object]:
    data = json.loads(
        render(CASES[case], "json", tool_version="1.2.3", whitelist_path=whitelist_path)
    )
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("case", CASE_IDS)
def test_document_shape(case: str) -> None:
    data = load(case)
    assert data["version"] == "1.2.3"
    assert {"findings", "stale_whitelist", "diagnostics", "summary"} <= set(data)
    findings = data["findings"]
    assert isinstance(findings, list)
    assert len(findings) == len(CASES[case].findings)
    for item in findings:
        assert set(item) == FINDING_KEYS


def test_excused_findings_are_included_and_flagged_even_without_show_whitelisted() -> None:
    findings = load("whitelisted")["findings"]
    assert isinstance(findings, list)
    flags = {(f["code"], f["whitelisted"], f["whitelist_phase"], f["suppressed"]) for f in findings}
    assert flags == {("DBN101", True, "phase-1", False), ("DBN301", False, None, True)}


def test_attached_object_reports_own_name_its_table_and_schema() -> None:
    findings = load("mixed")["findings"]
    assert isinstance(findings, list)
    column = next(f for f in findings if f["kind"] == "column")
    assert column == {
        "code": "DBN201",
        "rule": "column-identifier-case",
        "severity": "warning",
        "kind": "column",
        "name": "userId",
        "table": "ws_users",
        "schema": "public",
        "path": "db/ws.sql",
        "line": 5,
        "column": 5,
        "message": "name is camelCase, expected snake_case",
        "suggestion": "user_id",
        "fix": {"kind": "rename", "new_name": "user_id", "quoted": False},
        "no_fix": None,
        "rule_fix": None,
        "whitelisted": False,
        "whitelist_phase": None,
        "suppressed": False,
        "fails_run": False,  # a warning: below the default --fail-on error
        "qualified_name": "public.ws_users.userId",
        "module": "ws",
    }


def test_findings_sorted_by_path_line_column_code() -> None:
    findings = load("everything")["findings"]
    assert isinstance(findings, list)
    keys = [(f["path"], f["line"], f["column"], f["code"]) for f in findings]
    assert keys == sorted(keys)


def test_special_characters_round_trip_unescaped() -> None:
    text = render(CASES["special"], "json")
    assert "Ünïcödé" in text  # not \u-escaped
    (item,) = json.loads(text)["findings"]
    assert item["name"] == WEIRD.name
    assert item["path"] == WEIRD.location.path
    assert item["suggestion"] == "a,b:c%"


def test_stale_diagnostics_and_summary() -> None:
    data = load("everything", whitelist_path="whitelist.yaml")
    assert data["stale_whitelist"] == [
        {
            "kind": "table",
            "name": "sys_old",
            "path": "whitelist.yaml",
            "line": 12,
            "column": 5,
            "reason": "object no longer exists",
            "phase": "phase-1",
        }
    ]
    diagnostics = data["diagnostics"]
    assert isinstance(diagnostics, list)
    assert [(d["code"], d["severity"], d["line"]) for d in diagnostics] == [
        ("DBN010", "warning", 1),
        ("DBN001", "error", 2),
    ]
    unused = data["unused_suppressions"]
    assert isinstance(unused, list)
    assert [d["code"] for d in unused] == ["DBN020"]
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert summary["failed"] is True
    assert summary["failures"] == 5
    assert summary["new"] == 4
    assert (summary["not_failing"], summary["fail_on"]) == (2, "error")
    assert summary["by_code"] == {"DBN104": 2, "DBN150": 1, "DBN201": 1}
    assert summary["by_severity"] == {"error": 2, "warning": 1, "info": 1}
    # every failure is counted under what it is: (4 - 2) + 1 + 1 + 0 + 1 == 5
    parts = ("new", "input_errors", "stale_whitelist", "whitelist_errors", "unused_suppressions")
    assert sum(summary[k] for k in parts) - summary["not_failing"] == summary["failures"]
    assert (summary["input_errors"], summary["warnings"], summary["hidden_notes"]) == (1, 1, {})
    assert data["phases"] == [
        {
            "id": "phase-1",
            "title": "Module prefixes",
            "status": "active",
            "remaining": 2,
            "done": 1,
        },
        {"id": "phase-2", "title": "Type infixes", "status": "planned", "remaining": 5, "done": 0},
    ]


def test_empty_result_passes() -> None:
    data = load("empty")
    assert data["findings"] == []
    summary = data["summary"]
    assert isinstance(summary, dict)
    assert summary["failed"] is False
    assert summary["files_checked"] == 2
