"""Drift: what the schema files say the database holds, against what it holds.

Both sides are models (:class:`~dbnamelint.model.Schema`): the files' from
replay, the database's from :mod:`dbnamelint.frontends.live`. Objects are
matched by identity (:func:`object_key`: kind, schema with the dialect's
default folded in, parent table, name, each folded as the database folds
it), then what is left over is explained where it can be:

- ``renamed_in_files``: the files renamed the object (its rename history,
  ``SchemaObject.previous_names``) and the database still has the old name
  (also when only its case changed, where identity ignores case: SQLite and
  MySQL/MariaDB columns, indexes, SQLite tables; the stored spelling is
  what the rules judge);
- ``renamed_in_database``: a table the files do not know has exactly the
  columns of a table the database lacks (renamed by hand; a view: reads the
  same relations), or an index or
  constraint has another name on the same table, type and columns
  (``name_differs``, e.g. an index the files renamed without history);
- a sequence owned by the same column on both sides under two names
  (``SchemaObject.owned_by``) is ``renamed_in_database`` too, and so is a
  column only in the files with one only in the database of the same type
  on the same table, when that table has exactly one such pair (probably
  renamed by hand: :func:`_pair_columns`), and a function with the same
  number of input arguments and the same body as one the database lacks
  (:func:`_routine_shape`);
- ``compatibility_view_left``: a view named after a table's earlier name
  that the files no longer have (their cleanup dropped it) is still there;
- ``compatibility_view`` (not drift, exit 0): a view the database's catalog
  says ``migrate`` made (its marker: :mod:`dbnamelint.core.view_marker`) for
  a table of the files, that no file drops: the phase is between its forward
  and its cleanup, and the files cannot hold the view (Rails' ``schema.rb``
  dumps none);
- ``only_in_database`` / ``only_in_files``: the rest. The columns, indexes
  and constraints of a table that exists on one side only are not listed
  again.

Everything here is pure: no I/O, no printing (renderers are in
:mod:`dbnamelint.report.drift`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from enum import Enum

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.applied_migrations import MigrationState
from dbnamelint.column_types import canonical_type
from dbnamelint.core.identity import (
    ObjectRef,
    earlier_names,
    ref_from_parts,
    ref_of,
    stored_name,
    stored_qualified_name,
)
from dbnamelint.dialects import copy_of, profile_for
from dbnamelint.index_expressions import normalised
from dbnamelint.migration_text import is_placeholder
from dbnamelint.model import (
    ConstraintType,
    Event,
    EventOp,
    Location,
    ObjectKind,
    Schema,
    SchemaObject,
    SourceFile,
)


class DriftKind(str, Enum):
    """Why an object is reported; the values are the JSON/SARIF spelling."""

    ONLY_IN_DATABASE = "only_in_database"
    ONLY_IN_FILES = "only_in_files"
    RENAMED_IN_FILES = "renamed_in_files"
    RENAMED_IN_DATABASE = "renamed_in_database"
    NAME_DIFFERS = "name_differs"
    COMPATIBILITY_VIEW_LEFT = "compatibility_view_left"
    #: Not drift: a view carrying ``migrate``'s marker for a table of the files,
    #: which no file drops yet (the phase between its forward and its cleanup,
    #: where the files cannot hold the view: Rails' schema.rb).
    COMPATIBILITY_VIEW = "compatibility_view"


#: The kinds whose item is a database view standing for a table of the files.
_VIEW_ITEMS = frozenset({DriftKind.COMPATIBILITY_VIEW_LEFT, DriftKind.COMPATIBILITY_VIEW})

#: Kinds compared: all. A function (or procedure) is compared by name, as the
#: model keeps one per name: PostgreSQL's overloads of a name are one object
#: on each side, present while any overload is (see :func:`_routine_shape`).
COMPARED = frozenset(ObjectKind)

#: Identity: kind, schema, table, name, each folded as the database compares it.
Key = ObjectRef


class DriftItem(Struct, frozen=True):
    """One difference. ``files``/``database`` are the object on each side, when it exists."""

    kind: DriftKind
    object_kind: ObjectKind
    files: SchemaObject | None
    database: SchemaObject | None
    #: ``compatibility_view_left``: the files' DROP of the view (their cleanup
    #: migration), None when no file drops it.
    dropped_at: Location | None = None
    #: Versions of migrations the database has not applied that this
    #: difference comes from (:func:`with_pending`): not migrated yet.
    pending: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The object's qualified name: the files' when they have it (a
        compatibility view left behind is the database's view; ``files`` is
        then the table it stood for)."""
        if self.kind in _VIEW_ITEMS and self.database is not None:
            return stored_qualified_name(self.database)
        obj = self.files or self.database
        assert obj is not None
        return stored_qualified_name(obj)

    @property
    def location(self) -> Location:
        """Where to look: the file that names it (for a compatibility view left,
        the cleanup that drops it), else its address in the database."""
        if self.dropped_at is not None:
            return self.dropped_at
        obj = self.files or self.database
        assert obj is not None
        return obj.location

    @property
    def message(self) -> str:
        """One sentence saying what differs."""
        what = self.object_kind.value.replace("_", " ")
        f, d = self.files, self.database
        if self.kind is DriftKind.ONLY_IN_DATABASE:
            assert d is not None
            return f"{what} {stored_qualified_name(d)} is in the database but not in the files"
        if self.kind is DriftKind.ONLY_IN_FILES:
            assert f is not None
            return f"{what} {stored_qualified_name(f)} is in the files but not in the database"
        assert f is not None and d is not None
        if self.kind is DriftKind.RENAMED_IN_FILES:
            return (
                f"{what} {stored_qualified_name(d)} was renamed to {stored_name(f)} in the files; "
                "the database still has the old name"
            )
        if self.kind is DriftKind.RENAMED_IN_DATABASE and self.pending:
            versions = ", ".join(self.pending)
            return (
                f"{what} {stored_qualified_name(f)} is called {_shown(d)} in the database, "
                f"which is behind the files (pending "
                f"{'migration' if len(self.pending) == 1 else 'migrations'} {versions}): "
                "not migrated yet, not renamed there"
            )
        if self.kind is DriftKind.RENAMED_IN_DATABASE and self.object_kind is ObjectKind.COLUMN:
            return (
                f"probably renamed in the database: {what} {stored_qualified_name(f)} is called "
                f"{_shown(d)} in the database (same type {d.data_type}; the table's only "
                "such pair of a column only in the files and one only in the database)"
            )
        if self.kind is DriftKind.RENAMED_IN_DATABASE and self.object_kind is ObjectKind.FUNCTION:
            return (
                f"{what} {stored_qualified_name(f)} is called {stored_name(d)} in the database "
                "(as many arguments, the same body: renamed there, not in the files)"
            )
        if self.kind is DriftKind.RENAMED_IN_DATABASE:
            return (
                f"{what} {stored_qualified_name(f)} is called {stored_name(d)} in the database "
                "(renamed there, not in the files)"
            )
        if self.kind is DriftKind.NAME_DIFFERS:
            return f"{what} {stored_qualified_name(f)} is called {stored_name(d)} in the database"
        if self.kind is DriftKind.COMPATIBILITY_VIEW:
            return (
                f"view {stored_qualified_name(d)} is migrate's compatibility view for table "
                f"{stored_name(f)} (its marker in the database), kept until the phase's "
                "cleanup drops it: not drift"
            )
        if self.dropped_at is not None:
            return (
                f"view {stored_qualified_name(d)} is a compatibility view for {stored_name(f)}, "
                "dropped here in the files but still in the database"
            )
        return (  # located at the table's rename: no cleanup to point at
            f"view {stored_qualified_name(d)} has an earlier name of table {stored_name(f)} "
            "(renamed here), but no file creates or drops it: it is in the database only"
        )


def _shown(obj: SchemaObject) -> str:
    """``obj``'s name, in double quotes when the database keeps it only quoted."""
    return f'"{obj.name}"' if obj.quoted else stored_name(obj)


class DriftResult(Struct, frozen=True):
    """Every difference, files first then database order; ``matched`` counts equal objects."""

    items: tuple[DriftItem, ...]
    matched: int
    files_objects: int
    database_objects: int
    database: str  # the database's display name (never a password)
    #: What the migration tools' version tables say (:mod:`dbnamelint.applied_migrations`).
    migrations: tuple[MigrationState, ...] = ()

    def not_applied(self, item: DriftItem) -> str | None:
        """The unapplied migration file ``item`` comes from, if any: its
        drift is "not migrated yet", not a change by hand."""
        if item.files is None or item.kind is DriftKind.ONLY_IN_DATABASE:
            return None
        path = item.location.path  # a view left: the cleanup that drops it
        return path if any(path in m.explained for m in self.migrations) else None

    def with_pending(self) -> DriftResult:
        """Each item an unapplied migration explains, given its versions
        (``DriftItem.pending``): those of its own file, or every pending
        version of a dump (Rails' ``structure.sql``), which does not say
        which migration made which statement."""
        items = []
        for item in self.items:
            path = self.not_applied(item)
            versions = tuple(
                v
                for m in self.migrations
                if path is not None and path in m.explained
                for v, p in m.unapplied
                if p == path or m.tool == "Rails"
            )
            items.append(replace(item, pending=versions) if versions else item)
        return replace(self, items=tuple(items))

    @property
    def differences(self) -> tuple[DriftItem, ...]:
        """The items that are drift: all but the compatibility views awaiting
        their cleanup (``DriftKind.COMPATIBILITY_VIEW``)."""
        return tuple(i for i in self.items if i.kind is not DriftKind.COMPATIBILITY_VIEW)

    @property
    def drifted(self) -> bool:
        """True when the run must exit 1."""
        return bool(self.differences)


# -- identity -----------------------------------------------------------------


class _Keys:
    """Identity of one model's objects (the one place drift decides "same object").

    Attached objects are keyed by their table's stored name, so the table's
    own quoting decides how it folds (``"User".id`` is not ``user.id``).
    """

    def __init__(self, schema: Schema) -> None:
        self._relation_quoted: dict[tuple[str | None, str], bool] = {}
        for o in schema.objects:
            if o.kind in (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
                self._relation_quoted.setdefault((o.schema, o.name), o.quoted)

    def key(
        self,
        obj: SchemaObject,
        *,
        name: str | None = None,
        quoted: bool | None = None,
        table: SchemaObject | None = None,
    ) -> Key:
        """``obj``'s identity, optionally under another name (written quoted or
        not: ``quoted``, else as the current name), or on another table (the
        other side's object for the same table: its name and quoting)."""
        if table is not None:
            return object_key(
                obj, name=name, quoted=quoted, table=table.name, table_quoted=table.quoted
            )
        return object_key(
            obj,
            name=name,
            quoted=quoted,
            table_quoted=self._relation_quoted.get((obj.table_schema, obj.table or ""), False),
        )


def object_key(
    obj: SchemaObject,
    *,
    name: str | None = None,
    quoted: bool | None = None,
    table: str | None = None,
    table_quoted: bool | None = None,
) -> ObjectRef:
    """The shared identity of ``obj`` (:func:`~dbnamelint.core.identity.ref_of`),
    its table folded with the table's own quoting when known."""
    return ref_of(obj, name=name, quoted=quoted, table=table, table_quoted=table_quoted)


# -- comparison ---------------------------------------------------------------

_RELATION_KINDS = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


def _planned_table(
    view: SchemaObject, planned: Mapping[str, frozenset[str]], files: Schema
) -> SchemaObject | None:
    """The files' table whose earlier name (by the rename plan) database view
    ``view`` has, when the view reads that table alone; else None."""
    name = view.name.casefold()
    reads = {s.rpartition(".")[2].casefold() for s in view.selects_from}
    for table in files.of_kind(ObjectKind.TABLE):
        folded = table.name.casefold()
        if (
            table.schema == view.schema
            and name in planned.get(folded, frozenset())
            and reads == {folded}
        ):
            return table
    return None


def _marked_table(view: SchemaObject, files: Schema) -> SchemaObject | None:
    """The files' table (same schema) that database view ``view``'s marker
    names (``compatibility_view_for``, read from the catalog), else None: the
    name as written, else the one table of that name without case."""
    name = view.compatibility_view_for
    if name is None:
        return None
    same = [t for t in files.of_kind(ObjectKind.TABLE) if t.schema == view.schema]
    exact = [t for t in same if t.name == name]
    if exact:
        return exact[0]
    loose = [t for t in same if t.name.casefold() == name.casefold()]
    return loose[0] if len(loose) == 1 else None


def compare(
    files: Schema,
    database: Schema,
    *,
    database_name: str = "",
    events: Sequence[Event] = (),
    planned: Mapping[str, frozenset[str]] | None = None,
) -> DriftResult:
    """Every difference between the files' model and the database's, in file
    and line order (:func:`_in_file_order`). ``events`` are the files' (as
    the model was replayed from): a compatibility view left behind points at
    the statement that drops it. ``planned``: folded table name -> the names
    the rename plan records as its earlier ones
    (:func:`~dbnamelint.dumped_views.rename_plan`): a database view of such a
    name reading that table is the compatibility view ``migrate`` made, which
    a dump regenerated after the forward cannot name (Rails' schema.rb holds
    no view; trial confirm37 P4)."""
    fkeys, dkeys = _Keys(files), _Keys(database)
    drops = _view_drops(events)
    f_all, d_all = _compared(files, fkeys), _compared(database, dkeys)
    # A view whose output columns the files' model does not all know (``*``
    # is not expanded): the database's columns of it are not compared (of a
    # view there too: a compatibility view in the files may be the table
    # itself in a database that has not run the rename).
    # A table made by ``SELECT * ... INTO t FROM a JOIN b`` (or copying such a
    # view) is as partial, of a table there.
    views = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
    partial_views = {
        _table_of(fkeys.key(o)) for o in files.objects if o.columns_unknown and o.kind in views
    }
    partial_tables = {
        _table_of(fkeys.key(o))
        for o in files.objects
        if o.columns_unknown and o.kind is ObjectKind.TABLE
    }
    partial = set()
    if partial_views:
        partial |= partial_views & {
            _table_of(dkeys.key(o)) for o in database.objects if o.kind in views
        }
    if partial_tables:
        partial |= partial_tables & {
            _table_of(dkeys.key(o)) for o in database.objects if o.kind is ObjectKind.TABLE
        }
    if partial:
        d_all = {
            k: o
            for k, o in d_all.items()
            if not (
                o.kind is ObjectKind.COLUMN
                and (k.schema, k.table or "") in partial
                and k not in f_all  # the columns the files do list are compared
            )
        }
    items: list[DriftItem] = []

    # 1. Objects that belong to no table: schemas, tables, views, sequences, types.
    f_rest = {k: o for k, o in f_all.items() if o.table is None}
    d_rest = {k: o for k, o in d_all.items() if o.table is None}
    items += _spelt_otherwise(f_rest, d_rest)
    _drop_common(f_rest, d_rest)
    #: (schema, database's table name) -> the files' name of that table
    aliases: dict[tuple[str | None, str], SchemaObject] = {}
    for f, d in _pair_history(f_rest, d_rest, fkeys):
        items.append(DriftItem(DriftKind.RENAMED_IN_FILES, f.kind, f, d))
        aliases[_table_of(dkeys.key(d))] = f
    f_shapes, d_shapes = _table_shapes(files, fkeys), _table_shapes(database, dkeys)
    for f, d in _pair_shapes(
        {k: o for k, o in f_rest.items() if o.kind is ObjectKind.TABLE},
        {k: o for k, o in d_rest.items() if o.kind is ObjectKind.TABLE},
        lambda k: f_shapes.get(_table_of(k)),
        lambda k: d_shapes.get(_table_of(k)),
    ):
        f_rest.pop(fkeys.key(f))
        d_rest.pop(dkeys.key(d))
        items.append(DriftItem(DriftKind.RENAMED_IN_DATABASE, f.kind, f, d))
        aliases[_table_of(dkeys.key(d))] = f
    for f, d in _pair_shapes(
        {k: o for k, o in f_rest.items() if o.kind in views},
        {k: o for k, o in d_rest.items() if o.kind in views},
        lambda k: _view_shape(k, f_rest[k]),
        lambda k: _view_shape(k, d_rest[k]),
    ):
        f_rest.pop(fkeys.key(f))
        d_rest.pop(dkeys.key(d))
        items.append(DriftItem(DriftKind.RENAMED_IN_DATABASE, f.kind, f, d))
        aliases[_table_of(dkeys.key(d))] = f  # its columns are compared under the files' name
    for f, d in _pair_shapes(
        {k: o for k, o in f_rest.items() if o.kind is ObjectKind.FUNCTION},
        {k: o for k, o in d_rest.items() if o.kind is ObjectKind.FUNCTION},
        lambda k: _routine_shape(k, f_rest[k]),
        lambda k: _routine_shape(k, d_rest[k]),
    ):
        f_rest.pop(fkeys.key(f))
        d_rest.pop(dkeys.key(d))
        items.append(DriftItem(DriftKind.RENAMED_IN_DATABASE, f.kind, f, d))
    for f, d in _pair_owned_sequences(files, database, fkeys, dkeys, f_rest, d_rest, aliases):
        f_rest.pop(fkeys.key(f))
        d_rest.pop(dkeys.key(d))
        items.append(DriftItem(DriftKind.RENAMED_IN_DATABASE, f.kind, f, d))
    previous = {
        _table_of(fkeys.key(t, name=old, quoted=quoted)): t
        for t in files.of_kind(ObjectKind.TABLE)
        for old, quoted in earlier_names(t)
    }
    left_views: set[tuple[str | None, str]] = set()
    for k, d in list(d_rest.items()):
        table = previous.get(_table_of(k))
        marked = None if d.kind not in views else _marked_table(d, files)
        if table is None:
            table = marked
        if table is None and planned and d.kind is ObjectKind.VIEW:
            table = _planned_table(d, planned, files)
        if d.kind in views and table is not None:
            dropped = drops.get(k) or drops.get(_loose(k))
            kind = DriftKind.COMPATIBILITY_VIEW_LEFT
            if dropped is None and marked is table:
                kind = DriftKind.COMPATIBILITY_VIEW  # the phase's cleanup is still to come
            items.append(DriftItem(kind, d.kind, table, d, dropped))
            del d_rest[k]
            left_views.add(_table_of(k))  # its columns are not listed again

    # 2. Objects of a table, keyed under the files' name of their table.
    renamed_tables = {
        _table_of(fkeys.key(i.files))
        for i in items
        if i.files is not None and i.object_kind is ObjectKind.TABLE
    }
    f_parts = {k: o for k, o in f_all.items() if o.table is not None}
    d_parts: dict[Key, SchemaObject] = {}
    for k, o in d_all.items():
        if o.table is not None:
            alias = aliases.get((k.schema, k.table or ""))
            d_parts[dkeys.key(o, table=alias) if alias else k] = o
    items += _spelt_otherwise(f_parts, d_parts)
    _drop_common(f_parts, d_parts)
    _drop_unique_twins(f_parts, d_parts)
    for f, d in _pair_history(f_parts, d_parts, fkeys):
        items.append(DriftItem(DriftKind.RENAMED_IN_FILES, f.kind, f, d))
    keyed = (ObjectKind.INDEX, ObjectKind.CONSTRAINT)
    for f, d in _pair_shapes(
        {k: o for k, o in f_parts.items() if o.kind in keyed},
        {k: o for k, o in d_parts.items() if o.kind in keyed},
        lambda k: _part_shape(k, f_parts[k]),
        lambda k: _part_shape(k, d_parts[k]),
    ):
        f_key = fkeys.key(f)
        f_parts.pop(f_key)
        d_parts.pop(next(k for k, o in d_parts.items() if o is d))
        if f.implicit and d.implicit and (f_key.schema, f_key.table or "") in renamed_tables:
            continue  # a name the database derives from the table's: part of its rename
        if _named_by_server(f, d):
            continue  # MySQL calls every primary key PRIMARY, whatever the DDL wrote
        items.append(DriftItem(DriftKind.NAME_DIFFERS, f.kind, f, d))
    for f, d in _pair_columns(f_parts, d_parts):
        f_parts.pop(fkeys.key(f))
        d_parts.pop(next(k for k, o in d_parts.items() if o is d))
        items.append(DriftItem(DriftKind.RENAMED_IN_DATABASE, f.kind, f, d))

    # 3. The rest; the parts of a table missing as a whole are not listed again.
    f_missing = {_table_of(k) for k, o in f_rest.items() if o.kind in _RELATION_KINDS}
    d_missing = {_table_of(k) for k, o in d_rest.items() if o.kind in _RELATION_KINDS}
    d_missing |= left_views
    # An object only an IF EXISTS rename of something the files never made
    # gave the model: PostgreSQL and MySQL skip that rename where the old name
    # is missing ("does not exist, skipping"), so its absence is no drift.
    skipped = sum(1 for o in f_rest.values() if o.assumed) + sum(
        1 for k, o in f_parts.items() if o.assumed and (k.schema, k.table or "") not in f_missing
    )
    items += [
        DriftItem(DriftKind.ONLY_IN_FILES, o.kind, o, None)
        for o in f_rest.values()
        if not _column_sequence(o) and not o.assumed
    ]
    items += [
        DriftItem(DriftKind.ONLY_IN_FILES, o.kind, o, None)
        for k, o in f_parts.items()
        if (k.schema, k.table or "") not in f_missing and not o.assumed
    ]
    items += [
        DriftItem(DriftKind.ONLY_IN_DATABASE, o.kind, None, o)
        for o in d_rest.values()
        if not _column_sequence(o)
    ]
    items += [
        DriftItem(DriftKind.ONLY_IN_DATABASE, o.kind, None, o)
        for k, o in d_parts.items()
        if (k.schema, k.table or "") not in d_missing
    ]
    differing = sum(1 for i in items if i.files is not None)
    return DriftResult(
        items=_in_file_order(items),
        matched=len(f_all)
        - differing
        - skipped
        - sum(1 for k, o in f_parts.items() if (k.schema, k.table or "") in f_missing),
        files_objects=len(f_all) - skipped,
        database_objects=len(d_all),
        database=database_name,
    )


def _in_file_order(items: Iterable[DriftItem]) -> tuple[DriftItem, ...]:
    """By file, line and column (what a reader walks), then the objects only
    in the database, by name. Drift found in one pass per kind read as
    grouped by kind, and one file's lines came out of order."""

    def order(item: DriftItem) -> tuple[int, str, int, int, str, str]:
        if item.files is None:
            return (1, "", 0, 0, item.name, item.object_kind.value)
        loc = item.location
        return (0, loc.path, loc.line, loc.column, item.name, item.object_kind.value)

    return tuple(sorted(items, key=order))


def _loose(key: Key) -> Key:
    """``key`` without its schema: a DROP written unqualified under another
    search_path still names the view."""
    return replace(key, schema=None, name=key.name.casefold())


def _view_drops(events: Sequence[Event]) -> dict[Key, Location]:
    """Where the files last drop each view, by its identity (and loosely)."""
    out: dict[Key, Location] = {}
    for e in events:
        if e.op is not EventOp.DROP or e.name is None:
            continue
        if e.kind not in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            continue
        parts = (*(((e.schema, False),) if e.schema else ()), (e.name, e.quoted))
        ref = ref_from_parts(e.kind, parts, e.source.dialect, e.source.database)
        if ref is not None:
            out[ref] = out[_loose(ref)] = e.location
    return out


def _compared(schema: Schema, keys: _Keys) -> dict[Key, SchemaObject]:
    """The objects drift compares, by identity.

    A partition's columns are its parent's (``pg_attribute.attislocal`` is
    false once attached) and an index attached to a partitioned index is
    listed under it (``pg_class.relispartition``, ``pg_constraint.conparentid``):
    the catalog reader leaves both out, so the files' side does too, however
    the files wrote them (PARTITION OF, or CREATE TABLE then ATTACH PARTITION
    as pg_dump does).
    """
    partitions = {
        _table_of(keys.key(t)) for t in schema.of_kind(ObjectKind.TABLE) if t.partition_of
    }
    found: dict[Key, SchemaObject] = {}
    for o in schema.objects:
        if o.kind not in COMPARED:
            continue
        key = keys.key(o)
        if o.kind is ObjectKind.COLUMN and (key.schema, key.table or "") in partitions:
            continue
        if o.kind in (ObjectKind.INDEX, ObjectKind.CONSTRAINT) and o.partition_of:
            continue
        found[key] = o
    return found


def _column_sequence(obj: SchemaObject) -> bool:
    """A ``serial``/identity column's sequence, named by the database: it goes
    with its column, whose own drift is what matters (and is reported)."""
    return obj.kind is ObjectKind.SEQUENCE and obj.implicit


def _table_of(key: Key) -> tuple[str | None, str]:
    """(schema, name) of a top-level object's key."""
    return key.schema, key.name


def _drop_common(left: dict[Key, SchemaObject], right: dict[Key, SchemaObject]) -> None:
    """Remove from both what both have: equal identity, no drift."""
    for key in left.keys() & right.keys():
        del left[key], right[key]


def _stored(obj: SchemaObject) -> str:
    """``obj``'s name as its database stores it (an unquoted PostgreSQL name
    folded, a long one cut where the database cuts names)."""
    return _as_stored(obj.source.dialect, obj.name, obj.quoted)


def _as_stored(dialect: str, name: str, quoted: bool) -> str:
    """``name`` as a ``dialect`` database stores it (folded; cut where it cuts)."""
    profile = profile_for(dialect)
    folded = profile.fold(name, quoted)
    return profile.clip(folded) if profile.truncates else folded


def _spelt_otherwise(
    left: dict[Key, SchemaObject], right: dict[Key, SchemaObject]
) -> list[DriftItem]:
    """Objects of one identity whose stored names differ in case, taken out
    of both sides and reported.

    SQLite and MySQL/MariaDB resolve column, index and (SQLite) table names
    without case, so identity matches ``Name`` with ``name``; but the
    database stores the spelling it was given, and the naming rules judge
    that spelling (``check --db`` reports ``Name``). A files' object whose
    earlier name is the database's spelling was renamed in the files (a
    case-only rename migration not applied yet); else the name differs.
    Names the database chose (implicit) are left to identity.
    """
    out: list[DriftItem] = []
    for key in left.keys() & right.keys():
        f, d = left[key], right[key]
        if f.implicit or d.implicit or _stored(f) == d.name:
            continue
        renamed = any(
            _as_stored(f.source.dialect, old, quoted) == d.name for old, quoted in earlier_names(f)
        )
        kind = DriftKind.RENAMED_IN_FILES if renamed else DriftKind.NAME_DIFFERS
        out.append(DriftItem(kind, f.kind, f, d))
        del left[key], right[key]
    return sorted(out, key=lambda i: (i.name, i.object_kind.value))


def _drop_unique_twins(f_rest: dict[Key, SchemaObject], d_rest: dict[Key, SchemaObject]) -> None:
    """A unique index on one side and a UNIQUE constraint of the same name on the other."""
    for key, f in list(f_rest.items()):
        # The catalog cannot tell ``CREATE UNIQUE INDEX u`` from ``UNIQUE KEY u``
        # (MySQL manual, "CREATE INDEX": a UNIQUE index *is* the constraint).
        if not profile_for(f.source.dialect).unique_index_is_constraint:
            continue
        if f.kind is ObjectKind.INDEX and f.unique:
            twin = replace(key, kind=ObjectKind.CONSTRAINT.value)
        elif f.kind is ObjectKind.CONSTRAINT and f.constraint_type is ConstraintType.UNIQUE:
            twin = replace(key, kind=ObjectKind.INDEX.value)
        else:
            continue
        other = d_rest.get(twin)
        if other is not None and (other.unique or other.constraint_type is ConstraintType.UNIQUE):
            del f_rest[key], d_rest[twin]


def _named_by_server(files: SchemaObject, database: SchemaObject) -> bool:
    """Whether the server fixes both objects' name, so it cannot drift: a
    MySQL/MariaDB primary key is ``PRIMARY`` (MySQL manual, "CREATE TABLE":
    "The name of a PRIMARY KEY is always PRIMARY")."""
    fixed = profile_for(database.source.dialect).primary_key_name
    return (
        fixed is not None
        and files.constraint_type is ConstraintType.PRIMARY_KEY
        and database.constraint_type is ConstraintType.PRIMARY_KEY
        and database.name == fixed
    )


def _pair_history(
    f_rest: dict[Key, SchemaObject], d_rest: dict[Key, SchemaObject], fkeys: _Keys
) -> Iterable[tuple[SchemaObject, SchemaObject]]:
    """Files objects whose earlier name (newest first) the database still has."""
    for key, f in list(f_rest.items()):
        # Each earlier name folds as it was written (``CREATE TABLE LANGUAGE``
        # is ``language`` however the rename that followed quoted it).
        for old, quoted in reversed(earlier_names(f)):
            old_key = fkeys.key(f, name=old, quoted=quoted)
            if old_key in d_rest:
                del f_rest[key]
                yield f, d_rest.pop(old_key)
                break


def _pair_shapes(
    f_rest: dict[Key, SchemaObject],
    d_rest: dict[Key, SchemaObject],
    f_shape: Callable[[Key], Hashable | None],
    d_shape: Callable[[Key], Hashable | None],
) -> list[tuple[SchemaObject, SchemaObject]]:
    """Pairs that are the same object under two names: one of a shape on each side."""
    f_by: dict[Hashable, list[SchemaObject]] = {}
    d_by: dict[Hashable, list[SchemaObject]] = {}
    for key, obj in f_rest.items():
        shape = f_shape(key)
        if shape is not None:
            f_by.setdefault(shape, []).append(obj)
    for key, obj in d_rest.items():
        shape = d_shape(key)
        if shape is not None:
            d_by.setdefault(shape, []).append(obj)
    return [
        (f_by[shape][0], d_by[shape][0])
        for shape in f_by.keys() & d_by.keys()
        if len(f_by[shape]) == 1 and len(d_by[shape]) == 1
    ]


def _pair_owned_sequences(
    files: Schema,
    database: Schema,
    fkeys: _Keys,
    dkeys: _Keys,
    f_rest: dict[Key, SchemaObject],
    d_rest: dict[Key, SchemaObject],
    aliases: dict[tuple[str | None, str], SchemaObject],
) -> list[tuple[SchemaObject, SchemaObject]]:
    """Sequences left on each side that the same column owns (``owned_by``,
    the database's table under the files' name where it was renamed): one
    sequence with a name each side gave it, such as a serial column's after
    ``ALTER SEQUENCE ... RENAME`` by hand."""

    def owners(schema: Schema, keys: _Keys) -> dict[tuple[str | None, str], Key]:
        return {(t.schema, t.name): keys.key(t) for t in schema.of_kind(ObjectKind.TABLE)}

    f_tables, d_tables = owners(files, fkeys), owners(database, dkeys)

    def f_shape(key: Key) -> Hashable | None:
        obj = f_rest[key]
        table = f_tables.get((obj.schema, obj.owned_by[0])) if obj.owned_by else None
        if obj.kind is not ObjectKind.SEQUENCE or obj.owned_by is None or table is None:
            return None
        return (*_table_of(table), obj.owned_by[1].casefold())

    def d_shape(key: Key) -> Hashable | None:
        obj = d_rest[key]
        table = d_tables.get((obj.schema, obj.owned_by[0])) if obj.owned_by else None
        if obj.kind is not ObjectKind.SEQUENCE or obj.owned_by is None or table is None:
            return None
        alias = aliases.get(_table_of(table))
        where = _table_of(fkeys.key(alias)) if alias is not None else _table_of(table)
        return (*where, obj.owned_by[1].casefold())

    return _pair_shapes(f_rest, d_rest, f_shape, d_shape)


def _pair_columns(
    f_parts: dict[Key, SchemaObject], d_parts: dict[Key, SchemaObject]
) -> list[tuple[SchemaObject, SchemaObject]]:
    """Columns renamed by hand, probably: on a table present on both sides,
    one column only in the files and one only in the database of the same
    type (:func:`~dbnamelint.column_types.canonical_type`), when that is the
    table's only such pair. Two pairs, or a type unknown on either side, are
    left as they are: a guess between them could be wrong. (The models keep
    no nullability, and a column's position can differ for reasons other
    than a rename, such as MySQL's ``ADD COLUMN ... AFTER``: neither is used.)
    """
    by_table: dict[tuple[str | None, str | None], tuple[list[SchemaObject], list[SchemaObject]]]
    by_table = {}
    for side, parts in enumerate((f_parts, d_parts)):
        for key, obj in parts.items():
            if obj.kind is ObjectKind.COLUMN:
                by_table.setdefault((key.schema, key.table), ([], []))[side].append(obj)
    out = []
    for f_cols, d_cols in by_table.values():
        pairs = [
            (f, d)
            for f in f_cols
            for d in d_cols
            if (t := canonical_type(f.data_type, d.source.dialect)) is not None
            and t == canonical_type(d.data_type, d.source.dialect)
        ]
        if len(pairs) == 1:
            out.append(pairs[0])
    return out


def _table_shapes(schema: Schema, keys: _Keys) -> dict[tuple[str | None, str], Hashable]:
    """(schema, table) -> its column names (case-folded): how a renamed table is recognised."""
    columns: dict[tuple[str | None, str], set[str]] = {}
    for o in schema.of_kind(ObjectKind.COLUMN):
        k = keys.key(o)
        columns.setdefault((k.schema, k.table or ""), set()).add(o.name.casefold())
    return {table: (table[0], frozenset(cols)) for table, cols in columns.items() if cols}


def _view_shape(key: Key, obj: SchemaObject) -> Hashable | None:
    """A view's kind, schema and the relations it reads: how a renamed view is recognised."""
    if not obj.selects_from:
        return None
    return key.kind, key.schema, frozenset(s.casefold() for s in obj.selects_from)


def _routine_shape(key: Key, obj: SchemaObject) -> Hashable | None:
    """A routine's schema, number of input arguments and body (``routine``):
    how one renamed by hand (``ALTER FUNCTION f RENAME TO g``) is recognised.
    None for an overloaded name, or a body not written as a string (MySQL's,
    PostgreSQL's ``BEGIN ATOMIC``): compared by name alone."""
    if obj.routine is None:
        return None
    return key.kind, key.schema, obj.routine


def _part_shape(key: Key, obj: SchemaObject) -> Hashable | None:
    """An index's or constraint's table, type and columns: its name aside, what it is.
    An expression element is its expression, as :func:`~dbnamelint.index_expressions.normalised`
    spells what the files wrote and what the catalog prints alike: ``lower(code)``
    and ``lower(cname)`` are two shapes (each ``expr`` otherwise: neither paired)."""
    if not obj.columns:
        return None
    kind = obj.constraint_type.value if obj.constraint_type else str(obj.unique)
    elements = tuple(c.casefold() for c in obj.columns)
    if obj.expressions and len(obj.expressions) == len(elements):
        pairs = zip(elements, obj.expressions, strict=True)
        elements = tuple(f"expr:{normalised(e)}" if e else c for c, e in pairs)
    return key.kind, key.schema, key.table, kind, elements


# -- the server's dialect ------------------------------------------------------


def server_copy(found: Iterable[str], dialect: str) -> frozenset[str]:
    """The dialects among ``found`` (the files') whose files a ``dialect`` database was built from.

    A tree that keeps its schema for several databases holds one copy per
    database (pop's ``x.postgres.up.sql``, ``x.cockroach.up.sql``,
    ``x.mysql.up.sql``): a PostgreSQL database is compared with the postgres
    copy only (:func:`dbnamelint.dialects.copy_of`), a MariaDB one with the
    mysql copy. With no file of the database's own copy, the files of its
    family stand in (a CockroachDB tree against a server that reports
    itself as PostgreSQL); with none of those either, nothing is kept.
    """
    found = frozenset(found)
    own = copy_of(dialect)
    kept = frozenset(d for d in found if copy_of(d) == own)
    if kept:
        return kept
    family = profile_for(dialect).family
    return frozenset(d for d in found if profile_for(d).family is family)


def as_server_dialect(
    events: Sequence[Event], dialect: str
) -> tuple[Sequence[Event], tuple[str, ...]]:
    """``events`` of the ``dialect`` database's copy (:func:`server_copy`), read
    as ``dialect`` where their profile differs, and the dialects so replaced (sorted).

    The catalog holds the names its server chose: MySQL files loaded into a
    MariaDB server have MariaDB's implicit names (``CONSTRAINT_1``, not
    ``t_chk_1``), so replaying them as ``dialect`` compares like with like.
    Events of other copies are left out (a PostgreSQL database was not built
    from the ``.cockroach.`` or ``.mysql.`` files); dialects sharing
    ``dialect``'s profile (``singlestore`` files against MySQL) are kept as
    they are. Nothing left out or replaced: ``events`` itself comes back.
    """
    server = profile_for(dialect)
    kept = server_copy({e.source.dialect for e in events}, dialect)
    switched: dict[SourceFile, SourceFile | None] = {}
    others: set[str] = set()

    def own(source: SourceFile) -> SourceFile | None:
        if source in switched:
            return switched[source]
        found: SourceFile | None = source
        if source.dialect not in kept:
            found = None
        elif profile_for(source.dialect) is not server:
            found = replace(source, dialect=dialect)
            others.add(source.dialect)
        switched[source] = found
        return found

    out: list[Event] = []
    changed = False
    for event in events:
        source = own(event.source)
        if source is None:
            changed = True
        elif source is event.source:
            out.append(event)
        else:
            changed = True
            out.append(replace(event, source=source))
    if not changed:
        return events, ()
    return tuple(out), tuple(sorted(others))


def with_inline_foreign_keys(events: Sequence[Event], made: bool) -> Sequence[Event]:
    """``events`` as a server that does (``made``) or does not make a foreign
    key of ``REFERENCES`` in a column's definition ran them, whatever their
    dialect's profile says (``inline_references``: the ``mysql`` profile is
    MySQL 8's, which makes none; MySQL 9 does, MariaDB before 10.5 does not).
    ``events`` itself when none is written that way."""
    if not any(e.inline_reference for e in events):
        return events
    if made:
        return tuple(
            replace(e, inline_reference=False) if e.inline_reference else e for e in events
        )
    return tuple(e for e in events if not e.inline_reference)


# -- MySQL: the connected database ---------------------------------------------


def in_connected_database(files: Schema, database: str) -> tuple[Schema, str | None]:
    """``files`` with the objects of MySQL database ``database`` (the one a
    run is connected to) in the default schema, as the live reader gives
    them (it reads ``DATABASE()`` only): a file's ``USE db`` or ``db.t``
    names that database's objects. Other databases' objects are unchanged.

    When the files name one database only and it is not ``database``
    (Apollo's ``USE ApolloConfigDB;`` loaded into a CI or staging database of
    another name), that one is the database the run points the files at: its
    objects are compared as ``database``'s, and the second item says so (a
    note for stderr). With several databases named, none ``database``, nothing
    is mapped and the note says to give one database's files; else None.
    """
    named = {n for o in files.objects for n in (o.schema, o.table_schema) if n is not None}
    note = None
    if database not in named:
        if len(named) > 1:
            listed = ", ".join(repr(n) for n in sorted(named))
            return files, (
                f"the files name databases {listed} (`USE` or qualified names), none of "
                f"them {database!r}, the database the URL connects to: give the files of "
                "one database (PATHS, or `--database` with the config's `databases:`)"
            )
        # Objects also in the default database: a qualified name is another database's.
        if len(named) != 1 or any(o.schema is None for o in files.objects):
            return files, None
        (written,) = named
        note = (
            f"the files' database {written!r} (their `USE {written}` or `{written}.` "
            f"names) is compared as {database!r}, the database the URL connects to"
        )
        database = written
    objects = tuple(
        replace(
            o,
            schema=None if o.schema == database else o.schema,
            table_schema=None if o.table_schema == database else o.table_schema,
        )
        for o in files.objects
    )
    return replace(files, objects=objects), note


# -- template placeholders ------------------------------------------------------


def in_placeholder_schema(files: Schema, schema: str) -> tuple[Schema, int, tuple[str, ...]]:
    """``files`` with every object whose schema is written as a template
    placeholder (``SchemaObject.schema_text``, e.g. supabase/auth's
    ``{{ index .Options "Namespace" }}``) put in ``schema`` (the one the
    run reads), how many were, and the placeholders (sorted).

    The reader cannot know what a placeholder stands for, so it leaves such
    objects unqualified (the default schema); the database holds them in
    the schema the tool rendered. Objects written unqualified stay as they
    are. The schema itself is the files' too: a ``CREATE SCHEMA`` named by a
    placeholder is that schema, and without one the schema the placeholder
    stands for is taken as made where it is first used (the tool makes it).
    """
    moved = 0
    texts: set[str] = set()
    objects: list[SchemaObject] = []
    first: SchemaObject | None = None
    for obj in files.objects:
        if obj.kind is ObjectKind.SCHEMA and is_placeholder(obj.name):
            objects.append(replace(obj, name=schema))
            continue
        if written_with_placeholder(obj):
            moved += 1
            texts.add(obj.schema_text or "")
            first = first or obj
            table_schema = schema if obj.table else None
            obj = replace(obj, schema=schema, table_schema=table_schema)  # noqa: PLW2901
        objects.append(obj)
    if first is None:
        return files, 0, ()
    if not any(o.kind is ObjectKind.SCHEMA and o.name == schema for o in objects):
        made = SchemaObject(ObjectKind.SCHEMA, schema, first.location, first.source)
        objects.insert(0, made)
    return replace(files, objects=tuple(objects)), moved, tuple(sorted(texts))


def written_with_placeholder(obj: SchemaObject) -> bool:
    """Whether the files qualify ``obj`` with a template placeholder (and no schema)."""
    return obj.schema_text is not None and obj.schema is None and obj.table_schema is None


def placeholder_objects(files: Schema) -> tuple[int, tuple[str, ...]]:
    """How many objects of ``files`` have a placeholder schema, and which placeholders."""
    found = [o.schema_text for o in files.objects if o.schema_text is not None and not o.schema]
    return len(found), tuple(sorted({t for t in found if t}))


# -- what only the files know ---------------------------------------------------


def with_file_facts(database: Schema, files: Schema) -> Schema:
    """The database's model, with what a catalog cannot hold taken from the files.

    A catalog has no module that owns a table (that is the file's folder),
    no rename history, no way to tell a compatibility view from another
    view, no record of who chose a name, no name as written before the
    database cut it to its length limit, and no inline suppressions. For
    every database object the files also have (same identity), those facts
    are copied from the files' object; names, kinds and locations stay the
    database's. Objects the files do not have are left as read.
    """
    fkeys, dkeys = _Keys(files), _Keys(database)
    by_key = {fkeys.key(o): o for o in files.objects}
    objects = []
    for read in database.objects:
        obj, known = read, by_key.get(dkeys.key(read))
        if known is not None:
            obj = replace(
                read,
                source=replace(read.source, module=known.module),
                previous_names=known.previous_names,
                previous_quoted=known.previous_quoted,
                # the catalog's marker (a database view migrate made) stands
                # where the files link none (Rails' schema.rb holds no view)
                compatibility_view_for=known.compatibility_view_for or read.compatibility_view_for,
                implicit=known.implicit,
                suppressions=known.suppressions,
                written_name=known.written_name,
            )
        objects.append(obj)
    return replace(database, objects=tuple(objects))


def without_runtime_partitions(files: Schema, database: Schema) -> tuple[Schema, list[str]]:
    """``database`` less the partitions made at run time, and their names.

    Such a partition is a table of the database attached to a table the
    files partition (``PARTITION BY``), that no file creates: an application
    or a job (pg_partman, a partition-creating function) makes one per day
    or range, so the files never hold them (trial s25 hatchet: 48
    ``v1_task_20261204``-style tables were all "drift"). Its columns,
    indexes and constraints go with it. Facts: ``pg_inherits`` of the
    database (the live reader's ``partition_of``).
    """

    def key(o: SchemaObject, name: str) -> tuple[str | None, str]:
        return o.schema or o.table_schema, profile_for(o.source.dialect).fold(name, o.quoted)

    tables = [o for o in files.objects if o.kind is ObjectKind.TABLE]
    made = {key(t, t.name) for t in tables}
    parents = {key(t, t.name) for t in tables if t.partitioned}
    if not parents:
        return database, []
    runtime = {
        (o.schema, o.name)
        for o in database.objects
        if o.kind is ObjectKind.TABLE
        and o.partition_of is not None
        and (o.schema, o.partition_of) in parents
        and (o.schema, o.name) not in made
    }
    if not runtime:
        return database, []

    def made_at_run_time(o: SchemaObject) -> bool:
        if o.kind is ObjectKind.TABLE:
            return (o.schema, o.name) in runtime
        return o.table is not None and (o.table_schema or o.schema, o.table) in runtime

    kept = tuple(o for o in database.objects if not made_at_run_time(o))
    return replace(database, objects=kept), sorted(f"{s}.{n}" if s else n for s, n in runtime)
