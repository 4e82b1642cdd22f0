"""A SQLite rename re-creates a Django index with its WHERE and DESC (trial s41 healthchecks).

SQLite cannot rename an index: ``migrate`` drops it and re-creates it from
its definition in the model. A Django index's definition was read without
its ``condition=`` (a partial index) and its ``"-field"`` order, so
healthchecks' ``api_flip_not_processed`` (``condition=Q(processed=None)``)
came back from ``migrate --phase 1 --write`` as a plain index, forward and
after the rollback. Now the condition's common forms (equality and
``isnull`` lookups, ``~Q``/``_negated``, ``&``/``|``, several lookups) and
``DESC`` are read; an index with parts not read (an ``F()`` lookup,
``expressions``) is refused (exit 2, nothing written) rather than
re-created without them.

Oracle: Django 5.2's own ``manage.py migrate`` on SQLite: ``sqlite_master``
after Django made the indexes, after the written migration ran forward,
after ``migrate api 0001_initial`` and forward again; ``PRAGMA index_list``
says which index is partial.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from django_oracle import SETTINGS
from git_helpers import committed_repo
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
                ("created", models.DateTimeField()),
                ("processed", models.DateTimeField(null=True)),
                ("status", models.CharField(max_length=8)),
                ("kind", models.IntegerField(default=0)),
            ],
        ),
        migrations.AddIndex(
            model_name="flip",
            index=models.Index(
                condition=models.Q(processed=None),
                fields=["processed"],
                name="api_flip_not_processed",
            ),
        ),
        migrations.AddIndex(
            model_name="flip",
            index=models.Index(
                condition=models.Q(_negated=True, status="down"),
                fields=["-created"],
                name="api_flip_created_not_down",
            ),
        ),
        migrations.AddIndex(
            model_name="flip",
            index=models.Index(
                condition=models.Q(("kind", 2), ("status__isnull", False), _connector="OR"),
                fields=["kind", "-processed"],
                name="api_flip_kind_or",
            ),
        ),
        migrations.AddConstraint(
            model_name="flip",
            constraint=models.UniqueConstraint(
                condition=~models.Q(status="up"),
                fields=("created",),
                name="api_flip_uniq_created",
            ),
        ),
    ]
"""
#: An index whose condition dbnamelint does not read (a ``__gt`` lookup).
UNREAD = """from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("api", "0001_initial")]
    operations = [
        migrations.AddIndex(
            model_name="flip",
            index=models.Index(
                condition=models.Q(kind__gt=3), fields=["kind"], name="api_flip_big_kind"
            ),
        ),
    ]
"""
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - {kind: table, name: api_flip, rules: [DBN105], phase: "1", target: api_flips}
"""
INDEXES = ["api_flip_created_not_down", "api_flip_kind_or", "api_flip_not_processed"]

needs_django = pytest.mark.skipif(django_python() is None, reason="Django is not installed")


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, *more: str) -> Path:
    files = {
        "dbnamelint.yaml": "paths:\n  - api/migrations\ndialect: sqlite\n",
        "whitelist.yaml": WHITELIST,
        "settings.py": SETTINGS.format(apps='"api"', extra=""),
        "api/__init__.py": "",
        "api/migrations/__init__.py": "",
        "api/migrations/0001_initial.py": INITIAL,
    }
    if more:
        files["api/migrations/0002_unread.py"] = more[0]
    return committed_repo(root, files, monkeypatch)


def _migrate(root: Path, *target: str) -> None:
    python = django_python()
    assert python is not None
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(root)}
    env.update(DJ_PG="", DJ_MY="", PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run(
        [python, "-m", "django", "migrate", *target],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _indexes(root: Path) -> dict[str, tuple[str, int]]:
    """Each named index of the flip table: its definition from ``WHERE`` and
    the column list on (spaces dropped, the table's name cut), and whether
    SQLite holds it partial (``PRAGMA index_list``)."""
    with sqlite3.connect(root / "app.db") as conn:
        table = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'api_flip%'"
        ).fetchone()[0]
        partial = {
            str(row[1]): int(row[4]) for row in conn.execute(f'PRAGMA index_list("{table}")')
        }
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
    out = {}
    for name, sql in rows:
        body = re.sub(r"\s+", "", re.split(r"\sON\s", str(sql), maxsplit=1)[1])
        body = body.split("(", 1)[1]  # from the column list on
        out[re.sub(r"^api_flips?_", "", str(name))] = (body, partial[str(name)])
    return out


@needs_django
def test_a_partial_index_keeps_its_where_forward_and_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "app", monkeypatch)
    _migrate(root)
    before = _indexes(root)
    # Django made them partial (the unique one too: a partial unique index)
    assert {k: p for k, (_, p) in before.items()} == {
        "not_processed": 1,
        "created_not_down": 1,
        "kind_or": 1,
        "uniq_created": 1,
    }
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write", "--no-cache"])
    assert result.exit_code == 0, result.output
    _migrate(root)
    forward = _indexes(root)
    for name in ("not_processed", "created_not_down", "kind_or", "uniq_created"):
        # re-created under the new name with Django's WHERE and DESC, same meaning
        assert forward[name][1] == 1, (name, forward)
        assert _normal(forward[name][0]) == _normal(before[name][0]), (name, forward, before)
    _migrate(root, "api", "0001_initial")
    back = _indexes(root)
    for name in ("not_processed", "created_not_down", "kind_or", "uniq_created"):
        assert back[name][1] == 1 and _normal(back[name][0]) == _normal(before[name][0])
    _migrate(root)
    assert _indexes(root) == forward


def _normal(body: str) -> str:
    """The definition with redundant parentheses around the whole WHERE gone."""
    head, _, where = body.partition("WHERE")
    while where.startswith("(") and where.endswith(")") and _balanced(where[1:-1]):
        where = where[1:-1]
    return head + "WHERE" + where


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@needs_django
def test_an_index_with_a_condition_not_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "app", monkeypatch, UNREAD)
    _migrate(root)
    assert _indexes(root)["big_kind"][1] == 1  # Django made it partial
    result = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write", "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "index 'api_flip_big_kind'" in result.output, result.output
    assert "parts dbnamelint does not read" in result.output, result.output
    assert not (root / "api" / "migrations" / "0003_rename_phase_1.py").exists()
