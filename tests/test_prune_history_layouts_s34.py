"""``whitelist prune`` and ``check`` while the change deletes or edits an
applied migration, for every migration layout dbnamelint knows (session 34;
session 33 covered SQL files and the code migrations the model reads:
tests/test_leftovers_s33.py, tests/test_prune_deleted_code_s33.py).

Deleting or editing an applied migration drops nothing from the databases
that ran it: each tool keeps it as applied (Rails' and Ecto's
``schema_migrations``, EF Core's ``__EFMigrationsHistory``, Doctrine's
``doctrine_migration_versions``, ``goose_db_version``,
``flyway_schema_history``, Knex's ``knex_migrations``, ``django_migrations``,
``alembic_version``, drizzle's ``__drizzle_migrations``, Prisma's
``_prisma_migrations``...), so the table it made stays there. An entry whose
object the edit took out of the files (or out of the dump regenerated after
it: Rails', Ecto's ``structure.sql``, EF Core's ``migrations script``) is not
done: prune keeps every entry and ``check`` says to keep it, in the working
tree (against ``HEAD``) and in a ``check --base`` comparison (against the
base, the deletion committed). Before: prune removed the entry for Rails,
Ecto, EF Core, Doctrine, goose's Go and Flyway's Java migrations and for an
edited code migration, and ``check --base`` said "delete this entry" beside
the gate's own ``DBN025`` for the deletion, for every layout.

Oracles: real git for the change; the gate's own ``DBN025`` (``check --base``)
for each deletion or edit it refuses; for Rails, whose gate passes a deleted
migration (a new database loads the dump), the Rails guides ("Active Record
Migrations": ``db:migrate`` records each version in ``schema_migrations`` and
never runs it again; deleting the file changes nothing where it ran).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@dataclass(frozen=True)
class Layout:
    """One tool's project: ``files`` at the baseline (the config's ``paths``
    in ``paths``); ``applied``, the committed migration the change deletes
    or edits (``edit``: old text -> new); the files the change rewrites with
    it (``dump``: a dump regenerated after the deletion, ``edited_dump``
    after the edit); ``cause``: files the change adds that make the entry
    stale, for a tool whose migrations the model never reads (goose's Go,
    Flyway's Java); ``refused``: whether the gate refuses the change
    (``DBN025`` in ``check --base``)."""

    paths: str
    files: dict[str, str]
    applied: str
    edit: tuple[str, str]
    dump: dict[str, str] = field(default_factory=dict)
    edited_dump: dict[str, str] = field(default_factory=dict)
    cause: dict[str, str] = field(default_factory=dict)
    refused: bool = True
    #: Whether an edit of its calls is seen: Phinx's Table API is not read
    #: (each call is the gate's DBN013), so its edit shows no DDL lost.
    edits: bool = True


def _pg_dump(tables: list[str], versions: list[str]) -> str:
    """A ``structure.sql`` as Rails and Ecto write it (pg_dump, then the
    applied versions)."""
    out = "SET statement_timeout = 0;\n\n"
    for table in [*tables, "schema_migrations"]:
        column = "version character varying" if table == "schema_migrations" else "id bigint"
        out += f"CREATE TABLE public.{table} (\n    {column} NOT NULL\n);\n\n"
    out += (
        'SET search_path TO "$user", public;\n\nINSERT INTO "schema_migrations" (version) VALUES\n'
    )
    return out + ",\n".join(f"('{v}')" for v in versions) + ";\n\n"


def _ef_script(tables: list[str]) -> str:
    """What ``dotnet ef migrations script`` writes, reduced to the tables."""
    out = (
        'CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (\n'
        '    "MigrationId" character varying(150) NOT NULL,\n'
        '    "ProductVersion" character varying(32) NOT NULL,\n'
        '    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")\n);\n\n'
    )
    for table in tables:
        out += f'CREATE TABLE {table} (\n    "key" text NOT NULL\n);\n\n'
    return out


RB = (
    "class Create{cls} < ActiveRecord::Migration[7.1]\n"
    "  def change\n    create_table :{table}\n  end\nend\n"
)
EX = (
    "defmodule App.Repo.Migrations.Create{cls} do\n  use Ecto.Migration\n\n"
    "  def change do\n    create table(:{table}) do\n      add :key, :string\n"
    "    end\n  end\nend\n"
)
CS = """using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations
{{
    public partial class {cls} : Migration
    {{
        protected override void Up(MigrationBuilder migrationBuilder)
        {{
            migrationBuilder.CreateTable(
                name: "{table}",
                columns: table => new
                {{
                    key = table.Column<string>(type: "text", nullable: false)
                }});
        }}
    }}
}}
"""
DOCTRINE = """<?php

declare(strict_types=1);

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version{version} extends AbstractMigration
{{
    public function up(Schema $schema): void
    {{
        $this->addSql('CREATE TABLE {table} (id INT NOT NULL)');
    }}

    public function down(Schema $schema): void
    {{
        $this->addSql('DROP TABLE {table}');
    }}
}}
"""
GOOSE_GO = """package migrations

import (
\t"context"
\t"database/sql"

\t"github.com/pressly/goose/v3"
)

func init() {
\tgoose.AddMigrationContext(upTitle, downTitle)
}

func upTitle(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, "ALTER TABLE feeds ADD COLUMN title text")
\treturn err
}

func downTitle(ctx context.Context, tx *sql.Tx) error {
\t_, err := tx.ExecContext(ctx, "ALTER TABLE feeds DROP COLUMN title")
\treturn err
}
"""
FLYWAY_JAVA = """package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import java.sql.Statement;

public class V3__Title extends BaseJavaMigration {
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER TABLE feeds ADD COLUMN title text");
        }
    }
}
"""
KYSELY = """import { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('%s').addColumn('key', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('%s').execute()
}
"""
PG_MIGRATE = """/* eslint-disable camelcase */

exports.shorthands = undefined;

exports.up = (pgm) => {
  pgm.createTable('%s', { key: { type: 'text' } });
};

exports.down = (pgm) => {
  pgm.dropTable('%s');
};
"""
KNEX = (
    "exports.up = function (knex) {\n"
    "  return knex.schema.createTable('%s', (t) => {\n    t.text('key');\n  });\n};\n\n"
    "exports.down = function (knex) {\n  return knex.schema.dropTable('%s');\n};\n"
)
SEQUELIZE = (
    "'use strict';\n\nmodule.exports = {\n"
    "  async up(queryInterface, Sequelize) {\n"
    "    await queryInterface.createTable('%s', { key: { type: Sequelize.TEXT } });\n"
    "  },\n  async down(queryInterface) {\n"
    "    await queryInterface.dropTable('%s');\n  },\n};\n"
)
DBMIGRATE = (
    "'use strict';\n\nexports.up = function (db, callback) {\n"
    "  db.createTable('%s', { key: 'string' }, callback);\n};\n\n"
    "exports.down = function (db, callback) {\n  db.dropTable('%s', callback);\n};\n"
)
TYPEORM = (
    'import { MigrationInterface, QueryRunner } from "typeorm";\n\n'
    "export class %s implements MigrationInterface {\n"
    "  public async up(queryRunner: QueryRunner): Promise<void> {\n"
    '    await queryRunner.query(`CREATE TABLE "%s" ("key" text)`);\n  }\n\n'
    "  public async down(queryRunner: QueryRunner): Promise<void> {\n"
    '    await queryRunner.query(`DROP TABLE "%s"`);\n  }\n}\n'
)
DJANGO = (
    "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
    "    dependencies = [%s]\n\n"
    "    operations = [\n"
    "        migrations.CreateModel(\n"
    '            name="%s",\n'
    '            fields=[("id", models.AutoField(primary_key=True))],\n'
    '            options={"db_table": "%s"},\n'
    "        ),\n    ]\n"
)
ALEMBIC = (
    '"""%s\n\nRevision ID: %s\nRevises: %s\n"""\n'
    "import sqlalchemy as sa\nfrom alembic import op\n\n"
    'revision = "%s"\ndown_revision = %s\n'
    "branch_labels = None\ndepends_on = None\n\n\n"
    "def upgrade():\n"
    '    op.create_table("%s", sa.Column("key", sa.Text()))\n\n\n'
    "def downgrade():\n"
    '    op.drop_table("%s")\n'
)
LARAVEL = (
    "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\n"
    "use Illuminate\\Database\\Schema\\Blueprint;\n"
    "use Illuminate\\Support\\Facades\\Schema;\n\n"
    "return new class extends Migration {\n    public function up(): void\n    {\n"
    "        Schema::create('%s', function (Blueprint $table) {\n"
    "            $table->text('key');\n        });\n    }\n\n"
    "    public function down(): void\n    {\n"
    "        Schema::dropIfExists('%s');\n    }\n};\n"
)
LIQUIBASE = (
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
    '  <changeSet id="2" author="me">\n'
    '    <createTable tableName="%s"><column name="key" type="text"/></createTable>\n'
    "  </changeSet>\n</databaseChangeLog>\n"
)


def _journal(*tags: str) -> str:
    """drizzle-kit's ``meta/_journal.json`` listing ``tags``."""
    entries = [
        {"idx": i, "version": "7", "when": 1700000000000 + i, "tag": t, "breakpoints": True}
        for i, t in enumerate(tags)
    ]
    return json.dumps({"version": "7", "dialect": "postgresql", "entries": entries}, indent=2)


def _js(template: str, table: str) -> str:
    return template % (table, table)


#: The entry each case's applied migration makes: ``acme_cache`` (DBN105:
#: plural), renamed ``acme_store`` by the edit.
EDIT = ("acme_cache", "acme_store")

LAYOUTS: dict[str, Layout] = {
    "rails": Layout(
        "[db/structure.sql]",
        {
            "db/structure.sql": _pg_dump(
                ["feeds", "acme_cache"], ["20240101000000", "20240102000000"]
            ),
            "db/migrate/20240101000000_create_feeds.rb": RB.format(cls="Feeds", table="feeds"),
            "db/migrate/20240102000000_create_acme_cache.rb": RB.format(
                cls="AcmeCache", table="acme_cache"
            ),
        },
        "db/migrate/20240102000000_create_acme_cache.rb",
        EDIT,
        dump={"db/structure.sql": _pg_dump(["feeds"], ["20240101000000"])},
        edited_dump={
            "db/structure.sql": _pg_dump(
                ["feeds", "acme_store"], ["20240101000000", "20240102000000"]
            )
        },
        refused=False,  # Rails: a new database loads the dump (the gate's DBN025 is for edits)
    ),
    "ecto": Layout(
        "[priv/repo/structure.sql]",
        {
            "priv/repo/structure.sql": _pg_dump(
                ["feeds", "acme_cache"], ["20240101000000", "20240102000000"]
            ),
            "priv/repo/migrations/20240101000000_create_feeds.exs": EX.format(
                cls="Feeds", table="feeds"
            ),
            "priv/repo/migrations/20240102000000_create_acme_cache.exs": EX.format(
                cls="AcmeCache", table="acme_cache"
            ),
        },
        "priv/repo/migrations/20240102000000_create_acme_cache.exs",
        EDIT,
        dump={"priv/repo/structure.sql": _pg_dump(["feeds"], ["20240101000000"])},
        edited_dump={
            "priv/repo/structure.sql": _pg_dump(
                ["feeds", "acme_store"], ["20240101000000", "20240102000000"]
            )
        },
    ),
    "efcore": Layout(
        "[db/script.sql]",
        {
            "db/script.sql": _ef_script(["feeds", "acme_cache"]),
            "Migrations/20240101000000_Init.cs": CS.format(cls="Init", table="feeds"),
            "Migrations/20240102000000_Cache.cs": CS.format(cls="Cache", table="acme_cache"),
        },
        "Migrations/20240102000000_Cache.cs",
        EDIT,
        dump={"db/script.sql": _ef_script(["feeds"])},
        edited_dump={"db/script.sql": _ef_script(["feeds", "acme_store"])},
    ),
    "doctrine": Layout(
        '["migrations/Version*.php"]',
        {
            "migrations/Version20240101000000.php": DOCTRINE.format(
                version="20240101000000", table="feeds"
            ),
            "migrations/Version20240102000000.php": DOCTRINE.format(
                version="20240102000000", table="acme_cache"
            ),
        },
        "migrations/Version20240102000000.php",
        EDIT,
    ),
    "goose-go": Layout(
        "[migrations]",
        {
            "migrations/00001_init.sql": "-- +goose Up\nCREATE TABLE feeds (id int);\n",
            "migrations/00002_cache.sql": "-- +goose Up\nCREATE TABLE acme_cache (key text);\n",
            "migrations/00003_title.go": GOOSE_GO,
        },
        "migrations/00003_title.go",
        ("ADD COLUMN title text", "ADD COLUMN name text"),
        cause={"migrations/00004_drop.sql": "-- +goose Up\nDROP TABLE acme_cache;\n"},
    ),
    "flyway-java": Layout(
        "[src/main/resources/db/migration]",
        {
            "src/main/resources/db/migration/V1__init.sql": "CREATE TABLE feeds (id int);\n",
            "src/main/resources/db/migration/V2__cache.sql": (
                "CREATE TABLE acme_cache (key text);\n"
            ),
            "src/main/java/db/migration/V3__Title.java": FLYWAY_JAVA,
        },
        "src/main/java/db/migration/V3__Title.java",
        ("ADD COLUMN title text", "ADD COLUMN name text"),
        cause={"src/main/resources/db/migration/V4__drop.sql": "DROP TABLE acme_cache;\n"},
    ),
    "knex": Layout(
        "[migrations]",
        {
            "migrations/20240101000000_init.js": _js(KNEX, "feeds"),
            "migrations/20240102000000_cache.js": _js(KNEX, "acme_cache"),
        },
        "migrations/20240102000000_cache.js",
        EDIT,
    ),
    "kysely": Layout(
        "[migrations]",
        {
            "migrations/2024-01-01-init.ts": _js(KYSELY, "feeds"),
            "migrations/2024-01-02-cache.ts": _js(KYSELY, "acme_cache"),
        },
        "migrations/2024-01-02-cache.ts",
        EDIT,
    ),
    "sequelize": Layout(
        "[migrations]",
        {
            "migrations/20240101000000-init.js": _js(SEQUELIZE, "feeds"),
            "migrations/20240102000000-cache.js": _js(SEQUELIZE, "acme_cache"),
        },
        "migrations/20240102000000-cache.js",
        EDIT,
    ),
    "db-migrate": Layout(
        "[migrations]",
        {
            "migrations/20240101000000-init.js": _js(DBMIGRATE, "feeds"),
            "migrations/20240102000000-cache.js": _js(DBMIGRATE, "acme_cache"),
        },
        "migrations/20240102000000-cache.js",
        EDIT,
    ),
    "node-pg-migrate": Layout(
        "[migrations]",
        {
            "migrations/1704067200000_init.js": _js(PG_MIGRATE, "feeds"),
            "migrations/1704153600000_cache.js": _js(PG_MIGRATE, "acme_cache"),
        },
        "migrations/1704153600000_cache.js",
        EDIT,
    ),
    "typeorm": Layout(
        "[migrations]",
        {
            "migrations/1704067200000-Init.ts": TYPEORM % ("Init1704067200000", "feeds", "feeds"),
            "migrations/1704153600000-Cache.ts": TYPEORM
            % ("Cache1704153600000", "acme_cache", "acme_cache"),
        },
        "migrations/1704153600000-Cache.ts",
        EDIT,
    ),
    "django": Layout(
        "[app/migrations]",
        {
            "app/__init__.py": "",
            "app/migrations/__init__.py": "",
            "app/migrations/0001_initial.py": DJANGO % ("", "Feed", "feeds"),
            "app/migrations/0002_cache.py": DJANGO
            % ('("app", "0001_initial")', "AcmeCache", "acme_cache"),
        },
        "app/migrations/0002_cache.py",
        EDIT,
    ),
    "alembic": Layout(
        "[migrations/versions]",
        {
            "migrations/versions/a1b2c3d4e5f6_init.py": ALEMBIC
            % ("init", "a1b2c3d4e5f6", "", "a1b2c3d4e5f6", "None", "feeds", "feeds"),
            "migrations/versions/b2c3d4e5f6a7_cache.py": ALEMBIC
            % (
                "cache",
                "b2c3d4e5f6a7",
                "a1b2c3d4e5f6",
                "b2c3d4e5f6a7",
                '"a1b2c3d4e5f6"',
                "acme_cache",
                "acme_cache",
            ),
        },
        "migrations/versions/b2c3d4e5f6a7_cache.py",
        EDIT,
    ),
    "laravel": Layout(
        "[database/migrations]",
        {
            "database/migrations/2024_01_01_000000_create_feeds_table.php": _js(LARAVEL, "feeds"),
            "database/migrations/2024_01_02_000000_create_acme_cache_table.php": _js(
                LARAVEL, "acme_cache"
            ),
        },
        "database/migrations/2024_01_02_000000_create_acme_cache_table.php",
        EDIT,
    ),
    "liquibase": Layout(
        "[migrations]",
        {
            "migrations/001_init.sql": "CREATE TABLE feeds (id int);\n",
            "migrations/changelog/cache.xml": LIQUIBASE % "acme_cache",
        },
        "migrations/changelog/cache.xml",
        EDIT,
    ),
    "drizzle": Layout(
        "[drizzle]",
        {
            "drizzle/0000_init.sql": 'CREATE TABLE "feeds" ("id" integer);\n',
            "drizzle/0001_cache.sql": 'CREATE TABLE "acme_cache" ("key" text);\n',
            "drizzle/meta/_journal.json": _journal("0000_init", "0001_cache"),
        },
        "drizzle/0001_cache.sql",
        EDIT,
    ),
    "prisma": Layout(
        "[prisma/migrations]",
        {
            "prisma/migrations/20240101000000_init/migration.sql": (
                'CREATE TABLE "feeds" ("id" INTEGER);\n'
            ),
            "prisma/migrations/20240102000000_cache/migration.sql": (
                'CREATE TABLE "acme_cache" ("key" TEXT);\n'
            ),
            "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
        },
        "prisma/migrations/20240102000000_cache/migration.sql",
        EDIT,
    ),
}

#: SQL migration layouts (the SQL side, tests/test_leftovers_s33.py: here for
#: ``check --base``, and to show every layout kept alike).
SQL_LAYOUTS = {
    "golang-migrate": (
        "migrations/000001_init.up.sql",
        "migrations/000002_cache.up.sql",
        "",
    ),
    "goose-sql": ("migrations/00001_init.sql", "migrations/00002_cache.sql", "-- +goose Up\n"),
    "dbmate": (
        "db/migrations/20240101000000_init.sql",
        "db/migrations/20240102000000_cache.sql",
        "-- migrate:up\n",
    ),
    "sql-migrate": ("migrations/1_init.sql", "migrations/2_cache.sql", "-- +migrate Up\n"),
    "flyway-sql": ("db/migration/V1__init.sql", "db/migration/V2__cache.sql", ""),
    "diesel": (
        "migrations/2024-01-01-000000_init/up.sql",
        "migrations/2024-01-02-000000_cache/up.sql",
        "",
    ),
}
for _name, (_first, _second, _head) in SQL_LAYOUTS.items():
    LAYOUTS[_name] = Layout(
        f"[{_first.rsplit('/', 2)[0] if _name == 'diesel' else _first.rsplit('/', 1)[0]}]",
        {
            _first: f"{_head}CREATE TABLE feeds (id int);\n",
            _second: f"{_head}CREATE TABLE acme_cache (key text);\n",
        },
        _second,
        EDIT,
    )


PLAN = (
    "%syntax-version=1.0.0\n%project=app\n\n"
    "init 2024-01-01T00:00:00Z Me <me@example.com> # feeds\n"
    "cache 2024-01-02T00:00:00Z Me <me@example.com> # the cache\n"
)
LAYOUTS["sqitch"] = Layout(
    "[deploy]",
    {
        "sqitch.plan": PLAN,
        "sqitch.conf": "[core]\n\tengine = pg\n",
        "deploy/init.sql": "BEGIN;\nCREATE TABLE feeds (id int);\nCOMMIT;\n",
        "deploy/cache.sql": "BEGIN;\nCREATE TABLE acme_cache (key text);\nCOMMIT;\n",
    },
    "deploy/cache.sql",
    EDIT,
)


PHINX = """<?php

declare(strict_types=1);

use Phinx\\Migration\\AbstractMigration;

final class Create{cls} extends AbstractMigration
{{
    public function change(): void
    {{
        $this->table('{table}')->addColumn('key', 'text')->create();
    }}
}}
"""
LAYOUTS["phinx"] = Layout(
    "[db/schema.sql]",
    {
        "db/schema.sql": "CREATE TABLE feeds (id int);\nCREATE TABLE acme_cache (key text);\n",
        "db/migrations/20240101000000_create_feeds.php": PHINX.format(cls="Feeds", table="feeds"),
        "db/migrations/20240102000000_create_acme_cache.php": PHINX.format(
            cls="AcmeCache", table="acme_cache"
        ),
    },
    "db/migrations/20240102000000_create_acme_cache.php",
    EDIT,
    dump={"db/schema.sql": "CREATE TABLE feeds (id int);\n"},
    edited_dump={
        "db/schema.sql": "CREATE TABLE feeds (id int);\nCREATE TABLE acme_store (key text);\n"
    },
    edits=False,
)


def _adopted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: Layout) -> Path:
    """The project committed, then its whitelist (``whitelist init``)
    committed: the baseline, holding an entry for ``acme_cache``."""
    files = {"dbnamelint.yaml": f"paths: {layout.paths}\ndialect: postgres\n", **layout.files}
    root = committed_repo(tmp_path / "p", files, monkeypatch, "app")
    init = CliRunner().invoke(cli, ["whitelist", "init"])
    assert init.exit_code == 0, init.output
    commit_all(root, "adopt")
    assert "name: acme_cache" in (root / "whitelist.yaml").read_text(encoding="utf-8")
    return root


def _change(root: Path, layout: Layout, how: str) -> None:
    """The change: ``how`` is ``delete`` or ``edit`` of the applied migration."""
    applied = root / layout.applied
    if how == "delete":
        applied.unlink()
        write_files(root, layout.dump)
    else:
        old, new = layout.edit
        text = applied.read_text(encoding="utf-8")
        assert old in text
        applied.write_text(text.replace(old, new), encoding="utf-8")
        write_files(root, layout.edited_dump)
    write_files(root, layout.cause)


def _kept_by_check(output: str, layout: Layout, ref: str) -> None:
    """``check`` calls the entry stale only because of the history edit, and
    says to keep it."""
    stale = [line for line in output.splitlines() if "DBN900" in line]
    assert len(stale) == 1 and "acme_cache" in stale[0], output
    assert "delete this entry" not in stale[0], output
    assert "keep this entry" in stale[0] and f"since {ref} (DBN025 at " in stale[0], output
    assert f"{layout.applied}:" in stale[0], output


@pytest.mark.parametrize(
    ("case", "how"),
    [
        (c, h)
        for c in sorted(LAYOUTS)
        for h in ("delete", "edit")
        if h == "delete" or LAYOUTS[c].edits
    ],
)
def test_prune_and_check_keep_the_entry_while_the_working_tree_changes_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str, how: str
) -> None:
    """The working tree deletes or edits the applied migration: prune keeps
    the whitelist as it was (no entry removed, no phase marked done) naming
    the migration, and ``check`` says to keep the entry; the gate refuses
    the change (``DBN025`` at the migration), except a deleted Rails one."""
    layout = LAYOUTS[case]
    root = _adopted(tmp_path, monkeypatch, layout)
    before = (root / "whitelist.yaml").read_text(encoding="utf-8")
    _change(root, layout, how)
    pruned = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert pruned.exit_code == 0, pruned.output
    assert "kept table acme_cache" in pruned.output, pruned.output
    assert f"DBN025 at {layout.applied}:" in pruned.output, pruned.output
    assert "removed" not in pruned.output and "marked phase" not in pruned.output
    assert (root / "whitelist.yaml").read_text(encoding="utf-8") == before
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 1, checked.output
    _kept_by_check(checked.output, layout, "HEAD")
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert gate.exit_code == 1, gate.output
    _kept_by_check(gate.output, layout, "HEAD")
    refused = f"{layout.applied}:" in gate.output.replace(f"DBN025 at {layout.applied}:", "")
    assert refused is (layout.refused or how == "edit"), gate.output


@pytest.mark.parametrize("case", sorted(LAYOUTS))
def test_check_base_says_keep_for_a_deletion_the_change_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """A branch commits the deletion; ``check --base`` of its base judges the
    change: the entry is stale only because of the deletion, so it says to
    keep it (it said "delete this entry", beside the gate's ``DBN025`` for
    the deletion), naming the base."""
    layout = LAYOUTS[case]
    root = _adopted(tmp_path, monkeypatch, layout)
    base = git(root, "rev-parse", "--short", "HEAD").strip()
    _change(root, layout, "delete")
    commit_all(root, "drop the applied migration")
    gate = CliRunner().invoke(cli, ["check", "--base", base])
    assert gate.exit_code == 1, gate.output
    _kept_by_check(gate.output, layout, base)
    deleted = f"{layout.applied}:1:1: DBN025 error" in gate.output
    assert deleted is layout.refused, gate.output


#: A Knex migration renaming ``acme_cache`` to its target: its entry is stale.
RENAME = (
    "exports.up = function (knex) {\n"
    "  return knex.schema.renameTable('acme_cache', 'acme_caches');\n};\n\n"
    "exports.down = function (knex) {\n"
    "  return knex.schema.renameTable('acme_caches', 'acme_cache');\n};\n"
)


def _renamed_by_a_new_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Knex project whose working tree adds a migration renaming
    ``acme_cache`` to its target: its entry is stale."""
    root = _adopted(tmp_path, monkeypatch, LAYOUTS["knex"])
    (root / "migrations/20240103000000_rename.js").write_text(
        RENAME,
        encoding="utf-8",
    )
    return root


def _removed(root: Path) -> None:
    pruned = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert pruned.exit_code == 0, pruned.output
    assert "removed table acme_cache" in pruned.output, pruned.output
    assert "name: acme_cache" not in (root / "whitelist.yaml").read_text(encoding="utf-8")
    checked = CliRunner().invoke(cli, ["check"])
    stale = [line for line in checked.output.splitlines() if "DBN900" in line]
    assert stale == [], checked.output  # pruned: nothing stale left


def test_prune_removes_the_entry_when_an_applied_migration_only_changes_comments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An applied Knex migration whose comment the change edits still runs
    the same DDL: no history edit, and the entry a new migration's rename made
    stale is removed."""
    root = _renamed_by_a_new_migration(tmp_path, monkeypatch)
    path = root / "migrations/20240101000000_init.js"
    path.write_text("// the feeds\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    _removed(root)


def test_prune_removes_the_entry_when_a_migration_runner_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code beside the migrations that is no migration (a runner script) is
    no applied history: deleting it keeps nothing."""
    files = {
        "migrations/run.js": "const knex = require('knex');\n"
        "module.exports = async (config) => knex(config).migrate.latest();\n",
    }
    layout = LAYOUTS["knex"]
    layout = Layout(layout.paths, {**layout.files, **files}, layout.applied, layout.edit)
    root = _adopted(tmp_path, monkeypatch, layout)
    (root / "migrations/20240103000000_rename.js").write_text(
        RENAME,
        encoding="utf-8",
    )
    (root / "migrations/run.js").unlink()
    _removed(root)


def test_prune_removes_the_entry_when_another_projects_migration_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository of two projects: deleting an applied migration of the
    other one (outside the project's folder and paths) is not this
    project's history."""
    root = _renamed_by_a_new_migration(tmp_path / "repo", monkeypatch)
    repo = root.parent
    git(repo, "init", "-q", "-b", "main")
    other = repo / "other/migrations/20240101000000_x.js"
    write_files(repo, {"other/migrations/20240101000000_x.js": _js(KNEX, "other_things")})
    shutil.rmtree(root / ".git")
    commit_all(repo, "two projects")
    other.unlink()
    (root / "migrations/20240103000000_rename.js").write_text(
        RENAME,
        encoding="utf-8",
    )
    _removed(root)
