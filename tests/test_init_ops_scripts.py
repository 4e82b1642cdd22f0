"""``init`` beside code migrations: SQL files making no table of the application are no schema.

Trial s32 unleash (finding 6): Unleash's DDL is in db-migrate migrations
(``src/migrations/*.js``, ``db.runSql``); its only SQL files are
``docker/local-postgres/init-unleash.sql`` (a role and the databases),
``scripts/resetdatabase.sql`` (``DROP DATABASE``) and
``scripts/fix-migrations-version-1.sql`` (db-migrate's own ``migrations``
table). ``init`` wrote those three as ``paths:`` ("it creates the tables"),
and ``check`` passed a model of one table. Now they are left out, said
so, and the code migrations are what ``init`` names, as in a tree
without SQL files. Oracle: db-migrate 0.11.14 on PostgreSQL 15 built
Unleash's 108 tables from ``src/migrations`` alone; its record table is
``migrations`` (db-migrate's ``--migration-table`` default).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

MIGRATION = """'use strict';

exports.up = function (db, cb) {
  db.runSql(`CREATE TABLE features (name varchar(255) PRIMARY KEY, enabled boolean)`, cb);
};

exports.down = function (db, cb) {
  db.runSql('DROP TABLE features', cb);
};
"""
FILES = {
    "package.json": '{"dependencies": {"db-migrate": "0.11.14", "db-migrate-pg": "1.5.2"}}\n',
    "src/migrations/20141020151056-initial-schema.js": MIGRATION,
    "src/migrations/20141110144153-add-stale.js": MIGRATION.replace(
        "CREATE TABLE features (name varchar(255) PRIMARY KEY, enabled boolean)",
        "ALTER TABLE features ADD COLUMN stale boolean",
    ),
    "docker/local-postgres/init-unleash.sql": (
        "CREATE ROLE unleash_user LOGIN PASSWORD 'password';\n"
        "CREATE DATABASE unleash WITH OWNER unleash_user;\n"
    ),
    "scripts/resetdatabase.sql": (
        "DROP DATABASE unleash;\nCREATE DATABASE unleash WITH OWNER unleash_user;\n"
    ),
    "scripts/fix-migrations-version-1.sql": (
        "CREATE TABLE migrations ( id SERIAL NOT NULL, name CHARACTER VARYING(255) NOT NULL, "
        "run_on TIMESTAMP(6) WITHOUT TIME ZONE NOT NULL, PRIMARY KEY (id) );\n"
        "insert into migrations (id, name, run_on) values (1, '/20141020151056-initial-schema', "
        "'2016-12-23 10:08:28');\n"
    ),
}


def _init(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> tuple[str, str]:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    return done.stdout, (root / "dbnamelint.yaml").read_text()


def _paths(config: str) -> list[str]:
    lines = config.splitlines()
    start = lines.index("paths:") + 1
    return [line.strip()[2:] for line in lines[start:] if line.startswith("  - ")][:10]


def test_ops_scripts_beside_code_migrations_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, config = _init(tmp_path, monkeypatch, FILES)
    paths = _paths(config)
    assert not [p for p in paths if p.startswith(("docker", "scripts"))], config
    said = " ".join(out.split())
    assert "Left out: 3 SQL files making no table of the application" in said, out
    assert "scripts/fix-migrations-version-1.sql" in said
    assert "it creates the tables" not in config


def test_a_sql_file_making_an_application_table_stays_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script creating a table of the application (``features``) is read
    as before: the scripts may be the schema."""
    files = {**FILES, "scripts/schema.sql": "CREATE TABLE features (name text);\n"}
    out, config = _init(tmp_path, monkeypatch, files)
    assert "scripts" in " ".join(_paths(config)), config
    assert "Left out:" not in out
