"""``migrate -o FILE`` saves SQL the database's own client runs as it is.

The stash trial saved ``migrate --cleanup -o cleanup.sql`` and fed it to
sqlite3, which stopped at the plan's first word (``near "Cleanup": syntax
error``): the README says ``-o FILE`` saves the SQL. Every mode (forward,
cleanup) and layout (two files, one file with both sections) is run here
on sqlite3, the forward path on PostgreSQL 15 (psql) and MariaDB too. The
file holds that one script (trial s20 ente #3: the rollback and cleanup
commented out after it were no file one runs); the rollback ``migrate``
prints without ``-o`` is run after it to show it restores the schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from dbnamelint.cli import cli

T = TypeVar("T")

SQLITE_INIT = (
    "CREATE TABLE `scenes` (`id` integer not null primary key autoincrement, `title` text);\n"
    "CREATE TABLE `scenes_cover` (`scene_id` integer primary key, `coverImg` blob);\n"
    "CREATE INDEX `index_scenes_cover_on_coverImg` ON `scenes_cover` (`coverImg`);\n"
)

PG_INIT = (
    'CREATE TABLE "Scene" (id int PRIMARY KEY, title text);\n'
    'CREATE INDEX "Scene_title_idx" ON "Scene" (title);\n'
)


def _tree(root: Path, dialect: str, first: str, init: str) -> Path:
    (root / ".git").mkdir(parents=True)
    folder = root / "db" / "migrations"
    folder.mkdir(parents=True)
    (folder / first).write_text(init, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [db/migrations]\ndialect: {dialect}\n", encoding="utf-8"
    )
    return folder


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _saved_forward(
    root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, first: str, init: str, *forced: str
) -> tuple[Path, str]:
    """``migrate --phase 1 -o f.sql`` over a tree whose first migration is
    ``init``: the saved file, and the plan shown on stderr (stdout is empty)."""
    _tree(root, dialect, first, init)
    assert _run(root, monkeypatch, "whitelist", "init")[0] == 0
    code, out, err = _run(root, monkeypatch, "migrate", "--phase", "1", *forced, "-o", "f.sql")
    assert code == 0, err
    assert out == ""
    return root / "f.sql", err


def _printed(root: Path, monkeypatch: pytest.MonkeyPatch, section: str, *args: str) -> str:
    """The script under ``-- ==== section`` of what ``migrate ARGS`` prints."""
    code, out, err = _run(root, monkeypatch, "migrate", *args)
    assert code == 0, err
    return out.split(f"-- ==== {section}", 1)[1].split("\n", 1)[1].split("\n-- ==== ", 1)[0]


def _alone(saved: str, script: str, last: str) -> None:
    """``saved`` holds the one ``script`` and no other; its ``last`` line says where they are."""
    assert saved.count("-- ==== ") == 1 and saved.startswith(f"-- ==== {script}")
    assert saved.endswith(f"\n-- {last}\n")


LEFT_OUT = (
    "the rollback and cleanup are not in this file: dbnamelint migrate without -o prints "
    "them; --write writes the migration tool's files"
)


def _forward_and_back(
    saved: Path,
    rollback: str,
    init: str,
    run: Callable[[str], object],
    run_file: Callable[[Path], object],
    catalog: Callable[[], T],
) -> tuple[T, T, T]:
    """On a server's database: ``init``, then the saved forward script as its
    client runs a file, then the rollback ``migrate`` prints; the catalog
    before, after the forward script and after the rollback."""
    run(init)
    before = catalog()
    run_file(saved)
    after = catalog()
    _alone(saved.read_text("utf-8"), "forward", LEFT_OUT)
    run(rollback)
    return before, after, catalog()


def _catalog(db: sqlite3.Connection) -> set[tuple[str, str]]:
    rows = db.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {(str(kind), str(name)) for kind, name in rows}


@pytest.mark.parametrize(
    ("first", "layout"),
    [
        ("1_init.up.sql", None),  # golang-migrate: forward and rollback in two files
        ("00001_init.sql", "goose"),  # one file holds both sections
    ],
    ids=["golang-migrate", "goose"],
)
def test_forward_sql_runs_in_sqlite3_and_its_rollback_restores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str, layout: str | None
) -> None:
    init = SQLITE_INIT if layout is None else "-- +goose Up\n" + SQLITE_INIT
    forced = ["--layout", layout] if layout else []
    path, err = _saved_forward(tmp_path, monkeypatch, "sqlite", first, init, *forced)
    assert "Plan (sqlite):" in err  # the plan is still shown
    assert "saved the forward SQL to f.sql; the rollback and cleanup are not in it" in err
    saved = path.read_text(encoding="utf-8")
    _alone(saved, "forward", LEFT_OUT)
    rollback = _printed(tmp_path, monkeypatch, "rollback", "--phase", "1", *forced)
    db = sqlite3.connect(":memory:")
    db.executescript(SQLITE_INIT)
    before = _catalog(db)
    db.executescript(saved)  # the old file: near "Plan": syntax error
    assert _catalog(db) == {
        ("table", "scenes"),
        ("table", "scenes_covers"),
        ("index", "index_scenes_covers_on_cover_img"),
        ("view", "scenes_cover"),
        ("trigger", "scenes_cover_insert"),
        ("trigger", "scenes_cover_update"),
        ("trigger", "scenes_cover_delete"),
    }
    db.executescript(rollback)
    assert _catalog(db) == before


def test_cleanup_sql_runs_in_sqlite3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _tree(tmp_path, "sqlite", "1_init.up.sql", SQLITE_INIT)
    assert _run(tmp_path, monkeypatch, "whitelist", "init")[0] == 0
    code, _, err = _run(tmp_path, monkeypatch, "migrate", "--phase", "1", "--write")
    assert code == 0, err
    code, out, err = _run(tmp_path, monkeypatch, "migrate", "--cleanup", "-o", "cleanup.sql")
    assert code == 0, err
    assert out == ""
    assert "Cleanup (sqlite): drop 1 compatibility view" in err
    assert "its rollback (re-creating the views) is not in it" in err
    saved = (tmp_path / "cleanup.sql").read_text(encoding="utf-8")
    _alone(
        saved,
        "cleanup",
        "its rollback (re-creating the views) is not in this file: --write writes it with "
        "the cleanup, as the migration tool's files",
    )
    code, _, err = _run(tmp_path, monkeypatch, "migrate", "--cleanup", "--write")
    assert code == 0, err
    written = (folder / "3_drop_compatibility_views.up.sql").read_text(encoding="utf-8")
    assert written.strip() in saved  # the cleanup --write writes, the saved one
    rollback = (folder / "3_drop_compatibility_views.down.sql").read_text(encoding="utf-8")
    db = sqlite3.connect(":memory:")
    db.executescript(SQLITE_INIT)
    db.executescript((folder / "2_rename_phase_1.up.sql").read_text(encoding="utf-8"))
    renamed = _catalog(db)
    db.executescript(saved)  # the old file: near "Cleanup": syntax error
    assert ("view", "scenes_cover") not in _catalog(db)
    assert ("table", "scenes_covers") in _catalog(db)
    db.executescript(rollback)
    assert _catalog(db) == renamed


def test_forward_sql_runs_in_psql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    saved, _ = _saved_forward(tmp_path, monkeypatch, "postgres", "1_init.up.sql", PG_INIT)
    rollback = _printed(tmp_path, monkeypatch, "rollback", "--phase", "1")
    query = (
        "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1"
    )
    with pg.fresh_database("stashmig_output_sql") as db:
        before, after, restored = _forward_and_back(
            saved,
            rollback,
            PG_INIT,
            lambda sql: pg.run(sql=sql, dbname=db),
            lambda path: pg.run(files=[path], dbname=db),  # psql -v ON_ERROR_STOP=1 -f f.sql
            lambda: pg.query_json(query, db),
        )
    assert {(r["relname"], r["relkind"]) for r in after} == {
        ("scenes", "r"),
        ("scenes_pkey", "i"),
        ("scenes_title_idx", "i"),
        ("Scene", "v"),
    }
    assert restored == before


MYSQL_INIT = (
    "CREATE TABLE `Scene` (id int PRIMARY KEY, title text);\n"
    "CREATE INDEX `Scene_title_idx` ON `Scene` (title(20));\n"
)


def test_forward_sql_runs_in_the_mariadb_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    saved, _ = _saved_forward(tmp_path, monkeypatch, "mariadb", "1_init.up.sql", MYSQL_INIT)
    rollback = _printed(tmp_path, monkeypatch, "rollback", "--phase", "1")
    query = (
        "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1"
    )
    with maria.fresh_database("stashmig_output_sql") as db:
        before, after, restored = _forward_and_back(
            saved,
            rollback,
            MYSQL_INIT,
            lambda sql: maria.run(sql, database=db),
            lambda path: maria.run(file=path, database=db),  # mariadb < f.sql
            lambda: maria.run(query, database=db),
        )
    assert after.split() == ["Scene", "VIEW", "scenes", "BASE", "TABLE"]
    assert restored == before
