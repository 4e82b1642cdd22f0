"""Ecto builder calls with ``prefix:`` make their objects in that schema (trial s42).

``create table(:users, prefix: "archive")`` was read as ``CREATE TABLE
"users"``, the default schema's: beside a schema holding ``users`` the gate
warned that the migration makes ``users`` again (``DBN023``), and every name
it made was shown and judged as the default schema's. ecto_sql's PostgreSQL
adapter qualifies each with ``quote_table(prefix, name)``: the table of
``table/2``, ``index/3`` and ``constraint/3``, the renamed table, and a
``references/2`` target (``quote_table(ref.prefix || table.prefix,
ref.table)``: the table's prefix when the reference names none).

Oracles: real PostgreSQL runs the SQL read and its catalog says in which
schema each object is; real git for the gate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_entries, stage
from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = (
    "CREATE SCHEMA archive;\n"
    "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\n"
    "CREATE TABLE archive.orgs (id bigserial PRIMARY KEY);\n"
)
PATH = "priv/repo/migrations/20260901120000_archive_users.exs"
MIGRATION = """\
defmodule MyApp.Repo.Migrations.ArchiveUsers do
  use Ecto.Migration

  @prefix "archive"

  def change do
    create table(:users, prefix: "archive") do
      add :email, :text
      add :org_id, references(:orgs)
      add :user_id, references(:users, prefix: "public")
    end

    create unique_index(:users, [:email], prefix: @prefix)
    create constraint(:users, :email_set, check: "email <> ''", prefix: :archive)

    alter table(:users, prefix: "archive") do
      add :seen_at, :utc_datetime
    end

    rename table(:users, prefix: "archive"), :seen_at, to: :last_seen_at
    rename table(:orgs, prefix: "archive"), to: table(:organizations)
  end
end
"""


def test_the_sql_read_makes_its_objects_in_the_prefix(pg: PgServer) -> None:
    from dbnamelint.code_builders import shadow_text
    from dbnamelint.code_ddl_text import ddl_strings

    shadow, unread = shadow_text(PATH, MIGRATION)
    assert unread == []
    sql = [s.text for s in ddl_strings(PATH, shadow)]
    with pg.fresh_database("s42plausible_prefix") as db:
        pg.run(sql=SCHEMA + ";\n".join(sql) + ";", dbname=db)
        tables = pg.query_json(
            "SELECT table_schema || '.' || table_name AS n FROM information_schema.tables "
            "WHERE table_schema IN ('public', 'archive') ORDER BY 1",
            db,
        )
        columns = pg.query_json(
            "SELECT column_name AS n FROM information_schema.columns "
            "WHERE table_schema = 'archive' AND table_name = 'users' ORDER BY ordinal_position",
            db,
        )
        constraints = pg.query_json(
            "SELECT c.conname || ' ' || c.contype::text || ' ' || "
            "CASE WHEN c.confrelid = 0 THEN '' ELSE c.confrelid::regclass::text END AS n "
            "FROM pg_constraint c "
            "WHERE c.conrelid = 'archive.users'::regclass ORDER BY 1",
            db,
        )
        indexes = pg.query_json(
            "SELECT schemaname || '.' || indexname AS n FROM pg_indexes "
            "WHERE tablename = 'users' ORDER BY 1",
            db,
        )
    assert [r["n"] for r in tables] == [
        "archive.organizations",
        "archive.users",
        "public.users",
    ]
    assert [r["n"] for r in columns] == ["id", "email", "org_id", "user_id", "last_seen_at"]
    assert [r["n"] for r in constraints] == [
        "email_set c ",
        # the table's prefix for a reference naming none; its own when it names one
        "users_org_id_fkey f archive.organizations",
        "users_pkey p ",
        "users_user_id_fkey f users",
    ]
    assert [r["n"] for r in indexes] == [
        "archive.users_email_index",
        "archive.users_pkey",
        "public.users_pkey",
    ]


def test_the_gate_judges_them_in_the_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": "paths: [db]\ndialect: postgres\n", "db/schema.sql": SCHEMA},
        monkeypatch,
    )
    careless = MIGRATION.replace(":email_set", ":EmailSet").replace(
        "add :email, :text", "add :eMail, :text"
    )
    stage(root, PATH, careless)
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    # no DBN023 "table 'users' is created again": public.users is another table
    assert [d["code"] for d in report["diagnostics"]] == []
    assert sorted(
        (f["code"], f["qualified_name"], f["line"])
        for f in report["findings"]
        if f["path"] == PATH and f["fails_run"]
    ) == [
        ("DBN201", "archive.users.eMail", 8),
        ("DBN401", "archive.users.EmailSet", 14),
        # the renamed table's key and sequence keep the old name: true of archive.orgs
        ("DBN504", "archive.organizations.orgs_pkey", 21),
        ("DBN504", "archive.orgs_id_seq", 21),
    ]


def test_a_prefix_known_only_at_run_time_is_read_unqualified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``prefix: prefix()`` (``mix ecto.migrate --prefix``, a tenant's) names
    no schema the gate can know: its names are judged as before, not refused."""
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": "paths: [db]\ndialect: postgres\n", "db/schema.sql": SCHEMA},
        monkeypatch,
    )
    stage(
        root,
        PATH.replace("archive_users", "tenant_things"),
        MIGRATION.replace("ArchiveUsers", "TenantThings")
        .replace(
            'create table(:users, prefix: "archive")', "create table(:things, prefix: prefix())"
        )
        .split("\n\n    create unique_index")[0]
        + "\n  end\nend\n",
    )
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    assert [c for c, *_ in found if c in ("DBN013", "DBN023")] == []
