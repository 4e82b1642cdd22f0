"""``migrate``'s warning about statements it does not read quotes each
note's head whole (trial s35 firefly-iii, F9): a Laravel note's
``(Schema::table)`` was cut at its ``::``, printing ``(this Laravel Schema
builder call (Schema), ...`` with the parenthesis left open."""

from __future__ import annotations

from dbnamelint.code_migrations import code_migration_text
from dbnamelint.commands.migrate import _unread_warning

MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        foreach (config('firefly.tables') as $table) {
            Schema::table($table, static function (Blueprint $t): void {
                $t->integer('user_group_id')->nullable();
            });
        }
    }
};
"""


def test_a_laravel_notes_head_is_quoted_whole() -> None:
    found = code_migration_text("database/migrations/2021_08_28_073733_x.php", MIGRATION)
    assert found is not None
    notes = found[1]
    assert notes, notes
    said = _unread_warning(notes, (), "postgres")
    assert "(this Laravel Schema builder call (Schema::table) is not read)" in said, said
