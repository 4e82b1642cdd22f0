"""A Blueprint method named in braces, ``$table->{$type}($name)``, is read or flagged.

PHP calls the method a braced expression names. A migration looping over
column names and types (``foreach ($cols as $name => $type)
$table->{$type}($name)->nullable();``) made columns the reader never saw:
no finding and no ``DBN013``, so ``voteWeight`` passed the gate (trial s43,
written in pixelfed's style). Now a braced literal (what the loop unrolls
to, or ``->{'string'}(...)``) is read as that method, and a braced
expression the reader cannot evaluate is a ``DBN013`` warning (an error in
a new migration), as ``$table->$type(...)`` was already.

Oracle: Laravel's schema builder itself (tests/laravel/pretend.php on
illuminate/database) prints the SQL it runs for the migration: the columns
it adds are the model's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_json import inspect_objects
from dbnamelint.cli import cli
from laravel_oracle import laravel_sql, needs_laravel
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
READ = (
    HEAD
    + """        $cols = ['vote_weight' => 'integer', 'is_hidden' => 'boolean'];
        Schema::table('polls', function (Blueprint $table) use ($cols) {
            foreach ($cols as $name => $type) {
                $table->{$type}($name)->nullable();
            }
            $table->{'string'}('caption')->nullable();
        });
    }
};
"""
)
UNREAD = (
    HEAD
    + """        Schema::table('polls', function (Blueprint $table) {
            foreach ($this->columns() as $name => $type) {
                $table->{$type}($name)->nullable();
            }
        });
    }

    private function columns(): array
    {
        return array_combine(['voteWeight'], ['integer']);
    }
};
"""
)
CONFIG = "paths: [database/migrations]\ndialect: mysql\n"
FILE = "database/migrations/2024_04_03_000000_add_poll_columns.php"


def _added(sql: list[str]) -> set[str]:
    """The columns Laravel's ``alter table ... add`` statements add."""
    return {m for s in sql for m in re.findall(r"\badd `(\w+)`", s)}


@needs_laravel
def test_braced_literal_methods_make_the_columns_laravel_adds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the model had none of the three columns."""
    write_tree(tmp_path, {"dbnamelint.yaml": CONFIG, FILE: READ})
    monkeypatch.chdir(tmp_path)
    theirs = _added(laravel_sql(tmp_path / FILE, "mysql"))
    assert theirs == {"vote_weight", "is_hidden", "caption"}
    ours, diagnostics = inspect_objects()
    assert {name for kind, table, name in ours if kind == "column" and table == "polls"} == theirs
    assert not [d for d in diagnostics if d["code"] == "DBN013"], diagnostics


@needs_laravel
def test_a_braced_method_not_read_is_flagged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: no finding and no warning; Laravel adds voteWeight."""
    write_tree(tmp_path, {"dbnamelint.yaml": CONFIG, FILE: UNREAD})
    monkeypatch.chdir(tmp_path)
    assert _added(laravel_sql(tmp_path / FILE, "mysql")) == {"voteWeight"}
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert f"{FILE}:13:25: DBN013 warning: this Laravel Schema builder call ({{$type}})" in (
        result.output
    ), result.output
