"""A new Laravel migration dated before a committed one is DBN016 (trial s40 BookStack L1).

``2019_01_01_000000_late.php`` added after ``2024_...`` migrations had been
applied passed the hook and ``check --base`` without a word. Laravel's
``Migrator`` runs it anyway (``getMigrationFiles`` sorts the files by name,
``pendingMigrations`` runs every one the ``migrations`` table lacks:
illuminate/database ``Migrations/Migrator.php``), so a database already
migrated runs it last while a new one, and dbnamelint's replay, run it in
date order. As for dbmate, sqlx and the other runners that apply such a
file: a warning when it touches a table a later committed migration touches
too, an info note otherwise. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _migration(body: str) -> str:
    return (
        "<?php\n\nuse Illuminate\\Database\\Migrations\\Migration;\n"
        "use Illuminate\\Database\\Schema\\Blueprint;\n"
        "use Illuminate\\Support\\Facades\\Schema;\n\n"
        "return new class extends Migration\n{\n    public function up(): void\n    {\n"
        f"        {body}\n    }}\n}};\n"
    )


def _create(table: str) -> str:
    return _migration(
        f"Schema::create('{table}', function (Blueprint $table) {{ $table->increments('id'); }});"
    )


def _add(table: str, column: str) -> str:
    return _migration(
        f"Schema::table('{table}', function (Blueprint $table) {{ $table->integer('{column}'); }});"
    )


COMMITTED = {
    "dbnamelint.yaml": 'paths: ["database/migrations"]\ndialect: mysql\n',
    "database/migrations/2024_01_01_000000_create_books.php": _create("books"),
    "database/migrations/2024_03_01_000000_add_books_isbn.php": _add("books", "isbn"),
    "database/migrations/2024_03_01_000001_create_shelves.php": _create("shelves"),
}


def _dbn016(root: Path, path: str, text: str) -> list[tuple[str, str]]:
    stage(root, path, text)
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache", "--verbose")
        assert status == 0, found
        seen.append([(s, m) for c, p, _line, s, m in found if c == "DBN016" and p == path])
    assert seen[0] == seen[1], seen
    return seen[0]


def test_a_late_migration_touching_a_later_ones_table_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "app", COMMITTED, monkeypatch)
    path = "database/migrations/2024_02_01_000000_add_books_slug.php"
    ((severity, message),) = _dbn016(root, path, _add("books", "slug"))
    assert severity == "warning"
    assert "php artisan migrate applies it after 2024_03_01_000001_create_shelves" in message
    assert "2024_03_01_000000_add_books_isbn.php" in message and "'books'" in message


def test_a_late_migration_touching_nothing_later_is_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "app", COMMITTED, monkeypatch)
    path = "database/migrations/2024_02_01_000000_create_tags.php"
    ((severity, message),) = _dbn016(root, path, _create("tags"))
    assert severity == "info", message


def test_a_migration_dated_after_the_committed_ones_says_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "app", COMMITTED, monkeypatch)
    path = "database/migrations/2024_04_01_000000_add_books_slug.php"
    assert _dbn016(root, path, _add("books", "slug")) == []
