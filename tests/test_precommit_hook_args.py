"""A commit that relaxes the dbnamelint hook's own arguments is refused (trial s18 goatmisc #3).

pre-commit runs a hook with the ``.pre-commit-config.yaml`` being committed:
adding ``args: [--ignore, DBN102]`` (or ``--select DBN9``, ``--exit-zero``)
to the dbnamelint hook in the commit that adds a bad name let the name
through. The hook now compares its arguments as the index has them with
``HEAD``'s and refuses a relaxation (``DBN909`` at the config line);
``check --base`` says which arguments differ from REF's, as a warning.

Oracles: the real ``pre-commit`` installed as the repository's git hook and
real ``git commit`` (the hook environment built from this working tree by
:mod:`test_precommit`'s fixture); the verdict is git's (a commit made or not).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git
from test_precommit import NEW_FILE, Env, hook_repo, make_project

__all__ = ["hook_repo"]  # the module-scoped fixture: the hook environment is built once

BAD = "CREATE TABLE audit_settings (id integer);\n"  # DBN102 (not ws_-prefixed), DBN104
GOOD = "CREATE TABLE ws_members (id integer);\n"


def _commit(
    env: Env, project: Path, sql: str, hook_args: str | None
) -> subprocess.CompletedProcess[str]:
    """Stage ``sql`` as a new migration and, with ``hook_args``, the hook's
    new ``args:``; commit through the installed hook."""
    (project / NEW_FILE).write_text(sql)
    config = project / ".pre-commit-config.yaml"
    if hook_args is not None:
        text = config.read_text()
        config.write_text(text.rstrip("\n") + f"\n        args: {hook_args}\n")
    env.git(project, "add", "-A")
    return env.git(project, "commit", "-m", "change", check=False)


@pytest.mark.parametrize(
    ("hook_args", "said"),
    [
        pytest.param('[--ignore, "DBN102,DBN104"]', "adds --ignore DBN102,DBN104", id="ignore"),
        pytest.param("[--ignore=DBN1]", "adds --ignore DBN1", id="ignore-prefix"),
        pytest.param("[--select, DBN9]", "narrows --select to DBN9 (was every code)", id="select"),
        pytest.param("[--exit-zero]", "adds --exit-zero", id="exit-zero"),
        pytest.param("[--fail-on, info, --ignore, DBN1]", "adds --ignore DBN1", id="mixed"),
    ],
)
def test_a_commit_relaxing_the_hook_is_refused(
    hook_repo: tuple[Env, Path, str], tmp_path: Path, hook_args: str, said: str
) -> None:
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    assert env.pre_commit(project, "install").returncode == 0
    head = env.git(project, "rev-parse", "HEAD").stdout
    done = _commit(env, project, BAD, hook_args)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert env.git(project, "rev-parse", "HEAD").stdout == head  # git made no commit
    config = (project / ".pre-commit-config.yaml").read_text().splitlines()
    line = next(i for i, text in enumerate(config, 1) if "args:" in text)
    assert f".pre-commit-config.yaml:{line}:" in output
    assert "DBN909" in output and said in output, output
    assert "SKIP=dbnamelint" in output

    # The same change with the hook's arguments left alone is refused for the name.
    fresh = make_project(tmp_path / "fresh", snapshot, rev)
    assert env.pre_commit(fresh, "install").returncode == 0
    done = _commit(env, fresh, BAD, None)
    assert done.returncode == 1 and "DBN102" in done.stdout + done.stderr


@pytest.mark.parametrize(
    "hook_args",
    [
        pytest.param("[--fail-on, info]", id="stricter-fail-on"),
        pytest.param("[--verbose]", id="not-about-failing"),
    ],
)
def test_a_hook_change_that_relaxes_nothing_passes(
    hook_repo: tuple[Env, Path, str], tmp_path: Path, hook_args: str
) -> None:
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev)
    assert env.pre_commit(project, "install").returncode == 0
    done = _commit(env, project, GOOD, hook_args)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_hook_relaxed_at_head_is_the_hook(
    hook_repo: tuple[Env, Path, str], tmp_path: Path
) -> None:
    # Committed with SKIP (agreed), the relaxed hook is the hook from then on:
    # later commits are judged with it, and CI's check --base judges the names.
    env, snapshot, rev = hook_repo
    project = make_project(tmp_path / "project", snapshot, rev, "[--ignore, DBN1]")
    assert env.pre_commit(project, "install").returncode == 0
    done = _commit(env, project, BAD, None)
    assert done.returncode == 0, done.stdout + done.stderr


CONFIG = "extends: [cora]\npaths: [db]\n"
HOOK = """\
repos:
  - repo: local
    hooks:
      - id: dbnamelint
        name: dbnamelint
        entry: dbnamelint check --pre-commit
        language: system
"""


@pytest.fixture
def local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A committed project whose local hook's entry runs ``dbnamelint check --pre-commit``."""
    from git_helpers import committed_repo
    from test_precommit import SCHEMA, SCHEMA_SQL, WHITELIST

    files = {
        "dbnamelint.yaml": CONFIG,
        SCHEMA: SCHEMA_SQL,
        "whitelist.yaml": WHITELIST,
        ".pre-commit-config.yaml": HOOK,
    }
    return committed_repo(tmp_path / "local", files, monkeypatch)


def _hook_run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--pre-commit", *args, NEW_FILE])
    return result.exit_code, result.output


def test_an_entry_that_adds_exit_zero_is_refused_whatever_it_exits(local: Path) -> None:
    # A local hook's entry carries arguments too; --exit-zero must not turn the
    # refusal of its own addition into a pass.
    (local / NEW_FILE).write_text(BAD)
    hook = local / ".pre-commit-config.yaml"
    hook.write_text(HOOK.replace("--pre-commit\n", "--pre-commit --exit-zero\n"))
    git(local, "add", "-A")
    code, output = _hook_run(local, "--exit-zero")
    assert code == 1, output
    assert ".pre-commit-config.yaml:6:" in output and "it adds --exit-zero" in output


def test_check_base_says_which_hook_arguments_differ(local: Path) -> None:
    git(local, "checkout", "-q", "-b", "relax")
    (local / NEW_FILE).write_text(BAD)
    hook = local / ".pre-commit-config.yaml"
    hook.write_text(HOOK + "        args: [--ignore, DBN102, --select, DBN1]\n")
    commit_all(local, "relax the hook")
    result = CliRunner().invoke(cli, ["check", "--base", "main"])
    assert result.exit_code == 1, result.output  # for the name, which this gate judges
    assert "DBN102" in result.output
    warnings = [line for line in result.output.splitlines() if "DBN909 warning" in line]
    assert [w.split(": DBN909")[0] for w in warnings] == [
        ".pre-commit-config.yaml:8:16",
        ".pre-commit-config.yaml:8:34",
    ]
    assert "it adds --ignore DBN102" in warnings[0]
    assert "it narrows --select to DBN1 (was every code)" in warnings[1]

    # A hook removed cannot refuse its own removal: only check --base can say it.
    hook.write_text("repos: []\n")
    commit_all(local, "drop the hook")
    result = CliRunner().invoke(cli, ["check", "--base", "main"])
    assert "it removes the hook" in result.output
