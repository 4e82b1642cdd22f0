"""Renaming an applied code migration its tool records by file name: DBN025 (trial s30 firefly-iii).

Laravel records each applied migration by its file name without ``.php``
(illuminate/database ``Migrator::getMigrationName``: ``str_replace('.php',
'', basename($path))``, the ``migrations`` table's ``migration`` column);
Knex (``knex_migrations.name``) and Sequelize (``SequelizeMeta.name``) by
the file's name; Django by app and module name (``django_migrations``). A
``git mv`` of such a migration to a new name passed the gate, yet every
database that ran it runs it again (firefly-iii on PostgreSQL: ``column
"archived_at" of relation "accounts" already exists``), as for a renamed
SQL migration of such a tool. A tool that records a version or id written
in the file (Alembic's ``revision``, a hand-rolled runner's list: listmonk,
tests/test_gate_code_migration_unread.py) still sees the applied one: the
rename passes. Oracle: real git (the base commit; the index in the
pre-commit run).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["."]\ndialect: postgres\n'
SCHEMA = "CREATE TABLE accounts (id SERIAL PRIMARY KEY, name TEXT NOT NULL);\n"

LARAVEL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::table('accounts', function (Blueprint $table) {
            $table->timestamp('archived_at')->nullable();
        });
    }

    public function down(): void
    {
        Schema::table('accounts', function (Blueprint $table) {
            $table->dropColumn('archived_at');
        });
    }
};
"""
LARAVEL_STATEMENT = LARAVEL.replace(
    "Schema::table('accounts', function (Blueprint $table) {\n"
    "            $table->timestamp('archived_at')->nullable();\n        });\n    }\n\n"
    "    public function down",
    "DB::statement('ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP');\n    }\n\n"
    "    public function down",
    1,
)
KNEX = """exports.up = function (knex) {
  return knex.raw('ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP');
};

exports.down = function (knex) {
  return knex.raw('ALTER TABLE accounts DROP COLUMN archived_at');
};
"""
DJANGO = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunSQL("ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP"),
    ]
"""
ALEMBIC = '''"""archive accounts"""
from alembic import op

revision = "1975ea83b712"
down_revision = None


def upgrade():
    op.execute("ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP")
'''
ECTO = """defmodule Ledger.Repo.Migrations.ArchiveAccounts do
  use Ecto.Migration

  def change do
    alter table(:accounts) do
      add :archived_at, :utc_datetime
    end
  end
end
"""
RAILS = """class ArchiveAccounts < ActiveRecord::Migration[7.1]
  def change
    add_column :accounts, :archived_at, :datetime
  end
end
"""

CASES = {
    "laravel": (
        "database/migrations/2024_01_05_000001_archive_accounts.php",
        LARAVEL,
        "database/migrations/2026_12_05_000001_archive_accounts.php",
        "Laravel records an applied migration by its file name",
    ),
    "laravel-statement": (
        "database/migrations/2024_01_05_000001_archive_accounts.php",
        LARAVEL_STATEMENT,
        "database/migrations/2026_12_05_000001_archive_accounts.php",
        "Laravel records an applied migration by its file name",
    ),
    "knex": (
        "migrations/20240105000001_archive_accounts.js",
        KNEX,
        "migrations/20261205000001_archive_accounts.js",
        "knex_migrations",
    ),
    "django": (
        "ledger/migrations/0002_archive.py",
        DJANGO,
        "ledger/migrations/0002_archive_accounts.py",
        "Django records an applied migration by its app and module name",
    ),
    # Ecto and Rails record the version the file name starts with (trial s40 papercups)
    "ecto": (
        "priv/repo/migrations/20240105000001_archive_accounts.exs",
        ECTO,
        "priv/repo/migrations/20261205000001_archive_accounts.exs",
        "Ecto records an applied migration by the version its file name starts with",
    ),
    "rails": (
        "db/migrate/20240105000001_archive_accounts.rb",
        RAILS,
        "db/migrate/20261205000001_archive_accounts.rb",
        "Rails records an applied migration by the version its file name starts with",
    ),
}


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str) -> Path:
    return committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, path: text},
        monkeypatch,
    )


def _gate(*more: str) -> tuple[int, list[tuple[str, str, str, str]]]:
    args = ["check", *(more or ("--base", "HEAD")), "--no-cache", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["path"], d["severity"], d["message"]) for d in report["diagnostics"]]
    found += [
        (f["code"], f["path"], f["severity"], f["message"])
        for f in report["findings"]
        if f.get("new", True)
    ]
    return result.exit_code, found


@pytest.mark.parametrize("case", sorted(CASES))
def test_renaming_a_migration_its_tool_records_by_file_name_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    path, text, moved, said = CASES[case]
    root = _repo(tmp_path, monkeypatch, path, text)
    git(root, "mv", path, moved)
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, found
        errors = [(c, p, m) for c, p, s, m in found if s == "error"]
        assert [(c, p) for c, p, _ in errors] == [("DBN025", path)]
        message = errors[0][2]
        assert message.startswith(
            f"this code migration was committed at HEAD and this change renames it to {moved}: "
        )
        assert said in message
        assert "runs it again" in message


def test_renamed_and_reworded_beyond_gits_pairing_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git does not pair the files: the new file holding all the old one's
    DDL strings is the rename."""
    path, text, moved, _ = CASES["knex"]
    root = _repo(tmp_path, monkeypatch, path, text)
    git(root, "rm", "-q", path)
    (root / moved).parent.mkdir(exist_ok=True)
    (root / moved).write_text(
        "// Archived accounts.\nexports.up = (knex) =>\n"
        "  knex.raw('ALTER TABLE accounts ADD COLUMN archived_at TIMESTAMP');\n"
    )
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert [(c, p) for c, p, s, _ in found if s == "error"] == [("DBN025", path)]


def test_a_rename_keeping_what_the_tool_records_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Alembic records the ``revision`` written in the file: renaming it changes nothing."""
    path = "alembic/versions/1975ea83b712_archive.py"
    root = _repo(tmp_path, monkeypatch, path, ALEMBIC)
    git(root, "mv", path, "alembic/versions/1975ea83b712_archive_accounts.py")
    status, found = _gate()
    assert status == 0, found
    status, found = _gate("--pre-commit")
    assert status == 0, found


@pytest.mark.parametrize("case", ["ecto", "rails"])
def test_a_versioned_migration_renamed_keeping_its_version_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """Ecto and Rails know a migration by the version its file name starts
    with: a new name after the same version is the applied migration."""
    path, text, _, _ = CASES[case]
    root = _repo(tmp_path, monkeypatch, path, text)
    folder, _, name = path.rpartition("/")
    version, suffix = name.split("_", 1)[0], name.rsplit(".", 1)[1]
    git(root, "mv", path, f"{folder}/{version}_archive_old_accounts.{suffix}")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 0, found


def test_deleting_a_rails_migration_of_an_app_without_a_dump_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a dump the gate reads a Rails migration's calls, so it judges
    its deletion as any code migration's (it passed: trial s40)."""
    path, text, _, _ = CASES["rails"]
    root = _repo(tmp_path, monkeypatch, path, text)
    git(root, "rm", "-q", path)
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, found
        errors = [(c, p, m) for c, p, s, m in found if s == "error"]
        assert [(c, p) for c, p, _ in errors] == [("DBN025", path)]
        assert "deletes it" in errors[0][2]
