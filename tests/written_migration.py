"""What a team does with a rename migration ``migrate --write`` wrote, as one check.

The reader must take the written file for the renames (a later ``check``
reports the retired whitelist entries stale, ``DBN900``), ``whitelist prune``
removes them, and the gate (``check --base``) and the pre-commit hook
(``check --pre-commit``, on the staged change) pass the phase, before and
after its commit. Shared by the writers' tests (Alembic, Django, ...).
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git


def dbnamelint(*args: str) -> tuple[int, str]:
    """``dbnamelint ARGS`` run in-process: (exit code, stdout and stderr)."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def written_file(folder: Path, pattern: str) -> Path:
    """The one file of ``folder`` whose name matches ``pattern`` whole: what
    ``migrate --write`` wrote there (fails listing the folder otherwise)."""
    found = [p for p in folder.iterdir() if re.fullmatch(pattern, p.name)]
    assert len(found) == 1, sorted(p.name for p in folder.iterdir())
    return found[0]


def assert_taken_as_renames(
    root: Path, message: str = "rename phase 1", stale: str = "DBN900"
) -> None:
    """Run the sequence above in the git repository ``root`` (the working
    directory), committing the phase as ``message``; ``stale`` is text the
    first ``check`` must print (the retired entry). Fails with the output of
    the first step that does not do what it should."""
    status, output = dbnamelint("check", ".")
    assert status == 1 and stale in output, output
    status, output = dbnamelint("whitelist", "prune")
    assert status == 0, output
    status, output = dbnamelint("check", "--base", "HEAD", ".")
    assert status == 0, output
    git(root, "add", "-A")  # the hook: the staged migration and whitelist
    status, output = dbnamelint("check", "--pre-commit", "--base", "HEAD", "--no-cache")
    assert status == 0, output
    commit_all(root, message)
    status, output = dbnamelint("check", "--base", "HEAD~1", ".")
    assert status == 0, output
