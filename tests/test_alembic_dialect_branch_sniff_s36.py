"""A branch on the database does not make an Alembic folder that database's (trial s36 superset F6).

Superset's revisions widen columns on MySQL only: ``if isinstance(op.get_bind().dialect,
MySQLDialect): op.execute("ALTER TABLE slices MODIFY params MEDIUMTEXT")``. With no
``dialect:`` (what ``init`` writes, while it says "Dialect: postgres"), that one
statement's ``MODIFY`` made every revision of the folder read as MySQL: the
PostgreSQL SQL of ``op.create_table`` (``key VARCHAR(50)``) was read as MySQL's
``KEY name (...)``: column ``key`` lost, an index ``VARCHAR`` invented. A string in a
branch on the database (``isinstance(bind.dialect, XDialect)``, or ``dialect.name ==``)
says nothing of which database the project runs: it no longer shows the folder's.

Oracle: Alembic on the services' PostgreSQL (``alembic upgrade head``), its catalog's
names against ``inspect``'s.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from alembic_oracle import (
    needs_alembic_and_pg,
    relations_and_columns,
    scratch_pg_database,
    upgrade_command,
)
from dbnamelint.cli import cli

INIT = """import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "plugins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(length=50), nullable=False),
    )
"""
WIDEN = """from alembic import op
from sqlalchemy.dialects.mysql.base import MySQLDialect

revision = "0002"
down_revision = "0001"


def upgrade():
    if {test}:
        op.execute("ALTER TABLE plugins MODIFY key MEDIUMTEXT")
"""
TESTS = {
    "isinstance": "isinstance(op.get_bind().dialect, MySQLDialect)",
    "name": 'op.get_bind().dialect.name == "mysql"',
}
#: What alembic upgrade head makes on PostgreSQL (test_alembic_makes_these)
EXPECTED = {"plugins", "id", "key", "plugins_pkey", "plugins_id_seq"}


def _tree(root: Path, test: str) -> None:
    versions = root / "x" / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_init.py").write_text(INIT)
    (versions / "0002_widen.py").write_text(WIDEN.format(test=TESTS[test]))


@pytest.mark.parametrize("test", sorted(TESTS))
def test_a_branch_leaves_the_folder_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, test: str
) -> None:
    _tree(tmp_path, test)
    (tmp_path / "dbnamelint.yaml").write_text("paths:\n  - x/migrations/versions\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    objects = json.loads(result.stdout)["objects"]
    assert {o["name"] for o in objects} == EXPECTED, objects
    assert {o["dialect"] for o in objects} == {"postgres"}


@needs_alembic_and_pg
def test_alembic_makes_these(tmp_path: Path) -> None:
    with scratch_pg_database("s36_superset_sniff") as (conninfo, url):
        _tree(tmp_path, "isinstance")
        scripts = tmp_path / "x" / "migrations"
        command = upgrade_command(tmp_path / "alembic.ini", scripts, url)
        subprocess.run(command, check=True, capture_output=True)
        assert relations_and_columns(conninfo, "plugins") == EXPECTED
