"""Prisma Migrate runs ``migrations/<folder>/migration.sql`` and nothing else there.

Trial s26 (ghostfolio): a ``prisma/migrations/zz_fix.sql`` renaming a new
``"isDraft"`` column to ``is_draft`` passed the hook and ``check --base``:
dbnamelint replayed it (before every migration folder, even), so the model
held ``is_draft`` while ``prisma migrate deploy`` ran only the folder's
``migration.sql`` and the database got ``isDraft``. A SQL file beside the
migration folders, beside a ``migration.sql`` or below a migration's folder
is now left out of the replay with a ``DBN007`` note, and a hidden folder
(``.2026..._x/``), which Prisma lists and applies like any other, is read.
The oracle was the real Prisma CLI (6.19.3, ``migrate deploy`` and
``migrate diff``) in the trial; here, real git and the hook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FOLDER = "prisma/migrations"
FIRST = f"{FOLDER}/20210604190809_initial_migration/migration.sql"
NEW = f"{FOLDER}/20260901000000_added_x/migration.sql"
#: file -> SQL that Prisma never runs, each "fixing" the bad name in the model only
NOT_RUN = {
    f"{FOLDER}/zz_fix.sql": 'ALTER TABLE "orders" RENAME COLUMN "isDraft" TO is_draft;\n',
    f"{FOLDER}/20260901000000_added_x/z_fix.sql": (
        'ALTER TABLE "orders" RENAME COLUMN "isDraft" TO is_draft;\n'
    ),
    f"{FOLDER}/20260901000000_added_x/zz/migration.sql": (
        'ALTER TABLE "orders" RENAME COLUMN "isDraft" TO is_draft;\n'
    ),
}


@pytest.fixture
def project(git_project: Path) -> Path:
    root = git_project
    adopted_repo(
        root,
        {
            f"{FOLDER}/migration_lock.toml": 'provider = "postgresql"\n',
            FIRST: 'CREATE TABLE "orders" ("id" TEXT NOT NULL PRIMARY KEY);\n',
        },
        f"paths: [{FOLDER}]\ndialect: postgres\n",
    )
    return root


def _report(*args: str) -> tuple[int, dict[str, list[dict[str, object]]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize("fix", sorted(NOT_RUN))
def test_a_fix_prisma_never_runs_does_not_hide_the_bad_name(project: Path, fix: str) -> None:
    (project / NEW).parent.mkdir(parents=True)
    (project / NEW).write_text('ALTER TABLE "orders" ADD COLUMN "isDraft" BOOLEAN;\n')
    (project / fix).parent.mkdir(parents=True, exist_ok=True)
    (project / fix).write_text(NOT_RUN[fix])
    git(project, "add", "-A")
    for args in (("--base", "HEAD"), ("--pre-commit", NEW, fix)):
        code, report = _report(*args)
        failing = [(f["code"], f["name"]) for f in report["findings"] if f["fails_run"]]
        assert failing == [("DBN201", "isDraft")], (args, report)
        assert code == 1
    code, report = _report("--verbose")
    notes = [(d["code"], d["path"]) for d in report["diagnostics"]]
    assert notes == [("DBN007", fix)], notes
    # the hook names the file: the same one note, not a DBN015 "outside the
    # configured paths" beside it (closing confirmation s26)
    _code, report = _report("--pre-commit", "--verbose", NEW, fix)
    assert [(d["code"], d["path"]) for d in report["diagnostics"]] == [("DBN007", fix)]
    note = str(report["diagnostics"][0]["message"])
    assert note.startswith("not replayed: Prisma Migrate never runs it"), note


def test_named_on_the_command_line_it_is_read(project: Path) -> None:
    fix = f"{FOLDER}/zz_fix.sql"
    (project / fix).write_text('ALTER TABLE "orders" ADD COLUMN "isDraft" BOOLEAN;\n')
    code, report = _report(fix)
    assert [f["code"] for f in report["findings"] if f["fails_run"]] == ["DBN201"]
    assert code == 1


def test_a_hidden_migration_folder_is_read(project: Path) -> None:
    hidden = f"{FOLDER}/.20260902000000_hidden/migration.sql"
    (project / hidden).parent.mkdir(parents=True)
    (project / hidden).write_text('CREATE TABLE "HiddenDot" ("id" INTEGER);\n')
    git(project, "add", "-A")
    code, report = _report("--base", "HEAD")
    assert code == 1
    failing = sorted((f["code"], f["name"]) for f in report["findings"] if f["fails_run"])
    assert failing == [("DBN101", "HiddenDot"), ("DBN105", "HiddenDot")], report
    assert [d["code"] for d in report["diagnostics"]] == []  # no DBN032: it is under paths
    result = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    assert "HiddenDot" in result.stdout
