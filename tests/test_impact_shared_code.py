"""``impact --diff`` leaves code another copy's database runs while that copy keeps the old name.

Trial s13 openfga #2: OpenFGA keeps its schema for PostgreSQL, MySQL and
SQLite (``assets/migrations/{postgres,mysql,sqlite}``) and its backends
share ``pkg/storage/sqlcommon/sqlcommon.go``. With only the PostgreSQL copy
renamed (``migrate --dialect postgres``), ``impact --diff --renamed-only``
rewrote the shared ``From("authorization_model")``, which the MySQL and
SQLite backends run on databases that still have only the old table. Here
MariaDB, SQLite and PostgreSQL run each copy's migrations and the shared
query, as written and as the patch would have made it; searches run through
the real ``git grep``, patches through the real ``git apply``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer

COPIES = ("postgres", "mysql", "sqlite")
INIT = "CREATE TABLE store (id VARCHAR(26) PRIMARY KEY, name VARCHAR(64));\n"
QUERY = "SELECT name FROM store WHERE id = ?"
SHARED = f"package sqlcommon\n\n// every backend runs it\nconst ReadStore = `{QUERY}`\n"
SHARED_PATH = "storage/sqlcommon/sqlcommon.go"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three copies of ``store``; only the PostgreSQL one renamed to ``stores``."""
    files = {
        "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
        "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
        '  - {kind: table, name: store, phase: "1", target: stores}\n',
        SHARED_PATH: SHARED,
        # the MySQL backend's own query, with its own database's name
        "storage/mysql/mysql.go": "package mysql\n\nconst count = `SELECT count(*) FROM store`\n",
    }
    for copy in COPIES:
        files[f"migrations/{copy}/000001_init.up.sql"] = INIT
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    done = _run("migrate", "--phase", "1", "--dialect", "postgres", "--write")
    assert done.exit_code == 0, done.stderr
    commit_all(root, "postgres copy renamed")
    return root


def _ups(root: Path, copy: str) -> list[Path]:
    return sorted((root / "migrations" / copy).glob("*.up.sql"))


def _mysql_rows(maria: MysqlServer, root: Path, query: str) -> str:
    with maria.fresh_database("shared_code") as db:
        for path in _ups(root, "mysql"):
            maria.run(file=path, database=db)
        return maria.run(query.replace("?", "'1'"), database=db)


def _sqlite_rows(root: Path, query: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(":memory:")
    try:
        for path in _ups(root, "sqlite"):
            conn.executescript(path.read_text(encoding="utf-8"))
        return conn.execute(query, ("1",)).fetchall()
    finally:
        conn.close()


def _pg_rows(pg: PgServer, root: Path, query: str) -> list[dict[str, object]]:
    with pg.fresh_database("shared_code") as db:
        pg.run(files=_ups(root, "postgres"), dbname=db)
        return pg.query_json(query.replace("?", "'1'"), dbname=db)


def _shared_query(root: Path) -> str:
    return (root / SHARED_PATH).read_text(encoding="utf-8").split("`")[1]


def test_shared_code_is_left_while_another_copy_keeps_the_old_name(
    repo: Path, maria: MysqlServer, pg: PgServer
) -> None:
    done = _run("impact", "--diff", "--renamed-only")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""  # nothing else to patch: the shared file is left
    assert (
        f"not patched: {SHARED_PATH}:4 (store): code that runs on mysql and sqlite too, "
        "whose copies of the schema still have table store; patched, it would name what "
        "those databases do not have: rename those copies first (`dbnamelint migrate "
        "--dialect mysql` and `dbnamelint migrate --dialect sqlite`), then patch it"
    ) in done.stderr
    # The databases' verdict: as written, the query runs on all three (on
    # PostgreSQL through the compatibility view); as the patch would have
    # made it, MySQL and SQLite have no such table.
    query = _shared_query(repo)
    patched = query.replace("FROM store ", "FROM stores ")
    assert _mysql_rows(maria, repo, query) == ""
    assert _sqlite_rows(repo, query) == []
    assert _pg_rows(pg, repo, query) == []
    with pytest.raises(MysqlFailed, match="stores' doesn't exist"):
        _mysql_rows(maria, repo, patched)
    with pytest.raises(sqlite3.OperationalError, match="no such table: stores"):
        _sqlite_rows(repo, patched)
    # Without --renamed-only the patch renames ahead of the other copies'
    # migrations, as for any object not renamed yet, and says whose.
    ahead = _run("impact", "--diff")
    assert f"+++ b/{SHARED_PATH}" in ahead.stdout
    assert "has not renamed yet (store -> stores in mysql and sqlite)" in ahead.stderr


def test_a_copys_own_code_is_left_while_that_copy_keeps_the_old_name(
    repo: Path, maria: MysqlServer
) -> None:
    """With the MySQL copy's view (``--dialect mysql``), the PostgreSQL copy's
    rename does not rename the MySQL backend's query: its database has ``store``."""
    done = _run("impact", "--dialect", "mysql", "--diff", "--renamed-only")
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    assert "not patched: " in done.stderr
    assert "storage/mysql/mysql.go:3 (store)" in done.stderr
    assert f"{SHARED_PATH}:4 (store)" in done.stderr
    assert _mysql_rows(maria, repo, "SELECT count(*) FROM store") == "0\n"
    with pytest.raises(MysqlFailed, match="stores' doesn't exist"):
        _mysql_rows(maria, repo, "SELECT count(*) FROM stores")


def test_shared_code_is_patched_once_every_copy_is_renamed(
    repo: Path, maria: MysqlServer, pg: PgServer
) -> None:
    for copy in ("mysql", "sqlite"):
        done = _run("migrate", "--phase", "1", "--dialect", copy, "--write")
        assert done.exit_code == 0, done.stderr
    commit_all(repo, "every copy renamed")
    done = _run("impact", "--diff", "--renamed-only")
    assert done.exit_code == 0, done.stderr
    assert f"+++ b/{SHARED_PATH}" in done.stdout
    assert "not patched: " + SHARED_PATH not in done.stderr
    patch = repo.parent / "p.patch"  # outside the repository impact searches
    patch.write_text(done.stdout, encoding="utf-8")
    git(repo, "apply", str(patch))
    query = _shared_query(repo)
    assert "FROM stores " in query
    assert _mysql_rows(maria, repo, query) == ""
    assert _sqlite_rows(repo, query) == []
    assert _pg_rows(pg, repo, query) == []
