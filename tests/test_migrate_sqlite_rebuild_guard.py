"""SQLite: a table rebuild stops when the database's table is not the files' one.

SQLite cannot rename a constraint, so ``migrate`` rebuilds the table from
the definition a database built from the SQL files holds (CREATE new,
INSERT ... SELECT the files' columns, DROP old, RENAME). A column, index or
trigger something else added (a goose ``.go`` migration, which dbnamelint
cannot read) would be dropped with its data, and the rollback could not
bring it back (trial navidrome, rep3). The scripts check first and stop
with ``CHECK constraint failed: dbnamelint: table ...``. Oracle: sqlite3
(the stdlib module, and the ``sqlite3`` shell when installed) runs the
files as goose, dbmate and golang-migrate run them; afterwards the table,
its rows and the whole ``sqlite_master`` are as they were.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

OWNER = "CREATE TABLE owner (id text PRIMARY KEY);\n"
SHARE = (
    "CREATE TABLE share (id text PRIMARY KEY, "
    "owner_id text CONSTRAINT share_owner_fk REFERENCES owner(id));\n"
)
ROWS = "INSERT INTO owner VALUES ('o'); INSERT INTO share (id, owner_id) VALUES ('s1', 'o');\n"
GO = "package migrations\n// Up: tx.ExecContext(ctx, `ALTER TABLE share ADD COLUMN note text`)\n"
ADD_NOTE = "ALTER TABLE share ADD COLUMN note text; UPDATE share SET note = 'keep me';\n"
GUARD = "CHECK constraint failed: dbnamelint: table share in the database is not the one"


def _migrate(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> str:
    """Writes the tree, runs ``migrate --rename share=shares --write``: its stderr."""
    folder = root / "db" / "migrations"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("dialect: sqlite\npaths: [db/migrations]\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "share=shares", "--write"])
    assert result.exit_code == 0, result.output + result.stderr
    return result.stderr


def _goose(root: Path, monkeypatch: pytest.MonkeyPatch, go: bool = True) -> tuple[str, str]:
    files = {"00001_init.sql": f"-- +goose Up\n{OWNER}{SHARE}"}
    if go:
        files["00002_add_note.go"] = GO
    _migrate(root, monkeypatch, files)
    (new,) = (root / "db/migrations").glob("*_rename_tables.sql")
    text = new.read_text(encoding="utf-8")
    assert text.startswith("-- +goose NO TRANSACTION\n")  # goose runs it bare
    up, down = text.split("-- +goose Up\n", 1)[1].split("-- +goose Down\n", 1)
    return up, down


def _database(path: Path, extra: str = "") -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(OWNER + SHARE + ROWS + extra)
    return db


def _state(path: Path) -> tuple[list[object], list[object]]:
    db = sqlite3.connect(path)
    try:
        master = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        tables = {r[1] for r in master if r[0] == "table"}
        rows = db.execute(f"SELECT * FROM {'share' if 'share' in tables else 'shares'}").fetchall()
        return master, rows
    finally:
        db.close()


def _fails(path: Path, script: str, wrapped: bool = False) -> str:
    """Runs ``script`` as a tool does (inside the tool's BEGIN/COMMIT when
    ``wrapped``); the error it stops with. The connection closes without
    COMMIT, as the tool's does after a failed migration."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.DatabaseError) as failed:
            db.executescript(f"BEGIN;\n{script}\nCOMMIT;\n" if wrapped else script)
    finally:
        db.close()
    return str(failed.value)


def test_goose_repro_stops_before_the_rebuild_and_keeps_the_go_migrations_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up, _ = _goose(tmp_path, monkeypatch)
    path = tmp_path / "t.db"
    _database(path, ADD_NOTE).close()
    before = _state(path)
    assert before[1] == [("s1", "o", "keep me")]
    error = _fails(path, up)
    assert error.startswith(GUARD), error
    assert "(columns id, owner_id; indexes and triggers: none)" in error
    assert "pragma_table_xinfo('share')" in error and "dbnamelint drift" in error
    assert _state(path) == before  # table, column, row and schema untouched


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell installed")
def test_the_sqlite3_shell_with_bail_stops_with_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up, _ = _goose(tmp_path, monkeypatch)
    path = tmp_path / "t.db"
    _database(path, ADD_NOTE).close()
    before = _state(path)
    shell = subprocess.run(
        ["sqlite3", "-bail", str(path)], input=up, capture_output=True, text=True, check=False
    )
    assert shell.returncode != 0
    assert GUARD in shell.stderr, shell.stderr
    assert _state(path) == before


def test_goose_matching_table_is_rebuilt_and_rolled_back_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up, down = _goose(tmp_path, monkeypatch)
    path = tmp_path / "t.db"
    db = _database(path)
    before = _state(path)
    db.executescript(up)
    tables = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert '"shares_owner_fk"' in tables["shares"]
    assert db.execute("SELECT * FROM shares").fetchall() == [("s1", "o")]
    assert db.execute("SELECT name FROM sqlite_temp_master").fetchall() == []
    db.executescript(down)
    db.close()
    master, rows = _state(path)
    assert rows == before[1]
    assert [m[:3] for m in master] == [m[:3] for m in before[0]]


def test_a_second_run_of_the_forward_script_says_it_ran_already(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run twice (trial s20 shiori #8), the script stopped blaming a Go
    migration's column: the old name is the compatibility view by then, and
    its INSTEAD OF triggers are no table's. It now says the script ran."""
    up, _ = _goose(tmp_path, monkeypatch, go=False)
    path = tmp_path / "t.db"
    db = _database(path)
    db.executescript(up)
    db.close()
    after = _state(path)
    error = _fails(path, up)
    assert error == (
        "CHECK constraint failed: dbnamelint: share is a view in the database: the forward "
        "script ran already (its compatibility view stands under the old name); nothing was "
        "changed"
    ), error
    assert _state(path) == after


def test_rollback_stops_when_a_later_migration_added_a_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up, down = _goose(tmp_path, monkeypatch)
    path = tmp_path / "t.db"
    db = _database(path)
    db.executescript(up)
    db.executescript("ALTER TABLE shares ADD COLUMN note text; UPDATE shares SET note = 'keep';")
    db.close()
    before = _state(path)
    error = _fails(path, down)
    assert error.startswith(GUARD), error
    assert _state(path) == before
    assert before[1] == [("s1", "o", "keep")]


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param("CREATE INDEX share_owner ON share (owner_id);", id="index"),
        pytest.param(
            "CREATE TRIGGER share_touch AFTER UPDATE ON share BEGIN SELECT 1; END;",
            id="trigger",
        ),
        pytest.param("", id="type"),  # owner_id integer in the database, text in the files
    ],
)
def test_an_index_trigger_or_column_type_the_files_lack_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str
) -> None:
    up, _ = _goose(tmp_path, monkeypatch)
    path = tmp_path / "t.db"
    db = sqlite3.connect(path, isolation_level=None)
    share = SHARE if extra else SHARE.replace("owner_id text", "owner_id integer")
    db.executescript(OWNER + share + ROWS + extra)
    db.close()
    before = _state(path)
    assert _fails(path, up).startswith(GUARD)
    assert _state(path) == before


def test_golang_migrate_no_tx_wrap_and_dbmate_shapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    down_init = "DROP TABLE share; DROP TABLE owner;\n"
    golang = tmp_path / "golang"
    _migrate(
        golang,
        monkeypatch,
        {"000001_init.up.sql": OWNER + SHARE, "000001_init.down.sql": down_init},
    )
    up = next((golang / "db/migrations").glob("*_rename_tables.up.sql")).read_text("utf-8")
    assert "x-no-tx-wrap=true" in up
    dbmate = tmp_path / "dbmate"
    _migrate(
        dbmate,
        monkeypatch,
        {"20240101000000_init.sql": f"-- migrate:up\n{OWNER}{SHARE}\n-- migrate:down\n{down_init}"},
    )
    text = next((dbmate / "db/migrations").glob("*_rename_tables.sql")).read_text("utf-8")
    dbmate_up = text.split("-- migrate:up\n", 1)[1].split("-- migrate:down\n", 1)[0]
    for script, wrapped in ((up, False), (dbmate_up, True)):
        for extra, fails in ((ADD_NOTE, True), ("", False)):
            path = tmp_path / "x.db"
            path.unlink(missing_ok=True)
            _database(path, extra).close()
            before = _state(path)
            if fails:
                assert _fails(path, script, wrapped).startswith(GUARD)
                assert _state(path) == before
            else:
                db = sqlite3.connect(path, isolation_level=None)
                db.executescript(f"BEGIN;\n{script}\nCOMMIT;\n" if wrapped else script)
                db.close()
                assert _state(path)[1] == [("s1", "o")]


def test_migrate_warns_that_a_go_migration_may_have_added_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"00001_init.sql": f"-- +goose Up\n{OWNER}{SHARE}", "00002_add_note.go": GO}
    err = _migrate(tmp_path, monkeypatch, files)
    assert "00002_add_note.go" in err
    assert "SQLite table 'share' is rebuilt from the files' definition" in err
    assert "CHECK constraint failed: dbnamelint: table" in err
