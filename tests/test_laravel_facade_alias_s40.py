"""The Schema facade imported under another name is read.

``use Illuminate\\Support\\Facades\\Schema as S;`` then ``S::create(...)`` is
Laravel's facade (PHP's ``use ... as``): its names were neither in the model
nor judged, and a new ``S::create('BadAliased', ...)`` passed the gate
(trial s40 BookStack G6), in a migration and in application code alike.
Oracle: Laravel's own schema builder in pretend mode
(tests/laravel/pretend.php) on PostgreSQL 15; real git for the gate.
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

PATH = "database/migrations/2025_01_01_000000_create_labels.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema as S;

return new class extends Migration
{
    public function up(): void
    {
        S::create('{table}', function (Blueprint $table) {
            $table->increments('id');
            $table->string('{column}');
        });
    }

    public function down(): void {}
};
"""
COMMAND = """<?php

namespace App\\Console\\Commands;

use Illuminate\\Console\\Command;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema as SchemaFacade;

class MakeLabels extends Command
{
    public function handle(): void
    {
        SchemaFacade::create('ArchivedLabels', function (Blueprint $table) {
            $table->increments('id');
        });
    }
}
"""


@needs_laravel
def test_the_model_has_what_the_aliased_facade_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(MIGRATION.replace("{table}", "labels").replace("{column}", "title"))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s40_laravel_facade_alias") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, _said = inspect_objects()
    assert ("column", "labels", "title") in made, made
    assert files == made, files ^ made


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    schema = "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY(id));\n"
    files = {"dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n', "schema.sql": schema}
    return committed_repo(tmp_path / "app", files, monkeypatch)


def _line(text: str, mark: str) -> int:
    return next(n for n, one in enumerate(text.splitlines(), 1) if mark in one)


def test_the_gate_judges_the_aliased_facades_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the change passed."""
    root = _repo(tmp_path, monkeypatch)
    text = MIGRATION.replace("{table}", "BadAliased").replace("{column}", "Title")
    want = [("DBN101", _line(text, "S::create(")), ("DBN201", _line(text, "$table->string("))]
    assert new_file_errors(root, PATH, text) == want


def test_the_aliased_facade_in_application_code_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    path = "app/Console/Commands/MakeLabels.php"
    assert new_file_errors(root, path, COMMAND) == [("DBN101", _line(COMMAND, "::create("))]
