"""``dbnamelint migrate``: plan (and with ``--write``, write) a phase's rename migration."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path

import click
from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.commands import echo_problems
from dbnamelint.config import Settings
from dbnamelint.core.diagnostics import CLEANUP_CODES, UNREAD_CODES
from dbnamelint.dialects import Family, copy_of, profile_for
from dbnamelint.dialects.names import other_database_word
from dbnamelint.dumped_views import rename_plan, with_dumped_views
from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.flyway_baselines import configured_instances, left_out
from dbnamelint.flyway_settings import configured_history_table
from dbnamelint.frontends.sql.parsing import CALL_CODE, EXECUTE_CODE
from dbnamelint.frontends.sql.sources import CODE_MIGRATION_CODE, discover, is_excluded_note
from dbnamelint.go_list_sql import is_runner_object as is_go_runner_object
from dbnamelint.impact import HIGH, Reference, ScanError, collect_impact
from dbnamelint.impact.result import used_name
from dbnamelint.impact.scan import candidate_files, inside_repository
from dbnamelint.impact.separate import diff_clause
from dbnamelint.liquibase_tables import is_configured_tool_object
from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    Diagnostic,
    ObjectKind,
    Schema,
    SchemaObject,
    Severity,
    Statement,
)
from dbnamelint.report.common import first_few, plural
from dbnamelint.report.migration import render_plan, render_sql, render_summary, saved_note
from dbnamelint.runner.pipeline import Loaded, load_paths, read_statements
from dbnamelint.services.databases import DatabaseChoiceError, choose_database, in_database
from dbnamelint.services.lint import (
    CONFIG_PATH_CODES,
    default_paths,
    readable_whitelist,
    source_settings,
    unsilenced,
    whitelist_display,
)
from dbnamelint.services.migrate.atlas_sum import sum_updates
from dbnamelint.services.migrate.bodies import rerun_labels, view_readers
from dbnamelint.services.migrate.code_altered import code_altered_notes
from dbnamelint.services.migrate.config_paths import PathsEdit, appended, reaches
from dbnamelint.services.migrate.copies import (
    Copy,
    choose_copy,
    copies_left_to_write,
    in_copy,
    in_other_copies,
    named_for_copy,
)
from dbnamelint.services.migrate.drizzle_files import next_steps as drizzle_next_steps
from dbnamelint.services.migrate.exports import pgroll_json, plain_map
from dbnamelint.services.migrate.layout import (
    Layout,
    LayoutError,
    NewFile,
    alembic_note,
    flyway_undo_note,
    prisma_next_steps,
    slugify,
    typeorm_note,
    undo_files,
    write_files,
)
from dbnamelint.services.migrate.plan import PlanError, Request, View, merged_plan
from dbnamelint.services.migrate.requests import (
    by_hand,
    by_hand_message,
    planned_targets,
    requests_for,
    untargeted_message,
    without_runner_tables,
    without_target,
)
from dbnamelint.services.migrate.service import (
    Migration,
    build_cleanups,
    build_migrations,
    replay_problems,
    resolve_tracking_table,
)
from dbnamelint.services.migrate.sql import ScriptOptions
from dbnamelint.services.migrate.untargeted import left_as_they_are
from dbnamelint.services.migrate.upgrade_entries import repointed
from dbnamelint.services.migrate.view_dependents import refuses_drop, view_dependents
from dbnamelint.services.targets import planned_bad_targets
from dbnamelint.synapse_layout import is_runner_object
from dbnamelint.tool_tables import dumped_tool_tables, in_tables, is_dumped_tool_object
from dbnamelint.whitelist import Whitelist, WhitelistEntry, WhitelistError, load_whitelist
from dbnamelint.whitelist.fields import edit_fields
from dbnamelint.whitelist.format import parse_whitelist
from dbnamelint.whitelist.writer import digest, read_whitelist_file, write_atomic


class MigrateArgs(Struct, frozen=True):
    """The command line of ``migrate``, as the CLI parsed it."""

    paths: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    all_targets: bool = False
    renames: tuple[str, ...] = ()
    column_renames: tuple[str, ...] = ()
    views: tuple[str, ...] = ()
    no_views: bool = False
    #: Compatibility views only for old names code still uses (``dbnamelint impact``).
    views_where_referenced: bool = False
    tracking_table: str | None = None
    lint_comments: bool = False
    #: ``--transaction``/``--no-transaction``; None: the layout's or the folder's way.
    transaction: bool | None = None
    write: bool = False
    cleanup: bool = False
    #: ``--cleanup --write`` drops views whose names code still uses (high confidence).
    force: bool = False
    #: ``--cleanup``: also search files git does not track (nor ignore), as ``impact --untracked``.
    untracked: bool = False
    layout: str | None = None
    name: str | None = None
    export: str | None = None
    output: Path | None = None
    dialect: str | None = None
    #: ``--database``: which separate database of the tree (config ``databases:``).
    database: str | None = None


#: Migration runners' own tables ``migrate`` leaves alone: which, and why (the note).
#: Why ``migrate`` renames no Prisma implicit many-to-many table (DBN035).
_PRISMA_JOINS = (
    "Prisma's implicit many-to-many tables, which no @@map renames (the next `prisma "
    "migrate dev` would drop a renamed one, with its rows, and create it again: DBN035)"
)
_RUNNER_TABLES = (
    (
        is_runner_object,
        "Synapse's runner tables (common/schema_version.sql), whose names "
        "prepare_database reads and writes",
    ),
    (
        is_go_runner_object,
        "the version table of a Go migration list's runner, whose code reads and "
        "writes it by name around every step",
    ),
    (
        is_dumped_tool_object,
        "a migration tool's own table, as the schema dump copies it from the database "
        "(its tool reads and writes it by name)",
    ),
    (
        is_configured_tool_object,
        "Liquibase's tracking tables under the names the project configures "
        "(databaseChangeLogTableName, spring.liquibase.database-change-log-table, "
        "setDatabaseChangeLogTableName), which Liquibase reads and writes column by column",
    ),
)


#: Why a Go migration library's table a dump holds is not renamed.
_DUMPED_BY_COLUMNS = (
    "a Go migration library's own table (xormigrate's, gormigrate's), as the schema dump "
    "copies it from the database (its library reads and writes it by name)"
)


def run_migrate(settings: Settings, args: MigrateArgs, *, cwd: Path) -> ExitCode:
    """Plan the renames, print plan and SQL (or the export), write files with ``--write``."""
    tree = args.paths or default_paths(settings, cwd)
    loaded = _loaded_for(tree, settings, args.dialect)
    read_errors = [
        d
        for d in loaded.diagnostics
        if d.severity is Severity.ERROR and d.code not in CLEANUP_CODES
    ]
    errors = list(unsilenced(settings, loaded, read_errors, cwd))
    if errors:
        echo_problems(errors)
        if any(d.code not in CONFIG_PATH_CODES for d in errors):  # a typo needs no lecture
            click.echo(
                "dbnamelint: the tree must read cleanly before a migration is planned "
                "(a statement that cannot be read may create or rename names the plan "
                "would miss; silence a DBN004 you have checked by hand with "
                "'-- dbnamelint: ignore[DBN004] reason' on its statement)",
                err=True,
            )
        return for_diagnostics(errors)
    excluded = [d for d in loaded.diagnostics if is_excluded_note(d)]
    if args.paths and excluded and not loaded.files:
        # every path named is left out: "no table named X in the files" would
        # hide why (trial s36 kestra: the excluded H2 copy)
        echo_problems(excluded)
        click.echo(f"dbnamelint: {_excluded_advice(excluded)}", err=True)
        return ExitCode.USAGE
    layout = Layout(args.layout) if args.layout else None
    reached = None
    if not args.paths and settings.paths:  # a new file the config's paths miss is added

        def reached(path: Path) -> bool:
            # a folder a Go list's file steps run: the list reaches it (_go_list_note)
            return reaches(settings.paths, settings.root, path) or _go_list_run(path, settings.root)

    title = args.name or _title(args)
    # --transaction/--no-transaction, else the config's migrate_transaction,
    # else (None) the tool's or the folder's way
    forced = args.transaction if args.transaction is not None else settings.migrate_transaction
    options = ScriptOptions(
        title, args.tracking_table, args.lint_comments, forced_transaction=forced, name=args.name
    )
    try:
        tree_schema = loaded.schema  # every separate database's: code searches set theirs apart
        try:
            loaded = choose_database(loaded, args.database)
        except DatabaseChoiceError as exc:
            raise PlanError(str(exc)) from None
        whole = loaded.schema
        copy = choose_copy(loaded, args.dialect, settings.dialect)
        dialect, loaded = copy.dialect, copy.loaded
        if copy.others:
            click.echo(_copies_note(copy), err=True)
        _warn_unreadable(loaded)
        requests: Sequence[Request] = ()
        whitelist: Whitelist | None = None
        if args.cleanup:
            # A dump the forward script ran before keeps the views, not the renames.
            loaded = replace(
                loaded,
                schema=with_dumped_views(
                    loaded.schema, rename_plan(settings, readable_whitelist(settings, cwd)), cwd
                ),
            )
            migrations = build_cleanups(
                loaded,
                dialect=dialect,
                root=cwd,
                views=args.views or None,
                options=options,
                layout=layout,
                slug=slugify(args.name or "drop compatibility views"),
                now=datetime.now(),
                reached=reached,
                strict_layout=args.write,
            )
        else:
            full = load_whitelist(
                settings.whitelist_path,
                display=whitelist_display(settings, cwd),
                known_rules=settings.registry,
                known_databases=settings.database_names,
            )
            whitelist = in_database(full, loaded)
            _refuse_other_databases(full, whitelist, args)
            requests = requests_for(
                whitelist,
                args.phases,
                args.renames,
                args.column_renames,
                args.all_targets,
                dialect,
            )
            runners: list[tuple[Callable[[SchemaObject], bool], str]] = list(_RUNNER_TABLES)
            dumped = dumped_tool_tables(loaded.schema)
            if dumped:
                runners.append((partial(in_tables, tables=dumped), _DUMPED_BY_COLUMNS))
            if any(f.path.endswith("migration.sql") for f in loaded.files):
                from dbnamelint.services.prisma_sync import join_table_test

                runners.append((join_table_test(loaded.files), _PRISMA_JOINS))
            for is_runner, whose in runners:
                requests, runner = without_runner_tables(requests, loaded.schema, is_runner)
                if runner:
                    names = ", ".join(
                        dict.fromkeys(".".join(p for p, _ in r.parts) for r in runner)
                    )
                    click.echo(
                        f"dbnamelint: note: not renamed: {names}: {whose}; "
                        "`dbnamelint whitelist prune` removes their entries",
                        err=True,
                    )
            requests, elsewhere = in_other_copies(requests, whole, copy)
            origins = {r.origin for r in requests if r.entry}
            bad = planned_bad_targets(settings, whitelist, loaded.schema, origins)
            if bad:  # the plan would rename into a name `check` then reports
                echo_problems([b.diagnostic() for b in bad])
                refused = plural(len(bad), "whitelist target")
                retarget = (
                    "; `dbnamelint whitelist retarget` rewrites the ones that still spell "
                    "their table's old name"
                    if any(b.stale is not None for b in bad)
                    else ""
                )
                raise PlanError(
                    f"nothing planned: the active rules refuse {refused} (DBN910, above); "
                    f"correct the target or remove it{retarget}"
                )
            for note in elsewhere:
                click.echo(f"dbnamelint: note: {note}", err=True)
            untargeted: list[WhitelistEntry] = []
            if args.phases or args.all_targets:
                scope = None if args.all_targets else set(args.phases)
                untargeted = without_target(whitelist, scope, dialect)
                manual = in_copy(by_hand(whitelist, scope, dialect), whole, loaded.schema)
                if manual:
                    note = f"dbnamelint: note: not renamed: {by_hand_message(manual, dialect)}"
                    click.echo(note, err=True)
            if args.tracking_table:
                tracking, missing = resolve_tracking_table(
                    loaded.schema, args.tracking_table, dialect
                )
                options = replace(options, tracking_table=tracking)
                if missing is not None:
                    click.echo(f"dbnamelint: warning: {missing}", err=True)
            statements, _ = read_statements(loaded.files, settings.root)
            views: bool | tuple[str, ...] = False if args.no_views else (args.views or True)
            if args.views_where_referenced and not args.no_views:
                impact = collect_impact(
                    _for_copy(settings, args.dialect),
                    cwd,
                    schema=whole,
                    whitelist=whitelist,
                    database=args.database,
                    every_database=tree_schema,
                )
                used = impact.referenced_names("high")
                renamed = [
                    r.parts[-1][0] for r in requests if r.kind is ObjectKind.TABLE
                ]  # views stand in for tables only
                wanted = tuple(n for n in renamed if n.casefold() in used)
                views = wanted if wanted else False
            migrations = build_migrations(
                loaded,
                statements,
                requests,
                dialect=dialect,
                root=cwd,
                views=views,
                options=options,
                layout=layout,
                slug=slugify(title),
                now=datetime.now(),
                strict_layout=args.write,
                planned=planned_targets(whitelist),
                column_style=settings.column_style,
                reached=reached,
            )
            # Said once the plan is known: a dependent following its table or
            # columns is renamed though its entry names no target.
            left = left_as_they_are(untargeted, loaded.schema, [m.plan for m in migrations])
            if left:  # a phase half planned must say which half
                click.echo(
                    f"dbnamelint: note: not renamed, no `target:`: {untargeted_message(left)}",
                    err=True,
                )
        migrations = [named_for_copy(m, copy) for m in migrations]
        if args.cleanup:
            # Read once: the views and the bodies that read a dropped view are found in them.
            statements, _ = read_statements(loaded.files, settings.root)
            dropped = [v for m in migrations for v in m.plan.views]
            blocked = _cleanup_dependents(statements, loaded.schema, dropped, args, dialect)
            if _cleanup_references(
                settings,
                cwd,
                statements,
                loaded.schema,
                whole,
                dropped,
                args,
                dialect,
                tree_schema,
            ):
                blocked = True
            if blocked:
                return ExitCode.USAGE  # code or views still read the views: nothing written
        if not args.cleanup and any(m.plan.steps for m in migrations):
            unread = [d for d in loaded.diagnostics if _runs_unread_ddl(d)]
            code = [d for d in loaded.diagnostics if d.code == CODE_MIGRATION_CODE]
            if unread or code:
                rebuilt = [r.table for m in migrations for r in m.plan.rebuilds]
                click.echo(_unread_warning(unread, code, dialect, rebuilt), err=True)
        altered = [n for m in migrations for n in code_altered_notes(m.plan)]
        if altered and not args.cleanup and _code_altered_refused(args, altered):
            return ExitCode.USAGE
        if args.export:
            plan = merged_plan([m.plan for m in migrations])
            text = plain_map(plan) if args.export == "plain" else pgroll_json(plan, slugify(title))
            _emit(text, args.output)
            return ExitCode.OK
        if profile_for(dialect).family not in _SCRIPTED:
            raise PlanError(
                "migrate writes rename scripts only for PostgreSQL, CockroachDB, MySQL, "
                "MariaDB and SQLite, tested on those servers; none is printed or written for "
                f"{dialect}, whose rename statements, transactions and views it does not "
                "model: `--export plain` prints the plan as `kind [table.]old new` lines for "
                "a script of your own"
            )
        texts = []
        several = _several_scripts(len(migrations), args.cleanup)
        if several:
            click.echo(f"dbnamelint: note: {several[0]}", err=True)
        for number, migration in enumerate(migrations, 1):
            shown = [_shown(f.path, cwd) for f in migration.files]
            if several:
                texts.append(f"-- ==== script {number} of {len(migrations)} of this phase ====")
                texts.append(f"-- {several[1] if number > 1 else several[0]}")
            if args.output is None:
                texts.append(
                    render_plan(migration, shown, cleanup=args.cleanup, written=args.write)
                )
            else:  # -o saves the SQL alone, runnable; the plan is still shown
                summary = render_summary(migration, shown, cleanup=args.cleanup, written=args.write)
                click.echo(summary, err=True, nl=False)
                texts.append(render_sql(migration, cleanup=args.cleanup))
        _emit("\n".join(texts), args.output)
        if args.output is None:
            # What follows on stderr (written, would be written) is no line of the SQL
            click.echo("", err=True)
        if args.output is not None:
            click.echo(saved_note(_shown(args.output, cwd), args.cleanup), err=True)
        if args.write:
            unplaced = [m for m in migrations if not m.files]
            if unplaced:  # everything planned is written, or nothing is
                steps = ", ".join(f"{s.kind.value} {s.old}" for s in unplaced[0].plan.steps[:3])
                click.echo(
                    f"dbnamelint: no file to write the renames of {steps} to; nothing written",
                    err=True,
                )
                return ExitCode.USAGE
            written = [f for m in migrations for f in m.files]
            sums, stale = sum_updates(written)
            for path in stale:
                click.echo(
                    f"dbnamelint: note: {_shown(path, cwd)} did not match its folder before "
                    "this migration; not updated (run `atlas migrate hash` once it is right)",
                    err=True,
                )
            written += sums
            unreached = [
                f.path
                for f in written
                if f.role in _FORWARD_ROLES and reached is not None and not reached(f.path)
            ]
            # Refused before anything is written when the config cannot take them.
            edit = appended(settings.config_path, settings.root, unreached) if unreached else None
            write_files(written)
            if edit is not None and not _write_config(edit, written):
                return ExitCode.USAGE
            if edit is not None:
                tree = (*tree, *(_shown(p, cwd) for p in unreached))
            read, _ = discover(tree, source_settings(settings))
            with configured_instances(settings.flyway_locations):
                skipped = left_out([f.path for f in read])  # a baseline stands for them
            # a file a Go list's file steps must name runs once the user adds
            # the step (_go_list_note says which): not read before
            listed = [
                m
                for m in migrations
                if not any(
                    f.role in _FORWARD_ROLES and _go_list_run(f.path, settings.root)
                    for f in m.files
                )
            ]
            problems = replay_problems(listed, [f for f in read if f.path not in skipped], cwd)
            if problems:
                undo_files(written)
                if edit is not None:
                    write_atomic(edit.config, edit.original)
                for problem in problems:
                    click.echo(f"dbnamelint: {problem}", err=True)
                click.echo("dbnamelint: nothing written", err=True)
                return ExitCode.USAGE
            for new in written:
                verb = "updated" if new.replaces is not None else "wrote"
                click.echo(f"{verb} {_shown(new.path, cwd)} ({new.role})", err=True)
            if not args.cleanup and any(m.plan.views for m in migrations):
                click.echo(_cleanup_later_note(), err=True)
            undo = flyway_undo_note(
                written,
                lambda path: _shown(path, cwd),
                dialect,
                lambda path: _flyway_table(settings, path),
                _flyway_settings_table,
            )
            if undo is not None:
                click.echo(f"dbnamelint: note: {undo}", err=True)
            for said in (alembic_note, typeorm_note):
                template = said([f for m in migrations for f in m.files])
                if template is not None:
                    click.echo(f"dbnamelint: note: {template}", err=True)
            _prisma_note(migrations, cwd, dialect)
            _go_list_note(migrations, cwd, settings.root)
            _repoint_upgrade_entries(settings, cwd, migrations)
            if edit is not None:
                click.echo(
                    f"updated {_shown(edit.config, cwd)}: added {', '.join(edit.added)} as the "
                    "last entr" + ("y" if len(edit.added) == 1 else "ies") + " of `paths` "
                    "(its files are listed one by one; the migration replays last)",
                    err=True,
                )
            retired = _retired_entries(requests, migrations, whitelist)
            if retired:
                to_write = copies_left_to_write(requests, whole, copy)
                click.echo(_prune_hint(retired, to_write), err=True)
        else:
            for problem in dict.fromkeys(m.layout_problem for m in migrations if m.layout_problem):
                click.echo(f"dbnamelint: note: --write would be refused: {problem}", err=True)
            missed = [
                _shown(f.path, cwd)
                for m in migrations
                for f in m.files
                if f.role in _FORWARD_ROLES and reached is not None and not reached(f.path)
            ]
            if missed:
                click.echo(
                    f"dbnamelint: note: --write would also add {', '.join(missed)} to the "
                    "config's `paths`, last (they list files one by one)",
                    err=True,
                )
            undo = flyway_undo_note(
                [f for m in migrations for f in m.files],
                lambda path: _shown(path, cwd),
                dialect,
                lambda path: _flyway_table(settings, path),
                _flyway_settings_table,
            )
            if undo is not None:
                click.echo(f"dbnamelint: note: {undo}", err=True)
            for said in (alembic_note, typeorm_note):
                template = said([f for m in migrations for f in m.files])
                if template is not None:
                    click.echo(f"dbnamelint: note: {template}", err=True)
            _prisma_note(migrations, cwd, dialect)
            _go_list_note(migrations, cwd, settings.root)
            count = plural(sum(len(m.files) for m in migrations), "migration file")
            click.echo(f"{count} would be written; nothing written (no --write)", err=True)
    except (PlanError, LayoutError, ScanError) as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return ExitCode.USAGE
    return ExitCode.OK


def _excluded_advice(notes: Sequence[Diagnostic]) -> str:
    """What ``migrate`` says when every path named is left out by the config's
    ``exclude`` (``notes``: their ``DBN015`` warnings): another database's
    copy that no dialect here reads (H2) is renamed by hand."""
    paths = [d.location.path for d in notes]
    others = {
        word
        for path in paths
        for part in path.split("/")
        if (word := other_database_word(part)) is not None
    }
    if others:
        named = ", ".join(sorted(others))
        return (
            f"nothing to plan from: {', '.join(paths)} is left out by the config's `exclude` "
            f"as another database's copy ({named}), for which dbnamelint has no dialect: it "
            "cannot write that copy's migration, so write the same renames there by hand as a "
            "new migration of that folder (the gate judges the names its new statements make)"
        )
    return (
        f"nothing to plan from: {', '.join(paths)} is left out by the config's `exclude`; "
        "to plan renames there, drop or narrow that entry"
    )


#: Database families whose rename scripts are built and tested (on real
#: PostgreSQL, MariaDB and SQLite); another dialect's SQL would only look right.
_SCRIPTED = frozenset({Family.POSTGRES, Family.MYSQL, Family.SQLITE})

#: Roles of the file ``check`` must read (:func:`replay_problems` checks the same).
_FORWARD_ROLES = ("forward", "forward+rollback", "cleanup")


def _repoint_upgrade_entries(
    settings: Settings, cwd: Path, migrations: Sequence[Migration]
) -> None:
    """Respell the table part of the entries of renamed tables' other objects
    where the full schema was edited in place (:mod:`.upgrade_entries`)."""
    plans = [
        m.plan
        for m in migrations
        if m.layout is Layout.UPGRADES and any(f.role == "full schema" for f in m.files)
    ]
    path = settings.whitelist_path
    if not plans or not path.exists():
        return
    shown = whitelist_display(settings, cwd)
    try:
        original, text = read_whitelist_file(path, shown)
        whitelist = parse_whitelist(text, shown, settings.registry)
        found = repointed(whitelist.entries, plans)
        if not found:
            return
        write_atomic(
            path,
            edit_fields(text, [e for _, e in found], shown),
            expected_digest=digest(original),
        )
    except WhitelistError as exc:
        click.echo(
            f"dbnamelint: warning: {shown}: the entries of the renamed tables' other objects "
            f"still name the old tables, and could not be respelled ({exc}): rename their "
            "table part by hand",
            err=True,
        )
        return
    moved = ", ".join(f"{entry.name} -> {edit.value}" for entry, edit in found)
    click.echo(
        f"updated {shown}: {plural(len(found), 'entry', 'entries')} of a renamed table now "
        f"name{'s' if len(found) == 1 else ''} its new name, as the full schema makes it "
        f"({moved})",
        err=True,
    )


def _flyway_table(settings: Settings, path: Path) -> str | None:
    """The history table the config names for the Flyway instance running
    ``path``'s folder (``flyway_locations: [{locations: [...], table: x}]``)."""
    tables = dict(settings.flyway_tables)
    folder = path.absolute().parent
    for candidate in (folder, *folder.parents):
        table = tables.get(os.path.normpath(candidate))
        if table is not None:
            return table
    return None


def _flyway_settings_table(path: Path) -> tuple[str, str] | None:
    """The history table the project's own Flyway settings name for ``path``'s
    folder (hawkbit's ``spring.flyway.table=schema_version``), with the file."""
    folder = path.absolute().parent
    return configured_history_table(folder, _tree_root(folder))


def _tree_root(folder: Path) -> Path:
    """The repository holding ``folder`` (its ``.git``), else the current folder."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return Path.cwd().absolute()


def _cleanup_later_note() -> str:
    """What ``--write`` of a phase with compatibility views says after its
    ``wrote`` lines: the printed cleanup is not written with the forward,
    since the migration tool runs every file of its folder (``sqlx migrate
    run`` applies each pending one) and would drop the views the old code
    still reads; ``migrate --cleanup --write`` writes it, in the layout's
    way, once no code reads the old names (trial s31 windmill: the cleanup
    was copied out of the printed plan by hand)."""
    return (
        "next: the cleanup is not written now (the migration tool would run "
        "it with the forward and drop the compatibility views old code still reads); once "
        "no code reads the old names, `dbnamelint migrate --cleanup --write` writes it as a "
        "migration of its own"
    )


def _retired_entries(
    requests: Sequence[Request], migrations: Sequence[Migration], whitelist: Whitelist | None
) -> int:
    """How many whitelist entries the written renames retire: those that asked
    for them, and each entry naming an object a step renames away (a
    ``--rename queue=queues`` of a whitelisted table, its index and sequence:
    trial s34 ente, whose next ``check`` failed with DBN900 unannounced)."""
    origins = {r.origin for r in requests if r.entry}
    if whitelist is None:
        return len(origins)
    steps = [s for m in migrations for s in m.plan.steps]
    moved = {s.old.casefold(): s.new.casefold() for s in steps if s.kind is ObjectKind.TABLE}
    renamed: dict[tuple[ObjectKind, str, str], str] = {}
    for s in steps:
        table = (s.table or "").casefold() if s.kind in TABLE_ATTACHED_KINDS else ""
        # an entry writes the table's name as it was: the step's (new) one or its old
        tables = {table, *(old for old, new in moved.items() if new == table)}
        renamed.update({(s.kind, t, s.old.casefold()): s.new.casefold() for t in tables})
    for entry in whitelist.entries:
        parts = [text.casefold() for text, _quoted in entry.parts]
        attached = len(parts) >= 2 and entry.kind in TABLE_ATTACHED_KINDS
        new = renamed.get((entry.kind, parts[-2] if attached else "", parts[-1]))
        # renamed off its target, the entry is not stale: check says DBN902
        if new is not None and (not entry.target or entry.target.strip('"').casefold() == new):
            origins.add(f"{entry.location.path}:{entry.location.line}")
    return len(origins)


def _prune_hint(retired: int, others: Sequence[str] = ()) -> str:
    """What comes after ``--write`` when whitelist entries asked for the renames:
    ``check`` reads the new files and finds those entries stale (DBN900) until
    ``whitelist prune`` removes them (and marks a phase left empty done).

    ``others``: the dialects of the tree's other copies of the schema whose
    renames are still to write (a copy renamed earlier is not named). An
    entry stays while another copy still has its old name (``check`` says so,
    DBN913, naming the ``--dialect`` run that writes it), even one only this
    copy's rules flagged (MySQL's reserved ``key``, trial s21 flipt; ``groups``,
    trial s23 gophish), so the hint names the other copies' runs.
    """
    entries = plural(retired, "whitelist entry", "whitelist entries")
    if not others:
        return (
            f"next: `dbnamelint whitelist prune` removes the {entries} these renames retire "
            "(`dbnamelint check` reports them stale, DBN900, until then), and marks a phase "
            "it empties done"
        )
    again = ", ".join(f"--dialect {d}" for d in others)
    return (
        f"next: write the other copies' migrations ({again}, same phase), then "
        f"`dbnamelint whitelist prune` removes the {entries} these renames retire and marks a "
        "phase it empties done (an entry stays while another copy still has its old name: "
        "`dbnamelint check` says so, DBN913, and prune keeps it)"
    )


def _prisma_note(migrations: Sequence[Migration], cwd: Path, dialect: str) -> None:
    """Say what a Prisma or drizzle project does next with each of its migrations
    planned (:func:`~dbnamelint.services.migrate.layout.prisma_next_steps`,
    :func:`~dbnamelint.services.migrate.drizzle_files.next_steps`)."""
    for migration in migrations:
        if migration.layout is Layout.DRIZZLE:
            _drizzle_note(migration, cwd, dialect)
        if migration.layout is not Layout.PRISMA:
            continue
        steps = migration.plan.steps
        tables = [(s.old, s.new) for s in steps if s.kind is ObjectKind.TABLE]
        old_of = {new: old for old, new in tables}  # a column step names the new table
        note = prisma_next_steps(
            migration.files,
            tables,
            [
                (old_of.get(s.table or "", s.table or ""), s.old, s.new)
                for s in steps
                if s.kind is ObjectKind.COLUMN
            ],
            lambda path: _shown(path, cwd),
            dialect,
            [(s.old, s.new) for s in steps if s.kind is ObjectKind.TYPE],
        )
        if note is not None:
            click.echo(f"dbnamelint: note: {note}", err=True)


def _go_list_run(path: Path, root: Path) -> bool:
    """Whether a Go migration list's file steps run the files of ``path``'s
    folder (:func:`dbnamelint.go_list_files.folder_lists`)."""
    from dbnamelint.go_list_files import folder_lists

    return folder_lists(str(path.parent), str(root)) is not None


def _go_list_note(migrations: Sequence[Migration], cwd: Path, root: Path) -> None:
    """Say so where a Go migration list's file steps run the folder a new
    file goes to (shiori's ``newFileMigration(..., "postgres/0001_initial")``,
    :mod:`dbnamelint.go_list_files`): its runner runs the files its steps
    name, never the folder, so the file runs only once a step names it."""
    from dbnamelint.go_list_files import folder_lists, step_advice

    for migration in migrations:
        for new in migration.files:
            if new.role not in _FORWARD_ROLES:
                continue
            found = folder_lists(str(new.path.parent), str(root))
            if found is None or os.path.realpath(new.path) in found.named:
                continue
            go = found.lists[0][0]
            click.echo(
                f"dbnamelint: note: {_shown(new.path, cwd)} never runs until the Go migration "
                f"list in {_shown(Path(go), cwd)} names it: its runner runs the files its "
                "steps name, in the list's order, not the folder's files; "
                f"{step_advice(go, str(new.path), str(root))} (check the versions it "
                "continues from the list's last step)",
                err=True,
            )


def _drizzle_note(migration: Migration, cwd: Path, dialect: str) -> None:
    forward = next((f for f in migration.files if f.role in ("forward", "cleanup")), None)
    journal = next((f for f in migration.files if f.role == "journal"), None)
    if forward is None or journal is None:
        return
    rollback = next((f for f in migration.files if f.role == "rollback"), None)
    shown = _shown(rollback.path, cwd) if rollback is not None else ""
    note = drizzle_next_steps(
        forward.path,
        journal.text,
        rollback.path if rollback else None,
        shown,
        dialect,
        renames=forward.role == "forward",
    )
    click.echo(f"dbnamelint: note: {note}", err=True)


def _warn_unreadable(loaded: Loaded) -> None:
    """Warn of the unreadable statements the user silenced in the files planned.

    Every error left at this point was silenced (the others refused the run):
    planned without them, and said so each time. ``loaded`` is already cut
    to the database and copy planned, so another database's silenced
    statements (golang-migrate's spanner folder, on ``--database postgres``)
    are its own run's to say. Other silenced errors, such as a duplicate
    version, lose no name.
    """
    unreadable = [
        d for d in loaded.diagnostics if d.severity is Severity.ERROR and d.code in UNREAD_CODES
    ]
    if unreadable:
        where = first_few([str(d.location) for d in unreadable])
        click.echo(
            f"dbnamelint: warning: {plural(len(unreadable), 'silenced unreadable statement')} "
            f"({where}): names created or renamed there are not in this plan",
            err=True,
        )


def _write_config(edit: PathsEdit, written: Sequence[NewFile]) -> bool:
    """Write the config with its new ``paths`` atomically; on failure undo
    the migration files and say why (False)."""
    try:
        write_atomic(edit.config, edit.text, expected_digest=edit.digest)
    except WhitelistError as exc:
        undo_files(written)
        click.echo(f"dbnamelint: {edit.config}: {exc}; nothing written", err=True)
        return False
    return True


def _loaded_for(tree: Sequence[str], settings: Settings, wanted: str | None) -> Loaded:
    """The tree read for ``migrate [--dialect WANTED]``: as configured, or, when
    every file was read in another database family than ``wanted``'s, read again
    with ``wanted`` as the config's dialect, so the files that do not say theirs
    (code migrations, plain SQL) are that database's model, with the names it
    gives itself (trial s38 confirm P3: a Django tree configured for SQLite
    planned for PostgreSQL missed the primary key, foreign keys and sequence).
    Files that say their dialect keep it (then ``choose_copy`` refuses); a
    tree that reads worse as ``wanted`` (more errors: SQL only the configured
    or sniffed database takes, sakila's backquoted MySQL) is kept as read
    (then ``choose_copy`` refuses); plain SQL no dialect was named or shown
    for (temporal's versioned folders) is read as ``wanted``."""
    loaded = load_paths(tree, source_settings(settings))
    if wanted is None or settings.dialect == wanted:
        return loaded
    families = {copy_of(f.dialect) for f in loaded.files}
    if len(families) != 1 or copy_of(wanted) in families:
        return loaded
    again = load_paths(tree, source_settings(replace(settings, dialect=wanted)))
    if copy_of(wanted) not in {copy_of(f.dialect) for f in again.files}:
        return loaded

    # SQL written for the configured database that the other cannot read stays its
    def errors(read: Loaded) -> int:
        return sum(d.severity is Severity.ERROR for d in read.diagnostics)

    return loaded if errors(again) > errors(loaded) else again


def _for_copy(settings: Settings, wanted: str | None) -> Settings:
    """``settings`` as ``impact [--dialect WANTED]`` runs with them, for
    ``migrate [--dialect WANTED]``.

    The code a copy's migration concerns is that copy's: with the config's
    dialect (postgres) the MySQL copy's cleanup took ``storage/mysql/`` for
    another database's code and dropped the views it reads (trial s13
    openfga #1). Without ``--dialect`` the copy planned is the config's (or,
    with none configured, the tree's), and the search is plain ``impact``'s.
    """
    if wanted is None or settings.dialect == wanted:
        return settings
    return replace(settings, dialect=wanted)


def _cleanup_references(
    settings: Settings,
    cwd: Path,
    statements: Sequence[Statement],
    schema: Schema,
    whole: Schema,
    dropped: Sequence[View],
    args: MigrateArgs,
    dialect: str,
    tree: Schema,
) -> bool:
    """Warn (stderr) of code that still uses the names of the views a cleanup drops.

    The search is ``dbnamelint impact [--dialect]``'s with the same
    ``--dialect`` (:func:`_for_copy`) on the whole tree (``whole``: every
    copy's model; ``schema``: the planned copy's, ``statements`` its files'), as
    ``--views-where-referenced`` runs it: high-confidence references to an
    old table name the view keeps, and the schema's own routine bodies that
    still read it
    (:func:`~dbnamelint.services.migrate.bodies.view_readers`). True when
    ``--write`` must be refused (references found, no ``--force``);
    nothing is written then. Where git cannot search, a note says the code
    was not checked.
    """
    views = [v.old for v in dropped]
    names = {v.casefold() for v in views}
    refused = _body_readers(statements, schema, views, args, dialect)
    uses_view = _view_user(views, dialect)
    searched = _for_copy(settings, args.dialect)
    try:
        impact = collect_impact(
            searched,
            cwd,
            schema=whole,
            untracked=args.untracked,
            names=names,
            database=args.database,
            every_database=tree,
        )
        unsearched = (
            []
            if args.untracked
            else _untracked_users(searched, cwd, whole, names, uses_view, args.database)
        )
    except ScanError as exc:
        click.echo(
            f"dbnamelint: note: code was not searched for the views' names ({exc}); "
            "check with `dbnamelint impact` before running the cleanup",
            err=True,
        )
        return refused
    # The search ran as `impact --dialect DIALECT`: say so where plain `impact` differs.
    flag = "" if searched is settings else f" --dialect {args.dialect}"
    if args.database is not None:
        flag += f" --database {args.database}"
    found: dict[tuple[str, int, int], Reference] = {}
    weaker: dict[tuple[str, int, int], Reference] = {}
    # Generated code (sqlc's) sends the old name until regenerated and deployed.
    generated = {r.path for r in impact.generated_code()}
    for ref in (*impact.references, *impact.generated_code()):
        if uses_view(ref):
            (found if ref.confidence == HIGH else weaker).setdefault(
                (ref.path, ref.line, ref.column), ref
            )
    if weaker:
        # Not enough to refuse (a word in prose matches too), but a string that
        # is exactly a table's old name often is one: say where to look.
        shown = first_few([f"{r.path}:{r.line} ({_place_name(r)})" for r in weaker.values()])
        click.echo(
            f"dbnamelint: note: {plural(len(weaker), 'lower-confidence reference')} "
            f"(plain text, not read as SQL or an ORM) to the views' names "
            f"{'remains' if len(weaker) == 1 else 'remain'}: {shown}; "
            f"`dbnamelint impact{flag} --min-confidence plain` lists them: check them "
            "before running the cleanup",
            err=True,
        )
    if unsearched:
        shown_files = ", ".join(unsearched[:3]) + (" ..." if len(unsearched) > 3 else "")
        click.echo(
            f"dbnamelint: note: {plural(len(unsearched), 'file')} git does not track "
            f"({shown_files}) {'mentions' if len(unsearched) == 1 else 'mention'} the views' "
            f"names and {'was' if len(unsearched) == 1 else 'were'} not searched (tracked files "
            "only); --untracked searches them too",
            err=True,
        )
    if not found:
        return refused
    refs = list(found.values())
    shown = first_few([f"{r.path}:{r.line} ({_place_name(r)})" for r in refs])
    used = sorted({used_name(r) for r in refs}, key=str.casefold)
    regenerate = sorted({r.path for r in refs} & generated)
    what = (
        f"code still uses {', '.join(used)} ({plural(len(refs), 'high-confidence reference')}: "
        f"{shown}; `dbnamelint impact{flag}` lists them, "
        # --renamed-only: a plain --diff also renames what no migration has
        # renamed yet (trial s43 pixelfed: a later phase's columns)
        f"{diff_clause(refs, impact, f'impact{flag} --diff --renamed-only')}"
        + (
            f", but not generated code: regenerate {first_few(regenerate)} with its tool"
            if regenerate
            else ""
        )
        + ")"
    )
    breaks = f": dropping the compatibility {'view' if len(used) == 1 else 'views'} would break it"
    return _unless_forced(args, what, breaks) or refused


def _code_altered_refused(args: MigrateArgs, notes: Sequence[str]) -> bool:
    """Say (stderr) that SQLite compatibility views' triggers may drop columns
    code migrations added (:mod:`~dbnamelint.services.migrate.code_altered`):
    with ``--write`` and no ``--force`` that nothing is written (True), else a
    warning (False): silent data loss is not written unasked."""
    what = "; ".join(notes)
    if args.write and not args.force:
        click.echo(f"dbnamelint: {what}; nothing written (--force writes it anyway)", err=True)
        return True
    tail = "written anyway (--force)" if args.write else "--write is refused without --force"
    click.echo(f"dbnamelint: warning: {what}; {tail}", err=True)
    return False


def _unless_forced(args: MigrateArgs, what: str, breaks: str = "", others: str = "") -> bool:
    """Say (stderr) that ``what`` still reads the views a cleanup drops: with
    ``--write`` and no ``--force`` that nothing is written (True), else a warning
    (False). ``breaks`` follows ``what`` in the refusal, ``others`` its
    "nothing written"."""
    if args.write and not args.force:
        click.echo(
            f"dbnamelint: {what}{breaks}; nothing written{others} (--force drops them anyway)",
            err=True,
        )
        return True
    tail = "dropped anyway (--force)" if args.write else "--write would be refused without --force"
    click.echo(f"dbnamelint: warning: {what}; {tail}", err=True)
    return False


def _cleanup_dependents(
    statements: Sequence[Statement],
    schema: Schema,
    dropped: Sequence[View],
    args: MigrateArgs,
    dialect: str,
) -> bool:
    """Report (stderr, one located line each) the views of the replayed model
    that read a compatibility view the cleanup drops; True when ``--write``
    must be refused. PostgreSQL refuses that DROP VIEW, so ``--force`` does
    not write it either; SQLite takes it and the view fails on use, which
    ``--force`` accepts, as for code still using the view."""
    labels = rerun_labels(statements)
    rerun = [
        (stmt.location.path, stmt.location.line, stmt.location.line + stmt.text.count("\n"))
        for i, stmt in enumerate(statements)
        if i in labels
    ]
    dependents = view_dependents(schema, dropped, dialect, rerun)
    if not dependents:
        return False
    refused = refuses_drop(dialect)
    for d in dependents:
        if refused:
            then = (
                f"{dialect} refuses the cleanup's DROP VIEW while it does (cannot drop view "
                f"{d.view} because other objects depend on it)"
            )
        elif profile_for(dialect).family is Family.SQLITE:
            then = f"once the cleanup drops {d.view}, {d.name} fails on every use"
        else:  # CockroachDB: not checked on a server
            then = f"the cleanup's DROP VIEW {d.view} is refused or breaks {d.name}"
        click.echo(
            f"{d.location}: error: {d.kind} {d.name} reads the compatibility view {d.view} "
            f"(DBN030): {then}; re-create it over {d.table} in a migration first (CREATE OR "
            f"REPLACE VIEW {d.name} AS ... FROM {d.table})",
            err=True,
        )
    names = ", ".join(dict.fromkeys(d.view for d in dependents))
    others = (
        " (--view NAME drops the others alone)"
        if len({v.old for v in dropped}) > len({d.view for d in dependents})
        else ""
    )
    what = (
        f"{plural(len(dependents), 'view')} of the schema still "
        f"{'reads' if len(dependents) == 1 else 'read'} {names} (above)"
    )
    if refused:
        tail = "nothing written" if args.write else "--write would be refused"
        click.echo(
            f"dbnamelint: {what}: {dialect} would refuse the cleanup; {tail}{others} "
            "(--force cannot help: the database refuses the statement)",
            err=True,
        )
        return args.write
    return _unless_forced(args, what, ": dropping the compatibility views would break them", others)


#: What a compatibility view stands in for: a reference to one of these is
#: one to the view; a column's, index's... old name is not, however spelled.
_RELATION_KINDS = frozenset(
    {ObjectKind.TABLE.value, ObjectKind.VIEW.value, ObjectKind.MATERIALIZED_VIEW.value}
)


def _view_user(views: Sequence[str], dialect: str) -> Callable[[Reference], bool]:
    """Whether a reference ``impact`` found uses one of ``views`` (stored names).

    Impact has already read what the place names: ``r."eventKey"`` is column
    ``eventKey``, not table ``"EventKey"`` (trial s10 #2). So the reference's
    object must be a relation, and one of its old names the view's name as
    the dialect compares names (PostgreSQL: exactly, stored names being
    folded already), not merely the same letters in another case.
    """
    profile = profile_for(dialect)
    exact = profile.family is Family.POSTGRES
    wanted = {v if exact else v.casefold() for v in views}

    def uses(ref: Reference) -> bool:
        if ref.target.kind not in _RELATION_KINDS:
            return False
        olds = ref.target.stored or ref.target.old_names
        return any((n if exact else n.casefold()) in wanted for n in olds)

    return uses


def _place_name(ref: Reference) -> str:
    """The old name a place uses, and the word that uses it when that is
    another (``api_channel, by Channel``: a Django or Rails model class)."""
    name = used_name(ref)
    return name if name == ref.name else f"{name}, by {ref.name}"


def _body_readers(
    statements: Sequence[Statement],
    schema: Schema,
    views: Sequence[str],
    args: MigrateArgs,
    dialect: str,
) -> bool:
    """Report function, trigger and (MySQL) view bodies of the schema that read
    a view the cleanup drops (``views``: their names); True when ``--write``
    must be refused for them."""
    profile = profile_for(dialect)
    readers = view_readers(
        schema,
        statements,
        views,
        family=profile.family.value,
        key=profile.key if profile.family is Family.POSTGRES else None,
        reserved=profile.reserved_words,
    )
    if not readers:
        return False
    shown = first_few(
        [
            f"{m.path}:{m.line} ({m.what} "
            + (f"may read {m.old} by dynamic SQL)" if m.dynamic else f"reads {m.old})")
            for m in readers
        ]
    )
    scripts = sum(1 for m in readers if m.what.startswith(("Flyway ", "Liquibase ")))
    parts = []
    if scripts < len(readers):
        parts.append(f"{plural(len(readers) - scripts, 'body', 'bodies')} in the schema")
    if scripts:
        parts.append(f"{plural(scripts, 'statement')} in scripts the tool runs again")
    what = (
        f"{' and '.join(parts)} still "
        f"{'reads' if len(readers) == 1 else 'read'} the views ({shown}): dropping them "
        "breaks those at their next call"
        + (" or run" if scripts else "")
        + "; rewrite them to the new names"
        + (" (scripts the tool runs again: edit them in place)" if scripts else "")
        + (" in a migration first" if scripts < len(readers) else "")
    )
    return _unless_forced(args, what)


def _untracked_users(
    settings: Settings,
    cwd: Path,
    schema: Schema,
    names: set[str],
    uses_view: Callable[[Reference], bool],
    database: str | None = None,
) -> list[str]:
    """Files git does not track (nor ignore) in which ``--untracked`` would find
    a view's name: that search, run on those files only. So a file it never
    searches (the schema tree, the whitelist, the config) or never counts
    (migration history, another database's code) is not named, nor one that
    holds the name only inside a longer one (``app_settings``)."""
    if not inside_repository(cwd):
        return []
    tracked = set(candidate_files(cwd, names))
    new = [p for p in candidate_files(cwd, names, untracked=True) if p not in tracked]
    if not new:
        return []
    found = collect_impact(
        settings,
        cwd,
        paths=[f":(literal){p}" for p in new],
        schema=schema,
        untracked=True,
        names=names,
        database=database,
    )
    return sorted({r.path for r in (*found.references, *found.generated_code()) if uses_view(r)})


def _several_scripts(count: int, cleanup: bool) -> tuple[str, str] | None:
    """What a phase planned as ``count`` migrations (one per migration folder:
    a Django project's apps) must say: each script is its own transaction
    (``BEGIN``/``COMMIT``), so the phase is not atomic (trial s32 netbox: the
    second script failed, the first had committed). The first line, and the
    shorter one each later script starts with."""
    if count < 2:
        return None
    which = "cleanup" if cleanup else "forward"
    undo = "re-create their views" if cleanup else "run their rollback scripts"
    return (
        f"this phase is {count} {which} scripts (one per migration folder), each its own "
        f"transaction, not one: run them in order; when script k fails, scripts 1 to k-1 "
        f"have committed: {undo} in reverse order (k-1 first) to undo the phase",
        "not atomic with the scripts before it: when it fails, undo them in reverse order",
    )


def _runs_unread_ddl(diagnostic: Diagnostic) -> bool:
    """Whether ``diagnostic`` says a statement runs DDL the model does not
    read: DBN012, or DBN013's warning, or its note a ``dbnamelint:
    ignore[DBN013]`` comment accepted; not DBN013's note for text that holds
    no ``CREATE``, ``ALTER``, ``DROP`` or ``RENAME`` (trial s41 kimai: its
    ``UPDATE kimai2_timesheet SET timezone = '" . $timezone . "'`` was one of
    "3 statements ... run DDL this plan does not read")."""
    from dbnamelint.code_migrations import ACCEPTED

    if diagnostic.code == CALL_CODE:
        return True
    return diagnostic.code == EXECUTE_CODE and (
        diagnostic.severity is not Severity.INFO or diagnostic.message.endswith(ACCEPTED)
    )


def _unread_warning(
    unread: Sequence[Diagnostic],
    code: Sequence[Diagnostic],
    dialect: str,
    rebuilt: Sequence[str] = (),
) -> str:
    """Stderr warning: the plan stands on a model that statements run unread
    (DBN012/13) or that migrations written in code change (DBN014, Go
    migrations: their DDL is Go, so a rename or drop there is not in the model).
    ``rebuilt``: the SQLite tables the scripts rebuild from the files'
    definition, which would lose a column such a statement added (the
    scripts stop before that; the warning says so ahead of time)."""
    parts = []
    if unread:
        where = first_few([f"{d.location} ({d.message.split(': ', 1)[0]})" for d in unread])
        # "SQL", not "DDL": a note may stand for a data change (a Go step's
        # parameterised UPDATE, DBN013), and the note itself says which
        parts.append(
            f"{plural(len(unread), 'statement')} ({where}) "
            f"{'runs' if len(unread) == 1 else 'run'} SQL this plan does not read"
        )
    for note in code:
        # "2 Go migrations in db/ (00002_x.go, ...) are not read: ..."
        head = note.message.split(": ", 1)[0]
        head = head.removesuffix(" is not read").removesuffix(" are not read")
        verb = "is" if head.startswith("1 ") else "are"
        # "code", not "DDL": a data migration (a parameterised UPDATE) is one too
        parts.append(f"{head} {verb} code this plan does not read")
    what = "; ".join(parts)
    profile = profile_for(dialect)
    if profile.family is Family.MYSQL:
        safety = (
            "the forward script stops before its first change when a name it renames is "
            "missing, but names those statements made are not renamed"
        )
    elif profile.transactional_ddl:
        safety = "a forward script that fails rolls back as one transaction"
    else:
        safety = "a forward script that fails may stop half-way"
    rebuild = ""
    if rebuilt:
        names = list(dict.fromkeys(rebuilt))
        tables = first_few([repr(t) for t in names])
        rebuild = (
            f"; SQLite {'table' if len(names) == 1 else 'tables'} {tables} "
            f"{'is' if len(names) == 1 else 'are'} rebuilt "
            "from the files' definition to rename constraints, which would drop a column, "
            "index or trigger those statements added, with its data: the scripts stop "
            "before the rebuild when the database's table differs from the files' "
            "(CHECK constraint failed: dbnamelint: table ...); add that DDL to the SQL "
            "migrations first"
        )
    return (
        f"dbnamelint: warning: {what}: names "
        "created, renamed or dropped there are not in the model; "
        f"{safety}. Compare the model with the database before running it: "
        f"dbnamelint drift --db URL{rebuild}"
    )


def _title(args: MigrateArgs) -> str:
    if args.cleanup:
        return "drop compatibility views"
    if args.phases:
        return f"rename phase {' '.join(args.phases)}"
    if args.all_targets:
        return "rename whitelist targets"
    # The file is named after what the command line renames.
    asked = (("tables", args.renames), ("columns", args.column_renames))
    kinds = [kind for kind, given in asked if given]
    return f"rename {' and '.join(kinds) or 'tables'}"


def _copies_note(copy: Copy) -> str:
    """Which copy of a schema kept for several databases this run plans."""
    again = " or ".join(f"--dialect {d}" for d in copy.others)
    files = len(copy.loaded.files)
    return (
        f"dbnamelint: note: the tree keeps this schema for several databases; planning "
        f"the {copy.dialect} copy ({files} file{'s' * (files != 1)}). Run again with "
        f"{again} for the other{'s' * (len(copy.others) > 1)}."
    )


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(path)


def _emit(text: str, output: Path | None) -> None:
    """Print, or write atomically to the file the user named (replacing it)."""
    if output is None:
        click.echo(text, nl=False)
    else:
        write_files([NewFile(output, text, "output")], overwrite=True)


__all__ = ["MigrateArgs", "Migration", "run_migrate"]


def _refuse_other_databases(full: Whitelist, mine: Whitelist, args: MigrateArgs) -> None:
    """Raise :class:`PlanError` when every entry of the phases asked for (or of
    the whole whitelist, ``--all``) belongs to other databases of the tree
    than the one planned: "no entry left" would read as a phase done."""
    if not (args.phases or args.all_targets) or len(mine.entries) == len(full.entries):
        return
    wanted = set(args.phases)

    def in_scope(entry: WhitelistEntry) -> bool:
        return args.all_targets or entry.phase in wanted

    if any(in_scope(e) for e in mine.entries):
        return
    others = sorted({e.database for e in full.entries if in_scope(e) and e.database})
    if others:
        which = "the whitelist" if args.all_targets else f"phase {', '.join(args.phases)}"
        raise PlanError(
            f"{full.path}: every entry of {which} is another database's "
            f"({', '.join(others)}): plan it with --database {others[0]}"
        )
