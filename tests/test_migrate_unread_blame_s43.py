"""A rename's "check the database" note blames an unread call only where it can act.

LinkAce (trial s43): ``migrate`` renaming the ``key`` columns of ``settings``
and ``revisions`` said, for both, ``create_revisions_table.php:24 runs DDL
the model does not read (EXECUTE or CALL) and names it``. Line 24 was an
unread Laravel builder call (``$table->index(array(...))``, read since), on
``revisions``, naming no ``key``; the note took the text of the SQL
statement the file's model has around that line (``CREATE TABLE revisions``,
which spells ``key``), and said "EXECUTE or CALL" whatever the statement was.

Now (docs/migrate.md, *unread statements*): an unread builder call is its own
code, on the table whose ``Schema::create('t', ...)`` encloses it; it is held
to a table or column of that table, to another only when its table is
computed and its code holds the name as a literal; a SQL ``EXECUTE`` still
by its text. The note says what the statement is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from tree_helpers import write_tree

HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
"""
TAIL = """    }
};
"""
SETTINGS = "database/migrations/2018_09_27_214216_create_settings_table.php"
REVISIONS = "database/migrations/2013_04_09_062329_create_revisions_table.php"
COMPUTED = "database/migrations/2019_02_10_221213_create_permission_tables.php"
FILES = {
    "dbnamelint.yaml": "paths: [database/migrations]\ndialect: mysql\n",
    SETTINGS: HEAD
    + """        Schema::create('settings', function (Blueprint $table) {
            $table->increments('id');
            $table->string('key');
        });
"""
    + TAIL,
    REVISIONS: HEAD
    + """        Schema::create('revisions', function ($table) {
            $table->increments('id');
            $table->string('key');
            $table->revisionIndexes('revisionable_id');
        });
"""
    + TAIL,
    COMPUTED: HEAD
    + """        $tableNames = config('permission.table_names');
        Schema::create($tableNames['roles'], function (Blueprint $table) {
            $table->increments('id');
            $table->string('name');
        });
        app('cache')->forget(config('permission.cache.key'));
"""
    + TAIL,
}


def _plan(root: Path, monkeypatch: pytest.MonkeyPatch, *renames: str) -> str:
    monkeypatch.chdir(root)
    args = [a for r in renames for a in ("--rename-column", r)]
    result = CliRunner().invoke(cli, ["migrate", "--no-cache", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _notes(plan: str, subject: str) -> list[str]:
    return [line for line in plan.splitlines() if line.startswith(f"  - {subject}")]


def test_a_call_on_another_table_is_not_blamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: settings.key got the note of revisions' line 27 (and of the
    permission tables' unread Schema::create, whose code spells key only in
    'permission.cache.key')."""
    root = write_tree(tmp_path, FILES)
    plan = _plan(root, monkeypatch, "settings.key=setting_key")
    assert "ALTER TABLE `settings` RENAME COLUMN `key` TO `setting_key`;" in plan
    assert _notes(plan, "column key on settings") == [], plan
    assert "EXECUTE or CALL" not in plan


def test_a_call_on_the_same_table_is_blamed_and_said_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: '... (EXECUTE or CALL) and names it'."""
    root = write_tree(tmp_path, FILES)
    plan = _plan(root, monkeypatch, "revisions.key=revision_key")
    assert "ALTER TABLE `revisions` RENAME COLUMN `key` TO `revision_key`;" in plan
    assert _notes(plan, "column key on revisions") == [
        f"  - column key on revisions: {REVISIONS}:14 runs DDL the model does not read "
        "(an unread Laravel Schema builder call (revisionIndexes)) and acts on its table; "
        "check the database still has this name (`dbnamelint drift --db URL`) before "
        "running the forward script"
    ]


def test_a_call_on_a_computed_table_is_blamed_where_it_names_the_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table the code computes may be any: its call is held to a column it names."""
    files = dict(FILES)
    files[COMPUTED] = files[COMPUTED].replace("string('name')", "string('key')")
    root = write_tree(tmp_path, files)
    plan = _plan(root, monkeypatch, "settings.key=setting_key")
    assert _notes(plan, "column key on settings") == [
        f"  - column key on settings: {COMPUTED}:12 runs DDL the model does not read "
        "(an unread Laravel Schema builder call (Schema::create)) and names it; check the "
        "database still has this name (`dbnamelint drift --db URL`) before running the "
        "forward script"
    ]


def test_a_sql_call_is_said_to_be_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CALL whose text spells the column: held to it as before, and named a CALL."""
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: mysql\n",
        "db/V1__settings.sql": "CREATE TABLE settings (id INT PRIMARY KEY, `key` TEXT);\n",
        "db/V2__fix.sql": "CALL fix_column('settings', 'key');\n",
    }
    root = write_tree(tmp_path, files)
    plan = _plan(root, monkeypatch, "settings.key=setting_key")
    assert _notes(plan, "column key on settings") == [
        "  - column key on settings: db/V2__fix.sql:1 runs DDL the model does not read "
        "(a CALL fix_column) and names it; check the database still has this name "
        "(`dbnamelint drift --db URL`) before running the forward script"
    ]
