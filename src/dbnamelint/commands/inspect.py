"""``dbnamelint inspect``: print the model the files describe."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.frontends.sql.sources import SourceSettings
from dbnamelint.model import Diagnostic
from dbnamelint.outputs import write_text
from dbnamelint.report.inspect import (
    render_events_json,
    render_events_text,
    render_model_json,
    render_model_text,
)
from dbnamelint.runner.pipeline import Loaded, load_paths


def run_inspect(
    paths: Sequence[str],
    *,
    settings: SourceSettings,
    fmt: str = "text",
    events: bool = False,
    output: Path | None = None,
    config: Settings | None = None,
    cwd: Path | None = None,
    database: str | None = None,
    named: bool = False,
) -> ExitCode:
    """Read ``paths`` and print the final model (or every naming event).
    ``named``: ``paths`` were named on the command line (not the config's).

    ``config`` (the loaded config, when there is one): the diagnostics it
    silences as ``check`` does (``ignore``, ``per_path`` ignores, inline
    ``ignore[...]``) are neither printed nor counted in the exit code.
    ``database``: only the files of that separate database (config
    ``databases:``), as ``drift``/``migrate --database`` read them; an
    unknown name is a usage error (exit 2).
    """
    loaded = load_paths(paths, settings)
    if database is not None:
        from dbnamelint.services.databases import DatabaseChoiceError, choose_database

        try:
            loaded = choose_database(loaded, database)
        except DatabaseChoiceError as exc:
            click.echo(f"dbnamelint: {exc}", err=True)
            return ExitCode.USAGE
    diagnostics = loaded.diagnostics
    if named:
        from dbnamelint.services.code_schema import named_code_folders

        # A folder named that holds only code with DDL: DBN003, as its files named are.
        here = cwd if cwd is not None else Path.cwd()
        read = (f.path for f in loaded.files)
        diagnostics = (*diagnostics, *named_code_folders(paths, here, settings.dialect, read))
    if config is not None:
        from dbnamelint.services.lint import unsilenced

        here = cwd if cwd is not None else Path.cwd()
        diagnostics = unsilenced(config, loaded, diagnostics, here, keep_unlisted=True)
    return _print(loaded, diagnostics, fmt=fmt, events=events, output=output)


def _print(
    loaded: Loaded,
    diagnostics: Sequence[Diagnostic],
    *,
    fmt: str,
    events: bool,
    output: Path | None,
) -> ExitCode:
    if events:
        text = (render_events_json if fmt == "json" else render_events_text)(
            loaded.events, diagnostics
        )
    else:
        text = (render_model_json if fmt == "json" else render_model_text)(
            loaded.schema, diagnostics
        )
    if output is not None:
        write_text(output, text + "\n")
    else:
        click.echo(text)
    return for_diagnostics(diagnostics)


def run_inspect_db(
    db: str,
    *,
    env_name: str | None = None,
    schemas: Sequence[str] = (),
    fmt: str = "text",
    events: bool = False,
    output: Path | None = None,
    ignore_tables: Sequence[str] = (),
    root: Path | None = None,
) -> ExitCode:
    """Print the model of a live database (or its events): ``inspect --db URL``.

    Migration tools' bookkeeping tables and ``ignore_tables`` (the config's
    ``database_ignore:``) are left out of the model, said on stderr.

    Exit 5 when the database cannot be read, 2 for a bad URL or a missing
    driver; the one-line message never holds a password.
    """
    from dbnamelint import synapse_layout, temporal_layout
    from dbnamelint.database import load_database, resolve_url, without_tool_tables
    from dbnamelint.frontends.live import LiveError
    from dbnamelint.tool_tables import unmatched, unmatched_warning

    try:
        loaded = load_database(resolve_url(db, env_name), schemas)
    except LiveError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return exc.exit_code
    read = loaded.schema
    # Synapse's runner tables, when run in its tree (``schema_version`` is Flyway's elsewhere)
    own = synapse_layout.tree_runner_tables(root) if root is not None else {}
    if root is not None and not own:  # temporal-sql-tool's, in a tree of its schema folders
        own = temporal_layout.tree_tool_tables(root)
    if root is not None:  # Liquibase's tracking tables under the names the project configures
        from dbnamelint.liquibase_tables import configured_tables

        own = {**configured_tables(root), **own}
    loaded, left = without_tool_tables(loaded, None, ignore_tables, tools=own)
    if left.tables:
        click.echo(f"dbnamelint: note: {left.note()}", err=True)
    warning = unmatched_warning(unmatched(ignore_tables, read), "in the database")
    if warning is not None:
        click.echo(f"dbnamelint: warning: {warning}", err=True)
    return _print(loaded, loaded.diagnostics, fmt=fmt, events=events, output=output)
