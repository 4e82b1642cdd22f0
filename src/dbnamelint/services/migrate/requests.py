"""Rename requests from the whitelist's targets and from ``--rename OLD=NEW``.

An entry's name denotes its object as ``check`` reads it (the whitelist's
identity, following renames: ``_Planner.find_entry`` in :mod:`.plan`);
``--rename OLD=NEW`` names its table as SQL folds it. A target is an
identifier as SQL would spell it: ``lastMessageAt`` folds as the dialect
folds unquoted names, ``'"lastMessageAt"'`` keeps its case.
Column entries name ``[schema.]table.column``; the target is the column's
new name. Index, constraint and trigger entries (``[schema.]table.name``)
and sequence entries (``[schema.]name``) with a target are requests too:
the phase renames them to their target, and a dependent of a renamed table
takes its own entry's target whatever its phase (:func:`planned_targets`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for
from dbnamelint.migration_text import masked
from dbnamelint.model import ObjectKind, Schema, SchemaObject
from dbnamelint.services.migrate.plan import DEPENDENT_KINDS, TYPE_KINDS, PlanError, Request
from dbnamelint.synapse_layout import is_runner_object
from dbnamelint.whitelist import Whitelist, WhitelistEntry, split_name

_RENAMEABLE = (ObjectKind.TABLE, ObjectKind.COLUMN)
#: Kinds renamed to a target (tables and columns, and what is named after them).
_TARGETED = (*_RENAMEABLE, *DEPENDENT_KINDS)
#: Kinds migrate never renames.
_BY_HAND = frozenset(
    {
        ObjectKind.SCHEMA,
        ObjectKind.VIEW,
        ObjectKind.MATERIALIZED_VIEW,
        ObjectKind.TYPE,
        ObjectKind.DOMAIN,
        ObjectKind.FUNCTION,
        ObjectKind.POLICY,  # judged by DBN505 since trial s34; ALTER POLICY p ON t RENAME TO
    }
)


def _renames_types(dialect: str | None) -> bool:
    """Whether migrate renames type and domain entries in ``dialect`` (PostgreSQL:
    ``ALTER TYPE|DOMAIN ... RENAME TO``; None: the tree's dialect is not known,
    read as PostgreSQL, the default profile)."""
    return profile_for(dialect).family is Family.POSTGRES


def _targeted(dialect: str | None) -> tuple[ObjectKind, ...]:
    return (*_TARGETED, *TYPE_KINDS) if _renames_types(dialect) else _TARGETED


def _by_hand_kinds(dialect: str | None) -> frozenset[ObjectKind]:
    return _BY_HAND - set(TYPE_KINDS) if _renames_types(dialect) else _BY_HAND


def from_whitelist(
    whitelist: Whitelist, phases: Collection[str] | None, dialect: str | None = None
) -> list[Request]:
    """One request per table/column entry with a ``target`` (in ``phases``, or all),
    and per index, constraint, trigger or sequence entry with one (in
    PostgreSQL, ``dialect``, also per type and domain entry).

    Raises :class:`PlanError` for a phase id the whitelist does not declare
    or a target that is not one identifier.
    """
    if phases is not None:
        known = {p.id for p in whitelist.phases} | {e.phase for e in whitelist.entries if e.phase}
        unknown = sorted(set(phases) - known)
        if unknown:
            raise PlanError(
                f"{whitelist.path}: no phase {', '.join(unknown)} "
                f"(phases: {', '.join(sorted(known)) or 'none'})"
            )
    return _requests(whitelist, phases, _targeted(dialect))


def planned_targets(whitelist: Whitelist) -> list[Request]:
    """Every table, index, constraint, trigger and sequence entry with a ``target``, any phase.

    A dependent a phase must rename with its table takes its own entry's
    target (else ``check`` reports it renamed off-plan, DBN902); one whose
    target follows a table another phase renames waits for that phase.
    Raises :class:`PlanError` as :func:`from_whitelist` does.
    """
    return _requests(whitelist, None, (ObjectKind.TABLE, *DEPENDENT_KINDS))


def planned_column_targets(whitelist: Whitelist) -> list[Request]:
    """Every column entry with a ``target``, any phase (what ``whitelist
    retarget`` makes dependents' targets follow, beside :func:`planned_targets`)."""
    return _requests(whitelist, None, (ObjectKind.COLUMN,))


def _requests(
    whitelist: Whitelist, phases: Collection[str] | None, kinds: Collection[ObjectKind]
) -> list[Request]:
    out: list[Request] = []
    for entry in whitelist.entries:
        if entry.kind not in kinds or not entry.target:
            continue
        if phases is not None and entry.phase not in phases:
            continue
        origin = f"{entry.location.path}:{entry.location.line}"
        target = split_name(entry.target)
        if len(target) != 1:
            raise PlanError(f"{origin}: target {entry.target!r} must be one name, not qualified")
        parts = entry.parts  # as `check` reads the entry's name
        need = 1 if entry.kind in (ObjectKind.TABLE, ObjectKind.SEQUENCE, *TYPE_KINDS) else 2
        if len(parts) not in (need, need + 1):
            raise PlanError(f"{origin}: {entry.kind.value} name {entry.name!r} cannot be read")
        new = target[0]
        if entry.kind is ObjectKind.TABLE:
            new = (with_leading_run(parts[-1][0], new[0]), new[1])
        out.append(Request(entry.kind, parts, new, origin, entry.phase, entry=True))
    return out


#: How each family renames what migrate does not, by kind (the manuals:
#: MySQL 15.1.36 RENAME TABLE, which takes views, and CREATE/DROP for routines,
#: which cannot be renamed; SQLite has no ALTER VIEW; SQL Server sp_rename).
_RENAMED_BY_HAND: dict[Family, dict[ObjectKind, str]] = {
    Family.MYSQL: {
        ObjectKind.VIEW: "RENAME TABLE old_view TO new_view",
        ObjectKind.FUNCTION: "DROP and CREATE the FUNCTION or PROCEDURE under the new name",
        ObjectKind.SCHEMA: "CREATE DATABASE new, RENAME TABLE old.t TO new.t for each table",
    },
    Family.SQLITE: {
        ObjectKind.VIEW: "DROP VIEW old_view, then CREATE VIEW new_view",
    },
    Family.TSQL: {
        ObjectKind.VIEW: "EXEC sp_rename 'schema.old_view', 'new_view'",
        ObjectKind.FUNCTION: "EXEC sp_rename 'schema.old_routine', 'new_routine'",
        ObjectKind.TYPE: "CREATE TYPE under the new name and move the columns to it",
        ObjectKind.SCHEMA: "CREATE SCHEMA new, ALTER SCHEMA new TRANSFER old.t for each object",
    },
}


#: Kinds whose request names their table before their own name.
_ON_TABLE = frozenset(
    {ObjectKind.COLUMN, ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TRIGGER}
)


def without_runner_tables(
    requests: Sequence[Request],
    schema: Schema,
    is_runner: Callable[[SchemaObject], bool] = is_runner_object,
) -> tuple[list[Request], list[Request]]:
    """``requests`` without those renaming a migration runner's own tables or
    what is on them, and those left out. ``is_runner``: Synapse's
    (:func:`dbnamelint.synapse_layout.is_runner_object`: the tables its
    ``schema_version.sql`` creates, which ``prepare_database`` names), or a Go
    migration list's (:func:`dbnamelint.go_list_sql.is_runner_object`)."""
    runner = {t.name.casefold() for t in schema.of_kind(ObjectKind.TABLE) if is_runner(t)}
    if not runner:
        return list(requests), []
    kept: list[Request] = []
    dropped: list[Request] = []
    for req in requests:
        at = -1 if req.kind is ObjectKind.TABLE else -2 if req.kind in _ON_TABLE else 0
        table = req.parts[at][0] if at and len(req.parts) >= -at else ""
        (dropped if table.casefold() in runner else kept).append(req)
    return kept, dropped


def _by_hand_statements(entries: Sequence[WhitelistEntry], dialect: str | None = None) -> str:
    """How to rename each kind among ``entries`` by hand, in kind order, in
    ``dialect``'s terms (PostgreSQL's ``ALTER TYPE ... RENAME TO ...`` otherwise)."""
    kinds = sorted({e.kind for e in entries}, key=list(ObjectKind).index)
    own = _RENAMED_BY_HAND.get(profile_for(dialect).family, {}) if dialect else {}
    return ", ".join(
        own.get(k) or f"ALTER {k.value.replace('_', ' ').upper()} ... RENAME TO ..." for k in kinds
    )


def _in_scope(
    whitelist: Whitelist, phases: Collection[str] | None, kinds: Collection[ObjectKind]
) -> list[WhitelistEntry]:
    """Entries of ``kinds`` in ``phases`` (None: every phase)."""
    return [
        e for e in whitelist.entries if e.kind in kinds and (phases is None or e.phase in phases)
    ]


def without_target(
    whitelist: Whitelist, phases: Collection[str] | None, dialect: str | None = None
) -> list[WhitelistEntry]:
    """Entries (in ``phases``, or all) of a kind a phase renames to its target
    (tables, columns, indexes, constraints, triggers, sequences; PostgreSQL
    types and domains) that name no ``target``: the phase leaves them as
    they are, so the command says so."""
    return [e for e in _in_scope(whitelist, phases, _targeted(dialect)) if not e.target]


def by_hand(
    whitelist: Whitelist, phases: Collection[str] | None, dialect: str | None = None
) -> list[WhitelistEntry]:
    """Entries (in ``phases``, or all) of kinds migrate never renames (views,
    functions, schemas; types and domains outside PostgreSQL): a phase's
    plan leaves them out, so the command says so, with the statements that
    rename them by hand."""
    return _in_scope(whitelist, phases, _by_hand_kinds(dialect))


def by_hand_message(entries: Sequence[WhitelistEntry], dialect: str | None = None) -> str:
    """What to do about :func:`by_hand` entries, for a note or a refusal, in the
    terms of ``dialect`` (the copy being planned) when given."""
    also = ", types and domains" if _renames_types(dialect) else ""
    return (
        f"{untargeted_message(entries)}: migrate renames tables and columns (and what is "
        f"named after them){also} only; rename these by hand "
        f"({_by_hand_statements(entries, dialect)}), then `whitelist prune`"
    )


def untargeted_message(entries: Sequence[WhitelistEntry], limit: int = 5) -> str:
    """``table a (whitelist.yaml:12), column b.c (whitelist.yaml:14) and 3 more``."""
    shown = [
        f"{e.kind.value} {e.name} ({e.location.path}:{e.location.line})" for e in entries[:limit]
    ]
    more = len(entries) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def parse_rename(text: str, *, column: bool = False) -> Request:
    """``OLD=NEW`` (``[schema.]table`` or, with ``column``, ``[schema.]table.column``).

    ``=`` inside a quoted name does not split. Raises :class:`PlanError`
    when there is no ``=`` outside quotes or either side is empty.
    """
    option = "--rename-column" if column else "--rename"
    # {{.prefix}}boards: the run of underscores the reader holds for it
    plain = masked(text)
    at = _split_at(plain)
    if at < 0:
        raise PlanError(f"{option} {text!r}: expected OLD=NEW")
    old, new = plain[:at].strip(), plain[at + 1 :].strip()
    if not old or not new:
        raise PlanError(f"{option} {text!r}: expected OLD=NEW")
    parts = split_name(old)
    target = split_name(new)
    if len(target) != 1:
        raise PlanError(f"{option} {text!r}: the new name must be one name, not qualified")
    kind = ObjectKind.COLUMN if column else ObjectKind.TABLE
    need = 2 if column else 1
    if len(parts) not in (need, need + 1) or any(not p for p, _ in parts):
        what = "[schema.]table.column" if column else "[schema.]table"
        raise PlanError(f"{option} {text!r}: OLD must read {what}")
    new_name, quoted = target[0]
    if not column:
        new_name = with_leading_run(parts[-1][0], new_name)
    return Request(kind, parts, (new_name, quoted), option)


#: A placeholder's run opening a name (``___________sharing``), and any run.
_LEADING_RUN = lazy_compile(r"_{4,}(?=[^_])")
_ANY_RUN = lazy_compile(r"_{4,}")


def with_leading_run(old: str, new: str) -> str:
    """``new``, the new name of table ``old``, opening with the placeholder's
    run ``old`` opens with (``{{.prefix}}sharing`` -> ``sharing_links`` is
    ``{{.prefix}}sharing_links``: focalboard reads ``tablePrefix + "sharing_links"``),
    unless ``new`` holds a placeholder's run already (the user's own)."""
    lead = _LEADING_RUN.match(old)
    if lead is None or _ANY_RUN.search(new) is not None:
        return new
    return lead.group() + new


def _split_at(text: str) -> int:
    """Index of the first ``=`` outside double quotes or backticks, or -1."""
    quote: str | None = None
    for i, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in '"`':
            quote = char
        elif char == "=":
            return i
    return -1


def requests_for(
    whitelist: Whitelist,
    phases: Sequence[str],
    renames: Sequence[str],
    column_renames: Sequence[str],
    all_targets: bool,
    dialect: str | None = None,
) -> list[Request]:
    """Every request a command line asks for, whitelist targets first (a refusal
    speaks ``dialect``'s terms)."""
    out: list[Request] = []
    if phases or all_targets:
        out += from_whitelist(whitelist, None if all_targets else set(phases), dialect)
        if not out:
            which = "the whitelist" if all_targets else f"phase {', '.join(phases)}"
            scope = None if all_targets else set(phases)
            missing = without_target(whitelist, scope, dialect)
            others = by_hand(whitelist, scope, dialect)
            if others:
                # Views, functions, types...: renamed by hand, then pruned. Said
                # first: "no entry has a target" would be false for them.
                untargeted = f"; not renamed either, no `target:`: {untargeted_message(missing)}"
                raise PlanError(
                    f"{whitelist.path}: {which} has no table or column entry to rename; "
                    f"{by_hand_message(others, dialect)}" + (untargeted if missing else "")
                )
            if missing:
                raise PlanError(
                    f"{whitelist.path}: no entry of {which} has a target to rename to: "
                    f"{untargeted_message(missing)}; write each entry's `target:` (the name "
                    "`check` suggests, or one you choose where it suggests none), or rename "
                    "with --rename OLD=NEW"
                )
            left = _in_scope(whitelist, scope, set(ObjectKind))
            if left:
                raise PlanError(
                    f"{whitelist.path}: no entry of {which} has a target to rename to; "
                    f"{len(left)} left without one: {untargeted_message(left)}; write each "
                    "entry's `target:` and run migrate again, or rename by hand and run "
                    "`whitelist prune`"
                )
            raise PlanError(f"{whitelist.path}: {which} has no entry left (is it done already?)")
    out += [parse_rename(r) for r in renames]
    out += [parse_rename(r, column=True) for r in column_renames]
    if not out:
        raise PlanError(
            "nothing to rename: give --phase ID, --all, --rename OLD=NEW or "
            "--rename-column TABLE.OLD=NEW"
        )
    return out
