"""``collect([...])->each(function ...)`` over a literal array is read as a loop.

koel's migrations loop with Laravel's collections: ``collect(['playlist_song',
'interactions'])->each(static function (string $table): void {
Schema::table($table, ...); })``. The reader knew ``foreach`` over a literal
array only, so the call was a ``DBN013`` (its names unchecked and out of the
model; the gate's error in a new migration, even with honest names: trial
s42 koel). Now the closure's body is read once per item, its parameters
bound to the item and its key (``Collection::each`` calls it with both),
what it captures by ``use`` known in it, as a ``foreach`` is.

Oracle: Laravel's own schema builder in pretend mode (tests/laravel/pretend.php,
illuminate/collections' ``collect``) to PostgreSQL 15: ``inspect --db`` of
that database equals ``inspect`` of the files. Real git for the gate.
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
from tree_helpers import write_tree

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CREATE = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
        Schema::create('songs', static function (Blueprint $table): void {
            $table->increments('id');
            $table->string('title');
        });
        Schema::create('albums', static function (Blueprint $table): void {
            $table->increments('id');
            $table->string('name');
        });
    }
};
"""
LOOPS = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
        $suffix = '{suffix}';

        collect(['songs', 'albums'])->each(static function (string $table): void {
            Schema::table($table, static function (Blueprint $table): void {
                $table->boolean('{column}')->default(false);
            });
        });

        collect(['songs' => 'title', 'albums' => 'name'])->each(
            static function (string $column, string $table) use ($suffix): void {
                Schema::table(
                    $table,
                    static function (Blueprint $t) use ($column, $table, $suffix): void {
                        $t->index($column, "{$table}_{$column}_{$suffix}");
                    }
                );
            }
        );
    }
};
"""
FIRST = "database/migrations/2024_01_01_000000_create_songs_table.php"
SECOND = "database/migrations/2025_01_01_000000_hide_songs.php"


def _loops(column: str, suffix: str) -> str:
    return LOOPS.replace("{column}", column).replace("{suffix}", suffix)


@needs_laravel
def test_the_model_has_what_each_item_makes(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: no is_hidden column nor index in the model, two DBN013 warnings."""
    sql = []
    for n, text in enumerate((CREATE, _loops("is_hidden", "idx"))):
        one = tmp_path / f"oracle{n}.php"
        one.write_text(text)
        sql += laravel_sql(one)
    root = tmp_path / "app"
    write_tree(
        root,
        {
            "dbnamelint.yaml": 'paths: ["database/migrations"]\ndialect: postgres\n',
            FIRST: CREATE,
            SECOND: _loops("is_hidden", "idx"),
        },
    )
    monkeypatch.chdir(root)
    with pg.fresh_database("s42_laravel_each") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        theirs, _ = inspect_objects("--db", pg.url(db))
    ours, said = inspect_objects()
    assert {
        ("column", "albums", "is_hidden"),
        ("column", "songs", "is_hidden"),
        ("index", "songs", "songs_title_idx"),
        ("index", "albums", "albums_name_idx"),
    } <= theirs, theirs
    assert ours == theirs, ours ^ theirs
    assert not [d for d in said if d["code"] == "DBN013"], said


def test_the_gate_judges_each_items_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: two DBN013 errors, the names themselves not judged."""
    files = {
        "dbnamelint.yaml": 'paths: ["database/migrations"]\ndialect: mysql\n',
        FIRST: CREATE,
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    text = _loops("isHidden", "Idx")
    lines = text.splitlines()

    def line(mark: str) -> int:
        return next(n for n, one in enumerate(lines, 1) if mark in one)

    assert new_file_errors(root, SECOND, text) == sorted(
        [("DBN201", line("'isHidden'")), ("DBN301", line("$t->index("))]
    )
