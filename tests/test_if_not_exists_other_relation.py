"""``CREATE ... IF NOT EXISTS x`` where another kind of relation holds the name x: nothing is made.

Trial s33 authelia #6: after a rename phase, ``one_time_code`` is a
compatibility view; a new ``CREATE TABLE IF NOT EXISTS one_time_code (id
SERIAL PRIMARY KEY, "BadCol" INTEGER)`` makes nothing on PostgreSQL
(``NOTICE: relation "one_time_code" already exists, skipping``), but the
model gained a table beside the view, so `drift` showed a table only in the
files and the hook refused ``BadCol``. The name is looked up where the
database looks it up: PostgreSQL's pg_class (tables, views, materialized
views, sequences, indexes, composite types), MySQL/MariaDB's tables (views,
MariaDB's sequences), SQLite's tables and views. The statement is DBN010's
"does nothing", as over a table of the name.

Oracles: PostgreSQL 15, MariaDB 10.11 and SQLite running the files; `drift
--db` compares every object and column with what they made.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer

PG = """\
CREATE TABLE t0 (a int);
CREATE VIEW v1 AS SELECT 1 AS a;
CREATE SEQUENCE s1;
CREATE INDEX i1 ON t0 (a);
CREATE MATERIALIZED VIEW m1 AS SELECT 1 AS a;
CREATE TYPE c1 AS (a int);
CREATE TABLE IF NOT EXISTS v1 (id int, "BadCol" int);
CREATE TABLE IF NOT EXISTS s1 (id int);
CREATE TABLE IF NOT EXISTS i1 (id int);
CREATE TABLE IF NOT EXISTS m1 (id int);
CREATE TABLE IF NOT EXISTS c1 (id int);
CREATE SEQUENCE IF NOT EXISTS v1;
CREATE INDEX IF NOT EXISTS v1 ON t0 (a);
CREATE INDEX IF NOT EXISTS s1 ON t0 (a);
CREATE MATERIALIZED VIEW IF NOT EXISTS s1 AS SELECT 1 AS b;
CREATE SEQUENCE IF NOT EXISTS i1;
"""
MARIADB = """\
CREATE TABLE t0 (a int);
CREATE VIEW v1 AS SELECT 1 AS a;
CREATE SEQUENCE s1;
CREATE TABLE IF NOT EXISTS v1 (id int, BadCol int);
CREATE TABLE IF NOT EXISTS s1 (id int);
CREATE SEQUENCE IF NOT EXISTS v1;
CREATE SEQUENCE IF NOT EXISTS t0;
CREATE VIEW IF NOT EXISTS t0 AS SELECT 1 AS z;
CREATE VIEW IF NOT EXISTS s1 AS SELECT 1 AS z;
"""
SQLITE = """\
CREATE TABLE t0 (a int);
CREATE VIEW v1 AS SELECT 1 AS a;
CREATE TABLE IF NOT EXISTS v1 (id int, BadCol int);
CREATE VIEW IF NOT EXISTS t0 AS SELECT 2 AS z;
"""


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, sql: str) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "V1__init.sql").write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(f"dialect: {dialect}\npaths: [db]\n")
    monkeypatch.chdir(tmp_path)


def _drift(url: str) -> str:
    result = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", url])
    assert result.exit_code == 0, result.output
    assert "No drift" in result.output
    return result.output


def _warned(lines: list[int]) -> None:
    out = CliRunner().invoke(cli, ["inspect", "--no-cache"]).output
    found = sorted(
        int(line.split(":")[1]) for line in out.splitlines() if " DBN010 warning: " in line
    )
    assert found == lines, out


def test_postgresql(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer) -> None:
    _project(tmp_path, monkeypatch, "postgres", PG)
    with pg.fresh_database("dbnl_ine_other") as db:
        pg.run(files=[tmp_path / "db" / "V1__init.sql"], dbname=db)
        _drift(pg.url(db))
    _warned([7, 8, 9, 10, 11])
    out = CliRunner().invoke(cli, ["inspect", "--no-cache"]).output
    assert (
        "db/V1__init.sql:7:28: DBN010 warning: view 'v1' holds this name already (created at "
        "db/V1__init.sql:2:13), so this CREATE TABLE IF NOT EXISTS does nothing: its columns "
        "id, BadCol never reach the database and are not checked"
    ) in out, out


def test_mariadb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer) -> None:
    _project(tmp_path, monkeypatch, "mariadb", MARIADB)
    with maria.fresh_database("dbnl_ine_other") as db:
        maria.run(file=tmp_path / "db" / "V1__init.sql", database=db)
        _drift(maria.url(db))
    _warned([4, 5])


def test_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, monkeypatch, "sqlite", SQLITE)
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as connection:
        connection.executescript(SQLITE)
    connection.close()
    _drift(f"sqlite:///{path}")
    _warned([3])


def test_the_trial_compatibility_view_gets_no_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook refused BadCol (DBN201) of a table that is never made."""
    _project(
        tmp_path,
        monkeypatch,
        "postgres",
        "CREATE TABLE one_time_codes (id SERIAL PRIMARY KEY);\n"
        "CREATE VIEW one_time_code AS SELECT * FROM one_time_codes;\n"
        'CREATE TABLE IF NOT EXISTS one_time_code (id SERIAL PRIMARY KEY, "BadCol" INTEGER);\n',
    )
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "DBN201" not in result.output
    assert "DBN010 warning: view 'one_time_code' holds this name already" in result.output
