"""A rule's ``severity`` and ``--fail-on`` (trial s7-t1 finding 8).

The oracle is ESLint's and sqlfluff's documented meaning, which users bring:
ESLint exits 1 only for errors (warnings are reported, ``--max-warnings``
makes them fail); sqlfluff's ``warnings:`` rules are reported without failing.
So a rule set to ``severity: warning`` or ``info`` is listed and does not fail
``check``; ``--fail-on warning|info`` (config ``fail_on``) makes it fail. It
stays a finding for the whitelist and the gate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from dbnamelint.cli import cli

REPO = Path(__file__).resolve().parents[1]
SQL = "CREATE TABLE order_item (id int);\n"  # DBN105 table-name-singular: not plural


def _project(root: Path, severity: str, extra: str = "") -> Path:
    (root / "a.sql").write_text(SQL)
    (root / "dbnamelint.yaml").write_text(
        f"paths: [a.sql]\nrules:\n  table-name-singular:\n    severity: {severity}\n{extra}"
    )
    return root


def _check(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(root)
    return CliRunner().invoke(cli, ["check", "--no-cache", *args])


@pytest.mark.parametrize(
    ("severity", "fail_on", "code"),
    [
        ("error", None, 1),
        ("warning", None, 0),
        ("info", None, 0),
        ("warning", "warning", 1),
        ("info", "warning", 0),
        ("info", "info", 1),
        ("error", "info", 1),
    ],
)
def test_severity_decides_whether_a_new_finding_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, severity: str, fail_on: str | None, code: int
) -> None:
    root = _project(tmp_path, severity)
    done = _check(root, monkeypatch, *(["--fail-on", fail_on] if fail_on else []))
    assert done.exit_code == code, done.output
    assert 'DBN105 table "order_item"' in done.output  # listed either way
    assert f"New findings by severity: 1 {severity}" in done.output
    if code == 0:
        assert "1 new finding below --fail-on, not failing the run." in done.output


def test_config_fail_on_and_the_option_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "warning", "fail_on: warning\n")
    assert _check(root, monkeypatch).exit_code == 1
    assert _check(root, monkeypatch, "--fail-on", "error").exit_code == 0


def test_a_bad_fail_on_is_a_located_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "warning", "fail_on: loud\n")
    done = _check(root, monkeypatch)
    assert done.exit_code == 2
    assert "dbnamelint.yaml:5" in done.output and "fail_on" in done.output


def test_json_and_sarif_say_what_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, "warning")
    report = json.loads(_check(root, monkeypatch, "--format", "json").stdout)
    [finding] = report["findings"]
    assert (finding["severity"], finding["fails_run"]) == ("warning", False)
    summary = report["summary"]
    assert (summary["failed"], summary["new"], summary["not_failing"]) == (False, 1, 1)
    assert (summary["failures"], summary["fail_on"]) == (0, "error")
    sarif = json.loads(_check(root, monkeypatch, "--format", "sarif").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["level"] == "warning"


def test_a_warning_finding_still_goes_into_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, "warning")
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    entries = yaml.safe_load((root / "whitelist.yaml").read_text())["entries"]
    assert [(e["kind"], e["name"]) for e in entries] == [("table", "order_item")]
    excused = _check(root, monkeypatch, "--fail-on", "warning")
    assert excused.exit_code == 0 and "1 whitelisted (legacy) finding" in excused.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_lists_a_new_warning_without_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from git_helpers import commit_all, init_repo

    root = _project(tmp_path, "warning")
    (root / "a.sql").write_text("CREATE TABLE users (id int);\n")
    init_repo(root, "init")
    (root / "a.sql").write_text("CREATE TABLE users (id int);\n" + SQL)
    commit_all(root, "add order_item")
    done = _check(root, monkeypatch, "--base", "HEAD~1")
    assert done.exit_code == 0, done.output
    assert "order_item" in done.output
    assert _check(root, monkeypatch, "--base", "HEAD~1", "--fail-on", "warning").exit_code == 1


def test_no_shipped_pack_sets_a_severity() -> None:
    """Demoting a rule is the user's choice: the packs keep every rule failing."""
    for pack in sorted((REPO / "rules").glob("*.yaml")):
        rules = yaml.safe_load(pack.read_text()).get("rules") or {}
        for name, setting in rules.items():
            assert not (isinstance(setting, dict) and "severity" in setting), (pack.name, name)


def test_the_rule_page_says_what_its_severity_does() -> None:
    page = CliRunner().invoke(cli, ["rules", "DBN105"]).output
    assert "default severity: error (a new finding fails the run at or above" in page
