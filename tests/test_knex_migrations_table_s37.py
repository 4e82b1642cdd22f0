"""Knex's migrations table under the name the project gives it is Knex's (trial s37 wiki.js).

Wiki.js runs ``knex.migrate.latest({ tableName: 'migrations', ... })``:
Knex keeps its record in ``migrations`` and ``migrations_lock``, and
``drift`` reported both as only in the database on every install (only
``knex_migrations`` and ``knex_migrations_lock`` were known). The pair is
told by its columns: Knex's table (``id``, ``name``, ``batch``,
``migration_time``) and its ``<table>_lock`` (``index``, ``is_locked``),
knex 3.1 ``table-creator.js``. A table of those columns alone, without the
lock beside it, is anyone's and still drift.

Oracle: Knex 3.1.0's ``migrate.latest`` with ``tableName`` on PostgreSQL 15.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from node_oracle import KNEXSEQ, node_for
from pg_server import PgServer
from test_drift_tool_tables import drifted, run

MIGRATION = """exports.up = (knex) =>
  knex.schema.createTable('pages', (t) => {
    t.increments('id');
    t.string('title');
  });
exports.down = () => {};
"""

MIGRATE = """const knex = require('knex')({ client: 'pg', connection: process.argv[2] });
knex.migrate
  .latest({ directory: process.argv[1], tableName: 'migrations' })
  .finally(() => knex.destroy());
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_knex_tables_under_a_configured_name_are_left_out(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = node_for(KNEXSEQ, "knex")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "20240101000000_pages.js").write_text(MIGRATION)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s37_knex_table") as db:
        subprocess.run(
            [node, "-e", MIGRATE, str(tmp_path / "migrations"), pg.url(db)],
            env={"NODE_PATH": str(KNEXSEQ / "node_modules"), "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
            timeout=120,
        )
        tables = pg.run(
            sql="SELECT string_agg(tablename, ' ' ORDER BY 1) FROM pg_tables "
            "WHERE schemaname = 'public'",
            dbname=db,
        )
        assert "migrations migrations_lock pages" in tables
        code, out, err = run("drift", "--db", pg.url(db), "--format", "json", "--no-cache")
        assert (code, drifted(out)) == (0, []), out + err
        assert "migrations (knex's own table" in err
        # without its lock beside it, a table of those columns is no tool's
        pg.run(sql="DROP TABLE migrations_lock", dbname=db)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json", "--no-cache")
        assert code == 1
        assert ("only_in_database", "table", "migrations") in drifted(out)
