"""``inspect --database NAME``: the model of one separate database of the tree.

A tree of several databases (config ``databases:``, one folder each) may
hold one table name in both; ``drift``/``migrate --database`` read one of
them, and ``inspect`` now can too. The oracle is a real PostgreSQL: each
folder's migrations run with psql into a database of its own, and ``inspect
--db`` of that database (its catalog) names exactly the tables, columns and
indexes ``inspect --database`` names from the files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

CONFIG = (
    "paths: [billing, auth]\ndialect: postgres\ndatabases:\n  billing: [billing]\n  auth: [auth]\n"
)
BILLING = (
    "CREATE TABLE users (id int PRIMARY KEY, plan text);\n"
    "CREATE TABLE invoices (id int PRIMARY KEY, user_id int REFERENCES users (id));\n"
    "CREATE INDEX invoices_user_id_idx ON invoices (user_id);\n"
)
AUTH = (
    "CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);\n"
    "CREATE TABLE sessions (id int PRIMARY KEY, token text);\n"
)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _names(output: str) -> set[tuple[str, str]]:
    model = json.loads(output)
    return {
        (o["kind"], o["qualified_name"])
        for o in model["objects"]
        if o["kind"] in ("table", "column", "index")
    }


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder, sql in (("billing", BILLING), ("auth", AUTH)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "001_init.sql").write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", ["billing", "auth"])
def test_each_database_is_its_catalog(tree: Path, pg: PgServer, name: str) -> None:
    with pg.fresh_database(f"dbn_inspect_db_{name}") as dbname:
        pg.run(files=[tree / name / "001_init.sql"], dbname=dbname)
        code, live, err = _run("inspect", "--db", pg.url(dbname), "--format", "json")
        assert code == 0, err
        code, files, err = _run("inspect", "--database", name, "--format", "json")
        assert code == 0, err
    assert _names(files) == _names(live)
    assert ("table", "users") in _names(files)


def test_an_unknown_database_is_a_usage_error(tree: Path) -> None:
    code, out, err = _run("inspect", "--database", "nope")
    assert code == 2 and out == ""
    assert "--database 'nope': no file read belongs to it" in err
    assert "auth, billing" in err


def test_database_and_db_together_are_refused(tree: Path) -> None:
    code, _out, err = _run("inspect", "--database", "auth", "--db", "sqlite:///x.db")
    assert code == 2 and "use one or the other" in err
