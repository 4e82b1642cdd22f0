"""Command line: parses options and dispatches; the work is in ``commands``.

The exit code is decided here, in one place: commands return an
:class:`~dbnamelint.exitcodes.ExitCode`, usage errors are 2, and an
unexpected exception is reported in one line (not a traceback) as 4 so that
a CI log says what went wrong and where to report it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from dbnamelint import __version__
from dbnamelint.dialects import normalize_dialect
from dbnamelint.exitcodes import ExitCode
from dbnamelint.report import FORMATS
from dbnamelint.sources import SourceSettings

if TYPE_CHECKING:  # the config layer pulls in pydantic: import it only when used
    from dbnamelint.config import Settings


def _dialect_option(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return normalize_dialect(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


_config_option = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file (default: dbnamelint.yaml or [tool.dbnamelint] in pyproject.toml, "
    "searched from the current directory upward).",
)
_select_option = click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules (codes, names or prefixes like DBN1).",
)
_no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    callback=lambda _ctx, _param, value: _disable_cache() if value else None,
    expose_value=False,
    help="Read every file afresh; neither use nor update the per-file cache.",
)


def _disable_cache() -> None:
    from dbnamelint import readcache

    readcache.disable()


_ignore_option = click.option(
    "--ignore", multiple=True, metavar="CODES", help="Skip these rules (codes, names or prefixes)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dbnamelint")
def cli() -> None:
    """Enforce database naming standards on schema SQL."""
    from dbnamelint import progress, readcache

    readcache.enable()  # off with --no-cache or DBNAMELINT_NO_CACHE=1
    progress.enable()  # shown only on a terminal, and only for long reads


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--dialect",
    help="SQL dialect of files without a recognised suffix (postgres, mysql, sqlite, tsql...).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--events",
    is_flag=True,
    help="Print every naming event in file order instead of the final model.",
)
@click.option(
    "--module-pattern",
    default=None,
    help="Path fragment naming the module that owns a file (default: the config's, "
    "else module-{module}/).",
)
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, path_type=Path))
@_config_option
@_no_cache_option
def inspect(
    paths: tuple[str, ...],
    dialect: str | None,
    fmt: str,
    events: bool,
    module_pattern: str | None,
    output_file: Path | None,
    config: Path | None,
) -> None:
    """Print the schema model that PATHS describe (files, folders, globs).

    A config, when there is one, supplies the dialect, module pattern,
    per-path overrides and excludes, so inspect reads the tree exactly as
    check does; --dialect and --module-pattern override it.
    """
    from dataclasses import replace

    from dbnamelint.commands.inspect import run_inspect

    settings = SourceSettings(root=Path.cwd())
    if config is not None or _config_exists():
        from dbnamelint.services.lint import source_settings

        settings = source_settings(_load_settings(config, (), ()))
    try:
        if dialect is not None:
            settings = replace(settings, dialect=_dialect_option(dialect))
        if module_pattern is not None:
            settings = replace(settings, module_pattern=module_pattern)
        code = run_inspect(paths, settings=settings, fmt=fmt, events=events, output=output_file)
    except ValueError as exc:  # bad module pattern and the like
        raise click.UsageError(str(exc)) from None
    sys.exit(int(code))


def _config_exists() -> bool:
    from dbnamelint.config_files import find_config

    return find_config(Path.cwd()) is not None


def _load_settings(
    config: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extends: tuple[str, ...] = (),
) -> Settings:
    """Settings for a run, or a usage error naming the file, key and line."""
    from dbnamelint.config import ConfigError, load_settings

    try:
        return load_settings(Path.cwd(), config, _split(select), _split(ignore), extends)
    except ConfigError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        sys.exit(int(ExitCode.USAGE))


def _run(action: Callable[[], ExitCode]) -> NoReturn:
    """Run a command; a bad whitelist is a usage error, a crashing rule a bug.

    Both are reported in one located line, never as a traceback.
    """
    from dbnamelint.config import ConfigError
    from dbnamelint.gitutil import GitError
    from dbnamelint.rules.engine import RuleCrashError

    try:
        code = action()
    except ConfigError as exc:  # includes WhitelistError
        click.echo(f"dbnamelint: {exc}", err=True)
        code = ExitCode.USAGE
    except GitError as exc:  # no repository, unknown --base ref
        click.echo(f"dbnamelint: git: {exc}", err=True)
        code = ExitCode.USAGE
    except RuleCrashError as exc:
        d = exc.crash.diagnostic
        click.echo(f"dbnamelint: {d.location}: {d.message}", err=True)
        code = ExitCode.INTERNAL
    sys.exit(int(code))


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--select A,B --select C`` -> ``(A, B, C)``, as ruff accepts them."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


@cli.command()
@click.argument("paths", nargs=-1)
@_config_option
@_select_option
@_ignore_option
@click.option(
    "--dialect",
    help="SQL dialect of files without a recognised suffix (overrides the config).",
)
@click.option(
    "--extends",
    multiple=True,
    metavar="PACK",
    help="Also apply this rule pack (before the config's own settings).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
@click.option(
    "--show-whitelisted", is_flag=True, help="Also list legacy findings the whitelist excuses."
)
@click.option("--no-whitelist", is_flag=True, help="Ignore whitelist.yaml: show every finding.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text report (default: when writing to a terminal).",
)
@click.option(
    "--pre-commit",
    "pre_commit",
    is_flag=True,
    help="PATHS are the committed files: the gate against HEAD (read the whole tree), "
    "restricted to what PATHS name or rename.",
)
@click.option(
    "--base",
    metavar="REF",
    help="CI gate: report only what changed since git REF (e.g. origin/main).",
)
@_no_cache_option
@click.option(
    "--allow-whitelist-growth",
    is_flag=True,
    help="With --base or --pre-commit: allow entries added to or widened in the whitelist.",
)
def check(
    paths: tuple[str, ...],
    config: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    dialect: str | None,
    extends: tuple[str, ...],
    fmt: str,
    output_file: Path | None,
    show_whitelisted: bool,
    no_whitelist: bool,
    color: bool | None,
    pre_commit: bool,
    base: str | None,
    allow_whitelist_growth: bool,
) -> None:
    """Check the names in PATHS (default: the config's paths) against the rules."""
    settings = _load_settings(config, select, ignore, extends)
    if dialect is not None:
        from dataclasses import replace

        settings = replace(settings, dialect=_dialect_option(dialect))
    use_color = color if color is not None else (output_file is None and sys.stdout.isatty())
    if base is not None and no_whitelist:
        raise click.UsageError("--base compares whitelists: it cannot run with --no-whitelist")
    from dbnamelint.commands.check import run_check

    _run(
        lambda: run_check(
            settings,
            () if pre_commit else paths,
            cwd=Path.cwd(),
            fmt=fmt,
            output=output_file,
            color=use_color,
            show_whitelisted=show_whitelisted,
            changed_files=paths if pre_commit else None,
            use_whitelist=not no_whitelist,
            base=base,
            allow_whitelist_growth=allow_whitelist_growth,
        )
    )


@cli.command()
@click.argument("rule", required=False)
@_config_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules(rule: str | None, config: Path | None, fmt: str) -> None:
    """List the rules, or print the documentation of RULE (a code or a name)."""
    from dbnamelint.commands.rules import run_rules_command

    sys.exit(int(run_rules_command(rule, config=config, fmt=fmt)))


@cli.group()
def whitelist() -> None:
    """Create and shrink the legacy whitelist (whitelist.yaml)."""


@whitelist.command("init")
@click.argument("paths", nargs=-1)
@_config_option
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default: the config's whitelist path).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing whitelist.")
def whitelist_init(
    paths: tuple[str, ...], config: Path | None, output_file: Path | None, force: bool
) -> None:
    """Write a whitelist excusing every current finding, with suggested targets."""
    from dbnamelint.commands.whitelist import run_init

    settings = _load_settings(config, (), ())
    _run(lambda: run_init(settings, paths, cwd=Path.cwd(), output=output_file, force=force))


@whitelist.command("prune")
@click.argument("paths", nargs=-1)
@_config_option
@click.option("--dry-run", is_flag=True, help="Print the pruned whitelist instead of writing it.")
def whitelist_prune(paths: tuple[str, ...], config: Path | None, dry_run: bool) -> None:
    """Remove stale entries (objects renamed or now compliant); never adds any."""
    from dbnamelint.commands.whitelist import run_prune

    settings = _load_settings(config, (), ())
    _run(lambda: run_prune(settings, paths, cwd=Path.cwd(), dry_run=dry_run))


@cli.command()
@_config_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "--output-file",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report here instead of standard output.",
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the trend chart (.svg, .png or .html).",
)
@click.option(
    "--no-history", is_flag=True, help="Do not read git history (entries left only, no trend)."
)
def burndown(
    config: Path | None, fmt: str, output_file: Path | None, chart: Path | None, no_history: bool
) -> None:
    """Progress of the renaming plan: whitelist entries per phase and module, over time."""
    from dbnamelint.commands.burndown import run_burndown

    settings = _load_settings(config, (), ())
    _run(
        lambda: run_burndown(
            settings,
            cwd=Path.cwd(),
            fmt=fmt,
            output=output_file,
            chart=chart,
            history=not no_history,
        )
    )


def main() -> None:
    """Console-script entry point."""
    from dbnamelint.gcpause import collector_paused

    try:
        # One run of a short-lived process makes almost no reference cycles,
        # but its allocations trigger full collections that walk every live
        # object: 1.0 s of rules and output at 8,000 tables (measured).
        with collector_paused():
            cli.main(prog_name="dbnamelint")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        click.echo(
            f"dbnamelint: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in dbnamelint; please report it with the command you ran.",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    main()
