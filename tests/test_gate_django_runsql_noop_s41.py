"""Django's ``RunSQL.noop`` runs no SQL: the gate does not refuse it (trial s41 healthchecks).

``migrations.RunSQL(migrations.RunSQL.noop, reverse_sql=...)`` is Django's
documented way to write a step with nothing to do forward
(django/db/migrations/operations/special.py: ``noop = ""``). The gate took
the attribute for SQL the code builds (``DBN013`` error, "its names cannot
be checked") and refused an honest migration.

Oracles: Django's own ``manage.py migrate`` on SQLite (the migration
applies and ``sqlite_master`` is what it was before it), real git (the base
commit and the index). A ``RunSQL`` given a name bound to nothing written
in the file is still refused (the control).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import SETTINGS, migrate
from git_helpers import committed_repo, git
from oracle_tools import django_python

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIRST = (
    "from django.db import migrations, models\n\n\n"
    "class Migration(migrations.Migration):\n"
    "    initial = True\n"
    "    dependencies = []\n"
    "    operations = [\n"
    "        migrations.CreateModel(\n"
    "            name='Check',\n"
    "            fields=[('id', models.AutoField(primary_key=True)),"
    " ('slug', models.TextField())],\n"
    "            options={'db_table': 'api_checks'},\n"
    "        ),\n"
    "    ]\n"
)
#: The forms a project writes the no-op in, each as a second migration.
FORMS = {
    "positional_with_reverse": (
        "from django.db import migrations\n\n\n",
        "migrations.RunSQL(migrations.RunSQL.noop, migrations.RunSQL.noop)",
    ),
    "keyword": (
        "from django.db import migrations\n\n\n",
        "migrations.RunSQL(sql=migrations.RunSQL.noop, reverse_sql='SELECT 1')",
    ),
    "imported_class": (
        "from django.db import migrations\nfrom django.db.migrations import RunSQL\n\n\n",
        "RunSQL(RunSQL.noop, reverse_sql=RunSQL.noop)",
    ),
}
NEW = "api/migrations/0002_noop.py"


def _second(imports: str, operation: str) -> str:
    return (
        imports + "class Migration(migrations.Migration):\n"
        "    dependencies = [('api', '0001_initial')]\n"
        f"    operations = [\n        {operation},\n    ]\n"
    )


def _schema(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'django_%' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
    return [(str(n), str(s)) for n, s in rows]


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_runs_nothing_for_the_noop(tmp_path: Path) -> None:
    python = django_python()
    assert python is not None
    value = subprocess.run(
        [python, "-c", "from django.db import migrations; print(repr(migrations.RunSQL.noop))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert value == "''"
    settings = SETTINGS.format(apps='"api"', extra="")
    migrate(tmp_path / "one", python, {"0001_initial.py": FIRST}, settings)
    before = _schema(tmp_path / "one" / "app.db")
    assert [n for n, _ in before] == ["api_checks"]
    for form, (imports, operation) in FORMS.items():
        root = tmp_path / form
        files = {"0001_initial.py": FIRST, "0002_noop.py": _second(imports, operation)}
        migrate(root, python, files, settings)
        assert _schema(root / "app.db") == before, form


def _gate(*more: str) -> tuple[int, list[tuple[str, str]]]:
    args = ["check", *(more or ("--base", "HEAD")), "--no-cache", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["severity"]) for d in report["diagnostics"]]
    return result.exit_code, found


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_gate_passes_a_noop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    root = committed_repo(
        tmp_path / "hc",
        {"dbnamelint.yaml": 'paths: ["api/migrations"]\n', "api/migrations/0001_initial.py": FIRST},
        monkeypatch,
    )
    (root / NEW).write_text(_second(*FORMS[form]))
    git(root, "add", "-A")
    for mode in ((), ("--pre-commit",)):
        status, found = _gate(*mode)
        assert status == 0, found
        assert not [c for c, _ in found if c == "DBN013"], found


def test_sql_the_code_builds_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "hc",
        {"dbnamelint.yaml": 'paths: ["api/migrations"]\n', "api/migrations/0001_initial.py": FIRST},
        monkeypatch,
    )
    imports = "import os\nfrom django.db import migrations\n\n\n"
    (root / NEW).write_text(_second(imports, "migrations.RunSQL(os.environ['SQL'])"))
    git(root, "add", "-A")
    status, found = _gate()
    assert status == 1, found
    assert ("DBN013", "error") in found, found
