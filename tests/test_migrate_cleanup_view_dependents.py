"""A view over a compatibility view, then `migrate --cleanup` (trial s18, ory/hydra).

After `migrate --rename project=projects --write` leaves the view `project`,
a later migration makes `report` over `project`. Before: `check`, the hook
and `check --base` passed it, and the cleanup wrote `DROP VIEW "project"`,
which PostgreSQL refuses. Now the CREATE is DBN030 in each of them, the
cleanup refuses (exit 2, nothing written) naming the view, PostgreSQL's
even with `--force`, and once a migration re-creates `report` over
`projects` the cleanup is written and runs. Oracles: PostgreSQL 15 applies
the files and the cleanup's SQL (refused exactly while `report` reads
`project`); sqlite3 takes the forced cleanup and `report` then fails; on
MariaDB the body search already refuses (the view's text names `project`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from git_helpers import init_repo
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.slow

INIT = "CREATE TABLE project (id int PRIMARY KEY, name text);\n"
REPORT = "CREATE VIEW report AS SELECT * FROM project;\n"
REPOINT = "CREATE OR REPLACE VIEW report AS SELECT * FROM projects;\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _renamed(root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> Path:
    """db/001 makes `project`, `migrate` renames it (db/002, with its view),
    committed; then db/003 makes `report` over the view, not committed."""
    db = root / "db"
    db.mkdir()
    (db / "001_init.sql").write_text(INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [db]\ndialect: {dialect}\nselect: [DBN101]\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    code, _, err = _run("migrate", "--rename", "project=projects", "--write")
    assert code == 0, err
    assert (db / "002_rename_tables.sql").is_file()
    init_repo(root, "rename")
    (db / "003_report.sql").write_text(REPORT, encoding="utf-8")
    return db


def _cleanup_sql(stdout: str) -> str:
    """The cleanup script `migrate --cleanup` prints (without --write)."""
    return stdout.split("==== cleanup", 1)[1].split("\n", 1)[1]


def test_check_the_hook_and_the_gate_see_the_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renamed(tmp_path, monkeypatch, "postgres")
    located = "db/003_report.sql:1:13: DBN030 error: view 'report' reads 'project'"
    for args in (
        ("check", "--no-cache"),
        ("check", "--no-cache", "--pre-commit", "db/003_report.sql"),
        ("check", "--no-cache", "--base", "HEAD"),
    ):
        code, out, _ = _run(*args)
        assert code == 1, (args, out)
        assert located in out, (args, out)
        assert "write 'projects' instead of 'project'" in out


def test_postgres_cleanup_is_refused_while_a_view_reads_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _renamed(tmp_path, monkeypatch, "postgres")
    code, out, err = _run("migrate", "--cleanup")
    assert code == 0, err
    assert "--write would be refused" in err
    drop = _cleanup_sql(out)
    assert 'DROP VIEW "project";' in drop
    # The oracle: PostgreSQL refuses that script while report reads project.
    with pg.fresh_database("cleanupview_cleanup") as name:
        pg.run(files=sorted(db.glob("*.sql")), dbname=name)
        with pytest.raises(SqlFailed, match="cannot drop view project because other objects"):
            pg.run(sql=drop, dbname=name)
    for force in ((), ("--force",)):
        code, _, err = _run("migrate", "--cleanup", "--write", *force)
        assert code == 2, err
        assert (
            "db/003_report.sql:1:13: error: view report reads the compatibility view project"
        ) in err
        assert "re-create it over projects in a migration first" in err
        assert "postgres would refuse the cleanup; nothing written" in err
        assert "--force cannot help" in err
        assert sorted(p.name for p in db.iterdir()) == [
            "001_init.sql",
            "002_rename_tables.sql",
            "003_report.sql",
        ]
    # Re-created over the new name: check passes, the cleanup is written and runs.
    (db / "004_report_on_projects.sql").write_text(REPOINT, encoding="utf-8")
    code, out, _ = _run("check", "--no-cache")
    assert code == 0, out
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 0, err
    files = sorted(db.glob("*.sql"))
    assert files[-1].name == "005_drop_compatibility_views.sql"
    with pg.fresh_database("cleanupview_cleanup") as name:
        pg.run(files=files, dbname=name)
        pg.run(sql="INSERT INTO projects VALUES (1, 'a')", dbname=name)
        assert pg.query_json("SELECT id FROM report", name) == [{"id": 1}]
        rows = pg.query_json("SELECT viewname FROM pg_views WHERE schemaname = 'public'", name)
        assert rows == [{"viewname": "report"}]


def test_sqlite_cleanup_is_refused_and_forced_breaks_the_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _renamed(tmp_path, monkeypatch, "sqlite")
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 2, err
    assert "db/003_report.sql:1:13: error: view report reads the compatibility view" in err
    assert "once the cleanup drops project, report fails on every use" in err
    assert "nothing written (--force drops them anyway)" in err
    assert len(list(db.glob("*.sql"))) == 3
    code, _, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    assert "dropped anyway (--force)" in err
    connection = sqlite3.connect(":memory:")
    for path in sorted(db.glob("*.sql")):
        connection.executescript(path.read_text(encoding="utf-8"))  # SQLite takes the DROP
    with pytest.raises(sqlite3.OperationalError, match=r"no such table: main\.project"):
        connection.execute("SELECT * FROM report")


def test_sqlite_cleanup_runs_once_the_view_is_repointed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _renamed(tmp_path, monkeypatch, "sqlite")
    assert _run("migrate", "--cleanup", "--write")[0] == 2
    # SQLite has no CREATE OR REPLACE VIEW: drop and make it again.
    (db / "004_report_on_projects.sql").write_text(
        "DROP VIEW report;\nCREATE VIEW report AS SELECT * FROM projects;\n", encoding="utf-8"
    )
    assert _run("check", "--no-cache")[0] == 0
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 0, err
    connection = sqlite3.connect(":memory:")
    for path in sorted(db.glob("*.sql")):
        connection.executescript(path.read_text(encoding="utf-8"))
    connection.execute("INSERT INTO projects VALUES (1, 'a')")
    assert connection.execute("SELECT id FROM report").fetchall() == [(1,)]


def test_mariadb_cleanup_is_refused_by_the_body_search(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _renamed(tmp_path, monkeypatch, "mariadb")
    code, out, _ = _run("check", "--no-cache")
    assert code == 1 and "DBN030" in out, out
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 2, err
    assert "db/003_report.sql:1 (view reads project)" in err
    assert "nothing written (--force drops them anyway)" in err
    code, _, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    with maria.fresh_database("cleanupview_cleanup") as name:
        for path in sorted(db.glob("*.sql")):
            maria.run(file=path, database=name)  # MariaDB takes the DROP
        with pytest.raises(mysql_server.SqlFailed, match="1356"):
            maria.run("SELECT * FROM report", database=name)


def test_view_drops_the_compatibility_views_no_view_reads(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "db"
    db.mkdir()
    (db / "001_init.sql").write_text(INIT + "CREATE TABLE client (id int);\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\nselect: [DBN101]\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(
        "migrate", "--rename", "project=projects", "--rename", "client=clients", "--write"
    )
    assert code == 0, err
    (db / "003_report.sql").write_text(REPORT, encoding="utf-8")
    code, _, err = _run("migrate", "--cleanup", "--write")
    assert code == 2, err
    assert "(--view NAME drops the others alone)" in err
    code, _, err = _run("migrate", "--cleanup", "--view", "client", "--write")
    assert code == 0, err
    files = sorted(db.glob("*.sql"))
    assert 'DROP VIEW "project"' not in files[-1].read_text(encoding="utf-8")
    with pg.fresh_database("cleanupview_cleanup_one") as name:
        pg.run(files=files, dbname=name)  # PostgreSQL runs it: client's view has no reader
        rows = pg.query_json("SELECT viewname FROM pg_views WHERE schemaname = 'public'", name)
        assert sorted(r["viewname"] for r in rows) == ["project", "report"]


def test_view_naming_no_compatibility_view_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--view`` with a typo or an ordinary view: exit 2 naming it, nothing written.

    Before, a typo alone said only "no compatibility view to drop", and a
    typo beside a real name was skipped without a word.
    """
    db = tmp_path / "db"
    db.mkdir()
    (db / "001_init.sql").write_text(INIT + "CREATE TABLE client (id int);\n", encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [db]\ndialect: postgres\nselect: [DBN101]\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(
        "migrate", "--rename", "project=projects", "--rename", "client=clients", "--write"
    )
    assert code == 0, err
    (db / "003_report.sql").write_text(REPORT.replace("project", "projects"), encoding="utf-8")
    before = sorted(p.name for p in db.iterdir())
    for views, said in (
        (["clinet"], "no view 'clinet' in the files"),
        (["client", "clinet"], "no view 'clinet' in the files"),
        (["report"], "'report' is a view the files create, not a compatibility view"),
    ):
        args = [a for v in views for a in ("--view", v)]
        code, _, err = _run("migrate", "--cleanup", *args, "--write")
        assert code == 2, err
        assert said in err
        assert "compatibility views there: client, project" in err
        assert sorted(p.name for p in db.iterdir()) == before
