"""``CREATE TABLE ... AS`` whose first SELECT has no FROM: the first branch names the columns.

Trial s36 lemmy F1: ``CREATE TABLE report_kinds AS SELECT 'post' AS
"kindName" UNION SELECT 'comment' AS kind_name`` passed the gate. The select
list was read up to the next FROM (or the end), so the model took the last
branch's alias (``kind_name``), or ``?column?`` / ``data`` when WHERE, LIMIT,
``WITH NO DATA``... or a parenthesized branch followed; views had the last
kind of fault. PostgreSQL, MariaDB and SQLite all name the columns after the
FIRST branch (``pg_attribute``, ``information_schema.COLUMNS``, ``pragma
table_info`` below are the oracles).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import mysql_server
import pg_server
from check_json import check_json
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

#: One statement per table or view; {q} is the dialect's identifier quote.
COMMON = [
    "CREATE TABLE u1 AS SELECT 1 AS {q}BadU1{q} UNION SELECT 2 AS good1",
    "CREATE TABLE u2 AS SELECT 1 AS {q}BadU2{q} UNION SELECT id AS good2 FROM post",
    "CREATE TABLE u3 AS SELECT 1 AS {q}BadU3{q} INTERSECT SELECT 1 AS good3",
    "CREATE TABLE u4 AS SELECT 1 AS {q}BadU4{q} EXCEPT SELECT 2 AS good4",
    "CREATE TABLE u5 AS SELECT 1 AS ok5 UNION ALL SELECT 2",
    "CREATE TABLE w1 AS SELECT 1 AS {q}BadW1{q} LIMIT 1",
    "CREATE TABLE w2 AS SELECT 1 AS {q}BadW2{q} WHERE true",
    "CREATE TABLE w3 AS SELECT 1 AS {q}BadW3{q} ORDER BY 1",
    "CREATE TABLE f1 AS SELECT 1 AS {q}BadF1{q} FROM post UNION SELECT 2 AS good6 FROM post",
]
PARENS = [
    "CREATE TABLE p1 AS (SELECT 1 AS {q}BadP1{q}) UNION (SELECT 2 AS goodp1)",
    "CREATE VIEW p2 AS (SELECT 1 AS {q}BadP2{q}) UNION (SELECT 2 AS goodp2)",
]
POSTGRES_ONLY = [
    'CREATE TABLE g1 AS SELECT 1 AS "BadG1" UNION SELECT 2 AS good_g1 WITH NO DATA',
    'CREATE TABLE g2 AS SELECT 1 AS "BadG2" OFFSET 0',
    'CREATE TABLE g3 AS SELECT 1 AS "BadG3" FETCH FIRST 1 ROWS ONLY',
    'CREATE TABLE g4 AS SELECT count(*) AS "BadG4" GROUP BY ()',
    'CREATE TABLE g5 AS SELECT sum(1) OVER w AS "BadG5" WINDOW w AS ()',
    'CREATE TABLE g6 AS SELECT 1 AS "BadG6" FOR UPDATE',
    'CREATE TABLE g7 AS ((SELECT 1 AS "BadG7") UNION SELECT 2 AS good_g7)',
    'CREATE TABLE g8 AS WITH q AS (SELECT 1 AS z) SELECT 1 AS "BadG8" UNION SELECT 2 AS x',
    'CREATE TABLE g9 AS SELECT * FROM (SELECT 1 AS "BadG9" WHERE true) s',
    'SELECT 1 AS "BadG10" INTO g10 UNION SELECT 2 AS good_g10',
    'CREATE MATERIALIZED VIEW g11 AS SELECT 1 AS "BadG11" UNION SELECT 2 AS x WITH NO DATA',
]


def _script(statements: list[str], quote: str) -> str:
    body = "".join(s.format(q=quote) + ";\n" for s in statements)
    return "CREATE TABLE post (id int);\n" + body


def _modelled(sql: str, dialect: str) -> dict[str, list[str]]:
    """The columns the model gives each table and view but ``post``."""
    schema = schema_from_sql(sql, dialect=dialect)
    columns: dict[str, list[str]] = {}
    for obj in schema.objects:
        if obj.kind in (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            columns.setdefault(obj.name, [])
        elif obj.kind is ObjectKind.COLUMN:
            assert obj.table is not None
            columns.setdefault(obj.table, []).append(obj.name)
    columns.pop("post")
    return columns


def test_postgres_names_the_columns_after_the_first_branch(pg: pg_server.PgServer) -> None:
    sql = _script(COMMON + PARENS + POSTGRES_ONLY, '"')
    with pg.fresh_database("s36_lemmy_ctas") as db:
        pg.run(sql=sql, dbname=db)
        rows = pg.query_json(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid ="
            " a.attrelid WHERE c.relkind IN ('r', 'v', 'm') AND c.relname <> 'post'"
            " AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0"
            " ORDER BY c.relname, a.attnum",
            dbname=db,
        )
    expected: dict[str, list[str]] = {}
    for r in rows:
        expected.setdefault(r["relname"], []).append(r["attname"])
    assert len(expected) == len(COMMON + PARENS + POSTGRES_ONLY)
    assert _modelled(sql, "postgres") == expected


def test_mariadb_names_the_columns_after_the_first_branch(
    maria: mysql_server.MysqlServer,
) -> None:
    sql = _script(COMMON + PARENS, "`")
    with maria.fresh_database("s36_lemmy_ctas") as db:
        maria.run(sql, database=db)
        listed = maria.run(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
            " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'post'"
            " ORDER BY TABLE_NAME, ORDINAL_POSITION",
            database=db,
        )
    expected: dict[str, list[str]] = {}
    for line in listed.splitlines():
        table, column = line.split("\t")
        expected.setdefault(table, []).append(column)
    assert len(expected) == len(COMMON + PARENS)
    assert _modelled(sql, "mariadb") == expected


def test_sqlite_names_the_columns_after_the_first_branch() -> None:
    sql = _script(COMMON, '"')  # SQLite refuses a parenthesized branch
    db = sqlite3.connect(":memory:")
    db.executescript(sql)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE name <> 'post'")]
    expected = {n: [r[1] for r in db.execute(f'PRAGMA table_info("{n}")')] for n in names}
    assert len(expected) == len(COMMON)
    assert _modelled(sql, "sqlite") == expected


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_check_judges_the_first_branch_name(
    dialect: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trial's migration: DBN201 on ``kindName`` (the column made), none on
    ``kind_name`` (a name the table never has)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "up.sql").write_text(
        "CREATE TABLE report_kinds AS\nSELECT\n    'post' AS \"kindName\"\nUNION\n"
        "SELECT\n    'comment' AS kind_name;\n"
    )
    code, failing, _ = check_json("up.sql", "--dialect", dialect)
    assert code == 1
    assert failing == [("DBN201", "kindName", "up.sql", 3, 15)]


def test_create_table_as_execute_says_its_columns_are_not_read(pg: pg_server.PgServer) -> None:
    """F6: ``CREATE TABLE t AS EXECUTE prep`` gets the prepared query's columns
    (PostgreSQL's catalog), which the model does not follow: a DBN005 note
    where the EXECUTE is, not a table silently without columns."""
    sql = 'PREPARE prep_q AS SELECT 1 AS "BadPrep";\nCREATE TABLE prep_things AS EXECUTE prep_q;\n'
    with pg.fresh_database("s36_lemmy_ctas_execute") as db:
        pg.run(sql=sql, dbname=db)
        rows = pg.query_json(
            "SELECT a.attname FROM pg_attribute a WHERE a.attrelid = 'prep_things'::regclass"
            " AND a.attnum > 0",
            dbname=db,
        )
    assert [r["attname"] for r in rows] == ["BadPrep"]  # a name nothing judged
    schema = schema_from_sql(sql, dialect="postgres")
    notes = [(d.code, d.location.line, d.location.column) for d in schema.diagnostics]
    assert ("DBN005", 2, 29) in notes
    (table,) = [o for o in schema.objects if o.name == "prep_things"]
    assert table.columns_unknown
