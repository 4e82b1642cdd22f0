"""Schema calls in the closure of another Schema call are read.

``Schema::withoutForeignKeyConstraints(function () { Schema::create(...); })``
runs its closure (``disableForeignKeyConstraints``, the closure, ``enable``),
and ``Schema::whenTableHasColumn('t', 'c', fn (Blueprint $table) => ...)``
(``whenTableDoesntHaveColumn``, ``whenTableHasIndex``,
``whenTableDoesntHaveIndex``) runs ``Schema::table('t', ...)`` with it when
the check holds (illuminate/database 12, ``Schema\\Builder``). The reader took
both for checks that make no name and skipped their arguments, so a new
migration's names there passed ``check --base`` and the hook (trial s40
BookStack G2, G3). Now they are read, a ``whenTable*`` closure as if its
check holds (as a call in ``if (Schema::hasColumn(...))`` is).

Oracle: Debian's illuminate/database (8.x) has neither method, so the same
migration written as Laravel 12 runs it (the closure's calls in place,
``Schema::table`` for ``whenTable*``) goes through Laravel's own schema
builder in pretend mode (tests/laravel/pretend.php) to PostgreSQL 15: ``inspect
--db`` of that database equals ``inspect`` of the files using the two
methods. Real git for the gate.
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

PATH = "database/migrations/2025_01_01_000000_add_archive.php"
HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('books', function (Blueprint $table) {
            $table->increments('id');
            $table->string('name');
        });
"""
TAIL = """    }

    public function down(): void {}
};
"""
#: What the migration does, through the two kinds of call.
WRAPPED = """        Schema::withoutForeignKeyConstraints(function () {
            Schema::create('{table}', function (Blueprint $table) {
                $table->increments('id');
            });
        });
        Schema::whenTableDoesntHaveColumn('books', 'isbn', function (Blueprint $table) {
            $table->string('{column}');
        });
        Schema::whenTableHasColumn('books', 'name', fn (Blueprint $table) =>
            $table->index('name', '{index}'));
        Schema::whenTableDoesntHaveIndex('books', 'x', function (Blueprint $table) {
            $table->unique('name', '{unique}');
        });
"""
#: The same as Laravel 12 runs it, for Debian's illuminate/database 8.
UNWRAPPED = """        Schema::create('{table}', function (Blueprint $table) {
            $table->increments('id');
        });
        Schema::table('books', function (Blueprint $table) {
            $table->string('{column}');
        });
        Schema::table('books', fn (Blueprint $table) =>
            $table->index('name', '{index}'));
        Schema::table('books', function (Blueprint $table) {
            $table->unique('name', '{unique}');
        });
"""
GOOD = {"table": "archives", "column": "isbn", "index": "books_name_idx", "unique": "books_name_uq"}
BAD = {"table": "BadArchives", "column": "Isbn", "index": "BooksName", "unique": "BooksNameUq"}


def _text(body: str, names: dict[str, str]) -> str:
    for key, value in names.items():
        body = body.replace("{" + key + "}", value)
    return HEAD + body + TAIL


@needs_laravel
def test_the_model_has_what_the_closures_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    oracle = tmp_path / "oracle.php"
    oracle.write_text(_text(UNWRAPPED, GOOD))
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(_text(WRAPPED, GOOD))
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(oracle)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s40_laravel_closure_calls") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    assert {("table", "", "archives"), ("index", "books", "books_name_idx")} <= made, made
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said


def test_the_gate_judges_the_closures_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the change passed, none of the four names judged."""
    schema = "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY(id));\n"
    files = {"dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n', "schema.sql": schema}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    text = _text(WRAPPED, BAD)
    lines = text.splitlines()

    def line(mark: str) -> int:
        return next(n for n, one in enumerate(lines, 1) if mark in one)

    want = [
        ("DBN101", line("'BadArchives'")),
        ("DBN201", line("'Isbn'")),
        ("DBN301", line("'BooksName'")),
        ("DBN401", line("'BooksNameUq'")),
    ]
    assert new_file_errors(root, PATH, text) == sorted(want)
