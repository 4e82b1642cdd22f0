"""A Laravel schema builder kept in a variable or a property is read.

Laravel Telescope's migration writes ``$schema =
Schema::connection($this->getConnection()); $schema->create(...)``; others
keep ``$this->schema`` (set in ``__construct``), take
``DB::connection()->getSchemaBuilder()`` or ``Schema::getFacadeRoot()``.
Before, the reader knew only the facade's own calls, so these names were
neither in the model nor judged, without a word: a new
``$schema->create('BadHeld', ...)`` passed ``check --base`` and the hook
(trial s40 BookStack G1, G4). Oracle: Laravel's own schema builder in pretend
mode (tests/laravel/pretend.php) gives the SQL, run on PostgreSQL 15; ``inspect
--db`` of that database equals ``inspect`` of the files. Real git for the gate.
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

PATH = "database/migrations/2025_01_01_000000_create_tickets.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    private $schema;

    public function __construct()
    {
        $this->schema = Schema::connection($this->getConnection());
    }

    public function up(): void
    {
        $schema = Schema::connection($this->getConnection());
        $schema->create('{table}', function (Blueprint $table) {
            $table->increments('id');
        });
        $this->schema->table('{table}', function (Blueprint $table) {
            $table->string('{column}');
        });
        $builder = DB::connection()->getSchemaBuilder();
        $builder->table('{table}', function (Blueprint $table) {
            $table->index('{column}', '{index}');
        });
        Schema::getFacadeRoot()->create('{other}', function (Blueprint $table) {
            $table->increments('id');
        });
        if (! $schema->hasTable('{table}')) {
            return;
        }
    }

    public function down(): void {}
};
"""
GOOD = {"table": "tickets", "column": "title", "index": "tickets_title_idx", "other": "queues"}
BAD = {
    "table": "BadTickets",
    "column": "TicketTitle",
    "index": "TicketsTitle",
    "other": "BadQueues",
}


def _text(names: dict[str, str]) -> str:
    text = MIGRATION
    for key, value in names.items():
        text = text.replace("{" + key + "}", value)
    return text


def _lines(text: str, *marks: str) -> list[int]:
    return [n for n, one in enumerate(text.splitlines(), 1) if any(m in one for m in marks)]


@needs_laravel
def test_the_model_has_what_a_kept_builder_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(_text(GOOD))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    # pretend mode lists hasTable's catalog query too (with ? for its values): no DDL
    sql = [q for q in laravel_sql(migration) if not q.startswith("select")]
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s40_laravel_held_builder") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    assert ("index", "tickets", "tickets_title_idx") in made
    assert {("column", "tickets", "title"), ("table", "", "queues")} <= made, made
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    schema = "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY(id));\n"
    files = {"dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n', "schema.sql": schema}
    return committed_repo(tmp_path / "app", files, monkeypatch)


def test_the_gate_judges_what_a_kept_builder_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the change passed, every name unjudged."""
    root = _repo(tmp_path, monkeypatch)
    text = _text(BAD)
    tables = _lines(text, "$schema->create(", "getFacadeRoot()->create(")
    column = _lines(text, "$table->string(")
    index = _lines(text, "$table->index(")
    want = [("DBN101", n) for n in tables] + [("DBN201", n) for n in column]
    want += [("DBN301", n) for n in index]
    assert len(want) == 4
    assert new_file_errors(root, PATH, text) == sorted(want)


#: A builder handed on or a variable written with something else: not followed.
ESCAPES = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Installer::make(Schema::connection('pgsql'));
        $maybe = Schema::connection('pgsql');
        $maybe = $this->other();
        $maybe->create('Passed', function (Blueprint $table) {
            $table->increments('id');
        });
        self::$kept = Schema::getFacadeRoot();
    }

    public function down(): void {}
};
"""


def test_a_builder_the_reader_cannot_follow_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    lines = _lines(ESCAPES, "Installer::make(", "$maybe->create(", "self::$kept")
    # $this->other() is a method the file lacks: DBN013 too, on its line
    lines += _lines(ESCAPES, "$this->other()")
    assert new_file_errors(root, PATH, ESCAPES) == sorted(("DBN013", n) for n in lines)


COMMAND = """<?php

namespace App\\Console\\Commands;

use Illuminate\\Console\\Command;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

class MakeArchive extends Command
{
    public function handle(): int
    {
        $schema = Schema::connection(config('database.default'));
        $schema->create('ArchivedBooks', function (Blueprint $table) {
            $table->increments('id');
        });
        return 0;
    }
}
"""


def test_a_kept_builder_in_application_code_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    path = "app/Console/Commands/MakeArchive.php"
    assert new_file_errors(root, path, COMMAND) == [
        ("DBN101", n) for n in _lines(COMMAND, "$schema->create(")
    ]
