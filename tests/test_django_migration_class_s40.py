"""A Django migration: a module of ``migrations/`` defining ``Migration`` (trial s40 paperless).

Django's loader (``MigrationLoader.load_disk``) imports every module of the
package but ``_``/``~`` ones and takes its ``Migration`` attribute, whatever
the class derives from. dbnamelint knew a migration by the text
``migrations.Migration``, so these two passed the gate and the real
pre-commit hook unread (``files read`` one short), while ``manage.py
migrate`` made their camelCase column:

- ``from django.db import migrations as m`` and ``class Migration(m.Migration)``;
- ``from django.db.migrations import Migration as Base`` and ``class Migration(Base)``.

Oracle: Django's own ``migrate`` on SQLite makes the column ``retryCount``
from each file.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.code_migrations import code_migration_kind
from django_oracle import SETTINGS, migrate
from git_helpers import committed_repo, git
from oracle_tools import django_python

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FOLDER = "api/migrations"
INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Check",
            fields=[("id", models.AutoField(primary_key=True))],
            options={"db_table": "api_checks"},
        ),
    ]
"""
BODY = """

class Migration({base}):
    dependencies = [("api", "0001_initial")]
    operations = [
        {ops}.AddField(model_name="check", name="retryCount", field=models.IntegerField(null=True)),
    ]
"""
#: The two spellings the trial's gate let through, as (imports, base, operations module).
SPELLINGS = {
    "alias": (
        "from django.db import migrations as m\nfrom django.db import models\n",
        "m.Migration",
        "m",
    ),
    "base": (
        "from django.db import migrations, models\n"
        "from django.db.migrations import Migration as Base\n",
        "Base",
        "migrations",
    ),
}


def _second(spelling: str) -> str:
    imports, base, ops = SPELLINGS[spelling]
    return imports + BODY.format(base=base, ops=ops)


def _gate(*args: str) -> tuple[int, set[tuple[str, str]]]:
    result = CliRunner().invoke(cli, ["check", *args, "--no-cache", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = {(f["code"], f["name"]) for f in report["findings"] if f.get("new", True)}
    return result.exit_code, found


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_a_migration_class_of_any_base_is_judged_by_the_gate(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "proj",
        {
            "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: sqlite\n",
            "api/__init__.py": "",
            f"{FOLDER}/__init__.py": "",
            f"{FOLDER}/0001_initial.py": INITIAL,
        },
        monkeypatch,
    )
    (root / FOLDER / "0002_retry.py").write_text(_second(spelling))
    git(root, "add", "-A")
    for mode in (("--base", "HEAD"), ("--pre-commit",), ()):
        status, found = _gate(*mode)
        assert status == 1, (mode, found)
        assert ("DBN201", "retryCount") in found, (mode, found)


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_django_itself_runs_such_a_migration(spelling: str, tmp_path: Path) -> None:
    python = django_python()
    if python is None:
        pytest.skip("Django is not installed (DBNAMELINT_TEST_DJANGO)")
    migrate(
        tmp_path,
        python,
        {"0001_initial.py": INITIAL, "0002_retry.py": _second(spelling)},
        SETTINGS.format(apps='"api"', extra=""),
    )
    with sqlite3.connect(tmp_path / "app.db") as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(api_checks)")}
    assert "retryCount" in columns
    assert code_migration_kind(f"{FOLDER}/0002_retry.py", _second(spelling)) == "django"


def test_a_module_without_migration_or_named_with_underscore_is_no_migration() -> None:
    # Django's loader skips _/~ modules; a module defining no Migration is none
    assert code_migration_kind(f"{FOLDER}/_base.py", "class Migration:\n    pass\n") is None
    helper = "def forward(apps, editor):\n    pass\n"
    assert code_migration_kind(f"{FOLDER}/helpers.py", helper) is None
