"""PHP's old ``array(...)`` literal is read wherever the Laravel reader takes ``[...]``.

LinkAce's ``$table->index(array('revisionable_id', 'revisionable_type'));``
(trial s43, database/migrations/2013_04_09_062329_create_revisions_table.php)
was a DBN013 "not read" warning and its index missing from the model, so
``drift --db`` listed ``revisions_revisionable_id_revisionable_type_index``
as only in the database. The whole kind: ``array(`` (any case, spaces,
trailing commas, comments) as the columns of index/unique/primary/foreign,
``references(array(...))``, ``dropColumn``, ``dropIndex``/``dropForeign``,
a class property of nested arrays a ``foreach`` makes tables from, and a
``foreach`` over ``array(...)`` of table names.

Oracle: Laravel's own schema builder, illuminate/database: its pretend mode
(tests/laravel/pretend.php) run on PostgreSQL 15, whose catalog must equal
the model read from the file, and its migrator (tests/laravel/run_migrations.php)
on MariaDB, after which ``drift`` finds no difference. Real git for the gate.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from check_json import new_file_errors
from cli_json import inspect_objects
from dbnamelint.cli import cli
from git_helpers import committed_repo
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer
from tree_helpers import write_tree

RUN = Path(__file__).parent / "laravel" / "run_migrations.php"
PATH = "database/migrations/2025_01_01_000000_create_revisions.php"
MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    private $tables = array(
        'tags' => array('label', 'slug'),
        'lists' => array('title'),
    );

    public function up()
    {
        Schema::create('users', function (Blueprint $table) {
            $table->increments('id');
            $table->string('email');
            $table->string('nick');
            $table->unique(array('email'));
            $table->unique(Array('nick', 'email',), 'users_nick_email');
        });
        Schema::create('revisions', function ($table) {
            $table->increments('id');
            $table->string('revisionable_type');
            $table->integer('revisionable_id');
            $table->unsignedInteger('user_id')->nullable();
            $table->string('key');
            $table->string('tmp');
            $table->string('tmp2');
            $table->index(array('revisionable_id', 'revisionable_type'));
            $table->index(ARRAY (
                'user_id', // who
                'key', /* what */
            ), 'revisions_who_key');
            $table->index(array('key', 'user_id'));
            $table->foreign(array('user_id'))->references(array('id'))->on('users');
        });
        Schema::create('pairs', function (Blueprint $table) {
            $table->integer('left_id');
            $table->integer('right_id');
            $table->primary(array('left_id', 'right_id'));
        });
        foreach ($this->tables as $name => $columns) {
            Schema::create($name, function (Blueprint $table) use ($columns) {
                $table->increments('id');
                foreach ($columns as $column) {
                    $table->string($column);
                    $table->unique(array($column));
                }
            });
        }
        foreach (array('notes', 'links') as $name) {
            Schema::create($name, function (Blueprint $table) {
                $table->increments('id');
                $table->integer('user_id');
                $table->index(array('user_id'));
            });
        }
        Schema::table('revisions', function (Blueprint $table) {
            $table->dropColumn(array('tmp', 'tmp2'));
            $table->dropIndex(array('key', 'user_id'));
            $table->dropForeign(array('user_id'));
        });
    }

    public function down()
    {
        Schema::drop('revisions');
    }
};
"""


@needs_laravel
def test_the_model_is_what_laravel_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Before: nine DBN013 warnings, the indexes, keys and the loop's tables missing."""
    config = "paths: [database/migrations]\ndialect: postgres\n"
    write_tree(tmp_path, {"dbnamelint.yaml": config, PATH: MIGRATION})
    migration = tmp_path / PATH
    sql = laravel_sql(migration)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s43_laravel_old_arrays") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        made, _ = inspect_objects("--db", pg.url(db))
    files, said = inspect_objects()
    assert ("index", "revisions", "revisions_revisionable_id_revisionable_type_index") in made
    assert ("table", "", "links") in made, made
    assert files == made, files ^ made
    assert not [d for d in said if d["code"] == "DBN013"], said


@needs_laravel
def test_drift_finds_nothing_after_laravels_migrator_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: drift listed the indexes and keys as only in the database."""
    root = tmp_path / "app"
    write_tree(
        root, {"dbnamelint.yaml": "paths: [database/migrations]\ndialect: mysql\n", PATH: MIGRATION}
    )
    monkeypatch.chdir(root)
    with maria.fresh_database("s43_laravel_old_arrays") as db:
        php = shutil.which("php") or "php"
        args = [maria.host, str(maria.port), maria.user, db, PATH]
        subprocess.run([php, str(RUN), *args], check=True, capture_output=True, cwd=root)
        theirs, _ = inspect_objects("--db", maria.url(db))
        drift = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", maria.url(db)])
    assert ("index", "revisions", "revisions_revisionable_id_revisionable_type_index") in theirs
    assert drift.exit_code == 0, drift.output


def test_the_gate_judges_a_name_given_with_an_old_array(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the change passed with a warning, the name not read."""
    schema = "CREATE TABLE accounts (id INT NOT NULL, PRIMARY KEY(id));\n"
    files = {"dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n', "schema.sql": schema}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    text = MIGRATION.replace("'revisions_who_key'", "'RevisionsWhoKey'")
    line = next(n for n, one in enumerate(text.splitlines(), 1) if "RevisionsWhoKey" in one)
    assert new_file_errors(root, PATH, text) == [("DBN301", line)]  # an index name
