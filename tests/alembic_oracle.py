"""Alembic's own ``alembic upgrade head`` as the oracle of the Alembic tests:
a script folder of revisions written under a test's folder, an ``env.py``
that runs them on one database URL, and the ``alembic.ini`` naming both.

The Alembic found is ``DBNAMELINT_TEST_ALEMBIC`` (the services' oracle venv),
else the one on PATH. A PostgreSQL database of the test's own comes from
:func:`scratch_pg_database` (``DBNAMELINT_TEST_PG``) or the ``pg`` fixture
(:func:`upgrade_pg`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

#: ``env.py``: the revisions run online, on the ini's ``sqlalchemy.url``.
ENV_PY = (
    "from alembic import context\nfrom sqlalchemy import create_engine\n"
    "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
    "with engine.begin() as connection:\n"
    "    context.configure(connection=connection)\n"
    "    with context.begin_transaction():\n"
    "        context.run_migrations()\n"
)


def alembic() -> str | None:
    """The ``alembic`` command to run, or None where there is none."""
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


#: Skips a test where there is no Alembic to run.
needs_alembic = pytest.mark.skipif(alembic() is None, reason="alembic is not installed")
#: Skips a test where there is no Alembic, or no services' PostgreSQL.
needs_alembic_and_pg = pytest.mark.skipif(
    alembic() is None or not os.environ.get("DBNAMELINT_TEST_PG"),
    reason="alembic or the test PostgreSQL is not set up",
)


def upgrade_command(
    ini: Path, scripts: Path, url: str, *, sys_path: Path | None = None
) -> list[str]:
    """``alembic -c INI upgrade head`` for the revisions under ``scripts``
    (``scripts/versions``) on ``url``: writes ``scripts/env.py`` and ``ini``
    (with ``prepend_sys_path`` when the revisions import the project's modules)."""
    command = alembic()
    assert command is not None
    (scripts / "env.py").write_text(ENV_PY)
    prepend = f"prepend_sys_path = {sys_path}\n" if sys_path is not None else ""
    ini.write_text(f"[alembic]\nscript_location = {scripts}\n{prepend}sqlalchemy.url = {url}\n")
    return [command, "-c", str(ini), "upgrade", "head"]


def upgrade_pg(pg: PgServer, database: str, scripts: Path) -> None:
    """``alembic upgrade head`` of the revisions under ``scripts`` on
    ``database`` of ``pg`` (``alembic.ini`` beside ``scripts``); Alembic's
    failure fails the test with its message."""
    url = pg.url(database).replace("postgresql://", "postgresql+psycopg2://", 1)
    command = upgrade_command(scripts.parent / "alembic.ini", scripts, url)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def upgrade_head(root: Path, url: str) -> None:
    """``alembic upgrade head`` of the revisions under ``root/migrations`` on
    ``url``, run in ``root`` (``alembic.ini`` and ``env.py`` written there);
    Alembic's failure fails the test with its message."""
    command = upgrade_command(root / "alembic.ini", root / "migrations", url)
    done = subprocess.run(command, capture_output=True, text=True, cwd=root, check=False)
    assert done.returncode == 0, done.stderr


def qualified_objects(
    root: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> set[tuple[str, str]]:
    """``(kind, qualified name)`` of each object ``dbnamelint inspect --no-cache
    --format json ARGS`` lists in ``root``; any exit but 0 fails the test."""
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {(o["kind"], o["qualified_name"]) for o in json.loads(result.stdout)["objects"]}


@contextmanager
def scratch_pg_database(prefix: str) -> Iterator[tuple[str, str]]:
    """A new database ``PREFIX_<random>`` on ``DBNAMELINT_TEST_PG``, dropped
    after: (its libpq conninfo, its SQLAlchemy URL)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    dsn = os.environ["DBNAMELINT_TEST_PG"]
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        parts = conninfo_to_dict(dsn)
        url = (
            f"postgresql+psycopg2://{parts.get('user', 'postgres')}@"
            f"{parts.get('host', '127.0.0.1')}:{parts.get('port', 5432)}/{name}"
        )
        yield make_conninfo(dsn, dbname=name), url
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def relations_and_columns(conninfo: str, table: str) -> set[str]:
    """The names in schema ``public`` (Alembic's own version table aside)
    and the columns of ``table``, as the catalog of ``conninfo`` holds them."""
    import psycopg

    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND relname NOT LIKE 'alembic_version%%'"
            " UNION SELECT attname FROM pg_attribute WHERE attnum > 0"
            " AND NOT attisdropped AND attrelid = %s::regclass",
            (table,),
        ).fetchall()
    return {r[0] for r in rows}


#: A first revision making table ``users`` (the tests' committed history).
USERS_INIT = '''"""init"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
'''
#: The two ways a revision is read: in ``paths:`` (the model) or not (the code gate).
USERS_CONFIGS = ("paths:\n  - alembic/versions\n", 'paths: ["schema.sql"]\ndialect: postgres\n')


def users_repo(root: Path, config: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository at ``root`` (the current directory) whose one commit holds
    ``config``, a ``schema.sql`` of table ``users`` and :data:`USERS_INIT`."""
    from git_helpers import committed_repo

    files = {
        "dbnamelint.yaml": config,
        "schema.sql": "CREATE TABLE users (id int);\n",
        "alembic/versions/0001_init.py": USERS_INIT,
    }
    return committed_repo(root, files, monkeypatch)


def line_starting(text: str, start: str) -> int:
    """The 1-based line of ``text`` whose stripped text starts with ``start``
    (StopIteration when none does)."""
    return next(n for n, row in enumerate(text.split("\n"), 1) if row.strip().startswith(start))


def assert_gate_reads(
    root: Path,
    new: str,
    text: str,
    judged: set[int],
    unsure: Sequence[tuple[str, Sequence[str]]],
) -> None:
    """Stage ``text`` as revision ``new`` of the repository ``root`` (the
    current directory) and assert the gate (``check --base HEAD``, plain and
    ``--pre-commit``) fails with findings on exactly the lines ``judged`` and no
    diagnostic; then, for each (revision text, line starts) of ``unsure``, that
    the hook fails with a DBN013 error on exactly the lines starting so."""
    from cli_json import gate_places
    from git_helpers import git

    (root / new).write_text(text)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = gate_places(*run)
        assert status == 1, (run, found)
        assert [f for f in found if f[3] != "finding"] == [], (run, found)
        assert {f[1] for f in found} == judged, (run, found)
    for other, starts in unsure:
        (root / new).write_text(other)
        git(root, "add", "-A")
        status, found = gate_places("--pre-commit")
        assert status == 1, found
        unread = sorted({f[1] for f in found if f[0] == "DBN013" and f[3] == "error"})
        assert unread == sorted(line_starting(other, s) for s in starts), (other, found)
