"""A dialect word inside a file's title does not split its folder (trial s40 uptime-kuma F3).

uptime-kuma's ``db/old_migrations`` holds 55 SQLite patches run by one
runner; ``patch-add-sqlserver-monitor.sql`` (it adds a monitor type for SQL
Server) was named T-SQL by the word inside its title, and a named file that
disagrees with the folder stops the folder's majority (18 files showing
SQLite): the 36 files showing nothing were read as PostgreSQL, a
``REFERENCES [group]`` was a ``DBN004`` error, and ``init`` said "several
dialects (postgres, sqlite, tsql)". A word strictly inside a title (none
opening or closing it, as ``init_postgres.sql`` or ``Chinook_Sqlite.sql``)
now neither names the folder apart nor votes: the majority settles it.

Oracle: sqlite3 runs the folder; ``drift --db`` finds the model equal to
its catalog (constraint and index names are SQLite's, not PostgreSQL's).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.dialects.names import inside_title_word

FILES = {
    "patch-add-sqlserver-monitor.sql": (
        "CREATE TABLE sqlserver_monitor (id INTEGER PRIMARY KEY, conn VARCHAR(2000),"
        " UNIQUE (conn));\n"
    ),
    "patch-group-table.sql": "CREATE TABLE [group] (id INTEGER PRIMARY KEY, name VARCHAR(255));\n",
    "patch-tag.sql": (
        "CREATE TABLE tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(255),"
        " UNIQUE (name));\n"
    ),
    "patch-proxy.sql": "CREATE TABLE proxy (id INTEGER PRIMARY KEY AUTOINCREMENT, host TEXT);\n",
    "patch-heartbeat.sql": (
        "CREATE TABLE heartbeat (id INTEGER PRIMARY KEY, msg TEXT, UNIQUE (msg));\n"
    ),
}


@pytest.mark.parametrize(
    ("name", "dialect"),
    [
        ("patch-add-sqlserver-monitor.sql", "tsql"),
        ("add_mysql_source_table.sql", "mysql"),
        ("init_postgres.sql", None),
        ("sqlite-init.sql", None),
        ("Chinook_Sqlite.sql", None),
        ("from_mysql_to_postgres_copy.sql", None),  # two databases: no one description
        ("patch-tag.sql", None),
    ],
)
def test_words_inside_a_title(name: str, dialect: str | None) -> None:
    assert inside_title_word(name) == dialect


def test_the_folder_is_read_in_its_majority_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "db" / "old_migrations"
    folder.mkdir(parents=True)
    for name, text in FILES.items():
        (folder / name).write_text(text)
    database = tmp_path / "kuma.db"
    with sqlite3.connect(database) as conn:
        for text in FILES.values():
            conn.executescript(text)
    conn.close()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "-v", "--no-cache", "--no-show-source", "db"])
    assert "dialects: sqlite (5 files)" in result.output, result.output
    assert "DBN004" not in result.output, result.output
    result = runner.invoke(cli, ["drift", "--no-cache", "--db", f"sqlite:///{database}", "db"])
    assert result.exit_code == 0, result.output
    assert "No drift" in result.output, result.output
