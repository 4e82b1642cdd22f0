"""db-migrate migrations enter the model (dbnamelint.code_migrations).

Unleash's 395 db-migrate migrations (``db.runSql(`...`, cb)`` and
``db.createTable(...)``) held no SQL file: ``check src/migrations`` said
``DBN003`` (only code holding DDL), and a pg_dump kept by hand was the only
model. Now a folder of them named in ``paths:`` (``init`` writes it) is read
as the SQL db-migrate runs, in its order: the file names (db-migrate's
``lib/walker.js`` sorts the folder's ``.js`` files). A ``'{}'`` in a
JavaScript string is SQL text, not a hole the code fills in (Unleash's
``DEFAULT '{}'``: four of its tables were left out of the model).

Oracle: db-migrate 0.11.14 with db-migrate-pg 1.5.2 (tests/dbmigrate) runs
the folder on PostgreSQL 15; ``inspect --db`` of the database (its
``migrations`` table left out) equals ``inspect`` of the files.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_json import inspect_json, model_objects
from dbnamelint.cli import cli
from node_oracle import DBMIGRATE, db_migrate_config, node_for
from pg_server import PgServer
from tree_helpers import write_tree

FILES = {
    "migrations/20240101000000-users.js": """'use strict';

exports.up = function (db, cb) {
  db.runSql(
    `CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, prefs jsonb DEFAULT '{}');`,
    cb,
  );
};

exports.down = function (db, cb) {
  db.runSql('DROP TABLE users', cb);
};
""",
    "migrations/20240102000000-posts.js": """'use strict';

const async = require('async');

exports.up = function (db, callback) {
  async.series(
    [
      db.createTable.bind(db, 'posts', {
        id: { type: 'int', primaryKey: true, autoIncrement: true },
        user_id: {
          type: 'int',
          foreignKey: { name: 'posts_user_id_fkey', table: 'users', mapping: 'id' },
        },
        title: 'string',
      }),
      db.renameColumn.bind(db, 'users', 'email', 'email_address'),
      db.addIndex.bind(db, 'posts', 'posts_title_idx', ['title']),
    ],
    callback,
  );
};

exports.down = function (db, cb) {
  db.dropTable('posts', cb);
};
""",
}
MADE = {
    ("table", "", "users"),
    ("column", "users", "id"),
    ("column", "users", "email_address"),
    ("column", "users", "prefs"),
    ("constraint", "users", "users_pkey"),
    ("sequence", "", "users_id_seq"),
    ("table", "", "posts"),
    ("column", "posts", "id"),
    ("column", "posts", "user_id"),
    ("column", "posts", "title"),
    ("constraint", "posts", "posts_pkey"),
    ("constraint", "posts", "posts_user_id_fkey"),
    ("index", "posts", "posts_title_idx"),
    ("sequence", "", "posts_id_seq"),
}


def _tree(root: Path) -> Path:
    return write_tree(root, FILES)


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict]:
    return inspect_json(root, monkeypatch, *args)


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return model_objects(data, ("migrations",))


def test_the_migrations_are_read_in_file_name_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path)
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    code, data = _inspect(root, monkeypatch)
    assert code == 0, data["diagnostics"]
    assert _objects(data) == MADE
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"]


def test_db_migrate_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    node = node_for(DBMIGRATE, "db-migrate-pg")
    root = _tree(tmp_path)
    with pg.fresh_database("dbnamelint_dbmigrate_model") as database:
        config = tmp_path / "database.json"
        db_migrate_config(pg, database, config)
        tool = DBMIGRATE / "node_modules" / "db-migrate" / "bin" / "db-migrate"
        subprocess.run(
            [node, str(tool), "up", "-e", "test", "--config", str(config), "-m", "migrations"],
            check=True,
            capture_output=True,
            cwd=root,
            # require('async') of a migration outside tests/dbmigrate
            env={**os.environ, "NODE_PATH": str(DBMIGRATE / "node_modules")},
        )
        _code, live = _inspect(root, monkeypatch, "--db", pg.url(database))
        # db-migrate's own `migrations` table (which the database holds, no
        # file creates) is the runner's: drift leaves it out, and says so
        drift = CliRunner().invoke(
            cli,
            [
                "drift",
                "--no-cache",
                "--dialect",
                "postgres",
                "--db",
                pg.url(database),
                "migrations",
            ],
        )
    _code, read = _inspect(root, monkeypatch, "--dialect", "postgres", "migrations")
    assert _objects(live) == _objects(read) == MADE
    assert ("table", "", "migrations") in {
        (o["kind"], o["table"] or "", o["name"]) for o in live["objects"]
    }
    assert drift.exit_code == 0, drift.output
    assert "left out of both sides: migrations (db-migrate's own table" in drift.output
    assert "No drift" in drift.output


def test_init_and_check_read_a_db_migrate_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` names the folder, and ``check`` reads it: the second file's
    rename leaves the first file's name stale in no object, and a bad name a
    builder call makes is judged at its literal."""
    root = _tree(tmp_path)
    (root / "migrations/20240103000000-tags.js").write_text(
        "exports.up = function (db, cb) {\n"
        "  db.addColumn('posts', 'tagLabel', { type: 'string' }, cb);\n"
        "};\n"
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert "Found 3 code migrations: migrations (3 files, db-migrate migrations)" in result.output
    assert "paths:\n  - migrations\n" in (root / "dbnamelint.yaml").read_text()
    check = CliRunner().invoke(cli, ["check"])
    assert "DBN003" not in check.output, check.output
    assert check.exit_code == 1, check.output
    assert "20240103000000-tags.js:2:" in check.output and "DBN201" in check.output, check.output


def test_migrate_write_says_to_write_a_db_migrate_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate`` plans from the folder's model; ``--write`` writes no JS
    migration and names ``db.runSql`` (Unleash trial: with a dump as the
    model, it advised a numbered SQL folder that db-migrate never runs)."""
    root = _tree(tmp_path)
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(root)
    printed = CliRunner().invoke(cli, ["migrate", "--rename", "posts=articles"])
    assert 'ALTER TABLE "posts" RENAME TO "articles";' in printed.output, printed.output
    written = CliRunner().invoke(cli, ["migrate", "--rename", "posts=articles", "--write"])
    assert written.exit_code == 2, written.output
    assert "db-migrate" in written.output and "db.runSql" in written.output, written.output
    assert len(list((root / "migrations").iterdir())) == 2


def test_a_node_pg_migrate_folder_enters_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` names a node-pg-migrate folder and ``inspect`` reads its
    builder calls and ``pgm.sql`` strings in file-name order (node-pg-migrate
    sorts the folder's names)."""
    files = {
        "migrations/1700000000000_users.js": (
            "exports.up = (pgm) => {\n"
            "  pgm.createTable('users', { id: 'id', email: { type: 'text', notNull: true } });\n"
            "  pgm.sql('CREATE TABLE audit_logs (id int)');\n"
            "};\n"
        ),
        "migrations/1700000000001_index.js": (
            "exports.up = (pgm) => {\n"
            "  pgm.renameColumn('users', 'email', 'email_address');\n"
            "  pgm.createIndex('users', 'email_address', { unique: true });\n"
            "};\n"
        ),
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "."])
    assert "migrations (2 files, node-pg-migrate migrations)" in result.output, result.output
    code, data = _inspect(tmp_path, monkeypatch)
    assert code == 0, data["diagnostics"]
    assert _objects(data) == {
        ("table", "", "users"),
        ("column", "users", "id"),
        ("column", "users", "email_address"),
        ("constraint", "users", "users_pkey"),
        ("sequence", "", "users_id_seq"),
        ("index", "users", "users_email_address_unique_index"),
        ("table", "", "audit_logs"),
        ("column", "audit_logs", "id"),
    }


def test_init_names_the_folder_beside_setup_sql_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unleash's tree: SQL files that only set up a database (a role, db-migrate's
    own table) beside the db-migrate folder; ``init`` names the folder (before:
    "code migrations hold DDL that check does not read ... a schema dump of
    it"), and, the SQL files making no table of the application, writes the
    folder as ``paths:`` in their place (tests/test_init_ops_scripts.py)."""
    root = _tree(tmp_path)
    (root / "scripts").mkdir()
    (root / "scripts" / "setup.sql").write_text(
        "CREATE TABLE migrations (id serial PRIMARY KEY);\n"
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert "Found 2 code migrations: migrations (2 files, db-migrate migrations)" in result.output
    assert "Left out: 1 SQL file making no table of the application" in result.output
    assert "check does not read" not in result.output
    config = (root / "dbnamelint.yaml").read_text()
    assert "  - migrations\n" in config and "scripts" not in config.partition("paths:")[2][:80]


LARAVEL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('flights', function (Blueprint $table) {
            $table->id();
        });
    }
};
"""
KNEX = """exports.up = function (knex) {
  return knex.schema.createTable('flights', (t) => { t.increments('id'); });
};
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"migrations/20240101000000-users.js": FILES["migrations/20240101000000-users.js"]},
            {"migrations": "db-migrate"},
        ),
        (
            {"database/migrations/2024_01_01_000000_create_flights_table.php": LARAVEL},
            {"migrations": "Laravel"},
        ),
        ({"migrations/20240101000000_flights.js": KNEX}, {}),  # knex_migrations: a default
        ({"db/001_flights.sql": "CREATE TABLE migrations (id int);\n"}, {}),
    ],
    ids=["db-migrate", "laravel", "knex", "sql"],
)
def test_a_bare_migrations_table_is_the_runners_only_for_its_tools(
    tmp_path: Path, files: dict[str, str], expected: dict[str, str]
) -> None:
    """db-migrate's ``migrationTable`` and Laravel's ``database.migrations``
    default to ``migrations``, a name too common to leave out of every
    database (:mod:`dbnamelint.tool_tables`): only where the files read are
    that tool's migrations is it the runner's."""
    from dbnamelint.code_migrations import runner_table_of

    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert runner_table_of(files, tmp_path) == expected
