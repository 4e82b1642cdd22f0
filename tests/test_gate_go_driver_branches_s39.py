"""A Go branch on the database driver is read as that database alone.

Trial s39 (writefreely's ``migrations/v9.go``): ``if db.driverName ==
driverSQLite { CREATE INDEX ... } else { ALTER TABLE posts ADD INDEX
posts_by_owner (...) }``: the MySQL branch was read as SQLite too, a column
named ``INDEX`` (DBN201, DBN502), and a good migration was refused. Each
branch's names are still judged, in its own database.

Oracles: MariaDB runs the MySQL branch (an index ``posts_by_owner``, no
column ``INDEX``); sqlite3 refuses it (the branch is MySQL's alone) and runs
the SQLite branch.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import mysql_server
from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MYSQL = """CREATE TABLE IF NOT EXISTS `posts` (
  `id` int(11) NOT NULL,
  `owner_id` int(11) NOT NULL,
  `created` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
"""
SQLITE = """CREATE TABLE IF NOT EXISTS `posts` (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL,
  created DATETIME NOT NULL
);
"""
DRIVERS = 'package migrations\n\nconst (\n\tdriverMySQL  = "mysql"\n\tdriverSQLite = "sqlite3"\n)\n'
SQLITE_INDEX = "CREATE INDEX {name} ON posts (owner_id, created)"
MYSQL_INDEX = "ALTER TABLE posts ADD INDEX {name} (owner_id, created)"
STEP = """package migrations

func optimizeDrafts(db *datastore) error {{
	t, err := db.Begin()
	if db.driverName {op} driverSQLite {{
		_, err = t.Exec(`{first}`)
	}} else {{
		_, err = t.Exec(`{second}`)
	}}
	return err
}}
"""
PATH = "migrations/v9.go"


def _step(name: str, op: str = "==") -> str:
    first, second = SQLITE_INDEX, MYSQL_INDEX
    if op == "!=":
        first, second = second, first
    return STEP.format(op=op, first=first.format(name=name), second=second.format(name=name))


def _found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[tuple[str, int]]:
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["."]\n',
            "schema.sql": MYSQL,
            "sqlite.sql": SQLITE,
            "migrations/drivers.go": DRIVERS,
        },
        monkeypatch,
    )
    stage(root, PATH, text)
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        _status, found = check_entries(*run, "--no-cache")
        seen.append(sorted((c, line) for c, p, line, s, _ in found if p == PATH and s == "error"))
    assert seen[0] == seen[1], seen
    return seen[0]


@pytest.mark.parametrize("op", ["==", "!="])
def test_a_mysql_branch_is_not_read_as_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, op: str
) -> None:
    assert _found(tmp_path, monkeypatch, _step("posts_by_owner", op)) == []


def test_each_branch_s_names_are_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # PostsByOwner in both branches: one DBN301 each, in its own database
    assert _found(tmp_path, monkeypatch, _step("PostsByOwner")) == [("DBN301", 6), ("DBN301", 8)]


def test_sqlite_refuses_the_mysql_branch() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(SQLITE)
    with pytest.raises(sqlite3.OperationalError):
        db.execute(MYSQL_INDEX.format(name="posts_by_owner"))
    db.execute(SQLITE_INDEX.format(name="posts_by_owner"))
    assert db.execute("SELECT name FROM sqlite_master WHERE type = 'index'").fetchall() == [
        ("posts_by_owner",)
    ]


def test_mariadb_makes_an_index_not_a_column(maria: mysql_server.MysqlServer) -> None:
    with maria.fresh_database("s39_wfgo_branch") as db:
        maria.run(MYSQL + MYSQL_INDEX.format(name="posts_by_owner") + ";", database=db)
        columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split()
        indexes = maria.run(
            "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split()
    assert sorted(columns) == ["created", "id", "owner_id"]
    assert sorted(indexes) == ["PRIMARY", "posts_by_owner"]
