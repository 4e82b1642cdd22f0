"""DBN018: a column a view reads, dropped or given another type (s7-t1 #15).

The oracles run the same statements one by one on the real databases:
PostgreSQL 15 refuses ``DROP COLUMN`` (without CASCADE) and ``ALTER COLUMN
TYPE`` of a column a view depends on (its name in the body, or a ``*``
expanded when the view was made, as a compatibility view's is); SQLite
refuses the drop when a view names the column; MariaDB 10.11 drops the
column and the view then fails on use (ERROR 1356). Replay reports DBN018
exactly at the statements the server refuses (an error) or that break a
view (a warning on MariaDB), and its model is the catalog afterwards.
"""

from __future__ import annotations

import sqlite3

import pytest

import mysql_server
import pg_server
from dbnamelint.model import ObjectKind, Schema, Severity
from dbnamelint.runner.pipeline import schema_from_sql

pytestmark = pytest.mark.slow

#: One statement per line: a line number is a statement.
POSTGRES = """\
CREATE TABLE auth_nonces (nonce text, expire timestamptz, extra int);
CREATE VIEW nonces AS SELECT * FROM auth_nonces;
CREATE TABLE sessions (id int, issued text, other int);
CREATE VIEW session_ids AS SELECT id, issued FROM sessions;
ALTER TABLE auth_nonces ALTER COLUMN expire TYPE timestamp;
ALTER TABLE sessions DROP COLUMN issued;
ALTER TABLE sessions DROP COLUMN other;
ALTER TABLE auth_nonces ALTER COLUMN extra SET DATA TYPE bigint;
ALTER TABLE auth_nonces ADD COLUMN purpose text;
ALTER TABLE auth_nonces ALTER COLUMN purpose TYPE varchar(20);
ALTER TABLE auth_nonces DROP COLUMN purpose;
ALTER TABLE sessions DROP COLUMN IF EXISTS issued;
ALTER TABLE sessions RENAME COLUMN issued TO issued_at;
ALTER TABLE sessions DROP COLUMN issued_at RESTRICT;
ALTER TABLE sessions DROP COLUMN issued_at CASCADE;
ALTER TABLE sessions ADD COLUMN issued text;
"""

SQLITE = """\
CREATE TABLE sessions (id int, issued text, other int, note text);
CREATE VIEW session_ids AS SELECT id, issued FROM sessions;
CREATE VIEW everything AS SELECT * FROM sessions;
ALTER TABLE sessions DROP COLUMN issued;
ALTER TABLE sessions DROP COLUMN other;
ALTER TABLE sessions RENAME COLUMN note TO remark;
DROP VIEW session_ids;
ALTER TABLE sessions DROP COLUMN issued;
"""

MARIADB = """\
CREATE TABLE sessions (id int, issued text, other int, note text);
CREATE VIEW session_ids AS SELECT id, issued FROM sessions;
CREATE VIEW everything AS SELECT * FROM sessions;
ALTER TABLE sessions ADD COLUMN later int;
ALTER TABLE sessions DROP COLUMN later;
ALTER TABLE sessions DROP COLUMN other;
ALTER TABLE sessions MODIFY note varchar(20);
"""


def _dbn018(schema: Schema) -> dict[int, tuple[Severity, str]]:
    return {
        d.location.line: (d.severity, d.message) for d in schema.diagnostics if d.code == "DBN018"
    }


def _names(schema: Schema) -> set[tuple[str, str | None, str]]:
    return {
        (o.kind.value, o.table, o.name)
        for o in schema.objects
        if o.kind in (ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.VIEW)
    }


def test_postgres_refuses_exactly_where_dbn018_says(pg: pg_server.PgServer) -> None:
    with pg.fresh_database("dbnl_view_columns") as db:
        refused = pg.refused_lines(POSTGRES, db)
        rows = pg.query_json(
            "SELECT 'column' AS kind, c.relname AS tbl, a.attname AS name FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped"
            " UNION ALL SELECT CASE relkind WHEN 'v' THEN 'view' ELSE 'table' END, NULL, relname"
            " FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v')",
            db,
        )
    schema = schema_from_sql(POSTGRES, dialect="postgres")
    found = _dbn018(schema)
    assert set(found) == set(refused) == {5, 6, 8, 12, 14}
    for line, (severity, message) in found.items():
        assert severity is Severity.ERROR
        said = refused[line].split("ERROR:", 1)[1].split("\n")[0].strip()
        assert said in message, (line, said, message)
    assert (
        "(view session_ids)" in found[6][1]
        and "(view nonces depends on column expire)" in (found[5][1])
    )
    assert _names(schema) == {(r["kind"], r["tbl"], r["name"]) for r in rows}


def test_sqlite_refuses_the_drop_where_dbn018_says() -> None:
    refused: dict[int, str] = {}
    db = sqlite3.connect(":memory:")
    for line, statement in enumerate(SQLITE.splitlines(), start=1):
        try:
            db.execute(statement)
        except sqlite3.OperationalError as exc:
            refused[line] = str(exc)
    columns = {
        ("column", t, c)
        for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for (c,) in db.execute("SELECT name FROM pragma_table_info(?)", (t,))
    }
    relations = {
        (kind, None, name) for kind, name in db.execute("SELECT type, name FROM sqlite_master")
    }
    schema = schema_from_sql(SQLITE, dialect="sqlite")
    found = _dbn018(schema)
    assert set(found) == set(refused) == {4}
    assert found[4][0] is Severity.ERROR
    assert refused[4] in found[4][1]  # "error in view session_ids after drop column: ..."
    assert _names(schema) == columns | relations


def test_mariadb_drops_and_the_view_breaks_where_dbn018_warns(
    maria: mysql_server.MysqlServer,
) -> None:
    broken: set[str] = set()
    with maria.fresh_database("dbnl_view_columns") as db:
        maria.run(MARIADB, database=db)  # every statement runs
        for view in ("session_ids", "everything"):
            try:
                maria.run(f"SELECT * FROM {view}", database=db)
            except mysql_server.SqlFailed as exc:
                assert "1356" in str(exc)
                broken.add(view)
        frozen = maria.run(
            "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_NAME = 'everything'"
            " AND TABLE_SCHEMA = DATABASE()",
            database=db,
        )
    schema = schema_from_sql(MARIADB, dialect="mariadb")
    found = _dbn018(schema)
    assert broken == {"everything"}  # a later column is not in the expanded *
    assert set(found) == {6}
    severity, message = found[6]
    assert severity is Severity.WARNING and "view everything" in message
    columns = {o.name for o in schema.objects if o.kind is ObjectKind.COLUMN}
    table = {
        o.name for o in schema.objects if o.kind is ObjectKind.COLUMN and o.table == "sessions"
    }
    assert table == {"id", "issued", "note"}  # MariaDB dropped `other` (and `later`)
    # The view's * was frozen when it was made: it still names `other`, never `later`.
    everything = [o.name for o in schema.objects if o.table == "everything"]
    assert everything == ["id", "issued", "other", "note"]
    assert "AS `other`" in frozen and "later" not in frozen
    assert columns == {"id", "issued", "note", "other"}


#: Trial s7-t4 #0b: views that name ``price``/``label`` without reading
#: items' columns; PostgreSQL 15 runs every statement.
NOT_READ = """\
CREATE TABLE items (id int PRIMARY KEY, price numeric, label text, note text);
CREATE TABLE other (id int PRIMARY KEY, price numeric, item_id int);
CREATE VIEW v_other AS SELECT o.id, o.price FROM other o JOIN items i ON i.id = o.item_id;
CREATE VIEW v_alias AS SELECT i.id, o.price AS label FROM items i, other o;
CREATE VIEW v_cte AS WITH items AS (SELECT 1 AS id, 2 AS price) SELECT price FROM items;
CREATE VIEW v_sub AS SELECT id FROM items WHERE id IN (SELECT item_id FROM other WHERE price > 0);
CREATE VIEW v_count AS SELECT count(*) AS note FROM items;
ALTER TABLE items ALTER COLUMN price TYPE int;
ALTER TABLE items DROP COLUMN label;
ALTER TABLE items DROP COLUMN note;
"""


def test_a_name_the_view_does_not_read_from_the_table_is_no_error(
    pg: pg_server.PgServer,
) -> None:
    with pg.fresh_database("dbnl_view_not_read") as db:
        for statement in NOT_READ.splitlines():
            pg.run(sql=statement, dbname=db)  # the oracle: none is refused
        rows = pg.query_json(
            "SELECT a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relname = 'items' AND a.attnum > 0 AND NOT a.attisdropped",
            db,
        )
    schema = schema_from_sql(NOT_READ, dialect="postgres")
    found = _dbn018(schema)
    # No error; over several tables the name is only said (it may be another's).
    assert all(severity is Severity.WARNING for severity, _ in found.values())
    assert set(found) <= {8, 9}
    columns = {o.name for o in schema.objects if o.kind is ObjectKind.COLUMN and o.table == "items"}
    assert columns == {r["name"] for r in rows} == {"id", "price"}
