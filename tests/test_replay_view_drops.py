"""DBN018 for DROP TABLE / VIEW / MATERIALIZED VIEW of a relation a view reads,
and DBN030 for a new view reading a compatibility view (trial s18, ory/hydra).

The oracles run the same statements one by one on the real databases.
PostgreSQL 15 refuses the DROP (without CASCADE) while a view outside the
statement reads the relation, directly or through other views, and CASCADE
drops those views; MariaDB 10.11 takes it (its CASCADE does nothing) and
SQLite too, leaving the views failing on use. Replay reports DBN018 exactly
where PostgreSQL refuses, nowhere on the others, and its model is each
catalog afterwards. A view over a compatibility view (DBN030) is taken by
every database; the cleanup's DROP VIEW of it is what PostgreSQL refuses.
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
CREATE TABLE t (id int);
CREATE VIEW v AS SELECT * FROM t;
CREATE VIEW w AS SELECT id FROM v;
CREATE MATERIALIZED VIEW m AS SELECT id FROM w;
CREATE VIEW x AS SELECT count(*) AS n FROM m;
CREATE TABLE u (id int);
CREATE VIEW uv AS SELECT id FROM u WHERE id IN (SELECT id FROM t);
DROP VIEW v;
DROP TABLE t;
DROP TABLE t RESTRICT;
DROP MATERIALIZED VIEW m;
DROP VIEW IF EXISTS w;
DROP VIEW x, w;
DROP VIEW x;
DROP MATERIALIZED VIEW m;
DROP VIEW w, v;
DROP VIEW uv;
CREATE VIEW tv AS SELECT id FROM t;
CREATE VIEW tw AS SELECT id FROM tv;
DROP TABLE t CASCADE;
CREATE TABLE s (id int);
CREATE VIEW sv AS SELECT s.id FROM u JOIN s ON s.id = u.id;
DROP TABLE u;
DROP TABLE u, s;
CREATE TABLE project (id int, name text);
ALTER TABLE project RENAME TO projects;
CREATE VIEW project AS SELECT * FROM projects;
CREATE VIEW report AS SELECT * FROM project;
CREATE MATERIALIZED VIEW mreport AS SELECT p.id FROM projects x JOIN project p ON p.id = x.id;
CREATE OR REPLACE VIEW project AS SELECT * FROM projects;
DROP VIEW project;
DROP MATERIALIZED VIEW mreport;
DROP VIEW project;
CREATE OR REPLACE VIEW report AS SELECT * FROM projects;
DROP VIEW project;
CREATE VIEW project AS SELECT * FROM projects;
CREATE VIEW late AS SELECT id FROM project;
"""

MARIADB = """\
CREATE TABLE t (id int);
CREATE VIEW v AS SELECT * FROM t;
CREATE VIEW w AS SELECT id FROM v;
DROP VIEW v;
CREATE VIEW v AS SELECT * FROM t;
DROP TABLE t CASCADE;
CREATE TABLE project (id int, name text);
ALTER TABLE project RENAME TO projects;
CREATE VIEW project AS SELECT * FROM projects;
CREATE VIEW report AS SELECT * FROM project;
DROP VIEW project;
CREATE TABLE gone (id int);
CREATE VIEW gone_v AS SELECT id FROM gone;
DROP TABLE gone;
CREATE TABLE gone (id int);
CREATE VIEW project AS SELECT * FROM projects;
CREATE VIEW late AS SELECT id FROM project;
"""

#: SQLite refuses every ALTER TABLE ... RENAME while a view is broken
#: ('error in view w: no such table: main.t'): the rename comes first.
SQLITE = """\
CREATE TABLE project (id int, name text);
ALTER TABLE project RENAME TO projects;
CREATE VIEW project AS SELECT * FROM projects;
CREATE VIEW report AS SELECT * FROM project;
CREATE TABLE t (id int);
CREATE VIEW v AS SELECT * FROM t;
CREATE VIEW w AS SELECT id FROM v;
DROP VIEW v;
CREATE VIEW v AS SELECT * FROM t;
DROP TABLE t;
DROP VIEW project;
CREATE VIEW project AS SELECT * FROM projects;
CREATE VIEW late AS SELECT id FROM project;
"""

_RELATIONS = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


def _codes(schema: Schema, code: str) -> dict[int, tuple[Severity, str]]:
    return {d.location.line: (d.severity, d.message) for d in schema.diagnostics if d.code == code}


def _relations(schema: Schema) -> set[tuple[str, str]]:
    return {(o.kind.value, o.name) for o in schema.objects if o.kind in _RELATIONS}


def test_postgres_refuses_the_drop_exactly_where_dbn018_says(pg: pg_server.PgServer) -> None:
    with pg.fresh_database("cleanupview_drops") as db:
        refused = pg.refused_lines(POSTGRES, db)
        rows = pg.query_json(
            "SELECT CASE relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view'"
            " ELSE 'table' END AS kind, relname AS name FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'm')",
            db,
        )
    schema = schema_from_sql(POSTGRES, dialect="postgres")
    found = _codes(schema, "DBN018")
    assert set(found) == set(refused) == {8, 9, 10, 11, 12, 13, 23, 24, 31, 33}
    for line, (severity, message) in found.items():
        assert severity is Severity.ERROR
        said = refused[line].split("ERROR:", 1)[1].split("\n")[0].strip()
        assert said in message, (line, said, message)
        detail = refused[line].split("DETAIL:", 1)[1].split("HINT:")[0]
        for depends in detail.strip().splitlines():  # "view w depends on view v"
            assert depends.strip() in message, (line, depends, message)
    assert "re-create mreport, report over 'projects' first" in found[31][1]
    assert "re-create report over 'projects' first" in found[33][1]
    # Every database takes the CREATE; it is the later DROP VIEW that fails.
    # Repointed (line 34) or dropped (32) before the files end: not reported.
    assert set(refused) & {28, 29, 37} == set()
    assert set(_codes(schema, "DBN030")) == {37}
    assert _relations(schema) == {(r["kind"], r["name"]) for r in rows}


def test_mariadb_takes_the_drop_and_its_cascade_keeps_the_views(
    maria: mysql_server.MysqlServer,
) -> None:
    broken: set[str] = set()
    with maria.fresh_database("cleanupview_drops") as db:
        for statement in MARIADB.splitlines():
            maria.run(statement, database=db)  # every statement runs
        names = maria.run(
            "SELECT table_type, table_name FROM information_schema.tables"
            f" WHERE table_schema = '{db}'",
            database=db,
        )
        for view in ("v", "w", "report", "gone_v", "late"):
            try:
                maria.run(f"SELECT * FROM {view}", database=db)
            except mysql_server.SqlFailed as exc:
                assert "1356" in str(exc)
                broken.add(view)
    catalog = {
        ("view" if kind == "VIEW" else "table", name)
        for kind, name in (line.split("\t") for line in names.splitlines())
    }
    schema = schema_from_sql(MARIADB, dialect="mariadb")
    # A view reads whatever holds the name at each use: report and gone_v
    # work again over the relations made anew (report is reported with late).
    assert broken == {"v", "w"}
    assert _codes(schema, "DBN018") == {}
    assert set(_codes(schema, "DBN030")) == {10, 17}
    assert "mariadb takes that DROP and this view fails" in _codes(schema, "DBN030")[10][1]
    assert _relations(schema) == catalog
    assert ("view", "report") in catalog and ("view", "v") in catalog


def test_sqlite_takes_the_drop_and_the_views_fail_on_use() -> None:
    db = sqlite3.connect(":memory:")
    for statement in SQLITE.splitlines():
        db.execute(statement)  # every statement runs
    broken = set()
    for view in ("v", "w", "report", "late"):
        try:
            db.execute(f"SELECT * FROM {view}")
        except sqlite3.OperationalError as exc:
            assert "no such table" in str(exc)
            broken.add(view)
    catalog = set(db.execute("SELECT type, name FROM sqlite_master"))
    schema = schema_from_sql(SQLITE, dialect="sqlite")
    assert broken == {"v", "w"}
    assert _codes(schema, "DBN018") == {}
    assert set(_codes(schema, "DBN030")) == {4, 13}
    assert _relations(schema) == catalog


#: A DROP in a DO block's IF may never run (the guard reads the catalog):
#: a warning there, an error where the block always runs it.
GUARDED = (
    "CREATE TABLE t (id int);\n",
    "CREATE VIEW v AS SELECT * FROM t;\n",
    "CREATE VIEW w AS SELECT * FROM v;\n",
    "DO $$ BEGIN\n  IF EXISTS (SELECT 1 FROM pg_views WHERE viewname = 'v') THEN\n"
    "    DROP VIEW v;\n  END IF;\nEND $$;\n",
    "DO $$ BEGIN DROP VIEW v; END $$;\n",
)


def test_a_guarded_drop_is_a_warning(pg: pg_server.PgServer) -> None:
    refused = []
    with pg.fresh_database("cleanupview_guarded") as db:
        for statement in GUARDED:
            try:
                pg.run(sql=statement, dbname=db)
            except pg_server.SqlFailed as exc:
                assert "cannot drop view v because other objects depend on it" in str(exc)
                refused.append(statement)
    assert refused == list(GUARDED[3:])  # the guard holds here: both run, both refused
    found = _codes(schema_from_sql("".join(GUARDED), dialect="postgres"), "DBN018")
    assert {line: severity for line, (severity, _) in found.items()} == {
        6: Severity.WARNING,
        9: Severity.ERROR,
    }
    assert found[6][1].startswith("if it runs, postgres refuses this statement")
