"""``impact`` finds a Django index name on its own line of ``models.Index(`` (trial s41).

healthchecks' ``Meta.indexes`` write each ``models.Index(`` over several
lines, ``name="api_flip_not_processed"`` below ``fields=[...]`` (and below
``condition=models.Q(...)`` as ``makemigrations`` orders them). After a
rename of the index that line must change (``migrate``'s note says so, and
Django's ``makemigrations`` otherwise writes a migration renaming the index
back), but ``impact`` saw only the line before and called it plain text,
not listed. A keyword ``name=`` of another call is still no index name.

Oracle: Django 5.2 itself: with the index renamed in Django's state (the
migration ``migrate --write`` writes), ``makemigrations --check --dry-run``
reports a change until the ``name=`` line ``impact`` lists is edited.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import SETTINGS
from git_helpers import committed_repo
from impact_json import impact_items, impact_json
from oracle_tools import django_python

INITIAL = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Flip",
            fields=[
                ("id", models.AutoField(primary_key=True, serialize=False)),
                ("processed", models.DateTimeField(null=True)),
                ("status", models.CharField(max_length=8)),
            ],
            options={"db_table": "flips"},
        ),
        migrations.AddIndex(
            model_name="flip",
            index=models.Index(
                condition=models.Q(processed=None),
                fields=["processed"],
                name="FlipNotProcessed",
            ),
        ),
        migrations.AddIndex(
            model_name="flip",
            index=models.Index(fields=["status"], name="FlipStatus"),
        ),
    ]
"""
MODELS = """from django.db import models


class Flip(models.Model):
    id = models.AutoField(primary_key=True)
    processed = models.DateTimeField(null=True)
    status = models.CharField(max_length=8)

    class Meta:
        db_table = "flips"
        indexes = [
            models.Index(
                condition=models.Q(processed=None),
                fields=["processed"],
                name="FlipNotProcessed",
            ),
            models.Index(
                fields=["status"],
                name="FlipStatus",
            ),
        ]


def label(form):
    return form.field(
        name="FlipStatus",
    )
"""
WHITELIST = """phases:
  - {id: "1", title: legacy, status: open}
entries:
  - {kind: index, name: flips.FlipNotProcessed, rules: [DBN301], phase: "1",
     target: flips_not_processed}
  - {kind: index, name: flips.FlipStatus, rules: [DBN301], phase: "1", target: flips_status}
"""


def _project(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths:\n  - api/migrations\ndialect: sqlite\n",
        "whitelist.yaml": WHITELIST,
        "settings.py": SETTINGS.format(apps='"api"', extra=""),
        "api/__init__.py": "",
        "api/models.py": MODELS,
        "api/migrations/__init__.py": "",
        "api/migrations/0001_initial.py": INITIAL,
    }
    return committed_repo(root, files, monkeypatch)


def test_the_name_line_of_a_multiline_index_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path / "app", monkeypatch)
    items = sorted(
        {
            (obj["name"], i["path"], i["line"], i["confidence"])
            for obj, i in impact_items(impact_json("--min-confidence", "plain"))
            if i["path"] == "api/models.py"
        }
    )
    assert items == [
        ("flips.FlipNotProcessed", "api/models.py", 15, "high"),
        ("flips.FlipStatus", "api/models.py", 19, "high"),
        # a form field's name= (no index call open): plain, not listed by default
        ("flips.FlipStatus", "api/models.py", 26, "plain"),
    ], items


@pytest.mark.skipif(django_python() is None, reason="Django is not installed")
def test_django_needs_the_lines_impact_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "app", monkeypatch)
    python = django_python()
    assert python is not None
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(root)}
    env.update(DJ_PG="", DJ_MY="", PYTHONDONTWRITEBYTECODE="1")

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [python, "-m", "django", "makemigrations", "--check", "--dry-run"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert check().returncode == 0
    # the lines impact lists by default (high confidence), each with its target
    listed = {
        i["line"]: obj["target"]
        for obj, i in impact_items(impact_json())
        if i["path"] == "api/models.py" and i["confidence"] == "high"
    }
    assert sorted(listed) == [15, 19], listed  # not the form field's name= (line 26)
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert result.exit_code == 0, result.output
    assert check().returncode == 1  # the state renamed the indexes: models.py must follow
    lines = (root / "api" / "models.py").read_text().splitlines()
    for line, target in listed.items():  # edit those lines, and only those
        lines[line - 1] = re.sub(r'name="[^"]*"', f'name="{target}"', lines[line - 1])
    (root / "api" / "models.py").write_text("\n".join(lines) + "\n")
    done = check()
    assert done.returncode == 0 and "No changes detected" in done.stdout, done.stdout
