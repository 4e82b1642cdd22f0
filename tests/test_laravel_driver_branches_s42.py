"""A Laravel migration's branches on the driver are read as the database runs them.

koel's migrations run on MySQL, PostgreSQL and SQLite and choose their calls
by ``DB::getDriverName()``: ``promote_public_ids`` rebuilds ``artists`` on
SQLite (``Schema::create('artists_new')``, drop, rename) and renames a
column elsewhere. Every branch was read into the one model, so the MySQL
model held the SQLite rebuild: ``drift`` against the database Laravel built
named ``artists_new_user_id_foreign`` and lost the table's other indexes
(trial s42 koel). Now an ``if`` chain whose conditions compare the driver
with literals is read as the branch the tree's database takes; the gate
still judges every branch, each on the database that takes it, so a bad
name in the SQLite branch of a MySQL tree is refused, and a PostgreSQL-only
``DB::statement`` is read as PostgreSQL, not refused as MySQL.

Oracles: Laravel's own schema builder in pretend mode (tests/laravel/pretend.php)
for the ``mysql`` and ``pgsql`` drivers, its SQL run on MariaDB and
PostgreSQL 15: ``inspect --db`` of each equals ``inspect`` of the files read
as that dialect. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mysql_server
from check_json import check_entries, new_file_errors, stage
from cli_json import inspect_objects
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer
from tree_helpers import write_tree

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
    + """        Schema::create('artists', static function (Blueprint $table): void {
            $table->increments('id');
            $table->string('public_id', 26)->unique();
            $table->string('name');
        });
"""
    + TAIL
)
BRANCHES = (
    HEAD
    + """        if (DB::getDriverName() === 'sqlite') {
            Schema::create('artists_new', static function (Blueprint $table): void {
                $table->string('id', 26)->primary();
                $table->string('name');
            });
            Schema::dropIfExists('artists');
            Schema::rename('artists_new', 'artists');
        } else {
            Schema::table('artists', static function (Blueprint $table): void {
                $table->index('name');
            });
        }

        if (in_array(DB::getDriverName(), ['mysql', 'mariadb'], true)) {
            Schema::table('artists', static function (Blueprint $table): void {
                $table->index('public_id', '{mysql}');
            });
        } elseif (DB::getDriverName() === 'pgsql') {
            DB::statement('CREATE INDEX {pgsql} ON artists USING hash (public_id)');
            DB::statement('ALTER TABLE artists ALTER COLUMN name TYPE varchar(300)');
        }

        if (!(DB::getDriverName() === 'sqlite' || DB::connection()->getDriverName() == 'sqlsrv')) {
            DB::statement('CREATE INDEX artists_name_id_index ON artists (name, id)');
        }
"""
    + TAIL
)
FIRST = "database/migrations/2024_01_01_000000_create_artists_table.php"
SECOND = "database/migrations/2025_01_01_000000_promote_ids.php"
GOOD = {"mysql": "artists_public_id_mysql_index", "pgsql": '"artists_public_id_hash"'}


def _branches(names: dict[str, str]) -> str:
    text = BRANCHES
    for key, value in names.items():
        text = text.replace("{" + key + "}", value)
    return text


def _files(dialect: str) -> dict[str, str]:
    return {
        "dbnamelint.yaml": f'paths: ["database/migrations"]\ndialect: {dialect}\n',
        FIRST: CREATE,
        SECOND: _branches(GOOD),
    }


def _oracle_sql(tmp_path: Path, driver: str) -> str:
    sql = []
    for n, text in enumerate((CREATE, _branches(GOOD))):
        one = tmp_path / f"oracle{n}.php"
        one.write_text(text)
        sql += laravel_sql(one, driver)
    return ";\n".join(sql) + ";\n"


@needs_laravel
def test_the_mysql_model_is_what_laravel_makes_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the model's artists was the SQLite rebuild's (no public_id,
    none of the indexes the MySQL branch makes)."""
    sql = _oracle_sql(tmp_path, "mysql")
    assert "artists_new" not in sql, sql
    root = tmp_path / "app"
    write_tree(root, _files("mysql"))
    monkeypatch.chdir(root)
    with maria.fresh_database("s42_laravel_drivers") as db:
        maria.run(sql, database=db)
        theirs, _ = inspect_objects("--db", maria.url(db))
    ours, said = inspect_objects()
    assert {
        ("index", "artists", "artists_public_id_mysql_index"),
        ("index", "artists", "artists_name_index"),
        ("index", "artists", "artists_name_id_index"),
        ("column", "artists", "public_id"),
    } <= theirs, theirs
    assert ours == theirs, ours ^ theirs
    assert not [d for d in said if d["code"] in ("DBN010", "DBN011")], said


@needs_laravel
def test_the_postgres_model_is_what_laravel_makes_there(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql = _oracle_sql(tmp_path, "pgsql")
    root = tmp_path / "app"
    write_tree(root, _files("postgres"))
    monkeypatch.chdir(root)
    with pg.fresh_database("s42_laravel_drivers") as db:
        pg.run(sql=sql, dbname=db)
        theirs, _ = inspect_objects("--db", pg.url(db))
    ours, _ = inspect_objects()
    assert ("index", "artists", "artists_public_id_hash") in theirs, theirs
    assert ours == theirs, ours ^ theirs


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = _files("mysql")
    del files[SECOND]
    return committed_repo(tmp_path / "app", files, monkeypatch)


def test_the_gate_passes_the_honest_branches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the PostgreSQL branch's `"artists_public_id_hash"` was read as
    MySQL (a string there), a DBN004 error."""
    root = _repo(tmp_path, monkeypatch)
    stage(root, SECOND, _branches(GOOD))
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found


def test_the_gate_judges_every_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    # (a table the SQLite branch renames at once is judged by its last name)
    text = _branches({"mysql": "IdxPublicMysql", "pgsql": '"IdxPublicPg"'}).replace(
        "$table->string('id', 26)", "$table->string('PublicId', 26)"
    )
    lines = text.splitlines()

    def line(mark: str) -> int:
        return next(n for n, one in enumerate(lines, 1) if mark in one)

    assert new_file_errors(root, SECOND, text) == sorted(
        [
            ("DBN201", line("'PublicId'")),
            ("DBN301", line("IdxPublicMysql")),
            ("DBN301", line("IdxPublicPg")),
        ]
    )
