"""One dialect's namespace: how names match (folding), and the indexes
replay looks them up in; the names one statement writes (:class:`Batch`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.default_names import INDEX_BACKED
from dbnamelint.dialects import Family, Folding, profile_for
from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    USER_SCHEMA,
    ConstraintType,
    Event,
    EventOp,
    ObjectKind,
    QualifiedName,
)
from dbnamelint.replay.model import _RELATIONS, _RENAME_FALLBACKS, _WIDE, Node


class Taken:
    """A ``Container[str]`` answering "is this name already used?" lazily.

    Default names are chosen often; building the set of every name in a
    schema each time would make replay quadratic, so membership is answered
    by the namespace's dictionaries instead.
    """

    __slots__ = ("_check",)

    def __init__(self, check: Callable[[str], bool]) -> None:
        self._check = check

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._check(name)


def _as_unique_constraint(ns: Namespace, event: Event) -> Event:
    """A unique index as the UNIQUE constraint it is where the dialect says so
    (MySQL/MariaDB: ``CREATE UNIQUE INDEX u`` and ``UNIQUE KEY u`` are one object)."""
    if not ns.profile.unique_index_is_constraint:
        return event
    return replace(
        event, kind=ObjectKind.CONSTRAINT, constraint_type=ConstraintType.UNIQUE, unique=False
    )


#: Kinds :attr:`Namespace.views` holds.
_VIEW_KINDS = frozenset({ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})


#: The slot of MySQL's procedures, apart from its functions (:meth:`Namespace.slot`).
_PROCEDURES = "procedure"


class Namespace:
    """Every object of one dialect, with the indexes replay looks names up in."""

    def __init__(
        self, dialect: str, catalog: str | None = None, default_schema: str | None = None
    ) -> None:
        self.dialect = dialect
        #: Which catalog (:attr:`~dbnamelint.model.SourceFile.catalog`) this is.
        self.catalog = dialect if catalog is None else catalog
        profile = profile_for(dialect)
        self.profile = profile
        # Whose rules name unnamed keys and indexes, and so which of the
        # dialect-specific replay paths below apply.
        self.family = profile.implicit_names
        # PostgreSQL and its kin store unquoted names folded to lower case
        # (and default names are built from the stored spelling).
        self.pg_folding = profile.folding is Folding.LOWER_ASCII
        # Oracle, Snowflake and dialects we only know by name: the default
        # schema is the connected user's, so any schema may hold an
        # unqualified name.
        self.other_schemas_visible = profile.session_schema
        # Every lookup folds a name, and the same few thousand names come back
        # again and again, so each spelling is folded once per replay.
        self._quoted_keys: dict[str, str] = {}
        self._unquoted_keys: dict[str, str] = {}
        self._schema_keys: dict[str, str | None] = {}
        self._found: dict[
            tuple[tuple[ObjectKind, ...], str | None, str, bool, bool], Node | None
        ] = {}
        # MySQL: procedures live apart from functions of the same name.
        self._procedures_apart = profile.procedures_apart
        #: Kinds whose names this dialect compares exactly (MySQL: tables...).
        self._exact_kinds = frozenset(k for k in ObjectKind if k.value in profile.exact_kinds)
        # ``default_schema``: the files' own (a ClickHouse tree's one database,
        # :func:`dbnamelint.replay.home_database.home_databases`), else the dialect's.
        default = profile.default_schema if default_schema is None else default_schema
        self._default_schema = (
            None if default is None else self.key(default, False, ObjectKind.SCHEMA)
        )
        self.nodes: list[Node] = []
        #: The views and materialized views among ``nodes`` (dead ones too):
        #: what a DROP asks about its readers, without walking every column.
        self.views: list[Node] = []
        #: DROP SCHEMA public: a search path no longer creates there.
        self.default_schema_dropped = False
        self._top: dict[tuple[ObjectKind | str, str | None, str], Node] = {}
        self._wide: dict[tuple[ObjectKind, str | None, str], list[Node]] = {}

    # -- name matching -------------------------------------------------

    def key(self, name: str, quoted: bool, kind: ObjectKind | None = None) -> str:
        """How the dialect compares ``name`` (of ``kind``: MySQL tables compare exactly)."""
        if kind is not None and kind in self._exact_kinds:
            return self.profile.key(name, quoted, kind.value)
        memo = self._quoted_keys if quoted else self._unquoted_keys
        key = memo.get(name)
        if key is None:
            key = memo[name] = self.profile.key(name, quoted)
        return key

    def stored(self, name: str, quoted: bool) -> str:
        """The name as the catalog stores it (what default names are built from)."""
        return self.key(name, quoted) if self.pg_folding else name

    def schema_key(self, schema: str | None) -> str | None:
        """``None`` for the default schema, so ``public.t`` and ``t`` meet."""
        if schema is None:
            return None
        if schema in self._schema_keys:
            return self._schema_keys[schema]
        key: str | None = self.key(schema, False, ObjectKind.SCHEMA)
        if key == self._default_schema:
            key = None
        self._schema_keys[schema] = key
        return key

    def node_key(self, node: Node) -> str:
        return self.key(node.name, node.quoted, node.kind)

    def slot(self, kind: ObjectKind, procedure: bool) -> ObjectKind | str:
        """Where top-level objects of ``kind`` are kept: a procedure apart
        from the functions where the dialect keeps them apart (MySQL,
        :attr:`~dbnamelint.dialects.profile.DialectProfile.procedures_apart`)."""
        if procedure and kind is ObjectKind.FUNCTION and self._procedures_apart:
            return _PROCEDURES
        return kind

    # -- registration --------------------------------------------------

    def register(self, node: Node) -> None:
        key = self.node_key(node)
        if node.kind in TABLE_ATTACHED_KINDS:
            if node.owner is not None:
                node.owner.children[(node.kind, key)] = node
            if node.kind in _WIDE:
                wide_key = (node.kind, self.schema_key(node.home_schema), key)
                self._wide.setdefault(wide_key, []).append(node)
        else:
            slot = self.slot(node.kind, node.procedure)
            self._top[(slot, self.schema_key(node.schema), key)] = node
            self._found.clear()

    def unregister(self, node: Node) -> None:
        key = self.node_key(node)
        if node.kind in TABLE_ATTACHED_KINDS:
            owner = node.owner
            if owner is not None and owner.children.get((node.kind, key)) is node:
                del owner.children[(node.kind, key)]
            if node.kind in _WIDE:
                bucket = self._wide.get((node.kind, self.schema_key(node.home_schema), key), [])
                if node in bucket:
                    bucket.remove(node)
        else:
            top_key = (self.slot(node.kind, node.procedure), self.schema_key(node.schema), key)
            if self._top.get(top_key) is node:
                del self._top[top_key]
                self._found.clear()

    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        if node.kind in _VIEW_KINDS:
            self.views.append(node)
        self.register(node)
        return node

    # -- lookups -------------------------------------------------------

    def find_top(
        self,
        kinds: tuple[ObjectKind, ...],
        schema: str | None,
        name: str,
        quoted: bool,
        procedure: bool = False,
    ) -> Node | None:
        """The live top-level object of one of ``kinds`` called ``name``;
        ``procedure``: a procedure rather than a function (:meth:`slot`)."""
        # Every element of a table looks its table up, so answers are kept
        # until the next table, view... is added or removed.
        memo_key = (kinds, schema, name, quoted, procedure)
        if memo_key in self._found:
            return self._found[memo_key]
        schema_key = self.schema_key(schema)
        found = None
        for kind in kinds:
            slot = self.slot(kind, procedure)
            found = self._top.get((slot, schema_key, self.key(name, quoted, kind)))
            if found is not None:
                break
        if found is None and schema is None and self.other_schemas_visible:
            # An unqualified name, in a dialect whose default schema is the
            # connected user's (Oracle, Snowflake...): a single object of that
            # name in any schema is the one meant.
            slots = {self.slot(kind, procedure): kind for kind in kinds}
            others = [
                node
                for (slot, _, other_key), node in self._top.items()
                if slot in slots and other_key == self.key(name, quoted, slots[slot])
            ]
            if len(others) == 1:
                found = others[0]
        self._found[memo_key] = found
        return found

    def find_relation(self, name: QualifiedName, kinds: tuple[ObjectKind, ...]) -> Node | None:
        return self.find_top(kinds, name.schema, name.name, name.quoted)

    def find_wide(
        self,
        kind: ObjectKind,
        schema: str | None,
        name: str,
        quoted: bool,
        *,
        owner: Node | None = None,
        types: frozenset[ConstraintType] | None = None,
    ) -> Node | None:
        bucket = self._wide.get((kind, self.schema_key(schema), self.key(name, quoted, kind)), [])
        for node in bucket:
            if owner is not None and node.owner is not owner:
                continue
            if types is not None and node.constraint_type not in types:
                continue
            return node
        return None

    def find_child(self, owner: Node, kind: ObjectKind, name: str, quoted: bool) -> Node | None:
        return owner.children.get((kind, self.key(name, quoted, kind)))

    def has_relation(self, schema: str | None, stored: str) -> bool:
        """PostgreSQL ``get_relname_relid``: tables, views, sequences, indexes."""
        schema_key = self.schema_key(schema)
        if any((kind, schema_key, stored) in self._top for kind in _RELATIONS):
            return True
        if self._wide.get((ObjectKind.INDEX, schema_key, stored)):
            return True
        bucket = self._wide.get((ObjectKind.CONSTRAINT, schema_key, stored), [])
        return any(node.constraint_type in INDEX_BACKED for node in bucket)

    def has_constraint(self, schema: str | None, stored: str) -> bool:
        return bool(self._wide.get((ObjectKind.CONSTRAINT, self.schema_key(schema), stored)))


class Batch(Struct, frozen=True):
    """The events of one statement from ``start`` on, and the names it writes.

    Every event from ``start`` to ``end`` (exclusive) comes from the same
    statement (same file, same ``Event.statement``), so a batch read from any
    of them ends at the same place: the statement is scanned once, not once
    per unnamed element. An event of an unknown statement (``-1``) is a
    batch of its own.
    """

    ns: Namespace
    start: int
    end: int
    names: tuple[tuple[int, str], ...]  # (event index, key) of explicit names
    #: The event indexes among ``names`` that name an index or a key (an
    #: index by another name on MySQL/MariaDB, whose index names are a
    #: namespace of their own: not shared with checks or foreign keys).
    keyed: frozenset[int] = frozenset()

    @classmethod
    def read(cls, ns: Namespace, events: Sequence[Event], start: int) -> Batch:
        first = events[start]
        path, statement = first.source.path, first.statement
        names: list[tuple[int, str]] = []
        keyed: set[int] = set()
        end = start + 1
        if statement >= 0:
            for position in range(start + 1, len(events)):  # no slice: no copy of the rest
                later = events[position]
                if later.statement != statement or later.source.path != path:
                    break
                if (
                    later.op is EventOp.CREATE
                    and later.name is not None
                    and later.kind in TABLE_ATTACHED_KINDS
                    and later.kind is not ObjectKind.COLUMN
                ):
                    names.append((position, ns.key(later.name, later.quoted, later.kind)))
                    if later.kind is ObjectKind.INDEX or later.constraint_type in INDEX_BACKED:
                        keyed.add(position)
                end = position + 1
        return cls(ns, start, end, tuple(names), frozenset(keyed))


def _schema_name(ns: Namespace, entry: str) -> str | None:
    """A path entry as an event's schema: ``None`` for the default schema."""
    name = entry[len(USER_SCHEMA) :] if entry.startswith(USER_SCHEMA) else entry
    return None if ns.schema_key(name) is None else name


def _lookup_kinds(event: Event) -> tuple[ObjectKind, ...]:
    """What a RENAME, DROP or ATTACH of an unqualified name may find."""
    if event.op is EventOp.DROP:
        return (event.kind,)
    return _RENAME_FALLBACKS.get(event.kind, (event.kind,))


#: Kinds whose names one namespace holds, per family: a ``CREATE ... IF NOT
#: EXISTS`` of one of them finding another of them so named does nothing.
#: PostgreSQL looks the name up in pg_class (tables, views, materialized
#: views, sequences, indexes, composite types: ``NOTICE: relation "x" already
#: exists, skipping``; manual, "CREATE TABLE": "IF NOT EXISTS ... a relation
#: with the same name"); MySQL and MariaDB keep tables, views and (MariaDB)
#: sequences as tables (``Note 1050: Table 'x' already exists``); SQLite
#: tables and views (sqlite_master; an index of that name is an error).
#: Checked on PostgreSQL 15, MariaDB 10.11 and SQLite 3.40:
#: tests/test_if_not_exists_other_relation.py.
_SHARED_NAMES = {
    Family.POSTGRES: (
        ObjectKind.TABLE,
        ObjectKind.VIEW,
        ObjectKind.MATERIALIZED_VIEW,
        ObjectKind.SEQUENCE,
        ObjectKind.TYPE,
    ),
    Family.MYSQL: (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.SEQUENCE),
    Family.SQLITE: (ObjectKind.TABLE, ObjectKind.VIEW),
}


def name_holder(
    ns: Namespace, kind: ObjectKind, schema: str | None, name: str, quoted: bool
) -> Node | None:
    """The live object of another kind than ``kind`` (one of the family's
    :data:`_SHARED_NAMES`, or an index) already holding ``name``, which a
    ``CREATE ... IF NOT EXISTS`` of ``kind`` finds and so does nothing; None."""
    kinds = _SHARED_NAMES.get(ns.family)
    if kinds is None or (
        kind not in kinds and not (ns.family is Family.POSTGRES and kind is ObjectKind.INDEX)
    ):
        return None
    others = tuple(k for k in kinds if k is not kind)
    found = ns.find_top(others, schema, name, quoted)
    if found is not None and found.kind is ObjectKind.TYPE and not found.attributes:
        found = None  # an enum, range or base type is no relation (PostgreSQL errors)
    if found is not None and (found.ghost or found.assumed):
        found = None  # only assumed to exist (a name used, never created here)
    if found is None and ns.family is Family.POSTGRES and kind is not ObjectKind.INDEX:
        found = ns.find_wide(ObjectKind.INDEX, schema, name, quoted) or ns.find_wide(
            ObjectKind.CONSTRAINT, schema, name, quoted, types=INDEX_BACKED
        )
    return found
