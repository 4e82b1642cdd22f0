"""Code migrations named in ``paths:`` are read in the dialect their tool's own
configuration names when the config names none (confirmation s31, finding 1, 2).

A Django project ``dbnamelint init`` configured (its ``migrations`` folders in
``paths:``, no ``dialect:``) whose settings name SQLite was read as
PostgreSQL: ``RunSQL("CREATE TABLE PingArchives ...")`` passed the gate
(folded to ``pingarchives``) while ``manage.py migrate`` on SQLite makes
``PingArchives``. The same with Alembic's ``sqlalchemy.url = sqlite:///``
and Laravel's default connection. ``init`` now writes the dialect it read and
says where.

Oracles: Django's own ``manage.py migrate`` on SQLite (``sqlite_master``
keeps ``PingArchives``), real git for the gate.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from oracle_tools import django_python

MANAGE = """import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""
SETTINGS = """from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "x"
INSTALLED_APPS = ["shop"]
USE_TZ = True
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
"""
#: healthchecks' choice: SQLite by default, PostgreSQL when DB says so.
TWO_ENGINES = (
    SETTINGS
    + """import os

if os.getenv("DB") == "postgres":
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}}
"""
)
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
RAW = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.RunSQL("CREATE TABLE PingArchives (id integer PRIMARY KEY)")]
"""
DJANGO = {
    "manage.py": MANAGE,
    "mysite/__init__.py": "",
    "mysite/settings.py": SETTINGS,
    "shop/__init__.py": "",
    "shop/migrations/__init__.py": "",
    "shop/migrations/0001_initial.py": INITIAL,
}
CONFIG = "paths:\n  - shop/migrations\n"


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _tables(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> set[str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache", *args])
    objects = json.loads(result.stdout)["objects"]
    return {o["stored_name"] or o["name"] for o in objects if o["kind"] == "table"}


def test_django_migrations_in_paths_are_read_as_the_settings_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings name SQLite: the raw CREATE TABLE keeps its case (read as
    PostgreSQL it was ``pingarchives``), and ``check`` refuses it."""
    root = _write(
        tmp_path,
        {**DJANGO, "dbnamelint.yaml": CONFIG, "shop/migrations/0002_raw.py": RAW},
    )
    assert _tables(root, monkeypatch) == {"shop_product", "PingArchives"}
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--verbose"])
    assert 'shop/migrations/0002_raw.py:6:51: DBN101 table "PingArchives"' in result.output
    assert "dialects: sqlite (2 files)" in result.output


@pytest.mark.skipif(
    django_python() is None, reason="DBNAMELINT_TEST_DJANGO names no Python with Django"
)
def test_django_migrate_on_sqlite_makes_the_table_as_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The oracle live: ``manage.py migrate`` makes ``PingArchives`` in SQLite,
    as the files are read."""
    root = _write(
        tmp_path,
        {**DJANGO, "dbnamelint.yaml": CONFIG, "shop/migrations/0002_raw.py": RAW},
    )
    python = django_python()
    assert python is not None
    subprocess.run(
        [python, "manage.py", "migrate", "-v", "0"],
        check=True,
        capture_output=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    with sqlite3.connect(root / "db.sqlite3") as db:
        made = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"shop_product", "PingArchives"} <= made
    assert _tables(root, monkeypatch) <= made


def test_a_dialect_the_config_names_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``dialect:`` is the user's word: the settings' engine is read only without one."""
    root = _write(
        tmp_path,
        {
            **DJANGO,
            "dbnamelint.yaml": CONFIG + "dialect: postgres\n",
            "shop/migrations/0002_raw.py": RAW,
        },
    )
    assert _tables(root, monkeypatch) == {"shop_product", "pingarchives"}


def test_the_gate_refuses_a_new_django_migration_in_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --base``, as the hook runs it, on init's config: refused."""
    repo = committed_repo(tmp_path / "app", {**DJANGO, "dbnamelint.yaml": CONFIG}, monkeypatch)
    (repo / "shop/migrations/0002_raw.py").write_text(RAW, encoding="utf-8")
    git(repo, "add", "-A")
    commit_all(repo, "raw")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD~1", "--no-cache"])
    assert result.exit_code == 1, result.output
    assert 'DBN101 table "PingArchives"' in result.output


@pytest.mark.parametrize(
    ("config", "table"),
    [
        (CONFIG, "PingArchives"),  # none named: the first the settings name
        (CONFIG + "dialect: postgres\n", "pingarchives"),  # one named: the config's
    ],
)
def test_settings_naming_several_engines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, table: str
) -> None:
    root = _write(
        tmp_path,
        {
            **DJANGO,
            "mysite/settings.py": TWO_ENGINES,
            "dbnamelint.yaml": config,
            "shop/migrations/0002_raw.py": RAW,
        },
    )
    assert table in _tables(root, monkeypatch)


ALEMBIC_INI = "[alembic]\nscript_location = alembic\nsqlalchemy.url = sqlite:///app.db\n"
REVISION = '''"""raw

Revision ID: bbb222
Revises:
"""
from alembic import op

revision = "bbb222"
down_revision = None


def upgrade():
    op.execute("CREATE TABLE PingArchives (id integer PRIMARY KEY)")


def downgrade():
    op.execute("DROP TABLE PingArchives")
'''
ENV_PY = 'URL = "mysql+pymysql://u@localhost/app"\n'


@pytest.mark.parametrize(
    ("ini", "env", "table"),
    [
        (ALEMBIC_INI, "", "PingArchives"),
        (ALEMBIC_INI.replace("sqlite:///app.db", "postgresql://u@h/app"), "", "pingarchives"),
        # no URL in alembic.ini: env.py's literal one (MySQL keeps the case)
        (ALEMBIC_INI.replace("sqlalchemy.url = sqlite:///app.db\n", ""), ENV_PY, "PingArchives"),
    ],
)
def test_alembic_revisions_are_read_as_sqlalchemy_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ini: str, env: str, table: str
) -> None:
    root = _write(
        tmp_path,
        {
            "alembic.ini": ini,
            "alembic/env.py": env,
            "alembic/versions/bbb222_raw.py": REVISION,
            "dbnamelint.yaml": "paths:\n  - alembic/versions\n",
        },
    )
    assert _tables(root, monkeypatch) == {table}


DATABASE_PHP = """<?php

return [
    'default' => env('DB_CONNECTION', 'sqlite'),
    'connections' => [
        'sqlite' => [
            'driver' => 'sqlite',
            'database' => env('DB_DATABASE', database_path('database.sqlite')),
        ],
        'pgsql' => [
            'driver' => 'pgsql',
        ],
    ],
];
"""
LARAVEL = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        DB::statement('CREATE TABLE PingArchives (id integer PRIMARY KEY)');
    }

    public function down(): void
    {
    }
};
"""


@pytest.mark.parametrize(
    ("default", "table"), [("sqlite", "PingArchives"), ("pgsql", "pingarchives")]
)
def test_laravel_migrations_are_read_as_the_default_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, default: str, table: str
) -> None:
    root = _write(
        tmp_path,
        {
            "config/database.php": DATABASE_PHP.replace(
                "'DB_CONNECTION', 'sqlite'", f"'DB_CONNECTION', '{default}'"
            ),
            "database/migrations/2024_01_01_000000_raw.php": LARAVEL,
            "dbnamelint.yaml": "paths:\n  - database/migrations\n",
        },
    )
    assert _tables(root, monkeypatch) == {table}


def test_init_writes_the_dialect_the_settings_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _write(tmp_path, {**DJANGO, "shop/migrations/0002_raw.py": RAW})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert "Dialect: sqlite (read from the Django settings manage.py names)" in result.output
    assert "\ndialect: sqlite\n" in (root / "dbnamelint.yaml").read_text()


def test_init_writes_alembic_urls_dialect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _write(
        tmp_path,
        {
            "alembic.ini": ALEMBIC_INI,
            "alembic/env.py": "",
            "alembic/versions/bbb222_raw.py": REVISION,
        },
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert "Dialect: sqlite (read from alembic.ini)" in result.output
    assert "\ndialect: sqlite\n" in (root / "dbnamelint.yaml").read_text()


KYSELY = """import { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('assets').addColumn('id', 'integer').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assets').execute()
}
"""
KNEX = """exports.up = function (knex) {
  return knex.schema.createTable('assets', (table) => {
    table.increments('id')
  })
}

exports.down = function (knex) {
  return knex.schema.dropTable('assets')
}
"""


@pytest.mark.parametrize(("text", "tool"), [(KYSELY, "Kysely"), (KNEX, "Knex")])
def test_init_names_a_js_migrations_folder_the_gate_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, tool: str
) -> None:
    """A Kysely- or Knex-only tree: init said only "Found 0 SQL files"
    (confirmation s31, finding 3) though the gate judges the folder; then
    "check does not read" it. Now the folder is in ``paths:`` and read into
    the model, as Laravel's (tests/test_knexseq_model.py)."""
    root = _write(tmp_path, {"src/migrations/2025-01-01_init.ts": text})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert result.exit_code == 0, result.output
    assert f"Found 1 code migration: src/migrations (1 file, {tool} migrations)" in result.output
    assert "paths:\n  - src/migrations\n" in (root / "dbnamelint.yaml").read_text()
    inspect = CliRunner().invoke(cli, ["inspect"])
    assert "table assets" in inspect.output, inspect.output


DOCTRINE = """<?php

declare(strict_types=1);

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20250101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $table = $schema->createTable('UserSettings');
        $table->addColumn('id', 'integer');
    }

    public function down(Schema $schema): void
    {
    }
}
"""
SYMFONY_ENV = (
    '# DATABASE_URL="postgresql://app:x@127.0.0.1:5432/app"\n'
    'DATABASE_URL="mysql://app:x@127.0.0.1:3306/app?serverVersion=8.0"\n'
)


def test_doctrine_migrations_are_read_as_symfonys_database_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Symfony's committed ``.env`` names Doctrine's database: init writes it
    and says so (confirmation s31, finding 4: init said "no SQL file found"
    and left it commented out), and check reads the migrations in it."""
    root = _write(
        tmp_path,
        {
            "composer.json": "{}\n",
            ".env": SYMFONY_ENV,
            "migrations/Version20250101000000.php": DOCTRINE,
        },
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert "Dialect: mysql (read from .env's DATABASE_URL)" in result.output
    assert "\ndialect: mysql\n" in (root / "dbnamelint.yaml").read_text()
    (root / "dbnamelint.yaml").write_text('paths:\n  - "migrations/*.php"\n')
    check = CliRunner().invoke(cli, ["check", "--no-cache", "--verbose"])
    assert "dialects: mysql (1 file)" in check.output


def test_init_says_the_dialect_doctrine_migrations_are_read_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No DATABASE_URL: init leaves `dialect:` unset and says what check reads."""
    root = _write(tmp_path, {"migrations/Version20250101000000.php": DOCTRINE})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init", "."])
    assert (
        "Dialect: postgres (no `dialect:` written: check and the gate read the Doctrine "
        "migrations as postgres, the default: nothing in them shows another, nor does a "
        "DATABASE_URL; set `dialect:` if wrong)"
    ) in result.output
