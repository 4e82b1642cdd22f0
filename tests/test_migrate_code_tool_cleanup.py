"""``migrate --cleanup`` for a Laravel migration folder leaves BEGIN/COMMIT
out, as the forward script does (trial s35 firefly-iii, F8).

The forward script for a Laravel layout carries no BEGIN/COMMIT (Laravel's
migrator runs each migration in a transaction, which a pasted COMMIT would end
part-way), but the cleanup script, pasted into a Laravel migration the same
way, printed ``BEGIN; DROP VIEW ...; COMMIT;``.

Oracle: PostgreSQL, the cleanup run as Laravel's migrator runs a migration on
it (in a transaction) that then fails: the view must still be there (the
migrator's rollback undoes the whole migration), which a COMMIT in the script
prevents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

BASE = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        DB::statement('CREATE TABLE tag_journal (id bigserial PRIMARY KEY)');
    }
};
"""
RENAME = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        DB::unprepared(<<<'SQL'
ALTER TABLE "tag_journal" RENAME TO "tag_journals";
CREATE VIEW "tag_journal" AS SELECT * FROM "tag_journals";
SQL);
    }
};
"""


def test_the_cleanup_for_a_laravel_migration_carries_no_begin_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = tmp_path / "app"
    folder = root / "database" / "migrations"
    folder.mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("paths: [database/migrations]\ndialect: postgres\n")
    (folder / "2016_01_01_000000_base.php").write_text(BASE)
    (folder / "2026_05_02_000000_rename.php").write_text(RENAME)
    monkeypatch.chdir(root)
    out = tmp_path / "cleanup.sql"
    result = CliRunner().invoke(cli, ["migrate", "--cleanup", "-o", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    cleanup = out.read_text()
    assert 'DROP VIEW "tag_journal"' in cleanup
    # as the migrator runs it: in its transaction, then a failure rolls it all back
    script = tmp_path / "as_laravel_runs_it.sql"
    script.write_text(f"BEGIN;\n{cleanup}\nROLLBACK;\n")
    with pg.fresh_database("laravel_cleanup") as db:
        pg.run(
            sql="CREATE TABLE tag_journals (id bigserial PRIMARY KEY); "
            "CREATE VIEW tag_journal AS SELECT * FROM tag_journals;",
            dbname=db,
        )
        pg.run(files=[script], dbname=db)
        views = pg.query_json("SELECT viewname AS n FROM pg_views WHERE schemaname = 'public'", db)
    assert [v["n"] for v in views] == ["tag_journal"]
    assert "Laravel's migrator runs each migration in a transaction" in result.output


KNEX_INIT = """exports.up = async function (knex) {
  await knex.schema.createTable('UserPrefs', (t) => {
    t.increments('id');
  });
};
"""
KNEX_WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - kind: table
    name: UserPrefs
    rules: [DBN101]
    phase: "1"
    target: user_prefs
"""


def test_the_cleanup_of_a_written_code_migration_keeps_the_tools_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once ``--write`` writes a tool's migration (here Knex's), the cleanup
    planned after it still says why it carries no BEGIN/COMMIT (the note the
    forward gets: Knex runs each migration in a transaction, its docs'
    ``config.transaction``); it was dropped when the layout stopped being
    refused (the note came from the refusal's path only)."""
    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text("paths:\n  - migrations\ndialect: postgres\n")
    (root / "whitelist.yaml").write_text(KNEX_WHITELIST)
    (root / "migrations" / "20240101000000_init.js").write_text(KNEX_INIT)
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write", "--no-cache"])
    assert done.exit_code == 0, done.output
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--cleanup", "--no-cache"])
    assert done.exit_code == 0, done.output
    assert "Knex runs each migration in a transaction" in done.output
    assert "BEGIN;" not in done.output
