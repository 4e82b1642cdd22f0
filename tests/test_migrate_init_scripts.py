"""``migrate --write`` puts a rename after the set-up scripts, in the
migrations folder that follows them (trial s23 supabase/postgres: a rename
of a table its ``migrations/db/init-scripts`` create was written there, and
its ``migrate.sh`` runs every init-script on a new database before any
migration). PostgreSQL runs the tree as the runner does: the init-scripts,
then the migrations, in name order."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

INIT = "migrations/db/init-scripts"
MIGRATIONS = "migrations/db/migrations"
FILES = {
    "dbnamelint.yaml": f"paths: [{INIT}, {MIGRATIONS}]\ndialect: postgres\n",
    f"{INIT}/00000000000001-auth-schema.sql": (
        "-- migrate:up\nCREATE TABLE instances (id int PRIMARY KEY, raw_base_config text);\n\n"
        "-- migrate:down\n"
    ),
    f"{MIGRATIONS}/20211115181400_other.sql": (
        "-- migrate:up\nCREATE TABLE other_things (id int);\n\n-- migrate:down\n"
    ),
}


def _up(text: str) -> str:
    return text.split("-- migrate:up", 1)[1].split("-- migrate:down", 1)[0]


def test_a_rename_of_a_set_up_table_goes_after_the_set_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "instances=auth_instances", "--write"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / INIT).iterdir()) == ["00000000000001-auth-schema.sql"]
    written = sorted((root / MIGRATIONS).glob("*_rename_tables.sql"))
    assert len(written) == 1, result.output
    with pg.fresh_database("dbnl_init_scripts") as db:
        for folder in (INIT, MIGRATIONS):
            for path in sorted((root / folder).glob("*.sql")):
                pg.run(sql=_up(path.read_text(encoding="utf-8")), dbname=db)
        tables = pg.query_json("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", db)
    assert {r["tablename"] for r in tables} == {"auth_instances", "other_things"}
