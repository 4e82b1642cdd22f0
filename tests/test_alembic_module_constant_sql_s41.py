"""SQL an Alembic revision keeps in a module constant and runs with
``op.execute(NAME)`` is read (trial s41 redash).

``CREATE_AUDIT = \"\"\"CREATE TABLE ...\"\"\"`` at the top of a revision and
``op.execute(CREATE_AUDIT)`` in ``upgrade()`` was ``DBN013`` ("SQL the code
builds or reads when it runs"): the table was missing from the model, and in
a new revision the gate refused the call without naming the bad column
``"queryId"``; the documented way out (``ignore[DBN013]``) let it through.
Now the constant's SQL is read as run at the call: in the model, and judged
by the gate.

Oracle: Alembic's own ``upgrade head`` runs the revisions on the services'
PostgreSQL, and ``drift --db`` finds the model equal to its catalog; the
gate runs in real git (``check --base HEAD``, ``--pre-commit``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from alembic_oracle import (
    USERS_INIT,
    line_starting,
    needs_alembic_and_pg,
    scratch_pg_database,
    upgrade_command,
    users_repo,
)
from cli_json import gate_places, run_cli
from git_helpers import git

NEW = '''"""audit log"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"

CREATE_AUDIT = """
CREATE TABLE query_audit_logs (id serial PRIMARY KEY, "queryId" integer REFERENCES users (id));
CREATE INDEX "IX_Audit" ON query_audit_logs ("queryId");
"""
DROP_AUDIT = "DROP TABLE query_audit_logs"


def upgrade():
    op.add_column("users", sa.Column("note", sa.Text))
    op.execute(sa.text(CREATE_AUDIT))


def downgrade():
    op.execute(DROP_AUDIT)
'''


@needs_alembic_and_pg
def test_a_constant_op_execute_runs_is_read_and_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = users_repo(tmp_path / "repo", "paths:\n  - alembic/versions\n", monkeypatch)
    (root / "alembic/versions/0002_audit.py").write_text(NEW)
    git(root, "add", "-A")
    scripts = tmp_path / "oracle"
    (scripts / "versions").mkdir(parents=True)
    (scripts / "versions/0001_init.py").write_text(USERS_INIT)
    (scripts / "versions/0002_audit.py").write_text(NEW)
    with scratch_pg_database("s41redash_const") as (_conninfo, url):
        command = upgrade_command(tmp_path / "alembic.ini", scripts, url)
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        database = url.replace("postgresql+psycopg2://", "postgresql://", 1)
        status, out, _ = run_cli("drift", "--db", database, "--format", "json")
    # the model is the catalog Alembic made: table, its columns, index, key
    assert status == 0, out
    assert out["drift"] == [], out

    line = line_starting(NEW, "op.execute(sa.text(CREATE_AUDIT))")
    for run in ((), ("--pre-commit",)):
        status, found = gate_places(*run)
        assert status == 1, (run, found)
        assert [(f[0], f[1], f[3]) for f in found] == [
            ("DBN201", line, "finding"),
            ("DBN301", line, "finding"),
        ], (run, found)
