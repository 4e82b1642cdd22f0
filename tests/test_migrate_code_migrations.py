"""``migrate`` warns when goose Go migrations are code it cannot read (trial s7-t3 #10).

goose runs ``NNNNN_name.go`` migrations (registered with
``goose.AddMigrationContext``) in version order with the ``.sql`` ones
(goose README, "Go Migrations"); their DDL is Go code, so a table a Go
migration renamed or dropped is still in the files' model. Like a ``CALL``
(DBN012), every run that plans a rename must say so and point to ``drift``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

INIT = (
    "-- +goose Up\nCREATE TABLE items (id int, group_items int);\n"
    "-- +goose Down\nDROP TABLE items;\n"
)
GO = """package migrations

import (
\t"context"
\t"database/sql"

\t"github.com/pressly/goose/v3"
)

func init() { goose.AddMigrationContext(up, down) }

func up(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, `ALTER TABLE "items" RENAME TO "entities"`)
\treturn err
}

func down(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, `ALTER TABLE "entities" RENAME TO "items"`)
\treturn err
}
"""


def _migrate(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> str:
    (root / "db").mkdir()
    for name, text in files.items():
        (root / "db" / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "items=things"])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_a_go_migration_is_named_in_the_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    err = _migrate(tmp_path, monkeypatch, {"00001_init.sql": INIT, "00002_merge_entities.go": GO})
    assert (
        "warning: 1 Go migration in db/ (00002_merge_entities.go) is code this plan "
        "does not read: names created, renamed or dropped there are not in the model" in err
    )
    assert "dbnamelint drift --db URL" in err


def test_a_go_data_migration_is_not_called_ddl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Go migration running only a parameterised UPDATE is still code the plan
    does not read (it may call helpers that run DDL), but the warning no longer
    says it runs DDL (session 40's note)."""
    data = GO.replace(
        '`ALTER TABLE "items" RENAME TO "entities"`)',
        '"UPDATE items SET group_items = $1 WHERE id > $2", 0, 3)',
    )
    err = _migrate(tmp_path, monkeypatch, {"00001_init.sql": INIT, "00002_fill.go": data})
    assert "1 Go migration in db/ (00002_fill.go) is code this plan does not read" in err
    assert "DDL" not in err


def test_several_go_migrations_are_counted_and_their_test_files_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    err = _migrate(
        tmp_path,
        monkeypatch,
        {
            "00001_init.sql": INIT,
            "00002_merge_entities.go": GO,
            "00003_more.go": GO,
            "00002_merge_entities_test.go": "package migrations\n",
        },
    )
    assert "2 Go migrations in db/ (00002_merge_entities.go, ...) are code this plan" in err


def test_no_go_migration_no_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    err = _migrate(tmp_path, monkeypatch, {"00001_init.sql": INIT})
    assert "does not read" not in err


def test_the_new_version_follows_the_go_migrations_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s7-t4 #1: goose refuses two migrations of one version ("duplicate
    version 2 detected"), a ``.go`` one included, so the next is 3."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "00001_init.sql").write_text(INIT, encoding="utf-8")
    (tmp_path / "db" / "00002_merge_entities.go").write_text(GO, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "items=things", "--write"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == [
        "00001_init.sql",
        "00002_merge_entities.go",
        "00003_rename_tables.sql",
    ]


CONCOURSE_GO = """package migrations

func (m *migrations) Up_1510262031() error {
\t_, err := m.Tx.Exec(`ALTER TABLE items RENAME COLUMN group_items TO legacy_items`)
\treturn err
}
"""


def test_up_go_migrations_beside_up_sql_hold_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s16 concourse #2/#4: concourse's runner applies ``.up.go`` and
    ``.up.sql`` migrations in one version order and runs only versions above
    the database's (atc/db/migration/migration.go: ``currentVersion <
    m.Version``): a new file numbered below a Go migration is never applied.
    Its Go migrations are named in the warning too."""
    (tmp_path / "db").mkdir()
    files = {
        "1510262030_init.up.sql": "CREATE TABLE items (id int, group_items int);\n",
        "1510262030_init.down.sql": "DROP TABLE items;\n",
        "1510262031_legacy_items.up.go": CONCOURSE_GO,
        "1510262031_legacy_items.down.go": CONCOURSE_GO,
    }
    for name, text in files.items():
        (tmp_path / "db" / name).write_text(text, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "items=things", "--write"])
    assert result.exit_code == 0, result.stderr
    assert "1 Go migration in db/ (1510262031_legacy_items.up.go) is code this plan" in (
        result.stderr
    )
    written = sorted(set((tmp_path / "db").iterdir()) - {tmp_path / "db" / n for n in files})
    assert written, result.stderr
    versions = {p.name.split("_", 1)[0] for p in written}
    assert len(versions) == 1
    assert int(versions.pop()) > 1510262031
