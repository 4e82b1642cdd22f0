"""``migrate --write`` in a tree whose full schema is kept by hand and whose
upgrades are Go steps (listmonk: ``schema.sql`` that ``--install`` runs, and
``internal/migrations/v*.go`` steps its upgrade command runs from a list of
(version, step)). Trial s34 listmonk: the advice was to move ``schema.sql``
to a numbered migration, which breaks the install that reads it by name; it
now names the Go steps and says to edit the full schema in place. goose's Go
migrations are named as goose's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

SCHEMA = "CREATE TABLE bounces (id serial PRIMARY KEY, kind text);\n"
STEP = """package migrations

import "github.com/jmoiron/sqlx"

// V2_0_0 performs the DB migrations for v2.0.0.
func V2_0_0(db *sqlx.DB) error {
	if _, err := db.Exec(`ALTER TABLE bounces ADD COLUMN IF NOT EXISTS kind text`); err != nil {
		return err
	}
	return nil
}
"""
GOOSE = """package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() { goose.AddMigrationContext(upBounces, downBounces) }

func upBounces(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "CREATE TABLE bounces (id serial PRIMARY KEY, kind text)")
	return err
}

func downBounces(ctx context.Context, tx *sql.Tx) error { return nil }
"""


@pytest.mark.parametrize(
    ("step", "tool", "runner"),
    [
        (STEP, "Go migration steps", "db.Exec(...) in a new step function"),
        (GOOSE, "goose", "tx.ExecContext(ctx, ...)"),
    ],
    ids=["listmonk-steps", "goose"],
)
def test_migrate_write_names_the_go_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, tool: str, runner: str
) -> None:
    (tmp_path / ".git").mkdir()  # the project's root
    (tmp_path / "schema.sql").write_text(SCHEMA)
    folder = tmp_path / "internal" / "migrations"
    folder.mkdir(parents=True)
    (folder / "v2.0.0.go").write_text(step)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [schema.sql]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    written = CliRunner().invoke(cli, ["migrate", "--rename", "bounces=bounce_events", "--write"])
    assert written.exit_code == 2, written.output
    said = " ".join(written.output.split())
    assert f"internal/migrations ({tool}, 1 file): {runner}" in said, said
    assert "takes the same renames in place" in said, said
    assert "move it to a numbered name" not in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".git",
        "dbnamelint.yaml",
        "internal",
        "schema.sql",
    ]
