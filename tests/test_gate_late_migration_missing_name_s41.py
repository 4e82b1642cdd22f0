"""A late migration touching a name only a later committed migration makes
fails on every new database: ``DBN016`` is an error then, not a warning.

Trial s41 (README only, umami, Prisma): a new folder ``15c_goal_count``
sorting before the committed ``20_rename_phase_1`` altered ``websites``, the
name ``20_rename_phase_1`` gives the table. ``prisma migrate deploy`` applies
the missing folders in name order, so a new database ran it before the
rename and failed (``relation "websites" does not exist``), while the hook
passed with a ``DBN016`` warning. A late migration touching the old name, which
an earlier migration made, still gets the warning (both orders may end
alike). Oracle: PostgreSQL runs the folders in name order, as Prisma does on a
new database; what was committed comes from real git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ROOT = "prisma/migrations"
BASE = {
    "dbnamelint.yaml": f"paths: [{ROOT}]\ndialect: postgres\n",
    f"{ROOT}/migration_lock.toml": 'provider = "postgresql"\n',
    f"{ROOT}/01_init/migration.sql": 'CREATE TABLE "website" (id int PRIMARY KEY);\n',
    f"{ROOT}/20_rename/migration.sql": 'ALTER TABLE "website" RENAME TO "websites";\n',
}


def _gate(root: Path, sql: str) -> tuple[int, str]:
    late = root / ROOT / "15c_goal" / "migration.sql"
    late.parent.mkdir()
    late.write_text(sql, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    return result.exit_code, result.output


def _new_database_run(pg: PgServer, root: Path) -> None:
    """The folders in name order on an empty database, as ``prisma migrate
    deploy`` runs them there; PostgreSQL's error fails the call."""
    folders = sorted(p for p in (root / ROOT).iterdir() if p.is_dir())
    with pg.fresh_database("dbn_s41_late_missing") as db:
        for folder in folders:
            pg.run(files=[folder / "migration.sql"], dbname=db)


def test_a_name_only_a_later_migration_makes_is_an_error(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path, BASE, monkeypatch)
    code, output = _gate(root, 'ALTER TABLE "websites" ADD COLUMN goal_count int;\n')
    assert code == 1, output
    assert (
        f"{ROOT}/15c_goal/migration.sql:1:1: DBN016 error: migration 15c_goal is new since "
        "HEAD but sorts before 20_rename"
    ) in output, output
    assert (
        f"on a new database it runs before {ROOT}/20_rename/migration.sql (committed, later), "
        "the migration that makes 'websites'"
    ) in output, output
    with pytest.raises(SqlFailed, match='relation "websites" does not exist'):
        _new_database_run(pg, root)


def test_the_old_name_an_earlier_migration_made_is_still_a_warning(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(tmp_path, BASE, monkeypatch)
    code, output = _gate(root, 'ALTER TABLE "website" ADD COLUMN goal_count int;\n')
    assert code == 0, output
    assert "DBN016 warning: migration 15c_goal is new since HEAD" in output, output
    assert "both touch 'website'" in output, output
    _new_database_run(pg, root)  # a new database takes it
