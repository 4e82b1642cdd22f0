"""The gate judges a postgres-migrations folder as the npm runner does (trial s15,
supabase/storage).

ThomWright/postgres-migrations 5.3: ``migration-file.ts`` hashes the file
name and text (SHA-1) and ``validateMigrationHashes`` refuses an applied id
whose hash changed ("Hashes don't match for migrations"), so a comment, a
space or a rename is an edit (``DBN025``); ``validateMigrationOrdering``
refuses ids that are not consecutive from 1 (its own migration is 0), a
repeat included ("Found a non-consecutive migration ID on file": ``DBN016``
errors). The oracle is real git (``check --base``, the pre-commit hook).
Without the runner in ``package.json`` the folder is a plain numbered one.
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

FOLDER = "migrations/tenant"
CONFIG = f"paths: [{FOLDER}]\ndialect: postgres\n"
PACKAGE = json.dumps({"name": "storage", "dependencies": {"postgres-migrations": "^5.3.0"}})
FIRST = f"{FOLDER}/0001-initialmigration.sql"


def _check(*args: str) -> tuple[int, list[tuple[str, str, str, int]], str]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    found = [(d["code"], d["severity"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, result.output


@pytest.fixture
def project(git_project: Path) -> Path:
    return git_project


def _start(root: Path, runner: bool, count: int = 2) -> None:
    files = {
        f"{FOLDER}/{n:04d}-m{n}.sql": f"CREATE TABLE t{n} (id int);\n" for n in range(2, count + 1)
    }
    files[FIRST] = "CREATE TABLE t1 (id int);\n"
    if runner:
        files["package.json"] = PACKAGE
    adopted_repo(root, files, CONFIG)


@pytest.mark.parametrize(
    "after",
    [
        "-- the first tables\nCREATE TABLE t1 (id int);\n",
        "CREATE TABLE t1 (id int);\n\n",
        "CREATE TABLE t1 ( id int );\n",
        "CREATE TABLE t1 (id int);\r\n",  # Node's readFile keeps the CR: hashed
    ],
    ids=["comment", "blank-line", "spaces", "crlf"],
)
@pytest.mark.parametrize("runner", [True, False], ids=["postgres-migrations", "numbered"])
def test_a_comment_or_space_edit_is_an_edit_to_the_runner(
    project: Path, runner: bool, after: str
) -> None:
    _start(project, runner)
    (project / FIRST).write_bytes(after.encode())
    code, found, output = _check("--base", "HEAD")
    if not runner:  # comments and layout only: nothing applied changed
        assert (code, found) == (0, []), output
        return
    assert code == 1 and [d[:3] for d in found] == [("DBN025", "error", FIRST)], output
    assert "this postgres-migrations migration was committed at HEAD" in output
    assert "Hashes don't match for migrations" in output
    git(project, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", FIRST])
    assert hook.exit_code == 1 and f"{FIRST}:" in hook.output, hook.output
    assert "DBN025 error" in hook.output


def test_a_rename_keeping_the_id_is_an_edit(project: Path) -> None:
    """The hash is of the file name too: renamed, the applied id's hash changes."""
    _start(project, True)
    git(project, "mv", FIRST, f"{FOLDER}/0001-init.sql")
    commit_all(project, "rename keeping the id")
    code, found, output = _check("--base", "HEAD~1", "--select", "DBN025")
    assert (code, [d[:3] for d in found]) == (1, [("DBN025", "error", FIRST)]), output
    assert "a file renamed under its id fails its hash check" in output


@pytest.mark.parametrize(
    ("runner", "severity", "code"),
    [(True, "error", 1), (False, "warning", 0)],
    ids=["postgres-migrations", "numbered"],
)
def test_two_branches_adding_the_same_id(
    project: Path, runner: bool, severity: str, code: int
) -> None:
    _start(project, runner)
    git(project, "checkout", "-q", "-b", "orders")
    (project / f"{FOLDER}/0003-orders.sql").write_text("CREATE TABLE orders (id int);\n")
    commit_all(project, "orders")
    git(project, "checkout", "-q", "main")
    (project / f"{FOLDER}/0003-items.sql").write_text("CREATE TABLE items (id int);\n")
    commit_all(project, "items")
    git(project, "merge", "-q", "--no-edit", "orders")  # merges cleanly in git
    got, found, output = _check("--base", "HEAD~2", "--select", "DBN016")
    assert (got, found) == (code, [("DBN016", severity, f"{FOLDER}/0003-orders.sql", 1)]), output
    if runner:
        assert "postgres-migrations refuses the folder ('Found a non-consecutive" in output


def test_a_gap_in_the_ids_is_refused(project: Path) -> None:
    """supabase/storage's shape: 0069 after 0066 (the runner: "Found a
    non-consecutive migration ID on file: '0069-...'")."""
    _start(project, True, count=66)
    (project / f"{FOLDER}/0069-x.sql").write_text("CREATE TABLE x (id int);\n")
    git(project, "add", "-A")
    code, found, output = _check("--base", "HEAD", "--select", "DBN016")
    assert (code, found) == (1, [("DBN016", "error", f"{FOLDER}/0069-x.sql", 1)]), output
    assert "no migration has id 67 to 68" in output
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", f"{FOLDER}/0069-x.sql"])
    assert hook.exit_code == 1 and "DBN016 error" in hook.output, hook.output
    # the next consecutive id passes
    git(project, "mv", f"{FOLDER}/0069-x.sql", f"{FOLDER}/0067-x.sql")
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output


def test_id_zero_is_the_runners_own(project: Path) -> None:
    _start(project, True)
    (project / f"{FOLDER}/0000-setup.sql").write_text("CREATE TABLE s (id int);\n")
    code, found, output = _check("--base", "HEAD", "--select", "DBN016")
    assert (code, found) == (1, [("DBN016", "error", f"{FOLDER}/0000-setup.sql", 1)]), output
    assert "0 is the runner's own (0_create-migrations-table)" in output


def test_a_folder_without_the_runner_may_skip_numbers(project: Path) -> None:
    _start(project, False)
    (project / f"{FOLDER}/0009-x.sql").write_text("CREATE TABLE x (id int);\n")
    code, found, output = _check("--base", "HEAD")
    assert (code, found) == (0, []), output
