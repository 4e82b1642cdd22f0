"""DDL inside PostgreSQL ``DO`` blocks, in every spelling the manual allows
(``DO [ LANGUAGE lang ] code``, and ``LANGUAGE`` after the body as pg_dump and
golang-migrate trees write it), is read; the names are the real catalog's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

CASES = {
    "language-after": (
        "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'channel_type')"
        " THEN\n    CREATE TYPE channel_type AS ENUM ('P', 'G');\n  END IF;\nEND\n"
        "$$ LANGUAGE plpgsql;\n"
    ),
    "language-before": (
        "DO LANGUAGE plpgsql $body$ BEGIN CREATE TABLE orders (id int); END $body$;\n"
    ),
    "tagged-with-execute": (
        "CREATE TABLE orders (id int);\n"
        "DO $x$ BEGIN EXECUTE 'CREATE TABLE built_by_string (a int)';"
        " CREATE INDEX orders_id_idx ON orders (id); END $x$ LANGUAGE plpgsql;\n"
    ),
    "bare": "DO $$ BEGIN CREATE TABLE orders (id int); END $$;\n",
    # EXECUTE after THEN/ELSE (trial s15 supabase/auth): sqlglot reads the
    # literal as a string token there, not the rest of a command
    "execute-after-then": (
        "CREATE TABLE orders (id int);\nCREATE INDEX old_idx ON orders (id);\n"
        "DO $$ BEGIN\n  IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'old_idx') THEN\n"
        "    EXECUTE 'alter index old_idx rename to orders_id_idx';\n"
        "  ELSE\n    EXECUTE 'CREATE TABLE never_made (a int)' || chr(32);\n  END IF;\n"
        "  IF true THEN EXECUTE 'CREATE TABLE built_in_if (a int)'; END IF;\nEND $$;\n"
    ),
}

_CATALOG = """
SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')
UNION ALL
SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public' AND t.typtype = 'e'
"""

_KINDS = (ObjectKind.TABLE, ObjectKind.INDEX, ObjectKind.TYPE)


@pytest.mark.parametrize("case", sorted(CASES))
def test_do_block_ddl_is_the_catalogs(case: str, pg: pg_server.PgServer, tmp_path: Path) -> None:
    sql = CASES[case]
    model = schema_from_sql(sql, dialect="postgres")
    read = {o.name for o in model.objects if o.kind in _KINDS}
    with pg.fresh_database(f"dbnl_do_{case.replace('-', '_')}") as db:
        pg.run(sql=sql, dbname=db)
        catalog = {row["name"] for row in pg.query_json(_CATALOG, dbname=db)}
    # EXECUTE '<one literal>' runs that literal: read as the DDL it is.
    assert read == catalog, (read, catalog)
    assert read  # every case creates something


def test_execute_privilege_in_a_do_block_is_no_dynamic_sql(pg: pg_server.PgServer) -> None:
    """``REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC`` in a DO block is a
    privilege, not PL/pgSQL's EXECUTE: no DBN013 (trial s23 supabase: five
    warnings, and the hook refused a commit granting EXECUTE). PostgreSQL
    runs the block; a real EXECUTE beside them is still read."""
    sql = (
        "CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 1';\n"
        "DO $$\nBEGIN\n"
        "  REVOKE EXECUTE ON FUNCTION add_one(int) FROM PUBLIC;\n"
        "  GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO PUBLIC;\n"
        "  ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;\n"
        "  EXECUTE 'CREATE TABLE built_by_string (a int)';\n"
        "END $$;\n"
    )
    schema = schema_from_sql(sql, dialect="postgres")
    assert [d for d in schema.diagnostics if d.code == "DBN013"] == []
    tables = {o.name for o in schema.objects if o.kind is ObjectKind.TABLE}
    assert tables == {"built_by_string"}
    with pg.fresh_database("dbnl_do_execute_privilege") as db:
        pg.run(sql=sql, dbname=db)
        made = pg.query_json("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", db)
    assert {r["tablename"] for r in made} == tables


#: ``EXECUTE`` of dollar-quoted constants (PostgreSQL manual 4.1.2.4): any
#: tag, ``$$`` inside a body quoted ``$body$``, another tag's text kept as
#: written (``"a$q$b"`` inside ``$Q$``: tags are case-sensitive), a constant
#: that holds ``IF NOT EXISTS``; and, beside them, text built when the block
#: runs (``$q$...$q$ || ...``), which stays unread.
DOLLAR = (
    "CREATE TABLE queue (id int);\n"
    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'x') THEN\n"
    '  EXECUTE $q$ALTER TABLE queue ADD COLUMN "litCol" INT$q$;\n'
    '  EXECUTE $Q$ALTER TABLE queue ADD COLUMN "a$q$b" INT$Q$ ;\n'
    "  EXECUTE $q$ALTER TABLE queue ADD COLUMN IF NOT EXISTS plain_col INT$q$;\n"
    "  EXECUTE $q$ALTER TABLE queue ADD COLUMN $q$ || quote_ident('builtCol') || ' INT';\n"
    "END IF; END $$;\n"
    'DO $body$ BEGIN EXECUTE $$ALTER TABLE queue ADD COLUMN "bodyCol" INT$$; END $body$;\n'
)


def test_execute_of_a_dollar_quoted_constant_is_read(pg: pg_server.PgServer) -> None:
    """``EXECUTE $q$...$q$`` runs a constant, as ``EXECUTE '...'`` does: it is
    read, not reported as text built when the block runs (trial s31
    windmill: a DBN013 error, and the real DBN201 on ``litCol`` unseen)."""
    schema = schema_from_sql(DOLLAR, dialect="postgres")
    read = {o.name for o in schema.objects if o.kind is ObjectKind.COLUMN}
    with pg.fresh_database("dbnl_do_dollar_execute") as db:
        pg.run(sql=DOLLAR, dbname=db)
        made = pg.query_json(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'queue'", db
        )
    catalog = {r["column_name"] for r in made}
    assert catalog == {"id", "litCol", "a$q$b", "plain_col", "builtCol", "bodyCol"}
    # all but the one built when the block runs
    assert read == catalog - {"builtCol"}
    dynamic = [d for d in schema.diagnostics if d.code == "DBN013"]
    assert [d.location.line for d in dynamic] == [6], dynamic


def test_check_reports_the_name_a_dollar_quoted_execute_creates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` judges the column the constant adds (DBN201), and its only
    DBN013 is the built statement's."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(DOLLAR.replace("queue", "queues"))
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    done = CliRunner().invoke(
        cli, ["check", "--format", "json", "--no-cache", "--select", "DBN201,DBN013"]
    )
    found = sorted((f["code"], f["name"]) for f in json.loads(done.stdout)["findings"])
    assert found == [("DBN201", "a$q$b"), ("DBN201", "bodyCol"), ("DBN201", "litCol")]
    assert done.exit_code == 1
