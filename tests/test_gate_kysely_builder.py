"""Kysely's schema builder in a migration is read by the gate (trial s31 immich).

A new ``server/src/schema/migrations/*.ts`` Kysely migration making
``db.schema.createTable('AssetRatings').addColumn('ratingValue', ...)``,
``alterTable('asset').addColumn('ratingCount', ...)`` and
``createIndex('IDX_AssetRatings_value')`` passed the hook and ``check
--base``: only ``sql``` templates were read. An applied migration edited
by adding a builder call passed too; a migration's ``down()`` (never run
forward) was judged as new names; a renamed Kysely migration's ``DBN025``
named Knex's tables; Kysely's own ``kysely_migration(s)_lock`` was judged.

Oracle: Kysely 0.28.19's ``.compile().sql`` of each chain of
:data:`MIGRATION` (:data:`KYSELY_SQL`, run with node); both it and the SQL
:mod:`dbnamelint.kysely_schema` writes are run on PostgreSQL 15 and make the
same tables, columns, constraints, indexes and types. Real git for the gate.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from check_json import Entry, assert_edit_fails, check_entries, new_file_errors
from git_helpers import committed_repo, git
from node_oracle import builder_text
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
KYSELY = Path(__file__).parent / "kysely"

CONFIG = 'paths: ["schema.sql"]\ndialect: postgres\n'
SCHEMA = (
    "CREATE TABLE users (id integer PRIMARY KEY);\n"
    "CREATE TABLE asset (id uuid PRIMARY KEY, owner_id integer, old_name text);\n"
    "CREATE TABLE notes (id uuid PRIMARY KEY);\n"
)
HEAD = """import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
"""
MIGRATION = (
    HEAD
    + """  await db.schema
    .createTable('AssetRatings')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('ratingValue', 'integer', (col) =>
      col.notNull().references('users.id').onDelete('cascade'),
    )
    .addColumn('note', 'varchar(50)', (col) => col.unique())
    .addUniqueConstraint('UQ_Ratings', ['id', 'ratingValue'])
    .addCheckConstraint('CHK_Ratings', sql`"ratingValue" > 0`)
    .execute();
  await db.schema.alterTable('asset').addColumn('ratingCount', 'integer').execute();
  await db.schema.alterTable('asset').renameColumn('old_name', 'NewName').execute();
  await db.schema
    .alterTable('asset')
    .addForeignKeyConstraint('FK_asset_user', ['owner_id'], 'users', ['id'])
    .execute();
  await db.schema
    .createIndex('IDX_AssetRatings_value')
    .unique()
    .on('AssetRatings')
    .columns(['ratingValue', 'note'])
    .execute();
  await db.schema.createType('MoodKind').asEnum(['happy', 'sad']).execute();
  await db.schema.withSchema('public').createTable('BadgeLog').addColumn('badgeId', 'integer').execute();
  await db.schema.alterTable('notes').renameTo('NotesTbl').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('AssetRatings').execute();
  await sql`ALTER TABLE "asset" ADD "deviceKind" varchar`.execute(db);
  await db.schema.createTable('RollbackOnly').addColumn('x', 'integer').execute();
}
"""  # noqa: E501
)
#: Kysely 0.28.19's ``.compile().sql`` of MIGRATION's up() chains, in order.
KYSELY_SQL = """\
create table "AssetRatings" ("id" uuid primary key, "ratingValue" integer not null references "users" ("id") on delete cascade, "note" varchar(50) unique, constraint "UQ_Ratings" unique ("id", "ratingValue"), constraint "CHK_Ratings" check ("ratingValue" > 0));
alter table "asset" add column "ratingCount" integer;
alter table "asset" rename column "old_name" to "NewName";
alter table "asset" add constraint "FK_asset_user" foreign key ("owner_id") references "users" ("id");
create unique index "IDX_AssetRatings_value" on "AssetRatings" ("ratingValue", "note");
create type "MoodKind" as enum ('happy', 'sad');
create table "public"."BadgeLog" ("badgeId" integer);
alter table "notes" rename to "NotesTbl";
"""  # noqa: E501
NEW_PATH = "server/src/schema/migrations/1764300000003-SchemaBuilder.ts"
APPLIED_PATH = "server/src/schema/migrations/1746987967923-AddPinExpiresAtColumn.ts"
APPLIED = (
    HEAD
    + """  await sql`ALTER TABLE "users" ADD "pin_expires_at" timestamp with time zone;`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE "users" DROP COLUMN "pin_expires_at";`.execute(db);
}
"""  # noqa: E501
)


def _made(pg: PgServer, sql: str, name: str) -> dict[str, list[tuple[str, str]]]:
    """What ``sql`` run after SCHEMA makes: (table, name) of each kind."""
    with pg.fresh_database(name) as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        return public_names(pg, db)


def test_the_sql_makes_the_names_kysely_makes(pg: PgServer) -> None:
    from dbnamelint.kysely_schema import builder_sql

    sql = builder_text(builder_sql, NEW_PATH, MIGRATION)
    assert "RollbackOnly" not in sql and "deviceKind" not in sql  # down() is not read
    ours = _made(pg, sql, "kysely_ours")
    theirs = _made(pg, KYSELY_SQL, "kysely_theirs")
    assert ours == theirs
    assert ("t", "NotesTbl") in ours["tables"] and ("t", "MoodKind") in ours["types"]


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "immich",
        {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, APPLIED_PATH: APPLIED},
        monkeypatch,
    )


def _gate(*more: str) -> tuple[int, list[Entry]]:
    return check_entries(*(more or ("--base", "HEAD")), "--no-cache")


def test_a_new_builder_migrations_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    # each at the line of its literal; nothing from down() (lines 31-35)
    assert new_file_errors(root, NEW_PATH, MIGRATION) == [
        ("DBN101", 5),  # AssetRatings
        ("DBN101", 27),  # BadgeLog
        ("DBN101", 28),  # NotesTbl
        ("DBN105", 27),  # BadgeLog: not plural
        ("DBN201", 7),  # ratingValue
        ("DBN201", 14),  # ratingCount
        ("DBN201", 15),  # NewName
        ("DBN201", 27),  # badgeId
        ("DBN301", 21),  # IDX_AssetRatings_value
        ("DBN401", 11),  # UQ_Ratings
        ("DBN401", 12),  # CHK_Ratings
        ("DBN401", 18),  # FK_asset_user
        ("DBN504", 28),  # notes_pkey keeps the old table name
        ("DBN505", 26),  # MoodKind
    ]


def test_a_computed_name_is_dbn013(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW_PATH).parent.mkdir(parents=True, exist_ok=True)
    (root / NEW_PATH).write_text(
        HEAD
        + "  const name = 'asset_tags';\n"
        + "  await db.schema.createTable(name).addColumn(`${prefix}_id`, 'integer').execute();\n"
        + "}\n"
    )
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    assert ("DBN013", NEW_PATH, 5, "error") in [(c, p, line, s) for c, p, line, s, _ in found]


@pytest.mark.parametrize(
    "edit",
    [
        "  await db.schema.alterTable('users').addColumn('pin_attempts', 'integer').execute();\n",
        "  await db.schema.createIndex('users_pin_idx').on('users').column('id').execute();\n",
    ],
    ids=["column-added", "index-added"],
)
def test_adding_a_builder_call_to_an_applied_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert_edit_fails(root, APPLIED_PATH, APPLIED.replace(HEAD, HEAD + edit))


@pytest.mark.parametrize(
    "down",
    [
        # Kysely / Knex (TS): export async function down
        "export async function down(db: Kysely<any>): Promise<void> {\n"
        '  await sql`ALTER TABLE "users" ADD "deviceKind" varchar`.execute(db);\n'
        "  await db.schema.createTable('RollbackOnly').addColumn('x', 'integer').execute();\n"
        "}\n",
        # Knex (JS): exports.down = arrow with an expression body
        'exports.down = (knex) => knex.raw(\'CREATE TABLE "RollbackOnly" ("deviceKind" int)\');\n',
    ],
    ids=["kysely", "knex-arrow"],
)
def test_down_is_not_read_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, down: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW_PATH).parent.mkdir(parents=True, exist_ok=True)
    up = HEAD + "  await sql`ALTER TABLE users DROP COLUMN pin_expires_at`.execute(db);\n}\n\n"
    (root / NEW_PATH).write_text(up + down)
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 0, found


TYPEORM = """import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddThings1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "good_name" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "BadName" integer`);
  }
}
"""


def test_typeorm_down_is_not_read_forward() -> None:
    from dbnamelint.code_ddl_text import ddl_strings

    texts = [s.text for s in ddl_strings("src/migrations/1700000000000-AddThings.ts", TYPEORM)]
    assert len(texts) == 1 and "good_name" in texts[0]


def test_a_renamed_kysely_migration_names_kysely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    git(root, "mv", APPLIED_PATH, APPLIED_PATH.replace("923-", "924-"))
    status, found = _gate("--pre-commit")
    assert status == 1, found
    messages = [m for c, p, _, s, m in found if c == "DBN025" and p == APPLIED_PATH]
    assert len(messages) == 1, found
    assert "Kysely records" in messages[0] and "Knex" not in messages[0]
    assert "corrupted migrations" in messages[0]
    assert "1746987967923-AddPinExpiresAtColumn is missing" in messages[0]


def test_kyselys_own_tables_are_not_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kysely's Migrator defaults (kysely_migration, kysely_migration_lock) and
    immich's names for them are the tool's, as knex's are: a dump holding them
    has no finding on them."""
    dump = (
        "-- PostgreSQL database dump\n"
        + SCHEMA
        + "CREATE TABLE kysely_migration (name varchar(255) PRIMARY KEY, timestamp varchar(255));\n"
        "CREATE TABLE kysely_migration_lock (id varchar(255) PRIMARY KEY, is_locked integer);\n"
        "CREATE TABLE kysely_migrations (name varchar(255) PRIMARY KEY, timestamp varchar(255));\n"
        "CREATE TABLE kysely_migrations_lock (id varchar(255) PRIMARY KEY, is_locked integer);\n"
    )
    root = _repo(tmp_path, monkeypatch)
    (root / "schema.sql").write_text(dump)
    _status, found = check_entries("--no-cache")
    assert not [f for f in found if "kysely" in f[4]], found


def test_a_chain_on_any_receiver_and_an_unread_call() -> None:
    """``this.db.schema``, ``trx.schema`` are read; a builder call that may
    make a name and is not read is returned as unread (the gate's DBN013
    warning), not left in silence."""
    from dbnamelint.kysely_schema import builder_sql

    text = (
        "export class Repo {\n"
        "  async setUp(trx: Transaction<any>) {\n"
        "    await this.db.schema.createTable('audit_log').addColumn('id', 'integer').execute();\n"
        "    await trx.schema.alterTable('audit_log').addColumn('who', 'text').execute();\n"
        "    await trx.schema.createTable('copies').as(trx.selectFrom('x')).execute();\n"
        "  }\n"
        "}\n"
    )
    found = builder_sql("src/repo.ts", text)
    sql = [" ".join(" ".join(s for _, s, _ in pieces).split()) for _, _, pieces in found.calls]
    assert sql[0].replace("( ", "(") == 'create table "audit_log" ("id" integer)'
    assert sql[1] == 'alter table "audit_log" add column "who" text'
    assert [u.call for u in found.unread] == ["createTable(...).as"]
    assert text[found.calls[0][0] :].startswith("this.db.schema")


def test_knex_schema_builder_is_not_taken_for_kyselys() -> None:
    """Knex's ``knex.schema.createTable('t', (table) => ...)`` is another API
    (its columns are in the callback): not read as Kysely's, which runs a
    chain with ``.execute()`` and is imported from ``kysely``."""
    from dbnamelint.kysely_schema import builder_sql

    knex = (
        "exports.up = function (knex) {\n"
        "  return knex.schema.createTable('users', (table) => { table.string('Name'); });\n"
        "};\n"
    )
    assert builder_sql("migrations/20240101_users.js", knex).calls == []
    kysely = "const up = (db) => db.schema.createTable('users').addColumn('id', 'integer')\n"
    assert builder_sql("m.ts", "import { Kysely } from 'kysely';\n" + kysely).calls
    assert not builder_sql("m.ts", kysely).calls
    assert builder_sql("m.ts", kysely.replace("\n", ".execute()\n")).calls


def test_kysely_sql_is_what_kysely_compiles(tmp_path: Path) -> None:
    """KYSELY_SQL is Kysely's own ``.compile().sql`` of MIGRATION's up()
    chains (tests/kysely/compile.cjs, Kysely 0.28.19 from npm; skipped
    without it)."""
    node = shutil.which("node")
    if node is None or not (KYSELY / "node_modules" / "kysely").is_dir():
        pytest.skip("Kysely not installed: npm ci --prefix tests/kysely")
    up = MIGRATION[len(HEAD) : MIGRATION.index("\n}\n")]
    chains = [c.strip().removesuffix(".execute()") for c in up.replace("await ", "").split(";")]
    module = tmp_path / "chains.cjs"
    module.write_text(
        "module.exports = (db, sql) => ({\n"
        + "".join(f"  q{i}: {c},\n" for i, c in enumerate(chains) if c)
        + "});\n"
    )
    done = subprocess.run(
        [node, str(KYSELY / "compile.cjs"), str(module)],
        cwd=KYSELY,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    compiled = json.loads(done.stdout)
    assert [q["sql"] + ";" for q in compiled.values()] == KYSELY_SQL.splitlines()
