"""``whitelist prune`` while the working tree deletes a committed code
migration the model reads (session 33 leftover; the SQL case is
tests/test_leftovers_s33.py).

Deleting an applied migration drops nothing from the databases that ran it:
Knex records it by file name in ``knex_migrations``, Sequelize (umzug) in
``SequelizeMeta``, db-migrate in ``migrations``, TypeORM by class name in
``migrations``, Django by (app, name) in ``django_migrations``, Alembic its
revision in ``alembic_version``, Liquibase each changeset in
``DATABASECHANGELOG``, and a Go migration list's runner counts its steps in
``schema_version``: the table the file made stays. So an entry whose object
only that file made is not done: prune keeps every entry, with the message it
gives for a deleted SQL migration, and marks no phase done. Oracle: real git
for the deletion; the gate's own ``DBN025`` for a deleted applied migration
(``check --base HEAD`` says it of each of these files).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GO_LIST = """package database

import "database/sql"

var migrations = []func(tx *sql.Tx) error{
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec(`CREATE TABLE acme_cache (key text primary key)`)
\t\treturn err
\t},
}
"""

CASES = {
    "knex": (
        "migrations/20240102000000_cache.js",
        "exports.up = function (knex) {\n"
        "  return knex.schema.createTable('acme_cache', (t) => {\n"
        "    t.text('key');\n  });\n};\n\n"
        "exports.down = function (knex) {\n  return knex.schema.dropTable('acme_cache');\n};\n",
    ),
    "sequelize": (
        "migrations/20240102000000-cache.js",
        "'use strict';\n\nmodule.exports = {\n"
        "  async up(queryInterface, Sequelize) {\n"
        "    await queryInterface.createTable('acme_cache', { key: { type: Sequelize.TEXT } });\n"
        "  },\n  async down(queryInterface) {\n"
        "    await queryInterface.dropTable('acme_cache');\n  },\n};\n",
    ),
    "db-migrate": (
        "migrations/20240102000000-cache.js",
        "'use strict';\n\nexports.up = function (db, callback) {\n"
        "  db.createTable('acme_cache', { key: 'string' }, callback);\n};\n\n"
        "exports.down = function (db, callback) {\n  db.dropTable('acme_cache', callback);\n};\n",
    ),
    "typeorm": (
        "migrations/1704153600000-Cache.ts",
        'import { MigrationInterface, QueryRunner } from "typeorm";\n\n'
        "export class Cache1704153600000 implements MigrationInterface {\n"
        "  public async up(queryRunner: QueryRunner): Promise<void> {\n"
        '    await queryRunner.query(`CREATE TABLE "acme_cache" ("key" text)`);\n  }\n\n'
        "  public async down(queryRunner: QueryRunner): Promise<void> {\n"
        '    await queryRunner.query(`DROP TABLE "acme_cache"`);\n  }\n}\n',
    ),
    "django": (
        "app/migrations/0002_cache.py",
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        '    dependencies = [("app", "0001_initial")]\n\n'
        "    operations = [\n"
        '        migrations.RunSQL("CREATE TABLE acme_cache (key text)"),\n    ]\n',
    ),
    "alembic": (
        "migrations/versions/b2c3d4e5f6a7_cache.py",
        '"""cache\n\nRevision ID: b2c3d4e5f6a7\nRevises: a1b2c3d4e5f6\n"""\n'
        "from alembic import op\n\n"
        'revision = "b2c3d4e5f6a7"\ndown_revision = "a1b2c3d4e5f6"\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        '    op.execute("CREATE TABLE acme_cache (key text)")\n\n\n'
        "def downgrade():\n"
        '    op.execute("DROP TABLE acme_cache")\n',
    ),
    "laravel": (
        "migrations/2024_01_02_000000_create_acme_cache_table.php",
        "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\n"
        "use Illuminate\\Database\\Schema\\Blueprint;\n"
        "use Illuminate\\Support\\Facades\\Schema;\n\n"
        "return new class extends Migration {\n    public function up(): void\n    {\n"
        "        Schema::create('acme_cache', function (Blueprint $table) {\n"
        "            $table->text('key');\n        });\n    }\n\n"
        "    public function down(): void\n    {\n"
        "        Schema::dropIfExists('acme_cache');\n    }\n};\n",
    ),
    "liquibase-xml": (
        "migrations/changelog/cache.xml",
        '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
        '  <changeSet id="2" author="me">\n'
        '    <createTable tableName="acme_cache"><column name="key" type="text"/>'
        "</createTable>\n"
        "  </changeSet>\n</databaseChangeLog>\n",
    ),
}

#: The migration each case keeps: the tool's first one, making ``feeds``.
FIRST = {
    "knex": (
        "migrations/20240101000000_init.js",
        "exports.up = function (knex) {\n"
        "  return knex.schema.createTable('feeds', (t) => {\n    t.integer('id');\n  });\n};\n\n"
        "exports.down = function (knex) {\n  return knex.schema.dropTable('feeds');\n};\n",
    ),
    "sequelize": (
        "migrations/20240101000000-init.js",
        "'use strict';\n\nmodule.exports = {\n"
        "  async up(queryInterface, Sequelize) {\n"
        "    await queryInterface.createTable('feeds', { id: { type: Sequelize.INTEGER } });\n"
        "  },\n  async down(queryInterface) {\n"
        "    await queryInterface.dropTable('feeds');\n  },\n};\n",
    ),
    "db-migrate": (
        "migrations/20240101000000-init.js",
        "'use strict';\n\nexports.up = function (db, callback) {\n"
        "  db.createTable('feeds', { id: 'int' }, callback);\n};\n\n"
        "exports.down = function (db, callback) {\n  db.dropTable('feeds', callback);\n};\n",
    ),
    "typeorm": (
        "migrations/1704067200000-Init.ts",
        'import { MigrationInterface, QueryRunner } from "typeorm";\n\n'
        "export class Init1704067200000 implements MigrationInterface {\n"
        "  public async up(queryRunner: QueryRunner): Promise<void> {\n"
        '    await queryRunner.query(`CREATE TABLE "feeds" ("id" integer)`);\n  }\n\n'
        "  public async down(queryRunner: QueryRunner): Promise<void> {\n"
        '    await queryRunner.query(`DROP TABLE "feeds"`);\n  }\n}\n',
    ),
    "django": (
        "app/migrations/0001_initial.py",
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        "    initial = True\n\n    dependencies = []\n\n"
        "    operations = [\n"
        '        migrations.RunSQL("CREATE TABLE feeds (id int)"),\n    ]\n',
    ),
    "alembic": (
        "migrations/versions/a1b2c3d4e5f6_init.py",
        '"""init\n\nRevision ID: a1b2c3d4e5f6\nRevises:\n"""\n'
        "from alembic import op\n\n"
        'revision = "a1b2c3d4e5f6"\ndown_revision = None\n'
        "branch_labels = None\ndepends_on = None\n\n\n"
        "def upgrade():\n"
        '    op.execute("CREATE TABLE feeds (id int)")\n\n\n'
        "def downgrade():\n"
        '    op.execute("DROP TABLE feeds")\n',
    ),
    "laravel": (
        "migrations/2024_01_01_000000_create_feeds_table.php",
        "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\n"
        "use Illuminate\\Database\\Schema\\Blueprint;\n"
        "use Illuminate\\Support\\Facades\\Schema;\n\n"
        "return new class extends Migration {\n    public function up(): void\n    {\n"
        "        Schema::create('feeds', function (Blueprint $table) {\n"
        "            $table->integer('id');\n        });\n    }\n\n"
        "    public function down(): void\n    {\n"
        "        Schema::dropIfExists('feeds');\n    }\n};\n",
    ),
    "liquibase-xml": ("migrations/001_init.sql", "CREATE TABLE feeds (id int);\n"),
}


def test_prune_fails_when_a_go_migration_list_it_reads_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Go migration list is read only when ``paths:`` names its file:
    deleting it fails the run (``DBN002``, exit 2) and prune writes
    nothing."""
    files = {
        "dbnamelint.yaml": "paths: [migrations/000001_init.up.sql, internal/migrations.go]\n"
        "dialect: postgres\n",
        "migrations/000001_init.up.sql": "CREATE TABLE feeds (id int);\n",
        "internal/migrations.go": GO_LIST,
    }
    root = committed_repo(tmp_path / "p", files, monkeypatch, "app")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt")
    before = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "acme_cache" in before
    (root / "internal/migrations.go").unlink()
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 2, result.output
    assert "internal/migrations.go:1:1: DBN002 error" in result.output
    assert (root / "whitelist.yaml").read_text(encoding="utf-8") == before


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> Path:
    folder = "app/migrations" if case == "django" else "migrations"
    paths = {
        "liquibase-xml": "[migrations]",
    }.get(case, f"[{folder}]")
    files = {
        "dbnamelint.yaml": f"paths: {paths}\ndialect: postgres\n",
        FIRST[case][0]: FIRST[case][1],
        CASES[case][0]: CASES[case][1],
    }
    if case == "django":
        files["app/__init__.py"] = ""
        files["app/migrations/__init__.py"] = ""
    root = committed_repo(tmp_path / "p", files, monkeypatch, "app")
    init = CliRunner().invoke(cli, ["whitelist", "init"])
    assert init.exit_code == 0, init.output
    commit_all(root, "adopt")
    return root


@pytest.mark.parametrize("case", sorted(CASES))
def test_prune_keeps_entries_while_an_applied_code_migration_is_deleted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """The working tree deletes the applied code migration that made
    ``acme_cache``: prune removed its entry ("no table named acme_cache is
    in the schema the files build"); now it keeps it, as for a SQL file,
    and the gate says ``DBN025`` of the same file."""
    root = _project(tmp_path, monkeypatch, case)
    name = CASES[case][0]
    before = (root / "whitelist.yaml").read_text(encoding="utf-8")
    assert "acme_cache" in before
    (root / name).unlink()
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "kept table acme_cache" in result.output
    assert f"DBN025 at {name}:" in result.output, result.output
    assert "removed" not in result.output
    assert (root / "whitelist.yaml").read_text(encoding="utf-8") == before
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert f"{name}:1:1: DBN025 error" in gate.output, gate.output


def test_prune_removes_the_entry_of_a_code_migration_renamed_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Knex migration moved to another name the model still reads keeps
    ``acme_cache`` in the schema: the entry is not stale, nothing to keep or
    remove; and a rename stale for another reason is removed."""
    root = _project(tmp_path, monkeypatch, "knex")
    (root / "migrations/20240103000000_rename.js").write_text(
        "exports.up = function (knex) {\n"
        "  return knex.schema.renameTable('acme_cache', 'acme_caches');\n};\n\n"
        "exports.down = function (knex) {\n"
        "  return knex.schema.renameTable('acme_caches', 'acme_cache');\n};\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert result.exit_code == 0, result.output
    assert "removed table acme_cache" in result.output


@pytest.mark.parametrize("case", ["knex", "django"])
def test_check_says_the_entry_is_kept_as_prune_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """Second confirmation s33: with the applied migration deleted in the
    working tree, `check` called the entry stale with "delete this entry"
    while `whitelist prune` kept it; both now say to keep it (DBN025), and
    a plain rename that makes an entry stale still says "delete this entry"."""
    root = _project(tmp_path, monkeypatch, case)
    name = CASES[case][0]
    (root / name).unlink()
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    stale = [line for line in result.output.splitlines() if "DBN900" in line]
    assert len(stale) == 1 and "acme_cache" in stale[0], result.output
    assert "delete this entry" not in stale[0]
    assert f"DBN025 at {name}:1" in stale[0] and "keep this entry" in stale[0]


def test_check_still_says_delete_for_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, monkeypatch, "knex")
    (root / "migrations/20240103000000_rename.js").write_text(
        "exports.up = function (knex) {\n"
        "  return knex.schema.renameTable('acme_cache', 'acme_caches');\n};\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check"])
    stale = [line for line in result.output.splitlines() if "DBN900" in line]
    assert len(stale) == 1 and "delete this entry" in stale[0], result.output
