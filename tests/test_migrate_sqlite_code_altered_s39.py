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


#: A goose tree as navidrome's: a Go migration changes the table's data, and a
#: Go test beside it creates the table in a fixture (trial s40 navidrome M1).
GOOSE_GO = """package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upFix, nil)
}

func upFix(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE appcontent SET content = '' WHERE content IS NULL`)
	return err
}
"""
GOOSE_TEST = """package migrations

import "testing"

func TestFix(t *testing.T) {
	exec(t, `CREATE TABLE appcontent (id text, content text, title text)`)
}
"""


def test_a_go_test_file_is_no_code_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """goose never runs a test's Go (its collector skips ``_test.go``, and the
    go tool leaves such files out of the binary), so a fixture's ``CREATE
    TABLE`` there changes no database: before, the plan named the test file
    and ``--write`` needed ``--force``."""
    folder = tmp_path / "db/migrations"
    folder.mkdir(parents=True)
    test_file = "00002_fix_test.go"
    (folder / "00001_init.sql").write_text("-- +goose Up\n" + INIT)
    (folder / "00002_fix.go").write_text(GOOSE_GO)
    other = GOOSE_GO.replace("upFix", "upOther").replace(
        "UPDATE appcontent SET content = '' WHERE content IS NULL", "CREATE TABLE other (id text)"
    )
    (folder / "00003_other.go").write_text(other)  # Go DDL: a code migration folder
    (folder / test_file).write_text(GOOSE_TEST)
    (tmp_path / "dbnamelint.yaml").write_text("dialect: sqlite\npaths: [db/migrations]\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*RENAME, "--write"])
    assert result.exit_code == 0, result.output
    assert "does not read change table" not in result.output + result.stderr
    (forward,) = sorted(folder.glob("*_rename_tables.sql"))
    # the oracle: the database goose builds (the SQL migration, then the Go
    # one's UPDATE) takes the forward script, and writes through the view keep
    # every column
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(
        INIT
        + "UPDATE appcontent SET content = '' WHERE content IS NULL; CREATE TABLE other (id text);"
    )
    up = forward.read_text().split("-- +goose Down")[0]
    db.executescript(up)
    db.execute("INSERT INTO appcontent (id, content, updated) VALUES ('a', 'hi', 'now')")
    assert db.execute("SELECT * FROM appcontents").fetchall() == [("a", "hi", "now")]
