"""DBN022: statements that work on tables only, written against a view.

Trial s12 (goharbor/harbor): after a rename phase ``project`` is the
compatibility view of ``projects``; ``ALTER TABLE project ADD COLUMN ...``
and ``CREATE INDEX ... ON project`` passed ``check`` and the model hung the
column and index on the view, while PostgreSQL refuses both. The oracles run
each statement (one a line) on PostgreSQL 15, MariaDB 10.11 and SQLite:
replay reports DBN022 at exactly the statements the server refuses, with the
server's words, and its model is the catalog afterwards (nothing attached
to the view but what a view takes).
"""

from __future__ import annotations

import sqlite3

import pytest

import mysql_server
import pg_server
from dbnamelint.model import ObjectKind, Schema, Severity
from dbnamelint.runner.pipeline import schema_from_sql

pytestmark = pytest.mark.slow

POSTGRES = """\
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
CREATE TABLE project (id int PRIMARY KEY, name text);
ALTER TABLE project RENAME TO projects;
CREATE VIEW project AS SELECT * FROM projects;
CREATE OR REPLACE VIEW project AS SELECT * FROM projects;
ALTER TABLE project ADD COLUMN IF NOT EXISTS foo_flag boolean DEFAULT false;
CREATE INDEX IF NOT EXISTS idx_project_foo ON project (foo_flag);
ALTER TABLE project ADD COLUMN IF NOT EXISTS id int;
ALTER TABLE project ADD CONSTRAINT project_name_key UNIQUE (name);
ALTER TABLE project ADD CHECK (id > 0);
ALTER TABLE project ADD COLUMN note text UNIQUE, ADD COLUMN extra int;
ALTER TABLE project ALTER COLUMN name TYPE varchar(20);
ALTER TABLE project DROP COLUMN name;
CREATE UNIQUE INDEX project_id_key ON project (id);
CREATE INDEX ON project (name);
CREATE TRIGGER project_touch BEFORE INSERT ON project FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER project_instead INSTEAD OF INSERT ON project FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER project_stmt AFTER UPDATE ON project FOR EACH STATEMENT EXECUTE FUNCTION touch();
CREATE TRIGGER project_stmt2 BEFORE DELETE ON project EXECUTE FUNCTION touch();
ALTER TABLE project ALTER COLUMN name SET DEFAULT 'x';
COMMENT ON VIEW project IS 'old name of projects';
ALTER TABLE project RENAME TO project_old;
ALTER VIEW project_old RENAME TO project;
CREATE VIEW project_names AS SELECT id, name FROM projects;
CREATE INDEX project_names_name ON project_names (name);
CREATE MATERIALIZED VIEW project_counts AS SELECT count(*) AS n FROM projects;
CREATE INDEX project_counts_n ON project_counts (n);
ALTER TABLE projects ADD COLUMN foo_flag boolean DEFAULT false;
CREATE INDEX idx_projects_foo ON projects (foo_flag);
CREATE VIEW project2 AS SELECT * FROM projects;
CREATE TRIGGER project2_ins INSTEAD OF INSERT ON project2 FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TRIGGER names_upd INSTEAD OF UPDATE ON project_names FOR EACH ROW EXECUTE FUNCTION touch();
TRUNCATE project;
TRUNCATE TABLE ONLY projects, project RESTART IDENTITY;
TRUNCATE projects;
COPY project_names FROM stdin;
\\.
COPY project2 FROM stdin;
\\.
COPY project_names (id, name) FROM '/dev/null';
COPY project FROM '/dev/null';
COPY project2 FROM '/dev/null';
COPY project TO STDOUT;
COPY (SELECT * FROM project) TO STDOUT;
ALTER TABLE project ALTER COLUMN name SET NOT NULL;
ALTER TABLE project ALTER name DROP NOT NULL;
ALTER TABLE project ALTER COLUMN name SET STATISTICS 100;
ALTER TABLE project ALTER COLUMN name SET STORAGE EXTERNAL;
ALTER TABLE project ALTER COLUMN name SET COMPRESSION pglz;
ALTER TABLE project ALTER COLUMN name SET (n_distinct = 5);
ALTER TABLE project ALTER COLUMN name DROP DEFAULT;
ALTER TABLE project VALIDATE CONSTRAINT project_name_check;
ALTER TABLE project DROP CONSTRAINT IF EXISTS projects_pkey;
ALTER TABLE project ENABLE ROW LEVEL SECURITY;
ALTER TABLE IF EXISTS project FORCE ROW LEVEL SECURITY;
ALTER TABLE project DISABLE ROW LEVEL SECURITY;
ALTER TABLE project NO FORCE ROW LEVEL SECURITY;
ALTER TABLE project ENABLE TRIGGER ALL;
ALTER TABLE project DISABLE TRIGGER project_instead;
ALTER TABLE project CLUSTER ON projects_pkey;
ALTER TABLE project SET WITHOUT CLUSTER;
ALTER TABLE project SET LOGGED;
ALTER TABLE project SET UNLOGGED;
ALTER TABLE project SET TABLESPACE pg_default;
ALTER TABLE project SET ACCESS METHOD heap;
ALTER TABLE project REPLICA IDENTITY FULL;
ALTER TABLE project INHERIT projects;
ALTER TABLE project NO INHERIT projects;
ALTER TABLE project ENABLE RULE project_rule;
ALTER TABLE project OF project_type;
ALTER TABLE project NOT OF;
ALTER TABLE project ATTACH PARTITION projects FOR VALUES IN (1);
ALTER TABLE project SET (security_barrier = true);
ALTER TABLE project RESET (security_barrier);
ALTER TABLE project OWNER TO CURRENT_USER;
CLUSTER project USING projects_pkey;
CLUSTER VERBOSE project;
REINDEX TABLE project;
REFRESH MATERIALIZED VIEW project;
COMMENT ON TABLE project IS 'old name of projects';
COMMENT ON VIEW project IS 'old name of projects';
COMMENT ON COLUMN project.name IS 'the name';
GRANT SELECT ON TABLE project TO PUBLIC;
CREATE POLICY project_own ON project USING (true);
CREATE POLICY projects_own ON projects USING (true);
CREATE TRIGGER project_trunc BEFORE TRUNCATE ON project EXECUTE FUNCTION touch();
VACUUM project;
ANALYZE project;
ALTER TABLE project ALTER COLUMN name SET NOT NULL, ALTER COLUMN name SET DEFAULT 'y';
ALTER TABLE project ALTER COLUMN name SET DEFAULT 'y', ALTER COLUMN name SET NOT NULL;
ALTER TABLE projects ALTER COLUMN name SET NOT NULL;
COPY projects FROM '/dev/null';
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
CREATE TABLE project_child () INHERITS (project);
CREATE TABLE project_part PARTITION OF project FOR VALUES IN (1);
CREATE TABLE project_refs (id int REFERENCES project (id), note text);
CREATE TABLE project_refs2 (id int REFERENCES projects (id), note text);
ALTER TABLE project_refs2 ADD FOREIGN KEY (id) REFERENCES project (id);
CREATE STATISTICS project_stats ON id, name FROM project;
CREATE STATISTICS IF NOT EXISTS projects_stats ON id, name FROM public.projects;
"""

MARIADB = """\
CREATE TABLE project (id int PRIMARY KEY, name varchar(20));
RENAME TABLE project TO projects;
CREATE VIEW project AS SELECT * FROM projects;
ALTER TABLE project ADD COLUMN foo_flag boolean DEFAULT false;
ALTER TABLE project ADD COLUMN IF NOT EXISTS id int;
CREATE INDEX idx_project_name ON project (name);
CREATE UNIQUE INDEX uq_project_name ON project (name);
ALTER TABLE project ADD INDEX idx_project_id (id);
ALTER TABLE project ADD CONSTRAINT project_id_positive CHECK (id > 0);
ALTER TABLE project MODIFY name varchar(30);
ALTER TABLE project CHANGE name title varchar(20);
ALTER TABLE project RENAME COLUMN name TO title;
ALTER TABLE project DROP COLUMN name;
CREATE TRIGGER project_touch BEFORE INSERT ON project FOR EACH ROW SET @x = 1;
RENAME TABLE project TO project_old;
RENAME TABLE project_old TO project;
CREATE OR REPLACE VIEW project AS SELECT * FROM projects;
ALTER TABLE projects ADD COLUMN foo_flag boolean DEFAULT false;
CREATE INDEX idx_projects_foo ON projects (foo_flag);
TRUNCATE project;
TRUNCATE TABLE project;
ALTER TABLE project RENAME TO project_x;
ALTER TABLE project RENAME AS project_x;
ALTER TABLE project RENAME project_x;
ALTER TABLE project ENGINE=InnoDB;
ALTER TABLE project ALTER COLUMN name SET DEFAULT 'x';
ALTER TABLE project DROP INDEX idx_project_name;
ALTER TABLE project DROP PRIMARY KEY;
ALTER TABLE project RENAME INDEX idx_project_name TO idx_project_title;
ALTER TABLE IF EXISTS project COMMENT 'old name of projects';
DROP INDEX idx_project_name ON project;
TRUNCATE projects;
ALTER TABLE projects RENAME TO projects_x;
RENAME TABLE projects_x TO projects;
CREATE TABLE project_refs (id int, FOREIGN KEY (id) REFERENCES project (id));
CREATE TABLE project_refs2 (id int);
ALTER TABLE project_refs2 ADD CONSTRAINT project_refs2_fk FOREIGN KEY (id) REFERENCES project (id);
CREATE TABLE project_like LIKE project;
"""

SQLITE = """\
CREATE TABLE project (id integer PRIMARY KEY, name text);
ALTER TABLE project RENAME TO projects;
CREATE VIEW project AS SELECT * FROM projects;
ALTER TABLE project ADD COLUMN foo_flag boolean DEFAULT false;
CREATE INDEX idx_project_name ON project (name);
CREATE UNIQUE INDEX IF NOT EXISTS uq_project_name ON project (name);
ALTER TABLE project RENAME COLUMN name TO title;
ALTER TABLE project DROP COLUMN name;
ALTER TABLE project RENAME TO project_old;
CREATE TRIGGER project_before BEFORE INSERT ON project BEGIN SELECT 1; END;
CREATE TRIGGER project_after AFTER INSERT ON project FOR EACH ROW BEGIN SELECT 1; END;
CREATE TRIGGER project_plain INSERT ON project BEGIN SELECT 1; END;
CREATE TRIGGER project_instead INSTEAD OF INSERT ON project BEGIN SELECT 1; END;
DROP VIEW IF EXISTS project_names;
CREATE VIEW IF NOT EXISTS project_names AS SELECT id, name FROM projects;
ALTER TABLE projects ADD COLUMN foo_flag boolean DEFAULT false;
CREATE INDEX idx_projects_foo ON projects (foo_flag);
CREATE TABLE project_refs (id integer REFERENCES project (id));
"""


def _dbn022(schema: Schema) -> dict[int, str]:
    found: dict[int, str] = {}
    for d in schema.diagnostics:
        if d.code == "DBN022":
            assert d.severity is Severity.ERROR
            assert d.location.line not in found, "one error per statement"
            found[d.location.line] = d.message
    return found


def _partial_views(schema: Schema) -> set[str]:
    """Views whose output columns the model does not all hold (``SELECT *``)."""
    return {o.name for o in schema.objects if o.columns_unknown}


def _catalog_view_columns(rows: list[dict[str, str]], schema: Schema) -> set[tuple[str, str]]:
    """The rows that are not the model's index or trigger (a view's columns)."""
    kinds = (ObjectKind.INDEX, ObjectKind.TRIGGER)
    others = {(o.table, o.name) for o in schema.objects if o.kind in kinds}
    return {(r["tbl"], r["name"]) for r in rows} - others


def _attached(schema: Schema) -> set[tuple[str, str]]:
    """(table, name) of every column, index and trigger of the model."""
    kinds = (ObjectKind.COLUMN, ObjectKind.INDEX, ObjectKind.TRIGGER)
    return {(o.table or "", o.name) for o in schema.objects if o.kind in kinds}


def test_postgres_refuses_exactly_where_dbn022_says(pg: pg_server.PgServer) -> None:
    refused: dict[int, str] = {}
    with pg.fresh_database("dbnl_view_targets") as db:
        for line, statement in enumerate(POSTGRES.splitlines(), start=1):
            if statement == "\\.":
                continue  # the end of COPY FROM stdin's rows: psql gives it none
            try:
                pg.run(sql=statement, dbname=db)
            except pg_server.SqlFailed as exc:
                refused[line] = str(exc).split("ERROR:", 1)[1].split("\n")[0].strip()
        rows = pg.query_json(
            "SELECT c.relname AS tbl, a.attname AS name FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind IN ('r', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped"
            " UNION ALL SELECT t.relname, i.relname FROM pg_index x"
            " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid"
            " WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary"
            " UNION ALL SELECT c.relname, g.tgname FROM pg_trigger g"
            " JOIN pg_class c ON c.oid = g.tgrelid WHERE NOT g.tgisinternal",
            db,
        )
    schema = schema_from_sql(POSTGRES, dialect="postgres")
    found = _dbn022(schema)
    # TRUNCATE, COPY, CLUSTER, REINDEX, COMMENT ON TABLE, CREATE POLICY and the
    # ALTER TABLE actions that name nothing, from line 33 on; COPY FROM a view
    # with an INSTEAD OF INSERT trigger (project's, line 17; project2's) works.
    table_only = {33, 34, 36, 40, 43, *range(45, 51), *range(52, 73), *range(76, 81), 84, 86}
    # A view is no parent (INHERITS, PARTITION OF) and no foreign key's target.
    parents = {94, 95, 96, 98, 99}
    assert set(found) == set(refused) == {6, *range(7, 17), 25, *table_only, 89, 90, *parents}
    for line, message in found.items():
        assert refused[line] in message, (line, refused[line], message)
    compat = "the compatibility view left when table 'project' was renamed to 'projects'"
    assert compat in found[6] and "write 'projects' instead of 'project'" in found[6]
    assert "'project_names' is a view" in found[25] and "('projects')" in found[25]
    assert "write 'projects' instead of 'project'" in found[33]
    assert "(or give the view an INSTEAD OF INSERT trigger)" in found[36]
    # Nothing hangs on the view but the triggers a view takes (and its output
    # columns, those of a SELECT * view aside: the model does not expand it).
    partial = _partial_views(schema)
    assert _attached(schema) == {(r["tbl"], r["name"]) for r in rows} - {
        (t, c) for t, c in _catalog_view_columns(rows, schema) if t in partial
    }
    assert ("project", "project_instead") in _attached(schema)


def test_mariadb_refuses_exactly_where_dbn022_says(maria: mysql_server.MysqlServer) -> None:
    refused: dict[int, str] = {}
    with maria.fresh_database("dbnl_view_targets") as db:
        for line, statement in enumerate(MARIADB.splitlines(), start=1):
            try:
                maria.run(statement, database=db)
            except mysql_server.SqlFailed as exc:
                refused[line] = str(exc)
        listed = maria.run(
            "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
            " JOIN information_schema.TABLES USING (TABLE_SCHEMA, TABLE_NAME)"
            " WHERE TABLE_SCHEMA = DATABASE()"  # the view's * too, expanded when made
            " UNION SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = DATABASE() AND INDEX_NAME <> 'PRIMARY'"
            " UNION SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS"
            " WHERE TRIGGER_SCHEMA = DATABASE()",
            database=db,
        )
    schema = schema_from_sql(MARIADB, dialect="mariadb")
    found = _dbn022(schema)
    # From line 20: TRUNCATE, and ALTER TABLE actions that name nothing or
    # rename the view (RENAME TABLE works, lines 15-16 and 34).
    assert set(found) == set(refused) == {*range(4, 15), *range(20, 32), 35, 37, 38}
    for line, message in found.items():
        assert "write 'projects' instead of 'project'" in message
        if "REFERENCES" in MARIADB.splitlines()[line - 1]:
            said = 'errno: 150 "Foreign key constraint is incorrectly formed"'
            assert "ERROR 1005" in refused[line] and said in refused[line]
            assert f"ERROR 1005: {said}" in message
            continue
        if MARIADB.splitlines()[line - 1].startswith("TRUNCATE"):
            assert "ERROR 1146" in refused[line] and "project' doesn't exist" in refused[line]
            assert "ERROR 1146: Table 'project' doesn't exist" in message
            continue
        assert "ERROR 1347" in refused[line] and "is not of type 'BASE TABLE'" in refused[line]
        assert "ERROR 1347: 'project' is not of type 'BASE TABLE'" in message
    catalog = {tuple(row.split("\t")) for row in listed.splitlines()}
    assert _attached(schema) == catalog


def test_sqlite_refuses_exactly_where_dbn022_says() -> None:
    refused: dict[int, str] = {}
    db = sqlite3.connect(":memory:")
    for line, statement in enumerate(SQLITE.splitlines(), start=1):
        try:
            db.execute(statement)
        except sqlite3.OperationalError as exc:
            refused[line] = str(exc)
    catalog = {
        (t, c)
        for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        for (c,) in db.execute("SELECT name FROM pragma_table_info(?)", (t,))
    } | {
        (t, n)
        for t, n in db.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
        )
    }
    schema = schema_from_sql(SQLITE, dialect="sqlite")
    found = _dbn022(schema)
    assert set(found) == set(refused) == {4, 5, 6, 7, 8, 9, 10, 11, 12}
    for line, message in found.items():
        assert refused[line] in message, (line, refused[line], message)
    assert "write 'projects' instead of 'project'" in found[4]
    partial = _partial_views(schema)  # SELECT * views: columns not expanded
    triggers = {(o.table, o.name) for o in schema.objects if o.kind is ObjectKind.TRIGGER}
    assert _attached(schema) == {
        (t, n) for t, n in catalog if t not in partial or (t, n) in triggers
    }
