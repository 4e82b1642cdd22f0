"""``migrate --cleanup --dialect X`` counts the code ``impact --dialect X`` counts.

Trial s13 openfga #1: a schema kept for PostgreSQL, MySQL and SQLite
(``migrations/{postgres,mysql,sqlite}``, config dialect postgres), each copy
renamed ``store`` to ``stores`` with a view, only the PostgreSQL code
patched. ``migrate --cleanup --dialect mysql --write`` searched the code as
the config's PostgreSQL copy would, took ``storage/mysql/`` for another
database's code and wrote the MySQL cleanup, while ``impact --dialect mysql``
listed ``storage/mysql/mysql.go`` at high confidence. Whether it did hung on
an unrelated test string in ``storage/postgres/``. The searches run through
the real ``git grep``; MariaDB, SQLite and PostgreSQL run each copy's
migrations and its code's query, so the refusal is the database's verdict.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from impact_json import impact_items, impact_json
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer
from pg_server import SqlFailed as PgFailed

COPIES = ("postgres", "mysql", "sqlite")
INIT = "CREATE TABLE store (id VARCHAR(26) PRIMARY KEY, name VARCHAR(64));\n"
QUERY = "SELECT name FROM store WHERE id = ?"
#: Not SQL: an OpenFGA model in a test (a word ``store`` that decides nothing).
UNRELATED = 'package postgres\n\nconst model = "define can_call_write: writer from store"\n'


def _code(copy: str) -> str:
    return f"package {copy}\n\nconst readStore = `{QUERY}`\n"


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _tree(
    root: Path, monkeypatch: pytest.MonkeyPatch, unrelated: bool, configured: str = "postgres"
) -> Path:
    """Three copies, each renamed with its view (whitelist pruned); only the
    PostgreSQL code patched. ``configured``: the config's dialect ("": none)."""
    dialect = f"dialect: {configured}\n" if configured else ""
    files = {
        "dbnamelint.yaml": f"paths: [migrations]\n{dialect}",
        "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
        '  - {kind: table, name: store, phase: "1", target: stores}\n',
    }
    for copy in COPIES:
        files[f"migrations/{copy}/000001_init.up.sql"] = INIT
        files[f"migrations/{copy}/000001_init.down.sql"] = "DROP TABLE store;\n"
        files[f"storage/{copy}/{copy}.go"] = _code(copy)
    if unrelated:
        files["storage/postgres/authz_test.go"] = UNRELATED
    committed_repo(root, files, monkeypatch)
    for copy in COPIES:
        done = _run("migrate", "--phase", "1", "--dialect", copy, "--write")
        assert done.exit_code == 0, done.stderr
    (root / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: "x", status: done}\nentries: []\n', encoding="utf-8"
    )
    assert _run("check").exit_code == 0
    commit_all(root, "rename")
    pg_code = root / "storage/postgres/postgres.go"
    pg_code.write_text(_code("postgres").replace("FROM store ", "FROM stores "), encoding="utf-8")
    commit_all(root, "postgres code follows")
    return root


def _impact_places(dialect: str | None) -> set[str]:
    flag = ["--dialect", dialect] if dialect else []
    return {
        f"{item['path']}:{item['line']}"
        for _obj, item in impact_items(impact_json(*flag))
        if item["confidence"] == "high"
    }


def _guard_places(stderr: str) -> set[str]:
    line = next((x for x in stderr.splitlines() if "code still uses" in x), "")
    return set(re.findall(r"([\w/.-]+\.go:\d+) \(", line))


def _cleanup_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*drop_compatibility_views*")}


@pytest.mark.parametrize("unrelated", [True, False], ids=["test-string", "minimal"])
@pytest.mark.parametrize("dialect", [None, *COPIES])
def test_the_cleanup_counts_what_impact_counts_for_its_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str | None, unrelated: bool
) -> None:
    root = _tree(tmp_path / "repo", monkeypatch, unrelated)
    expected = _impact_places(dialect)
    # The copy's own code, and only it, still reads the view: its database
    # has the view, the others' code runs on the others.
    copy = dialect or "postgres"
    assert expected == (set() if copy == "postgres" else {f"storage/{copy}/{copy}.go:3"})
    flag = ["--dialect", dialect] if dialect else []
    done = _run("migrate", "--cleanup", *flag, "--write")
    assert _guard_places(done.stderr) == expected
    if expected:
        assert done.exit_code == 2
        assert "nothing written (--force drops them anyway)" in done.stderr
        assert f"`dbnamelint impact --dialect {copy}` lists them" in done.stderr
        assert _cleanup_files(root) == set()
    else:
        assert done.exit_code == 0, done.stderr
        assert _cleanup_files(root) == {
            "migrations/postgres/000003_drop_compatibility_views.up.sql",
            "migrations/postgres/000003_drop_compatibility_views.down.sql",
        }


@pytest.mark.parametrize("dialect", [None, *COPIES])
def test_without_a_configured_dialect_the_cleanup_counts_what_impact_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str | None
) -> None:
    """No dialect in the config: plain ``impact`` sets no code apart, and nor
    does ``migrate --cleanup`` without ``--dialect``; with it, both set the
    other copies' code apart."""
    root = _tree(tmp_path / "repo", monkeypatch, unrelated=True, configured="")
    expected = _impact_places(dialect)
    if dialect is None:
        assert expected == {"storage/mysql/mysql.go:3", "storage/sqlite/sqlite.go:3"}
    flag = ["--dialect", dialect] if dialect else []
    done = _run("migrate", "--cleanup", *flag, "--write")
    assert _guard_places(done.stderr) == expected
    assert done.exit_code == (2 if expected else 0), done.stderr
    assert bool(_cleanup_files(root)) == (not expected)


def _up_files(root: Path, copy: str) -> list[Path]:
    return sorted((root / "migrations" / copy).glob("*.up.sql"))


def test_the_refused_cleanups_would_break_their_copys_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer, pg: PgServer
) -> None:
    """Forced through, each refused cleanup breaks the query its copy's code
    runs; the PostgreSQL cleanup, written unforced, leaves its code working."""
    root = _tree(tmp_path / "repo", monkeypatch, unrelated=True)
    for copy in ("mysql", "sqlite"):
        done = _run("migrate", "--cleanup", "--dialect", copy, "--write", "--force")
        assert done.exit_code == 0, done.stderr
    assert _run("migrate", "--cleanup", "--write").exit_code == 0
    ups = {copy: _up_files(root, copy) for copy in COPIES}
    assert all(len(files) == 3 for files in ups.values())  # init, rename, cleanup
    # MariaDB: the query reads the view until the cleanup drops it.
    query = QUERY.replace("?", "'1'")
    with maria.fresh_database("cleanup_copy") as db:
        for path in ups["mysql"][:2]:
            maria.run(file=path, database=db)
        assert maria.run(query, database=db) == ""
        maria.run(file=ups["mysql"][2], database=db)
        with pytest.raises(MysqlFailed, match="doesn't exist"):
            maria.run(query, database=db)
    # SQLite: the same.
    conn = sqlite3.connect(":memory:")
    for path in ups["sqlite"][:2]:
        conn.executescript(path.read_text(encoding="utf-8"))
    assert conn.execute(QUERY, ("1",)).fetchall() == []
    conn.executescript(ups["sqlite"][2].read_text(encoding="utf-8"))
    with pytest.raises(sqlite3.OperationalError, match="no such table: store"):
        conn.execute(QUERY, ("1",))
    conn.close()
    # PostgreSQL: its patched code runs after its cleanup; the old query would not.
    pg_query = (root / "storage/postgres/postgres.go").read_text().split("`")[1]
    with pg.fresh_database("cleanup_copy") as db:
        pg.run(files=ups["postgres"], dbname=db)
        assert pg.query_json(pg_query.replace("?", "'1'"), dbname=db) == []
        with pytest.raises(PgFailed, match='relation "store" does not exist'):
            pg.query_json(query, dbname=db)


def test_views_where_referenced_keeps_the_view_the_copys_code_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """The same search decides the views of a copy's rename: the MySQL copy
    gets the view its code reads (the config's PostgreSQL copy, whose code
    is patched, gets none), and MariaDB runs that code after the rename."""
    files = {
        "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
        "whitelist.yaml": 'phases:\n  - {id: "1", title: "x", status: open}\nentries:\n'
        '  - {kind: table, name: store, phase: "1", target: stores}\n',
        "storage/postgres/authz_test.go": UNRELATED,
        "storage/postgres/postgres.go": _code("postgres").replace("FROM store ", "FROM stores "),
        "storage/mysql/mysql.go": _code("mysql"),
    }
    for copy in ("postgres", "mysql"):
        files[f"migrations/{copy}/000001_init.up.sql"] = INIT
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    pg_plan = _run("migrate", "--phase", "1", "--views-where-referenced")
    assert pg_plan.exit_code == 0, pg_plan.stderr
    assert "Plan (postgres): 1 table, 0 columns, 1 dependent name, 0 compatibility views" in (
        pg_plan.stdout
    )
    done = _run(
        "migrate", "--phase", "1", "--dialect", "mysql", "--views-where-referenced", "--write"
    )
    assert done.exit_code == 0, done.stderr
    assert "1 compatibility view" in done.stdout
    with maria.fresh_database("views_copy") as db:
        for path in _up_files(root, "mysql"):
            maria.run(file=path, database=db)
        assert maria.run(QUERY.replace("?", "'1'"), database=db) == ""
