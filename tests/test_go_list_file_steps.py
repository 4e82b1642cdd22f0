"""A Go migration list whose steps name SQL files (shiori's
``newFileMigration("0.0.0", "0.1.0", "postgres/0000_system")``) beside
function steps running DDL strings: the model replays the steps in the
list's order, a file step as that file's statements, located in the file.

Oracle: each dialect's real database (PostgreSQL, MariaDB, SQLite) runs the
steps in the list's order (a file step: the file; a function step: its
backtick strings), and ``inspect --db`` of it equals ``inspect`` of the tree.
Every dialect's order matters: a file step renames a column a function step
added, and a function step alters a table a file step created.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import mysql_server
from dbnamelint.cli import cli
from pg_server import PgServer

pytestmark = pytest.mark.slow

#: The list, shiori's shape: the constructor adds ".up.sql" under migrations/.
LIST_GO = """\
package database

import "database/sql"

var {name}Migrations = []migration{{
\tnewFileMigration("0.0.0", "0.1.0", "{d}/0000_initial"),
\tnewFuncMigration("0.1.0", "0.2.0", func(db *sql.DB) error {{
\t\ttx, _ := db.Begin()
\t\tif _, err := tx.Exec(`ALTER TABLE users ADD COLUMN nick_name VARCHAR(40)`); err != nil {{
\t\t\treturn fmt.Errorf("failed to add nick_name: %w", err)
\t\t}}
\t\t_, err := tx.Exec(`CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(40))`)
\t\treturn err
\t}}),
\t// newFileMigration("0.1.5", "0.1.6", "{d}/0009_never"),
\tnewFileMigration("0.2.0", "0.3.0", "{d}/0001_rename"),
\tnewFuncMigration("0.3.0", "0.4.0", func(db *sql.DB) error {{
\t\t_, err := db.Exec(`CREATE INDEX users_handle_idx ON users (handle)`)
\t\treturn err
\t}}),
}}
"""
FILES = {
    "0000_initial.up.sql": "CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(80));\n",
    # nick_name is the function step's; tags is too
    "0001_rename.up.sql": (
        "ALTER TABLE users RENAME COLUMN nick_name TO handle;\n"
        "ALTER TABLE tags RENAME TO labels;\n"
        "CREATE INDEX labels_label_idx ON labels (label);\n"
    ),
    # named only in a comment: never run
    "0009_never.up.sql": "CREATE TABLE never_run (id INT PRIMARY KEY);\n",
}
#: Dialect -> (the Go file's name, the list's name, the folder).
LAYOUTS = {
    "postgres": ("pg.go", "postgres", "postgres"),
    "mysql": ("mysql.go", "mysql", "mysql"),
    "sqlite": ("sqlite.go", "sqlite", "sqlite"),
}


def _tree(root: Path, dialect: str) -> Path:
    """The project: the Go list and its SQL files; returns the Go file."""
    go_name, name, folder = LAYOUTS[dialect]
    base = root / "internal" / "database"
    (base / "migrations" / folder).mkdir(parents=True)
    for file, sql in FILES.items():
        (base / "migrations" / folder / file).write_text(sql, encoding="utf-8")
    go = base / go_name
    go.write_text(LIST_GO.format(name=name, d=folder), encoding="utf-8")
    return go


def _steps(go: Path) -> list[str]:
    """The SQL of each step, in the list's order, as the program runs it
    (a commented-out step left out): the oracle's own reading."""
    out: list[str] = []
    for line in go.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("//"):
            continue
        named = re.search(r'newFileMigration\([^)]*"([\w/]+)"\)', line)
        if named:
            out.append((go.parent / "migrations" / f"{named.group(1)}.up.sql").read_text())
        out += [f"{s};" for s in re.findall(r"`([^`]*)`", line)]
    return out


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _objects(result: Result) -> set[tuple[str, str | None, str]]:
    assert result.exit_code in (0, 1), result.output
    found: list[dict[str, Any]] = json.loads(result.output)["objects"]
    return {
        (o["kind"], o["table"], o["name"].lower())
        for o in found
        if o["kind"] in ("table", "column", "index")
    }


def _compare(go: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(go.parents[2])
    rel = go.relative_to(go.parents[2]).as_posix()
    tree = _objects(_run("inspect", "--format", "json", rel))
    live = _objects(_run("inspect", "--db", url, "--format", "json"))
    assert tree == live
    # the order is the list's: the file step's rename of the function step's column
    assert ("column", "users", "handle") in tree
    assert ("table", None, "labels") in tree
    assert not any(o[2] == "never_run" for o in tree)


def _apply(run: Callable[[str], object], go: Path) -> None:
    for sql in _steps(go):
        run(sql)


def test_postgres_list_order(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    go = _tree(tmp_path, "postgres")
    with pg.fresh_database("s35_golistfiles_pg") as db:
        _apply(lambda sql: pg.run(sql=sql, dbname=db), go)
        _compare(go, pg.url(db), monkeypatch)


def test_mariadb_list_order(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    go = _tree(tmp_path, "mysql")
    with maria.fresh_database("s35_golistfiles_my") as db:
        _apply(lambda sql: maria.run(sql, database=db), go)
        _compare(go, maria.url(db), monkeypatch)


def test_sqlite_list_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    go = _tree(tmp_path / "project", "sqlite")
    live = tmp_path / "live.db"
    connection = sqlite3.connect(live)
    try:
        _apply(connection.executescript, go)
    finally:
        connection.close()
    _compare(go, f"sqlite:///{live}", monkeypatch)


def test_file_step_findings_are_located_in_the_sql_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bad name in a file step's SQL is reported at that file's line; the
    folder named as well is read at the step only (DBN007 says so)."""
    go = _tree(tmp_path, "postgres")
    folder = go.parent / "migrations" / "postgres"
    (folder / "0000_initial.up.sql").write_text(
        "CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(80));\n"
        'CREATE TABLE "BadName" (id INT);\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = _run(
        "check",
        "--no-cache",
        "internal/database/pg.go",
        "internal/database/migrations/postgres",
        "--format",
        "json",
    )
    found = json.loads(result.output)
    located = {(f["path"], f["line"], f["code"]) for f in found["findings"]}
    assert ("internal/database/migrations/postgres/0000_initial.up.sql", 2, "DBN101") in located
    inspected = _run(
        "inspect",
        "internal/database/pg.go",
        "internal/database/migrations/postgres",
        "--format",
        "json",
    )
    seven = {
        d["path"]: d["message"]
        for d in json.loads(inspected.output)["diagnostics"]
        if d["code"] == "DBN007"
    }
    folder = "internal/database/migrations/postgres"
    assert set(seven) == {
        f"{folder}/0000_initial.up.sql",
        f"{folder}/0001_rename.up.sql",
        f"{folder}/0009_never.up.sql",  # no step names it (commented out): never run
    }
    for name in ("0000_initial", "0001_rename"):
        assert (
            "read where a step of the Go migration list in internal/database/pg.go"
            in (seven[f"{folder}/{name}.up.sql"])
        )
    assert seven[f"{folder}/0009_never.up.sql"].startswith(
        "not replayed: no step of the Go migration list in internal/database/pg.go names it"
    )
