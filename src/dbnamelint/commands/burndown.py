"""``dbnamelint burndown``: how far the renaming plan has come, from git history.

Gathering (the whitelist, its versions in git, the schema for module
ownership) is :func:`dbnamelint.services.history.collect_burndown`; the
numbers come from :mod:`dbnamelint.burndown`, the report from
:mod:`dbnamelint.report.burndown` and the picture from
:mod:`dbnamelint.report.burndown_chart`. This module only shows progress
while history is read, picks the renderer and writes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import click

from dbnamelint.commands import write_report
from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode
from dbnamelint.gitutil import Revision
from dbnamelint.report.burndown import render
from dbnamelint.report.burndown_chart import ChartError, chart_problem, missing_chart, write_chart
from dbnamelint.services.history import collect_burndown
from dbnamelint.services.lint import rules_off_notes, whitelist_display
from dbnamelint.whitelist import WhitelistError, load_whitelist

#: Below this many commits a progress bar would only flicker.
_PROGRESS_MIN = 20


def _plain(revisions: Sequence[Revision]) -> Iterable[Revision]:
    return revisions


def _bar(revisions: Sequence[Revision]) -> Iterator[Revision]:
    """The revisions, with a bar on stderr for long histories."""
    if len(revisions) < _PROGRESS_MIN:
        yield from revisions
        return
    with click.progressbar(revisions, label="Reading whitelist history", file=sys.stderr) as bar:
        yield from bar


def _rules_off(settings: Settings, cwd: Path) -> list[str]:
    """What ``check`` says as ``DBN911``: entries counted as left that excuse
    only rules the config does not run (nothing when the whitelist is unreadable:
    the report already failed on it)."""
    try:
        whitelist = load_whitelist(
            settings.whitelist_path,
            display=whitelist_display(settings, cwd),
            known_rules=settings.registry,
            known_databases=settings.database_names,
        )
    except WhitelistError:
        return []
    return [f"{d.location}: {d.message}" for d in rules_off_notes(whitelist, settings)]


def run_burndown(
    settings: Settings,
    *,
    cwd: Path,
    fmt: str = "text",
    output: Path | None = None,
    chart: Path | None = None,
    history: bool = True,
    code_refs: bool = True,
) -> ExitCode:
    """Print (or write) the burn-down report and, on request, the chart;
    ``code_refs``: search the code for each phase's old names (``impact``)."""
    problem = None if chart is None else chart_problem(chart)
    if problem is not None:
        # Refused before any work (the report written and then exit 2 reads as half
        # done): an unknown chart type, or the chart extra not installed.
        click.echo(f"dbnamelint: {problem}", err=True)
        return ExitCode.USAGE
    try:
        burndown = collect_burndown(
            settings,
            cwd,
            history=history,
            progress=_bar if sys.stderr.isatty() else _plain,
            references=code_refs,
        )
    except WhitelistError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return ExitCode.USAGE
    text = render(burndown, fmt)
    write_report(text, output)
    for note in _rules_off(settings, cwd):
        click.echo(f"dbnamelint: note: {note}", err=True)
    if chart is not None:
        try:
            write_chart(burndown, chart)
        except ChartError as exc:
            click.echo(f"dbnamelint: {exc}", err=True)
            return ExitCode.USAGE
        except OSError as exc:
            click.echo(f"dbnamelint: cannot write {chart}: {exc.strerror}", err=True)
            return ExitCode.USAGE
        lacking = missing_chart(chart)
        if lacking is not None:
            click.echo(
                f"dbnamelint: note: wrote {chart} with the tables and no chart: {lacking}",
                err=True,
            )
    return ExitCode.OK
