"""SQL a Django migration keeps in a module constant and runs with ``RunSQL(NAME)`` is read.

(trial s42 plane.)
``INDEX_SQL = \"\"\"CREATE INDEX "issueSearchIdx" ...\"\"\"`` at the top of a
migration and ``migrations.RunSQL(INDEX_SQL, ...)`` in its operations was
``DBN013`` ("SQL the code builds or reads when it runs"): the index was
missing from the model, and in a new migration the gate refused the call
as not read while it judged the constant's names where they are written.
Now the constant's SQL is read as run at the call, as an Alembic
revision's ``op.execute(NAME)`` is (tests/test_alembic_module_constant_sql_s41.py).

Oracle: Django 5.2's ``manage.py migrate`` on PostgreSQL 15 (the index
made); the gate runs in real git (``check --base HEAD``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import FOLDER, SETTINGS, migrate, write_app
from git_helpers import commit_all, committed_repo
from oracle_tools import django_python
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Issue",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=80)),
            ],
            options={"db_table": "issues"},
        ),
    ]
"""
SEARCH = '''from django.db import migrations

INDEX_SQL = """
CREATE INDEX "issueSearchIdx" ON issues (name);
"""


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.RunSQL(INDEX_SQL, reverse_sql=migrations.RunSQL.noop),
    ]
'''
MIGRATIONS = {"0001_initial.py": INITIAL, "0002_search.py": SEARCH}


def test_the_constant_is_in_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_app(tmp_path, MIGRATIONS)
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: [{FOLDER}]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--verbose"])
    # located at the call, where Django runs it
    assert "0002_search.py:12:" in result.output and "issueSearchIdx" in result.output, (
        result.output
    )
    assert "DBN013" not in result.output, result.output


def test_the_gate_judges_the_constant_and_refuses_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        f"{FOLDER}/__init__.py": "",
        f"{FOLDER}/0001_initial.py": INITIAL,
        "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    (root / FOLDER / "0002_search.py").write_text(SEARCH, encoding="utf-8")
    commit_all(root, "search index")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD~1"])
    assert result.exit_code == 1, result.output
    assert 'DBN301 index "issues.issueSearchIdx"' in result.output, result.output
    assert "DBN013" not in result.output, result.output


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_migrate_makes_the_index(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    with pg.fresh_database("dbn_s42_runsql_constant") as database:
        settings = SETTINGS.format(apps='"api"', extra="")
        migrate(tmp_path, python, MIGRATIONS, settings, f"{pg.conninfo} dbname={database}")
        rows = pg.query_json(
            "SELECT indexname AS n FROM pg_indexes WHERE tablename = 'issues'", dbname=database
        )
    assert {r["n"] for r in rows} == {"issues_pkey", "issueSearchIdx"}
