"""One ``dbnamelint`` run in the tests: exit code, JSON report (with
``--format``), output; and what the report says fails the run."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
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


def run_streams(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``dbnamelint ARGS``; a traceback fails the test."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def gate_places(*more: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    """(exit code, sorted (code, line, column, severity)) of ``check MORE
    --base HEAD``: its diagnostics but info, and its new findings (severity
    ``finding``)."""
    status, report, _ = run_cli("check", *more, "--base", "HEAD", "--no-cache", "--format", "json")
    found = [
        (d["code"], d["line"], d["column"], d["severity"])
        for d in report["diagnostics"]
        if d["severity"] != "info"
    ]
    found += [
        (f["code"], f["line"], f["column"], "finding")
        for f in report["findings"]
        if f.get("new", True)
    ]
    return status, sorted(found)


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


def relation_columns(sql: str, dialect: str, *kinds: str) -> tuple[dict[str, list[str]], set[str]]:
    """``sql`` read by ``inspect --dialect DIALECT --format json``: each
    object of ``kinds`` (``view``, ``table``...) -> its columns in order as
    inspect lists them, and the objects whose columns it says are known only
    in part."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.sql"
        path.write_text(sql, encoding="utf-8")
        result = CliRunner().invoke(
            cli, ["inspect", "--dialect", dialect, "--format", "json", "--no-cache", str(path)]
        )
    objects = json.loads(result.stdout)["objects"]
    relations = [o for o in objects if o["kind"] in kinds]
    columns = {
        r["name"]: [c["name"] for c in objects if c["kind"] == "column" and c["table"] == r["name"]]
        for r in relations
    }
    return columns, {r["name"] for r in relations if r["columns_unknown"]}


def drift_messages(url: str) -> list[str]:
    """The messages of ``drift --db URL --format json``; a traceback fails the test."""
    result = CliRunner().invoke(cli, ["drift", "--db", url, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return [d["message"] for d in json.loads(result.stdout)["drift"]]


def inspect_json(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, Any]:
    """(exit code, report) of ``dbnamelint inspect --format json ARGS`` run in ``root``."""
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def model_objects(report: Any, left_out: tuple[str, ...] = ()) -> set[tuple[str, str, str]]:
    """``(kind, table, name)`` of an ``inspect`` report's objects but those of
    a table (or a top-level object) whose name starts with one of ``left_out``
    (a migration tool's own tables)."""
    return {
        (o["kind"], o["table"] or "", o["name"])
        for o in report["objects"]
        if not (left_out and (o["table"] or o["name"]).startswith(left_out))
    }


def inspect_objects(*args: str) -> tuple[set[tuple[str, str, str]], list[dict[str, Any]]]:
    """(kind, table, name) of each object ``dbnamelint inspect --format json
    --no-cache ARGS`` (in the current folder) lists, and its diagnostics."""
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data = json.loads(result.stdout)
    objects = {(o["kind"], o["table"] or "", o["name"]) for o in data["objects"]}
    return objects, data["diagnostics"]
