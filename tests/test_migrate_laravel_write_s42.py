"""``migrate --write`` in a Laravel project writes a new Laravel migration.

It used to refuse (exit 2: "a Laravel migration, written in its framework's
API: --write does not write one"), and users pasted the SQL into a
migration by hand. Now the phase is a migration after the folder's last
one, named as ``php artisan make:migration`` names one
(``YYYY_MM_DD_HHMMSS_<name>.php``), in the class style of the folder's last
migration (anonymous ``return new class extends Migration`` or a class named
after the file), ``up()`` running the forward script's statements with one
``DB::unprepared('...')`` each and ``down()`` the rollback's;
``--cleanup --write`` a migration after it.

Oracle: Laravel's own migrator (illuminate/database 8.83's ``Migrator`` and
``DatabaseMigrationRepository``, Debian's php-illuminate-database and
php-illuminate-filesystem; ``tests/laravel/migrate.php``): migrate, rollback
(``--step=1``) and migrate again on PostgreSQL 15, MariaDB and SQLite, the catalog
read after each; dbnamelint's own reader then takes the migration for the
renames (DBN900 stale entries, ``whitelist prune``) and the gate
(``check --base``, real git, the hook) accepts it. Escaping: names holding
``?``, ``:name``, a quote, a backslash, ``$x`` and a double quote reach both
databases as written through PDO.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

import mysql_server
from catalog_names import maria_tables, pg_relations
from git_helpers import committed_repo
from laravel_oracle import laravel_migrate, migrator_available, php_value
from pg_server import PgServer
from written_migration import assert_taken_as_renames, written_file
from written_migration import dbnamelint as _dbnamelint

FOLDER = "database/migrations"
INIT_ANONYMOUS = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('UserPrefs', function (Blueprint $table) {
            $table->id();
            $table->text('theme');
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('UserPrefs');
    }
};
"""
INIT_NAMED = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

class CreateUserPrefsTable extends Migration
{
    public function up()
    {
        Schema::create('UserPrefs', function (Blueprint $table) {
            $table->id();
            $table->text('theme');
        });
    }

    public function down()
    {
        Schema::dropIfExists('UserPrefs');
    }
}
"""
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - kind: table
    name: UserPrefs
    rules: [DBN101]
    phase: "1"
    target: user_prefs
"""
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _needs_migrator(pdo: str) -> None:
    if not migrator_available(pdo):
        pytest.skip(
            f"Laravel's migrator on {pdo} needs php with illuminate/database, "
            f"illuminate/filesystem and pdo_{pdo} (apt: php-illuminate-database "
            "php-illuminate-filesystem php-pgsql php-mysql)"
        )


def _project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, migrations: dict[str, str]
) -> Path:
    files = {
        "dbnamelint.yaml": f"paths:\n  - {FOLDER}\ndialect: {dialect}\n",
        "whitelist.yaml": WHITELIST,
        **{f"{FOLDER}/{name}": text for name, text in migrations.items()},
    }
    return committed_repo(tmp_path / "app", files, monkeypatch)


def _written(root: Path, pattern: str) -> Path:
    return written_file(root / FOLDER, pattern)


def _pg(pg: PgServer, db: str) -> dict[str, str]:
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    return {
        "DB_CONNECTION": "pgsql",
        "DB_HOST": info.get("host", "127.0.0.1"),
        "DB_PORT": info.get("port", "5432"),
        "DB_DATABASE": db,
        "DB_USERNAME": info.get("user", "postgres"),
    }


def _maria(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    return {
        "DB_CONNECTION": "mysql",
        "DB_HOST": maria.host,
        "DB_PORT": str(maria.port),
        "DB_DATABASE": db,
        "DB_USERNAME": maria.user,
    }


def _pg_names(pg: PgServer, db: str) -> dict[str, str]:
    return pg_relations(pg, db, "migrations")


def _maria_names(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    return maria_tables(maria, db, "migrations")


def _phase_and_cleanup(
    root: Path,
    connection: dict[str, str],
    names: Callable[[], dict[str, str]],
    table: str,
    view: str,
    expect: Callable[[str], None],
) -> None:
    """Write the phase (its text as ``expect`` checks it); Laravel migrates,
    rolls back, migrates again; the reader and gate take it; then the
    cleanup, migrated and rolled back; the catalog (``names()``) read after
    each step."""
    folder = root / FOLDER
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    written = _written(root, r"\d{4}_\d{2}_\d{2}_\d{6}_rename_phase_1\.php")
    expect(written.read_text())
    renamed = {"user_prefs": table, "UserPrefs": view}
    assert laravel_migrate(folder, "migrate", connection) == [written.stem]
    assert names() == renamed
    assert laravel_migrate(folder, "rollback", connection) == [written.stem]
    assert names() == {"UserPrefs": table}
    assert laravel_migrate(folder, "migrate", connection) == [written.stem]
    assert names() == renamed
    assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")

    status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
    assert status == 0, output
    cleanup = _written(root, r"\d{4}_\d{2}_\d{2}_\d{6}_drop_compatibility_views\.php")
    assert cleanup.name > written.name
    assert laravel_migrate(folder, "migrate", connection) == [cleanup.stem]
    assert names() == {"user_prefs": table}
    assert laravel_migrate(folder, "rollback", connection) == [cleanup.stem]
    assert names() == {"user_prefs": table, "UserPrefs": view}
    assert laravel_migrate(folder, "migrate", connection) == [cleanup.stem]
    status, output = _dbnamelint("check", ".")
    assert status == 0, output
    status, output = _dbnamelint("check", "--base", "HEAD", ".")
    assert status == 0, output


@needs_git
def test_laravel_migrates_rolls_back_and_migrates_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_migrator("pgsql")
    init = "2024_01_01_000000_create_user_prefs_table.php"
    root = _project(tmp_path, monkeypatch, "postgres", {init: INIT_ANONYMOUS})
    with pg.fresh_database("s42_laravelwrite_pg") as db:
        connection = _pg(pg, db)
        assert laravel_migrate(root / FOLDER, "migrate", connection) == [init[:-4]]
        status, output = _dbnamelint("migrate", "--phase", "1")
        assert status == 0, output
        # PostgreSQL's grammar supports schema transactions: the migrator's own
        assert "Laravel's migrator runs each migration in a transaction" in output
        assert "BEGIN;" not in output.split("==== forward ====")[1].split("==== rollback")[0]

        def expect(text: str) -> None:
            # the folder's style: an anonymous class, up(): void
            assert "return new class extends Migration\n{\n    public function up(): void\n" in text
            assert "    public function down(): void\n" in text
            # the DO block copying the table's privileges is one call, kept whole
            assert text.count("DB::unprepared('DO $dbnamelint$") == 1
            assert "DB::statement" not in text

        _phase_and_cleanup(root, connection, lambda: _pg_names(pg, db), "r", "v", expect)


@needs_git
def test_laravel_migrates_rolls_back_and_migrates_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_migrator("mysql")
    init = "2014_10_12_000000_create_user_prefs_table.php"
    root = _project(tmp_path, monkeypatch, "mariadb", {init: INIT_NAMED})
    with maria.fresh_database("s42_laravelwrite_maria") as db:
        connection = _maria(maria, db)
        laravel_migrate(root / FOLDER, "migrate", connection)
        status, output = _dbnamelint("migrate", "--phase", "1")
        assert status == 0, output
        # MySQL's grammar does not: no transaction, DDL commits by itself
        assert "Laravel's migrator runs a MySQL or MariaDB migration in no transaction" in output

        def expect(text: str) -> None:
            # the folder's style: a class named as Laravel names it after the file, no : void
            assert "class RenamePhase1 extends Migration\n{\n    public function up()\n" in text
            # the guard (PREPARE/EXECUTE of a session variable) statement by statement
            assert "DB::unprepared('PREPARE dbnamelint_ddl FROM @dbnamelint_ddl');" in text

        _phase_and_cleanup(
            root, connection, lambda: _maria_names(maria, db), "BASE TABLE", "VIEW", expect
        )


def _sqlite_names(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
            " AND name NOT IN ('migrations', 'sqlite_sequence')"
        ).fetchall()
    return dict(rows)


@needs_git
def test_laravel_migrates_rolls_back_and_migrates_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_migrator("sqlite")
    init = "2024_01_01_000000_create_user_prefs_table.php"
    root = _project(tmp_path, monkeypatch, "sqlite", {init: INIT_ANONYMOUS})
    database = tmp_path / "database.sqlite"
    database.touch()
    connection = {"DB_CONNECTION": "sqlite", "DB_DATABASE": str(database)}
    laravel_migrate(root / FOLDER, "migrate", connection)
    status, output = _dbnamelint("migrate", "--phase", "1")
    assert status == 0, output
    # SQLite's grammar does not support schema transactions either
    assert "Laravel's migrator runs a SQLite migration in no transaction" in output
    assert "runs each migration in a transaction" not in output

    def expect(text: str) -> None:
        # the compatibility view's INSTEAD OF triggers, each one call, kept whole
        assert text.count("DB::unprepared('CREATE TRIGGER ") == 3

    _phase_and_cleanup(root, connection, lambda: _sqlite_names(database), "table", "view", expect)


#: A name holding what PDO's placeholder scanner (``?``, ``:name``) and a PHP
#: single-quoted string (a quote, a backslash) would each change, and ``$x``,
#: which a double-quoted one would fill in.
ODD = 'Odd ? :name \' \\ $x "q"'


def _odd_migration(quote: str) -> str:
    from dbnamelint.services.migrate.laravel_migration import Style, render

    def q(name: str) -> str:
        return quote + name.replace(quote, quote * 2) + quote

    ups = [
        f"CREATE TABLE {q(ODD)} (id integer)",
        f"CREATE VIEW {q(ODD + ' v')} AS SELECT id, '?' AS mark FROM {q(ODD)}",
    ]
    downs = [f"DROP VIEW {q(ODD + ' v')}", f"DROP TABLE {q(ODD)}"]
    return render(Style.ANONYMOUS, "odd names", ups, downs)


def test_odd_names_reach_postgres_as_written(pg: PgServer, tmp_path: Path) -> None:
    _needs_migrator("pgsql")
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    (folder / "2024_01_01_000000_odd.php").write_text(_odd_migration('"'))
    with pg.fresh_database("s42_laravelwrite_odd") as db:
        laravel_migrate(folder, "migrate", _pg(pg, db))
        assert _pg_names(pg, db) == {ODD: "r", ODD + " v": "v"}
        laravel_migrate(folder, "rollback", _pg(pg, db))
        assert _pg_names(pg, db) == {}


def test_odd_names_reach_mariadb_as_written(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    """MariaDB's backquoted names: PDO's scanner does not know backquotes, so
    ``DB::statement`` (a prepared statement) would turn ``:name`` into ``?``
    there; ``DB::unprepared`` sends the string as written."""
    _needs_migrator("mysql")
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True)
    (folder / "2024_01_01_000000_odd.php").write_text(_odd_migration("`"))
    with maria.fresh_database("s42_laravelwrite_odd") as db:
        laravel_migrate(folder, "migrate", _maria(maria, db))
        assert _maria_names(maria, db) == {ODD: "BASE TABLE", ODD + " v": "VIEW"}
        laravel_migrate(folder, "rollback", _maria(maria, db))
        assert _maria_names(maria, db) == {}


def _refused(root: Path, *args: str, says: str) -> None:
    """``migrate --phase 1 --write ARGS`` exits 2 with one located line saying
    ``says``, no traceback, and writes nothing."""
    before = sorted(p.name for p in (root / FOLDER).iterdir())
    status, output = _dbnamelint("migrate", "--phase", "1", "--write", *args)
    assert status == 2, output
    lines = [line for line in output.splitlines() if line.startswith(f"dbnamelint: {FOLDER}")]
    assert len(lines) == 1 and says in lines[0], output
    assert "Traceback" not in output
    assert sorted(p.name for p in (root / FOLDER).iterdir()) == before


def test_a_style_not_told_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder's last migration returns no class (an included file's
    object): no style to copy."""
    last = "<?php\n\nreturn require __DIR__ . '/../shared/prefs_theme.php';\n"
    root = _project(
        tmp_path,
        monkeypatch,
        "postgres",
        {
            "2024_01_01_000000_create_user_prefs_table.php": INIT_ANONYMOUS,
            "2024_02_01_000000_add_theme.php": last,
        },
    )
    _refused(root, says="2024_02_01_000000_add_theme.php: the folder's last Laravel migration")


def test_a_taken_class_name_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A named-class folder where a migration already declares RenamePhase1:
    the migrator loads every file to roll back, and PHP cannot declare the
    class twice (make:migration refuses such a name too)."""
    taken = INIT_NAMED.replace("CreateUserPrefsTable", "RenamePhase1").replace(
        "Schema::create('UserPrefs'", "Schema::create('other'"
    )
    root = _project(
        tmp_path,
        monkeypatch,
        "postgres",
        {
            "2014_10_12_000000_create_user_prefs_table.php": INIT_NAMED,
            "2015_01_01_000000_rename_phase_1.php": taken,
        },
    )
    _refused(root, says="2015_01_01_000000_rename_phase_1.php: declares class RenamePhase1")
    status, output = _dbnamelint("migrate", "--phase", "1", "--write", "--name", "rename prefs")
    assert status == 0, output
    _written(root, r"\d{4}_\d{2}_\d{2}_\d{6}_rename_prefs\.php")


def test_a_script_with_its_own_transaction_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(
        tmp_path,
        monkeypatch,
        "postgres",
        {"2024_01_01_000000_create_user_prefs_table.php": INIT_ANONYMOUS},
    )
    _refused(root, "--transaction", says="the scripts carry a transaction of their own")


def test_layout_laravel_needs_a_laravel_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(
        tmp_path,
        monkeypatch,
        "postgres",
        {"2024_01_01_000000_init.sql": 'CREATE TABLE "UserPrefs" (id int);\n'},
    )
    _refused(
        root,
        "--layout",
        "laravel",
        says="--layout laravel needs the renamed tables made by a Laravel migration",
    )


def test_the_name_sorts_after_a_later_dated_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration dated after now: the new one is a second later, so the
    migrator (which sorts by name) runs it last."""
    root = _project(
        tmp_path,
        monkeypatch,
        "postgres",
        {
            "2024_01_01_000000_create_user_prefs_table.php": INIT_ANONYMOUS,
            "2999_12_31_235959_future.php": INIT_ANONYMOUS.replace("UserPrefs", "future"),
        },
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    _written(root, r"3000_01_01_000000_rename_phase_1\.php")


def test_class_name_is_laravels() -> None:
    """``Migrator::getMigrationClass``: ``Str::studly`` of the name's fifth part on."""
    if not migrator_available("sqlite"):
        pytest.skip("php with illuminate/database is not installed")
    from dbnamelint.services.migrate.laravel_migration import class_name, file_name

    name = file_name(None, "rename_phase-2_x", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc))
    assert name == "2026_01_02_030405_rename_phase-2_x.php"
    theirs = php_value(
        "(function () { require_once 'Illuminate/Database/autoload.php';"
        " return Illuminate\\Support\\Str::studly(implode('_', array_slice(explode('_',"
        f" '{name[:-4]}'), 4))); }})()"
    )
    assert class_name(name[:-4]) == theirs == "RenamePhase2X"


def test_the_transaction_note_follows_the_grammars() -> None:
    """The note says the migrator's transaction where illuminate/database's
    schema grammar supports one (``supportsSchemaTransactions()``):
    PostgreSQL's, not MySQL's or SQLite's."""
    if not migrator_available("sqlite"):
        pytest.skip("php with illuminate/database is not installed")
    from dbnamelint.dialects import Family
    from dbnamelint.services.migrate.layout import Layout
    from dbnamelint.services.migrate.transactions import tool_note

    for grammar, family in (
        ("Postgres", Family.POSTGRES),
        ("MySql", Family.MYSQL),
        ("SQLite", Family.SQLITE),
    ):
        supports = php_value(
            "(function () { require_once 'Illuminate/Database/autoload.php';"
            f" return (new Illuminate\\Database\\Schema\\Grammars\\{grammar}Grammar)"
            "->supportsSchemaTransactions() ? 'yes' : 'no'; })()"
        )
        note = tool_note(Layout.LARAVEL, family, False) or ""
        assert ("runs each migration in a transaction" in note) is (supports == "yes"), grammar
        assert ("in no transaction" in note) is (supports == "no"), grammar


def test_the_written_file_is_php() -> None:
    """PHP's own linter takes a migration with every escape."""
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    done = subprocess.run(
        ["php", "-l"], input=_odd_migration('"'), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
