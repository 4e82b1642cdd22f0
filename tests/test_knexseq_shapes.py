"""Knex chains after ``raw(...)``, on a variable, and Sequelize migrations whatever their names.

Before, ``knex.schema.raw('...').createTable('BadName', ...)`` ended the
chain at ``raw`` (the table was never read), ``const schema = knex.schema;
schema.createTable(...)`` was not read, ``withSchema`` after a call did not
apply to it, a Sequelize migration was read only in a file naming
``sequelize``/``queryInterface`` (``up: async (qi, S) =>``, umzug's
``up({ context: ledger })``, ``exports.up = function (migration,
DataTypes)`` passed the gate), ``queryInterface.createSchema('X')`` passed
unread and ``addConstraint(t, {type: 'default'})`` was read as a unique
constraint.

Oracle: Knex 3.1.0 and Sequelize 6.37.5 themselves (tests/knexseq/run.cjs;
umzug's ``{ context }`` call) run each migration's ``up`` on PostgreSQL 15;
the SQL dbnamelint reads for it, run on another database, makes the same
schemas, tables, columns, constraints, indexes. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors
from git_helpers import committed_repo, git
from node_oracle import KNEXSEQ, builder_text, node_for, run_cjs
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["schema.sql"]\ndialect: postgres\n'
SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY);\nCREATE SCHEMA app;\n"

KNEX = """exports.up = async function (knex) {
  await knex.schema
    .raw("COMMENT ON TABLE users IS 'people'")
    .createTable('RawThen', (t) => { t.integer('rowNo').unique(); })
    .debug(false)
    .createTable('AppOnly', (t) => { t.integer('appNo'); })
    .withSchema('app');
  const schema = knex.schema;
  await schema.createTable('ViaVar', (t) => { t.integer('varNo').index(); });
  const { schema: other } = knex;
  return other.alterTable('ViaVar', (t) => { t.text('aliasCol'); });
};
"""

#: ``increments()`` without a name is Knex's ``id`` (it was unread: a false
#: DBN013 error on a good migration, and no ``id`` in the model; confirmation
#: s32); ``{ primaryKey: false }`` makes no key.
KNEX_INCREMENTS = """exports.up = function (knex) {
  return knex.schema
    .createTable('accounts', (t) => { t.increments(); t.string('email'); })
    .createTable('gadgets', (t) => { t.bigIncrements('id', { primaryKey: false }); })
    .createTable('widgets', (t) => { t.bigIncrements(); });
};
"""

SEQUELIZE = """module.exports = {
  up: async (qi, DataTypes) => {
    await qi.createSchema('BillingZone');
    await qi.createTable('Invoices', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      dueAt: { type: DataTypes.DATE },
    });
    await qi.addIndex('Invoices', ['dueAt']);
    await qi.addColumn('Invoices', 'ref_no', { type: DataTypes.INTEGER });
    await qi.changeColumn('Invoices', 'ref_no', { type: DataTypes.INTEGER, unique: true });
    await qi.changeColumn('Invoices', 'id', {
      type: DataTypes.INTEGER,
      references: { model: 'users', key: 'id' },
    });
  },
  down: async (qi) => { await qi.dropTable('Invoices'); },
};
"""

OLD_STYLE = """exports.up = function (migration, DataTypes) {
  return migration.createTable('Receipts', { paidOn: { type: DataTypes.DATE } });
};
"""

UMZUG = """async function up({ context: ledger }) {
  await ledger.createTable('Ledgers', { entryNo: { type: 'INTEGER', unique: true } });
  await ledger.addColumn('Ledgers', 'postedAt', { type: 'TIMESTAMP' });
}
async function down({ context: ledger }) {
  await ledger.dropTable('Ledgers');
}
module.exports = { up, down };
"""


def _our_sql(path: str, text: str) -> str:
    from dbnamelint.knexseq_schema import builder_sql

    return builder_text(builder_sql, path, text)


def _names(pg: PgServer, db: str) -> dict[str, list[tuple[str, str]]]:
    out = public_names(pg, db)
    out["schemas"] = sorted(
        ("s", str(r["n"]))
        for r in pg.query_json(
            "SELECT nspname AS n FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
            "AND nspname <> 'information_schema'",
            db,
        )
    )
    out["app"] = sorted(
        ("t", str(r["n"]))
        for r in pg.query_json("SELECT tablename AS n FROM pg_tables WHERE schemaname = 'app'", db)
    )
    return out


@pytest.mark.parametrize(
    ("tool", "text"),
    [
        ("knex", KNEX),
        ("knex", KNEX_INCREMENTS),
        ("sequelize", SEQUELIZE),
        ("sequelize", OLD_STYLE),
        ("umzug", UMZUG),
    ],
    ids=[
        "knex-raw-var-withschema",
        "knex-increments",
        "sequelize-qi",
        "sequelize-migration-param",
        "umzug-context",
    ],
)
def test_the_sql_makes_what_the_tool_makes(
    pg: PgServer, tmp_path: Path, tool: str, text: str
) -> None:
    package = "knex" if tool == "knex" else "sequelize"
    node_for(KNEXSEQ, package)
    sql = _our_sql("migrations/20240101000000_a.js", text)
    module = tmp_path / "migration.js"
    module.write_text(text)
    with pg.fresh_database(f"shape_{tool}_theirs") as db:
        pg.run(sql=SCHEMA, dbname=db)
        run_cjs(KNEXSEQ, package, tool, str(module), pg.url(db))
        theirs = _names(pg, db)
    with pg.fresh_database(f"shape_{tool}_ours") as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        ours = _names(pg, db)
    assert ours == theirs
    assert len(theirs["tables"]) + len(theirs["app"]) >= 2


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app", {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA}, monkeypatch
    )


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "migrations/20240101000000_knex.js",
            KNEX,
            [
                ("DBN101", 4),  # RawThen, after raw(...)
                ("DBN101", 6),  # AppOnly, withSchema after it
                ("DBN101", 9),  # ViaVar, on a variable holding knex.schema
                ("DBN201", 4),  # rowNo
                ("DBN201", 6),  # appNo
                ("DBN201", 9),  # varNo
                ("DBN201", 11),  # aliasCol, on a destructured schema
            ],
        ),
        (
            "migrations/20240101000000-seq.js",
            SEQUELIZE,
            [("DBN101", 4), ("DBN201", 6), ("DBN505", 3)],  # Invoices, dueAt, BillingZone
        ),
        ("migrations/20240101000000-old.js", OLD_STYLE, [("DBN101", 2), ("DBN201", 2)]),
        (
            "migrations/20240101000000-umzug.js",
            UMZUG,
            [("DBN101", 2), ("DBN201", 2), ("DBN201", 3)],  # Ledgers, entryNo, postedAt
        ),
    ],
    ids=["knex", "sequelize-qi", "sequelize-migration-param", "umzug-context"],
)
def test_a_new_migrations_names_are_judged(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    text: str,
    expected: list[tuple[str, int]],
) -> None:
    root = _repo(tmp_path, monkeypatch)
    found = new_file_errors(root, path, text)
    assert [f for f in found if f[0] != "DBN102"] == expected, found


def test_a_sequelize_schema_is_read_and_ddl_not_read_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``createSchema`` is ``CREATE SCHEMA IF NOT EXISTS "BillingZone"``
    (Sequelize 6.37.5 postgres ``createSchema``), its name judged; an
    ``addConstraint`` of ``type: 'default'`` (MSSQL's named default; an
    error on PostgreSQL) is not read: DBN013 at the call (as any builder
    call not read), never a silent pass, an error in a new migration
    (tests/test_gate_unread_builder_refused.py); ``createFunction`` and
    ``createTrigger`` are read (tests/test_gate_sequelize_ddl.py)."""
    from dbnamelint.knexseq_schema import builder_sql

    (schema_call, *_rest) = builder_sql("migrations/1-a.js", SEQUELIZE).calls
    assert " ".join(s for _, s, _ in schema_call[2]) == 'create schema if not exists "BillingZone"'
    root = _repo(tmp_path, monkeypatch)
    path = "migrations/20240101000000-unread.js"
    (root / "migrations").mkdir()
    (root / path).write_text(
        "module.exports = {\n"
        "  async up(qi) {\n"
        "    await qi.addConstraint('users', {\n"
        "      fields: ['id'], type: 'default', defaultValue: 1, name: 'users_id_df',\n"
        "    });\n"
        "    await qi.createFunction('audit_fn', [], 'trigger', 'plpgsql', 'BEGIN END;');\n"
        "    await qi.createTrigger('users', 'audit_trg', 'after', [{ insert: true }], 'audit_fn', [], []);\n"  # noqa: E501
        "  },\n"
        "};\n"
    )
    git(root, "add", "-A")
    _status, found = check_entries("--pre-commit", "--no-cache")
    unread = sorted((line, s) for c, p, line, s, _ in found if c == "DBN013" and p == path)
    assert unread == [(3, "error")], found


def test_other_tools_up_is_not_read_as_sequelize() -> None:
    """TypeORM's ``up(queryRunner)`` (``queryRunner.addColumn(t, new
    TableColumn(...))``) and db-migrate's ``exports.up = function (db)``
    (``db.addIndex(table, name, columns)``) are other APIs."""
    from dbnamelint.knexseq_schema import builder_sql

    typeorm = (
        "import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';\n"
        "export class AddX1700000000000 implements MigrationInterface {\n"
        "  async up(queryRunner: QueryRunner): Promise<void> {\n"
        "    await queryRunner.addColumn('users', new TableColumn({ name: 'x', type: 'int' }));\n"
        "  }\n"
        "}\n"
    )
    db_migrate = (
        "var dbm;\nexports.setup = function (options) { dbm = options.dbmigrate; };\n"
        "exports.up = function (db) { return db.addIndex('users', 'users_x_idx', ['x']); };\n"
    )
    assert builder_sql("migrations/1-a.ts", typeorm).calls == []
    assert builder_sql("migrations/1-a.js", db_migrate).calls == []


COMPUTED = """exports.up = function (knex) {
  return knex.schema.createTable('things', (t) => { t.increments(); t.string(colName); });
};
"""


def test_the_refusal_names_javascripts_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JavaScript migration's DBN013 refusal said to write ``-- dbnamelint:
    ignore[DBN013]``, a syntax error there (confirmation s32); the comment
    that accepts it is ``//`` on the line above, and it does (the folder in
    ``paths:``, read into the model)."""
    first = "exports.up = (knex) => knex.schema.createTable('users', (t) => { t.increments(); });\n"
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "migrations/20240101000000_users.js": first,
        },
        monkeypatch,
    )
    path = "migrations/20240102000000_things.js"
    assert new_file_errors(root, path, COMPUTED) == [("DBN013", 2)]
    _status, found = check_entries("--pre-commit", "--no-cache")
    (message,) = [m for code, _p, _l, _s, m in found if code == "DBN013"]
    assert "write `// dbnamelint: ignore[DBN013] <reason>` on the line above it" in message
    accepted = COMPUTED.replace(
        "  return", "  // dbnamelint: ignore[DBN013] colName is checked by hand\n  return"
    )
    (root / path).write_text(accepted)
    git(root, "add", "-A")
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 0, found
