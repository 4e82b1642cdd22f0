"""Command line: parses options and dispatches; the work is in ``commands``.

The exit code is decided here, in one place: commands return an
:class:`~dbnamelint.exitcodes.ExitCode`, usage errors are 2, and an
unexpected exception is reported in one line (not a traceback) as 4 so that
a CI log says what went wrong and where to report it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dbnamelint import __version__
from dbnamelint.dialects import normalize_dialect
from dbnamelint.exitcodes import ExitCode
from dbnamelint.sources import SourceSettings


def _dialect_option(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return normalize_dialect(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dbnamelint")
def cli() -> None:
    """Enforce database naming standards on schema SQL."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--dialect", help="SQL dialect of files without a recognised suffix "
              "(postgres, mysql, sqlite, tsql...).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--events", is_flag=True, help="Print every naming event in file order "
              "instead of the final model.")
@click.option("--module-pattern", default="module-{module}/", show_default=True,
              help="Path fragment naming the module that owns a file.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, path_type=Path))
def inspect(paths: tuple[str, ...], dialect: str | None, fmt: str, events: bool,
            module_pattern: str, output_file: Path | None) -> None:
    """Print the schema model that PATHS describe (files, folders, globs)."""
    from dbnamelint.commands.inspect import run_inspect

    try:
        settings = SourceSettings(root=Path.cwd(), dialect=_dialect_option(dialect),
                                  module_pattern=module_pattern)
        code = run_inspect(paths, settings=settings, fmt=fmt, events=events, output=output_file)
    except ValueError as exc:  # bad module pattern and the like
        raise click.UsageError(str(exc)) from None
    sys.exit(int(code))


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="dbnamelint")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one place a bug is reported
        click.echo(
            f"dbnamelint: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in dbnamelint; please report it with the command you ran.",
            err=True,
        )
        sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    main()
