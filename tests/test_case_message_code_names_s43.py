"""A name read from code is a ``case-sensitive`` name, not a ``quoted`` one.

Trial s43 (LinkAce): ``Schema::create('LinkComments', ...)`` got ``quoted
table name 'LinkComments' is not snake_case``; the PHP developer wrote a
string, no SQL quotes. The name is kept exactly as written (Laravel's grammar
quotes it: ``create table "LinkComments"``), so the rule's finding stays, in
other words (docs/frameworks.md); a ``.sql`` file's ``"LinkComments"`` is
still a quoted name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from tree_helpers import write_tree

LARAVEL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('LinkComments', function (Blueprint $table) {
            $table->increments('id');
        });
    }
};
"""
PHP = "database/migrations/2025_01_01_000000_create_link_comments.php"


def test_the_same_finding_in_other_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: both lines said 'quoted table name'."""
    files = {
        "dbnamelint.yaml": "paths: [database/migrations, db]\ndialect: postgres\n",
        PHP: LARAVEL,
        "db/001.sql": 'CREATE TABLE "NoteComments" (id int PRIMARY KEY);\n',
    }
    monkeypatch.chdir(write_tree(tmp_path, files))
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DBN101"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if "DBN101" in line]
    assert lines == [
        f'{PHP}:11:37: DBN101 table "LinkComments": case-sensitive table name '
        "'LinkComments' is not snake_case (suggestion: link_comments)",
        "db/001.sql:1:14: DBN101 table \"NoteComments\": quoted table name 'NoteComments' is "
        "not snake_case (suggestion: note_comments)",
    ]
