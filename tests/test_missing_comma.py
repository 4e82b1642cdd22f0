"""A column definition that runs into the next (a comma left out) is an error,
never a column lost without a word; the databases themselves are the oracle.

Each statement is run on the real PostgreSQL and on SQLite (the standard
library's): the reader must report DBN004 for exactly the statements the
database rejects, among these column definitions.
"""

from __future__ import annotations

import sqlite3

import pytest

import pg_server
from dbnamelint.runner.pipeline import schema_from_sql

STATEMENTS = [
    'CREATE TABLE t (id int PRIMARY KEY "Total" numeric)',
    "CREATE TABLE t (id int NOT NULL total numeric)",
    'CREATE TABLE t (id int DEFAULT 0 "Total" numeric)',
    "CREATE TABLE t (id int, , total numeric)",
    "CREATE TABLE t (id int,)",
    "CREATE TABLE t (id int PRIMARY KEY, total numeric)",
    "CREATE TABLE t (c timestamp with time zone NULL, d int)",
    "CREATE TABLE t (c timestamp(3) without time zone NOT NULL)",
    'CREATE TABLE t (c text COLLATE "C" NOT NULL)',
    "CREATE TABLE t (c double precision DEFAULT 0)",
    "CREATE TABLE t (c character varying(3) UNIQUE)",
    "CREATE TABLE t (c int REFERENCES u (id) ON DELETE CASCADE, d int)",
    "CREATE TABLE t (c int CHECK (c > 0) d int)",
]


#: For SQLite: the ones above that are SQLite at all (no PostgreSQL-only type
#: syntax or collation), and SQLite's own: any run of names is a type there.
SQLITE_STATEMENTS = [
    *(s for s in STATEMENTS if "without time zone" not in s and "COLLATE" not in s),
    "CREATE TABLE t (description BLOB SUB_TYPE TEXT DEFAULT NULL)",
    'CREATE TABLE t (id INT "Total" numeric)',
    "CREATE TABLE t (id INT NOT NULL SUB_TYPE TEXT)",
]


def _flagged(sql: str, dialect: str) -> bool:
    schema = schema_from_sql(sql + ";\n", dialect=dialect)
    return any(d.code == "DBN004" for d in schema.diagnostics)


def test_postgres_rejects_exactly_what_is_flagged(pg: pg_server.PgServer) -> None:
    rejected = set()
    for sql in STATEMENTS:
        try:
            # u exists so that REFERENCES u (id) is judged on its syntax alone.
            pg.run(sql=f"BEGIN; CREATE TABLE u (id int PRIMARY KEY); {sql}; ROLLBACK;")
        except pg_server.SqlFailed:
            rejected.add(sql)
    flagged = {sql for sql in STATEMENTS if _flagged(sql, "postgres")}
    assert flagged == rejected
    assert len(rejected) >= 5  # the faulty ones are faulty for the server too


@pytest.mark.parametrize("sql", SQLITE_STATEMENTS)
def test_sqlite_rejects_exactly_what_is_flagged(sql: str) -> None:
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE TABLE u (id int PRIMARY KEY)")
        db.execute(sql)
        rejected = False
    except sqlite3.Error:
        rejected = True
    finally:
        db.close()
    assert _flagged(sql, "sqlite") is rejected
