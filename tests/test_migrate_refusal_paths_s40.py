"""migrate's refusals name files as its other messages do: relative to the
working directory when under it (guides s40: ``dbnamelint:
/tmp/app/migrations/0001_initial.py: a Django or Alembic migration, ...``
where every other line said ``app/migrations/...``), absolute when outside.
Since session 41 a Django migration is written (layout ``django``): the
refusal shown is its app's two leaves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

DJANGO = """from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Thing",
            fields=[("id", models.AutoField(primary_key=True)), ("fooBar", models.IntegerField())],
        ),
    ]
"""


LEAF = """from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("app", "0001_initial")]
    operations = []
"""


def _project(root: Path) -> None:
    (root / "app" / "migrations").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "migrations" / "__init__.py").write_text("")
    (root / "app" / "migrations" / "0001_initial.py").write_text(DJANGO)
    for leaf in ("0002_a", "0002_b"):  # two leaves: makemigrations --merge first
        (root / "app" / "migrations" / f"{leaf}.py").write_text(LEAF)
    (root / "dbnamelint.yaml").write_text("paths: [app/migrations]\ndialect: postgres\n")
    (root / "whitelist.yaml").write_text(
        'phases:\n  - id: "1"\n    title: Legacy\nentries:\n  - kind: column\n'
        '    name: app_thing.fooBar\n    phase: "1"\n    target: foo_bar\n'
    )


def _refusal(*args: str) -> str:
    result = CliRunner().invoke(cli, ["migrate", "--all", "--write", *args])
    assert result.exit_code == 2, result.output
    (line,) = [x for x in result.stderr.splitlines() if "Conflicting migrations detected" in x]
    return line


def test_a_refusal_names_the_file_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path / "proj")
    monkeypatch.chdir(tmp_path / "proj")
    assert _refusal().startswith("dbnamelint: app/migrations: Conflicting migrations")
    assert str(tmp_path) not in _refusal()


def test_a_refusal_for_a_tree_outside_names_it_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path / "proj")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    line = _refusal("--config", str(tmp_path / "proj" / "dbnamelint.yaml"))
    full = (tmp_path / "proj" / "app" / "migrations").resolve()
    assert line.startswith(f"dbnamelint: {full}: Conflicting migrations"), line
