"""``drift`` reads postgres-migrations' table for its ``[not applied yet: FILE]``
marks (trial s15, supabase/storage).

The npm runner (ThomWright/postgres-migrations 5.3) creates ``migrations
(id, name, hash, executed_at)`` unqualified, so in the first schema of the
search_path, as its own migration 0, and records each applied file as a row
(``run-migration.ts``: ``INSERT INTO migrations ("id", "name", "hash")``).
Each database is built as the runner leaves it: its table made with the
runner's own SQL, the applied files run and recorded; the real catalog is
the oracle. ``migrations`` is a common table name: without the runner in
``package.json`` it is the project's own table, compared as any other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files
from pg_server import PgServer

PACKAGE = json.dumps({"dependencies": {"postgres-migrations": "^5.3.0"}})
#: The runner's migration 0 (``src/migrations/0_create-migrations-table.sql``).
RUNNER_TABLE = """CREATE TABLE IF NOT EXISTS migrations (
  id integer PRIMARY KEY,
  name varchar(100) UNIQUE NOT NULL,
  hash varchar(40) NOT NULL,
  executed_at timestamp DEFAULT current_timestamp
);
INSERT INTO migrations (id, name, hash) VALUES (0, 'create-migrations-table', 'x');
"""
USERS = "CREATE TABLE {schema}users (id bigint PRIMARY KEY, name varchar(40));\n"
NOTES = "CREATE TABLE {schema}share_notes (id bigint PRIMARY KEY);\n"


def drift(*args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(cli, ["drift", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


@pytest.mark.parametrize("schema", ["public", "storage"])
def test_the_runners_table_marks_what_is_not_applied(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, schema: str
) -> None:
    prefix = "" if schema == "public" else f"{schema}."
    write_files(
        tmp_path,
        {
            "package.json": PACKAGE,
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "migrations/0001-users.sql": (f"CREATE SCHEMA {schema};\n" if prefix else "")
            + USERS.format(schema=prefix),
            "migrations/0002-notes.sql": NOTES.format(schema=prefix),
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_pgmig_drift") as db:
        # the runner's connection puts `schema` first in its search_path (storage does)
        pg.run(
            sql=f"ALTER DATABASE {db} SET search_path = {schema}, public;\n",
            dbname=db,
        )
        pg.run(
            files=[tmp_path / "migrations/0001-users.sql"],
            sql=RUNNER_TABLE + "INSERT INTO migrations (id, name, hash) VALUES (1, 'users', 'y');",
            dbname=db,
        )
        code, doc, err = drift("--db", pg.url(db), "--schema", schema)
        text = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--schema", schema]).stdout
    (state,) = doc["migrations"]
    qualified = "migrations" if schema == "public" else f"{schema}.migrations"
    assert (state["tool"], state["table"], state["version"]) == (
        "postgres-migrations",
        qualified,
        "1",
    ), doc
    assert state["not_applied"] == [{"version": "2", "path": "migrations/0002-notes.sql"}]
    assert code == 1
    found = {(d["drift"], d["name"], d["not_applied_yet"]) for d in doc["drift"]}
    assert found == {("only_in_files", f"{prefix}share_notes", "migrations/0002-notes.sql")}
    assert "[not applied yet: migrations/0002-notes.sql]" in text
    assert "postgres-migrations' own table, which no file creates" in err, err


def test_without_the_runner_a_migrations_table_is_the_projects(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            "migrations/0001-users.sql": USERS.format(schema=""),
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_pgmig_plain") as db:
        pg.run(files=[tmp_path / "migrations/0001-users.sql"], sql=RUNNER_TABLE, dbname=db)
        code, doc, err = drift("--db", pg.url(db))
    assert doc["migrations"] == [] and "postgres-migrations" not in err
    found = {(d["drift"], d["name"]) for d in doc["drift"]}
    assert (code, found) == (1, {("only_in_database", "migrations")})
