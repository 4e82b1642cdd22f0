"""One ``dbnamelint`` run in the tests: exit code, JSON report (with
``--format``), output; and what the report says fails the run."""

from __future__ import annotations

import json
from typing import Any

from click.testing import CliRunner

from dbnamelint.cli import cli


def run_cli(*args: str) -> tuple[int, Any, str]:
    """(exit code, the JSON report when ``--format`` is given else None,
    output) of ``dbnamelint ARGS``; a traceback fails the test."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout) if "--format" in args else None
    return result.exit_code, report, result.output


def run_text(*args: str) -> tuple[int, str]:
    """(exit code, stdout then stderr) of ``dbnamelint ARGS``; a traceback
    fails the test."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout + result.stderr


def diagnostic_codes(report: Any, *codes: str) -> list[tuple[str, str, str, int]]:
    """(code, severity, path, line) of the report's diagnostics of ``codes``."""
    return [
        (d["code"], d["severity"], d["path"], d["line"])
        for d in report["diagnostics"]
        if d["code"] in codes
    ]


def failing_findings(report: Any) -> list[tuple[str, str, int]]:
    """The findings that fail the run: (code, path, line)."""
    return [(f["code"], f["path"], f["line"]) for f in report["findings"] if f["fails_run"]]


def gate_errors(report: Any) -> list[tuple[str, str, int]]:
    """What fails the gate: error diagnostics and failing findings, sorted."""
    return sorted(
        [
            (d["code"], d["path"], d["line"])
            for d in report["diagnostics"]
            if d["severity"] == "error"
        ]
        + failing_findings(report)
    )
