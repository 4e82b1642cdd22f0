"""A migration branch that only excludes the folder's database is still judged (trial s38).

Found re-running the s38 directus trial's gate: a branch on the database
was left out of the folder database's model whatever its test, while the
gate reads a branch only in the databases its test names. ``if
op.get_bind().dialect.name != "postgresql": op.execute('ALTER TABLE ...
"BadCol" ...')`` (and ``not isinstance(bind.dialect, PGDialect)``, Knex's
``client !== 'pg'``) names none: its names were judged nowhere, and a bad
one passed the hook and ``check --base``. Such a branch now stays the
folder database's (read as before the branches were told apart); a branch
for named databases (``== "mysql"``) is still left out and read in theirs.

Oracle: real git for the gate (``check --base HEAD`` and ``--pre-commit``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [migrations/versions]\ndialect: postgres\n"
BASE = '''"""base

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("shares", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("shares")
'''
NEW = "migrations/versions/0002_more.py"
MORE = '''"""more

Revision ID: 0002
Revises: 0001
"""
from alembic import op
from sqlalchemy.dialects.postgresql.base import PGDialect

revision = "0002"
down_revision = "0001"


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.execute('ALTER TABLE shares ADD COLUMN "NotPgCol" int')
    if not isinstance(bind.dialect, PGDialect):
        op.execute('ALTER TABLE shares ADD COLUMN "NotPgClassCol" int')
    if bind.dialect.name == "mysql":
        op.execute("ALTER TABLE shares ADD COLUMN `MyCol` int")
    op.execute('ALTER TABLE shares ADD COLUMN "PgCol" int')


def downgrade():
    pass
'''
BAD = {"NotPgCol", "NotPgClassCol", "MyCol", "PgCol"}


def test_a_bad_name_in_a_branch_excluding_postgres_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = committed_repo(
        tmp_path / "repo",
        {"dbnamelint.yaml": CONFIG, "migrations/versions/0001_base.py": BASE},
        monkeypatch,
    )
    stage(repo, NEW, MORE)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        errors = [m for c, p, _line, s, m in found if s == "error" and p == NEW and c == "DBN201"]
        assert {n for n in BAD for m in errors if f"'{n}'" in m} == BAD, found
