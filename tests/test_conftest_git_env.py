"""The suite run from inside another repository's git process (a hook,
``git bisect run``) inherits ``GIT_DIR`` and ``GIT_INDEX_FILE``; the tests'
own git commands must still work in their own repositories, never the
caller's (confirmation s34: a test committed into the caller's repository
and set its ``core.bare``). Oracle: real git."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TESTS = Path(__file__).parent

#: Imports conftest (which drops the variables), then commits a file into a
#: fresh repository with the tests' own helper.
SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import conftest  # noqa: F401
from git_helpers import git
repo = Path(sys.argv[2])
git(repo, "init", "-q")
(repo / "a.sql").write_text("CREATE TABLE a (id int);\\n")
git(repo, "add", "a.sql")
git(repo, "commit", "-qm", "app")
"""


def _git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env
    ).stdout


def test_a_callers_git_dir_is_not_the_tests_repository(tmp_path: Path) -> None:
    caller = tmp_path / "caller"
    caller.mkdir()
    _git(caller, "init", "-q")
    (caller / "keep.txt").write_text("mine\n")
    _git(caller, "add", "keep.txt")
    _git(caller, "-c", "user.name=u", "-c", "user.email=u@x", "commit", "-qm", "caller")
    head = _git(caller, "rev-parse", "HEAD")
    inherited = {
        **os.environ,
        "GIT_DIR": str(caller / ".git"),
        "GIT_INDEX_FILE": str(caller / ".git" / "index"),
        "GIT_WORK_TREE": str(caller),
    }
    inner = tmp_path / "inner"
    inner.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(TESTS), str(inner)],
        capture_output=True,
        text=True,
        check=False,
        env=inherited,
    )
    assert done.returncode == 0, done.stderr
    # the caller's repository is as it was; the commit is the inner one's
    assert _git(caller, "rev-parse", "HEAD") == head
    assert _git(caller, "config", "--bool", "core.bare").strip() == "false"
    assert _git(inner, "log", "--format=%s") == "app\n"
