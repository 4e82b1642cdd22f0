"""``$table->foreignId('c')->references('id')->on('t')`` makes a foreign key.

``ForeignIdColumnDefinition::references($column, $indexName = null)`` is
``$this->blueprint->foreign($this->name, $indexName)->references($column)``
(illuminate/database 10 to 12; 8.x takes no name): a foreign key named
``<table>_<column>_foreign`` or as given. The reader took ``references`` and
``on`` for modifiers that make nothing, so the key was missing from the
model and a new ``->references('id', 'ThingOwnersUserFk')`` passed the gate
(trial s40 BookStack G5). On any other column (``$table->integer('c')``)
``references`` only sets an attribute: no key. Oracle: Laravel's own schema
builder in pretend mode (tests/laravel/pretend.php, 8.x: default names) on
PostgreSQL 15; the name argument from illuminate 12's source. Real git for
the gate.
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

PATH = "database/migrations/2025_01_01_000000_create_owners.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('users', function (Blueprint $table) {
            $table->id();
        });
        Schema::create('shelves', function (Blueprint $table) {
            $table->id();
        });
        Schema::create('owners', function (Blueprint $table) {
            $table->id();
            $table->foreignId('user_id')->references('id'{name})->on('users');
            $table->foreignId('shelf_id')->nullable()->references('id')->on('shelves')->cascadeOnDelete();
            $table->unsignedBigInteger('other_id')->references('id')->on('users');
        });
    }

    public function down(): void {}
};
"""


@needs_laravel
def test_the_model_has_the_foreign_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(MIGRATION.replace("{name}", ""))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s40_laravel_foreignid_refs") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    assert ("constraint", "owners", "owners_user_id_foreign") in made, made
    assert not any("other_id" in name for _k, _t, name in made if _k == "constraint")
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said


def test_the_gate_judges_the_keys_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the change passed, the key not read."""
    schema = "CREATE TABLE accounts (id INT NOT NULL, PRIMARY KEY(id));\n"
    files = {"dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n', "schema.sql": schema}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    text = MIGRATION.replace("{name}", ", 'OwnersUserFk'")
    line = next(n for n, one in enumerate(text.splitlines(), 1) if "OwnersUserFk" in one)
    assert new_file_errors(root, PATH, text) == [("DBN401", line)]
