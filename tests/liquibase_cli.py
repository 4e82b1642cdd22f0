"""The real Liquibase CLI as the tests' oracle (``DBNAMELINT_TEST_LIQUIBASE``,
a ``liquibase`` executable; 4.28 was used), run against a test PostgreSQL."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pg_server import PgServer

#: The environment variable naming the executable.
ENV_VAR = "DBNAMELINT_TEST_LIQUIBASE"


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
    host: str, port: int, user: str, db: str, search_path: Path, changelog: str
) -> subprocess.CompletedProcess[str]:
    """``liquibase update`` of ``changelog`` on MariaDB database ``db`` (the
    driver Liquibase's distribution bundles); the finished process."""
    return subprocess.run(
        [
            os.environ[ENV_VAR],
            "--show-banner=false",
            f"--url=jdbc:mariadb://{host}:{port}/{db}",
            f"--username={user}",
            "--password=",
            f"--search-path={search_path}",
            f"--changelog-file={changelog}",
            "update",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
