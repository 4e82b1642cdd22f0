"""The README's DBN025 workaround for one file per unreleased version (trial s33, harbor).

harbor appends to ``0190_2.16.0_schema.up.sql`` in several pull requests of
a release cycle: each is a ``DBN025`` edit of a committed migration. The
README says a ``per_path`` entry ``ignore: [DBN025]`` for that file,
committed on its own, lets the edits pass while the names they add are
still judged; added in the commit that edits the file it is ``DBN909``.

Oracle: a real git repository and the real gate (``check --base``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FOLDER = "make/migrations/postgresql"
CONFIG = f"paths: [{FOLDER}]\ndialect: postgres\n"
OPT_OUT = f'per_path:\n  - paths: ["{FOLDER}/0190_*"]\n    ignore: [DBN025]\n'
RELEASE = f"{FOLDER}/0190_2.16.0_schema.up.sql"
FIRST = "CREATE TABLE projects (id integer PRIMARY KEY);\n"


def _gate(base: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--base", base, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "harbor"
    (root / FOLDER).mkdir(parents=True)
    (root / "dbnamelint.yaml").write_text(CONFIG)
    (root / f"{FOLDER}/0180_2.15.0_schema.up.sql").write_text(
        "CREATE TABLE artifacts (id integer PRIMARY KEY);\n"
    )
    (root / RELEASE).write_text(FIRST)
    monkeypatch.chdir(root)
    init_repo(root, "release 2.16 under way")
    return root


def test_an_edit_of_the_release_file_is_dbn025_without_the_entry(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / RELEASE).write_text(FIRST + "ALTER TABLE projects ADD COLUMN note text;\n")
    commit_all(repo, "edit")
    code, output = _gate("main")
    assert code == 1 and "DBN025" in output, output


def test_the_entry_committed_on_its_own_lets_edits_pass_and_judges_their_names(
    repo: Path,
) -> None:
    (repo / "dbnamelint.yaml").write_text(CONFIG + OPT_OUT)
    commit_all(repo, "opt the unreleased version's file out of DBN025")
    code, output = _gate("main~1")
    # the entry alone hides nothing yet, and is a relaxation all the same
    # (confirmation s39): it is agreed with --allow-whitelist-growth
    assert code == 1 and "stops failing the run on DBN025" in output, output
    code, output = _gate("main~1", "--allow-whitelist-growth")
    assert code == 0, output
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / RELEASE).write_text(FIRST + "ALTER TABLE projects ADD COLUMN note text;\n")
    commit_all(repo, "edit")
    code, output = _gate("main")
    assert code == 0, output
    (repo / RELEASE).write_text(FIRST + 'ALTER TABLE projects ADD COLUMN "Note" text;\n')
    commit_all(repo, "a bad name")
    code, output = _gate("main")
    assert code == 1, output
    assert "DBN025" not in output and 'DBN201 column "projects.Note"' in output, output


def test_the_entry_in_the_editing_commit_is_dbn909(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "dbnamelint.yaml").write_text(CONFIG + OPT_OUT)
    (repo / RELEASE).write_text(FIRST + "ALTER TABLE projects ADD COLUMN note text;\n")
    commit_all(repo, "edit and opt out at once")
    code, output = _gate("main")
    assert code == 1 and "DBN909" in output, output
