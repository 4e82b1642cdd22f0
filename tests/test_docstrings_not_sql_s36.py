"""A docstring in a Python migration is no SQL that runs (trial s36 superset F8).

Superset's head revision opens ``upgrade()`` with ``\"\"\"Create tasks and
subscribers tables for the task framework.\"\"\"``: read as SQL, a DBN004
error ("could not read CREATE TASKS ..."); ``\"\"\"CREATE TABLE DocBad (id
int)\"\"\"`` made a false table and a false DBN101. A string statement is
evaluated and dropped, in an Alembic revision, a Django migration or any
Python code: no name comes from it, in the model (``inspect``) or the gate
(``check --base``, a revision the model does not read).

Oracle: Alembic itself on the services' PostgreSQL (``alembic upgrade
head`` runs such a revision and makes no ``DocBad``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INIT = '''"""CREATE TABLE ModuleDocBad (id int)"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
'''
DOCS = '''"""Create tasks and subscribers tables for the task framework.

Revision ID: 0002
"""
from alembic import op

revision = "0002"
down_revision = "0001"


def make():
    """CREATE TABLE HelperDocBad (id int)"""
    op.execute("CREATE TABLE tasks (id int)")


def upgrade():
    """
    Create tasks and subscribers tables for the task framework.
    """
    """CREATE TABLE DocBad (id int)"""
    make()


def downgrade():
    op.execute("DROP TABLE tasks")
'''
DJANGO = '''from django.db import migrations


def forwards(apps, schema_editor):
    """CREATE TABLE DjangoDocBad (id int)"""
    schema_editor.execute("CREATE TABLE polls_notes (id int)")


class Migration(migrations.Migration):
    """CREATE TABLE ClassDocBad (id int)"""

    dependencies = []
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
'''
CONFIGS = {
    "model": "dialect: postgres\npaths:\n  - alembic/versions\n  - polls/migrations\n",
    "gate": 'dialect: postgres\npaths: ["schema.sql"]\n',
}


def _run(*args: str) -> tuple[int, dict[str, list[dict[str, object]]]]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("where", sorted(CONFIGS))
def test_docstrings_make_no_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": CONFIGS[where],
            "schema.sql": "CREATE TABLE base_table (id int);\n",
            "alembic/versions/0001_init.py": INIT,
        },
        monkeypatch,
    )
    (root / "alembic/versions/0002_docs.py").write_text(DOCS)
    (root / "polls/migrations").mkdir(parents=True)
    (root / "polls/migrations/__init__.py").write_text("")
    (root / "polls/migrations/0001_initial.py").write_text(DJANGO)
    git(root, "add", "-A")
    for run in (("--base", "HEAD"), ("--base", "HEAD", "--pre-commit")):
        status, report = _run("check", *run, "--no-cache")
        said = [*report["diagnostics"], *report["findings"]]
        assert not [d for d in said if "DocBad" in str(d) or d.get("code") == "DBN004"], said
        assert status == 0, [(d.get("code"), d.get("object"), d.get("message")) for d in said]
    if where == "model":
        status, report = _run("inspect", "--no-cache")
        names = {str(o["name"]).lower() for o in report["objects"]}
        assert {"users", "tasks"} <= names, names
        assert not {n for n in names if "docbad" in n}, names


def _alembic() -> str | None:
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


@pytest.mark.skipif(
    _alembic() is None or not os.environ.get("DBNAMELINT_TEST_PG"),
    reason="alembic or the test PostgreSQL is not set up",
)
def test_alembic_runs_no_docstring(tmp_path: Path) -> None:
    """The oracle: ``alembic upgrade head`` makes ``users`` and ``tasks``, no ``*docbad``."""
    import psycopg

    alembic = _alembic()
    assert alembic is not None
    dsn = os.environ["DBNAMELINT_TEST_PG"]
    name = f"s36_superset_doc_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        versions = tmp_path / "alembic" / "versions"
        versions.mkdir(parents=True)
        (versions / "0001_init.py").write_text(INIT)
        (versions / "0002_docs.py").write_text(DOCS)
        (tmp_path / "alembic" / "env.py").write_text(
            "from alembic import context\nfrom sqlalchemy import create_engine\n"
            "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
            "with engine.begin() as connection:\n"
            "    context.configure(connection=connection)\n"
            "    with context.begin_transaction():\n"
            "        context.run_migrations()\n"
        )
        url = psycopg.conninfo.conninfo_to_dict(dsn)
        url_text = (
            f"postgresql+psycopg2://{url.get('user', 'postgres')}@{url.get('host', '127.0.0.1')}"
            f":{url.get('port', 5432)}/{name}"
        )
        (tmp_path / "alembic.ini").write_text(
            f"[alembic]\nscript_location = {tmp_path / 'alembic'}\nsqlalchemy.url = {url_text}\n"
        )
        command = [alembic, "-c", str(tmp_path / "alembic.ini"), "upgrade", "head"]
        subprocess.run(command, check=True, capture_output=True)
        with psycopg.connect(psycopg.conninfo.make_conninfo(dsn, dbname=name)) as conn:
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            }
        assert {"users", "tasks"} <= tables
        assert not {t for t in tables if "docbad" in t.lower()}, tables
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
