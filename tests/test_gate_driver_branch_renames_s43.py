"""A rename in another driver's branch is judged as if that branch ran.

Trial s42 koel F6: in a new Laravel migration of a MySQL tree, ``if
(DB::getDriverName() === 'sqlite') { $table->renameColumn('cover',
'CoverUrl'); } else { DB::statement('ALTER TABLE albums RENAME COLUMN cover TO
coverUrl'); }``: ``coverUrl`` was judged, ``CoverUrl`` was not. The SQLite
branch's ``CoverUrl`` was judged, but its finding was dropped as one the
model's file told already: the same rule on the same column, MySQL's column
names being case-blind. A name spelt otherwise is now its own finding.

Oracles: real git (``check --base HEAD`` and ``--pre-commit`` agree:
:func:`check_json.new_file_errors`); Laravel's documents for what runs
(``Schema::table`` + ``renameColumn`` renames the column on the connection
whose driver the ``if`` tests; ``DB::statement`` runs its SQL as written).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
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
    + """        Schema::create('albums', static function (Blueprint $table): void {
            $table->increments('id');
            $table->string('cover');
        });
"""
    + TAIL
)
PATH = "database/migrations/2024_02_01_000000_rename_cover.php"


def _rename(other: str) -> str:
    return (
        HEAD
        + """        if (DB::getDriverName() === 'sqlite') {
            Schema::table('albums', static function (Blueprint $table): void {
                $table->renameColumn('cover', 'CoverUrl');
            });
        } else {
"""
        + f"            DB::statement('ALTER TABLE albums RENAME COLUMN cover TO {other}');\n"
        + "        }\n"
        + TAIL
    )


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": 'paths: ["database/migrations"]\ndialect: mysql\n',
        "database/migrations/2024_01_01_000000_create_albums.php": CREATE,
    }
    return committed_repo(tmp_path / "app", files, monkeypatch)


def _names(found: list[tuple[str, str, int, str, str]]) -> list[tuple[str, int, str]]:
    return sorted(
        (code, line, message.split("'")[1])
        for code, path, line, severity, message in found
        if path == PATH and severity == "error"
    )


def test_both_branches_renames_are_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, _rename("coverUrl")) == [("DBN201", 13), ("DBN201", 16)]
    _, found = check_entries("--base", "HEAD", "--no-cache")
    assert _names(found) == [("DBN201", 13, "CoverUrl"), ("DBN201", 16, "coverUrl")]
