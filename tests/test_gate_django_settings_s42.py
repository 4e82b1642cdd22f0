"""The gate reads a Django project's settings at the base too (trial s42 plane).

plane keeps its migrations in ``apps/api/plane/db/migrations`` and sets
``AUTH_USER_MODEL = "db.User"`` in ``apps/api/plane/settings/common.py``,
which the ``manage.py`` above names (``plane.settings.production``, a
``settings/`` package). The gate extracted only the configured ``paths``
of the base commit: there the settings were missing, the user model read
as Django's default ``auth.User``, and every foreign key to it named
``..._fk_auth_user_id``; so each whitelisted legacy name of such a key was
"new since base" (26 DBN901 errors on a tree that changed nothing).

Oracle: the documents (the adoption "passes the gate", docs/frameworks.md;
an entry is refused only for an object new since the base, docs/gate.md),
real git, and Django 5.2's ``migrate`` on PostgreSQL 15 for the constraint's
name (``Posts_author_id_db79b441_fk_members_id``: the key to ``members``, the
table of the settings' user model).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import SETTINGS, run_migrate, write_app
from git_helpers import commit_all, committed_repo, git
from oracle_tools import django_python
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MIGRATION = """import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Member",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
            ],
            options={"db_table": "members"},
        ),
        migrations.CreateModel(
            name="Post",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"db_table": "Posts"},
        ),
    ]
"""
#: A new model with a key to the user model, in a table of a bad name.
DRAFTS = """import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Draft",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"db_table": "Drafts"},
        ),
    ]
"""
API = "apps/api"
FOLDER = f"{API}/plane/api/migrations"
#: The names Django's migrate gives the key and its index (the oracle test).
KEY = "Posts_author_id_db79b441_fk_members_id"
INDEX = "Posts_author_id_db79b441"
FILES = {
    f"{API}/manage.py": (
        'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "plane.settings.production")\n'
    ),
    f"{API}/plane/__init__.py": "",
    f"{API}/plane/settings/__init__.py": "",
    f"{API}/plane/settings/common.py": (
        'INSTALLED_APPS = ["plane.api"]\nAUTH_USER_MODEL = "api.Member"\n'
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}\n'
    ),
    f"{API}/plane/settings/production.py": "from .common import *  # noqa\n",
    f"{API}/plane/api/__init__.py": "",
    f"{API}/plane/api/apps.py": (
        "from django.apps import AppConfig\n\n\nclass ApiConfig(AppConfig):\n"
        '    name = "plane.api"\n'
    ),
    f"{FOLDER}/__init__.py": "",
    f"{FOLDER}/0001_initial.py": MIGRATION,
}
CONFIG = f"paths: [{FOLDER}]\ndialect: postgres\n"


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args])
    return result.exit_code, result.output


def test_an_unchanged_adopted_project_passes_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "plane", FILES, monkeypatch)
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    status, output = _check()
    assert status == 1
    assert f'DBN401 constraint "Posts.{KEY}"' in output, output
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt dbnamelint")
    for run in (("--base", "HEAD~1"), ("--base", "HEAD"), ("--pre-commit",)):
        status, output = _check(*run)
        assert status == 0, (run, output)
        assert "DBN901" not in output, (run, output)


def test_a_new_key_to_the_user_model_is_still_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The base read with its settings still refuses what is new."""
    root = committed_repo(tmp_path / "plane", FILES, monkeypatch)
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    commit_all(root, "adopt dbnamelint")
    (root / FOLDER / "0002_drafts.py").write_text(DRAFTS, encoding="utf-8")
    git(root, "add", "-A")
    status, output = _check("--base", "HEAD")
    assert status == 1, output
    assert 'DBN101 table "Drafts"' in output, output
    assert "DBN901" not in output, output


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_names_the_key_after_the_settings_user_model(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    write_app(tmp_path, {"0001_initial.py": MIGRATION})
    with pg.fresh_database("dbn_s42_plane_settings") as database:
        settings = SETTINGS.format(apps='"api"', extra='AUTH_USER_MODEL = "api.Member"')
        run_migrate(tmp_path, python, settings, f"{pg.conninfo} dbname={database}")
        rows = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE conrelid = '\"Posts\"'::regclass"
            " UNION SELECT indexname FROM pg_indexes WHERE tablename = 'Posts'",
            dbname=database,
        )
    assert {r["n"] for r in rows} == {KEY, INDEX, "Posts_pkey"}
