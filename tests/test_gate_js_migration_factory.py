"""A JS/TS migration whose exported migration a function defined elsewhere
builds (a migration factory: ``module.exports = addTable('users_links',
{...})``): the DDL that function runs is not read (``DBN013``), and an
applied one edited where no DDL string or builder call changed is history
rewritten (``DBN025``).

Trial s39 ghost (knex-migrator): Ghost's migrations are nearly all made by
its ``migrations/utils`` factories: ``addTable(name, spec)``,
``createAddColumnMigration(table, column, spec)``,
``createRenameColumnMigration(table, from, to)``, ``combine...(...)``. A new
one naming ``BadTable`` / ``PostFlag`` / ``PostTitle`` passed ``check --base``
and the hook in silence (the file has no ``up`` of its own, so the hand-off
check never looked), and an applied ``addTable('users_newsletters', ...)``
edited to ``'UsersNewsletters'`` passed too.

Oracle: Knex 3.1.0 (tests/knexseq/run.cjs) runs such a migration, its
factory in a helper module, on PostgreSQL 15: the table is real, so the
factory does make DDL the gate cannot see. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import assert_edit_fails, assert_edit_passes, check_entries, new_file_errors, stage
from git_helpers import commit_all, committed_repo
from node_oracle import KNEXSEQ, run_cjs
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE posts (id integer PRIMARY KEY, title text);\n"
FACTORIES = """'use strict';
function addTable(name, spec) {
  return {
    async up(knex) {
      await knex.schema.createTable(name, (table) => {
        for (const column of Object.keys(spec)) {
          table[spec[column].type](column);
        }
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists(name);
    },
  };
}
module.exports = { addTable };
"""
TABLE = """const {addTable} = require('../lib/factories');

module.exports = addTable('BadTable', {
    userName: {type: 'string'}
});
"""
COLUMN = """const {createAddColumnMigration} = require('../../utils');

module.exports = createAddColumnMigration('posts', 'PostFlag', {type: 'boolean'});
"""
COMBINED = """const {combineMigrations, addTable, addColumn} = require('../../utils');

module.exports = combineMigrations(
    addTable('ComboBad', {id: {type: 'string'}}),
    addColumn('posts', 'ComboCol', {type: 'boolean'})
);
"""
ESM = """import {createRenameColumnMigration} from '../../utils';

export default createRenameColumnMigration('posts', 'title', 'PostTitle');
"""
WRAPPED = """const {createTransactionalMigration} = require('../../utils');

module.exports = createTransactionalMigration(
    async function up(knex) {
        await knex.schema.createTable('good_things', (table) => {
            table.integer('id');
        });
    },
    async function down(knex) {
        await knex.schema.dropTable('good_things');
    }
);
"""
LOCAL = """function addGoodThings() {
    return {
        async up(knex) {
            await knex.schema.createTable('good_things', (table) => {
                table.integer('id');
            });
        },
    };
}

module.exports = addGoodThings();
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql", "migrations"]\ndialect: postgres\n',
            "schema.sql": SCHEMA,
            "lib/factories.js": FACTORIES,
        },
        monkeypatch,
    )


def test_the_factory_makes_a_table_knex_really_creates(pg: PgServer, tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "factories.js").write_text(FACTORIES)
    (tmp_path / "migrations").mkdir()
    module = tmp_path / "migrations" / "20240105000000_bad_table.js"
    module.write_text(TABLE)
    with pg.fresh_database("s39_factory") as db:
        run_cjs(KNEXSEQ, "knex", "knex", str(module), pg.url(db))
        names = public_names(pg, db)
    assert ("BadTable", "userName") in names["columns"]


@pytest.mark.parametrize(
    ("path", "text", "lines"),
    [
        ("migrations/20240105000000_bad_table.js", TABLE, [3]),
        ("migrations/2024-01-05-10-00-add-column.js", COLUMN, [3]),
        ("migrations/2024-01-05-10-01-combined.js", COMBINED, [4, 5]),
        ("migrations/2024-01-05-10-02-rename.ts", ESM, [3]),
        ("migrations/2024-01-05-10-03-rename.ts", ESM.replace("export default", "export ="), [3]),
    ],
    ids=["add-table", "add-column", "combined", "esm-default", "ts-export-assignment"],
)
def test_a_new_migration_a_factory_builds_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str, lines: list[int]
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, path, text) == [("DBN013", line) for line in lines]


SQL = """const {runSql} = require('../../utils');

module.exports = runSql('CREATE TABLE good_things (id integer)');
"""


METHODS = """import {defineMigration} from '../lib/define';

export default defineMigration({
    async up(knex): Promise<void> {
        await knex.schema.dropTableIfExists('old_things');
    },
});
"""


@pytest.mark.parametrize(
    "text",
    [WRAPPED, LOCAL, SQL, METHODS],
    ids=["up-written-in-the-file", "local", "sql-string", "methods"],
)
def test_a_factory_given_the_files_own_up_or_defined_here_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """``createTransactionalMigration(async function up(knex) {...})``: the
    DDL is the file's own, read there; a factory the file defines is read
    where it is defined."""
    root = _repo(tmp_path, monkeypatch)
    stage(root, "migrations/20240106000000_good.js", text)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    assert not [e for e in found if e[0] == "DBN013"], found


ARROWS = """const {createNonTransactionalMigration} = require('../../utils');
const {commands} = require('../../../schema');

module.exports = createNonTransactionalMigration(
    async (connection) => {
        await commands.addIndex('posts', ['title'], connection);
    },
    async function down(connection) {
        await commands.dropIndex('posts', ['title'], connection);
    }
);
"""


def test_a_helper_handed_the_handle_of_a_function_given_to_a_factory_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The factory's anonymous ``up`` (no ``up`` to find the handle by)
    hands ``connection`` to ``commands.addIndex``: its DDL is unread; the
    named ``down`` is not judged."""
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, "migrations/20240105000000_index.js", ARROWS) == [("DBN013", 6)]


def test_check_warns_at_a_committed_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Committed before the gate knew: the model lacks its table, and
    ``check`` says so (as at a committed hand-off) instead of skipping the
    file; a file not named as a migration is no such file."""
    root = _repo(tmp_path, monkeypatch)
    stage(root, "migrations/20240105000000_bad_table.js", TABLE)
    stage(root, "migrations/helpers.js", TABLE)
    commit_all(root, "factory migration")
    status, found = check_entries("--no-cache")
    assert status == 0, found
    assert [(c, p, line, s) for c, p, line, s, _ in found if c == "DBN013"] == [
        ("DBN013", "migrations/20240105000000_bad_table.js", 3, "warning")
    ], found


def test_the_comment_accepts_a_new_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    accepted = TABLE.replace(
        "module.exports", "// dbnamelint: ignore[DBN013] reviewed: one table\nmodule.exports"
    )
    stage(root, "migrations/20240105000000_bad_table.js", accepted)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found


GOOD_TABLE = TABLE.replace("BadTable", "users_links").replace("userName", "user_name")
PATH = "migrations/20240105000000_users_links.js"
KNEX_HELPER = """import { addAudit } from '../lib/audit';

export async function up(knex) {
  await addAudit(knex, 'posts');
}

export async function down(knex) {
  await removeAudit(knex, 'posts');
}
"""
KNEX_PATH = "migrations/20240107000000_audit.js"


def _applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The repository with two migrations committed (applied): a factory's
    and a Knex one handing ``knex`` to a helper, both accepted."""
    root = _repo(tmp_path, monkeypatch)
    mark = "// dbnamelint: ignore[DBN013] reviewed\n"
    stage(root, PATH, mark + GOOD_TABLE)
    stage(root, KNEX_PATH, mark + KNEX_HELPER)
    commit_all(root, "applied")
    return root


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (PATH, "'users_links'", "'UsersLinks'"),
        (PATH, "user_name: {type: 'string'}", "user_name: {type: 'text'}"),
        (KNEX_PATH, "addAudit(knex, 'posts')", "addAudit(knex, 'Posts')"),
    ],
    ids=["factory-table-name", "factory-spec", "helper-argument"],
)
def test_an_applied_js_migration_whose_code_changes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    root = _applied(tmp_path, monkeypatch)
    text = (root / path).read_text()
    assert old in text
    assert_edit_fails(root, path, text.replace(old, new))


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (PATH, "module.exports", "// why: links between users\nmodule.exports"),
        (PATH, "    user_name: {type: 'string'}", "  user_name: { type: 'string' }"),
        (KNEX_PATH, "removeAudit(knex, 'posts')", "removeAudit(knex, 'Posts')"),
    ],
    ids=["comment", "layout", "down"],
)
def test_an_applied_js_migration_edited_in_no_code_it_runs_forward_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    root = _applied(tmp_path, monkeypatch)
    text = (root / path).read_text()
    assert old in text
    assert_edit_passes(root, path, text.replace(old, new))


def test_the_comment_accepts_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _applied(tmp_path, monkeypatch)
    text = (root / PATH).read_text().replace("'users_links'", "'UsersLinks'")
    text = "// dbnamelint: ignore[DBN025] only a fresh install runs it\n" + text
    stage(root, PATH, text)
    status, found = check_entries("--base", "HEAD", "--no-cache", "--verbose")
    assert status == 0, found
    assert [(c, s) for c, p, _, s, _ in found if c == "DBN025"] == [("DBN025", "info")], found
