"""A schema GORM or xorm makes from Go structs is named, not passed in silence.

Trial s38 gogs: its schema is GORM models migrated by
``db.AutoMigrate(...)``; its only SQL file is ``scripts/mysql.sql`` (``CREATE
DATABASE``). ``init`` wrote that script as ``paths:`` and ``check`` said
"All checks passed!" over a model of nothing, naming no code: the "DDL in
code" hint looked only for ``CREATE TABLE`` text and only when no SQL file
was found. Now a Go file importing GORM or xorm that calls their schema
calls (:mod:`dbnamelint.go_orm_builders`) is DDL in code: ``init`` leaves
out the script that makes no table (as beside another tool's migrations)
and says to check a database the code built; ``check`` of SQL files that
make nothing warns and names the code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

SCRIPT = "CREATE DATABASE IF NOT EXISTS gogs CHARACTER SET utf8mb4;\n"
GORM_APP = """package database

import (
\t"gorm.io/gorm"
)

type User struct {
\tID   int64
\tName string
}

func Init(db *gorm.DB) error {
\treturn db.AutoMigrate(new(User))
}
"""
XORM_APP = """package models

import "xorm.io/xorm"

type User struct {
\tID int64 `xorm:"pk autoincr"`
}

func Sync(x *xorm.Engine) error {
\treturn x.Sync2(new(User))
}
"""


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # the project's root, as a repository's
    return tmp_path


def test_init_names_the_gorm_schema_and_leaves_the_database_script_out(root: Path) -> None:
    _tree(root, {"scripts/mysql.sql": SCRIPT, "internal/database/database.go": GORM_APP})
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert (
        "DDL in code: internal/database/database.go "
        "(GORM AutoMigrate(): a schema made from Go structs)" in result.output
    )
    assert "Left out: 1 SQL file making no table of the application (scripts/mysql.sql)" in (
        result.output
    )
    assert "dbnamelint check --db URL" in result.output
    written = [
        line for line in (root / "dbnamelint.yaml").read_text().splitlines() if line[:1] not in "# "
    ]
    assert not any("scripts" in line for line in written)


def test_init_without_orm_code_keeps_the_script(root: Path) -> None:
    _tree(root, {"scripts/mysql.sql": SCRIPT, "internal/database/plain.go": "package database\n"})
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "DDL in code" not in result.output
    assert "  - scripts" in (root / "dbnamelint.yaml").read_text()


@pytest.mark.parametrize(
    ("rel", "text", "said"),
    [
        ("internal/database/database.go", GORM_APP, "GORM AutoMigrate()"),
        ("models/models.go", XORM_APP, "xorm Sync2()"),
    ],
)
def test_check_of_sql_making_nothing_names_the_orm_schema(
    root: Path, rel: str, text: str, said: str
) -> None:
    _tree(root, {"scripts/mysql.sql": SCRIPT, rel: text})
    (root / "dbnamelint.yaml").write_text("paths: [scripts]\ndialect: mysql\n")
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (
        "warning: the SQL files in scripts make no table, view or index; DDL in code: "
        f"{rel} ({said}: a schema made from Go structs)" in result.stderr
    )
    assert "the gate refuses each GORM or xorm schema call a change adds (DBN013)" in (
        result.stderr
    )


def test_check_of_sql_making_tables_says_nothing_of_code(root: Path) -> None:
    _tree(
        root,
        {
            "scripts/schema.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
            "internal/database/database.go": GORM_APP,
        },
    )
    (root / "dbnamelint.yaml").write_text("paths: [scripts]\ndialect: mysql\n")
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "DDL in code" not in result.stderr
