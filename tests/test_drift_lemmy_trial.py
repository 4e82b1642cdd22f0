"""Drift faults a new-user trial on LemmyNet/lemmy found (Diesel, PostgreSQL).

The oracle is the real catalog: each database is built by applying the
migration files with psql, and the tool's version table is filled as Diesel
fills it (a row per applied folder, the version as text).

1. A table created unquoted in upper case (``CREATE TABLE LANGUAGE``: the
   catalog holds ``language``), renamed by a quoted ``ALTER TABLE
   "language" RENAME TO "languages"`` not applied yet, was reported
   ``renamed_in_database`` (its earlier name folded with the quoting of the
   current one) while the other tables of the same migration were
   ``renamed_in_files``.
2. Diesel's current version: Diesel compares versions as strings
   (``MigrationVersion`` derives ``Ord`` over its text, and
   ``applied_migrations`` orders ``version DESC``), so ``20240102000000``
   comes after ``202401010000000000``; drift named the longer one.
3. A trigger the files create on Diesel's own table (Lemmy's
   ``forbid_diesel_cli``) was ``only_in_files``: the table, and all on it,
   is left out of the database's side, so it is left out of the files' too.
4. ``--ignore-table 'r.*'`` left schema ``r`` itself reported.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.applied_migrations import VersionTable, compare_versions
from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer
from tree_helpers import up_migration_project

DIESEL = (
    "CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, "
    "run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def diesel_project(root: Path, folders: dict[str, str]) -> dict[str, Path]:
    """Diesel folders ``<version>_<name>/up.sql`` (and a down.sql each)."""
    ups = {}
    for folder, sql in folders.items():
        (root / "migrations" / folder).mkdir(parents=True)
        ups[folder] = root / "migrations" / folder / "up.sql"
        ups[folder].write_text(sql, encoding="utf-8")
        (root / "migrations" / folder / "down.sql").write_text("SELECT 1;\n", encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    return ups


def applied(pg: PgServer, db: str, ups: dict[str, Path], *folders: str) -> None:
    """Apply ``folders`` as Diesel does: the SQL, then a row with the folder's version."""
    for folder in folders:
        version = folder.partition("_")[0].replace("-", "")  # Diesel's version_from_string
        pg.run(
            files=[ups[folder]],
            sql=f"INSERT INTO __diesel_schema_migrations (version) VALUES ('{version}')",
            dbname=db,
        )


def drifted(out: str) -> list[tuple[str, str, str, str | None]]:
    return sorted(
        (d["drift"], d["kind"], d["name"], d["database_name"]) for d in json.loads(out)["drift"]
    )


INIT = "2024-01-01-000000-0000_init"
RENAME = "2024-01-02-000000_rename"


def test_unquoted_upper_case_table_renamed_in_files(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ups = diesel_project(
        tmp_path,
        {
            INIT: "CREATE TABLE LANGUAGE (id serial PRIMARY KEY, code text);\n"
            "CREATE TABLE post (id serial PRIMARY KEY);\n",
            RENAME: 'ALTER TABLE "language" RENAME TO "languages";\n'
            'ALTER TABLE "post" RENAME TO "posts";\n',
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lemmy_upper") as db:
        pg.run(sql=DIESEL, dbname=db)
        applied(pg, db, ups, INIT)
        # The catalog's own word for what the unquoted name became.
        rows = pg.query_json(
            "SELECT json_agg(relname ORDER BY relname) AS t FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace",
            dbname=db,
        )
        assert rows[0]["t"] == ["__diesel_schema_migrations", "language", "post"]
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (
            1,
            [
                ("renamed_in_files", "table", "languages", "language"),
                ("renamed_in_files", "table", "posts", "post"),
            ],
        )
        data = json.loads(out)
        assert {d["not_applied_yet"] for d in data["drift"]} == {f"migrations/{RENAME}/up.sql"}
        # Its text says so the same way for both tables.
        code, text, _ = run("drift", "--db", pg.url(db))
        assert "table language was renamed to languages in the files" in text
        assert "table post was renamed to posts in the files" in text

        # Both applied: the catalog agrees with the files.
        applied(pg, db, ups, RENAME)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, [])
        # 2. Diesel's current version is the greatest as text; the oracle is
        # PostgreSQL's text order (this database is LC_COLLATE C, bytewise as
        # Rust's str Ord), the row Diesel's revert_last_migration takes first.
        newest = pg.query_json(
            "SELECT version FROM __diesel_schema_migrations ORDER BY version DESC LIMIT 1",
            dbname=db,
        )[0]["version"]
        assert newest == "20240102000000"
        (state,) = data["migrations"]
        assert state["version"] == "202401010000000000"  # one applied before
        (state,) = json.loads(out)["migrations"]
        assert state["version"] == newest and state["not_applied"] == []


def test_diesel_unapplied_in_text_order(tmp_path: Path) -> None:
    """Diesel's ``pending_migrations`` sorts by ``MigrationVersion``'s string
    ``Ord``: a longer version that is smaller as a number may come last."""
    paths = [
        "migrations/2024-01-02-000000_b/up.sql",  # 20240102000000
        "migrations/2024-01-01-000000-0000_a/up.sql",  # 202401010000000000
        "migrations/2024-01-03-000000_c/up.sql",  # 20240103000000
    ]
    table = VersionTable("Diesel", "__diesel_schema_migrations", "q")
    state = compare_versions(table, [("20240102000000",)], paths)
    expected = sorted(["202401010000000000", "20240103000000"])  # Python str: as Rust's
    assert [v for v, _ in state.unapplied] == expected
    assert state.current == "20240102000000"
    state = compare_versions(table, [("20240102000000",), ("202401010000000000",)], paths)
    assert state.current == max(["20240102000000", "202401010000000000"])


def test_dbmate_orders_by_file_name() -> None:
    """dbmate sorts its migrations by file name (``FindMigrations``) and rolls
    back the last applied one in that order: ``1_a.sql`` after ``10_b.sql``."""
    paths = ["db/migrations/1_a.sql", "db/migrations/10_b.sql", "db/migrations/2_c.sql"]
    by_name = sorted(Path(p).name for p in paths)  # Go's string < on FileName
    assert by_name == ["10_b.sql", "1_a.sql", "2_c.sql"]
    table = VersionTable("dbmate", "schema_migrations", "q")
    state = compare_versions(table, [("10",), ("1",)], paths)
    assert state.current == "1"  # dbmate rollback's latest: 1_a.sql
    assert [v for v, _ in state.unapplied] == ["2"]
    state = compare_versions(table, [("2",)], paths)
    assert [v for v, _ in state.unapplied] == ["10", "1"]


def test_numeric_tools_order_as_numbers() -> None:
    """golang-migrate (``uint``), goose and sqlx (``int64``) and Flyway (numeric
    parts) compare numbers: ``10`` after ``9``."""
    for tool, paths, rows in (
        ("sqlx", ["m/9_a.sql", "m/10_b.sql"], [(9, True), (10, True)]),
        ("goose", ["m/9_a.sql", "m/10_b.sql"], [(0, True), (9, True), (10, True)]),
        ("Flyway", ["m/V9__a.sql", "m/V10__b.sql"], [("9", True), ("10", True)]),
    ):
        state = compare_versions(VersionTable(tool, "t", "q"), rows, paths)
        assert state.current == "10", tool
    state = compare_versions(
        VersionTable("Flyway", "t", "q"), [("1.9", True)], ["m/V1.9__a.sql", "m/V1.10__b.sql"]
    )
    assert [v for v, _ in state.unapplied] == ["1.10"]


def test_trigger_on_diesel_table_left_out_on_both_sides(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init = "2024-01-01-000000_init"
    ups = diesel_project(
        tmp_path,
        {
            init: "CREATE TABLE items (id int PRIMARY KEY);\n"
            "CREATE FUNCTION no_cli () RETURNS TRIGGER LANGUAGE plpgsql AS "
            "$$ BEGIN RETURN NULL; END; $$;\n"
            "CREATE TRIGGER no_cli BEFORE INSERT ON __diesel_schema_migrations "
            "EXECUTE FUNCTION no_cli ();\n"
            "CREATE INDEX diesel_run_on_idx ON __diesel_schema_migrations (run_on);\n"
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lemmy_trigger") as db:
        pg.run(sql=DIESEL, dbname=db)
        pg.run(
            files=[ups[init]],
            sql="ALTER TABLE __diesel_schema_migrations DISABLE TRIGGER no_cli;"
            "INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000000')",
            dbname=db,
        )
        on_tool_table = pg.query_json(
            "SELECT json_agg(tgname) AS t FROM pg_trigger "
            "WHERE tgrelid = '__diesel_schema_migrations'::regclass AND NOT tgisinternal",
            dbname=db,
        )
        assert on_tool_table[0]["t"] == ["no_cli"]  # the catalog has it: no drift
        code, out, err = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, [])
        assert "left out of both sides: __diesel_schema_migrations (Diesel's own" in err
        # Still compared on the project's own tables.
        pg.run(sql="CREATE INDEX extra ON items (id)", dbname=db)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (
            1,
            [("only_in_database", "index", "items.extra", "items.extra")],
        )


def test_ignored_schema_goes_whole(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``schema.*`` leaves out the schema itself and everything in it, on both
    sides (Lemmy's ``r`` schema, which its server builds at start-up)."""
    init = "2024-01-01-000000_init"
    ups = diesel_project(
        tmp_path,
        {
            init: "CREATE TABLE items (id int PRIMARY KEY);\n"
            "CREATE SCHEMA r; CREATE TABLE r.counts (n int);\n"
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lemmy_schema") as db:
        pg.run(sql=DIESEL, dbname=db)
        pg.run(
            files=[ups[init]],
            sql="CREATE TABLE r.cache (k text PRIMARY KEY); CREATE VIEW r.v AS SELECT 1 AS one;"
            "CREATE SEQUENCE r.s; DROP TABLE r.counts;"
            "INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000000')",
            dbname=db,
        )
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert code == 1 and {d[2] for d in drifted(out)} == {"r.cache", "r.counts", "r.s", "r.v"}
        code, out, err = run(
            "drift", "--db", pg.url(db), "--format", "json", "--ignore-table", "R.*"
        )
        assert (code, drifted(out)) == (0, [])
        assert "schema r (named by database_ignore/--ignore-table)" in err
        # A schema only the files have goes too.
        pg.run(sql="DROP SCHEMA r CASCADE", dbname=db)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert code == 1 and ("only_in_files", "schema", "r", None) in drifted(out)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json", "--ignore-table", "r.*")
        assert (code, drifted(out)) == (0, [])


GOLANG_MIGRATE_TRIGGER = (
    "CREATE TABLE users (id int PRIMARY KEY);\n"
    "CREATE INDEX schema_migrations_dirty_idx ON schema_migrations (dirty);\n"
    "CREATE TRIGGER schema_migrations_audit BEFORE UPDATE ON schema_migrations "
    "FOR EACH ROW SET NEW.dirty = NEW.dirty;\n"
)


def test_mariadb_trigger_on_tool_table(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same on MariaDB: golang-migrate's table, with an index and a
    trigger the files put on it, goes whole from both sides."""
    up = up_migration_project(tmp_path, GOLANG_MIGRATE_TRIGGER, "mysql")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbn_lemmy_maria_trg") as db:
        maria.run(
            "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, "
            "dirty boolean NOT NULL)",
            database=db,
        )
        maria.run(file=up, database=db)
        maria.run("INSERT INTO schema_migrations VALUES (1, false)", database=db)
        found = maria.run(
            "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
            f"WHERE EVENT_OBJECT_SCHEMA = '{db}' AND EVENT_OBJECT_TABLE = 'schema_migrations'",
            database=db,
        )
        assert "schema_migrations_audit" in found  # the server has it: no drift
        code, out, err = run("drift", "--db", maria.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, [])
        assert "left out of both sides: schema_migrations" in err


def test_sqlite_trigger_on_tool_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """And on SQLite (sqlite3 applies the files; Diesel's table as Diesel makes it)."""
    (tmp_path / "migrations" / "2024-01-01-000000_init").mkdir(parents=True)
    up = tmp_path / "migrations" / "2024-01-01-000000_init" / "up.sql"
    up.write_text(
        "CREATE TABLE items (id integer PRIMARY KEY);\n"
        "CREATE INDEX diesel_run_on ON __diesel_schema_migrations (run_on);\n"
        "CREATE TRIGGER no_cli BEFORE DELETE ON __diesel_schema_migrations "
        "BEGIN SELECT RAISE(ABORT, 'no'); END;\n",
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: sqlite\n")
    database = tmp_path / "app.db"
    with sqlite3.connect(database) as conn:
        conn.executescript(DIESEL.replace("CURRENT_TIMESTAMP", "(CURRENT_TIMESTAMP)"))
        conn.executescript(up.read_text())
        conn.execute("INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000000')")
        kinds = sorted(
            conn.execute(
                "SELECT type, name FROM sqlite_schema WHERE tbl_name = '__diesel_schema_migrations'"
            ).fetchall()
        )
    conn.close()
    assert ("trigger", "no_cli") in kinds and ("index", "diesel_run_on") in kinds
    monkeypatch.chdir(tmp_path)
    code, out, err = run("drift", "--db", f"sqlite:///{database}", "--format", "json")
    assert (code, drifted(out)) == (0, [])
    assert "left out of both sides: __diesel_schema_migrations" in err


def test_ignored_table_goes_from_the_files_too(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table the team names is left out whatever the files hold: a file
    that creates it (and an index on it) is not drift against a database
    without it, nor against one whose copy differs."""
    init = "2024-01-01-000000_init"
    ups = diesel_project(
        tmp_path,
        {
            init: "CREATE TABLE items (id int PRIMARY KEY);\n"
            "CREATE TABLE spatial_ref_sys (srid int PRIMARY KEY);\n"
            "CREATE INDEX srs_idx ON spatial_ref_sys (srid);\n"
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lemmy_ignored") as db:
        pg.run(sql=DIESEL + "CREATE TABLE items (id int PRIMARY KEY)", dbname=db)
        pg.run(sql="INSERT INTO __diesel_schema_migrations VALUES ('20240101000000')", dbname=db)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (
            1,
            [("only_in_files", "table", "spatial_ref_sys", None)],
        )
        code, out, _ = run(
            "drift", "--db", pg.url(db), "--format", "json", "--ignore-table", "spatial_ref_sys"
        )
        assert (code, drifted(out)) == (0, [])
        # Both have it, with other indexes: still nothing to say.
        pg.run(sql="DROP TABLE items", dbname=db)
        pg.run(files=[ups[init]], sql="CREATE INDEX other ON spatial_ref_sys (srid)", dbname=db)
        code, out, _ = run(
            "drift",
            "--db",
            pg.url(db),
            "--format",
            "json",
            "--ignore-table",
            "public.spatial_ref_sys",
        )
        assert (code, drifted(out)) == (0, [])
