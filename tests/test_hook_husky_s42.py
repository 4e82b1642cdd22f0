"""The gate as a husky hook: ``core.hooksPath`` set, ``dbnamelint check --pre-commit``.

husky sets ``core.hooksPath`` (``.husky/_``), and ``pre-commit install``
then refuses ("Cowardly refusing to install hooks with `core.hooksPath`
set": README-only trial s42, hoppscotch). The README says to run
``dbnamelint check --pre-commit`` from that tool's own pre-commit hook:
with no file names it judges what the commit stages. Oracle: real git runs
the hook from ``core.hooksPath`` and refuses or records the commit; the real
pre-commit refuses to install there.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from git_helpers import git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _repo(root: Path) -> Path:
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql").write_text("CREATE TABLE users (id int PRIMARY KEY);\n")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    hook = root / ".husky" / "pre-commit"
    hook.parent.mkdir()
    # what a husky project writes in .husky/pre-commit (this interpreter's dbnamelint)
    hook.write_text(f'#!/bin/sh\n"{sys.executable}" -m dbnamelint check --pre-commit\n')
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    init_repo(root, "init")
    git(root, "config", "core.hooksPath", ".husky")
    return root


def _commit(
    root: Path, env: dict[str, str], name: str, sql: str
) -> subprocess.CompletedProcess[str]:
    (root / "db" / name).write_text(sql)
    subprocess.run(["git", "add", "db"], cwd=root, env=env, check=True)
    return subprocess.run(
        ["git", "commit", "-m", name],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_husky_hook_refuses_a_bad_name_and_records_an_honest_commit(tmp_path: Path) -> None:
    env = {**os.environ, **isolated_git_env()}
    root = _repo(tmp_path / "app")
    head = git(root, "rev-parse", "HEAD")
    done = _commit(root, env, "002_bad.sql", 'CREATE TABLE "UserPrefs" (id int);\n')
    assert done.returncode != 0, done.stdout + done.stderr
    assert 'db/002_bad.sql:1:14: DBN101 table "UserPrefs"' in done.stdout + done.stderr
    assert git(root, "rev-parse", "HEAD") == head  # refused
    subprocess.run(["git", "reset", "-q"], cwd=root, env=env, check=True)
    (root / "db" / "002_bad.sql").unlink()
    done = _commit(root, env, "002_posts.sql", "CREATE TABLE posts (id int PRIMARY KEY);\n")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(root, "rev-parse", "HEAD") != head


def test_pre_commit_refuses_to_install_under_core_hooks_path(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    env = {**os.environ, **isolated_git_env(), "PRE_COMMIT_HOME": str(tmp_path / "home")}
    root = _repo(tmp_path / "app")
    (root / ".pre-commit-config.yaml").write_text("repos: []\n")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert (
        "Cowardly refusing to install hooks with `core.hooksPath` set" in done.stdout + done.stderr
    )
