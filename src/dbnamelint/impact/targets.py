"""Which old names to look for in code: whitelisted objects and renamed ones.

A whitelisted object's current name is the legacy name code still uses;
an object the schema already renamed keeps its earlier names in
``previous_names``, and code using those runs only through a compatibility
view. Both kinds of name are *old names* here. This module reads neither
files nor git: it turns a whitelist and a schema model into targets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.compatibility import keeps_old_name, old_columns
from dbnamelint.core.identity import (
    LooseKey,
    NamePart,
    loose_key,
    matches_parts,
    names_schema,
    ref_of,
    split_name,
)
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import copy_of, profile_for
from dbnamelint.model import TABLE_ATTACHED_KINDS, ObjectKind, Schema, SchemaObject
from dbnamelint.whitelist import Whitelist, WhitelistEntry

#: Kinds whose earlier names are worth finding in code once renamed (policy
#: names are rarely written outside DDL); constraints, indexes and triggers
#: too (:data:`DEPENDENT_RENAMED`), listed only where code names them.
RENAMED_KINDS = frozenset(
    {
        ObjectKind.TABLE,
        ObjectKind.VIEW,
        ObjectKind.MATERIALIZED_VIEW,
        ObjectKind.COLUMN,
        ObjectKind.SEQUENCE,
        ObjectKind.TYPE,
        ObjectKind.DOMAIN,
        ObjectKind.FUNCTION,
        ObjectKind.SCHEMA,
        ObjectKind.CONSTRAINT,
        ObjectKind.INDEX,
        ObjectKind.TRIGGER,
    }
)
#: Renamed kinds no view bridges, named in code only in SQL's own positions
#: (``ON CONFLICT ON CONSTRAINT``): an unreferenced one is not listed.
DEPENDENT_RENAMED = frozenset({ObjectKind.CONSTRAINT, ObjectKind.INDEX, ObjectKind.TRIGGER})


class Target(Struct, frozen=True):
    """One object whose old names code may still use.

    ``name`` is the whitelist entry's name as written (or the renamed
    object's qualified name); ``old_names`` are bare identifiers (no schema,
    no table), the legacy name first, as written; ``stored`` the same names
    as the catalog stores them (folded per ``dialect``: ``"post"`` and
    ``post`` are both stored ``post`` in PostgreSQL), which is what a name
    in code is compared with. ``schemas`` are the qualifiers that mean this
    object's schema (its own and the dialect's default); ``tables`` the
    owning table's names for attached kinds. ``exact``: the legacy name is
    stored in a spelling only quotes give (``"User"`` in PostgreSQL), so
    only that spelling, quoted, refers to it.
    """

    kind: str
    name: str
    phase: str | None
    target: str | None  # bare new name, when known
    old_names: tuple[str, ...]
    schemas: tuple[str, ...]
    tables: tuple[str, ...]
    exact: bool
    renamed: bool  # True: the schema already renamed it; old names are previous names
    stored: tuple[str, ...] = ()  # old_names as stored; empty: as written
    dialect: str | None = None  # whose folding ``stored`` follows
    #: A whitelist entry still names the old name the schema renamed already
    #: (its phase applied, the entry not yet pruned).
    stale_entry: bool = False
    #: SQL must quote ``target`` to name the new object: written bare, the
    #: dialect would fold it to another name (``"finishedAt"`` in
    #: PostgreSQL), or it is a reserved word or holds other characters.
    target_quoted: bool = False
    #: Not whitelisted itself: a constraint, index, sequence or trigger that
    #: the schema renamed already, or that
    #: ``migrate`` renames with its table (an implicit or derived name,
    #: :mod:`~dbnamelint.impact.planned`). No compatibility view keeps its old
    #: name, so code naming it fails as soon as the migration runs.
    dependent: bool = False

    @property
    def attached(self) -> bool:
        """Whether the object belongs to a table (column, index, constraint...)."""
        return _attached(self.kind)

    @property
    def renamed_key(self) -> tuple[str, str, str | None]:
        """Kind, schema and new name: an entry's target and the object the
        schema renamed to it share it only in one schema (``umami.event``
        is not done when ``public.event`` was renamed to the same name)."""
        schema = self.schemas[0].casefold() if self.schemas else ""
        return self.kind, schema, self.target


@functools.cache  # asked per candidate object of each place code names
def _attached(kind: str) -> bool:
    return ObjectKind(kind) in TABLE_ATTACHED_KINDS


def same_object(
    entry: WhitelistEntry, obj: SchemaObject, parts: tuple[NamePart, ...] | None = None
) -> bool:
    """Whether a whitelist entry names ``obj``, by the core identity rules.

    ``parts`` is ``split_name(entry.name)`` when the caller has it already.
    """
    if obj.kind is not entry.kind:
        return False
    if parts is None:
        parts = split_name(entry.name)
    attached = entry.kind in TABLE_ATTACHED_KINDS
    stored = (obj.table or "", obj.name) if attached else (obj.name,)
    if len(parts) < len(stored):
        return False
    return matches_parts(
        parts, ref_of(obj), stored, obj.quoted, profile_for(obj.source.dialect).default_schema
    )


def _stored_key(obj: SchemaObject) -> LooseKey:
    """The loose key every entry naming ``obj`` has (see :func:`same_object`).

    :func:`matches_parts` compares the written table and name parts with
    the stored ones at least without case, so an entry can only name the
    objects filed under its own :func:`~dbnamelint.core.identity.loose_key`.
    """
    if obj.kind in TABLE_ATTACHED_KINDS:
        return loose_key(obj.kind, ((obj.table or "", False), (obj.name, False)))
    return loose_key(obj.kind, ((obj.name, False),))


#: Kinds whose names share one namespace per schema (PostgreSQL's pg_class):
#: a view may hold the name a table was renamed away from.
_RELATION_KINDS = frozenset(
    {ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.SEQUENCE}
)

_HolderKey = tuple[str, str, str, str, str]


def _holder_key(obj: SchemaObject, name: str, quoted: bool) -> _HolderKey:
    """Where ``name`` would clash with ``obj``'s current name: its copy of a
    schema kept for several databases (a CockroachDB copy's column is no
    PostgreSQL copy's, although both are in ``public``), its namespace (the
    relations of a schema, or the table's columns...) and the name as
    ``obj``'s dialect compares it."""
    profile = profile_for(obj.source.dialect)
    default = profile.default_schema or ""
    attached = obj.kind in TABLE_ATTACHED_KINDS
    space = "relation" if obj.kind in _RELATION_KINDS else obj.kind.value
    schema = ((obj.table_schema if attached else obj.schema) or default).casefold()
    table = profile.key(obj.table or "", False, ObjectKind.TABLE.value) if attached else ""
    copy = copy_of(obj.source.dialect)
    return (copy, space, schema, table, profile.key(name, quoted, obj.kind.value))


class _ObjectFinder:
    """First object (in schema order) an entry names, without a scan per entry.

    Also which earlier names are still an object's: a name another object
    holds now (``events`` renamed to ``event_archive``, then ``events_new``
    renamed to ``events``) names that object in code, not the renamed one.
    """

    __slots__ = ("_by_key", "_by_previous", "_held", "_previous", "_table_now")

    def __init__(self, objects: Iterable[SchemaObject]) -> None:
        objects = list(objects)
        self._by_key: dict[LooseKey, list[SchemaObject]] = {}
        #: (schema, table name) -> the table's earlier names; the same name
        #: in another schema is another table.
        self._previous: dict[tuple[str | None, str], list[str]] = {}
        self._table_now: dict[str, str] = {}  # folded earlier table name -> current name
        self._by_previous: dict[tuple[ObjectKind, str], list[SchemaObject]] = {}
        self._held: dict[_HolderKey, list[SchemaObject]] = {}
        for obj in objects:
            self._held.setdefault(_holder_key(obj, obj.name, obj.quoted), []).append(obj)
        # A compatibility view's columns of the table's old column names spell
        # them on purpose: an entry names the table's renamed column, never the
        # view's (as in :class:`~dbnamelint.core.index.CatalogIndex`).
        compatibility = old_columns(objects)  # per catalog: copies differ
        for obj in objects:
            if keeps_old_name(obj, compatibility):
                continue
            self._by_key.setdefault(_stored_key(obj), []).append(obj)
            if obj.kind is ObjectKind.TABLE:
                key = (ref_of(obj).schema, obj.name)
                self._previous.setdefault(key, []).extend(n for n, _ in self.earlier_names(obj))
                for old in obj.previous_names:
                    self._table_now.setdefault(old.casefold(), obj.name)
            for old in obj.previous_names:
                self._by_previous.setdefault((obj.kind, old.casefold()), []).append(obj)

    def find(self, entry: WhitelistEntry, parts: tuple[NamePart, ...]) -> SchemaObject | None:
        """The first object :func:`same_object` accepts for ``entry``; None if none."""
        candidates = self._by_key.get(loose_key(entry.kind, parts), ())
        return next((o for o in candidates if same_object(entry, o, parts)), None)

    def moved(self, entry: WhitelistEntry, parts: tuple[NamePart, ...]) -> SchemaObject | None:
        """The object an entry names under its table's new name (``tuple._user``
        once ``tuple`` is ``tuples``), for table-attached kinds; None if none."""
        if entry.kind not in TABLE_ATTACHED_KINDS or len(parts) < 2:
            return None
        table = self._table_now.get(parts[-2][0].casefold())
        if table is None:
            return None
        return self.find(entry, (*parts[:-2], (table, False), parts[-1]))

    def renamed(self, entry: WhitelistEntry, parts: tuple[NamePart, ...]) -> list[SchemaObject]:
        """The objects the schema renamed away from the entry's name, in schema
        order: one per copy of a schema kept for several databases (none left:
        the entry is stale, its phase applied). The name is compared as the
        object's dialect stores it; a schema or table part must be the
        object's (or one of its table's names)."""
        return [
            obj
            for obj in self._by_previous.get((entry.kind, parts[-1][0].casefold()), ())
            if renamed_from(obj, parts, self.table_previous(obj))
        ]

    def earlier_names(self, obj: SchemaObject) -> list[tuple[str, bool]]:
        """``obj``'s earlier names (with whether each was quoted) that no other
        object holds now: only those still refer to ``obj`` in code. A
        compatibility view under the table's old name is no other object: code
        using that name reaches the table through it."""
        return [
            (name, quoted)
            for name, quoted in previous_written(obj)
            if all(
                holder is obj or holder.compatibility_view_for == obj.name
                for holder in self._held.get(_holder_key(obj, name, quoted), ())
            )
        ]

    def table_previous(self, obj: SchemaObject | None) -> list[str]:
        """The owning table's current and earlier names (code may use either)."""
        if obj is None or not obj.table:
            return []
        return [obj.table, *self._previous.get((ref_of(obj).schema, obj.table), ())]


def renamed_from(obj: SchemaObject, parts: tuple[NamePart, ...], tables: Iterable[str]) -> bool:
    """Whether ``parts`` (a whitelist entry's name) name ``obj`` by an earlier name.

    ``tables``: the owning table's names (current and earlier), for attached kinds.
    """
    attached = obj.kind in TABLE_ATTACHED_KINDS
    rest = 2 if attached else 1
    if len(parts) < rest or len(parts) > rest + 1:
        return False
    profile = profile_for(obj.source.dialect)
    bare, quoted = parts[-1]
    # The whitelist's identity (core.identity.matches_parts): quoted on either
    # side compares exactly with the stored name, else without case, so the
    # entry ``UserAccounts`` names the table created as "UserAccounts".
    stored = [(profile.fold(n, q), quoted or q) for n, q in previous_written(obj)]
    if not any(bare == s if exact else bare.casefold() == s.casefold() for s, exact in stored):
        return False
    if attached and parts[-2][0].casefold() not in {t.casefold() for t in tables}:
        return False
    # The schema as every entry names one (a bare name: the default schema's object).
    return names_schema(parts[:-rest], ref_of(obj).schema, profile.default_schema)


def _schemas(obj_schema: str | None, dialect: str | None) -> tuple[str, ...]:
    default = profile_for(dialect).default_schema
    return tuple(dict.fromkeys(s for s in (obj_schema, default) if s))


def _dialect(obj: SchemaObject | None) -> str | None:
    return obj.source.dialect if obj is not None else None


def stored_names(
    written: Iterable[tuple[str, bool]], dialect: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(names, stored names) of ``(name, quoted)`` pairs, first spelling of each stored name kept.

    A name is stored as ``dialect`` folds it (:meth:`DialectProfile.fold`);
    two spellings of one stored name (``post``, ``"post"``) are one name.
    """
    profile = profile_for(dialect)
    by_stored: dict[str, str] = {}
    for name, quoted in written:
        by_stored.setdefault(profile.fold(name, quoted), name)
    return tuple(by_stored.values()), tuple(by_stored)


def needs_quotes(stored: str, dialect: str | None) -> bool:
    """Whether only a quoted spelling gives ``stored`` (``User`` in PostgreSQL)."""
    return profile_for(dialect).fold(stored, False) != stored


def quoting_needed(name: str, quoted: bool, dialect: str | None) -> bool:
    """Whether SQL must quote the new name ``name`` (``quoted``: the target
    was written in quotes) for ``dialect`` to store it as the target says.

    True when the bare spelling folds to another stored name (``"finishedAt"``
    in PostgreSQL is stored ``finishedAt``, bare ``finishedat``; ``"users"``
    in Oracle), when it holds characters outside ``[A-Za-z0-9_]`` or starts
    with a digit, and for the dialect's reserved words (PostgreSQL manual
    4.1.1; :mod:`dbnamelint.dialects.reserved_words`).
    """
    profile = profile_for(dialect)
    stored = profile.fold(name, quoted)
    if not _BARE.fullmatch(name) or name.lower() in profile.reserved_words:
        return True
    return profile.key(name, False) != profile.key(stored, True)


_BARE = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*")


def previous_written(obj: SchemaObject) -> list[tuple[str, bool]]:
    """``obj``'s earlier names with whether each was quoted (unknown: not quoted)."""
    flags = obj.previous_quoted
    if len(flags) != len(obj.previous_names):
        flags = (False,) * len(obj.previous_names)
    return list(zip(obj.previous_names, flags, strict=True))


def entry_target(
    entry: WhitelistEntry,
    parts: tuple[NamePart, ...],
    obj: SchemaObject | None,
    table_previous: Iterable[str],
    earlier: Iterable[tuple[str, bool]] | None = None,
) -> Target:
    """The :class:`Target` of one whitelist entry.

    ``parts`` is ``split_name(entry.name)``; ``obj`` the modelled object the
    entry names (None when the files no longer hold it); ``table_previous``
    the earlier names of its table, for attached kinds; ``earlier`` the
    object's earlier names still its own (default: all of them).
    """
    rest = 2 if entry.kind in TABLE_ATTACHED_KINDS else 1
    bare, quoted = parts[-1]
    schema_part = parts[0][0] if len(parts) > rest else None
    tables: tuple[str, ...] = ()
    if rest == 2:
        tables = (parts[-2][0], *table_previous)
    dialect = _dialect(obj)
    # The entry names the object; the object says how its name is stored.
    legacy = (obj.name, obj.quoted) if obj is not None else (bare, quoted)
    if earlier is None:
        earlier = previous_written(obj) if obj is not None else ()
    written = [legacy, *earlier]
    names, stored = stored_names(written, dialect)
    new = split_name(entry.target)[-1] if entry.target else None
    return Target(
        kind=entry.kind.value,
        name=entry.name,
        phase=entry.phase,
        target=new[0] if new else None,
        old_names=(bare, *names[1:]),
        schemas=_schemas(schema_part or _own_schema(obj), dialect),
        tables=tuple(dict.fromkeys(tables)),
        exact=needs_quotes(stored[0], dialect),
        renamed=False,
        stored=stored,
        dialect=dialect,
        target_quoted=quoting_needed(*new, dialect) if new else False,
    )


def targets_for(
    whitelist: Whitelist,
    schema: Schema,
    *,
    phase_of_rename: Callable[[SchemaObject], str | None] | None = None,
    include_renamed: bool = True,
) -> tuple[Target, ...]:
    """Every whitelisted object, then every renamed object not already listed.

    ``phase_of_rename`` tells the phase a finished rename belonged to
    (e.g. from the whitelist's history); without it such targets have none.
    """
    out: list[Target] = []
    covered: set[int] = set()
    objects = list(schema.objects)
    finder = _ObjectFinder(objects)
    for entry in whitelist.entries:
        parts = split_name(entry.name)
        obj = finder.find(entry, parts) or finder.moved(entry, parts)
        renamed = [r for r in finder.renamed(entry, parts) if id(r) not in covered]
        if obj is None:
            # Applied but not pruned: one target per copy, in the entry's phase, not two.
            stale = [(r, _renamed_target(r, finder, entry.phase, stale=True)) for r in renamed]
            if any(done is not None for _r, done in stale):
                for r, done in stale:
                    covered.add(id(r))
                    out += [done] if done is not None else []
                continue
        if obj is not None:
            covered.add(id(obj))
        table_previous = finder.table_previous(obj) if entry.kind in TABLE_ATTACHED_KINDS else ()
        earlier = finder.earlier_names(obj) if obj is not None else ()
        out.append(entry_target(entry, parts, obj, table_previous, earlier))
        # Copies the entry's rename is written for already (its migration in
        # their folders, trial s21 flipt): the entry's phase's work, not "Renamed already".
        target = split_name(entry.target)[-1][0].casefold() if entry.target else None
        for r in renamed:
            done = _renamed_target(r, finder, entry.phase) if r.name.casefold() == target else None
            if done is not None:
                covered.add(id(r))
                out.append(done)
    if include_renamed:
        out += _renamed(objects, covered, finder, phase_of_rename)
    return tuple(out)


def dependent_target(
    kind: ObjectKind,
    *,
    old: str,
    new: str,
    tables: tuple[str, ...],
    schema: str | None,
    phase: str | None,
    dialect: str | None,
) -> Target:
    """The :class:`Target` of a dependent the migration renames (``old`` and
    ``new`` as the catalog stores them; ``tables``: its table's old and new
    names, empty for a sequence)."""
    return Target(
        kind=kind.value,
        name=".".join((*tables[:1], old)),
        phase=phase,
        target=new,
        old_names=(old,),
        schemas=_schemas(schema, dialect),
        tables=tuple(dict.fromkeys(tables)),
        exact=needs_quotes(old, dialect),
        renamed=False,
        stored=(old,),
        dialect=dialect,
        target_quoted=quoting_needed(new, needs_quotes(new, dialect), dialect),
        dependent=True,
    )


def _own_schema(obj: SchemaObject | None) -> str | None:
    if obj is None:
        return None
    return obj.table_schema if obj.kind in TABLE_ATTACHED_KINDS else obj.schema


def _renamed(
    objects: Iterable[SchemaObject],
    covered: set[int],
    finder: _ObjectFinder,
    phase_of_rename: Callable[[SchemaObject], str | None] | None,
) -> list[Target]:
    out: list[Target] = []
    for obj in objects:
        if id(obj) in covered or not obj.previous_names or obj.kind not in RENAMED_KINDS:
            continue
        target = _renamed_target(obj, finder, phase_of_rename(obj) if phase_of_rename else None)
        if target is not None:
            out.append(target)
    return out


def _renamed_target(
    obj: SchemaObject, finder: _ObjectFinder, phase: str | None, *, stale: bool = False
) -> Target | None:
    """The target of an object the schema renamed; None when its earlier names
    give no other stored name (renamed back, or only respelled)."""
    dialect = obj.source.dialect
    names, stored = stored_names([(obj.name, obj.quoted), *finder.earlier_names(obj)], dialect)
    if len(names) < 2:
        return None
    attached = obj.kind in TABLE_ATTACHED_KINDS
    return Target(
        kind=obj.kind.value,
        name=obj.qualified_name,
        phase=phase,
        target=obj.name,
        old_names=names[1:],
        schemas=_schemas(_own_schema(obj), dialect),
        tables=tuple(dict.fromkeys(finder.table_previous(obj))) if attached else (),
        exact=needs_quotes(stored[1], dialect),
        renamed=True,
        stored=stored[1:],
        dialect=dialect,
        stale_entry=stale,
        target_quoted=quoting_needed(obj.name, obj.quoted, dialect),
        dependent=obj.kind in DEPENDENT_RENAMED and not stale,
    )


def renamed_so_far(target: Target) -> Target | None:
    """What the schema did to a whitelisted object so far: its earlier names
    renamed to its current one (``user_`` -> ``person`` while the entry's own
    ``person`` -> ``people`` waits for its phase), as a renamed target; None
    when it has no earlier name or is renamed already."""
    if target.renamed or len(target.old_names) < 2:
        return None
    current = target.old_names[0]
    return replace(
        target,
        target=current,
        old_names=target.old_names[1:],
        stored=target.stored[1:] if target.stored else (),
        renamed=True,
        target_quoted=quoting_needed(current, target.exact, target.dialect),
    )


#: Target kinds a model class stands for (a Rails model, a GORM struct).
_MODEL_KINDS = frozenset({"table", "view", "materialized_view"})


def by_old_table_name(targets: Iterable[Target]) -> dict[str, list[Target]]:
    """Table-like targets by each old name (written and stored), case-folded:
    what a model's conventional table name is looked up in."""
    by_name: dict[str, list[Target]] = {}
    for target in targets:
        if target.kind in _MODEL_KINDS:
            for old in dict.fromkeys((*target.old_names, *target.stored)):
                by_name.setdefault(old.casefold(), []).append(target)
    return by_name
