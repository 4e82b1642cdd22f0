"""A Django migrations folder in ``paths:`` whose settings name several
databases (confirmation s32).

Without ``dialect:``, the model reads the migrations as the first database
the settings name (tests/test_code_migration_dialect.py): PostgreSQL here,
SQLite when ``DB=sqlite``. ``manage.py migrate`` runs each migration on the
one the project runs on, so ``RunSQL("CREATE TABLE PingArchives ...")`` is
``pingarchives`` on PostgreSQL and ``PingArchives`` on SQLite. Before:

- the model held PostgreSQL's names and said nothing of SQLite;
- the gate (``check --base``, the hook) judged a new migration of the folder
  through the model alone, so the name SQLite keeps passed (with or without
  the ``dialect: postgres`` that ``init`` writes); so did a string of a
  function ``RunPython`` runs (``schema_editor.execute``, a branch on the
  connection's vendor), which the model does not read.

Now a ``DBN000`` warning at the settings' second ``ENGINE`` says the model
holds the first database's names and asks for ``dialect:``, and the gate
judges a new migration's strings on each database the settings name, as it
does a migration outside ``paths``.

Oracles: Django's own ``manage.py migrate`` on SQLite and on PostgreSQL 15
(the tables each makes), real git for the gate.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from oracle_tools import django_python

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MANAGE = """import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""
#: PostgreSQL by default, SQLite when DB says so (the second ENGINE: line 19).
SETTINGS = """import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "x"
INSTALLED_APPS = ["shop"]
USE_TZ = True
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.getenv("PG_NAME", "shop"),
        "HOST": os.getenv("PG_HOST", ""),
        "PORT": os.getenv("PG_PORT", ""),
        "USER": os.getenv("PG_USER", ""),
    }
}
if os.getenv("DB") == "sqlite":
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.getenv("DB_NAME", "x")}
    }
"""
INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Product",
            fields=[("id", models.AutoField(primary_key=True)), ("title", models.TextField())],
        ),
    ]
"""
NEW = "shop/migrations/0002_raw.py"
#: Unquoted: PostgreSQL folds it to pingarchives, SQLite keeps PingArchives.
RAW = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.RunSQL("CREATE TABLE PingArchives (id integer PRIMARY KEY)")]
"""
#: Strings of a RunPython function, one per vendor: the model reads neither.
BRANCHES = """from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('CREATE TABLE "PgArchives" (id integer)')
    else:
        schema_editor.execute("CREATE TABLE LiteArchives (id integer)")


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
"""
FILES = {
    "manage.py": MANAGE,
    "mysite/__init__.py": "",
    "mysite/settings.py": SETTINGS,
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": INITIAL,
}
CONFIG = "paths:\n  - shop/migrations\n"
#: The table case rule judging the stored name alone (``judge: catalog``), so
#: what PostgreSQL folds (``pingarchives``) passes there and a finding shows
#: the migration was judged on SQLite too (with the default ``judge:
#: written`` PostgreSQL flags the words ``PingArchives`` hides as well).
CATALOG = "rules:\n  table-name-wrong-case:\n    options: {judge: catalog}\n"
WARNING = "mysite/settings.py:19:31: DBN000 warning: the Django settings name several databases"


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("config", "said"),
    [
        (CONFIG, True),
        (CONFIG + "dialect: postgres\n", False),  # the user's word: nothing to say
    ],
)
def test_the_model_says_it_holds_the_first_databases_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, said: bool
) -> None:
    root = _write(tmp_path, {**FILES, "dbnamelint.yaml": config, NEW: RAW})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache"])
    assert "table pingarchives  (written PingArchives)" in result.output
    assert (WARNING in result.output) is said, result.output
    if said:
        assert (
            "the migrations of shop/migrations (2 files) are read as postgres (named "
            "outside an `if`, else first)" in result.output
        )
        assert "set `dialect:` to the database the project runs on" in result.output


def test_one_engine_says_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = SETTINGS.split('if os.getenv("DB")', maxsplit=1)[0]
    root = _write(tmp_path, {**FILES, "mysite/settings.py": one, "dbnamelint.yaml": CONFIG})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert "DBN000" not in result.output, result.output


def _gate(root: Path, path: str, text: str) -> list[tuple[int, str]]:
    """(exit code, output) of ``check --base HEAD`` and ``check --pre-commit``
    with ``text`` staged at ``path``."""
    (root / path).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    out = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        result = CliRunner().invoke(cli, ["check", "--no-cache", *run])
        out.append((result.exit_code, result.output))
    return out


@pytest.mark.parametrize(
    ("text", "errors"),
    [
        (RAW, [f'{NEW}:6:51: DBN101 table "PingArchives"']),
        (
            BRANCHES,
            [f'{NEW}:6:45: DBN101 table "PgArchives"', f'{NEW}:8:45: DBN101 table "LiteArchives"'],
        ),
    ],
    ids=["runsql", "runpython-branches"],
)
def test_the_gate_judges_a_new_migration_on_each_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, errors: list[str]
) -> None:
    files = {**FILES, "dbnamelint.yaml": CONFIG + CATALOG}
    root = committed_repo(tmp_path / "shop", files, monkeypatch)
    for status, output in _gate(root, NEW, text):
        assert status == 1, output
        for error in errors:
            assert error in output, output


def test_a_configured_dialect_is_the_models_not_the_gates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``dialect: postgres`` (what ``init`` writes: the first the settings
    name) picks the model's database; ``migrate`` still runs the migration on
    whichever the project runs on, and the gate judges it on each, as it does
    a migration outside ``paths``."""
    files = {**FILES, "dbnamelint.yaml": CONFIG + "dialect: postgres\n" + CATALOG}
    root = committed_repo(tmp_path / "shop", files, monkeypatch)
    for status, output in _gate(root, NEW, RAW):
        assert status == 1, output
        assert f'{NEW}:6:51: DBN101 table "PingArchives"' in output
        assert "DBN000" not in output
    for status, output in _gate(root, NEW, BRANCHES):
        assert status == 1, output
        assert 'DBN101 table "PgArchives"' in output
        assert 'DBN101 table "LiteArchives"' in output


def test_one_engine_runpythons_strings_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings naming PostgreSQL alone: the model does not read what
    RunPython runs, the gate reads it (the branch for another database never runs)."""
    one = SETTINGS.split('if os.getenv("DB")', maxsplit=1)[0]
    files = {**FILES, "mysite/settings.py": one, "dbnamelint.yaml": CONFIG}
    root = committed_repo(tmp_path / "shop", files, monkeypatch)
    for status, output in _gate(root, NEW, BRANCHES):
        assert status == 1, output
        assert f'{NEW}:6:45: DBN101 table "PgArchives"' in output
        assert "LiteArchives" not in output


def _sqlite_tables(root: Path, db: Path) -> set[str]:
    env = {**os.environ, "DB": "sqlite", "DB_NAME": str(db), "PYTHONPATH": str(root)}
    subprocess.run(
        [str(django_python()), "manage.py", "migrate", "-v", "0"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.skipif(django_python() is None, reason="no Python with Django")
def test_oracle_django_migrate_on_sqlite_and_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    """Django's migrate makes PingArchives on SQLite and pingarchives on
    PostgreSQL, and runs each vendor branch on its own database: what the
    gate judges on each, and the model (PostgreSQL's) holds pingarchives."""
    root = _write(tmp_path / "shop", {**FILES, "dbnamelint.yaml": CONFIG, NEW: RAW})
    (root / "shop/migrations/0003_branches.py").write_text(
        BRANCHES.replace('("shop", "0001_initial")', '("shop", "0002_raw")')
    )
    lite = _sqlite_tables(root, tmp_path / "shop.sqlite")
    assert {"PingArchives", "LiteArchives"} <= lite
    assert "PgArchives" not in lite
    info = dict(part.split("=", 1) for part in pg.conninfo.split() if "=" in part)
    with pg.fresh_database("dbn_django_engines") as name:
        env = {
            **os.environ,
            "PG_NAME": name,
            "PG_HOST": info.get("host", ""),
            "PG_PORT": info.get("port", ""),
            "PG_USER": info.get("user", ""),
            "PYTHONPATH": str(root),
        }
        env.pop("DB", None)
        subprocess.run(
            [str(django_python()), "manage.py", "migrate", "-v", "0"],
            cwd=root,
            env=env,
            check=True,
            capture_output=True,
        )
        made = set(pg.public_tables(name))
    assert {"pingarchives", "PgArchives"} <= made
    assert "LiteArchives" not in made and "litearchives" not in made
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache"])
    assert "table pingarchives  (written PingArchives)" in result.output


#: SQLite written first, in the branch an environment variable picks;
#: PostgreSQL, in the ``else``, is what the project runs on by default.
SQLITE_FIRST = """import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "x"
INSTALLED_APPS = ["shop"]
if os.environ.get("USE_SQLITE"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"}}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "shop"}}
"""


def test_init_takes_the_database_the_settings_use_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` wrote ``dialect: sqlite`` for these settings, the first
    ``ENGINE`` written, though Django runs PostgreSQL unless ``USE_SQLITE``
    is set (confirmation s32); the one named outside an ``if`` body comes
    first. Oracle: Django's own ``connection.vendor`` with no variable set."""
    root = _write(tmp_path, {**FILES, "mysite/settings.py": SQLITE_FIRST})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "Dialect: postgres (read from" in result.output, result.output
    assert "\ndialect: postgres\n" in (root / "dbnamelint.yaml").read_text()
    python = django_python()
    if python is None:
        pytest.skip("no Python with Django")
    env = {k: v for k, v in os.environ.items() if k != "USE_SQLITE"}
    vendor = subprocess.run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; print(connection.vendor)",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert vendor[-1] == "postgresql"  # after Django 5.2's "N objects imported" line
