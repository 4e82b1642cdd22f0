"""Alembic's ``op`` bound otherwise too, or passed on (session 38 G1).

s37 read ``from alembic import op as ops`` as ``op`` only when nothing
else in the file bound ``ops``: a parameter ``ops`` of another function, or
``ops = ...`` anywhere, left every ``ops.create_table("Bad", ...)`` unread
and unsaid; ``op`` passed to the revision's own helper (``def make(o):
o.create_table(...)`` called ``make(op)``) was a ``DBN013`` error; ``op``
stored in a module-level dict was neither. Now a name is read as ``op``
where its value is certain (an alias in a scope not binding it, a helper's
parameter every call passes ``op``), and a use that may be ``op`` but is
not certainly, or ``op`` stored away at module level, is ``DBN013``.

Oracles: real git, and Alembic itself (``alembic upgrade head`` on
PostgreSQL 15 makes each name of READ the gate judged).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alembic_oracle import (
    USERS_CONFIGS,
    USERS_INIT,
    assert_gate_reads,
    line_starting,
    needs_alembic,
    upgrade_pg,
    users_repo,
)
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: Certain forms: each name is made by Alembic (the oracle) and judged.
READ = '''"""bound"""
from alembic import op as ops
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def make(o):
    o.create_table("BadHelper", sa.Column("id", sa.Integer))
    inner(p=o)


def inner(p):
    p.add_column("users", sa.Column("BadInner", sa.String(5)))


def upgrade():
    ops.create_table("BadAlias", sa.Column("id", sa.Integer))
    make(ops)


def other(ops):
    ops.create_table("NotAlembic")
'''
#: Forms whose op is not certain: (text, the line of each DBN013, by its start)
UNSURE = [
    (
        READ.replace("def other(ops):", "ops = None\n\n\ndef other():"),
        ("ops.create_table(", "make(ops"),
    ),
    (
        READ.replace("make(ops)", "make(ops)\n    make(None)"),
        ('o.create_table("BadHelper"', "inner(p=o)", "make(ops)"),
    ),
    (
        READ.replace("def make", 'HOLDER = {"op": ops}\n\n\ndef make'),
        ('HOLDER = {"op"',),
    ),
]
NEW = "alembic/versions/0002_bound.py"
NAMES = ('"BadAlias"', '"BadHelper"', '"BadInner"')


@pytest.mark.parametrize("config", USERS_CONFIGS)
def test_certain_op_is_read_and_unsure_op_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """In ``paths:`` (the model reads the revision) or not (the code gate)."""
    root = users_repo(tmp_path / "app", config, monkeypatch)
    judged = {
        line_starting(READ, row.strip()) for row in READ.split("\n") for n in NAMES if n in row
    }
    assert_gate_reads(root, NEW, READ, judged, UNSURE)


@needs_alembic
def test_alembic_runs_the_certain_forms(tmp_path: Path, pg: PgServer) -> None:
    """The oracle: ``alembic upgrade head`` on PostgreSQL 15 makes READ's names."""
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_init.py").write_text(USERS_INIT)
    (versions / "0002_bound.py").write_text(READ)
    with pg.fresh_database("s38_gatepy_alembic_bound") as database:
        upgrade_pg(pg, database, tmp_path / "alembic")
        rows = pg.query_json(
            "SELECT relname AS n FROM pg_class WHERE relname LIKE 'Bad%'"
            " UNION SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'users' AND column_name LIKE 'Bad%'",
            dbname=database,
        )
    assert {r["n"] for r in rows} == {n.strip('"') for n in NAMES}
