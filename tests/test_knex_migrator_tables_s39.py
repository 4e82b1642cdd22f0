"""knex-migrator's own tables are its, not the project's (trial s39 ghost).

Ghost runs its migrations with knex-migrator, which keeps its record in
``migrations`` (``id``, ``name``, ``version``, ``currentVersion``:
``lib/database.js`` ``createMigrationsTable``) and ``migrations_lock``
(``lock_key``, ``locked``, ``acquired_at``, ``released_at``:
``migrations/lock-table.js``), knex-migrator 5.4.1. ``check --db`` judged
them as the project's (``migrations.currentVersion`` not snake_case,
``migrations_lock`` not plural) and ``drift`` reported both as only in the
database. The pair is told by its columns, as Knex's own pair is; a
``migrations`` table of those columns alone, without the lock, is anyone's.

Oracle: those two tables made by the very builder calls knex-migrator
writes, run by Knex 3.1.0 (the library knex-migrator runs them with) on
PostgreSQL 15.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from node_oracle import KNEXSEQ, node_for
from pg_server import PgServer
from test_drift_tool_tables import drifted, run

#: knex-migrator 5.4.1's createMigrationsTable and lock-table migration, as written.
TABLES = """const knex = require('knex')({ client: 'pg', connection: process.argv[1] });
(async () => {
  await knex.schema.createTable('migrations', function (table) {
    table.increments().primary();
    table.string('name');
    table.string('version');
    table.string('currentVersion');
  });
  await knex.schema.createTable('migrations_lock', function (table) {
    table.string('lock_key', 191).nullable(false).primary();
    table.boolean('locked').default(0);
    table.dateTime('acquired_at').nullable();
    table.dateTime('released_at').nullable();
  });
})().finally(() => knex.destroy());
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_knex_migrators_tables_are_left_out(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    node = node_for(KNEXSEQ, "knex")
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "001_pages.sql").write_text("CREATE TABLE pages (id integer);\n")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("s39_knex_migrator") as db:
        pg.run(sql="CREATE TABLE pages (id integer);", dbname=db)
        subprocess.run(
            [node, "-e", TABLES, pg.url(db)],
            env={"NODE_PATH": str(KNEXSEQ / "node_modules"), "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
            timeout=120,
        )
        columns = pg.run(
            sql="SELECT string_agg(table_name || '.' || column_name, ' ' ORDER BY 1) "
            "FROM information_schema.columns WHERE table_schema = 'public'",
            dbname=db,
        )
        assert "migrations.currentVersion" in columns
        assert "migrations_lock.lock_key" in columns
        code, out, err = run("drift", "--db", pg.url(db), "--format", "json", "--no-cache")
        assert (code, drifted(out)) == (0, []), out + err
        assert "migrations (knex-migrator's own table" in err
        code, out, _ = run("check", "--db", pg.url(db), "--format", "json", "--no-cache")
        assert code == 0, out
        assert [f["name"] for f in json.loads(out)["findings"]] == [], out
        # without its lock beside it, a table of those columns is no tool's
        pg.run(sql="DROP TABLE migrations_lock", dbname=db)
        code, out, _ = run("drift", "--db", pg.url(db), "--format", "json", "--no-cache")
        assert code == 1
        assert ("only_in_database", "table", "migrations") in drifted(out)
