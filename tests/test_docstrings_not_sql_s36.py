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
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from alembic_oracle import needs_alembic_and_pg, scratch_pg_database, upgrade_command
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


@needs_alembic_and_pg
def test_alembic_runs_no_docstring(tmp_path: Path) -> None:
    """The oracle: ``alembic upgrade head`` makes ``users`` and ``tasks``, no ``*docbad``."""
    import psycopg

    with scratch_pg_database("s36_superset_doc") as (conninfo, url):
        versions = tmp_path / "alembic" / "versions"
        versions.mkdir(parents=True)
        (versions / "0001_init.py").write_text(INIT)
        (versions / "0002_docs.py").write_text(DOCS)
        command = upgrade_command(tmp_path / "alembic.ini", tmp_path / "alembic", url)
        subprocess.run(command, check=True, capture_output=True)
        with psycopg.connect(conninfo) as conn:
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            }
        assert {"users", "tasks"} <= tables
        assert not {t for t in tables if "docbad" in t.lower()}, tables
