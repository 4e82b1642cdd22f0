"""A file or folder the config's ``exclude:`` leaves out, named on the command line.

Trial s30 temporal: with ``exclude:`` leaving out
``schema/postgresql/v12/temporal/schema.sql``, ``inspect`` of that file
printed "0 objects" (exit 0) and ``check`` of it "no SQL files found" and
passed: nothing said the config left it out. It stays out (a list of files,
``git diff --name-only``, still honours the config, as before), with a
located ``DBN015`` warning naming the entry; the files the entry does not
cover are read as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

FULL = 'CREATE TABLE namespaces (id BIGINT PRIMARY KEY, "badName" TEXT);\n'
KEPT = "CREATE TABLE shards (shard_id INTEGER PRIMARY KEY);\n"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "schema" / "old").mkdir(parents=True)
    (tmp_path / "schema" / "schema.sql").write_text(FULL, encoding="utf-8")
    (tmp_path / "schema" / "old" / "1.sql").write_text(FULL, encoding="utf-8")
    (tmp_path / "schema" / "shards.sql").write_text(KEPT, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [schema]\ndialect: postgres\nexclude: [schema/schema.sql, schema/old]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.stdout, done.stderr


WARNING = (
    "schema/schema.sql:1:1: DBN015 warning: not read: the config's `exclude:` entry "
    "'schema/schema.sql' leaves this file out, named on the command line too; to read it, "
    "drop or narrow that entry"
)


def test_inspect_says_the_file_is_excluded(tree: Path) -> None:
    code, out, err = _run("inspect", "schema/schema.sql")
    assert code == 0
    assert WARNING in out + err, (out, err)
    code, out, err = _run("inspect", "schema/old")
    assert "schema/old:1:1: DBN015 warning: not read: the config's `exclude:` entry " in out + err
    assert "'schema/old' leaves this folder out" in out + err


def test_check_says_it_and_not_no_sql_files(tree: Path) -> None:
    code, out, err = _run("check", "--no-cache", "schema/schema.sql")
    assert code == 0, out + err
    assert WARNING in out + err, (out, err)
    assert "no SQL files found" not in out + err  # the warning says why, once


def test_the_rest_is_read_as_before(tree: Path) -> None:
    code, out, err = _run("inspect", "--format", "json", "schema/schema.sql", "schema/shards.sql")
    objects = json.loads(out)["objects"]
    assert {o["name"] for o in objects if o["kind"] == "table"} == {"shards"}
    # the configured tree: no note for what the config itself leaves out
    code, out, err = _run("check", "--no-cache")
    assert code == 0 and "DBN015" not in out + err, out + err


def test_drift_says_it_instead_of_no_sql_files(tree: Path) -> None:
    """``drift`` of an excluded file alone stops before connecting (exit 2), saying why."""
    code, _out, err = _run("drift", "--db", "sqlite:///nothing.db", "schema/schema.sql")
    assert code == 2
    assert WARNING in err and "no SQL files found" not in err, err
