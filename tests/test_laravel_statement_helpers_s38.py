"""A Laravel ``DB::statement`` whose SQL a helper's literal argument or a
loop's value fills is read as the SQL each call runs (session 38 G4).

``$this->addAudit('BadThings')`` of ``public function addAudit(string
$table) { DB::statement("CREATE TABLE {$table}_audits (id int)"); }``, a
``foreach`` over a literal array, a variable assigned a literal: Laravel
runs one statement per call, every name known, yet the string was a hole,
``DBN013`` (the Schema builder calls beside them were followed already).
Now each call's SQL is read (all of them, laid at the string); a call
whose argument is not known keeps the hole.

Oracle: Laravel's pretend mode gives the SQL the migration runs, run on
PostgreSQL 15; ``inspect --db`` of that database equals ``inspect`` of the
file. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import new_file_errors
from cli_json import inspect_objects
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "database/migrations/2026_12_06_000001_audits.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        $this->addAudit('{first}');
        $this->addAudit('orders');
        foreach (['{looped}', 'invoices'] as $name) {
            DB::statement("CREATE TABLE {$name}_notes (id int)");
        }
        $kept = 'kept';
        DB::statement('CREATE TABLE ' . $kept . '_rows (id int)');
    }

    public function addAudit(string $table): void
    {
        DB::statement("CREATE TABLE {$table}_audits (id int)");
        Schema::create("{$table}_logs", function (Blueprint $t): void {
            $t->id();
        });
    }

    public function down(): void {}
};
"""
GOOD = {"first": "users", "looped": "payments"}
BAD = {"first": "BadThings", "looped": "MoreThings"}


def _text(names: dict[str, str]) -> str:
    return MIGRATION.replace("{first}", names["first"]).replace("{looped}", names["looped"])


@needs_laravel
def test_the_model_has_what_laravel_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(_text(GOOD))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    assert sum("_audits" in s for s in sql) == 2, sql
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s38_gatepy_laravel_statements") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    assert ("table", "", "users_audits") in made, made  # (the helper's first call)
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said


def test_the_gate_judges_each_calls_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: DBN013 at each statement's string; now the bad names, on
    their strings' lines, and nothing unread."""
    files = {"dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n'}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    text = _text(BAD)
    lines = text.split("\n")
    audits = next(n for n, row in enumerate(lines, 1) if "_audits (id int)" in row)
    logs = next(n for n, row in enumerate(lines, 1) if "_logs" in row)
    notes = next(n for n, row in enumerate(lines, 1) if "_notes (id int)" in row)
    found = new_file_errors(root, PATH, text)
    assert {code for code, _line in found} <= {"DBN101", "DBN105"}, found
    assert {line for _code, line in found} == {audits, logs, notes}, found
