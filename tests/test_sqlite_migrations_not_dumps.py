"""A SQLite migration opening with ``PRAGMA foreign_keys=OFF;`` is no dump.

Trial s26 (pocket-id): 52 of its 72 golang-migrate SQLite migrations open
with ``PRAGMA foreign_keys=OFF;`` then ``BEGIN;``, which dbnamelint took for
``sqlite3 .dump``'s head. ``init`` listed them under ``exclude:`` as dumps,
so the model lost 12 of 22 tables, and the gate judged no edit, deletion or
renumbering of them (``DBN025``): a renumbered one passed the real hook,
and the runner then failed (``index ... already exists``). The sqlite3 shell
opens a dump with two lines, ``PRAGMA foreign_keys=OFF;`` and ``BEGIN
TRANSACTION;``; and a file named as a migration tool names migrations
(golang-migrate's ``.up.sql``, Flyway's ``V1__``) is run by it whatever it
holds. Oracles: the sqlite3 shell's own ``.dump`` (when installed), real git.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.tool_tables import is_dump_head
from git_helpers import adopted_repo, git

FOLDER = "backend/resources/migrations/sqlite"
#: pocket-id's style (20240731203656_init.up.sql and the like)
FIRST = (
    "PRAGMA foreign_keys=OFF;\nBEGIN;\n"
    "CREATE TABLE users (id TEXT NOT NULL PRIMARY KEY, username TEXT NOT NULL);\n"
    "COMMIT;\nPRAGMA foreign_keys=ON;\n"
)
SECOND = (
    "PRAGMA foreign_keys=OFF;\nBEGIN;\n"
    "CREATE INDEX idx_users_username ON users (username);\n"
    "COMMIT;\nPRAGMA foreign_keys=ON;\n"
)
FILES = {
    f"{FOLDER}/20240731203656_init.up.sql": FIRST,
    f"{FOLDER}/20240731203656_init.down.sql": "DROP TABLE users;\n",
    f"{FOLDER}/20250403082322_users_index.up.sql": SECOND,
    f"{FOLDER}/20250403082322_users_index.down.sql": "DROP INDEX idx_users_username;\n",
}


def test_the_shells_dump_is_a_dump_a_migration_is_not(tmp_path: Path) -> None:
    assert not is_dump_head(FIRST)
    assert is_dump_head("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(id);\n")
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("the sqlite3 shell is not installed")
    db = tmp_path / "x.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE t (id INTEGER REFERENCES t (id))")
    dumped = subprocess.run(
        [shell, str(db), ".dump"], capture_output=True, text=True, check=True
    ).stdout
    assert is_dump_head(dumped)


@pytest.fixture
def project(git_project: Path) -> Path:
    return git_project


def test_init_keeps_them_and_the_model_has_their_tables(project: Path) -> None:
    for path, text in FILES.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    config = (project / "dbnamelint.yaml").read_text()
    assert "exclude" not in config and "dump" not in result.output, config + result.output
    result = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    names = {(o["kind"], o["name"]) for o in json.loads(result.stdout)["objects"]}
    assert {("table", "users"), ("index", "idx_users_username")} <= names


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("change", ["edit", "delete", "renumber"])
def test_the_gate_guards_them_as_history(project: Path, change: str) -> None:
    adopted_repo(project, FILES, f"paths: [{FOLDER}]\ndialect: sqlite\n")
    target = f"{FOLDER}/20250403082322_users_index.up.sql"
    if change == "edit":
        (project / target).write_text(SECOND.replace("(username)", "(username, id)"))
    elif change == "delete":
        git(project, "rm", "-q", target)
    else:
        git(project, "mv", target, f"{FOLDER}/20261206000000_users_index.up.sql")
    git(project, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    report = json.loads(result.stdout)
    edited = [d for d in report["diagnostics"] if d["code"] == "DBN025"]
    assert [d["path"] for d in edited] == [target], report["diagnostics"]
    assert result.exit_code == 1
