"""Alembic ``op`` calls in methods of the revision's own classes (session 39).

s38 note: a revision keeping its operations in a class of its own file
(``_Helper().add()``, ``obj = _Helper(); obj.add()``, ``_Helper.make()`` of
a ``@staticmethod``/``@classmethod``, a module-level instance's
``_helper.add()``) was neither read into the model nor judged by the gate,
and said nothing (no ``DBN013``): only module-level functions were
followed. Now the methods ``upgrade()`` runs are read as its own, a use of
such a class that is not followed is ``DBN013``, and ``downgrade()``-only
code stays unread.

Oracles: Alembic itself (``alembic upgrade head`` on SQLite and on
PostgreSQL 15 makes exactly the model's objects; each name READ's upgrade
makes is one the gate judged), and real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alembic_oracle import (
    USERS_CONFIGS,
    USERS_INIT,
    assert_gate_reads,
    needs_alembic,
    users_repo,
)
from pg_server import PgServer
from test_alembic_model_oracle import _files, _pg_live, _sqlite_live, _tree

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: Every followed form; each Bad* name is made by Alembic (the oracle).
READ = '''"""methods"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


class _Base:
    def base_add(self):
        op.add_column("users", sa.Column("BadBase", sa.String(5)))


class _Helper(_Base):
    def __init__(self):
        op.create_table("BadInit", sa.Column("id", sa.Integer))

    def add(self):
        op.add_column("users", sa.Column("BadInstance", sa.String(5)))
        self.index()
        self.base_add()

    def index(self):
        op.create_index("BadSelfIndex", "users", ["id"])

    @staticmethod
    def static():
        op.create_table("BadStatic", sa.Column("id", sa.Integer))

    @classmethod
    def make(cls):
        op.create_table("BadClassMethod", sa.Column("id", sa.Integer))
        cls.static()


class _Local:
    def add(self):
        op.add_column("users", sa.Column("BadLocal", sa.String(5)))


class _Module:
    def add(self):
        op.create_table("BadModule", sa.Column("id", sa.Integer))


class _Down:
    def add(self):
        op.create_table("NotRun", sa.Column("id", sa.Integer))


_module = _Module()


def upgrade():
    _Helper().add()
    _Helper.make()
    helper = _Local()
    helper.add()
    _module.add()


def downgrade():
    _Down().add()
'''
#: Uses not followed: (text, the start of each DBN013's line)
UNFOLLOWED = [
    (
        READ.replace("    helper.add()", "    helper = None\n    helper.add()"),
        ("helper = _Local()",),
    ),
    (
        READ.replace("_module.add()", "run(_Local())").replace(
            "def upgrade", "def run(x):\n    x.add()\n\n\ndef upgrade"
        ),
        ("run(_Local())",),
    ),
    (READ.replace("_module.add()", 'getattr(_module, "add")()'), ('getattr(_module, "add")()',)),
    (READ.replace("_module.add()", "_module.missing()"), ("_module.missing()",)),
]
NEW = "alembic/versions/0002_methods.py"
BAD = ("BadBase", "BadInit", "BadInstance", "BadSelfIndex", "BadStatic", "BadClassMethod")
NAMES = (*BAD, "BadLocal", "BadModule")


@pytest.mark.parametrize("config", USERS_CONFIGS)
def test_methods_upgrade_runs_are_judged_and_unfollowed_uses_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """In ``paths:`` (the model reads the revision) or not (the code gate)."""
    root = users_repo(tmp_path / "app", config, monkeypatch)
    judged = {
        n for n, row in enumerate(READ.split("\n"), 1) for name in NAMES if f'"{name}"' in row
    }
    assert_gate_reads(root, NEW, READ, judged, UNFOLLOWED)


def _names(objects: set[tuple[str, str, str]]) -> set[str]:
    return {n for _k, _t, n in objects if n.startswith(("Bad", "NotRun"))}


def test_model_reads_the_methods_upgrade_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an oracle: the model holds what upgrade() runs, not downgrade()'s."""
    root = _tree(tmp_path, {"0001_init.py": USERS_INIT, "0002_methods.py": READ})
    assert _names(_files(root, monkeypatch)) == set(NAMES)


@needs_alembic
def test_model_is_what_alembic_makes_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, {"0001_init.py": USERS_INIT, "0002_methods.py": READ})
    live = _sqlite_live(root, monkeypatch)
    assert _names(live) == set(NAMES)
    assert _files(root, monkeypatch, "--dialect", "sqlite") == live


@needs_alembic
def test_model_is_what_alembic_makes_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, {"0001_init.py": USERS_INIT, "0002_methods.py": READ})
    live = _pg_live(root, monkeypatch, pg, "s39_alembic_methods")
    assert _names(live) == set(NAMES)
    assert _files(root, monkeypatch) == live
