"""A field whose column is not written in the operation is said (trial s40 paperless).

A ``CreateModel``/``AddField``/``AlterField`` field given as a module
variable, a helper's result, with ``**kwargs`` or a ``db_column=`` that is
no literal, and a ``CreateModel`` ``fields=`` not written out as
``(name, field)`` pairs, were read as a column named after the field (or
not at all), so the name Django gives was never judged: each passed the
gate and the hook. Now each is a ``DBN013`` error in the gate.

Oracle: Django's own ``migrate`` on SQLite makes the columns these
migrations name (``VarFieldCol``, ``HelperCol``, ``KwCol``, ``ConstCol``,
``badVal``, ``plusVal``), none of which the model held.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
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
HEAD = """from django.db import migrations, models

FIELD = models.IntegerField(db_column="VarFieldCol", null=True)
KW = {"db_column": "KwCol", "null": True}
COL = "ConstCol"
BAD = ("badVal", models.IntegerField(null=True))


def helper():
    return models.IntegerField(db_column="HelperCol", null=True)


class Migration(migrations.Migration):
    dependencies = [("api", "%s")]
    operations = [
        %s
    ]
"""
#: Each case's operation, and the column Django makes for it.
CASES = {
    "variable": (
        'migrations.AddField(model_name="check", name="varfield", field=FIELD)',
        ("api_checks", "VarFieldCol"),
    ),
    "helper": (
        'migrations.AddField(model_name="check", name="helped", field=helper())',
        ("api_checks", "HelperCol"),
    ),
    "kwargs": (
        'migrations.AddField(model_name="check", name="kw", field=models.IntegerField(**KW))',
        ("api_checks", "KwCol"),
    ),
    "db_column": (
        'migrations.AddField(model_name="check", name="const",'
        " field=models.IntegerField(db_column=COL, null=True))",
        ("api_checks", "ConstCol"),
    ),
    "pair": (
        'migrations.CreateModel(name="Gadget", fields=[("id", models.AutoField('
        'primary_key=True)), BAD], options={"db_table": "api_gadgets"})',
        ("api_gadgets", "badVal"),
    ),
    "sum": (
        'migrations.CreateModel(name="Gizmo", fields=[("id", models.AutoField('
        'primary_key=True))] + [("plusVal", models.IntegerField())],'
        ' options={"db_table": "api_gizmos"})',
        ("api_gizmos", "plusVal"),
    ),
}
LITERAL = (
    'migrations.AddField(model_name="check", name="fine",'
    ' field=models.IntegerField(db_column="fine_col", null=True))'
)


def _migration(after: str, operation: str) -> str:
    return HEAD % (after, operation)


def _gate(*args: str) -> tuple[int, set[tuple[str, str]]]:
    result = CliRunner().invoke(cli, ["check", *args, "--no-cache", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = {(d["code"], d["severity"]) for d in report["diagnostics"]}
    found |= {(f["code"], f["severity"]) for f in report["findings"] if f.get("new", True)}
    return result.exit_code, found


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "proj",
        {
            "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: sqlite\n",
            "api/__init__.py": "",
            f"{FOLDER}/__init__.py": "",
            f"{FOLDER}/0001_initial.py": INITIAL,
        },
        monkeypatch,
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_field_not_written_out_is_refused_by_the_gate(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / FOLDER / "0002_x.py").write_text(_migration("0001_initial", CASES[case][0]))
    git(root, "add", "-A")
    for mode in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = _gate(*mode)
        assert status == 1, (mode, found)
        assert ("DBN013", "error") in found, (mode, found)


def test_a_field_written_out_is_read_without_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / FOLDER / "0002_x.py").write_text(_migration("0001_initial", LITERAL))
    git(root, "add", "-A")
    status, found = _gate("--base", "HEAD")
    assert status == 0, found
    assert not {code for code, _ in found} & {"DBN013"}, found


def test_django_makes_the_names_the_fields_give(tmp_path: Path) -> None:
    python = django_python()
    if python is None:
        pytest.skip("Django is not installed (DBNAMELINT_TEST_DJANGO)")
    files = {"0001_initial.py": INITIAL}
    after = "0001_initial"
    for number, case in enumerate(sorted(CASES), start=2):
        name = f"{number:04d}_{case}"
        files[f"{name}.py"] = _migration(after, CASES[case][0])
        after = name
    migrate(tmp_path, python, files, SETTINGS.format(apps='"api"', extra=""))
    with sqlite3.connect(tmp_path / "app.db") as db:
        for table, column in (made for _, made in CASES.values()):
            columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
            assert column in columns, (table, columns)
