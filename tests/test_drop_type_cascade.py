"""What PostgreSQL drops along with a type or domain dropped with CASCADE.

``DROP TYPE mood CASCADE`` (PostgreSQL 15, pg_depend) drops the domains over
the type or its array, the columns of the type, its array or such a domain
(and with them their indexes, constraints and the views reading them), the
attributes of composite types of the type (and those columns of tables made
OF the composite), and the routines taking or returning it. Right values
come from the real server: the same SQL runs there and its catalog is
compared with the model name for name (:func:`test_reader_round2.same_as_server`,
tables, columns, indexes, constraints, views, types, domains...), and
routines are compared with ``pg_proc``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer
from test_postgres_oracle import load_on_server
from test_reader_round2 import same_as_server

CASES = {
    # columns of the type, its array, a domain over it (and over that domain)
    "columns-domains-indexes": """
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE DOMAIN mood_d AS mood;
CREATE DOMAIN mood_arr_d mood[] NOT NULL;
CREATE DOMAIN mood_dd AS mood_d;
CREATE TABLE people (id int PRIMARY KEY, m mood, ms mood[], md mood_d, n int, dd mood_dd,
                     ma mood ARRAY, mad mood_arr_d);
CREATE INDEX people_m_idx ON people (m);
CREATE INDEX people_n_idx ON people (n);
CREATE UNIQUE INDEX people_n_key ON people (n) WHERE m IS NOT NULL;
ALTER TABLE people ADD CONSTRAINT people_m_n_key UNIQUE (m, n);
CREATE TABLE kept (id int, note text);
DROP TYPE mood CASCADE;
""",
    # views reading a dropped column: by a star, by name; views on them; the others stay
    "views": """
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE people (id int PRIMARY KEY, m mood, n int);
CREATE VIEW v_star AS SELECT * FROM people;
CREATE VIEW v_on_star AS SELECT id FROM v_star;
CREATE VIEW v_named AS SELECT id FROM people WHERE m IS NOT NULL;
CREATE VIEW v_alias AS SELECT p.* FROM people p;
CREATE VIEW v_other AS SELECT id, n, count(*) AS c FROM people GROUP BY id, n;
CREATE MATERIALIZED VIEW mv AS SELECT p.id, p.m FROM people p;
DROP TYPE mood CASCADE;
""",
    # a composite type loses the attribute, and a table OF it the column
    "composite-and-typed-table": """
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE DOMAIN mood_d AS mood;
CREATE TYPE pair AS (m mood, n int, d mood_d);
CREATE TABLE p2 (id int, p pair);
CREATE TABLE tof OF pair;
CREATE INDEX tof_m ON tof (m);
CREATE INDEX tof_n ON tof (n);
DROP TYPE mood CASCADE;
CREATE TABLE tof2 OF pair;
""",
    # qualified, quoted and found through the search path
    "schemas-and-quotes": """
CREATE SCHEMA app;
CREATE TYPE app."Mood" AS ENUM ('a');
CREATE TYPE mood AS ENUM ('x');
CREATE DOMAIN app.dm AS app."Mood" NOT NULL;
CREATE TABLE t1 (id int, a app."Mood", b mood, c app.dm, "D" app."Mood"[]);
CREATE VIEW v1 AS SELECT id, "D" FROM t1;
CREATE VIEW v2 AS SELECT id, b FROM t1;
SET search_path = app, public;
CREATE TABLE t2 (id int, a "Mood", b mood);
CREATE VIEW v3 AS SELECT * FROM t2;
SET search_path = public;
DROP TYPE app."Mood" CASCADE;
""",
    # DROP DOMAIN ... CASCADE: the same for a domain
    "drop-domain": """
CREATE DOMAIN d5 AS int CHECK (VALUE > 0);
CREATE TABLE t5 (id int, v d5, w int);
CREATE INDEX t5_v ON t5 (v);
CREATE VIEW v5 AS SELECT id, v FROM t5;
CREATE VIEW w5 AS SELECT id, w FROM t5;
DROP DOMAIN d5 CASCADE;
""",
    # a column retyped (ALTER COLUMN ... TYPE) before the drop is spared, with
    # its index; one still of the type goes (hatchet v1_0_69's enum swap)
    "retyped-column": """
CREATE TYPE "LimitResource" AS ENUM ('A', 'B');
CREATE TABLE "Lim" (id int, resource "LimitResource" NOT NULL, other "LimitResource",
                    third "LimitResource");
CREATE UNIQUE INDEX "Lim_resource_key" ON "Lim" (resource);
CREATE TYPE "LimitResource_new" AS ENUM ('A');
ALTER TABLE "Lim" ALTER COLUMN resource TYPE "LimitResource_new"
    USING resource::text::"LimitResource_new";
ALTER TABLE "Lim" ALTER third SET DATA TYPE text;
DROP TYPE "LimitResource" CASCADE;
ALTER TYPE "LimitResource_new" RENAME TO "LimitResource";
""",
    # ALTER TABLE ... DROP COLUMN ... CASCADE drops the views reading the column
    "drop-column-cascade": """
CREATE TABLE t3 (id int, z int, y int);
CREATE VIEW v_star AS SELECT t3.* FROM t3;
CREATE VIEW v_z AS SELECT id, z FROM t3;
CREATE VIEW v_y AS SELECT id, y FROM t3;
CREATE VIEW v_on_z AS SELECT * FROM v_z;
ALTER TABLE t3 DROP COLUMN z CASCADE;
""",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_drop_cascade_matches_the_server(pg: PgServer, tmp_path: Path, case: str) -> None:
    db = f"dtc_{case.replace('-', '_')}"
    kinds = same_as_server(pg, tmp_path, db, {"a.sql": CASES[case]})
    assert "column" in kinds and "table" in kinds


ROUTINES = """
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE DOMAIN mood_d AS mood;
CREATE FUNCTION f_arg(x mood) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f_unnamed(mood, int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f_ret() RETURNS mood LANGUAGE sql AS $$SELECT 'a'::mood$$;
CREATE FUNCTION f_setof() RETURNS SETOF public.mood LANGUAGE sql AS $$SELECT 'a'::mood$$;
CREATE FUNCTION f_table() RETURNS TABLE (id int, m mood) LANGUAGE sql AS $$SELECT 1, 'a'::mood$$;
CREATE FUNCTION f_out(IN a int, OUT b mood[]) LANGUAGE sql AS $$SELECT ARRAY['a'::mood]$$;
CREATE FUNCTION f_domain(v mood_d DEFAULT 'a') RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE PROCEDURE p_arg(VARIADIC v mood[]) LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f_over(x mood) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f_over(x int) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION f_body() RETURNS text LANGUAGE sql AS $$SELECT 'a'::mood::text$$;
CREATE FUNCTION f_words(x double precision, y character varying, t timestamp with time zone)
    RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION app.f_other(m int) RETURNS int LANGUAGE sql AS 'SELECT 1';
DROP TYPE mood CASCADE;
"""


def test_routines_taking_or_returning_the_type_go(pg: PgServer, tmp_path: Path) -> None:
    """pg_proc after the drop: ``f_over(int)`` keeps the name ``f_over``;
    ``f_body`` only casts in its body, which PostgreSQL 15 does not follow."""
    (tmp_path / "a.sql").write_text(ROUTINES, encoding="utf-8")
    with pg.fresh_database("dtc_routines") as fresh:
        loaded, _ = load_on_server(pg, fresh, tmp_path, [tmp_path])
        rows = pg.query_json(
            "SELECT n.nspname AS schema, p.proname AS name FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname IN ('public', 'app')",
            fresh,
        )
    server = {(r["schema"], r["name"]) for r in rows}
    model = {
        (o.schema or "public", o.name)
        for o in loaded.schema.objects
        if o.kind is ObjectKind.FUNCTION
    }
    assert model == server
    assert ("public", "f_over") in server and ("public", "f_arg") not in server


def test_without_cascade_or_elsewhere_nothing_follows() -> None:
    """Only PostgreSQL's DROP ... CASCADE drops dependents; a plain DROP TYPE
    (which the server refuses while columns use the type) leaves them."""
    sql = "CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE t (id int, m mood);\nDROP TYPE mood;\n"
    columns = [o.name for o in schema_from_sql(sql).objects if o.kind is ObjectKind.COLUMN]
    assert columns == ["id", "m"]
