"""A check run from settings to result: schema -> findings -> filters.

This is the second half of the pipeline (the first is
:mod:`dbnamelint.runner.pipeline`): rules produce findings, then per-path ignores,
inline suppressions and the whitelist decide which of them fail the run.
Commands (check, whitelist, hook mode, the CI gate) all go through
:func:`evaluate` so they can never disagree about what a finding is.

Whitelist entries are judged stale only when the run read the whole
configured tree: an object in a file that was not read is not gone.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Literal

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.code_embeds import embedding_sites
from dbnamelint.config import Settings, drop_per_path_ignored
from dbnamelint.core.diagnostics import DiagnosticSelection
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.diagnostic_filter import filter_diagnostics
from dbnamelint.findings import CheckResult, Finding
from dbnamelint.frontends.sql.client_include import included_file
from dbnamelint.frontends.sql.database_paths import LISTED_TWICE_CODE, unmatched
from dbnamelint.frontends.sql.sources import (
    GO_LIST_UNNAMED,
    LIQUIBASE_UNINCLUDED,
    MISSING_CODE,
    ROLLBACK_DIRS,
    SQITCH_ASIDE,
    PathOverride,
    RealPaths,
    SourcePlan,
    SourceSettings,
    discover,
    discover_real_paths,
    is_down_migration,
    is_sqitch_revert_or_verify,
)
from dbnamelint.impact.languages import family
from dbnamelint.migration_text import NOT_REPLAYED_CODE
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.renamed_paths import with_rename_hints
from dbnamelint.rules.engine import run_rules
from dbnamelint.runner.pipeline import Loaded, load_paths
from dbnamelint.services.rollback_of import (
    forward_of_rollback,
    rollback_beside_its_migration,
    undoes_a_read_migration,
    upgrade_of_rollback,
)
from dbnamelint.services.targets import bad_targets
from dbnamelint.suppressions import apply_suppressions
from dbnamelint.whitelist import (
    Whitelist,
    WhitelistEntry,
    apply_whitelist,
    excusing_rules_off,
    load_whitelist,
    phase_progress,
)

#: Whitelist staleness was not judged: only part of the configured tree was read.
PARTIAL_TREE_CODE = "DBN906"
#: A committed SQL file the hook did not read (core.diagnostics documents it).
NOT_IN_TREE_CODE = "DBN008"
#: New DDL in a SQL file the gate does not read (:mod:`.unchecked_ddl`).
UNCHECKED_DDL_CODE = "DBN032"
#: A rollback the change adds or edits that makes a name no forward file made
#: (:mod:`.unjudged_rollbacks`).
ROLLBACK_NOT_JUDGED_CODE = "DBN033"
#: Whitelist entries that excuse only rules the config does not run.
RULE_OFF_CODE = "DBN911"
#: A whitelist phase marked ``status: done`` that still has entries.
DONE_PHASE_CODE = "DBN912"
#: The paths of the run or the config name the wrong files (exit 2; nothing judged).
CONFIG_PATH_CODES = frozenset({MISSING_CODE, LISTED_TWICE_CODE})


class Evaluation(Struct, frozen=True):
    """One run's inputs and outputs, for commands that need more than the result."""

    settings: Settings
    loaded: Loaded
    whitelist: Whitelist
    raw_findings: tuple[Finding, ...]  # before suppressions and whitelist
    result: CheckResult
    #: Errors an inline directive silences where a diagnostic is matched by
    #: position alone (``DBN029``): the gate judges each new one (``DBN908``).
    silenced: tuple[Diagnostic, ...] = ()


def source_settings(settings: Settings) -> SourceSettings:
    """The sources layer's view of the configuration."""
    overrides = tuple(
        PathOverride(pattern, item.dialect, item.module, item.search_path, item.database, written)
        for item in settings.per_path
        if item.dialect or item.module or item.search_path is not None or item.database
        for pattern, written in zip(
            item.paths, item.written or (None,) * len(item.paths), strict=True
        )
    )
    return SourceSettings(
        root=settings.root,
        dialect=settings.dialect,
        overrides=overrides,
        module_pattern=settings.module_pattern,
        exclude=settings.exclude,
        include_down=settings.include_down,
        search_path=settings.search_path,
        flyway_locations=settings.flyway_locations,
    )


def rule_labels(rules: Sequence[str], settings: Settings) -> str:
    """``DBN105 (table-name-singular)`` for each rule as an entry writes it (code or name)."""
    by_name = {cls.name: code for code, cls in settings.registry.items()}
    labels = []
    for rule in rules:
        code = rule.upper() if rule.upper() in settings.registry else by_name.get(rule.lower())
        cls = settings.registry.get(code) if code else None
        labels.append(f"{code} ({cls.name})" if cls is not None else rule)
    return ", ".join(labels)


def rules_off_notes(whitelist: Whitelist, settings: Settings) -> list[Diagnostic]:
    """``DBN911`` per group of whitelist entries that excuse only rules the
    config does not run (see :func:`dbnamelint.whitelist.excusing_rules_off`),
    on the first entry's line: the relaxation is said in the run that lands it."""
    out = []
    for rules, entries in excusing_rules_off(whitelist, settings.active_rules).items():
        many = len(entries) != 1
        names = ", ".join(e.name for e in entries[:3]) + (
            f" and {len(entries) - 3} more" if len(entries) > 3 else ""
        )
        out.append(
            Diagnostic(
                entries[0].location,
                Severity.WARNING,
                f"{len(entries)} whitelist entr{'ies excuse' if many else 'y excuses'} only "
                f"{rule_labels(rules, settings)}, which the config does not run ({names}): "
                f"{'they excuse' if many else 'it excuses'} nothing now, and burndown still "
                f"counts {'them' if many else 'it'} as left; delete "
                f"{'them' if many else 'it'} if the rule is off for good, or turn it back on",
                RULE_OFF_CODE,
            )
        )
    return out


def done_phase_notes(whitelist: Whitelist) -> list[Diagnostic]:
    """``DBN912`` per phase marked ``status: done`` that still has entries, on
    its ``status:`` line, naming how many and the first few (``path:line kind
    name``)."""
    out = []
    for phase in whitelist.phases:
        if phase.status != "done":
            continue
        left = [e for e in whitelist.entries if e.phase == phase.id]
        if not left:
            continue
        where = whitelist.phase_location(phase.id)
        shown = ", ".join(
            f"{e.location.path}:{e.location.line} {e.kind.value} {e.name}" for e in left[:3]
        ) + (f" and {len(left) - 3} more" if len(left) > 3 else "")
        many = len(left) != 1
        out.append(
            Diagnostic(
                where,
                Severity.WARNING,
                f"phase {phase.id} is marked status: done, but {len(left)} whitelist "
                f"entr{'ies of it are' if many else 'y of it is'} left ({shown}): rename "
                f"{'them' if many else 'it'} (migrate --phase {phase.id}, then whitelist "
                "prune), or set the phase's status back to open or in-progress",
                DONE_PHASE_CODE,
            )
        )
    return out


def not_judged_note(whitelist: str, entries: int, dialect: str) -> Diagnostic:
    """``DBN906`` for a live database that cannot judge other copies' entries."""
    return Diagnostic(
        Location(whitelist, 1, 1),
        Severity.WARNING,
        f"{entries} whitelist entr{'y names objects' if entries == 1 else 'ies name objects'} "
        f"the files hold only for other databases than this {dialect} one: not checked for "
        "staleness (check the files without --db to judge them)",
        PARTIAL_TREE_CODE,
    )


def needed_elsewhere_note(whitelist: str, entries: int, dialect: str) -> Diagnostic:
    """``DBN906`` for entries that no longer break a rule on this database but
    still excuse a finding on another copy the files keep
    (:func:`dbnamelint.database.entries_other_copies_need`)."""
    return Diagnostic(
        Location(whitelist, 1, 1),
        Severity.WARNING,
        f"{entries} whitelist entr{'y excuses' if entries == 1 else 'ies excuse'} a finding "
        f"of another database's copy in the files, not of this {dialect} one: not called "
        "stale here (check the files without --db to judge them)",
        PARTIAL_TREE_CODE,
    )


def not_in_database_note(whitelist: str, entries: int, dialect: str) -> Diagnostic:
    """``DBN906`` for entries of objects of a folder of the files none of whose
    tables the database read holds (:func:`dbnamelint.database.entries_the_database_lacks`)."""
    return Diagnostic(
        Location(whitelist, 1, 1),
        Severity.WARNING,
        f"{entries} whitelist entr{'y names an object' if entries == 1 else 'ies name objects'} "
        f"of another database than this {dialect} one (the files hold them in folders none of "
        "whose tables it holds): not checked for staleness (check the files without --db, "
        "or --db on that database, to judge them; `databases:` in the config names each)",
        PARTIAL_TREE_CODE,
    )


def other_schemas_note(whitelist: str, entries: int, schemas: Sequence[str]) -> Diagnostic:
    """``DBN906`` for entries qualified with a schema a ``--schema`` read left out."""
    return Diagnostic(
        Location(whitelist, 1, 1),
        Severity.WARNING,
        f"{entries} whitelist entr{'y names' if entries == 1 else 'ies name'} a schema "
        f"--schema {', '.join(schemas)} did not read: not checked for staleness (run "
        "without --schema to judge them)",
        PARTIAL_TREE_CODE,
    )


def other_databases_note(whitelist: str, entries: int, connected: str) -> Diagnostic:
    """``DBN906`` for MySQL entries qualified with a database other than the
    one ``--db`` connects to: that read cannot say whether their objects are gone."""
    return Diagnostic(
        Location(whitelist, 1, 1),
        Severity.WARNING,
        f"{entries} whitelist entr{'y names an object' if entries == 1 else 'ies name objects'} "
        f"of another MySQL database than {connected} (the files' `USE db`): not checked for "
        "staleness (check the files without --db, or --db with that database, to judge them)",
        PARTIAL_TREE_CODE,
    )


class UnreadFile(Struct, frozen=True):
    """A SQL file a run was given (or a change holds) and did not read, and why.

    ``why`` is the ``DBN008`` note's reason and advice; ``place`` says which
    case it is, for a caller that words its own advice (the gate's
    ``DBN032``): ``outside`` the configured paths, ``excluded`` by the
    config's ``exclude``, or in a ``rollback`` folder without being the
    rollback of a migration the run read (those are ``INFO``).
    """

    name: str
    severity: Severity
    why: str
    place: Literal["outside", "excluded", "rollback", "included", "never-run"]
    #: Why it is not read, without advice (``outside``: which paths it is not under).
    reason: str = ""
    #: The rollback folder's name (``rollbacks``) when the file is in one.
    folder: str = ""
    #: In a rollback folder, with the name or leading version of a migration the
    #: run read beside it (of several, so not told which: still a warning).
    undoes: bool = False


def unread_sql_files(
    files: Sequence[str],
    loaded: Loaded,
    settings: Settings,
    tree: Sequence[str],
    *,
    named: bool = False,
) -> list[UnreadFile]:
    """Each of ``files`` that a walk would take for SQL but the run did not
    read: outside the configured ``tree``, in a ``rollbacks/`` folder (walks
    leave those out), or left out by the config's ``exclude``. ``named``:
    ``tree`` is the paths named on the command line, not the config's.

    A warning, except for the rollback of a migration the run read, in the
    rollback folder ``migrate`` writes it to: that one is expected not to be
    read (every phase commit has one), so it is an info note.

    Files the run read, files with a note of their own (a Synapse delta not
    replayed, DBN007), non-SQL names (the YAML the hook also receives) and
    missing files (DBN002 says so) are left out.
    """
    plan = SourcePlan.build(source_settings(settings))
    read = {os.path.realpath(f.path): f.path for f in (*loaded.files, *loaded.history)}
    # a file a client include of a read file names is read there (client_follow)
    read.update((os.path.realpath(f.path), f.path) for _, f in loaded.included)
    noted = {os.path.realpath(d.location.path) for d in loaded.diagnostics}
    # sqitch never runs a file outside deploy/ (a seed run by hand, the app's
    # queries): its DBN007 note says so, but DDL a change adds there is judged
    # (trial s29 closing confirmation: a new seed's table passed in silence)
    aside = {
        os.path.realpath(d.location.path)
        for d in loaded.diagnostics
        if d.code == NOT_REPLAYED_CODE and d.message.startswith(SQITCH_ASIDE)
    }
    # Likewise a Liquibase changelog no changelog includes: the application may
    # run it by name (OpenMRS picks `liquibase-update-to-latest-<version>.xml` in
    # Java), so DDL a change adds to it is judged (trial s33 openmrs: a new bad
    # table in the newest update file passed the hook with the DBN007 note only)
    unincluded = {
        os.path.realpath(d.location.path)
        for d in loaded.diagnostics
        if d.code == NOT_REPLAYED_CODE and d.message.startswith(LIQUIBASE_UNINCLUDED)
    }
    aside |= unincluded
    # A file of a folder a Go migration list's file steps run (shiori's
    # newFileMigration) that no step names: its runner never runs it
    unlisted = {
        os.path.realpath(d.location.path): d.message
        for d in loaded.diagnostics
        if d.code == NOT_REPLAYED_CODE and d.message.startswith(GO_LIST_UNNAMED)
    }
    aside |= set(unlisted)
    # A file a client include of a read file names (\\ir x.sql.inc) is run by it
    # whatever its name, and dbnamelint does not follow the include: SQL here.
    included: dict[str, str] = {}
    for d in loaded.diagnostics:
        if (shown := included_file(d)) is not None:
            included.setdefault(os.path.realpath(shown), f"{d.location.path}:{d.location.line}")
    checked = "paths named on the command line" if named else "configured paths"
    embedded = _embedded(files, plan, read)
    out = []
    for name in files:
        path = Path(name)
        real = os.path.realpath(path)
        rollback_dir = next((d for d in path.parent.parts if d.lower() in ROLLBACK_DIRS), None)
        # A rollback's name (``x.down.sql``, ``x-rollback.sql``) is no SQL a walk
        # takes, but in a rollback folder it gets the folder's note as any name does.
        wanted = plan.wants_file(path.absolute()) or (
            rollback_dir is not None and is_down_migration(path.name)
        )
        includer = included.get(real)
        embedder = embedded.get(name) if includer is None else None
        wanted = wanted or includer is not None or embedder is not None
        if real in read or (
            real in noted and includer is None and embedder is None and real not in aside
        ):
            continue
        if not wanted and real not in aside:
            continue
        if not path.is_file():
            continue
        if real not in unlisted and path.suffix.lower() == ".sql":
            # outside the paths, in a folder a Go list's file steps run
            unlisted_by = _go_list_unnamed(path, settings.root)
            if unlisted_by:
                unlisted[real] = unlisted_by
        if is_sqitch_revert_or_verify(path) and not settings.include_down:
            continue  # sqitch's revert/verify scripts: never replayed, by design (README)
        severity = Severity.WARNING
        reason = ""
        place: Literal["outside", "excluded", "rollback", "included", "never-run"] = "outside"
        if plan.is_excluded(path.absolute()):
            why = "the config's `exclude` leaves it out"
            place = "excluded"
        elif real in unlisted:
            # its note's reason and advice (sources._go_list_not_run)
            why = (
                unlisted[real]
                .removeprefix("not replayed: ")
                .replace(", or name the file on the command line to read it anyway", "")
            )
            place = "never-run"
        elif real in unincluded:
            why = (
                "no Liquibase changelog includes it (an application or a `--changelog-file` "
                "may still run it by name)"
            )
            place = "never-run"
        elif real in aside:
            why = "sqitch never runs it (it is outside deploy/: no change of sqitch.plan)"
            place = "never-run"
        elif embedder is not None:
            place = "included"
            reason = (
                f"the code at {embedder} embeds it into the program, which may run it as SQL, "
                "and a walk does not take its name for SQL"
            )
            why = f"{reason}; name it in `paths` to check it with the schema"
        elif includer is not None:
            place = "included"
            reason = (
                f"its client runs it where {includer} includes it (`\\i`, `source`, `.read`), "
                "and dbnamelint did not follow that include and does not walk its name"
            )
            why = f"{reason}; name it in `paths` to check it with the schema"
        elif rollback_dir is not None and not settings.include_down:
            place = "rollback"
            forward = forward_of_rollback(Path(real), read)
            upgrade = upgrade_of_rollback(Path(real)) if forward is None else None
            if upgrade is not None:
                severity = Severity.INFO
                why = (
                    f"it is the rollback of the upgrade script {upgrade.name} of "
                    f"{upgrade.parent.name}/ beside it (as `migrate` writes it for a full "
                    "schema with upgrade scripts below it), which a walk leaves out (a "
                    "rollback is never replayed)"
                )
            elif forward is not None:
                severity = Severity.INFO
                same = "" if forward.by_version is None else f" (its version, {forward.by_version})"
                why = (
                    f"it is the rollback of {forward.shown}{same}, in the rollback folder beside "
                    "its migrations, which a walk leaves out (a rollback is never replayed)"
                )
            else:
                why = (
                    f"it is in a rollback folder (`{rollback_dir}/`), which a walk leaves out "
                    "(a rollback is never replayed), and no migration the run read beside it "
                    "has its file name or its leading version (the rollback of `002-x.sql` "
                    f"is `{rollback_dir}/002-x.sql`, or any name there starting `002`): if it "
                    "is a migration, move it out of the folder"
                )
            why += "; `include_down_migrations: true` in the config reads rollbacks"
        elif rollback_dir is not None:  # include_down_migrations reads rollbacks under `paths`
            reason = (
                f"it is a rollback (in `{rollback_dir}/`) but not under the {checked} "
                f"({', '.join(tree)})"
            )
            why = (
                f"{reason}, and `include_down_migrations` reads the rollbacks under "
                "them only; add its folder to `paths` to check it with the schema"
            )
        else:
            reason = f"it is not under the {checked} ({', '.join(tree)})"
            add = "name its folder there too" if named else "add its folder to `paths`"
            why = (
                f"{reason}; {add} to check it with the schema, or add it to the config's "
                "`exclude` to say it is not schema"
                if named
                else f"{reason}; {add} to check it with the schema, or to `exclude` to say it "
                "is not schema"
            )
        undoes = rollback_dir is not None and (
            undoes_a_read_migration(Path(real), read) or upgrade_of_rollback(Path(real)) is not None
        )
        out.append(UnreadFile(name, severity, why, place, reason, rollback_dir or "", undoes))
    return out


def _go_list_unnamed(path: Path, root: Path) -> str:
    """The ``DBN007`` message of ``path`` when a Go migration list's file
    steps run its folder and none names it (``""`` when not)."""
    from dbnamelint.go_list_files import folder_lists, step_advice

    found = folder_lists(str(path.absolute().parent), str(root))
    if found is None or os.path.realpath(path) in found.named:
        return ""
    go = found.lists[0][0]
    shown = os.path.relpath(go).replace(os.sep, "/")
    return (
        f"{GO_LIST_UNNAMED} {shown} names it, and its runner runs the files its steps "
        "name, in the list's order, not the folder's files: this file never runs; "
        f"{step_advice(go, str(path.absolute()), str(root))} to have it run"
    )


#: DDL's opening words: a changed file without them is never looked up as
#: embedded (a Markdown page saying "create a table" is not; the scan of a
#: crate's or module's code is paid only for a likely SQL file).
_DDL_WORD = lazy_compile(
    rb"(?i)\b(?:create|alter|drop)\s+(?:or\s+replace\s+)?(?:unique\s+)?(?:temp\w*\s+)?"
    rb"(?:table|index|view|sequence|type|schema|trigger|function|procedure|domain"
    rb"|materialized|extension|policy)\b"
)


def _embedded(files: Sequence[str], plan: SourcePlan, read: Mapping[str, str]) -> dict[str, str]:
    """Each of ``files`` no walk takes for SQL that code embeds into the program
    (Rust ``include_str!``, Go ``//go:embed``: :mod:`dbnamelint.code_embeds`)
    and that holds a DDL word -> where the code embeds it."""
    candidates: dict[Path, str] = {}
    for name in files:
        path = Path(name).absolute()
        if family(name) not in (None, "prose", "sql") or os.path.realpath(path) in read:
            continue  # code: its DDL strings are the code gate's
        if plan.wants_file(path) or rollback_beside_its_migration(path, read):
            continue  # a rollback of a read migration: DBN033 judges what it makes
        try:
            if path.stat().st_size > _EMBED_MAX or not _DDL_WORD.search(path.read_bytes()):
                continue
        except OSError:
            continue
        candidates[path] = name
    if not candidates:
        return {}
    sites = embedding_sites(candidates)
    return {candidates[p]: site for p, site in sites.items()}


#: Larger files are no SQL a program embeds to run (and not worth reading here).
_EMBED_MAX = 4_000_000


#: How a ``DBN008`` note ends where the gate judges the file's new names.
JUDGED_ALL_THE_SAME = (
    "the names its new statements make are judged all the same (the findings on this file)"
)


def unread_note(unread: UnreadFile, *, judged: bool = False) -> Diagnostic:
    """The ``DBN008`` note of ``unread`` (:func:`unread_sql_files`); ``judged``:
    the gate judges the names its new statements make all the same (a file
    the config excludes by a reviewed choice), which the note says, so it
    does not read as contradicting the findings on the file (trial s28
    kestra's excluded H2 copy)."""
    if judged:
        said = f"committed SQL file not read into the schema: {unread.why}; {JUDGED_ALL_THE_SAME}"
    else:
        said = (
            f"committed SQL file not checked: {unread.why} (`dbnamelint check {unread.name}` "
            "checks it alone)"
        )
    return Diagnostic(Location(unread.name, 1, 1), unread.severity, said, NOT_IN_TREE_CODE)


def unread_committed(
    files: Sequence[str], loaded: Loaded, settings: Settings, tree: Sequence[str]
) -> tuple[Diagnostic, ...]:
    """``DBN008`` for each of ``files`` (pre-commit's file names) that a walk
    would take for SQL but the run did not read (:func:`unread_sql_files`).
    The caller selects and hides the notes as every diagnostic's (``--ignore
    DBN008``, ``--verbose``)."""
    return tuple(unread_note(u) for u in unread_sql_files(files, loaded, settings, tree))


def judged_note(d: Diagnostic) -> bool:
    """Whether ``d`` is the ``DBN008`` note of a file whose new names the gate judged."""
    return d.code == NOT_IN_TREE_CODE and d.message.endswith(JUDGED_ALL_THE_SAME)


def default_paths(settings: Settings, cwd: Path) -> tuple[str, ...]:
    """Paths to read when the command line names none: the config's, else the root."""
    if settings.paths:
        out = []
        for p in settings.paths:
            absolute = (settings.root / p).resolve()
            try:
                out.append(absolute.relative_to(cwd.resolve()).as_posix() or ".")
            except ValueError:
                out.append(str(absolute))
        return tuple(out)
    try:
        return (settings.root.resolve().relative_to(cwd.resolve()).as_posix() or ".",)
    except ValueError:
        return (str(settings.root),)


def default_path_links(settings: Settings) -> tuple[tuple[str, str], ...]:
    """``(path as configured, path it resolves to)`` for each path
    :func:`default_paths` resolves, both absolute: a run cache checks that a
    symbolic link among them still points where it did."""
    configured = [settings.root / p for p in settings.paths] or [settings.root]
    return tuple((os.path.normpath(p.absolute()), str(p.resolve())) for p in configured)


def missing_paths(paths: Sequence[str], settings: Settings) -> tuple[Diagnostic, ...]:
    """One ``DBN002`` error per path in ``paths`` that names nothing.

    A path that does not exist, or a glob matching no file, relative to the
    current directory as :func:`~dbnamelint.frontends.sql.sources.discover` reads it. For
    commands that must refuse to run on a mistyped path before doing any
    work (exit 2); a folder holding no SQL file is not missing.
    """
    # Existing paths are not walked: only what may be missing is discovered.
    unsure = [p for p in paths if not Path(p).exists()]
    _files, problems = discover(unsure, source_settings(settings)) if unsure else ((), ())
    # A database's folder is the config's, whichever paths the run reads (discover
    # said it already when it ran: once is enough).
    typos = () if unsure else database_typos(settings)
    found = with_rename_hints(problems, MISSING_CODE) if problems else ()
    return tuple(dict.fromkeys(d for d in (*found, *typos) if d.code == MISSING_CODE))


def database_typos(settings: Settings) -> tuple[Diagnostic, ...]:
    """``DBN002`` at each folder or glob of the config's ``databases:`` (and
    ``per_path`` ``database:`` items) that names nothing."""
    written = [
        (item.database, where)
        for item in settings.per_path
        if item.database is not None
        for where in item.written
    ]
    return tuple(unmatched(written, settings.root)) if written else ()


def whitelist_display(settings: Settings, cwd: Path) -> str:
    """The whitelist path as the user should see it in messages."""
    try:
        return settings.whitelist_path.resolve().relative_to(cwd.resolve()).as_posix()
    except (ValueError, RuntimeError, OSError):  # outside cwd; a symlink loop (3.10-3.12)
        return str(settings.whitelist_path)


def readable_whitelist(settings: Settings, cwd: Path) -> Whitelist | None:
    """The project's whitelist, or None when it cannot be read (for what
    only consults it: the rename plan that names compatibility views)."""
    from dbnamelint.whitelist import WhitelistError, load_whitelist

    try:
        return load_whitelist(
            settings.whitelist_path,
            display=whitelist_display(settings, cwd),
            known_rules=settings.registry,
            known_databases=settings.database_names,
        )
    except WhitelistError:
        return None


def evaluate(
    settings: Settings,
    paths: Sequence[str],
    cwd: Path,
    *,
    whitelist: Whitelist | None = None,
    use_whitelist: bool = True,
    complete: bool | None = None,
    loaded: Loaded | None = None,
    unjudged: Collection[WhitelistEntry] = (),
    partial: str | None = None,
) -> Evaluation:
    """Read ``paths``, run the rules and apply every filter.

    ``complete`` says whether ``paths`` cover the whole configured tree;
    None works it out (:func:`covers_tree`). ``loaded`` is a model read
    elsewhere (a live database): ``paths`` are then not read, and it counts
    as complete unless ``complete`` says otherwise. ``unjudged`` entries of
    ``whitelist`` are never reported stale. ``partial``: why the input is
    not complete, for the note saying entries were not judged (default:
    paths named on the command line).
    """
    read_files = loaded is None
    if loaded is None:
        loaded = load_paths(paths, source_settings(settings))
    elif complete is None:
        complete = True
    schema = loaded.schema
    if read_files:
        # A dump regenerated after a phase's forward script holds its compatibility
        # views with migrate's marker but no rename: no rule judges them (trial s30
        # redash: the view "UserPrefs" failed check until the cleanup).
        from dbnamelint.dumped_views import with_dumped_views

        schema = with_dumped_views(schema, {}, cwd)
    ctx = settings.rule_context(schema, _shown(settings.config_path, cwd))
    raw = run_rules(schema, settings.rules, ctx)
    findings = drop_per_path_ignored(raw, settings, cwd)
    prisma = read_files and any(f.path.endswith("migration.sql") for f in loaded.files)
    joins = None
    if prisma:
        # Prisma's implicit many-to-many tables: its names, not the project's
        # (imported here: most trees hold no Prisma migration).
        from dbnamelint.services.prisma_sync import without_join_tables

        joins = without_join_tables(loaded.files, findings)
        findings = tuple(joins.findings)
    findings, unused = apply_suppressions(
        findings,
        schema=schema,
        known_rules=settings.registry,
        active_rules=settings.active_rules,
    )
    if whitelist is None:
        whitelist = (
            load_whitelist(
                settings.whitelist_path,
                display=whitelist_display(settings, cwd),
                known_rules=settings.registry,
                known_databases=settings.database_names,
            )
            if use_whitelist
            else Whitelist(path="(no whitelist)")
        )
    # A path that does not exist makes the run a usage error (exit 2): what
    # it holds was not read, so no entry is judged stale, and the staleness
    # note would only be noise beside the error. So does a file two databases
    # list: its objects are missing from one of them.
    typo = any(d.code in CONFIG_PATH_CODES for d in loaded.diagnostics)
    if complete is None:
        # Only entries are judged stale: without any, whether the whole tree
        # was read changes nothing, and finding out walks it (a one-file
        # check at a monorepo's top, with no config, would list every file).
        complete = not whitelist.entries or covers_tree(settings, loaded, cwd, read_paths=paths)
    judged = complete and not settings.narrowed and not typo
    applied = apply_whitelist(
        findings,
        schema,
        whitelist,
        active_rules=settings.active_rules,
        complete=judged,
        unjudged=unjudged,
        events=loaded.events if read_files else None,
    )
    if joins is not None and joins.objects:
        applied = replace(applied, stale=joins.stale(applied, whitelist))
    diagnostics = [
        *loaded.diagnostics,
        *(joins.notes if joins is not None else ()),
        *applied.off_plan,
        *applied.copies_left,
    ]
    drift: tuple[Diagnostic, ...] = ()
    if prisma:
        # A Prisma schema that no longer maps to what its migrations leave
        # (imported here: most trees hold no Prisma migration).
        from dbnamelint.services.prisma_sync import prisma_differences

        synced = prisma_differences(loaded.files, loaded.events, loaded.directives)
        drift = synced.diagnostics
        diagnostics += drift
        # the schema's `// dbnamelint: ignore[DBN029]` comments excuse like a SQL file's
        loaded = replace(loaded, directives=(*loaded.directives, *synced.directives))
    if not settings.narrowed:  # under --select the rules left out are the caller's choice
        diagnostics += rules_off_notes(whitelist, settings)
    diagnostics += done_phase_notes(whitelist)
    active = [rule for rule, _ in settings.rules]  # any new finding fails the run
    diagnostics += [b.diagnostic() for b in bad_targets(whitelist, schema, active, ctx)]
    if not judged and whitelist.entries and not typo:
        why = (
            (
                partial
                or "only part of the configured tree was read (run without paths to check them)"
            )
            if not complete
            else "--select/--ignore ran only some of the rules (run without them to check them)"
        )
        diagnostics.append(
            Diagnostic(
                Location(whitelist.path, 1, 1),
                Severity.WARNING,
                f"whitelist entries were not checked for staleness: {why}",
                PARTIAL_TREE_CODE,
            )
        )
    result = CheckResult(
        findings=applied.findings,
        diagnostics=tuple(diagnostics),
        stale_whitelist=applied.stale,
        unused_suppressions=unused,
        phases=phase_progress(whitelist),
        files_checked=len(loaded.files),
        objects_checked=len(schema.objects),
        fail_on=settings.fail_on,
    )
    result = filter_diagnostics(result, settings.diagnostic_selection, loaded.directives)
    if settings.per_path:
        kept = drop_per_path_ignored(result.diagnostics, settings, cwd)
        result = replace(
            result,
            diagnostics=kept,
            hidden_diagnostics=drop_per_path_ignored(result.hidden_diagnostics, settings, cwd),
            ignored_diagnostics=(
                *result.ignored_diagnostics,
                *(d for d in result.diagnostics if d not in kept),
            ),
        )
    silenced: tuple[Diagnostic, ...] = ()
    if drift:
        listed = filter_diagnostics(
            CheckResult(findings=(), diagnostics=drift),
            DiagnosticSelection(show_info=True),
            loaded.directives,
        ).diagnostics
        silenced = tuple(d for d in drift if d not in listed)
    return Evaluation(settings, loaded, whitelist, raw, result, silenced)


def unsilenced(
    settings: Settings,
    loaded: Loaded,
    diagnostics: Sequence[Diagnostic],
    cwd: Path,
    *,
    keep_unlisted: bool = False,
) -> tuple[Diagnostic, ...]:
    """``diagnostics`` minus those the user silenced as ``check`` would: the
    config's or command line's ``ignore``, ``per_path.ignore`` and inline
    ``-- dbnamelint: ignore[CODE]`` directives (a code the registry marks as
    not ignorable is never silenced). ``keep_unlisted``: only those are
    dropped, not the info notes and unselected codes ``check`` merely does
    not list (``inspect`` prints every note)."""
    selection = settings.diagnostic_selection
    if keep_unlisted:
        selection = DiagnosticSelection(None, selection.ignored, show_info=True)
    result = CheckResult(findings=(), diagnostics=tuple(diagnostics))
    result = filter_diagnostics(result, selection, loaded.directives)
    kept = {id(d) for d in drop_per_path_ignored(result.diagnostics, settings, cwd)}
    return tuple(d for d in diagnostics if id(d) in kept)


def covers_tree(
    settings: Settings, loaded: Loaded, cwd: Path, *, read_paths: Sequence[str] | None = None
) -> bool:
    """Whether ``loaded`` read every file of the configured tree (its ``paths``, else its root).

    ``read_paths`` are the paths ``loaded`` was read from with these
    settings, when known: the configured paths themselves cover the tree
    without a second walk, and folders among them are not walked again.
    """
    tree = default_paths(settings, cwd)
    if read_paths is not None and tuple(read_paths) == tree:
        return True
    configured = discover_real_paths(tree, source_settings(settings), walked=read_paths or ())
    # Paths are shown relative to the process's directory, as discover() read them.
    real = RealPaths()
    read = {real(f.path) for f in (*loaded.files, *loaded.history)}
    return configured <= read


def _shown(path: Path | None, cwd: Path) -> str | None:
    if path is None:
        return None
    try:
        return path.resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return str(path)
