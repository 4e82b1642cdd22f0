"""A Laravel column ``->change()`` on MySQL redefines the column.

koel made its JSON columns text (``$table->text('song_ids')->change()``).
On MariaDB a JSON column is LONGTEXT with a ``CHECK (json_valid(...))``
named after the column, and MySQL's grammar changes a column with ``modify``,
which replaces its whole definition, the check with it. The reader took a
changed column for no SQL at all, so the model kept seven such checks that
``drift`` then listed as only in the files against the database Laravel built
(trial s42 koel). Now ``->change()`` is read as ``MODIFY`` on MySQL's family
(the replay drops the column's own check, and makes it again for a JSON type).

Oracle: Laravel's migrator itself, illuminate/database with doctrine/dbal,
running the migrations on MariaDB (tests/laravel/run_migrations.php): its
catalog holds the check of the JSON column left as it was only, and ``drift``
(which reads the files with the names MariaDB gives) finds no difference.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from cli_json import inspect_objects
from dbnamelint.cli import cli
from laravel_oracle import needs_laravel
from tree_helpers import write_tree

RUN = Path(__file__).parent / "laravel" / "run_migrations.php"
HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
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
    + """        Schema::create('queue_states', static function (Blueprint $table): void {
            $table->increments('id');
            $table->json('song_ids');
            $table->json('meta')->nullable();
            $table->json('kept');
        });
"""
    + TAIL
)
CHANGE = (
    HEAD
    + """        Schema::table('queue_states', static function (Blueprint $table): void {
            $table->text('song_ids')->change();
            $table->text('meta')->nullable()->change();
        });
"""
    + TAIL
)
FILES = {
    "database/migrations/2023_01_01_000000_create_queue_states_table.php": CREATE,
    "database/migrations/2024_01_01_000000_convert_json_columns_to_text.php": CHANGE,
}


@needs_laravel
def test_a_changed_json_column_loses_its_check_as_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the model kept the checks song_ids and meta."""
    root = tmp_path / "app"
    write_tree(root, {"dbnamelint.yaml": "paths: [database/migrations]\ndialect: mysql\n", **FILES})
    monkeypatch.chdir(root)
    with maria.fresh_database("s42_laravel_change") as db:
        php = shutil.which("php") or "php"
        args = [maria.host, str(maria.port), maria.user, db, *sorted(FILES)]
        subprocess.run([php, str(RUN), *args], check=True, capture_output=True, cwd=root)
        theirs, _ = inspect_objects("--db", maria.url(db))
        drift = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", maria.url(db)])
    checks = {name for kind, table, name in theirs if kind == "constraint" and name != "PRIMARY"}
    assert checks == {"kept"}, theirs
    assert drift.exit_code == 0, drift.output
