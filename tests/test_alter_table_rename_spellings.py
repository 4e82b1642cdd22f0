"""Each ``ALTER TABLE t RENAME ...`` spelling read as each database reads it.

``ALTER TABLE t RENAME a TO b`` was read as MySQL's bare table rename
(``RENAME a``, the ``TO b`` left over): MySQL's ``RENAME [TO|AS] name``
takes one name, and MariaDB refuses the statement (error 1064 near 'to b'),
while PostgreSQL and SQLite read it as ``RENAME [COLUMN] a TO b``. The
oracles run every spelling: a statement the database refuses is a located
DBN004 error here; one it runs leaves the tables and columns it leaves.
"""

from __future__ import annotations

import sqlite3

import pytest

import pg_server
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed

SETUP = "CREATE TABLE t (a int);\n"
SPELLINGS = (
    "ALTER TABLE t RENAME a TO b",
    "ALTER TABLE t RENAME TO u",
    "ALTER TABLE t RENAME AS u",
    "ALTER TABLE t RENAME u",
    "ALTER TABLE t RENAME COLUMN a TO b",
    "ALTER TABLE t RENAME TO u TO v",
    "ALTER TABLE t RENAME AS u AS v",
    "ALTER TABLE t RENAME TO u ENGINE=InnoDB",
)

#: A database's outcome: None (refused), else {(table, column)}.
Outcome = frozenset[tuple[str, str]] | None


def _ours(sql: str, dialect: str) -> Outcome:
    schema = schema_from_sql(SETUP + sql + ";\n", dialect=dialect)
    errors = [d for d in schema.diagnostics if d.code == "DBN004"]
    if errors:
        assert all(d.location.line == 2 for d in errors), errors  # at the statement
        return None
    return frozenset((o.table or "", o.name) for o in schema.objects if o.kind is ObjectKind.COLUMN)


def _sqlite(sql: str) -> Outcome:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SETUP + sql + ";")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return frozenset(
            (table, r[1]) for table in tables for r in conn.execute(f'PRAGMA table_info("{table}")')
        )
    except sqlite3.Error:
        return None
    finally:
        conn.close()


@pytest.mark.parametrize("sql", SPELLINGS)
def test_sqlite_spellings_follow_sqlite3(sql: str) -> None:
    assert _ours(sql, "sqlite") == _sqlite(sql)


def test_mysql_spellings_follow_mariadb(maria: MysqlServer) -> None:
    theirs: dict[str, Outcome] = {}
    with maria.fresh_database("s38_model_rename") as db:
        for sql in SPELLINGS:
            maria.run("DROP TABLE IF EXISTS t, u, v; " + SETUP, database=db)
            try:
                maria.run(sql, database=db)
            except MysqlFailed:
                theirs[sql] = None
                continue
            listed = maria.run(
                "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                " WHERE TABLE_SCHEMA = DATABASE()",
                database=db,
            )
            theirs[sql] = frozenset(tuple(line.split("\t")) for line in listed.splitlines())  # type: ignore[misc]
    assert theirs["ALTER TABLE t RENAME a TO b"] is None  # the case this file is for
    for dialect in ("mysql", "mariadb"):
        assert {sql: _ours(sql, dialect) for sql in SPELLINGS} == theirs, dialect


def test_postgres_spellings_follow_postgres(pg: pg_server.PgServer) -> None:
    theirs: dict[str, Outcome] = {}
    with pg.fresh_database("s38_model_rename") as db:
        for sql in SPELLINGS:
            pg.run(sql="DROP TABLE IF EXISTS t, u, v; " + SETUP, dbname=db)
            try:
                pg.run(sql=sql + ";", dbname=db)
            except pg_server.SqlFailed:
                theirs[sql] = None
                continue
            rows = pg.query_json(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public'",
                db,
            )
            theirs[sql] = frozenset((r["table_name"], r["column_name"]) for r in rows)
    assert theirs["ALTER TABLE t RENAME a TO b"] == {("t", "b")}
    assert {sql: _ours(sql, "postgres") for sql in SPELLINGS} == theirs
