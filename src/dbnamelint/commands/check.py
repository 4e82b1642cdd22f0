"""``dbnamelint check``: lint names, apply the whitelist, report, decide the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import click

from dbnamelint.checking import Evaluation, default_paths, evaluate, whitelist_display
from dbnamelint.commands import write_report
from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.findings import CheckResult
from dbnamelint.planning import overdue, overdue_message
from dbnamelint.report import render


def restrict_to_files(
    result: CheckResult, files: Sequence[str], whitelist_shown: str
) -> CheckResult:
    """Keep what a full run reports about ``files`` (pre-commit mode).

    The whole tree was read, so renames and module ownership are right; only
    findings on objects named in the given files (and stale entries when the
    whitelist itself is among them) are kept, which is exactly "a full run
    restricted to these files".
    """
    wanted = {Path(f).as_posix().removeprefix("./") for f in files}
    return replace(
        result,
        findings=tuple(f for f in result.findings if f.location.path in wanted),
        diagnostics=tuple(d for d in result.diagnostics if d.location.path in wanted),
        unused_suppressions=tuple(
            d for d in result.unused_suppressions if d.location.path in wanted
        ),
        stale_whitelist=result.stale_whitelist if whitelist_shown in wanted else (),
    )


def exit_code(result: CheckResult) -> ExitCode:
    """1 for new findings, stale entries, unused suppressions or unreadable DDL."""
    code = for_diagnostics(result.diagnostics)
    if code in (ExitCode.USAGE, ExitCode.INPUT_ERROR):
        return code
    return ExitCode.FINDINGS if result.failed else ExitCode.OK


def run_check(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    fmt: str = "text",
    output: Path | None = None,
    color: bool = False,
    show_whitelisted: bool = False,
    changed_files: Sequence[str] | None = None,
    use_whitelist: bool = True,
    fail_past_due: bool = False,
) -> ExitCode:
    """Check ``paths`` (default: the config's) and print the report.

    A phase past its ``due`` date with entries left is a warning on stderr;
    with ``fail_past_due`` it fails the run (exit 1).
    """
    tree = tuple(paths) or default_paths(settings, cwd)
    evaluation: Evaluation = evaluate(settings, tree, cwd, use_whitelist=use_whitelist)
    result = evaluation.result
    shown = whitelist_display(settings, cwd)
    if result.files_checked == 0:
        click.echo(f"dbnamelint: warning: no SQL files found in {', '.join(tree)}", err=True)
    if fmt == "markdown":  # the pull-request summary shows each phase's progress
        from dbnamelint.commands.gate import phases_with_history

        result = phases_with_history(settings, cwd, evaluation, result)
    if changed_files is not None:
        result = restrict_to_files(result, changed_files, shown)
    text = render(result, fmt, color=color, show_whitelisted=show_whitelisted, whitelist_path=shown)
    write_report(text, output)
    code = exit_code(result)
    late = overdue(evaluation.whitelist, date.today()) if use_whitelist else []
    for phase, left in late:
        level = "error" if fail_past_due else "warning"
        click.echo(f"dbnamelint: {level}: {shown}: {overdue_message(phase, left)}", err=True)
    if late and fail_past_due and code is ExitCode.OK:
        return ExitCode.FINDINGS
    return code
