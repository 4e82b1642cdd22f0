"""A Laravel column's index modifiers: one index a column, also on ``->change()``.

Laravel's ``Blueprint::addFluentIndexes`` tries a column's index modifiers in
the order primary, unique, index, fulltext, spatialIndex and makes the first
one set, no other: pixelfed writes ``$table->string('slug')->unique()->index()``
in 40 places, and MariaDB gets ``hashtags_slug_unique`` only. The reader made
both, so ``drift`` listed 40 indexes as only in the files (trial s43 pixelfed).
It also skipped every modifier of a ``->change()``d column, where Laravel
makes the index too (``->unique()->index()->change()``, ``dropPrimary`` then
``->primary()->change()``): 5 objects only in the database, and a gate hole,
since a bad name given there (``->index('InboxIDX')->change()``) was never
checked.

Oracle: Laravel's migrator itself (illuminate/database with doctrine/dbal,
tests/laravel/run_migrations.php) running the migrations on MariaDB: its
catalog's indexes are the model's, and ``drift`` finds no difference.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from cli_json import inspect_objects
from dbnamelint.cli import cli
from laravel_oracle import needs_laravel
from tree_helpers import write_tree

RUN = Path(__file__).parent / "laravel" / "run_migrations.php"
HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
"""
TAIL = """    }
};
"""
CREATE = (
    HEAD
    + """        Schema::create('hashtags', function (Blueprint $table) {
            $table->bigIncrements('id');
            $table->string('name')->unique()->index();
            $table->string('slug')->index()->unique();
            $table->string('code')->unique('hashtags_code_key')->index('hashtags_code_idx');
            $table->string('uri')->nullable();
            $table->string('inbox_url')->nullable();
            $table->string('topic')->index()->index('hashtags_topic_idx');
        });
        Schema::create('collections', function (Blueprint $table) {
            $table->bigIncrements('id');
            $table->string('title')->nullable();
        });
"""
    + TAIL
)
CHANGE = (
    HEAD
    + """        Schema::table('hashtags', function (Blueprint $table) {
            $table->string('uri')->nullable()->unique()->index()->change();
            $table->string('inbox_url')->nullable()->index('hashtags_inbox_idx')->change();
        });
        Schema::table('collections', function (Blueprint $table) {
            $table->dropPrimary('id');
            $table->bigInteger('id')->unsigned()->primary()->change();
        });
"""
    + TAIL
)
FILES = {
    "database/migrations/2018_05_06_000000_create_hashtags_table.php": CREATE,
    "database/migrations/2019_08_12_000000_change_hashtags_table.php": CHANGE,
}
CONFIG = "paths: [database/migrations]\ndialect: mysql\n"


def _indexes(objects: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    """(table, name) of the indexes and constraints among ``objects``."""
    return {(table, name) for kind, table, name in objects if kind in ("index", "constraint")}


@needs_laravel
def test_fluent_index_modifiers_make_what_laravel_makes_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the model had hashtags_name_index, hashtags_slug_index and
    hashtags_code_idx too, and lacked the changed columns' indexes and the
    collections primary key."""
    root = tmp_path / "app"
    write_tree(root, {"dbnamelint.yaml": CONFIG, **FILES})
    monkeypatch.chdir(root)
    with maria.fresh_database("s43_laravel_fluent") as db:
        php = shutil.which("php") or "php"
        args = [maria.host, str(maria.port), maria.user, db, *sorted(FILES)]
        subprocess.run([php, str(RUN), *args], check=True, capture_output=True, cwd=root)
        theirs, _ = inspect_objects("--db", maria.url(db))
        drift = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", maria.url(db)])
    ours, _ = inspect_objects()
    made = {(t, n) for t, n in _indexes(theirs) if n != "PRIMARY"}
    assert made == {
        ("hashtags", "hashtags_name_unique"),
        ("hashtags", "hashtags_slug_unique"),
        ("hashtags", "hashtags_code_key"),
        ("hashtags", "hashtags_topic_idx"),
        ("hashtags", "hashtags_uri_unique"),
        ("hashtags", "hashtags_inbox_idx"),
    }, theirs
    assert ("collections", "PRIMARY") in _indexes(theirs)
    assert made <= _indexes(ours), ours
    assert not {n for _, n in _indexes(ours)} & {
        "hashtags_name_index",
        "hashtags_slug_index",
        "hashtags_code_idx",
        "hashtags_topic_index",
        "hashtags_uri_index",
    }, ours
    assert drift.exit_code == 0, drift.output


def test_a_name_given_to_a_changed_columns_index_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gate hole, before: ``->index('InboxIDX')->change()`` passed unchecked.
    The name is one Laravel makes (the oracle test above: hashtags_inbox_idx
    from the same call)."""
    changed = CHANGE.replace("hashtags_inbox_idx", "InboxIDX")
    write_tree(
        tmp_path,
        {
            "dbnamelint.yaml": CONFIG,
            "database/migrations/2018_05_06_000000_create_hashtags_table.php": CREATE,
            "database/migrations/2019_08_12_000000_change_hashtags_table.php": changed,
        },
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert 'DBN301 index "hashtags.InboxIDX"' in result.output, result.output
