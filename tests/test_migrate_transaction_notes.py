"""Every migrate plan says how its tool applies the file, and so why the
scripts carry BEGIN/COMMIT or not (trial s19, hasura-auth: the note called
golang-migrate "not a tool dbnamelint knows").

The oracles are the tools' manuals: golang-migrate's database/postgres
README ("Wrap your existing migrations in transactions (BEGIN/COMMIT) if you
use multiple statements"; "running multiple SQL statements in one Exec
executes them inside a transaction") and database/sqlite3 README, goose,
dbmate, sql-migrate, sqlx, Diesel, Flyway and Liquibase (a transaction per
migration, with a per-file opt-out), Prisma's maintainers (prisma/orm#8080:
no transaction of its own on PostgreSQL), sqitch's ``add`` templates. Each
note must also agree with the script written under it.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from git_helpers import committed_repo

INIT = "CREATE TABLE team (id int PRIMARY KEY, name text);\n"
WHITELIST = (
    'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
    '  - {kind: table, name: team, rules: [DBN105], phase: "1", target: teams}\n'
)
MIGRATE_MOD = "module example.com/x\n\nrequire github.com/golang-migrate/migrate/v4 v4.18.3\n"


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    committed_repo(
        root,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            **files,
        },
        monkeypatch,
    )


def _plan(*args: str) -> tuple[str, str]:
    done = CliRunner().invoke(cli, ["migrate", "--all", *args])
    assert done.exit_code == 0, done.output
    return done.stdout, done.stderr


def _forward(stdout: str) -> list[str]:
    body = stdout.split("-- ==== forward ====", 1)[1].split("-- ==== rollback ====", 1)[0]
    return [line.strip().upper() for line in body.splitlines()]


def _notes(stdout: str) -> str:
    return stdout.split("\nNotes:\n", 1)[1].split("\n\n", 1)[0]


#: layout -> (what its note says of the tool, whether the scripts carry BEGIN/COMMIT)
TOOLS = {
    "goose": ("goose runs each migration in a transaction of its own", False),
    "dbmate": ("dbmate runs each migration in a transaction of its own", False),
    "sql-migrate": ("sql-migrate runs each migration in a transaction of its own", False),
    "sqlx": ("sqlx runs each migration in a transaction of its own", False),
    "diesel": ("diesel runs each migration in a transaction of its own", False),
    "flyway": ("flyway runs each migration in a transaction of its own", False),
    "liquibase": ("liquibase runs each changeset in a transaction of its own", False),
    "prisma": ("Prisma Migrate runs migration.sql as written, in no transaction", True),
    "sqitch": ("sqitch runs each deploy and revert script as written", True),
}


@pytest.mark.parametrize("layout", sorted(TOOLS))
def test_each_tool_says_its_own_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    _tree(tmp_path, monkeypatch, {"db/001_init.sql": INIT})
    said, wrapped = TOOLS[layout]
    stdout, _ = _plan("--layout", layout)
    notes = _notes(stdout)
    assert said in notes, notes
    assert "not a tool dbnamelint knows" not in stdout
    forward = _forward(stdout)
    assert ("BEGIN;" in forward and "COMMIT;" in forward) is wrapped, forward
    assert ("the scripts carry no BEGIN/COMMIT" in notes) is not wrapped


GOLANG_MIGRATE_TREE = {
    "go.mod": MIGRATE_MOD,
    "db/000001_init.up.sql": INIT + "CREATE INDEX team_name ON team (name);\n",
    "db/000001_init.down.sql": "DROP TABLE team;\n",
}


def test_golang_migrate_without_begin_in_its_folder_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """coder (trial s29): a module requiring golang-migrate whose migrations
    never open a transaction, applied by the project's own runner in one
    transaction per batch: the scripts carry no BEGIN/COMMIT either."""
    _tree(tmp_path, monkeypatch, GOLANG_MIGRATE_TREE)
    stdout, _ = _plan()
    notes = _notes(stdout)
    assert notes.startswith(
        "  - golang-migrate's PostgreSQL driver sends each migration in one Exec, which "
        "PostgreSQL runs as one implicit transaction"
    ), notes
    assert "none of the 1 SQL migrations of db/ opens a transaction of its own" in notes
    assert "BEGIN;" not in _forward(stdout)
    assert "COMMIT;" not in _forward(stdout)


def test_golang_migrate_with_begin_in_its_folder_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hasura-auth (trial s19): migrations wrapped in BEGIN/COMMIT, as
    golang-migrate's README advises for x-multi-statement: so are the scripts."""
    wrapped = f"BEGIN;\n{INIT}COMMIT;\n"
    _tree(tmp_path, monkeypatch, {**GOLANG_MIGRATE_TREE, "db/000001_init.up.sql": wrapped})
    stdout, _ = _plan()
    notes = _notes(stdout)
    assert "the migrations of db/ open transactions of their own (BEGIN)" in notes, notes
    forward = _forward(stdout)
    assert "BEGIN;" in forward and "COMMIT;" in forward


def test_batch_runner_rolls_the_whole_batch_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    """Real PostgreSQL: a runner that applies the pending migrations in one
    transaction (coder's txnmigrator; ``psql --single-transaction`` does the
    same) rolls the whole batch back when a later migration fails. A COMMIT
    in the written forward script would commit the rename half-way."""
    _tree(tmp_path, monkeypatch, GOLANG_MIGRATE_TREE)
    stdout, _ = _plan()
    forward = stdout.split("-- ==== forward ====", 1)[1].split("-- ==== rollback ====", 1)[0]
    (tmp_path / "forward.sql").write_text(forward, encoding="utf-8")
    (tmp_path / "fails.sql").write_text("ALTER TABLE no_such_table ADD x int;\n", "utf-8")
    with pg.fresh_database("gm_batch") as name:
        pg.run(files=[tmp_path / "db/000001_init.up.sql"], dbname=name)
        psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"]
        files = ["-f", str(tmp_path / "forward.sql"), "-f", str(tmp_path / "fails.sql")]
        batch = subprocess.run(
            [*psql, "-d", pg.database(name), *files],
            capture_output=True,
            text=True,
            check=False,
        )
        assert batch.returncode != 0, batch.stdout  # the second migration fails
        assert "no_such_table" in batch.stderr
        assert "already a transaction in progress" not in batch.stderr
        assert pg.public_tables(name) == ["team"]  # the rename rolled back with it


@pytest.mark.parametrize("go_mod", [None, "module example.com/x\n"], ids=["no-go-mod", "other"])
def test_golang_migrate_names_without_golang_migrate_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str | None
) -> None:
    """The old note: "its runner (not a tool dbnamelint knows by these names)"."""
    files = {"db/000001_init.up.sql": INIT, "db/000001_init.down.sql": "DROP TABLE team;\n"}
    if go_mod is not None:
        files["go.mod"] = go_mod
    _tree(tmp_path, monkeypatch, files)
    stdout, _ = _plan()
    notes = _notes(stdout)
    assert "not a tool dbnamelint knows" not in notes
    assert "the files of db/ are named as golang-migrate names its migrations, but " in notes
    why = "no go.mod above it names" if go_mod is None else "its Go module (go.mod) does not"
    assert why in notes, notes
    assert "none of its 1 SQL migrations opens a transaction of its own" in notes
    assert "BEGIN;" not in _forward(stdout)


def test_golang_migrate_on_sqlite_carries_no_begin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its sqlite3 driver wraps each migration: sqlite3 refuses a nested BEGIN."""
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: sqlite\n",
            "whitelist.yaml": WHITELIST,
            "go.mod": MIGRATE_MOD,
            "db/000001_init.up.sql": INIT,
            "db/000001_init.down.sql": "DROP TABLE team;\n",
        },
        monkeypatch,
    )
    stdout, _ = _plan()
    assert "golang-migrate's sqlite3 driver runs each migration in a transaction" in stdout
    forward = stdout.split("-- ==== forward ====", 1)[1].split("-- ==== rollback ====", 1)[0]
    # As the driver runs it: inside a transaction of its own, then committed.
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(INIT)
    db.executescript(f"BEGIN;\n{forward}\nCOMMIT;\n")  # a BEGIN of its own would be refused
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "teams" in names


def test_golang_migrate_note_names_the_folder_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ente (trial s43): the Go module and its migrations live under
    ``server/``; the note named the folder ``migrations/``, which is not where
    the user finds the files: it names the folder as ``paths`` does."""
    wrapped = f"BEGIN;\n{INIT}COMMIT;\n"
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [server/migrations]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "server/go.mod": MIGRATE_MOD,
            "server/migrations/1_create_tables.up.sql": wrapped,
            "server/migrations/1_create_tables.down.sql": "DROP TABLE team;\n",
        },
        monkeypatch,
    )
    stdout, _ = _plan()
    notes = _notes(stdout)
    said = "the migrations of server/migrations/ open transactions of their own (BEGIN)"
    assert said in notes, notes
    assert "server/migrations/2_rename_whitelist_targets.up.sql (forward)" in stdout
