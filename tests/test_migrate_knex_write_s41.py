"""``migrate --write`` in a Knex project writes a new Knex migration.

It used to refuse (exit 2: "a Knex, Kysely, Sequelize ... migration, written
in its framework's API: --write does not write one"), and users pasted the
SQL into a migration by hand. Now the phase is a migration after the
folder's last one, named as ``knex migrate:make`` names one
(``YYYYMMDDHHMMSS_<name>.js``; a numbered folder's next number), in the
module style of the folder's last migration, ``up`` running the forward
script's statements with one ``await knex.raw(...)`` each and ``down`` the
rollback's; ``--cleanup --write`` a migration after it.

Oracle: Knex 3.1.0's own CLI (tests/knexseq, ``npm ci``): ``knex
migrate:latest``, ``migrate:rollback`` and ``migrate:latest`` again on
PostgreSQL 15 (``pg``) and MariaDB (``mysql2``), the catalog read after each;
dbnamelint's own reader then takes the migration for the renames (DBN900
stale entries, ``whitelist prune``) and the gate (``check --base``, real git)
accepts it. Escaping: names holding ``?``, a backslash, a backquote and
``${`` reach both databases as written through Knex's clients.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

import mysql_server
from catalog_names import maria_tables, pg_relations
from git_helpers import committed_repo
from node_oracle import KNEXSEQ
from pg_server import PgServer
from written_migration import assert_taken_as_renames, written_file
from written_migration import dbnamelint as _dbnamelint

INIT_EXPORTS = """exports.up = async function (knex) {
  await knex.schema.createTable('UserPrefs', (t) => {
    t.increments('id');
    t.text('theme');
  });
};

exports.down = async function (knex) {
  await knex.schema.dropTable('UserPrefs');
};
"""
INIT_OBJECT = """module.exports = {
  async up(knex) {
    await knex.schema.createTable('UserPrefs', (t) => {
      t.increments('id');
      t.text('theme');
    });
  },
  async down(knex) {
    await knex.schema.dropTable('UserPrefs');
  },
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
KNEXFILE = (
    "module.exports = {{ client: '{client}', connection: process.env.KNEX_URL,"
    " migrations: {{ directory: './migrations' }} }};\n"
)


def _needs_knex(driver: str) -> None:
    if shutil.which("node") is None or not (KNEXSEQ / "node_modules" / driver).is_dir():
        pytest.skip(f"knex or {driver} not installed: npm ci --prefix tests/knexseq")


def _project(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialect: str,
    client: str,
    migrations: dict[str, str],
) -> Path:
    files = {
        "dbnamelint.yaml": f"paths:\n  - migrations\ndialect: {dialect}\n",
        "whitelist.yaml": WHITELIST,
        "knexfile.js": KNEXFILE.format(client=client),
        ".gitignore": "node_modules\n",
        **{f"migrations/{name}": text for name, text in migrations.items()},
    }
    committed_repo(root, files, monkeypatch)
    # the knex CLI runs the project's own knex (here: tests/knexseq's)
    (root / "node_modules").symlink_to(KNEXSEQ / "node_modules")
    return root


def _knex(root: Path, url: str, *args: str) -> str:
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(root / "node_modules" / "knex" / "bin" / "cli.js"), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env={**os.environ, "KNEX_URL": url},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _written(root: Path, pattern: str) -> Path:
    return written_file(root / "migrations", pattern)


def _pg_names(pg: PgServer, db: str) -> dict[str, str]:
    return pg_relations(pg, db, "knex_migrations%")


def _maria_names(maria: mysql_server.MysqlServer, db: str) -> dict[str, str]:
    return maria_tables(maria, db, "knex_migrations%")


def _round_trip(
    root: Path, url: str, names: Callable[[], dict[str, str]], table: str, view: str
) -> None:
    """Knex applies the rename, rolls it back, applies it again, then the
    cleanup (and its rollback), the catalog read after each step."""
    renamed = {"user_prefs": table, "UserPrefs": view}
    assert "Batch 2 run: 1 migrations" in _knex(root, url, "migrate:latest")
    assert names() == renamed
    _knex(root, url, "migrate:rollback")
    assert names() == {"UserPrefs": table}
    _knex(root, url, "migrate:latest")
    assert names() == renamed


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_knex_applies_reverts_and_reapplies_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_knex("pg")
    init = "20240101000000_init.js"
    root = _project(tmp_path / "app", monkeypatch, "postgres", "pg", {init: INIT_EXPORTS})
    with pg.fresh_database("s41_knexwrite_pg") as db:
        url = pg.url(db)
        _knex(root, url, "migrate:latest")  # the init, applied before the phase
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        written = _written(root, r"\d{14}_rename_phase_1\.js")
        assert written.name > init
        text = written.read_text()
        assert "exports.up = async function (knex) {" in text
        assert "exports.down = async function (knex) {" in text
        assert "BEGIN;" not in text and "COMMIT" not in text
        # the DO block copying the table's privileges is one knex.raw
        assert text.count("await knex.raw(`DO $dbnamelint$") == 1
        _round_trip(root, url, lambda: _pg_names(pg, db), "r", "v")
        assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")

        status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
        assert status == 0, output
        cleanup = _written(root, r"\d{14}_drop_compatibility_views\.js")
        assert cleanup.name > written.name
        _knex(root, url, "migrate:latest")
        assert _pg_names(pg, db) == {"user_prefs": "r"}
        _knex(root, url, "migrate:rollback")
        assert _pg_names(pg, db) == {"user_prefs": "r", "UserPrefs": "v"}
        status, output = _dbnamelint("check", ".")
        assert status == 0, output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_knex_applies_reverts_and_reapplies_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_knex("mysql2")
    root = _project(
        tmp_path / "app", monkeypatch, "mariadb", "mysql2", {"001_init.js": INIT_OBJECT}
    )
    with maria.fresh_database("s41_knexwrite_maria") as db:
        url = maria.url(db)
        _knex(root, url, "migrate:latest")
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        # a numbered folder: the next number, as wide; the folder's style
        text = _written(root, r"002_rename_phase_1\.js").read_text()
        assert "module.exports = {\n  async up(knex) {" in text
        # the guard (PREPARE/EXECUTE of a session variable) kept whole, statement by statement
        assert "await knex.raw(`PREPARE dbnamelint_ddl FROM @dbnamelint_ddl`);" in text
        _round_trip(root, url, lambda: _maria_names(maria, db), "BASE TABLE", "VIEW")
        assert_taken_as_renames(root, stale="DBN900 stale whitelist entry table UserPrefs")

        status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
        assert status == 0, output
        _written(root, r"003_drop_compatibility_views\.js")
        _knex(root, url, "migrate:latest")
        assert _maria_names(maria, db) == {"user_prefs": "BASE TABLE"}
        _knex(root, url, "migrate:rollback")
        assert _maria_names(maria, db) == {"user_prefs": "BASE TABLE", "UserPrefs": "VIEW"}


#: A name holding what Knex's bindings (``?``, ``??``) and a JavaScript
#: template literal (a backslash, a backquote, ``${``) would each change.
ODD = "Odd ?? ?name \\ `q` ${x}"


def _odd_migration(style_name: str, dialect: str, quote: str) -> str:
    from dbnamelint.services.migrate.knex_migration import Style, render

    def q(name: str) -> str:
        return quote + name.replace(quote, quote * 2) + quote

    ups = [
        f"CREATE TABLE {q(ODD)} (id integer)",
        f"CREATE VIEW {q(ODD + ' v')} AS SELECT id, '?' AS mark FROM {q(ODD)}",
    ]
    downs = [f"DROP VIEW {q(ODD + ' v')}", f"DROP TABLE {q(ODD)}"]
    return render(Style[style_name], "odd names", ups, downs, dialect)


def test_odd_names_reach_postgres_as_written(pg: PgServer, tmp_path: Path) -> None:
    _needs_knex("pg")
    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / "node_modules").symlink_to(KNEXSEQ / "node_modules")
    # ESM: an .mjs file, which Knex imports, loaded where loadExtensions names it
    (root / "knexfile.js").write_text(
        KNEXFILE.format(client="pg").replace(
            "'./migrations'", "'./migrations', loadExtensions: ['.mjs']"
        )
    )
    (root / "migrations" / "20240101000000_odd.mjs").write_text(
        _odd_migration("ESM", "postgres", '"')
    )
    with pg.fresh_database("s41_knexwrite_odd") as db:
        _knex(root, pg.url(db), "migrate:latest")
        assert _pg_names(pg, db) == {ODD: "r", ODD + " v": "v"}
        _knex(root, pg.url(db), "migrate:rollback")
        assert _pg_names(pg, db) == {}


def test_odd_names_reach_mariadb_as_written(
    maria: mysql_server.MysqlServer, tmp_path: Path
) -> None:
    _needs_knex("mysql2")
    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / "node_modules").symlink_to(KNEXSEQ / "node_modules")
    (root / "knexfile.js").write_text(KNEXFILE.format(client="mysql2"))
    (root / "migrations" / "20240101000000_odd.js").write_text(
        _odd_migration("EXPORTS", "mariadb", "`")
    )
    with maria.fresh_database("s41_knexwrite_odd") as db:
        _knex(root, maria.url(db), "migrate:latest")
        assert _maria_names(maria, db) == {ODD: "BASE TABLE", ODD + " v": "VIEW"}
        _knex(root, maria.url(db), "migrate:rollback")
        assert _maria_names(maria, db) == {}


def _refusal_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]
) -> Path:
    base = {
        "dbnamelint.yaml": "paths:\n  - migrations\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
    }
    return committed_repo(tmp_path / "app", {**base, **files}, monkeypatch)


def test_a_style_not_told_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A TypeScript migration exporting CommonJS ``exports.up`` is no style
    --write copies: exit 2, one located line, nothing written."""
    init = INIT_EXPORTS.replace("(knex)", "(knex: any)")
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/20240101000000_init.ts": init})
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    lines = [line for line in output.splitlines() if line.startswith("dbnamelint: migrations")]
    assert len(lines) == 1, output
    assert (
        "20240101000000_init.ts: the folder's last Knex migration exports up in a style" in lines[0]
    )
    assert "Traceback" not in output
    assert sorted(p.name for p in (root / "migrations").iterdir()) == ["20240101000000_init.ts"]


#: tsx (tests/drizzle's, ``npm ci --prefix tests/drizzle``): Node with a
#: TypeScript loader, as ts-node is for the knex CLI in a TypeScript project.
TSX = Path(__file__).parent / "drizzle" / "node_modules" / ".bin" / "tsx"


def test_typescript_copies_the_folder_style_and_knex_runs_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_knex("pg")
    if not TSX.exists():
        pytest.skip("tsx not installed: npm ci --prefix tests/drizzle")
    init = (
        'import type { Knex } from "knex";\n\n'
        "export async function up(knex: Knex): Promise<void> {\n"
        "  await knex.schema.createTable('UserPrefs', (t) => { t.increments('id'); });\n}\n\n"
        "export async function down(knex: Knex): Promise<void> {\n"
        "  await knex.schema.dropTable('UserPrefs');\n}\n"
    )
    init_name = "20240101000000_init.ts"
    root = _project(tmp_path / "app", monkeypatch, "postgres", "pg", {init_name: init})
    with pg.fresh_database("s41_knexwrite_ts") as db:
        url = pg.url(db)

        def knex(*args: str) -> str:
            done = subprocess.run(
                [str(TSX), str(root / "node_modules" / "knex" / "bin" / "cli.js"), *args],
                capture_output=True,
                text=True,
                check=False,
                cwd=root,
                env={**os.environ, "KNEX_URL": url},
            )
            assert done.returncode == 0, done.stdout + done.stderr
            return done.stdout

        knex("migrate:latest")
        status, output = _dbnamelint("migrate", "--phase", "1", "--write")
        assert status == 0, output
        text = _written(root, r"\d{14}_rename_phase_1\.ts").read_text()
        assert 'import type { Knex } from "knex";' in text
        assert "export async function up(knex: Knex): Promise<void> {" in text
        assert "export async function down(knex: Knex): Promise<void> {" in text
        assert "Batch 2 run: 1 migrations" in knex("migrate:latest")
        assert _pg_names(pg, db) == {"user_prefs": "r", "UserPrefs": "v"}
        knex("migrate:rollback")
        assert _pg_names(pg, db) == {"UserPrefs": "r"}


def test_the_name_sorts_after_a_later_timestamp_and_follows_the_knexfile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration dated after now: the new one is a second later, so Knex
    (which sorts by name) runs it last. The knexfile's loadExtensions leave
    a ``.ts`` file out of what Knex loads, and so of what is last."""
    later = "29991231235959_future.js"
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {
            "migrations/20240101000000_init.js": INIT_EXPORTS,
            f"migrations/{later}": "exports.up = async function (knex) {};\n",
            "migrations/30500101000000_not_loaded.ts": "export {};\n",
            "knexfile.js": "module.exports = { migrations: { directory: 'migrations',"
            " loadExtensions: ['.js'] } };\n",
        },
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    _written(root, r"30000101000000_rename_phase_1\.js")


def test_the_knexfile_directories_are_sorted_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Knex sorts the files of all the knexfile's directories together
    (``FsMigrations``): the new one sorts after a later file of another."""
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {
            "migrations/20240101000000_init.js": INIT_EXPORTS,
            "more/20990101000000_later.js": "exports.up = async function (knex) {};\n",
            "knexfile.js": (
                "module.exports = { migrations: { directory: ['./migrations', './more'] } };\n"
            ),
        },
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    _written(root, r"20990101000001_rename_phase_1\.js")


def test_a_knexfile_naming_another_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {
            "migrations/20240101000000_init.js": INIT_EXPORTS,
            "knexfile.js": "module.exports = { migrations: { directory: './db/migrations' } };\n",
        },
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert "knexfile.js names its migrations directory" in output
    assert "Traceback" not in output
    assert sorted(p.name for p in (root / "migrations").iterdir()) == ["20240101000000_init.js"]


def test_a_script_with_its_own_transaction_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--transaction`` puts BEGIN/COMMIT in the scripts; Knex runs the
    migration in its own transaction, which that COMMIT would end part-way:
    refused (exit 2), nothing written."""
    root = _refusal_project(
        tmp_path, monkeypatch, {"migrations/20240101000000_init.js": INIT_EXPORTS}
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--transaction", "--write")
    assert status == 2, output
    assert "migrations: the scripts carry a transaction of their own" in output
    assert sorted(p.name for p in (root / "migrations").iterdir()) == ["20240101000000_init.js"]


def test_a_last_name_no_timestamp_sorts_after_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init.js`` sorts after any ``2026...`` name in Knex's order: refused."""
    root = _refusal_project(tmp_path, monkeypatch, {"migrations/init.js": INIT_EXPORTS})
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert "init.js: no name knex migrate:make gives" in output
    assert sorted(p.name for p in (root / "migrations").iterdir()) == ["init.js"]


def test_layout_knex_needs_a_knex_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _refusal_project(
        tmp_path,
        monkeypatch,
        {"migrations/20240101000000_init.sql": 'CREATE TABLE "UserPrefs" (id int);\n'},
    )
    status, output = _dbnamelint("migrate", "--phase", "1", "--layout", "knex", "--write")
    assert status == 2, output
    assert "--layout knex needs the renamed tables made by a Knex migration" in output
    assert sorted(p.name for p in (root / "migrations").iterdir()) == ["20240101000000_init.sql"]


def test_a_backslash_before_a_question_mark_is_refused_on_postgres() -> None:
    """Knex's PostgreSQL client drops the backslashes before a ``?`` whatever
    their count (``positionBindings``): such a statement cannot pass."""
    from dbnamelint.services.migrate.knex_migration import KnexError, knex_raw_text

    with pytest.raises(KnexError, match="backslash right before a '\\?'"):
        knex_raw_text('CREATE TABLE "a\\?" (x int)', "postgres")
    assert knex_raw_text("SELECT 'a\\?'", "mariadb") == "SELECT 'a\\?'"


def test_file_name_next_number_as_wide() -> None:
    from dbnamelint.services.migrate.knex_migration import file_name

    now = datetime(2026, 1, 2, 3, 4, 5).astimezone()
    assert file_name("0009_x.js", "rename", ".js", now) == "0010_rename.js"
    assert re.fullmatch(r"\d{14}_rename\.cjs", file_name(None, "rename", ".cjs", now))
