"""The real Liquibase CLI as the tests' oracle (``DBNAMELINT_TEST_LIQUIBASE``,
a ``liquibase`` executable; 4.28 was used), run against a test PostgreSQL or
MariaDB; and the XML changelog frame the tests write changesets in."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from mysql_server import MysqlServer
from pg_server import PgServer

#: The environment variable naming the executable.
ENV_VAR = "DBNAMELINT_TEST_LIQUIBASE"
#: Skips a test where no Liquibase is named.
needs_liquibase = pytest.mark.skipif(
    not os.environ.get(ENV_VAR), reason="set DBNAMELINT_TEST_LIQUIBASE to a liquibase executable"
)
#: An XML changelog's opening (4.1 schema) and closing; changesets go between.
CHANGELOG_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"\n'
    '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
    '  xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog'
    ' http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.1.xsd">\n'
)
CHANGELOG_END = "</databaseChangeLog>\n"


def update(
    pg: PgServer, db: str, search_path: Path, changelog: str, *command: str
) -> subprocess.CompletedProcess[str]:
    """``liquibase update`` (or ``command``: ``rollback-count --count=1``) of
    ``changelog`` (relative to ``search_path``) on database ``db`` of ``pg``;
    the finished process (not checked)."""
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    url = f"jdbc:postgresql://{info.get('host', '127.0.0.1')}:{info.get('port', 5432)}/{db}"
    return subprocess.run(
        [
            os.environ[ENV_VAR],
            "--show-banner=false",
            f"--url={url}",
            f"--username={info.get('user', 'postgres')}",
            f"--password={info.get('password', '')}",
            f"--search-path={search_path}",
            f"--changelog-file={changelog}",
            *(command or ("update",)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def update_mariadb(
    maria: MysqlServer, db: str, search_path: Path, changelog: str, *command: str
) -> subprocess.CompletedProcess[str]:
    """``liquibase update`` (or ``command``: ``--contexts=mysql update``) of
    ``changelog`` on database ``db`` of MariaDB ``maria`` (the driver Liquibase's
    distribution bundles); the finished process."""
    return subprocess.run(
        [
            os.environ[ENV_VAR],
            "--show-banner=false",
            f"--url=jdbc:mariadb://{maria.host}:{maria.port}/{db}",
            f"--username={maria.user}",
            "--password=",
            f"--search-path={search_path}",
            f"--changelog-file={changelog}",
            *(command or ("update",)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def maria_columns(maria: MysqlServer, db: str) -> list[str]:
    """``table.column`` of each column of ``db`` but Liquibase's own tables, sorted."""
    listed = maria.run(
        "SELECT CONCAT(table_name, '.', column_name) FROM information_schema.columns"
        " WHERE table_schema = DATABASE() AND table_name NOT LIKE 'DATABASECHANGELOG%'",
        database=db,
    )
    return sorted(listed.split())


def maria_tables(maria: MysqlServer, db: str) -> list[str]:
    """The tables of ``db`` but Liquibase's own, as the server lists them."""
    listed = maria.run(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
        " AND table_name NOT LIKE 'DATABASECHANGELOG%'",
        database=db,
    )
    return listed.split()
