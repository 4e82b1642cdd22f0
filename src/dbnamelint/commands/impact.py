"""``dbnamelint impact``: where code still uses the old names, and a patch to fix it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click

from dbnamelint.commands import echo_problems, write_report
from dbnamelint.config import Settings
from dbnamelint.exitcodes import ExitCode
from dbnamelint.frontends.sql.sources import MISSING_CODE
from dbnamelint.impact import Confidence, ScanError, collect_impact
from dbnamelint.impact.codedialect import split_for_dialect
from dbnamelint.impact.otherdb import database_family
from dbnamelint.impact.patch import make_diff, rewritable, schema_renames
from dbnamelint.impact.result import used_name
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.separate import other_database_label, shared_note, split_shared
from dbnamelint.impact.sharedcode import Holders, holding, split_unsafe, unsafe_note
from dbnamelint.impact.targets import Target
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.report.common import first_few, plural
from dbnamelint.report.impact import render
from dbnamelint.services.databases import DatabaseChoiceError
from dbnamelint.services.lint import default_paths, missing_paths
from dbnamelint.whitelist import WhitelistError


def run_impact(
    settings: Settings,
    paths: Sequence[str],
    *,
    cwd: Path,
    phase: str | None = None,
    fmt: str = "text",
    output: Path | None = None,
    diff: bool = False,
    min_confidence: Confidence | None = None,
    untracked: bool = False,
    renamed_only: bool = False,
    database: str | None = None,
    dialect_given: bool = False,
) -> ExitCode:
    """Print the references (or, with ``diff``, a patch); never edits a file.

    ``renamed_only``: the patch renames only objects the schema renamed
    already; without it a note names the objects it renames ahead of their
    migration (code patched for them reads tables that do not exist yet).
    ``min_confidence`` None (not given) counts every place; the text report
    then lists the high-confidence ones and summarises plain text.

    ``database``: which separate database of the tree (config ``databases:``)
    to search for; required when the tree holds several.

    ``dialect_given``: ``--dialect`` was on the command line; in a tree kept
    for several databases the patch then keeps to that database's own code
    (:func:`~dbnamelint.impact.codedialect.split_for_dialect`).

    Exit 0 whatever is found (this is a planning report, not a gate); 2 for
    an unknown phase, a missing path, a bad whitelist, no or an unknown
    ``database`` where the tree holds several, or when git cannot search.
    """
    # PATHS are git pathspecs (a glob matches at any depth; ":!dir" or
    # ":(exclude)dir" leaves a folder out), so only a plain path is known to be
    # missing; the schema tree must exist as for check.
    missing = [
        Diagnostic(Location(p, 1, 1), Severity.ERROR, "no such file or directory", MISSING_CODE)
        for p in paths
        if not any(ch in p for ch in "*?[") and not p.startswith(":") and not (cwd / p).exists()
    ]
    missing += missing_paths(default_paths(settings, cwd), settings)
    if missing:
        echo_problems(missing)
        return ExitCode.USAGE
    try:
        impact = collect_impact(
            settings,
            cwd,
            paths=paths,
            phase=phase,
            untracked=untracked,
            plan_keys=diff and not renamed_only,
            database=database,
        )
    except (ScanError, WhitelistError, DatabaseChoiceError) as exc:
        click.echo(f"dbnamelint: {exc}", err=True)
        return ExitCode.USAGE
    if phase is not None and phase not in {p.id for p in impact.phases}:
        known = ", ".join(p.id for p in impact.phases) or "none declared"
        click.echo(f"dbnamelint: unknown phase {phase!r} (phases: {known})", err=True)
        return ExitCode.USAGE
    if phase is not None and not any(o.target.target for o in impact.objects):
        click.echo(
            f"dbnamelint: note: phase {phase!r} has no entry with a target left (pruned once "
            'its migration ran?); what the schema renamed is searched without --phase, under "'
            'Renamed already" (`impact --diff --renamed-only` patches it)',
            err=True,
        )
    if diff:
        references = schema_renames(impact.references) if renamed_only else impact.references
        # Code a copy still on the old name runs too: renamed, it breaks there.
        references, unsafe = split_unsafe(references, impact.current_names)
        # So does code no `databases:` entry lists, where another database has the name.
        references, shared = split_shared(references, impact)
        # In a tree kept for several databases, --dialect X patches X's own code only:
        # the per-database patches then touch different files and apply in turn.
        not_mine: list[str] = []
        if dialect_given and settings.dialect is not None and impact.current_names:
            references, foreign = split_for_dialect(
                references, database_family(settings.dialect), _reader(cwd)
            )
            not_mine = list(dict.fromkeys(r.path for r in rewritable(foreign)))
        # An entry not pruned yet whose object the schema renamed to its target
        # is done, although the entry's own target is not marked renamed; not
        # while another copy still has the old name (only postgres renamed it).
        done = {o.target.renamed_key for o in impact.objects if o.target.renamed}
        ahead = list(
            dict.fromkeys(
                r.target
                for r in rewritable(references)
                if not r.ddl  # DDL in code is left as written
                and not r.target.renamed
                and (r.target.renamed_key not in done or _waiting(r.target, impact.current_names))
            )
        )
        if ahead:
            # In a schema kept for several databases, say whose copies wait.
            shown = first_few([_ahead(t, impact.current_names) for t in ahead])
            click.echo(
                f"dbnamelint: note: the patch also renames {plural(len(ahead), 'object')} the "
                f"schema has not renamed yet ({shown}): apply it only after their "
                "migration runs, or pass --renamed-only",
                err=True,
            )
        # The full patch is applied after the migration: keys as it leaves them.
        keys = impact.keys if impact.planned_keys is None else impact.planned_keys
        patch, notes = make_diff(cwd, references, keys)
        others = impact.other_database_files()
        if others:
            shown = first_few([other_database_label(p, impact) for p, _n in others])
            separate = any(p in impact.code_databases for p, _n in others)
            notes.append(
                f"not patched: another database's code ({shown}); "
                + (
                    "a separate database keeps its own names (`impact --database NAME` "
                    "patches its code for its own renames)"
                    if separate
                    else "its database keeps the old names until its own migration renames them"
                )
            )
        generated = impact.generated_files()
        if generated:
            shown = first_few([p for p, _n in generated])
            notes.append(
                f"not patched: generated files ({shown}); regenerate them with their tool "
                "after the migration"
            )
        patched = {(r.path, r.line, r.column) for r in rewritable(references)}
        wanted = {id(r) for r in rewritable(r for r, _c in unsafe)}
        left = [
            (r, copies)
            for r, copies in unsafe
            if id(r) in wanted and (r.path, r.line, r.column) not in patched
        ]
        if left:
            places = dict.fromkeys(f"{r.path}:{r.line} ({used_name(r)})" for r, _c in left)
            notes.append(unsafe_note(left, first_few(list(places))))
        # Only what the patch would rewrite: prose's plain mentions are never patched.
        wanted_shared = {id(r) for r in rewritable(r for r, _d in shared)}
        unpatched = [
            (r, dbs)
            for r, dbs in shared
            if id(r) in wanted_shared and (r.path, r.line, r.column) not in patched
        ]
        if unpatched:
            places = dict.fromkeys(f"{r.path}:{r.line} ({used_name(r)})" for r, _d in unpatched)
            packaged = all(
                impact.database in impact.code_candidates.get(r.path, ()) for r, _d in unpatched
            )
            notes.append(
                shared_note(unpatched, first_few(list(places)), impact.database, packaged=packaged)
            )
        if not_mine:
            notes.append(
                f"not patched: code that is not {settings.dialect}'s own "
                f"({first_few(not_mine)}): it names no database or another one, and "
                "every database of the tree may run it; `--dialect` keeps the patch to "
                "that database's code so the per-database patches apply one after "
                "another; `impact --diff` without --dialect patches the whole tree in "
                "one patch"
            )
        notes += _row_key_notes(references)
        for note in notes:
            click.echo(f"dbnamelint: {note}", err=True)
        write_report(patch, output)
        return ExitCode.OK
    write_report(render(impact, fmt, min_confidence), output)
    return ExitCode.OK


def _row_key_notes(references: Sequence[Reference]) -> list[str]:
    """The note on rows read by a renamed column's old name (``row["old_col"]``):
    no patch renames a key, and the row has the new name's once the query reads
    the renamed column (``SELECT *`` too)."""
    left = [r for r in references if r.keyed]
    if not left:
        return []
    shown = first_few(list(dict.fromkeys(f"{r.path}:{r.line} ({r.name})" for r in left)))
    return [
        f"not patched: {shown}: rows read by a column's old name (medium confidence): "
        "once the column is renamed the row's key is the new name; rename these keys by "
        "hand, or alias the column back in their query (new AS old)"
    ]


def _reader(cwd: Path) -> Callable[[str], str | None]:
    """A file's UTF-8 text by its path relative to ``cwd``, or None."""

    def read(path: str) -> str | None:
        try:
            return (cwd / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return read


def _waiting(target: Target, holders: Holders) -> bool:
    """Whether a copy of the schema still has ``target``'s old name."""
    return bool(target.old_names and holding(target, target.old_names[0], holders))


def _ahead(target: Target, holders: Holders) -> str:
    """``store -> stores``, and in a schema kept for several databases the
    copies that still have the old name (``in mysql and sqlite``)."""
    copies = holding(target, target.old_names[0], holders) if target.old_names else ()
    return f"{target.name} -> {target.target}" + (f" in {' and '.join(copies)}" if copies else "")
