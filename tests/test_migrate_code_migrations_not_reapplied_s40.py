"""Code migrations after a schema dump are history, not files re-run after the forward script.

Trial s40 uptime-kuma F5: a tree read as a schema dump (``db/schema/000_base.sql``)
followed by Knex migrations (``db/knex_migrations/*.js``). ``migrate`` said
the Knex migrations were "files replayed after the migrations that no
migration tool names (its runner re-runs them after this forward script, as
Lemmy's replaceable_schema)" and told the user to rename the table in them:
an edit of applied migrations, which the gate refuses (``DBN025``). Knex
records each migration it ran in ``knex_migrations`` and never runs it
again. So does every code migration tool dbnamelint reads (Laravel, Django,
Alembic, Kysely, Sequelize, db-migrate, node-pg-migrate, TypeORM, EF Core).

Oracle: Knex 3.1.0 on PostgreSQL 15: after the migrations and the forward
script, ``knex.migrate.latest`` runs nothing again.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from node_oracle import KNEXSEQ, node_for
from pg_server import PgServer

BASE = "db/schema/000_base.sql"
KNEX = "db/knex_migrations/2023-10-16-0000-create-remote-browsers.js"
FILES = {
    BASE: "CREATE TABLE monitor (id int PRIMARY KEY, name varchar(20));\n",
    KNEX: """exports.up = function (knex) {
    return knex.schema
        .createTable("remote_browser", function (table) {
            table.increments("id");
            table.string("name", 255).notNullable();
        })
        .alterTable("monitor", function (table) {
            table.integer("remote_browser").nullable().defaultTo(null);
        });
};

exports.down = function (knex) {
    return knex.schema.dropTable("remote_browser");
};
""",
    "dbnamelint.yaml": "dialect: postgres\npaths:\n  - db/schema\n  - db/knex_migrations\n",
}
#: Knex's runner: the folder's pending migrations, and how many ran.
LATEST = """const knex = require('knex')({ client: 'pg', connection: process.argv[2] });
knex.migrate
  .latest({ directory: process.argv[1] })
  .then(([, ran]) => console.log('ran ' + ran.length))
  .finally(() => knex.destroy());
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def _latest(node: str, folder: Path, url: str) -> str:
    done = subprocess.run(
        [node, "-e", LATEST, str(folder), url],
        env={"NODE_PATH": str(KNEXSEQ / "node_modules"), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_knex_migrations_after_a_dump_are_not_listed_as_re_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    node = node_for(KNEXSEQ, "knex")
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.chdir(tmp_path)
    assert _run("whitelist", "init")[0] == 0
    code, out = _run("migrate", "--phase", "1")
    assert code == 0, out
    assert "remote_browser -> remote_browsers" in out, out
    assert "no migration tool names" not in out, out
    assert KNEX + ":" not in out, out
    forward = out.split("-- ==== forward ====", 1)[1].split("-- ==== rollback ====", 1)[0]
    with pg.fresh_database("s40_peertube_knex_reapplied") as db:
        pg.run(files=[tmp_path / BASE], dbname=db)
        folder = tmp_path / "db" / "knex_migrations"
        assert _latest(node, folder, pg.url(db)) == "ran 1"
        (tmp_path / "forward.sql").write_text(forward)
        pg.run(files=[tmp_path / "forward.sql"], dbname=db)
        # the runner's next start: the migration is recorded, nothing runs again
        assert _latest(node, folder, pg.url(db)) == "ran 0"
