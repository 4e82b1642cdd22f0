"""A view's ``*`` / ``t.*`` is expanded into the columns its tables have
when the view is made, as PostgreSQL and MySQL/MariaDB store it (a column
added to the table later is not the view's); SQLite expands it again at
each use, so there the view's columns stay in part unknown.

The oracles: the catalogs of PostgreSQL 15 (pg_attribute), MariaDB 10.11
(information_schema.COLUMNS) and SQLite (pragma table_info) after the same
DDL; and ``drift`` against each database finds nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from cli_json import drift_messages, relation_columns
from dbnamelint.cli import cli
from tree_helpers import up_migration_project

#: Shapes both PostgreSQL and MariaDB take (MariaDB takes a bare ``*`` only
#: first in the list). ``used`` joins USING (b_id, id): PostgreSQL puts the
#: merged columns in the list's order, MariaDB in the first table's.
COMMON = """\
CREATE TABLE a (id int, x int, "Mixed" text, b_id int);
CREATE TABLE b (id int, b_id int, y int);
CREATE VIEW plain AS SELECT * FROM a;
CREATE VIEW qual AS SELECT b.*, a.x FROM a JOIN b ON a.id = b.id;
CREATE VIEW joined AS SELECT a.*, b.y FROM a, b WHERE a.id = b.id;
CREATE VIEW extra AS SELECT *, 1 AS extra FROM a;
CREATE VIEW mid AS SELECT 1 AS first, t.*, 2 AS last FROM b AS t;
CREATE VIEW used AS SELECT * FROM a JOIN b USING (b_id, id);
CREATE VIEW nat AS SELECT * FROM a NATURAL LEFT JOIN b;
CREATE VIEW overview AS SELECT * FROM plain;
ALTER TABLE a ADD COLUMN later int;
CREATE VIEW after_add AS SELECT * FROM a WHERE id > 0;
CREATE VIEW derived AS SELECT * FROM (SELECT 1 AS one) s;
"""


#: PostgreSQL only: a materialized view, a partitioned table, a schema's
#: table, a quoted alias, a table's column renamed after the view (the
#: view keeps the name it had).
POSTGRES = """\
CREATE SCHEMA s;
CREATE TABLE s.c (id int, z int);
CREATE TABLE p (id int, k int) PARTITION BY RANGE (k);
CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
CREATE MATERIALIZED VIEW m AS SELECT * FROM s.c WITH NO DATA;
CREATE VIEW lj AS SELECT * FROM s.c LEFT JOIN b USING (id);
CREATE VIEW sq AS SELECT s.c.* FROM s.c;
CREATE VIEW qa AS SELECT "Q".* FROM b AS "Q" WHERE "Q".id > 1 ORDER BY 1 LIMIT 3;
CREATE VIEW un AS SELECT * FROM b UNION ALL SELECT * FROM b;
CREATE VIEW par AS SELECT DISTINCT * FROM p1;
ALTER TABLE b RENAME COLUMN y TO y2;
CREATE VIEW after_rename AS SELECT * FROM b WITH LOCAL CHECK OPTION;
"""


def _model(sql: str, dialect: str) -> tuple[dict[str, list[str]], set[str]]:
    """View -> its columns in order as ``inspect --format json`` lists them,
    and the views whose columns it says are known only in part."""
    return relation_columns(sql, dialect, "view", "materialized_view")


def test_postgres_expands_stars_as_the_catalog_does(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = up_migration_project(tmp_path, COMMON + POSTGRES, "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_view_stars") as db:
        pg.run(files=[up], dbname=db)
        catalog = pg.view_columns(db)
        drift = drift_messages(pg.url(db))
    model, partial = _model(COMMON + POSTGRES, "postgres")
    assert catalog["used"] == ["b_id", "id", "x", "Mixed", "y"]  # USING: merged first
    assert catalog["qual"] == ["id", "b_id", "y", "x"] and catalog["after_rename"][-1] == "y2"
    assert "later" not in catalog["plain"] and "later" in catalog["after_add"]
    assert partial == set()  # a derived table's columns are read too
    assert model == catalog
    assert drift == []


def test_mariadb_expands_stars_as_the_catalog_does(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = COMMON.replace('"Mixed"', "Mixed")
    up = up_migration_project(tmp_path, sql, "mariadb")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbnl_view_stars") as db:
        maria.run(file=up, database=db)
        catalog = maria.view_columns(db)
        drift = drift_messages(maria.url(db))
    model, partial = _model(sql, "mariadb")
    assert catalog["used"] == ["id", "b_id", "x", "Mixed", "y"]  # USING: the first table's order
    assert "later" not in catalog["plain"] and "later" in catalog["after_add"]
    assert partial == set()
    assert model == catalog
    assert drift == []


def test_sqlite_expands_a_star_at_each_use_so_it_stays_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = (
        "CREATE TABLE a (id int, x int);\n"
        "CREATE VIEW plain AS SELECT * FROM a;\n"
        "CREATE VIEW named AS SELECT id FROM a;\n"
        "ALTER TABLE a ADD COLUMN later int;\n"
    )
    up = up_migration_project(tmp_path, sql, "sqlite")
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "v.db"
    with sqlite3.connect(path) as db:
        db.executescript(sql)
        plain = [r[1] for r in db.execute("SELECT * FROM pragma_table_info('plain')")]
    db.close()
    assert plain == ["id", "x", "later"]  # the column added after the view is the view's
    model, partial = _model(sql, "sqlite")
    assert partial == {"plain"} and model == {"plain": [], "named": ["id"]}
    assert up.exists()
    assert drift_messages(f"sqlite:///{path}") == []


def test_a_star_whose_columns_are_not_all_known_stays_unknown() -> None:
    model, partial = _model(
        "CREATE TABLE a (id int, x int);\n"
        "CREATE VIEW elsewhere AS SELECT * FROM not_made_here;\n"  # a table the files lack
        "CREATE VIEW twice AS SELECT * FROM a JOIN a AS c ON a.id = c.id;\n"  # id twice: refused
        "CREATE VIEW listed (p, q) AS SELECT * FROM a;\n"
        "CREATE VIEW called AS SELECT * FROM a, my_rows(1, 2) g;\n"  # a function not known
        "CREATE VIEW known AS SELECT * FROM a, generate_series(1, 2) g;\n"  # a built-in
        "CREATE VIEW too_many AS SELECT * FROM a AS t (p, q, r);\n",  # refused
        "postgres",
    )
    assert partial == {"elsewhere", "twice", "listed", "called", "too_many"}
    assert model["listed"] == ["p", "q"]
    assert model["known"] == ["id", "x", "g"]


def test_inspect_lists_the_expanded_columns_under_the_view(tmp_path: Path) -> None:
    sql = tmp_path / "v.sql"
    sql.write_text(
        'CREATE TABLE t (id int, "BadName" int);\nCREATE VIEW v AS SELECT * FROM t;\n',
        encoding="utf-8",
    )
    text = CliRunner().invoke(cli, ["inspect", "--dialect", "postgres", str(sql)]).stdout
    assert "v.sql:2:25:     column BadName\n" in text
    assert "columns in part unknown" not in text


#: Functions in FROM without a column definition list, and WITH queries whose
#: quoted names are matched exactly (PostgreSQL 15's catalog is the oracle).
POSTGRES_FUNCTIONS = """\
CREATE TABLE c (x int);
CREATE VIEW f_alias AS SELECT * FROM generate_series(1, 3) g;
CREATE VIEW f_bare AS SELECT * FROM generate_series(1, 3);
CREATE VIEW f_unnest AS SELECT * FROM unnest(ARRAY[1, 2]) AS u;
CREATE VIEW f_each AS SELECT * FROM jsonb_each('{}'::jsonb) j;
CREATE VIEW f_elements AS SELECT * FROM jsonb_array_elements('[]'::jsonb) e;
CREATE VIEW f_record AS SELECT * FROM json_to_record('{}'::json) AS x(a int);
CREATE VIEW f_ord AS SELECT * FROM generate_series(1, 3) WITH ORDINALITY AS t;
CREATE VIEW f_ord_bare AS SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
CREATE VIEW f_each_text AS SELECT * FROM jsonb_each_text('{}'::jsonb);
CREATE VIEW f_quoted AS SELECT * FROM regexp_split_to_table('a b', ' ') AS "Parts";
CREATE VIEW f_renamed AS SELECT * FROM generate_series(1, 3) g(n);
CREATE VIEW f_each_renamed AS SELECT * FROM json_each('{}'::json) AS j(k);
CREATE VIEW f_keys AS SELECT * FROM jsonb_object_keys('{}'::jsonb) k;
CREATE VIEW f_keywords AS SELECT * FROM pg_get_keywords() k;
CREATE VIEW f_joined AS SELECT * FROM c, generate_subscripts(ARRAY[1, 2], 1) s;
CREATE VIEW cte_quoted AS WITH "C" AS (SELECT 1 AS y) SELECT * FROM c;
CREATE VIEW cte_quoted_ref AS WITH "C" AS (SELECT 1 AS y) SELECT * FROM "C";
CREATE VIEW cte_lower_ref AS WITH "c" AS (SELECT 1 AS y) SELECT * FROM C;
"""


def test_postgres_names_function_and_with_query_columns_as_the_catalog_does(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = up_migration_project(tmp_path, POSTGRES_FUNCTIONS, "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_view_functions") as db:
        pg.run(files=[up], dbname=db)
        catalog = pg.view_columns(db)
        drift = drift_messages(pg.url(db))
    model, partial = _model(POSTGRES_FUNCTIONS, "postgres")
    assert catalog["f_alias"] == ["g"] and catalog["f_ord"] == ["t", "ordinality"]
    assert catalog["cte_quoted"] == ["x"]  # "C" is not c
    assert model == catalog and not partial, (model, catalog, partial)
    assert drift == [], drift


#: MariaDB names a VALUES list's columns after its first row's text.
MARIADB_VALUES = """\
CREATE TABLE tt (id int);
CREATE VIEW vals AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v;
CREATE VIEW vals_kinds AS SELECT * FROM (VALUES (10, 'ab', 2.5, -3)) AS v;
CREATE VIEW vals_joined AS SELECT * FROM tt, (VALUES (5, 'Bad Col', "dq")) AS v;
"""


def test_mariadb_names_values_columns_as_the_catalog_does(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = up_migration_project(tmp_path, MARIADB_VALUES, "mariadb")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbnl_view_values") as db:
        maria.run(file=up, database=db)
        catalog = maria.view_columns(db)
        drift = drift_messages(maria.url(db))
    model, partial = _model(MARIADB_VALUES, "mariadb")
    assert catalog["vals_joined"] == ["id", "5", "Bad Col", "dq"]
    assert partial == set()
    assert model == catalog
    assert drift == []
    # an expression's text is written back otherwise (1 + 1): not read
    _, partial = _model("CREATE VIEW e AS SELECT * FROM (VALUES (1+1)) AS v;\n", "mariadb")
    assert partial == {"e"}
