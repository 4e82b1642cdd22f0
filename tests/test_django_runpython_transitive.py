"""RunPython code whose DDL runs in a function another function calls (session 34).

A migration's ``RunPython(forward)`` with ``forward`` imported from a module
of the project was read one level deep: what ``forward`` itself runs. When
``forward`` calls a helper that module imports from another one
(``api/steps.py``: ``from api.ddl import make_table``), Django runs the
helper's DDL all the same (``manage.py migrate`` on SQLite made
``"DeepTbl"``), while the gate passed it in silence and the model lacked it
unsaid. The calls are followed transitively through the project's modules
(and the migration's own functions), each function once, so a cycle of
imports or calls ends.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from dbnamelint.django_names import runpython_unread
from django_oracle import SETTINGS, migrate
from git_helpers import git
from oracle_tools import django_python
from test_gate_django_operations import NEW, _gate, _repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MIGRATION = """from django.db import migrations
{imports}


class Migration(migrations.Migration):
    dependencies = [{depends}]
    operations = [
        migrations.RunPython({code}, migrations.RunPython.noop),
    ]
"""
#: ``forward`` runs no DDL itself: the helper it imports from ``ddl`` does.
STEPS = """from {package}.ddl import make_table
from {package} import ddl


def forward(apps, schema_editor):
    make_table(schema_editor)


def forward_attr(apps, schema_editor):
    ddl.make_table(schema_editor)


def looping(apps, schema_editor):
    ddl.again(schema_editor)


def data(apps, schema_editor):
    ddl.touch(schema_editor)
"""
DDL = """from {package} import steps


def make_table(editor):
    editor.execute('CREATE TABLE "DeepTbl" (id integer)')


def again(editor):
    # calls back into the module importing this one: a cycle of calls and imports
    steps.looping(None, editor)
    make_table(editor)


def touch(editor):
    editor.execute("UPDATE api_seen SET n = 1 WHERE 1 = 0")
"""
#: The migration's own function calling the imported helper.
OWN = """

def own(apps, schema_editor):
    make_table(schema_editor)
"""


def _modules(folder: Path, package: str) -> None:
    (folder / "steps.py").write_text(STEPS.format(package=package))
    (folder / "ddl.py").write_text(DDL.format(package=package))


CASES = [
    pytest.param("from {package}.steps import forward", "forward", id="imported-helper"),
    pytest.param("from {package} import steps", "steps.forward_attr", id="module-attribute"),
    pytest.param("from {package}.steps import looping", "looping", id="cycle"),
    pytest.param("from {package}.ddl import make_table" + OWN, "own", id="own-function"),
]


@pytest.mark.parametrize(("imports", "code"), CASES)
def test_the_helpers_ddl_is_said_not_dropped(tmp_path: Path, imports: str, code: str) -> None:
    folder = tmp_path / "api"
    (folder / "migrations").mkdir(parents=True)
    _modules(folder, "api")
    path = folder / "migrations" / "0001_x.py"
    text = MIGRATION.format(imports=imports.format(package="api"), depends="", code=code)
    path.write_text(text)
    said = runpython_unread(text, str(path))
    assert [w for _at, w in said if "execute()" in w], said
    assert all(text[at:].startswith(("make_table", code)) for at, _w in said), said


def test_a_data_only_helper_chain_is_not_said(tmp_path: Path) -> None:
    folder = tmp_path / "api"
    (folder / "migrations").mkdir(parents=True)
    _modules(folder, "api")
    path = folder / "migrations" / "0001_x.py"
    text = MIGRATION.format(imports="from api.steps import data", depends="", code="data")
    path.write_text(text)
    assert runpython_unread(text, str(path)) == []


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_runs_the_helpers_ddl(tmp_path: Path) -> None:
    """The oracle: ``manage.py migrate`` on SQLite runs the helper two
    modules away (``"DeepTbl"`` in ``sqlite_master``)."""
    python = django_python()
    assert python is not None
    (tmp_path / "api").mkdir()
    _modules(tmp_path / "api", "api")
    text = MIGRATION.format(imports="from api.steps import forward", depends="", code="forward")
    migrate(tmp_path, python, {"0001_x.py": text}, SETTINGS.format(apps='"api"', extra=""))
    with sqlite3.connect(tmp_path / "app.db") as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert "DeepTbl" in {r[0] for r in rows}


@pytest.mark.parametrize(("imports", "code"), CASES)
@pytest.mark.parametrize("how", [("--base", "HEAD"), ("--pre-commit",)])
def test_the_gate_refuses_the_helpers_ddl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imports: str, code: str, how: tuple[str, ...]
) -> None:
    """A new migration running ``CREATE TABLE "DeepTbl"`` through the chain:
    ``DBN013`` (its names are not read), where before the gate passed."""
    root = _repo(tmp_path, monkeypatch)
    _modules(root / "hc/api", "hc.api")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "migration helpers")
    depends = '("api", "0124_rename_phase_api")'
    imports = imports.format(package="hc.api")
    (root / NEW).write_text(MIGRATION.format(imports=imports, depends=depends, code=code))
    git(root, "add", "-A")
    status, found = _gate(*how)
    assert status == 1, found
    assert ("DBN013", NEW, "", "error") in found, found
