"""``dbnamelint check``: lint names, apply the whitelist, report, decide the exit code."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from dbnamelint.checking import (
    Evaluation,
    default_paths,
    evaluate,
    source_settings,
    whitelist_display,
)
from dbnamelint.commands import write_report
from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.findings import CheckResult
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
    db: str | None = None,
    schemas: Sequence[str] = (),
) -> ExitCode:
    """Check ``paths`` (default: the config's) and print the report.

    With ``db`` (a URL; ``""``: the configured variable or DATABASE_URL) the
    names checked are the database's; ``paths``, when they hold SQL files,
    only add what a catalog cannot hold (modules, rename history,
    compatibility views, suppressions). A database that cannot be read
    exits 5 (2 for a bad URL or a missing driver).
    """
    tree = tuple(paths) or default_paths(settings, cwd)
    database = None
    if db is not None:
        from dbnamelint.database import (
            database_with_files,
            load_database,
            load_files,
            resolve_url,
        )
        from dbnamelint.frontends.live import LiveError

        try:
            database = load_database(resolve_url(db, settings.database_env), schemas)
        except LiveError as exc:
            click.echo(f"dbnamelint: {exc}", err=True)
            return exc.exit_code
        files = load_files(
            tuple(p for p in tree if Path(cwd, p).exists()), source_settings(settings)
        )
        database = database_with_files(database, files)
    evaluation: Evaluation = evaluate(
        settings, tree, cwd, use_whitelist=use_whitelist, loaded=database
    )
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
    return exit_code(result)
