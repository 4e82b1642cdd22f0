"""The live front end against real databases: PostgreSQL, MariaDB, SQLite files.

The oracle is the database itself: each bundled example (and the small
MySQL and SQLite schemas under ``tests/fixtures``) is loaded into a real
server by its own client, then

- ``inspect --db`` lists the same objects (kind, schema, table, name) as
  ``inspect`` of the files;
- ``check --db`` gives the same findings as ``check`` of the files;
- ``drift`` reports nothing, and after a table is renamed by hand reports
  exactly that rename;

and the reads are shown to write nothing (a role with only CONNECT and
USAGE reads everything; the catalog's rows and the tables' write counters
are unchanged; a write attempted on the connection is refused), and a failing
connection's URL password is shown nowhere.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import mysql_server
import pg_server
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.model import ObjectKind
from pg_server import pg_url
from test_examples import EXAMPLES_UNDER_TEST, SUPABASE_SETUP, Example, replay_files

HERE = Path(__file__).resolve().parent
LIVE = HERE / "fixtures" / "live"
DUMPS = HERE / "fixtures" / "dumps"

#: A password that must never be printed, in any spelling.
SECRET = "Sup3r-S3cret_pw"

#: (kind, schema, table, name) of every object an inspect JSON lists.
ObjectKey = tuple[str, str | None, str | None, str]


def run(args: Sequence[str], env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def objects_of(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    objects: list[dict[str, Any]] = json.loads(result.stdout)["objects"]
    return objects


def keys(objects: list[dict[str, Any]], fold: Any, default_schema: str | None) -> set[ObjectKey]:
    """Objects as the catalog names them: ``fold(name, quoted)`` per part.

    An attached object's table is folded with the table's own quoting (looked
    up among the relations listed), as the catalog stored the table.
    """
    relation_quoted = {
        (o["schema"], o["name"]): o["quoted"]
        for o in objects
        if o["kind"] in ("table", "view", "materialized_view")
    }
    out: set[ObjectKey] = set()
    for o in objects:
        schema = o["schema"] or default_schema
        table = o["table"]
        if table is not None:
            table = fold(table, relation_quoted.get((o["schema"], table), False))
        out.add((o["kind"], schema, table, fold(o["name"], o["quoted"])))
    return out


def pg_fold(name: str, quoted: bool) -> str:
    return name if quoted else name.lower()


def exact(name: str, quoted: bool) -> str:
    return name


def findings_of(result: Result) -> list[tuple[Any, ...]]:
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    return sorted(
        (f["code"], f["kind"], f["qualified_name"], f["whitelisted"], f.get("suggestion"))
        for f in data["findings"]
    )


def drift_of(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code in (0, 1), result.output
    items: list[dict[str, Any]] = json.loads(result.stdout)["drift"]
    return items


# -- servers --------------------------------------------------------------------


# -- PostgreSQL: the bundled examples ----------------------------------------


def _schema_args(example: Example) -> list[str]:
    """Supabase projects get auth.users from the platform, not from their files."""
    return ["--schema", "public"] if "supabase" in example.tree else []


@pytest.fixture(scope="module", params=EXAMPLES_UNDER_TEST, ids=lambda e: e.id)
def loaded_example(
    request: pytest.FixtureRequest, pg: pg_server.PgServer
) -> Iterator[tuple[Example, str]]:
    """The example's files run on a fresh database by psql; yields (example, URL)."""
    example: Example = request.param
    files = [Path(f) for f in replay_files(example.root, str(example.root / example.tree))]
    dbname = "dbnl_live_" + re.sub(r"\W", "_", example.id)
    with pg.fresh_database(dbname) as db:
        if _schema_args(example):
            pg.run(sql=SUPABASE_SETUP, dbname=db)
        pg.run(files=files, dbname=db)
        yield example, pg_url(pg, db)


@pytest.mark.slow
def test_inspect_db_equals_inspect_of_the_files(
    loaded_example: tuple[Example, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example, url = loaded_example
    monkeypatch.chdir(example.root)
    files = objects_of(
        run(
            [
                "inspect",
                "--dialect",
                "postgres",
                "--format",
                "json",
                *replay_files(example.root, example.tree),
            ]
        )
    )
    database = objects_of(run(["inspect", "--db", url, *_schema_args(example), "--format", "json"]))
    # A view of SELECT *: the files' model does not expand the star.
    partial = {(o["schema"], o["name"]) for o in files if o["columns_unknown"]}
    database = [o for o in database if (o["schema"], o["table"]) not in partial]
    assert keys(database, pg_fold, "public") == keys(files, pg_fold, "public")
    assert {o["kind"] for o in database} >= {"table", "column", "constraint"}
    # Every location is the object's address in the database, without credentials.
    assert all(o["path"].startswith(url.split("@")[0].split("//")[0] + "//") for o in database)
    assert all("postgres@" not in o["path"] for o in database)


@pytest.mark.slow
def test_check_db_gives_the_findings_of_the_files(
    loaded_example: tuple[Example, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    example, url = loaded_example
    monkeypatch.chdir(example.root)
    from_files = findings_of(run(["check", "--format", "json", "--no-whitelist"]))
    from_db = findings_of(
        run(["check", "--db", url, *_schema_args(example), "--format", "json", "--no-whitelist"])
    )
    assert from_db == from_files
    assert from_files, "the comparison is not vacuous: the examples have legacy names"
    # With the whitelist, both pass exactly as `dbnamelint check` does on the example.
    result = run(["check", "--db", url, *_schema_args(example), "--format", "json"])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_drift_reports_nothing_then_exactly_a_hand_rename(
    loaded_example: tuple[Example, str], pg: pg_server.PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    example, url = loaded_example
    monkeypatch.chdir(example.root)
    clean = run(["drift", "--db", url, *_schema_args(example), "--format", "json"])
    assert clean.exit_code == 0, clean.output
    assert drift_of(clean) == []
    dbname = url.rsplit("/", 1)[1]
    table = pg.query_json(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
        "AND relkind = 'r' ORDER BY relname LIMIT 1",
        dbname,
    )[0]["relname"]
    pg.run(sql=f'ALTER TABLE "{table}" RENAME TO "{table}_by_hand"', dbname=dbname)
    try:
        drifted = run(["drift", "--db", url, *_schema_args(example), "--format", "json"])
        assert drifted.exit_code == 1, drifted.output
        items = drift_of(drifted)
        assert [(i["drift"], i["kind"]) for i in items] == [("renamed_in_database", "table")]
        assert items[0]["database_name"].split(".")[-1] == f"{table}_by_hand"
        assert items[0]["files_name"].split(".")[-1].strip('"').lower() == table.lower()
    finally:
        pg.run(sql=f'ALTER TABLE "{table}_by_hand" RENAME TO "{table}"', dbname=dbname)


# -- PostgreSQL: drift the files explain through their history ------------------------


@pytest.mark.slow
def test_drift_renames_in_files_not_applied(pg: pg_server.PgServer, tmp_path: Path) -> None:
    """The files rename a table, an index and a column; the database ran only the first file."""
    first = tmp_path / "001_init.sql"
    first.write_text(
        "CREATE TABLE orders (id int PRIMARY KEY, total numeric);\n"
        "CREATE INDEX orders_total_idx ON orders (total);\n"
        "CREATE TABLE legacy (id int PRIMARY KEY);\n"
        "CREATE VIEW old_orders AS SELECT * FROM orders;\n",
        encoding="utf-8",
    )
    second = tmp_path / "002_rename.sql"
    second.write_text(
        "ALTER TABLE legacy RENAME TO shop_legacy;\n"
        "CREATE VIEW legacy AS SELECT * FROM shop_legacy;\n"
        "ALTER INDEX orders_total_idx RENAME TO idx_orders_total;\n"
        "ALTER TABLE orders RENAME COLUMN total TO amount;\n"
        "DROP VIEW old_orders;\n",
        encoding="utf-8",
    )
    third = tmp_path / "003_cleanup.sql"
    third.write_text(
        "DROP VIEW legacy;\nCREATE VIEW order_totals AS SELECT id, amount FROM orders;\n",
        encoding="utf-8",
    )
    with pg.fresh_database("dbnl_live_history") as db:
        pg.run(files=[first, second], dbname=db)
        # The database missed the index and column renames and the cleanup;
        # it has a table of its own and lacks the view the files dropped.
        pg.run(
            sql="ALTER INDEX idx_orders_total RENAME TO orders_total_idx;"
            "ALTER TABLE orders RENAME COLUMN amount TO total;"
            "CREATE TABLE scratch (x int);"
            "CREATE VIEW order_totals AS SELECT id, total FROM orders;"
            "ALTER VIEW order_totals RENAME TO totals_by_hand;",
            dbname=db,
        )
        result = run(["drift", "--db", pg_url(pg, db), "--format", "json", str(tmp_path)])
    assert result.exit_code == 1, result.output
    got = {(i["drift"], i["kind"], i["files_name"], i["database_name"]) for i in drift_of(result)}
    assert got == {
        ("renamed_in_files", "index", "orders.idx_orders_total", "orders.orders_total_idx"),
        ("renamed_in_files", "column", "orders.amount", "orders.total"),
        ("compatibility_view_left", "view", "shop_legacy", "legacy"),
        ("only_in_database", "table", None, "scratch"),
        ("renamed_in_database", "view", "order_totals", "totals_by_hand"),
        # the view's output column: amount in the files, total in the database
        # (the view's columns are compared under the files' name of the view)
        ("only_in_files", "column", "order_totals.amount", None),
        ("only_in_database", "column", None, "totals_by_hand.total"),
    }
    # The left-over view is named as the view, not as its table (trial s7-t1 #12).
    (left,) = [i for i in drift_of(result) if i["drift"] == "compatibility_view_left"]
    assert left["name"] == "legacy"


def test_partitions_written_as_pg_dump_does_and_materialized_views_have_no_drift(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    """pg_dump writes a partition as a table, then attaches it and its indexes
    and key; the catalog lists those under the parent. A materialized view's
    columns live in its query, as a view's do. Then one hand rename is found."""
    schema = tmp_path / "structure.sql"
    schema.write_text(
        "CREATE TABLE events (id int NOT NULL, at date NOT NULL, code text)"
        " PARTITION BY RANGE (at);\n"
        "CREATE TABLE events_default (id int NOT NULL, at date NOT NULL, code text);\n"
        "ALTER TABLE ONLY events ATTACH PARTITION events_default DEFAULT;\n"
        "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01')"
        " TO ('2027-01-01');\n"
        "ALTER TABLE ONLY events ADD CONSTRAINT events_pkey PRIMARY KEY (id, at);\n"
        "ALTER TABLE ONLY events_default ADD CONSTRAINT events_default_pkey PRIMARY KEY (id, at);\n"
        "CREATE INDEX idx_events_code ON ONLY events (code);\n"
        "CREATE INDEX events_default_code_idx ON events_default (code);\n"
        "ALTER INDEX idx_events_code ATTACH PARTITION events_default_code_idx;\n"
        "ALTER INDEX events_pkey ATTACH PARTITION events_default_pkey;\n"
        "CREATE MATERIALIZED VIEW event_codes AS WITH c AS (SELECT code FROM events)"
        " SELECT code AS event_code, count(*) AS n FROM c GROUP BY code WITH NO DATA;\n"
        "CREATE INDEX event_codes_code_idx ON event_codes (event_code);\n",
        encoding="utf-8",
    )
    with pg.fresh_database("dbnl_live_partitions") as db:
        pg.run(files=[schema], dbname=db)
        clean = run(["drift", "--db", pg_url(pg, db), "--format", "json", str(tmp_path)])
        assert clean.exit_code == 0, clean.output
        pg.run(sql="ALTER INDEX event_codes_code_idx RENAME TO event_codes_by_code", dbname=db)
        result = run(["drift", "--db", pg_url(pg, db), "--format", "json", str(tmp_path)])
    assert result.exit_code == 1, result.output
    got = {(i["drift"], i["kind"], i["files_name"], i["database_name"]) for i in drift_of(result)}
    assert got == {
        (
            "name_differs",
            "index",
            "event_codes.event_codes_code_idx",
            "event_codes.event_codes_by_code",
        )
    }


@pytest.mark.slow
def test_inheritance_children_have_their_parents_columns_on_both_sides(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    """A classic INHERITS child holds its parents' columns and CHECKs (the
    catalog: attislocal/conislocal false, the child not a partition); the
    files' model and the database's agree, so drift is clean; a partition's
    inherited columns stay its parent's on both sides."""
    schema = tmp_path / "001.sql"
    schema.write_text(
        "CREATE TABLE inh_parent (id int CHECK (id > 0), name text NOT NULL);\n"
        "CREATE TABLE inh_child (extra int) INHERITS (inh_parent);\n"
        "CREATE TABLE inh_both (id int, more text) INHERITS (inh_parent);\n"
        "CREATE TABLE parts (id int CHECK (id <> 0), at date) PARTITION BY RANGE (at);\n"
        "CREATE TABLE parts_2026 PARTITION OF parts FOR VALUES FROM ('2026-01-01')"
        " TO ('2027-01-01');\n",
        encoding="utf-8",
    )
    with pg.fresh_database("dbnl_live_inherits") as db:
        pg.run(files=[schema], dbname=db)
        url = pg_url(pg, db)
        drift = run(["drift", "--db", url, "--format", "json", str(tmp_path)])
        database = objects_of(run(["inspect", "--db", url, "--format", "json"]))
    assert drift.exit_code == 0, drift.output
    files = objects_of(run(["inspect", "--dialect", "postgres", "--format", "json", str(tmp_path)]))
    assert keys(database, pg_fold, "public") == keys(files, pg_fold, "public")
    children = {(o["table"], o["name"]) for o in database if o["table"] == "inh_child"}
    assert children == {
        ("inh_child", "id"),
        ("inh_child", "name"),
        ("inh_child", "extra"),
        ("inh_child", "inh_parent_id_check"),
    }
    assert not [o for o in database if o["table"] == "parts_2026"]


# -- PostgreSQL: nothing is written ------------------------------------------------


#: Every catalog row the reads could touch, with the transaction that last
#: wrote it (``xmin``): any DDL, even one rolled back later, changes this
#: fingerprint; autovacuum's in-place statistics updates do not.
_CATALOG_FINGERPRINT = """
SELECT md5(string_agg(x, ',' ORDER BY x)) AS h FROM (
  SELECT 'c' || oid || ':' || xmin FROM pg_class UNION ALL
  SELECT 'a' || attrelid || '.' || attnum || ':' || xmin FROM pg_attribute UNION ALL
  SELECT 'k' || oid || ':' || xmin FROM pg_constraint UNION ALL
  SELECT 'n' || oid || ':' || xmin FROM pg_namespace UNION ALL
  SELECT 'p' || oid || ':' || xmin FROM pg_proc UNION ALL
  SELECT 't' || oid || ':' || xmin FROM pg_type UNION ALL
  SELECT 'g' || oid || ':' || xmin FROM pg_trigger UNION ALL
  SELECT 'o' || oid || ':' || xmin FROM pg_policy UNION ALL
  SELECT 'd' || classid || '.' || objid || '.' || refobjid || ':' || deptype::text FROM pg_depend
) AS s(x)
"""

#: Rows written to the database's own tables, from its cumulative statistics.
_ROWS_WRITTEN = """
SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text AS n FROM pg_stat_user_tables
"""


def _writes(pg: pg_server.PgServer, dbname: str) -> tuple[str, str]:
    """(catalog fingerprint, rows written to user tables): equal before and after a read."""
    catalog = pg.query_json(_CATALOG_FINGERPRINT, dbname)[0]["h"]
    rows = pg.query_json(_ROWS_WRITTEN, dbname)[0]["n"]
    return catalog, rows


@pytest.mark.slow
def test_reads_write_nothing_and_need_only_connect_and_usage(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    cora = [Path(p) for p in replay_files(EXAMPLES_UNDER_TEST[0].root, EXAMPLES_UNDER_TEST[0].tree)]
    with pg.fresh_database("dbnl_live_readonly") as db:
        pg.run(files=[EXAMPLES_UNDER_TEST[0].root / p for p in cora], dbname=db)
        pg.run(
            sql="DROP ROLE IF EXISTS dbnl_reader; CREATE ROLE dbnl_reader LOGIN;"
            f"GRANT CONNECT ON DATABASE {db} TO dbnl_reader;"
            "GRANT USAGE ON SCHEMA public TO dbnl_reader;",
            dbname=db,
        )
        try:
            url = pg_url(pg, db, user="dbnl_reader")
            before = _writes(pg, db)
            as_admin = objects_of(run(["inspect", "--db", pg_url(pg, db), "--format", "json"]))
            as_reader = objects_of(run(["inspect", "--db", url, "--format", "json"]))
            checked = run(["check", "--db", url, "--format", "json", "--no-whitelist"])
            assert checked.exit_code == 1, checked.output  # cora has legacy names
            after = _writes(pg, db)
        finally:
            pg.run(sql="DROP OWNED BY dbnl_reader; DROP ROLE dbnl_reader", dbname=db)
    assert as_reader == as_admin
    assert after == before, "the catalog or a table was written"


def test_a_libpq_connection_string_reads_what_the_url_reads(
    pg: pg_server.PgServer, tmp_path: Path
) -> None:
    """``--db "host=... dbname=..."`` (psql's keyword/value form, which CI
    services and ``PGSERVICE`` users hold) reads the same database as the URL."""
    with pg.fresh_database("dbnl_live_conninfo") as db:
        pg.run(sql="CREATE TABLE users (id integer PRIMARY KEY, email text)", dbname=db)
        by_url = run(["inspect", "--db", pg_url(pg, db), "--format", "json"])
        by_conninfo = run(["inspect", "--db", pg.database(db), "--format", "json"])
    assert by_conninfo.exit_code == 0, by_conninfo.output
    assert objects_of(by_conninfo) == objects_of(by_url)
    assert {o["name"] for o in objects_of(by_conninfo)} >= {"users", "email"}


def test_the_connection_refuses_writes(
    pg: pg_server.PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a bug that tried to write could not: the session is read-only."""
    from dbnamelint.database import load_database as read_database
    from dbnamelint.frontends.live import ConnectionFailedError, postgres

    def writes(cursor: Any, builder: Any, schemas: Any) -> None:
        cursor.execute("CREATE TABLE dbnl_should_not_exist (id int)")

    monkeypatch.setattr(postgres, "read_postgres", writes)
    with pytest.raises(ConnectionFailedError, match="read-only transaction"):
        read_database(pg_url(pg, "postgres"))
    assert not pg.query_json("SELECT 1 FROM pg_class WHERE relname = 'dbnl_should_not_exist'")


# -- passwords ------------------------------------------------------------------------


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens once the socket is closed


def _assert_secret_hidden(result: Result) -> None:
    text = result.stdout + result.stderr
    for spelling in (SECRET, SECRET.replace("-", "%2D"), "Sup3r"):
        assert spelling not in text, text


@pytest.mark.parametrize("command", ["inspect", "check", "drift"])
@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://app:{SECRET}@127.0.0.1:{{port}}/appdb?sslmode=disable",
        f"postgresql://app@127.0.0.1:{{port}}/appdb?password={SECRET}",
        f"mysql://app:{SECRET}@127.0.0.1:{{port}}/appdb",
        f"postgresql://app:{SECRET}@127.0.0.1:notaport/appdb",
        f"redis://app:{SECRET}@127.0.0.1:{{port}}/0",
    ],
    ids=["pg-refused", "pg-query-password", "mysql-refused", "bad-port", "bad-scheme"],
)
def test_a_failing_connection_never_shows_the_password(
    command: str, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schema.sql").write_text("CREATE TABLE t (id int);\n", encoding="utf-8")
    full = url.format(port=_closed_port())
    result = CliRunner().invoke(cli, [command, "--db", full, "schema.sql"], catch_exceptions=False)
    assert result.exit_code in (2, 5), result.output
    if "://" in full and ":notaport" not in full and not full.startswith("redis"):
        assert result.exit_code == 5
        assert "127.0.0.1" in result.stderr  # says which database, without the secret
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    _assert_secret_hidden(result)


def test_a_wrong_password_on_a_real_server_is_not_shown(maria: mysql_server.MysqlServer) -> None:
    maria.run(
        "DROP USER IF EXISTS 'dbnl_pw'@'%'; "
        "CREATE USER 'dbnl_pw'@'%' IDENTIFIED BY 'the-right-one';"
        "DROP USER IF EXISTS 'dbnl_pw'@'localhost'; "
        "CREATE USER 'dbnl_pw'@'localhost' IDENTIFIED BY 'the-right-one';"
    )
    try:
        url = f"mysql://dbnl_pw:{SECRET}@{maria.host}:{maria.port}/mysql"
        result = run(["inspect", "--db", url])
    finally:
        maria.run("DROP USER IF EXISTS 'dbnl_pw'@'%'; DROP USER IF EXISTS 'dbnl_pw'@'localhost'")
    assert result.exit_code == 5, result.output
    assert "Access denied" in result.output
    _assert_secret_hidden(result)


def test_database_url_from_the_environment_and_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE from_env (id INTEGER PRIMARY KEY)")
    conn.close()
    # A bare --db reads DATABASE_URL...
    result = run(["inspect", "--db"], env={"DATABASE_URL": f"sqlite:///{db}"})
    assert result.exit_code == 0, result.output
    assert "table from_env" in result.stdout
    # ...or the variable the config names.
    (tmp_path / "dbnamelint.yaml").write_text("database: APP_DB\n", encoding="utf-8")
    result = run(["inspect", "--db"], env={"APP_DB": f"sqlite:///{db}", "DATABASE_URL": ""})
    assert result.exit_code == 0, result.output
    assert "table from_env" in result.stdout
    # Nothing set: a usage error naming what was looked at.
    result = run(["inspect", "--db"], env={"APP_DB": "", "DATABASE_URL": ""})
    assert result.exit_code == 2
    assert "$APP_DB or $DATABASE_URL" in result.output
    # The key names a variable; a URL there is refused (it would be committed).
    (tmp_path / "dbnamelint.yaml").write_text(
        f"database: postgresql://u:{SECRET}@h/db\n", encoding="utf-8"
    )
    result = run(["check", "--db"])
    assert result.exit_code == 2
    assert "environment variable" in result.output
    _assert_secret_hidden(result)


def test_a_missing_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg -> ImportError
    monkeypatch.setitem(sys.modules, "pymysql", None)
    result = run(["inspect", "--db", "postgresql://127.0.0.1/x"])
    assert result.exit_code == 2
    assert "pip install '.[postgres]'" in result.output
    result = run(["inspect", "--db", "mysql://127.0.0.1/x"])
    assert result.exit_code == 2
    assert "pip install '.[mysql]'" in result.output


# -- MariaDB ----------------------------------------------------------------------------


@pytest.mark.slow
def test_mariadb_matches_the_files_and_drift(maria: mysql_server.MysqlServer) -> None:
    schema = LIVE / "shop.mysql.sql"
    with maria.fresh_database("dbnl_live_shop") as db:
        maria.run(file=schema, database=db)
        url = maria.url(db)
        files = objects_of(run(["inspect", "--format", "json", str(schema)]))
        database = objects_of(run(["inspect", "--db", url, "--format", "json"]))
        assert keys(database, exact, None) == keys(files, exact, None)
        assert {o["kind"] for o in database} == {
            "table",
            "column",
            "constraint",
            "index",
            "view",
            "trigger",
            "function",
        }
        clean = run(["drift", "--db", url, "--format", "json", str(schema)])
        assert clean.exit_code == 0, clean.output
        from_files = findings_of(run(["check", "--format", "json", "--no-whitelist", str(schema)]))
        from_db = findings_of(
            run(["check", "--db", url, "--format", "json", "--no-whitelist", str(schema)])
        )
        assert from_db == from_files
        assert any(f[0] == "DBN101" for f in from_db), "OrderItems is not snake_case"
        maria.run("RENAME TABLE customer_notes TO notes_by_hand", database=db)
        drifted = run(["drift", "--db", url, "--format", "json", str(schema)])
    assert drifted.exit_code == 1
    items = drift_of(drifted)
    assert [(i["drift"], i["files_name"], i["database_name"]) for i in items] == [
        ("renamed_in_database", "customer_notes", "notes_by_hand")
    ]


@pytest.mark.slow
def test_mariadb_unique_index_is_its_unique_constraint(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    """MySQL's catalog lists CREATE UNIQUE INDEX as a UNIQUE constraint: not drift."""
    extra = tmp_path / "002_unique.mysql.sql"
    extra.write_text(
        "CREATE UNIQUE INDEX uq_items_customer_sku ON `OrderItems` (sku, customer_id);\n",
        encoding="utf-8",
    )
    with maria.fresh_database("dbnl_live_unique") as db:
        maria.run(file=LIVE / "shop.mysql.sql", database=db)
        maria.run(file=extra, database=db)
        url = maria.url(db)
        database = objects_of(run(["inspect", "--db", url, "--format", "json"]))
        result = run(
            ["drift", "--db", url, "--format", "json", str(LIVE / "shop.mysql.sql"), str(extra)]
        )
    twins = [o for o in database if o["name"] == "uq_items_customer_sku"]
    assert [(o["kind"], o["constraint_type"]) for o in twins] == [("constraint", "unique")]
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_mariadb_needs_only_the_documented_grants(maria: mysql_server.MysqlServer) -> None:
    """The README's grants (SELECT, SHOW VIEW, TRIGGER, EXECUTE) read what the owner reads."""
    with maria.fresh_database("dbnl_live_grants") as db:
        maria.run(file=LIVE / "shop.mysql.sql", database=db)
        maria.run(
            "DROP USER IF EXISTS 'dbnl_ci'@'%'; CREATE USER 'dbnl_ci'@'%';"
            f"GRANT SELECT, SHOW VIEW, TRIGGER, EXECUTE ON {db}.* TO 'dbnl_ci'@'%';"
            "DROP USER IF EXISTS 'dbnl_ci'@'localhost'; CREATE USER 'dbnl_ci'@'localhost';"
            f"GRANT SELECT, SHOW VIEW, TRIGGER, EXECUTE ON {db}.* TO 'dbnl_ci'@'localhost';"
        )
        try:
            as_root = objects_of(run(["inspect", "--db", maria.url(db), "--format", "json"]))
            url = f"mysql://dbnl_ci@{maria.host}:{maria.port}/{db}"
            as_ci = objects_of(run(["inspect", "--db", url, "--format", "json"]))
        finally:
            maria.run(
                "DROP USER IF EXISTS 'dbnl_ci'@'%'; DROP USER IF EXISTS 'dbnl_ci'@'localhost'"
            )
    assert as_ci == as_root
    assert {o["kind"] for o in as_ci} >= {"table", "trigger", "function"}


# -- SQLite ------------------------------------------------------------------------------


def _sqlite_groups() -> list[Any]:
    return [
        pytest.param(DUMPS / "sqlite-dump", id="sqlite-dump"),
        pytest.param(DUMPS / "sqlite-migrations", id="sqlite-migrations"),
        pytest.param(LIVE / "library.sqlite.sql", id="library"),
    ]


def _sqlite_files(path: Path) -> list[str]:
    found, diagnostics = discover([str(path)], SourceSettings(root=Path.cwd(), dialect="sqlite"))
    assert not diagnostics
    return [f.path for f in found]


@pytest.mark.parametrize("path", _sqlite_groups())
def test_sqlite_file_matches_the_files_and_drift(path: Path, tmp_path: Path) -> None:
    files = _sqlite_files(path)
    db = tmp_path / "live.db"
    with sqlite3.connect(db) as conn:
        for file in files:
            conn.executescript(Path(file).read_text(encoding="utf-8"))
    conn.close()
    url = f"sqlite:///{db}"
    from_files = objects_of(run(["inspect", "--dialect", "sqlite", "--format", "json", *files]))
    from_db = objects_of(run(["inspect", "--db", url, "--format", "json"]))
    assert keys(from_db, exact, "main") == keys(from_files, exact, "main")
    clean = run(["drift", "--db", url, "--format", "json", *files], env=None)
    assert clean.exit_code == 0, clean.output
    from_files_check = findings_of(
        run(["check", "--dialect", "sqlite", "--format", "json", "--no-whitelist", *files])
    )
    from_db_check = findings_of(
        run(["check", "--db", url, "--format", "json", "--no-whitelist", *files])
    )
    assert from_db_check == from_files_check
    table = next(o["name"] for o in from_db if o["kind"] == "table")
    with sqlite3.connect(db) as conn:
        conn.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_by_hand"')
    conn.close()
    drifted = run(["drift", "--db", url, "--format", "json", *files])
    assert drifted.exit_code == 1
    assert [(i["drift"], i["files_name"], i["database_name"]) for i in drift_of(drifted)] == [
        ("renamed_in_database", table, f"{table}_by_hand")
    ]


def test_sqlite_shadow_tables_are_left_out_even_after_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FTS5 and R*Tree keep shadow tables (docs_data, r_node...) that no file
    writes. SQLite stores them as 'docs_data' at first and as "docs_data" once
    the virtual table was renamed (and R*Tree always so): either way they are
    the virtual table's, not tables of the schema (sqlite_master is the oracle
    of what is stored; pragma_table_list of what is a shadow)."""
    sql = (
        "CREATE VIRTUAL TABLE docs USING fts5(title, body);\n"
        "CREATE VIRTUAL TABLE r USING rtree(id, a, b);\n"
        "CREATE TABLE notes (id integer primary key);\n"
    )
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(sql, encoding="utf-8")
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as connection:
        connection.executescript(sql)
    url = f"sqlite:///{db}"
    assert run(["drift", "--db", url, "--dialect", "sqlite", str(tmp_path / "db")]).exit_code == 0
    with sqlite3.connect(db) as connection:
        connection.executescript("ALTER TABLE docs RENAME TO d2; ALTER TABLE d2 RENAME TO docs;")
        stored = [r[0] for r in connection.execute("SELECT sql FROM sqlite_master")]
    assert 'CREATE TABLE "docs_data"(id INTEGER PRIMARY KEY, block BLOB)' in stored
    again = run(["drift", "--db", url, "--dialect", "sqlite", str(tmp_path / "db")])
    assert again.exit_code == 0, again.output
    objects = objects_of(run(["inspect", "--db", url, "--format", "json"]))
    assert sorted(o["name"] for o in objects if o["kind"] == "table") == ["docs", "notes", "r"]

    from dbnamelint.frontends.live import sqlite as live_sqlite
    from dbnamelint.frontends.live.url import parse_url

    class NoTableList:  # SQLite before 3.37: the SQL front end's list stands in
        def __init__(self, real: sqlite3.Connection) -> None:
            self.real = real

        def execute(self, query: str) -> sqlite3.Cursor:
            if "pragma_table_list" in query:
                raise sqlite3.OperationalError("no such table: pragma_table_list")
            return self.real.execute(query)

    with sqlite3.connect(db) as connection:
        real = live_sqlite.shadow_tables(connection)
        fallback, _ = live_sqlite.read_sqlite(NoTableList(connection), parse_url(url))  # type: ignore[arg-type]
    assert "docs_data" in real and "r_node" in real
    assert sorted(e.name or "" for e in fallback if e.kind is ObjectKind.TABLE) == [
        "docs",
        "notes",
        "r",
    ]


def test_sqlite_file_is_opened_read_only(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    conn.close()
    before = db.read_bytes()
    assert run(["check", "--db", f"sqlite:///{db}", "--no-whitelist"]).exit_code in (0, 1)
    assert db.read_bytes() == before
    missing = run(["inspect", "--db", f"sqlite:///{tmp_path / 'absent.db'}"])
    assert missing.exit_code == 5
    assert f"no such file {tmp_path / 'absent.db'}\n" in missing.output
    assert not (tmp_path / "absent.db").exists(), "a missing file must not be created"


# -- drift without a server: SQLite files as the database ---------------------------

SARIF_SCHEMA = HERE.parent.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def drifted_sqlite(tmp_path: Path) -> tuple[str, Path]:
    """A SQLite database that missed the files' second migration and has a table of its own."""
    first = tmp_path / "migrations" / "001_init.sqlite.sql"
    first.parent.mkdir()
    first.write_text(
        "CREATE TABLE members (id INTEGER PRIMARY KEY, email TEXT);\n"
        "CREATE INDEX members_email ON members (email);\n",
        encoding="utf-8",
    )
    (tmp_path / "migrations" / "002_rename.sqlite.sql").write_text(
        "ALTER TABLE members RENAME TO app_members;\n"
        "CREATE VIEW members AS SELECT * FROM app_members;\n"
        "DROP VIEW members;\n",
        encoding="utf-8",
    )
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(first.read_text(encoding="utf-8"))
        conn.execute("CREATE TABLE scratch (x)")
    conn.close()
    return f"sqlite:///{db}", tmp_path / "migrations"


def test_drift_on_sqlite_every_format(drifted_sqlite: tuple[str, Path]) -> None:
    url, migrations = drifted_sqlite
    result = run(["drift", "--db", url, "--format", "json", str(migrations)])
    assert result.exit_code == 1
    got = {(i["drift"], i["kind"], i["files_name"], i["database_name"]) for i in drift_of(result)}
    assert got == {
        ("renamed_in_files", "table", "app_members", "members"),
        ("only_in_database", "table", None, "scratch"),
    }
    text = run(["drift", "--db", url, str(migrations)])
    assert text.exit_code == 1
    assert "renamed_in_files: table members was renamed to app_members in the files" in text.stdout
    assert text.stdout.rstrip().endswith("(4 objects in the files, 6 in the database).")
    markdown = run(["drift", "--db", url, "--format", "markdown", str(migrations)])
    assert "### Renamed in the files, not in the database (1)" in markdown.stdout
    assert "| table | `app_members` | `members` |" in markdown.stdout
    sarif = json.loads(run(["drift", "--db", url, "--format", "sarif", str(migrations)]).stdout)
    results = sarif["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == ["DRIFT1", "DRIFT3"]
    if SARIF_SCHEMA.is_file():
        from jsonschema import Draft4Validator

        Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(sarif)


def test_check_db_sarif_locates_objects_by_their_address(tmp_path: Path) -> None:
    db = tmp_path / "camel.db"
    with sqlite3.connect(db) as conn:
        conn.execute('CREATE TABLE "UserAccounts" (id INTEGER PRIMARY KEY)')
    conn.close()
    result = run(["check", "--db", f"sqlite:///{db}", "--format", "sarif", "--no-whitelist"])
    assert result.exit_code == 1
    sarif = json.loads(result.stdout)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert f"sqlite:///{db}#UserAccounts" in uris
    if SARIF_SCHEMA.is_file():
        from jsonschema import Draft4Validator

        Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(sarif)


# -- URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dialect", "display"),
    [
        (
            f"postgresql://app:{SECRET}@db.internal:5433/shop?sslmode=require",
            "postgres",
            "postgresql://db.internal:5433/shop",
        ),
        (f"postgres://app:{SECRET}@db.internal/shop", "postgres", "postgresql://db.internal/shop"),
        (
            f"postgresql+psycopg://app:{SECRET}@[::1]:5432/shop",
            "postgres",
            "postgresql://[::1]:5432/shop",
        ),
        (f"mariadb://app:{SECRET}@10.0.0.5/shop", "mysql", "mysql://10.0.0.5/shop"),
        ("sqlite:///data/app.db", "sqlite", "sqlite:///data/app.db"),
        ("sqlite:////abs/app.db", "sqlite", "sqlite:////abs/app.db"),
        ("var/app.sqlite3", "sqlite", "sqlite:///var/app.sqlite3"),
        # libpq's keyword/value form (PostgreSQL manual 34.1.1.1): spaces
        # around '=' optional, quoted values, backslash escapes.
        (
            f"host=db.internal port=5433 dbname=shop user=app password={SECRET}",
            "postgres",
            "postgresql://db.internal:5433/shop",
        ),
        (
            f"host = db.internal dbname = 'my shop' password='{SECRET}\\'x'",
            "postgres",
            "postgresql://db.internal/my shop",
        ),
        (f"dbname=shop sslpassword={SECRET}", "postgres", "postgresql:///shop"),
    ],
)
def test_url_forms_and_their_display(text: str, dialect: str, display: str) -> None:
    from dbnamelint.frontends.live import parse_url

    url = parse_url(text)
    assert (url.dialect, url.display) == (dialect, display)
    assert SECRET not in repr(url)
    assert SECRET not in url.location("public", "users")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("host=db dbname='shop", "opens a quote it never closes"),
        ("host=db shop", "expected keyword=value at character 9"),
    ],
)
def test_a_broken_libpq_string_is_a_located_error(text: str, said: str) -> None:
    from dbnamelint.frontends.live import DatabaseUrlError, parse_url

    with pytest.raises(DatabaseUrlError, match=said):
        parse_url(text)


def test_redaction_covers_every_spelling() -> None:
    from dbnamelint.frontends.live import parse_url

    url = parse_url("postgresql://app:p%40ss%20word@h/db?sslpassword=k3y")
    said = "FATAL: password p@ss word / p%40ss%20word rejected; key k3y; conninfo " + url.raw
    cleaned = url.redact(said)
    for secret in ("p@ss word", "p%40ss%20word", "k3y"):
        assert secret not in cleaned
    assert "postgresql://h/db" in cleaned


# -- PostgreSQL: corpus projects ---------------------------------------------------------


def _corpus_cases() -> list[Any]:
    """The projects the PostgreSQL oracle runs whose every object comes from their files."""
    import test_postgres_oracle as oracle

    return [
        pytest.param(case, id=case_id)
        for case_id, case in oracle.CORPUS_CASES
        if not case.skip and not case.dynamic
    ]


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.parametrize("case", _corpus_cases())
def test_corpus_project_has_no_drift_then_a_hand_rename(case: Any, pg: pg_server.PgServer) -> None:
    from msgspec.structs import replace as dc_replace

    import test_postgres_oracle as oracle
    from dbnamelint.database import load_database as read_database
    from dbnamelint.drift import compare
    from dbnamelint.runner.pipeline import load_files

    if not oracle.CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    reason = oracle._cannot_run(pg, case)
    if reason:
        pytest.skip(reason)
    project = oracle.CORPUS / case.project
    found, _ = discover([str(project / p) for p in case.paths], SourceSettings(root=project))
    files = [f for f in found if case.keep(f)]
    model = load_files(
        [dc_replace(f, dialect="postgres", dialect_guessed=False) for f in files], project
    ).schema
    with pg.fresh_database(oracle._case_db("live_" + case.project)) as db:
        setup = "; ".join(f"CREATE EXTENSION IF NOT EXISTS {e}" for e in case.extensions)
        if setup:
            pg.run(sql=setup, dbname=db)
        pg.run(files=[Path(f.path).resolve() for f in files], dbname=db)
        url = pg_url(pg, db)
        clean = compare(model, read_database(url).schema)
        assert not clean.items, [i.message for i in clean.items]
        assert clean.files_objects > 0
        live = read_database(url).schema
        parents = {o.partition_of for o in live.of_kind(ObjectKind.TABLE)}
        table = next(
            o
            for o in live.of_kind(ObjectKind.TABLE)
            if o.partition_of is None and o.name not in parents
        )
        qualified = f'"{table.schema}".' if table.schema else ""
        pg.run(sql=f'ALTER TABLE {qualified}"{table.name}" RENAME TO "zz_by_hand"', dbname=db)
        drifted = compare(model, read_database(url).schema)
    got = [(i.kind.value, i.object_kind.value) for i in drifted.items]
    assert got == [("renamed_in_database", "table")], [i.message for i in drifted.items]
    item = drifted.items[0]
    assert item.database is not None and item.database.name == "zz_by_hand"
    assert item.files is not None and item.files.name.lower() == table.name.lower()


def test_drift_says_what_the_files_reader_could_not_read(tmp_path: Path) -> None:
    schema = tmp_path / "schema.sqlite.sql"
    schema.write_text(
        "CREATE TABLE kept (id INTEGER PRIMARY KEY);\nCREATE TABLE broken (((;\n", encoding="utf-8"
    )
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE kept (id INTEGER PRIMARY KEY)")
    conn.close()
    result = run(["drift", "--db", f"sqlite:///{db}", "--format", "json", str(schema)])
    assert result.exit_code == 1
    # The name read before the problem is kept (and missing from the database)...
    assert [i["name"] for i in drift_of(result)] == ["broken"]
    # ...and the statement that could not be read is said, with its place.
    assert f"{schema}:2:" in result.stderr


def test_schema_filter_is_checked(pg: pg_server.PgServer, tmp_path: Path) -> None:
    unknown = run(["inspect", "--db", pg_url(pg, "postgres"), "--schema", "no_such_schema"])
    assert unknown.exit_code == 2
    assert "has no schema 'no_such_schema'" in unknown.output
    db = tmp_path / "one.db"
    sqlite3.connect(db).close()
    wrong = run(["inspect", "--db", f"sqlite:///{db}", "--schema", "main"])
    assert wrong.exit_code == 2
    assert "--schema applies to PostgreSQL" in wrong.output


@pytest.mark.slow
def test_check_db_with_a_schema_says_why_entries_are_not_judged(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--schema reads part of the database, and the files hold a table
    outside it: the staleness note names it (no paths were given, so "run
    without paths" would be advice that cannot be followed). Files whose
    every object is in the schemas read are judged whole
    (tests/test_check_db_template_schema.py)."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(
        'CREATE SCHEMA auth;\nCREATE TABLE auth."Users" (id int);\n'
        'CREATE TABLE "Legacy" (id int);\n',
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    assert run(["whitelist", "init"]).exit_code == 0
    with pg.fresh_database("dbnl_live_schema_note") as db:
        pg.run(files=[tmp_path / "db" / "001.sql"], dbname=db)
        result = run(["check", "--db", pg_url(pg, db), "--schema", "auth", "--format", "json"])
    assert result.exit_code == 0, result.output
    notes = [
        d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "DBN906"
    ]
    assert notes == [
        "whitelist entries were not checked for staleness: --schema auth read only part of "
        "the database (run without --schema to judge them)"
    ]


@pytest.mark.parametrize(
    ("mysql", "note"),
    [
        # a table and its column
        ("CREATE TABLE t (id INT);", "2 objects of files in other dialects (mysql) are not"),
        # a MariaDB sequence alone: one object, counted in the singular
        ("CREATE SEQUENCE s;", "1 object of files in other dialects (mysql) is not"),
    ],
)
def test_drift_compares_only_files_of_the_database_family(
    tmp_path: Path, mysql: str, note: str
) -> None:
    (tmp_path / "app.sqlite.sql").write_text("CREATE TABLE t (id INTEGER);\n", encoding="utf-8")
    (tmp_path / "app.mysql.sql").write_text(mysql + "\n", encoding="utf-8")
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (id INTEGER)")
    conn.close()
    result = run(["drift", "--db", f"sqlite:///{db}", "--format", "json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{note} compared with a sqlite database" in result.stderr


def test_a_missing_sqlite_file_names_the_path_the_url_resolved_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``sqlite:///work/app.db`` (three slashes) is ``work/app.db`` under the
    current folder; the stash trial meant ``/work/app.db`` and got "no such
    file" without the path that was tried."""
    db = tmp_path / "work" / "app.db"
    db.parent.mkdir()
    sqlite3.connect(db).close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    typo = str(db).lstrip("/")  # the URL written with three slashes
    missing = run(["inspect", "--db", f"sqlite:///{typo}"])
    assert missing.exit_code == 5
    assert missing.output == (
        f"dbnamelint: cannot read sqlite:///{typo}: no such file {elsewhere / typo} "
        f"(three slashes: a path relative to the current folder; {db} exists: "
        f"sqlite:///{db} (four slashes) names it)\n"
    )
    assert not (elsewhere / typo).exists()
