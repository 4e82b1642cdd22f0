"""db-migrate's builder calls (and node-pg-migrate's) in a migration are not passed unread.

A new db-migrate migration (``db.createTable('FeatureWidgets', {widgetName:
{type: 'string'}}, cb)``, ``db.addColumn``, ``db.addIndex(t, 'Name', cols)``,
``async.series([db.addColumn.bind(db, ...)])``...) passed the hook and
``check --base``, or was read as Sequelize's API (``addIndex``'s name lost).
:mod:`dbnamelint.dbmigrate_schema` reads each as the SQL db-migrate-pg
sends; node-pg-migrate's builder calls are ``DBN013``.

Oracle: db-migrate 0.11.14 with db-migrate-pg 1.5.2 (tests/dbmigrate)
runs the migrations on PostgreSQL 15; the SQL this module writes for them,
run on another database, makes the same tables, columns, constraints and
indexes. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Entry, assert_edit_fails, check_entries, new_file_errors
from git_helpers import committed_repo, git
from node_oracle import (
    DBMIGRATE,
    builder_text,
    db_migrate_up,
    node_for,
    node_pg_migrate_up,
)
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["schema.sql"]\ndialect: postgres\n'
SCHEMA = "CREATE TABLE owners (id serial PRIMARY KEY, label text, code text, junk integer);\n"

SERIES_PATH = "migrations/20260101000000-widgets.js"
SERIES = """'use strict';

exports.up = async function (db) {
  const steps = [
    db.createTable.bind(db, 'FeatureWidgets', {
      id: { type: 'int', primaryKey: true, autoIncrement: true },
      widgetName: { type: 'string', length: 100, notNull: true, unique: true },
      createdAt: { type: 'timestamptz', defaultValue: 'now()' },
      ownerId: {
        type: 'int',
        foreignKey: { name: 'WidgetOwnerFk', table: 'owners', mapping: 'id', rules: { onDelete: 'CASCADE' } },
      },
      meta: 'json',
    }),
    db.createTable.bind(db, 'pairs', {
      columns: { leftId: { type: 'int', primaryKey: true }, rightId: { type: 'bigint', primaryKey: true } },
      ifNotExists: true,
    }),
    db.addColumn.bind(db, 'owners', 'isArchivedFlag', { type: 'boolean', defaultValue: false }),
    db.renameColumn.bind(db, 'owners', 'label', 'ownerLabel'),
    db.addIndex.bind(db, 'owners', 'OwnersByLabelIdx', ['ownerLabel']),
    db.addIndex.bind(db, 'owners', 'owners_label_uq', 'ownerLabel', true),
    db.changeColumn.bind(db, 'owners', 'code', { type: 'string', unique: true, notNull: true }),
    db.addForeignKey.bind(db, 'pairs', 'owners', 'PairsLeftFk', { leftId: 'id' }, { onDelete: 'CASCADE' }),
  ];
  for (const step of steps) {
    await step();
  }
};

exports.down = function (db) {
  return db.createTable('RollbackOnly', { badName: 'int' });
};
"""  # noqa: E501

CALLBACK_PATH = "migrations/20260102000000-gadgets.js"
CALLBACK = """'use strict';

exports.up = function (db, callback) {
  db.createTable(
    'Gadgets',
    { gadgetId: { type: 'bigint', primaryKey: true, autoIncrement: true }, name: 'text' },
    function () {
      db.renameTable('Gadgets', 'GadgetThings', function () {
        db.removeColumn('owners', 'junk', function () {
          db.addIndex('GadgetThings', 'gadget_name_idx', ['name'], true, callback);
        });
      });
    },
  );
};

exports.down = function (db, callback) {
  db.dropTable('GadgetThings', callback);
};
"""


def _our_sql(path: str, text: str) -> str:
    from dbnamelint.dbmigrate_schema import builder_sql

    return builder_text(builder_sql, path, text)


def test_the_sql_makes_the_names_db_migrate_makes(pg: PgServer, tmp_path: Path) -> None:
    node_for(DBMIGRATE, "db-migrate-pg")
    ours_sql = _our_sql(SERIES_PATH, SERIES) + "\n" + _our_sql(CALLBACK_PATH, CALLBACK)
    assert "RollbackOnly" not in ours_sql  # down() is not read
    folder = tmp_path / "migrations"
    folder.mkdir()
    (tmp_path / SERIES_PATH).write_text(SERIES)
    (tmp_path / CALLBACK_PATH).write_text(CALLBACK)
    with pg.fresh_database("dbmigrate_theirs") as db:
        pg.run(sql=SCHEMA, dbname=db)
        db_migrate_up(pg, db, folder)
        theirs = public_names(pg, db)
    with pg.fresh_database("dbmigrate_ours") as db:
        pg.run(sql=SCHEMA + ours_sql, dbname=db)
        ours = public_names(pg, db)
    # db-migrate's own table
    theirs = {k: [(t, n) for t, n in v if "migrations" not in (t, n)] for k, v in theirs.items()}
    theirs["tables"] = [(t, n) for t, n in theirs["tables"] if n != "migrations"]
    assert ours == theirs
    assert ("owners", "OwnersByLabelIdx") in theirs["indexes"]
    assert ("owners", "owners_code_key") in theirs["constraints"]


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": CONFIG,
            "schema.sql": SCHEMA,
            APPLIED_PATH: APPLIED,
            APPLIED_SERIES_PATH: APPLIED_SERIES,
        },
        monkeypatch,
    )


#: Unleash's 20200416201319-create-users.js shape: applied, a builder call.
APPLIED_PATH = "migrations/20200416201319-create-users.js"
APPLIED = """'use strict';

exports.up = function (db, cb) {
  return db.createTable(
    'users',
    {
      id: { type: 'serial', primaryKey: true, notNull: true, autoIncrement: true },
      name: { type: 'string', length: 255 },
    },
    cb,
  );
};

exports.down = function (db, cb) {
  return db.dropTable('users', cb);
};
"""


#: Unleash's 20170211085502-built-in-strategies.js shape: async.series of bound calls.
APPLIED_SERIES_PATH = "migrations/20170211085502-built-in-strategies.js"
APPLIED_SERIES = """'use strict';

const async = require('async');

exports.up = function (db, cb) {
  async.series(
    [
      db.addColumn.bind(db, 'owners', 'built_in', { type: 'int', defaultValue: 0 }),
      db.runSql.bind(db, "UPDATE owners SET built_in = 1 WHERE label = 'default'"),
    ],
    cb,
  );
};

exports.down = function (db, cb) {
  return db.removeColumn('owners', 'built_in', cb);
};
"""


def _gate(*more: str) -> tuple[int, list[Entry]]:
    return check_entries(*(more or ("--base", "HEAD")), "--no-cache")


def test_a_new_db_migrate_migrations_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, SERIES_PATH, SERIES) == [
        ("DBN101", 5),  # FeatureWidgets
        ("DBN201", 7),  # widgetName
        ("DBN201", 8),  # createdAt
        ("DBN201", 9),  # ownerId
        ("DBN201", 16),  # leftId, rightId
        ("DBN201", 19),  # isArchivedFlag
        ("DBN201", 20),  # ownerLabel
        ("DBN301", 21),  # OwnersByLabelIdx: the name given, not Sequelize's
        ("DBN401", 11),  # WidgetOwnerFk
        ("DBN401", 24),  # PairsLeftFk
        ("DBN504", 22),  # owners_label_uq: the column is ownerLabel now
    ]


def test_a_new_callback_style_migration_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, CALLBACK_PATH, CALLBACK) == [
        ("DBN101", 8),  # GadgetThings (Gadgets is renamed in the same file)
        ("DBN201", 6),  # gadgetId
        ("DBN504", 8),  # Gadgets_pkey, Gadgets_gadgetId_seq keep the old table name
    ]


@pytest.mark.parametrize(
    ("body", "severity"),
    [
        (
            "exports.up = function (db, cb) {\n"
            "  db.addColumn('owners', column, { type: 'int' }, cb);\n};\n",
            "error",  # a computed name: a hole
        ),
        (
            "exports.up = function (db, cb) {\n  db.createSequence('OwnerSeq', {}, cb);\n};\n",
            "error",  # a call not read: refused in a new migration
        ),
        (  # read since s33 (tests/test_leftovers_s33.py): createDomain is not
            "exports.up = (pgm) => {\n  pgm.createDomain('MoodKind', 'text');\n};\n",
            "error",
        ),
        (
            "import { MigrationBuilder } from 'node-pg-migrate';\n"
            "export async function up(pgm: MigrationBuilder): Promise<void> {\n"
            "  pgm.createFunction('OwnersLabelCheck', [], { returns: 'int' }, 'SELECT 1');\n};\n",
            "error",
        ),
    ],
    ids=["computed-name", "createSequence", "node-pg-migrate", "node-pg-migrate-ts"],
)
def test_a_name_not_read_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, severity: str
) -> None:
    """Never a silent pass: a computed name is the gate's DBN013 error, and
    so is a call not read, at the call, in a new migration (as for Knex's:
    tests/test_gate_unread_builder_refused.py)."""
    root = _repo(tmp_path, monkeypatch)
    path = "migrations/20260103000000-x." + ("ts" if "MigrationBuilder" in body else "js")
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(body)
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == (1 if severity == "error" else 0), found
    line = 3 if "MigrationBuilder" in body else 2
    assert ("DBN013", path, line, severity) in [(c, p, n, s) for c, p, n, s, _ in found], found


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (
            APPLIED_PATH,
            "      name: { type: 'string', length: 255 },\n",
            "      lastLogin: 'timestamp',\n",
        ),
        (
            APPLIED_PATH,
            "    cb,\n  );\n",
            "  db.addIndex('users', 'users_name_idx', ['name']);\n",
        ),
        (APPLIED_SERIES_PATH, "'built_in', { type: 'int'", None),
    ],
    ids=["column-added", "index-added", "bound-call-edited"],
)
def test_editing_an_applied_builder_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str | None
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = APPLIED if path == APPLIED_PATH else APPLIED_SERIES
    assert old in text
    edited = text.replace(old, old + new if new else old.replace("int", "bigint"), 1)
    assert_edit_fails(root, path, edited)


def test_down_and_a_good_migration_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    path = "migrations/20260104000000-audit.js"
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(
        "exports.up = function (db, cb) {\n"
        "  db.createTable('audit_logs', { id: { type: 'int', primaryKey: true },"
        " owner_id: 'int' }, cb);\n"
        "};\n"
        "exports.down = function (db, cb) {\n"
        "  db.createTable('RollbackOnly', { badName: 'int' }, cb);\n"
        "};\n"
    )
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 0, found


def test_db_migrate_and_sequelize_are_told_apart() -> None:
    from dbnamelint.dbmigrate_schema import migration_tool

    assert migration_tool(CALLBACK) == "db-migrate"
    assert migration_tool(SERIES) == "db-migrate"
    assert migration_tool(APPLIED) == "db-migrate"
    assert migration_tool("exports.up = (pgm) => { pgm.sql('x'); };") == "node-pg-migrate"
    sequelize = (
        "module.exports = {\n  async up(queryInterface, Sequelize) {\n"
        "    await queryInterface.addColumn('a', 'b', { type: Sequelize.STRING });\n  },\n};\n"
    )
    assert migration_tool(sequelize) is None
    umzug = "export const up = async ({ context: qi }) => { await qi.addColumn('a', 'b', {}); };"
    assert migration_tool(umzug) is None
    knex = "exports.up = function (db) { return db.schema.createTable('a', (t) => {}); };"
    assert migration_tool(knex) is None


def test_a_computed_table_name_keeps_the_columns_read() -> None:
    """A name in a variable is a hole, not the callback: the spec after it is
    still read (``db.createTable(TABLE, {...}, cb)``)."""
    from dbnamelint.dbmigrate_schema import builder_sql

    text = (
        "exports.up = function (db, cb) {\n"
        "  db.createTable(TABLE, { widgetName: 'string' }, cb);\n"
        "  db.addIndex('t', 'idx_t_a', ['a'], cb);\n"
        "};\n"
    )
    found = builder_sql("m.js", text)
    sql = [" ".join(p for _, p, _ in pieces) for _, _, pieces in found.calls]
    assert '"widgetName" VARCHAR' in sql[0] and "${TABLE}" in sql[0], sql
    assert sql[1].startswith("create index") and '"idx_t_a"' in sql[1], sql


PGM_PATH = "migrations/1700000000000_widgets.js"
PGM = """exports.up = (pgm) => {
  pgm.createTable('owners', { id: 'id', label: { type: 'text', notNull: true } });
  pgm.createTable(
    'FeatureWidgets',
    {
      id: 'id',
      widgetName: { type: 'varchar(100)', notNull: true, unique: true },
      ownerId: { type: 'integer', references: 'owners', onDelete: 'CASCADE' },
      kindId: { type: 'integer', references: 'owners(id)', referencesConstraintName: 'WidgetKindFk' },
      createdAt: { type: 'timestamp', default: 'now()' },
    },
    { constraints: { unique: ['widgetName', 'ownerId'] } },
  );
  pgm.createTable('pairs', {
    leftId: { type: 'integer', primaryKey: true },
    rightId: { type: 'bigint', primaryKey: true },
  });
  pgm.addColumns('owners', { isArchivedFlag: { type: 'boolean', default: false }, note: 'text' });
  pgm.renameColumn('owners', 'label', 'ownerLabel');
  pgm.createIndex('owners', 'ownerLabel');
  pgm.createIndex('owners', ['ownerLabel', 'isArchivedFlag'], { unique: true });
  pgm.addIndex('pairs', 'rightId', { name: 'PairsByRightIdx' });
  pgm.createTable('Gadgets', { gadgetId: { type: 'bigserial', primaryKey: true }, junk: 'int' });
  pgm.dropColumns('Gadgets', ['junk']);
  pgm.renameTable('Gadgets', 'GadgetThings');
  pgm.sql('CREATE TABLE raw_things (id int)');
};

exports.down = (pgm) => {
  pgm.createTable('RollbackOnly', { badName: 'int' });
};
"""  # noqa: E501


def test_the_sql_makes_the_names_node_pg_migrate_makes(pg: PgServer, tmp_path: Path) -> None:
    """node-pg-migrate 7.9.1 (``node-pg-migrate up``) on PostgreSQL 15 makes
    what the SQL read for its builder calls (and its ``pgm.sql`` string)
    makes: its ``<table>_<cols>[_unique]_index`` and ``<table>_uniq_<cols>``
    names, ``'id'`` as ``serial PRIMARY KEY``; its ``pgmigrations`` table aside."""
    from dbnamelint.dbmigrate_schema import builder_sql

    node_for(DBMIGRATE, "node-pg-migrate")
    ours_sql = builder_text(builder_sql, PGM_PATH, PGM)
    assert "RollbackOnly" not in ours_sql
    ours_sql += "\nCREATE TABLE raw_things (id int);"  # the pgm.sql string: the gate's
    (tmp_path / "migrations").mkdir()
    (tmp_path / PGM_PATH).write_text(PGM)
    with pg.fresh_database("pgm_theirs") as db:
        node_pg_migrate_up(tmp_path / "migrations", pg.url(db))
        theirs = public_names(pg, db)
    with pg.fresh_database("pgm_ours") as db:
        pg.run(sql=ours_sql, dbname=db)
        ours = public_names(pg, db)
    theirs = {k: [(t, n) for t, n in v if "pgmigrations" not in (t, n)] for k, v in theirs.items()}
    theirs["tables"] = [(t, n) for t, n in theirs["tables"] if n != "pgmigrations"]
    assert ours == theirs
    assert ("owners", "owners_ownerLabel_isArchivedFlag_unique_index") in theirs["indexes"]


def test_a_new_node_pg_migrate_migrations_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app", {"dbnamelint.yaml": CONFIG, "schema.sql": "SELECT 1;\n"}, monkeypatch
    )
    assert new_file_errors(root, PGM_PATH, PGM) == [
        ("DBN101", 4),  # FeatureWidgets
        ("DBN101", 25),  # GadgetThings
        ("DBN201", 7),  # widgetName
        ("DBN201", 8),  # ownerId
        ("DBN201", 9),  # kindId
        ("DBN201", 10),  # createdAt
        ("DBN201", 15),  # leftId
        ("DBN201", 16),  # rightId
        ("DBN201", 18),  # isArchivedFlag
        ("DBN201", 19),  # ownerLabel
        ("DBN201", 23),  # gadgetId
        ("DBN301", 20),  # owners_ownerLabel_index: node-pg-migrate's own name
        ("DBN301", 21),  # owners_ownerLabel_isArchivedFlag_unique_index
        ("DBN301", 22),  # PairsByRightIdx
        ("DBN401", 9),  # WidgetKindFk
        ("DBN401", 12),  # FeatureWidgets_uniq_widgetName_ownerId
        ("DBN504", 25),  # Gadgets_pkey, Gadgets_gadgetId_seq keep the old table name
    ]
