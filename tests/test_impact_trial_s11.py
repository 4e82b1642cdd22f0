"""``dbnamelint impact`` after trial s11 (atuin).

#2: ``impact --diff`` showed an unchanged blank line between two rewritten
lines as removed and added again (difflib skips lines that recur often, as
blank lines do in a file of 200 lines or more, when it matches lines). The
oracle is git itself: the patch applies with ``git apply`` and is the diff
``git diff`` prints for the change it made.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

BASE = {
    "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    "db/001_init.sql": "CREATE TABLE store (id int PRIMARY KEY);\n",
    "whitelist.yaml": 'phases:\n  - {id: "1", title: "Plurals", status: open}\nentries:\n'
    '  - {kind: table, name: store, phase: "1", target: stores}\n',
}
QUERY = 'Q = "DELETE FROM store WHERE id = 1"\n'


def _code() -> str:
    """300 lines, every other one blank; queries at lines 151 and 153 (a
    blank line between), 161 (7 lines on: a hunk of its own), 168 (6 lines
    on: the same hunk) and the last line, which has no newline."""
    lines = [f"X{n} = {n}\n" if n % 2 else "\n" for n in range(1, 301)]
    for n in (151, 153, 161, 168):
        lines[n - 1] = QUERY
    lines[-1] = QUERY.rstrip("\n")
    return "".join(lines)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(tmp_path / "repo", {**BASE, "app/queries.py": _code()}, monkeypatch)


def test_the_patch_changes_only_the_rewritten_lines_as_git_diff_shows(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    patch = result.stdout_bytes.decode("utf-8")
    (repo.parent / "fix.patch").write_text(patch, encoding="utf-8")
    git(repo, "apply", "--check", str(repo.parent / "fix.patch"))
    git(repo, "apply", str(repo.parent / "fix.patch"))
    removed = [line for line in patch.splitlines()[2:] if line.startswith("-")]
    assert removed == ['-Q = "DELETE FROM store WHERE id = 1"'] * 5
    # git's own diff of the applied change, without its header and the
    # function context it adds after a hunk's line numbers.
    shown = git(repo, "diff", "--no-color", "--no-ext-diff")
    shown = "".join(shown.splitlines(keepends=True)[2:])
    assert patch == re.sub(r"(?m)^(@@ [^@]* @@).*$", r"\1", shown)
