"""The JavaScript migration tools the oracle tests run: ``tests/<tool>/run.cjs``
on node, with the tool's packages installed by ``npm ci --prefix tests/<tool>``
(CI does; without them the tests that need them skip), and the SQL
dbnamelint reads from a builder migration, to run beside it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import pytest

from pg_server import PgServer

#: Knex 3.1.0 and Sequelize 6.37.5 (``run.cjs <knex|sequelize|umzug> FILE URL``).
KNEXSEQ = Path(__file__).parent / "knexseq"
#: TypeORM 1.1.3 (``run.cjs FILE... URL``).
TYPEORM = Path(__file__).parent / "typeorm"
#: db-migrate 0.11 with db-migrate-pg, and node-pg-migrate 7.9.1 (their own bins).
DBMIGRATE = Path(__file__).parent / "dbmigrate"


def node_for(tools: Path, package: str) -> str:
    """The ``node`` to run ``tools``' ``run.cjs`` with; the test is skipped
    where node, or ``package`` in ``tools/node_modules``, is not installed."""
    node = shutil.which("node")
    if node is None or not (tools / "node_modules" / package).is_dir():
        pytest.skip(f"{package} not installed: npm ci --prefix tests/{tools.name}")
    return node


def run_cjs(
    tools: Path, package: str, *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``node tools/run.cjs ARGS`` in ``tools`` (skipped as :func:`node_for`),
    its output captured; with ``check``, a failure fails the test."""
    node = node_for(tools, package)
    return subprocess.run(
        [node, str(tools / "run.cjs"), *args],
        check=check,
        cwd=tools,
        capture_output=True,
        text=True,
    )


def run_sequelize(module: Path, url: str) -> None:
    """Sequelize runs the migration ``module``'s ``up`` on the database at ``url``."""
    run_cjs(KNEXSEQ, "sequelize", "sequelize", str(module), url)


def db_migrate_config(pg: PgServer, db: str, config: Path) -> None:
    """db-migrate's ``database.json`` at ``config``: its environment ``test``
    is database ``db`` of ``pg``."""
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    config.write_text(
        json.dumps(
            {
                "test": {
                    "driver": "pg",
                    "host": info.get("host", "127.0.0.1"),
                    "port": int(info.get("port", 5432)),
                    "user": info.get("user", "postgres"),
                    "password": info.get("password", ""),
                    "database": db,
                }
            }
        )
    )


def db_migrate_up(pg: PgServer, db: str, folder: Path) -> None:
    """``db-migrate up`` of the migrations in ``folder`` on database ``db``
    of ``pg`` (its ``database.json`` written beside ``folder``)."""
    node = node_for(DBMIGRATE, "db-migrate-pg")
    config = folder.parent / "database.json"
    db_migrate_config(pg, db, config)
    tool = DBMIGRATE / "node_modules" / "db-migrate" / "bin" / "db-migrate"
    subprocess.run(
        [node, str(tool), "up", "-e", "test", "--config", str(config), "-m", str(folder)],
        check=True,
        cwd=DBMIGRATE,
        capture_output=True,
        text=True,
    )


def node_pg_migrate_up(folder: Path, url: str) -> None:
    """``node-pg-migrate up`` of the migrations in ``folder`` on the database at ``url``."""
    node = node_for(DBMIGRATE, "node-pg-migrate")
    tool = DBMIGRATE / "node_modules" / "node-pg-migrate" / "bin" / "node-pg-migrate.js"
    subprocess.run(
        [node, str(tool), "up", "-m", str(folder)],
        check=True,
        cwd=DBMIGRATE,
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": url},
    )


class _Read(Protocol):
    @property
    def calls(self) -> Sequence[tuple[int, int, Sequence[tuple[int, str, int]]]]: ...
    @property
    def unread(self) -> Sequence[object]: ...


def builder_text(builder_sql: Callable[[str, str], _Read], path: str, text: str) -> str:
    """The SQL ``builder_sql`` (a ``dbnamelint.*_schema`` reader) reads from
    the migration ``text`` at ``path``, one statement a call; every call
    must be read."""
    found = builder_sql(path, text)
    assert not found.unread, found.unread
    return "\n".join(
        " ".join(s for _, s, _ in sorted(pieces, key=lambda p: p[0])) + ";"
        for _, _, pieces in found.calls
    )


#: Knex compiling a migration's ``up`` for ``mysql2`` without connecting (``.toString()``).
_KNEX_MYSQL = """const knex = require('knex')({ client: 'mysql2' });
const migration = require(process.argv[1]);
console.log(migration.up(knex).toString());
"""


def knex_mysql_sql(folder: Path, migration: str) -> str:
    """The SQL Knex 3.1 writes for ``migration``'s ``up`` (its text, saved in
    ``folder``) on MySQL: what MariaDB then runs as the oracle."""
    module = folder / "migration.js"
    module.write_text(migration)
    done = subprocess.run(
        [node_for(KNEXSEQ, "knex"), "-e", _KNEX_MYSQL, str(module)],
        env={"NODE_PATH": str(KNEXSEQ / "node_modules"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout
