"""``dbnamelint check``: lint names, apply the whitelist, report, return the exit code.

Three modes share one path: a full check, the CI gate (``--base REF``: only
what changed since REF) and the pre-commit hook (``--pre-commit FILES``:
the gate against ``HEAD``, failing on what fails the gate wherever it is
located and listing the rest for the committed files, or a full check
restricted to them outside a git repository). The work is done by
:mod:`dbnamelint.services`; this module only gathers and prints.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import click
from msgspec.structs import replace

from dbnamelint.commands import verbose_text, write_report
from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode, exit_code
from dbnamelint.findings import CheckResult
from dbnamelint.frontends.sql.sources import (
    MISSING_CODE,
    NOT_READ_CODE,
    UNREADABLE_CODE,
    is_excluded_note,
    reading_staged,
)
from dbnamelint.gitutil import GitError, repository_root, resolve_commit
from dbnamelint.model import Diagnostic
from dbnamelint.planning import overdue, overdue_message
from dbnamelint.report import View, render
from dbnamelint.runner.pipeline import Loaded
from dbnamelint.services.lint import (
    NOT_IN_TREE_CODE,
    ROLLBACK_NOT_JUDGED_CODE,
    UNCHECKED_DDL_CODE,
    Evaluation,
    default_paths,
    evaluate,
    judged_note,
    missing_paths,
    needed_elsewhere_note,
    not_in_database_note,
    not_judged_note,
    other_databases_note,
    other_schemas_note,
    source_settings,
    unread_committed,
    whitelist_display,
)
from dbnamelint.textsafe import visible
from dbnamelint.whitelist import Whitelist, WhitelistEntry, load_whitelist


def _hook_base(cwd: Path) -> str | None:
    """``HEAD`` when the hook runs in a repository that has one, else None."""
    try:
        resolve_commit(repository_root(cwd), "HEAD")
    except GitError:
        return None
    return "HEAD"


def _built_php_statements(diagnostics: Sequence[Diagnostic]) -> int:
    """How many ``DBN013`` notes of ``diagnostics`` are at PHP migrations'
    statements the code completes (read through ``paths:``)."""
    return sum(
        1 for d in diagnostics if d.code == "DBN013" and d.location.path.lower().endswith(".php")
    )


def _mysql_database(db: str | None, settings: Settings, dialect: str) -> str | None:
    """The database a MySQL or MariaDB ``--db`` URL connects to, folded as
    the catalog stores names; None for other databases or none named."""
    from dbnamelint.database import resolve_url
    from dbnamelint.dialects import Family, profile_for
    from dbnamelint.frontends.live.url import parse_url

    profile = profile_for(dialect)
    if profile.family is not Family.MYSQL:
        return None
    named = parse_url(resolve_url(db, settings.database_env)).database
    return profile.fold(named, False) if named else None


def _names_missing_path(result: CheckResult) -> bool:
    """Whether the run already reports a named path that does not exist
    (DBN002) or a file it cannot read (DBN003: ``check m.go`` says "Go
    source, not SQL"; a warning "no SQL files found in m.go" would only repeat it),
    or one the config's ``exclude`` leaves out (a ``DBN015`` warning saying so)."""
    return any(
        d.code in (MISSING_CODE, UNREADABLE_CODE) or is_excluded_note(d) for d in result.diagnostics
    )


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
    base: str | None = None,
    allow_whitelist_growth: bool = False,
    view: View | None = None,
    db: str | None = None,
    schemas: Sequence[str] = (),
    database_name: str | None = None,
    fail_past_due: bool = False,
    extra: Sequence[Diagnostic] = (),
) -> ExitCode:
    """Check ``paths`` (default: the config's), print the report, return the exit code.

    ``changed_files`` is pre-commit mode; ``base`` is the CI gate. Raises
    :class:`~dbnamelint.gitutil.GitError` for an unknown ref or no repository.
    ``view`` holds the report flags (colour, quiet, statistics, frames, verbose).

    With ``db`` (a URL; ``""``: the configured variable or DATABASE_URL) the
    names checked are the database's; ``paths``, when they hold SQL files,
    only add what a catalog cannot hold (modules, rename history,
    compatibility views, suppressions). A database that cannot be read
    exits 5 (2 for a bad URL or a missing driver).

    A phase past its ``due`` date with entries left is a warning on stderr;
    with ``fail_past_due`` it fails the run (exit 1). ``extra``: diagnostics
    the caller found about the change (the pre-commit hook's own arguments
    relaxed, :mod:`dbnamelint.services.hook_args`), reported with the rest.
    """
    view = view if view is not None else View(color=color)
    tree = tuple(paths) or default_paths(settings, cwd)
    shown_whitelist = whitelist_display(settings, cwd)
    database = None
    db_whitelist: Whitelist | None = None
    unjudged: tuple[WhitelistEntry, ...] = ()
    whole = True  # the database read holds every object the files describe
    if db is not None:
        from dbnamelint.database import (
            database_with_files,
            entries_in_other_schemas,
            entries_other_copies_need,
            entries_the_database_lacks,
            load_database,
            load_files,
            other_copies_entries,
            outside_schemas,
            placeholder_entries,
            placeholder_schema,
            resolve_url,
            without_tool_tables,
        )
        from dbnamelint.frontends.live import LiveError
        from dbnamelint.services.databases import (
            DatabaseChoiceError,
            choose_database,
            in_database,
        )
        from dbnamelint.synapse_layout import runner_tables
        from dbnamelint.temporal_layout import tool_tables as temporal_tool_tables
        from dbnamelint.tool_tables import unmatched, unmatched_warning

        try:
            database = load_database(resolve_url(db, settings.database_env), schemas, database_name)
        except LiveError as exc:
            click.echo(f"dbnamelint: {exc}", err=True)
            return exc.exit_code
        missing = missing_paths(tree, settings)
        gone = {d.location.path for d in missing}
        present = tuple(p for p in tree if p.replace("\\", "/") not in gone)
        files = load_files(present, source_settings(settings))
        if files is not None:  # one of the tree's separate databases (``databases:``)
            try:
                files = choose_database(files, database_name)
            except DatabaseChoiceError as exc:
                click.echo(f"dbnamelint: {exc}", err=True)
                return ExitCode.USAGE
        read = database.schema
        # Synapse's runner tables: its runner's names, linted in no copy
        runner = runner_tables(f.path for f in files.files) if files is not None else {}
        if files is not None:
            # a tool's table a schema dump among the files copied from the
            # database is the tool's, not the files' own (trial s32 outline:
            # SequelizeMeta judged beside its pg_dump), as `check` of the dump
            # leaves it alone (tool_tables.is_dumped_tool_object)
            from dbnamelint.go_list_sql import is_runner_object
            from dbnamelint.model import ObjectKind
            from dbnamelint.tool_tables import dumped_tool

            runner = {
                # SQLite's own sqlite_sequence in a .schema copy too (confirmation s42)
                **{
                    t.name: owner
                    for t in files.schema.of_kind(ObjectKind.TABLE)
                    if (owner := dumped_tool(t)) is not None
                },
                # a Go migration list's runner's version table (miniflux's
                # schema_version): file `check` leaves it alone, so does
                # `check --db` (trial s33: DBN105 on it, CI failing after adoption)
                **{
                    t.name: "the Go migration list's runner"
                    for t in files.schema.of_kind(ObjectKind.TABLE)
                    if is_runner_object(t)
                },
                **runner,
            }
        # temporal-sql-tool's version tables, in a tree of its schema folders
        tool = temporal_tool_tables(f.path for f in files.files) if files is not None else {}
        if files is not None:  # db-migrate's and Laravel's bare `migrations`
            from dbnamelint.code_migrations import runner_table_of

            tool = {**runner_table_of((f.path for f in files.files), cwd), **tool}
        from dbnamelint.liquibase_tables import configured_tables

        # Liquibase's tracking tables under the names the project configures (OpenMRS)
        runner = {**configured_tables(cwd), **runner}
        database, left_out = without_tool_tables(
            database, files, settings.database_ignore, tools=tool, always=runner
        )
        if left_out.tables:
            click.echo(f"dbnamelint: note: {left_out.note()}", err=True)
        sides = (read,) if files is None else (read, files.schema)
        warning = unmatched_warning(
            unmatched(settings.database_ignore, *sides),
            "in the database" if files is None else "in the database or the files",
        )
        if warning is not None:
            click.echo(f"dbnamelint: warning: {warning}", err=True)
        database = database_with_files(database, files, schemas)
        # As drift: objects the files qualify with a template placeholder are
        # the one --schema's; with them in place, a read of the schemas that
        # hold every object of the files is the whole of what they describe.
        if files is not None:
            placed, note = placeholder_schema(files.schema, schemas)
            if note is not None:
                click.echo(f"dbnamelint: note: {note}", err=True)
            whole = not schemas or not outside_schemas(placed, schemas)
        else:
            whole = not schemas
        notes: tuple[Diagnostic, ...] = ()
        if use_whitelist:
            db_whitelist = load_whitelist(
                settings.whitelist_path,
                display=shown_whitelist,
                known_rules=settings.registry,
                known_databases=settings.database_names,
            )
            if files is not None:
                db_whitelist = placeholder_entries(db_whitelist, files.schema, schemas)
                db_whitelist = in_database(db_whitelist, files)
            dialect = database.files[0].dialect
            unjudged = other_copies_entries(db_whitelist, files, dialect)
            if unjudged:
                notes = (not_judged_note(shown_whitelist, len(unjudged), dialect),)
            if files is not None and len({f.dialect for f in files.files}) > 1:
                # an entry both copies share may still excuse the other copy's finding
                from dbnamelint.rules.engine import run_rules

                found = run_rules(files.schema, settings.rules, settings.rule_context(files.schema))
                needed = entries_other_copies_need(db_whitelist, files, dialect, found)
                if needed:
                    unjudged += needed
                    notes += (needed_elsewhere_note(shown_whitelist, len(needed), dialect),)
            seen = {id(e) for e in unjudged}
            lacked = [
                e
                for e in entries_the_database_lacks(db_whitelist, files, database.schema, dialect)
                if id(e) not in seen
            ]
            if lacked:
                # the files hold it, this database not: another database of the tree
                unjudged += tuple(lacked)
                notes += (not_in_database_note(shown_whitelist, len(lacked), dialect),)
            elsewhere = entries_in_other_schemas(db_whitelist, schemas, dialect)
            if schemas and whole and elsewhere:
                unjudged += elsewhere
                notes += (other_schemas_note(shown_whitelist, len(elsewhere), schemas),)
            connected = _mysql_database(db, settings, dialect) if not schemas else None
            if connected is not None:
                # MySQL: `USE keycloak` in the files names another database than the
                # connection's (trial s24 photoprism: 774 entries called stale)
                other = entries_in_other_schemas(db_whitelist, (connected,), dialect)
                if other:
                    unjudged += other
                    notes += (other_databases_note(shown_whitelist, len(other), connected),)
        database = replace(database, diagnostics=(*database.diagnostics, *missing, *notes))
    shown = shown_whitelist
    gate_ref = base
    if gate_ref is None and changed_files is not None and use_whitelist:
        gate_ref = _hook_base(cwd)
    evaluation: Evaluation
    result: CheckResult
    committed = None  # the pre-commit run reads the tree as the commit records it
    if changed_files is not None and db is None:
        from dbnamelint.services.gate import commit_view

        committed = commit_view(settings, tree, cwd, changed_files)
    reading = (
        reading_staged(committed.skip, committed.contents)
        if committed is not None
        else nullcontext()
    )
    with reading:
        evaluation, result = _evaluate(
            settings,
            paths,
            tree,
            cwd=cwd,
            gate_ref=gate_ref,
            allow_whitelist_growth=allow_whitelist_growth,
            pre_commit=changed_files is not None,
            db_whitelist=db_whitelist,
            use_whitelist=use_whitelist,
            database=database,
            whole=whole,
            unjudged=unjudged,
            schemas=schemas,
        )
    if paths and db is None and changed_files is None:
        from dbnamelint.services.code_schema import named_code_folders

        # A folder named that holds only code with DDL: DBN003, as its files named are.
        code_only = named_code_folders(
            paths, cwd, settings.dialect, (f.path for f in evaluation.loaded.files)
        )
        if code_only:
            result = replace(result, diagnostics=(*result.diagnostics, *code_only))
    if view.verbose:
        wl = shown if use_whitelist else None
        if wl is not None and not settings.whitelist_path.exists():
            wl += " (does not exist yet: nothing is excused; `whitelist init` writes it)"
        click.echo(verbose_text(settings, tree, evaluation, wl), err=True, nl=False)
    if result.files_checked == 0 and not _names_missing_path(result):
        from dbnamelint.services.code_schema import code_ddl_hint

        listed = db is None and changed_files is None
        hint = code_ddl_hint(settings.dialect, tree, cwd) if listed else ""
        click.echo(
            f"dbnamelint: warning: no SQL files found in {visible(', '.join(tree))}{hint}",
            err=True,
        )
    elif result.objects_checked == 0 and db is None and changed_files is None:
        # SQL that makes nothing (gogs' CREATE DATABASE script) beside a schema
        # the code keeps: say where, as for no SQL file (trial s38 gogs)
        from dbnamelint.services.code_schema import code_ddl_hint

        built = _built_php_statements(result.diagnostics)
        hint = "" if built else code_ddl_hint(settings.dialect, [os.curdir], settings.root)
        if built:
            # Doctrine migrations read, every name computed by the code (wallabag's
            # $this->getTable('entry')): not "no DDL read" (trial s39)
            click.echo(
                f"dbnamelint: warning: the migrations in {visible(', '.join(tree))} make no "
                f"name dbnamelint can read: {built} statement{'s' * (built != 1)} the code "
                "completes when it runs (DBN013: a name from a helper such as "
                "$this->getTable('entry'), a variable or a constant), so nothing is in the "
                "model and `whitelist init` records nothing; check a database they built "
                "(`dbnamelint check --db URL`) for today's names; the gate (`check --base`, "
                "the hook) still refuses each such statement a change adds",
                err=True,
            )
        elif hint:
            click.echo(
                f"dbnamelint: warning: the SQL files in {visible(', '.join(tree))} make no "
                f"table, view or index{hint}",
                err=True,
            )
    # Imported where used: git history and the gate are a tenth of a
    # one-file check's start-up, and most runs need neither.
    if fmt == "markdown":  # the pull-request summary shows each phase's progress
        from dbnamelint.services.history import phases_with_history

        result = phases_with_history(settings, cwd, evaluation, result)
    if changed_files is not None:
        from dbnamelint.services.gate import (
            note_unread_files,
            restrict_to_files,
            staged_changes,
            unchanged_since,
            with_notes,
        )

        # Against HEAD, a finding in files the commit left alone was made by
        # another part of it: a deletion or rename pre-commit passes no name for.
        unchanged = unchanged_since(cwd, gate_ref) if gate_ref is not None else None
        if gate_ref is not None:  # every staged file, whatever the hook's files: passed
            changed_files = staged_changes(cwd, gate_ref, changed_files)
        result = restrict_to_files(evaluation, result, changed_files, shown, unchanged)
        result = note_unread_files(evaluation, result, changed_files, cwd)
        if committed is not None:
            result = with_notes(result, committed.notes, settings, cwd)
        # A committed file that does not exist is a usage error, as a mistyped path is;
        # a committed SQL file the run did not read is said, never passed in silence.
        typos = missing_paths(changed_files, settings)
        # (a folder of the config's `databases:` the run reported already is said once)
        result = replace(result, diagnostics=tuple(dict.fromkeys((*typos, *result.diagnostics))))
        said = {d.location.path for d in result.diagnostics if judged_note(d)}
        unread = tuple(
            d
            for d in unread_committed(changed_files, evaluation.loaded, settings, tree)
            if d.location.path not in said  # the gate's note says more
        )
        result = _one_word_per_file(with_notes(result, unread, settings, cwd))
    if result.stale_whitelist and db is None and use_whitelist:
        # against the base a --base run judges the change from (else HEAD)
        since = base if base is not None else "HEAD"
        result = _kept_while_history_edited(result, evaluation, cwd, settings, tree, since)
    if extra:
        result = replace(result, diagnostics=(*result.diagnostics, *extra))
    text = render(
        result, fmt, show_whitelisted=show_whitelisted, whitelist_path=shown, view=view, cwd=cwd
    )
    write_report(text, output)
    code = exit_code(result)
    late = overdue(evaluation.whitelist, date.today()) if use_whitelist else []
    for phase, left in late:
        level = "error" if fail_past_due else "warning"
        click.echo(f"dbnamelint: {level}: {shown}: {overdue_message(phase, left)}", err=True)
    if late and fail_past_due and code is ExitCode.OK:
        return ExitCode.FINDINGS
    return code


def _kept_while_history_edited(
    result: CheckResult,
    evaluation: Evaluation,
    cwd: Path,
    settings: Settings,
    tree: Sequence[str],
    ref: str,
) -> CheckResult:
    """``result`` with each stale entry's advice as ``whitelist prune`` acts
    while the working tree edits or deletes applied migrations since ``ref``
    (``HEAD``, or the base of ``check --base``:
    :func:`~dbnamelint.services.history_edits.history_edited`): the entry is
    kept, not deleted, since the databases that ran them still hold the name
    (second confirmation s33: ``check`` said "delete this entry" where
    ``prune`` kept it; ``check --base`` said it beside the gate's own
    ``DBN025`` for the deletion)."""
    from dbnamelint.services.history_edits import history_edited

    edits = history_edited(evaluation, cwd, settings, tree, ref)
    if not edits:
        return result
    first = edits[0].location
    more = f" and {len(edits) - 1} more" if len(edits) > 1 else ""
    why = (
        f"stale only because the working tree edits or deletes applied migrations since "
        f"{ref} (DBN025 at {first.path}:{first.line}{more}): the databases that ran them keep "
        f"the name, so keep this entry; restore them (`dbnamelint check --base {ref}` lists "
        "those the gate refuses), then `dbnamelint whitelist prune`"
    )
    kept = tuple(replace(e, reason=why) for e in result.stale_whitelist)
    return replace(result, stale_whitelist=kept)


def _evaluate(
    settings: Settings,
    paths: Sequence[str],
    tree: Sequence[str],
    *,
    cwd: Path,
    gate_ref: str | None,
    allow_whitelist_growth: bool,
    pre_commit: bool,
    db_whitelist: Whitelist | None,
    use_whitelist: bool,
    database: Loaded | None,
    whole: bool,
    unjudged: tuple[WhitelistEntry, ...],
    schemas: Sequence[str],
) -> tuple[Evaluation, CheckResult]:
    """The gate against ``gate_ref``, else a plain evaluation of ``tree``."""
    if gate_ref is not None:
        from dbnamelint.services.gate import evaluate_gate

        return evaluate_gate(
            settings,
            paths,
            cwd=cwd,
            base=gate_ref,
            allow_whitelist_growth=allow_whitelist_growth,
            pre_commit=pre_commit,
        )
    evaluation = evaluate(
        settings,
        tree,
        cwd,
        whitelist=db_whitelist,
        use_whitelist=use_whitelist,
        loaded=database,
        complete=None if database is None else whole,
        unjudged=unjudged,
        partial=(
            f"--schema {', '.join(schemas)} read only part of the database "
            "(run without --schema to judge them)"
            if database is not None and not whole
            else None
        ),
    )
    return evaluation, evaluation.result


def _one_word_per_file(result: CheckResult) -> CheckResult:
    """Drop the ``DBN015`` note of a committed file that has a ``DBN008``
    note (listed or hidden), and both of a file the gate refuses as holding
    new DDL (``DBN032``) or notes as a rollback making new names (``DBN033``):
    each says it was not read, the later one with the reason."""
    said = (*result.diagnostics, *result.hidden_diagnostics)
    refused = {
        d.location.path for d in said if d.code in (UNCHECKED_DDL_CODE, ROLLBACK_NOT_JUDGED_CODE)
    }
    warned = {d.location.path for d in said if d.code == NOT_IN_TREE_CODE} | refused
    if not warned:
        return result

    def keep(d: Diagnostic) -> bool:
        if d.code == NOT_IN_TREE_CODE:
            return d.location.path not in refused
        return not (d.code == NOT_READ_CODE and d.location.path in warned)

    return replace(
        result,
        diagnostics=tuple(filter(keep, result.diagnostics)),
        hidden_diagnostics=tuple(filter(keep, result.hidden_diagnostics)),
    )
