"""Knex, Kysely and Sequelize migrations enter the model (dbnamelint.code_migrations).

A project whose whole schema history is Knex (``knex.schema.createTable``),
Kysely (``db.schema.createTable(...).execute()``) or Sequelize
(``queryInterface.createTable``) migrations held no SQL file: ``check``
warned "no SQL files found", ``inspect`` saw no table, while the gate
already read those builders in a new migration. Now a folder of them named
in ``paths:`` (``init`` writes it) is read as the SQL the tool runs, in the
tool's order: the file names' (Knex's ``fs-migrations.js`` ``sortBy(...,
'file')``, Kysely's ``Migrator`` sorting the names, sequelize-cli's umzug the
folder's names). Here the second file renames what the first makes.

Oracle: each tool's own migrator (tests/knexseq/migrate.cjs: Knex 3.1.0
``migrate.latest``, Kysely 0.28 ``Migrator`` with ``FileMigrationProvider``,
Sequelize 6.37.5) runs the folder on PostgreSQL 15; ``inspect --db`` of the
database (the migrators' own bookkeeping tables left out) equals
``inspect`` of the files.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_json import inspect_json, model_objects
from dbnamelint.cli import cli
from pg_server import PgServer
from tree_helpers import write_tree

TOOLS = Path(__file__).parent / "knexseq"

KNEX = {
    "migrations/20240101000000_users.js": """exports.up = async function (knex) {
  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email').notNullable().unique();
  });
  await knex.schema.raw('CREATE INDEX users_email_lower_idx ON users (lower(email))');
};
exports.down = (knex) => knex.schema.dropTable('users');
""",
    "migrations/20240102000000_posts.js": """exports.up = (knex) =>
  knex.schema
    .createTable('posts', (t) => {
      t.increments('id');
      t.integer('user_id').references('users.id');
      t.string('title');
      t.index(['title']);
    })
    .alterTable('users', (t) => {
      t.renameColumn('email', 'email_address');
    });
exports.down = (knex) => knex.schema.dropTable('posts');
""",
}
KNEX_MADE = {
    ("table", "", "users"),
    ("column", "users", "id"),
    ("column", "users", "email_address"),
    ("constraint", "users", "users_pkey"),
    ("constraint", "users", "users_email_unique"),
    ("index", "users", "users_email_lower_idx"),
    ("sequence", "", "users_id_seq"),
    ("table", "", "posts"),
    ("column", "posts", "id"),
    ("column", "posts", "user_id"),
    ("column", "posts", "title"),
    ("constraint", "posts", "posts_pkey"),
    ("constraint", "posts", "posts_user_id_foreign"),
    ("index", "posts", "posts_title_index"),
    ("sequence", "", "posts_id_seq"),
}

KYSELY = {
    "migrations/2024-01-01-accounts.js": """/** @param {import('kysely').Kysely<any>} db */
exports.up = async (db) => {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('handle', 'text', (col) => col.notNull().unique())
    .execute();
  await db.schema.createIndex('accounts_handle_idx').on('accounts').column('handle').execute();
};
exports.down = async (db) => {
  await db.schema.dropTable('accounts').execute();
};
""",
    "migrations/2024-01-02-rename.js": """/** @param {import('kysely').Kysely<any>} db */
exports.up = async (db) => {
  await db.schema.alterTable('accounts').renameColumn('handle', 'user_handle').execute();
  await db.schema.alterTable('accounts').renameTo('members').execute();
};
exports.down = async () => {};
""",
}
KYSELY_MADE = {
    ("table", "", "members"),
    ("column", "members", "id"),
    ("column", "members", "user_handle"),
    ("constraint", "members", "accounts_pkey"),
    ("constraint", "members", "accounts_handle_key"),
    ("index", "members", "accounts_handle_idx"),
    ("sequence", "", "accounts_id_seq"),
}

SEQUELIZE = {
    "migrations/20240101000000-create-orders.js": """module.exports = {
  up: async (qi, DataTypes) => {
    await qi.createTable('orders', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      placed_at: { type: DataTypes.DATE },
    });
    await qi.addIndex('orders', ['placed_at']);
  },
  down: async (qi) => qi.dropTable('orders'),
};
""",
    "migrations/20240102000000-rename.js": """module.exports = {
  up: async (qi) => {
    await qi.renameColumn('orders', 'placed_at', 'ordered_at');
  },
  down: async () => {},
};
""",
}
SEQUELIZE_MADE = {
    ("table", "", "orders"),
    ("column", "orders", "id"),
    ("column", "orders", "ordered_at"),
    ("constraint", "orders", "orders_pkey"),
    ("index", "orders", "orders_placed_at"),
    ("sequence", "", "orders_id_seq"),
}

CASES = [("knex", KNEX, KNEX_MADE), ("kysely", KYSELY, KYSELY_MADE)]
CASES.append(("sequelize", SEQUELIZE, SEQUELIZE_MADE))
#: The migrators' own tables (and their keys and sequences), not the project's.
_BOOKKEEPING = (
    "knex_migrations",
    "knex_migrations_lock",
    "kysely_migration",
    "kysely_migration_lock",
)


def _tree(root: Path, files: dict[str, str]) -> Path:
    return write_tree(root, files)


def _inspect(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict]:
    return inspect_json(root, monkeypatch, *args)


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return model_objects(data, _BOOKKEEPING)


@pytest.mark.parametrize(("tool", "files", "made"), CASES, ids=[c[0] for c in CASES])
def test_the_migrations_are_read_in_file_name_order(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tool: str,
    files: dict[str, str],
    made: set[tuple[str, str, str]],
) -> None:
    root = _tree(tmp_path, files)
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    code, data = _inspect(root, monkeypatch)
    assert code == 0, data["diagnostics"]
    assert _objects(data) == made
    assert not [d for d in data["diagnostics"] if d["severity"] != "info"]


@pytest.mark.parametrize(("tool", "files", "made"), CASES, ids=[c[0] for c in CASES])
def test_the_tools_migrator_makes_what_inspect_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg: PgServer,
    tool: str,
    files: dict[str, str],
    made: set[tuple[str, str, str]],
) -> None:
    node = shutil.which("node")
    package = {"kysely": "pg", "knex": "knex", "sequelize": "sequelize"}[tool]
    if node is None or not (TOOLS / "node_modules" / package).is_dir():
        pytest.skip(f"{package} not installed: npm ci --prefix tests/knexseq")
    kysely = TOOLS.parent / "kysely" / "node_modules" / "kysely"
    if tool == "kysely" and not kysely.is_dir():
        pytest.skip("kysely not installed: npm ci --prefix tests/kysely")
    root = _tree(tmp_path, files)
    with pg.fresh_database(f"dbnamelint_js_model_{tool}") as database:
        url = pg.url(database)
        subprocess.run(
            [node, str(TOOLS / "migrate.cjs"), tool, str(root / "migrations"), url],
            check=True,
            capture_output=True,
            cwd=TOOLS,
        )
        _code, live = _inspect(root, monkeypatch, "--db", url)
    _code, read = _inspect(root, monkeypatch, "--dialect", "postgres", "migrations")
    assert _objects(live) == _objects(read) == made


@pytest.mark.parametrize(
    ("files", "tool"),
    [(KNEX, "Knex migrations"), (KYSELY, "Kysely migrations"), (SEQUELIZE, "Sequelize migrations")],
    ids=["knex", "kysely", "sequelize"],
)
def test_init_and_check_read_a_js_only_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], tool: str
) -> None:
    """``init`` names the folder, and ``check`` reads it: no "no SQL files
    found" warning for a tree whose history is only code migrations, and
    the second file's rename leaves a name of the first stale (``DBN504``,
    as it would in SQL files)."""
    root = _tree(tmp_path, files)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert f"Found 2 code migrations: migrations (2 files, {tool})" in result.output
    assert "paths:\n  - migrations\n" in (root / "dbnamelint.yaml").read_text()
    check = CliRunner().invoke(cli, ["check"])
    assert "no SQL files" not in check.output, check.output
    assert check.exit_code == 1, check.output
    assert "DBN504" in check.output, check.output


@pytest.mark.parametrize(("files", "made"), [(KNEX, KNEX_MADE), (KYSELY, KYSELY_MADE)])
def test_check_without_a_config_reads_the_code_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], made: set
) -> None:
    """With no ``dbnamelint.yaml`` (``paths`` the tree) and no SQL file,
    ``check`` and ``inspect .`` read the folders ``init`` would name: before,
    ``check`` passed with a bare "no SQL files found in ." warning."""
    root = _tree(tmp_path, files)
    monkeypatch.chdir(root)
    check = CliRunner().invoke(cli, ["check"])
    assert "no SQL files" not in check.output, check.output
    assert "DBN504" in check.output, check.output
    assert check.exit_code == 1
    _code, data = _inspect(root, monkeypatch, ".")
    assert _objects(data) == made


def test_migrate_plans_from_the_model_and_writes_a_knex_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate`` sees the tables the Knex migrations make (the rename's
    dependent names: Knex's ``posts_user_id_foreign``, ``posts_title_index``);
    ``--write`` once refused ("a Knex, Kysely, Sequelize ... migration, written
    in its framework's API"); now it writes a Knex migration after the last
    (Knex's own migrate:latest of one: tests/test_migrate_knex_write_s41.py)."""
    root = _tree(tmp_path, KNEX)
    (root / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(root)
    printed = CliRunner().invoke(cli, ["migrate", "--rename", "posts=articles"])
    assert printed.exit_code == 0, printed.output
    assert 'ALTER TABLE "posts" RENAME TO "articles";' in printed.output
    assert 'ALTER INDEX "posts_title_index" RENAME TO "articles_title_index";' in printed.output
    before = set((root / "migrations").iterdir())
    written = CliRunner().invoke(cli, ["migrate", "--rename", "posts=articles", "--write"])
    assert written.exit_code == 0, written.output
    (new,) = set((root / "migrations").iterdir()) - before
    assert new.name > max(p.name for p in before)
    text = new.read_text()
    assert 'await knex.raw(`ALTER TABLE "posts" RENAME TO "articles"`);' in text
    assert (
        'await knex.raw(`ALTER INDEX "posts_title_index" RENAME TO "articles_title_index"`);'
        in text
    )


def test_the_gate_judges_a_new_knex_migration_in_the_model_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the migrations in ``paths:``, a new migration's bad name is the
    rule's finding once, at its literal (after a ``raw(...)`` too); a call not
    read is one ``DBN013`` error; an applied migration's edit is ``DBN025``."""
    from check_json import check_entries
    from git_helpers import committed_repo

    files = {**KNEX, "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n"}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    (root / "migrations/20240201000000_flags.js").write_text(
        "exports.up = (knex) =>\n"
        "  knex.schema\n"
        "    .raw('SELECT 1')\n"
        "    .alterTable('users', (t) => { t.boolean('IsAdmin'); })\n"
        "    .createViewOrReplace('user_views', (v) => v.as(knex('users')));\n"
    )
    applied = root / "migrations/20240101000000_users.js"
    applied.write_text(
        applied.read_text().replace("t.increments('id');", "t.increments('id'); t.text('nick');")
    )
    _code, entries = check_entries("--base", "main")
    said = sorted((e[0], e[1].rsplit("/", 1)[-1], e[2], e[3]) for e in entries)
    assert said == [
        ("DBN013", "20240201000000_flags.js", 5, "error"),
        # the edited line of the createTable (its chain's line before s40 F9)
        ("DBN025", "20240101000000_users.js", 3, "error"),
        ("DBN201", "20240201000000_flags.js", 4, "error"),
    ]


def test_sql_the_code_builds_or_reads_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``knex.raw(fs.readFileSync(...))`` and ``queryInterface.sequelize.query(SQL)``
    run SQL no string literal holds: a ``DBN013`` warning at the call (as
    Alembic's ``op.execute(SQL)``), never in ``down``; a literal is read.
    (The second file, whose only call is on ``queryInterface``, reads as
    Sequelize's: a folder of one JavaScript tool's migrations is read whole,
    as a data-only Knex migration, ``knex('t').update(...)``, shows no tool.)"""
    files = {
        "migrations/20240101000000_a.js": (
            "const fs = require('fs');\n"
            "exports.up = async (knex) => {\n"
            "  await knex.raw(fs.readFileSync(__dirname + '/a.sql', 'utf8'));\n"
            "  await knex.raw('CREATE TABLE read_rows (id int)');\n"
            "};\n"
            "exports.down = (knex) => knex.raw(DOWN);\n"
        ),
        "migrations/20240102000000_b.js": (
            "module.exports = {\n"
            "  up: async (queryInterface) => {\n"
            "    await queryInterface.sequelize.query(SQL);\n"
            "  },\n"
            "};\n"
        ),
    }
    root = _tree(tmp_path, files)
    code, data = _inspect(root, monkeypatch, "--dialect", "postgres", "migrations")
    assert code == 0
    said = sorted(
        (d["path"].rsplit("/", 1)[-1], d["line"], d["message"][:20])
        for d in data["diagnostics"]
        if d["code"] == "DBN013"
    )
    assert said == [
        ("20240101000000_a.js", 3, "knex.raw() runs SQL "),
        ("20240102000000_b.js", 3, "sequelize.query() ru"),
    ]
    assert ("table", "", "read_rows") in _objects(data)
