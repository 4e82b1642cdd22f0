"""Session 33 leftovers.

- Applied history deleted under ``whitelist prune``: deleting a committed
  migration drops nothing from the databases that ran it (golang-migrate
  records only the version in ``schema_migrations``; the table the file made
  stays), so an entry whose object only that file made is not done. Oracle:
  real git for the working tree's deletion; the gate's own ``DBN025`` for a
  deleted applied migration
  (:func:`dbnamelint.services.edited_history.deleted_migrations`).
- A builder flag that is no literal (db-migrate's ``addIndex(t, n, cols,
  isUnique)``, ``{unique: u}``, ``primaryKey: pk``... in db-migrate,
  node-pg-migrate, Knex, Sequelize and TypeORM migrations) decides the SQL
  the tool sends, which the reader cannot know: ``DBN013``, not a plain
  index or column read silently. Oracle: db-migrate 0.11.14 with
  db-migrate-pg 1.5.2 (tests/dbmigrate) on PostgreSQL 15 makes the index
  unique for ``const isUnique = true``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_entries
from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from node_oracle import (
    DBMIGRATE,
    builder_text,
    db_migrate_up,
    node_for,
    node_pg_migrate_up,
)
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FILES = {
    "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
    "migrations/000001_init.up.sql": "CREATE TABLE feeds (id int);\n",
    "migrations/000002_cache.up.sql": "CREATE TABLE acme_cache (key text);\n",
}


@pytest.mark.parametrize("how", ["delete", "rename"])
def test_prune_keeps_entries_while_an_applied_migration_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """The working tree deletes (or renames away) the applied migration that
    made ``acme_cache``: prune removed its entry ("no table named acme_cache
    is in the schema the files build") and marked its phase done."""
    root = committed_repo(tmp_path / "p", FILES, monkeypatch, "app")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    old = root / "migrations/000002_cache.up.sql"
    if how == "delete":
        old.unlink()
    else:
        old.rename(root / "migrations/000002_cache_old.sql.bak")
    before = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "acme_cache" in before
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "kept table acme_cache" in result.output
    assert "migrations/000002_cache.up.sql:1" in result.output
    assert "marked phase" not in result.output
    assert (root / "whitelist.yaml").read_text(encoding="utf-8") == before


def test_prune_removes_an_entry_when_only_an_excluded_file_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deleted SQL file the config leaves out is no applied history: the
    entry its rename made stale goes, as before."""
    files = {
        **FILES,
        "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n"
        "exclude: [migrations/queries]\n",
        "migrations/queries/000003_find.up.sql": "SELECT 1;\n",
    }
    root = committed_repo(tmp_path / "p", files, monkeypatch, "app")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    (root / "migrations/queries/000003_find.up.sql").unlink()
    (root / "migrations/000003_rename.up.sql").write_text(
        "ALTER TABLE acme_cache RENAME TO acme_caches;\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "removed table acme_cache" in result.output


ADD_INDEX = """'use strict';

const isUnique = true;

exports.up = function (db, callback) {
  db.addIndex('owners', 'owners_code_idx', ['code'], isUnique, callback);
};

exports.down = function (db, callback) {
  callback();
};
"""


def _run_db_migrate(pg: PgServer, tmp_path: Path, db: str, migration: str) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "20260101000000-index.js").write_text(migration)
    db_migrate_up(pg, db, folder)


def test_db_migrate_makes_the_index_unique_for_a_variable_flag(
    pg: PgServer, tmp_path: Path
) -> None:
    """The oracle: db-migrate-pg's ``addIndex(tableName, indexName, columns,
    unique, callback)`` writes ``CREATE UNIQUE INDEX`` for ``isUnique`` true;
    the reader read it as a plain index (and took ``isUnique`` for the
    callback). Now the call is read, and ``DBN013`` says the flag is unknown;
    a bare ``callback`` there is still the callback (a plain index, as
    db-migrate-pg's ``typeof unique === 'function'``)."""
    from dbnamelint.dbmigrate_schema import builder_sql

    with pg.fresh_database("leftovers_dbm_flag") as db:
        pg.run(sql="CREATE TABLE owners (id int, code text);", dbname=db)
        _run_db_migrate(pg, tmp_path, db, ADD_INDEX)
        rows = pg.query_json(
            "SELECT c.relname AS n, i.indisunique AS u FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'owners_code_idx'",
            db,
        )
    assert rows == [{"n": "owners_code_idx", "u": True}]
    found = builder_sql("m.js", ADD_INDEX)
    assert [(u.call, "isUnique, not a literal" in u.why) for u in found.unread] == [
        ("db.addIndex", True)
    ]
    plain = builder_sql("m.js", ADD_INDEX.replace("isUnique, callback", "callback"))
    assert not plain.unread
    sql = [" ".join(p for _, p, _ in pieces) for _, _, pieces in plain.calls]
    assert sql[0].startswith('create index "owners_code_idx"'), sql


@pytest.mark.parametrize(
    ("body", "call", "flag"),
    [
        (  # db-migrate: the flag before the callback, or bound (async.series)
            "exports.up = function (db, cb) {\n"
            "  db.addIndex('t', 'idx_t_a', ['a'], opts.unique, cb);\n};\n",
            "db.addIndex",
            "unique argument",
        ),
        (
            "exports.up = function (db, cb) {\n"
            "  async.series([db.addIndex.bind(db, 't', 'idx_t_a', ['a'], isUnique)], cb);\n};\n",
            "db.addIndex",
            "unique argument",
        ),
        (
            "exports.up = function (db, cb) {\n"
            "  db.createTable('t', { id: { type: 'int', primaryKey: pk } }, cb);\n};\n",
            "db.createTable",
            "primaryKey",
        ),
        (
            "exports.up = function (db, cb) {\n"
            "  db.addColumn('t', 'c', { type: 'string', notNull: required }, cb);\n};\n",
            "db.addColumn",
            "notNull",
        ),
        (
            "exports.up = function (db, cb) {\n"
            "  db.changeColumn('t', 'c', { unique: u }, cb);\n};\n",
            "db.changeColumn",
            "unique",
        ),
        (
            "exports.up = function (db, cb) {\n  db.createTable('t', COLUMNS, cb);\n};\n",
            "db.createTable",
            "column spec",
        ),
        (  # node-pg-migrate: the flag also decides the index name (_unique_index)
            "exports.up = (pgm) => {\n  pgm.createIndex('t', 'a', { unique: isUnique });\n};\n",
            "pgm.createIndex",
            "unique",
        ),
        (
            "exports.up = (pgm) => {\n"
            "  pgm.createTable('t', { a: { type: 'int', notNull: !nullable } });\n};\n",
            "pgm.createTable",
            "notNull",
        ),
        (  # Knex
            "exports.up = function (knex) {\n  return knex.schema.createTable('t', (t) => {\n"
            "    t.increments('id', { primaryKey: pk });\n  });\n};\n",
            "table.increments",
            "primaryKey",
        ),
        (  # Sequelize
            "module.exports = {\n  async up(queryInterface, Sequelize) {\n"
            "    await queryInterface.addIndex('t', ['a'], { unique: opts.unique });\n  },\n};\n",
            "addIndex",
            "unique",
        ),
        (
            "module.exports = {\n  async up(queryInterface, Sequelize) {\n"
            "    await queryInterface.addColumn('t', 'c', "
            "{ type: Sequelize.STRING, allowNull: nullable });\n  },\n};\n",
            "addColumn",
            "allowNull",
        ),
        (
            "module.exports = {\n  async up(queryInterface, Sequelize) {\n"
            "    await queryInterface.createTable('t', attributes);\n  },\n};\n",
            "createTable",
            "attributes",
        ),
        (  # TypeORM
            'import { MigrationInterface, QueryRunner, TableIndex } from "typeorm";\n'
            "export class X1700000000000 implements MigrationInterface {\n"
            "  public async up(queryRunner: QueryRunner): Promise<void> {\n"
            '    await queryRunner.createIndex("t", new TableIndex('
            '{ name: "IDX_a", columnNames: ["a"], isUnique: unique }));\n'
            "  }\n}\n",
            "queryRunner.createIndex",
            "isUnique",
        ),
    ],
    ids=[
        "dbmigrate-addIndex",
        "dbmigrate-bound",
        "dbmigrate-primaryKey",
        "dbmigrate-notNull",
        "dbmigrate-changeColumn",
        "dbmigrate-spec",
        "pgm-createIndex",
        "pgm-notNull",
        "knex-increments",
        "sequelize-addIndex",
        "sequelize-allowNull",
        "sequelize-attributes",
        "typeorm-isUnique",
    ],
)
def test_a_flag_that_is_no_literal_is_unread(body: str, call: str, flag: str) -> None:
    """Each builder reader says ``DBN013`` (an unread with its why) for a flag
    given as a variable or an expression: the tools test it at run time
    (db-migrate-pg ``unique ? 'UNIQUE' : ''``, node-pg-migrate
    ``unique ? ' UNIQUE' : ''`` and ``_unique`` in the index name, Sequelize
    ``attribute.allowNull === false``, TypeORM ``index.isUnique ? 'UNIQUE ' : ''``)."""
    from dbnamelint.kysely_schema import shadow_text

    _text, unread = shadow_text("m.ts" if "typeorm" in body else "m.js", body)
    said = [(u.call, u.why.split(", not a literal")[0]) for u in unread]
    assert [c for c, why in said if why.startswith(f"its {flag} is ")] == [call], said


def test_the_gate_refuses_a_new_add_index_with_a_variable_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --pre-commit`` fails a new db-migrate migration's
    ``addIndex(..., isUnique, callback)`` with ``DBN013`` at the call."""
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: postgres\n',
            "schema.sql": "CREATE TABLE owners (id int, code text);\n",
        },
        monkeypatch,
    )
    path = "migrations/20260103000000-x.js"
    (root / "migrations").mkdir()
    (root / path).write_text(ADD_INDEX)
    git(root, "add", "-A")
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 1, found
    assert ("DBN013", path, 6, "error") in [(c, p, n, s) for c, p, n, s, _ in found], found


DOTTED_DBM = """exports.up = function (db, callback) {
  db.createTable('s.t', {
    id: { type: 'int', primaryKey: true },
    code: { type: 'string', unique: true },
    ownerId: { type: 'int', foreignKey: { name: 's.t_owner_fk', table: 's.t', mapping: 'id' } },
  }, function () {
    db.addIndex('s.t', 't_code_idx', ['code'], function () {
      db.renameColumn('s.t', 'code', 'label', callback);
    });
  });
};

exports.down = function (db, callback) {
  callback();
};
"""

DOTTED_PGM = """exports.up = (pgm) => {
  pgm.createTable('s.t', { id: 'id', code: { type: 'text' } }, { constraints: { unique: ['code'] } });
  pgm.createIndex('s.t', 'code');
  pgm.createTable(
    { schema: 's', name: 'u' },
    { id: 'id', a: 'int', b: { type: 'int', references: 's.u(id)' } },
    { constraints: { unique: ['a'] } },
  );
  pgm.createIndex({ schema: 's', name: 'u' }, ['a', 'b'], { unique: true });
  pgm.addColumns({ schema: 's', name: 'u' }, { c: 'int' });
  pgm.renameColumn({ schema: 's', name: 'u' }, 'c', 'd');
  pgm.createIndex({ schema: 's', name: 'u' }, 'd');
  pgm.dropIndex({ schema: 's', name: 'u' }, 'd');
  pgm.renameTable({ schema: 's', name: 'u' }, 'u2');
};
"""  # noqa: E501

#: Every table, column, constraint and index of the schemas public and s.
CATALOG = {
    "tables": "SELECT schemaname || '|' || tablename AS n FROM pg_tables "
    "WHERE schemaname IN ('public', 's')",
    "columns": "SELECT table_schema || '|' || table_name || '|' || column_name AS n "
    "FROM information_schema.columns WHERE table_schema IN ('public', 's')",
    "constraints": "SELECT n.nspname || '|' || conname AS n FROM pg_constraint c "
    "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname IN ('public', 's')",
    "indexes": "SELECT schemaname || '|' || tablename || '|' || indexname AS n "
    "FROM pg_indexes WHERE schemaname IN ('public', 's')",
}


def _catalog(pg: PgServer, db: str) -> dict[str, list[str]]:
    return {
        k: sorted(str(r["n"]) for r in pg.query_json(q, db) if "migrations" not in str(r["n"]))
        for k, q in CATALOG.items()
    }


@pytest.mark.parametrize("tool", ["db-migrate", "node-pg-migrate"])
def test_a_dotted_table_name_is_the_tools_own(pg: PgServer, tmp_path: Path, tool: str) -> None:
    """``createTable('s.t', ...)``: db-migrate-base's ``escapeDDL`` (``'"' +
    str + '"'``) and node-pg-migrate's ``createSchemalize`` (a string quoted
    as it is) make the table ``"s.t"`` in the search path's schema, not
    ``s``'s ``t`` (the reader split it); node-pg-migrate's ``{schema: 's',
    name: 'u'}`` is ``"s"."u"``, its made names from ``u`` alone (``u_pkey``,
    ``u_uniq_a``, ``u_a_b_unique_index``: were holes). Oracle: each tool run
    on PostgreSQL 15 makes what the read SQL makes."""
    from dbnamelint.dbmigrate_schema import builder_sql

    node_for(DBMIGRATE, "db-migrate-pg" if tool == "db-migrate" else "node-pg-migrate")
    text = DOTTED_DBM if tool == "db-migrate" else DOTTED_PGM
    ours_sql = builder_text(builder_sql, "m.js", text)
    with pg.fresh_database("leftovers_dots_theirs") as db:
        pg.run(sql="CREATE SCHEMA s;", dbname=db)
        if tool == "db-migrate":
            _run_db_migrate(pg, tmp_path, db, text)
        else:
            (tmp_path / "migrations").mkdir()
            (tmp_path / "migrations" / "1700000000000_dots.js").write_text(text)
            node_pg_migrate_up(tmp_path / "migrations", pg.url(db))
        theirs = _catalog(pg, db)
    with pg.fresh_database("leftovers_dots_ours") as db:
        pg.run(sql="CREATE SCHEMA s;\n" + ours_sql, dbname=db)
        ours = _catalog(pg, db)
    assert ours == theirs
    assert "public|s.t" in theirs["tables"]


PGM_MORE = """exports.up = (pgm) => {
  pgm.createTable('owners', { id: 'id', label: { type: 'string' }, code: 'int', kind: 'text' });
  pgm.createType('MoodKind', ['happy', 'sad']);
  pgm.addTypeValue('MoodKind', 'meh', { before: 'sad' });
  pgm.addTypeValue('MoodKind', 'ok', { ifNotExists: true });
  pgm.renameTypeValue('MoodKind', 'meh', 'so-so');
  pgm.renameType('MoodKind', 'mood_kinds');
  pgm.createType({ schema: 's', name: 'PairType' }, { leftId: 'int', rightName: { type: 'string' } });
  pgm.alterColumn('owners', 'code', { type: 'bigint', notNull: true, default: 0 });
  pgm.alterColumn('owners', 'label', { notNull: false, default: null, sequenceGenerated: undefined });
  pgm.alterColumn('owners', 'code', { default: null });
  pgm.alterColumn('owners', 'code', { sequenceGenerated: { precedence: 'BY DEFAULT' } });
  pgm.addConstraint('owners', 'OwnersLabelCheck', { check: 'code <> 0' });
  pgm.addConstraint('owners', null, { unique: [['label'], ['kind', 'code']] });
  pgm.addConstraint('owners', 'owners_kind_named', 'CHECK (kind IS NOT NULL)');
  pgm.createTable(
    'pets',
    { ownerId: 'int', tag: 'text' },
    { constraints: { foreignKeys: { columns: 'ownerId', references: 'owners', onDelete: 'CASCADE' }, check: "tag <> ''" } },
  );
  pgm.addConstraint('pets', null, { primaryKey: ['ownerId', 'tag'], exclude: undefined });
  pgm.addConstraint('pets', 'PetsOwnerFk', { foreignKeys: [{ columns: ['ownerId'], references: 'owners(id)' }] });
  pgm.createConstraint({ schema: 'public', name: 'pets' }, null, { check: ['tag <> \\'x\\'', 'tag <> \\'y\\''] });
};
"""  # noqa: E501

TYPES = {
    "types": "SELECT n.nspname || '|' || t.typname AS n FROM pg_type t "
    "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname IN ('public', 's') "
    "AND t.typtype IN ('e', 'c') AND t.typrelid = 0 OR (t.typtype = 'c' AND "
    "n.nspname IN ('public', 's') AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')",
    "labels": "SELECT t.typname || '|' || e.enumsortorder::text || '|' || e.enumlabel AS n "
    "FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid",
    "identity": "SELECT table_name || '|' || column_name || '|' || is_identity || '|' "
    "|| is_nullable || '|' || data_type || '|' || coalesce(column_default, '') AS n "
    "FROM information_schema.columns WHERE table_schema = 'public'",
}


def test_node_pg_migrate_alter_column_constraints_and_types_are_read(
    pg: PgServer, tmp_path: Path
) -> None:
    """``alterColumn``, ``addConstraint``/``createConstraint`` (an options
    object: ``<t>_chck[_<n>]``, ``<t>_uniq_<cols>``, ``<t>_pkey``,
    ``<t>_fk_<cols>``, or the name given; or an SQL string),
    ``createType``/``addType`` (an enum, a composite), ``addTypeValue``,
    ``renameType``, ``renameTypeValue`` were ``DBN013``; each is read as the
    SQL node-pg-migrate 7.9.1 sends. Oracle: node-pg-migrate run on
    PostgreSQL 15 makes the same tables, columns (types, nullability,
    identity, defaults), constraints, indexes, types and enum labels."""
    from dbnamelint.dbmigrate_schema import builder_sql

    node_for(DBMIGRATE, "node-pg-migrate")
    ours_sql = builder_text(builder_sql, "m.js", PGM_MORE)

    def catalog(db: str) -> dict[str, list[str]]:
        out = _catalog(pg, db)
        for k, q in TYPES.items():
            out[k] = sorted(
                str(r["n"]) for r in pg.query_json(q, db) if "migrations" not in str(r["n"])
            )
        return out

    with pg.fresh_database("leftovers_pgm_theirs") as db:
        pg.run(sql="CREATE SCHEMA s;", dbname=db)
        (tmp_path / "migrations").mkdir()
        (tmp_path / "migrations" / "1700000000000_more.js").write_text(PGM_MORE)
        node_pg_migrate_up(tmp_path / "migrations", pg.url(db))
        theirs = catalog(db)
    with pg.fresh_database("leftovers_pgm_ours") as db:
        pg.run(sql="CREATE SCHEMA s;\n" + ours_sql, dbname=db)
        ours = catalog(db)
    assert ours == theirs
    assert "public|PetsOwnerFk" in theirs["constraints"]
    assert "s|PairType" in theirs["types"]


def test_a_new_node_pg_migrate_type_and_constraint_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The names ``createType``, ``addConstraint`` and ``renameType`` make in
    a new migration are judged at their literals, as a ``.sql`` file's (they
    were the ``DBN013`` refusal, with no name checked)."""
    from check_json import new_file_errors

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: postgres\n',
            "schema.sql": "CREATE TABLE owners (id int, label text);\n",
        },
        monkeypatch,
    )
    text = (
        "exports.up = (pgm) => {\n"
        "  pgm.createType('MoodKind', ['a', 'b']);\n"
        "  pgm.addConstraint('owners', 'OwnersLabelCheck', { check: 'label <> 0' });\n"
        "  pgm.alterColumn('owners', 'label', { notNull: true });\n"
        "};\n"
    )
    found = new_file_errors(root, "migrations/1700000000000_x.js", text)
    assert found == [("DBN401", 3), ("DBN505", 2)]  # OwnersLabelCheck, MoodKind


def _builder_sql(path: str, text: str) -> tuple[list[str], list[str]]:
    """The statements an Ecto, EF Core or Rails migration's builder calls
    are read as, and the calls not read."""
    from dbnamelint import code_builders

    kind = code_builders.builder_kind(path, text)
    assert kind is not None
    reader = {
        "ecto": code_builders._Ecto,
        "efcore": code_builders._EfCore,
        "rails": code_builders._Rails,
    }[kind](text)
    reader.read()
    statements = [" ".join(sql for _, sql, _ in pieces) for _, _, pieces in reader.calls]
    return statements, [u.call for u in reader.unread]


RAILS_JOIN = """class CreateJoins < ActiveRecord::Migration[7.1]
  def change
    create_join_table :products, :categories do |t|
      t.index [:product_id, :category_id]
    end
    create_join_table :music_albums, :music_records
    create_join_table :users, :roles, table_name: :memberships, column_options: { null: true }
  end
end
"""

RAILS_TABLES = """class CreateTables < ActiveRecord::Migration[7.1]
  def change
    create_table :categories_products, id: false do |t|
      t.references :product, null: false, index: false
      t.references :category, null: false, index: false
      t.index [:product_id, :category_id]
    end
    create_table :music_albums_records, id: false do |t|
      t.references :music_album, null: false, index: false
      t.references :music_record, null: false, index: false
    end
    create_table :memberships, id: false do |t|
      t.references :user, null: true, index: false
      t.references :role, null: true, index: false
    end
  end
end
"""


def test_rails_create_join_table_is_the_create_table_rails_runs() -> None:
    """``create_join_table :products, :categories`` was ``DBN013``. Rails'
    ``SchemaStatements#create_join_table`` (rails/rails
    activerecord/lib/active_record/connection_adapters/abstract/schema_statements.rb)
    runs ``create_table(derive_join_table_name(a, b), id: false)`` with
    ``td.references a.singularize, null: false, index: false`` for each (and
    ``column_options`` over those, ``table_name:`` for the name;
    ``derive_join_table_name`` in model_schema.rb sorts the names and keeps
    a common prefix once): the same SQL as those ``create_table`` calls."""
    path = "db/migrate/20240101000000_create_joins.rb"
    joined, unread = _builder_sql(path, RAILS_JOIN)
    assert not unread, unread
    tables, _ = _builder_sql(path, RAILS_TABLES)
    assert joined == tables
    assert joined[0].startswith('CREATE TABLE "categories_products" ( "product_id" bigint NOT NULL')


def test_rails_create_join_table_makes_what_postgres_holds(pg: PgServer) -> None:
    """The read SQL runs on PostgreSQL 15: the tables and columns Rails names."""
    joined, _ = _builder_sql("db/migrate/20240101000000_create_joins.rb", RAILS_JOIN)
    with pg.fresh_database("leftovers_join") as db:
        pg.run(sql=";\n".join(joined) + ";", dbname=db)
        rows = pg.query_json(
            "SELECT table_name || '.' || column_name || ':' || is_nullable AS n "
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1",
            db,
        )
    assert [r["n"] for r in rows] == [
        "categories_products.category_id:NO",
        "categories_products.product_id:NO",
        "memberships.role_id:YES",
        "memberships.user_id:YES",
        "music_albums_records.music_album_id:NO",
        "music_albums_records.music_record_id:NO",
    ]


ECTO_RENAME = """defmodule Repo.Migrations.RenameIndexes do
  use Ecto.Migration

  def change do
    rename index(:people, [:name], name: "persons_name_index"), to: "people_name_index"
    rename(index(:people, [:email]), to: "PeopleEmailIdx")
    rename index(:people, [:age], prefix: "app"), to: :people_age_idx
  end
end
"""


def test_ecto_rename_index_is_read(pg: PgServer) -> None:
    """``rename index(...), to: "new"`` was ``DBN013``: ecto_sql's PostgreSQL
    connection (lib/ecto/adapters/postgres/connection.ex) sends ``ALTER INDEX
    <quote_name(prefix, name)> RENAME TO <quote_name(new)>``, the old name
    ``name:`` or ``default_index_name`` (``<table>_<columns>_index``,
    lib/ecto/migration.ex). PostgreSQL runs it on the indexes so named."""
    statements, unread = _builder_sql("priv/repo/migrations/20240101000000_x.exs", ECTO_RENAME)
    assert not unread, unread
    assert statements == [
        'ALTER INDEX "persons_name_index" RENAME TO "people_name_index"',
        'ALTER INDEX "people_email_index" RENAME TO "PeopleEmailIdx"',
        'ALTER INDEX "app"."people_age_index" RENAME TO "people_age_idx"',
    ]
    with pg.fresh_database("leftovers_ecto") as db:
        pg.run(
            sql="CREATE TABLE people (name text, email text);"
            'CREATE INDEX "persons_name_index" ON people (name);'
            'CREATE INDEX "people_email_index" ON people (email);'
            "CREATE SCHEMA app; CREATE TABLE app.people (age int);"
            'CREATE INDEX "people_age_index" ON app.people (age);' + ";".join(statements),
            dbname=db,
        )
        rows = pg.query_json(
            "SELECT schemaname || '.' || indexname AS n FROM pg_indexes "
            "WHERE schemaname IN ('public', 'app') ORDER BY 1",
            db,
        )
    assert [r["n"] for r in rows] == [
        "app.people_age_idx",
        "public.PeopleEmailIdx",
        "public.people_name_index",
    ]


EF_SEQUENCE = """using Microsoft.EntityFrameworkCore.Migrations;

public partial class Sequences : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.EnsureSchema(name: "shared");
        migrationBuilder.CreateSequence<int>(
            name: "OrderNumbers",
            schema: "shared",
            startValue: 1000L,
            incrementBy: 5);
        migrationBuilder.CreateSequence(name: "EFProductIdHiLoSequence", incrementBy: 10);
    }
}
"""


def test_ef_core_create_sequence_is_read(pg: PgServer) -> None:
    """``migrationBuilder.CreateSequence`` was ``DBN013``: EF Core's
    ``MigrationsSqlGenerator.Generate(CreateSequenceOperation)`` (which Npgsql
    inherits) writes ``CREATE SEQUENCE "schema"."name" [AS <type>] START WITH
    n`` and its options, ``AS`` only for a type other than ``long``.
    PostgreSQL runs it: the sequences, of those types."""
    statements, unread = _builder_sql("Migrations/20240101000000_Sequences.cs", EF_SEQUENCE)
    assert not unread, unread
    assert statements[1:] == [
        'CREATE SEQUENCE "shared"."OrderNumbers" AS integer START WITH 1000 INCREMENT BY 5',
        'CREATE SEQUENCE "EFProductIdHiLoSequence" START WITH 1 INCREMENT BY 10',
    ]
    with pg.fresh_database("leftovers_efseq") as db:
        pg.run(sql=";\n".join(statements) + ";", dbname=db)
        rows = pg.query_json(
            "SELECT schemaname || '.' || sequencename || ':' || data_type::text || ':' "
            "|| start_value::text AS n FROM pg_sequences ORDER BY 1",
            db,
        )
    assert [r["n"] for r in rows] == [
        "public.EFProductIdHiLoSequence:bigint:1",
        "shared.OrderNumbers:integer:1000",
    ]


def test_db_migrate_not_null_is_the_literal_true_only() -> None:
    """db-migrate-pg's ``createColumnConstraint`` writes ``NOT NULL`` for
    ``spec.notNull === true`` only (``changeColumn``'s ``SET`` too), while
    ``unique`` and ``primaryKey`` are tested for truth: ``notNull: 1`` makes
    a nullable column, ``unique: 1`` a unique one, and neither is unread."""
    from dbnamelint.dbmigrate_schema import builder_sql

    found = builder_sql(
        "m.js",
        "exports.up = function (db, cb) {\n"
        "  db.createTable('t', { a: { type: 'int', notNull: 1, unique: 1 } }, cb);\n};\n",
    )
    assert not found.unread, found.unread
    sql = [" ".join(p for _, p, _ in pieces) for _, _, pieces in found.calls]
    assert sql == ['create table "t" ("a" INTEGER unique)'], sql


def test_prune_marks_no_phase_done_while_an_applied_migration_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry removed by hand and the migration that made its table
    deleted in the same working tree: prune marked the emptied phase done
    (``burndown``'s count: no entry left), though every database that ran the
    migration keeps ``acme_cache``. Now it keeps the phase as declared and
    says why."""
    import re

    root = committed_repo(tmp_path / "p", FILES, monkeypatch, "app")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    path = root / "whitelist.yaml"
    text = path.read_text(encoding="utf-8")
    entry = re.search(r"(?m)^  - kind: table\n    name: acme_cache\n(?:    .*\n)*", text)
    assert entry is not None, text
    path.write_text(text.replace(entry.group(), ""), encoding="utf-8")
    commit_all(root, "remove the entry")  # a committed version listed it: burndown's history
    (root / "migrations/000002_cache.up.sql").unlink()
    before = path.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "marked" not in result.output.replace("not marked", ""), result.output
    assert re.search(r"kept phase \S+ as declared", result.output), result.output
    assert path.read_text(encoding="utf-8") == before
