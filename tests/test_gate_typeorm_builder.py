"""TypeORM's QueryRunner builder calls in a migration are read by the gate, never passed silently.

A new TypeORM migration (``class Add1700000000000 implements
MigrationInterface``) whose ``up()`` ran ``queryRunner.createTable(new
Table({name: "BuilderTable", ...}))`` and ``queryRunner.addColumn("users",
new TableColumn({name: "lastLogin", ...}))`` passed the hook with only its
``queryRunner.query`` string read: the names the builder calls made were
neither checked nor said. :mod:`dbnamelint.typeorm_schema` reads the common
calls as the SQL TypeORM's ``PostgresQueryRunner`` sends (with
``DefaultNamingStrategy``'s ``PK_``/``UQ_``/``FK_``/``IDX_`` names), and any
other schema-changing call of the runner is ``DBN013``: an error in a new
migration unless a ``// dbnamelint: ignore[DBN013] <reason>`` comment above
it accepts it.

Oracle: TypeORM 1.1.3 itself (tests/typeorm/run.cjs, ``DataSource.
runMigrations``) runs the migration on PostgreSQL 15; the SQL this module
writes for it, run on another database, makes the same tables, columns,
constraints and indexes. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import assert_edit_fails, check_entries, new_file_errors, stage
from git_helpers import committed_repo
from node_oracle import TYPEORM, builder_text, node_for, run_cjs
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE users (id integer PRIMARY KEY);\n"

PATH = "src/migrations/1700000000000-Add.ts"
#: The trial's migration: a query string (read before) and two builder calls.
MIGRATION = """import { MigrationInterface, QueryRunner, Table, TableColumn } from "typeorm";

export class Add1700000000000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "AuditEntries" ("id" integer PRIMARY KEY)`);
        await queryRunner.createTable(new Table({ name: "BuilderTable", columns: [{ name: "someCol", type: "int" }] }));
        await queryRunner.addColumn("users", new TableColumn({ name: "lastLogin", type: "timestamp" }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "RollbackOnly", columns: [{ name: "badName", type: "int" }] }));
    }
}
"""  # noqa: E501


#: The migrations folder outside ``paths:`` (the gate reads the changed file
#: alone) and in it (the model reads the folder: tests/test_typeorm_model.py).
IN_PATHS = "paths: [db, src/migrations]\ndialect: postgres\n"
CONFIGS = pytest.mark.parametrize("config", [CONFIG, IN_PATHS], ids=["outside", "in-paths"])
#: A migration the folder holds already.
FIRST = """import { MigrationInterface, QueryRunner } from "typeorm";

export class First1500000000000 implements MigrationInterface {
    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE audit_rows (id integer)`);
    }
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str = CONFIG) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            ".dbnamelint.yml": config,
            "db/schema.sql": SCHEMA,
            "src/migrations/1500000000000-First.ts": FIRST,
        },
        monkeypatch,
    )


@CONFIGS
def test_a_new_typeorm_migrations_builder_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    root = _repo(tmp_path, monkeypatch, config)
    assert new_file_errors(root, PATH, MIGRATION) == [
        ("DBN101", 5),  # AuditEntries: the query string
        ("DBN101", 6),  # BuilderTable
        ("DBN105", 6),  # BuilderTable: not plural
        ("DBN201", 6),  # someCol
        ("DBN201", 7),  # lastLogin
    ]


#: Calls of the runner that make or change names and are not read.
UNREAD = """import { MigrationInterface, QueryRunner, Table, TableColumn } from "typeorm";

const spec = new Table({ name: "audit_logs", columns: [] });
export class More1700000000001 implements MigrationInterface {
    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createSchema("Reports", true);
        await queryRunner.changeColumn("users", "id", new TableColumn({ name: "userId", type: "int" }));
        await queryRunner.createTable(spec);
        await queryRunner.createView(view);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.changeColumn("users", "userId", new TableColumn({ name: "id", type: "int" }));
    }
}
"""  # noqa: E501


@CONFIGS
def test_a_call_not_read_is_dbn013_in_a_new_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """Never silent: each unread schema-changing call of ``up()`` is a
    ``DBN013`` error in a new migration, as a builder call of the other
    tools is; ``down()``'s are not read. A ``dbnamelint: ignore[DBN013]
    <reason>`` comment in the file accepts them (notes)."""
    root = _repo(tmp_path, monkeypatch, config)
    path = "src/migrations/1700000000001-More.ts"
    stage(root, path, UNREAD)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        mine = sorted((c, line, s) for c, p, line, s, _ in found if p == path)
        assert mine == [("DBN013", n, "error") for n in (6, 7, 8, 9)], mine
    # on the line above each call: what paths:' reading asks (the change's
    # reading takes one anywhere in the file)
    accepted = UNREAD.replace(
        "        await queryRunner.c",
        "        // dbnamelint: ignore[DBN013] checked by hand: names as the standard says\n"
        "        await queryRunner.c",
    )
    stage(root, path, accepted)
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 0, found


APPLIED_PATH = "src/migrations/1600000000000-Init.ts"
APPLIED = """import { MigrationInterface, QueryRunner } from "typeorm";

export class Init1600000000000 implements MigrationInterface {
    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE users ADD pin integer`);
    }
}
"""


def test_adding_a_builder_call_to_an_applied_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {".dbnamelint.yml": CONFIG, "db/schema.sql": SCHEMA, APPLIED_PATH: APPLIED},
        monkeypatch,
    )
    call = (
        'await queryRunner.addColumn("users", new TableColumn({ name: "pin_tries", type: "int" }));'
    )
    edited = APPLIED.replace("await queryRunner.query", call + "\n        await queryRunner.query")
    assert_edit_fails(root, APPLIED_PATH, edited)


def test_the_default_names_are_typeorms() -> None:
    """``DefaultNamingStrategy``: the SHA-1 of ``<table>_<sorted columns>``."""
    from dbnamelint.typeorm_schema import _hash

    # TypeORM 1.1.3: new DefaultNamingStrategy().primaryKeyName("users", ["id"]) etc.
    assert _hash("PK_", 27, "users", ["id"]) == "PK_a3ffb1c0c8416b9fc6f907b7433"
    assert _hash("IDX_", 26, "public.users", ["name", "email"]) == "IDX_2d4a15c7f8b3864a5465fb687e"


#: For the oracle: every call read, as a CommonJS module TypeORM loads.
ORACLE = """const { Table, TableCheck, TableColumn, TableIndex, TableForeignKey, TableUnique } = require("typeorm");

module.exports = class Orders1700000000002 {
  async up(queryRunner) {
    await queryRunner.createTable(
      new Table({
        name: "Orders",
        columns: [
          { name: "id", type: "int", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          { name: "userId", type: "int" },
          { name: "code", type: "varchar", length: "20", isUnique: true },
          { name: "note", type: "text", isNullable: true },
          { name: "Status", type: "enum", enum: ["new", "paid"], default: "'new'" },
          { name: "kind", type: "enum", enum: ["a", "b"], enumName: "order_kind" },
        ],
        indices: [{ columnNames: ["userId"] }, { name: "IDX_orders_note", columnNames: ["note", "code"], isUnique: true }],
        foreignKeys: [{ columnNames: ["userId"], referencedTableName: "users", referencedColumnNames: ["id"], onDelete: "CASCADE" }],
        uniques: [{ columnNames: ["note", "userId"] }, { name: "UQ_orders_code_note", columnNames: ["code", "note"] }],
        checks: [{ expression: `"userId" > 0` }, { name: "CHK_code", expression: "length(code) > 2" }],
      }),
      true,
    );
    await queryRunner.createTable(new Table({
      name: "tags",
      columns: [
        { name: "orderId", type: "int", isPrimary: true },
        { name: "label", type: "varchar", isPrimary: true, primaryKeyConstraintName: "PK_tags" },
      ],
    }));
    await queryRunner.addColumn("users", new TableColumn({ name: "lastLogin", type: "timestamp", isNullable: true }));
    await queryRunner.addColumn("users", new TableColumn({ name: "role", type: "enum", enum: ["x", "y"], isNullable: true }));
    await queryRunner.addColumns("users", [
      new TableColumn({ name: "email", type: "varchar", isNullable: true, isUnique: true }),
      new TableColumn({ name: "nickName", type: "varchar", isNullable: true }),
    ]);
    await queryRunner.renameColumn("users", "nickName", "handle");
    await queryRunner.createIndex("users", new TableIndex({ columnNames: ["handle", "email"] }));
    await queryRunner.createIndex("Orders", new TableIndex({ name: "IDX_code", columnNames: ["code"], where: "code IS NOT NULL" }));
    await queryRunner.createForeignKey("tags", new TableForeignKey({ columnNames: ["orderId"], referencedTableName: "Orders", referencedColumnNames: ["id"] }));
    await queryRunner.createForeignKey("tags", new TableForeignKey({ name: "FK_tag_user", columnNames: ["label"], referencedTableName: "Orders", referencedColumnNames: ["code"] }));
    await queryRunner.createTable(new Table({ name: "links", columns: [{ name: "body", type: "text" }, { name: "ref", type: "int" }] }));
    await queryRunner.createPrimaryKey("links", ["body"]);
    await queryRunner.createIndices("links", [new TableIndex({ columnNames: ["ref"] }), new TableIndex({ name: "IDX_body", columnNames: ["body", "ref"], isUnique: true })]);
    await queryRunner.createForeignKeys("links", [new TableForeignKey({ columnNames: ["ref"], referencedTableName: "users", referencedColumnNames: ["id"] })]);
    await queryRunner.createUniqueConstraint("links", new TableUnique({ columnNames: ["ref"] }));
    await queryRunner.createUniqueConstraints("users", [new TableUnique({ name: "UQ_users_handle", columnNames: ["handle"] })]);
    await queryRunner.createCheckConstraint("users", new TableCheck({ expression: "id > 0" }));
    await queryRunner.createCheckConstraints("users", [new TableCheck({ name: "CHK_users_id", expression: "id < 1000000" })]);
    await queryRunner.createTable(new Table({ name: "old_notes", columns: [{ name: "body", type: "text" }] }));
    await queryRunner.renameTable("old_notes", "notes");
    await queryRunner.createTable(new Table({ name: "tags2", columns: [{ name: "a", type: "int" }, { name: "b", type: "int" }] }));
    await queryRunner.createPrimaryKey("tags2", ["a", "b"], "PK_tags2");
  }

  async down(queryRunner) {
    await queryRunner.createTable(new Table({ name: "RollbackOnly", columns: [{ name: "x", type: "int" }] }));
  }
};
"""  # noqa: E501


def _our_sql(path: str, text: str) -> str:
    from dbnamelint.typeorm_schema import builder_sql

    return builder_text(builder_sql, path, text)


def _without_runner_table(
    names: dict[str, list[tuple[str, str]]],
) -> dict[str, list[tuple[str, str]]]:
    """The catalog's names but TypeORM's own ``migrations`` table's."""
    return {
        k: [(t, n) for t, n in v if t != "migrations" and n != "migrations"]
        for k, v in names.items()
    }


def test_the_sql_makes_the_names_typeorm_makes(pg: PgServer, tmp_path: Path) -> None:
    node_for(TYPEORM, "typeorm")
    sql = _our_sql("migrations/1700000000002-Orders.js", ORACLE)
    assert "RollbackOnly" not in sql  # down() is not read
    module = tmp_path / "1700000000002-Orders.js"
    module.write_text(ORACLE)
    with pg.fresh_database("typeorm_theirs") as db:
        pg.run(sql=SCHEMA, dbname=db)
        run_cjs(TYPEORM, "typeorm", str(module), pg.url(db))
        theirs = _without_runner_table(public_names(pg, db))
    with pg.fresh_database("typeorm_ours") as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        ours = _without_runner_table(public_names(pg, db))
    assert ours == theirs
    constraints = [n for _, n in theirs["constraints"]]
    assert sum(n.startswith(("PK_", "UQ_", "FK_")) for n in constraints) >= 6
    assert sum(n.startswith("CHK_") and len(n) == 30 for n in constraints) == 2  # hashed
