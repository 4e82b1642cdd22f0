"""Laravel's Schema builder in a migration's up() is read by the gate (trial s30 firefly-iii).

A new ``database/migrations/*.php`` migration making ``Schema::create('UserSettingsLog',
...)`` with ``userId``, ``settingValue`` and an index ``IdxUser``,
``Schema::table('accounts', ... ->string('IBANCode'))``, ``renameColumn(...,
'VirtualBalance')`` and ``Schema::rename('notes', 'NotesTbl')`` passed the
hook and ``check --base``: the builder calls were never read. An edit of an
applied migration's builder calls (``$table->string('SwiftCode', 32)`` added
to its ``Schema::create``) passed too, while the same edit as a
``DB::statement`` string is ``DBN025``.

Oracle: illuminate/database 12.x run on PostgreSQL 15 (trial s30
firefly-iii's runner, ``php boot.php pgsql <db> ... <folder>``) made, for
:data:`NEW_MIGRATION` (``constrained('users')``: the runner has no
inflector), the constraints ``usersettingslog_settingvalue_unique``,
``usersettingslog_user_id_foreign``, ``UserSettingsLog_pkey`` and the
indexes ``IdxUser``, ``usersettingslog_userid_index`` (:data:`LARAVEL_MADE`);
the SQL :mod:`dbnamelint.laravel_schema` writes for it makes the same
names on PostgreSQL. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import Entry, assert_edit_fails, assert_edit_passes, check_entries, new_file_errors
from git_helpers import committed_repo, git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["."]\ndialect: postgres\n'
SCHEMA = (
    "CREATE TABLE users (id bigserial PRIMARY KEY);\n"
    "CREATE TABLE accounts (id bigserial PRIMARY KEY, virtual_balance numeric);\n"
    "CREATE TABLE notes (id bigserial PRIMARY KEY);\n"
)
HEAD = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
"""
NEW_MIGRATION = (
    HEAD
    + """        Schema::create('UserSettingsLog', function (Blueprint $table) {
            $table->id();
            $table->foreignId('user_id')->constrained('users')->cascadeOnDelete();
            $table->string('userId', 32)->index();
            $table->string('settingValue')->nullable()->unique();
            $table->index(['user_id', 'userId'], 'IdxUser');
            $table->timestamps();
        });
        Schema::table('accounts', fn (Blueprint $table) => $table->string('IBANCode')->nullable());
        Schema::table('accounts', function (Blueprint $table) {
            $table->renameColumn('virtual_balance', 'VirtualBalance');
        });
        Schema::rename('notes', 'NotesTbl');
    }

    public function down(): void
    {
        Schema::dropIfExists('UserSettingsLog');
    }
};
"""
)
#: What illuminate/database made on PostgreSQL for NEW_MIGRATION (see the module docstring).
LARAVEL_MADE = {
    "constraints": [
        ("UserSettingsLog", "UserSettingsLog_pkey"),
        ("UserSettingsLog", "usersettingslog_settingvalue_unique"),
        ("UserSettingsLog", "usersettingslog_user_id_foreign"),
    ],
    "indexes": [
        ("UserSettingsLog", "IdxUser"),
        ("UserSettingsLog", "UserSettingsLog_pkey"),
        ("UserSettingsLog", "usersettingslog_settingvalue_unique"),
        ("UserSettingsLog", "usersettingslog_userid_index"),
    ],
    "columns": [
        ("UserSettingsLog", "id"),
        ("UserSettingsLog", "user_id"),
        ("UserSettingsLog", "userId"),
        ("UserSettingsLog", "settingValue"),
        ("UserSettingsLog", "created_at"),
        ("UserSettingsLog", "updated_at"),
        ("accounts", "IBANCode"),
        ("accounts", "VirtualBalance"),
        ("accounts", "id"),
    ],
    "tables": ["NotesTbl", "UserSettingsLog", "accounts", "users"],
}
APPLIED_PATH = "database/migrations/2024_01_05_000001_create_banks.php"
APPLIED = (
    HEAD
    + """        Schema::create('banks', function (Blueprint $table) {
            $table->increments('id');
            $table->string('name', 64);
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('banks');
    }
};
"""
)
NEW_PATH = "database/migrations/2026_12_05_000001_create_bad_tables.php"


def test_the_sql_makes_the_names_laravel_makes(pg: PgServer) -> None:
    from dbnamelint.laravel_schema import builder_sql

    found = builder_sql(NEW_MIGRATION)
    assert not found.unread
    sql = "\n".join(
        s for _, _, pieces in found.calls for _, s, _ in sorted(pieces, key=lambda p: p[0])
    )
    with pg.fresh_database("laravel_builder") as db:
        pg.run(sql=SCHEMA + sql, dbname=db)
        made = {
            "constraints": pg.query_json(
                "SELECT conrelid::regclass::text AS t, conname AS n FROM pg_constraint "
                "WHERE connamespace = 'public'::regnamespace AND conrelid = "
                "'\"UserSettingsLog\"'::regclass ORDER BY 2",
                db,
            ),
            "indexes": pg.query_json(
                "SELECT tablename AS t, indexname AS n FROM pg_indexes WHERE schemaname = "
                "'public' AND tablename = 'UserSettingsLog' ORDER BY 2",
                db,
            ),
            "columns": pg.query_json(
                "SELECT table_name AS t, column_name AS n FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name IN ('UserSettingsLog', "
                "'accounts') ORDER BY 1, ordinal_position",
                db,
            ),
        }
        tables = sorted(pg.public_tables(db))
    got = {k: [(r["t"].strip('"'), r["n"]) for r in v] for k, v in made.items()}
    assert sorted(got["constraints"]) == LARAVEL_MADE["constraints"]
    assert sorted(got["indexes"]) == LARAVEL_MADE["indexes"]
    assert sorted(got["columns"]) == sorted(LARAVEL_MADE["columns"])
    assert tables == LARAVEL_MADE["tables"]


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "firefly",
        {"dbnamelint.yaml": CONFIG, "schema.sql": SCHEMA, APPLIED_PATH: APPLIED},
        monkeypatch,
    )


def _gate(*more: str) -> tuple[int, list[Entry]]:
    return check_entries(*(more or ("--base", "HEAD")), "--no-cache")


def test_a_new_builder_migrations_names_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    # lines of the PHP calls: the table, userId, settingValue, IdxUser, IBANCode,
    # VirtualBalance, NotesTbl
    assert new_file_errors(root, NEW_PATH, NEW_MIGRATION) == [
        ("DBN101", 11),
        ("DBN101", 23),
        ("DBN105", 11),
        ("DBN201", 14),
        ("DBN201", 15),
        ("DBN201", 19),
        ("DBN201", 21),
        ("DBN301", 16),
        ("DBN504", 23),
    ]


def test_a_builder_call_not_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a new migration, an error (a warning before, which the gate
    passed: tests/test_gate_unread_builder_refused.py)."""
    root = _repo(tmp_path, monkeypatch)
    text = NEW_MIGRATION.replace(
        "            $table->timestamps();\n",
        "            $table->timestamps();\n            $table->auditColumns('AuditTrail');\n",
    )
    (root / NEW_PATH).write_text(text)
    git(root, "add", "-A")
    _, found = _gate()
    warned = [(c, line, m) for c, p, line, s, m in found if s == "error" and c == "DBN013"]
    assert [(c, line) for c, line, _ in warned] == [("DBN013", 18)]
    assert "(auditColumns)" in warned[0][2]


@pytest.mark.parametrize(
    "edit",
    [
        (
            "            $table->string('name', 64);\n",
            "            $table->string('name', 64);\n"
            "            $table->string('SwiftCode', 32);\n",
        ),
        ("$table->string('name', 64)", "$table->string('name', 64)->unique()"),
        ("$table->string('name', 64)", "$table->string('bank_name', 64)"),
    ],
    ids=["column-added", "index-added", "column-renamed"],
)
def test_editing_an_applied_migrations_builder_calls_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, str]
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert_edit_fails(root, APPLIED_PATH, APPLIED.replace(*edit))


def test_an_edit_of_down_or_layout_only_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = APPLIED.replace(
        "Schema::dropIfExists('banks');", "Schema::drop('banks');\n        // the rollback"
    ).replace("$table->string('name', 64);", "$table->string('name', 64);  // bank name")
    assert_edit_passes(root, APPLIED_PATH, text)


FIREFLY_LAYOUT = (
    HEAD
    + """        $this->createOauthTables();
    }

    public function down(): void
    {
        Schema::create('RollbackOnly', function (Blueprint $table) {
            $table->id();
        });
    }

    private function createOauthTables(): void
    {
        if (!Schema::hasTable('oauth_auth_codes')) {
            try {
                Schema::create('oauth_auth_codes', static function (Blueprint $table): void {
                    $table->string('id', 100)->primary();
                    if (true) {
                        $table->integer('userId');
                    }
                });
            } catch (QueryException $e) {
                app('log')->error($e->getMessage());
            }
        }
    }
};
"""
)


def test_calls_nested_and_in_the_methods_up_calls_are_read(pg: PgServer) -> None:
    """firefly-iii's layout: up() calls private methods whose Schema::create
    stands in ``if (!Schema::hasTable(...)) { try { ... } }``; down() is the rollback."""
    from dbnamelint.laravel_schema import builder_sql

    found = builder_sql(FIREFLY_LAYOUT)
    assert not found.unread
    sql = "\n".join(
        s for _, _, pieces in found.calls for _, s, _ in sorted(pieces, key=lambda p: p[0])
    )
    assert "RollbackOnly" not in sql
    with pg.fresh_database("laravel_layout") as db:
        pg.run(sql=sql, dbname=db)
        made = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE conrelid = 'oauth_auth_codes'::regclass",
            db,
        )
        columns = pg.query_json(
            "SELECT column_name AS n FROM information_schema.columns WHERE table_name = "
            "'oauth_auth_codes' ORDER BY ordinal_position",
            db,
        )
    # Laravel on PostgreSQL: `alter table ... add primary key ("id")`, named by the database
    assert [r["n"] for r in made] == ["oauth_auth_codes_pkey"]
    assert [r["n"] for r in columns] == ["id", "userId"]
