"""The gate judges the names SQLAlchemy models make (trial s40, CTFd).

CTFd on SQLite makes its schema with ``db.create_all()`` from
``CTFd/models/__init__.py``: a new model ``__tablename__ = "TeamInvites"`` with
``inviteCode = db.Column(...)``, or ``db.Column("challengeName", ...)`` on an
existing one, passed ``check --base`` and the hook (no SQL string held the
names). Now each model's table and columns are read as the DDL ``create_all``
runs for them, so a change adding a name is judged on its line, as GORM's tags
are; a change adding a compliant column to a legacy table's model passes.

Oracle: SQLAlchemy's own ``create_all`` (the services' oracle venv) on SQLite
makes exactly the table and column names the findings name. The gate runs in
real git.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from alembic_oracle import alembic
from cli_json import run_cli
from git_helpers import committed_repo, git

MODELS = """from sqlalchemy import Column, Index, Integer, String, Table
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Configs(Base):
    __tablename__ = "config"
    id = Column(Integer, primary_key=True)
"""
ADDED = """

class TeamInvite(Base):
    __tablename__ = "TeamInvites"
    id = Column(Integer, primary_key=True)
    inviteCode = Column(String(80), index=True)
    owner = Column("ownerName", String(80))
    good_name = Column(String(80))
    __table_args__ = (Index("IX_InviteOwner", "ownerName"), {"sqlite_autoincrement": True})


invite_tags = Table(
    "invite_tags", Base.metadata, Column("inviteId", Integer), Column("tag_id", Integer)
)
"""
FILES = {
    "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: sqlite\n',
    "schema.sql": "CREATE TABLE config (id integer PRIMARY KEY);\n",
    "app/models.py": MODELS,
}


def _line(text: str, part: str) -> int:
    return next(i for i, row in enumerate(text.split("\n"), 1) if part in row)


def test_a_new_models_names_are_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    text = MODELS + ADDED
    (root / "app/models.py").write_text(text)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, report, _ = run_cli(
            "check", *run, "--base", "HEAD", "--no-cache", "--format", "json"
        )
        assert status == 1, report
        found = sorted((f["code"], f["line"]) for f in report["findings"] if f.get("new", True))
        assert found == sorted(
            [
                ("DBN101", _line(text, '"TeamInvites"')),
                ("DBN201", _line(text, "inviteCode =")),
                ("DBN201", _line(text, '"ownerName"')),
                ("DBN301", _line(text, "IX_InviteOwner")),
                ("DBN201", _line(text, '"inviteId"')),
            ]
        ), report


def test_a_compliant_column_on_a_legacy_model_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    (root / "app/models.py").write_text(MODELS + "    note_text = Column(String(80))\n")
    git(root, "add", "-A")
    status, report, _ = run_cli("check", "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 0, report


@pytest.mark.skipif(alembic() is None, reason="no SQLAlchemy oracle venv")
def test_the_names_are_those_create_all_makes(tmp_path: Path) -> None:
    """SQLAlchemy itself: the attribute's name unless the Column names one."""
    python = Path(str(alembic())).parent / "python"
    (tmp_path / "models.py").write_text(MODELS + ADDED)
    script = (
        "import json, sqlalchemy as sa, models\n"
        "e = sa.create_engine('sqlite://')\nmodels.Base.metadata.create_all(e)\n"
        "i = sa.inspect(e)\n"
        "names = {t: [c['name'] for c in i.get_columns(t)] for t in i.get_table_names()}\n"
        "print(json.dumps(names))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    names = json.loads(done.stdout)
    assert names["TeamInvites"] == ["id", "inviteCode", "ownerName", "good_name"]
    assert names["invite_tags"] == ["inviteId", "tag_id"]


MODELS_V2 = """from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Badge(Base):
    __tablename__ = "badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    awardedTo: Mapped[str]
    label: Mapped[str] = mapped_column("badgeLabel", String(40))
"""


def test_sqlalchemy_2_annotated_columns_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``awardedTo: Mapped[str]`` alone makes a column (SQLAlchemy 2)."""
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    (root / "app/models_v2.py").write_text(MODELS_V2)
    git(root, "add", "-A")
    status, report, _ = run_cli("check", "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 1, report
    found = sorted((f["code"], f["line"]) for f in report["findings"] if f.get("new", True))
    assert found == [
        ("DBN201", _line(MODELS_V2, "awardedTo")),
        ("DBN201", _line(MODELS_V2, "badgeLabel")),
    ], report


@pytest.mark.skipif(alembic() is None, reason="no SQLAlchemy oracle venv")
def test_the_annotated_names_are_those_create_all_makes(tmp_path: Path) -> None:
    python = Path(str(alembic())).parent / "python"
    (tmp_path / "models_v2.py").write_text(MODELS_V2)
    script = (
        "import json, sqlalchemy as sa, models_v2\n"
        "e = sa.create_engine('sqlite://')\nmodels_v2.Base.metadata.create_all(e)\n"
        "print(json.dumps([c['name'] for c in sa.inspect(e).get_columns('badges')]))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["id", "awardedTo", "badgeLabel"]


MIXINS = """from sqlalchemy import Column, DateTime, Integer, String
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Stamped:
    createdAt = Column(DateTime)


class Users(Stamped, Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    type = Column(String(20))
    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "user"}


class Admins(Users):
    __mapper_args__ = {"polymorphic_identity": "admin"}
    adminLevel = Column(Integer)


class Teams(Stamped, Base):
    __tablename__ = "teams"
    id = Column(Integer, primary_key=True)
"""


def test_a_mixins_and_a_subclasss_columns_go_to_their_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mixin's column is each inheriting model's; a subclass without a
    table of its own (CTFd's ``class Admins(Users)``) adds to its base's."""
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    (root / "app/models_mixins.py").write_text(MIXINS)
    git(root, "add", "-A")
    status, report, _ = run_cli("check", "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 1, report
    found = sorted(
        (f["code"], f["line"], f["qualified_name"])
        for f in report["findings"]
        if f.get("new", True)
    )
    stamped, admin = _line(MIXINS, "createdAt ="), _line(MIXINS, "adminLevel =")
    assert [(c, n) for c, n, _ in found] == [
        ("DBN201", stamped),
        ("DBN201", stamped),
        ("DBN201", admin),
    ], report
    assert {o for _c, _n, o in found} >= {"users.adminLevel", "teams.createdAt", "users.createdAt"}


@pytest.mark.skipif(alembic() is None, reason="no SQLAlchemy oracle venv")
def test_the_inherited_names_are_those_create_all_makes(tmp_path: Path) -> None:
    python = Path(str(alembic())).parent / "python"
    (tmp_path / "models_mixins.py").write_text(MIXINS)
    script = (
        "import json, sqlalchemy as sa, models_mixins\n"
        "e = sa.create_engine('sqlite://')\nmodels_mixins.Base.metadata.create_all(e)\n"
        "i = sa.inspect(e)\n"
        "print(json.dumps({t: sorted(c['name'] for c in i.get_columns(t))"
        " for t in i.get_table_names()}))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "users": ["adminLevel", "createdAt", "id", "type"],
        "teams": ["createdAt", "id"],
    }
