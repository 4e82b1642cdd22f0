"""``drift --db URL <a database's folder>`` under ``databases:`` (trial s28 umami).

With ``databases: {umami: [prisma/migrations, ...]}``, ``drift --db URL
prisma/migrations`` reported hundreds of differences (``renamed_in_database:
table user is called user in the database``): the files' objects carried the
label ``umami``, the database's none. Paths that are one database of the
config's now read the database as that one, as ``--database umami`` does.
Oracle: PostgreSQL built from the files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer


def test_paths_of_one_database_are_compared_as_that_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    migration = tmp_path / "prisma/migrations/01_init/migration.sql"
    migration.parent.mkdir(parents=True)
    migration.write_text('CREATE TABLE "user" (user_id int PRIMARY KEY, name text);\n')
    (tmp_path / "clickhouse").mkdir()
    (tmp_path / "clickhouse/schema.sql").write_text("CREATE TABLE events (id int);\n")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [prisma/migrations, clickhouse]\ndialect: postgres\n"
        "databases:\n  umami: [prisma/migrations]\n  events: [clickhouse]\n"
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_drift_label") as db:
        pg.run(files=[migration], dbname=db)
        result = CliRunner().invoke(
            cli, ["drift", "--db", pg.url(db), "prisma/migrations", "--format", "json"]
        )
        named = CliRunner().invoke(
            cli, ["drift", "--db", pg.url(db), "--database", "umami", "--format", "json"]
        )
    assert (named.exit_code, json.loads(named.stdout)["drift"]) == (0, [])
    assert (result.exit_code, json.loads(result.stdout)["drift"]) == (0, []), result.output
