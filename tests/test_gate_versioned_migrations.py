"""Version-named migrations (``migrations/v2.9.62.sql``) are applied history.

Trial s26 (semaphore): its runner applies ``db/sql/migrations/vX.Y.Z.sql``
once each, in the order of a version list in ``db/Migration.go``, and records
the version in its ``migrations`` table. The gate knew no tool by such names,
so editing ``v2.9.62.sql`` in place (``create table `option``` made
``options``), deleting ``v2.8.58.sql`` or renumbering ``v2.9.100.sql`` passed
the hook and ``check --base``, while every database that ran them kept the
old objects. Now a file of a ``migrations`` folder named by a dotted version
(``v`` optional, a title after a ``-`` or ``_`` allowed) is a numbered
migration to the gate: ``DBN025`` for each of those. Oracle: real git.
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

FOLDER = "db/sql/migrations"
FILES = {
    f"{FOLDER}/v2.8.58.sql": "create table `project` (`id` int primary key);\n",
    f"{FOLDER}/v2.9.62.sql": "create table `option` (`key` varchar(255) primary key);\n",
    f"{FOLDER}/v2.9.100.sql": "alter table `project` add `alert` bool;\n",
    f"{FOLDER}/v2.10.28_add_x.sql": "alter table `project` add `max_tasks` int;\n",
}


@pytest.fixture
def project(git_project: Path) -> Path:
    root = git_project
    adopted_repo(root, FILES, f"paths: [{FOLDER}]\ndialect: mysql\n")
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
        ("edit", f"{FOLDER}/v2.9.62.sql", "this change edits it"),
        ("edit-titled", f"{FOLDER}/v2.10.28_add_x.sql", "this change edits it"),
        ("delete", f"{FOLDER}/v2.8.58.sql", "this change deletes it"),
        ("renumber", f"{FOLDER}/v2.9.100.sql", "renames it to db/sql/migrations/v2.10.30.sql"),
    ],
)
def test_an_applied_version_file_changed_fails_the_gate(
    project: Path, change: str, path: str, says: str
) -> None:
    target = project / path
    if change == "edit":
        target.write_text(FILES[path].replace("`option`", "`options`"))
    elif change == "edit-titled":
        target.write_text(FILES[path].replace("int", "bigint"))
    elif change == "delete":
        git(project, "rm", "-q", path)
    else:
        git(project, "mv", path, f"{FOLDER}/v2.10.30.sql")
    git(project, "add", "-A")
    code, edited = _gate()
    assert [p for p, _ in edited] == [path], edited
    assert says in edited[0][1]
    assert code == 1


def test_a_new_version_file_is_no_edit(project: Path) -> None:
    (project / FOLDER / "v2.10.29.sql").write_text("alter table `project` add `notes` text;\n")
    git(project, "add", "-A")
    assert _gate() == (0, [])
    commit_all(project, "a new migration")
    assert _gate() == (0, [])
