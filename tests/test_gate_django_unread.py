"""A Django migration the readers cannot follow is said, never skipped (trial s32 netbox, A).

Each of these passed the gate and the real pre-commit hook in silence, while
``manage.py migrate`` on PostgreSQL made the names:

- a migration Python's ``ast`` (the Python dbnamelint runs on) cannot parse:
  a PEP 701 f-string of Python 3.12 read by 3.11, a plain syntax error. It is
  a ``DBN004`` error at the syntax error;
- ``django.contrib.postgres.indexes``' ``GinIndex``, ``GistIndex``,
  ``HashIndex``, ``BTreeIndex``, ``BrinIndex``, ``SpGistIndex``,
  ``BloomIndex`` in ``AddIndex`` and ``ExclusionConstraint`` in
  ``AddConstraint``: read as the SQL Django emits (``PostgresIndex.create_sql``:
  ``CREATE INDEX "name" ON "table" USING <suffix> (...)``;
  ``ExclusionConstraint``: ``ALTER TABLE ... ADD CONSTRAINT "name" EXCLUDE
  USING gist (...)``; the trial's oracle showed ``"Circuit_CFD_Gin" gin`` and
  ``"CircuitHashBad" hash`` in ``\\d circuits_circuit``); any other class, a
  ``DBN013`` error in the gate;
- operations built by a comprehension or a loop: ``DBN013``;
- a one-line ``RenameModel``/``DeleteModel`` whose SQL is longer than the
  call's text was dropped (``layout.ok=False``); it is laid past the call's
  line instead (sqlmigrate: ``ALTER TABLE "abcdefgh_provider" RENAME TO
  "abcdefgh_providerkind"``, ``DROP TABLE "abcdefgh_circuit" CASCADE``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from dbnamelint.code_ddl_text import ddl_strings, for_database, sql_view
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql
from git_helpers import git
from test_gate_django_operations import NEW, _gate, _repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = """from django.db import migrations, models
import django.contrib.postgres.constraints
from django.contrib.postgres.indexes import BTreeIndex, GinIndex, GistIndex, HashIndex
"""
DEPENDS = """

class Migration(migrations.Migration):
    dependencies = [("api", "0124_rename_phase_api")]
    operations = [
"""
#: Python 3.12's f-string (PEP 701): a SyntaxError on 3.11 and older.
PY312 = 'LABEL = f"{"check"} index"\n'
PLAIN_ERROR = "LABEL = (1,\n"
ADD_INDEX = (
    '        migrations.AddIndex(model_name="check", '
    'index=models.Index(fields=["status"], name="CheckStatusIdx")),\n'
)


def _new(body: str, before: str = "") -> str:
    return HEAD + before + DEPENDS + body + "    ]\n"


def _by_path(found: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str]]:
    return [(c, name, s) for c, p, name, s in found if p == NEW]


@pytest.mark.parametrize(
    "before", [pytest.param(PLAIN_ERROR, id="syntax-error"), pytest.param(PY312, id="py312")]
)
def test_a_migration_python_cannot_parse_is_dbn004(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str
) -> None:
    if before == PY312 and sys.version_info >= (3, 12):
        pytest.skip("Python 3.12 parses PEP 701 f-strings")
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(_new(ADD_INDEX, before))
    git(root, "add", "-A")
    for mode in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = _gate(*mode)
        assert status == 1, (mode, found)
        assert ("DBN004", "", "error") in _by_path(found), (mode, found)


def test_the_dbn004_is_at_the_syntax_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dbnamelint.code_migrations import python_syntax_error

    text = _new(ADD_INDEX, "X = 1\nLABEL = (1,]\n")
    said = python_syntax_error("api/migrations/0002_x.py", text)
    assert said is not None and said.code == "DBN004"
    assert said.location.line == 5, said
    assert f"Python {sys.version_info[0]}.{sys.version_info[1]}." in said.message
    assert python_syntax_error("x.py", "X = 1\n") is None
    # outside the gate: the model's reading of a migration in paths: says it
    from dbnamelint.code_migrations import code_migration_text

    read = code_migration_text("api/migrations/0002_x.py", text)
    assert read is not None
    assert [(d.code, d.location.line) for d in read[1]] == [("DBN004", 5)], read[1]


@pytest.mark.parametrize(
    ("body", "code", "name"),
    [
        (
            '        migrations.AddIndex(model_name="check", '
            'index=GinIndex(fields=["status"], name="CheckGin")),\n',
            "DBN301",
            "CheckGin",
        ),
        (
            '        migrations.AddIndex(model_name="check", '
            'index=HashIndex(fields=["status"], name="CheckHash")),\n',
            "DBN301",
            "CheckHash",
        ),
        (
            '        migrations.AddIndex(model_name="check", '
            'index=GistIndex(fields=["status"], name="CheckGist")),\n',
            "DBN301",
            "CheckGist",
        ),
        (
            "        migrations.AddConstraint(model_name='check', constraint="
            "django.contrib.postgres.constraints.ExclusionConstraint("
            "name='CheckExcl', expressions=[('name', '=')])),\n",
            "DBN401",
            "CheckExcl",
        ),
    ],
)
def test_postgres_indexes_and_exclusion_constraints_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, code: str, name: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(_new(body))
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    assert (code, f"api_checks.{name}", "error") in _by_path(found), found


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            '        migrations.AddIndex(model_name="check", '
            'index=fancy.FancyIndex(fields=["status"], name="fancy_idx")),\n',
            id="unknown-index-class",
        ),
        pytest.param(
            '        migrations.AddConstraint(model_name="check", constraint=CONSTRAINT),\n',
            id="constraint-variable",
        ),
        pytest.param(
            '        *[migrations.AddField(model_name=m, name="LoopCol", '
            "field=models.IntegerField(null=True)) for m in ('check', 'flip')],\n",
            id="comprehension",
        ),
        pytest.param(
            '        *[migrations.AddField(model_name="check", name=n, '
            "field=models.IntegerField(null=True)) for n in ('a', 'b')],\n",
            id="comprehension-name",
        ),
    ],
)
def test_what_is_not_read_is_dbn013_in_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(_new(body))
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    assert ("DBN013", "", "error") in _by_path(found), found


INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(name='Provider', fields=[('id', models.BigAutoField(primary_key=True, serialize=False)), ('name', models.CharField(max_length=10))]),
        migrations.CreateModel(name='Circuit', fields=[('id', models.BigAutoField(primary_key=True, serialize=False)), ('provider', models.ForeignKey(on_delete=models.CASCADE, to='abcdefgh.provider'))]),
    ]
"""  # noqa: E501
ONE_LINE = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [('abcdefgh', '0001_initial')]
    operations = [
        migrations.DeleteModel(name='Circuit'),
        migrations.RenameModel(old_name='Provider', new_name='ProviderKind'),
    ]
"""


def test_a_one_line_operation_longer_than_its_sql_room_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "abcdefgh" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    files = {"0001_initial.py": INITIAL, "0002_rename.py": ONE_LINE}
    views = []
    for name, text in files.items():
        (folder / name).write_text(text)
        path = str(folder / name)
        views.append(sql_view(text, for_database(ddl_strings(path, text), "postgres")))
    schema = schema_from_sql("\n".join(views), dialect="postgres")
    tables = {o.name for o in schema.of_kind(ObjectKind.TABLE)}
    assert tables == {"abcdefgh_providerkind"}, tables
