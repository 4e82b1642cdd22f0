"""``migrate --write`` in a Django project whose settings name several databases.

Self-hosted Django apps often run on one of several engines an environment
variable picks (healthchecks' ``hc/settings.py``: ``DB = os.getenv("DB",
"sqlite")``, SQLite by default, ``django.db.backends.postgresql`` when
``DB=postgres``, ``django.db.backends.mysql`` when ``DB=mysql``; trial s41 F3).
``manage.py migrate`` runs a migration on whichever the project runs on, and
``--write`` wrote one dialect's SQL (the config's): SQLite's view triggers
(``CREATE TRIGGER ... BEGIN ... END``) fail on PostgreSQL. Now ``--write``
refuses (exit 2, one line at the settings' ENGINE naming the engines and what
to do, nothing written) when the settings name a database other than the
plan's; with no ``manage.py`` naming settings the plan says which SQL it holds.

Oracle: Django 5.2's ``manage.py migrate`` (``DBNAMELINT_TEST_DJANGO``). The
migration ``--write`` writes for the same project with the settings naming
SQLite alone applies on SQLite (``sqlite_master`` then holds the renamed table
and the compatibility view), and fails on PostgreSQL (``syntax error at or near
"BEGIN"``) and on MariaDB with those settings naming them: the refusal is right.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from oracle_tools import django_python
from pg_server import PgServer

MANAGE = """import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""
#: healthchecks' hc/settings.py (29b5ec25), its DATABASES part; PyMySQL
#: stands in for mysqlclient in the oracle's Python.
SETTINGS = """import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "x"
INSTALLED_APPS = ["hc.api"]
USE_TZ = True

DB = os.getenv("DB", "sqlite")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.getenv("DB_NAME", BASE_DIR / "hc.sqlite"),
    }
}

# You can switch database engine to postgres or mysql using environment
# variable 'DB'. Travis CI does this.
if DB == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": os.getenv("DB_HOST", ""),
            "PORT": os.getenv("DB_PORT", ""),
            "NAME": os.getenv("DB_NAME", "hc"),
            "USER": os.getenv("DB_USER", "postgres"),
            "PASSWORD": os.getenv("DB_PASSWORD", ""),
        }
    }

if DB == "mysql":
    import pymysql

    pymysql.version_info = (2, 2, 4, "final", 0)
    pymysql.install_as_MySQLdb()
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "HOST": os.getenv("DB_HOST", ""),
            "PORT": os.getenv("DB_PORT", ""),
            "NAME": os.getenv("DB_NAME", "hc"),
            "USER": os.getenv("DB_USER", "root"),
            "PASSWORD": os.getenv("DB_PASSWORD", ""),
        }
    }
"""
#: The settings naming SQLite alone (the DATABASES before the first ``if``).
SQLITE_ONLY = SETTINGS.split("# You can switch", maxsplit=1)[0]
INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Flip",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("processed", models.DateTimeField(null=True)),
            ],
            options={"db_table": "apiFlips"},
        ),
    ]
"""
MODELS = """from django.db import models


class Flip(models.Model):
    id = models.AutoField(primary_key=True)
    processed = models.DateTimeField(null=True)

    class Meta:
        db_table = "apiFlips"
"""
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - {kind: table, name: apiFlips, rules: [DBN101], phase: "1", target: api_flips}
"""
MIGRATIONS = Path("hc/api/migrations")

needs_django = pytest.mark.skipif(django_python() is None, reason="Django is not installed")


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, settings: str | None) -> Path:
    files = {
        "dbnamelint.yaml": f"paths:\n  - {MIGRATIONS.as_posix()}\ndialect: sqlite\n",
        "whitelist.yaml": WHITELIST,
        "hc/__init__.py": "",
        "hc/api/__init__.py": "",
        "hc/api/models.py": MODELS,
        "hc/api/migrations/__init__.py": "",
        "hc/api/migrations/0001_initial.py": INITIAL,
    }
    if settings is not None:
        files |= {"manage.py": MANAGE, "hc/settings.py": settings}
    return committed_repo(root, files, monkeypatch)


def _dbnamelint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _manage(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    python = django_python()
    assert python is not None
    return subprocess.run(
        [python, "manage.py", *args],
        cwd=root,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _settings_line(engine: str) -> int:
    """The line of ``hc/settings.py`` whose ENGINE literal names ``engine``."""
    lines = SETTINGS.splitlines()
    return next(n for n, line in enumerate(lines, 1) if f"backends.{engine}" in line)


def test_several_engines_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "hc", monkeypatch, SETTINGS)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    where = f"hc/settings.py:{_settings_line('postgresql')}:"
    lines = [line for line in output.splitlines() if where in line]
    assert len(lines) == 1, output
    assert "name several databases (sqlite, postgres, mysql)" in lines[0]
    assert "fails on postgres, mysql" in lines[0]
    assert "--dialect postgres" in lines[0] and "schema_editor.connection.vendor" in lines[0]
    assert "Traceback" not in output
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""


def test_another_engine_alone_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings naming PostgreSQL alone, a config saying SQLite."""
    settings = SETTINGS.replace("sqlite3", "postgresql").split("# You can switch")[0]
    root = _project(tmp_path / "hc", monkeypatch, settings)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert f"hc/settings.py:{_settings_line('sqlite3')}:" in output
    assert "the Django settings name postgres only, not sqlite" in output
    assert "set `dialect:`" in output
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""


def test_no_settings_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``manage.py``: written, and the plan says whose SQL it holds."""
    root = _project(tmp_path / "hc", monkeypatch, None)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    assert (root / MIGRATIONS / "0002_rename_phase_1.py").is_file()
    said = " ".join(output.split())
    assert "no `manage.py` above app api names a settings module" in said
    assert "it holds sqlite's SQL only" in said


@needs_django
def test_one_engines_migration_fails_on_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, maria: object
) -> None:
    """The oracle behind the refusal: what --write writes for SQLite (the
    settings naming it alone) applies on SQLite and fails on the engines the
    healthchecks-like settings also name."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    root = _project(tmp_path / "hc", monkeypatch, SQLITE_ONLY)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    written = root / MIGRATIONS / "0002_rename_phase_1.py"
    assert "CREATE TRIGGER" in written.read_text()
    (root / "hc" / "settings.py").write_text(SETTINGS)
    # the cleanup's SQL is one dialect's too: refused under these settings
    where = f"hc/settings.py:{_settings_line('postgresql')}:"
    status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
    assert status == 2 and where in output and "Traceback" not in output, output
    assert sorted(p.name for p in (root / MIGRATIONS).glob("0*.py")) == [
        "0001_initial.py",
        written.name,
    ]

    sqlite_db = str(tmp_path / "hc.sqlite")
    done = _manage(root, "migrate", DB_NAME=sqlite_db)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(sqlite_db) as db:
        kinds = dict(db.execute("SELECT name, type FROM sqlite_master WHERE name LIKE 'api%'"))
    assert kinds == {
        "api_flips": "table",
        "apiFlips": "view",
        **{f"apiFlips_{event}": "trigger" for event in ("insert", "update", "delete")},
    }

    info = dict(p.split("=", 1) for p in pg.conninfo.split())
    with pg.fresh_database("s42djangovendor_pg") as database:
        done = _manage(
            root,
            "migrate",
            DB="postgres",
            DB_NAME=database,
            DB_HOST=info.get("host", "127.0.0.1"),
            DB_PORT=info.get("port", "5432"),
            DB_USER=info.get("user", "postgres"),
            DB_PASSWORD=info.get("password", ""),
        )
        assert done.returncode != 0
        assert 'syntax error at or near "BEGIN"' in done.stderr, done.stderr
        assert "Applying api.0001_initial... OK" in done.stdout

    with maria.fresh_database("s42djangovendor_my") as database:
        done = _manage(
            root,
            "migrate",
            DB="mysql",
            DB_NAME=database,
            DB_HOST=maria.host,
            DB_PORT=str(maria.port),
            DB_USER=maria.user,
        )
        assert done.returncode != 0
        assert "You have an error in your SQL syntax" in done.stderr, done.stderr
        assert "Applying api.0001_initial... OK" in done.stdout
