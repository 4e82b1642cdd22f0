"""Functions and procedures in ``drift`` (trial s16, documenso: a function
made and one renamed by hand went unseen, "No drift").

The real catalogs are the oracle: each database is built from the files by
``psql`` or the ``mariadb`` client, then changed as a user would by hand.
Routines are compared by name: PostgreSQL's overloads of a name are one
function on each side; one renamed by hand is recognised by its number of
input arguments and its body, where neither side overloads the name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.routines import argument_type, body_digest
from dbnamelint.runner.pipeline import schema_from_sql
from mysql_server import MysqlServer
from pg_server import PgServer

Found = list[tuple[str, str, str, str | None]]

PG_SQL = """\
CREATE TABLE users (id text PRIMARY KEY);
-- comes with its constructors span(...), span_multirange(...): no file's functions
CREATE TYPE span AS RANGE (subtype = int8);
CREATE OR REPLACE FUNCTION generate_prefix_id(prefix TEXT) RETURNS TEXT AS $$
BEGIN
    RETURN prefix || '_' || md5(random()::text);
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION generate_id() RETURNS TEXT AS $$
BEGIN
    RETURN md5(random()::text);
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION answer() RETURNS int LANGUAGE sql AS 'SELECT ''4''::int * 10 + 2';
CREATE PROCEDURE touch(IN x int, OUT y int) LANGUAGE plpgsql AS $$ BEGIN y := x; END $$;
"""


def drift(*args: str) -> tuple[int, Found, list[str], str]:
    result = CliRunner().invoke(cli, ["drift", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.stdout)
    found = [(d["drift"], d["kind"], d["name"], d["database_name"]) for d in doc["drift"]]
    messages = [d["message"] for d in doc["drift"]]
    return result.exit_code, sorted(found), messages, result.stderr


def project(root: Path, dialect: str, *files: tuple[str, str]) -> list[Path]:
    (root / "migrations").mkdir()
    paths = []
    for name, sql in files:
        path = root / "migrations" / name
        path.write_text(sql, encoding="utf-8")
        paths.append(path)
    (root / "dbnamelint.yaml").write_text(f"paths: [migrations]\ndialect: {dialect}\n")
    return paths


def test_postgres_functions_made_renamed_and_dropped_by_hand(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documenso trial: a function made by hand is only in the database,
    one renamed by hand (same arguments and body) is renamed there, a
    procedure dropped by hand is only in the files."""
    paths = project(tmp_path, "postgres", ("001_init.sql", PG_SQL))
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_drift_functions") as db:
        pg.run(files=paths, dbname=db)
        code, found, _, _ = drift("--db", pg.url(db))
        assert (code, found) == (0, [])
        pg.run(
            sql='CREATE FUNCTION "HandMade"() RETURNS text LANGUAGE sql AS $$ SELECT 1::text $$;'
            "ALTER FUNCTION generate_id RENAME TO gen_id2;"
            "DROP PROCEDURE touch;",
            dbname=db,
        )
        code, found, messages, _ = drift("--db", pg.url(db))
    assert code == 1
    assert found == [
        ("only_in_database", "function", "HandMade", "HandMade"),
        ("only_in_files", "function", "touch", None),
        ("renamed_in_database", "function", "generate_id", "gen_id2"),
    ]
    assert (
        "function generate_id is called gen_id2 in the database (as many arguments, the same "
        "body: renamed there, not in the files)"
    ) in messages


def test_a_function_renamed_with_another_body_is_not_paired(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rename is told only by the same body: renamed and rewritten by hand,
    the two names are listed apart, as is a name of two same-bodied candidates."""
    paths = project(tmp_path, "postgres", ("001_init.sql", PG_SQL))
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_drift_functions_body") as db:
        pg.run(files=paths, dbname=db)
        pg.run(
            sql="ALTER FUNCTION answer RENAME TO answer2;"
            "CREATE OR REPLACE FUNCTION answer2() RETURNS int LANGUAGE sql AS 'SELECT 43';"
            "ALTER FUNCTION generate_id RENAME TO gen_a;"
            "CREATE FUNCTION gen_b() RETURNS TEXT AS $$\nBEGIN\n    RETURN md5(random()::text);"
            "\nEND;\n$$ LANGUAGE plpgsql;",
            dbname=db,
        )
        code, found, _, _ = drift("--db", pg.url(db))
    assert code == 1
    assert found == [
        ("only_in_database", "function", "answer2", "answer2"),
        ("only_in_database", "function", "gen_a", "gen_a"),
        ("only_in_database", "function", "gen_b", "gen_b"),
        ("only_in_files", "function", "answer", None),
        ("only_in_files", "function", "generate_id", None),
    ]


OVERLOADS = """\
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE FUNCTION over(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION over(a text) RETURNS text LANGUAGE sql AS 'SELECT a';
CREATE FUNCTION over(a integer, b character varying(20) DEFAULT 'x') RETURNS int
  LANGUAGE sql AS 'SELECT a';
DROP FUNCTION over(int4);
DROP FUNCTION IF EXISTS over(bigint);
DROP FUNCTION over(pg_catalog.int4, varchar);
CREATE FUNCTION feel(m mood) RETURNS mood LANGUAGE sql AS 'SELECT m';
CREATE FUNCTION feel(m int) RETURNS int LANGUAGE sql AS 'SELECT m';
CREATE FUNCTION only_mood(m mood) RETURNS int LANGUAGE sql AS 'SELECT 1';
DROP TYPE mood CASCADE;
"""


def test_dropping_one_overload_keeps_the_name(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL drops the overload of exactly the input types written
    (``int4``, ``integer`` and ``pg_catalog.int4`` alike, modifiers and
    defaults aside), skips ``IF EXISTS`` of types no overload has, and
    ``DROP TYPE ... CASCADE`` drops the overloads naming the type only: the
    catalog keeps ``over(text)`` and ``feel(integer)``, and so does the model."""
    paths = project(tmp_path, "postgres", ("001_overloads.sql", OVERLOADS))
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_drift_overloads") as db:
        pg.run(files=paths, dbname=db)
        rows = pg.query_json(
            "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS f "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' ORDER BY 1",
            dbname=db,
        )
        code, found, _, _ = drift("--db", pg.url(db))
    assert [r["f"] for r in rows] == ["feel(m integer)", "over(a text)"]
    model = schema_from_sql(OVERLOADS)
    assert sorted(o.name for o in model.of_kind(ObjectKind.FUNCTION)) == ["feel", "over"]
    assert (code, found) == (0, [])


def test_overloads_are_compared_by_name(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Identity is the name: an overload made or dropped by hand beside
    another of the same name is no drift (README: functions are compared by
    name), and an overloaded name is never paired as a rename."""
    sql = (
        "CREATE FUNCTION over(a int) RETURNS int LANGUAGE sql AS 'SELECT a';\n"
        "CREATE FUNCTION over(a text) RETURNS text LANGUAGE sql AS 'SELECT a';\n"
    )
    paths = project(tmp_path, "postgres", ("001_init.sql", sql))
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_drift_overload_names") as db:
        pg.run(files=paths, dbname=db)
        pg.run(
            sql="DROP FUNCTION over(text);"
            "CREATE FUNCTION over(a bigint) RETURNS bigint LANGUAGE sql AS 'SELECT a'",
            dbname=db,
        )
        same = drift("--db", pg.url(db))
        pg.run(sql="ALTER FUNCTION over(int) RENAME TO other", dbname=db)
        _, found, _, _ = drift("--db", pg.url(db))
    assert same[:2] == (0, [])
    # over(bigint) still stands for the name; the overload renamed away is a
    # name only the database has.
    assert found == [("only_in_database", "function", "other", "other")]


def test_functions_renamed_in_the_files_not_yet_in_the_database(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ALTER FUNCTION ... RENAME`` in a migration the database has not run."""
    first, second = project(
        tmp_path,
        "postgres",
        ("001_init.sql", PG_SQL),
        ("002_rename.sql", "ALTER FUNCTION generate_id() RENAME TO new_id;\n"),
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_drift_functions_files") as db:
        pg.run(files=[first], dbname=db)
        code, found, messages, _ = drift("--db", pg.url(db))
    assert (code, found) == (1, [("renamed_in_files", "function", "new_id", "generate_id")])
    assert "function generate_id was renamed to new_id in the files" in messages[0]
    assert second.exists()


MARIA_SQL = """\
CREATE TABLE users (id INT NOT NULL PRIMARY KEY);
DELIMITER //
CREATE FUNCTION add_one(x INT) RETURNS INT DETERMINISTIC
BEGIN
  RETURN x + 1;
END //
CREATE DEFINER=CURRENT_USER PROCEDURE touch_users(IN n INT)
BEGIN
  SELECT n;
END //
DELIMITER ;
CREATE FUNCTION Twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
CREATE PROCEDURE gone() SELECT 1;
DROP PROCEDURE gone;
"""


@pytest.mark.parametrize("dialect", ["mysql", "mariadb"])
def test_mariadb_routines_are_compared_by_name(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    """information_schema.ROUTINES against the files' functions and
    procedures; MySQL has no overloads and no rename of a routine, so a
    routine replaced by hand is one only in the files and one only in the
    database."""
    (path,) = project(tmp_path, dialect, ("001_init.sql", MARIA_SQL))
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbnl_drift_routines") as db:
        maria.run(file=path, database=db)
        same = drift("--db", maria.url(db))
        maria.run(
            "DROP FUNCTION add_one; CREATE FUNCTION add_two(x INT) RETURNS INT RETURN x + 1",
            database=db,
        )
        code, found, _, _ = drift("--db", maria.url(db))
    assert same[:2] == (0, [])
    assert (code, found) == (
        1,
        [
            ("only_in_database", "function", "add_two", "add_two"),
            ("only_in_files", "function", "add_one", None),
        ],
    )


#: Argument types as files write them: aliases, modifiers, qualified names,
#: array spellings, several-word types.
WRITTEN_TYPES = (
    "int",
    "int4",
    "pg_catalog.int4",
    "INTEGER",
    "varchar(20)[]",
    "character varying",
    "timestamp(3) with time zone",
    "timestamptz",
    "time(3) without time zone",
    "public.mood",
    "numeric(10, 2)",
    "decimal",
    "int ARRAY",
    "int8[][]",
    "float",
    "float4",
    "double precision",
    "bool",
    "bit varying(3)",
    "smallint",
    "jsonb",
)


def test_argument_types_are_spelt_as_postgresql_compares_them(pg: PgServer) -> None:
    """Each spelling resolves to PostgreSQL's own (``format_type`` without a
    modifier, as ``pg_get_function_identity_arguments`` prints a signature):
    the server is asked."""
    written = ", ".join("'" + t.replace("'", "''") + "'" for t in WRITTEN_TYPES)
    with pg.fresh_database("dbnl_argument_types") as db:
        pg.run(sql="CREATE TYPE mood AS ENUM ('ok')", dbname=db)
        rows = pg.query_json(
            f"SELECT w AS written, format_type(w::regtype, NULL) AS spelt "
            f"FROM unnest(ARRAY[{written}]) AS t(w)",
            dbname=db,
        )
    assert [r["written"] for r in rows] == list(WRITTEN_TYPES)
    assert {r["written"]: argument_type(r["written"], "postgres") for r in rows} == {
        r["written"]: r["spelt"] for r in rows
    }


def test_which_bodies_tell_a_rename() -> None:
    """A body written as one string is known (``prosrc``); a C function's
    ``AS 'file', 'symbol'``, a ``BEGIN ATOMIC`` body, and an overloaded name are not."""
    sql = (
        "CREATE FUNCTION a(x int, OUT y int) LANGUAGE sql AS $$ SELECT x $$;\n"
        "CREATE FUNCTION b() RETURNS int LANGUAGE c AS 'mylib', 'b_impl';\n"
        "CREATE FUNCTION c() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n"
        "CREATE FUNCTION d(x int) RETURNS int LANGUAGE sql AS 'SELECT x';\n"
        "CREATE FUNCTION d(x text) RETURNS text LANGUAGE sql AS 'SELECT x';\n"
    )
    routines = {o.name: o.routine for o in schema_from_sql(sql).of_kind(ObjectKind.FUNCTION)}
    assert routines == {"a": f"1:{body_digest(' SELECT x ')}", "b": None, "c": None, "d": None}
