"""``EXECUTE format(...)`` in a DO block's loop over a constant list is read
once per value (trial s31 windmill: its first migration's ``FOREACH i IN
ARRAY arr`` over ``array['resource', 'script', ...]`` added ``extra_perms``
columns, ``<table>_extra_perms`` indexes and policies the model never held,
and ``drift`` listed all 25 as only in the database). Text that is not
constant stays unread (DBN013). Oracle: PostgreSQL 15 runs the block; the
model's columns, indexes and policies are the catalog's."""

from __future__ import annotations

import pg_server
from dbnamelint.core.identity import stored_name
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

SQL = """\
CREATE TABLE resource (id int, workspace_id text, path text);
CREATE TABLE script (id int, workspace_id text, path text);
DO
$do$
  DECLARE
    i text;
    arr text[] := array['resource', 'script'];
  BEGIN
  FOREACH i IN ARRAY arr
  LOOP
    EXECUTE FORMAT(
      $$
        ALTER TABLE %1$I ENABLE ROW LEVEL SECURITY;

        CREATE POLICY see_starter ON %1$I FOR SELECT
        USING (%1$I.workspace_id = 'starter');

        ALTER TABLE %1$I
        ADD COLUMN extra_perms JSONB NOT NULL DEFAULT '{}';

        CREATE INDEX %1$I_extra_perms ON %1$I USING GIN (extra_perms);
        CREATE INDEX "%1$sBadIdx" ON %1$I (id);
      $$,
      i
    );
  END LOOP;
  END
$do$;
DO $$ DECLARE t text; BEGIN
  FOREACH t IN ARRAY ARRAY['resource', 'script'] LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN %s int', t, 'camelCol');
  END LOOP;
  FOR t IN SELECT unnest(ARRAY['resource']) LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN "%sX" int', t, t);
  END LOOP;
  FOR t IN SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_name = 'script' LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN from_query int', t);
  END LOOP;
END $$;
"""

_CATALOG = """
SELECT 'column' AS kind, table_name AS t, column_name AS name FROM information_schema.columns
WHERE table_schema = 'public'
UNION ALL SELECT 'index', tablename, indexname FROM pg_indexes WHERE schemaname = 'public'
UNION ALL SELECT 'policy', tablename, policyname FROM pg_policies WHERE schemaname = 'public'
"""


def test_a_constant_loop_is_read_once_per_value(pg: pg_server.PgServer) -> None:
    schema = schema_from_sql(SQL, dialect="postgres")
    kinds = {ObjectKind.COLUMN: "column", ObjectKind.INDEX: "index", ObjectKind.POLICY: "policy"}
    read = {(kinds[o.kind], o.table, stored_name(o)) for o in schema.objects if o.kind in kinds}
    with pg.fresh_database("dbnl_do_constant_loops") as db:
        pg.run(sql=SQL, dbname=db)
        catalog = {(r["kind"], r["t"], r["name"]) for r in pg.query_json(_CATALOG, dbname=db)}
    assert ("index", "script", "script_extra_perms") in catalog
    assert ("column", "resource", "resourceX") in catalog
    # all but the column the query-driven loop adds: its list is not constant
    assert read == catalog - {("column", "script", "from_query")}
    dynamic = [d for d in schema.diagnostics if d.code == "DBN013"]
    assert [d.location.line for d in dynamic] == [38], dynamic
    # each name is located where the format text writes it
    index = next(o for o in schema.objects if o.name == "script_extra_perms")
    assert (index.location.line, index.location.column) == (21, 22)
