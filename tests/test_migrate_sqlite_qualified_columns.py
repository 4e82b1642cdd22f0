"""SQLite: columns qualified by their own table's name survive a rename migration (trial s27).

openstatus (drizzle-kit on SQLite) writes ``CHECK("page_component"."type" IN
(...))`` in its tables and ``WHERE "incident"."resolved_at" IS NULL`` in its
partial indexes. ``migrate``'s table rebuild (to rename a constraint) made
``new_page_component`` from that text, which SQLite refuses ("no such column:
page_component.type"), and a partial index re-created for a renamed table
kept the old qualifier ("no such column: incident.resolved_at"). The rebuild
now writes such columns bare, and the index follows its table's rename.
Oracle: the stdlib sqlite3 runs the scripts; the rows and ``sqlite_master``
after forward and rollback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

INIT = """\
CREATE TABLE "incident" (
  "id" integer PRIMARY KEY,
  "kind" text NOT NULL,
  "resolved_at" integer,
  CONSTRAINT "incident_kind_check" CHECK("incident"."kind" IN ('a', 'b'))
);
CREATE INDEX "incident_open_idx" ON "incident" ("id") WHERE "incident"."resolved_at" IS NULL;
"""
ROWS = "INSERT INTO incident (id, kind) VALUES (1, 'a'), (2, 'b');\n"


def _scripts(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    (root / "db").mkdir()
    (root / "db/001_init.sql").write_text(INIT)
    (root / "dbnamelint.yaml").write_text("dialect: sqlite\npaths: [db]\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli,
        ["migrate", "--rename", "incident=incidents", "--no-views", "--no-transaction", "--write"],
    )
    assert result.exit_code == 0, result.output + result.stderr
    forward = (root / "db").glob("002*.sql")
    (up,) = list(forward)
    (down,) = list((root / "rollbacks").glob("002*.sql")) or list(root.rglob("*rollback*/002*"))
    return up.read_text(), down.read_text()


def test_qualified_columns_follow_the_rename_and_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up, down = _scripts(tmp_path, monkeypatch)
    db = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    db.executescript(INIT + ROWS)
    db.execute("PRAGMA foreign_keys=OFF")
    db.executescript(up)
    assert db.execute("SELECT id, kind FROM incidents ORDER BY id").fetchall() == [
        (1, "a"),
        (2, "b"),
    ]
    with pytest.raises(sqlite3.IntegrityError):  # the CHECK still holds
        db.execute("INSERT INTO incidents (id, kind) VALUES (3, 'z')")
    indexes = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    (index_sql,) = indexes.values()
    assert '"incidents"."resolved_at"' in index_sql, indexes
    db.executescript(down)
    assert db.execute("SELECT id, kind FROM incident ORDER BY id").fetchall() == [
        (1, "a"),
        (2, "b"),
    ]
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert names == {"incident", "incident_open_idx"}
    db.close()
