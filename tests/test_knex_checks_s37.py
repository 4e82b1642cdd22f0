"""Knex's check modifiers, enum checks, camelCase timestamps and ``this`` callbacks (trial s37).

A Wiki.js-style Knex migration passed the gate with names the reader never
saw: ``table.integer('qty').checkPositive('Qty__Pos')`` (and ``checkIn``,
``checkLength``... each taking a constraint name) was not read at all, so a
new migration's check name was not judged and adding one to an applied
migration was no ``DBN025``; ``table.timestamps(true, true, true)`` made
``createdAt``/``updatedAt`` while the reader wrote ``created_at``;
``alterTable('t', function () { this.string('c') })`` (Knex calls the
callback with the builder as ``this``) was read as an empty callback; and
``table.enu('kind', [...])`` was a check PostgreSQL named ``<table>_check``
where Knex's ``check ("kind" in (...))`` is ``<table>_kind_check``.

Oracle: Knex 3.1.0 itself (tests/knexseq/run.cjs) runs the migration's
``up`` on PostgreSQL 15; the SQL dbnamelint reads for it makes the same
tables, columns, constraints and indexes. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import assert_edit_fails, check_entries, new_file_errors, stage
from git_helpers import committed_repo
from node_oracle import KNEXSEQ, builder_text, run_cjs
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY);\n"

PATH = "migrations/20240105000000_stock.js"
KNEX = """exports.up = async function (knex) {
  await knex.schema.createTable('stock_items', (t) => {
    t.increments('id');
    t.integer('qty').checkPositive('Qty__Pos');
    t.integer('low').checkNegative();
    t.string('code').checkLength('>', 2).checkIn(['ab', 'cd'], 'Code__In');
    t.integer('rank').checkBetween([0, 10]);
    t.string('slug').checkRegex('[a-z]');
    t.string('tag').checkNotIn(['x'], 'Tag__Not');
    t.enu('kind', ['a', 'b']);
    t.timestamps(true, true, true);
  });
  await knex.schema.alterTable('users', function () {
    this.string('nickName');
    this.integer('level').checkPositive();
  });
  await knex.schema.createTable('stock_logs', function named(t) {
    t.integer('id');
    this.string('logNote');
    t.timestamps({ useCamelCase: true });
  });
};
"""


#: ``up``'s parameter destructured: Knex passes the knex instance, whose
#: ``schema`` getter is the builder (the file was not even known as Knex's).
DESTRUCTURED_PATH = "migrations/20240108000000_shelves.js"
DESTRUCTURED = """exports.up = ({ schema }) =>
  schema.createTable('stockShelves', (t) => {
    t.increments('id');
    t.string('shelfCode');
  });
async function unused({ schema: s }) {
  await s.alterTable('users', (t) => { t.string('shelfNote'); });
}
exports.other = unused;
"""


def _our_sql(path: str, text: str) -> str:
    from dbnamelint.knexseq_schema import builder_sql

    return builder_text(builder_sql, path, text)


def _made_by_knex(pg: PgServer, tmp_path: Path, text: str) -> dict[str, list[tuple[str, str]]]:
    module = tmp_path / "migration.js"
    module.write_text(text)
    with pg.fresh_database("knex_checks_theirs") as db:
        pg.run(sql=SCHEMA, dbname=db)
        run_cjs(KNEXSEQ, "knex", "knex", str(module), pg.url(db))
        return public_names(pg, db)


def _made_by_ours(pg: PgServer, sql: str) -> dict[str, list[tuple[str, str]]]:
    with pg.fresh_database("knex_checks_ours") as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        return public_names(pg, db)


def test_the_sql_makes_the_names_knex_makes(pg: PgServer, tmp_path: Path) -> None:
    theirs = _made_by_knex(pg, tmp_path, KNEX)
    assert _made_by_ours(pg, _our_sql(PATH, KNEX)) == theirs
    checks = {n for t, n in theirs["constraints"] if n.endswith(("_check", "__pos", "__in"))}
    assert {"qty__pos", "code__in", "stock_items_kind_check", "users_level_check"} <= checks
    assert ("stock_items", "createdAt") in theirs["columns"]
    assert ("stock_logs", "logNote") in theirs["columns"]


def test_a_destructured_schema_parameter_is_the_builder(pg: PgServer, tmp_path: Path) -> None:
    theirs = _made_by_knex(pg, tmp_path, DESTRUCTURED)
    sql = _our_sql(DESTRUCTURED_PATH, DESTRUCTURED)
    # what up() runs is what Knex made; the other function's call is read as written
    assert _made_by_ours(pg, sql.split(";")[0]) == theirs
    assert ("stockShelves", "shelfCode") in theirs["columns"]
    assert '"shelfNote"' in sql


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql", "migrations"]\ndialect: postgres\n',
            "schema.sql": SCHEMA,
            APPLIED_PATH: APPLIED,
        },
        monkeypatch,
    )


APPLIED_PATH = "migrations/20240101000000_users.js"
APPLIED = """exports.up = (knex) =>
  knex.schema.alterTable('users', (t) => {
    t.integer('level');
  });
"""


def test_a_new_migrations_checks_timestamps_and_this_columns_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, KNEX) == [
        ("DBN201", 11),  # createdAt, updatedAt: timestamps(true, true, true)
        ("DBN201", 14),  # nickName, written on this
        ("DBN201", 19),  # logNote, on this beside the parameter
        ("DBN201", 20),  # createdAt, updatedAt: {useCamelCase: true}
        ("DBN401", 4),  # Qty__Pos, written unquoted
        ("DBN401", 6),  # Code__In
        ("DBN401", 9),  # Tag__Not
    ]


def test_a_new_migration_through_a_destructured_parameter_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, DESTRUCTURED_PATH, DESTRUCTURED) == [
        ("DBN101", 2),  # stockShelves
        ("DBN201", 4),  # shelfCode
        ("DBN201", 7),  # shelfNote
    ]


def test_a_check_added_to_an_applied_migration_is_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    edited = APPLIED.replace("t.integer('level');", "t.integer('level').checkPositive();")
    assert_edit_fails(root, APPLIED_PATH, edited)


def test_a_table_callback_not_written_inline_is_dynamic_ddl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = """const columns = (t) => { t.string('BadName'); };
exports.up = (knex) => knex.schema.createTable('stock_moves', columns);
"""
    assert new_file_errors(root, "migrations/20240106000000_moves.js", text) == [("DBN013", 2)]


def test_a_name_after_what_a_modifier_made_keeps_its_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SQL a modifier makes (``.primary()``'s constraint) did not fit
    before the next name on its line, and pushed the name right (4:59 for
    4:20) or the constraint onto a later line; a suppression above the right
    line then missed. It now ends the modifier's own line."""
    import json

    from click.testing import CliRunner

    from dbnamelint.cli import cli

    _repo(tmp_path, monkeypatch)
    text = """exports.up = (knex) =>
  knex.schema.createTable('stock_bins', (table) => {
      table.integer('id').primary({ constraintName: 'Bins_Pk' })
      table.string('binCode')
      table.string('label').index('Bins_Label')
  });
"""
    path = tmp_path / "app" / "migrations" / "20240107000000_bins.js"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-cache"])
    found = {
        (f["name"], f["line"], f["column"])
        for f in json.loads(result.stdout)["findings"]
        if f["path"].endswith("_bins.js")
    }
    column = text.splitlines()[3].index("'binCode'") + 1
    assert ("binCode", 4, column) in found, found
    assert any(n == "Bins_Pk" and line == 3 for n, line, _ in found), found


#: ``.references('id').on('users')`` (``on`` is ``inTable``'s twin in Knex's
#: ``foreign()``) and ``.references(['id'])`` were a DBN013 "completed when
#: the code runs": the key's name, a literal, was never judged.
REFS_PATH = "migrations/20240109000000_holds.js"
REFS = """exports.up = (knex) =>
  knex.schema.createTable('stock_holds', (t) => {
    t.integer('user_id');
    t.integer('owner_id');
    t.foreign('user_id', 'Holds_User_Fk').references('id').on('users');
    t.foreign(['owner_id']).references(['id']).on('users').withKeyName('Holds_Owner_Fk');
  });
"""


def test_a_foreign_key_on_a_table_is_read(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = _made_by_knex(pg, tmp_path, REFS)
    assert _made_by_ours(pg, _our_sql(REFS_PATH, REFS)) == theirs
    assert ("stock_holds", "Holds_Owner_Fk") in theirs["constraints"]
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, REFS_PATH, REFS) == [("DBN401", 5), ("DBN401", 6)]


#: createTable's table.check(expr, bindings) without a name was a DBN013
#: error (a name "the code completes"), although Knex writes ``check (expr)``
#: and PostgreSQL names it: ``<table>_<column>_check`` for the one column it
#: reads, ``<table>_check`` for two.
CHECKS_PATH = "migrations/20240110000000_prices.js"
CHECKS = """exports.up = (knex) =>
  knex.schema.createTable('stock_prices', (t) => {
    t.integer('price');
    t.integer('low');
    t.check('?? > 0', ['price']);
    t.check('?? < ??', ['low', 'price']);
    t.check('"low" >= ?', [1]);
  });
"""


def test_an_unnamed_table_check_is_named_as_postgresql_names_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = _made_by_knex(pg, tmp_path, CHECKS)
    assert _made_by_ours(pg, _our_sql(CHECKS_PATH, CHECKS)) == theirs
    assert ("stock_prices", "stock_prices_price_check") in theirs["constraints"]
    assert ("stock_prices", "stock_prices_check") in theirs["constraints"]
    root = _repo(tmp_path, monkeypatch)
    stage(root, CHECKS_PATH, CHECKS)  # a new migration of good names: the gate passes it
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found


def test_a_knex_handle_handed_to_a_helper_is_said_to_be_knexs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``up(knex)`` calling only an imported helper was named a Sequelize
    migration ("this Sequelize schema builder call (helpers.makeTable)")."""
    root = _repo(tmp_path, monkeypatch)
    text = """const helpers = require('../helpers');
exports.up = async (knex) => {
  await helpers.makeTable(knex, 'stock_extras');
};
"""
    path = "migrations/20240111000000_extras.js"
    stage(root, path, text)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 1, found
    said = [m for c, p, _, _, m in found if c == "DBN013" and p == path]
    assert len(said) == 1 and said[0].startswith("this Knex schema builder call"), said


#: A table or column name held in a file constant was a name "the code
#: completes" (DBN013 in the gate, not in the model), however plain.
CONSTS_PATH = "migrations/20240112000000_audits.js"
CONSTS = """const TABLE = 'StockAudits';
const COL = "actorName";
exports.up = async (knex) => {
  await knex.schema.createTable(TABLE, (t) => {
    t.increments('id');
    t.string(COL).index();
  });
  await knex.schema.alterTable(TABLE, (t) => { t.renameColumn(COL, 'actor_name'); });
};
"""


def test_a_name_held_in_a_file_constant_is_read(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theirs = _made_by_knex(pg, tmp_path, CONSTS)
    assert _made_by_ours(pg, _our_sql(CONSTS_PATH, CONSTS)) == theirs
    assert ("StockAudits", "actor_name") in theirs["columns"]
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, CONSTS_PATH, CONSTS) == [
        ("DBN101", 4),  # StockAudits, at its use
        ("DBN504", 8),  # stockaudits_actorname_index keeps the renamed column's name
    ]
