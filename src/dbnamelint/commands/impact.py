"""``dbnamelint impact``: where code still uses the old names, and a patch to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from dbnamelint.commands import echo_problems, write_report
from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode
from dbnamelint.impact import Confidence, ScanError, collect_impact
from dbnamelint.impact.patch import make_diff
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.report.impact import render
from dbnamelint.services.lint import default_paths, missing_paths
from dbnamelint.sources import MISSING_CODE
from dbnamelint.whitelist import WhitelistError


def run_impact(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    phase: str | None = None,
    fmt: str = "text",
    output: Path | None = None,
    diff: bool = False,
    min_confidence: Confidence = "plain",
    untracked: bool = False,
) -> ExitCode:
    """Print the references (or, with ``diff``, a patch); never edits a file.

    Exit 0 whatever is found (this is a planning report, not a gate); 2 for
    an unknown phase, a missing path, a bad whitelist or when git cannot
    search.
    """
    # PATHS are git pathspecs (a glob matches at any depth), so only a plain
    # path is known to be missing; the schema tree must exist as for check.
    missing = [
        Diagnostic(Location(p, 1, 1), Severity.ERROR, "no such file or directory", MISSING_CODE)
        for p in paths
        if not any(ch in p for ch in "*?[") and not (cwd / p).exists()
    ]
    missing += missing_paths(default_paths(settings, cwd), settings)
    if missing:
        echo_problems(missing)
        return ExitCode.USAGE
    try:
        impact = collect_impact(settings, cwd, paths=paths, phase=phase, untracked=untracked)
    except (ScanError, WhitelistError) as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return ExitCode.USAGE
    if phase is not None and phase not in {p.id for p in impact.phases}:
        known = ", ".join(p.id for p in impact.phases) or "none declared"
        click.echo(f"dbnamelint: unknown phase {phase!r} (phases: {known})", err=True)
        return ExitCode.USAGE
    if diff:
        patch, notes = make_diff(cwd, impact.references, impact.keys)
        for note in notes:
            click.echo(f"dbnamelint: {note}", err=True)
        write_report(patch, output)
        return ExitCode.OK
    write_report(render(impact, fmt, min_confidence), output)
    return ExitCode.OK
