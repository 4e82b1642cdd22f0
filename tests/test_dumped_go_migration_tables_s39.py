"""A Go migration library's own table, as a schema dump copies it, is not the project's.

Trial s39 woodpecker: its only SQL file is a pg_dump of a database its xorm
code built, holding xormigrate's bookkeeping table ``migration (id, description)``
(xormigrate's ``createMigrationTableIfNotExists`` syncs its ``Migration``
struct: xorm's mapper names it ``migration``). ``whitelist init`` excused
``DBN105`` on it with the target ``migrations``, and ``migrate`` planned
``ALTER TABLE migration RENAME TO migrations`` and a view ``migration``:
the next start's ``Sync2`` meets a view where its table was. The name is
too common to take alone (a project's own ``migrations``), so the table is
the library's when a dump holds it with exactly the library's columns:
xormigrate's ``id`` (and ``description`` since it has one), gormigrate's
``migrations (id)``. Anything else named so is judged as any table. The
oracle is real PostgreSQL (the dump loads, and its catalog holds those
columns) and the libraries' source, cited in :mod:`dbnamelint.tool_tables`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.tool_tables import DUMPED_BY_COLUMNS
from pg_server import PgServer

HEAD = "--\n-- PostgreSQL database dump\n--\n\n"
XORMIGRATE = (
    "CREATE TABLE public.migration (\n"
    "    id character varying(255),\n"
    "    description character varying(255)\n"
    ");\n"
)
OWN = "CREATE TABLE public.migration (\n    id bigint NOT NULL,\n    title text\n);\n"
REPOS = "CREATE TABLE public.repos (\n    id bigint NOT NULL\n);\n"


def _findings(root: Path, *args: str) -> list[tuple[str, str]]:
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--format", "json", *args, str(root / "db")]
    )
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["qualified_name"]) for f in json.loads(result.stdout)["findings"]]


def _write(root: Path, name: str, text: str) -> Path:
    path = root / "db" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "table",
    [
        XORMIGRATE,
        XORMIGRATE.replace(",\n    description character varying(255)", ""),  # before Description
        "CREATE TABLE public.migrations (\n    id character varying(255) NOT NULL\n);\n",
    ],
)
def test_a_dumped_library_table_is_not_judged(tmp_path: Path, table: str) -> None:
    _write(tmp_path, "dump.sql", HEAD + table + REPOS)
    assert _findings(tmp_path, "--dialect", "postgres") == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # the project's own table named so: other columns
        ("dump.sql", HEAD + OWN + REPOS),
        # the library's columns, but in a migration the project wrote
        ("001_init.sql", XORMIGRATE + REPOS),
    ],
)
def test_the_project_s_own_table_is_judged(tmp_path: Path, name: str, text: str) -> None:
    _write(tmp_path, name, text)
    assert _findings(tmp_path, "--dialect", "postgres") == [("DBN105", "public.migration")]


def test_migrate_plans_no_rename_of_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "dump.sql", HEAD + XORMIGRATE + REPOS)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    (tmp_path / "whitelist.yaml").write_text(
        'phases:\n  - id: "1"\n    title: t\n    status: open\n'
        "entries:\n  - kind: table\n    name: migration\n    rules: [DBN105]\n"
        '    phase: "1"\n    target: migrations\n'
    )
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--no-cache"])
    assert "RENAME TO" not in result.output
    assert "not renamed: migration: a Go migration library's own table" in result.output


def test_postgres_holds_the_columns_read(pg: PgServer, tmp_path: Path) -> None:
    dump = _write(tmp_path, "dump.sql", HEAD + XORMIGRATE + REPOS)
    with pg.fresh_database("s39_xormigrate_dump") as db:
        pg.run(files=[dump], dbname=db)
        rows = pg.query_json(
            "SELECT column_name::text AS c FROM information_schema.columns "
            "WHERE table_name = 'migration'",
            db,
        )
    # the catalog's columns are the signature the dump is told by
    assert frozenset(r["c"] for r in rows) in DUMPED_BY_COLUMNS["migration"][1]
