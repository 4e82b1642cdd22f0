"""Knex's unnamed ``increments()`` column is quoted as the database quotes (trial s38 directus).

``table.increments()`` (no name: Knex calls the column ``id``,
``ColumnCompiler._defaultMap.columnName``) was laid out as ``"id" serial
primary key`` whatever the database: read as MySQL, the double quotes made a
string, a ``DBN004`` error, and the table lost every column and constraint
of its ``createTable`` (directus' ``directus_notifications`` with
``dialect: mysql``). It is now written as the other names are
(:meth:`dbnamelint.kysely_schema._Sql.quote`: backquotes on MySQL). And
an increments column, named or not, was MySQL's ``serial``, which adds a
``UNIQUE`` key named after the column that Knex never makes (its MySQL
type is ``int unsigned not null auto_increment``).

Oracle: Knex 3.1.0 compiles the migration for ``mysql2`` (no connection:
``.toString()``); MariaDB runs that SQL; ``inspect --db`` of it equals
``inspect`` of the migration file read as MySQL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mysql_server
from cli_json import inspect_json, model_objects
from node_oracle import knex_mysql_sql
from tree_helpers import write_tree

MIGRATION = """exports.up = (knex) =>
  knex.schema
    .createTable('notes', (table) => {
      table.increments();
      table.string('subject').notNullable();
    })
    .createTable('big_notes', (table) => {
      table.bigIncrements();
      table.integer('note_id').unsigned().references('id').inTable('notes');
    })
    .createTable('tags', (table) => {
      table.increments('tag_no');
      table.string('label');
    });
"""


def _root(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: mysql\n",
            "migrations/20240101000000_notes.js": MIGRATION,
        },
    )


def test_an_unnamed_increments_column_reads_on_mysql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, ours = inspect_json(_root(tmp_path), monkeypatch, "--no-cache")
    errors = [d for d in ours["diagnostics"] if d["severity"] == "error"]
    assert code == 0 and not errors, errors
    made = model_objects(ours)
    assert {("column", "notes", "id"), ("column", "big_notes", "id")} <= made, made


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_files_read_as_mysql_make_what_knex_makes_there(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = knex_mysql_sql(tmp_path, MIGRATION)
    assert "`id` int unsigned not null auto_increment primary key" in sql
    root = _root(tmp_path)
    with maria.fresh_database("s38_knex_default_id") as db:
        maria.run(sql, database=db)
        code, theirs = inspect_json(root, monkeypatch, "--db", maria.url(db))
        assert code == 0, theirs
    code, ours = inspect_json(root, monkeypatch, "--no-cache")
    assert code == 0, ours

    def keyless(report: object) -> set[tuple[str, str, str]]:
        # a primary key keeps the name the SQL wrote in the files' model (drift
        # compares it as PRIMARY: tests/test_drift_mysql_primary_key.py)
        return {
            o for o in model_objects(report) if o[2] != "PRIMARY" and not o[2].endswith("_pkey")
        }

    assert keyless(ours) == keyless(theirs)
