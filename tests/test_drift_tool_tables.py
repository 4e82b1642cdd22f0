"""Migration tools' own tables (golang-migrate's ``schema_migrations``...) and drift.

Each database below is built the way the tool leaves it: the migration files
applied, plus the tool's bookkeeping table created as the tool creates it
(golang-migrate: ``schema_migrations (version bigint, dirty boolean)``;
Flyway: ``flyway_schema_history``; EF Core: ``"__EFMigrationsHistory"``;
sqitch: the ``sqitch`` schema). The real catalog is the oracle: what the
database holds beyond those tables must still be reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer

INIT = "CREATE TABLE users (id bigint PRIMARY KEY);\n"
GOLANG_MIGRATE = (
    "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
)
FLYWAY = (
    "CREATE TABLE flyway_schema_history (installed_rank int NOT NULL, version varchar(50), "
    "script varchar(1000) NOT NULL, success boolean NOT NULL, "
    "CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank));"
    "CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);"
)
EF = (
    'CREATE TABLE "__EFMigrationsHistory" ("MigrationId" varchar(150) NOT NULL, '
    '"ProductVersion" varchar(32) NOT NULL, '
    'CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId"));'
)
SQITCH = "CREATE SCHEMA sqitch; CREATE TABLE sqitch.changes (change_id text PRIMARY KEY);"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def project(root: Path, sql: str = INIT, config: str = "") -> Path:
    (root / "migrations").mkdir()
    (root / "migrations" / "000001_init.up.sql").write_text(sql, encoding="utf-8")
    (root / "migrations" / "000001_init.down.sql").write_text("DROP TABLE users;\n")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [migrations]\ndialect: postgres\n{config}", encoding="utf-8"
    )
    return root / "migrations" / "000001_init.up.sql"


def drifted(out: str) -> list[tuple[str, str, str]]:
    return [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]


def test_tool_tables_are_left_out_and_said(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_tooltables_pg") as db:
        pg.run(files=[up], sql=GOLANG_MIGRATE + FLYWAY + EF + SQITCH, dbname=db)
        code, out, err = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, [])
        for said in (
            # its columns (version, dirty) are golang-migrate's, not dbmate's or Rails'
            "schema_migrations (golang-migrate's own table",
            "flyway_schema_history (Flyway's own table",
            "__EFMigrationsHistory (Entity Framework's own table",
            "schema sqitch (sqitch's own table",
        ):
            assert said in err, err
        # The same objects are left out of check --db and inspect --db.
        code, out, err = run("inspect", "--db", pg.url(db), "--format", "json")
        names = {o["name"] for o in json.loads(out)["objects"]}
        assert code == 0 and "users" in names
        assert not names & {"schema_migrations", "flyway_schema_history", "__EFMigrationsHistory"}
        # inspect --db reads no file, so it cannot know the files do not
        # create the table (trial s7-t1 #13): its note says so.
        assert "schema_migrations (golang-migrate's own table, by its columns; " in err
        assert "no file was read)" in err and "which no file creates" not in err
        code, out, err = run("check", "--db", pg.url(db), "--format", "json")
        assert "EFMigrationsHistory" not in out and "schema_migrations" in err

        # A table no tool creates is still drift, beside the left-out ones.
        pg.run(sql="CREATE TABLE audit_log (id int)", dbname=db)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (1, [("only_in_database", "table", "audit_log")])


def test_a_tool_table_the_files_create_is_compared(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files that create ``schema_migrations`` own it: its columns are compared."""
    up = project(tmp_path, INIT + "CREATE TABLE schema_migrations (version bigint PRIMARY KEY);\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_tooltables_own") as db:
        pg.run(files=[up], sql="ALTER TABLE schema_migrations ADD COLUMN dirty boolean", dbname=db)
        code, out, err = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, drifted(out)) == (
            1,
            [("only_in_database", "column", "schema_migrations.dirty")],
        )
        assert "left out" not in err


def test_teams_name_more_tables(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = project(tmp_path, config="database_ignore: [spatial_ref_sys]\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_tooltables_cfg") as db:
        pg.run(
            files=[up],
            sql="CREATE TABLE spatial_ref_sys (srid int PRIMARY KEY);"
            "CREATE SCHEMA audit; CREATE TABLE audit.log (id int); CREATE TABLE extra (id int)",
            dbname=db,
        )
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, sorted(drifted(out))) == (
            1,
            [
                ("only_in_database", "schema", "audit"),
                ("only_in_database", "table", "audit.log"),
                ("only_in_database", "table", "extra"),
            ],
        )
        code, out, err = run(
            "drift", "--db", pg.url(db), "--format", "json",
            "--ignore-table", "audit.*", "--ignore-table", "public.EXTRA",
        )  # fmt: skip
        # audit.* is the whole schema: audit itself goes too (trial s13).
        assert (code, drifted(out)) == (0, [])
        assert "schema audit (named by database_ignore" in err
        assert "spatial_ref_sys (named by database_ignore" in err
        assert "extra (named by" in err


def test_mariadb_tool_tables(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = project(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: mysql\n")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbn_tooltables_maria") as db:
        maria.run(file=up, database=db)
        maria.run(
            "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, "
            "dirty boolean NOT NULL); CREATE TABLE knex_migrations_lock (`index` int "
            "AUTO_INCREMENT PRIMARY KEY, is_locked int)",
            database=db,
        )
        code, out, err = run("drift", "--db", maria.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, [])
        assert "schema_migrations" in err and "knex_migrations_lock (knex" in err
        maria.run("CREATE TABLE audit_log (id int)", database=db)
        code, out, _ = run("drift", "--db", maria.url(db), "--format", "json")
        assert code == 1
        assert drifted(out) == [("only_in_database", "table", "audit_log")]


#: concourse's 1530823998_create_teams_trigger.up.sql, shortened: each team
#: row makes a table of build events at run time, which no file names.
TEAMS = """\
CREATE TABLE teams (id serial PRIMARY KEY, name text);
CREATE TABLE build_events (build_id integer, type text, payload text);
CREATE OR REPLACE FUNCTION on_team_insert() RETURNS TRIGGER AS $$
BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS team_build_events_%s () INHERITS (build_events)',
        NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER team_build_events_insert_trigger AFTER INSERT ON teams
    FOR EACH ROW EXECUTE PROCEDURE on_team_insert();
"""


def test_ignored_tables_are_shell_globs(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """concourse trial #5: its per-team tables ``team_build_events_<id>`` are
    named by one glob; ``?``, ``[...]`` and a schema glob (``tmp_*.*``, whole
    schemas) work too, case-insensitively; a pattern matching no table on
    either side is named in a warning (a typo would leave out nothing)."""
    up = project(tmp_path, TEAMS)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_tooltables_globs") as db:
        pg.run(
            files=[up],
            sql="INSERT INTO teams (name) VALUES ('main'), ('ops'), ('dev');"
            'CREATE TABLE "Scratch1" (id int); CREATE TABLE scratch22 (id int);'
            "CREATE SCHEMA tmp_a; CREATE TABLE tmp_a.t (id int); CREATE SCHEMA tmp_b;",
            dbname=db,
        )
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, sorted(drifted(out))) == (
            1,
            [
                ("only_in_database", "schema", "tmp_a"),
                ("only_in_database", "schema", "tmp_b"),
                ("only_in_database", "table", "Scratch1"),
                ("only_in_database", "table", "scratch22"),
                ("only_in_database", "table", "team_build_events_1"),
                ("only_in_database", "table", "team_build_events_2"),
                ("only_in_database", "table", "team_build_events_3"),
                ("only_in_database", "table", "tmp_a.t"),
            ],
        )
        code, out, err = run(
            "drift", "--db", pg.url(db), "--format", "json",
            "--ignore-table", "team_build_events_*", "--ignore-table", "public.SCRATCH?",
            "--ignore-table", "scratch[0-9][0-9]", "--ignore-table", "TMP_*.*",
        )  # fmt: skip
        assert (code, drifted(out)) == (0, [])
        assert "warning" not in err
        for said in (
            "team_build_events_1 (named by database_ignore",
            "team_build_events_3 (named by database_ignore",
            "Scratch1 (named by",
            "scratch22 (named by",
            "schema tmp_a (named by",
            "schema tmp_b (named by",
        ):
            assert said in err, err
        # The trigger that makes them stays: it is on teams, which is compared.
        code, out, err = run(
            "drift", "--db", pg.url(db), "--format", "json",
            "--ignore-table", "team_build_event_*", "--ignore-table", "nope.*",
            "--ignore-table", "teams",
        )  # fmt: skip
        assert code == 1
        assert (
            "dbnamelint: warning: database_ignore/--ignore-table patterns match no table in "
            "the database or the files: 'team_build_event_*', 'nope.*'\n"
        ) in err
        # check --db and inspect --db say the same of the config's patterns.
        (tmp_path / "dbnamelint.yaml").write_text(
            "paths: [migrations]\ndialect: postgres\ndatabase_ignore: [team_build_events_*, gone]\n"
        )
        _, _, err = run("check", "--db", pg.url(db))
        assert "pattern matches no table in the database or the files: 'gone'" in err
        _, out, err = run("inspect", "--db", pg.url(db), "--format", "json")
        assert "pattern matches no table in the database: 'gone'" in err
        tables = {o["name"] for o in json.loads(out)["objects"] if o["kind"] == "table"}
        assert "teams" in tables and not any(n.startswith("team_build_events_") for n in tables)


def test_a_glob_leaves_the_files_tables_out_too(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pattern names the files' tables as well, whatever the database holds:
    a table the files create and the database lost is not drift once named,
    and a schema glob takes a schema only the files make."""
    up = project(
        tmp_path,
        INIT
        + "CREATE TABLE cache_2024 (id int); CREATE SCHEMA tmp_x; CREATE TABLE tmp_x.t (a int);",
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_tooltables_globfiles") as db:
        pg.run(files=[up], sql="DROP TABLE cache_2024; DROP SCHEMA tmp_x CASCADE", dbname=db)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json")
        assert code == 1
        assert {(k, n) for _, k, n in drifted(out)} >= {
            ("table", "cache_2024"),
            ("schema", "tmp_x"),
            ("table", "tmp_x.t"),
        }
        code, out, err = run(
            "drift", "--db", pg.url(db), "--format", "json",
            "--ignore-table", "cache_*", "--ignore-table", "tmp_?.*",
        )  # fmt: skip
        assert (code, drifted(out)) == (0, []), err
        assert "warning" not in err
