"""How many git processes a hook run starts, and the memos that spare them.

A pre-commit run used to start 23 ``git`` processes (about 2 ms of CPU
each), many asking the same question twice: which commit ``HEAD`` is, the
index, the tree of ``HEAD`` in three forms, four ``git diff``. The count is
guarded here with a ``git`` first on ``PATH`` that logs each call and runs
the real one (the code under test runs as the hook does: a process). The
answers the memos give instead of git are held to real git's, case by case,
on a tree with folders, a symbolic link, a submodule, odd names and a merge
conflict.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint import gitutil
from dbnamelint.cli import cli
from dbnamelint.runner import gitmemo
from git_helpers import commit_all, git, init_repo, isolated_git_env, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SRC = str(Path(gitutil.__file__).resolve().parents[1])

#: The benchmark's slice in small: a schema file the hook's files name.
SLICE = "CREATE TABLE users (\n" + ",\n".join(f"  name_{i} text" for i in range(40)) + "\n);\n"
CONFIG = "paths: [slice.sql]\ndialect: postgres\n"


def _logging_git(folder: Path, log: Path) -> Path:
    """A folder holding a ``git`` that appends its arguments to ``log`` and runs the real git."""
    real = shutil.which("git")
    assert real is not None
    folder.mkdir()
    script = folder / "git"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{log}"\nexec "{real}" "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def _subcommands(log: Path) -> list[str]:
    """Each logged call's git command (after ``-C DIR`` and ``-c NAME=VALUE``)."""
    out = []
    for line in log.read_text().splitlines():
        words = line.split(" ")
        while words and words[0] in ("-C", "-c"):
            words = words[2:]
        out.append(" ".join(words[:2]))
    return out


def _hook(repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dbnamelint", "check", "--pre-commit", "slice.sql"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


#: What a hook run asks git once each: the run cache's state of HEAD and of
#: the index (its store gets the same answers, and the run its HEAD and top
#: folder from them), the commit's view (untracked, ignored, unstaged files),
#: HEAD's tree and blobs, and the changes since HEAD (working tree, index).
HOOK_CALLS = [
    "rev-parse --show-toplevel",
    "ls-files -s",
    "ls-files -z",
    "ls-files -z",
    "diff-files --name-only",
    "ls-tree -r",
    "cat-file --batch",
    "diff --name-status",
    "diff --name-status",
]


@pytest.mark.parametrize(
    ("staged", "calls"),
    [
        # the commit stages the edit: it is judged (21 processes before, 9 now)
        (True, HOOK_CALLS),
        # the benchmark's row: the edit is not staged, so the staged copy is
        # read from the index's blob (one cat-file more; 23 before)
        (False, [*HOOK_CALLS, "cat-file --batch"]),
    ],
)
def test_a_hook_run_on_an_edited_file_asks_git_each_question_once(
    tmp_path: Path, staged: bool, calls: list[str]
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    write_files(repo, {"slice.sql": SLICE, "dbnamelint.yaml": CONFIG})
    init_repo(repo, "base")
    log = tmp_path / "git.log"
    env = {
        **os.environ,
        **isolated_git_env(),
        "PATH": f"{_logging_git(tmp_path / 'bin', log)}{os.pathsep}{os.environ['PATH']}",
        "DBNAMELINT_CACHE_DIR": str(tmp_path / "cache"),
        # the code this test imported, whatever the current folder (a relative
        # PYTHONPATH would give the process an installed copy from the repo)
        "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")]),
    }
    first = _hook(repo, env)  # fills the caches (the run cache's entry among them)
    assert first.returncode == 0, first.stderr
    (repo / "slice.sql").write_text(SLICE + "CREATE TABLE person (id int);\n")
    if staged:
        git(repo, "add", "slice.sql")
    log.unlink()
    edited = _hook(repo, env)  # as a commit meets it: the run cache misses
    if staged:
        assert edited.returncode == 1, edited.stderr
        assert "DBN105" in edited.stdout and "'person'" in edited.stdout
    else:
        assert edited.returncode == 0, edited.stderr
        assert "DBN015" in edited.stdout  # read as staged: unchanged
    assert sorted(_subcommands(log)) == sorted(calls)


def test_the_answers_are_kept_only_while_a_command_runs(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    write_files(repo, {"slice.sql": "CREATE TABLE users (id int);\n", "dbnamelint.yaml": CONFIG})
    for key, value in isolated_git_env().items():
        os.environ.setdefault(key, value)
    init_repo(repo, "base")
    runner = CliRunner()
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        first = runner.invoke(cli, ["check", "--pre-commit", "--no-cache", "slice.sql"])
        assert first.exit_code == 0, first.output
        assert not gitmemo.active()
        # A commit between two commands of one process: the second sees it.
        (repo / "slice.sql").write_text("CREATE TABLE person (id int);\n")
        git(repo, "add", "slice.sql")
        second = runner.invoke(cli, ["check", "--pre-commit", "--no-cache", "slice.sql"])
        assert second.exit_code == 1 and "'person'" in second.output
        commit_all(repo, "bad name")
        third = runner.invoke(cli, ["check", "--pre-commit", "--no-cache", "slice.sql"])
        assert third.exit_code == 0, third.output  # HEAD has it now: not new
    finally:
        os.chdir(cwd)


# ------------------------------------------------------------ against real git


def _raw_git(repo: Path, *args: str, index: bool = False) -> bytes | None:
    """Real git's output, None when it fails."""
    env = gitutil._environment(index)
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, env=env, check=False
    )
    return done.stdout if done.returncode == 0 else None


@pytest.fixture
def tricky(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    """A repository whose HEAD holds folders, a symbolic link, a submodule
    entry, names with spaces, a non-UTF-8 name and a folder named like a file;
    the command run of :mod:`gitmemo` started."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "tricky"
    repo.mkdir()
    write_files(
        repo,
        {
            "a.sql": "one\n",
            "db/b.sql": "two\n",
            "db/deep/c.sql": "three\n",
            "db/with space.sql": "four\n",
            "dbnamelint.yaml/x.txt": "a folder named like the config\n",
            "pyproject.toml": "[tool.other]\n",
            "whitelist.yaml": "entries: []\n",
        },
    )
    (repo / "db" / "link.sql").symlink_to("b.sql")
    (repo / os.fsdecode(b"caf\xe9.sql")).write_text("latin-1 name\n")
    init_repo(repo)
    git(repo, "add", "-A")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},sub/module")
    git(repo, "commit", "-q", "-m", "base")
    head = git(repo, "rev-parse", "HEAD").strip()
    gitmemo.start()
    try:
        yield repo.resolve(), head
    finally:
        gitmemo.stop()


PATHS = [
    "a.sql",
    "db",
    "db/b.sql",
    "db/deep",
    "db/deep/c.sql",
    "db/with space.sql",
    "db/link.sql",
    "db/link.sql/x",
    "dbnamelint.yaml",
    "dbnamelint.yaml/x.txt",
    "sub/module",
    "sub",
    "missing.sql",
    "db/missing.sql",
    "a.sql/below",
    os.fsdecode(b"caf\xe9.sql"),
    "./a.sql",
    "db//b.sql",
    "db/",
    ":(top)a.sql",
]


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    """The git commands :mod:`dbnamelint.gitutil` runs from now on."""
    seen: list[tuple[str, ...]] = []
    real = gitutil.run_git

    def run_git(repo: Path, *args: str, stdin: bytes | None = None, index: bool = False) -> bytes:
        seen.append(args)
        return real(repo, *args, stdin=stdin, index=index)

    monkeypatch.setattr(gitutil, "run_git", run_git)
    return seen


def test_show_file_show_bytes_and_exists_at_answer_as_git_show(
    tricky: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, head = tricky
    for path in PATHS:
        raw = _raw_git(repo, "show", f"{head}:{path}")
        expected = None if raw is None else raw.decode("utf-8-sig", "replace")
        assert gitutil.show_file(repo, head, path) == expected, path
        assert gitutil.show_bytes(repo, head, path) == raw, path
        assert gitutil.exists_at(repo, head, path) == (raw is not None), path
    # Again from what the process kept (the listing, the blobs read): git is
    # asked only of what the listing cannot answer as it would.
    calls = _counted(monkeypatch)
    for path in PATHS:
        raw = _raw_git(repo, "show", f"{head}:{path}")
        expected = None if raw is None else raw.decode("utf-8-sig", "replace")
        assert gitutil.show_file(repo, head, path) == expected, path
        assert gitutil.show_bytes(repo, head, path) == raw, path
        assert gitutil.exists_at(repo, head, path) == (raw is not None), path
    asked = sorted({c[1].split(":", 1)[1] for c in calls})
    folders = ["db", "db/deep", "dbnamelint.yaml", "sub"]  # git show lists a folder
    unplain = ["./a.sql", "db//b.sql", "db/", ":(top)a.sql"]  # git reads them otherwise
    assert asked == sorted([*folders, *unplain, "sub/module"])


def test_tree_names_and_names_at_answer_as_ls_tree(
    tricky: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, head = tricky
    calls = _counted(monkeypatch)
    assert gitutil.tree_names(repo, head) == _raw_git(
        repo, "ls-tree", "-r", "-z", "--name-only", head
    )
    gitutil.resolve_commit(repo, "HEAD")  # now the run knows HEAD: answered from the listing
    assert gitutil.tree_names(repo, "HEAD") == _raw_git(
        repo, "ls-tree", "-r", "-z", "--name-only", "HEAD"
    )
    groups = [
        ["dbnamelint.yaml", "pyproject.toml", "whitelist.yaml", "whitelist.yml"],
        ["db/b.sql", "db/deep", "sub/module", "missing.sql"],
        ["db/link.sql", "a.sql/below", os.fsdecode(b"caf\xe9.sql"), "db/with space.sql"],
        ["db", "db/deep/c.sql"],  # one inside another: git lists db's other entries too
        ["db/", "./a.sql"],
        ["db/*.sql"],
        ["sub"],
    ]
    for paths in groups:
        expected = _raw_git(repo, "ls-tree", "--name-only", "-z", head, "--", *paths)
        assert gitutil.names_at(repo, head, paths) == expected, paths
    # one listing of the tree, HEAD resolved once, and git for the three
    # groups with a folder of another or a path git reads otherwise
    assert [c[:2] for c in calls] == [
        ("ls-tree", "-r"),
        ("rev-parse", "--verify"),
        *[("ls-tree", "--name-only")] * 3,
    ]


def test_diff_names_answer_as_git_diff(
    tricky: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, head = tricky
    # A second branch edits a.sql, the working tree and index change the rest
    # in every way git diff reports: modified, added, deleted, a type change,
    # staged and not, and a merge conflict (unmerged entries).
    git(repo, "checkout", "-q", "-b", "other")
    (repo / "a.sql").write_text("other\n")
    commit_all(repo, "other")
    git(repo, "checkout", "-q", "main")
    (repo / "a.sql").write_text("main\n")
    commit_all(repo, "main")
    merge = ["git", "-C", str(repo), "merge", "-q", "other"]
    assert subprocess.run(merge, capture_output=True, check=False).returncode != 0  # a conflict
    (repo / "db" / "b.sql").write_text("edited, not staged\n")
    (repo / "db" / "deep" / "c.sql").write_text("edited and staged\n")
    git(repo, "add", "db/deep/c.sql")
    (repo / "new.sql").write_text("added\n")
    git(repo, "add", "new.sql")
    git(repo, "rm", "-q", "--cached", "whitelist.yaml")
    (repo / "pyproject.toml").unlink()
    (repo / "db" / "link.sql").unlink()
    (repo / "db" / "link.sql").write_text("a file now\n")
    gitutil.resolve_commit(repo, "HEAD")
    calls = _counted(monkeypatch)
    for ref in (head, "HEAD"):
        for cached in (False, True):
            staged = ["--cached"] if cached else []
            expected = _raw_git(
                repo,
                "diff",
                "--name-status",
                "-z",
                "--no-renames",
                *staged,
                ref,
                "--",
                index=cached,
            )
            assert gitutil.diff_statuses(repo, ref, cached=cached) == expected
            for only in ("", "M", "D", "A", "T", "U"):
                wanted = [f"--diff-filter={only}"] if only else []
                expected = _raw_git(
                    repo,
                    *("diff", "--name-only", "-z", "--no-renames", *wanted, *staged, ref, "--"),
                    index=cached,
                )
                got = gitutil.diff_names(repo, ref, cached=cached, only=only)
                assert got == expected, (ref, cached, only)
    # HEAD is not the base commit here: one diff of each per commit
    assert len(calls) == 4


def test_the_staged_entries_answer_as_ls_files(
    tricky: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = tricky
    gitutil.index_state(repo)  # the run cache asks it at the top folder first
    calls = _counted(monkeypatch)
    for paths in (["a.sql"], ["db/b.sql", "db/deep/c.sql"], ["db"], ["db/deep", "sub/module"]):
        expected = _raw_git(
            repo, "ls-files", "-s", "-z", "--", *(f":(top,literal){p}" for p in paths), index=True
        )
        assert gitutil._staged_entries(repo, paths) == expected, paths
    assert calls == []
