"""``migrate --write`` in a Kysely project writes a new Kysely migration.

It used to refuse (exit 2: "a Kysely, db-migrate or node-pg-migrate
migration, written in its framework's API: --write does not write one"), and
users pasted the SQL into a migration by hand. Now the phase is a migration
named after the folder's newest in the folder's own prefix scheme (Kysely's
``Migrator`` orders migrations by name and refuses one named before an
executed one), in the newest migration's language and module style, ``up``
running the forward script's statements with one ``await
sql`...`.execute(db)`` each and ``down`` the rollback's; ``--cleanup
--write`` a migration after it.

Oracle: Kysely 0.28.19 itself (tests/kysely/migrate.cjs: ``Migrator`` over a
``FileMigrationProvider``, ``migrateToLatest`` and ``migrateDown``, after
typescript 5.9's ``transpileModule`` strips the types; pg and mysql2 from
tests/typeorm) runs, reverts and runs again on PostgreSQL 15 and MariaDB,
the catalog read after each; dbnamelint's reader then takes the migration
for the renames (DBN900 stale entries, ``whitelist prune``) and the gate
(``check --base``, real git) and the hook accept it. Escaping: a name
holding ``${``, a backquote, a backslash, ``?`` and ``$1`` reaches both
databases as written (the ``sql`` tag makes each ``${...}`` a parameter).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import mysql_server
from catalog_names import maria_tables, pg_relations
from git_helpers import committed_repo
from pg_server import PgServer
from written_migration import assert_taken_as_renames, written_file
from written_migration import dbnamelint as _dbnamelint

KYSELY = Path(__file__).parent / "kysely"
TYPEORM = Path(__file__).parent / "typeorm"

#: Kysely's documentation's TypeScript migration, an ISO-timestamp name.
INIT_TS = """import { Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('UserPrefs')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('theme', 'text')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('UserPrefs').execute()
}
"""
#: A CommonJS migration (``exports.up``), double quotes and semicolons.
INIT_CJS = """const { sql } = require("kysely");

exports.up = async function (db) {
  await db.schema
    .createTable("UserPrefs")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("theme", "text")
    .execute();
};

exports.down = async function (db) {
  await db.schema.dropTable("UserPrefs").execute();
};
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
#: Kysely's own tables (kysely_migration, kysely_migration_lock), left out.
BOOKKEEPING = "kysely_migration%"


def _node() -> str:
    node = shutil.which("node")
    found = [
        KYSELY / "node_modules" / "kysely",
        TYPEORM / "node_modules" / "typescript",
        TYPEORM / "node_modules" / "pg",
        TYPEORM / "node_modules" / "mysql2",
    ]
    if node is None or not all(p.is_dir() for p in found):
        pytest.skip("kysely, typescript, pg or mysql2 not installed: npm ci --prefix tests/...")
    return node


def _kysely(root: Path, action: str, url: str) -> str:
    """Kysely's ``migrateToLatest`` (``up``) or ``migrateDown`` (``down``)."""
    done = subprocess.run(
        [_node(), str(KYSELY / "migrate.cjs"), action, str(root / "migrations"), url],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _project(
    root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, migrations: dict[str, str]
) -> Path:
    files = {
        "dbnamelint.yaml": f"paths:\n  - migrations\ndialect: {dialect}\n",
        "whitelist.yaml": WHITELIST,
        **{f"migrations/{name}": text for name, text in migrations.items()},
    }
    return committed_repo(root, files, monkeypatch)


def _written(root: Path, pattern: str) -> Path:
    return written_file(root / "migrations", pattern)


def _round_trip(
    root: Path, url: str, names: Callable[[], dict[str, str]], table: str, view: str, new: str
) -> None:
    """Kysely applies the rename, reverts it, applies it again, the catalog
    read after each step."""
    renamed = {"user_prefs": table, "UserPrefs": view}
    assert _kysely(root, "up", url) == f"Success Up {new}\n"
    assert names() == renamed
    assert _kysely(root, "down", url) == f"Success Down {new}\n"
    assert names() == {"UserPrefs": table}
    _kysely(root, "up", url)
    assert names() == renamed


def _cleanup_round_trip(
    root: Path, url: str, names: Callable[[], dict[str, str]], table: str, view: str, pattern: str
) -> None:
    status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
    assert status == 0, output
    cleanup = _written(root, pattern).name.rsplit(".", 1)[0]
    assert _kysely(root, "up", url) == f"Success Up {cleanup}\n"
    assert names() == {"user_prefs": table}
    _kysely(root, "down", url)
    assert names() == {"user_prefs": table, "UserPrefs": view}
    _kysely(root, "up", url)
    assert names() == {"user_prefs": table}
    status, output = _dbnamelint("check", ".")
    assert status == 0, output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_kysely_runs_reverts_and_reruns_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _node()
    root = _project(
        tmp_path / "app", monkeypatch, "postgres", {"2024-01-15T10-00-00_init.ts": INIT_TS}
    )
    with pg.fresh_database("s43_kyselywrite_pg") as db:
        url = pg.url(db)
        _kysely(root, "up", url)  # the init, applied before the phase
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        assert "Kysely's Migrator runs the pending migrations in one transaction" in output
        iso = r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d"
        written = _written(root, rf"{iso}_rename_phase_1\.ts")
        text = written.read_text()
        assert text.startswith("import { Kysely, sql } from 'kysely'\n"), text
        assert "export async function up(db: Kysely<any>): Promise<void> {\n" in text
        assert '  await sql`ALTER TABLE "UserPrefs" RENAME TO "user_prefs"`.execute(db)\n' in text
        # the DO block kept whole, one call
        assert re.search(
            r"await sql`DO \$dbnamelint\$\n.*\n\$dbnamelint\$`\.execute\(db\)", text, re.S
        )
        names = lambda: pg_relations(pg, db, BOOKKEEPING)  # noqa: E731
        _round_trip(root, url, names, "r", "v", written.stem)
        assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")
        _cleanup_round_trip(root, url, names, "r", "v", rf"{iso}_drop_compatibility_views\.ts")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_kysely_runs_reverts_and_reruns_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _node()
    root = _project(tmp_path / "app", monkeypatch, "mariadb", {"001_init.js": INIT_CJS})
    with maria.fresh_database("s43_kyselywrite_maria") as db:
        url = maria.url(db)
        _kysely(root, "up", url)
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        # Kysely's MySQL adapter has no transactional DDL: no transaction at all
        assert "Kysely's Migrator runs a MySQL or MariaDB migration in no transaction" in output
        written = _written(root, r"002_rename_phase_1\.js")
        text = written.read_text()
        # the folder's CommonJS exports, its double quotes and semicolons
        assert text.startswith('const { sql } = require("kysely");\n'), text
        assert "exports.up = async function (db) {\n" in text
        # the guard (PREPARE/EXECUTE of a session variable) kept whole, statement by statement
        assert "  await sql`PREPARE dbnamelint_ddl FROM @dbnamelint_ddl`.execute(db);\n" in text
        names = lambda: maria_tables(maria, db, BOOKKEEPING)  # noqa: E731
        _round_trip(root, url, names, "BASE TABLE", "VIEW", written.stem)
        assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")
        _cleanup_round_trip(
            root, url, names, "BASE TABLE", "VIEW", r"003_drop_compatibility_views\.js"
        )


#: A name holding what the ``sql`` tag and a template literal would change
#: (``${``, a backquote, a backslash) and the drivers' placeholders (``?``, ``$1``).
ODD = "Odd ? $1 \\ `q` ${x}"


def _odd_migration(style: str, quote: str) -> str:
    from dbnamelint.services.migrate.knex_migration import Style
    from dbnamelint.services.migrate.kysely_migration import Import, render

    def q(name: str) -> str:
        return quote + name.replace(quote, quote * 2) + quote

    ups = [
        f"CREATE TABLE {q(ODD)} (id integer)",
        f"CREATE VIEW {q(ODD + ' v')} AS SELECT id, '?' AS mark, '$1' AS p FROM {q(ODD)}",
    ]
    downs = [f"DROP VIEW {q(ODD + ' v')}", f"DROP TABLE {q(ODD)}"]
    return render(Style[style], Import("'", ""), ups, downs)


@pytest.mark.parametrize(("style", "suffix"), [("TYPESCRIPT", ".ts"), ("ESM", ".mjs")])
def test_odd_names_reach_postgres_as_written(
    pg: PgServer, tmp_path: Path, style: str, suffix: str
) -> None:
    _node()
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / f"001_odd{suffix}").write_text(_odd_migration(style, '"'))
    with pg.fresh_database("s43_kyselywrite_odd") as db:
        _kysely(tmp_path, "up", pg.url(db))
        assert pg_relations(pg, db, BOOKKEEPING) == {ODD: "r", ODD + " v": "v"}
        _kysely(tmp_path, "down", pg.url(db))
        assert pg_relations(pg, db, BOOKKEEPING) == {}


def test_odd_names_reach_mariadb_as_written(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    _node()
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "001_odd.js").write_text(_odd_migration("OBJECT", "`"))
    with maria.fresh_database("s43_kyselywrite_odd") as db:
        _kysely(tmp_path, "up", maria.url(db))
        assert maria_tables(maria, db, BOOKKEEPING) == {ODD: "BASE TABLE", ODD + " v": "VIEW"}
        _kysely(tmp_path, "down", maria.url(db))
        assert maria_tables(maria, db, BOOKKEEPING) == {}


#: What the drivers' placeholders look like (pg's ``$1``, mysql2's ``?``, named ``:name``).
PLACEHOLDERS = "Odd ? $1 :name"


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_renamed_name_holding_placeholders_round_trips(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole way for a table whose old name holds ``?``, ``$1`` and
    ``:name``: dbnamelint reads it from the init's builder, writes the
    rename, Kysely runs and reverts it on PostgreSQL (no parameters: the
    text reaches the server as written), and the reader takes the written
    file for the rename. The init is named with kysely-ctl's ``Date.now()``
    prefix, which the new name continues."""
    _node()
    init = INIT_TS.replace("'UserPrefs'", f"'{PLACEHOLDERS}'")
    whitelist = WHITELIST.replace("name: UserPrefs", f"name: '{PLACEHOLDERS}'").replace(
        "target: user_prefs", "target: odd_names"
    )
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
            "whitelist.yaml": whitelist,
            "migrations/1700000000000_init.ts": init,
        },
        monkeypatch,
    )
    with pg.fresh_database("s43_kyselywrite_placeholders") as db:
        url = pg.url(db)
        _kysely(root, "up", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {PLACEHOLDERS: "r"}
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        _written(root, r"\d{13}_rename_phase_1\.ts")
        _kysely(root, "up", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {"odd_names": "r", PLACEHOLDERS: "v"}
        _kysely(root, "down", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {PLACEHOLDERS: "r"}
        _kysely(root, "up", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {"odd_names": "r", PLACEHOLDERS: "v"}
        assert_taken_as_renames(root, stale=f"DBN900 stale whitelist entry table {PLACEHOLDERS}")


def _refusal_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]
) -> Path:
    base = {
        "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
    }
    return committed_repo(tmp_path / "app", {**base, **files}, monkeypatch)


def _refused(root: Path, output: str, status: int, where: str, said: str) -> None:
    """Exit 2, one located line saying ``said``, nothing written."""
    assert status == 2, output
    lines = [line for line in output.splitlines() if line.startswith("dbnamelint: ")]
    assert len(lines) == 1 and lines[0].startswith(f"dbnamelint: {where}"), output
    assert said in lines[0], output
    assert "Traceback" not in output
    assert not [p for p in (root / "migrations").iterdir() if "rename_phase" in p.name]


def test_names_in_several_schemes_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A timestamped and a numbered migration: where a new name sorts in
    Kysely's name order is not decided by either scheme."""
    seeds = INIT_TS.replace("UserPrefs", "seeds")
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/2024-01-15T10-00-00_init.ts": INIT_TS, "migrations/7_seeds.ts": seeds},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    _refused(root, output, status, "migrations/", "are not all named with one prefix")


def test_a_name_with_no_prefix_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/001_init.ts": INIT_TS, "migrations/seeds.ts": INIT_TS.replace("Use", "S")},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    _refused(
        root, output, status, "migrations/seeds.ts: ", "are not all named with one prefix (number"
    )


def test_no_number_sorting_last_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After ``9_x``, ``10_y`` sorts first by name (Kysely's localeCompare):
    the Migrator would refuse it on a migrated database."""
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/9_init.ts": INIT_TS})
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    _refused(root, output, status, "migrations/9_init.ts: ", "no name in the folder's scheme")


def test_a_style_not_copied_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CommonJS in a ``.ts`` file: no style the writer copies."""
    init = INIT_CJS.replace('require("kysely")', 'require("kysely") as any')
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/001_init.ts": init})
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    _refused(
        root,
        output,
        status,
        "migrations/001_init.ts: ",
        "the folder's newest Kysely migration exports up in a style --write does not copy",
    )


def test_a_file_kysely_does_not_load_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FileMigrationProvider loads .js, .ts, .mjs, .mts: a .cjs beside it never runs."""
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/001_init.cjs": INIT_CJS})
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    _refused(root, output, status, "migrations/001_init.cjs: ", "loads .js, .ts, .mjs and .mts")


def test_a_script_with_its_own_transaction_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/001_init.ts": INIT_TS})
    status, output = _dbnamelint("migrate", "--phase", "1", "--transaction", "--write")
    _refused(root, output, status, "migrations: ", "the scripts carry a transaction of their own")


def test_layout_kysely_needs_a_kysely_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/20240101000000_init.sql": 'CREATE TABLE "UserPrefs" (id int);\n'},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--layout", "kysely", "--write")
    _refused(
        root,
        output,
        status,
        "migrations/20240101000000_init.sql: ",
        "--layout kysely needs the renamed tables made by a Kysely migration",
    )


def test_the_name_comes_after_a_later_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration dated after now: the new one is a second past it, so it
    sorts last; the newest migration's style (ESM JavaScript) is copied."""
    future = "import { sql } from 'kysely';\n\nexport async function up(db) {}\n"
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/20240101T000000-init.ts": INIT_TS, "migrations/29991231T235959-x.js": future},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    text = _written(root, r"30000101T000000-rename_phase_1\.js").read_text()
    assert text.startswith("import { sql } from 'kysely';\n"), text
    assert "export async function up(db) {\n" in text


#: A name holding what a JavaScript template literal escapes (a backslash, a backquote).
ESCAPED = "Odd \\ `q`"
#: The init as --write writes a statement: the template literal escaped.
INIT_ESCAPED = """import { Kysely, sql } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE "Odd \\\\ \\`q\\`" (id integer PRIMARY KEY)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE "Odd \\\\ \\`q\\`"`.execute(db)
}
"""


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_renamed_name_holding_escapes_round_trips(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table whose old name holds a backslash and a backquote, written in
    a template literal escaped (``\\\\``, ``\\```): the reader takes the name
    the template stands for (it read ``Odd \\  `q``` before, a space per
    escape inside the quotes), so the rename is planned and written, Kysely
    runs and reverts it, and the written migration is read as the rename."""
    _node()
    whitelist = WHITELIST.replace("name: UserPrefs", f"name: '{ESCAPED}'").replace(
        "target: user_prefs", "target: odd_names"
    )
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
            "whitelist.yaml": whitelist,
            "migrations/001_init.ts": INIT_ESCAPED,
        },
        monkeypatch,
    )
    with pg.fresh_database("s43_kyselywrite_escaped") as db:
        url = pg.url(db)
        _kysely(root, "up", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {ESCAPED: "r"}
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        _written(root, r"002_rename_phase_1\.ts")
        _kysely(root, "up", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {"odd_names": "r", ESCAPED: "v"}
        _kysely(root, "down", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {ESCAPED: "r"}
        _kysely(root, "up", url)
        assert pg_relations(pg, db, BOOKKEEPING) == {"odd_names": "r", ESCAPED: "v"}
        assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table Odd")
