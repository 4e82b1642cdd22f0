"""How ``migrate`` tells a Rails app to put its scripts into a migration
depends on the adapter (``--write`` writes no Rails migration).

PostgreSQL's adapter runs a string of several statements as one query, so
``execute <<~'SQL'`` of the whole forward script works there. SQLite's
compiles only the first statement of a string and drops the rest without an
error; MySQL's mysql2 and trilogy clients refuse such a string. The advice
was the same for all (trial s37 lobsters: a SQLite migration doing
``execute`` of the forward script said "migrated" and renamed nothing).
Oracle: ActiveRecord itself (Debian's ``ruby-activerecord`` with
``ruby-sqlite3``) runs a migration each way on a SQLite database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

SCHEMA = """\
ActiveRecord::Schema[8.0].define(version: 2026_01_01_000000) do
  create_table "read_ribbons", force: :cascade do |t|
    t.bigint "user_id", null: false
    t.index ["user_id"], name: "index_read_ribbons_on_user_id"
  end
end
"""
CONFIG = """\
paths: [db]
rules:
  table-legacy-name:
    options:
      names:
        read_ribbons: story_ribbons
"""
WHITELIST = """\
phases:
  - {id: "1", title: "ribbons", status: open}
entries:
  - kind: table
    name: read_ribbons
    rules: all
    phase: "1"
    target: story_ribbons
    reason: renamed
"""
#: A migration running `statements` (one `execute` each) in `up`.
MIGRATION = """\
require "active_record"
ActiveRecord::Base.establish_connection(adapter: "sqlite3", database: ARGV[0])
ActiveRecord::Migration.verbose = false
statements = File.read(ARGV[1]).split("\\n\\u0000\\n")
Class.new(ActiveRecord::Migration[6.1]) do
  define_method(:up) { statements.each { |sql| execute sql } }
end.new.migrate(:up)
"""


def _app(root: Path, adapter: str) -> Path:
    for rel, text in {
        "config/database.yml": f"production:\n  adapter: {adapter}\n  database: x\n",
        "db/schema.rb": SCHEMA,
        # beside db/migrate/, schema.rb is the dump `migrate` refuses to write to
        "db/migrate/20260101000000_create_read_ribbons.rb": (
            "class CreateReadRibbons < ActiveRecord::Migration[8.0]\nend\n"
        ),
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": WHITELIST,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _migrate() -> tuple[str, str]:
    """(the forward script, what --write would say)."""
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert result.exit_code == 0, result.output
    forward = result.stdout.split("-- ==== forward ====\n")[1].split("-- ==== rollback")[0]
    return forward, result.stderr


@pytest.mark.parametrize(
    ("adapter", "said"),
    [
        ("postgresql", "the forward script in `up` as execute <<~'SQL'"),
        ("sqlite3", "the SQLite adapter runs only the first statement of a string"),
        ("mysql2", "the mysql2 and trilogy adapters refuse a string of several statements"),
    ],
)
def test_the_advice_follows_the_adapter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, adapter: str, said: str
) -> None:
    monkeypatch.chdir(_app(tmp_path, adapter))
    _, note = _migrate()
    assert said in note
    one_each = "each statement of the forward script in an `execute` of its own"
    assert (one_each in note) is (adapter != "postgresql")


def _active_record_sqlite() -> bool:
    if shutil.which("ruby") is None:
        return False
    found = subprocess.run(
        ["ruby", "-e", 'require "active_record"; require "sqlite3"'],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def _tables(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        ).fetchall()
    conn.close()
    return [
        (str(t), str(n)) for t, n in rows if not str(n).startswith(("schema_", "ar_", "sqlite_"))
    ]


@pytest.mark.parametrize("split", [False, True], ids=["one-execute", "execute-each"])
def test_active_record_on_sqlite_runs_the_advised_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: bool
) -> None:
    if not _active_record_sqlite():
        pytest.skip("ruby with activerecord and sqlite3 is not installed")
    monkeypatch.chdir(_app(tmp_path / "app", "sqlite3"))
    forward, _ = _migrate()
    db = tmp_path / "app.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.executescript(
            'CREATE TABLE "read_ribbons" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, '
            '"user_id" bigint NOT NULL);'
            'CREATE INDEX "index_read_ribbons_on_user_id" ON "read_ribbons" ("user_id");'
        )
    conn.close()
    # the script writes one statement a line; the advice leaves out BEGIN and COMMIT
    statements = [
        line
        for line in forward.splitlines()
        if line.strip() and not line.startswith("--") and line not in ("BEGIN;", "COMMIT;")
    ]
    assert len(statements) > 2
    sql = tmp_path / "forward.sql"
    sql.write_text("\n\0\n".join(statements) if split else forward, encoding="utf-8")
    script = tmp_path / "migration.rb"
    script.write_text(MIGRATION, encoding="utf-8")
    ran = subprocess.run(
        ["ruby", str(script), str(db), str(sql)], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    if split:
        assert _tables(db) == [("view", "read_ribbons"), ("table", "story_ribbons")]
    else:
        # "migrated", and only the first statement ran: nothing renamed
        assert _tables(db) == [("table", "read_ribbons")]


def test_another_databases_dump_gets_the_rails_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # db/queue_schema.rb, the queue database's dump (its migrations in
    # db/queue_migrate): it was told to move the dump to db/000-schema.sql,
    # which breaks Rails (trial s37 lobsters)
    root = tmp_path / "app"
    for rel, text in {
        "config/database.yml": (
            "production:\n  primary:\n    adapter: sqlite3\n    database: p\n"
            "  queue:\n    adapter: sqlite3\n    database: q\n"
            "    migrations_paths: db/queue_migrate\n"
        ),
        "db/schema.rb": SCHEMA.replace("read_ribbons", "users"),
        "db/queue_schema.rb": SCHEMA,
        "db/queue_migrate/20260101000000_create_read_ribbons.rb": (
            "class CreateReadRibbons < ActiveRecord::Migration[8.0]\nend\n"
        ),
        "dbnamelint.yaml": CONFIG
        + "databases:\n  primary: [db/schema.rb]\n  queue: [db/queue_schema.rb]\n",
        "whitelist.yaml": WHITELIST + "    database: queue\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--database", "queue"])
    assert result.exit_code == 0, result.output
    assert "db/queue_schema.rb: Rails' schema dump" in result.stderr
    advice = "`bin/rails generate migration RenamePhaseN --database queue`, N the phase"
    assert advice in result.stderr
    assert "the SQLite adapter runs only the first statement" in result.stderr
    assert "000-schema.sql" not in result.stderr
