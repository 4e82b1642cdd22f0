"""A new Kysely migration named before a committed one is DBN016 (trial s39 docmost).

docmost's ``20240101T000000-early.ts``, added after ``20260620T010047-...``
had been applied, passed the hook and ``check --base`` without a word, while
Kysely's ``Migrator`` then refused to run anything on every database already
migrated ("corrupted migrations: expected previously executed migration ...
New migrations must always have a name that comes alphabetically after the
last executed migration"; ``allowUnorderedMigrations`` is off by default).

Oracle: Kysely 0.28.19's own ``Migrator`` (``tests/kysely``, with ``pg`` from
``tests/typeorm``) on PostgreSQL: it runs the committed migrations, then
refuses the early one and runs the late one. Real git for the gate.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo, git
from node_oracle import TYPEORM, node_for
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
KYSELY = Path(__file__).parent / "kysely"


def _migration(table: str) -> str:
    return (
        "const { sql } = require('kysely');\n\n"
        "exports.up = async (db) => {\n"
        f"  await db.schema.createTable('{table}').addColumn('id', 'integer').execute();\n"
        "};\n\n"
        "exports.down = async (db) => {\n"
        f"  await sql`DROP TABLE {table}`.execute(db);\n"
        "};\n"
    )


COMMITTED = {
    "db/migrations/20240101T000000-alphas.js": _migration("alphas"),
    "db/migrations/20240301T000000-gammas.js": _migration("gammas"),
}
EARLY = "db/migrations/20240201T000000-betas.js"
LATE = "db/migrations/20240401T000000-deltas.js"
#: Kysely's Migrator over the .js files of a folder (FileMigrationProvider's
#: names: the file name up to its last dot), migrateToLatest, on PostgreSQL.
_MIGRATE = """\
const fs = require('fs'), path = require('path');
const { Kysely, Migrator, PostgresDialect } = require('kysely');
const { Pool } = require('pg');
const [folder, config, unordered] = process.argv.slice(1);
const provider = { async getMigrations() {
  const out = {};
  for (const f of fs.readdirSync(folder).filter((f) => f.endsWith('.js')))
    out[f.slice(0, f.lastIndexOf('.'))] = require(path.join(folder, f));
  return out;
} };
const db = new Kysely({ dialect: new PostgresDialect({ pool: new Pool(JSON.parse(config)) }) });
const allowUnorderedMigrations = unordered === 'yes';
new Migrator({ db, provider, allowUnorderedMigrations }).migrateToLatest().then(async (r) => {
  await db.destroy();
  process.stdout.write(r.error ? 'ERROR ' + r.error.message : 'OK');
});
"""


def _errors(path: str) -> list[tuple[str, str]]:
    """(code, severity) of the gate's diagnostics at ``path``, alike for
    ``check --base HEAD`` and the hook."""
    seen = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        _status, found = check_entries(*run, "--no-cache")
        seen.append(sorted({(c, s) for c, p, _, s, _ in found if p == path}))
    assert seen[0] == seen[1], seen
    return seen[0]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"dbnamelint.yaml": "paths: [db/migrations]\ndialect: postgres\n", **COMMITTED}
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def test_a_new_migration_named_before_a_committed_one_is_refused(repo: Path) -> None:
    stage(repo, EARLY, _migration("betas"))
    assert _errors(EARLY) == [("DBN016", "error")]
    _status, found = check_entries("--base", "HEAD", "--no-cache")
    (message,) = [m for c, p, _, _, m in found if p == EARLY]
    assert "Kysely's Migrator refuses" in message
    assert "rename it to sort after 20240301T000000-gammas" in message


def test_a_project_allowing_unordered_migrations_gets_a_note(repo: Path) -> None:
    """``allowUnorderedMigrations: true``: the Migrator runs it late where the
    others ran (an info note: it touches no table a later one touches)."""
    stage(
        repo, "src/migrate.ts", "new Migrator({ db, provider, allowUnorderedMigrations: true });\n"
    )
    stage(repo, EARLY, _migration("betas"))
    status, found = check_entries("--base", "HEAD", "--no-cache", "--verbose")
    assert status == 0, found
    (late,) = [(c, s, m) for c, p, _, s, m in found if p == EARLY]
    assert late[:2] == ("DBN016", "info"), found
    assert "allowUnorderedMigrations on (src/migrate.ts)" in late[2]


def test_a_new_migration_named_after_is_not(repo: Path) -> None:
    stage(repo, LATE, _migration("deltas"))
    assert _errors(LATE) == []
    git(repo, "rm", "-q", "--cached", LATE)
    (repo / LATE).unlink()
    # a file Kysely does not load (a declaration file) is no migration of its order
    stage(repo, "db/migrations/20240201T000000-types.d.ts", "export {};\n")
    _status, found = check_entries("--base", "HEAD", "--no-cache")
    assert not [c for c, *_ in found if c == "DBN016"], found


def test_kyselys_migrator_refuses_the_early_one(pg: PgServer, tmp_path: Path) -> None:
    node = node_for(KYSELY, "kysely")
    node_for(TYPEORM, "pg")
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    folder = tmp_path / "migrations"
    folder.mkdir()
    for path, text in COMMITTED.items():
        (folder / Path(path).name).write_text(text)
    env = {
        **os.environ,
        "NODE_PATH": os.pathsep.join([str(KYSELY / "node_modules"), str(TYPEORM / "node_modules")]),
    }

    def migrate(db: str, unordered: bool = False) -> str:
        config = {
            "host": info.get("host", "127.0.0.1"),
            "port": int(info.get("port", 5432)),
            "user": info.get("user", "postgres"),
            "password": info.get("password", ""),
            "database": db,
        }
        done = subprocess.run(
            [node, "-e", _MIGRATE, str(folder), json.dumps(config), "yes" if unordered else "no"],
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    with pg.fresh_database("kysely_late") as db:
        assert migrate(db) == "OK"
        (folder / Path(EARLY).name).write_text(_migration("betas"))
        assert migrate(db).startswith("ERROR corrupted migrations")
        (folder / Path(EARLY).name).unlink()
        (folder / Path(LATE).name).write_text(_migration("deltas"))
        assert migrate(db) == "OK"
        (folder / Path(EARLY).name).write_text(_migration("betas"))
        assert migrate(db, unordered=True) == "OK"  # the project's choice: run it late
