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

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
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


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout)


def _names(data: dict) -> set[tuple[str, str, str]]:
    return {(o["kind"], o["table"] or "", o["name"]) for o in data["objects"]}


@needs_laravel
def test_the_model_has_what_laravel_runs_not_what_follows_a_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    folder = tmp_path / "database" / "migrations"
    folder.mkdir(parents=True)
    migration = folder / Path(PATH).name
    migration.write_text(MIGRATION.replace("{live}", "after_branch"))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    assert not [s for s in sql if any(dead in s for dead in DEAD)], sql
    with pg.fresh_database("s37_small_laravel_return") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        live = _inspect(tmp_path, monkeypatch, "--db", pg.url(db))
    files = _inspect(tmp_path, monkeypatch)
    made = _names(live)
    for one in ("after_branch", "helper_column"):  # after a branch's return; before a return
        assert ("column", "kept_tables", one) in made, one
    assert _names(files) == made, _names(files) ^ made
    assert not [d for d in files["diagnostics"] if d["code"] == "DBN013"], files["diagnostics"]


def test_the_gate_judges_no_name_after_a_return(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: DeadTable, DeadRaw and the dead columns were refused as made."""
    from check_json import new_file_errors
    from git_helpers import committed_repo

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n',
            "schema.sql": "CREATE TABLE tags (id bigserial PRIMARY KEY);\n",
        },
        monkeypatch,
    )
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
    from check_json import new_file_errors
    from git_helpers import committed_repo

    if shutil.which("php") is not None:
        body = DOCTRINE.removeprefix("<?php\n").replace("declare(strict_types=1);", "")
        body = body.replace("namespace App\\Migrations;", "namespace App\\Migrations {") + "}\n"
        script = tmp_path / "run.php"
        script.write_text("<?php\n" + body + DOCTRINE_STUBS)
        ran = subprocess.run(["php", str(script)], capture_output=True, text=True, check=True)
        assert "Dead" not in ran.stdout and "LiveBadColumn" in ran.stdout, ran.stdout
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["."]\ndialect: mariadb\n',
            "schema.sql": "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY(id));\n",
        },
        monkeypatch,
    )
    line = DOCTRINE[: DOCTRINE.index("LiveBadColumn")].count("\n") + 1
    assert new_file_errors(root, DOCTRINE_PATH, DOCTRINE) == [("DBN201", line)]
