"""The gate judges an applied Prisma migration by Prisma's checksum (trial s16,
documenso).

prisma-engines records the SHA-256 of each ``migration.sql``'s text in
``_prisma_migrations.checksum`` when it applies it, and ``migrate dev``
(``diagnose_migration_history``: ``edited_migration_names``) compares the
file with it through ``checksum::script_matches_checksum``: the text as
read, with every CRLF made LF, or with every LF made CRLF. So a comment, a
blank line or a space is an edit ("The migration ... was modified after it
was applied", and a reset of the database), while a file whose line
endings were converted as a whole (git's ``core.autocrlf``) is not. The
oracle is real git: ``check --base`` and the pre-commit hook.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, commit_all, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FOLDER = "packages/prisma/migrations"
CONFIG = f"paths: [{FOLDER}]\ndialect: postgres\n"
FIRST = f"{FOLDER}/20230404095503_initial_migration/migration.sql"
TEXT = (
    "-- CreateTable\n"
    'CREATE TABLE "Session" (\n'
    '    "id" TEXT NOT NULL,\n'
    '    "userId" INTEGER NOT NULL,\n'
    '    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")\n'
    ");\n"
)


def _check(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


@pytest.fixture
def project(git_project: Path) -> Path:
    return git_project


def _start(root: Path, text: bytes = TEXT.encode()) -> None:
    adopted_repo(root, {f"{FOLDER}/migration_lock.toml": 'provider = "postgresql"\n'}, CONFIG)
    (root / FIRST).parent.mkdir(parents=True)
    (root / FIRST).write_bytes(text)
    commit_all(root, "the first migration, applied")


def _hook(root: Path) -> tuple[int, str]:
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", FIRST])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


CRLF = TEXT.replace("\n", "\r\n")


@pytest.mark.parametrize(
    ("before", "after", "line"),
    [
        (TEXT, "-- reviewed\n" + TEXT, 1),
        (TEXT, TEXT + "\n", 7),
        (TEXT, TEXT.replace('"userId" INTEGER', '"userId"  INTEGER'), 4),
        (TEXT, "\ufeff" + TEXT, 1),  # Node and Rust read a BOM as text
        # a CRLF file with its first line's ending made LF: every CRLF made LF
        # is not the applied text, nor is every LF made CRLF (\r\r\n)
        (CRLF, CRLF.replace("\r\n", "\n", 1), 1),
    ],
    ids=["comment", "blank-line", "space", "bom", "one-crlf-made-lf"],
)
def test_any_byte_of_an_applied_migration_is_an_edit(
    project: Path, before: str, after: str, line: int
) -> None:
    _start(project, before.encode())
    (project / FIRST).write_bytes(after.encode())
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", "error", FIRST, line)]), output
    assert "this prisma migration was committed at HEAD" in output
    assert "was modified after it was applied" in output
    assert "_prisma_migrations.checksum" in output
    code, output = _hook(project)
    assert code == 1 and f"{FIRST}:{line}:1: DBN025 error" in output, output
    # committed, the next change's gate still sees it against the base
    git(project, "commit", "-q", "-m", "edit the applied migration")
    code, found, output = _check("--base", "HEAD~1")
    assert (code, found) == (1, [("DBN025", "error", FIRST, line)]), output


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (TEXT, CRLF),  # a Windows checkout (core.autocrlf)
        (CRLF, TEXT),
        (TEXT, TEXT.replace("\n", "\r\n", 2)),  # every CRLF made LF gives the text back
    ],
    ids=["lf-to-crlf", "crlf-to-lf", "some-lines-crlf"],
)
def test_line_endings_converted_are_no_edit_to_prisma(
    project: Path, before: str, after: str
) -> None:
    _start(project, before.encode())
    (project / FIRST).write_bytes(after.encode())
    assert git(project, "status", "--porcelain").strip() == f"M {FIRST}"  # git sees a change
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output
    code, output = _hook(project)
    assert code == 0, output
    git(project, "commit", "-q", "-m", "line endings")
    code, found, output = _check("--base", "HEAD~1")
    assert (code, found) == (0, []), output


def test_a_new_migration_beside_is_no_edit(project: Path) -> None:
    _start(project)
    new = project / FOLDER / "20230411134605_doc_208" / "migration.sql"
    new.parent.mkdir()
    new.write_text('-- reviewed\nALTER TABLE "Session" ADD COLUMN "expires" TIMESTAMP(3);\n')
    code, found, output = _check("--base", "HEAD", "--select", "DBN025")
    assert (code, found) == (0, []), output


def test_a_renamed_migration_folder_is_a_deletion(project: Path) -> None:
    """``_prisma_migrations.migration_name`` is the folder name: renamed, the
    applied row has no folder and the new name runs again."""
    _start(project)
    old = project / FIRST
    git(project, "mv", str(old.parent), str(old.parent.with_name("20230404095503_init")))
    code, found, output = _check("--base", "HEAD", "--select", "DBN025")
    assert (code, [d[:3] for d in found]) == (1, [("DBN025", "error", FIRST)]), output
    assert "missing from the local migrations directory" in output
