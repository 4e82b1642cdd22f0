"""An edited applied Django migration beside new DDL in other code (trial s36 netbox).

A change that edited an applied Django migration (an index name) and also
added a DDL string to any other Python file stopped ``check --base`` and the
hook with ``internal error: KeyError`` (exit 4) and no findings: the edited
migration's steps were looked up among the code files holding DDL strings.
Now the gate says both: the edit (``DBN025``, as for the edit alone) and the
new string's bad name. The right values are the gate's own answers for each
change made alone, which the combined change must give together.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, commit_all, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Contact",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=50)),
            ],
        ),
    ]
"""
INDEX = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("app", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["name"], name="app_con_name_c26153_idx"),
        ),
    ]
"""
EDITED = "app/migrations/0002_idx.py"
TOOL = "tools/load.py"
TOOL_TEXT = 'def load(cur):\n    cur.execute("CREATE TABLE BadThings (id int)")\n'


def _repo(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root.mkdir(parents=True)
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {
            "app/__init__.py": "",
            "app/migrations/__init__.py": "",
            "app/migrations/0001_initial.py": INITIAL,
            EDITED: INDEX,
        },
        "paths:\n  - app/migrations\ndialect: postgres\n",
    )
    return root


def _gate(root: Path, edit: bool, tool: bool) -> tuple[int, set[tuple[str, str]], str]:
    if edit:
        path = root / EDITED
        path.write_text(INDEX.replace("app_con_name_c26153_idx", "EditedBadIdx"))
    if tool:
        (root / "tools").mkdir()
        (root / TOOL).write_text(TOOL_TEXT)
    commit_all(root, "change")
    result = CliRunner().invoke(
        cli, ["check", "--base", "HEAD~1", "--no-cache", "--format", "json"]
    )
    said = (
        {
            (d["code"], d["path"])
            for d in json.loads(result.stdout)["diagnostics"]
            if d["severity"] == "error"
        }
        if result.stdout.startswith("{")
        else set()
    )
    findings = {
        (f["code"], f["path"])
        for f in (json.loads(result.stdout)["findings"] if result.stdout.startswith("{") else [])
        if f["fails_run"]
    }
    return result.exit_code, said | findings, result.output


def test_edit_and_new_code_ddl_are_both_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone_edit = _gate(_repo(tmp_path / "a", monkeypatch), edit=True, tool=False)
    alone_tool = _gate(_repo(tmp_path / "b", monkeypatch), edit=False, tool=True)
    both = _gate(_repo(tmp_path / "c", monkeypatch), edit=True, tool=True)
    assert ("DBN025", EDITED) in alone_edit[1]
    assert ("DBN101", TOOL) in alone_tool[1] or any(p == TOOL for _, p in alone_tool[1])
    assert "internal error" not in both[2]
    assert both[0] == 1
    assert both[1] == alone_edit[1] | alone_tool[1]
