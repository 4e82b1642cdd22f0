"""The summary names every whitelist and gate error for what it is (s9 trial finding 18).

A config relaxation (``DBN909``) is not a "whitelist error", and the line
about warnings names them, so it does not read as the run's verdict. The
names follow the diagnostics registry (``dbnamelint rules CODE``); the gate
run is in a real git repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.core.diagnostics import DIAGNOSTICS, diagnostic_category
from dbnamelint.findings import CheckResult
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.report import render
from dbnamelint.report.common import GATE_ERROR_NAMES, summarize
from git_helpers import commit_all, init_repo, isolated_git_env
from test_report_common import ACTIVITY, USER_ID, finding

#: Every code the gate or the whitelist checks report as an error.
ERROR_CODES = sorted(
    c
    for c, info in DIAGNOSTICS.items()
    if info.severity is Severity.ERROR and diagnostic_category(c) in ("whitelist", "gate")
)


def test_every_whitelist_and_gate_error_code_has_a_name() -> None:
    # DBN900 (stale entries) is counted on its own; every other one is named.
    assert [c for c in ERROR_CODES if c not in GATE_ERROR_NAMES] == ["DBN900"]
    assert diagnostic_category("DBN025") == "gate"  # not an inline suppression (DBN02x)


@pytest.mark.parametrize("code", sorted(GATE_ERROR_NAMES))
def test_the_summary_names_the_kind(code: str) -> None:
    one, many = GATE_ERROR_NAMES[code]
    error = Diagnostic(Location("x.yaml", 1, 1), Severity.ERROR, "m", code)
    result = CheckResult(findings=(), diagnostics=(error, error))
    text = render(result, "text")
    assert text.splitlines()[-1] == f"Found 2 problems: 2 {many}."
    summary = summarize(result)
    assert summary.failures == 2 and summary.input_errors == 0 and summary.whitelist_errors == 2
    single = render(CheckResult(findings=(), diagnostics=(error,)), "text")
    assert single.splitlines()[-1] == f"Found 1 problem: 1 {one}."
    assert "whitelist error" not in text and "input error" not in text


def test_warnings_are_named_and_do_not_read_as_the_verdict() -> None:
    warn = Diagnostic(Location("w.yaml", 8, 5), Severity.WARNING, "m", "DBN911")
    note = Diagnostic(Location("a.sql", 1, 1), Severity.WARNING, "m", "DBN010")
    text = render(CheckResult(findings=(), diagnostics=(warn, note, note)), "text")
    assert text.splitlines()[-2:] == [
        "3 warnings, not failing the run: object-redefined x2, whitelist-entry-rule-off.",
        "All checks passed (3 warnings).",
    ]


def test_a_passing_run_counts_what_it_listed_in_every_text_format() -> None:
    """ "All checks passed!" under a screen of warnings read as if they were not there
    (documenso trial): the verdict counts what was listed without failing the run,
    warning diagnostics and findings below --fail-on alike; JSON keeps its fields."""
    warn = Diagnostic(Location("a.sql", 1, 1), Severity.WARNING, "m", "DBN013")
    quiet = [finding(ACTIVITY, severity=Severity.WARNING), finding(USER_ID, severity=Severity.INFO)]
    result = CheckResult(findings=tuple(quiet), diagnostics=(warn,))
    assert not result.failed
    assert render(result, "text").splitlines()[-1] == "All checks passed (2 warnings, 1 info note)."
    assert render(result, "github").splitlines()[-1] == (
        "dbnamelint: all checks passed (2 warnings, 1 info note)."
    )
    assert render(result, "markdown").splitlines()[0] == (
        "## ✅ dbnamelint: all checks passed (2 warnings, 1 info note)"
    )
    clean = CheckResult(findings=())
    assert render(clean, "text").splitlines()[-1] == "All checks passed!"
    assert render(clean, "github").splitlines()[-1] == "dbnamelint: all checks passed!"
    assert render(clean, "markdown").splitlines()[0] == "## ✅ dbnamelint: all checks passed"
    assert "passed" not in render(result, "json")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_trial_relaxation_is_called_a_config_relaxation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "p"
    (root / "db").mkdir(parents=True)
    monkeypatch.chdir(root)
    (root / "db/001.sql").write_text("CREATE TABLE alert (id int);\n")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    init_repo(root, "base")
    (root / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\nrules:\n  DBN105: false\n"
    )
    (root / "db/002.sql").write_text("CREATE TABLE badge (id int);\n")
    commit_all(root, "relax and add")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[-2:] == [
        "1 warning, not failing the run: whitelist-entry-rule-off.",
        # badge, new, and alert, whitelisted: the rule off stops both (trial s17
        # #2), one DBN909 at the config line that hides them (trial s20)
        "Found 1 problem: 1 config relaxation.",
    ]
