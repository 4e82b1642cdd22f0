"""The last step of a Django squash passes the gate.

Django's manual ("Squashing migrations") says: once the squashed migration
is applied everywhere, delete the migrations it replaces, point the
migrations depending on them at the squashed one, and remove its
``replaces``. Each of those edits applied migrations, and the gate refused
every one (DBN025), so a team could not finish a squash without
``--no-verify``. Now they pass; deleting a migration nothing replaces, or
editing what one runs, is still refused. Oracle: Django's ``migrate`` on a
database that ran the old migrations applies nothing after the transition,
and on an empty one builds the same table.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import SETTINGS, run_migrate
from git_helpers import committed_repo, git
from oracle_tools import django_python

FOLDER = "api/migrations"
INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[("id", models.AutoField(primary_key=True))],
        ),
    ]
"""
NAME = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AddField("item", "name", models.CharField(max_length=9, default="")),
    ]
"""
SQUASHED = """from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [("api", "0001_initial"), ("api", "0002_item_name")]
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("name", models.CharField(max_length=9, default="")),
            ],
        ),
    ]
"""
SIZE = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0002_item_name")]
    operations = [
        migrations.AddField("item", "size", models.IntegerField(default=0)),
    ]
"""
BEFORE = {
    "0001_initial.py": INITIAL,
    "0002_item_name.py": NAME,
    "0001_squashed_0002_item_name.py": SQUASHED,
    "0003_item_size.py": SIZE,
}
#: The manual's transition: replaced files deleted, dependants re-pointed,
#: ``replaces`` removed.
AFTER = {
    "0001_squashed_0002_item_name.py": SQUASHED.replace(
        '    replaces = [("api", "0001_initial"), ("api", "0002_item_name")]\n', ""
    ),
    "0003_item_size.py": SIZE.replace("0002_item_name", "0001_squashed_0002_item_name"),
}


def _files(migrations: dict[str, str]) -> dict[str, str]:
    files = {
        "dbnamelint.yaml": f"dialect: postgres\npaths:\n  - {FOLDER}\n",
        "api/__init__.py": "",
        f"{FOLDER}/__init__.py": "",
    }
    files.update({f"{FOLDER}/{name}": text for name, text in migrations.items()})
    return files


def _gate() -> tuple[int, list[tuple[str, str]]]:
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["path"]) for d in report["diagnostics"] if d["severity"] == "error"]
    return result.exit_code, found + [(f["code"], f["path"]) for f in report["findings"]]


def _change(root: Path, migrations: dict[str, str]) -> None:
    for name in BEFORE:
        path = root / FOLDER / name
        if name in migrations:
            path.write_text(migrations[name])
        else:
            path.unlink()
    git(root, "add", "-A")


def test_the_squash_transition_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = committed_repo(tmp_path / "app", _files(BEFORE), monkeypatch)
    _change(root, AFTER)
    assert _gate() == (0, [])


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("0003_item_size.py", None),  # replaced by nothing
        ("0003_item_size.py", ("default=0", "default=1")),  # what it runs
    ],
)
def test_other_edits_of_applied_migrations_are_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, edit: tuple[str, str] | None
) -> None:
    root = committed_repo(tmp_path / "app", _files(BEFORE), monkeypatch)
    after = dict(AFTER)
    if edit is None:
        del after[name]
    else:
        after[name] = after[name].replace(*edit)
    _change(root, after)
    status, found = _gate()
    assert status == 1
    assert found == [("DBN025", f"{FOLDER}/{name}")]


def _write(root: Path, migrations: dict[str, str]) -> None:
    for name, text in _files(migrations).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _state(db: Path) -> tuple[list[str], set[str]]:
    with sqlite3.connect(db) as c:
        columns = c.execute("SELECT name FROM pragma_table_info('api_item') ORDER BY cid")
        applied = c.execute("SELECT name FROM django_migrations WHERE app = 'api'")
        return [r[0] for r in columns], {r[0] for r in applied}


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_applies_nothing_new_after_the_transition(tmp_path: Path) -> None:
    """The database that ran the old migrations is up to date after the
    transition (``migrate`` records nothing more); an empty one gets the same table."""
    python = django_python()
    assert python is not None
    settings = SETTINGS.format(apps='"api"', extra="")
    old, new = tmp_path / "old", tmp_path / "new"
    _write(old, BEFORE)
    run_migrate(old, python, settings)
    ran = _state(old / "app.db")
    for name in set(BEFORE) - set(AFTER):
        (old / FOLDER / name).unlink()
    _write(old, AFTER)
    run_migrate(old, python, settings)
    _write(new, AFTER)
    run_migrate(new, python, settings)
    assert _state(old / "app.db") == ran
    assert ran[0] == _state(new / "app.db")[0] == ["id", "name", "size"]
    # Django recorded the squashed migration with the ones it replaces
    assert "0001_squashed_0002_item_name" in ran[1]
