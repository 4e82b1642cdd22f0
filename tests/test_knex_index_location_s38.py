"""A name a Knex table callback makes is located at its literal (s37 note, Knex item 7).

The SQL a builder call makes is laid over the migration at the offsets of
its literals, in order, so each name is located where it is written. Two
cases broke that: an index ``createTable``'s callback names
(``table.index(['c'], 'Name')`` or ``.index('Name')``) is made after the
table, after the columns written below it, so its name was laid at the
call's end (line of ``});``); and each item of an ``alterTable`` after the
first opens ``alter table "t" add column``, which does not fit before its
literal, so the name was pushed right (4:33 for 4:18). A named index now
ends ``createTable``'s parentheses where it is written (the later items are
ALTER TABLEs of their own, as ``alterTable``'s are: the same table; not for
``createTableIfNotExists``, which skips them all when the table stands), and
an ALTER TABLE's lead ends the line before.

Oracle: Knex 3.1.0 itself (tests/knexseq/run.cjs) runs the migrations on
PostgreSQL 15; the SQL dbnamelint reads for them makes the same tables,
columns, constraints and indexes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from node_oracle import KNEXSEQ, builder_text, run_cjs
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

CREATE_PATH = "migrations/20240101000000_things.js"
CREATE = """exports.up = function (knex) {
  return knex.schema.createTable('things', function (table) {
    table.increments('id');
    table.string('Name');
    table.index(['Name'], 'thingsNameIdx');
    table.string('otherCol').index('OtherIdx');
    table.integer('qty').checkPositive('Qty_Pos');
    table.unique(['otherCol', 'qty'], { indexName: 'ThingsOtherQty' });
    table.index(['qty']);
  });
};
"""
ALTER_PATH = "migrations/20240102000000_more.js"
ALTER = """exports.up = function (knex) {
  return knex.schema.alterTable('things', function (table) {
    table.string('fooBar');
    table.string('bazQux');
    table.index(['fooBar'], 'FooBarIdx');
  });
};
"""


def _made_by_knex(pg: PgServer, tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    with pg.fresh_database("knex_loc_theirs") as db:
        for n, text in enumerate((CREATE, ALTER)):
            module = tmp_path / f"migration{n}.js"
            module.write_text(text, encoding="utf-8")
            run_cjs(KNEXSEQ, "knex", "knex", str(module), pg.url(db))
        return public_names(pg, db)


def test_the_sql_makes_what_knex_makes(pg: PgServer, tmp_path: Path) -> None:
    from dbnamelint.knexseq_schema import builder_sql

    ours = builder_text(builder_sql, CREATE_PATH, CREATE) + ";\n"
    ours += builder_text(builder_sql, ALTER_PATH, ALTER) + ";\n"
    with pg.fresh_database("knex_loc_ours") as db:
        pg.run(sql=ours, dbname=db)
        made = public_names(pg, db)
    theirs = _made_by_knex(pg, tmp_path)
    assert made == theirs
    assert ("things", "thingsnameidx") in theirs["indexes"] or (
        "things",
        "thingsNameIdx",
    ) in theirs["indexes"], theirs


def test_each_name_is_located_at_its_literal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "app"
    for rel, text in {
        "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
        CREATE_PATH: CREATE,
        ALTER_PATH: ALTER,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache"])
    found = {
        (f["path"], f["name"].rpartition(".")[2]): (f["line"], f["column"])
        for f in json.loads(result.stdout)["findings"]
    }

    def at(path: str, text: str, literal: str) -> tuple[int, int]:
        for number, line in enumerate(text.splitlines(), start=1):
            if f"'{literal}'" in line:
                return number, line.index(f"'{literal}'") + 1
        raise AssertionError(literal)

    for path, text, names in (
        (CREATE_PATH, CREATE, ("Name", "thingsNameIdx", "otherCol", "ThingsOtherQty")),
        (ALTER_PATH, ALTER, ("fooBar", "bazQux", "FooBarIdx")),
    ):
        for name in names:
            assert found.get((path, name)) == at(path, text, name), (name, found)
    # an index modifier's name is on its column's line (its column's type and the
    # table's end come first there, so its column is further right)
    line, column = found[(CREATE_PATH, "OtherIdx")]
    assert line == at(CREATE_PATH, CREATE, "OtherIdx")[0] and column > 18, found
