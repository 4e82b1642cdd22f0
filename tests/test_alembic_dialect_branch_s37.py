"""A branch for another database, in a folder whose ``dialect:`` is named (session 37 F7).

``if op.get_bind().dialect.name == "mysql": op.execute("ALTER TABLE plugins MODIFY
`key` ...")`` runs on MySQL alone, yet in a folder configured ``dialect: postgres``
its SQL was read as PostgreSQL's: a ``DBN004`` error for each such statement (the
backticks, ``MODIFY``), and what PostgreSQL could read went into the folder's model.
(s36 left such branches out only when the dialect was sniffed.) Now a branch for
another database is not this folder's SQL: it changes nothing of the model, and the
gate reads a new branch's names in that database's own dialect.

Oracles: Alembic on the services' PostgreSQL (``alembic upgrade head``: the catalog's
names are ``inspect``'s), and real git for the gate.
"""

from __future__ import annotations

import json
import shutil
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
from git_helpers import committed_repo, git

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
BRANCHES = '''"""branches"""
from alembic import op
from sqlalchemy.dialects.mysql.base import MySQLDialect

revision = "0002"
down_revision = "0001"


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "mysql":
        op.execute("ALTER TABLE plugins MODIFY `key` VARCHAR(100), ADD COLUMN `BadMy` INT")
    if isinstance(bind.dialect, MySQLDialect):
        op.execute("ALTER TABLE plugins MODIFY `key` VARCHAR(200)")
    if bind.dialect.name == "sqlite":
        op.execute("CREATE TABLE `BadLite` (id INTEGER)")
    else:
        op.execute("CREATE INDEX plugins_key_idx ON plugins (key)")
'''
VERSIONS = "x/migrations/versions"
CONFIG = f"dialect: postgres\npaths:\n  - {VERSIONS}\n"
#: What alembic upgrade head makes on PostgreSQL (test_alembic_makes_these)
EXPECTED = {"plugins", "id", "key", "plugins_pkey", "plugins_id_seq", "plugins_key_idx"}
#: The names of the other databases' branches, as their literals
OTHERS = ("`BadMy`", "`BadLite`")


def _tree(root: Path) -> None:
    versions = root / VERSIONS
    versions.mkdir(parents=True)
    (versions / "0001_init.py").write_text(INIT)
    (versions / "0002_branches.py").write_text(BRANCHES)


def test_other_branches_leave_the_model_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    objects = json.loads(result.stdout)["objects"]
    assert {o["name"] for o in objects} == EXPECTED, objects
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    assert [d for d in report["diagnostics"] if d["severity"] != "info"] == []
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_gate_reads_a_new_branch_in_its_own_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app", {"dbnamelint.yaml": CONFIG, f"{VERSIONS}/0001_init.py": INIT}, monkeypatch
    )
    (root / VERSIONS / "0002_branches.py").write_text(BRANCHES)
    git(root, "add", "-A")
    lines = BRANCHES.split("\n")
    where = {
        (n, row.index(literal) + 1)
        for literal in OTHERS
        for n, row in enumerate(lines, 1)
        if literal in row
    }
    for run in ((), ("--pre-commit",)):
        args = ["check", "--base", "HEAD", *run, "--no-cache", "--format", "json"]
        result = CliRunner().invoke(cli, args)
        report = json.loads(result.stdout)
        assert [d for d in report["diagnostics"] if d["severity"] != "info"] == [], run
        assert {(f["line"], f["column"]) for f in report["findings"]} == where, run
        assert result.exit_code == 1


@needs_alembic_and_pg
def test_alembic_makes_these(tmp_path: Path) -> None:
    with scratch_pg_database("s37_alembic_branch") as (conninfo, url):
        _tree(tmp_path)
        scripts = tmp_path / "x" / "migrations"
        command = upgrade_command(tmp_path / "alembic.ini", scripts, url)
        subprocess.run(command, check=True, capture_output=True)
        assert relations_and_columns(conninfo, "plugins") == EXPECTED
