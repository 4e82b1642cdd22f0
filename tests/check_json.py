"""``check --format json`` read by the gate tests: one run, what fails it
(or all it says)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git

#: A failing finding: (code, name, path, line, column).
Failing = tuple[str, str, str, int, int]
#: A diagnostic or a finding new to the change: (code, path, line, severity, message).
Entry = tuple[str, str, int, str, str]


def check_json(*args: str) -> tuple[int, list[Failing], list[dict[str, object]]]:
    """(exit code, failing findings, diagnostics) of ``dbnamelint check
    --no-cache ARGS --format json`` in the current folder; a traceback fails
    the test."""
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (f["code"], f["name"], f["path"], f["line"], f["column"])
        for f in report["findings"]
        if f["fails_run"]
    ]
    return result.exit_code, found, report["diagnostics"]


def check_entries(*args: str) -> tuple[int, list[Entry]]:
    """(exit code, every diagnostic then every finding new to the change) of
    ``dbnamelint check ARGS --format json`` in the current folder; a
    traceback fails the test."""
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["severity"], d["message"])
        for d in report["diagnostics"]
    ]
    found += [
        (f["code"], f["path"], f["line"], f["severity"], f["message"])
        for f in report["findings"]
        if f.get("new", True)
    ]
    return result.exit_code, found


def stage(root: Path, path: str, text: str) -> None:
    """``text`` written at ``path`` in the repository ``root`` and staged."""
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)
    git(root, "add", "-A")


def new_file_errors(root: Path, path: str, text: str) -> list[tuple[str, int]]:
    """The errors (code, line) at ``path`` when ``text`` is added there,
    staged: the gate, ``check --base HEAD`` and ``check --pre-commit`` alike,
    must fail it with the same ones."""
    stage(root, path, text)
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        seen.append(sorted({(c, line) for c, p, line, s, _ in found if s == "error" and p == path}))
    assert seen[0] == seen[1], seen
    return seen[0]


def assert_edit_fails(root: Path, path: str, text: str) -> None:
    """The gate, ``check --base HEAD`` and ``check --pre-commit`` alike, fails
    the edit of the applied migration ``path`` to ``text``, staged, with the
    error DBN025."""
    stage(root, path, text)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        errors = [(c, p) for c, p, _, s, _ in found if s == "error"]
        assert ("DBN025", path) in errors, found


def assert_edit_passes(root: Path, path: str, text: str) -> None:
    """``check --base HEAD`` passes the edit of ``path`` to ``text``, staged."""
    stage(root, path, text)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found


def staged_gate(root: Path, path: str, text: str) -> tuple[int, list[str], list[tuple[str, str]]]:
    """(exit code, failing DBN101 findings' names, (code, severity) of each
    diagnostic at ``path``) of the hook's run with ``path`` written as
    ``text`` and staged; ``check --base HEAD`` agrees."""
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found, said = check_json("--pre-commit", "--verbose")
    assert check_json("--base", "HEAD", "--verbose")[:2] == (code, found)
    names = sorted({name for c, name, *_ in found if c == "DBN101"})
    return code, names, [(str(d["code"]), str(d["severity"])) for d in said if d["path"] == path]
