"""SQLite compatibility views over a table a code migration changes: the
plan says its triggers may drop columns, and ``--write`` needs ``--force``.

Trial s39 (writefreely): ``migrations/v2.go`` adds ``title`` to
``appcontent`` in Go, which the model does not read; the view's INSTEAD OF
triggers listed only the model's columns, so the app's ``INSERT OR REPLACE
INTO appcontent (id, title, ...)`` through the view stored title NULL, and
the plan said nothing. Without code migrations nothing changes.

Oracle: sqlite3 runs the forward script on a database the SQL and the Go
migration's statement built: a write through the view loses the column.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

INIT = "CREATE TABLE appcontent (id TEXT PRIMARY KEY, content TEXT NOT NULL, updated TEXT);\n"
GO = """package migrations

func supportPages(db *datastore) error {
	t, err := db.Begin()
	_, err = t.Exec(`ALTER TABLE appcontent ADD COLUMN title ` + db.typeVarChar(255) + ` NULL`)
	return err
}
"""
#: The Go statement as it runs on SQLite (db.typeVarChar(255): VARCHAR(255)).
ADDED = "ALTER TABLE appcontent ADD COLUMN title VARCHAR(255) NULL;"
RENAME = ["migrate", "--rename", "appcontent=appcontents"]


def _tree(root: Path, monkeypatch: pytest.MonkeyPatch, go: bool) -> None:
    (root / "db").mkdir(parents=True)
    (root / "db/001_init.sql").write_text(INIT)
    (root / "dbnamelint.yaml").write_text("dialect: sqlite\npaths: [db]\n")
    if go:
        (root / "migrations").mkdir()
        (root / "migrations/v2.go").write_text(GO)
    monkeypatch.chdir(root)


def _forward(root: Path) -> list[Path]:
    return sorted((root / "db").glob("002*.sql"))


def test_the_plan_names_the_code_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, monkeypatch, go=True)
    result = CliRunner().invoke(cli, RENAME)
    assert result.exit_code == 0, result.output
    assert "code migrations this plan does not read change table 'appcontent'" in result.stderr
    assert "migrations/v2.go" in result.stderr
    # and in the script itself, as a comment
    assert "-- note: compatibility view 'appcontent'" in result.stdout
    assert "migrations/v2.go" in result.stdout


def test_write_is_refused_without_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, monkeypatch, go=True)
    result = CliRunner().invoke(cli, [*RENAME, "--write"])
    assert result.exit_code == 2, result.output
    assert "nothing written (--force writes it anyway)" in result.stderr
    assert _forward(tmp_path) == []
    forced = CliRunner().invoke(cli, [*RENAME, "--write", "--force"])
    assert forced.exit_code == 0, forced.output
    assert len(_forward(tmp_path)) == 1


def test_without_code_migrations_nothing_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, go=False)
    result = CliRunner().invoke(cli, [*RENAME, "--write"])
    assert result.exit_code == 0, result.output
    assert "does not read change table" not in result.output + result.stderr
    (forward,) = _forward(tmp_path)
    assert "does not read change table" not in forward.read_text()


def test_sqlite_loses_the_column_through_the_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, monkeypatch, go=True)
    assert CliRunner().invoke(cli, [*RENAME, "--write", "--force"]).exit_code == 0
    (forward,) = _forward(tmp_path)
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(INIT + ADDED)
    db.executescript(forward.read_text())
    db.execute(
        "INSERT OR REPLACE INTO appcontent (id, title, content) VALUES ('about', 'About', 'hi')"
    )
    # the loss the note warns of: the trigger lists id, content, updated only
    assert db.execute("SELECT id, title, content FROM appcontents").fetchall() == [
        ("about", None, "hi")
    ]
