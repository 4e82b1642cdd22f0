"""psql's ``\\g`` family ends a statement (trial s28 supabase/postgres).

psql sends its query buffer at ``;`` and at the meta-commands ``\\g``,
``\\gx``, ``\\gset``, ``\\gdesc`` and ``\\gexec`` (psql manual, "Meta-Commands"),
which take the rest of their line as arguments. The splitter read on to
the next ``;``, so ``select ... \\gset`` swallowed the ``create table`` after
it: a bad name there passed the hook. ``\\gexec`` runs each cell of the
result as a statement, text built when it runs: a ``DBN013`` warning when
the query holds DDL words, as ``EXECUTE format(...)`` gets. Oracle: psql on
a real PostgreSQL, and ``drift`` against what it built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

MIGRATION = (
    "select exists (select 1 from pg_available_extensions where name = 'plpgsql') as has \\gset\n"
    'create table if not exists "NetHookLog" ("hookId" bigint);\n'
    "select 1 \\g\n"
    'create table "AnonLog" (id int);\n'
    "select 1 as n \\gx\n"
    "select E'a\\\\gset' as text_not_a_command;\n"
    "create table ok_things (id int);\n"
)


def _run(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def test_a_statement_after_a_send_command_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    (tmp_path / "001_init.sql").write_text(MIGRATION)
    monkeypatch.chdir(tmp_path)
    _code, report = _run("inspect", "--no-cache", "--dialect", "postgres", "001_init.sql")
    tables = {o["name"] for o in report["objects"] if o["kind"] == "table"}
    assert tables == {"NetHookLog", "AnonLog", "ok_things"}
    with pg.fresh_database("dbnl_psql_send") as db:
        pg.run(files=[tmp_path / "001_init.sql"], dbname=db)
        code, drift = _run("drift", "--db", pg.url(db), "--dialect", "postgres", "001_init.sql")
    assert (code, drift["drift"]) == (0, [])


def test_gexec_of_ddl_is_a_dynamic_ddl_warning(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text(
        "select format('create table %I (id int)', 'FeatureFlags') \\gexec\n"
        "select format('grant select on %I to anon', t) from tabs \\gexec\n"
    )
    _code, report = _run("check", "--no-cache", "--dialect", "postgres", str(tmp_path / "a.sql"))
    found = [(d["code"], d["line"]) for d in report["diagnostics"] if d["code"] == "DBN013"]
    assert found == [("DBN013", 1)]
