"""Alembic operations called through ``op`` indirectly (session 37 F4).

``getattr(op, "create_table")(...)``, ``fn = op.add_column; fn(...)`` and a
module-level ``make = op.create_index`` run the operation as ``op.x(...)``
does, yet only ``op.x(...)`` was read: their names were neither judged nor
in the model, and nothing said so. Now a literal operation name and a
name bound once to an operation are read; a use whose operation is not
decidable (``getattr(op, kind)``, ``{"t": op.create_table}``, a name bound
twice) is ``DBN013``, an error in a new revision.

Oracles: real git, and Alembic itself (``test_alembic_runs_the_indirect_calls``:
``alembic upgrade head`` on PostgreSQL creates the names the gate judged).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alembic_oracle import USERS_CONFIGS, USERS_INIT, needs_alembic, upgrade_pg, users_repo
from cli_json import gate_places
from git_helpers import git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: What runs the decidable forms (and what the oracle runs).
READ = '''"""indirect"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"

make = op.create_index


def upgrade():
    getattr(op, "create_table")("BadGetattr", sa.Column("id", sa.Integer))
    fn = op.add_column
    fn("users", sa.Column("BadAlias", sa.String(5)))
    make("BadModuleAlias", "users", ["id"])
    op.get_bind()
'''
UNDECIDABLE = """
    kind = "create_table"
    getattr(op, kind)("t2", sa.Column("id", sa.Integer))
    ops = {"t": op.create_table}
    ops["t"]("t3", sa.Column("id", sa.Integer))
    g = op.create_index
    g = op.create_unique_constraint
    g("uq", "users", ["id"])
"""
NEW = "alembic/versions/0002_indirect.py"
#: The literals of READ's names, each judged (the rules say how; here: where)
NAMES = ('"BadGetattr"', '"BadAlias"', '"BadModuleAlias"')
#: (its line's text, what it starts with) of each undecidable use
UNREAD = (
    ("getattr(op, kind)", "getattr"),
    ("op.create_table}", "op."),
    ("g = op.create_index", "op."),
    ("g = op.create_unique", "op."),
)


def _at(text: str, start: str, column: str = "") -> tuple[int, int]:
    """(line, column) of the first ``start`` in ``text`` (of ``column`` in its line)."""
    line = next(n for n, row in enumerate(text.split("\n"), 1) if start in row)
    return line, text.split("\n")[line - 1].index(column or start) + 1


@pytest.mark.parametrize("config", USERS_CONFIGS)
def test_indirect_operations_are_read_or_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """In ``paths:`` (the model reads the revision) or not (the code gate)."""
    root = users_repo(tmp_path / "app", config, monkeypatch)
    text = READ + UNDECIDABLE
    (root / NEW).write_text(text)
    git(root, "add", "-A")
    findings = {_at(text, literal) for literal in NAMES}
    unread = sorted(("DBN013", *_at(text, row, use), "error") for row, use in UNREAD)
    for run in ((), ("--pre-commit",)):
        status, found = gate_places(*run)
        assert status == 1, (run, found)
        assert {f[1:3] for f in found if f[3] == "finding"} == findings, run
        assert [f for f in found if f[3] != "finding"] == unread, run
    # decidable only: the names, nothing unread
    (root / NEW).write_text(READ)
    git(root, "add", "-A")
    status, found = gate_places()
    assert status == 1
    assert {f[3] for f in found} == {"finding"}, found
    assert {f[1:3] for f in found} == {_at(READ, literal) for literal in NAMES}


@needs_alembic
def test_alembic_runs_the_indirect_calls(tmp_path: Path, pg: PgServer) -> None:
    """The oracle: ``alembic upgrade head`` on PostgreSQL 15 makes each name
    of READ (the table, the column, the index the gate judged)."""
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_init.py").write_text(USERS_INIT)
    (versions / "0002_indirect.py").write_text(READ)
    with pg.fresh_database("s37_alembic_indirect") as database:
        upgrade_pg(pg, database, tmp_path / "alembic")
        rows = pg.query_json(
            "SELECT relname AS n FROM pg_class WHERE relname IN ('BadGetattr', 'BadModuleAlias')"
            " UNION SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'users' AND column_name = 'BadAlias'",
            dbname=database,
        )
    assert {r["n"] for r in rows} == {literal.strip('"') for literal in NAMES}
