"""A Knex migration's branches on the client are read as their database only (trial s38 directus).

directus runs one folder of Knex migrations on PostgreSQL, MySQL, SQLite,
Oracle and MS SQL, branching on the client (``if (knex.client instanceof
Client_Oracledb) { await oracleAlterUrl(knex, 'CLOB'); return; }``, the
helper running ``ALTER TABLE ... MODIFY "url" NOT NULL``). Read as one text
in a PostgreSQL folder, the Oracle helper's ``MODIFY`` was a ``DBN004``
error (the first ``check`` failed, ``migrate`` refused) and its
``url__temp`` rename was in the model; a MySQL branch's backticks likewise.
Now such a branch (and a helper only branches call) is left out of the
other databases' model, and the gate reads it in its own dialect, so a bad
name there is still refused.

Oracle: Knex 3.1.0 itself (tests/knexseq/migrate.cjs, ``migrate.latest``)
runs the folder on PostgreSQL 15: ``inspect --db`` equals ``inspect`` of the
files. Real git for the gate.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from check_json import check_entries, stage
from cli_json import inspect_json, model_objects
from git_helpers import committed_repo
from pg_server import PgServer
from tree_helpers import write_tree

TOOLS = Path(__file__).parent / "knexseq"
CONFIG = "paths: [migrations]\ndialect: postgres\n"

BASE = """exports.up = async function (knex) {
  await knex.schema.createTable('hooks', (t) => {
    t.increments('id');
    t.string('url').notNullable();
  });
  await knex.schema.createTable('shares', (t) => {
    t.increments('id');
    t.string('item');
  });
};
exports.down = async function () {};
"""

BRANCHES = """class Client_Oracledb {}

async function oracleAlterUrl(knex) {
  await knex.raw('ALTER TABLE "hooks" ADD "url__temp" CLOB');
  await knex.raw('ALTER TABLE "hooks" DROP COLUMN "url"');
  await knex.raw('ALTER TABLE "hooks" RENAME COLUMN "url__temp" TO "url"');
  await knex.raw('ALTER TABLE "hooks" MODIFY "url" NOT NULL');
}

exports.up = async function (knex) {
  if (knex.client instanceof Client_Oracledb) {
    await oracleAlterUrl(knex);
    return;
  }
  const client = knex.client.config.client;
  if (client === 'mysql' || client === 'mysql2') {
    await knex.raw('ALTER TABLE `shares` MODIFY `item` varchar(255) NOT NULL');
    await knex.raw('ALTER TABLE `shares` ADD `mysql_only` int');
  } else if (client === 'sqlite3') {
    await knex.schema.alterTable('shares', (t) => { t.integer('sqlite_only'); });
  } else {
    await knex.schema.alterTable('shares', (t) => { t.integer('elsewhere'); });
  }
  if (!['pg', 'postgresql'].includes(knex.client.config.client)) return;
  await knex.schema.alterTable('hooks', (t) => {
    t.text('url').alter();
    t.integer('pg_only');
  });
};
exports.down = async function () {};
"""

FILES = {
    "migrations/20240101000000_base.js": BASE,
    "migrations/20240102000000_branches.js": BRANCHES,
}
#: What Knex makes of the folder on PostgreSQL (the oracle test checks it).
MADE = {
    ("table", "", "hooks"),
    ("column", "hooks", "id"),
    ("column", "hooks", "url"),
    ("column", "hooks", "pg_only"),
    ("constraint", "hooks", "hooks_pkey"),
    ("sequence", "", "hooks_id_seq"),
    ("table", "", "shares"),
    ("column", "shares", "id"),
    ("column", "shares", "item"),
    ("column", "shares", "elsewhere"),
    ("constraint", "shares", "shares_pkey"),
    ("sequence", "", "shares_id_seq"),
}
_BOOKKEEPING = ("knex_migrations", "knex_migrations_lock")


def _objects(data: dict) -> set[tuple[str, str, str]]:
    return model_objects(data, _BOOKKEEPING)


def test_other_databases_branches_stay_out_of_the_postgres_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(tmp_path, {**FILES, "dbnamelint.yaml": CONFIG})
    code, data = inspect_json(root, monkeypatch)
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert not errors, errors
    assert code == 0
    assert _objects(data) == MADE
    check = check_entries("--no-cache")
    assert check[0] == 0, check[1]


def test_knex_on_postgres_makes_what_inspect_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    node = shutil.which("node")
    if node is None or not (TOOLS / "node_modules" / "knex").is_dir():
        pytest.skip("knex not installed: npm ci --prefix tests/knexseq")
    root = write_tree(tmp_path, {**FILES, "dbnamelint.yaml": CONFIG})
    with pg.fresh_database("dbnamelint_knex_branches") as database:
        url = pg.url(database)
        subprocess.run(
            [node, str(TOOLS / "migrate.cjs"), "knex", str(root / "migrations"), url],
            check=True,
            capture_output=True,
            cwd=TOOLS,
        )
        _code, live = inspect_json(root, monkeypatch, "--db", url)
    _code, read = inspect_json(root, monkeypatch)
    assert _objects(live) == _objects(read) == MADE


NEW = "migrations/20240103000000_more.js"
#: A new migration whose branches for other databases hold bad names: each
#: is refused, read in its own database's dialect.
BAD = """class Client_Oracledb {}

async function oracleHelper(knex) {
  await knex.raw('ALTER TABLE "shares" ADD "OraHelperCol" CLOB');
}

exports.up = async function (knex) {
  const helper = { isOneOfClients: (names) => names.includes(knex.client.config.client) };
  const isMysql = helper.isOneOfClients(['mysql']);
  if (knex.client instanceof Client_Oracledb) {
    await knex.raw('ALTER TABLE "shares" ADD "OraCol" CLOB');
    await knex.schema.alterTable('shares', (t) => { t.text('OraBuilderCol'); });
    await oracleHelper(knex);
    return;
  }
  if (isMysql) {
    await knex.raw('ALTER TABLE `shares` ADD `MyCol` text');
  }
  if (knex.client.dialect === 'mssql') {
    await knex.raw('ALTER TABLE [shares] ADD [MsCol] int');
  }
  if (knex.client.config.client !== 'pg') {
    await knex.raw('ALTER TABLE "shares" ADD "NotPgCol" int');
  }
  await knex.schema.alterTable('shares', (t) => { t.text('PgCol'); });
};
exports.down = async function () {};
"""
#: (``!== 'pg'`` names no database to read its branch as: it stays PostgreSQL's.)
BAD_NAMES = {"OraHelperCol", "OraCol", "OraBuilderCol", "MyCol", "MsCol", "NotPgCol", "PgCol"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(tmp_path / "repo", {**FILES, "dbnamelint.yaml": CONFIG}, monkeypatch)


def test_the_gate_refuses_a_bad_name_in_any_databases_branch(repo: Path) -> None:
    stage(repo, NEW, BAD)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        errors = [(c, m) for c, p, _line, s, m in found if s == "error" and p == NEW]
        named = {n for n in BAD_NAMES for c, m in errors if c == "DBN201" and f"'{n}'" in m}
        assert named == BAD_NAMES, errors
        assert not [c for c, _m in errors if c == "DBN004"], errors


def test_the_gate_passes_good_names_in_branches_it_cannot_read_as_postgres(repo: Path) -> None:
    """A new migration like directus' ``20201105B``, every name compliant:
    the Oracle ``MODIFY`` and MySQL backticks are no ``DBN004`` error."""
    good = BRANCHES.replace("hooks", "shares").replace("url", "note")
    good = good.replace("oracleAlterUrl", "oracleAlterNote")
    good = good.replace("mysql_only", "mysql_extra").replace("sqlite_only", "sqlite_extra")
    good = good.replace("elsewhere", "other_extra").replace("pg_only", "pg_extra")
    stage(repo, NEW, good)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found


NAMES = """exports.up = async function (knex) {
  if (['pg', 'postgresql'].includes(knex.client.config.client)) {
    await knex.schema.alterTable('shares', (t) => { t.integer('pg_extra'); });
  }
  logClient(knex.client.dialect, knex.client.driverName);
  await addAudit(knex, 'shares');
};
exports.down = async function () {};
"""


def test_the_databases_name_handed_to_a_function_is_no_handle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``['pg'].includes(knex.client.config.client)`` and
    ``f(knex.client.dialect)`` pass a string, not the handle: no ``DBN013``
    (it was refused in a new migration); ``addAudit(knex, ...)`` still is one."""
    root = write_tree(tmp_path, {**FILES, NEW: NAMES, "dbnamelint.yaml": CONFIG})
    monkeypatch.chdir(root)
    _status, found = check_entries("--no-cache")
    handed = sorted(
        (line, m.split("call (", 1)[1].split(")", 1)[0])
        for c, _p, line, _s, m in found
        if c == "DBN013"
    )
    assert handed == [(6, "addAudit")], found
