"""``drift`` reads pop's version table for its ``[not applied yet: FILE]`` marks (trial s15).

pop records each applied up migration as a row of its table (``Migrator.UpTo``:
``insert into <table> (version)``, the file name's leading digits as text);
the table is ``ConnectionDetails.MigrationTableName()``: the
``migration_table_name`` option, else ``schema_migration``. supabase/auth
sets ``schema_migrations`` in its Go code and creates that table itself in
its first migration. Each database is built as pop leaves it: the applied
files run, the table made and filled as pop does; the real catalog is the
oracle.
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

POP_MODULE = "module example.com/app\n\ngo 1.22\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n"
#: pop's table on PostgreSQL as pg_dump shows it (gobuffalo/fizz
#: ``testdata/e2e/fixtures/postgres``).
POP_TABLE = (
    "CREATE TABLE {name} (version character varying(14) NOT NULL);\n"
    "CREATE UNIQUE INDEX {name}_version_idx ON {name} (version);\n"
)
PLACEHOLDER = '{{ index .Options "Namespace" }}'
USERS = "CREATE TABLE {schema}users (id bigint PRIMARY KEY, name varchar(40));\n"
NOTES = "CREATE TABLE {schema}share_notes (id bigint PRIMARY KEY);\n"
#: supabase/auth's 00_init_auth_schema.up.sql creates the table pop then writes to.
SUPABASE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {PLACEHOLDER}.schema_migrations (\n"
    '\t"version" varchar(255) NOT NULL,\n'
    '\tCONSTRAINT schema_migrations_pkey PRIMARY KEY ("version")\n);\n'
)


def drift(*args: str) -> tuple[int, Any, str]:
    result = CliRunner().invoke(cli, ["drift", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout), result.stderr


def _project(root: Path, files: dict[str, str], go_mod: str | None = POP_MODULE) -> None:
    write_files(
        root,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: postgres\n",
            **({"go.mod": go_mod} if go_mod is not None else {}),
            **{f"migrations/{name}": sql for name, sql in files.items()},
        },
    )


@pytest.mark.parametrize(
    ("config", "table"),
    [(None, "schema_migration"), ("config/database.yml", "auth_versions")],
    ids=["default", "database-yml"],
)
def test_pops_table_marks_what_is_not_applied(
    pg: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str | None,
    table: str,
) -> None:
    files = {
        "20240101000000_users.up.sql": USERS.format(schema=""),
        "20240101000000_users.down.sql": "DROP TABLE users;\n",
        "20240202000000_notes.up.sql": NOTES.format(schema=""),
    }
    _project(tmp_path, files)
    if config is not None:  # pop's database.yml: options of each connection
        write_files(
            tmp_path,
            {
                config: "development:\n  dialect: postgres\n  database: app\n"
                f"  options:\n    migration_table_name: {table}\n"
            },
        )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_pop_drift") as db:
        pg.run(
            files=[tmp_path / "migrations/20240101000000_users.up.sql"],
            sql=POP_TABLE.format(name=table)
            + f"INSERT INTO {table} (version) VALUES ('20240101000000');",
            dbname=db,
        )
        code, doc, err = drift("--db", pg.url(db))
        text = CliRunner().invoke(cli, ["drift", "--db", pg.url(db)]).stdout
    (state,) = doc["migrations"]
    assert (state["tool"], state["table"], state["version"]) == ("pop", table, "20240101000000")
    assert state["not_applied"] == [
        {"version": "20240202000000", "path": "migrations/20240202000000_notes.up.sql"}
    ]
    assert code == 1
    found = {(d["drift"], d["name"], d["not_applied_yet"]) for d in doc["drift"]}
    assert found == {("only_in_files", "share_notes", "migrations/20240202000000_notes.up.sql")}
    assert "[not applied yet: migrations/20240202000000_notes.up.sql]" in text
    assert f"the database is at version 20240101000000 (pop's {table}); 1 migration file is" in text
    # pop's table is its own, left out of the comparison (a configured name too)
    assert f"left out of both sides: {table} (pop's own table, which no file creates)" in err


@pytest.mark.parametrize("go_mod", [POP_MODULE, None], ids=["pop", "no-go-mod"])
def test_a_table_the_files_create_is_read_as_pops_in_a_pop_module(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str | None
) -> None:
    """supabase/auth: its first migration creates ``auth.schema_migrations``,
    which pop (``migration_table_name: schema_migrations``) then fills: read
    as pop's in a module that runs pop, and still compared as a table."""
    schema = f"{PLACEHOLDER}."
    files = {
        "00_init_auth_schema.up.sql": SUPABASE_TABLE + USERS.format(schema=schema),
        "20240202000000_notes.up.sql": NOTES.format(schema=schema),
    }
    _project(tmp_path, files, go_mod)
    monkeypatch.chdir(tmp_path)
    init = (tmp_path / "migrations/00_init_auth_schema.up.sql").read_text()
    with pg.fresh_database("dbn_pop_supabase") as db:
        # rendered as the auth server renders it (Namespace=auth), then recorded as pop does
        pg.run(
            sql="CREATE SCHEMA auth;\n"
            + init.replace(PLACEHOLDER, "auth")
            + "INSERT INTO auth.schema_migrations (version) VALUES ('00');",
            dbname=db,
        )
        code, doc, _ = drift("--db", pg.url(db), "--schema", "auth")
    states = doc["migrations"]
    found = {(d["drift"], d["name"], d["not_applied_yet"]) for d in doc["drift"]}
    assert code == 1
    if go_mod is None:  # the project's own table, no tool's: nothing to read
        assert states == []
        assert found == {("only_in_files", "auth.share_notes", None)}
        return
    (state,) = states
    assert (state["tool"], state["table"], state["version"]) == (
        "pop",
        "auth.schema_migrations",
        "00",
    )
    assert [p["path"] for p in state["not_applied"]] == ["migrations/20240202000000_notes.up.sql"]
    assert found == {
        ("only_in_files", "auth.share_notes", "migrations/20240202000000_notes.up.sql")
    }
