"""Keys of the legacy-name maps that name a schema (trial s6-t1 finding 4).

``table-legacy-name.names`` and ``column-legacy-name.columns`` take the
object as findings spell it, ``storage.buckets_analytics`` and
``storage.buckets.public``; a key of a shape neither rule can match is a
located config error (exit 2), never a silent no-op.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.exitcodes import ExitCode

SQL = (
    "CREATE SCHEMA storage;\n"
    "CREATE TABLE storage.buckets (id text PRIMARY KEY, public boolean);\n"
    "CREATE TABLE storage.buckets_analytics (id text PRIMARY KEY);\n"
)


def _tree(tmp_path: Path, rules: str) -> None:
    (tmp_path / "db").mkdir(exist_ok=True)
    (tmp_path / "db" / "001_init.sql").write_text(SQL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: [db]\nrules:\n{rules}", encoding="utf-8")


def test_the_findings_own_spelling_works_as_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(
        tmp_path,
        "  table-legacy-name:\n    options:\n"
        "      names: {storage.buckets_analytics: analytics_buckets}\n"
        "  column-legacy-name:\n    options:\n"
        "      columns: {storage.buckets.public: is_public}\n",
    )
    result = CliRunner().invoke(cli, ["check", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == ExitCode.FINDINGS, result.output
    found = {
        (f["code"], f["qualified_name"], f["suggestion"])
        for f in json.loads(result.stdout)["findings"]
    }
    assert found == {
        ("DBN107", "storage.buckets_analytics", "analytics_buckets"),
        ("DBN202", "storage.buckets.public", "is_public"),
    }


@pytest.mark.parametrize(
    ("rules", "line", "key"),
    [
        ("  table-legacy-name:\n    options:\n      names: {a.b.c: x}\n", 5, "a.b.c"),
        ("  column-legacy-name:\n    options:\n      columns: {public: x}\n", 5, "public"),
        (
            "  column-legacy-name:\n    options:\n      columns:\n        ok.col: x\n"
            "        s.t.c.d: y\n",
            5,
            "s.t.c.d",
        ),
        ("  table-legacy-name:\n    options:\n      names: {storage.: x}\n", 5, "storage."),
    ],
)
def test_a_key_no_object_can_have_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: str, line: int, key: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, rules)
    result = CliRunner().invoke(cli, ["check"], catch_exceptions=False)
    assert result.exit_code == ExitCode.USAGE
    assert f"dbnamelint.yaml:{line}:" in result.stderr
    assert f"key {key!r}: expected" in result.stderr
