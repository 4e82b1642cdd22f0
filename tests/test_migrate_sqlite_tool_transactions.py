"""SQLite: scripts fit the transaction their tool wraps them in (trial s6-t3 #16).

golang-migrate's sqlite3/sqlite drivers run every migration inside a
transaction of their own (database/sqlite3 README: "Migrations must not
contain explicit BEGIN or COMMIT statements"); goose does too unless the
file says ``-- +goose NO TRANSACTION``. A table rebuild needs
``PRAGMA foreign_keys=OFF`` outside any transaction. Oracle: sqlite3 runs
the files as the tool does (the driver's BEGIN/COMMIT around the file, or
the file bare when the tool is told not to wrap it).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

PLAIN = "CREATE TABLE member (id INTEGER PRIMARY KEY, mail TEXT);\n"
NAMED = "CREATE TABLE member (id INTEGER, CONSTRAINT pk_member PRIMARY KEY (id));\n"


def _write(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    (root / "migrations").mkdir()
    for name, text in files.items():
        (root / "migrations" / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: sqlite\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "member=members", "--write"])
    assert result.exit_code == 0, result.stderr


def _objects(db: sqlite3.Connection) -> set[tuple[str, str]]:
    return set(db.execute("SELECT type, name FROM sqlite_master"))


def _as_driver(db: sqlite3.Connection, script: str) -> None:
    """golang-migrate's sqlite3 driver: the migration inside its own transaction."""
    db.executescript(f"BEGIN;\n{script}\nCOMMIT;\n")


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_golang_migrate_sqlite_rename_runs_inside_the_drivers_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        monkeypatch,
        {"000001_init.up.sql": PLAIN, "000001_init.down.sql": "DROP TABLE member;\n"},
    )
    up = (tmp_path / "migrations/000002_rename_tables.up.sql").read_text(encoding="utf-8")
    down = (tmp_path / "migrations/000002_rename_tables.down.sql").read_text(encoding="utf-8")
    db = _connect(tmp_path / "g.db")
    _as_driver(db, PLAIN)
    before = _objects(db)
    _as_driver(db, up)  # with BEGIN; inside: "cannot start a transaction within a transaction"
    assert ("table", "members") in _objects(db)
    assert ("view", "member") in _objects(db)
    _as_driver(db, down)
    assert _objects(db) == before


def test_golang_migrate_sqlite_rebuild_says_to_turn_the_wrap_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        monkeypatch,
        {"000001_init.up.sql": NAMED, "000001_init.down.sql": "DROP TABLE member;\n"},
    )
    up = (tmp_path / "migrations/000002_rename_tables.up.sql").read_text(encoding="utf-8")
    assert "x-no-tx-wrap=true" in up
    db = _connect(tmp_path / "g.db")
    db.executescript("PRAGMA foreign_keys=ON;\n" + NAMED)
    db.executescript(up)  # x-no-tx-wrap=true: the file as it is
    tables = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert '"pk_members"' in tables["members"]


def test_goose_sqlite_rebuild_runs_without_gooses_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init = f"-- +goose Up\n{NAMED}-- +goose Down\nDROP TABLE member;\n"
    _write(tmp_path, monkeypatch, {"00001_init.sql": init})
    text = (tmp_path / "migrations/00002_rename_tables.sql").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "-- +goose NO TRANSACTION"
    up = text.split("-- +goose Up\n", 1)[1].split("-- +goose Down\n", 1)[0]
    db = _connect(tmp_path / "g.db")
    db.executescript("PRAGMA foreign_keys=ON;\n" + NAMED)
    db.executescript(up)  # NO TRANSACTION: goose runs the section bare
    tables = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    assert '"pk_members"' in tables["members"]


def test_goose_sqlite_plain_rename_stays_in_gooses_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init = f"-- +goose Up\n{PLAIN}-- +goose Down\nDROP TABLE member;\n"
    _write(tmp_path, monkeypatch, {"00001_init.sql": init})
    text = (tmp_path / "migrations/00002_rename_tables.sql").read_text(encoding="utf-8")
    assert "NO TRANSACTION" not in text
    up = text.split("-- +goose Up\n", 1)[1].split("-- +goose Down\n", 1)[0]
    db = _connect(tmp_path / "g.db")
    _as_driver(db, PLAIN)
    _as_driver(db, up)
    assert ("table", "members") in _objects(db)


#: pocket-id's SQLite migrations (trial s26): each carries its own BEGIN/COMMIT,
#: which golang-migrate's sqlite3 driver could not run wrapped; its Go code
#: sets ``sqliteMigrate.Config{NoTxWrap: true}``, which no file shows.
POCKET = "PRAGMA foreign_keys=OFF;\nBEGIN;\n" + PLAIN + "COMMIT;\nPRAGMA foreign_keys=ON;\n"
GO_MOD = (
    "module example.com/app\n\ngo 1.22\n\nrequire github.com/golang-migrate/migrate/v4 v4.17.0\n"
)


def test_golang_migrate_sqlite_folder_of_own_transactions_gets_them_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "go.mod").write_text(GO_MOD)
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations/20240731203656_init.up.sql").write_text(POCKET)
    (tmp_path / "migrations/20240731203656_init.down.sql").write_text("DROP TABLE member;\n")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: sqlite\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "member=members", "--write"])
    assert result.exit_code == 0, result.stderr
    assert "its runner runs them unwrapped, so the scripts carry BEGIN/COMMIT" in result.output
    (up_path,) = (tmp_path / "migrations").glob("*rename*.up.sql")
    up = up_path.read_text(encoding="utf-8")
    assert "BEGIN;" in up and "COMMIT;" in up
    # the oracle: sqlite3 runs it bare, as the unwrapped driver does, after the
    # folder's own migration run the same way; wrapped, SQLite refuses it
    db = _connect(tmp_path / "p.db")
    db.executescript(POCKET)
    db.executescript(up)
    assert ("table", "members") in _objects(db)
    wrapped = _connect(tmp_path / "w.db")
    wrapped.executescript(PLAIN)
    with pytest.raises(sqlite3.OperationalError, match="within a transaction"):
        _as_driver(wrapped, up)
