"""Temporary git repositories for tests, shielded from the machine's git setup.

The gate, burn-down and pre-commit tests commit in real repositories. A
developer's global config (a signing key, a hooks path, another default
branch) or a CI runner without an identity would change or break what they
test, so every git they run, and every git the code under test runs, sees
an empty global config, no system config and a fixed identity.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from types import MappingProxyType

import pytest

_IDENTITY = MappingProxyType(
    {
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
)


def isolated_git_env(gitconfig: str = os.devnull) -> dict[str, str]:
    """The variables to add to an environment so git ignores the machine's setup.

    ``gitconfig`` is the global config git reads (and a tool under test may
    write): an empty file of the test's own, or nothing at all.
    """
    return {"GIT_CONFIG_GLOBAL": gitconfig, **_IDENTITY}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` and return its output; a failure fails the test
    with git's own message. ``date`` dates the commit it makes."""
    env = {**os.environ, **isolated_git_env()}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False, env=env
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def commit_all(repo: Path, message: str, date: str | None = None) -> None:
    """Commit everything in the working tree, new files included."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


def init_repo(repo: Path, message: str | None = None) -> None:
    """A repository on branch ``main`` in ``repo``; with ``message``, its
    files committed."""
    git(repo, "init", "-q", "-b", "main")
    if message is not None:
        commit_all(repo, message)


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write each ``relative path -> text`` under ``root``, making folders (UTF-8)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def git_workdir(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``root`` made and the test's current directory, git shielded from the
    machine's setup for the test; the test is skipped where git is not installed."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def committed_repo(
    root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch, message: str = "app"
) -> Path:
    """A repository at ``root`` holding ``files`` in one commit, git shielded
    from the machine's setup for the test, and the test's current directory."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root.mkdir(parents=True, exist_ok=True)
    write_files(root, files)
    init_repo(root)
    commit_all(root, message)
    monkeypatch.chdir(root)
    return root


def adopted_project(
    root: Path, files: dict[str, str], config: str, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """:func:`adopted_repo` at ``root`` (made), git shielded from the machine's
    setup for the test, and the test's current directory."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root.mkdir(parents=True)
    monkeypatch.chdir(root)
    adopted_repo(root, files, config)
    return root


def adopted_repo(root: Path, files: dict[str, str], config: str) -> None:
    """``root`` as a project that adopted dbnamelint: its config and
    ``files`` written, the legacy baseline recorded (``whitelist init``),
    all of it the first commit (on ``main``)."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    (root / "dbnamelint.yaml").write_text(config)
    write_files(root, files)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    init_repo(root, "base")
