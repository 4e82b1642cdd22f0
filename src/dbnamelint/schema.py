"""Replay naming events, file after file, into the schema the database ends with.

A naming standard judges what the database *holds*, not what one file says:
a table created as ``messages`` and renamed to ``comms_messages`` three
migrations later is compliant, its implicit ``messages_pkey`` is not, and a
view called ``messages`` reading it is a compatibility view rather than a
new legacy name. So events are applied in order to a small mutable model
(private to this module) and only the end state leaves it, as frozen
:class:`~dbnamelint.model.SchemaObject` values.

Each dialect replays into its own namespace because one tree often holds the
same schema for several databases (sakila, kratos, guacamole); name matching
follows the dialect (PostgreSQL folds unquoted names to lower case, MySQL,
SQLite and T-SQL compare case-insensitively).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import count
from string import ascii_lowercase, ascii_uppercase
from types import MappingProxyType

from dbnamelint.default_names import (
    INDEX_BACKED,
    default_name,
    is_default_name,
    make_object_name,
    pg_choose_name,
    sqlite_rowid_alias,
)
from dbnamelint.dialects import Family, Folding, profile_for
from dbnamelint.dialects.profile import clip_bytes
from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    USER_SCHEMA,
    Comment,
    ConstraintType,
    Diagnostic,
    Event,
    EventOp,
    IndexText,
    Location,
    ObjectKind,
    QualifiedName,
    Schema,
    SchemaObject,
    Severity,
    SourceFile,
)
from dbnamelint.runner.gcpause import collector_paused

REDEFINED = "DBN010"
NOT_CREATED = "DBN011"
VIEW_DEPENDS = "DBN018"

#: PostgreSQL folds only ASCII letters of unquoted identifiers.
_ASCII_FOLD: MappingProxyType[int, int] = MappingProxyType(
    str.maketrans(ascii_uppercase, ascii_lowercase)
)

#: Kinds living in PostgreSQL's relation namespace (pg_class).
_RELATIONS = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.SEQUENCE)

#: Attached kinds also looked up by name across a whole schema
#: (``DROP INDEX i``, ``DROP TRIGGER t`` in MySQL, taken-name checks).
_WIDE = frozenset({ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TRIGGER})

#: What ``ALTER <kind> x RENAME`` may really be renaming: PostgreSQL accepts
#: ALTER TABLE on views and sequences, MySQL's RENAME TABLE renames views.
_RENAME_FALLBACKS: MappingProxyType[ObjectKind, tuple[ObjectKind, ...]] = MappingProxyType(
    {
        ObjectKind.TABLE: _RELATIONS,
        ObjectKind.VIEW: (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW, ObjectKind.TABLE),
        ObjectKind.MATERIALIZED_VIEW: (ObjectKind.MATERIALIZED_VIEW, ObjectKind.VIEW),
    }
)

#: Keys merged with an equal one of the same CREATE TABLE, and the dialects that do it.
_MERGED_KEYS = frozenset({ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE})
_MERGES_KEYS = frozenset({Family.POSTGRES, Family.SQLITE})

#: Relations an attached object may hang on (indexes on materialized views,
#: INSTEAD OF triggers on views).
_OWNER_KINDS = (ObjectKind.TABLE, ObjectKind.MATERIALIZED_VIEW, ObjectKind.VIEW)
#: PostgreSQL keeps types and domains in one namespace (pg_type).
_TYPE_KINDS = (ObjectKind.TYPE, ObjectKind.DOMAIN)
_PART = r'(?:"(?:[^"]|"")*"|[^\s."\[\]()]+)'
#: A type written as ``[schema.]name`` with an optional array suffix
#: (``[]``, ``[3]``, ``ARRAY``); anything else (``varchar(20)``, ``timestamp
#: with time zone``) is a built-in type no DROP TYPE reaches.
_TYPE_NAME = re.compile(
    rf"\s*(?:(?P<schema>{_PART})\s*\.\s*)?(?P<name>{_PART})\s*(?:\[[^\]]*\]\s*)*(?:ARRAY\b.*)?",
    re.IGNORECASE | re.DOTALL,
)


def type_name(written: str) -> tuple[str | None, str, bool] | None:
    """``(schema, name, quoted)`` of a type as written, or None for a built-in shape.

    ``app."Mood"[]`` -> ``("app", "Mood", True)``; ``mood ARRAY`` ->
    ``(None, "mood", False)``; ``numeric(10, 2)`` -> None.
    """
    found = _TYPE_NAME.fullmatch(written)
    if found is None:
        return None

    def unquote(part: str) -> str:
        return part[1:-1].replace('""', '"') if part.startswith('"') else part

    schema, name = found.group("schema"), found.group("name")
    return (
        unquote(schema) if schema is not None else None,
        unquote(name),
        name.startswith('"'),
    )


@dataclass(eq=False, slots=True)
class _Node:
    """One object while replay runs; mutated in place so references follow it.

    Foreign keys, views and attached objects point at nodes rather than at
    names, which is how a rename of a table reaches everything that refers to
    it (PostgreSQL stores OIDs, not names, for the same reason).
    """

    kind: ObjectKind
    name: str
    quoted: bool
    schema: str | None
    location: Location
    source: SourceFile
    created_at: Location
    seq: int
    owner: _Node | None = None
    ghost: bool = False  # a table the files only alter, never create
    #: Made by an ``IF EXISTS`` rename of something the files never made: a
    #: later ``CREATE ... IF NOT EXISTS`` of its name replaces it.
    assumed: bool = False
    implicit: bool = False
    alive: bool = True
    previous: tuple[tuple[str, bool], ...] = ()
    constraint_type: ConstraintType | None = None
    columns: tuple[str, ...] = ()
    ref: _Node | QualifiedName | None = None
    #: A foreign key's referenced columns as written (empty: the key's).
    ref_columns: tuple[str, ...] = ()
    unique: bool = False
    selects: tuple[_Node | QualifiedName, ...] = ()
    view_for: str | None = None
    suppressions: tuple[Comment, ...] = ()
    children: dict[tuple[ObjectKind, str], _Node] = field(default_factory=dict)
    partition_of: _Node | QualifiedName | None = None  # parent, if a partition
    partitioned: bool = False  # some table is (or was) a partition of this one
    data_type: str | None = None  # a column's declared type
    default_sql: str | None = None  # a SQLite column's DEFAULT as written
    generated: bool = False  # a SQLite generated column
    index_text: IndexText | None = None  # a SQLite index's definition as written
    schema_text: str | None = None  # the schema as a template placeholder
    without_rowid: bool = False  # a SQLite WITHOUT ROWID table
    #: SQLite keys: ``indexless`` for a named rowid-alias primary key (it has
    #: no autoindex, so it takes no number); ``late`` for the INTEGER primary
    #: key of a WITHOUT ROWID table, whose index SQLite builds after all the
    #: others (``convertToWithoutRowidTable``), so it is numbered last.
    indexless: bool = False
    late: bool = False
    #: Sequences a serial/identity column owns: dropped with the column.
    sequences: list[_Node] = field(default_factory=list)
    #: An index's columns as its name spells them (``Event.name_columns``).
    name_columns: tuple[str, ...] = ()
    #: ``INCLUDE (cols)`` of an index or key (``Event.include``): in its PostgreSQL name.
    include: tuple[str, ...] = ()
    #: MySQL: how many leading ``columns`` are indexed in full (``Event.full_columns``).
    full_columns: int | None = None
    #: MySQL: the index InnoDB made for a foreign key (``_mysql_foreign_key_index``),
    #: dropped when a later index can serve the key.
    for_foreign_key: bool = False
    #: A CHECK constraint written NO INHERIT: INHERITS children do not get it.
    no_inherit: bool = False
    #: A CHECK written in a column's definition (``Event.column_level``): that
    #: column. MySQL CHANGE/MODIFY of the column drops it on MariaDB.
    of_column: _Node | None = None
    #: A composite type's attributes: the columns of a table made OF it.
    attributes: tuple[str, ...] = ()
    #: A trigger's function (``EXECUTE FUNCTION f()``): the node while the
    #: files made it, else the name as resolved.
    function: _Node | QualifiedName | None = None
    #: An index's other columns: those its expressions, WHERE predicate and
    #: INCLUDE list use (PostgreSQL drops the index with any of them).
    uses: tuple[str, ...] = ()
    #: A view's body: the names it writes, ``*`` for a star select list
    #: (``Event.uses``); a column dropped with CASCADE drops the views naming it.
    reads: tuple[str, ...] = ()
    #: A composite type's attribute types as written, in ``attributes`` order.
    attribute_types: tuple[str | None, ...] = ()
    #: A table made OF a composite type: that type (it loses the columns the
    #: type loses).
    of_type: _Node | None = None
    #: A routine: the types each CREATE of this name named in its signature
    #: (the model keeps one node per name, not per overload).
    signatures: tuple[tuple[str, ...], ...] = ()
    #: The search path the object was made with (``Event.search_path``): where
    #: an unqualified type name it wrote is looked up.
    type_path: tuple[str, ...] | None = None

    @property
    def home_schema(self) -> str | None:
        """Schema the object lives in: an attached object lives in its table's."""
        return self.owner.schema if self.owner is not None else self.schema


class _Taken:
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


def _as_unique_constraint(ns: _Namespace, event: Event) -> Event:
    """A unique index as the UNIQUE constraint it is where the dialect says so
    (MySQL/MariaDB: ``CREATE UNIQUE INDEX u`` and ``UNIQUE KEY u`` are one object)."""
    if not ns.profile.unique_index_is_constraint:
        return event
    return replace(
        event, kind=ObjectKind.CONSTRAINT, constraint_type=ConstraintType.UNIQUE, unique=False
    )


class _Namespace:
    """Every object of one dialect, with the indexes replay looks names up in."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
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
        self._found: dict[tuple[tuple[ObjectKind, ...], str | None, str, bool], _Node | None] = {}
        #: Kinds whose names this dialect compares exactly (MySQL: tables...).
        self._exact_kinds = frozenset(k for k in ObjectKind if k.value in profile.exact_kinds)
        default = profile.default_schema
        self._default_schema = (
            None if default is None else self.key(default, False, ObjectKind.SCHEMA)
        )
        self.nodes: list[_Node] = []
        #: DROP SCHEMA public: a search path no longer creates there.
        self.default_schema_dropped = False
        self._top: dict[tuple[ObjectKind, str | None, str], _Node] = {}
        self._wide: dict[tuple[ObjectKind, str | None, str], list[_Node]] = {}

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

    def node_key(self, node: _Node) -> str:
        return self.key(node.name, node.quoted, node.kind)

    # -- registration --------------------------------------------------

    def register(self, node: _Node) -> None:
        key = self.node_key(node)
        if node.kind in TABLE_ATTACHED_KINDS:
            if node.owner is not None:
                node.owner.children[(node.kind, key)] = node
            if node.kind in _WIDE:
                wide_key = (node.kind, self.schema_key(node.home_schema), key)
                self._wide.setdefault(wide_key, []).append(node)
        else:
            self._top[(node.kind, self.schema_key(node.schema), key)] = node
            self._found.clear()

    def unregister(self, node: _Node) -> None:
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
            top_key = (node.kind, self.schema_key(node.schema), key)
            if self._top.get(top_key) is node:
                del self._top[top_key]
                self._found.clear()

    def add(self, node: _Node) -> _Node:
        self.nodes.append(node)
        self.register(node)
        return node

    # -- lookups -------------------------------------------------------

    def find_top(
        self, kinds: tuple[ObjectKind, ...], schema: str | None, name: str, quoted: bool
    ) -> _Node | None:
        # Every element of a table looks its table up, so answers are kept
        # until the next table, view... is added or removed.
        memo_key = (kinds, schema, name, quoted)
        if memo_key in self._found:
            return self._found[memo_key]
        schema_key = self.schema_key(schema)
        found = None
        for kind in kinds:
            found = self._top.get((kind, schema_key, self.key(name, quoted, kind)))
            if found is not None:
                break
        if found is None and schema is None and self.other_schemas_visible:
            # An unqualified name, in a dialect whose default schema is the
            # connected user's (Oracle, Snowflake...): a single object of that
            # name in any schema is the one meant.
            others = [
                node
                for (kind, _, other_key), node in self._top.items()
                if kind in kinds and other_key == self.key(name, quoted, kind)
            ]
            if len(others) == 1:
                found = others[0]
        self._found[memo_key] = found
        return found

    def find_relation(self, name: QualifiedName, kinds: tuple[ObjectKind, ...]) -> _Node | None:
        return self.find_top(kinds, name.schema, name.name, name.quoted)

    def find_wide(
        self,
        kind: ObjectKind,
        schema: str | None,
        name: str,
        quoted: bool,
        *,
        owner: _Node | None = None,
        types: frozenset[ConstraintType] | None = None,
    ) -> _Node | None:
        bucket = self._wide.get((kind, self.schema_key(schema), self.key(name, quoted, kind)), [])
        for node in bucket:
            if owner is not None and node.owner is not owner:
                continue
            if types is not None and node.constraint_type not in types:
                continue
            return node
        return None

    def find_child(self, owner: _Node, kind: ObjectKind, name: str, quoted: bool) -> _Node | None:
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


@dataclass(frozen=True, slots=True)
class _Batch:
    """The events of one statement from ``start`` on, and the names it writes.

    Every event from ``start`` to ``end`` (exclusive) comes from the same
    statement (same file, same ``Event.statement``), so a batch read from any
    of them ends at the same place: the statement is scanned once, not once
    per unnamed element. An event of an unknown statement (``-1``) is a
    batch of its own.
    """

    ns: _Namespace
    start: int
    end: int
    names: tuple[tuple[int, str], ...]  # (event index, key) of explicit names
    #: The event indexes among ``names`` that name an index or a key (an
    #: index by another name on MySQL/MariaDB, whose index names are a
    #: namespace of their own: not shared with checks or foreign keys).
    keyed: frozenset[int] = frozenset()

    @classmethod
    def read(cls, ns: _Namespace, events: Sequence[Event], start: int) -> _Batch:
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


def _is_key(node: _Node) -> bool:
    """An index, or a primary or unique key (MySQL gives each an index)."""
    return node.kind is ObjectKind.INDEX or node.constraint_type in _MERGED_KEYS


def _is_unique_key(node: _Node) -> bool:
    """A primary key, a UNIQUE constraint or a unique index: what a foreign key references."""
    if node.kind is ObjectKind.INDEX:
        return node.unique
    return node.constraint_type in (ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE)


def _serves(columns: Sequence[str], full: int | None, wanted: Sequence[str]) -> bool:
    """Whether an index on ``columns`` (the first ``full`` indexed in full;
    None: all) can enforce a foreign key on ``wanted``: its first columns are
    the key's, in order (MySQL manual §15.1.20.5; names compared as MySQL
    compares column names, without case)."""
    usable = columns if full is None else columns[:full]
    if not wanted or len(usable) < len(wanted):
        return False
    return all(a.casefold() == b.casefold() for a, b in zip(usable, wanted, strict=False))


def _kind_label(kind: ObjectKind) -> str:
    return kind.value.replace("_", " ")


#: Stands for "pg_temp": an unqualified CREATE makes a temporary object.
_TEMPORARY = object()
#: Names an event refers to, and what they may name (search_path lookups).
_REFERENCES: tuple[tuple[str, tuple[ObjectKind, ...]], ...] = (
    ("table", _OWNER_KINDS),
    ("ref_table", (ObjectKind.TABLE,)),
    ("like", _RELATIONS),
    ("partition_of", (ObjectKind.TABLE, ObjectKind.INDEX)),
    ("of_type", (ObjectKind.TYPE,)),
    ("function", (ObjectKind.FUNCTION,)),
)


def _schema_name(ns: _Namespace, entry: str) -> str | None:
    """A path entry as an event's schema: ``None`` for the default schema."""
    name = entry[len(USER_SCHEMA) :] if entry.startswith(USER_SCHEMA) else entry
    return None if ns.schema_key(name) is None else name


def _lookup_kinds(event: Event) -> tuple[ObjectKind, ...]:
    """What a RENAME, DROP or ATTACH of an unqualified name may find."""
    if event.op is EventOp.DROP:
        return (event.kind,)
    return _RENAME_FALLBACKS.get(event.kind, (event.kind,))


class _Replayer:
    """Applies events one by one; holds no state beyond one ``replay`` call."""

    def __init__(self) -> None:
        self._namespaces: dict[str, _Namespace] = {}
        self._seq = count()
        self.diagnostics: list[Diagnostic] = []
        self._batch: _Batch | None = None
        # PRIMARY KEY / UNIQUE constraints of the last CREATE TABLE statement
        # (file, Event.statement): PostgreSQL and SQLite merge equal ones.
        self._keys_at: tuple[str, int] = ("", -1)
        self._keys: list[_Node] = []
        # Columns and checks the last CREATE TABLE got from INHERITS parents:
        # its own definitions of the same names merge with them.
        self._inherited: set[int] = set()
        # Schemas CREATE SCHEMA makes anywhere in the files, per dialect:
        # computed when a search path first needs them.
        self._created_schemas: set[tuple[str, str | None]] | None = None
        # Temporary tables of the file being replayed: gone when it ends.
        self._temporary: list[tuple[_Namespace, _Node]] = []
        # (file, Event.statement) of an ADD COLUMN IF NOT EXISTS whose column
        # existed: the inline constraints that follow go with it (PostgreSQL).
        self._column_kept: tuple[str, int] = ("", -1)

    # -- helpers -------------------------------------------------------

    def _ns(self, dialect: str) -> _Namespace:
        ns = self._namespaces.get(dialect)
        if ns is None:
            ns = self._namespaces[dialect] = _Namespace(dialect)
        return ns

    def _note(self, location: Location, message: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(location, Severity.INFO, message, code))

    @staticmethod
    def _gone(ns: _Namespace, kinds: tuple[ObjectKind, ...], name: QualifiedName) -> bool:
        """Whether the files dropped ``name`` or renamed it away: then an ``IF
        EXISTS`` statement on it is skipped, as the database skips it."""
        schema_key = ns.schema_key(name.schema)
        for node in ns.nodes:
            if node.kind not in kinds or ns.schema_key(node.schema) != schema_key:
                continue
            wanted = ns.key(name.name, name.quoted, node.kind)
            if not node.alive and ns.key(node.name, node.quoted, node.kind) == wanted:
                return True
            if node.alive and any(ns.key(n, q, node.kind) == wanted for n, q in node.previous):
                return True
        return False

    def _not_created(
        self,
        ns: _Namespace,
        location: Location,
        kinds: tuple[ObjectKind, ...],
        name: QualifiedName,
        fallback: str,
    ) -> None:
        """Note (DBN011) a statement naming an object that does not exist here.

        When an earlier statement renamed the object away, that is what the
        note says, with where: it is the likely mistake in a migration tree.
        """
        schema_key = ns.schema_key(name.schema)
        for node in ns.nodes:
            if (
                node.alive
                and node.previous
                and node.kind in kinds
                and ns.schema_key(node.schema) == schema_key
                and any(
                    ns.key(n, q, node.kind) == ns.key(name.name, name.quoted, node.kind)
                    for n, q in node.previous
                )
            ):
                at = node.location
                message = (
                    f"{_kind_label(node.kind)} '{name}' was renamed to '{node.name}' at "
                    f"{at.path}:{at.line}; this statement still uses the old name"
                )
                self._note(location, message, NOT_CREATED)
                return
        self._note(location, fallback, NOT_CREATED)

    def _new_node(self, event: Event, kind: ObjectKind, name: str, **extra: object) -> _Node:
        node = _Node(
            kind=kind,
            name=name,
            quoted=event.quoted,
            schema=event.schema,
            location=event.location,
            source=event.source,
            created_at=event.location,
            seq=next(self._seq),
            suppressions=event.suppressions,
            schema_text=event.schema_text,
        )
        for attr, value in extra.items():
            setattr(node, attr, value)
        return node

    def _owner(
        self, ns: _Namespace, event: Event, create_ghost: bool, note: bool = True
    ) -> _Node | None:
        """The table an attached event refers to; a ghost if the files never made it."""
        table = event.table
        if table is None:
            return None
        owner = ns.find_relation(table, _OWNER_KINDS)
        if owner is None and create_ghost:
            owner = ns.add(
                _Node(
                    kind=ObjectKind.TABLE,
                    name=table.name,
                    quoted=table.quoted,
                    schema=table.schema,
                    location=event.location,
                    source=event.source,
                    created_at=event.location,
                    seq=next(self._seq),
                    ghost=True,
                )
            )
            if note:
                self._not_created(
                    ns,
                    event.location,
                    _OWNER_KINDS,
                    table,
                    f"table '{table}' is not created in the files; "
                    f"{_kind_label(event.kind)} '{event.name or 'unnamed'}' added here",
                )
        return owner

    def _kill(self, ns: _Namespace, node: _Node) -> None:
        if not node.alive:
            return
        node.alive = False
        ns.unregister(node)
        for child in list(node.children.values()):
            self._kill(ns, child)
        for sequence in node.sequences:
            self._kill(ns, sequence)

    def _cascade(self, ns: _Namespace, *dropped: _Node) -> None:
        """DROP ... CASCADE: views reading what was dropped, FKs pointing at
        it or at the key it dropped, and triggers running it (a function) go
        too, and what depends on those in turn."""
        gone = {id(n) for n in dropped}
        keys = [n for n in dropped if _is_unique_key(n) and isinstance(n.owner, _Node)]
        while gone:
            more: set[int] = set()
            for node in list(ns.nodes):
                if not node.alive:
                    continue
                if node.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW) and any(
                    id(s) in gone for s in node.selects
                ):
                    self._kill(ns, node)
                    more.add(id(node))
                elif (
                    (node.constraint_type is ConstraintType.FOREIGN_KEY and id(node.ref) in gone)
                    or (node.kind is ObjectKind.TRIGGER and id(node.function) in gone)
                    or any(self._serves_reference(ns, key, node) for key in keys)
                ):
                    self._kill(ns, node)
            gone = more
            keys = []

    @staticmethod
    def _serves_reference(ns: _Namespace, key: _Node, node: _Node) -> bool:
        """Whether foreign key ``node`` relies on the unique key or index ``key``.

        PostgreSQL records a foreign key's dependency on the unique index of
        the referenced columns (``transformFkeyCheckAttrs``: the primary key
        when none are written, else a unique index on exactly those columns,
        in any order), so dropping that key with CASCADE drops the foreign key
        (NOTICE: drop cascades to constraint ... on table ...).
        """
        if node.constraint_type is not ConstraintType.FOREIGN_KEY or node.ref is not key.owner:
            return False
        if not node.ref_columns:
            return key.constraint_type is ConstraintType.PRIMARY_KEY
        wanted = {ns.key(c, True) for c in node.ref_columns} | {
            ns.key(c, False) for c in node.ref_columns
        }
        have = {ns.key(c, True) for c in key.columns}
        return len(key.columns) == len(node.ref_columns) and have <= wanted

    # -- dispatch ------------------------------------------------------

    def run(self, events: Sequence[Event]) -> None:
        # The statement of a CREATE TABLE IF NOT EXISTS that found its table:
        # the database skips the whole statement, so its elements are skipped.
        skip_path, skip_statement = "", -1
        dialect, ns = "", None
        path = ""
        for index, written in enumerate(events):
            event = written
            if event.source.path != path:
                path = event.source.path
                self._end_session()
            if ns is None or event.source.dialect != dialect:
                dialect = event.source.dialect
                ns = self._ns(dialect)
            if event.search_path is not None:
                event = self._resolve(ns, event, events)
            if (
                event.table_if_exists
                and event.table is not None
                and ns.find_relation(event.table, _OWNER_KINDS) is None
                and self._gone(ns, _OWNER_KINDS, event.table)
            ):
                # ALTER TABLE IF EXISTS of a table the files dropped or renamed
                # away: the database skips it. A table they never made may come
                # from elsewhere (a goose Go migration): assumed, so the names
                # the statement writes are still judged (DBN011 says so).
                continue
            if event.if_column_added and self._column_kept == (path, event.statement):
                if ns.family is Family.POSTGRES:
                    continue  # its column existed: PostgreSQL skips the definition
            elif event.kind is ObjectKind.COLUMN or not event.if_column_added:
                self._column_kept = ("", -1)
            op = event.op
            if event.unique and event.kind is ObjectKind.INDEX and op is EventOp.CREATE:
                event = _as_unique_constraint(ns, event)
            if op is EventOp.CREATE and event.kind is ObjectKind.SEQUENCE and event.owns_sequence:
                self._identity_added(ns, event)  # ALTER COLUMN c ADD GENERATED ... AS IDENTITY
                continue
            if op is EventOp.CREATE and event.kind in TABLE_ATTACHED_KINDS:
                if event.statement == skip_statement and event.source.path == skip_path:
                    continue
                self._create_attached(ns, event, events, index)
            elif op is EventOp.CREATE:
                if event.kind is ObjectKind.TABLE:
                    self._keys_at, self._keys = (event.source.path, event.statement), []
                    self._inherited.clear()
                kept = self._create_top(ns, event)
                if not kept and event.kind is ObjectKind.TABLE and event.statement >= 0:
                    skip_path, skip_statement = event.source.path, event.statement
                else:
                    if event.like is not None:
                        self._copy_like(ns, event)
                    if event.inherits or event.of_type is not None:
                        self._inherit(ns, event)
                # PostgreSQL: an object created in schema pg_temp (a function
                # openmeter's migrations use once) lives as long as its session.
                in_pg_temp = (
                    ns.family is Family.POSTGRES
                    and event.schema is not None
                    and event.schema.lower() == "pg_temp"
                )
                if kept and (event.temporary or in_pg_temp) and event.name is not None:
                    node = ns.find_top((event.kind,), event.schema, event.name, event.quoted)
                    if node is not None:
                        self._temporary.append((ns, node))
            elif op is EventOp.RENAME and event.redefines:
                self._redefine_column(ns, event, events, index)
            elif op is EventOp.RENAME:
                self._rename(ns, event)
            elif op is EventOp.DROP:
                self._drop(ns, event)
            else:
                self._attach(ns, event)
        self._end_session()

    def _copy_like(self, ns: _Namespace, event: Event) -> None:
        """Columns (and keys, indexes, checks as asked) a table takes from another.

        PostgreSQL CREATE TABLE ... LIKE: copied indexes and keys are named
        for the new table as unnamed ones would be, copied checks keep their
        names. MySQL CREATE TABLE ... LIKE: indexes and keys keep their names,
        checks are copied under generated names (MariaDB: under theirs),
        foreign keys are not copied (manual §15.1.20.3).
        """
        assert event.like is not None and event.name is not None
        source = ns.find_relation(event.like, _RELATIONS)
        if source is None:
            self._note(
                event.location,
                f"table '{event.like}' is not created in the files; "
                f"the columns '{event.name}' copies from it are unknown",
                NOT_CREATED,
            )
            return
        table = QualifiedName(event.name, event.schema, event.quoted)
        copies = event.like_copies
        mysql = ns.family is Family.MYSQL
        made: list[Event] = []
        for child in sorted(source.children.values(), key=lambda n: n.seq):
            if not child.alive:
                continue
            keeps_name = False
            if child.kind is ObjectKind.COLUMN:
                keeps_name = True
            elif child.kind is ObjectKind.INDEX or child.constraint_type in INDEX_BACKED:
                if "indexes" not in copies:
                    continue
                keeps_name = mysql
            elif child.constraint_type is ConstraintType.CHECK:
                if "constraints" not in copies and not mysql:
                    continue
                # MySQL 8 generates the copies' names (<table>_chk_<n>);
                # MariaDB keeps them (checked on MariaDB 10.11).
                keeps_name = not mysql or ns.profile.checks_by_column
            else:
                continue
            made.append(
                replace(
                    event,
                    kind=child.kind,
                    name=child.name if keeps_name else None,
                    quoted=child.quoted if keeps_name else False,
                    schema=None,
                    table=table,
                    constraint_type=child.constraint_type,
                    columns=child.columns,
                    name_columns=child.name_columns,
                    include=child.include,
                    uses=child.uses,
                    unique=child.unique,
                    data_type=child.data_type,
                    search_path=child.type_path,
                    like=None,
                    like_copies=frozenset(),
                    temporary=False,
                    owns_sequence=False,
                    sequence_name=None,
                    column_level=child.of_column is not None,
                )
            )
        for i, copied in enumerate(made):
            self._create_attached(ns, copied, made, i)

    # -- search_path -----------------------------------------------------

    def _resolve(self, ns: _Namespace, event: Event, events: Sequence[Event]) -> Event:
        """``event`` with each unqualified name given the schema its search path picks.

        PostgreSQL manual, "The Schema Search Path": a name is created in the
        first schema of the path that exists and found in the first schema
        that holds it (a temporary table of the session first). A schema
        exists from its CREATE SCHEMA to its DROP; ``public`` unless dropped;
        one the files never create was made outside them and exists; the
        role's own schema (``"$user"``) only where the files create it.
        Nothing found: where the name would be created, as a ghost is.
        """
        path = event.search_path or ()
        if self._created_schemas is None:
            self._created_schemas = {
                (e.source.dialect, self._ns(e.source.dialect).schema_key(e.name))
                for e in events
                if e.op is EventOp.CREATE and e.kind is ObjectKind.SCHEMA and e.name
            }
        fields: dict[str, object] = {}
        kind = event.kind
        own = kind not in TABLE_ATTACHED_KINDS or event.table is None
        if event.schema is None and kind is not ObjectKind.SCHEMA and own:
            if event.op is EventOp.CREATE:
                home = self._creation_schema(ns, path, temporary=True)
                if home is _TEMPORARY:
                    fields["temporary"] = True
                else:
                    fields["schema"] = home
            elif event.name is not None:
                kinds = _lookup_kinds(event)
                fields["schema"] = self._lookup(ns, kinds, event.name, event.quoted, path)
        for attr, kinds in _REFERENCES:
            name = getattr(event, attr)
            if name is not None and name.schema is None:
                found = self._lookup(ns, kinds, name.name, name.quoted, path)
                fields[attr] = replace(name, schema=found)
        if event.inherits:
            fields["inherits"] = tuple(
                q
                if q.schema is not None
                else replace(
                    q, schema=self._lookup(ns, (ObjectKind.TABLE,), q.name, q.quoted, path)
                )
                for q in event.inherits
            )
        if event.selects_from:
            fields["selects_from"] = tuple(
                q
                if q.schema is not None
                else replace(q, schema=self._lookup(ns, _RELATIONS, q.name, q.quoted, path))
                for q in event.selects_from
            )
        return replace(event, **fields) if fields else event  # type: ignore[arg-type]

    def _schema_exists(self, ns: _Namespace, entry: str) -> bool:
        role = entry.startswith(USER_SCHEMA)
        name = entry[len(USER_SCHEMA) :] if role else entry
        if ns.find_top((ObjectKind.SCHEMA,), None, name, False) is not None:
            return True
        key = ns.schema_key(name)
        if key is None:
            return not ns.default_schema_dropped
        created = self._created_schemas or set()
        return not role and (ns.dialect, key) not in created

    def _creation_schema(
        self, ns: _Namespace, path: Sequence[str], temporary: bool = False
    ) -> str | object | None:
        """The schema an unqualified CREATE lands in; with ``temporary``,
        ``_TEMPORARY`` when pg_temp comes first (the session's temporary
        schema: any object made there is gone when the session ends)."""
        for entry in path:
            if entry == "pg_temp":
                if temporary:
                    return _TEMPORARY
                continue
            if self._schema_exists(ns, entry):
                return _schema_name(ns, entry)
        for entry in path:  # none exists here, yet the statement ran: the first one did
            if entry != "pg_temp" and not entry.startswith(USER_SCHEMA):
                return _schema_name(ns, entry)
        return None

    def _lookup(
        self,
        ns: _Namespace,
        kinds: tuple[ObjectKind, ...],
        name: str,
        quoted: bool,
        path: Sequence[str],
    ) -> str | None:
        """The schema of the first path entry holding ``name`` as one of ``kinds``."""
        if kinds and kinds[0] in _RELATIONS:
            key = ns.key(name, quoted, kinds[0])
            for temp_ns, node in self._temporary:
                if temp_ns is ns and node.alive and ns.node_key(node) == key:
                    return node.schema
        for entry in path:
            if entry == "pg_temp":
                continue
            schema = _schema_name(ns, entry)
            for kind in kinds:
                if kind in TABLE_ATTACHED_KINDS:
                    found = ns.find_wide(kind, schema, name, quoted) or (
                        ns.find_wide(
                            ObjectKind.CONSTRAINT, schema, name, quoted, types=INDEX_BACKED
                        )
                        if kind is ObjectKind.INDEX
                        else None
                    )
                else:
                    found = ns.find_top((kind,), schema, name, quoted)
                if found is not None:
                    return schema
        home = self._creation_schema(ns, path)
        return home if isinstance(home, str) else None

    def _of_type(self, ns: _Namespace, event: Event, table: _Node, of: QualifiedName) -> None:
        """CREATE TABLE t OF type: t's columns are the type's attributes
        (PostgreSQL CREATE TABLE "OF type_name"); ``c WITH OPTIONS ...``
        elements of the statement merge with them."""
        found = ns.find_top((ObjectKind.TYPE,), of.schema, of.name, of.quoted)
        if found is None:
            self._note(
                event.location,
                f"type '{of}' is not created in the files; "
                f"the columns '{event.name}' gets from it are unknown",
                NOT_CREATED,
            )
            return
        table.of_type = found
        for attribute in found.attributes:
            column = _Node(
                kind=ObjectKind.COLUMN,
                name=attribute,
                quoted=attribute != attribute.translate(_ASCII_FOLD),
                schema=table.schema,
                location=event.location,
                source=event.source,
                created_at=event.location,
                seq=next(self._seq),
                owner=table,
                suppressions=event.suppressions,
            )
            ns.add(column)
            self._inherited.add(id(column))

    def _inherit(self, ns: _Namespace, event: Event) -> None:
        """Columns and CHECK constraints a table gets from its INHERITS parents.

        PostgreSQL CREATE TABLE "INHERITS": the child has every column of
        every parent (same names merged) and their check constraints under
        the same names; keys, indexes and foreign keys are not inherited.
        Copies come first, so a later definition of the same name in the
        statement merges with its copy instead of redefining it.
        """
        assert event.name is not None
        child = ns.find_top((ObjectKind.TABLE,), event.schema, event.name, event.quoted)
        if child is None:
            return
        if event.of_type is not None:
            self._of_type(ns, event, child, event.of_type)
        for wanted in event.inherits:
            parent = ns.find_relation(wanted, (ObjectKind.TABLE,))
            if parent is None:
                self._note(
                    event.location,
                    f"table '{wanted}' is not created in the files; "
                    f"the columns '{event.name}' inherits from it are unknown",
                    NOT_CREATED,
                )
                continue
            for node in sorted(parent.children.values(), key=lambda n: n.seq):
                checked = node.constraint_type is ConstraintType.CHECK and not node.no_inherit
                if not node.alive or not (node.kind is ObjectKind.COLUMN or checked):
                    continue
                if ns.find_child(child, node.kind, node.name, node.quoted) is not None:
                    continue  # from an earlier parent: merged
                copy = _Node(
                    kind=node.kind,
                    name=node.name,
                    quoted=node.quoted,
                    schema=child.schema,
                    location=event.location,
                    source=event.source,
                    created_at=event.location,
                    seq=next(self._seq),
                    owner=child,
                    implicit=node.implicit,
                    constraint_type=node.constraint_type,
                    columns=node.columns,
                    suppressions=event.suppressions,
                    data_type=node.data_type,
                    type_path=node.type_path,
                )
                ns.add(copy)
                self._inherited.add(id(copy))

    def _end_session(self) -> None:
        """Drop the temporary tables of the file that just ended.

        A migration tool runs each file in a session (or a transaction) of
        its own; a temporary table lives as long as its session (PostgreSQL
        CREATE TABLE "TEMPORARY", MySQL §15.1.20.2, SQLite "CREATE TABLE").
        """
        for ns, node in self._temporary:
            if node.alive:
                self._kill(ns, node)
                self._cascade(ns, node)
        self._temporary.clear()

    # -- CREATE --------------------------------------------------------

    def _create_top(self, ns: _Namespace, event: Event) -> bool:
        """Create a table, view, sequence...; False when IF NOT EXISTS kept the old one."""
        name = event.name
        if name is None:
            return True
        if event.kind is ObjectKind.SCHEMA and ns.schema_key(name) is None:
            ns.default_schema_dropped = False
        existing = ns.find_top((event.kind,), event.schema, name, event.quoted)
        node: _Node
        if existing is not None and (existing.ghost or (existing.assumed and event.if_exists)):
            ns.unregister(existing)
            existing.ghost = existing.assumed = False
            existing.name, existing.quoted, existing.schema = name, event.quoted, event.schema
            existing.location = existing.created_at = event.location
            existing.source, existing.suppressions = event.source, event.suppressions
            ns.register(existing)
            node = existing
        elif existing is not None:
            if event.if_exists:
                return False
            if not event.or_replace and event.kind is not ObjectKind.FUNCTION:
                self._note(
                    event.location,
                    f"{_kind_label(event.kind)} '{name}' is created again; "
                    "the new definition replaces the earlier one",
                    REDEFINED,
                )
            node = existing
            ns.unregister(node)
            for child in list(node.children.values()):
                self._kill(ns, child)
            node.name, node.quoted, node.schema = name, event.quoted, event.schema
            node.location, node.source, node.suppressions = (
                event.location,
                event.source,
                event.suppressions,
            )
            ns.register(node)
        else:
            node = ns.add(self._new_node(event, event.kind, name, implicit=event.implicit))
        node.selects = tuple(ns.find_relation(q, _RELATIONS) or q for q in event.selects_from)
        node.type_path = event.search_path
        if event.kind is ObjectKind.TYPE:
            node.attributes = event.columns
            node.attribute_types = event.attribute_types
        elif event.kind is ObjectKind.DOMAIN:
            node.data_type = event.data_type
        elif event.kind is ObjectKind.FUNCTION:
            node.signatures = (*node.signatures, event.type_uses)
        elif event.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
            node.reads = event.uses
        node.partition_of = None
        node.without_rowid = event.without_rowid
        if event.partition_of is not None:
            self._make_partition(ns, node, event.partition_of)
        return True

    @staticmethod
    def _make_partition(ns: _Namespace, child: _Node, parent: QualifiedName) -> None:
        found = ns.find_relation(parent, (ObjectKind.TABLE,))
        if found is not None:
            found.partitioned = True
        child.partition_of = found or parent

    def _find_attached(
        self, ns: _Namespace, event: Event, owner: _Node | None, name: str, quoted: bool
    ) -> _Node | None:
        """An attached object by name, in the namespace the dialect uses for its kind."""
        kind = event.kind
        schema = owner.schema if owner is not None else event.schema
        if kind is ObjectKind.INDEX:
            # PostgreSQL and SQLite: index names are unique per schema,
            # whatever the table (``CREATE INDEX IF NOT EXISTS i ON b`` is a
            # no-op when ``a`` already has an index ``i``; mattermost does it).
            per_schema = ns.family in (Family.POSTGRES, Family.SQLITE)
            scope = None if per_schema else owner
            if owner is None or per_schema:
                found = ns.find_wide(kind, schema, name, quoted)
            else:
                found = ns.find_child(owner, kind, name, quoted)
            if found is None:  # an index-backed constraint is an index too
                found = ns.find_wide(
                    ObjectKind.CONSTRAINT, schema, name, quoted, owner=scope, types=INDEX_BACKED
                )
            return found
        if owner is not None:
            return ns.find_child(owner, kind, name, quoted)
        if kind in _WIDE:
            return ns.find_wide(kind, schema, name, quoted)
        return None

    def _redefined(self, ns: _Namespace, event: Event, old: _Node, what: str) -> None:
        self._note(
            event.location,
            f"{what} is created again; the new definition replaces the earlier one",
            REDEFINED,
        )
        self._kill(ns, old)

    def _create_attached(
        self, ns: _Namespace, event: Event, events: Sequence[Event], index: int
    ) -> None:
        owner = self._owner(ns, event, create_ghost=True)
        written_on = event.columns[0] if event.column_level and event.columns else None
        rowid_key = (
            ns.family is Family.SQLITE
            and event.constraint_type is ConstraintType.PRIMARY_KEY
            and owner is not None
            and self._is_rowid_key(ns, event, owner)
        )
        indexless = rowid_key and owner is not None and not owner.without_rowid
        if indexless and event.name is None:
            return  # the rowid alias: SQLite gives it no index, hence no name
        keys = None if indexless else self._statement_keys(ns, event, owner)
        if keys is not None:
            merged = self._merge_key(ns, event, owner, keys)
            if merged is None:
                return
            event = merged
        if event.constraint_type is ConstraintType.PRIMARY_KEY and owner is not None:
            # A table has one primary key; upgrade scripts that add it again
            # replace it rather than add a second one (``t_pkey1``).
            current = next(
                (
                    c
                    for c in owner.children.values()
                    if c.kind is ObjectKind.CONSTRAINT
                    and c.constraint_type is ConstraintType.PRIMARY_KEY
                ),
                None,
            )
            if current is not None:
                self._redefined(ns, event, current, "primary key of table " + repr(owner.name))
        if event.constraint_type is ConstraintType.CHECK and owner is not None:
            event = self._check_on_columns(ns, event, owner)
        if event.using_index is not None and owner is not None:
            event = self._adopt_index(ns, event, owner)
        if (
            ns.family is Family.SQLITE
            and owner is not None
            and event.constraint_type in _MERGED_KEYS
            and not rowid_key
        ):
            self._renumber_late_key(ns, owner)
        implicit = event.name is None or event.implicit
        if event.name is None:
            name = self._implicit_name(ns, event, owner, events, index)
            if name is None:
                return
            quoted = ns.family is Family.POSTGRES and name != name.translate(_ASCII_FOLD)
        else:
            name, quoted = event.name, event.quoted
        existing = self._find_attached(ns, event, owner, name, quoted)
        if event.if_exists and existing is None and self._key_name_taken(ns, event, owner, name):
            return  # MariaDB: ADD UNIQUE KEY IF NOT EXISTS k of an index k (a note)
        if existing is not None and id(existing) in self._inherited:
            self._inherited.discard(id(existing))  # INHERITS: merged with the parent's
            self._kill(ns, existing)
        elif existing is not None and existing.assumed and event.if_exists:
            self._kill(ns, existing)
        elif existing is not None and existing.kind is event.kind:
            if event.if_exists:
                if event.kind is ObjectKind.COLUMN:
                    self._column_kept = (event.source.path, event.statement)
                return
            if event.or_replace:
                self._kill(ns, existing)
            else:
                self._redefined(ns, event, existing, f"{_kind_label(event.kind)} '{name}'")
        ref: _Node | QualifiedName | None = None
        if event.ref_table is not None:
            ref = ns.find_relation(event.ref_table, _RELATIONS) or event.ref_table
        # Built directly rather than through _new_node: this is the hot path
        # (every column of every table).
        node = _Node(
            kind=event.kind,
            name=name,
            quoted=quoted,
            schema=owner.schema if owner is not None else event.schema,
            location=event.location,
            source=event.source,
            created_at=event.location,
            seq=next(self._seq),
            owner=owner,
            implicit=implicit,
            constraint_type=event.constraint_type,
            columns=event.columns,
            ref=ref,
            ref_columns=event.ref_columns,
            unique=event.unique,
            suppressions=event.suppressions,
            data_type=event.data_type,
            default_sql=event.default_sql,
            generated=event.generated,
            index_text=event.index_text,
            indexless=indexless,
            late=rowid_key and not indexless,
            name_columns=event.name_columns,
            include=event.include,
            no_inherit=event.no_inherit,
            full_columns=event.full_columns,
            type_path=event.search_path,
        )
        ns.add(node)
        if written_on is not None and owner is not None:
            node.of_column = ns.find_child(owner, ObjectKind.COLUMN, written_on, True)
            if node.of_column is None:
                node.of_column = ns.find_child(owner, ObjectKind.COLUMN, written_on, False)
        if event.function is not None:
            runs = event.function
            found = ns.find_top((ObjectKind.FUNCTION,), runs.schema, runs.name, runs.quoted)
            node.function = found or runs
        if event.uses and owner is not None:
            node.uses = self._columns_used(ns, owner, event.uses)
        if keys is not None:
            keys.append(node)
        if event.owns_sequence and owner is not None and ns.profile.family is Family.POSTGRES:
            self._owned_sequence(ns, event, owner, node)
        if (
            event.kind is ObjectKind.COLUMN
            and ns.profile.checks_by_column
            and owner is not None
            and (event.data_type or "").strip().lower() == "json"
            and not self._has_column_check(event, events, index)
        ):
            # MariaDB: JSON is LONGTEXT with CHECK (json_valid(col)), a
            # column-level check named after the column, unless the column
            # has a check of its own (checked on MariaDB 10.11).
            check = replace(
                event,
                kind=ObjectKind.CONSTRAINT,
                name=None,
                quoted=False,
                constraint_type=ConstraintType.CHECK,
                columns=(name,),
                column_level=True,
                data_type=None,
                owns_sequence=False,
            )
            self._create_attached(ns, check, events, index)
        if (
            ns.family is Family.MYSQL
            and event.constraint_type is ConstraintType.FOREIGN_KEY
            and owner is not None
            and event.columns
        ):
            self._mysql_foreign_key_index(ns, event, owner, node, events, index)
        elif ns.family is Family.MYSQL and owner is not None and _is_key(node):
            self._mysql_replace_foreign_key_index(ns, owner, node)

    @staticmethod
    def _key_name_taken(ns: _Namespace, event: Event, owner: _Node | None, name: str) -> bool:
        """MySQL/MariaDB: whether ``owner`` has an index or key named ``name``,
        of the other kind than ``event``'s (a table's keys share one namespace)."""
        if ns.family is not Family.MYSQL or owner is None:
            return False
        if event.kind is ObjectKind.INDEX:
            found = ns.find_child(owner, ObjectKind.CONSTRAINT, name, event.quoted)
            return found is not None and found.constraint_type in INDEX_BACKED
        if event.kind is ObjectKind.CONSTRAINT and event.constraint_type in INDEX_BACKED:
            return ns.find_child(owner, ObjectKind.INDEX, name, event.quoted) is not None
        return False

    def _redefine_column(
        self, ns: _Namespace, event: Event, events: Sequence[Event], index: int
    ) -> None:
        """MySQL ``CHANGE old new type ...`` / ``MODIFY c type ...``.

        The column is renamed when the names differ. MariaDB replaces the
        whole definition: the column-level CHECK of the old one is dropped
        (a table-level check on the column stays), and a JSON type brings
        back its ``json_valid`` check, named after the column as it is now
        unless the new definition has a check of its own (checked on MariaDB
        10.11: tests/test_mariadb_names.py). A check the new definition
        writes follows as an event of its own. MariaDB's ``CHANGE/MODIFY
        COLUMN IF EXISTS`` of a column not there does nothing.
        """
        if event.if_exists:
            table = self._owner(ns, event, create_ghost=False)
            if (
                table is None
                or ns.find_child(table, ObjectKind.COLUMN, event.name or "", event.quoted) is None
            ):
                return
        if event.new_name == event.name and ns.profile.name == "postgres":
            # ALTER COLUMN c [SET DATA] TYPE t: refused while a view reads c.
            table = self._owner(ns, event, create_ghost=False)
            if table is not None:
                found = ns.find_child(table, ObjectKind.COLUMN, event.name or "", event.quoted)
                if found is not None:
                    self._refused_for_views(ns, event, found, "type")
            return
        if event.new_name is not None and event.new_name != event.name:
            self._rename(ns, event)
        if not ns.profile.checks_by_column or event.new_name is None:
            return
        owner = self._owner(ns, event, create_ghost=False)
        if owner is None:
            return
        column = ns.find_child(owner, ObjectKind.COLUMN, event.new_name, event.new_quoted)
        if column is None:
            return
        for child in list(owner.children.values()):
            if child.of_column is column and child.alive:
                self._kill(ns, child)
        if (event.data_type or "").strip().lower() == "json" and not self._has_column_check(
            event, events, index
        ):
            self._create_attached(
                ns,
                replace(
                    event,
                    op=EventOp.CREATE,
                    kind=ObjectKind.CONSTRAINT,
                    name=None,
                    quoted=False,
                    new_name=None,
                    new_quoted=False,
                    new_location=None,
                    constraint_type=ConstraintType.CHECK,
                    columns=(column.name,),
                    column_level=True,
                    data_type=None,
                    redefines=False,
                ),
                events,
                index,
            )

    @staticmethod
    def _has_column_check(column: Event, events: Sequence[Event], index: int) -> bool:
        """Whether ``column``'s own statement gives it a column-level CHECK."""
        for later in events[index + 1 :]:
            if later.statement != column.statement or later.source.path != column.source.path:
                return False
            if later.kind is ObjectKind.COLUMN:
                return False  # the next column's elements follow
            if later.constraint_type is ConstraintType.CHECK and later.column_level:
                return True
        return False

    @staticmethod
    def _columns_used(ns: _Namespace, owner: _Node, names: Sequence[str]) -> tuple[str, ...]:
        """Those of ``names`` (written in an index's expressions) that are
        columns of ``owner`` now, as the columns are named."""
        columns = {
            ns.node_key(c): c.name for c in owner.children.values() if c.kind is ObjectKind.COLUMN
        }
        used: dict[str, None] = {}
        for name in names:
            quoted = name.startswith('"') and name.endswith('"') and len(name) > 1
            bare = name[1:-1].replace('""', '"') if quoted else name
            found = columns.get(ns.key(bare, quoted)) or columns.get(ns.key(bare, True))
            if found is not None:
                used[found] = None
        return tuple(used)

    def _mysql_foreign_key_index(
        self,
        ns: _Namespace,
        event: Event,
        owner: _Node,
        constraint: _Node,
        events: Sequence[Event],
        index: int,
    ) -> None:
        """The index InnoDB creates for a foreign key no index can support.

        MySQL manual §15.1.20.5 "FOREIGN KEY Constraints": an index whose
        first columns are the foreign key's, in the table or in the same
        statement, serves it; otherwise one is created, named by the
        CONSTRAINT symbol if given, else like an unnamed index on those columns.
        Between two such generated indexes the server (``foreign_key_prefix``
        in sql_table.cc) keeps the later one unless it is the shorter: a
        later foreign key of the same statement whose columns start with
        these takes the place of this one, and one added later replaces a
        generated index on its leading columns (named after the new key).
        Checked on MariaDB 10.11 (tests/test_mysql_fk_index_generated.py).
        """
        for child in list(owner.children.values()):
            if not _is_key(child) or child is constraint or not child.alive:
                continue
            if child.for_foreign_key and len(event.columns) >= len(child.columns):
                if _serves(event.columns, None, child.columns):
                    self._kill(ns, child)  # the wider (or later) generated one wins
                continue
            if _serves(child.columns, child.full_columns, event.columns):
                return
        for other in events[index + 1 :]:
            if other.statement != event.statement or other.source.path != event.source.path:
                break
            if other.op is not EventOp.CREATE:
                continue
            if other.constraint_type is ConstraintType.FOREIGN_KEY:
                if other.columns and _serves(other.columns, None, event.columns):
                    return  # the later key's generated index serves this one too
                continue
            keyed = other.kind is ObjectKind.INDEX or other.constraint_type in _MERGED_KEYS
            if keyed and _serves(other.columns, other.full_columns, event.columns):
                return
        if event.name is not None:
            name: str | None = event.name
        else:
            name = default_name(
                ns.dialect,
                owner.name,
                ObjectKind.INDEX,
                None,
                event.columns,
                _Taken(lambda n: (ObjectKind.INDEX, ns.key(n, False)) in owner.children),
            )
        if name is None:
            return
        ns.add(
            _Node(
                kind=ObjectKind.INDEX,
                name=name,
                quoted=event.quoted,
                schema=owner.schema,
                location=event.location,
                source=event.source,
                created_at=event.location,
                seq=next(self._seq),
                owner=owner,
                implicit=event.name is None,
                columns=event.columns,
                suppressions=event.suppressions,
                for_foreign_key=True,
            )
        )

    def _mysql_replace_foreign_key_index(self, ns: _Namespace, owner: _Node, key: _Node) -> None:
        """Drop the index InnoDB made for a foreign key once ``key`` can serve it.

        MySQL manual §15.1.20.5 "FOREIGN KEY Constraints": that index "is
        silently dropped later if you create another index that can be used to
        enforce the foreign key constraint": one whose first columns are the
        key's, in order, in full (no prefix length; not FULLTEXT or SPATIAL).
        Checked on MariaDB 11 (information_schema.STATISTICS).
        """
        for child in list(owner.children.values()):
            if not child.for_foreign_key or child is key or not child.alive:
                continue
            if _serves(key.columns, key.full_columns, child.columns):
                # with or without the constraint it was made for (a generated
                # index outlives DROP FOREIGN KEY; checked on MariaDB 10.11)
                self._kill(ns, child)

    def _owned_sequence(self, ns: _Namespace, event: Event, owner: _Node, column: _Node) -> None:
        """The sequence of a serial/identity column, named as PostgreSQL names it.

        ``transformColumnDefinition``: ``ChooseRelationName(table, column,
        "seq")`` in the table's schema, unless the identity options say
        ``SEQUENCE NAME``. Its name never follows later renames.
        """
        given = event.sequence_name
        if given is not None:
            name, quoted, schema = given.name, given.quoted, given.schema or owner.schema
        else:
            schema = owner.schema
            name = pg_choose_name(
                ns.stored(owner.name, owner.quoted),
                ns.stored(column.name, column.quoted),
                "seq",
                _Taken(lambda n: ns.has_relation(schema, n)),
            )
            quoted = name != name.translate(_ASCII_FOLD)
        sequence = _Node(
            kind=ObjectKind.SEQUENCE,
            name=name,
            quoted=quoted,
            schema=schema,
            location=event.location,
            source=event.source,
            created_at=event.location,
            seq=next(self._seq),
            implicit=given is None,
            suppressions=event.suppressions,
        )
        ns.add(sequence)
        column.sequences.append(sequence)

    def _identity_added(self, ns: _Namespace, event: Event) -> None:
        """PostgreSQL ``ALTER COLUMN c ADD GENERATED ... AS IDENTITY``: the column
        gets the sequence an identity column of CREATE TABLE gets."""
        owner = self._owner(ns, event, create_ghost=False)
        if owner is None or not event.columns:
            return
        column = ns.find_child(owner, ObjectKind.COLUMN, event.columns[0], True)
        if column is not None:
            self._owned_sequence(ns, event, owner, column)

    @staticmethod
    def _is_rowid_key(ns: _Namespace, event: Event, owner: _Node) -> bool:
        """Whether a SQLite primary key is on one column declared exactly INTEGER."""
        if len(event.columns) != 1:
            return False
        column = event.columns[0]
        node = ns.find_child(owner, ObjectKind.COLUMN, column, True) or ns.find_child(
            owner, ObjectKind.COLUMN, column, False
        )
        return node is not None and sqlite_rowid_alias(node.data_type)

    @staticmethod
    def _autoindexes(owner: _Node) -> int:
        """How many autoindexes SQLite has numbered so far on ``owner``."""
        return sum(
            1
            for c in owner.children.values()
            if c.kind is ObjectKind.CONSTRAINT
            and c.constraint_type in _MERGED_KEYS
            and not (c.late or c.indexless)
        )

    def _renumber_late_key(self, ns: _Namespace, owner: _Node) -> None:
        """Move a WITHOUT ROWID table's unnamed INTEGER primary key past a new key.

        Called before the new key is named, so the number it frees is the
        new key's: the late key stays last, as SQLite builds it last.
        """
        late = next((c for c in owner.children.values() if c.late and c.implicit), None)
        if late is not None:
            self._set_autoindex_name(ns, late, owner, self._autoindexes(owner) + 1)

    @staticmethod
    def _set_autoindex_name(ns: _Namespace, node: _Node, owner: _Node, existing: int) -> None:
        table = ns.stored(owner.name, owner.quoted)
        name = default_name(
            ns.dialect, table, node.kind, node.constraint_type, (), (), existing=existing
        )
        if name is not None and name != node.name:
            ns.unregister(node)
            node.name = name
            ns.register(node)

    def _statement_keys(
        self, ns: _Namespace, event: Event, owner: _Node | None
    ) -> list[_Node] | None:
        """Keys made so far by ``event``'s CREATE TABLE, if ``event`` is a key there.

        Only a table definition merges equal keys: ALTER TABLE transforms
        each ADD on its own (``ADD UNIQUE (a), ADD UNIQUE (a)`` makes
        ``r_a_key1`` and ``r_a_key2`` next to ``r_a_key`` on PostgreSQL 15).
        """
        if (
            event.constraint_type not in _MERGED_KEYS
            or owner is None
            or event.statement < 0
            or event.statement != self._keys_at[1]
            or event.source.path != self._keys_at[0]
            or ns.family not in _MERGES_KEYS
        ):
            return None
        return self._keys

    def _merge_key(
        self, ns: _Namespace, event: Event, owner: _Node | None, keys: list[_Node]
    ) -> Event | None:
        """``event`` as still to be created, or None when an equal key absorbs it.

        PostgreSQL (``transformIndexConstraints``) and SQLite build one index
        for equal PRIMARY KEY / UNIQUE specs of one table: ``UNIQUE (a),
        UNIQUE (a)`` makes ``r_a_key`` alone. The primary key wins over an
        equal unique key, and a name written on a later spec names the merged
        key when the kept one had none. (Deferrability and NULLS NOT DISTINCT,
        which also have to match, are not read; they rarely differ.)
        """
        # Column lists hold the catalog's spelling (the reader folds bare
        # names): ``UNIQUE ("A"), UNIQUE (a)`` are two keys in PostgreSQL.
        columns = [ns.key(c, True) for c in event.columns]
        prior = next(
            (
                k
                for k in keys
                if k.alive and k.owner is owner and [ns.key(c, True) for c in k.columns] == columns
            ),
            None,
        )
        if prior is None:
            return event
        if ns.family is Family.SQLITE:
            self._sqlite_merge(ns, event, prior)
            return None
        if (
            event.constraint_type is ConstraintType.PRIMARY_KEY
            and prior.constraint_type is not ConstraintType.PRIMARY_KEY
        ):
            self._kill(ns, prior)
            if event.name is None and not prior.implicit:
                return replace(event, name=prior.name, quoted=prior.quoted, location=prior.location)
            return event
        if event.name is not None and prior.implicit:
            ns.unregister(prior)
            prior.name, prior.quoted, prior.implicit = event.name, event.quoted, False
            prior.location = event.location
            ns.register(prior)
        return None

    def _sqlite_merge(self, ns: _Namespace, event: Event, prior: _Node) -> None:
        """SQLite keeps the first equal key's index, and its name, for both.

        A primary key equal to an earlier UNIQUE turns that index into the
        primary key's (``a UNIQUE, b UNIQUE, PRIMARY KEY (a)`` makes
        ``sqlite_autoindex_t_1`` the primary key). A UNIQUE equal to a WITHOUT
        ROWID table's late INTEGER primary key pins it at the UNIQUE's number.
        A name written on the later key names the merged one if it had none.
        """
        if event.constraint_type is ConstraintType.PRIMARY_KEY:
            prior.constraint_type = ConstraintType.PRIMARY_KEY
        if prior.late and prior.owner is not None:
            prior.late = False
            if prior.implicit:
                existing = self._autoindexes(prior.owner) - 1  # prior now counts itself
                self._set_autoindex_name(ns, prior, prior.owner, existing)
        if event.name is not None and prior.implicit:
            ns.unregister(prior)
            prior.name, prior.quoted, prior.implicit = event.name, event.quoted, False
            prior.location = event.location
            ns.register(prior)

    @staticmethod
    def _check_on_columns(ns: _Namespace, event: Event, owner: _Node) -> Event:
        """``event`` with only the CHECK's candidate names that are columns.

        The parser cannot tell a word of the expression (``interval``,
        ``year``) from a column; the table can. PostgreSQL counts the
        distinct columns read (``AddRelationNewConstraints``), so a check
        that reads none of the table's columns reads none (``t_check``).
        Only when the table's columns are unknown (a table the files never
        define) does the first candidate stand.
        """
        known = tuple(
            c
            for c in event.columns
            if ns.find_child(owner, ObjectKind.COLUMN, c, True) is not None
            or ns.find_child(owner, ObjectKind.COLUMN, c, False) is not None
        )
        has_columns = any(kind is ObjectKind.COLUMN for kind, _ in owner.children)
        columns = known if known or has_columns else event.columns[:1]
        return event if columns == event.columns else replace(event, columns=columns)

    def _implicit_name(
        self,
        ns: _Namespace,
        event: Event,
        owner: _Node | None,
        events: Sequence[Event],
        index: int,
    ) -> str | None:
        if owner is None:
            return None
        table = ns.stored(owner.name, owner.quoted)
        columns = [self._stored_column(ns, owner, c) for c in event.name_columns or event.columns]
        if event.include and ns.family is Family.POSTGRES:
            # ChooseIndexColumnNames runs over key and INCLUDE columns alike.
            columns += [self._stored_column(ns, owner, c) for c in event.include]
        reserved = self._reserved_in_batch(ns, events, index)
        schema = owner.schema
        ctype = event.constraint_type
        check: Callable[[str], bool]
        if ns.family is Family.POSTGRES:
            relations = event.kind is ObjectKind.INDEX or ctype in INDEX_BACKED
            constraints = event.kind is ObjectKind.CONSTRAINT

            def check(name: str) -> bool:
                return (
                    name in reserved
                    or (relations and ns.has_relation(schema, name))
                    or (constraints and ns.has_constraint(schema, name))
                )

        elif ns.family is Family.TSQL:

            def check(name: str) -> bool:
                key = ns.key(name, False)
                return key in reserved or ns.has_constraint(schema, key)

        elif ctype is ConstraintType.CHECK and ns.profile.checks_by_column:
            later = self._later_checks(ns, events, index)
            reserved = self._reserved_in_batch(ns, events, index, keyed=False)

            def check(name: str) -> bool:
                # MariaDB numbers CONSTRAINT_<n> among the table's checks,
                # later column-level ones included; an index of that name
                # does not count. (It would reuse a name a UNIQUE or FOREIGN
                # KEY holds; the model keeps one constraint per name and
                # table, so such a name stays taken here.)
                key = ns.key(name, False)
                return (
                    key in later
                    or key in reserved
                    or (ObjectKind.CONSTRAINT, key) in owner.children
                )

        elif ns.family is Family.MYSQL and (
            event.kind is ObjectKind.INDEX or ctype in INDEX_BACKED
        ):
            # MySQL/MariaDB number an index or key (``qty``, ``qty_2``) among
            # the table's index names only: a CHECK or FOREIGN KEY of the same
            # name does not count (make_unique_key_name; checked on MariaDB
            # 10.11). A key is also a constraint, and the model keeps one
            # constraint per name and table: for a key, any one counts.
            reserved = self._reserved_in_batch(ns, events, index, keyed=True)
            is_key = event.kind is ObjectKind.CONSTRAINT

            def check(name: str) -> bool:
                key = ns.key(name, False)
                if key in reserved or (ObjectKind.INDEX, key) in owner.children:
                    return True
                other = owner.children.get((ObjectKind.CONSTRAINT, key))
                return other is not None and (is_key or other.constraint_type in INDEX_BACKED)

        else:

            def check(name: str) -> bool:
                key = ns.key(name, False)
                return (
                    key in reserved
                    or (ObjectKind.INDEX, key) in owner.children
                    or (ObjectKind.CONSTRAINT, key) in owner.children
                )

        existing = (
            self._autoindexes(owner) if ns.family is Family.SQLITE and ctype in _MERGED_KEYS else 0
        )
        return default_name(
            ns.dialect,
            table,
            event.kind,
            ctype,
            columns,
            _Taken(check),
            existing=existing,
            column_level=event.column_level,
            unique=event.unique,
        )

    @staticmethod
    def _later_checks(ns: _Namespace, events: Sequence[Event], index: int) -> frozenset[str]:
        """Keys of the CHECK names written later in ``events[index]``'s statement.

        MariaDB names a table's checks once the whole definition is read:
        ``CHECK (..), CONSTRAINT CONSTRAINT_1 CHECK (..)`` names the first
        ``CONSTRAINT_2``, and a later column-level check holds its column's name.
        """
        first = events[index]
        if first.statement < 0:
            return frozenset()
        found: set[str] = set()
        for position in range(index + 1, len(events)):  # no slice: no copy of the rest
            later = events[position]
            if later.statement != first.statement or later.source.path != first.source.path:
                break
            if later.op is not EventOp.CREATE or later.constraint_type is not ConstraintType.CHECK:
                continue
            if later.name is not None:
                found.add(ns.key(later.name, later.quoted))
            elif later.column_level and later.columns:
                found.add(ns.key(later.columns[0], False))
        return frozenset(found)

    @staticmethod
    def _stored_column(ns: _Namespace, owner: _Node, column: str) -> str:
        """The catalog's spelling of a column a constraint lists.

        Constraint events carry column names without their quoting, so the
        table's own column definition decides: exact spelling first, then the
        folded one (``"createdAt"`` stays, ``Email`` becomes ``email``).
        """
        for quoted in (True, False):
            node = ns.find_child(owner, ObjectKind.COLUMN, column, quoted)
            if node is not None:
                return ns.stored(node.name, node.quoted)
        return ns.stored(column, False)

    def _reserved_in_batch(
        self, ns: _Namespace, events: Sequence[Event], index: int, *, keyed: bool | None = None
    ) -> frozenset[str]:
        """Names written later in the same table definition.

        PostgreSQL reserves a statement's explicit names before choosing the
        implicit ones (``CREATE TABLE q (a int UNIQUE, CONSTRAINT q_a_key
        CHECK ...)`` names the unique constraint ``q_a_key1``). A table's
        unnamed elements all ask about the same batch, so it is read once.
        ``keyed``: True for the names of indexes and keys only, False for the
        others only (MySQL/MariaDB keep index names apart), None for all.
        """
        batch = self._batch
        if batch is None or batch.ns is not ns or not batch.start <= index < batch.end:
            batch = self._batch = _Batch.read(ns, events, index)
        return frozenset(
            key
            for position, key in batch.names
            if position > index and (keyed is None or (position in batch.keyed) is keyed)
        )

    # -- RENAME --------------------------------------------------------

    def _find(self, ns: _Namespace, event: Event, owner: _Node | None) -> _Node | None:
        name = event.name
        if event.kind in TABLE_ATTACHED_KINDS:
            if name is None:
                if owner is None or event.constraint_type is None:
                    return None
                return next(
                    (
                        c
                        for c in owner.children.values()
                        if c.kind is event.kind and c.constraint_type is event.constraint_type
                    ),
                    None,
                )
            return self._find_attached(ns, event, owner, name, event.quoted)
        if name is None:
            return None
        kinds = _RENAME_FALLBACKS.get(event.kind, (event.kind,))
        if event.op is EventOp.DROP:
            kinds = (event.kind,)
        return ns.find_top(kinds, event.schema, name, event.quoted)

    def _adopt_index(self, ns: _Namespace, event: Event, owner: _Node) -> Event:
        """ADD CONSTRAINT [n] UNIQUE/PRIMARY KEY USING INDEX i (PostgreSQL ALTER TABLE).

        The index becomes the constraint's: renamed to ``n`` when given, else
        the constraint takes the index's name. The model keeps the constraint.
        """
        # The reader gives the index's name as the catalog stores it.
        name = event.using_index or ""
        index = ns.find_wide(ObjectKind.INDEX, owner.schema, name, True, owner=owner)
        if index is None:
            if event.name is not None:
                return event
            return replace(event, name=name, quoted=True)  # as stored: taken exactly
        self._kill(ns, index)
        if event.name is None:
            return replace(event, name=index.name, quoted=index.quoted, columns=index.columns)
        return replace(event, columns=index.columns)

    def _rename(self, ns: _Namespace, event: Event) -> None:
        if event.any_kind and event.name is not None:
            event = self._rename_target(ns, event)
        owner = self._owner(ns, event, create_ghost=True, note=False)
        node = self._find(ns, event, owner)
        old = event.name or ""
        new_name = event.new_name
        known = owner is not None and not owner.ghost and not owner.assumed
        if (
            node is None
            and event.if_exists
            and (
                known
                or self._gone(ns, (event.kind,), QualifiedName(old, event.schema, event.quoted))
            )
        ):
            # ALTER INDEX/SEQUENCE/VIEW/TABLE IF EXISTS x RENAME/SET SCHEMA of what
            # the files dropped or renamed away: the database skips it (NOTICE:
            # relation "x" does not exist, skipping).
            return
        if node is None or node.ghost:
            self._not_created(
                ns,
                event.location,
                (event.kind,) if event.table is None else (),
                QualifiedName(old, event.schema, event.quoted),
                f"{_kind_label(event.kind)} '{old}' is not created in the files; renamed here",
            )
        if node is None:
            node = self._new_node(
                event,
                event.kind,
                new_name or old,
                quoted=event.new_quoted if new_name else event.quoted,
                schema=event.new_schema or event.schema,
                owner=owner,
                location=event.new_location or event.location,
                created_at=event.new_location or event.location,
                previous=((old, event.quoted),) if new_name else (),
                constraint_type=event.constraint_type,
            )
            # Only assumed: a later CREATE ... IF NOT EXISTS of the name makes
            # the real one (crates.io renames hand-made indexes IF EXISTS, then
            # creates them IF NOT EXISTS for every other database).
            node.assumed = bool(event.if_exists)
            self._replace_clash(ns, node, event)
            ns.add(node)
            return
        node.ghost = False
        if node.for_foreign_key and event.new_name:
            # RENAME INDEX makes InnoDB's generated index an ordinary one: a
            # foreign key re-added or added later no longer replaces it
            # (checked on MariaDB 10.11, tests/test_mysql_fk_index_generated.py).
            node.for_foreign_key = False
        self._move(ns, node, event)

    @staticmethod
    def _rename_target(ns: _Namespace, event: Event) -> Event:
        """The event retargeted at what the database finds under the old name.

        T-SQL ``sp_rename 'x', 'y'`` without an object type renames any
        schema-scoped object called x: a relation first, else a constraint.
        """
        assert event.name is not None
        if ns.find_top(_RELATIONS, event.schema, event.name, event.quoted) is not None:
            return event
        found = ns.find_wide(ObjectKind.CONSTRAINT, event.schema, event.name, event.quoted)
        if found is None or found.owner is None:
            return event
        table = QualifiedName(found.owner.name, found.owner.schema, found.owner.quoted)
        return replace(event, kind=ObjectKind.CONSTRAINT, table=table, schema=None)

    def _replace_clash(self, ns: _Namespace, node: _Node, event: Event) -> None:
        """A rename onto an existing name: the renamed object wins."""
        key = ns.node_key(node)
        if node.kind in TABLE_ATTACHED_KINDS:
            clash = node.owner.children.get((node.kind, key)) if node.owner else None
        else:
            clash = ns.find_top((node.kind,), node.schema, node.name, node.quoted)
        if clash is not None and clash is not node and clash.alive:
            self._note(
                event.new_location or event.location,
                f"{_kind_label(clash.kind)} '{clash.name}' already exists; "
                "the renamed object replaces it",
                REDEFINED,
            )
            self._kill(ns, clash)

    def _move(self, ns: _Namespace, node: _Node, event: Event) -> None:
        """Give ``node`` its new name and/or schema and re-index what depends on it."""
        moving = [node, *self._descendants(node)]
        if node.kind is ObjectKind.SCHEMA and event.new_name:
            moving += [n for n in ns.nodes if n.alive and self._in_schema(ns, n, node)]
            moving = list(dict.fromkeys(moving))
        for n in moving:
            ns.unregister(n)
        old_name, old_quoted = node.name, node.quoted
        if event.new_name:
            node.previous += ((node.name, node.quoted),)
            node.name, node.quoted = event.new_name, event.new_quoted
            node.implicit = node.implicit and self._named_as_default(ns, node)
            node.location = event.new_location or event.location
            node.source, node.suppressions = event.source, event.suppressions
        if event.new_schema and node.kind not in TABLE_ATTACHED_KINDS:
            node.schema = event.new_schema
            # ALTER TABLE ... SET SCHEMA moves the sequences its columns own
            # (tablecmds.c AlterTableNamespace -> AlterSeqNamespaces).
            for child in moving[1:]:
                for sequence in child.sequences:
                    if sequence.alive:
                        ns.unregister(sequence)
                        sequence.schema = event.new_schema
                        ns.register(sequence)
        if node.kind is ObjectKind.SCHEMA and event.new_name:
            for n in moving[1:]:
                if n.owner is None:
                    n.schema = event.new_name
        if node.kind is ObjectKind.COLUMN and node.owner is not None and event.new_name:
            new_stored = ns.stored(event.new_name, event.new_quoted)
            self._rename_column_refs(ns, node.owner, old_name, old_quoted, new_stored)
        if node.kind is ObjectKind.TABLE and event.new_name:
            self._rename_dialect_names(ns, moving[1:], old_name, event)
        self._replace_clash(ns, node, event)
        for n in moving:
            if n.alive:
                ns.register(n)

    def _named_as_default(self, ns: _Namespace, node: _Node) -> bool:
        """Whether a renamed index or constraint the database named is called
        what the database would name it now (its table's current name, its
        columns): then it still counts as the database's choice, as a live
        catalog reads it (:func:`dbnamelint.default_names.is_default_name`).
        ``migrate`` renames ``campaign_lists_campaign_id_list_id_idx`` with its
        table to ``campaign_list_campaign_id_list_id_idx``; rules that skip
        names the database chose skip it still. Any other new name was chosen
        by whoever wrote the rename.
        """
        if node.kind is ObjectKind.SEQUENCE:
            return self._sequence_named_as_default(ns, node)
        owner = node.owner
        if owner is None or node.kind not in (ObjectKind.INDEX, ObjectKind.CONSTRAINT):
            return False
        columns = [self._stored_column(ns, owner, c) for c in node.name_columns or node.columns]
        return is_default_name(
            ns.dialect,
            ns.stored(owner.name, owner.quoted),
            node.kind,
            node.constraint_type,
            columns,
            ns.stored(node.name, node.quoted),
        )

    @staticmethod
    def _sequence_named_as_default(ns: _Namespace, node: _Node) -> bool:
        """A ``serial`` column's sequence renamed to ``<table>_<column>_seq`` (its
        table's and column's current names, a clash number allowed): the name
        PostgreSQL would choose, as the live catalog reader counts it."""
        column = next(
            (n for n in ns.nodes if node in n.sequences and n.alive and n.owner is not None),
            None,
        )
        if column is None or column.owner is None:
            return False
        base = make_object_name(
            ns.stored(column.owner.name, column.owner.quoted),
            ns.stored(column.name, column.quoted),
            "seq",
        )
        name = ns.stored(node.name, node.quoted)
        return name == base or (name.startswith(base) and name[len(base) :].isdigit())

    @staticmethod
    def _descendants(node: _Node) -> list[_Node]:
        return list(node.children.values())

    @staticmethod
    def _in_schema(ns: _Namespace, node: _Node, schema: _Node) -> bool:
        return node is not schema and ns.schema_key(node.home_schema) == ns.key(
            schema.name, schema.quoted, ObjectKind.SCHEMA
        )

    @staticmethod
    def _rename_column_refs(
        ns: _Namespace, owner: _Node, old: str, old_quoted: bool, new: str
    ) -> None:
        """Constraints and indexes list columns; they follow a column rename."""
        old_key = ns.key(old, old_quoted)
        for child in owner.children.values():
            if child.kind is ObjectKind.COLUMN:
                continue
            # ``columns`` hold the catalog's spelling: compared exactly.
            child.columns = tuple(new if ns.key(c, True) == old_key else c for c in child.columns)
            if child.include:
                child.include = tuple(
                    new if ns.key(c, True) == old_key else c for c in child.include
                )
            if child.uses:
                child.uses = tuple(
                    new if ns.key(c, old_quoted) == old_key or ns.key(c, True) == old_key else c
                    for c in child.uses
                )

    @staticmethod
    def _rename_dialect_names(
        ns: _Namespace, children: Sequence[_Node], old: str, event: Event
    ) -> None:
        """Names the database itself rewrites when a table is renamed.

        The profile's ``rename_rewrites``: MySQL renames ``<old>_ibfk_N`` /
        ``<old>_chk_N`` constraints (MariaDB only the first), SQLite its
        ``sqlite_autoindex_<old>_N`` indexes; PostgreSQL renames nothing,
        which is why its implicit names keep the old table name.
        """
        patterns = ns.profile.rename_rewrites
        if not patterns:
            return
        new = event.new_name or old
        prefixes = [(p.format(table=old), p.format(table=new)) for p in patterns]
        for child in children:
            for before, after in prefixes:
                if child.name.casefold().startswith(before.casefold()):
                    child.previous += ((child.name, child.quoted),)
                    child.name = after + child.name[len(before) :]
                    child.location, child.source = (
                        event.new_location or event.location,
                        event.source,
                    )
                    break

    # -- ATTACH / DETACH PARTITION ---------------------------------------

    def _attach(self, ns: _Namespace, event: Event) -> None:
        """The child table becomes, or stops being, a partition of ``event.table``."""
        if event.kind is ObjectKind.INDEX:
            self._attach_index(ns, event)
            return
        child = ns.find_top((ObjectKind.TABLE,), event.schema, event.name or "", event.quoted)
        if child is None or child.ghost:
            self._not_created(
                ns,
                event.location,
                (ObjectKind.TABLE,),
                QualifiedName(event.name or "", event.schema, event.quoted),
                f"table '{event.name}' is not created in the files; {event.op.value}ed here",
            )
        if child is None:
            return
        child.partition_of = None
        if event.op is EventOp.ATTACH and event.table is not None:
            self._make_partition(ns, child, event.table)

    def _attach_index(self, ns: _Namespace, event: Event) -> None:
        """``ALTER INDEX parent ATTACH PARTITION child``: the child index (or the
        key it backs) becomes a partition of ``event.partition_of``; the
        catalog then lists it under its parent (``pg_class.relispartition``,
        ``pg_constraint.conparentid``), so drift compares the parent only."""
        child = self._find_attached(ns, event, None, event.name or "", event.quoted)
        if child is None:
            self._not_created(
                ns,
                event.location,
                (ObjectKind.INDEX,),
                QualifiedName(event.name or "", event.schema, event.quoted),
                f"index '{event.name}' is not created in the files; attached here",
            )
            return
        child.partition_of = event.partition_of

    def _drop_partitions(self, ns: _Namespace, parent: _Node) -> None:
        """Dropping a partitioned table drops its partitions (and theirs)."""
        for node in list(ns.nodes):
            if node.alive and node.partition_of is parent:
                self._kill(ns, node)
                if node.partitioned:
                    self._drop_partitions(ns, node)

    # -- DROP ----------------------------------------------------------

    def _drop(self, ns: _Namespace, event: Event) -> None:
        schema = event.name if event.kind is ObjectKind.SCHEMA else None
        if schema is not None and ns.schema_key(schema) is None:
            ns.default_schema_dropped = True
        owner = self._owner(ns, event, create_ghost=False)
        if event.kind in TABLE_ATTACHED_KINDS and event.table is not None and owner is None:
            node = None
        else:
            node = self._find(ns, event, owner)
        temporary = (temp for _, temp in self._temporary)
        if event.temporary and node is not None and not any(t is node for t in temporary):
            return  # MySQL DROP TEMPORARY TABLE: a permanent table of that name stays
        if event.kind is ObjectKind.FUNCTION and event.cascade and not event.arguments:
            # A trigger's function takes no arguments (CREATE TRIGGER: "declared
            # as taking no arguments"), so DROP FUNCTION f(int) CASCADE drops an
            # overload no trigger runs and keeps them all; f, f() and a
            # PROCEDURE of that name drop every trigger running a function f
            # of that schema (the model keeps one node per name, not overloads).
            self._drop_triggers(ns, node, event.schema, event.name or "", event.quoted)
        if node is None or node.ghost:
            if not event.if_exists:
                what = event.name or (event.constraint_type.value if event.constraint_type else "")
                fallback = (
                    f"{_kind_label(event.kind)} '{what}' is not created in the files; dropped here"
                )
                if event.table is not None and owner is None:  # its table is what is missing
                    self._not_created(ns, event.location, _OWNER_KINDS, event.table, fallback)
                else:
                    kinds = (event.kind,) if event.table is None else ()
                    name = QualifiedName(what, event.schema, event.quoted)
                    self._not_created(ns, event.location, kinds, name, fallback)
            if node is None:
                return
        if node.kind is ObjectKind.COLUMN and node.owner is not None:
            if not event.cascade and self._refused_for_views(ns, event, node, "drop"):
                return  # PostgreSQL and SQLite refuse the statement: the column stays
            self._drop_column_dependents(ns, node)
            if event.cascade and ns.family is Family.POSTGRES:
                self._drop_views_reading(ns, node)
        if event.cascade and node.kind in _TYPE_KINDS and ns.family is Family.POSTGRES:
            self._drop_type_dependents(ns, node)
        self._kill(ns, node)
        if node.partitioned:
            self._drop_partitions(ns, node)
        if node.kind is ObjectKind.SCHEMA and event.cascade:
            dropped = [node]
            for other in list(ns.nodes):
                if other.alive and self._in_schema(ns, other, node):
                    self._kill(ns, other)
                    dropped.append(other)
            self._cascade(ns, *dropped)
            self._drop_triggers(ns, None, node.name, None, node.quoted)
        elif event.cascade and node.kind is not ObjectKind.FUNCTION:
            self._cascade(ns, node)

    def _drop_triggers(
        self,
        ns: _Namespace,
        function: _Node | None,
        schema: str | None,
        name: str | None,
        quoted: bool,
    ) -> None:
        """Drop the triggers running ``function``, or a function the files did
        not make (or that an earlier DROP of another overload took out of the
        model) called ``schema.name``; with ``name`` None, any function of
        ``schema`` (DROP SCHEMA ... CASCADE)."""
        schema_key = ns.schema_key(schema)
        key = None if name is None else ns.key(name, quoted)
        for trigger in list(ns.nodes):
            runs = trigger.function
            if trigger.kind is not ObjectKind.TRIGGER or not trigger.alive or runs is None:
                continue
            if function is not None and runs is function:
                self._kill(ns, trigger)
                continue
            if isinstance(runs, _Node) and runs.alive:
                continue
            if ns.schema_key(runs.schema) != schema_key:
                continue
            if key is None or ns.key(runs.name, runs.quoted) == key:
                self._kill(ns, trigger)

    def _drop_type_dependents(self, ns: _Namespace, dropped: _Node) -> None:
        """DROP TYPE/DOMAIN ... CASCADE (PostgreSQL), what pg_depend takes with it.

        Domains over the type (or its array), then, for those types: columns
        of them (with their indexes, constraints and the views reading them),
        composite-type attributes of them (and those columns of the tables
        made OF that composite type), and routines whose every definition of
        that name takes or returns one. Types are matched by the name the
        column, attribute, domain or signature wrote, as it resolves now.
        Not followed: a type named only inside an expression (a cast in a
        CHECK, a view or a default), and ALTER COLUMN ... TYPE (the model
        keeps a column's type as created).
        """
        types = {id(dropped)}
        grown = True
        while grown:  # a domain over a domain over the type
            grown = False
            for node in list(ns.nodes):
                if (
                    node.alive
                    and node.kind is ObjectKind.DOMAIN
                    and id(node) not in types
                    and self._names_type(ns, node, node.data_type, types)
                ):
                    types.add(id(node))
                    grown = True
        for node in list(ns.nodes):
            if not node.alive or id(node) in types:
                continue
            if node.kind is ObjectKind.COLUMN and node.owner is not None:
                if self._names_type(ns, node, node.data_type, types):
                    self._drop_column(ns, node)
            elif node.kind is ObjectKind.TYPE and node.attribute_types:
                self._drop_attributes(ns, node, types)
            elif (
                node.kind is ObjectKind.FUNCTION
                and node.signatures
                and all(
                    any(self._names_type(ns, node, t, types) for t in signature)
                    for signature in node.signatures
                )
            ):
                self._kill(ns, node)
        for node in list(ns.nodes):
            if node.alive and node is not dropped and id(node) in types:
                self._kill(ns, node)

    def _drop_attributes(self, ns: _Namespace, composite: _Node, types: set[int]) -> None:
        """Attributes of ``composite`` whose type is dropped go, and so do the
        columns they gave the tables made OF it."""
        kept = [
            (name, written)
            for name, written in zip(composite.attributes, composite.attribute_types, strict=False)
            if not self._names_type(ns, composite, written, types)
        ]
        if len(kept) == len(composite.attributes):
            return
        gone = {ns.key(a, True) for a in composite.attributes} - {ns.key(a, True) for a, _ in kept}
        composite.attributes = tuple(a for a, _ in kept)
        composite.attribute_types = tuple(t for _, t in kept)
        for table in list(ns.nodes):
            if table.alive and table.of_type is composite:
                for column in list(table.children.values()):
                    if column.kind is ObjectKind.COLUMN and ns.key(column.name, True) in gone:
                        self._drop_column(ns, column)

    def _drop_column(self, ns: _Namespace, column: _Node) -> None:
        """A column dropped by a cascade: with its indexes, constraints and readers."""
        self._drop_column_dependents(ns, column)
        self._drop_views_reading(ns, column)
        self._kill(ns, column)

    def _names_type(
        self, ns: _Namespace, user: _Node, written: str | None, types: set[int]
    ) -> bool:
        """Whether the type ``written`` (``mood``, ``app."Mood"[]``) by ``user`` is
        one of ``types``; an unqualified name is looked up in ``user``'s search path."""
        parsed = type_name(written) if written else None
        if parsed is None:
            return False
        schema, name, quoted = parsed
        # A column type that is one quoted name is kept without its quotes
        # (``"Mood"`` and ``Mood`` both read ``Mood``): a quoted type of that
        # spelling first, then the folded one.
        for as_quoted in (True,) if quoted else (True, False):
            where = schema
            if where is None and user.type_path:
                where = self._lookup(ns, _TYPE_KINDS, name, as_quoted, user.type_path)
            found = ns.find_top(_TYPE_KINDS, where, name, as_quoted)
            if found is not None:
                return id(found) in types
        return False

    def _refused_for_views(self, ns: _Namespace, event: Event, column: _Node, action: str) -> bool:
        """DBN018 for a column some view reads, dropped (``action`` "drop")
        without CASCADE or given another type ("type"). True when the
        database refuses the statement, which then changes nothing.

        PostgreSQL refuses both while a view depends on the column (pg_depend:
        a ``*`` select list depends on the columns the table had when the view
        was made); SQLite refuses the drop when a view names the column (a
        ``*`` is expanded at each use); MySQL/MariaDB drop it and leave the
        view failing on every use (ERROR 1356), so that is a warning and the
        column goes. Checked on PostgreSQL 15, SQLite 3 and MariaDB 10.11
        (tests/test_replay_view_columns.py).
        """
        dialect, family = ns.profile.name, ns.profile.family
        if dialect == "postgres":
            stars, refuses = True, True
        elif family is Family.SQLITE and action == "drop":
            stars, refuses = False, True
        elif family is Family.MYSQL and action == "drop":
            stars, refuses = True, False
        else:
            return False
        views = self._views_reading(ns, column, stars=stars)
        if not views:
            return False
        owner = column.owner
        table = owner.name if owner is not None else ""
        certain = [v for v in views if self._surely_reads(v, column)]
        if not certain:
            # Only the name is in the body: it may be another table's column of
            # that name, an output alias or a CTE's (s7-t4 #0b). Said, not refused.
            listed = ", ".join(sorted({v.name for v in views}))
            message = (
                f"column {column.name!r} of table {table!r} may be read by "
                f"{'view' if len(views) == 1 else 'views'} {listed} (the name is in the "
                f"body); if so, {dialect} "
                + ("refuses this statement" if refuses else "breaks the view")
                + ": drop the view before and create it again after"
            )
            self.diagnostics.append(
                Diagnostic(event.location, Severity.WARNING, message, VIEW_DEPENDS)
            )
            return False
        views = certain
        listed = ", ".join(sorted({v.name for v in views}))
        noun = "view" if len(views) == 1 else "views"
        if not refuses:
            message = (
                f"column {column.name!r} of table {table!r} is read by {noun} {listed}: "
                f"{dialect} drops the column and the {noun} then fail on every use "
                "(ERROR 1356: references invalid ... column(s)); drop the view before "
                "and create it again after"
            )
            self.diagnostics.append(
                Diagnostic(event.location, Severity.WARNING, message, VIEW_DEPENDS)
            )
            return False
        if action == "drop" and dialect == "postgres":
            said = (
                f"cannot drop column {column.name} of table {table} because other objects "
                f"depend on it (view {listed})"
            )
        elif action == "drop":
            said = f"error in view {listed} after drop column: no such column: {column.name}"
        else:
            said = (
                "cannot alter type of a column used by a view or rule "
                f"(view {listed} depends on column {column.name})"
            )
        fix = "drop the view before and create it again after"
        if action == "drop" and dialect == "postgres":
            fix = "DROP COLUMN ... CASCADE drops the view too; or " + fix
        message = f"{dialect} refuses this statement: {said}: {fix} (the model keeps the column)"
        self.diagnostics.append(Diagnostic(event.location, Severity.ERROR, message, VIEW_DEPENDS))
        return True

    @staticmethod
    def _surely_reads(view: _Node, column: _Node) -> bool:
        """Whether ``view`` (one :meth:`_views_reading` found) reads ``column``
        for sure: it reads that table alone. Over several tables the name in
        its body may be another table's column, an alias's or a CTE's
        (s7-t4 #0b), so it is only said."""
        return len(view.selects) == 1 and view.selects[0] is column.owner

    @staticmethod
    def _views_reading(ns: _Namespace, column: _Node, *, stars: bool) -> list[_Node]:
        """Live views over ``column``'s table whose body names the column (as
        it is called now or was called), or, with ``stars``, that select
        ``*`` and were made after the column."""
        table = column.owner
        keys = {ns.key(n, q) for n, q in ((column.name, column.quoted), *column.previous)}

        own = {ns.key(table.name, table.quoted)} if table is not None else set()

        def names(written: str) -> bool:
            if written.startswith('"') and written.endswith('"') and len(written) > 1:
                return ns.key(written[1:-1].replace('""', '"'), True) in keys
            qualifier, dot, name = written.rpartition(".")
            if dot:  # q.col: this table's only when q is its name (an alias: unknown)
                return ns.key(qualifier, False) in own and ns.key(name, False) in keys
            return ns.key(written, False) in keys

        return [
            view
            for view in ns.nodes
            if view.alive
            and view.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
            and any(source is table for source in view.selects)
            and (
                (stars and "*" in view.reads and column.seq < view.seq)
                or any(names(w) for w in view.reads if w != "*")
            )
        ]

    def _drop_views_reading(self, ns: _Namespace, column: _Node) -> None:
        """Views reading ``column`` (PostgreSQL: a star select list made after
        the column, or the column's name, now or before a rename, in the body,
        over its table) go with it, and theirs."""
        for view in self._views_reading(ns, column, stars=True):
            if view.alive:
                self._kill(ns, view)
                self._cascade(ns, view)

    def _drop_column_dependents(self, ns: _Namespace, column: _Node) -> None:
        """Indexes and constraints that lose their column.

        PostgreSQL drops every index and constraint involving the column;
        MySQL (and we, for the others) removes the column from them and drops
        only those left with no column.
        """
        owner = column.owner
        assert owner is not None
        key = ns.node_key(column)

        def matches(name: str) -> bool:
            # ``columns`` hold the catalog's spelling (the reader folds bare names).
            return ns.key(name, True) == key

        def used(name: str) -> bool:  # ``uses``: names as written in the expression
            return ns.key(name, column.quoted) == key or ns.key(name, True) == key

        for child in list(owner.children.values()):
            if child.kind not in (ObjectKind.INDEX, ObjectKind.CONSTRAINT):
                continue
            if not any(matches(c) for c in child.columns):
                if any(used(c) for c in child.uses):
                    self._kill(ns, child)  # PostgreSQL: an expression or predicate uses it
                continue
            if ns.family is Family.POSTGRES:
                self._kill(ns, child)
                continue
            child.columns = tuple(c for c in child.columns if not matches(c))
            if not child.columns:
                self._kill(ns, child)

    # -- result --------------------------------------------------------

    @staticmethod
    def _resolve_late(ns: _Namespace) -> None:
        """Bind references written before their target existed (MySQL dumps
        create tables in alphabetical order with FOREIGN_KEY_CHECKS=0)."""
        for node in ns.nodes:
            if not node.alive:
                continue
            if isinstance(node.ref, QualifiedName):
                node.ref = ns.find_relation(node.ref, _RELATIONS) or node.ref
            if isinstance(node.partition_of, QualifiedName):
                parent = node.partition_of
                node.partition_of = ns.find_relation(parent, (ObjectKind.TABLE,)) or parent
            if node.selects:
                node.selects = tuple(
                    ns.find_relation(s, _RELATIONS) or s if isinstance(s, QualifiedName) else s
                    for s in node.selects
                )

    def _link_compatibility_views(self, ns: _Namespace) -> None:
        by_old_name: dict[tuple[str | None, str], list[_Node]] = {}
        for node in ns.nodes:
            if node.alive and node.kind is ObjectKind.TABLE and node.previous:
                for name, quoted in node.previous:
                    key = (ns.schema_key(node.schema), ns.key(name, quoted, ObjectKind.TABLE))
                    by_old_name.setdefault(key, []).append(node)
        if not by_old_name:
            return
        for view in ns.nodes:
            if not view.alive or view.kind not in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW):
                continue
            candidates = by_old_name.get((ns.schema_key(view.schema), ns.node_key(view)), [])
            for table in candidates:
                if any(self._reads(ns, source, table) for source in view.selects):
                    view.view_for = table.name
                    break

    @staticmethod
    def _reads(ns: _Namespace, source: _Node | QualifiedName, table: _Node) -> bool:
        if isinstance(source, _Node):
            return source is table
        if ns.schema_key(source.schema) != ns.schema_key(table.schema):
            return False
        key = ns.key(source.name, source.quoted, ObjectKind.TABLE)
        names = [(table.name, table.quoted), *table.previous]
        return any(ns.key(n, q, ObjectKind.TABLE) == key for n, q in names)

    def release(self) -> None:
        """Break the table <-> element reference cycles once frozen.

        Without cycles the nodes are freed by reference counting as soon as
        replay returns, instead of waiting for (and lengthening) the garbage
        collector's next pass over tens of thousands of them.
        """
        for ns in self._namespaces.values():
            for node in ns.nodes:
                node.children.clear()
                node.owner = None

    def schema(self) -> Schema:
        """Freeze the end state: tables each followed by their objects, then the rest."""
        nodes: list[_Node] = []
        for ns in self._namespaces.values():
            self._resolve_late(ns)
            self._link_compatibility_views(ns)
            nodes.extend(n for n in ns.nodes if n.alive)
        nodes.sort(key=lambda n: n.seq)
        attached: dict[int, list[_Node]] = {}
        for node in nodes:
            if node.owner is not None:
                attached.setdefault(id(node.owner), []).append(node)
        ordered: list[_Node] = []
        for node in nodes:
            if node.kind is ObjectKind.TABLE:
                if not node.ghost:
                    ordered.append(node)
                ordered.extend(attached.get(id(node), ()))
        for node in nodes:
            if node.kind is not ObjectKind.TABLE and node.owner is None:
                # Materialized views own indexes, views INSTEAD OF triggers.
                ordered.append(node)
                ordered.extend(attached.get(id(node), ()))
        owners = {  # sequence -> the (table, column) owning it
            id(seq): (_cut(column.owner.name, column.source), _cut(column.name, column.source))
            for column in nodes
            if column.sequences and column.owner is not None
            for seq in column.sequences
            if seq.alive
        }
        objects = tuple(_freeze(n) for n in ordered)
        if owners:
            objects = tuple(
                replace(o, owned_by=owners[id(n)]) if id(n) in owners else o
                for n, o in zip(ordered, objects, strict=True)
            )
        return Schema(objects=objects, diagnostics=tuple(self.diagnostics))


#: Per dialect: the byte limit where the database cuts longer names at
#: reading (PostgreSQL: NAMEDATALEN - 1 = 63), else 0.
_CUT_AT: dict[str, int] = {}


def _cut(name: str, source: SourceFile) -> str:
    """``name`` as ``source``'s database keeps it: PostgreSQL cuts every
    identifier longer than 63 bytes to 63, never mid-character, as it lexes
    it (scan.l ``truncate_identifier``, ``pg_mbcliplen``; manual 4.1.1), so a
    written name, and every reference to it, means its first 63 bytes."""
    limit = _CUT_AT.get(source.dialect)
    if limit is None:
        profile = profile_for(source.dialect)
        limit = _CUT_AT[source.dialect] = profile.max_identifier if profile.truncates else 0
    if not limit or len(name) <= limit // 4:  # a UTF-8 character is at most 4 bytes
        return name
    return clip_bytes(name, limit)


def _cut_all(names: tuple[str, ...], source: SourceFile) -> tuple[str, ...]:
    return tuple([_cut(n, source) for n in names]) if names else names


def _freeze(node: _Node) -> SchemaObject:
    """The frozen value of ``node``, its names as the database keeps them (:func:`_cut`).

    Runs once for every object, most of them columns without history, views
    or references, so empty tuples are not rebuilt through generators.
    """
    owner, source = node.owner, node.source
    if owner is None:
        schema, table, table_schema = node.schema, None, None
        schema_text = node.schema_text
    else:
        schema = table_schema = owner.schema
        table = _cut(owner.name, source)
        schema_text = owner.schema_text
    previous, selects, ref, parent = node.previous, node.selects, node.ref, node.partition_of
    name = _cut(node.name, source)
    return SchemaObject(
        kind=node.kind,
        name=name,
        location=node.location,
        source=source,
        schema=schema,
        table=table,
        table_schema=table_schema,
        quoted=node.quoted,
        implicit=node.implicit,
        previous_names=tuple([_cut(n, source) for n, _ in previous]) if previous else (),
        constraint_type=node.constraint_type,
        columns=_cut_all(node.columns, source),
        ref_table=None if ref is None else _cut(ref.name, source),
        unique=node.unique,
        selects_from=tuple([_cut(s.name, source) for s in selects]) if selects else (),
        compatibility_view_for=None if node.view_for is None else _cut(node.view_for, source),
        created_at=node.created_at,
        suppressions=node.suppressions,
        partition_of=None if parent is None else _cut(parent.name, source),
        previous_quoted=tuple([quoted for _, quoted in previous]) if previous else (),
        default_sql=node.default_sql,
        schema_text=schema_text if schema is None else None,
        generated=node.generated,
        index_text=node.index_text,
        written_name=node.name if len(name) < len(node.name) else None,
        name_columns=_cut_all(node.name_columns, source),
        include=_cut_all(node.include, source),
    )


def replay(events: Iterable[Event]) -> Schema:
    """The schema the database holds after applying ``events`` in order.

    ``events`` come in file order, then statement order. Nothing raises for
    odd histories (a rename of a table created elsewhere, a table created
    twice): replay keeps every name it can check and says what it assumed in
    ``Schema.diagnostics`` (INFO ``DBN010``/``DBN011``).
    """
    with collector_paused():
        return _replay(tuple(events))


def _replay(events: Sequence[Event]) -> Schema:
    """Replay and free the working model before the collector resumes."""
    replayer = _Replayer()
    try:
        replayer.run(events)
        return replayer.schema()
    finally:
        replayer.release()
