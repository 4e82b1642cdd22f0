"""A migration tool's own table in a schema dump is the tool's (trial s24 spicedb).

A ``pg_dump --schema-only`` of a migrated database holds the tool's
bookkeeping table with the project's (``goose_db_version``,
``alembic_version``): ``check`` judged its name (DBN105 "does not end in a
plural noun"), ``whitelist init`` baselined it and ``migrate`` planned
``ALTER TABLE goose_db_version RENAME TO goose_db_versions``, which breaks
the tool: it reads and writes the table by name. Now such a table (and what
is on it) in a dump is neither linted nor renamed, and ``migrate`` says so;
the same name in a migration the project wrote is linted as any.

Oracle: a real ``pg_dump --schema-only`` of a PostgreSQL database holding
goose's and Alembic's tables as those tools create them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.tool_tables import is_dump_head
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump")

#: goose's table (pressly/goose dialect postgres) and Alembic's, then the project's.
DATABASE = """
CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL,
    is_applied boolean NOT NULL, tstamp timestamp DEFAULT now());
CREATE TABLE alembic_version (version_num varchar(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE user_account (id int PRIMARY KEY);
"""


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def test_a_dumped_tool_table_is_not_linted_nor_renamed(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg.fresh_database("dumped_tool_tables") as db:
        pg.run(sql=DATABASE, dbname=db)
        dump = subprocess.run(
            ["pg_dump", "--schema-only", "--no-owner", pg.url(db)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    assert dump.startswith("--\n-- PostgreSQL database dump")
    (tmp_path / "db").mkdir()
    (tmp_path / "db/schema.sql").write_text(dump, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check")
    assert code == 1
    assert "user_account" in out
    assert "goose_db_version" not in out and "alembic_version" not in out
    assert _run("whitelist", "init")[0] == 0
    entries = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "user_account" in entries and "goose_db_version" not in entries
    code, plan = _run("migrate", "--phase", "1")
    assert code == 0, plan
    assert 'RENAME TO "user_accounts"' in plan
    assert "goose_db_version" not in plan.split("-- ==== forward ====")[1]


def test_the_same_name_in_a_migration_is_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001_init.sql").write_text(
        "CREATE TABLE goose_db_version (id int);\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--dialect", "postgres", "db")
    assert code == 1 and 'DBN105 table "goose_db_version"' in out


@pytest.mark.parametrize(
    "head",
    [
        "--\n-- PostgreSQL database dump\n--\n",
        "-- MySQL dump 10.13  Distrib 8.0.36\n",
        "-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n",
        # mariadb-dump --skip-comments (photoprism's internal/entity/schema/mariadb.sql)
        "/*!999999\\- enable the sandbox mode */ \n/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;\n",
        "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n",
        "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n",  # sqlite3 .dump
    ],
)
def test_dump_heads(head: str) -> None:
    assert is_dump_head(head)
    assert not is_dump_head("-- +goose Up\nCREATE TABLE goose_db_version (id int);\n")


#: sequelize-cli's tables as it creates them (Sequelize 6 on PostgreSQL:
#: ``CREATE TABLE IF NOT EXISTS "SequelizeMeta" ("name" VARCHAR(255) NOT NULL
#: UNIQUE , PRIMARY KEY ("name"))``, trial s32 outline's database), TypeORM's
#: metadata table and refinery's history, then the project's.
NODE_TOOLS = """
CREATE TABLE "SequelizeMeta" ("name" VARCHAR(255) NOT NULL UNIQUE, PRIMARY KEY ("name"));
CREATE TABLE "SequelizeData" ("name" VARCHAR(255) NOT NULL UNIQUE, PRIMARY KEY ("name"));
CREATE TABLE typeorm_metadata (type varchar NOT NULL, name varchar, value text);
CREATE TABLE refinery_schema_history (version int4 PRIMARY KEY, name varchar(255));
CREATE TABLE "apiKeys" (id int PRIMARY KEY);
"""
NODE_TOOL_NAMES = ("SequelizeMeta", "SequelizeData", "typeorm_metadata", "refinery_schema_history")


def test_sequelize_meta_is_the_tools_own(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s32 outline: ``SequelizeMeta`` got whitelist entries and a
    phase-1 ``RENAME TO "sequelize_meta"``; after cleanup sequelize-cli
    found an empty table and replayed all 301 migrations."""
    with pg.fresh_database("dumped_sequelize_meta") as db:
        pg.run(sql=NODE_TOOLS, dbname=db)
        dump = subprocess.run(
            ["pg_dump", "--schema-only", "--no-owner", pg.url(db)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        monkeypatch.chdir(tmp_path)
        code, live = _run("check", "--db", pg.url(db), "--dialect", "postgres")
        (tmp_path / "db").mkdir()
        (tmp_path / "db/schema.sql").write_text(dump, encoding="utf-8")
        (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
        # beside the dump, which copies the tool's table: still the tool's
        code_beside, beside = _run("check", "--db", pg.url(db))
    for shown, run in ((live, code), (beside, code_beside)):
        findings = [line for line in shown.splitlines() if " DBN" in line]
        assert run == 1 and any("apiKeys" in line for line in findings)
        assert not any(name in line for line in findings for name in NODE_TOOL_NAMES), shown
        assert "SequelizeMeta (Sequelize's own table" in shown
    code, out = _run("check")
    assert code == 1 and "apiKeys" in out
    assert not any(name in out for name in NODE_TOOL_NAMES), out
    assert _run("whitelist", "init")[0] == 0
    entries = (tmp_path / "whitelist.yaml").read_text(encoding="utf-8")
    assert "apiKeys" in entries
    assert not any(name in entries for name in NODE_TOOL_NAMES), entries
    code, plan = _run("migrate", "--phase", "1")
    assert code == 0, plan
    forward = plan.split("-- ==== forward ====")[1]
    assert 'RENAME TO "api_keys"' in forward
    assert '"SequelizeMeta"' not in forward and '"sequelize_meta"' not in forward
