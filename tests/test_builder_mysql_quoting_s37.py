"""A JS schema builder's names on MySQL are backquoted, as the tools write them (trial s37).

With ``dialect: mysql`` the SQL read for a Knex (Kysely, Sequelize,
db-migrate, TypeORM) builder call wrote its names bare, since a backquote
cannot stand in the ``sql`...``` template the call is laid out as: Wiki.js'
``table.string('key').notNullable().primary()`` became ``key varchar(255)``,
an index named ``varchar`` on MySQL, so eleven tables lost their ``key``
column and gained a phantom index, and no rule saw the reserved word.
Names are now written as escaped backquotes (``\\`key\\```), which the
template reads as backquotes in place.

Oracle: Knex 3.1.0 compiles the migration for ``mysql2`` (no connection:
``.toString()``); MariaDB runs that SQL; ``inspect --db`` of it equals
``inspect`` of the migration file read as MySQL.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import mysql_server
from cli_json import inspect_json, model_objects
from node_oracle import knex_mysql_sql
from tree_helpers import write_tree

MIGRATION = """exports.up = (knex) =>
  knex.schema
    .createTable('settings', (table) => {
      table.string('key').notNullable().primary();
      table.integer('order').unsigned().notNullable().defaultTo(0);
      table.text('desc');
      table.enu('kind', ['a', 'b']);
      table.index(['order']);
    })
    .alterTable('settings', (table) => {
      table.string('group').index('settings_group_idx');
    });
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_files_read_as_mysql_make_what_knex_makes_there(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = knex_mysql_sql(tmp_path, MIGRATION)
    assert "`key` varchar(255)" in sql
    root = tmp_path / "app"
    write_tree(
        root,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: mysql\n",
            "migrations/20240101000000_settings.js": MIGRATION,
        },
    )
    with maria.fresh_database("s37_knex_mysql") as db:
        maria.run(sql, database=db)
        code, theirs = inspect_json(root, monkeypatch, "--db", maria.url(db))
        assert code == 0, theirs
    code, ours = inspect_json(root, monkeypatch, "--no-cache")
    assert code == 0, ours

    def keyless(report: object) -> set[tuple[str, str, str]]:
        # a primary key keeps the name the SQL wrote in the files' model (drift
        # compares it as PRIMARY: tests/test_drift_mysql_primary_key.py)
        return {o for o in model_objects(report) if o[2] not in ("PRIMARY", "settings_pkey")}

    assert keyless(ours) == keyless(theirs)
    assert ("column", "settings", "key") in model_objects(ours)


def test_a_reserved_word_column_is_judged_on_mysql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    root = tmp_path / "app"
    write_tree(
        root,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: mysql\n",
            "migrations/20240101000000_settings.js": MIGRATION,
        },
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache"])
    found = {
        (f["code"], f["name"], f["line"], f["column"])
        for f in json.loads(result.stdout)["findings"]
    }
    # at the literal, as on PostgreSQL (the name's opening quote)
    assert ("DBN502", "key", 4, 20) in found, found
    assert ("DBN502", "group", 11, 20) in found, found
