"""A Django migration's SQL is read in each dialect the project's settings name,
and a branch on the connection's vendor in that vendor's alone (trial s30 healthchecks).

healthchecks runs on SQLite by default and on PostgreSQL or MySQL when the
``DB`` variable says so (``hc/settings.py``): ``manage.py migrate`` runs every
migration on whichever it is. The gate read ``RunSQL`` strings as the
configured ``dialect: postgres`` only, so ``CREATE TABLE PingArchives`` passed
(PostgreSQL folds the name) while SQLite, the default, keeps it so; a string
for MySQL behind ``if schema_editor.connection.vendor == "mysql":`` was read
as PostgreSQL; and a string MySQL refuses passed unsaid.

The same holds for an Alembic revision's branch on SQLAlchemy's dialect
(``op.get_bind().dialect.name == "mysql"``).

Oracles: Django's own ``manage.py migrate`` on SQLite (the table keeps its
case in ``sqlite_master``) and on PostgreSQL (each vendor branch runs on its
database alone), MariaDB (refuses the double-quoted name), real git.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from oracle_tools import django_python

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = 'paths: ["db"]\ndialect: postgres\n'
SCHEMA = "CREATE TABLE api_checks (id SERIAL PRIMARY KEY, slug TEXT NOT NULL);\n"
MANAGE = """import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hc.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""
#: As healthchecks' hc/settings.py chooses its database.
SETTINGS = """import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "x"
INSTALLED_APPS = ["hc.api"]
USE_TZ = True
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.getenv("DB_NAME", str(BASE_DIR / "hc.sqlite")),
    }
}
if os.getenv("DB") == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.getenv("PG_NAME", "hc"),
            "HOST": os.getenv("PG_HOST", ""),
            "PORT": os.getenv("PG_PORT", ""),
            "USER": os.getenv("PG_USER", ""),
            "PASSWORD": os.getenv("PG_PASSWORD", ""),
        }
    }
if os.getenv("DB") in ["mysql", "mariadb"]:
    DATABASES = {"default": {"ENGINE": "django.db.backends.mysql", "NAME": "hc"}}
"""
INITIAL = """from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.RunSQL("CREATE TABLE api_checks (id integer PRIMARY KEY, slug text)"),
    ]
"""
NEW = "hc/api/migrations/0002_x.py"
HEAD = (
    "from django.db import migrations\n\n\n"
    "class Migration(migrations.Migration):\n"
    '    dependencies = [("api", "0001_initial")]\n'
    "    operations = [\n"
)
#: The trial's case: PostgreSQL folds the names, SQLite (the default) keeps them.
UNQUOTED = (
    HEAD + '        migrations.RunSQL("CREATE TABLE PingArchives (id integer PRIMARY KEY, '
    'pingKind varchar(10))"),\n    ]\n'
)
#: A name in double quotes: MySQL (no ANSI_QUOTES) reads a string there and refuses it.
DOUBLE_QUOTED = (
    HEAD + "        migrations.RunSQL('CREATE TABLE \"ping_archives\" (id integer)'),\n    ]\n"
)
#: Each branch's SQL in its own database's dialect.
BRANCHES = """from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "mysql":
        schema_editor.execute("ALTER TABLE api_checks ADD COLUMN `lastPing` integer")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE api_checks ADD COLUMN "last_ping" integer')
    else:
        schema_editor.execute("ALTER TABLE api_checks ADD COLUMN last_ping integer")


def only_pg(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute('CREATE INDEX "CheckSlugIdx" ON api_checks (slug)')


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [migrations.RunPython(forwards), migrations.RunPython(only_pg)]
"""
#: A branch for SQLite whose SQL SQLite cannot read (two commas), beside one for PostgreSQL.
UNREADABLE_BRANCH = """from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("CREATE TABLE ping_notes (id integer,, note text)")
    else:
        schema_editor.execute("CREATE TABLE ping_notes (id integer, note text)")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [migrations.RunPython(forwards)]
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str = SETTINGS) -> Path:
    return committed_repo(
        tmp_path / "hc",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            "manage.py": MANAGE,
            "hc/__init__.py": "",
            "hc/settings.py": settings,
            "hc/api/__init__.py": "",
            "hc/api/migrations/__init__.py": "",
            "hc/api/migrations/0001_initial.py": INITIAL,
        },
        monkeypatch,
    )


def _gate(repo: Path, migration: str) -> list[tuple[str, int, str]]:
    (repo / NEW).write_text(migration, encoding="utf-8")
    git(repo, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["line"], d["message"])
        for d in report["diagnostics"]
        if d["severity"] == "error"
    ]
    found += [
        (f["code"], f["line"], f["message"])
        for f in report["findings"]
        if f.get("new", True) and f["severity"] == "error"
    ]
    return sorted(found)


def test_settings_name_the_engines(tmp_path: Path) -> None:
    from dbnamelint.django_vendor import settings_families

    (tmp_path / "manage.py").write_text(MANAGE, encoding="utf-8")
    (tmp_path / "hc").mkdir()
    (tmp_path / "hc/settings.py").write_text(SETTINGS, encoding="utf-8")
    migration = tmp_path / NEW
    assert settings_families(migration, tmp_path) == ("sqlite", "postgres", "mysql")
    # A settings package: the module manage.py names and the files beside it.
    (tmp_path / "hc/settings.py").unlink()
    (tmp_path / "hc/settings").mkdir()
    (tmp_path / "hc/settings/base.py").write_text(
        'DATABASES = {"default": {"ENGINE": "django.contrib.gis.db.backends.postgis"}}\n',
        encoding="utf-8",
    )
    (tmp_path / "hc/settings/production.py").write_text(
        "from .base import *\nimport dj_database_url\n"
        'DATABASES["default"] = dj_database_url.config(default="mysql://u@h/db")\n',
        encoding="utf-8",
    )
    (tmp_path / "manage.py").write_text(
        'import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "hc.settings.production"\n',
        encoding="utf-8",
    )
    assert settings_families(migration, tmp_path) == ("mysql", "postgres")


def test_unquoted_names_are_judged_as_sqlite_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch)
    found = _gate(repo, UNQUOTED)
    assert [(code, line) for code, line, _ in found] == [("DBN101", 7), ("DBN201", 7)], found
    assert "PingArchives" in found[0][2]
    # one finding for every database, worded as SQLite's (which keeps the name)
    assert "is not snake_case (in " in found[0][2]


def test_one_engine_postgres_folds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With PostgreSQL alone in the settings, the names are folded
    (``pingarchives``): judged by the words their capitals started, which the
    fold hides (``judge: written``, the default), not as a stored PascalCase."""
    only_pg = SETTINGS.split("DATABASES = {", 1)[0] + (
        'DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "hc"}}\n'
    )
    repo = _repo(tmp_path, monkeypatch, only_pg)
    found = _gate(repo, UNQUOTED)
    assert [(code, line) for code, line, _ in found] == [("DBN101", 7), ("DBN201", 7)], found
    assert "folds it to 'pingarchives'" in found[0][2]
    assert "folds it to 'pingkind'" in found[1][2]


def test_a_string_mysql_refuses_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, monkeypatch)
    found = _gate(repo, DOUBLE_QUOTED)
    assert [(code, line) for code, line, _ in found] == [("DBN004", 7)], found
    assert "read as mysql: Django runs this migration on each database" in found[0][2]


def test_vendor_branches_read_in_their_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch)
    found = _gate(repo, BRANCHES)
    # MySQL's backticks read as MySQL (no DBN004); the PostgreSQL-only index judged.
    assert [(code, line) for code, line, _ in found] == [("DBN201", 6), ("DBN301", 16)], found
    assert "lastPing" in found[0][2]
    assert "CheckSlugIdx" in found[1][2]


def test_vendor_guards_spans() -> None:
    from dbnamelint.django_vendor import allowed, vendor_guards

    guards = vendor_guards(BRANCHES)
    at = BRANCHES.index("ALTER TABLE api_checks ADD COLUMN `lastPing`")
    assert [k for k in ("postgres", "mysql", "sqlite") if allowed(guards, at, k)] == ["mysql"]
    at = BRANCHES.index("ALTER TABLE api_checks ADD COLUMN last_ping")
    assert [k for k in ("postgres", "mysql", "sqlite") if allowed(guards, at, k)] == ["sqlite"]
    at = BRANCHES.index('CREATE INDEX "CheckSlugIdx"')
    assert [k for k in ("postgres", "mysql", "sqlite") if allowed(guards, at, k)] == ["postgres"]


#: A branch for a database the settings do not name never runs: not read.
ORACLE_BRANCH = """from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "oracle":
        schema_editor.execute("CREATE TABLE ping_notes (id integer,, note text)")


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [migrations.RunPython(forwards)]
"""


def test_a_branch_for_a_database_not_run_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, monkeypatch)
    assert _gate(repo, ORACLE_BRANCH) == []


def test_an_unreadable_branch_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, monkeypatch)
    found = _gate(repo, UNREADABLE_BRANCH)
    assert [(code, line) for code, line, _ in found] == [("DBN004", 6)], found
    assert "read as sqlite" in found[0][2]


def _migrate_on_sqlite(tmp_path: Path, new: str) -> tuple[Path, dict[str, str]]:
    """The project (its first migration, then ``new`` at NEW) in
    ``tmp_path / "hc"``, migrated by Django's ``manage.py migrate`` on SQLite
    (``tmp_path / "hc.sqlite"``); its folder and the environment migrate ran in."""
    root = tmp_path / "hc"
    for rel, text in {
        "manage.py": MANAGE,
        "hc/__init__.py": "",
        "hc/settings.py": SETTINGS,
        "hc/api/__init__.py": "",
        "hc/api/migrations/__init__.py": "",
        "hc/api/migrations/0001_initial.py": INITIAL,
        NEW: new,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    env = {**os.environ, "DB_NAME": str(tmp_path / "hc.sqlite")}
    env.pop("DB", None)
    subprocess.run(
        [str(django_python()), "manage.py", "migrate", "-v", "0"], cwd=root, env=env, check=True
    )
    return root, env


@pytest.mark.skipif(django_python() is None, reason="django is not installed")
def test_oracle_django_migrate_on_sqlite_keeps_the_case(tmp_path: Path) -> None:
    """Django's own migrate on SQLite (the settings' default) creates the
    table as written: the names the gate judged."""
    _migrate_on_sqlite(tmp_path, UNQUOTED)
    with sqlite3.connect(tmp_path / "hc.sqlite") as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        columns = [r[1] for r in db.execute("PRAGMA table_info(PingArchives)")]
    assert "PingArchives" in tables
    assert columns == ["id", "pingKind"]


@pytest.mark.skipif(shutil.which("mariadb") is None, reason="the mariadb client is not installed")
def test_oracle_mariadb_refuses_the_double_quoted_name() -> None:
    url = os.environ.get("DBNAMELINT_TEST_MYSQL")
    if not url:
        pytest.skip("DBNAMELINT_TEST_MYSQL is not set")
    host_port = url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    done = subprocess.run(
        [
            "mariadb",
            "--no-defaults",
            "-h",
            host,
            "-P",
            port,
            "-u",
            "root",
            "-e",
            "CREATE DATABASE IF NOT EXISTS dbn_django_dialects; USE dbn_django_dialects; "
            'CREATE TABLE "ping_archives" (id integer)',
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "syntax" in done.stderr


ALEMBIC = """revision = "abcdef123456"
down_revision = None

from alembic import op


def upgrade():
    if op.get_bind().dialect.name == "mysql":
        op.execute("ALTER TABLE api_checks ADD COLUMN `lastPing` integer")
    else:
        op.execute("ALTER TABLE api_checks ADD COLUMN last_ping integer")
"""


def test_an_alembic_dialect_branch_is_read_in_its_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": CONFIG, "db/schema.sql": SCHEMA, "README.md": "x\n"},
        monkeypatch,
    )
    rel = "migrations/versions/abcdef123456_add_last_ping.py"
    (repo / rel).parent.mkdir(parents=True)
    (repo / rel).write_text(ALEMBIC, encoding="utf-8")
    git(repo, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    errors = [(d["code"], d["line"]) for d in report["diagnostics"] if d["severity"] == "error"]
    errors += [(f["code"], f["line"]) for f in report["findings"] if f["severity"] == "error"]
    assert sorted(errors) == [("DBN201", 9)], report


def _conninfo() -> dict[str, str] | None:
    conninfo = os.environ.get("DBNAMELINT_TEST_PG")
    if not conninfo:
        return None
    return dict(part.split("=", 1) for part in conninfo.split() if "=" in part)


@pytest.mark.skipif(django_python() is None, reason="django is not installed")
def test_oracle_django_runs_each_vendor_branch_on_its_database(tmp_path: Path) -> None:
    """Django's migrate runs the MySQL branch nowhere here, the PostgreSQL
    index on PostgreSQL alone, the else branch on SQLite."""
    info = _conninfo()
    if info is None:
        pytest.skip("DBNAMELINT_TEST_PG is not set")
    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    root, env = _migrate_on_sqlite(tmp_path, BRANCHES)
    with sqlite3.connect(tmp_path / "hc.sqlite") as db:
        sqlite_columns = [r[1] for r in db.execute("PRAGMA table_info(api_checks)")]
        sqlite_indexes = [r[1] for r in db.execute("PRAGMA index_list(api_checks)")]
    assert sqlite_columns == ["id", "slug", "last_ping"]
    assert "CheckSlugIdx" not in sqlite_indexes
    admin = {k: v for k, v in info.items() if k != "dbname"}
    name = "dbn_django_dialects"
    with psycopg.connect(**admin, dbname="postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        pg_env = {
            **env,
            "DB": "postgres",
            "PG_NAME": name,
            "PG_HOST": info.get("host", ""),
            "PG_PORT": info.get("port", ""),
            "PG_USER": info.get("user", ""),
            "PG_PASSWORD": info.get("password", ""),
        }
        subprocess.run(
            [str(django_python()), "manage.py", "migrate", "-v", "0"],
            cwd=root,
            env=pg_env,
            check=True,
        )
        with psycopg.connect(**admin, dbname=name) as conn:
            columns = [
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = 'api_checks' ORDER BY ordinal_position"
                )
            ]
            indexes = [
                r[0]
                for r in conn.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'api_checks'"
                )
            ]
    finally:
        with psycopg.connect(**admin, dbname="postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    assert columns == ["id", "slug", "last_ping"]
    assert "CheckSlugIdx" in indexes
