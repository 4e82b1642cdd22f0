"""Helpers shared by the ``impact`` tests: its notes on standard error, and
the rename-then-cleanup round through ``migrate`` that code references stop."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all


def without_ahead_note(stderr: str) -> str:
    """``stderr`` without the note naming objects the patch renames before the
    schema does (``impact --diff`` prints it whenever a target is not renamed yet)."""
    return "".join(
        line for line in stderr.splitlines(keepends=True) if "has not renamed yet" not in line
    )


def views_then_refused_cleanup(root: Path, phase: str = "1") -> tuple[str, str]:
    """(the plan's standard output, the cleanup's standard error): ``migrate
    --phase PHASE --views-where-referenced`` planned, then written and
    committed in the git repository ``root`` (the current directory), then
    ``migrate --cleanup --write``, which code still using the old names must
    refuse (exit 2). Fails the test when a step exits otherwise."""
    args = ["migrate", "--phase", phase, "--views-where-referenced"]
    plan = CliRunner().invoke(cli, args)
    assert plan.exit_code == 0, plan.stderr
    written = CliRunner().invoke(cli, [*args, "--write"])
    assert written.exit_code == 0, written.stderr
    commit_all(root, "renamed")
    cleanup = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
    assert cleanup.exit_code == 2, cleanup.stderr
    return plan.stdout, cleanup.stderr
