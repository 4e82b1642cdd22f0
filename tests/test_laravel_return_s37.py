"""A Laravel migration's code after an unconditional ``return;`` is not read
(session 37 G3): PHP runs nothing after it, yet the reader read the
``Schema::`` calls and ``DB::statement`` strings below a ``return;`` in
``up()``, in a helper method ``up()`` calls, or in a builder closure, as
made: names the migration never makes were judged (and refused by the gate)
and put in the model. A ``return`` in a branch leaves only when it runs:
what follows the branch is read.

A Doctrine migration's ``up()`` the same: its ``addSql`` strings and Schema
API calls after a ``return;``.

Oracle: Laravel's own schema builder in pretend mode (tests/laravel/pretend.php)
gives the SQL the migration runs, which is run on PostgreSQL 15; ``inspect
--db`` of that database equals ``inspect`` of the files. Doctrine's
migration runs on php with stand-ins for its classes printing each call.
Real git for the gate.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from check_json import new_file_errors
from cli_json import inspect_objects
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "database/migrations/2026_12_06_000001_returns.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('kept_tables', function (Blueprint $t): void {
            $t->id();
            return;
            $t->string('DeadClosureColumn');
        });
        $this->more();
        if (random_int(0, 1) > 5) {
            return;
        }
        Schema::table('kept_tables', fn (Blueprint $t) => $t->string('{live}'));
        return;
        Schema::create('DeadTable', function (Blueprint $t): void {
            $t->id();
        });
        DB::statement('CREATE TABLE "DeadRaw" (id int)');
    }

    private function more(): void
    {
        Schema::table('kept_tables', fn (Blueprint $t) => $t->string('helper_column'));
        return;
        Schema::table('kept_tables', fn (Blueprint $t) => $t->string('DeadHelperColumn'));
    }

    public function down(): void {}
};
"""
DEAD = ("DeadClosureColumn", "DeadTable", "DeadRaw", "DeadHelperColumn")


@needs_laravel
def test_the_model_has_what_laravel_runs_not_what_follows_a_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(MIGRATION.replace("{live}", "after_branch"))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    assert not [s for s in sql if any(dead in s for dead in DEAD)], sql
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s37_small_laravel_return") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    for one in ("after_branch", "helper_column"):  # after a branch's return; before a return
        assert ("column", "kept_tables", one) in made, one
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> Path:
    """A committed project reading every file, its schema one ``users`` table."""
    schema = "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY(id));\n"
    config = f'paths: ["."]\ndialect: {dialect}\n'
    files = {"dbnamelint.yaml": config, "schema.sql": schema}
    return committed_repo(tmp_path / "app", files, monkeypatch)


def test_the_gate_judges_no_name_after_a_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: DeadTable, DeadRaw and the dead columns were refused as made."""
    root = _repo(tmp_path, monkeypatch, "postgres")
    text = MIGRATION.replace("{live}", "LiveBadColumn")
    line = text[: text.index("LiveBadColumn")].count("\n") + 1
    assert new_file_errors(root, PATH, text) == [("DBN201", line)]


DOCTRINE_PATH = "migrations/Version20261206000001.php"
DOCTRINE = """<?php

declare(strict_types=1);

namespace App\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20261206000001 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('CREATE TABLE live_notes (id INT NOT NULL)');
        $users = $schema->getTable('users');
        $users->addColumn('LiveBadColumn', 'string', ['length' => 34, 'notnull' => false]);
        return;
        $this->addSql('CREATE TABLE DeadNotes (id INT NOT NULL)');
        $users->addColumn('DeadColumn', 'string', ['length' => 34, 'notnull' => false]);
    }

    public function down(Schema $schema): void
    {
    }
}
"""
#: Stand-ins for Doctrine's classes: each call says what it is given (PHP
#: runs the migration's ``up()`` as written; doctrine/migrations is not installed).
DOCTRINE_STUBS = """namespace Doctrine\\DBAL\\Schema {
    class Schema { function __call($m, $a) { echo $m, ' ', json_encode($a), "\\n"; return $this; } }
}
namespace Doctrine\\Migrations {
    abstract class AbstractMigration { function addSql($s) { echo "addSql $s\\n"; } }
}
namespace {
    (new App\\Migrations\\Version20261206000001())->up(new Doctrine\\DBAL\\Schema\\Schema());
}
"""


def test_a_doctrine_migration_after_a_return_is_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("php") is not None:
        body = DOCTRINE.removeprefix("<?php\n").replace("declare(strict_types=1);", "")
        body = body.replace("namespace App\\Migrations;", "namespace App\\Migrations {") + "}\n"
        script = tmp_path / "run.php"
        script.write_text("<?php\n" + body + DOCTRINE_STUBS)
        ran = subprocess.run(["php", str(script)], capture_output=True, text=True, check=True)
        assert "Dead" not in ran.stdout and "LiveBadColumn" in ran.stdout, ran.stdout
    root = _repo(tmp_path, monkeypatch, "mariadb")
    line = DOCTRINE[: DOCTRINE.index("LiveBadColumn")].count("\n") + 1
    assert new_file_errors(root, DOCTRINE_PATH, DOCTRINE) == [("DBN201", line)]
