"""A rename of an object the files never made, onto a name that exists, is refused.

``ALTER TABLE accounts RENAME TO services`` with ``accounts`` never created
and ``services`` created by the files: the database refuses it (sqlite3 "no
such table: accounts", PostgreSQL 'relation "accounts" does not exist',
MariaDB ERROR 1146; and were ``accounts`` made outside the files, "already
exists"), so ``services`` stays whole. Replay made a new ``services`` from
the rename that replaced the existing one, losing its columns and index
(trial s24 photoprism: ``inspect --dialect sqlite`` said "1 object: 1 table").
Now the existing object is kept and the rename gets DBN011's info note.

Oracles: sqlite3, PostgreSQL and MariaDB run each statement alone: only the
rename is refused, and the tables, columns and indexes they keep are the
model's.
"""

from __future__ import annotations

import sqlite3

import pytest

import mysql_server
import pg_server
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

SETUP = (
    "CREATE TABLE services (id INTEGER, acc_name VARCHAR(20))",
    "CREATE INDEX idx_services_acc_name ON services (acc_name)",
)
#: case -> (the rename, the dialects that take its syntax)
RENAMES = {
    "alter-table-rename-to": (
        "ALTER TABLE accounts RENAME TO services",
        ("sqlite", "postgres", "mariadb"),
    ),
    "mysql-rename-table": ("RENAME TABLE accounts TO services", ("mariadb",)),
    "mysql-rename-table-if-exists": ("RENAME TABLE IF EXISTS accounts TO services", ("mariadb",)),
    "postgres-alter-table-if-exists": (
        "ALTER TABLE IF EXISTS accounts RENAME TO services",
        ("postgres",),
    ),
}
CASES = [(case, dialect) for case, (_, dialects) in RENAMES.items() for dialect in dialects]

Names = set[tuple[str, str]]


def _script(case: str) -> list[str]:
    return [*SETUP, RENAMES[case][0]]


def _model(case: str, dialect: str) -> tuple[Names, list[tuple[str, int]]]:
    schema = schema_from_sql(";\n".join(_script(case)) + ";\n", dialect=dialect)
    names = {(str(o.table), o.name) for o in schema.of_kind(ObjectKind.COLUMN)}
    names |= {("index", o.name) for o in schema.of_kind(ObjectKind.INDEX)}
    names |= {("table", o.name) for o in schema.of_kind(ObjectKind.TABLE)}
    notes = [(d.code, d.location.line) for d in schema.diagnostics]
    return names, notes


def _sqlite(script: list[str]) -> tuple[Names, list[int]]:
    con = sqlite3.connect(":memory:")
    refused = []
    for line, statement in enumerate(script, start=1):
        try:
            con.execute(statement)
        except sqlite3.OperationalError:
            refused.append(line)
    names = {
        (t, c)
        for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for (c,) in con.execute("SELECT name FROM pragma_table_info(?)", (t,))
    }
    names |= {
        ("index", i) for (i,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    names |= {
        ("table", t) for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    return names, refused


@pytest.mark.parametrize(("case", "dialect"), [c for c in CASES if c[1] == "sqlite"])
def test_sqlite_keeps_the_existing_table(case: str, dialect: str) -> None:
    expected, refused = _sqlite(_script(case))
    assert refused == [3]
    names, notes = _model(case, dialect)
    assert names == expected
    assert notes == [("DBN011", 3)]


@pytest.mark.slow
@pytest.mark.parametrize(("case", "dialect"), [c for c in CASES if c[1] == "postgres"])
def test_postgres_keeps_the_existing_table(pg: pg_server.PgServer, case: str, dialect: str) -> None:
    script = _script(case)
    with pg.fresh_database("dbnl_rename_unknown") as db:
        refused = pg.refused_lines("\n".join(script), db)
        rows = pg.query_json(
            "SELECT table_name AS t, column_name AS c FROM information_schema.columns"
            " WHERE table_schema = 'public' UNION ALL"
            " SELECT 'index', indexname FROM pg_indexes WHERE schemaname = 'public' UNION ALL"
            " SELECT 'table', table_name FROM information_schema.tables"
            " WHERE table_schema = 'public'",
            db,
        )
    if case == "postgres-alter-table-if-exists":
        assert refused == {}  # NOTICE: relation "accounts" does not exist, skipping
    else:
        assert list(refused) == [3]
    names, notes = _model(case, dialect)
    assert names == {(r["t"], r["c"]) for r in rows}
    assert ("DBN011", 3) in notes or case == "postgres-alter-table-if-exists"


@pytest.mark.slow
@pytest.mark.parametrize(("case", "dialect"), [c for c in CASES if c[1] == "mariadb"])
def test_mariadb_keeps_the_existing_table(
    maria: mysql_server.MysqlServer, case: str, dialect: str
) -> None:
    script = _script(case)
    refused = []
    with maria.fresh_database("dbnl_rename_unknown") as db:
        for line, statement in enumerate(script, start=1):
            try:
                maria.run(statement, database=db)
            except mysql_server.SqlFailed:
                refused.append(line)
        out = maria.run(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
            " WHERE TABLE_SCHEMA = DATABASE() UNION ALL"
            " SELECT 'index', INDEX_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = DATABASE() UNION ALL"
            " SELECT 'table', TABLE_NAME FROM information_schema.TABLES"
            " WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        )
    assert refused == ([] if "if-exists" in case else [3])
    names, _ = _model(case, dialect)
    assert names == {(a, b) for a, b in (line.split("\t") for line in out.splitlines() if line)}


def test_column_rename_onto_an_existing_column_keeps_that_column() -> None:
    script = [*SETUP, "ALTER TABLE services RENAME COLUMN nope TO acc_name"]
    _, refused = _sqlite(script)
    assert refused == [3]  # sqlite3: no such column: "nope"
    schema = schema_from_sql(";\n".join(script) + ";\n", dialect="sqlite")
    column = next(o for o in schema.of_kind(ObjectKind.COLUMN) if o.name == "acc_name")
    assert (column.previous_names, column.location.line) == ((), 1)
    assert [(d.code, d.location.line) for d in schema.diagnostics] == [("DBN011", 3)]
