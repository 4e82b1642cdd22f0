"""Prose a code migration keeps as data is no SQL it runs.

A code migration's strings starting with a statement's word were read as the
statements they run, so BookStack's permission names ('Create All', 'Create
Page', closing confirmation s37) gave DBN004 "could not read CREATE ALL
statement" errors: on adoption in applied migrations `whitelist init` cannot
record, and in a new data-only migration the gate refused, even with the
inline ignore (DBN908). A string whose second word starts nothing CREATE,
ALTER, DROP, RENAME or COMMENT can start (an object word, a modifier, ``IF``)
is prose; SQL-looking strings are read as before.

Oracle: Laravel's schema builder in pretend mode (tests/laravel/pretend.php)
runs the migration: only INSERTs, no DDL. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from cli_json import inspect_objects
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "database/migrations/2026_12_06_000002_permissions.php"
PROSE = ("Create All", "Create Page", "Drop it", "Alter ego", "Rename it", "Comment here")
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        foreach ([{prose}] as $op) {
            DB::table('role_permissions')->insert(['name' => $op, 'display_name' => $op]);
        }
{more}    }

    public function down(): void {}
};
"""


def _migration(more: str = "") -> str:
    return MIGRATION.replace("{prose}", ", ".join(f"'{p}'" for p in PROSE)).replace("{more}", more)


FIRST = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('role_permissions', function (Blueprint $table) {
            $table->id();
            $table->string('name');
            $table->string('display_name');
        });
    }
};
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed Laravel project whose migrations folder is the model's."""
    files = {
        "dbnamelint.yaml": 'paths: ["database/migrations"]\ndialect: postgres\n',
        "database/migrations/2026_01_01_000000_create_role_permissions.php": FIRST,
    }
    return committed_repo(tmp_path / "app", files, monkeypatch)


@needs_laravel
def test_laravel_runs_no_ddl_and_the_model_reads_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(_migration())
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    assert sql and all(s.lower().startswith("insert") for s in sql), sql
    monkeypatch.chdir(tmp_path)
    objects, said = inspect_objects()
    assert objects == set()
    assert [d for d in said if d["severity"] == "error"] == []


def test_a_new_data_migration_passes_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    stage(root, PATH, _migration())
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert (status, found) == (0, []), run


@pytest.mark.parametrize(
    "statement",
    [
        'CREATE TABLE "BadRaw" (id int)',
        'create unique index "BadIdx" on role_permissions (name)',
        'ALTER TABLE role_permissions ADD COLUMN "badCol" int',
    ],
)
def test_sql_beside_the_prose_is_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statement: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = _migration(f"        DB::statement('{statement}');\n")
    line = text[: text.index(statement)].count("\n") + 1
    found = new_file_errors(root, PATH, text)
    assert found and {at for _, at in found} == {line}, found
    assert not [code for code, _ in found if code == "DBN004"], found
