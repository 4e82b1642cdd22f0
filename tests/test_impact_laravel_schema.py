"""Laravel's schema builder in application code names tables (and columns).

Trial s35 firefly left ``Schema::hasTable('old')``, ``Schema::hasColumn('old',
'col')`` and the other schema builder calls of application code (outside
``database/migrations``) as plain text: after the rename they answer
"no such table" (false, an empty column list) and the code takes another
branch, silently. They are uses of the table, high confidence, and
``impact --diff`` rewrites them; ``Schema::table``/``create``/``drop`` in
code change the schema (a migration step or start-up set-up), so they are
DDL in code, listed and left as written as ``DB::statement('ALTER ...')`` is.
The oracle is illuminate/database itself (Debian's php-illuminate-database)
running the code on a SQLite database the migrations built with sqlite3,
before and after the real ``git apply``.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env, write_files
from laravel_oracle import needs_laravel

RUN = Path(__file__).parent / "laravel" / "run_queries.php"

INIT = (
    "CREATE TABLE tags (id INTEGER PRIMARY KEY, tag TEXT, old_col TEXT);\n"
    "CREATE TABLE old_tags (id INTEGER PRIMARY KEY, tag_id INTEGER);\n"
)
RENAME = (
    "ALTER TABLE old_tags RENAME TO tag_links;\n"
    "ALTER TABLE tags RENAME COLUMN old_col TO new_col;\n"
)
SCHEMA = """<?php
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

function queries(): array
{
    return [
        Schema::hasTable('old_tags'),
        Schema::hasColumn('tags', 'old_col'),
        Schema::hasColumns('tags', ['id', 'old_col']),
        Schema::getColumnListing('old_tags'),
        Schema::connection(null)->hasTable('old_tags'),
        \\Illuminate\\Support\\Facades\\Schema::hasColumn('old_tags', 'tag_id'),
        DB::connection()->getSchemaBuilder()->hasTable('old_tags'),
    ];
}

function install(): void
{
    if (! Schema::hasTable('old_tags')) {
        Schema::create('old_tags', function ($table) {
            $table->id();
        });
    }
    Schema::table('old_tags', function ($table) {
        $table->index('tag_id');
    });
}

function labels(array $config): array
{
    // Schema::hasTable('old_tags') in a comment, and other facades' strings
    return [Cache::get('old_tags'), $config['old_tags'] ?? null, Str::of('old_col')];
}
"""
STATEMENTS = """<?php
use Illuminate\\Support\\Facades\\DB;

function queries(): array
{
    DB::statement('UPDATE old_tags SET tag_id = 2 WHERE id = 1');
    return DB::select('SELECT tag_id FROM old_tags');
}
"""
MIGRATION = """<?php
use Illuminate\\Support\\Facades\\Schema;

return new class {
    public function up(): void
    {
        Schema::table('old_tags', function ($table) {
            $table->index('tag_id');
        });
    }
};
"""
FILES = {
    "dbnamelint.yaml": "paths: [db/migrations]\ndialect: sqlite\n",
    "db/migrations/001_init.sql": INIT,
    "db/migrations/002_rename.sql": RENAME,
    "app/Schema.php": SCHEMA,
    "app/Statements.php": STATEMENTS,
    "database/migrations/2024_01_01_000000_index_old_tags.php": MIGRATION,
}
#: (line, context, DDL) of each high-confidence place of app/Schema.php.
HIGH = {
    (8, "Laravel Schema facade", False),
    (9, "Laravel Schema facade (column)", False),
    (10, "Laravel Schema facade (column)", False),
    (11, "Laravel Schema facade", False),
    (12, "Laravel Schema facade", False),
    (13, "Laravel Schema facade", False),
    (14, "Laravel Schema facade", False),
    (20, "Laravel Schema facade", False),
    (21, "Laravel Schema facade", True),
    (25, "Laravel Schema facade", True),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "project"
    write_files(root, FILES)
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _items() -> list[dict[str, object]]:
    done = CliRunner().invoke(cli, ["impact", "--format", "json", "--min-confidence", "plain"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    return [item for phase in report["phases"] for o in phase["objects"] for item in o["items"]]


def test_schema_builder_calls_are_high_and_ddl_is_marked(repo: Path) -> None:
    items = _items()
    high = {
        (i["line"], i["context"], bool(i.get("ddl")))
        for i in items
        if i["path"] == "app/Schema.php" and i["confidence"] == "high"
    }
    assert high == HIGH
    # the comment and other facades' strings are no use of the table
    mine = [i for i in items if i["path"] == "app/Schema.php"]
    assert {i["line"] for i in mine if i["confidence"] != "high"} == {32, 33}
    others = [i for i in items if i["path"] != "app/Schema.php"]
    assert {(i["path"], i["line"], i["confidence"]) for i in others} == {
        ("app/Statements.php", 6, "high"),
        ("app/Statements.php", 7, "high"),
    }


def _database(root: Path) -> Path:
    """The SQLite database the migrations make (sqlite3 runs them), with rows."""
    path = root.parent / "app.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(INIT)
        db.executescript("INSERT INTO old_tags VALUES (1, 1);")
        db.executescript(RENAME)
    db.close()
    return path


def _run(root: Path, database: Path, file: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["php", str(RUN), str(database), file],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )


@needs_laravel
def test_diff_makes_the_schema_checks_answer_for_the_renamed_table(repo: Path) -> None:
    database = _database(repo)
    before = _run(repo, database, "app/Schema.php")
    assert before.returncode == 0, before.stdout + before.stderr
    # After the rename, every check answers as if the table were gone.
    assert json.loads(before.stdout) == [False, False, False, [], False, False, False]
    failed = _run(repo, database, "app/Statements.php")
    assert failed.returncode != 0
    assert "no such table: old_tags" in failed.stdout + failed.stderr

    done = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert done.exit_code == 0, done.output
    assert "app/Schema.php:21:25: schema builder call left as written: DDL in code" in done.stderr
    patch = repo.parent / "rename.patch"
    patch.write_text(done.stdout)
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)

    after = _run(repo, database, "app/Schema.php")
    assert after.returncode == 0, after.stdout + after.stderr
    assert json.loads(after.stdout) == [True, True, True, ["id", "tag_id"], True, True, True]
    statements = _run(repo, database, "app/Statements.php")
    assert statements.returncode == 0, statements.stdout + statements.stderr
    assert json.loads(statements.stdout) == [{"tag_id": 2}]

    text = (repo / "app/Schema.php").read_text()
    # DDL in code, the comment and other facades' strings: as written.
    for kept in ("function install", "function labels"):
        assert text.split(kept, 1)[1].split("\n}\n", 1)[0] == (
            SCHEMA.split(kept, 1)[1]
            .split("\n}\n", 1)[0]
            .replace("! Schema::hasTable('old_tags')", "! Schema::hasTable('tag_links')")
        )
    path = "database/migrations/2024_01_01_000000_index_old_tags.php"
    assert (repo / path).read_text() == MIGRATION
