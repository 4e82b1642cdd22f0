"""``drift`` reads the migration tool's version table and says which files are
not applied (trial s10-t1 #6).

Each database is built as the tool leaves it: the files it applied run,
then its version table created and filled as the tool does (DDL from each
tool's source: golang-migrate's postgres/mysql drivers, goose's dialect
queries, dbmate's drivers, Flyway's createMetaDataTable.sql, Diesel's
CREATE_MIGRATIONS_TABLE). The real catalog and the table's rows are the
oracle; the expected versions are what each tool's own status command
reports for such a table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.applied_migrations import VersionTable, compare_versions
from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer

GOLANG_MIGRATE = (
    "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
)
GOOSE_PG = (
    "CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, "
    "is_applied boolean NOT NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id));"
)
DBMATE = "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);"
FLYWAY = (
    "CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL, version VARCHAR(50), "
    "description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, "
    "checksum INTEGER, installed_by VARCHAR(100) NOT NULL, "
    "installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INTEGER NOT NULL, "
    "success BOOLEAN NOT NULL, PRIMARY KEY (installed_rank));"
)
DIESEL = (
    "CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, "
    "run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);"
)

#: sqlx-core's CREATE TABLE of each driver (postgres/migrate.rs, mysql/migrate.rs).
SQLX_PG = (
    "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
    "installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL, "
    "checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL);"
)
SQLX_MYSQL = (
    "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, "
    "installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, "
    "checksum BLOB NOT NULL, execution_time BIGINT NOT NULL);"
)

USERS = "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(40));\n"
NOTES = "CREATE TABLE share_notes (id bigint PRIMARY KEY);\n"
RENAME = "ALTER TABLE users RENAME COLUMN name TO full_name;\n"


@dataclass(frozen=True)
class Case:
    tool: str
    files: dict[str, str]  # path under migrations/ -> SQL
    applied: tuple[str, ...]  # the files the database ran
    table: str  # the version table, as the tool makes it, and its rows
    version: str | None
    not_applied: tuple[str, ...]
    without_file: tuple[str, ...] = ()
    dirty: bool = False
    failed: tuple[str, ...] = ()


def flyway_row(rank: int, version: str | None, kind: str, success: bool) -> str:
    v = "NULL" if version is None else f"'{version}'"
    ok = "TRUE" if success else "FALSE"
    return (
        f"INSERT INTO flyway_schema_history VALUES ({rank}, {v}, 'd', '{kind}', 's', 0, 'me', "
        f"CURRENT_TIMESTAMP, 1, {ok});"
    )


CASES = [
    Case(
        "golang-migrate",
        {
            "000001_users.up.sql": USERS,
            "000001_users.down.sql": "DROP TABLE users;",
            "000002_notes.up.sql": NOTES,
            "000003_rename.up.sql": RENAME,
        },
        ("000001_users.up.sql",),
        GOLANG_MIGRATE + "INSERT INTO schema_migrations VALUES (1, FALSE);",
        "1",
        ("000002_notes.up.sql", "000003_rename.up.sql"),
    ),
    Case(
        "golang-migrate",  # dirty at a version whose file is gone
        {"000001_users.up.sql": USERS, "000003_rename.up.sql": RENAME},
        ("000001_users.up.sql",),
        GOLANG_MIGRATE + "INSERT INTO schema_migrations VALUES (2, TRUE);",
        "2",
        ("000003_rename.up.sql",),
        without_file=("2",),
        dirty=True,
    ),
    Case(
        # mattermost/morph (focalboard): a row per applied version, compared as
        # numbers (trial s24: read as dbmate's text, "10" sorted before "2")
        "morph",
        {
            **{f"{n:06d}_step{n}.up.sql": f"CREATE TABLE t{n} (id int);\n" for n in range(1, 11)},
            "000011_users.up.sql": USERS,
        },
        tuple(f"{n:06d}_step{n}.up.sql" for n in range(1, 11)),
        "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, "
        "name varchar(64) NOT NULL);"
        + "".join(f"INSERT INTO schema_migrations VALUES ({n}, 'step{n}');" for n in range(1, 11)),
        "10",
        ("000011_users.up.sql",),
    ),
    Case(
        "goose",  # 3 was applied, then rolled back: its latest row says not applied
        {
            "00001_users.sql": "-- +goose Up\n" + USERS,
            "00002_notes.sql": "-- +goose Up\n" + NOTES,
            "00003_rename.sql": "-- +goose Up\n" + RENAME,
        },
        ("00001_users.sql",),
        "INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, TRUE), (1, TRUE), "
        "(3, TRUE), (3, FALSE), (7, TRUE);",
        "7",
        ("00002_notes.sql", "00003_rename.sql"),
        without_file=("7",),
    ),
    Case(
        "dbmate",
        {
            "20240101000000_users.sql": "-- migrate:up\n" + USERS,
            "20240202000000_notes.sql": "-- migrate:up\n" + NOTES,
            "20240303000000_rename.sql": "-- migrate:up\n" + RENAME,
        },
        ("20240101000000_users.sql", "20240303000000_rename.sql"),
        DBMATE + "INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240303000000');",
        "20240303000000",
        ("20240202000000_notes.sql",),
    ),
    Case(
        "Flyway",  # baseline at 1: V1 counts as applied; 1.1 ran; 2 failed; 3 never ran
        {
            "V1__users.sql": USERS,
            "V1_1__noop.sql": "SELECT 1;\n",
            "V2__notes.sql": NOTES,
            "V3__rename.sql": RENAME,
            "R__views.sql": "SELECT 1;\n",
        },
        ("V1__users.sql",),
        FLYWAY
        + flyway_row(1, "1", "BASELINE", True)
        + flyway_row(2, "1.1", "SQL", True)
        + flyway_row(3, None, "SQL", True)
        + flyway_row(4, "2", "SQL", False),
        "1.1",
        ("V2__notes.sql", "V3__rename.sql"),
        failed=("2",),
    ),
    Case(
        # Built from the baseline migration B2 (Flyway's tutorial "Baseline Migrations":
        # a new database runs only B3 and records it as type SQL_BASELINE, version 3):
        # V1 and V2 stand behind it and are not "not applied"; V3 is.
        "Flyway",
        {
            "V1__users.sql": USERS,
            "V2__notes.sql": NOTES,
            "B2__baseline.sql": USERS + NOTES,
            "V3__rename.sql": RENAME,
        },
        ("B2__baseline.sql",),
        FLYWAY + flyway_row(1, "2", "SQL_BASELINE", True),
        "2",
        ("V3__rename.sql",),
    ),
    Case(
        "Diesel",
        {
            "00000000000000_diesel_initial_setup/up.sql": "SELECT 1;\n",
            "2024-01-01-000000_users/up.sql": USERS,
            "2024-02-02-000000_notes/up.sql": NOTES,
            "2024-03-03-000000_rename/up.sql": RENAME,
        },
        ("2024-01-01-000000_users/up.sql",),
        DIESEL + "INSERT INTO __diesel_schema_migrations (version) VALUES "
        "('00000000000000'), ('20240101000000');",
        "20240101000000",
        ("2024-02-02-000000_notes/up.sql", "2024-03-03-000000_rename/up.sql"),
    ),
    Case(
        "sqlx",
        {
            "20240101000000_users.up.sql": USERS,
            "20240101000000_users.down.sql": "DROP TABLE users;",
            "20240202000000_notes.up.sql": NOTES,
            "20240202000000_notes.down.sql": "DROP TABLE share_notes;",
            "20240303000000_rename.sql": RENAME,
        },
        ("20240101000000_users.up.sql",),
        # the second migration failed part-way: sqlx keeps its row, success false
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) "
        "VALUES (20240101000000, 'users', TRUE, '', 1), (20240202000000, 'notes', FALSE, '', 1);",
        "20240101000000",
        ("20240202000000_notes.up.sql", "20240303000000_rename.sql"),
        failed=("20240202000000",),
    ),
]


#: concourse's runner (atc/db/migration/migration.go, Migrate): its table as
#: it makes it, and a row per migration run as runMigration and
#: recordMigrationFailure write it (tstamp: current_timestamp, spelt out
#: here so the order is the rows' order).
CONCOURSE = (
    "CREATE TABLE IF NOT EXISTS migrations_history (version bigint, tstamp timestamp with "
    "time zone, direction varchar, status varchar, dirty boolean);"
)


def concourse_rows(*rows: tuple[int, str, str]) -> str:
    values = ", ".join(
        f"({v}, TIMESTAMPTZ '2024-01-01 00:00:00+00' + interval '{i} minutes', '{d}', '{s}', false)"
        for i, (v, d, s) in enumerate(rows)
    )
    return (
        f"INSERT INTO migrations_history (version, tstamp, direction, status, dirty) "
        f"VALUES {values};"
    )


#: A Go migration: concourse's runner reads only its name (a function Up_<version>).
GO_UP = "package migrations\n\nfunc (m *migrations) Up_1700000003() error { return nil }\n"

CONCOURSE_FILES = {
    "1700000001_users.up.sql": USERS,
    "1700000001_users.down.sql": "DROP TABLE users;",
    "1700000002_notes.up.sql": NOTES,
    "1700000002_notes.down.sql": "DROP TABLE share_notes;",
    "1700000003_backfill.up.go": GO_UP,
    "1700000004_rename.up.sql": RENAME,
}

CONCOURSE_CASES = [
    Case(
        # 1 and 2 ran; the Go migration 3 failed (rolled back, recorded
        # 'failed'): CurrentVersion skips failed rows, so the database is at 2.
        "concourse",
        CONCOURSE_FILES,
        ("1700000001_users.up.sql", "1700000002_notes.up.sql"),
        CONCOURSE
        + concourse_rows(
            (1700000001, "up", "passed"),
            (1700000002, "up", "passed"),
            (1700000003, "up", "failed"),
        ),
        "1700000002",
        ("1700000003_backfill.up.go", "1700000004_rename.up.sql"),
        failed=("1700000003",),
    ),
    Case(
        # Migrated from golang-migrate's schema_migrations (left in place): one
        # row stands for every version up to it; 2 then ran down, so the
        # database is at the version before it, 1, whatever schema_migrations says.
        "concourse",
        CONCOURSE_FILES,
        ("1700000001_users.up.sql",),
        GOLANG_MIGRATE
        + "INSERT INTO schema_migrations VALUES (1700000001, FALSE);"
        + CONCOURSE
        + concourse_rows(
            (1700000001, "up", "passed"),
            (1700000002, "up", "passed"),
            (1700000002, "down", "passed"),
        ),
        "1700000001",
        ("1700000002_notes.up.sql", "1700000003_backfill.up.go", "1700000004_rename.up.sql"),
    ),
    Case(
        # A failed run retried with success is applied; a version with no file
        # any more is named.
        "concourse",
        {k: v for k, v in CONCOURSE_FILES.items() if not k.startswith("1700000002")},
        ("1700000001_users.up.sql",),
        CONCOURSE
        + concourse_rows(
            (1700000001, "up", "failed"),
            (1700000001, "up", "passed"),
            (1700000002, "up", "passed"),
        ),
        "1700000002",
        ("1700000003_backfill.up.go", "1700000004_rename.up.sql"),
        without_file=("1700000002",),
    ),
]


def project(root: Path, case: Case, dialect: str) -> list[Path]:
    for name, sql in case.files.items():
        path = root / "migrations" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [migrations]\ndialect: {dialect}\n")
    return [root / "migrations" / name for name in case.applied]


def check(case: Case, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["drift", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.stdout)
    (state,) = doc["migrations"]
    assert (state["tool"], state["version"], state["dirty"], state["unreadable"]) == (
        case.tool,
        case.version,
        case.dirty,
        None,
    )
    assert [p["path"] for p in state["not_applied"]] == [
        f"migrations/{n}" for n in case.not_applied
    ]
    assert (state["applied_without_file"], state["failed"]) == (
        list(case.without_file),
        list(case.failed),
    )
    # Still drift (exit 1), each difference put down to the unapplied file that makes it.
    assert result.exit_code == 1
    explained = {(d["drift"], d["name"], d["not_applied_yet"]) for d in doc["drift"]}
    unapplied = {f"migrations/{n}" for n in case.not_applied}
    for drift, name, path in explained:
        assert path in unapplied, (drift, name, path)
    text = CliRunner().invoke(cli, ["drift", *args]).stdout
    assert f"the database is at version {case.version} ({case.tool}'s " in text
    assert "are not applied: " in text or "is not applied: " in text
    if case.dirty:
        assert "is dirty" in text


@pytest.mark.parametrize("case", CASES, ids=[f"{c.tool}-{i}" for i, c in enumerate(CASES)])
def test_postgres_version_tables(
    case: Case, pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied = project(tmp_path, case, "postgres")
    monkeypatch.chdir(tmp_path)
    table = {"goose": GOOSE_PG, "sqlx": SQLX_PG}.get(case.tool, "") + case.table
    with pg.fresh_database("dbn_applied_pg") as db:
        pg.run(files=applied, sql=table, dbname=db)
        check(case, ["--db", pg.url(db)])


@pytest.mark.parametrize("case", CONCOURSE_CASES, ids=["failed", "down", "retried"])
def test_concourse_migrations_history(
    case: Case, pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """concourse trial #5: its runner's ``migrations_history`` is a version
    table (left out of the comparison, read for which files are applied,
    ``.up.go`` files included), and the ``schema_migrations`` it migrated
    from is not read as golang-migrate's beside it."""
    applied = project(tmp_path, case, "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_applied_concourse") as db:
        pg.run(files=applied, sql=case.table, dbname=db)
        check(case, ["--db", pg.url(db)])
        text = CliRunner().invoke(cli, ["drift", "--db", pg.url(db)])
    assert "migrations_history (concourse's own table, which no file creates)" in text.stderr
    assert "only in the database" not in text.stdout
    if case.failed:
        assert (
            f"migration {case.failed[0]} failed (concourse's migrations_history: its latest "
            "row's status is 'failed'"
        ) in text.stdout


GOOSE_MYSQL = (
    "CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, "
    "is_applied boolean NOT NULL, tstamp timestamp NULL default now(), PRIMARY KEY(id));"
)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.tool}-{i}" for i, c in enumerate(CASES)])
def test_mariadb_version_tables(
    case: Case, maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied = project(tmp_path, case, "mysql")
    monkeypatch.chdir(tmp_path)
    table = {"goose": GOOSE_MYSQL, "sqlx": SQLX_MYSQL}.get(case.tool, "") + case.table
    with maria.fresh_database("dbn_applied_maria") as db:
        for path in applied:
            maria.run(file=path, database=db)
        maria.run(table, database=db)
        check(case, ["--db", maria.url(db)])


def test_a_table_of_another_shape_is_said_unreadable(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A goose_db_version not as goose makes it: said, and drift runs on."""
    case = CASES[2]
    applied = project(tmp_path, case, "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_applied_shape") as db:
        pg.run(files=applied, sql="CREATE TABLE goose_db_version (v int);", dbname=db)
        result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--format", "json"])
        doc = json.loads(result.stdout)
        assert result.exit_code == 1
        assert doc["migrations"][0]["unreadable"] == (
            "its columns are v, not the id, version_id, is_applied expected"
        )
        assert all(d["not_applied_yet"] is None for d in doc["drift"])
        text = CliRunner().invoke(cli, ["drift", "--db", pg.url(db)]).stdout
        assert "note: goose's goose_db_version: could not be read (its columns are v," in text


def test_no_version_table_no_note(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied = project(tmp_path, CASES[0], "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_applied_none") as db:
        pg.run(files=applied, dbname=db)
        result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--format", "json"])
        assert json.loads(result.stdout)["migrations"] == []
        assert result.exit_code == 1


def test_a_table_with_no_file_of_its_tool_is_not_compared(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rails keeps a ``schema_migrations (version varchar)`` as dbmate does; its
    migrations are Ruby: no file to compare with, so none is called missing."""
    (tmp_path / "db").mkdir()
    structure = tmp_path / "db" / "structure.sql"
    structure.write_text(USERS, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_applied_rails") as db:
        pg.run(
            files=[structure],
            sql=DBMATE + "INSERT INTO schema_migrations VALUES ('20240101000000');",
            dbname=db,
        )
        result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--format", "json"])
        (state,) = json.loads(result.stdout)["migrations"]
        assert (result.exit_code, state["version"], state["applied_without_file"]) == (
            0,
            "20240101000000",
            [],
        )
        assert "no migration file is named as dbmate names them" in state["notes"][0]


def test_versions_as_the_tools_compare_them() -> None:
    """Flyway's 1.0 is 1 and ``_`` is ``.``; golang-migrate's -1 is "nothing applied";
    a value of the wrong type is said, never raised."""
    flyway = VersionTable("Flyway", "flyway_schema_history", "SELECT")
    state = compare_versions(
        flyway, [("1.0", True, "SQL"), ("2.1", True, "SQL")], ["V1__a.sql", "V2_1__b.sql"]
    )
    assert (state.current, state.unapplied, state.missing) == ("2.1", (), ())
    golang = VersionTable("golang-migrate", "schema_migrations", "SELECT")
    state = compare_versions(golang, [(-1, False)], ["1_a.up.sql", "1_a.down.sql"])
    assert (state.current, state.unapplied) == (None, (("1", "1_a.up.sql"),))
    assert state.notes()[0].startswith("the database has applied no migration")
    state = compare_versions(golang, [("x1", False)], ["1_a.up.sql"])
    assert state.unreadable == "unexpected value: invalid literal for int() with base 10: 'x1'"
    # concourse: a down of the first version leaves nothing applied (its runner
    # has no version before it); a down of a version with no file stays there.
    concourse = VersionTable("concourse", "migrations_history", "SELECT")
    files = ["1_a.up.sql", "2_b.up.go", "3_c.up.sql"]
    state = compare_versions(
        concourse, [(1, "up", "passed", False), (1, "down", "passed", False)], files
    )
    assert (state.current, len(state.unapplied)) == (None, 3)
    state = compare_versions(concourse, [(5, "down", "passed", False)], files)
    assert (state.current, state.unapplied, state.missing) == ("5", (), ("5",))
    state = compare_versions(
        concourse, [(2, "up", "passed", None), (3, "up", "failed", True)], files
    )
    assert (state.current, state.failed, state.dirty) == ("2", ("3",), True)
    assert state.unapplied == (("3", "3_c.up.sql"),)


def test_another_copys_files_are_another_databases_history(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gophish keeps ``db_mysql/migrations`` and ``db_sqlite3/migrations``
    (trial s11b #3): a MariaDB database's version table is compared with the
    MySQL copy's files only, not told that SQLite's files are unapplied."""
    files = {
        "db_mysql/migrations/20240101000000_users.sql": USERS,
        "db_mysql/migrations/20240202000000_notes.sql": NOTES,
        "db_sqlite3/migrations/20240101000000_users.sql": USERS,
        "db_sqlite3/migrations/20240303000000_sqlite_only.sql": NOTES,
    }
    for name, sql in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(sql, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db_mysql/migrations, db_sqlite3/migrations]\ndialect: mysql\n"
        'per_path:\n  - paths: ["db_sqlite3/**"]\n    dialect: sqlite\n'
    )
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbn_applied_copies") as db:
        maria.run(USERS + NOTES, database=db)
        maria.run(
            DBMATE + "INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240202000000');",
            database=db,
        )
        result = CliRunner().invoke(cli, ["drift", "--db", maria.url(db), "--format", "json"])
        (state,) = json.loads(result.stdout)["migrations"]
        assert (state["tool"], state["version"], state["not_applied"]) == (
            "dbmate",
            "20240202000000",
            [],
        )
        shown = CliRunner().invoke(cli, ["drift", "--db", maria.url(db)])
        assert "all 2 of its migration files are applied" in shown.stdout + shown.stderr
