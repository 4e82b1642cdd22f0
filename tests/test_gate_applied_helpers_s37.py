"""An edit of code an applied Alembic revision or Django migration runs (session 37 F3, D1).

F3: superset's revisions call ``create_table`` of a shared module
(``migrations/shared/utils.py``); editing that helper changes what every
applied revision calling it does on a database built from now on, yet
passed ``check --base`` and the hook (only an edit of the revision itself
was ``DBN025``). D1: a Django migration's ``RunPython`` function edited in
the migration (no DDL string changed) or in a module it imports passed
too. Now each is ``DBN025`` at the applied migration's call; a helper
change no applied migration reaches, and an edit of reverse code only,
say nothing.

Oracles: real git (the base commit; the index for ``--pre-commit``) and
Alembic itself (``test_alembic_runs_the_edited_helper``: a new database
gets the edited helper's table, the one that ran the revision keeps the old).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from alembic_oracle import needs_alembic, upgrade_command
from cli_json import run_cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

UTILS = "app/migrations/shared/utils.py"
UTILS_TEXT = """from alembic import op

from app.migrations.shared.columns import id_column

PREFIX = ""


def create_table(table_name, *columns, **kw):
    op.create_table(PREFIX + table_name, id_column(), *columns, **kw)


def unused_helper(name):
    op.drop_table(name)
"""
COLUMNS = "app/migrations/shared/columns.py"
COLUMNS_TEXT = """import sqlalchemy as sa


def id_column():
    return sa.Column("id", sa.Integer, primary_key=True)
"""
REVISION = "app/migrations/versions/0001_init.py"
REVISION_TEXT = '''"""init"""
import sqlalchemy as sa

from app.migrations.shared.utils import create_table

revision = "0001"
down_revision = None


def upgrade():
    # dbnamelint: ignore[DBN013] checked by hand
    create_table("users", sa.Column("name", sa.String(50)))


def downgrade():
    pass
'''
HELPERS = "dj/shop/helpers.py"
HELPERS_TEXT = """def fill(apps, schema_editor):
    Item = apps.get_model("shop", "Item")
    Item.objects.update(name="a")


def index(apps, schema_editor):
    schema_editor.execute("CREATE INDEX item_name_idx ON shop_item (name)")
"""
MIGRATION = "dj/shop/migrations/0001_initial.py"
MIGRATION_TEXT = """import os

from django.db import migrations, models

from shop.helpers import fill, index


def own(apps, schema_editor):
    Item = apps.get_model("shop", "Item")
    Item.objects.filter(name="").delete()


def back(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[
                ("id", models.AutoField(primary_key=True)),
                ("name", models.CharField(max_length=50)),
            ],
        ),
        migrations.RunPython(own, back),
        migrations.RunPython(fill),
        migrations.RunPython(index),
    ]
"""
FILES = {
    "dbnamelint.yaml": "dialect: postgres\npaths:\n  - app/migrations/versions\n"
    "  - dj/shop/migrations\n",
    "app/__init__.py": "",
    "app/migrations/__init__.py": "",
    "app/migrations/shared/__init__.py": "",
    UTILS: UTILS_TEXT,
    COLUMNS: COLUMNS_TEXT,
    REVISION: REVISION_TEXT,
    "dj/shop/__init__.py": "",
    "dj/shop/migrations/__init__.py": "",
    HELPERS: HELPERS_TEXT,
    MIGRATION: MIGRATION_TEXT,
}
#: (file edited, old, new, (the applied migration, the start of its line the
#: DBN025 is at, the callee there as written))
EDITS = {
    "helper body": (
        UTILS,
        "PREFIX + table_name, id_column()",
        '"Bad" + table_name, id_column()',
        (REVISION, '    create_table("users"', "create_table"),
    ),
    "helper constant": (
        UTILS,
        'PREFIX = ""',
        'PREFIX = "app_"',
        (REVISION, '    create_table("users"', "create_table"),
    ),
    "transitive helper": (
        COLUMNS,
        '"id"',
        '"Id"',
        (REVISION, '    create_table("users"', "create_table"),
    ),
    "helper deleted": (
        UTILS,
        "def create_table(",
        "def make_table(",
        (REVISION, '    create_table("users"', "create_table"),
    ),
    "RunPython helper": (
        HELPERS,
        'name="a"',
        'name="b"',
        (MIGRATION, "        migrations.RunPython(fill)", "fill"),
    ),
    "RunPython own code": (
        MIGRATION,
        'filter(name="")',
        'filter(name="-")',
        (MIGRATION, '    Item.objects.filter(name="-")', ""),
    ),
}


def _gate(*more: str) -> tuple[int, list[tuple[str, str, int, int, str]]]:
    status, report, _ = run_cli("check", "--base", "HEAD", *more, "--no-cache", "--format", "json")
    found = [
        (d["code"], d["path"], d["line"], d["column"], d["severity"])
        for d in report["diagnostics"]
        if d["severity"] != "info" or d["code"] == "DBN025"
    ]
    found += [(f["code"], f["path"], f["line"], f["column"], "finding") for f in report["findings"]]
    return status, found


def test_the_committed_tree_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing changed: nothing said (a Django RunPython helper's note named
    the base's temporary folder, so every committed one was "new")."""
    committed_repo(tmp_path / "app", FILES, monkeypatch)
    for run in ((), ("--pre-commit",)):
        assert _gate(*run) == (0, []), run


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_an_applied_migration_runs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    path, old, new, (applied, at, callee) = EDITS[edit]
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    text = FILES[path].replace(old, new)
    assert text != FILES[path]
    (root / path).write_text(text)
    git(root, "add", "-A")
    lines = (root / applied).read_text().split("\n")
    line = next(n for n, row in enumerate(lines, 1) if row.startswith(at))
    # at the call; the migration itself edited: at its edited line
    column = lines[line - 1].index(callee) + 1 if callee else 1
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        assert found == [("DBN025", applied, line, column, "error")], run
    if path == applied:
        return
    # reviewed by hand: the comment the change adds to the module accepts it
    (root / path).write_text("# dbnamelint: ignore[DBN025] fresh installs only\n" + text)
    git(root, "add", "-A")
    status, found = _gate("--pre-commit", "--verbose")
    assert (status, [f[-1] for f in found]) == (0, ["info"]), found


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (UTILS, "op.drop_table(name)", "op.drop_table(name.lower())"),  # no migration reaches it
        (UTILS, "def unused_helper", "def another(): pass\n\n\ndef unused_helper"),
        (MIGRATION, "def back(apps, schema_editor):\n    pass", "def back(apps, editor):\n    1"),
        (HELPERS, "def fill(", "# the shop's data\ndef fill("),
        (MIGRATION, "import os\n", ""),  # an unused import (a linter's fix)
    ],
)
def test_what_no_applied_migration_runs_forward_is_no_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    text = FILES[path].replace(old, new)
    assert text != FILES[path]
    (root / path).write_text(text)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        assert _gate(*run) == (0, []), run


@needs_alembic
def test_alembic_runs_the_edited_helper(tmp_path: Path) -> None:
    """The oracle: the applied revision, unchanged, makes the helper's new
    table on a new database, while the database that ran it keeps the old."""
    for rel, text in FILES.items():
        if rel.startswith("app/"):
            (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / rel).write_text(text)

    def upgrade(database: str) -> set[str]:
        url = f"sqlite:///{tmp_path / database}"
        scripts = tmp_path / "app/migrations"
        command = upgrade_command(tmp_path / "alembic.ini", scripts, url, sys_path=tmp_path)
        subprocess.run(command, check=True, capture_output=True)
        with sqlite3.connect(tmp_path / database) as db:
            rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return {r[0] for r in rows} - {"alembic_version"}

    assert upgrade("old.db") == {"users"}
    edited = UTILS_TEXT.replace("PREFIX + table_name", '"Bad" + table_name')
    (tmp_path / UTILS).write_text(edited)
    assert upgrade("old.db") == {"users"}  # ran: nothing runs again
    assert upgrade("new.db") == {"Badusers"}
