"""A configured path git shows renamed: the DBN002 says where it went.

Trial confirm35 (I2): ``git mv internal/database/migrations.go
internal/database/migrations_pg.go`` with ``paths:`` left as it was gave
``DBN002 error: no such file or directory`` and nothing more, in the hook and
in ``check --base``, though git shows the rename at 100%. Oracle: real git
(``git mv``, and ``git diff -M`` as a user would read it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LIST = """package database

import "database/sql"

var migrations = []func(tx *sql.Tx, driver string) error{
\tfunc(tx *sql.Tx, _ string) (err error) {
\t\t_, err = tx.Exec(`CREATE TABLE feeds (id bigserial primary key)`)
\t\treturn err
\t},
}
"""
OLD = "internal/database/migrations.go"
NEW = "internal/database/migrations_pg.go"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--no-cache"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _renamed_by_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = committed_repo(
        tmp_path / "mf",
        {"dbnamelint.yaml": f"paths: [{OLD}]\ndialect: postgres\n", OLD: LIST},
        monkeypatch,
    )
    git(root, "mv", OLD, NEW)
    assert git(root, "diff", "-M", "--name-status", "HEAD").split() == ["R100", OLD, NEW]
    return root


@pytest.mark.parametrize(
    "args", [("check",), ("check", "--base", "HEAD"), ("check", "--pre-commit", NEW), ("inspect",)]
)
def test_a_configured_file_git_shows_renamed_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    _renamed_by_git(tmp_path, monkeypatch)
    code, output = _run(*args)
    assert code == 2
    assert (
        f"{OLD}:1:1: DBN002 error: no such file or directory: git shows it renamed to {NEW} "
        "in this change (git diff -M HEAD): name "
        f"{NEW} instead (update the config's `paths:` where it lists the old path)"
    ) in output


def test_a_configured_folder_git_shows_moved_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [db/migrations]\ndialect: postgres\n",
            "db/migrations/001_init.sql": "CREATE TABLE feeds (id bigint);\n",
            "db/migrations/002_users.sql": "CREATE TABLE users (id bigint);\n",
        },
        monkeypatch,
    )
    git(root, "mv", "db/migrations", "sql")
    code, output = _run("check")
    assert code == 2
    assert (
        "db/migrations:1:1: DBN002 error: no such file or directory: git shows it renamed to sql"
        in output
    )


def test_a_file_deleted_is_said_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _renamed_by_git(tmp_path, monkeypatch)
    git(root, "rm", "-q", "-f", NEW)
    code, output = _run("check")
    assert code == 2
    assert output.splitlines()[0] == f"{OLD}:1:1: DBN002 error: no such file or directory"
