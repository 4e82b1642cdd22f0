"""The README's `migrate` walk-through is what its exact commands print.

The console blocks of "Rename migrations" are one shell session: every
``$ `` line runs, as written, in one bash process started in a fresh copy
of the repository's files the commands use (the walk-through copies them
again into ``../cora-demo`` and makes it a git repository); each command's
output (stdout and stderr, as a terminal shows them) must equal the lines
under it, where a ``...`` line stands for any number of lines.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
MARK = "@@dbnamelint-readme-command@@"


def _session() -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of the walk-through, in order."""
    section = README.split("## Rename migrations: `dbnamelint migrate`", 1)[1]
    return console_steps(section.split("\nWhat to rename", 1)[0])


def console_steps(section: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of every ``console`` block in ``section``."""
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                assert steps, f"output before any command: {line!r}"
                steps[-1][1].append(line)
    return steps


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` lines fit ``expected``, ``...`` matching any run of lines."""
    if not expected:
        return not actual
    head, *rest = expected
    if head == "...":
        return any(_matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and actual[0] == head and _matches(rest, actual[1:])


def assert_printed(steps: list[tuple[str, list[str]]], outputs: list[list[str]]) -> None:
    """Each command of ``steps`` printed what the README shows under it
    (``...`` any run of lines), the first that did not shown beside it."""
    assert len(outputs) == len(steps)
    for (command, expected), actual in zip(steps, outputs, strict=True):
        assert _matches([e.rstrip() for e in expected], actual), (
            f"$ {command}\n--- README\n"
            + "\n".join(expected)
            + "\n--- printed\n"
            + "\n".join(actual)
        )


def _run(steps: list[tuple[str, list[str]]], cwd: Path, home: Path) -> list[list[str]]:
    script = "".join(f"echo {MARK}\n{command}\n" for command, _ in steps)
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "DBNAMELINT_CACHE_DIR": str(home / "cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "dev",
        "GIT_AUTHOR_EMAIL": "dev@example.com",
        "GIT_COMMITTER_NAME": "dev",
        "GIT_COMMITTER_EMAIL": "dev@example.com",
    }
    if "PYTHONPATH" in os.environ:  # a checkout's own source, as the test run uses it
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    outputs = done.stdout.split(MARK + "\n")
    assert outputs[0] == "", outputs[0]
    return [[line.rstrip() for line in out.splitlines()] for out in outputs[1:]]


@pytest.mark.slow
def test_walk_through_output_is_what_the_commands_print(tmp_path: Path) -> None:
    steps = _session()
    assert steps[0][0].startswith("mkdir -p ../cora-demo")  # a fresh copy, not this clone
    assert any(c.endswith("dbnamelint burndown") for c, _ in steps)
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "whitelist.yaml"):
        shutil.copy2(REPO / name, repo / name)
    shutil.copytree(REPO / "examples" / "cora", repo / "examples" / "cora")
    outputs = _run(steps, repo, tmp_path)
    assert_printed(steps, outputs)


def test_what_to_rename_commands_plan_on_the_example(tmp_path: Path) -> None:
    """Each ``dbnamelint migrate`` line of the README's "What to rename" block
    plans on the bundled example (exit 0, a plan naming what it renames)."""
    block = README.split("\nWhat to rename", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    assert len(commands) == 4 and all(c.startswith("dbnamelint migrate --") for c in commands)
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("pyproject.toml", "whitelist.yaml"):
        shutil.copy2(REPO / name, repo / name)
    shutil.copytree(REPO / "examples" / "cora", repo / "examples" / "cora")
    steps: list[tuple[str, list[str]]] = [(f"{c}; echo exit=$?", []) for c in commands]
    runs = ["\n".join(out) for out in _run(steps, repo, tmp_path)]
    assert len(runs) == 4
    for command, out in zip(commands, runs, strict=True):
        assert out.rstrip().endswith("exit=0"), (command, out)
        assert "Plan (postgres):" in out, (command, out)
        if "=" in command:  # --rename and --rename-column name what they rename
            old = command.split()[-1].split("=")[0].rsplit(".", 1)[-1]
            assert f"{old} -> " in out, (command, out)


def test_ellipsis_matching() -> None:
    assert _matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert _matches(["a", "..."], ["a"])
    assert not _matches(["a", "...", "d"], ["a", "b"])
    assert not _matches(["a", "b"], ["a", "c"])
