"""A literal DDL string a Django migration's own ``RunPython`` function
executes is said in the model's reading (confirmation s33).

``schema_editor.execute('CREATE TABLE "BadTbl" (id int)')`` in ``forwards``:
Django's ``migrate`` runs it (on PostgreSQL the table ``BadTbl`` exists
after it, as the confirmation's ``drift`` showed), the gate judges the names
of the literal while it is new, but the model does not replay it: once
committed, ``check`` said nothing and ``inspect`` had no ``BadTbl``. It is
now a ``DBN013`` info note at the call (a data statement is not), and the
gate still passes a new one whose names are good (a warning would refuse it
as unread).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIRST = """from django.db import migrations, models


def forwards(apps, schema_editor):
    schema_editor.execute('CREATE TABLE "BadTbl" (id int)')
    schema_editor.execute("UPDATE shop_items SET n = 1")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Item",
            fields=[("id", models.AutoField(primary_key=True)), ("n", models.IntegerField())],
            options={"db_table": "shop_items"},
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
"""
SECOND = """from django.db import migrations


def forwards(apps, schema_editor):
    schema_editor.execute({sql!r})


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
"""


def test_a_committed_runpython_ddl_literal_is_an_info_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/migrations/__init__.py": "",
            "shop/migrations/0001_initial.py": FIRST,
            "dbnamelint.yaml": "paths: [shop/migrations]\ndialect: postgres\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    # info notes are listed with --verbose (the default output counts them)
    done = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json", "--verbose"])
    notes = [
        (d["line"], d["severity"], d["message"])
        for d in json.loads(done.stdout)["diagnostics"]
        if d["code"] == "DBN013"
    ]
    # the CREATE TABLE at line 5 only: line 6's UPDATE is a data statement
    assert [(line, severity) for line, severity, _ in notes] == [(5, "info")]
    assert "schema_editor.execute() of DDL in RunPython code forwards()" in notes[0][2]
    assert "not in the model" in notes[0][2]


@pytest.mark.parametrize(
    ("sql", "code"),
    [("CREATE TABLE good_things (id int)", 0), ('CREATE TABLE "BadThings" (id int)', 1)],
)
def test_the_gate_judges_a_new_one_by_its_names(tmp_path: Path, sql: str, code: int) -> None:
    write_files(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/migrations/__init__.py": "",
            "shop/migrations/0001_initial.py": FIRST,
            "dbnamelint.yaml": "paths: [shop/migrations]\ndialect: postgres\n",
        },
    )
    init_repo(tmp_path, "base")
    new = tmp_path / "shop/migrations/0002_more.py"
    new.write_text(SECOND.format(sql=sql), encoding="utf-8")
    git(tmp_path, "add", "-A")
    done = subprocess.run(
        [sys.executable, "-m", "dbnamelint", "check", "--no-cache", "--pre-commit", str(new)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == code, done.stdout + done.stderr
    if code:
        assert 'DBN101 table "BadThings"' in done.stdout
