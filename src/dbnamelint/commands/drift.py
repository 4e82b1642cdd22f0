"""``dbnamelint drift``: the database against the files, exit 1 when they differ."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import click
from msgspec.structs import replace

from dbnamelint.applied_migrations import (
    MigrationState,
    compare_versions,
    rails_state,
    rails_table,
    version_tables,
)
from dbnamelint.code_migrations import runner_table_of
from dbnamelint.commands import echo_problems, write_report
from dbnamelint.config import Settings
from dbnamelint.core.diagnostics import CLEANUP_CODES, UNREAD_CODES
from dbnamelint.database import (
    load_database,
    load_files,
    placeholder_schema,
    resolve_url,
    without_tool_tables,
)
from dbnamelint.dialects import Family, profile_for
from dbnamelint.drift import (
    as_server_dialect,
    compare,
    in_connected_database,
    server_copy,
    with_inline_foreign_keys,
    without_runtime_partitions,
)
from dbnamelint.dumped_views import rename_plan
from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.frontends.live import LiveError, parse_url, read_rows
from dbnamelint.frontends.live.connect import require_driver
from dbnamelint.frontends.live.mysql import makes_inline_foreign_keys
from dbnamelint.frontends.sql.sources import (
    SourceError,
    decode_bytes,
    discover,
    is_excluded_note,
    is_go_migration,
    is_rollback_file,
    read_bytes,
)
from dbnamelint.liquibase_tables import configured_tables
from dbnamelint.model import Event, Schema, Severity
from dbnamelint.pop import project_tables
from dbnamelint.postgres_migrations import TABLE as RUNNER_TABLE
from dbnamelint.postgres_migrations import project_folders
from dbnamelint.rails_dump import is_rails_dump, is_schema_rb, recorded_versions
from dbnamelint.replay.engine import replay
from dbnamelint.report.common import plural
from dbnamelint.report.drift import render_drift
from dbnamelint.runner.pipeline import Loaded
from dbnamelint.services.databases import DatabaseChoiceError, choose_database
from dbnamelint.services.lint import (
    default_paths,
    missing_paths,
    readable_whitelist,
    source_settings,
    unsilenced,
)
from dbnamelint.synapse_layout import runner_tables
from dbnamelint.temporal_layout import tool_tables as temporal_tool_tables
from dbnamelint.tool_tables import TOOL_TABLES, files_without, unmatched, unmatched_warning

if TYPE_CHECKING:
    pass


def run_drift(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    db: str | None,
    schemas: Sequence[str] = (),
    fmt: str = "text",
    output: Path | None = None,
    ignore_tables: Sequence[str] = (),
    database_name: str | None = None,
) -> ExitCode:
    """Compare the database with ``paths`` (default: the config's) and report.

    Migration tools' bookkeeping tables the files do not create, and the
    tables ``database_ignore:`` or ``ignore_tables`` name, are left out of
    both sides, with what is attached to them (said on stderr;
    :mod:`dbnamelint.tool_tables`).

    Exit 0: no drift; 1: drift, or DDL in the files that could not be read
    (each printed; those the config or an inline directive silences, as
    ``check`` does, are counted and do not fail the run); 2: usage (no URL,
    bad URL, missing driver, a path that does not exist); 3: an unreadable
    file; 5: the database cannot be read.
    """
    tree = tuple(paths) or default_paths(settings, cwd)
    typos = missing_paths(tree, settings)
    if typos:  # before connecting: a mistyped path is the user's to fix first
        echo_problems(typos)
        return ExitCode.USAGE
    try:
        url = resolve_url(db, settings.database_env)
        require_driver(parse_url(url))  # before reading every file (trial s38 confirm P6)
    except LiveError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return exc.exit_code
    files = load_files(tree, source_settings(settings))
    if files is None:
        # a path the config's `exclude:` leaves out says so (DBN015), as in check
        _found, problems = discover(list(tree), source_settings(settings))
        excluded = [d for d in problems if is_excluded_note(d)]
        echo_problems(excluded)
        if not excluded:
            from dbnamelint.services.code_schema import code_ddl_hint

            hint = code_ddl_hint(settings.dialect, tree, cwd)
            click.echo(f"dbnamelint: no SQL files found in {', '.join(tree)}{hint}", err=True)
        return ExitCode.USAGE
    try:  # one of the tree's separate databases (``databases:``): ``--database``
        files = choose_database(files, database_name)
    except DatabaseChoiceError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return ExitCode.USAGE
    if database_name is None:
        # paths that are one database of `databases:` (drift --db URL prisma/migrations):
        # the database read is that one, its objects labelled as the files' are
        # (trial s28 umami: every object differed by its label alone)
        labels = {f.database for f in files.files}
        database_name = next(iter(labels)) if len(labels) == 1 else None
    try:
        database = load_database(url, schemas, database_name)
    except LiveError as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return exc.exit_code
    # What the files' reader could not read is said, never skipped quietly: a
    # statement it could not read may hold the name that looks like drift.
    # What the user silenced as check does (config `ignore`, `per_path`,
    # inline ignore[...]) is counted in one line and does not fail the run.
    read_errors = [
        d for d in files.diagnostics if d.severity is Severity.ERROR and d.code not in CLEANUP_CODES
    ]
    errors = unsilenced(settings, files, read_errors, cwd)
    problem = for_diagnostics(errors)
    echo_problems(errors)
    if problem in (ExitCode.USAGE, ExitCode.INPUT_ERROR):
        return problem
    shown = {id(d) for d in errors}
    silenced = sum(1 for d in read_errors if d.code in UNREAD_CODES and id(d) not in shown)
    if silenced:
        click.echo(
            f"dbnamelint: note: {plural(silenced, 'silenced unreadable statement')} "
            "(config or inline ignore): names created or renamed there are not compared",
            err=True,
        )
    read = database.schema
    # pop's table under the name database.yml gives it is a tool table like the defaults
    pop_tables = project_tables(Path(os.path.normpath(cwd / f.path)) for f in files.files)
    own = {name: "pop" for name in pop_tables if name.casefold() not in TOOL_TABLES}
    runner_table = _runner_table(url, files, cwd, dialect=database.files[0].dialect)
    if runner_table is not None:  # `migrations` is a common name: only the runner's
        own[".".join(runner_table)] = "postgres-migrations"
    # temporal-sql-tool's version tables, in a tree of its schema folders
    # (`schema_version` is Flyway's old name too: the tree says whose)
    own.update(temporal_tool_tables(f.path for f in files.files))
    # db-migrate's and Laravel's bare `migrations`, where the files are theirs
    own.update(runner_table_of((f.path for f in files.files), cwd))
    patterns = (*settings.database_ignore, *ignore_tables)
    database, left = without_tool_tables(
        database,
        files,
        patterns,
        tools=own,
        # Liquibase's tracking tables under the names the project configures
        # (OpenMRS's liquibasechangelog), whatever a file of the project creates
        always={
            **_prisma_table(files),
            **runner_tables(f.path for f in files.files),
            **configured_tables(cwd),
        },
    )
    note = left.note(files_too=True)
    if note is not None:
        click.echo(f"dbnamelint: note: {note}", err=True)
    warning = unmatched_warning(
        unmatched(patterns, read, files.schema), "in the database or the files"
    )
    if warning is not None:  # a typo would otherwise leave out nothing, silently
        click.echo(f"dbnamelint: warning: {warning}", err=True)
    display = database.files[0].path
    dialect = database.files[0].dialect
    server_schema, events = _as_server(files, dialect, url)
    schema = _placeholders(server_schema, schemas)
    connected = _mysql_database(display, dialect)
    if connected:  # MySQL: the files' objects of the database read are its own
        schema, mapped = in_connected_database(schema, connected)
        if mapped is not None:
            click.echo(f"dbnamelint: note: {mapped}", err=True)
    # What went with a left-out table or schema goes from the files too: a
    # trigger the files put on Diesel's own table has no counterpart to meet.
    schema = files_without(schema, left)
    # Liquibase's tracking tables under the names the project configures are
    # Liquibase's, whatever file creates them (OpenMRS's create_openmrs_database.sql)
    from dbnamelint.liquibase_tables import is_configured_tool_object

    owned = [o for o in schema.objects if is_configured_tool_object(o)]
    if owned:
        kept = tuple(o for o in schema.objects if not is_configured_tool_object(o))
        schema = replace(schema, objects=kept)
    compared, runtime = without_runtime_partitions(schema, database.schema)
    if runtime:
        listed = ", ".join(runtime[:3]) + (
            f" and {len(runtime) - 3} more" if len(runtime) > 3 else ""
        )
        click.echo(
            f"dbnamelint: note: {plural(len(runtime), 'partition')} made at run time not compared "
            f"({listed}): attached in the database to a table the files partition, created by "
            "no file (an application's or pg_partman's); `database_ignore:` names them to say so",
            err=True,
        )
    result = compare(
        schema,
        compared,
        database_name=display,
        events=events,
        planned=rename_plan(settings, readable_whitelist(settings, cwd)),
    )
    states = _migration_states(
        url, read, database.schema, files, cwd, dialect, pop_tables, runner_table
    )
    rails = _rails_state(url, read, files, cwd)
    if rails is not None:
        # (beside a schema.rb, the table is in no file: found as dbmate's shape)
        states = (*(s for s in states if s.table != rails.table), rails)
    if states:
        result = replace(result, migrations=states).with_pending()
    write_report(render_drift(result, fmt), output)
    if errors and problem is ExitCode.FINDINGS:
        click.echo(
            f"dbnamelint: exit 1: {plural(len(errors), 'statement')} of the files could not "
            "be read (above), so the comparison may miss names; silence one checked by hand "
            "with the config's `ignore:` or '-- dbnamelint: ignore[CODE] reason'",
            err=True,
        )
    return ExitCode.FINDINGS if result.drifted or problem is ExitCode.FINDINGS else ExitCode.OK


def _migration_states(
    url: str,
    read: Schema,
    kept: Schema,
    files: Loaded,
    cwd: Path,
    dialect: str,
    pop_tables: Sequence[str] = (),
    runner_table: tuple[str, str] | None = None,
) -> tuple[MigrationState, ...]:
    """What each migration tool's version table in the database (``read``, as
    read; ``kept``: without the tool tables) says against the files of the
    database's own copy (``dialect``'s, :func:`server_copy`: another copy's
    files are another database's history): one read-only query per table, a
    failure said in the state, never raised. ``pop_tables``: the names pop's
    table may have when the files' Go module runs pop; ``runner_table``:
    postgres-migrations' (:func:`_runner_table`)."""
    tables = version_tables(read, kept, pop_tables, runner_table)
    if not tables:
        return ()
    own = server_copy({f.dialect for f in files.files}, dialect)
    paths = [f.path for f in files.files if f.dialect in own]
    # Go migrations hold versions too; the SQL reader does not read them.
    for folder in sorted({(cwd / p).parent for p in paths}):
        try:
            names = sorted(
                e.name
                for e in os.scandir(folder)
                if is_go_migration(e.name) and not is_rollback_file(folder / e.name)
            )
        except OSError:
            continue
        paths += [os.path.relpath(folder / n, cwd) for n in names]
    states = []
    for table in tables:
        if not table.query:
            states.append(MigrationState(table.tool, table.table, unreadable=table.unreadable))
            continue
        try:
            rows = read_rows(url, table.query)
        except LiveError as exc:
            states.append(MigrationState(table.tool, table.table, unreadable=str(exc)))
            continue
        states.append(compare_versions(table, rows, paths))
    return tuple(states)


def _rails_state(url: str, read: Schema, files: Loaded, cwd: Path) -> MigrationState | None:
    """Rails' ``schema_migrations`` in the database (``read``) against the
    versions its ``db/structure.sql`` among ``files`` lists, with the
    ``db/migrate/*.rb`` beside it; None without such a dump or table. One
    read-only query; a failure is said in the state."""
    dump = next((f for f in files.files if is_rails_dump(f.path)), None)
    ruby = dump is None
    if ruby:  # db/schema.rb (trial s34 chatwoot: its table was said to be dbmate's)
        dump = next((f for f in files.files if is_schema_rb(f.path)), None)
    table = rails_table(read) if dump is not None else None
    if dump is None or table is None:
        return None
    from dbnamelint.frontends.rails.app import migration_folders

    db = Path(os.path.normpath(cwd / dump.path)).parent
    # db/migrate and the folders the app adds to it (mastodon's db/post_migrate)
    folders = [db.parent / f for f in migration_folders(db.parent)] if db.name == "db" else []
    found: list[Path] = []
    for folder in folders or [db / "migrate"]:
        try:
            # Rails runs db/migrate/**/[0-9]*_*.rb (MigrationContext#migration_files)
            found += sorted(p for p in folder.rglob("*.rb") if p.name[:1].isdigit())
        except OSError:
            continue
    migrations = [os.path.relpath(p, cwd) for p in found]
    try:
        text = decode_bytes(read_bytes(dump, cwd), dump.path)
    except SourceError:
        return None
    recorded = _schema_rb_versions(text, migrations) if ruby else recorded_versions(text)
    if not recorded:  # not a dump Rails wrote: no versions to compare
        return None
    try:
        rows = read_rows(url, table.query)
    except LiveError as exc:
        return MigrationState(table.tool, table.table, unreadable=str(exc))
    return rails_state(table.table, rows, dump.path, recorded, migrations)


def _schema_rb_versions(text: str, migrations: Sequence[str]) -> frozenset[str]:
    """The versions a ``db/schema.rb`` says are applied: Rails 8.1's list
    after ``__END__``, else each migration's (of ``migrations``) up to its
    ``define(version:)``, and that version (``bin/rails db:schema:load``
    records them all: ``assume_migrated_upto_version``)."""
    from dbnamelint.frontends.rails.reader import listed_versions, recorded_version

    listed = listed_versions(text)
    if listed is not None:
        return listed
    latest = recorded_version(text)
    if latest is None or not latest.isdigit():
        return frozenset()
    versions = {latest}
    for path in migrations:
        version = Path(path).name.split("_", 1)[0]
        if version.isdigit() and int(version) <= int(latest):
            versions.add(version)
    return frozenset(versions)


def _runner_table(url: str, files: Loaded, cwd: Path, *, dialect: str) -> tuple[str, str] | None:
    """``(schema, "migrations")``, case-folded, where a folder of the files is
    run by postgres-migrations on a PostgreSQL database: the runner creates
    and reads its table unqualified, so in the first schema of the
    search_path (``current_schema()`` of this connection); else None."""
    if profile_for(dialect).family is not Family.POSTGRES:
        return None
    if not project_folders(Path(os.path.normpath(cwd / f.path)) for f in files.files):
        return None
    try:
        rows = read_rows(url, "SELECT current_schema()")
    except LiveError:
        return None
    schema = rows[0][0] if rows and rows[0] else None
    return (schema.casefold(), RUNNER_TABLE) if isinstance(schema, str) else None


def _prisma_table(files: Loaded) -> dict[str, str]:
    """``_prisma_migrations`` where a file is a Prisma migration
    (``migrations/<name>/migration.sql``): Prisma makes that table before
    it runs any migration and reads it as its own, so it is left out, and
    read for which folders are applied, even where a migration creates it
    too (``CREATE TABLE IF NOT EXISTS``, as baselines copied from a dump do)."""
    for f in files.files:
        parts = Path(f.path).parts
        if len(parts) >= 3 and parts[-1] == "migration.sql" and parts[-3].lower() == "migrations":
            return {"_prisma_migrations": "Prisma"}
    return {}


def _as_server(files: Loaded, dialect: str, url: str) -> tuple[Schema, Sequence[Event]]:
    """The files' model of the database's own copy (:func:`server_copy`),
    unnamed objects named as the database's server names them (MySQL files
    against MariaDB), and its events; says on stderr what was left out or
    renamed, or read as the server's version does (:func:`_server_references`).

    A tree often holds the same schema for several databases (kratos,
    hydra, guacamole); comparing MySQL or CockroachDB files with a
    PostgreSQL catalog would call every one of them drift.
    """
    events, others = as_server_dialect(files.events, dialect)
    events = _server_references(url, dialect, events)
    if events is files.events:
        return files.schema, events
    kept = server_copy({e.source.dialect for e in files.events}, dialect)
    left = [o for o in files.schema.objects if o.source.dialect not in kept]
    if left:
        names = ", ".join(sorted({o.source.dialect for o in left}))
        click.echo(
            f"dbnamelint: note: {plural(len(left), 'object')} of files in other dialects "
            f"({names}) {'is' if len(left) == 1 else 'are'} not compared with a {dialect} database",
            err=True,
        )
    if others:
        click.echo(
            f"dbnamelint: note: the database is {dialect}; files in {', '.join(others)} "
            f"are compared with the names {dialect} gives unnamed constraints and indexes",
            err=True,
        )
    return replace(replay(events), files=files.files), events


def _server_references(url: str, dialect: str, events: Sequence[Event]) -> Sequence[Event]:
    """``events`` as the MySQL or MariaDB server at ``url`` runs a column's
    ``REFERENCES``: the ``mysql`` profile is MySQL 8's, which makes no
    foreign key of it, MySQL 9 does; the ``mariadb`` profile makes one, as
    MariaDB does from 10.5 (:func:`~dbnamelint.frontends.live.mysql.makes_inline_foreign_keys`).
    The server's version is asked only when the files write one; said on stderr."""
    profile = profile_for(dialect)
    written = sum(1 for e in events if e.inline_reference)
    if profile.family is not Family.MYSQL or not written:
        return events
    try:
        rows = read_rows(url, "SELECT VERSION()")
    except LiveError:
        return events  # read as the dialect says; the catalog was read all the same
    version = str(rows[0][0]) if rows and rows[0] else ""
    made = makes_inline_foreign_keys(version)
    if made is None or made == profile.inline_references:
        return events
    how = "makes a foreign key" if made else "makes no foreign key"
    click.echo(
        f"dbnamelint: note: the server ({version}) {how} of REFERENCES written in a column's "
        f"definition, unlike the {dialect} files' dialect: "
        f"{plural(written, 'such reference')} compared as the server ran them",
        err=True,
    )
    return with_inline_foreign_keys(events, made)


def _placeholders(files: Schema, schemas: Sequence[str]) -> Schema:
    """Objects whose schema the files write as a template placeholder, put in
    the one schema ``--schema`` reads; said on stderr either way."""
    files, note = placeholder_schema(files, schemas)
    if note is not None:
        click.echo(f"dbnamelint: note: {note}", err=True)
    return files


def _mysql_database(display: str, dialect: str) -> str | None:
    """The database a MySQL/MariaDB URL (as displayed) connects to, else None."""
    if profile_for(dialect).family is not Family.MYSQL:
        return None
    return unquote(urlsplit(display).path.strip("/")) or None
