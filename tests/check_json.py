"""``check --format json`` read by the gate tests: one run, what fails it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dbnamelint.cli import cli

#: A failing finding: (code, name, path, line, column).
Failing = tuple[str, str, str, int, int]


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
