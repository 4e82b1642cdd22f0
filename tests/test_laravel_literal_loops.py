"""Laravel migrations that loop over literal arrays (trial s35 firefly-iii, F4).

firefly-iii's ``user_groups``, ``add_indices``, ``add_date_tz_columns`` and
``add_native_amount_column`` migrations make 78 objects in loops such as
``foreach ($this->tables as $table => $fields) { foreach ($fields as $field) {
Schema::table($table, static function (Blueprint $t) use ($field): void {
$t->decimal($field, 32, 12); }); } }``: each loop was a ``DBN013`` warning and
what it makes was missing from the model (``drift --db`` found 78 objects
only in the database). The array is a literal (a local ``$set = [...]``, a
property's default, its assignment in ``__construct``, a class constant), so
the loop is read once per item, its variables (and ``use (...)`` captures,
and ``$newColumn = sprintf('%s_tz', $column)``) bound to their values.

Oracle: Laravel's own schema builder (illuminate/database, its pretend mode:
tests/laravel/pretend.php) gives the SQL each migration runs, which is run on
PostgreSQL 15; ``inspect --db`` of that database equals ``inspect`` of the
migration files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer

HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\QueryException;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
"""
DOWN = """
    public function down(): void
    {
        foreach ($this->tables as $table => $fields) {
            Schema::table($table, static function (Blueprint $table): void {
                $table->dropColumn('never_read');
            });
        }
    }
};
"""
BASE = (
    HEAD
    + """    public function up(): void
    {
        Schema::create('user_groups', static function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->string('title', 255);
        });
        Schema::create('accounts', static function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->integer('user_id');
            $table->integer('account_type_id');
        });
        Schema::create('bills', static function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->date('date');
            $table->date('end_date');
        });
        Schema::create('transactions', static function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->integer('account_id');
        });
        Schema::create('tags', static function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->string('tag');
        });
    }
};
"""
)
#: firefly-iii's 2021_08_28_073733_user_groups: a list property, one captured variable.
USER_GROUPS = (
    HEAD
    + """    private array $tables = [
        'accounts',
        'bills',
        'tags'
    ];

    public function up(): void
    {
        /** @var string $tableName */
        foreach ($this->tables as $tableName) {
            try {
                Schema::table($tableName, static function (Blueprint $table) use ($tableName) {
                    if (!Schema::hasColumn($tableName, 'user_group_id')) {
                        $table->bigInteger('user_group_id', false, true)->nullable()->after('id');
                        $table
                            ->foreign('user_group_id', sprintf('%s_to_ugi', $tableName))
                            ->references('id')
                            ->on('user_groups')
                            ->onDelete('set null')
                            ->onUpdate('cascade');
                    }
                });
            } catch (QueryException $e) {
                app('log')->error(sprintf('Could not execute query: %s', $e->getMessage()));
            }
        }
    }
"""
    + DOWN
)
#: 2024_03_03_174645_add_indices: a local map of lists, nested loops.
ADD_INDICES = (
    HEAD
    + """    private const string QUERY_ERROR = 'Could not execute query ("%s", "%s"): %s';

    public function up(): void
    {
        // add missing indices
        $set = [
            'accounts'     => ['user_id', 'user_group_id', 'account_type_id'],
            'transactions' => ['account_id'],
            'bills'        => [
                'date',
                'user_group_id'
            ],
        ];

        foreach ($set as $table => $fields) {
            foreach ($fields as $field) {
                try {
                    Schema::table($table, static function (Blueprint $blueprint) use ($field) {
                        $blueprint->index($field);
                    });
                } catch (QueryException $e) {
                    $message = $e->getMessage();
                    if (str_contains($message, ' Duplicate key name')) {
                        continue;
                    }
                    app('log')->error(sprintf(self::QUERY_ERROR, $table, $field, $message));
                }
            }
        }
    }
"""
    + DOWN
)
#: 2024_11_05_062108_add_date_tz_columns: the property set in __construct, a
#: variable assigned in the loop, the closure's parameter named as the loop's key.
DATE_TZ = (
    HEAD
    + """    private array $tables;

    public function __construct()
    {
        $this->tables = [
            'bills' => ['date', 'end_date'], // done
            'tags'  => ['date_x'],
        ];
    }

    public function up(): void
    {
        foreach ($this->tables as $table => $columns) {
            foreach ($columns as $column) {
                $newColumn = sprintf('%s_tz', $column);
                if (!Schema::hasColumn($table, $newColumn)) {
                    try {
                        Schema::table($table, static function (Blueprint $table) use ($newColumn) {
                            $table->string($newColumn, 50)->nullable();
                        });
                    } catch (QueryException $e) {
                        app('log')->error(sprintf('Could not add "%s"', $newColumn));
                    }
                }
            }
        }
    }
"""
    + DOWN
)
#: 2024_12_19_061003_add_native_amount_column: a map property.
NATIVE_AMOUNT = (
    HEAD
    + """    private array $tables = [
        // !!! this array is also in PreferencesEventHandler
        'accounts' => ['native_virtual_balance'], // works.
        'bills' => ['native_amount_min', 'native_amount_max'], // works
        'transactions' => ['native_amount', 'native_foreign_amount'] // works
    ];

    public function up(): void
    {
        foreach ($this->tables as $table => $fields) {
            foreach ($fields as $field) {
                Schema::table($table, static function (Blueprint $tableObject) use ($field) {
                    // add amount column
                    if (!Schema::hasColumn('x', $field)) {
                        $tableObject->decimal($field, 32, 12)->nullable();
                    }
                });
            }
        }
    }
"""
    + DOWN
)
#: The same kind written otherwise: a class constant of key => name, array(),
#: an arrow fn (it sees the loop's variables), a loop over a literal written in
#: place, a Schema::create per item.
OTHER_FORMS = (
    HEAD
    + """    private const array INDEXES = ['tags' => 'tags_tag_idx', 'accounts' => 'accounts_idx'];
    private const COLUMNS = array('tags' => 'tag', 'accounts' => 'user_id');

    public function up(): void
    {
        foreach (self::INDEXES as $table => $name) {
            $column = self::COLUMNS[$table] ?? 'id';
            Schema::table($table, fn (Blueprint $t) => $t->index('id', $name));
        }
        foreach (['audit_one', 'audit_two'] as $i => $table) {
            Schema::create($table, function (Blueprint $t) use ($table, $i): void {
                $t->bigIncrements('id');
                $t->string(sprintf('%s_note_%d', $table, $i));
                $t->unique(sprintf('%s_note_%d', $table, $i), $table . '_uq');
            });
        }
    }

    public function down(): void {}
};
"""
)
MIGRATIONS = {
    "2016_01_01_000000_base.php": BASE,
    "2021_08_28_073733_user_groups.php": USER_GROUPS,
    "2024_03_03_174645_add_indices.php": ADD_INDICES,
    "2024_11_05_062108_add_date_tz_columns.php": DATE_TZ,
    "2024_12_19_061003_add_native_amount_column.php": NATIVE_AMOUNT,
    "2025_01_01_000000_other_forms.php": OTHER_FORMS,
}


def _tree(root: Path) -> Path:
    folder = root / "database" / "migrations"
    folder.mkdir(parents=True)
    for name, text in MIGRATIONS.items():
        (folder / name).write_text(text)
    (root / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    return folder


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout)


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return {(o["kind"], o["table"] or "", o["name"]) for o in data["objects"]}


@needs_laravel
def test_the_loops_make_in_the_model_what_laravel_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    folder = _tree(tmp_path)
    sql = [
        statement
        for name in MIGRATIONS
        for statement in laravel_sql(folder / name)
        if not statement.startswith("select ")
    ]
    with pg.fresh_database("s35_laravelloops") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        live = _inspect(tmp_path, monkeypatch, "--db", pg.url(db))
    files = _inspect(tmp_path, monkeypatch)
    made = _objects(live)
    assert ("column", "transactions", "native_foreign_amount") in made
    assert ("foreign_key", "tags", "tags_to_ugi") in made or any(
        o[2] == "tags_to_ugi" for o in made
    )
    assert _objects(files) == made
    # nothing is left unread: no DBN013 at the loops
    assert not [d for d in files["diagnostics"] if d["code"] == "DBN013"], files["diagnostics"]


def test_a_loop_over_what_the_code_computes_stays_unread() -> None:
    """An array that is no literal (a call, a property written elsewhere, a
    variable changed in a branch) leaves the call unread: ``DBN013``, as before."""
    from dbnamelint.laravel_schema import builder_sql

    text = (
        HEAD
        + """    private array $tables = ['accounts'];

    public function up(): void
    {
        foreach (config('firefly.tables') as $table) {
            Schema::table($table, static function (Blueprint $t): void {
                $t->string('x_col');
            });
        }
        $this->tables[] = 'bills';
        foreach ($this->tables as $table) {
            Schema::table($table, static function (Blueprint $t): void {
                $t->string('y_col');
            });
        }
        $name = 'a_col';
        if (random_int(0, 1)) {
            $name = 'b_col';
        }
        Schema::table('tags', static function (Blueprint $t) use ($name): void {
            $t->string($name);
        });
        Schema::table('tags', static function (Blueprint $t) use ($nothing): void {
            $t->string($nothing);
        });
        foreach (['c_col', 'd_col'] as $name) {
            Schema::table('tags', static function (Blueprint $t): void {
                $t->string($name);
            });
        }
    }

    public function down(): void {}
};
"""
    )
    found = builder_sql(text)
    assert [u.call for u in found.unread] == [
        "Schema::table",
        "Schema::table",
        "string",
        "string",
        "string",
    ]


#: An applied migration whose loop runs over what the code computes.
UNREAD_APPLIED_PATH = "database/migrations/2024_01_01_000000_computed_loop.php"
UNREAD_APPLIED = (
    HEAD
    + """    public function up(): void
    {
        foreach (config('firefly.tables') as $table) {
            Schema::table($table, static function (Blueprint $t): void {
                $t->string('x_col')->nullable();
            });
        }
    }

    public function down(): void {}
};
"""
)


def test_the_advice_for_an_applied_migrations_unread_call_keeps_it_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``DBN013`` warning said "Write it with the builder calls dbnamelint
    reads ... or in DB::statement", an edit the gate refuses (``DBN025``) in an
    applied migration. It now says how to accept it there, which the gate takes:
    a comment above the call (then an info note), and ``database_ignore:``."""
    from check_json import check_entries, stage
    from git_helpers import committed_repo

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["database/migrations"]\ndialect: postgres\n',
            UNREAD_APPLIED_PATH: UNREAD_APPLIED,
        },
        monkeypatch,
    )
    _status, found = check_entries("--no-cache")
    (message,) = [m for c, p, _line, s, m in found if c == "DBN013" and s == "warning"]
    assert "An applied migration must not change (DBN025)" in message
    assert "// dbnamelint: ignore[DBN013] <reason>` comment on the line above" in message
    assert "database_ignore:" in message
    # what it says is what the gate takes: the comment is no edit of the migration
    accepted = UNREAD_APPLIED.replace(
        "            Schema::table($table,",
        "            // dbnamelint: ignore[DBN013] adds x_col to the configured tables\n"
        "            Schema::table($table,",
    )
    stage(root, UNREAD_APPLIED_PATH, accepted)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, (run, found)
        assert not [f for f in found if f[3] == "error"], found
    _status, found = check_entries("--no-cache")
    assert not [f for f in found if f[0] == "DBN013" and f[3] != "info"], found


NEW_LOOP_PATH = "database/migrations/2026_12_05_000001_loop_columns.php"
NEW_LOOP = (
    HEAD
    + """    private array $tables = ['tags' => ['BadLoopColumn'], 'bills' => ['good_column']];

    public function up(): void
    {
        foreach ($this->tables as $table => $fields) {
            foreach ($fields as $field) {
                Schema::table($table, static function (Blueprint $t) use ($field): void {
                    $t->string($field)->nullable();
                });
            }
        }
    }

    public function down(): void {}
};
"""
)


def test_a_new_migrations_loop_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new migration's loop over a literal array: its names are judged as
    the builder calls' are (before: a DBN013 error for the unread call)."""
    from check_json import new_file_errors
    from git_helpers import committed_repo

    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n',
            "schema.sql": "CREATE TABLE tags (id bigserial PRIMARY KEY);\n"
            "CREATE TABLE bills (id bigserial PRIMARY KEY);\n",
        },
        monkeypatch,
    )
    errors = new_file_errors(root, NEW_LOOP_PATH, NEW_LOOP)
    # BadLoopColumn, at the $t->string($field) that makes it
    assert errors == [("DBN201", 17)], errors
