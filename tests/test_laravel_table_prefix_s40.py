"""``DB::getTablePrefix()`` in a Laravel migration's SQL is read as ''.

BookStack writes ``$prefix = DB::getTablePrefix(); DB::statement("ALTER
TABLE {$prefix}pages ...")`` and ``$pTable = DB::getTablePrefix() .
'pages';``: each was a ``DBN013`` warning ("completed when the code runs"),
its SQL unread (trial s40 BookStack F4). Laravel's prefix is the
connection's ``prefix`` setting, '' unless the app sets one, and the
builder's own names are read without it, so the SQL is read with '' there:
its names enter the model (the gate judged the literal names already).
Oracle: Laravel's own query log in pretend mode (tests/laravel/pretend.php,
prefix '') run on PostgreSQL 15.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_json import inspect_objects
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer

PATH = "database/migrations/2025_01_01_000000_create_pages.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('pages', function (Blueprint $table) {
            $table->increments('id');
            $table->string('name');
        });
        $prefix = DB::getTablePrefix();
        DB::statement("CREATE INDEX {index} ON {$prefix}pages (name)");
        $pTable = DB::getTablePrefix() . 'pages';
        DB::statement("ALTER TABLE {$pTable} ADD COLUMN {column} integer");
    }

    public function down(): void {}
};
"""


@needs_laravel
def test_the_model_has_what_the_prefixed_sql_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / PATH
    migration.parent.mkdir(parents=True)
    migration.write_text(
        MIGRATION.replace("{index}", "pages_name_idx").replace("{column}", "revision_count")
    )
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = laravel_sql(migration)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s40_laravel_table_prefix") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    assert {("index", "pages", "pages_name_idx"), ("column", "pages", "revision_count")} <= made
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said
