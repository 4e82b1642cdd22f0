"""A Go query builder chain that makes DDL (WriteFreely's own
``dialect.Table("PostLikes").Column(...).ToSQL()``) is an unread DBN013 call
in the gate, as GORM's and xorm's schema calls are.

Trial s39 (writefreely): a new migration written with the project's builder
(as its v4, v5, v7 and v8 are) passed the gate with no note at all, its
``PostLikes``/``postID`` names unchecked. A builder chain of no table call
(squirrel's ``Select(...).From(...).ToSql()``) builds no DDL and stays
silent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BUILDER = """package migrations

import (
	"context"
	"database/sql"

	wf_db "github.com/writefreely/writefreely/db"
)

func supportLikes(db *datastore) error {
	dialect := wf_db.DialectMySQL
	return wf_db.RunTransactionWithOptions(context.Background(), db.DB, &sql.TxOptions{},
		func(ctx context.Context, tx *sql.Tx) error {
			createTable, err := dialect.
				{call}("PostLikes").
				Column(dialect.Column("postID", wf_db.ColumnTypeVarChar, wf_db.OptionalInt{Set: true, Value: 16})).
				ToSQL()
			if err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, createTable)
			return err
		})
}
"""  # noqa: E501
SQUIRREL = """package store

import sq "github.com/Masterminds/squirrel"

func users() (string, []interface{}, error) {
	return sq.Select("*").From("users").Where(sq.Eq{"id": 1}).ToSql()
}
"""


def _found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str) -> list:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": 'paths: ["."]\n', "schema.sql": "CREATE TABLE users (id int);\n"},
        monkeypatch,
    )
    stage(root, path, text)
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        _status, found = check_entries(*run, "--no-cache")
        seen.append(sorted((c, line, s) for c, p, line, s, _ in found if p == path))
    assert seen[0] == seen[1], seen
    return seen[0]


@pytest.mark.parametrize("call", ["Table", "AlterTable"])
def test_a_new_builder_migration_is_unread_ddl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    text = BUILDER.replace("{call}", call)
    assert _found(tmp_path, monkeypatch, "migrations/v16.go", text) == [("DBN013", 15, "error")]


def test_a_dml_builder_is_no_ddl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _found(tmp_path, monkeypatch, "store/users.go", SQUIRREL) == []
