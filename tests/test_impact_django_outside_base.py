"""``impact`` counts a Django model whose base is a third-party abstract model (trial s38).

paperless-ngx's ``class Note(SoftDeleteModel)`` (``SoftDeleteModel`` from
django-softdelete, an abstract model outside the project) reads the table
``documents_note``, but ``impact`` found no reference to it, while
``class Document(SoftDeleteModel, ModelWithOwner)`` (a local base) was
found. Here ``softdelete/base.py`` stands for the package: no model file
of the project, as site-packages is not. The oracle is Django itself
(``Model._meta.db_table`` and the fields' columns).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import committed_repo
from oracle_tools import django_python

FILES = {
    "softdelete/__init__.py": "",
    "softdelete/base.py": """from django.db import models


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField(null=True)

    class Meta:
        abstract = True
""",
    "notes/__init__.py": "",
    "notes/models.py": """from django.db import models
from softdelete.base import SoftDeleteModel


class Note(SoftDeleteModel):
    body = models.TextField()


class Draft(SoftDeleteModel):
    body = models.TextField()
""",
    "db/schema.sql": "CREATE TABLE notes_note (id integer PRIMARY KEY, deleted_at timestamp,"
    " body text);\nCREATE TABLE notes_draft (id integer PRIMARY KEY, body text);\n",
    "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    "whitelist.yaml": "entries:\n"
    '  - {kind: table, name: notes_note, phase: "1", target: notes_notes}\n'
    '  - {kind: column, name: notes_note.body, phase: "1", target: text_body}\n'
    "phases:\n  - {id: '1', title: one, status: open}\n",
}
ORACLE = """import json
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["notes"])
django.setup()
from notes.models import Note
print(json.dumps([Note._meta.db_table, [f.column for f in Note._meta.local_fields]]))
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(tmp_path / "repo", FILES, monkeypatch)


def test_django_names_the_table_and_column_so(repo: Path) -> None:
    python = django_python()
    if python is None:
        pytest.skip("no Python with Django (DBNAMELINT_TEST_DJANGO)")
    done = subprocess.run(
        [python, "-c", ORACLE], cwd=repo, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["notes_note", ["id", "deleted_at", "body"]]


def test_a_model_on_an_outside_base_is_its_conventional_table(repo: Path) -> None:
    settings = load_settings(repo, None, (), (), ())
    found = sorted(
        (r.path, r.line, r.column, r.name, r.target.name, r.context)
        for r in collect_impact(settings, repo).references
        if r.confidence == "high"
    )
    assert found == [
        ("notes/models.py", 5, 7, "Note", "notes_note", "Django model (convention)"),
        ("notes/models.py", 6, 5, "body", "notes_note.body", "Django model field (convention)"),
    ]
