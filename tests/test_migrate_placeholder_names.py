"""A table whose name is a template placeholder keeps it in ``migrate``'s plan
and scripts (trial s19, conductor: ``${tableName}`` printed as
``____________``, and the script said ``ALTER TABLE "____________"``).

The oracle is PostgreSQL after Flyway's own placeholder replacement (a
textual ``${name}`` -> value in every migration, the written one included):
the forward renames the column of the table the placeholder names, the
rollback renames it back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

V1 = """CREATE TABLE IF NOT EXISTS ${tableName} (
  id SERIAL PRIMARY KEY,
  "Data" TEXT,
  created_on TIMESTAMP
);
CREATE TABLE "Users" (id int PRIMARY KEY);
"""
WHITELIST = """phases:
  - {id: "1", title: x, status: open}
entries:
  - {kind: column, name: ____________.Data, rules: [DBN201], phase: "1", target: data}
"""
COLUMNS = (
    "SELECT column_name FROM information_schema.columns "
    "WHERE table_schema = 'public' AND table_name = 'external_payload' ORDER BY 1"
)


def _flyway(text: str) -> str:
    """Flyway's placeholder replacement, as ``flyway.placeholders.tableName`` sets it."""
    return text.replace("${tableName}", "external_payload")


def test_placeholder_table_keeps_its_placeholder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/migration/V1__init.sql": V1,
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    assert "____" not in done.output, done.output
    assert "  column  ${tableName}.Data -> data  (whitelist.yaml:4)" in done.stdout
    forward = (tmp_path / "db/migration/V2__rename_phase_1.sql").read_text()
    undo = (tmp_path / "db/migration/U2__rename_phase_1.sql").read_text()
    assert 'ALTER TABLE ${tableName} RENAME COLUMN "Data" TO "data";' in forward, forward
    scripts = tmp_path / "run"
    scripts.mkdir()
    for name, text in (("v1", V1), ("v2", forward), ("u2", undo)):
        (scripts / f"{name}.sql").write_text(_flyway(text))
    with pg.fresh_database("dbn_smalls_placeholder") as db:
        pg.run(files=[scripts / "v1.sql", scripts / "v2.sql"], dbname=db)
        assert [r["column_name"] for r in pg.query_json(COLUMNS, db)] == [
            "created_on",
            "data",
            "id",
        ]
        pg.run(files=[scripts / "u2.sql"], dbname=db)
        assert [r["column_name"] for r in pg.query_json(COLUMNS, db)] == [
            "Data",
            "created_on",
            "id",
        ]
