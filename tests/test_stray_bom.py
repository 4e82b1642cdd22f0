"""A byte-order mark past a file's start (two files joined) read as each database reads it.

``cat a.sql b.sql`` leaves b's BOM (U+FEFF) in the middle of the file. It
gave a DBN005 "unrecognised statement starting with '\\ufeffcreate ...'" in
every dialect. The oracles run each file: sqlite3 takes a BOM where a token
starts for white space (every statement runs); PostgreSQL (psql -f) and
MariaDB read it as a character of a name and refuse a statement starting
with it or one where it stands alone, which is now a DBN004 error at the
BOM saying so. A BOM as the file's first character is dropped, as before.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import pg_server
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed

B = "\ufeff"
#: name -> (file text, where the BOM a database refuses stands: (line, column)).
CASES = {
    "joined": (f"create table a1 (id int);\n{B}create table b1 (id int);\n", (2, 1)),
    "line_end": (f"create table c1 (id int);{B}\ncreate table d1 (id int);\n", (1, 26)),
    "alone": (f"create table a1 (id int);\ncreate table g1 (id int) {B};\n", (2, 26)),
    "first_byte": (f"{B}create table f1 (id int);\n", None),
    "in_comment": (f"create table a1 (id int); -- {B}x\ncreate table k1 (id int);\n", None),
}
#: SQLite alone: a BOM starting a column's name is white space there.
SQLITE_ONLY = {"column_start": (f"create table h1 ({B}id int, {B} e int);\n", None)}

#: (tables with their columns, whether the database refused a statement)
Outcome = tuple[frozenset[tuple[str, str]], bool]


def _ours(text: str, dialect: str, at: tuple[int, int] | None) -> Outcome:
    schema = schema_from_sql(text, dialect=dialect)
    errors = [d for d in schema.diagnostics if d.code in ("DBN004", "DBN005")]
    if at is not None:
        assert [(d.location.line, d.location.column) for d in errors] == [at]
        assert "byte-order mark (U+FEFF)" in errors[0].message
    columns = {(o.table or "", o.name) for o in schema.objects if o.kind is ObjectKind.COLUMN}
    return frozenset(columns), bool(errors)


def _sqlite(text: str) -> Outcome:
    conn = sqlite3.connect(":memory:")
    refused = False
    try:
        conn.executescript(text.removeprefix(B))
    except sqlite3.Error:
        refused = True
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    columns = {(t, r[1]) for t in tables for r in conn.execute(f'PRAGMA table_info("{t}")')}
    conn.close()
    return frozenset(columns), refused


@pytest.mark.parametrize("name", [*CASES, *SQLITE_ONLY])
def test_sqlite_ignores_a_bom_where_a_token_starts(name: str) -> None:
    text, _ = {**CASES, **SQLITE_ONLY}[name]
    theirs = _sqlite(text)
    assert not theirs[1]
    assert _ours(text, "sqlite", None) == theirs


def test_postgres_refuses_a_stray_bom(pg: pg_server.PgServer, tmp_path: Path) -> None:
    for name, (text, at) in CASES.items():
        path = tmp_path / f"{name}.sql"
        path.write_bytes(text.encode("utf-8"))
        with pg.fresh_database("s38_model_bom") as db:
            try:
                pg.run(files=[path], dbname=db)  # psql -f: its first-byte BOM dropped
                refused = False
            except pg_server.SqlFailed as exc:
                refused = True
                assert "syntax error" in str(exc)
            rows = pg.query_json(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public'",
                db,
            )
        theirs = (frozenset((r["table_name"], r["column_name"]) for r in rows), refused)
        assert theirs[1] == (at is not None), name
        assert _ours(text, "postgres", at) == theirs, name


def test_mariadb_refuses_a_stray_bom(maria: MysqlServer, tmp_path: Path) -> None:
    for name, (text, at) in CASES.items():
        path = tmp_path / f"{name}.sql"
        path.write_bytes(text.encode("utf-8"))
        with maria.fresh_database("s38_model_bom") as db:
            try:
                maria.run(file=path, database=db)
                refused = False
            except MysqlFailed as exc:
                refused = True
                assert "1064" in str(exc)
            listed = maria.run(
                "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
                " WHERE TABLE_SCHEMA = DATABASE()",
                database=db,
            )
        rows = [line.split("\t") for line in listed.splitlines()]
        pairs = frozenset((table, column) for table, column in rows)
        assert refused == (at is not None), name
        assert _ours(text, "mysql", at) == (pairs, refused), name
