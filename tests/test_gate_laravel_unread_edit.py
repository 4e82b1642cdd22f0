"""An edit of an applied Laravel migration in code the gate does not read as
DDL is ``DBN025`` (trial s35 firefly-iii, F2).

One line added in a ``foreach`` body of an applied migration
(``$tableObject->index($field, strtoupper($field))``), or an edit of the
array a loop runs over, passed the hook and ``check --base``: ``DBN025``
compared only the builder calls and DDL strings the gate reads. Laravel
records a migration by its file name: every database that ran it keeps what
it made, and only a new one runs the edited code. Now any change of the
forward code (comments, layout and ``down()`` aside) is ``DBN025``, as for a
goose Go migration, accepted by a ``// dbnamelint: ignore[DBN025] <reason>``
comment the change adds. Real git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import assert_edit_fails, assert_edit_passes, check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "database/migrations/2024_12_19_061003_add_native_amount_column.php"
APPLIED = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    private array $tables = [
        'accounts' => ['native_virtual_balance'],
        'bills'    => ['native_amount_min', 'native_amount_max'],
    ];

    public function up(): void
    {
        foreach ($this->tables as $table => $fields) {
            foreach ($fields as $field) {
                Schema::table($table, static function (Blueprint $tableObject) use ($field): void {
                    $tableObject->decimal($field, 32, 12)->nullable();
                });
            }
        }
        Schema::table('tags', static function (Blueprint $table): void {
            $table->string('label')->nullable();
        });
    }

    public function down(): void
    {
        Schema::table('tags', static function (Blueprint $table): void {
            $table->dropColumn('label');
        });
    }
};
"""
CONFIG = 'paths: ["."]\ndialect: postgres\n'
SCHEMA = (
    "CREATE TABLE accounts (id bigserial PRIMARY KEY);\n"
    "CREATE TABLE bills (id bigserial PRIMARY KEY);\n"
    "CREATE TABLE tags (id bigserial PRIMARY KEY);\n"
)


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, PATH: APPLIED},
        monkeypatch,
    )


@pytest.mark.parametrize(
    "edit",
    [
        (
            "$tableObject->decimal($field, 32, 12)->nullable();\n",
            "$tableObject->decimal($field, 32, 12)->nullable();\n"
            "                    $tableObject->index($field, strtoupper($field));\n",
        ),
        ("'native_amount_min', 'native_amount_max'", "'native_amount_min'"),
        ("foreach ($fields as $field)", "foreach (array_reverse($fields) as $field)"),
    ],
    ids=["loop-body", "loop-data", "loop-head"],
)
def test_an_edit_of_unread_code_of_an_applied_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str]
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert_edit_fails(root, PATH, APPLIED.replace(*edit))


def test_comments_layout_and_down_still_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = (
        APPLIED.replace("$table->dropColumn('label');", "$table->dropColumn(['label']);")
        .replace(
            "        foreach ($this->tables",
            "        // the native amounts\n        foreach ($this->tables",
        )
        .replace("'bills'    => [", "'bills' => [")
        .replace(
            "            $table->string('label')->nullable();\n",
            "            $table\n                ->string('label')\n"
            "                ->nullable();\n",
        )
    )
    assert_edit_passes(root, PATH, text)


def test_an_edit_reviewed_by_hand_is_accepted_inline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    # (an edit of the loop's data is now an edit of the builder calls the gate
    # reads, the loop unrolled: tests/test_laravel_literal_loops.py)
    text = APPLIED.replace(
        "$tableObject->decimal($field, 32, 12)->nullable();",
        "$tableObject->decimal($field, 32, 12)->nullable()->default('0');",
    ).replace(
        "    public function up(): void\n",
        "    // dbnamelint: ignore[DBN025] the default only fixes fresh installs\n"
        "    public function up(): void\n",
    )
    stage(root, PATH, text)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, (run, found)
        assert "error" not in {s for c, _p, _l, s, _m in found if c == "DBN025"}, found
