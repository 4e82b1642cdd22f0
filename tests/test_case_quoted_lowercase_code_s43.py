"""DBN101 ``allow_quoted_lowercase: false`` flags a lower-case name written
in quotes in SQL, never a name read from code.

Trial s43 (LinkAce): with the option off, every Laravel table
(``Schema::create('users', ...)``) was ``table name 'users' is quoted
without need``: the PHP author wrote a string; Laravel's grammar quotes
every identifier it writes (``create table "users"``), so there is no quote
to take off. Oracle for the SQL side: PostgreSQL folds an unquoted name to
lower case (manual, 4.1.1 "Identifiers and Key Words"), so ``"users"`` and
``users`` name one table: the quotes are not needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer
from tree_helpers import write_tree

LARAVEL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('users', function (Blueprint $table) {
            $table->increments('id');
        });
        Schema::create('LinkComments', function (Blueprint $table) {
            $table->increments('id');
        });
    }
};
"""
PHP = "database/migrations/2025_01_01_000000_create_users.php"
SQL = 'CREATE TABLE "notes" (id int PRIMARY KEY);\n'
STRICT = "rules:\n  DBN101:\n    options: {allow_quoted_lowercase: false}\n"


def _dbn101(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str) -> list[str]:
    files = {
        "dbnamelint.yaml": "paths: [database/migrations, db]\ndialect: postgres\n" + config,
        PHP: LARAVEL,
        "db/001.sql": SQL,
    }
    monkeypatch.chdir(write_tree(tmp_path, files))
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--select", "DBN101"])
    assert result.exit_code == 1, result.output
    return [line for line in result.stdout.splitlines() if "DBN101" in line]


def test_option_off_flags_the_sql_quotes_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a third line, 'table name 'users' is quoted without need' for the PHP file."""
    assert _dbn101(tmp_path, monkeypatch, STRICT) == [
        f'{PHP}:14:37: DBN101 table "LinkComments": case-sensitive table name '
        "'LinkComments' is not snake_case (suggestion: link_comments)",
        "db/001.sql:1:14: DBN101 table \"notes\": table name 'notes' is quoted without need "
        "(suggestion: notes)",
    ]


def test_option_on_by_default_flags_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _dbn101(tmp_path, monkeypatch, "") == [
        f'{PHP}:14:37: DBN101 table "LinkComments": case-sensitive table name '
        "'LinkComments' is not snake_case (suggestion: link_comments)",
    ]


def test_the_sql_quotes_are_not_needed_on_postgresql(pg: PgServer) -> None:
    """The finding's premise, from the catalog: the quoted lower-case name is
    the unquoted one."""
    with pg.fresh_database("s43_quoted_lower") as db:
        pg.run(sql=SQL + "INSERT INTO notes VALUES (1);", dbname=db)
        assert pg.query_json("SELECT count(*) AS n FROM notes", db) == [{"n": 1}]
        assert pg.public_tables(db) == ["notes"]
