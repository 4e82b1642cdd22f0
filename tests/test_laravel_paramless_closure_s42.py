"""A Schema call whose closure takes no Blueprint makes no name.

koel's migrations run data fixes in ``Schema::table('songs', static function
(): void { DB::table('songs')->update([...]); })``: the closure takes no
parameter, so Laravel hands it a Blueprint it never sees and the call adds
nothing to the table (illuminate/database, ``Blueprint::__construct`` runs
the callback; an empty Blueprint builds no statement). The reader took such
a call for one it could not read: a ``DBN013`` error in a new migration, so
the gate refused koel's own idiom with honest names (trial s42 koel). Now
the call makes nothing and what its body runs is read as written: a
``DB::statement`` there is judged as anywhere in ``up()``.

Oracle: Laravel's own schema builder in pretend mode (tests/laravel/pretend.php)
lists what the migration runs: the ``update`` and the one ``CREATE INDEX``
the body's ``DB::statement`` holds, nothing else. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from git_helpers import committed_repo
from laravel_oracle import laravel_available, laravel_sql

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BASE = "database/migrations/2024_01_01_000000_create_songs_table.php"
NEW = "database/migrations/2025_01_01_000000_backfill_songs.php"
CREATE = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('songs', static function (Blueprint $table): void {
            $table->increments('id');
            $table->string('title');
            $table->boolean('is_public')->default(false);
        });
    }
};
"""
BACKFILL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration {
    public function up(): void
    {
        Schema::table('songs', static function (): void {
            DB::table('songs')->update(['is_public' => true]);
        });

        Schema::table('songs', fn () => DB::statement('CREATE INDEX {index} ON songs (title)'));
    }
};
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": 'paths: ["database/migrations"]\ndialect: postgres\n',
        BASE: CREATE,
    }
    return committed_repo(tmp_path / "app", files, monkeypatch)


def test_the_gate_passes_the_honest_backfill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: two DBN013 errors, one at each Schema::table call."""
    root = _repo(tmp_path, monkeypatch)
    stage(root, NEW, BACKFILL.replace("{index}", "songs_title_idx"))
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found


def test_the_gate_judges_what_the_body_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the DBN013 errors came beside the index's own."""
    if laravel_available():
        # what Laravel runs: the update, and the body's statement
        migration = tmp_path / "backfill.php"
        migration.write_text(BACKFILL.replace("{index}", "songs_title_idx"))
        sql = laravel_sql(migration)
        assert [s.split()[0].lower() for s in sql] == ["update", "create"], sql
        assert sql[1] == "CREATE INDEX songs_title_idx ON songs (title)", sql
    root = _repo(tmp_path, monkeypatch)
    text = BACKFILL.replace("{index}", '"SongsTitle"')
    line = next(n for n, one in enumerate(text.splitlines(), 1) if "SongsTitle" in one)
    assert new_file_errors(root, NEW, text) == [("DBN301", line)]
