"""Knex migrations on SQLite read as Knex's SQLite compiler writes them (trial s40 uptime-kuma F4).

uptime-kuma runs its Knex migrations on SQLite. They were read as the SQL
Knex sends to PostgreSQL: ``table.unique([...])`` and ``.unique()`` were
named UNIQUE constraints (SQLite gets ``create unique index``), every
``.references()`` a ``<table>_<column>_foreign`` constraint (SQLite's is
unnamed unless ``withKeyName``/``foreign(cols, name)`` names it), and
``increments`` a ``serial primary key`` with a ``sqlite_autoindex_<t>_1``
SQLite never makes (Knex writes ``integer not null primary key
autoincrement``, a rowid alias): ``drift`` against the real database found
17 differences, and the naming rules judged constraints that do not exist.

Oracle: Knex 3.1.0's own SQLite compiler (``knex({client: 'sqlite3'})``,
the migration's ``up`` compiled with ``toString()``), run by sqlite3;
``drift --db`` finds the model equal to its catalog.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from node_oracle import KNEXSEQ, node_for

BASE = "CREATE TABLE monitor (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(150));\n"
MIGRATION = """exports.up = function (knex) {
    return knex.schema
        .createTable("stat_minutely", function (table) {
            table.increments("id");
            table
                .integer("monitor_id")
                .unsigned()
                .notNullable()
                .references("id")
                .inTable("monitor")
                .onDelete("CASCADE");
            table.integer("timestamp").notNullable();
            table.string("label", 20).unique();
            table.string("code", 20).unique("stat_minutely_code_uq");
            table.unique(["monitor_id", "timestamp"]);
            table.index(["timestamp"], "stat_minutely_ts_idx");
            table.integer("after_index");
        })
        .createTable("remote_browser", function (table) {
            table.bigIncrements();
            table.integer("monitor_id");
            table.foreign("monitor_id").references("monitor.id");
        })
        .alterTable("monitor", function (table) {
            table.string("push_token", 32).unique();
            table.unique(["name"], { indexName: "monitor_name_uq" });
        });
};

exports.down = function (knex) {};
"""
#: Knex's SQLite compiler, no driver needed to compile: the SQL ``up`` runs.
COMPILE = """const knex = require('knex')({ client: 'sqlite3', useNullAsDefault: true });
console.log(require(process.argv[1]).up(knex).toString());
"""


def test_knex_on_sqlite_matches_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = node_for(KNEXSEQ, "knex")
    (tmp_path / "db" / "schema").mkdir(parents=True)
    (tmp_path / "db" / "schema" / "000_base.sql").write_text(BASE)
    migration = tmp_path / "db" / "migrations" / "20240101000000_stats.js"
    migration.parent.mkdir()
    migration.write_text(MIGRATION)
    (tmp_path / "dbnamelint.yaml").write_text(
        "dialect: sqlite\npaths:\n  - db/schema\n  - db/migrations\n"
    )
    compiled = subprocess.run(
        [node, "-e", COMPILE, str(migration)],
        env={"NODE_PATH": str(KNEXSEQ / "node_modules"), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "create unique index `stat_minutely_monitor_id_timestamp_unique`" in compiled
    database = tmp_path / "kuma.db"
    with sqlite3.connect(database) as conn:
        conn.executescript(BASE)
        conn.executescript(compiled.replace("\n", ";\n"))
    conn.close()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", f"sqlite:///{database}"])
    assert result.exit_code == 0, result.output
    assert "No drift" in result.output, result.output
