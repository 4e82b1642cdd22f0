"""An applied goose Go migration renamed keeping its version and edited is one
edit (trial s40 navidrome).

goose records an applied migration by its version alone (goose_db_version),
so ``20260315233131_add_artist_uploaded_image.go`` renamed to
``20260315233131_add_artist_image.go`` is still the applied migration: a
rename alone is an info note. Renamed *and* edited, it was reported as a
deletion, plus a new migration holding DDL (``DBN013``) whose version
"sorts before" the committed ones (``DBN016``: "goose up refuses every
database already migrated past ..."), which is false: the version is the
applied one. Now it is the one ``DBN025`` of an edit, at the first changed
line of the renamed file, and nothing else.

Oracle: real git for the base and the index (the hook's view).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_helpers import git
from test_gate_go_migrations import EDITED, _check, project  # noqa: F401 - the fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def test_a_rename_keeping_the_version_and_an_edit_is_one_edit(project: Path) -> None:  # noqa: F811
    moved = "db/migrations/00002_add_mail.go"
    git(project, "mv", EDITED, moved)
    path = project / moved
    path.write_text(path.read_text().replace("add email", "add mail"))
    assert _check("--base", "HEAD") == (1, [("DBN025", moved, 15, "error")])
    git(project, "add", "-A")
    assert _check("--pre-commit") == (1, [("DBN025", moved, 15, "error")])


def test_a_rename_to_another_version_is_still_a_deletion(project: Path) -> None:  # noqa: F811
    moved = "db/migrations/00003_add_mail.go"
    git(project, "mv", EDITED, moved)
    path = project / moved
    path.write_text(path.read_text().replace("add email", "add mail").replace("00002", "00003"))
    code, found = _check("--base", "HEAD")
    assert code == 1
    assert ("DBN025", EDITED, 1, "error") in found  # the applied version is gone
