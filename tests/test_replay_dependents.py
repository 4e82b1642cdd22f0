"""What PostgreSQL drops along with a function or a column, and the names it
gives select-list columns (the fifth trial's model faults, on LemmyNet/lemmy).

Right values come from the real server: the same files run there and its
catalog (pg_class, pg_attribute, pg_index, pg_constraint, pg_trigger) is
compared with the model name for name (:func:`test_reader_round2.same_as_server`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer
from test_reader_round2 import same_as_server

TRIGGER_FUNCTION = "RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$"

# -- 1. DROP FUNCTION ... CASCADE drops the triggers running it ----------------

TRIGGERS = {
    # the trial's repro: Lemmy's replaceable-schema migration drops 24 triggers so
    "bare-name": f"""
CREATE FUNCTION f() {TRIGGER_FUNCTION};
CREATE TABLE users (id int);
CREATE TRIGGER trg BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f();
CREATE TRIGGER kept BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION g();
DROP FUNCTION f CASCADE;
""",
    "argument-list-and-procedure-syntax": f"""
CREATE FUNCTION f() {TRIGGER_FUNCTION};
CREATE FUNCTION f2() {TRIGGER_FUNCTION};
CREATE TABLE users (id int);
CREATE TRIGGER a AFTER INSERT ON users FOR EACH ROW EXECUTE PROCEDURE f('arg');
CREATE TRIGGER b AFTER INSERT ON users FOR EACH ROW WHEN (NEW.id > 0) EXECUTE FUNCTION f2();
CREATE TRIGGER c AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION g();
DROP FUNCTION IF EXISTS f(), f2() CASCADE;
""",
    # a trigger's function takes no arguments: dropping another overload keeps it
    "other-overload": f"""
CREATE FUNCTION f() {TRIGGER_FUNCTION};
CREATE FUNCTION f(x int, OUT y int) LANGUAGE sql AS $$SELECT x$$;
CREATE TABLE users (id int);
CREATE TRIGGER trg AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();
DROP FUNCTION f(IN int) CASCADE;
""",
    "qualified-and-search-path": f"""
CREATE SCHEMA app;
CREATE FUNCTION app.f() {TRIGGER_FUNCTION};
CREATE FUNCTION f() {TRIGGER_FUNCTION};
CREATE TABLE users (id int);
CREATE TRIGGER in_app AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION app.f();
CREATE TRIGGER in_public AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();
SET search_path = app, public;
DROP FUNCTION f CASCADE;
""",
    "renamed-function": f"""
CREATE FUNCTION f() {TRIGGER_FUNCTION};
CREATE TABLE users (id int);
CREATE TRIGGER trg AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();
ALTER FUNCTION f() RENAME TO f_renamed;
CREATE FUNCTION f() {TRIGGER_FUNCTION};
DROP FUNCTION f CASCADE;
CREATE TRIGGER trg2 AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION f_renamed();
DROP FUNCTION f_renamed() CASCADE;
CREATE TRIGGER last AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION g();
""",
    "schema-dropped": f"""
CREATE SCHEMA r;
CREATE FUNCTION r.f() {TRIGGER_FUNCTION};
CREATE TABLE users (id int);
CREATE TRIGGER trg AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION r.f();
CREATE TRIGGER other AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION g();
CREATE TABLE r.things (id int PRIMARY KEY);
CREATE VIEW v AS SELECT id FROM r.things;
CREATE TABLE refs (thing_id int REFERENCES r.things);
DROP SCHEMA r CASCADE;
""",
}


@pytest.mark.parametrize("case", sorted(TRIGGERS))
def test_function_drop_cascades_to_its_triggers(pg: PgServer, tmp_path: Path, case: str) -> None:
    sql = f"CREATE FUNCTION g() {TRIGGER_FUNCTION};\n" + TRIGGERS[case]
    kinds = same_as_server(pg, tmp_path, f"rf_trg_{case.replace('-', '_')}", {"a.sql": sql})
    assert "trigger" in kinds


def test_trigger_function_read_only_in_postgres() -> None:
    # MySQL trigger bodies may say EXECUTE; nothing there names a function
    sql = (
        "CREATE TABLE t (id int);\n"
        "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET @x = 1;\n"
        "DROP FUNCTION f;\n"
    )
    schema = schema_from_sql(sql, dialect="mysql")
    assert [o.name for o in schema.objects if o.kind is ObjectKind.TRIGGER] == ["trg"]


# -- 2. Indexes and checks using a dropped column go with it ------------------

COLUMNS = {
    # the trial's repro
    "expression": """
CREATE TABLE users (id int, email text);
CREATE UNIQUE INDEX ix ON users (lower(email));
ALTER TABLE users DROP COLUMN email;
""",
    "predicate-include-cast": """
CREATE TABLE t (id int, a int, "B" text, c int, d int);
CREATE INDEX by_where ON t (id) WHERE a > 0;
CREATE INDEX by_include ON t (id) INCLUDE (c);
CREATE INDEX by_quoted ON t (("B" || 'x'));
CREATE INDEX by_cast ON t ((d::text));
CREATE INDEX kept ON t (id) WHERE id::text <> 'a';
ALTER TABLE t DROP COLUMN a;
ALTER TABLE t DROP COLUMN c, DROP COLUMN "B", DROP COLUMN d;
""",
    # a rename keeps the index, which then dies with the new name
    "renamed-column": """
CREATE TABLE users (id int, email text, name text);
CREATE INDEX by_email ON users (lower(email));
CREATE INDEX by_name ON users (id) WHERE name IS NOT NULL;
ALTER TABLE users RENAME COLUMN email TO mail;
ALTER TABLE users RENAME COLUMN name TO full_name;
ALTER TABLE users DROP COLUMN mail;
""",
    # a name that is no column when the index is made is no dependency
    "not-a-column": """
CREATE TABLE t (id int, lower text);
CREATE INDEX by_lower ON t (upper(lower));
CREATE INDEX by_func ON t (id) WHERE id > length('x');
ALTER TABLE t ADD COLUMN length int;
ALTER TABLE t DROP COLUMN length;
""",
    "checks": """
CREATE TABLE t (
  id int, a int, b int, c int CHECK (c > a),
  CONSTRAINT both_positive CHECK (b > 0 AND a > 0),
  CONSTRAINT kept CHECK (id > 0)
);
ALTER TABLE t DROP COLUMN b;
ALTER TABLE t DROP COLUMN a;
""",
    "like-including-indexes": """
CREATE TABLE t (id int, email text);
CREATE INDEX ON t (lower(email));
CREATE TABLE u (LIKE t INCLUDING INDEXES);
ALTER TABLE u DROP COLUMN email;
""",
}


@pytest.mark.parametrize("case", sorted(COLUMNS))
def test_column_drop_takes_indexes_and_checks_using_it(
    pg: PgServer, tmp_path: Path, case: str
) -> None:
    kinds = same_as_server(
        pg, tmp_path, f"rf_col_{case.replace('-', '_')}", {"a.sql": COLUMNS[case]}
    )
    assert "column" in kinds


def test_renamed_column_keeps_its_expression_index(pg: PgServer, tmp_path: Path) -> None:
    sql = (
        "CREATE TABLE users (id int, email text);\n"
        "CREATE UNIQUE INDEX ix ON users (lower(email));\n"
        "ALTER TABLE users RENAME COLUMN email TO mail;\n"
    )
    kinds = same_as_server(pg, tmp_path, "rf_col_rename_keeps", {"a.sql": sql})
    assert "index" in kinds


# -- 4. Select-list column names of CREATE TABLE AS ---------------------------

SELECT_LISTS = {
    # the trial's shape: fields of a row value
    "field-selection": (
        "CREATE TABLE h (id int, parent_id int);\n"
        "CREATE TABLE t AS SELECT (q.h).id, (q.h).parent_id FROM (SELECT h FROM h) q;\n"
    ),
    "subscripts-and-fields": (
        "CREATE TABLE a (arr int[], p pair, q int[], r pair);\n"
        "CREATE TABLE t AS SELECT arr[1], (a.q)[1:2], (p).y, (a.r).z FROM a;\n"
    ),
}


@pytest.mark.parametrize("case", sorted(SELECT_LISTS))
def test_select_list_names_follow_figure_colname(pg: PgServer, tmp_path: Path, case: str) -> None:
    setup = "CREATE TYPE pair AS (y int, z int);\n"
    sql = setup + SELECT_LISTS[case]
    kinds = same_as_server(pg, tmp_path, f"rf_sel_{case.replace('-', '_')}", {"a.sql": sql})
    assert "column" in kinds
    schema = schema_from_sql(sql)
    assert not [d for d in schema.diagnostics if d.code == "DBN010"]
