"""``dbnamelint whitelist init|prune``: the whitelist can be made, and can only shrink."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from dbnamelint.checking import default_paths, evaluate, whitelist_display
from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode
from dbnamelint.textsafe import visible
from dbnamelint.whitelist import init_whitelist, prune


def run_init(
    settings: Settings, paths: Sequence[str], *, cwd: Path, output: Path | None, force: bool
) -> ExitCode:
    """Write a whitelist excusing every finding of a run without one."""
    target = output or settings.whitelist_path
    if target.exists() and not force:
        click.echo(
            f"dbnamelint: {whitelist_display(settings, cwd)} exists; use --force to "
            "overwrite it, or 'dbnamelint whitelist prune' to shrink it",
            err=True,
        )
        return ExitCode.USAGE
    tree = tuple(paths) or default_paths(settings, cwd)
    evaluation = evaluate(settings, tree, cwd, use_whitelist=False)
    excusable = [f for f in evaluation.result.findings if not f.suppressed]
    target.write_text(init_whitelist(excusable), encoding="utf-8")
    objects = len({(f.kind, f.object.qualified_name) for f in excusable})
    click.echo(f"wrote {target}: {objects} objects, {len(excusable)} findings excused")
    return ExitCode.OK


def run_prune(settings: Settings, paths: Sequence[str], *, cwd: Path, dry_run: bool) -> ExitCode:
    """Remove the stale entries of the whitelist and nothing else."""
    path = settings.whitelist_path
    if not path.exists():
        click.echo(f"dbnamelint: no whitelist at {whitelist_display(settings, cwd)}", err=True)
        return ExitCode.USAGE
    tree = tuple(paths) or default_paths(settings, cwd)
    stale = evaluate(settings, tree, cwd).result.stale_whitelist
    text = prune(path, stale)
    if dry_run:
        click.echo(text, nl=False)
    elif stale:
        path.write_text(text, encoding="utf-8")
    for entry in stale:
        click.echo(
            visible(f"removed {entry.kind} {entry.name}: {entry.reason.split(':')[0]}"), err=True
        )
    click.echo(f"{len(stale)} stale entries {'would be ' if dry_run else ''}removed", err=True)
    return ExitCode.OK
