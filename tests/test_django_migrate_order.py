"""Django migrations are replayed in the order ``migrate`` runs them.

Django's ``migrate`` (``MigrationExecutor.migration_plan`` of
``graph.leaf_nodes()``) walks each app's latest migration, sorted by
``(app, name)``, depth first, taking the greatest ``(app, name)``
dependency first (``MigrationGraph.iterative_dfs``). Any order that keeps the
dependencies is not it: trial s36 netbox, where ``core.0017`` (an
``AddField`` on ``core_objectchange``) was read before ``extras.0117``, which
renames ``extras_objectchange`` to that name, and two DBN010 notes blamed
the files for an order Django does not run.

Oracle: Django's own ``manage.py showmigrations --plan`` of the same apps
(``DBNAMELINT_TEST_DJANGO``).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from dbnamelint.code_migrations import ordered
from oracle_tools import django_python

MIGRATION = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [{deps}]

    operations = [{ops}]
"""


def _migration(deps: list[tuple[str, str]], ops: str = "") -> str:
    return MIGRATION.format(deps=", ".join(f"({a!r}, {n!r})" for a, n in deps), ops=ops)


CREATE = (
    "migrations.CreateModel(name='{model}', fields=[('id', models.AutoField(primary_key=True))])"
)
#: netbox's shape: core's later migration needs extras' move, which needs
#: core's first; a second app's chain is interleaved, and a third app
#: (``alpha``) sorts before both.
APPS = {
    "core/migrations/0001_initial.py": _migration([], CREATE.format(model="Job")),
    "core/migrations/0002_job_note.py": _migration([("core", "0001_initial")]),
    "core/migrations/0003_after_move.py": _migration(
        [("core", "0002_job_note"), ("extras", "0002_move")]
    ),
    "extras/migrations/0001_initial.py": _migration([], CREATE.format(model="Change")),
    "extras/migrations/0002_move.py": _migration(
        [("extras", "0001_initial"), ("core", "0001_initial")]
    ),
    "extras/migrations/0003_more.py": _migration(
        [("extras", "0002_move"), ("alpha", "__latest__")]
    ),
    "alpha/migrations/0001_initial.py": _migration([], CREATE.format(model="Thing")),
    "alpha/migrations/0002_next.py": _migration([("alpha", "0001_initial"), ("core", "__first__")]),
}


def _tree(root: Path) -> None:
    for rel, text in APPS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    for app in ("core", "extras", "alpha"):
        (root / app / "__init__.py").write_text("")
        (root / app / "migrations" / "__init__.py").write_text("")


def _ours(root: Path) -> list[str]:
    paths = sorted(str(root / rel) for rel in APPS)
    out = ordered(paths, lambda p: p)
    return [f"{Path(p).parent.parent.name}.{Path(p).stem}" for p in out]


@pytest.mark.skipif(
    django_python() is None, reason="DBNAMELINT_TEST_DJANGO names no Python with Django"
)
def test_django_migrations_are_read_in_the_order_migrate_runs_them(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "settings.py").write_text(
        'INSTALLED_APPS = ["core", "extras", "alpha"]\n'
        f"DATABASES = {{'default': {{'ENGINE': 'django.db.backends.sqlite3', "
        f"'NAME': {str(tmp_path / 'db.sqlite3')!r}}}}}\n"
        "SECRET_KEY = 'x'\n"
    )
    python = django_python()
    assert python is not None
    done = subprocess.run(
        [python, "-m", "django", "showmigrations", "--plan", "--settings", "settings"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    plan = re.findall(r"^\[ \]\s+(\w+)\.(\w+)$", done.stdout, re.M)
    django = [f"{app}.{name}" for app, name in plan]
    assert len(django) == len(APPS)
    assert _ours(tmp_path) == django


def test_a_dependency_cycle_keeps_every_migration(tmp_path: Path) -> None:
    """Django refuses a cycle; the reader still reads each file once."""
    files = {
        "a/migrations/0001_initial.py": _migration([("b", "0001_initial")]),
        "b/migrations/0001_initial.py": _migration([("a", "0001_initial")]),
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    paths = sorted(str(tmp_path / rel) for rel in files)
    assert sorted(ordered(paths, lambda p: p)) == paths
