"""``EXECUTE`` of constant text outside a loop is read as the statement it runs.

A DO block's ``EXECUTE format('CREATE TABLE %I (id int)', 'BadName')``
(every argument a string literal) or ``EXECUTE 'CREATE TABLE ' || 'x' ||
' (id int)'`` runs one known text, yet was a DBN013 warning, not read: the
bad name passed every rule. It is read as ``format()`` makes it (PostgreSQL
15 manual 9.4.1: ``%s``, ``%I`` as ``quote_ident``, ``%L`` as
``quote_literal``, ``%%``, positions ``%n$``) and ``||`` joins it (9.4,
``text || text``), each name located where the file writes it. Text with
anything evaluated when the block runs (a variable, a call, ``'a' ||
'b'`` as a format argument) stays DBN013. Oracle: PostgreSQL 15 runs the
block; the model's tables and columns are its catalog's."""

from __future__ import annotations

import pg_server
from dbnamelint.core.identity import stored_name
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

SQL = """\
DO $$
BEGIN
  EXECUTE format('CREATE TABLE %I (id int)', 'BadName');
  EXECUTE format('CREATE TABLE %1$I (%2$I int, "pct%%" int, %2$s_copy int)', 'Other Table', 'ColA');
  EXECUTE 'CREATE TABLE ' || 'joined_tab' || ' (id int)';
  EXECUTE format('CREATE TABLE %s (v text DEFAULT %L, %I int)', 'with_default', 'it''s', 'a$b');
  EXECUTE $q$CREATE TABLE "Dollar$q$ || 'Joined" (' || format('%I int)', 'user');
  EXECUTE format('CREATE TABLE %I (id int)', 'built_' || 'arg');
  EXECUTE format('CREATE TABLE %I (id int)', current_schema() || '_t');
END $$;
"""

_CATALOG = """
SELECT c.relname AS t, a.attname AS name FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE c.relkind = 'r'
"""


def test_constant_execute_text_is_read_as_the_statement_it_runs(pg: pg_server.PgServer) -> None:
    schema = schema_from_sql(SQL, dialect="postgres")
    read = {(o.table, stored_name(o)) for o in schema.objects if o.kind is ObjectKind.COLUMN}
    with pg.fresh_database("dbnl_execute_constant") as db:
        pg.run(sql=SQL, dbname=db)
        catalog = {(r["t"], r["name"]) for r in pg.query_json(_CATALOG, dbname=db)}
    assert ("Other Table", "pct%") in catalog
    assert ("Other Table", "ColA_copy") not in catalog  # %s: as written, folded
    assert ("Other Table", "cola_copy") in catalog
    assert ("DollarJoined", "user") in catalog  # quote_ident quotes a reserved word
    # all but the two whose format argument is evaluated when the block runs
    assert read == {row for row in catalog if row[0] not in ("built_arg", "public_t")}, (
        read ^ catalog
    )
    dynamic = [d.location.line for d in schema.diagnostics if d.code == "DBN013"]
    assert dynamic == [8, 9], schema.diagnostics
    # each name is located where the format text writes it: %I for the value
    table = next(o for o in schema.objects if stored_name(o) == "BadName")
    assert (table.location.line, table.location.column) == (3, 32)
    joined = next(o for o in schema.objects if stored_name(o) == "joined_tab")
    assert (joined.location.line, joined.location.column) == (5, 31)
    # quote_ident quotes what is not lower-case letters, digits and _ ("a$b")
    dollar = next(o for o in schema.objects if stored_name(o) == "a$b")
    assert dollar.quoted, dollar
    column = next(o for o in schema.objects if stored_name(o) == "user")
    assert (column.location.line, column.location.column) == (7, 64)
