"""A SQLAlchemy mixin kept in a module of its own gives its models' tables
its columns, and the gate judges them (trial s41 redash).

redash keeps ``TimestampMixin`` in ``redash/models/mixins.py`` and
``GFKBase`` in ``redash/models/base.py``; its models, in other modules,
inherit them, and ``db.create_all()`` makes the schema. A column added to the
mixin (``deletedAt = Column(...)``) passed ``check --base`` and the hook: the
mixin's file was read alone and holds no ``__tablename__``. Now the gate
finds the models inheriting it in the change's other Python files and judges
the column as each of their tables'.

Oracle: SQLAlchemy's own ``create_all`` (the services' oracle venv) on SQLite
makes the new column in exactly the tables the findings name. The gate runs
in real git, on the working tree and on the index (the hook's run).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from alembic_oracle import alembic
from cli_json import run_cli
from git_helpers import committed_repo, git

BASE = """import functools

from sqlalchemy import Column as SaColumn, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()
Column = functools.partial(SaColumn, nullable=True)


class GFKBase:
    object_type = Column(String(255))
    object_id = Column(Integer)
"""
MIXINS = """from sqlalchemy import DateTime

from .base import Column


class TimestampMixin:
    updated_at = Column(DateTime(True))
    created_at = Column(DateTime(True))
"""
MODELS = """from sqlalchemy import Integer, String

from . import mixins
from .base import Base, Column, GFKBase
from .mixins import TimestampMixin


class Query(TimestampMixin, Base):
    __tablename__ = "queries"
    id = Column(Integer, primary_key=True)


class Dashboard(mixins.TimestampMixin, Base):
    __tablename__ = "dashboards"
    id = Column(Integer, primary_key=True)


class Change(GFKBase, Base):
    __tablename__ = "changes"
    id = Column(Integer, primary_key=True)


class Event(Base):
    __tablename__ = "events"
    id = Column(Integer, primary_key=True)
    object_type = Column(String(255))
"""
USERS = """from sqlalchemy import Integer

from .base import Base, Column
from .mixins import TimestampMixin


class User(TimestampMixin, Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
"""
FILES = {
    "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: sqlite\n',
    "schema.sql": "CREATE TABLE queries (id integer PRIMARY KEY);\n",
    "app/models/__init__.py": MODELS,
    "app/models/base.py": BASE,
    "app/models/mixins.py": MIXINS,
    "app/models/users.py": USERS,
}
BAD_MIXIN = MIXINS + "    deletedAt = Column(DateTime(True))\n"
BAD_BASE = BASE + "    objectVersion = Column(Integer)\n"


def _line(text: str, part: str) -> int:
    return next(i for i, row in enumerate(text.split("\n"), 1) if part in row)


def _new(report: dict[str, list[dict[str, object]]]) -> list[tuple[object, object, object]]:
    return sorted(
        (f["code"], f["path"], f["qualified_name"])
        for f in report["findings"]
        if f.get("new", True)
    )


def _create_all_tables(tmp_path: Path) -> dict[str, list[str]] | None:
    """Table -> columns as SQLAlchemy's own ``create_all`` makes them from the
    changed models (SQLite), or None without the oracle venv."""
    if alembic() is None:
        return None
    python = Path(str(alembic())).parent / "python"
    package = tmp_path / "oracle" / "app" / "models"
    package.mkdir(parents=True)
    (package.parent / "__init__.py").write_text("")
    for name, text in (
        ("__init__.py", MODELS),
        ("base.py", BAD_BASE),
        ("mixins.py", BAD_MIXIN),
        ("users.py", USERS),
    ):
        (package / name).write_text(text)
    script = (
        "import json, sqlalchemy as sa\n"
        "import app.models, app.models.users\n"
        "from app.models.base import Base\n"
        "e = sa.create_engine('sqlite://')\nBase.metadata.create_all(e)\n"
        "i = sa.inspect(e)\n"
        "names = {t: [c['name'] for c in i.get_columns(t)] for t in i.get_table_names()}\n"
        "print(json.dumps(names))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script],
        cwd=package.parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names: dict[str, list[str]] = json.loads(done.stdout)
    return names


#: The tables create_all gives each new column (checked against it where the oracle runs).
EXPECTED = [
    ("DBN201", "app/models/base.py", "changes.objectVersion"),
    ("DBN201", "app/models/mixins.py", "dashboards.deletedAt"),
    ("DBN201", "app/models/mixins.py", "queries.deletedAt"),
    ("DBN201", "app/models/mixins.py", "users.deletedAt"),
]


@pytest.mark.parametrize("staged", [False, True], ids=["working-tree", "pre-commit"])
def test_a_mixins_new_column_is_judged_as_each_heirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: bool
) -> None:
    made = _create_all_tables(tmp_path)
    if made is not None:
        got = [
            ("DBN201", path, f"{table}.{column}")
            for table, columns in made.items()
            for column in columns
            for path, new in (
                ("app/models/mixins.py", "deletedAt"),
                ("app/models/base.py", "objectVersion"),
            )
            if column == new
        ]
        assert sorted(got) == EXPECTED
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    (root / "app/models/mixins.py").write_text(BAD_MIXIN)
    (root / "app/models/base.py").write_text(BAD_BASE)
    git(root, "add", "-A")
    run = ("--pre-commit",) if staged else ()
    status, report, _ = run_cli("check", *run, "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 1, report
    assert _new(report) == EXPECTED, report
    lines = {(f["path"], f["line"]) for f in report["findings"]}
    assert lines == {
        ("app/models/base.py", _line(BAD_BASE, "objectVersion")),
        ("app/models/mixins.py", _line(BAD_MIXIN, "deletedAt")),
    }
    # an honest column added to the mixin passes: the committed ones are not new
    (root / "app/models/mixins.py").write_text(MIXINS + "    deleted_at = Column(DateTime(True))\n")
    (root / "app/models/base.py").write_text(BASE)
    git(root, "add", "-A")
    status, report, _ = run_cli("check", *run, "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 0, report
    assert _new(report) == []
