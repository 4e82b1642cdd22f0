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
- operations built by a comprehension or a loop, an item of the operations
  list of a class not read (``CreateCollation``, a project's own): ``DBN013``;
  ``AddIndexConcurrently``/``AddConstraintNotValid``
  (``django.contrib.postgres.operations``) are read as ``AddIndex``/``AddConstraint``;
- DDL of ``RunPython`` forward code no string holds (``schema_editor.add_index(
  Model, models.Index(...))``, ``cursor.execute(build())``): ``DBN013``;
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
from django_oracle import SETTINGS, migrate, write_app
from git_helpers import git
from oracle_tools import django_python
from pg_server import PgServer
from test_gate_django_operations import NEW, _gate, _repo
from test_gate_django_swappable import _model_names, _pg_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = """from django.db import migrations, models
import django.contrib.postgres.constraints
from django.contrib.postgres.indexes import BTreeIndex, GinIndex, GistIndex, HashIndex
from django.contrib.postgres.operations import AddIndexConcurrently
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


RUNPYTHON = """from django.contrib.postgres.operations import CreateCollation


def forward(apps, editor):
    Check = apps.get_model("api", "Check")
    editor.add_index(Check, models.Index(fields=["status"], name="RunPyIdx"))


def opened(apps, schema_editor):
    from django.db import connection

    with connection.schema_editor() as other:
        other.create_model(apps.get_model("api", "Check"))


def built(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(open("x.sql").read())
"""


def _new(body: str, before: str = "") -> str:
    return HEAD + before + RUNPYTHON + DEPENDS + body + "    ]\n"


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
    assert said.location.line == HEAD.count("\n") + 2, said  # at "]"
    assert f"Python {sys.version_info[0]}.{sys.version_info[1]}." in said.message
    assert python_syntax_error("x.py", "X = 1\n") is None
    # outside the gate: the model's reading of a migration in paths: says it
    from dbnamelint.code_migrations import code_migration_text

    read = code_migration_text("api/migrations/0002_x.py", text)
    assert read is not None
    assert [(d.code, d.location.line) for d in read[1]] == [("DBN004", said.location.line)]


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
        (
            "        AddIndexConcurrently(model_name='check', "
            "index=models.Index(fields=['status'], name='CheckConc')),\n",
            "DBN301",
            "CheckConc",
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
        pytest.param(
            '        CreateCollation("natural_sort", provider="icu", locale="und-u-kn-true"),\n',
            id="unknown-listed-operation",
        ),
        pytest.param(
            "        migrations.RunPython(code=forward, reverse_code=migrations.RunPython.noop),\n",
            id="runpython-schema-editor",
        ),
        pytest.param(
            "        migrations.RunPython(built, migrations.RunPython.noop),\n",
            id="runpython-built-sql",
        ),
        pytest.param(
            "        migrations.RunPython(opened),\n",
            id="runpython-opened-schema-editor",
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


#: The contrib.postgres classes, each as Django's migrate makes it (sqlmigrate:
#: ``CREATE INDEX "CircuitGin" ON "api_circuit" USING gin ("data")``,
#: ``... EXCLUDE USING GIST ("cid" WITH =)``).
POSTGRES = {
    "0001_initial.py": """from django.db import migrations, models
import django.contrib.postgres.constraints
import django.contrib.postgres.fields.ranges
from django.contrib.postgres.indexes import (
    BrinIndex, BTreeIndex, GinIndex, GistIndex, HashIndex, SpGistIndex,
)
from django.contrib.postgres.operations import AddIndexConcurrently, BtreeGistExtension


class Migration(migrations.Migration):
    initial = True
    atomic = False
    dependencies = []
    operations = [
        BtreeGistExtension(),
        migrations.CreateModel(name='Circuit', fields=[('id', models.BigAutoField(primary_key=True, serialize=False)), ('cid', models.CharField(max_length=10)), ('data', models.JSONField(default=dict)), ('span', django.contrib.postgres.fields.ranges.IntegerRangeField(null=True))], options={'indexes': [GinIndex(fields=['data'], name='CircuitOptGin')]}),
        migrations.AddIndex(model_name='circuit', index=GinIndex(fields=['data'], name='CircuitGin')),
        migrations.AddIndex(model_name='circuit', index=HashIndex(fields=['cid'], name='CircuitHash')),
        migrations.AddIndex(model_name='circuit', index=BTreeIndex(fields=['cid'], name='CircuitBtree')),
        migrations.AddIndex(model_name='circuit', index=BrinIndex(fields=['id'], name='CircuitBrin')),
        migrations.AddIndex(model_name='circuit', index=GistIndex(fields=['span'], name='CircuitGist')),
        migrations.AddIndex(model_name='circuit', index=SpGistIndex(fields=['span'], name='CircuitSpGist')),
        AddIndexConcurrently(model_name='circuit', index=models.Index(fields=['cid'], name='CircuitConc')),
        migrations.AddConstraint(model_name='circuit', constraint=django.contrib.postgres.constraints.ExclusionConstraint(name='CircuitExcl', expressions=[('cid', '=')])),
    ]
""",  # noqa: E501
}


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_postgres_classes_make_the_names_django_makes(tmp_path: Path, pg: PgServer) -> None:
    python = django_python()
    assert python is not None
    apps = '"django.contrib.postgres", "api"'
    with pg.fresh_database("dbnamelint_django_pgindex") as database:
        settings = SETTINGS.format(apps=apps, extra="")
        migrate(tmp_path / "dj", python, POSTGRES, settings, f"{pg.conninfo} dbname={database}")
        made = _pg_names(pg, database)
    write_app(tmp_path / "files", POSTGRES)
    assert "CircuitGin" in made and "CircuitExcl" in made, made
    assert _model_names(tmp_path / "files", POSTGRES, "postgres") == made


def test_an_alembic_revision_python_cannot_parse_is_dbn004(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same for an Alembic revision: its ``upgrade()`` is read with ``ast`` too."""
    import test_gate_alembic_ops as alembic

    root = alembic._repo(tmp_path, monkeypatch)
    broken = alembic.NEW_TEXT.replace("def upgrade():", "LABEL = (1,]\n\n\ndef upgrade():")
    (root / alembic.NEW).write_text(broken, encoding="utf-8")
    git(root, "add", "-A")
    code, found = alembic._diagnostics()
    assert code == 1
    line = broken.split("\n").index("LABEL = (1,]") + 1
    assert [(c, ln) for c, p, ln, *_ in found if p == alembic.NEW] == [("DBN004", line)], found


CUSTOM_RUNSQL = """

class AddLegacyColumn(migrations.RunSQL):
    def __init__(self):
        super().__init__('ALTER TABLE api_checks ADD COLUMN "customCol" integer NULL')
"""


def test_a_runsql_subclass_of_the_file_is_read_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An item of the operations list of a class the file derives from
    ``RunSQL`` runs its strings, which are read: its name is judged, and the
    operation is no ``DBN013`` (trial s32 netbox: a custom RunSQL subclass)."""
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(_new("        AddLegacyColumn(),\n", CUSTOM_RUNSQL))
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    mine = _by_path(found)
    assert ("DBN201", "api_checks.customCol", "error") in mine, found
    assert not [c for c, *_ in mine if c == "DBN013"], found


DATA_ONLY = """

def data(apps, schema_editor):
    Check = apps.get_model("api", "Check")
    Check.objects.filter(status=None).update(status="new")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("UPDATE api_checks SET name = %s WHERE name IS NULL", ["x"])
        cursor.execute(QUERY, [1])
    schema_editor.execute("CREATE INDEX api_checks_name_idx ON api_checks (name)")


QUERY = "UPDATE api_checks SET status = 'old' WHERE id = %s"
"""


def test_runpython_data_code_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """RunPython code running data changes, or DDL written in a string with
    good names, is no DBN013: only what no string holds is."""
    root = _repo(tmp_path, monkeypatch)
    body = "        migrations.RunPython(data, migrations.RunPython.noop),\n"
    (root / NEW).write_text(_new(body, DATA_ONLY))
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 0, found


CUSTOM_COL = "'ALTER TABLE api_checks ADD COLUMN \"customCol\" integer NULL'"
#: A module of the project a migration imports from (``hc/api/migration_ops.py``).
OPS_MODULE = """from django.db import connection, migrations, models


class ProjectRunSQL(migrations.RunSQL):
    '''The project's RunSQL: Django runs it as RunSQL (its SQL the migration's argument).'''


class LoggedRunSQL(ProjectRunSQL):
    pass


class AddLegacyColumn(migrations.RunSQL):
    def __init__(self):
        super().__init__('ALTER TABLE api_checks ADD COLUMN "moduleCol" integer NULL')


class NotSQL:
    pass


DDL = 'CREATE TABLE "ImportedTbl" (id int)'


def add_index(apps, schema_editor):
    Check = apps.get_model("api", "Check")
    schema_editor.add_index(Check, models.Index(fields=["status"], name="ImportedIdx"))


def make_table(apps, schema_editor):
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "ImportedTbl" (id int)')


def make_table_const(apps, schema_editor):
    schema_editor.execute(DDL)


def data_only(apps, schema_editor):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE api_checks SET status = 'x' WHERE status IS NULL")
"""


def _imported_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, imports: str
) -> Path:
    root = _repo(tmp_path, monkeypatch)
    _ops_committed(root)
    (root / NEW).write_text(_new(body, "\n" + imports + "\n"))
    git(root, "add", "-A")
    return root


def _ops_committed(root: Path) -> None:
    """The module, committed before the migration: the change is the migration alone."""
    (root / "hc/api/migration_ops.py").write_text(OPS_MODULE)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "migration helpers")


@pytest.mark.parametrize(
    ("imports", "body"),
    [
        pytest.param(
            "from hc.api.migration_ops import add_index",
            "        migrations.RunPython(add_index, migrations.RunPython.noop),\n",
            id="schema-editor-absolute",
        ),
        pytest.param(
            "from ..migration_ops import add_index as forward_index",
            "        migrations.RunPython(code=forward_index),\n",
            id="schema-editor-relative-alias",
        ),
        pytest.param(
            "from hc.api import migration_ops",
            "        migrations.RunPython(migration_ops.make_table),\n",
            id="execute-literal-module-attribute",
        ),
        pytest.param(
            "import hc.api.migration_ops as ops",
            "        migrations.RunPython(ops.make_table_const),\n",
            id="execute-constant",
        ),
    ],
)
def test_runpython_code_imported_from_the_project_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imports: str, body: str
) -> None:
    """RunPython code imported from a module of the project runs DDL the
    gate does not read (its strings are in that module): ``DBN013``, as the
    same code written in the migration (trial s32 netbox A3's kind)."""
    _imported_repo(tmp_path, monkeypatch, body, imports)
    status, found = _gate("--pre-commit")
    assert status == 1, found
    assert ("DBN013", "", "error") in _by_path(found), found


def test_runpython_data_code_imported_from_the_project_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _imported_repo(
        tmp_path,
        monkeypatch,
        "        migrations.RunPython(data_only, migrations.RunPython.noop),\n",
        "from hc.api.migration_ops import data_only",
    )
    status, found = _gate("--pre-commit")
    assert status == 0, found


@pytest.mark.parametrize(
    ("imports", "body"),
    [
        pytest.param(
            "from hc.api.migration_ops import ProjectRunSQL",
            "        ProjectRunSQL(" + CUSTOM_COL + "),\n",
            id="direct-subclass",
        ),
        pytest.param(
            "from ..migration_ops import LoggedRunSQL",
            "        LoggedRunSQL(sql=" + CUSTOM_COL + "),\n",
            id="subclass-of-a-subclass",
        ),
        pytest.param(
            "from hc.api import migration_ops",
            "        migration_ops.ProjectRunSQL("
            "'ALTER TABLE api_checks ADD COLUMN \"customCol\" integer NULL'),\n",
            id="module-attribute",
        ),
    ],
)
def test_a_runsql_subclass_imported_from_the_project_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imports: str, body: str
) -> None:
    """A ``RunSQL`` subclass of another module of the project given its SQL
    in the migration: the SQL is read (its name judged), no ``DBN013``."""
    _imported_repo(tmp_path, monkeypatch, body, imports)
    status, found = _gate("--pre-commit")
    assert status == 1, found
    mine = _by_path(found)
    assert ("DBN201", "api_checks.customCol", "error") in mine, found
    assert not [c for c, *_ in mine if c == "DBN013"], found


@pytest.mark.parametrize(
    ("imports", "body"),
    [
        pytest.param(
            "from hc.api.migration_ops import AddLegacyColumn",
            "        AddLegacyColumn(),\n",
            id="sql-written-in-the-module",
        ),
        pytest.param(
            "from hc.api.migration_ops import ProjectRunSQL",
            "        ProjectRunSQL(open('x.sql').read()),\n",
            id="built-sql",
        ),
        pytest.param(
            "from hc.api.migration_ops import NotSQL",
            "        NotSQL(),\n",
            id="not-a-runsql",
        ),
        pytest.param(
            "from somepackage.ops import ProjectRunSQL",
            "        ProjectRunSQL(" + CUSTOM_COL + "),\n",
            id="not-in-the-project",
        ),
        pytest.param(
            "",
            "        AddLegacyColumn(open('x.sql').read()),\n",
            id="own-subclass-built-sql",
        ),
        pytest.param(
            "",
            "        migrations.RunSQL(open('x.sql').read()),\n",
            id="runsql-built-sql",
        ),
    ],
)
def test_a_runsql_subclass_whose_sql_is_not_read_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, imports: str, body: str
) -> None:
    before = "\n" + imports + "\n" + (CUSTOM_RUNSQL if not imports else "")
    root = _repo(tmp_path, monkeypatch)
    _ops_committed(root)
    (root / NEW).write_text(_new(body, before))
    git(root, "add", "-A")
    status, found = _gate("--pre-commit")
    assert status == 1, found
    assert ("DBN013", "", "error") in _by_path(found), found
