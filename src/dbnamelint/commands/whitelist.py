"""``dbnamelint whitelist init|prune|merge``: the whitelist can be made, and can only shrink."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode
from dbnamelint.services.lint import covers_tree, default_paths, evaluate, whitelist_display
from dbnamelint.whitelist import init_whitelist, prune, write_atomic


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
    evaluation = evaluate(settings, tree, cwd, use_whitelist=False, complete=False)
    excusable = [f for f in evaluation.result.findings if not f.suppressed]
    write_atomic(target, init_whitelist(excusable))
    objects = len({(f.kind, f.object.qualified_name) for f in excusable})
    click.echo(f"wrote {target}: {objects} objects, {len(excusable)} findings excused")
    return ExitCode.OK


def run_prune(settings: Settings, paths: Sequence[str], *, cwd: Path, dry_run: bool) -> ExitCode:
    """Remove the stale entries of the whitelist and nothing else.

    Only a run over the whole configured tree can tell that an entry is
    stale, so PATHS that do not cover it are refused (exit 2).
    """
    path = settings.whitelist_path
    shown = whitelist_display(settings, cwd)
    if not path.exists():
        click.echo(f"dbnamelint: no whitelist at {shown}", err=True)
        return ExitCode.USAGE
    tree = default_paths(settings, cwd)
    if paths:
        partial = evaluate(settings, tuple(paths), cwd, complete=False)
        if not covers_tree(settings, partial.loaded, cwd):
            click.echo(
                f"dbnamelint: whitelist prune: {', '.join(paths)} is only part of the configured "
                f"tree ({', '.join(tree)}); an entry is stale only if the whole tree says so. "
                "Run 'dbnamelint whitelist prune' without paths.",
                err=True,
            )
            return ExitCode.USAGE
        tree = tuple(paths)
    stale = evaluate(settings, tree, cwd, complete=True).result.stale_whitelist
    pruned = prune(path, stale)
    if dry_run:
        click.echo(pruned.text, nl=False)
    elif pruned.changed:
        write_atomic(path, pruned.text, expected_digest=pruned.original_digest)
    for entry in stale:
        click.echo(f"removed {entry.kind} {entry.name}: {entry.reason.split(':')[0]}", err=True)
    if pruned.rewritten:
        click.echo(
            f"note: {shown} uses YAML anchors that a line edit would break; it was re-written "
            "without comments",
            err=True,
        )
    click.echo(f"{len(stale)} stale entries {'would be ' if dry_run else ''}removed", err=True)
    return ExitCode.OK
