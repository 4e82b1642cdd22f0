"""BEGIN/COMMIT in the written scripts: as the runner applies files, else as
the folder's own migrations do (trial s17, concourse #3).

concourse keeps golang-migrate-named files (``1510262030_x.up.sql``) in
``atc/db/migration/migrations`` but runs them with its own migrator
(``migration.go``: ``db.Begin()``, the file's ``Exec``, the
``migrations_history`` insert, ``Commit``), and none of its 149 SQL
migrations has a ``BEGIN``. A script with its own ``BEGIN``/``COMMIT`` there
draws "there is already a transaction in progress" and commits the renames
before the runner records them. The oracles run each forward as such a
runner does (PostgreSQL: psql; SQLite: Python's sqlite3) inside an outer
transaction that is then rolled back: only the old names may be left.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

INIT = "CREATE TABLE team (id SERIAL PRIMARY KEY, name text);\n"
WHITELIST = (
    'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
    '  - {kind: table, name: team, rules: [DBN105], phase: "1", target: teams}\n'
)
#: concourse's go.mod: no golang-migrate, its own runner.
CONCOURSE_MOD = "module github.com/concourse/concourse\n\nrequire github.com/lib/pq v1.10.9\n"
MIGRATE_MOD = "module example.com/x\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n"
FOLDER = "atc/db/migration/migrations"
RELATIONS = (
    "SELECT relname FROM pg_class WHERE relkind IN ('r', 'v') "
    "AND relnamespace = 'public'::regnamespace AND relname <> 'migrations_history'"
)


def _migrate(*args: str) -> str:
    done = CliRunner().invoke(cli, ["migrate", "--all", *args])
    assert done.exit_code == 0, done.output
    return done.output


def _statements(text: str) -> list[str]:
    return [line.strip().upper() for line in text.splitlines()]


def _wrapped(text: str) -> bool:
    lines = _statements(text)
    return "BEGIN;" in lines and "COMMIT;" in lines


def _concourse(root: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str, init: str) -> None:
    committed_repo(
        root,
        {
            "go.mod": go_mod,
            "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            f"{FOLDER}/1510262030_initial_schema.up.sql": init,
            f"{FOLDER}/1510262030_initial_schema.down.sql": "DROP TABLE team;\n",
            f"{FOLDER}/1516643303_update_auth_providers.up.go": "package migrations\n",
        },
        monkeypatch,
    )


def test_a_runner_of_its_own_gets_scripts_without_begin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _concourse(tmp_path, monkeypatch, CONCOURSE_MOD, INIT)
    out = _migrate("--write")
    assert "none of its 1 SQL migrations opens a transaction of its own" in out, out
    assert "its Go module (go.mod) does not require golang-migrate" in out, out
    (forward,) = (tmp_path / FOLDER).glob("*_rename_whitelist_targets.up.sql")
    (rollback,) = (tmp_path / FOLDER).glob("*_rename_whitelist_targets.down.sql")
    assert not _wrapped(forward.read_text()) and not _wrapped(rollback.read_text())
    assert "BEGIN;" not in _statements(forward.read_text())
    version = forward.name.split("_", 1)[0]

    def as_concourse(script: Path, end: str) -> None:
        """concourse's ``runMigration``: one transaction for the file and its row."""
        begin, done = tmp_path / "begin.sql", tmp_path / "done.sql"
        begin.write_text("BEGIN;\n")
        done.write_text(
            "INSERT INTO migrations_history (version, tstamp, direction, status, dirty) "
            f"VALUES ({version}, current_timestamp, 'up', 'passed', false);\n{end};\n"
        )
        pg.run(files=[begin, script, done], dbname=db)

    def state() -> tuple[set[str], int]:
        names = {r["relname"] for r in pg.query_json(RELATIONS, db)}
        rows = pg.query_json("SELECT version FROM migrations_history", db)
        return names, len(rows)

    with pg.fresh_database("dbn_concourse_tx") as db:
        pg.run(
            files=[tmp_path / FOLDER / "1510262030_initial_schema.up.sql"],
            sql="CREATE TABLE migrations_history (version bigint, tstamp timestamptz, "
            "direction text, status text, dirty boolean);",
            dbname=db,
        )
        as_concourse(forward, "ROLLBACK")
        assert state() == ({"team"}, 0)  # nothing committed behind the runner's back
        as_concourse(forward, "COMMIT")
        assert state() == ({"teams", "team"}, 1)  # the view keeps the old name

    # The old way (forced): its COMMIT ends the runner's transaction early.
    for path in (forward, rollback):
        path.unlink()
    _migrate("--write", "--transaction")
    (forward,) = (tmp_path / FOLDER).glob("*_rename_whitelist_targets.up.sql")
    assert _wrapped(forward.read_text())
    with pg.fresh_database("dbn_concourse_tx") as db:
        pg.run(
            files=[tmp_path / FOLDER / "1510262030_initial_schema.up.sql"],
            sql="CREATE TABLE migrations_history (version bigint, tstamp timestamptz, "
            "direction text, status text, dirty boolean);",
            dbname=db,
        )
        as_concourse(forward, "ROLLBACK")
        assert state()[0] == {"teams", "team"}  # renamed, although the runner rolled back


def test_a_folder_that_writes_begin_gets_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _concourse(tmp_path, monkeypatch, CONCOURSE_MOD, f"BEGIN;\n{INIT}COMMIT;\n")
    out = _migrate()
    assert "open transactions of their own (BEGIN)" in out, out
    assert _wrapped(out)
    assert not _wrapped(_migrate("--no-transaction"))


@pytest.mark.parametrize("own_begin", [False, True], ids=["bare", "begin"])
def test_golang_migrate_follows_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_begin: bool
) -> None:
    """golang-migrate wraps nothing on PostgreSQL, but its driver sends each file
    in one Exec, one implicit transaction; a module requiring it may still run
    a batch in one transaction of its own (coder's txnmigrator, trial s29, via
    ``migrate.NewWithInstance``): the folder's migrations decide, as above."""
    _concourse(
        tmp_path, monkeypatch, MIGRATE_MOD, f"BEGIN;\n{INIT}COMMIT;\n" if own_begin else INIT
    )
    out = _migrate()
    assert _wrapped(out) is own_begin, out
    assert "golang-migrate's PostgreSQL driver sends each migration in one Exec" in out
    assert not _wrapped(_migrate("--no-transaction"))
    assert _wrapped(_migrate("--transaction"))


@pytest.mark.parametrize("own_begin", [False, True], ids=["bare", "begin"])
def test_numbered_folder_follows_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_begin: bool
) -> None:
    init = f"BEGIN;\n{INIT}COMMIT;\n" if own_begin else INIT
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/001_init.sql": init,
            # a PL/pgSQL block's BEGIN is no transaction of the file's
            "db/002_fn.sql": (
                "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n"
                "  PERFORM 1;\nEND;\n$$;\n"
            ),
        },
        monkeypatch,
    )
    out = _migrate("--write")
    (forward,) = (tmp_path / "db").glob("003*.sql")
    assert _wrapped(forward.read_text()) == own_begin, out


def test_diesel_wraps_itself_unless_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "migrations/2020-01-01-000000_init/up.sql": f"BEGIN;\n{INIT}COMMIT;\n",
            "migrations/2020-01-01-000000_init/down.sql": "DROP TABLE team;\n",
        },
        monkeypatch,
    )
    assert not _wrapped(_migrate())  # Diesel runs each migration in its own transaction
    assert _wrapped(_migrate("--transaction"))


def test_sqlite_runner_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite refuses a BEGIN inside a transaction ("cannot start a transaction
    within a transaction"): the script of a bare folder runs inside one."""
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: sqlite\n",
            "whitelist.yaml": WHITELIST,
            "db/001_init.sql": "CREATE TABLE team (id INTEGER PRIMARY KEY, name text);\n",
        },
        monkeypatch,
    )
    _migrate("--write")
    (forward,) = (tmp_path / "db").glob("002*.sql")
    assert not _wrapped(forward.read_text())
    connection = sqlite3.connect(tmp_path / "app.db", isolation_level=None)
    try:
        connection.executescript((tmp_path / "db" / "001_init.sql").read_text())
        connection.executescript("BEGIN;\n" + forward.read_text() + "ROLLBACK;\n")
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert names == {"team"}
        connection.executescript("BEGIN;\n" + forward.read_text() + "COMMIT;\n")
        names = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert {"team", "teams"} <= names
    finally:
        connection.close()
    # With its own BEGIN (forced), the runner's transaction refuses it.
    forward.unlink()
    for rollback in (tmp_path / "rollbacks").glob("*.sql"):
        rollback.unlink()
    _migrate("--write", "--transaction")
    (forward,) = (tmp_path / "db").glob("002*.sql")
    assert _wrapped(forward.read_text())
    connection = sqlite3.connect(tmp_path / "other.db", isolation_level=None)
    try:
        connection.executescript((tmp_path / "db" / "001_init.sql").read_text())
        with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
            connection.executescript("BEGIN;\n" + forward.read_text() + "ROLLBACK;\n")
    finally:
        connection.close()


def _config(root: Path, text: str) -> None:
    (root / "dbnamelint.yaml").write_text(text)


def test_config_key_sits_between_the_command_line_and_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate_transaction:`` overrides what the folder and the tool say;
    ``--transaction``/``--no-transaction`` override the config."""
    _concourse(tmp_path, monkeypatch, CONCOURSE_MOD, INIT)
    base = f"paths: [{FOLDER}]\ndialect: postgres\n"
    assert not _wrapped(_migrate())  # the folder's convention: no BEGIN of its own
    _config(tmp_path, base + "migrate_transaction: true\n")
    out = _migrate()
    assert _wrapped(out) and "opens a transaction of its own" not in out, out
    assert not _wrapped(_migrate("--no-transaction"))
    _config(tmp_path, base + "migrate_transaction: false\n")
    assert not _wrapped(_migrate())
    assert _wrapped(_migrate("--transaction"))


def test_config_key_overrides_the_tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "migrations/2020-01-01-000000_init/up.sql": INIT,
            "migrations/2020-01-01-000000_init/down.sql": "DROP TABLE team;\n",
        },
        monkeypatch,
    )
    assert not _wrapped(_migrate())  # Diesel wraps each migration itself
    _config(tmp_path, "paths: [migrations]\ndialect: postgres\nmigrate_transaction: true\n")
    assert _wrapped(_migrate())
    assert not _wrapped(_migrate("--no-transaction"))


@pytest.mark.parametrize("value", ["sometimes", "[true]", "1", '"no"'])
def test_config_key_refuses_a_non_boolean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    _concourse(tmp_path, monkeypatch, CONCOURSE_MOD, INIT)
    _config(tmp_path, f"paths: [{FOLDER}]\ndialect: postgres\nmigrate_transaction: {value}\n")
    done = CliRunner().invoke(cli, ["migrate", "--all"])
    assert done.exit_code == 2, done.output
    assert (
        "dbnamelint.yaml:3:1: migrate_transaction: Value error, expected true (BEGIN/COMMIT"
        in done.output
    ), done.output
    assert "Traceback" not in done.output


def test_forced_begin_in_a_tool_transaction_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pop runs each migration in its own transaction: BEGIN/COMMIT asked for by
    the config must not come with a note saying the scripts carry none."""
    committed_repo(
        tmp_path,
        {
            "go.mod": "module example.com/app\n\ngo 1.22\n\n"
            "require github.com/gobuffalo/pop/v6 v6.1.1\n",
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "migrations/20200101000000_init.up.sql": INIT,
            "migrations/20200101000000_init.down.sql": "DROP TABLE team;\n",
        },
        monkeypatch,
    )
    out = _migrate()
    assert not _wrapped(out) and "the scripts carry no BEGIN/COMMIT, whose COMMIT" in out
    _config(tmp_path, "paths: [migrations]\ndialect: postgres\nmigrate_transaction: true\n")
    out = _migrate()
    assert _wrapped(out), out
    assert "carry no BEGIN/COMMIT" not in out, out
    assert (
        "the scripts carry BEGIN/COMMIT, as --transaction or the config's "
        "migrate_transaction: true asks, although pop runs each migration" in out
    ), out
