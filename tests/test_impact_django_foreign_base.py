"""``dbnamelint impact`` on Django models whose base comes from outside the
project (``class Note(SoftDeleteModel)``, the base a third-party abstract
model): the app's migrations, which create a model of the class's name,
tell the class a model. Trial s38 finding I1 (paperless-ngx's
``documents_note`` had no reference).

The oracle is Django itself: the third-party package lives outside the
repository (on ``PYTHONPATH`` only), ``makemigrations`` writes the app's
first migration, a hand-written ``RenameModel`` migration is checked by
``makemigrations --check`` (no change left) and ``migrate``, and each
model's ``_meta.db_table`` and field columns are the expected targets.

Searches run through the real ``git grep``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from git_helpers import commit_all, init_repo, isolated_git_env, write_files
from oracle_tools import django_python

#: The third-party package: outside the repository, an abstract model.
SOFTDELETE = """\
from django.db import models


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField(null=True)

    class Meta:
        abstract = True
"""

MODELS = """\
from django.db import models
from softdel.models import SoftDeleteModel


class Note(SoftDeleteModel):
    body = models.TextField()


class PinnedNote(Note):  # multi-table inheritance below a foreign-based model
    rank = models.IntegerField()


class {memo}(SoftDeleteModel):
    text = models.TextField()


class NoteHelper:  # no base: never a model
    pass
"""

RENAME = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RenameModel(old_name="Memo", new_name="Comment")]
"""

SETTINGS = (
    'SECRET_KEY = "x"\nINSTALLED_APPS = ["documents"]\nUSE_TZ = True\n'
    'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "app.db"}}\n'
    'DEFAULT_AUTO_FIELD = "django.db.models.AutoField"\n'
)

ORACLE = """\
import json
import django
django.setup()
from django.apps import apps
print(json.dumps({
    m.__name__: [m._meta.db_table, [f.column for f in m._meta.local_fields]]
    for m in apps.get_models()
}))
"""


def _django(root: Path, site: Path, python: str, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings",
        "PYTHONPATH": f"{root}{os.pathsep}{site}",
    }
    done = subprocess.run(
        [python, *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, list[object]]]:
    python = django_python()
    if python is None:
        pytest.skip("no Python with Django (DBNAMELINT_TEST_DJANGO)")
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    site = tmp_path / "site"
    write_files(site, {"softdel/__init__.py": "", "softdel/models.py": SOFTDELETE})
    root = tmp_path / "repo"
    root.mkdir()
    write_files(
        root,
        {
            "settings.py": SETTINGS,
            "documents/__init__.py": "",
            "documents/migrations/__init__.py": "",
            "documents/models.py": MODELS.format(memo="Memo"),
        },
    )
    _django(root, site, python, "-m", "django", "makemigrations", "documents")
    # The model renamed, as a RenameModel migration; Django finds nothing left to migrate.
    write_files(
        root,
        {
            "documents/models.py": MODELS.format(memo="Comment"),
            "documents/migrations/0002_rename.py": RENAME,
        },
    )
    _django(root, site, python, "-m", "django", "makemigrations", "--check", "--dry-run")
    _django(root, site, python, "-m", "django", "migrate")
    made = sqlite3.connect(root / "app.db")
    try:
        tables = {r[0] for r in made.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        made.close()
    (root / "app.db").unlink()
    found: dict[str, list[object]] = json.loads(_django(root, site, python, "-c", ORACLE))
    assert {str(v[0]) for v in found.values()} <= tables
    entries = [
        f"  - {{kind: table, name: {v[0]}, phase: '1', target: {v[0]}s}}\n" for v in found.values()
    ]
    entries += [
        f"  - {{kind: column, name: {v[0]}.{c}, phase: '1', target: {c}2}}\n"
        for v in found.values()
        for c in v[1]  # type: ignore[attr-defined]
        if c != "id" and not str(c).endswith("_ptr_id")
    ]
    write_files(
        root,
        {
            # The migrations are the schema, as in a Django project: not searched, still read.
            "dbnamelint.yaml": "paths: [documents/migrations]\ndialect: sqlite\n",
            "whitelist.yaml": "phases:\n  - {id: '1', title: L, status: open}\nentries:\n"
            + "".join(entries),
        },
    )
    init_repo(root)
    commit_all(root, "app")
    monkeypatch.chdir(root)
    return root, found


def test_a_model_with_a_third_party_base_is_its_app_table(
    repo: tuple[Path, dict[str, list[object]]],
) -> None:
    root, found = repo
    assert {k: v[0] for k, v in found.items()} == {
        "Note": "documents_note",
        "PinnedNote": "documents_pinnednote",
        "Comment": "documents_comment",
    }
    impact = collect_impact(load_settings(root, None, (), (), ()), root)
    at_models = sorted(
        (r.line, r.name, r.target.name, r.confidence, r.context)
        for r in impact.references
        if r.path == "documents/models.py" and r.context.startswith("Django model")
    )
    model, field = "Django model (convention)", "Django model field (convention)"
    assert at_models == [
        (5, "Note", "documents_note", "high", model),
        (6, "body", "documents_note.body", "high", field),
        (9, "PinnedNote", "documents_pinnednote", "high", model),
        (10, "rank", "documents_pinnednote.rank", "high", field),
        (13, "Comment", "documents_comment", "high", model),
        (14, "text", "documents_comment.text", "high", field),
    ]
