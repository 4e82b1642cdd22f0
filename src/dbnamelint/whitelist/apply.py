"""Applying the whitelist: which findings it excuses, and which entries are stale.

An entry denotes an object through :class:`~dbnamelint.core.index.CatalogIndex`,
following renames: ``constraint community_tag.tag_pkey`` still denotes the
constraint after its table was renamed to ``community_tags``. An entry
excuses findings only on the object that still carries the entry's name; an
object renamed away from it is finished (renamed to the entry's ``target``),
off-plan (renamed to something else than the planned target), or simply
renamed (no target planned). Every way an entry stops excusing anything is
reported with its reason, at the entry's line.

Staleness is only decided when the whole configured tree was read
(``complete``): an object outside the files read is not gone.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Sequence

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.identity import ObjectRef, display_name, ref_of, split_name
from dbnamelint.core.index import CatalogIndex, Resolved, catalog_of
from dbnamelint.dialects.profile import profile_for
from dbnamelint.findings import Finding, PhaseProgress, StaleEntry
from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    Diagnostic,
    Event,
    EventOp,
    Schema,
    SchemaObject,
    Severity,
)
from dbnamelint.rails_dump import structure_dump_name
from dbnamelint.whitelist.copies_left import (
    at_target,
    copies_left,
    copy_label,
    copy_left_diagnostics,
)
from dbnamelint.whitelist.entries import Whitelist, WhitelistEntry

#: An object renamed to something else than its entry's target.
OFF_PLAN_CODE = "DBN902"


class Applied(Struct, frozen=True):
    """The whitelist applied to one run's findings.

    ``findings`` are the input findings with ``whitelisted`` set where an
    entry excuses them; ``stale`` the entries to delete; ``off_plan`` one
    error per object renamed to a name its entry did not plan; ``resolved``
    maps each entry (by position) to the object it denotes now, or None;
    ``copies_left`` one ``DBN913`` error per copy of an object that still
    carries its entry's name while another copy was renamed (the entry
    stays, stale or not by its findings).
    """

    findings: tuple[Finding, ...]
    stale: tuple[StaleEntry, ...]
    off_plan: tuple[Diagnostic, ...]
    resolved: tuple[Resolved | None, ...]
    copies_left: tuple[Diagnostic, ...] = ()


def resolve_entries(whitelist: Whitelist, index: CatalogIndex) -> tuple[Resolved | None, ...]:
    """What each entry denotes in the catalog now (None: no such object)."""
    return tuple(index.resolve(e.kind, e.parts, database=e.database) for e in whitelist.entries)


def apply_whitelist(
    findings: Sequence[Finding],
    schema: Schema,
    whitelist: Whitelist,
    *,
    active_rules: Collection[str] | None = None,
    complete: bool = True,
    unjudged: Collection[WhitelistEntry] = (),
    events: Sequence[Event] | None = None,
) -> Applied:
    """Mark excused findings and list the entries that excuse nothing any more.

    ``active_rules`` (codes and names of the rules that ran) keeps entries
    for rules that were not run, e.g. under ``--select``, from looking
    stale; ``complete=False`` (only part of the tree was read) reports no
    entry stale and no rename off-plan; nor are ``unjudged`` entries ever
    reported stale (a live database of one copy of a several-database tree
    cannot judge another copy's entries). ``events``: the naming events of
    the files read, telling an entry whose object was dropped ("exists any
    more") from one whose name the files never made (application code's
    table); None when unknown (the first wording).
    """
    if not whitelist.entries:
        return Applied(tuple(findings), (), (), ())  # nothing to excuse, nothing stale
    known = {id(o) for o in schema.objects}
    extra = tuple(f.object for f in findings if id(f.object) not in known)
    index = CatalogIndex(Schema((*schema.objects, *extra))) if extra else catalog_of(schema)
    resolved = resolve_entries(whitelist, index)

    # An entry excuses its object in every dialect the tree keeps it for.
    copies = tuple(
        index.resolve_all(e.kind, e.parts, database=e.database) for e in whitelist.entries
    )
    live: dict[ObjectRef, list[int]] = {}
    for position, found_copies in enumerate(copies):
        for copy in found_copies:
            if not copy.renamed:
                live.setdefault(ref_of(copy.obj), []).append(position)

    used: set[int] = set()
    out: list[Finding] = []
    for finding in findings:
        chosen: WhitelistEntry | None = None
        for position in live.get(ref_of(finding.object), ()):
            entry = whitelist.entries[position]
            if entry.covers(finding):
                used.add(position)
                chosen = chosen or entry
        out.append(
            finding
            if chosen is None
            else replace(finding, whitelisted=True, whitelist_phase=chosen.phase)
        )
    if not complete:
        return Applied(tuple(out), (), (), resolved)

    stale: list[StaleEntry] = []
    off_plan: list[Diagnostic] = []
    left_over: list[Diagnostic] = []
    skipped = {id(e) for e in unjudged}
    for position, (entry, found) in enumerate(zip(whitelist.entries, resolved, strict=True)):
        if not _is_active(entry, active_rules) or id(entry) in skipped:
            continue
        # Each copy is judged on its own: one renamed off-plan is an error even
        # while another copy still carries the old name (and uses the entry).
        wrong = [
            c for c in copies[position] if c.renamed and entry.target and not _is_target(entry, c)
        ]
        if wrong:
            off_plan.extend(_off_plan(entry, c) for c in wrong)
            continue
        # Renamed in one copy, not in another: the entry is the other copy's
        # plan, even where that copy's rules never flagged the name.
        left, done = copies_left(entry, copies[position], index)
        if left:
            left_over.extend(copy_left_diagnostics(entry, left, done, schema.files))
            continue
        if position in used:
            continue
        reason = _stale_reason(entry, found, index, events, copies[position])
        where = None if found is None else found.obj.location.path
        stale.append(
            StaleEntry(entry.kind.value, entry.name, entry.location, reason, entry.phase, where)
        )
    return Applied(tuple(out), tuple(stale), tuple(off_plan), resolved, tuple(left_over))


def _is_target(entry: WhitelistEntry, found: Resolved) -> bool:
    """Whether the object now carries the entry's planned name (last part, as SQL folds it)."""
    return at_target(entry, found.obj)


def _stale_reason(
    entry: WhitelistEntry,
    found: Resolved | None,
    index: CatalogIndex,
    events: Sequence[Event] | None = None,
    copies: Sequence[Resolved] = (),
) -> str:
    schema = index.schema
    if found is None:
        elsewhere = _in_other_schemas(entry, index)
        if elsewhere:
            # Hand-written for a table of another schema, or that schema's copy
            # is all that is left: the entry never names it, whatever is there.
            return (
                f"no {entry.kind.value} named {entry.name} exists in the default schema (an entry "
                f"without a schema names only its objects): did you mean "
                f"{' or '.join(elsewhere)}? write the schema, or delete the entry if the "
                f"{entry.kind.value} is gone"
            )
        again = _created_as_target(entry, index)
        if again is not None:
            # SQLite cannot rename an index or a trigger: migrate drops it and
            # creates it under its target in one migration. "Did you mean the
            # target?" would have the user widen the entry to the new name.
            # A dump regenerated after the rename ran (pg_dump's structure.sql)
            # holds the object under its new name and nothing else: no drop.
            how = (
                "the regenerated dump holds it under that name"
                if _snapshot(again, schema)
                else "dropped and created again under that name"
            )
            return (
                f"renamed to its target {again.name} at {again.location} ({how}): delete this entry"
            )
        there = _in_other_databases(entry, index)
        if there is not None:
            # Never "did you mean <the same name>?" (trial s22 temporal): say where it is.
            other = there.source.database
            fix = (
                f"write `database: {other}` in the entry"
                if other is not None
                else "delete the entry's `database:`"
            )
            return (
                f"no {entry.kind.value} named {entry.name} exists in database {entry.database} "
                f"(the entry's `database:`); it is in "
                f"{f'database {other}' if other else 'a file of no `databases:` entry'} "
                f"({there.location}): {fix}, or delete the entry if the {entry.kind.value} is "
                f"gone from {entry.database}"
            )
        close = _close_names(entry, schema)
        if close:
            # Most often a typo in the entry, not an object that went away:
            # deleting it would leave the real object unexcused.
            return (
                f"no {entry.kind.value} named {entry.name} exists: did you mean "
                f"{' or '.join(close)}? correct the entry's name, or delete it if the "
                f"{entry.kind.value} is gone"
            )
        if events is not None and not _ever_named(entry, events):
            # Only application code makes it (a Go string's CREATE TABLE, an
            # ORM model): "any more" would say the files dropped it.
            return (
                f"no {entry.kind.value} named {entry.name} is in the schema the files build: "
                f"delete this entry"
            )
        return f"no {entry.kind.value} named {entry.name} exists any more: delete this entry"
    if found.renamed:
        where = str(found.obj.location)
        renamed = [c.obj for c in copies if c.renamed]
        if len(renamed) > 1:
            # every copy had its rename: say each (the prune line is the proof)
            where = " and ".join(sorted(f"{o.location} ({copy_label(o)})" for o in renamed))
        if entry.target is not None:
            return f"renamed to its target {found.obj.name} at {where}: delete this entry"
        return f"renamed to {found.obj.name} at {where}: delete this entry"
    moved = [c.obj for c in copies if c.renamed]
    if moved and entry.target is not None:
        # One copy renamed, the other stores the target already (PostgreSQL
        # folds an unquoted Keyword07 to keyword07): no rename is left to write.
        where = " and ".join(sorted(f"{o.location} ({copy_label(o)})" for o in moved))
        stored = sorted({copy_label(c.obj) for c in copies if not c.renamed})
        return (
            f"renamed to its target {moved[0].name} at {where}; "
            f"{' and '.join(stored)} stores it as its target already: delete this entry"
        )
    if entry.rules is None:
        return "no longer breaks any rule: delete this entry"
    return f"no longer breaks {', '.join(entry.rules)}: delete this entry"


def _ever_named(entry: WhitelistEntry, events: Sequence[Event]) -> bool:
    """Whether a CREATE or RENAME of ``events`` gave an object of the entry's
    kind the entry's (last) name, as each event's dialect folds it."""
    text, quoted = split_name(entry.name)[-1]
    for event in events:
        if event.kind != entry.kind or event.op not in (EventOp.CREATE, EventOp.RENAME):
            continue
        if event.name is None:
            return True  # a name the dialect chose: it may have been this one
        profile = profile_for(event.source.dialect)
        kind = event.kind.value
        want = profile.key(text, quoted, kind)
        named = [(event.name, event.quoted), (event.new_name, event.new_quoted)]
        if any(n is not None and profile.key(n, q, kind) == want for n, q in named):
            return True
    return False


def _snapshot(obj: SchemaObject, schema: Schema) -> bool:
    """Whether ``obj``'s file is a snapshot of the whole schema, rewritten by a
    dump tool, not a migration: a Rails dump by name (``db/structure.sql``,
    ``db/<name>_structure.sql``, ``db/schema.rb``), or the only file its catalog reads (one
    schema file: nothing earlier was dropped, the file was written anew)."""
    path = obj.source.path.replace("\\", "/")
    name = path.rsplit("/", 1)[-1].lower()
    if (structure_dump_name(name) or name == "schema.rb") and path.rsplit("/", 2)[-2:-1] == ["db"]:
        return True  # schema.rb: the Ruby dump Rails rewrites alike
    read = [f.path for f in schema.files if f.catalog == obj.source.catalog]
    return bool(read) and all(f == obj.source.path for f in read)


def _created_as_target(entry: WhitelistEntry, index: CatalogIndex) -> SchemaObject | None:
    """The object of the entry's kind (on the entry's table, followed through
    its renames) that carries the entry's ``target``, when its own name is
    gone: the object dropped and created again under its target."""
    if entry.target is None:
        return None
    wanted = (*entry.parts[:-1], split_name(entry.target)[-1])
    found = index.resolve(entry.kind, wanted, database=entry.database)
    return found.obj if found is not None and not found.renamed else None


def _in_other_schemas(entry: WhitelistEntry, index: CatalogIndex) -> list[str]:
    """What a schema-less entry would name with another schema written (at most two)."""
    if len(entry.parts) != (2 if entry.kind in TABLE_ATTACHED_KINDS else 1):
        return []
    refs = (ref_of(o) for o in index.schema.objects if o.kind is entry.kind)
    out: list[str] = []
    for name in sorted({r.schema for r in refs if r.schema is not None}):
        found = index.resolve(entry.kind, ((name, False), *entry.parts), database=entry.database)
        if found is not None and not found.renamed:
            out.append(display_name(found.obj))
    return out[:2]


def _close_names(entry: WhitelistEntry, schema: Schema) -> list[str]:
    """Names of the entry's kind that look like a typo of its name (at most two)."""
    names = {display_name(o) for o in schema.objects if o.kind is entry.kind}
    by_fold = {n.lower().replace('"', ""): n for n in names}
    wanted = entry.name.lower().replace('"', "")
    # Compare without a default schema the entry may or may not write.
    for prefix in ("public.", "dbo.", "main."):
        if wanted.startswith(prefix) and wanted[len(prefix) :] in by_fold:
            return []
    # (the entry's own name is no suggestion: the object it names is not here)
    others = [n for n, shown in by_fold.items() if shown != entry.name]
    close = difflib.get_close_matches(wanted, others, n=2, cutoff=0.75)
    return [by_fold[c] for c in close]


def _in_other_databases(entry: WhitelistEntry, index: CatalogIndex) -> SchemaObject | None:
    """The object the entry names in another separate database than its
    ``database:`` (the first found), when none is in its own."""
    if entry.database is None:
        return None
    found = index.resolve(entry.kind, entry.parts)
    if found is None or found.renamed or found.obj.source.database == entry.database:
        return None
    return found.obj


def _off_plan(entry: WhitelistEntry, found: Resolved) -> Diagnostic:
    obj = found.obj
    return Diagnostic(
        obj.location,
        Severity.ERROR,
        f"{entry.kind.value} {entry.name} was renamed to {display_name(obj)}, but its whitelist "
        f"entry ({entry.location.path}:{entry.location.line}) plans {entry.target}: rename it "
        f"to the planned target, or, to keep {display_name(obj)}, delete the entry (a name "
        "that breaks no rule needs none)",
        OFF_PLAN_CODE,
    )


def _is_active(entry: WhitelistEntry, active_rules: Collection[str] | None) -> bool:
    if active_rules is None or entry.rules is None:
        return True
    active = {r.lower() for r in active_rules}
    return any(r.lower() in active for r in entry.rules)


def excusing_rules_off(
    whitelist: Whitelist, active_rules: Collection[str]
) -> dict[tuple[str, ...], tuple[WhitelistEntry, ...]]:
    """Entries whose ``rules:`` all name rules that do not run (``active_rules``:
    codes and names of those that do), grouped by those rules as written.

    Such an entry excuses nothing and is never stale: a relaxation of the
    config (``DBN105: false``) that left it in place. Entries for every rule
    (no ``rules:``) are never among them.
    """
    groups: dict[tuple[str, ...], list[WhitelistEntry]] = {}
    for entry in whitelist.entries:
        if entry.rules is not None and not _is_active(entry, active_rules):
            groups.setdefault(tuple(sorted(entry.rules)), []).append(entry)
    return {rules: tuple(entries) for rules, entries in groups.items()}


def phase_progress(whitelist: Whitelist) -> tuple[PhaseProgress, ...]:
    """Entries left per phase, in the file's order; ``done`` needs git history."""
    counts: dict[str | None, int] = {}
    for entry in whitelist.entries:
        counts[entry.phase] = counts.get(entry.phase, 0) + 1
    out = [PhaseProgress(p.id, p.title, p.status, counts.get(p.id, 0), 0) for p in whitelist.phases]
    if counts.get(None):
        out.append(PhaseProgress("", "(no phase)", "open", counts[None], 0))
    return tuple(out)
