"""The cleanup migration's rollback re-creates the compatibility views.

golang-migrate, goose, Diesel... run a down file: down then up again must
work. Right values: a real PostgreSQL runs up, down, up of the cleanup and
the rename migration's rollback after it; SQLite (sqlite3) runs the same
and writes through the re-created view.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli

INIT = "CREATE TABLE post (id int PRIMARY KEY, title text NOT NULL DEFAULT 'untitled');\n"
WHITELIST = (
    'phases:\n  - {id: "1", title: Plural, status: open}\nentries:\n'
    '  - {kind: table, name: post, rules: [DBN105], phase: "1", target: posts}\n'
)


def _tree(root: Path, dialect: str) -> None:
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.up.sql").write_text(INIT, encoding="utf-8")
    (root / "db" / "001_init.down.sql").write_text("DROP TABLE post;\n", encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n", "utf-8")
    (root / "whitelist.yaml").write_text(WHITELIST, encoding="utf-8")


def _write(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> None:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", *args, "--write"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def _files(root: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "db").iterdir())}


def test_cleanup_down_then_up_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    _tree(tmp_path, "postgres")
    _write(tmp_path, monkeypatch, "--phase", "1")
    _write(tmp_path, monkeypatch, "--cleanup")
    files = _files(tmp_path)
    assert "003_drop_compatibility_views.down.sql" in files
    views = "SELECT viewname FROM pg_views WHERE schemaname = 'public'"
    with pg.fresh_database("dbnamelint_cleanup_down") as db:
        for name in ("001_init.up.sql", "002_rename_phase_1.up.sql"):
            pg.run(sql=files[name], dbname=db)
        pg.run(sql=files["003_drop_compatibility_views.up.sql"], dbname=db)
        assert pg.query_json(views, dbname=db) == []
        pg.run(sql=files["003_drop_compatibility_views.down.sql"], dbname=db)
        assert pg.query_json(views, dbname=db) == [{"viewname": "post"}]
        pg.run(sql="INSERT INTO post (id) VALUES (1);", dbname=db)  # through the view
        pg.run(sql=files["003_drop_compatibility_views.up.sql"], dbname=db)  # up again
        pg.run(sql=files["003_drop_compatibility_views.down.sql"], dbname=db)
        pg.run(sql=files["002_rename_phase_1.down.sql"], dbname=db)  # and back to the start
        rows = pg.query_json("SELECT id, title FROM post", dbname=db)
    assert rows == [{"id": 1, "title": "untitled"}]


def test_cleanup_down_then_up_on_sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, "sqlite")
    _write(tmp_path, monkeypatch, "--phase", "1")
    _write(tmp_path, monkeypatch, "--cleanup")
    files = _files(tmp_path)
    with sqlite3.connect(":memory:") as conn:
        for name in ("001_init.up.sql", "002_rename_phase_1.up.sql"):
            conn.executescript(files[name])
        conn.executescript(files["003_drop_compatibility_views.up.sql"])
        conn.executescript(files["003_drop_compatibility_views.down.sql"])
        # The view is writable again (its INSTEAD OF triggers are back), defaults kept.
        conn.execute("INSERT INTO post (id) VALUES (7)")
        assert conn.execute("SELECT id, title FROM posts").fetchall() == [(7, "untitled")]
        conn.executescript(files["003_drop_compatibility_views.up.sql"])
        kinds = {r[0] for r in conn.execute("SELECT type FROM sqlite_master WHERE name = 'post'")}
    assert kinds == set()
