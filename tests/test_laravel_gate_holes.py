"""Laravel migrations whose names come from code the reader did not follow (session 36).

Four kinds of hole left by the literal-loop reader (fix-s35-laravelloops):

1. ``"{$field}"``, ``"{$prefix}_id"``, ``"$x"`` and heredocs interpolating
   known values: read as their strings (were DBN013);
2. the class's own methods called from ``up()``: ``self::helper(...)`` and
   ``static::helper(...)`` were not followed at all (what they made passed the
   gate in silence), ``$this->helper('tags')`` was followed without its
   parameters bound, and a ``Blueprint`` passed on (``$this->columns($table)``)
   made columns nobody read; a method not in the file is DBN013 at the call;
3. ``break``/``continue`` (and ``break 2``) in an unrolled loop: the items
   after a ``break`` were read as made; now the loop stops and skips where PHP
   does, or, under a condition not known before the code runs, is not unrolled;
4. array reads: ``self::COLUMNS[$table]``, ``$map['k']``, ``$this->map['k']``,
   a constant holding another, ``?? 'default'``.

Oracle: Laravel's own schema builder in pretend mode (tests/laravel/pretend.php)
gives the SQL each migration runs, which is run on PostgreSQL 15; ``inspect
--db`` of that database equals ``inspect`` of the files. Real git for the gate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from laravel_oracle import laravel_sql, needs_laravel
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
"""
BASE = (
    HEAD
    + """    public function up(): void
    {
        foreach (['tags', 'bills', 'accounts'] as $table) {
            Schema::create($table, static function (Blueprint $t): void {
                $t->bigIncrements('id');
            });
        }
    }

    public function down(): void {}
};
"""
)
#: 1. interpolation in "..." strings and heredocs.
INTERPOLATED = (
    HEAD
    + """    private string $suffix = 'note';

    public function up(): void
    {
        $prefix = 'owner';
        foreach (['tags' => 'tag', 'bills' => 'bill'] as $table => $short) {
            Schema::table($table, function (Blueprint $t) use ($table, $short, $prefix): void {
                $t->string("{$short}_{$prefix}_id")->nullable();
                $t->string("$short" . '_code')->nullable();
                $t->index(["{$short}_{$prefix}_id"], "{$table}_{$this->suffix}_idx");
                $t->string(<<<COL
                    {$short}_heredoc
                    COL)->nullable();
            });
        }
    }

    public function down(): void {}
};
"""
)
#: 2. the class's methods: $this->, self::, static::, named and default
#: arguments, a Blueprint passed on, a helper calling a helper.
HELPERS = (
    HEAD
    + """    public function up(): void
    {
        foreach (['tags', 'bills'] as $name) {
            $this->addOwner($name, prefix: 'own');
        }
        self::addFlag('accounts', 'is_flagged');
        static::makeTable('audit_log');
        Schema::table('tags', function (Blueprint $table): void {
            $this->columns($table, 'helper_col');
            self::columns($table);
        });
        $this->deeper('accounts');
        Schema::create($this->tableName(), function (Blueprint $t): void {
            $t->id();
            $t->string(self::column('owner'))->nullable();
        });
    }

    private function tableName(): string
    {
        return 'returned_table';
    }

    private static function column(string $base): string
    {
        return sprintf('%s_ref', $base);
    }

    private function addOwner(string $table, string $suffix = '_id', string $prefix = 'x'): void
    {
        Schema::table($table, function (Blueprint $t) use ($prefix, $suffix): void {
            $t->integer("{$prefix}er{$suffix}")->nullable();
        });
    }

    private static function addFlag(string $table, string $column): void
    {
        Schema::table($table, static fn (Blueprint $t) => $t->boolean($column)->nullable());
    }

    protected static function makeTable(string $name): void
    {
        Schema::create($name, function (Blueprint $t): void {
            $t->id();
        });
    }

    private function columns(Blueprint $bp, string $name = 'default_col'): void
    {
        $bp->string($name)->nullable();
        $bp->index($name, "idx_{$name}");
    }

    private function deeper(string $t): void
    {
        $this->addOwner($t, '_ref');
    }

    public function down(): void {}
};
"""
)
#: 3. break, continue, continue 2; a catch's continue runs only on an error.
EXITS = (
    HEAD
    + """    public function up(): void
    {
        foreach (['a', 'skip', 'b', 'stop', 'c'] as $i => $k) {
            if ($k === 'skip') {
                continue;
            } elseif (in_array($k, ['stop', 'halt'], true)) {
                break;
            }
            foreach (['x', 'y'] as $u) {
                if ($u == 'y' && $k !== 'a') {
                    continue 2;
                }
                Schema::table('tags', function (Blueprint $t) use ($k, $u, $i): void {
                    $t->string("c_{$k}_{$u}_$i")->nullable();
                });
            }
            try {
                Schema::table('bills', fn (Blueprint $t) => $t->string("after_$k")->nullable());
            } catch (\\Exception $e) {
                continue;
            }
            switch ($k) {
                case 'b':
                    break;
            }
            Schema::table('accounts', fn (Blueprint $t) => $t->string("end_$k")->nullable());
            if ($k !== 'a') {  // decided on the item: the branch PHP takes
                Schema::table('accounts', fn (Blueprint $t) => $t->string("not_a_$k")->nullable());
            } else {
                Schema::table('accounts', fn (Blueprint $t) => $t->string('only_a')->nullable());
            }
        }
        $prev = 'first';
        foreach (['p', 'q'] as $k) {
            // what an item assigns is what the next one reads
            Schema::table('bills', fn (Blueprint $t) => $t->string("{$prev}_{$k}")->nullable());
            $prev = $k;
        }
    }

    public function down(): void {}
};
"""
)
#: 4. array reads: constants (one holding another), locals, properties, ??.
READS = (
    HEAD
    + """    private const COLUMNS = ['tags' => 'tag_note', 'bills' => 'bill_note'];
    private const NESTED = ['t' => self::COLUMNS, 'x' => ['deep' => 'deep_col']];
    private array $map = ['a' => 'map_a'];

    public function up(): void
    {
        foreach (self::COLUMNS as $table => $column) {
            Schema::table($table, function (Blueprint $t) use ($table): void {
                $t->string(self::COLUMNS[$table] . '_2')->nullable();
                $t->string(self::NESTED['t'][$table] . '_3')->nullable();
                $t->string(self::NESTED['x']['deep'] . "_$table")->nullable();
                $t->string(self::COLUMNS['nope'] ?? 'fallback_' . $table)->nullable();
            });
        }
        foreach (['tags' => ['list_a', 'list_b']] as $table => $columns) {
            Schema::table($table, function (Blueprint $t) use ($columns): void {
                foreach ($columns as $column) {
                    $t->string($column)->nullable();
                }
                $t->index($columns);  // a list of strings: the index's columns
            });
        }
        $map = ['k' => 'map_k_col', 'n' => ['m' => 'map_m_col']];
        foreach ($map['n'] as $column) {
            Schema::table('accounts', fn (Blueprint $t) => $t->string($column . '_x')->nullable());
        }
        Schema::table('accounts', function (Blueprint $t) use ($map): void {
            $t->string($map['k'])->nullable();
            $t->string($map['n']['m'])->nullable();
            $t->string($this->map['a'])->nullable();
            $t->string("{$this->map['a']}_y")->nullable();
        });
    }

    public function down(): void {}
};
"""
)
MIGRATIONS = {
    "2016_01_01_000000_base.php": BASE,
    "2024_01_01_000001_interpolated.php": INTERPOLATED,
    "2024_01_01_000002_helpers.php": HELPERS,
    "2024_01_01_000003_exits.php": EXITS,
    "2024_01_01_000004_reads.php": READS,
}


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> dict:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout)


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return {(o["kind"], o["table"] or "", o["name"]) for o in data["objects"]}


@needs_laravel
def test_what_the_code_makes_is_in_the_model_as_laravel_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    folder = tmp_path / "database" / "migrations"
    folder.mkdir(parents=True)
    for name, text in MIGRATIONS.items():
        (folder / name).write_text(text)
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    sql = [s for name in MIGRATIONS for s in laravel_sql(folder / name)]
    with pg.fresh_database("s36_laravel_holes") as db:
        pg.run(sql=";\n".join(sql) + ";", dbname=db)
        live = _inspect(tmp_path, monkeypatch, "--db", pg.url(db))
    files = _inspect(tmp_path, monkeypatch)
    made = _objects(live)
    # the oracle makes what each kind is about
    for one in (
        ("column", "tags", "tag_owner_id"),  # "{$short}_{$prefix}_id"
        ("column", "bills", "bill_heredoc"),  # a heredoc
        ("column", "audit_log", "id"),  # static::makeTable('audit_log')
        ("column", "tags", "helper_col"),  # a Blueprint passed to $this->columns()
        ("column", "accounts", "xer_ref"),  # a helper calling a helper, a default
        ("column", "tags", "c_b_x_2"),  # continue 2 skipped c_b_y_2
        ("column", "bills", "fallback_bills"),  # ?? of a key the constant lacks
        ("index", "tags", "tags_list_a_list_b_index"),  # index($columns) of a list
        ("column", "bills", "p_q"),  # $prev as the item before left it
        ("column", "returned_table", "owner_ref"),  # methods returning a literal
    ):
        assert one in made, one
    for never in ("c_c_x_4", "after_skip", "c_b_y_2", "end_stop", "not_a_a", "first_q"):
        assert not [o for o in made if o[2] == never], never
    assert _objects(files) == made, _objects(files) ^ made
    assert not [d for d in files["diagnostics"] if d["code"] == "DBN013"], files["diagnostics"]


def test_a_break_under_a_condition_not_known_leaves_the_loop_unread() -> None:
    """A ``break``/``continue`` whose condition is known only when the code
    runs (a call, a variable not bound): the loop is not unrolled, so what
    it makes from its variable is DBN013, not every item read as made."""
    from dbnamelint.laravel_schema import builder_sql

    text = (
        HEAD
        + """    public function up(): void
    {
        foreach (['a_col', 'b_col'] as $name) {
            if (config('app.skip') === $name) {
                continue;
            }
            Schema::table('tags', fn (Blueprint $t) => $t->string($name));
        }
        foreach (['c_col', 'd_col'] as $name) {
            while (random_int(0, 1)) {
                break 2;
            }
            Schema::table('tags', fn (Blueprint $t) => $t->string($name));
        }
        foreach (['e_col', 'f_col'] as $name) {
            try {
                Schema::table('tags', fn (Blueprint $t) => $t->string($name));
            } catch (\\Exception $e) {
                break;
            }
        }
    }

    public function down(): void {}
};
"""
    )
    found = builder_sql(text)
    assert [(u.call, text.count("\n", 0, u.start) + 1) for u in found.unread] == [
        ("string", 15),
        ("string", 21),
    ]
    ours = " ".join(sql for _, _, pieces in found.calls for _, sql, _ in pieces)
    assert '"e_col"' in ours and '"f_col"' in ours  # a catch's break runs only on an error


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    from git_helpers import committed_repo

    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["."]\ndialect: postgres\n',
            "schema.sql": "CREATE TABLE tags (id bigserial PRIMARY KEY);\n"
            "CREATE TABLE bills (id bigserial PRIMARY KEY);\n",
            **files,
        },
        monkeypatch,
    )


NEW_PATH = "database/migrations/2026_12_05_000001_helpers.php"
NEW_HELPERS = (
    HEAD
    + """    public function up(): void
    {
        self::addColumn('tags', 'BadStaticColumn');
        static::addColumn('bills', 'good_column');
        Schema::table('tags', function (Blueprint $table): void {
            $this->more($table);
        });
        $this->fromATrait('tags');
        foreach (['FirstLoop', 'second_loop'] as $column) {
            Schema::table('bills', fn (Blueprint $t) => $t->string("{$column}_note"));
        }
    }

    private static function addColumn(string $table, string $column): void
    {
        Schema::table($table, function (Blueprint $t) use ($column): void {
            $t->string($column)->nullable();
        });
    }

    private function more(Blueprint $t): void
    {
        $t->string('BadBlueprintColumn')->nullable();
    }

    public function down(): void {}
};
"""
)


def test_a_new_migrations_helpers_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``self::addColumn(...)`` and a Blueprint passed to ``$this->more()``
    passed the gate in silence, ``$this->fromATrait()`` (not in the file) too,
    and ``"{$column}_note"`` was a DBN013 refusal."""
    from check_json import new_file_errors

    root = _repo(tmp_path, monkeypatch, {})
    errors = new_file_errors(root, NEW_PATH, NEW_HELPERS)
    assert errors == [
        ("DBN013", 16),  # $this->fromATrait(): a method not in the file
        ("DBN201", 15),  # the Blueprint helper's column, laid in the Schema::table call
        ("DBN201", 18),  # "{$column}_note": FirstLoop_note
        ("DBN201", 25),  # BadStaticColumn, in the helper self:: runs
    ], errors


APPLIED_PATH = "database/migrations/2024_01_01_000001_owner.php"
APPLIED = (
    HEAD
    + """    public function up(): void
    {
        self::addOwner('tags');
    }

    private static function addOwner(string $table): void
    {
        Schema::table($table, function (Blueprint $t): void {
            $t->integer('owner_id')->nullable();
        });
    }

    public function down(): void {}
};
"""
)


def test_an_applied_migrations_helper_argument_edit_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The argument a helper is called with is forward code: its edit in an
    applied migration changes what the migration made (``DBN025``)."""
    from check_json import assert_edit_fails

    root = _repo(tmp_path, monkeypatch, {APPLIED_PATH: APPLIED})
    assert_edit_fails(root, APPLIED_PATH, APPLIED.replace("addOwner('tags')", "addOwner('bills')"))


#: Strings PHP fills in, with $x = 'V', $a = ['k' => 'AV', 3 => 'three'], $k = 'k'.
INTERPOLATIONS = [
    r'"a{$x}b"',
    r'"$x"',
    r'"${x}_y"',
    r'"\{$x}"',
    "\"\\\\$x {$a['k']} $a[k] $a[3] {$a[$k]} {$a[3]}\"",
    r'"q\"\u{41}\x42\101\t$x\$x"',
    '<<<EOT\n    a\\"b{$x}\n      $a[k]\n    EOT',
    "<<<'EOT'\n  {$x}\n  EOT",
    r'"{$x}\{"',
]


@needs_laravel
@pytest.mark.parametrize("string", INTERPOLATIONS)
def test_a_string_is_filled_in_as_php_fills_it_in(string: str) -> None:
    from dbnamelint.php_const_expr import PhpArray
    from dbnamelint.php_strings import filled
    from laravel_oracle import php_value

    php = php_value(
        "(function () { $x = 'V'; $a = ['k' => 'AV', 3 => 'three']; $k = 'k';\n"
        f"return {string};\n}})()"
    )
    env = {"$x": "V", "$a": PhpArray((("k", "AV"), ("3", "three"))), "$k": "k"}
    assert filled(string, env, {}) == php
    if not string.startswith("<<<'"):
        # a hole whose value is not known: no string, never a guess
        assert filled(string.replace("{$x}", "{$unknown}"), env, {}) in (None, php)
        assert filled(string, {}, {}) is None


_FACADES = "use Illuminate\\Support\\Facades\\"
STATIC_STATEMENT = (
    HEAD.replace(_FACADES + "Schema;", _FACADES + "DB;\n" + _FACADES + "Schema;")
    + """    public function up(): void
    {
        Schema::create('tags', fn (Blueprint $t) => $t->id());
        static::index();
    }

    private static function index(): void
    {
        DB::statement('CREATE INDEX "StaticIdx" ON tags (id)');
    }

    public function down(): void {}
};
"""
)


def test_a_static_helpers_statement_is_in_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``DB::statement`` in a method ``up()`` runs as ``static::index()``:
    before, only ``$this->`` calls were followed, and the index was missing."""
    folder = tmp_path / "database" / "migrations"
    folder.mkdir(parents=True)
    (folder / "2024_01_01_000000_x.php").write_text(STATIC_STATEMENT)
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["database/migrations"]\ndialect: postgres\n')
    assert ("index", "tags", "StaticIdx") in _objects(_inspect(tmp_path, monkeypatch))


def test_a_method_not_in_the_file_is_unread_at_the_call() -> None:
    """What a parent's, a trait's or a computed method makes is not read:
    ``DBN013`` at the call (before, silence); the Migration class's own
    ``getConnection()`` makes nothing."""
    from dbnamelint.laravel_schema import builder_sql

    text = (
        HEAD
        + """    public function up(): void
    {
        parent::up();
        $this->fromATrait('tags');
        $name = config('x');
        $this->$name();
        $this->getConnection();
        self::recurse();
    }

    private static function recurse(): void
    {
        self::recurse();
    }

    public function down(): void {}
};
"""
    )
    found = builder_sql(text)
    assert [(u.call, text.count("\n", 0, u.start) + 1) for u in found.unread] == [
        ("parent::up", 11),
        ("$this->fromATrait", 12),
        ("$this->$name", 14),
        ("self::recurse", 21),
    ]


def test_a_loop_not_unrolled_does_not_read_what_it_writes_as_before_it() -> None:
    """A ``for``, ``while`` or ``foreach`` over what the code computes runs
    its body again: a variable it assigns is not the value from before it
    (before, ``second_y`` and ``second_z``, made by the second pass, were
    read as ``first_y`` and ``first_z`` and never judged)."""
    from dbnamelint.laravel_schema import builder_sql

    text = (
        HEAD
        + """    public function up(): void
    {
        $y = 'first_y';
        for ($i = 0; $i < 2; $i++) {
            Schema::table('tags', fn (Blueprint $b) => $b->string($y));
            $y = 'second_y';
        }
        $z = 'first_z';
        foreach (explode(',', 'a,b') as $t) {
            Schema::table('tags', fn (Blueprint $b) => $b->string($z));
            $z = 'second_z';
        }
    }

    public function down(): void {}
};
"""
    )
    found = builder_sql(text)
    assert [(u.call, text.count("\n", 0, u.start) + 1) for u in found.unread] == [
        ("string", 13),
        ("string", 18),
    ]


def test_a_variable_passed_by_reference_is_not_known_after() -> None:
    """A method taking ``&$n``, or a closure capturing ``use (&$x)``, may write
    the variable: what it names after is not read (before, ``before_ref`` was
    read where Laravel makes ``after_ref``, which was never judged); a helper
    call in an argument does not shift the arguments after it."""
    from dbnamelint.laravel_schema import builder_sql

    text = (
        HEAD
        + """    public function up(): void
    {
        $name = 'before_ref';
        $this->fill($name);
        Schema::table('tags', fn (Blueprint $b) => $b->string($name));
        $other = 'before_cl';
        $f = function () use (&$other) { $other = 'after_cl'; };
        $f();
        Schema::table('tags', fn (Blueprint $b) => $b->string($other));
        $this->two($this->pick('x'), 'y_col');
    }

    private function fill(string &$n): void
    {
        $n = 'after_ref';
    }

    private function pick(string $a): string
    {
        Schema::table('tags', fn (Blueprint $t) => $t->string('picked_col'));
        return $a . ', b';
    }

    private function two(string $a, string $b): void
    {
        Schema::table('tags', fn (Blueprint $t) => $t->string($b));
    }

    public function down(): void {}
};
"""
    )
    found = builder_sql(text)
    assert [(u.call, text.count("\n", 0, u.start) + 1) for u in found.unread] == [
        ("string", 13),
        ("string", 17),
    ]
    ours = " ".join(sql for _, _, pieces in found.calls for _, sql, _ in pieces)
    assert '"y_col"' in ours and '"picked_col"' in ours


def test_a_static_property_written_in_a_method_is_not_known() -> None:
    """``self::$tables[] = 'bills'`` and ``static::$col = ...`` change what
    the property's default said: a loop over it, and a name read from it,
    are not read as the default (before, the loop ran over ``['tags']``
    alone, and Laravel also altered ``bills``)."""
    from dbnamelint.laravel_schema import builder_sql

    text = (
        HEAD
        + """    private static array $tables = ['tags'];
    private static string $col = 'static_col';
    private static string $kept = 'kept_col';

    public function up(): void
    {
        self::$tables[] = 'bills';
        static::$col = 'changed_col';
        foreach (self::$tables as $t) {
            Schema::table($t, fn (Blueprint $b) => $b->string(self::$col));
        }
        Schema::table('tags', fn (Blueprint $b) => $b->string(self::$kept));
    }

    public function down(): void {}
};
"""
    )
    found = builder_sql(text)
    assert [(u.call, text.count("\n", 0, u.start) + 1) for u in found.unread] == [
        ("Schema::table", 18),
    ]
    ours = " ".join(sql for _, _, pieces in found.calls for _, sql, _ in pieces)
    assert '"kept_col"' in ours and "static_col" not in ours


def test_an_array_a_function_writes_is_not_known_after() -> None:
    """``array_push($set, 'bills')`` and ``array_push($this->tables, ...)``
    add items: a loop over the array after it is not read over the literal
    alone (before, ``bills`` and ``accounts``, which Laravel alters, were
    never read)."""
    from dbnamelint.laravel_schema import builder_sql

    text = (
        HEAD
        + """    private array $tables = ['tags'];

    public function up(): void
    {
        $set = ['tags'];
        array_push($set, 'bills');
        foreach ($set as $t) {
            Schema::table($t, fn (Blueprint $b) => $b->string('pushed_col'));
        }
        array_push($this->tables, 'accounts');
        foreach ($this->tables as $t) {
            Schema::table($t, fn (Blueprint $b) => $b->string('prop_col'));
        }
    }

    public function down(): void {}
};
"""
    )
    found = builder_sql(text)
    assert [(u.call, text.count("\n", 0, u.start) + 1) for u in found.unread] == [
        ("Schema::table", 16),
        ("Schema::table", 20),
    ]


def test_helpers_calling_helpers_are_followed_within_a_budget() -> None:
    """Each level calling the next ten times would read 10**8 bodies: past a
    budget of tokens read again, a call is not followed (DBN013 at it), and
    the file is read in bounded time."""
    from dbnamelint.laravel_schema import builder_sql

    methods = [
        f"    private function h{i}(string $x): void\n    {{\n"
        + "".join(f"        $this->h{i + 1}($x);\n" for _ in range(10))
        + f"        Schema::table($x, fn (Blueprint $t) => $t->string('c{i}'));\n    }}\n"
        for i in range(8)
    ]
    text = (
        HEAD
        + "    public function up(): void\n    {\n        $this->h0('tags');\n    }\n"
        + "".join(methods)
        + "    private function h8(string $x): void\n    {\n    }\n};\n"
    )
    found = builder_sql(text)
    assert found.unread
    assert all(u.call.startswith("$this->h") for u in found.unread), found.unread
    ours = " ".join(sql for _, _, pieces in found.calls for _, sql, _ in pieces)
    assert '"c0"' in ours and '"c7"' in ours


@needs_laravel
def test_a_heredoc_without_holes_keeps_its_backslash_quote() -> None:
    """In a heredoc ``\\"`` is no escape: PHP keeps both characters (the
    heredoc reader took the backslash away, as in a ``"..."`` string)."""
    from dbnamelint.php_const_expr import literal
    from laravel_oracle import php_value

    heredoc = '<<<EOT\n    a\\"b\\tc\\\\d\\x41\n    EOT'
    assert literal(heredoc) == php_value(heredoc)
    assert literal('"a\\"b"') == php_value('"a\\"b"')
