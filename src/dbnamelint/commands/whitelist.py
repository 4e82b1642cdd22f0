"""``dbnamelint whitelist init|add|prune|retarget|merge``: the whitelist can be made, and can
only shrink; ``retarget`` makes dependents' targets follow their table's."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Sequence
from pathlib import Path

import click
from msgspec.structs import replace

from dbnamelint.commands import echo_problems
from dbnamelint.config import Settings
from dbnamelint.core.identity import display_name, stored_qualified_name
from dbnamelint.exitcodes import ExitCode, for_diagnostics
from dbnamelint.findings import Finding, StaleEntry
from dbnamelint.frontends.sql.database_paths import LISTED_TWICE_CODE
from dbnamelint.frontends.sql.sources import UNREADABLE_CODE
from dbnamelint.model import Diagnostic, ObjectKind, Severity, kind_prefix, leading_kind_word
from dbnamelint.report.common import plural
from dbnamelint.services.history import finished_phases
from dbnamelint.services.history_edits import history_edited
from dbnamelint.services.lint import (
    CONFIG_PATH_CODES,
    Evaluation,
    covers_tree,
    default_paths,
    evaluate,
    missing_paths,
    whitelist_display,
)
from dbnamelint.services.targets import without_bad_targets
from dbnamelint.textsafe import visible
from dbnamelint.whitelist import init_whitelist, prune, write_atomic
from dbnamelint.whitelist.adding import Added, add_entry, find_object, matching
from dbnamelint.whitelist.copies_left import COPY_NOT_RENAMED_CODE
from dbnamelint.whitelist.entries import DEFAULT_PHASE, Phase, WhitelistError
from dbnamelint.whitelist.loading import load_whitelist, parse_whitelist
from dbnamelint.whitelist.phasing import fresh_ids, phases_by
from dbnamelint.whitelist.writer import (
    digest,
    entry_groups,
    entry_names,
    read_whitelist_file,
    suggested_target,
    yaml_scalar,
)


def run_init(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    output: Path | None,
    force: bool,
    group_by: str | None = None,
) -> ExitCode:
    """Write a whitelist excusing every finding of a run without one.

    ``group_by`` (module, rule or prefix) puts entries into one phase per
    group instead of a single phase.
    """
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
    refused = _unusable_input(evaluation.loaded.diagnostics)
    if refused is not None:  # a baseline of a tree not read would excuse too little
        return refused
    if target.exists() and not evaluation.loaded.files:
        # --force over a whitelist with nothing read would empty it (trial s28)
        click.echo(
            f"dbnamelint: whitelist init: the tree ({', '.join(tree)}) reads no SQL file, so "
            f"the new baseline would drop every entry of {whitelist_display(settings, cwd)}; "
            "nothing written. Check `paths` and `exclude` in the config.",
            err=True,
        )
        return ExitCode.USAGE
    excusable = [f for f in evaluation.result.findings if not f.suppressed]
    # --force over a whitelist: its done phases stay (the burn-down's history)
    # and the new phases take ids none of its phases had (trial s24 nakama: a
    # second "1", open again, merged two waves in the burn-down).
    earlier = _earlier_phases(target, shown=whitelist_display(settings, cwd))
    kept = [p for p in earlier if p.status == "done"]
    # The phases not done are what the new baseline replaces: their ids are
    # free again, and a single open phase keeps its id, title and status (trial
    # s30 listmonk: the open phase went 1 -> 2, then 2 -> 1, one wave split in
    # the burn-down, which reads the history by phase id).
    replaced = [p for p in earlier if p.status != "done"]
    taken = {p.id for p in kept}
    if group_by is not None:
        phases, grouped = phases_by(excusable, group_by)
    elif len(replaced) == 1:
        phases, grouped = [replaced[0]], None
    else:
        phases, grouped = [Phase(DEFAULT_PHASE, "Legacy names", "open")], None
    renamed = fresh_ids([p.id for p in phases], taken)
    phases = [replace(p, id=renamed[p.id]) for p in phases]

    def phase_of(group: Sequence[Finding]) -> str:
        return renamed[grouped(group)] if grouped is not None else phases[0].id

    text = init_whitelist(excusable, phases, phase_of, kept=kept)
    shown_target = str(output) if output is not None else whitelist_display(settings, cwd)
    refused_text = _refused_by_loader(text, settings, excusable, shown_target)
    if refused_text is not None:
        return refused_text
    # A target check would refuse (DBN910) is written as a comment saying why.
    checked = without_bad_targets(text, settings, evaluation.loaded.schema)
    refused_text = _refused_by_loader(checked.text, settings, excusable, shown_target)
    if refused_text is not None:
        return refused_text
    write_atomic(target, checked.text)
    objects = len(entry_groups(excusable))
    shown = str(output) if output is not None else whitelist_display(settings, cwd)
    counts = f"{plural(objects, 'object')}, {plural(len(excusable), 'finding')} excused"
    click.echo(visible(f"wrote {shown}: {counts}"))
    if earlier:
        ids = ", ".join(p.id for p in phases)
        done = ", ".join(p.id for p in kept) or "none"
        same = [p.id for p in phases if any(r.id == p.id for r in replaced)]
        reused = f" (the open {'phase' if len(same) == 1 else 'phases'} {', '.join(same)} " + (
            "keeps its id)" if len(same) == 1 else "keep their ids)"
        )
        click.echo(
            visible(
                f"dbnamelint: replaced the earlier whitelist: its done phases kept ({done}); "
                f"the entries are in {'phase' if len(phases) == 1 else 'phases'} {ids}"
                + (reused if same else "")
            )
        )
    for left in checked.left_out:
        entry = left.entry
        line = entry.target_location.line if entry.target_location else entry.location.line
        advice = (
            "'check' would refuse it (DBN910). Write a target that passes the rules (or fix "
            "the config's mapping), or leave the entry without one"
            if left.by_rules
            else "'migrate' could not apply it. Rename it by hand (drop and create the "
            "table again), or leave the entry without one"
        )
        click.echo(
            visible(
                f"dbnamelint: warning: {shown}:{line}: target {entry.target} of "
                f"{entry.kind.value} {entry.name} left out (written as a comment): it "
                f"{left.reason}; {advice}"
            ),
            err=True,
        )
    unread = [d for d in evaluation.result.diagnostics if d.severity is Severity.ERROR]
    if unread:
        # A whitelist excuses names, not statements that could not be read:
        # check still fails on these, so say so now rather than after.
        echo_problems(unread)
        one = len(unread) == 1
        # a .prisma file takes no SQL comment: its own `//` comment carries the directive
        prisma = any(d.location.path.endswith(".prisma") for d in unread)
        how = (
            "-- dbnamelint: ignore[CODE] reason; in a .prisma file, "
            "// dbnamelint: ignore[CODE] reason on or above the line"
            if prisma
            else "-- dbnamelint: ignore[CODE] reason"
        )
        click.echo(
            f"dbnamelint: {plural(len(unread), 'error')} above {'is' if one else 'are'} not "
            f"excused by a whitelist; 'check' fails on {'it' if one else 'them'} until "
            f"fixed or silenced ({how})",
            err=True,
        )
    return ExitCode.OK


def _refused_by_loader(
    text: str, settings: Settings, excusable: Sequence[Finding], shown: str
) -> ExitCode | None:
    """None when the whitelist's own loader reads ``text`` back, else the
    error said (nothing is written): ``init`` must never leave a file ``check``
    refuses, nor name a file it did not write (trial s33 hawkbit: ``duplicate
    entry ... whitelist.yaml:84:5`` for a file never written). The error names
    the line of the text it would have written and the object of that entry,
    where its files have it."""
    try:
        parse_whitelist(text, shown, settings.registry)
    except WhitelistError as exc:
        where = f"{shown}:{exc.location.line}:{exc.location.column}" if exc.location else shown
        lines = text.split("\n")
        line = exc.location.line if exc.location else 0
        # the refused entry's kind and name lines, as init_whitelist writes them
        written = lines[line - 1 : line + 1] if line else []
        groups = entry_groups(excusable)
        about = ""
        for group, name in zip(groups, entry_names(groups), strict=True):
            obj = group[0].object
            if written != [f"  - kind: {obj.kind.value}", f"    name: {yaml_scalar(name)}"]:
                continue
            about = (
                f" (the entry for {obj.kind.value} {display_name(obj)}, "
                f"{obj.source.path}:{obj.location.line}:{obj.location.column})"
            )
            break
        click.echo(
            f"dbnamelint: whitelist init: the whitelist it would write is refused by "
            f"its own loader: {where}: {exc.message}{about}; nothing written. This is "
            "a bug in dbnamelint: please report it; `whitelist add` writes entries one by one",
            err=True,
        )
        return ExitCode.INTERNAL
    return None


def _earlier_phases(target: Path, *, shown: str) -> tuple[Phase, ...]:
    """The phases of the whitelist ``target`` that ``--force`` replaces (none
    when there is none, or it cannot be read: then it is replaced whole)."""
    try:
        return load_whitelist(target, display=shown).phases
    except WhitelistError:
        return ()


def _unusable_input(diagnostics: Sequence[Diagnostic]) -> ExitCode | None:
    """Exit 2 (a path that does not exist) or 3 (an unreadable file), each printed; else None."""
    code = for_diagnostics(diagnostics)
    if code not in (ExitCode.USAGE, ExitCode.INPUT_ERROR):
        return None
    echo_problems(d for d in diagnostics if d.code in (*CONFIG_PATH_CODES, UNREADABLE_CODE))
    return code


def _misplaced_files(diagnostics: Sequence[Diagnostic]) -> bool:
    """Print and say whether the config's ``databases:`` list a file under
    two databases (DBN027): each entry's object is then missing from one of
    them, so neither staleness nor an object's findings can be told."""
    twice = [d for d in diagnostics if d.code == LISTED_TWICE_CODE]
    echo_problems(twice)
    return bool(twice)


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
    typos = missing_paths(tuple(paths) or tree, settings)
    if typos:  # a tree not read would make every entry look stale
        echo_problems(typos)
        return ExitCode.USAGE
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
    run = evaluate(settings, tree, cwd, complete=True)
    if _misplaced_files(run.loaded.diagnostics):
        return ExitCode.USAGE
    stale = run.result.stale_whitelist
    if stale and not run.loaded.files:
        # Nothing read (an exclude or paths that leave out every file): every
        # entry looks stale, and pruning would empty the whitelist (trial s28
        # plausible: `exclude: [priv/repo/structure.sql]` removed all 11).
        click.echo(
            f"dbnamelint: whitelist prune: the configured tree ({', '.join(tree)}) reads no "
            f"SQL file, so every entry of {shown} would look stale; nothing removed. Check "
            "`paths` and `exclude` in the config (`dbnamelint check` says what it reads).",
            err=True,
        )
        return ExitCode.USAGE
    stale = run.result.stale_whitelist
    hand = _hand_edited_dumps(run, cwd)
    kept = [e for e in stale if _renamed_only_in(e, hand, cwd)]
    stale = tuple(e for e in stale if e not in kept)
    history = history_edited(run, cwd, settings, tree) if stale else []
    if history:
        # an entry stale because applied history lost its DDL is not done: every
        # database that ran the migration keeps the name (trial s33 miniflux)
        first = history[0].location
        more = f" and {len(history) - 1} more" if len(history) > 1 else ""
        for entry in stale:
            click.echo(
                visible(
                    f"kept {entry.kind} {entry.name} ({shown}:{entry.location.line}): the "
                    f"working tree edits or deletes applied migrations since HEAD (DBN025 at "
                    f"{first.path}:{first.line}{more}"
                    "), so the schema the files build is not what the databases hold. Restore "
                    "them (`dbnamelint check --base HEAD` lists the edits), then prune"
                )
            )
        stale = ()
    finished = finished_phases(settings, cwd, run.whitelist, run.loaded.schema)
    pruned = prune(path, stale, finished)
    if pruned.done_phases and not history:
        history = history_edited(run, cwd, settings, tree)
        if history:
            # a phase emptied by hand while applied history is edited or deleted
            # is not done either: the databases that ran it keep the names
            pruned = prune(path, stale, lambda _text: frozenset())
            first = history[0].location
            for phase in sorted(finished(pruned.text)):
                click.echo(
                    f"kept phase {phase} as declared (not marked done): the working tree "
                    f"edits or deletes applied migrations since HEAD (DBN025 at {first.path}:"
                    f"{first.line}); restore them, then prune"
                )
    if not dry_run and pruned.changed:
        write_atomic(path, pruned.text, expected_digest=pruned.original_digest)
    verb = "would remove" if dry_run else "removed"
    for entry in stale:
        why = entry.reason.removesuffix(": delete this entry")
        where = f"{shown}:{entry.location.line}"
        click.echo(visible(f"{verb} {entry.kind} {entry.name} ({where}): {why}"))
    _echo_kept(run, shown)
    for entry in kept:
        click.echo(
            visible(
                f"kept {entry.kind} {entry.name} ({shown}:{entry.location.line}): its target is "
                f"only in {_where(entry)}, a schema dump edited since HEAD while no "
                "migration of the project's migration folders is: no database got the rename. "
                "Write it as a new migration, run it and regenerate the dump, then prune"
            )
        )
    for phase in pruned.done_phases:
        mark = "would mark" if dry_run else "marked"
        click.echo(f"{mark} phase {phase} done (status: done): none of its entries is left")
    for phase in pruned.unmarked_phases:
        click.echo(
            f"dbnamelint: whitelist prune: phase {phase} has no entry left, but its "
            f"declaration in {shown} cannot be edited in place (anchors, or a flow-style "
            "phases list); set its status: done by hand",
            err=True,
        )
    if pruned.rewritten:
        click.echo(
            f"note: {shown} uses YAML anchors that a line edit would break; it "
            f"{'would be' if dry_run else 'was'} re-written without comments",
            err=True,
        )
    count = plural(len(stale), "stale entry", "stale entries")
    if dry_run:
        click.echo(f"{count} would be removed from {shown}; nothing written (--dry-run)")
    elif stale:
        click.echo(f"{count} removed from {shown}")
    elif pruned.done_phases:
        word = "phase" if len(pruned.done_phases) == 1 else "phases"
        done = ", ".join(pruned.done_phases)
        click.echo(f"0 stale entries; {word} {done} marked done in {shown}")
    else:
        click.echo(f"0 stale entries; {shown} unchanged")
    return ExitCode.OK


def _hand_edited_dumps(run: Evaluation, cwd: Path) -> frozenset[str]:
    """The real paths of the schema dumps the run reads whose DDL the working
    tree (staged or not) edits since ``HEAD`` while no code migration of the
    project's migration folders is added or edited
    (:func:`~dbnamelint.services.dump_edits.dumps_edited_alone`: trial s32
    unleash, a rename by ``sed`` in ``db/schema.sql`` that prune then took for
    done); empty outside git or without such a dump."""
    from dbnamelint.gitutil import GitError, repository_root, resolve_commit
    from dbnamelint.services.dump_edits import dumps_edited_alone
    from dbnamelint.services.unchecked_ddl import changed_files

    try:
        commit = resolve_commit(repository_root(cwd), "HEAD")
        change = changed_files(cwd, "HEAD", staged=False)
        said = dumps_edited_alone(change, run.loaded.files, cwd, commit, "HEAD", staged=False)
    except GitError:
        return frozenset()
    return frozenset(os.path.realpath(cwd / d.location.path) for d in said)


def _renamed_only_in(entry: StaleEntry, hand: frozenset[str], cwd: Path) -> bool:
    """Whether stale ``entry`` is stale only because its object is renamed
    to its target in one of the ``hand``-edited dumps."""
    if not hand or not entry.reason.startswith("renamed to its target"):
        return False
    at = _TARGET_AT.search(entry.reason)
    return at is not None and os.path.realpath(cwd / at.group(1)) in hand


#: Where a stale entry's target stands: ``renamed to its target X at PATH:LINE:COLUMN (``.
_TARGET_AT = re.compile(r" at (.+?):\d+:\d+ \(")


def _where(entry: StaleEntry) -> str:
    at = _TARGET_AT.search(entry.reason)
    return at.group(1) if at is not None else "a dump"


def _echo_kept(run: Evaluation, shown: str) -> None:
    """One line per entry kept because a copy of its object still has the old
    name while another copy was renamed (``DBN913``): not stale, and why."""
    entries = {(e.location.line, e.location.column): e for e in run.whitelist.entries}
    said: set[int] = set()
    found = (*run.result.diagnostics, *run.result.hidden_diagnostics)
    for diagnostic in (d for d in found if d.code == COPY_NOT_RENAMED_CODE):
        entry = entries.get((diagnostic.location.line, diagnostic.location.column))
        if entry is None or id(entry) in said:
            continue
        said.add(id(entry))
        why = diagnostic.message.removeprefix(f"{entry.kind.value} {entry.name} was ")
        click.echo(
            visible(f"kept {entry.kind.value} {entry.name} ({shown}:{entry.location.line}): {why}")
        )


def run_add(
    settings: Settings,
    name: str,
    *,
    cwd: Path,
    kind: str | None = None,
    phase: str | None = None,
    dry_run: bool = False,
    database: str | None = None,
) -> ExitCode:
    """Add one entry excusing the object ``name``; refused unless it breaks a rule now.

    The whole configured tree is read with the current whitelist, so an
    object already excused (or compliant, or absent) is refused with exit 2.
    ``dry_run`` says what would be added and writes nothing.
    """
    tree = default_paths(settings, cwd)
    typos = missing_paths(tree, settings)
    if typos:
        echo_problems(typos)
        return ExitCode.USAGE
    if database is not None and database not in settings.database_names:
        declared = ", ".join(sorted(settings.database_names)) or "none"
        click.echo(
            f"dbnamelint: whitelist add: --database {database!r} is not one of the config's "
            f"databases: ({declared})",
            err=True,
        )
        return ExitCode.USAGE
    evaluation = evaluate(settings, tree, cwd)
    if _misplaced_files(evaluation.loaded.diagnostics):
        return ExitCode.USAGE
    findings = evaluation.result.findings
    if database is not None:  # one of the tree's separate databases (``databases:``)
        findings = tuple(f for f in findings if f.object.source.database == database)
    found = find_object(findings, name, kind)
    prefixed = kind_prefix(name)
    if prefixed is not None and not (found.new or found.excused or found.objects):
        # KIND:name, as database_ignore: and drift --ignore-table take it (trial s43)
        if kind is not None and kind != prefixed[0].value:
            click.echo(
                visible(
                    f"dbnamelint: whitelist add: OBJECT {name!r} says the kind "
                    f"{prefixed[0].value!r} and --kind says {kind!r}: give one"
                ),
                err=True,
            )
            return ExitCode.USAGE
        name, kind = prefixed[1], prefixed[0].value
        found = find_object(findings, name, kind)
    shown = whitelist_display(settings, cwd)
    if found.objects:
        several = any("(database " in o for o in found.objects)
        click.echo(
            f"dbnamelint: whitelist add: {name!r} names several objects with findings "
            f"({'; '.join(found.objects)}): give the qualified name or --kind"
            + (" or --database" if several else ""),
            err=True,
        )
        return ExitCode.USAGE
    if not found.new:
        objects = [
            o for o in evaluation.loaded.schema.objects if kind is None or o.kind.value == kind
        ]
        named = matching(objects, name, lambda o: o)
        if found.excused:
            why = "its findings are already excused"
        elif named:
            why = f"{named[0].kind.value} {display_name(named[0])} breaks no rule"
        elif (written := leading_kind_word(name)) is not None:
            word, rest = written
            click.echo(
                visible(
                    f"dbnamelint: whitelist add: OBJECT {name!r} starts with the kind "
                    f"{word.value!r}; OBJECT is the name alone and the kind goes in --kind: "
                    f"dbnamelint whitelist add {shlex.quote(rest)} --kind {word.value}"
                ),
                err=True,
            )
            return ExitCode.USAGE
        else:
            what = f"no {kind}" if kind else "no object"
            why = f"{what} of that name in the files read ({', '.join(tree)})"
        click.echo(visible(f"dbnamelint: whitelist add: not adding {name!r}: {why}"), err=True)
        return ExitCode.USAGE
    path = settings.whitelist_path
    original, current = read_whitelist_file(path, shown) if path.exists() else (None, None)
    added = add_entry(current, found.new, phase, shown)
    if not dry_run:
        write_atomic(
            path, added.text, expected_digest=digest(original) if original is not None else None
        )
    codes = ", ".join(sorted({f.code for f in found.new}))
    obj = found.new[0].object
    what = visible(f"{obj.kind.value} {stored_qualified_name(obj)} ({codes})")
    if dry_run:
        click.echo(f"would add {what} to {shown}; nothing written (--dry-run)")
    else:
        click.echo(f"added {what} to {shown}")
    click.echo(visible(_phase_note(added, dry_run)), err=True)
    return ExitCode.OK


def _phase_note(added: Added, dry_run: bool) -> str:
    """Which phase the entry went into, and why (standard error)."""
    verb = "would go" if dry_run else "went"
    why = {
        "given": "--phase",
        "group": "the phase named for its module, prefix or rule, as whitelist init "
        "--group-by names them",
        "first": "the whitelist's first phase; --phase ID picks another",
        "first-open": "the whitelist's first phase not done; --phase ID picks another",
        "new": "the phase of the new whitelist; --phase ID names it",
    }[added.how]
    done = (
        "; that phase is marked done: set its status back to open in the whitelist"
        if added.done
        else ""
    )
    return f"dbnamelint: whitelist add: the entry {verb} into phase {added.phase!r} ({why}){done}"


def run_retarget(
    settings: Settings, tables: Sequence[str], *, cwd: Path, dry_run: bool
) -> ExitCode:
    """Rewrite each index, constraint, trigger and sequence target that still spells
    its table's old name, or a column a column entry renames, to the name that
    follows the table's and the columns' targets.

    The name is the one ``migrate`` prints when it refuses such a target
    (:mod:`dbnamelint.services.retarget`); only those ``target:`` values
    change, in place (comments, order and other keys kept), written
    atomically. ``tables``: only the dependents of these tables (their name
    now, before a rename, or their target). Exit 2 without a whitelist, for
    a path of the config that does not exist, a TABLE no table has, or
    entries ``migrate`` could not plan at all; 3 for an unreadable file.
    """
    from dbnamelint.services.migrate.plan import PlanError
    from dbnamelint.services.retarget import retargeting, unknown_tables
    from dbnamelint.whitelist import parse_whitelist
    from dbnamelint.whitelist.fields import FieldEdit, edit_fields

    path = settings.whitelist_path
    shown = whitelist_display(settings, cwd)
    if not path.exists():
        click.echo(f"dbnamelint: no whitelist at {shown}", err=True)
        return ExitCode.USAGE
    tree = default_paths(settings, cwd)
    typos = missing_paths(tree, settings)
    if typos:  # a tree not read would leave every target unjudged
        echo_problems(typos)
        return ExitCode.USAGE
    evaluation = evaluate(settings, tree, cwd, use_whitelist=False, complete=False)
    refused = _unusable_input(evaluation.loaded.diagnostics)
    if refused is not None:
        return refused
    original, text = read_whitelist_file(path, shown)
    whitelist = parse_whitelist(text, shown, settings.registry)
    loaded = evaluation.loaded
    unknown = unknown_tables(loaded, whitelist, tables, configured=settings.dialect)
    if unknown:
        click.echo(
            visible(
                f"dbnamelint: whitelist retarget: no table named {', '.join(unknown)} in the "
                f"files read ({', '.join(tree)}), nor a table entry's target"
            ),
            err=True,
        )
        return ExitCode.USAGE
    try:
        found = retargeting(
            loaded,
            whitelist,
            configured=settings.dialect,
            tables=tables,
            suggested=_suggested_names(evaluation.result.findings),
        )
    except PlanError as exc:
        click.echo(visible(f"dbnamelint: whitelist retarget: {exc}"), err=True)
        return ExitCode.USAGE
    edits = [FieldEdit(c.entry.name, c.entry.location.line, "target", c.new) for c in found.changes]
    if edits and not dry_run:
        write_atomic(path, edit_fields(text, edits, shown), expected_digest=digest(original))
    for change in found.changes:
        entry = change.entry
        line = (entry.target_location or entry.location).line
        click.echo(
            visible(
                f"{shown}:{line}: {entry.kind.value} {entry.name}: target {entry.target} "
                f"-> {change.new}"
            )
        )
    for left in found.unsure:
        entry = left.entry
        line = (entry.target_location or entry.location).line
        click.echo(
            visible(
                f"dbnamelint: warning: {shown}:{line}: {entry.kind.value} {entry.name}: target "
                f"{entry.target} still spells "
                f"{_spelled(left.stale.before, column=left.stale.column)}, but "
                f"{left.why}"
            ),
            err=True,
        )
    count = plural(len(edits), "target")
    if dry_run:
        click.echo(f"{count} would be rewritten in {shown}; nothing written (--dry-run)")
    elif edits:
        click.echo(f"{count} rewritten in {shown}")
    else:
        click.echo(
            f"0 targets spell their table's old name or a column their entries rename; "
            f"{shown} unchanged"
        )
    return ExitCode.OK


def _spelled(before: str, *, column: bool) -> str:
    """What a stale target still spells: ``its table's old name 'x'`` or
    ``the column 'x', which its entry renames``."""
    if column:
        return f"the column {before!r}, which its entry renames"
    return f"its table's old name {before!r}"


def _suggested_names(findings: Sequence[Finding]) -> dict[int, str]:
    """Table or column object ``id`` -> the target ``whitelist init`` (and
    ``whitelist add``) writes for it (the rules' suggestion), which the
    dependents' targets it wrote follow."""
    groups: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.object.kind in (ObjectKind.TABLE, ObjectKind.COLUMN):
            groups.setdefault(id(finding.object), []).append(finding)
    out: dict[int, str] = {}
    for key, group in groups.items():
        fix = suggested_target(group)
        if fix is not None:
            out[key] = fix.new_name
    return out


def run_merge(
    ancestor: Path,
    ours: Path,
    theirs: Path,
    *,
    dialect: str | None,
    pathname: str | None = None,
) -> ExitCode:
    """git merge driver: write the merged whitelist to ``ours``; 0 merged, 1 conflict.

    ``pathname`` is git's ``%P`` (the whitelist's path), named in errors.
    """
    from dbnamelint.whitelist import WhitelistError
    from dbnamelint.whitelist.merge import merge_whitelists

    try:
        result = merge_whitelists(ancestor, ours, theirs, dialect=dialect, pathname=pathname)
    except WhitelistError as exc:  # git then leaves the file conflicted for a human
        click.echo(visible(f"dbnamelint: whitelist merge: {exc}"), err=True)
        return ExitCode.FINDINGS
    for name in result.dropped:
        click.echo(visible(f"whitelist merge: dropped {name} (not kept by both sides)"), err=True)
    for field in result.conflicts:
        click.echo(
            visible(
                f"dbnamelint: whitelist merge: conflict: {field}; ours was kept, edit it by hand"
            ),
            err=True,
        )
    return ExitCode.FINDINGS if result.conflicts else ExitCode.OK
