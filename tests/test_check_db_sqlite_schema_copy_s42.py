"""``check --db`` beside a ``sqlite3 .schema`` copy holding ``sqlite_sequence``.

The README suggests saving ``sqlite3 app.db .schema`` as a baseline file. A
database with an ``AUTOINCREMENT`` key has SQLite's own ``sqlite_sequence``,
which ``.schema`` prints; ``check --db`` beside such a file crashed
(``internal error: KeyError: 'sqlite_sequence'``, exit 4) with a SQLite, a
PostgreSQL and a MySQL URL alike (README-only trial s42, hoppscotch). The
table is SQLite's, set apart as ``check`` of the file sets it apart.

Oracle: the sqlite3 shell's own ``.schema`` output of a real database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="no sqlite3 shell")


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    database = tmp_path / "app.db"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)")
        conn.execute("INSERT INTO users (name) VALUES ('a')")
    schema = subprocess.run(
        ["sqlite3", str(database), ".schema"], capture_output=True, text=True, check=True
    ).stdout
    assert "CREATE TABLE sqlite_sequence(name,seq);" in schema
    return committed_repo(tmp_path / "app", {"db/schema.sql": schema}, monkeypatch)


def _check(url: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--db", url])
    return result.exit_code, result.output


def test_check_db_on_the_sqlite_database_itself(copy: Path) -> None:
    status, output = _check(f"sqlite:///{copy.parent / 'app.db'}")
    assert status == 0, output
    assert "internal error" not in output and "sqlite_sequence" not in output


def test_check_db_on_postgres_beside_the_copy(copy: Path, pg: PgServer) -> None:
    with pg.fresh_database("s42_sqlite_copy") as db:
        pg.run(sql="CREATE TABLE users (id integer PRIMARY KEY, name text);", dbname=db)
        status, output = _check(pg.database(db))
    assert status == 0, output
    assert "internal error" not in output and "sqlite_sequence" not in output
