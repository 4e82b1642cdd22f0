"""TypeORM migrations enter the model (dbnamelint.code_migrations), in TypeORM's order.

A folder of TypeORM migrations (``export class Init1700000000000
implements MigrationInterface``) named in ``paths:`` was read as nothing:
``inspect`` said "0 objects", so ``check``, ``drift`` and ``burndown`` saw
none of a TypeORM project's tables, while a Knex, Kysely, Sequelize,
db-migrate or node-pg-migrate folder entered the model. Now it is read as the
SQL TypeORM sends (its ``queryRunner.query`` strings and its QueryRunner
builder calls, :mod:`dbnamelint.typeorm_schema`) in TypeORM's order: by the
timestamp its class name (or its ``name`` field) ends with, whatever the
files are called (TypeORM 1.1's ``MigrationExecutor.getMigrations``), and
``init`` names the folder.

``renameTable``/``renameColumn`` rename with the table or column the
default-named ``PK_``/``UQ_``/``FK_``/``IDX_`` objects, ``serial`` sequences
and ``enum`` types (:mod:`dbnamelint.typeorm_names`), as TypeORM does:
before, the model kept the old table's hashed names, which the database no
longer has.

Oracle: TypeORM 1.1.3 itself (tests/typeorm/run.cjs, ``DataSource.
runMigrations``) runs the folder on PostgreSQL 15, given its files in name
order; ``inspect --db`` of that database (TypeORM's ``migrations`` table
left out) equals ``inspect`` of the files, and ``drift`` finds none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_json import inspect_json, model_objects
from dbnamelint.cli import cli
from node_oracle import TYPEORM, run_cjs
from pg_server import PgServer
from tree_helpers import write_tree

#: JavaScript migrations TypeORM runs: named so that name order is not
#: TypeORM's (the rename's file sorts first, its timestamp is later).
FILES = {
    "migrations/b-init.js": """const { Table } = require("typeorm");

module.exports = class Init1700000000001 {
  async up(queryRunner) {
    await queryRunner.query(`CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.createTable(new Table({
      name: "posts",
      columns: [
        { name: "id", type: "int", isPrimary: true, isGenerated: true, generationStrategy: "increment" },
        { name: "userId", type: "int" },
        { name: "slug", type: "varchar", isUnique: true },
        { name: "title", type: "varchar" },
        { name: "state", type: "enum", enum: ["draft", "live"] },
        { name: "kind", type: "enum", enum: ["a", "b"], enumName: "post_kind" },
      ],
      indices: [
        { columnNames: ["title"] },
        { name: "IDX_posts_slug_title", columnNames: ["slug", "title"] },
        { columnNames: ["userId"], where: `"userId" IS NOT NULL` },
      ],
      foreignKeys: [{ columnNames: ["userId"], referencedTableName: "users", referencedColumnNames: ["id"] }],
      checks: [{ expression: `"userId" > 0` }],
    }));
  }

  async down(queryRunner) {
    await queryRunner.query(`DROP TABLE "posts"`);
  }
};
""",  # noqa: E501
    "migrations/a-rename.js": """module.exports = class Rename1700000000002 {
  async up(queryRunner) {
    await queryRunner.renameTable("posts", "articles");
    await queryRunner.renameColumn("articles", "title", "headline");
    await queryRunner.renameColumn("articles", "id", "articleId");
    await queryRunner.renameColumn("users", "email", "mail");
    await queryRunner.renameColumn("articles", "state", "phase");
  }

  async down(queryRunner) {
    await queryRunner.renameTable("articles", "posts");
  }
};
""",
    # its class is no timestamp's; its name field is (TypeORM reads the field)
    "migrations/0-tags.js": """module.exports = class CreateTags {
  name = "CreateTags1700000000003";

  async up(queryRunner) {
    await queryRunner.query(`CREATE TABLE "tags" ("id" integer NOT NULL, CONSTRAINT "PK_tags" PRIMARY KEY ("id"))`);
    await queryRunner.renameTable("tags", "labels");
    await queryRunner.query(`CREATE TABLE "notes" ("id" integer NOT NULL, CONSTRAINT "PK_af6206538ea96c4e77e9f400c3d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "notes" RENAME TO "memos"`);
  }

  async down(queryRunner) {}
};
""",  # noqa: E501
}
#: What TypeORM 1.1.3 makes of them on PostgreSQL 15 (the catalog, read by
#: ``inspect --db``): the hashed names of the renamed table's and columns'
#: objects are those of the new names; CHK_, the named ones, the partial
#: index's (its hash holds the ``where`` as written, TypeORM's reading of the
#: database a parenthesized one), the ``enumName`` type and those of a table
#: a ``queryRunner.query`` string renames keep theirs.
MADE = {
    ("table", "", "users"),
    ("column", "users", "id"),
    ("column", "users", "mail"),
    ("constraint", "users", "UQ_2e5b50f4b7c081eceea476ad128"),
    ("constraint", "users", "PK_a3ffb1c0c8416b9fc6f907b7433"),
    ("sequence", "", "users_id_seq"),
    ("table", "", "articles"),
    ("column", "articles", "articleId"),
    ("column", "articles", "userId"),
    ("column", "articles", "slug"),
    ("column", "articles", "headline"),
    ("column", "articles", "phase"),
    ("column", "articles", "kind"),
    ("constraint", "articles", "UQ_1123ff6815c5b8fec0ba9fec370"),
    ("constraint", "articles", "CHK_d2d9e7ca39619293e1984a32b6"),
    ("constraint", "articles", "FK_a9d18538b896fe2a6762e143bea"),
    ("constraint", "articles", "PK_709f0216840494e847a430f57b7"),
    ("index", "articles", "IDX_5294a18e693d36d6f1b879271c"),
    ("index", "articles", "IDX_posts_slug_title"),
    ("index", "articles", "IDX_4a2fd96265b77b11ebf3278fd6"),
    ("sequence", "", "articles_articleId_seq"),
    ("type", "", "articles_phase_enum"),
    ("type", "", "post_kind"),
    ("table", "", "labels"),
    ("column", "labels", "id"),
    ("constraint", "labels", "PK_tags"),
    # renamed by a query string: TypeORM renames nothing with it
    ("table", "", "memos"),
    ("column", "memos", "id"),
    ("constraint", "memos", "PK_af6206538ea96c4e77e9f400c3d"),
}


def _tree(root: Path) -> Path:
    return write_tree(root, FILES)


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict]:
    return inspect_json(root, monkeypatch, "--no-cache", *args)


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return model_objects(data, ("migrations",))  # TypeORM's own table


def test_a_typeorm_folder_is_read_in_typeorms_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` names the folder; ``inspect`` reads it by the timestamps
    (name order would rename ``posts`` before any file made it)."""
    root = _tree(tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert "Found 3 code migrations: migrations (3 files, TypeORM migrations)" in result.output
    assert "paths:\n  - migrations\n" in (root / "dbnamelint.yaml").read_text()
    code, data = _inspect(root, monkeypatch, "--dialect", "postgres")
    assert code == 0, data["diagnostics"]
    assert _objects(data) == MADE
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"], data["diagnostics"]


def test_typeorm_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path)
    files = sorted(str(p) for p in (root / "migrations").iterdir())  # a glob's order
    with pg.fresh_database("dbnamelint_typeorm_model") as database:
        ran = run_cjs(TYPEORM, "typeorm", *files, pg.url(database))
        assert "ran: Init1700000000001 Rename1700000000002 CreateTags1700000000003" in ran.stdout
        _code, live = _inspect(root, monkeypatch, "--db", pg.url(database))
        drift = CliRunner().invoke(
            cli,
            [
                "drift",
                "--no-cache",
                "--dialect",
                "postgres",
                "--db",
                pg.url(database),
                "migrations",
            ],
        )
    _code, read = _inspect(root, monkeypatch, "--dialect", "postgres", "migrations")
    assert _objects(live) == MADE
    assert _objects(read) == MADE
    assert drift.exit_code == 0, drift.output
    assert "left out of both sides: migrations (TypeORM's own table" in drift.output
    assert "No drift" in drift.output


#: TypeScript migrations as ``migration:create`` writes them, each file named
#: by its timestamp, the second's name field given.
TS_FILES = {
    "src/migrations/1700000000000-Init.ts": """import { MigrationInterface, QueryRunner, Table } from "typeorm";

export class Init1700000000000 implements MigrationInterface {
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.createTable(new Table({ name: "accounts", columns: [{ name: "id", type: "int", isPrimary: true }] }));
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.dropTable("accounts");
    }
}
""",  # noqa: E501
    "src/migrations/1690000000000-Later.ts": """import { MigrationInterface, QueryRunner } from "typeorm";

export class Later1700000000001 implements MigrationInterface {
    name = 'Later1700000000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.renameTable("accounts", "userAccounts");
        await queryRunner.createSchema("reports");
    }

    public async down(queryRunner: QueryRunner): Promise<void> {}
}
""",  # noqa: E501
}


def test_check_reads_typescript_migrations_and_says_what_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` of a ``paths:`` folder of TypeScript migrations: the class's
    timestamp orders them (the later file name sorts first), the renamed
    table's key follows it, its name is judged at the call, and a call not
    read is the ``DBN013`` warning at the call, naming TypeORM."""
    write_tree(tmp_path, TS_FILES)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [src/migrations]\ndialect: postgres\n")
    code, data = _inspect(tmp_path, monkeypatch)
    assert code == 0, data["diagnostics"]
    # DefaultNamingStrategy.primaryKeyName("userAccounts", ["id"])
    assert _objects(data) == {
        ("table", "", "userAccounts"),
        ("column", "userAccounts", "id"),
        ("constraint", "userAccounts", "PK_5e56ae387f12a9271f2bcdec35b"),
    }
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    found = json.loads(result.stdout)
    where = {(f["code"], f["name"], f["line"]) for f in found["findings"]}
    # the names at the rename call: the table's, and the key TypeORM renamed with it
    assert where == {
        ("DBN101", "userAccounts", 7),
        ("DBN401", "PK_5e56ae387f12a9271f2bcdec35b", 7),
    }, found["findings"]
    unread = [d for d in found["diagnostics"] if d["code"] == "DBN013"]
    assert [(d["line"], d["severity"]) for d in unread] == [(8, "warning")], unread
    assert "TypeORM schema builder call (queryRunner.createSchema)" in unread[0]["message"]


def test_migrate_write_writes_a_typeorm_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate`` plans from the folder's model; ``--write`` writes a new
    migration class (it used to refuse, exit 2, saying to paste the SQL into
    ``queryRunner.query(...)`` calls), in the style of the folder's newest
    migration by timestamp, ``Later1700000000001`` in the file that sorts
    first: its ``name = '...'`` quotes. TypeORM running it:
    tests/test_migrate_typeorm_write_s43.py."""
    write_tree(tmp_path, TS_FILES)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [src/migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    rename = ["migrate", "--no-cache", "--rename", '"userAccounts"=user_accounts']
    printed = CliRunner().invoke(cli, rename)
    assert 'ALTER TABLE "userAccounts" RENAME TO "user_accounts";' in printed.output, printed.output
    written = CliRunner().invoke(cli, [*rename, "--write"])
    assert written.exit_code == 0, written.output
    new = sorted(p.name for p in (tmp_path / "src/migrations").iterdir() if "Rename" in p.name)
    assert len(new) == 1 and re.fullmatch(r"\d{13}-RenameTables\.ts", new[0]), new
    text = (tmp_path / "src/migrations" / new[0]).read_text()
    assert f"export class RenameTables{new[0][:13]} implements MigrationInterface {{" in text
    assert f"    name = 'RenameTables{new[0][:13]}'" in text
    rename_call = 'await queryRunner.query(`ALTER TABLE "userAccounts" RENAME TO "user_accounts"`);'
    assert rename_call in text


@pytest.mark.parametrize(
    ("name", "stamp"),
    [
        # node: parseInt(name.slice(-13), 10), refused when 0 or NaN
        ("Init1700000000000", 1700000000000),
        ("Init", None),
        ("Add12", None),
        ("x 170000000000a", 170000000000),
        ("Users-0001700000000", 1700000000),
        ("A0000000000000", None),
    ],
)
def test_the_timestamp_is_typeorms(name: str, stamp: int | None) -> None:
    """``MigrationExecutor.getMigrations``' number, of the ``name`` field
    (TypeScript, JavaScript) or else of the class's name."""
    from dbnamelint.typeorm_schema import typeorm_timestamp

    assert (
        typeorm_timestamp(
            f"export class Other1 implements MigrationInterface {{\n    name = '{name}'\n}}"
        )
        == stamp
    )
    assert typeorm_timestamp(f'module.exports = class X {{\n  name = "{name}";\n}}') == stamp
    if name.isidentifier():
        assert typeorm_timestamp(f"export class {name} implements MigrationInterface {{}}") == stamp


def test_init_names_typeorm_02s_migration_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TypeORM 0.2 kept its migrations in ``src/migration`` (its ``init``,
    its docs' ``cli.migrationsDir``): ``init`` names such a folder when its
    files are TypeORM's, and no other tool's folder so named."""
    write_tree(tmp_path, {k.replace("/migrations/", "/migration/"): v for k, v in TS_FILES.items()})
    write_tree(
        tmp_path,
        {"tools/migration/20240101000000_x.js": "exports.up = (knex) => knex.raw('SELECT 1');\n"},
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert "Found 2 code migrations: src/migration (2 files, TypeORM migrations)" in result.output
    assert "paths:\n  - src/migration\n" in (tmp_path / "dbnamelint.yaml").read_text()


def test_check_without_a_config_reads_the_typeorm_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check`` with no config walks the tree: a TypeORM-only tree said "no
    SQL files found" and passed (exit 0) with its bad names; its folder is
    read now, as ``init`` would name it."""
    write_tree(tmp_path, TS_FILES)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)
    assert ("DBN101", "userAccounts") in {(f["code"], f["name"]) for f in found["findings"]}
