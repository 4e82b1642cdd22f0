"""SQL files of a folder named ``<x>_migrations`` are applied history (trial s40 uptime-kuma F1).

uptime-kuma's ``db/old_migrations/patch-*.sql`` are applied once each by its
own runner (``Database.patchList`` in ``server/database.js`` lists them;
it records each applied file's name in the ``databasePatchedFiles``
setting and never runs it again), and each file says "You should not modify
if this have pushed to Github". No tool's name scheme, so editing one in
place, deleting it or renaming it passed ``check --base`` and the hook,
while every database that ran it kept what it made. Now a SQL file of a
folder whose name ends in ``_migrations`` or ``-migrations`` is a migration
to the gate, whatever its name: ``DBN025`` for each of those; a new file and
a comment's edit pass, and so does a schema dump kept there. Oracle: real
git.
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

FOLDER = "db/old_migrations"
HEAD = "-- You should not modify if this have pushed to Github\n"
FILES = {
    f"{FOLDER}/patch1.sql": "CREATE TABLE monitor (id INTEGER PRIMARY KEY AUTOINCREMENT);\n",
    f"{FOLDER}/patch-timeout.sql": HEAD + "ALTER TABLE monitor ADD timeout DOUBLE;\n",
    f"{FOLDER}/patch-proxy.sql": HEAD + "CREATE TABLE proxy (id INTEGER PRIMARY KEY);\n",
}


@pytest.fixture
def project(git_project: Path) -> Path:
    root = git_project
    adopted_repo(root, FILES, f"paths: [{FOLDER}]\ndialect: sqlite\n")
    return root


def _gate() -> tuple[int, list[tuple[str, str]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    edited = [(str(d["path"]), str(d["message"])) for d in report["diagnostics"]]
    return result.exit_code, [(p, m) for p, m in edited if "committed at HEAD" in m]


@pytest.mark.parametrize(
    ("change", "path", "says"),
    [
        ("edit", f"{FOLDER}/patch-timeout.sql", "this change edits it"),
        ("delete", f"{FOLDER}/patch-proxy.sql", "this change deletes it"),
        ("rename", f"{FOLDER}/patch-proxy.sql", f"renames it to {FOLDER}/patch-proxy2.sql"),
    ],
)
def test_an_applied_patch_changed_fails_the_gate(
    project: Path, change: str, path: str, says: str
) -> None:
    target = project / path
    if change == "edit":
        # a compliant name: the edit itself is what is refused
        target.write_text(FILES[path] + "ALTER TABLE monitor ADD retry_interval INTEGER;\n")
    elif change == "delete":
        git(project, "rm", "-q", path)
    else:
        git(project, "mv", path, f"{FOLDER}/patch-proxy2.sql")
    git(project, "add", "-A")
    code, edited = _gate()
    assert [p for p, _ in edited] == [path], edited
    assert says in edited[0][1]
    assert code == 1


def test_a_new_patch_and_a_comment_pass(project: Path) -> None:
    (project / FOLDER / "patch-retry.sql").write_text("ALTER TABLE monitor ADD retries INTEGER;\n")
    target = project / FOLDER / "patch-timeout.sql"
    target.write_text("-- applied once\n" + FILES[f"{FOLDER}/patch-timeout.sql"])
    git(project, "add", "-A")
    assert _gate() == (0, [])
    commit_all(project, "a new patch")
    assert _gate() == (0, [])


def test_other_folders_keep_their_files_editable(git_project: Path) -> None:
    files = {"db/schema_files/tables.sql": "CREATE TABLE monitor (id INTEGER PRIMARY KEY);\n"}
    adopted_repo(git_project, files, "paths: [db/schema_files]\ndialect: sqlite\n")
    target = git_project / "db/schema_files/tables.sql"
    target.write_text(files["db/schema_files/tables.sql"] + "CREATE TABLE tags (id INTEGER);\n")
    git(git_project, "add", "-A")
    assert _gate() == (0, [])
