"""Knex's schema builder and Sequelize's queryInterface in a migration are read by the gate.

A new Knex migration (``knex.schema.createTable('t', (table) => {
table.string('userName'); table.index(['a'], 'idx_x'); ... })``) or
Sequelize one (``queryInterface.createTable('Users', {firstName: {...}})``,
``addIndex``, ``addConstraint``...) passed the hook and ``check --base``:
only SQL strings were read. :mod:`dbnamelint.knexseq_schema` reads them as
the SQL each tool sends, with the names the tool makes itself
(``users_username_unique``, ``accounts_sur_name_first_name``,
``Accounts_surName_uk``).

Oracle: Knex 3.1.0 and Sequelize 6.37.5 themselves (tests/knexseq/run.cjs)
run each migration's ``up`` on PostgreSQL 15; the SQL this module writes for
it, run on another database, makes the same tables, columns, constraints,
indexes and types. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Entry, assert_edit_fails, check_entries, new_file_errors
from git_helpers import committed_repo, git
from node_oracle import KNEXSEQ, builder_text, node_for, run_cjs
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["schema.sql"]\ndialect: postgres\n'
SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY);\n"

KNEX_PATH = "migrations/20240102000000_members.js"
KNEX = """exports.up = async function (knex) {
  await knex.schema.createTable('Members', (table) => {
    table.increments('id');
    table.string('userName').notNullable().unique();
    table.integer('orgId').references('id').inTable('users');
    table.integer('u_id');
    table.enu('mood', ['a', 'b'], { useNative: true, enumName: 'MoodKind' });
    table.index(['userName'], 'idx_Members_name');
    table.index(['u_id', 'orgId']);
    table.unique(['u_id']);
    table.foreign('u_id').references('users.id');
    table.timestamps();
  });
  if (!(await knex.schema.hasTable('badges'))) {
    await knex.schema.withSchema('public').createTable('badges', (t) => {
      t.integer('badgeNo').primary();
      t.text('label');
    });
  }
  await knex.schema.alterTable('Members', (t) => {
    t.renameColumn('u_id', 'uId');
    t.dropColumn('orgId');
    t.string('nickName');
    t.unique(['nickName'], { indexName: 'UQ_nick' });
    t.foreign('uId', 'FK_member_user').references('id').inTable('users');
  });
  await knex.schema.table('badges', function (t) {
    t.integer('levelNo').index();
  });
  await knex.schema.renameTable('badges', 'BadgeList');
};

exports.down = async function (knex) {
  await knex.schema.createTable('RollbackOnly', (t) => { t.integer('x'); });
};
"""

SEQUELIZE_PATH = "migrations/20240103000000-accounts.js"
SEQUELIZE = """'use strict';
module.exports = {
  async up(queryInterface, Sequelize) {
    await queryInterface.createTable('Accounts', {
      id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true },
      firstName: { type: Sequelize.STRING, allowNull: false, unique: true },
      ownerId: { type: Sequelize.INTEGER, references: { model: 'users', key: 'id' } },
      kind: { type: Sequelize.ENUM('a', 'b') },
      label: { type: Sequelize.STRING, field: 'DisplayLabel', unique: 'not_a_constraint' },
    });
    await queryInterface.addColumn('Accounts', 'lastName', { type: Sequelize.STRING });
    await queryInterface.renameColumn('Accounts', 'lastName', 'surName');
    await queryInterface.addIndex('Accounts', ['surName', 'firstName']);
    await queryInterface.addIndex('Accounts', { fields: ['ownerId'], name: 'IDX_owner', unique: true });
    await queryInterface.addConstraint('Accounts', {
      fields: ['ownerId'],
      type: 'foreign key',
      name: 'FK_owner',
      references: { table: 'users', field: 'id' },
    });
    await queryInterface.addConstraint('Accounts', { fields: ['surName'], type: 'unique' });
    await queryInterface.removeColumn('Accounts', 'firstName');
    await queryInterface.renameTable('Accounts', 'AccountList');
  },
  async down(queryInterface) {
    await queryInterface.createTable('RollbackOnly', { x: { type: 'INTEGER' } });
  },
};
"""  # noqa: E501


def _our_sql(path: str, text: str) -> str:
    from dbnamelint.knexseq_schema import builder_sql

    return builder_text(builder_sql, path, text)


@pytest.mark.parametrize(
    ("tool", "path", "text"),
    [("knex", KNEX_PATH, KNEX), ("sequelize", SEQUELIZE_PATH, SEQUELIZE)],
    ids=["knex", "sequelize"],
)
def test_the_sql_makes_the_names_the_tool_makes(
    pg: PgServer, tmp_path: Path, tool: str, path: str, text: str
) -> None:
    node_for(KNEXSEQ, tool)
    sql = _our_sql(path, text)
    assert "RollbackOnly" not in sql  # down() is not read
    module = tmp_path / "migration.js"
    module.write_text(text)
    with pg.fresh_database(f"{tool}_theirs") as db:
        pg.run(sql=SCHEMA, dbname=db)
        run_cjs(KNEXSEQ, tool, tool, str(module), pg.url(db))
        theirs = public_names(pg, db)
    with pg.fresh_database(f"{tool}_ours") as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        ours = public_names(pg, db)
    assert ours == theirs
    assert len(theirs["indexes"]) >= 4


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, APPLIED_PATH: APPLIED},
        monkeypatch,
    )


APPLIED_PATH = "migrations/20230101000000_pins.js"
APPLIED = """exports.up = function (knex) {
  return knex.raw('ALTER TABLE users ADD pin_expires_at timestamptz');
};

exports.down = function (knex) {
  return knex.raw('ALTER TABLE users DROP COLUMN pin_expires_at');
};
"""


def _gate(*more: str) -> tuple[int, list[Entry]]:
    return check_entries(*(more or ("--base", "HEAD")), "--no-cache")


def test_a_new_knex_migrations_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, KNEX_PATH, KNEX) == EXPECTED_KNEX


#: Each at the line of its literal (a type Knex creates for a native enum, at
#: its table's); nothing from down().
EXPECTED_KNEX = [
    ("DBN101", 2),  # Members
    ("DBN101", 30),  # BadgeList
    ("DBN105", 30),  # BadgeList: not plural
    ("DBN201", 4),  # userName
    ("DBN201", 16),  # badgeNo
    ("DBN201", 21),  # uId
    ("DBN201", 23),  # nickName
    ("DBN201", 28),  # levelNo
    ("DBN301", 8),  # idx_Members_name
    ("DBN401", 24),  # UQ_nick
    ("DBN401", 25),  # FK_member_user
    ("DBN504", 30),  # badges_pkey, badges_levelno_index keep the old table name
    ("DBN505", 2),  # MoodKind
]


def test_a_new_sequelize_migrations_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, SEQUELIZE_PATH, SEQUELIZE) == EXPECTED_SEQUELIZE


EXPECTED_SEQUELIZE = [
    ("DBN101", 23),  # AccountList
    ("DBN105", 23),
    ("DBN201", 6),  # firstName
    ("DBN201", 7),  # ownerId
    ("DBN201", 9),  # DisplayLabel: the field names the column
    ("DBN201", 12),  # surName
    ("DBN301", 14),  # IDX_owner
    ("DBN401", 18),  # FK_owner
    ("DBN401", 21),  # Accounts_surName_uk: Sequelize's own name
    ("DBN504", 23),  # Accounts_pkey, accounts_sur_name_first_name... keep the old name
    ("DBN505", 4),  # enum_Accounts_kind: the type Sequelize makes for the ENUM column
]


@pytest.mark.parametrize(
    ("path", "body", "line"),
    [
        (
            KNEX_PATH,
            "exports.up = async (knex) => {\n"
            "  const name = 'audit_logs';\n"
            "  await knex.schema.createTable(name, (t) => { t.integer(`${prefix}_id`); });\n"
            "};\n",
            3,
        ),
        (
            SEQUELIZE_PATH,
            "module.exports = {\n"
            "  up: async (queryInterface) => {\n"
            "    await queryInterface.addColumn('users', column, { type: 'INTEGER' });\n"
            "  },\n"
            "};\n",
            3,
        ),
    ],
    ids=["knex", "sequelize"],
)
def test_a_computed_name_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, body: str, line: int
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(body)
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    assert ("DBN013", path, line, "error") in [(c, p, n, s) for c, p, n, s, _ in found], found


@pytest.mark.parametrize(
    "edit",
    [
        "  await knex.schema.alterTable('users', (t) => { t.integer('pin_attempts'); });\n",
        "  await knex.schema.table('users', (t) => { t.index(['id'], 'users_pin_idx'); });\n",
    ],
    ids=["column-added", "index-added"],
)
def test_adding_a_builder_call_to_an_applied_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    head = "exports.up = function (knex) {\n"
    edited = APPLIED.replace(head, "exports.up = async function (knex) {\n" + edit)
    assert_edit_fails(root, APPLIED_PATH, edited)


def test_down_and_a_good_migration_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Knex migration with good names, its down() making bad ones, passes."""
    root = _repo(tmp_path, monkeypatch)
    (root / KNEX_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / KNEX_PATH).write_text(
        "exports.up = async (knex) => {\n"
        "  await knex.schema.createTable('audit_logs', (t) => {\n"
        "    t.increments('id');\n"
        "    t.integer('user_id').references('users.id');\n"
        "  });\n"
        "};\n"
        "exports.down = async (knex) => {\n"
        "  await knex.schema.createTable('RollbackOnly', (t) => { t.integer('badName'); });\n"
        "};\n"
    )
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 0, found


def test_knex_and_sequelize_generated_names() -> None:
    """Knex's ``_indexCommand`` (lower-cased, ``.``/``-`` of the table as
    ``_``) and inflection's ``underscore`` that Sequelize's ``nameIndex``
    uses (names from Knex 3.1.0 and Sequelize 6.37.5 on PostgreSQL)."""
    from dbnamelint.knexseq_schema import knex_index_name, sequelize_underscore

    assert knex_index_name("Users", ["u_id", "orgId"], "index") == "users_u_id_orgid_index"
    assert knex_index_name("app.Users", ["a"], "unique") == "app_users_a_unique"
    assert sequelize_underscore("Accounts_surName_firstName") == "accounts_sur_name_first_name"
    assert sequelize_underscore("Accounts_createdAt") == "accounts_created_at"


def test_a_knex_call_not_read_is_returned_and_kysely_files_are_left_to_kysely() -> None:
    """A call after ``knex.schema`` that may make a name and is not read is
    returned as unread (the gate's ``DBN013`` warning); a file that uses
    Kysely is :mod:`dbnamelint.kysely_schema`'s."""
    from dbnamelint.knexseq_schema import builder_sql

    text = (
        "exports.up = async (knex) => {\n"
        "  await knex.schema.createViewOrReplace('user_views', (v) => v.as(q));\n"
        "  await knex.schema.createTable('audit_logs', (t) => { t.increments('id'); });\n"
        "};\n"
    )
    found = builder_sql("migrations/1_a.js", text)
    assert [u.call for u in found.unread] == ["schema.createViewOrReplace"]
    assert len(found.calls) == 1
    kysely = "import { Kysely } from 'kysely';\n" + text
    assert builder_sql("migrations/1_a.ts", kysely).calls == []


def test_chained_and_then_nested_knex_calls_are_all_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``knex.schema.createTable(...).createTable(...)`` runs both; a call in
    ``.then(() => knex.schema...)`` is read too, and ``knex.schema.raw('...')``
    stays a DDL string the gate reads."""
    root = _repo(tmp_path, monkeypatch)
    (root / KNEX_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / KNEX_PATH).write_text(
        "exports.up = function (knex) {\n"
        "  return knex.schema\n"
        "    .createTable('aa_items', (t) => { t.increments('id'); })\n"
        "    .createTable('BbItems', (t) => { t.integer('aaId'); })\n"
        "    .then(() => knex.schema.alterTable('aa_items', (t) => { t.text('Memo'); }))\n"
        "    .then(() => knex.schema.raw('CREATE INDEX \"BadIdx\" ON aa_items (id)'));\n"
        "};\n"
    )
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    errors = sorted({(c, line) for c, p, line, s, _ in found if s == "error" and p == KNEX_PATH})
    assert errors == [("DBN101", 4), ("DBN201", 4), ("DBN201", 5), ("DBN301", 6)], found


def test_a_sequelize_index_field_given_as_an_object() -> None:
    """``addIndex(t, {fields: [{name: 'createdAt', order: 'DESC'}, 'kind']})``:
    Sequelize 6.37.5 sends ``CREATE INDEX "accounts_created_at_kind" ON
    "Accounts" ("createdAt" DESC, "kind")`` (run on PostgreSQL 15)."""
    from dbnamelint.knexseq_schema import builder_sql

    text = (
        "module.exports = {\n"
        "  up: async (queryInterface) => {\n"
        "    await queryInterface.addIndex('Accounts', {\n"
        "      fields: [{ name: 'createdAt', order: 'DESC' }, 'kind'],\n"
        "    });\n"
        "  },\n"
        "};\n"
    )
    (call,) = builder_sql("migrations/1-a.js", text).calls
    sql = " ".join(" ".join(s for _, s, _ in call[2]).split())
    assert sql == 'create index "accounts_created_at_kind" on "Accounts" ("createdAt", "kind")'
