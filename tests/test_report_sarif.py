"""SARIF 2.1.0: valid against the published schema, stable fingerprints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from dbnamelint.findings import CheckResult
from dbnamelint.model import ObjectKind, Severity
from dbnamelint.report import render
from dbnamelint.report.sarif import FINGERPRINT_KEY, artifact_location
from test_report_common import CASE_IDS, CASES, LOG_FINDING, finding, obj

SCHEMA_PATH = (
    Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
)


def sarif(result: CheckResult, **kwargs: Any) -> dict[str, Any]:
    data = json.loads(render(result, "sarif", tool_version="1.2.3", **kwargs))
    assert isinstance(data, dict)
    return data


def run_of(result: CheckResult, **kwargs: Any) -> dict[str, Any]:
    (run,) = sarif(result, **kwargs)["runs"]
    assert isinstance(run, dict)
    return run


@pytest.fixture(scope="module")
def validator() -> Any:
    if not SCHEMA_PATH.is_file():
        pytest.skip(f"SARIF schema not found at {SCHEMA_PATH}")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


@pytest.mark.parametrize("case", CASE_IDS)
def test_valid_against_published_schema(case: str, validator: Any) -> None:
    errors = sorted(validator.iter_errors(sarif(CASES[case])), key=str)
    assert errors == []


def test_schema_validation_can_fail(validator: Any) -> None:
    """Guard: the validator really checks our structure (a broken log is rejected)."""
    broken = sarif(CASES["one"])
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(broken))


def test_driver_and_rules() -> None:
    run = run_of(CASES["everything"])
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("dbnamelint", "1.2.3")
    assert driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids))
    assert set(ids) == {r["ruleId"] for r in run["results"]}
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert by_id["DBN104"]["name"] == "table-type-infix"
    assert by_id["DBN104"]["shortDescription"]["text"] == "Table type infix"
    assert by_id["DBN201"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["DBN900"]["name"] == "stale-whitelist-entry"
    assert by_id["DBN020"]["name"] == "unused-suppression"


@pytest.mark.parametrize(
    ("severity", "level"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note")],
    ids=["error", "warning", "info"],
)
def test_level_follows_severity(severity: Severity, level: str) -> None:
    result = CheckResult(findings=(finding(obj(ObjectKind.TABLE, "t"), severity=severity),))
    assert run_of(result)["results"][0]["level"] == level


def test_result_location_and_message() -> None:
    (result,) = run_of(CASES["one"])["results"]
    assert result["message"]["text"] == (
        'table "ws_activity_log": log table must read <prefix>_log_<rest>'
        " (suggestion: ws_log_activity)"
    )
    (location,) = result["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "db/ws.sql", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 14},
    }
    assert location["logicalLocations"] == [
        {"name": "ws_activity_log", "fullyQualifiedName": "ws_activity_log", "kind": "table"}
    ]
    assert "suppressions" not in result


def test_excused_findings_are_suppressed_results() -> None:
    results = run_of(CASES["whitelisted"])["results"]
    suppressions = {r["ruleId"]: r["suppressions"] for r in results}
    assert suppressions == {
        "DBN101": [
            {"kind": "external", "justification": "whitelisted legacy name (phase phase-1)"}
        ],
        "DBN301": [
            {"kind": "inSource", "justification": "suppressed by an inline dbnamelint comment"}
        ],
    }


def test_fingerprints_ignore_line_moves_but_not_identity() -> None:
    moved = finding(
        obj(ObjectKind.TABLE, "ws_activity_log", line=300, column=2),
        suggestion="ws_log_activity",
    )
    renamed = finding(obj(ObjectKind.TABLE, "ws_activity_logs", line=3, column=14))

    def prints(*findings: Any) -> list[str]:
        results = run_of(CheckResult(findings=findings))["results"]
        return [r["partialFingerprints"][FINGERPRINT_KEY] for r in results]

    assert prints(LOG_FINDING) == prints(moved)
    assert prints(LOG_FINDING) != prints(renamed)
    assert len(set(prints(LOG_FINDING, finding(LOG_FINDING.object, message="again")))) == 2


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("db/ws.sql", {"uri": "db/ws.sql", "uriBaseId": "%SRCROOT%"}),
        ("./db/a b.sql", {"uri": "db/a%20b.sql", "uriBaseId": "%SRCROOT%"}),
        ("db\\win\\x.sql", {"uri": "db/win/x.sql", "uriBaseId": "%SRCROOT%"}),
        ("db/100%, ü.sql", {"uri": "db/100%25%2C%20%C3%BC.sql", "uriBaseId": "%SRCROOT%"}),
        ("/abs/x y.sql", {"uri": "file:///abs/x%20y.sql"}),
        ("C:\\repo\\x.sql", {"uri": "file:///C:/repo/x.sql"}),
    ],
    ids=["relative", "dot-space", "backslashes", "special", "posix-absolute", "windows-absolute"],
)
def test_artifact_location(path: str, expected: dict[str, str]) -> None:
    assert artifact_location(path) == expected


def test_columns_are_declared_as_code_points() -> None:
    assert run_of(CASES["special"])["columnKind"] == "unicodeCodePoints"


# ------------------------------------------- help, notifications, whitelist codes


def test_rules_carry_the_help_that_rules_code_prints() -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    run = run_of(CASES["one"])
    (rule,) = run["tool"]["driver"]["rules"]
    printed = CliRunner().invoke(cli, ["rules", "DBN104"]).stdout
    assert rule["help"]["markdown"].strip() == printed.strip()
    assert rule["fullDescription"]["text"]
    assert rule["fullDescription"]["text"] in printed.replace("\n", " ")
    assert rule["helpUri"].startswith("https://")


def test_unreadable_input_is_a_tool_notification_not_an_alert(validator: Any) -> None:
    log = sarif(CASES["diagnostics"])
    (run,) = log["runs"]
    assert [r["ruleId"] for r in run["results"]] == ["DBN020"]
    (invocation,) = run["invocations"]
    notes = invocation["toolExecutionNotifications"]
    assert [(n["descriptor"]["id"], n["level"]) for n in notes] == [
        ("DBN010", "warning"),
        ("DBN001", "error"),
    ]
    first = notes[1]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "db/ws.sql"
    assert first["region"]["startLine"] == 2
    ids = [d["id"] for d in run["tool"]["driver"]["notifications"]]
    assert ids == ["DBN010", "DBN001"]
    assert validator.iter_errors(log) is not None and list(validator.iter_errors(log)) == []


def test_whitelist_growth_is_described_as_such(validator: Any) -> None:
    from dbnamelint.model import Diagnostic, Location

    growth = Diagnostic(
        Location("whitelist.yaml", 4, 3), Severity.ERROR, "whitelist entry added", "DBN901"
    )
    run = run_of(CheckResult(findings=(), diagnostics=(growth,)))
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["name"] == "whitelist-growth"
    assert "whitelist" in rule["shortDescription"]["text"]
    assert "could not" not in rule["fullDescription"]["text"]
    assert [r["ruleId"] for r in run["results"]] == ["DBN901"]
    assert run["invocations"][0]["toolExecutionNotifications"] == []
    assert list(validator.iter_errors(sarif(CheckResult(findings=(), diagnostics=(growth,))))) == []
