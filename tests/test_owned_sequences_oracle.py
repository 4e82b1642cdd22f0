"""Sequence ownership (``OWNED BY``, serial, identity) against a real PostgreSQL.

PostgreSQL ties a sequence to a column with a ``pg_depend`` row of deptype
'a' (``serial``, ``CREATE/ALTER SEQUENCE ... OWNED BY t.c``) or 'i'
(identity); ``OWNED BY NONE`` removes it. DROP TABLE and DROP COLUMN drop
the sequences the table's columns own, renaming the table or the sequence
keeps the tie, ALTER TABLE ... SET SCHEMA moves them. Each case runs on the
server and through the pipeline: the model must hold the catalog's
sequences (and every other object, as tests/test_postgres_oracle.py
compares them) with the owner ``pg_depend`` gives, and ``drift`` of the
database built from the files must find nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer
from test_live import pg_url
from test_postgres_oracle import compare, model_keys, read_catalog

#: (schema, sequence) -> (table, column) owning it, or None: pg_depend's word.
OWNERS = """
SELECT n.nspname AS schema, s.relname AS seq, t.relname AS tab, a.attname AS col
FROM pg_class s
JOIN pg_namespace n ON n.oid = s.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
  AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
LEFT JOIN pg_class t ON t.oid = d.refobjid
LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE s.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
"""

CASES: tuple[tuple[str, str], ...] = (
    (
        "owned-by-survives-renames",
        """
        CREATE TABLE t (id int, b int);
        CREATE SEQUENCE s OWNED BY t.id;
        CREATE SEQUENCE s_b INCREMENT BY 2 OWNED BY t.b CACHE 1;
        ALTER TABLE t RENAME TO t2;
        ALTER SEQUENCE s RENAME TO s_renamed;
        ALTER TABLE t2 RENAME COLUMN id TO ident;
        CREATE TABLE ev (at date, n int) PARTITION BY RANGE (at);
        CREATE TABLE ev_1 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE SEQUENCE ev_1_n OWNED BY ev_1.n;
        ALTER TABLE ev RENAME COLUMN n TO m;
        """,
    ),
    (
        "pg-dump-style-then-drop-table",
        """
        CREATE TABLE public.orders (id integer NOT NULL, note text);
        CREATE SEQUENCE public.orders_id_seq AS integer START WITH 1 INCREMENT BY 1
            NO MINVALUE NO MAXVALUE CACHE 1;
        ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;
        ALTER TABLE ONLY public.orders ALTER COLUMN id
            SET DEFAULT nextval('public.orders_id_seq'::regclass);
        CREATE TABLE keep (id int);
        CREATE SEQUENCE loose_seq;
        ALTER SEQUENCE loose_seq OWNED BY orders.note;
        ALTER SEQUENCE loose_seq OWNED BY keep.id;
        DROP TABLE orders;
        """,
    ),
    (
        "owned-by-none-and-drop-column",
        """
        CREATE TABLE u (id serial, a int, b int);
        ALTER SEQUENCE u_id_seq OWNED BY NONE;
        CREATE SEQUENCE u_a_counter OWNED BY u.a;
        CREATE SEQUENCE u_b_counter OWNED BY u.b;
        ALTER SEQUENCE IF EXISTS never_made OWNED BY NONE;
        ALTER TABLE u DROP COLUMN a;
        CREATE TABLE v (id bigint GENERATED ALWAYS AS IDENTITY, n int);
        CREATE SEQUENCE v_n_seq OWNED BY v.n;
        ALTER SEQUENCE v_n_seq OWNED BY NONE;
        DROP TABLE u;
        DROP TABLE v;
        """,
    ),
    (
        "schemas-quotes-partitions",
        """
        CREATE SCHEMA shop;
        CREATE SCHEMA archive;
        CREATE TABLE shop."Odd" ("Key" int, n int);
        CREATE SEQUENCE shop."OddSeq" OWNED BY shop."Odd"."Key";
        CREATE SEQUENCE shop.odd_n OWNED BY shop."Odd".N;
        ALTER TABLE shop."Odd" SET SCHEMA archive;
        CREATE TABLE log (at date, n int) PARTITION BY RANGE (at);
        CREATE TABLE log_2024 PARTITION OF log FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE SEQUENCE log_2024_n OWNED BY log_2024.n;
        CREATE TABLE other (n serial);
        DROP TABLE log;
        """,
    ),
)


def _owners(pg: PgServer, db: str) -> dict[tuple[str | None, str], tuple[str, str] | None]:
    return {
        (None if r["schema"] == "public" else r["schema"], r["seq"]): (
            None if r["tab"] is None else (r["tab"], r["col"])
        )
        for r in pg.query_json(OWNERS, db)
    }


@pytest.mark.parametrize(("case", "sql"), CASES, ids=[c for c, _ in CASES])
def test_model_owns_sequences_as_the_catalog_does(
    pg: PgServer, tmp_path: Path, case: str, sql: str
) -> None:
    schema = schema_from_sql(sql)
    with pg.fresh_database("dbnl_owned") as db:
        pg.run(sql=sql, dbname=db)
        catalog = read_catalog(pg, db)
        owners = _owners(pg, db)
        (tmp_path / "001_schema.sql").write_text(sql, encoding="utf-8")
        result = CliRunner().invoke(
            cli,
            ["drift", "--no-cache", "--format", "json", "--db", pg_url(pg, db), str(tmp_path)],
        )
    diff = compare(catalog, model_keys(schema.objects))
    assert not diff, diff
    model = {
        (o.schema.lower() if o.schema else None, o.name if o.quoted else o.name.lower()): (
            o.owned_by
        )
        for o in schema.objects
        if o.kind is ObjectKind.SEQUENCE
    }
    assert model == owners
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["drift"] == []


def test_every_case_owns_and_drops_something(pg: PgServer) -> None:
    """Not vacuous: the cases keep owned sequences and drop others with their table."""
    kept = dropped = 0
    for _, sql in CASES:
        with pg.fresh_database("dbnl_owned") as db:
            pg.run(sql=sql, dbname=db)
            owners = _owners(pg, db)
        kept += sum(owner is not None for owner in owners.values())
        made = sql.count("CREATE SEQUENCE") + sql.count("serial") + sql.count("IDENTITY")
        dropped += made - len(owners)
    assert kept >= 6
    assert dropped >= 5


def test_drift_pairs_a_sequence_renamed_in_the_database(pg: PgServer, tmp_path: Path) -> None:
    """A sequence renamed by hand is one object under two names, not one on each side."""
    sql = """
    CREATE TABLE orders (id integer NOT NULL);
    CREATE SEQUENCE orders_id_seq AS integer;
    ALTER SEQUENCE orders_id_seq OWNED BY orders.id;
    CREATE TABLE items (id serial, name text);
    """
    (tmp_path / "001_schema.sql").write_text(sql, encoding="utf-8")
    by_hand = """
    ALTER TABLE orders RENAME TO purchase_orders;
    ALTER SEQUENCE orders_id_seq RENAME TO purchase_orders_id_seq;
    ALTER SEQUENCE items_id_seq RENAME TO item_ids;
    """
    with pg.fresh_database("dbnl_owned") as db:
        pg.run(sql=sql + by_hand, dbname=db)
        result = CliRunner().invoke(
            cli,
            ["drift", "--no-cache", "--format", "json", "--db", pg_url(pg, db), str(tmp_path)],
        )
    items = json.loads(result.output)["drift"]
    found = {(i["drift"], i["kind"], i["files_name"], i["database_name"]) for i in items}
    assert found == {
        ("renamed_in_database", "table", "orders", "purchase_orders"),
        ("renamed_in_database", "sequence", "orders_id_seq", "purchase_orders_id_seq"),
        ("renamed_in_database", "sequence", "items_id_seq", "item_ids"),
    }


@pytest.mark.parametrize(
    "sql",
    [
        "ALTER SEQUENCE s OWNED BY id;",
        "CREATE SEQUENCE s OWNED BY;",
    ],
)
def test_owned_by_without_a_table_is_a_located_error(sql: str) -> None:
    schema = schema_from_sql(sql)
    problems = [d for d in schema.diagnostics if d.severity.value != "info"]
    assert problems, schema.diagnostics
    assert problems[0].location.line == 1
    assert "OWNED BY" in problems[0].message
