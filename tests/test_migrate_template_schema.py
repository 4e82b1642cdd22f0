"""A schema written as a template placeholder survives into generated SQL.

supabase/auth (pop/fizz) writes ``{{ index .Options "Namespace" }}.flow_state``
and renders every migration file, ours included, with its Namespace before
running it. The reader treats the placeholder as an unknown schema (identity
unchanged); ``migrate`` must qualify its statements with the same
placeholder text. The oracle is a real PostgreSQL: each file is rendered the
way the auth server renders it (Namespace=auth) and run with psql.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.migration_text import prepare_text, with_schema_placeholders
from dbnamelint.model import EventOp
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer, pg_url

PLACEHOLDER = '{{ index .Options "Namespace" }}'
INIT = (
    f"CREATE TABLE IF NOT EXISTS {PLACEHOLDER}.flow_state (id uuid PRIMARY KEY, "
    "auth_code text NOT NULL);\n"
    f"CREATE INDEX IF NOT EXISTS idx_auth_code ON {PLACEHOLDER}.flow_state (auth_code);\n"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def render(path: Path, namespace: str, into: Path) -> Path:
    """``path`` as the auth server runs it: the Namespace option filled in."""
    into.write_text(path.read_text(encoding="utf-8").replace(PLACEHOLDER, namespace))
    return into


def relations(pg: PgServer, db: str) -> set[tuple[str, str, str]]:
    rows = pg.query_json(
        "SELECT n.nspname AS s, c.relname AS r, c.relkind::text AS k FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'auth'",
        dbname=db,
    )
    return {(r["s"], r["r"], r["k"]) for r in rows}


def test_placeholder_schema_is_kept_without_changing_identity() -> None:
    schema = schema_from_sql(INIT, path="m/1_init.up.sql")
    table = next(o for o in schema.objects if o.kind.value == "table")
    # Identity as before: the schema is unknown, so unqualified.
    assert (table.schema, table.qualified_name) == (None, "flow_state")
    assert table.schema_text == PLACEHOLDER
    index = next(o for o in schema.objects if o.kind.value == "index")
    assert (index.table_schema, index.schema_text) == (None, PLACEHOLDER)


def test_only_a_qualifier_is_taken_for_one() -> None:
    """Flyway ``${schema}."Users"``; a placeholder elsewhere (a default) is not a schema."""
    text = (
        'CREATE TABLE ${schema}."Users" (id int DEFAULT ${start});\nCREATE TABLE plain (a int);\n'
    )
    prepared, _ = prepare_text(text, "V1__init.sql", "postgres")
    from dbnamelint.frontends.sql.parsing import parse_statements
    from dbnamelint.frontends.sql.splitting import split_statements
    from dbnamelint.model import SourceFile

    statements, _ = split_statements(prepared, SourceFile("V1__init.sql", "postgres", None))
    events = with_schema_placeholders(parse_statements(statements).events, text)
    creates = {e.name: e.schema_text for e in events if e.op is EventOp.CREATE}
    assert creates == {"Users": "${schema}", "id": None, "plain": None, "a": None}


def test_migrate_writes_the_placeholder_and_runs_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    init = migrations / "20230101000000_init.up.sql"
    init.write_text(INIT, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("migrate", "--rename", "flow_state=flow_states", "--write")
    assert code == 0, err
    (up,) = migrations.glob("*_rename_tables.up.sql")
    (down,) = migrations.glob("*_rename_tables.down.sql")
    text = up.read_text(encoding="utf-8")
    assert f'ALTER TABLE {PLACEHOLDER}."flow_state" RENAME TO "flow_states";' in text
    assert (
        f'CREATE VIEW {PLACEHOLDER}."flow_state" AS SELECT * FROM {PLACEHOLDER}."flow_states"'
        in text
    )
    # The tree with the generated file still reads as one unknown schema.
    code, out, _ = run("inspect", "--format", "json")
    tables = {o["qualified_name"] for o in json.loads(out)["objects"] if o["kind"] == "table"}
    assert tables == {"flow_states"}

    rendered = tmp_path / "rendered"
    rendered.mkdir()
    with pg.fresh_database("dbn_template_schema") as db:
        pg.run(sql="CREATE SCHEMA auth", dbname=db)
        pg.run(files=[render(init, "auth", rendered / "init.sql")], dbname=db)
        pg.run(files=[render(up, "auth", rendered / "up.sql")], dbname=db)
        assert relations(pg, db) >= {
            ("auth", "flow_states", "r"),
            ("auth", "flow_state", "v"),
            ("auth", "flow_states_pkey", "i"),
        }
        assert ("auth", "flow_state_pkey", "i") not in relations(pg, db)
        pg.run(files=[render(down, "auth", rendered / "down.sql")], dbname=db)
        found = relations(pg, db)
        assert ("auth", "flow_state", "r") in found and ("auth", "flow_state_pkey", "i") in found
        assert not {r for _, r, _ in found} & {"flow_states", "flow_states_pkey"}


@pytest.mark.parametrize("makes_schema", [True, False])
def test_drift_compares_placeholder_objects_in_the_schema_read(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, makes_schema: bool
) -> None:
    """``drift --schema auth``: the placeholder stands for auth; nothing is listed twice."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    init = migrations / "00_init.up.sql"
    head = f"CREATE SCHEMA IF NOT EXISTS {PLACEHOLDER};\n" if makes_schema else ""
    init.write_text(head + INIT, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [migrations]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_template_drift") as db:
        if not makes_schema:
            pg.run(sql="CREATE SCHEMA auth", dbname=db)
        pg.run(files=[render(init, "auth", tmp_path / "rendered.sql")], dbname=db)
        url = pg_url(pg, db)
        code, out, err = run("drift", "--db", url, "--schema", "auth", "--format", "json")
        assert (code, json.loads(out)["drift"]) == (0, []), out
        # table, 2 columns, primary key, index
        assert f"5 objects whose schema is the template placeholder {PLACEHOLDER}" in err
        # Without --schema the run says why it compares them as public.
        code, out, err = run("drift", "--db", url, "--format", "json")
        assert code == 1 and "give the schema it stands for with --schema" in err
        # A real difference in the placeholder's schema is still drift.
        pg.run(sql="ALTER TABLE auth.flow_state ADD COLUMN extra int", dbname=db)
        code, out, _ = run("drift", "--db", url, "--schema", "auth", "--format", "json")
        found = [(d["drift"], d["name"]) for d in json.loads(out)["drift"]]
        assert (code, found) == (1, [("only_in_database", "auth.flow_state.extra")])


def test_database_schemas_in_the_config_stands_for_schema(
    tmp_path: Path, pg: PgServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``database_schemas: [auth]`` does what ``--schema auth`` does on every
    run, so CI need not remember it (trial s15 supabase/auth #9): the files'
    placeholder schema is compared with the database's ``auth``."""
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "00_init.up.sql").write_text(INIT, encoding="utf-8")
    db = "dbnamelint_schemas_cfg"
    pg.run(sql=f"DROP DATABASE IF EXISTS {db}")
    pg.run(sql=f"CREATE DATABASE {db}")
    try:
        pg.run(sql="CREATE SCHEMA auth; CREATE TABLE public.unrelated (id int);", dbname=db)
        rendered = render(tmp_path / "migrations" / "00_init.up.sql", "auth", tmp_path / "r.sql")
        pg.run(files=[rendered], dbname=db)
        rendered.unlink()
        monkeypatch.chdir(tmp_path)
        (tmp_path / "dbnamelint.yaml").write_text(
            "paths: [migrations]\ndialect: postgres\n", encoding="utf-8"
        )
        without = run("drift", "--db", pg_url(pg, db))
        flagged = run("drift", "--db", pg_url(pg, db), "--schema", "auth")
        (tmp_path / "dbnamelint.yaml").write_text(
            "paths: [migrations]\ndialect: postgres\ndatabase_schemas: [auth]\n",
            encoding="utf-8",
        )
        configured = run("drift", "--db", pg_url(pg, db))
        inspected = run("inspect", "--db", pg_url(pg, db), "--format", "json")
    finally:
        pg.run(sql=f"DROP DATABASE IF EXISTS {db}")
    assert without[0] == 1 and "unrelated" in without[1]  # every schema read
    assert flagged[0] == 0, flagged
    assert configured[:2] == flagged[:2]
    names = {o["name"] for o in json.loads(inspected[1])["objects"]}
    assert "flow_state" in names and "unrelated" not in names
