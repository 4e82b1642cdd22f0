"""The working model replay mutates: nodes, the kinds a lookup may find, type names.

Private to :mod:`dbnamelint.replay`: only frozen
:class:`~dbnamelint.model.SchemaObject` values leave the package.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from string import ascii_lowercase, ascii_uppercase
from types import MappingProxyType

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family
from dbnamelint.model import (
    Comment,
    ConstraintType,
    IndexText,
    Location,
    ObjectKind,
    QualifiedName,
    SourceFile,
)

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
_TYPE_NAME = lazy_compile(
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


#: One CREATE of a routine name: its input argument types (``None``: not
#: read), the types its signature names (``Event.type_uses``) and its body's
#: digest (``Event.body``). PostgreSQL keeps one routine per schema, name and
#: input types (manual, CREATE FUNCTION, "Overloading"). A plain tuple: a
#: class of its own costs every run's import more than the routines it holds.
Overload = tuple[tuple[str, ...] | None, tuple[str, ...], str | None]


def with_overload(overloads: tuple[Overload, ...], new: Overload) -> tuple[Overload, ...]:
    """``overloads`` after a CREATE [OR REPLACE] of ``new``: it replaces the
    one of the same input types, else it is one more."""
    if new[0] is None:
        return (*overloads, new)
    kept = tuple(o for o in overloads if o[0] != new[0])
    return (*kept, new)


class Node(Struct, eq=False):
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
    owner: Node | None = None
    ghost: bool = False  # a table the files only alter, never create
    #: Made by an ``IF EXISTS`` rename of something the files never made: a
    #: later ``CREATE ... IF NOT EXISTS`` of its name replaces it.
    assumed: bool = False
    implicit: bool = False
    alive: bool = True
    previous: tuple[tuple[str, bool], ...] = ()
    #: The last rename (or the drop) came from a branch the reader does not
    #: evaluate (``Event.guarded``): the old name may still be the object's.
    gone_guarded: bool = False
    #: Order of the object's last rename or its drop among all of them: the
    #: later decides what a name it left stands for (DBN028).
    gone_seq: int = 0
    #: A table or view a DROP (or its CASCADE) removed: that statement.
    dropped_at: Location | None = None
    constraint_type: ConstraintType | None = None
    columns: tuple[str, ...] = ()
    ref: Node | QualifiedName | None = None
    #: A foreign key's referenced columns as written (empty: the key's).
    ref_columns: tuple[str, ...] = ()
    unique: bool = False
    selects: tuple[Node | QualifiedName, ...] = ()
    view_for: str | None = None
    #: ``seq`` of the latest definition (``CREATE OR REPLACE VIEW``...), 0: ``seq``.
    #: Apart from ``seq``, which keeps the object's place in the output.
    redefined_seq: int = 0
    suppressions: tuple[Comment, ...] = ()
    children: dict[tuple[ObjectKind, str], Node] = field(default_factory=dict)
    partition_of: Node | QualifiedName | None = None  # parent, if a partition
    partitioned: bool = False  # some table is (or was) a partition of this one
    data_type: str | None = None  # a column's declared type
    default_sql: str | None = None  # a SQLite column's DEFAULT as written
    generated: bool = False  # a SQLite generated column
    index_text: IndexText | None = None  # a SQLite index's definition as written
    schema_text: str | None = None  # the schema as a template placeholder
    #: A procedure (kind FUNCTION): apart from a same-named function where
    #: the dialect keeps them apart (MySQL; :meth:`Namespace.slot`).
    procedure: bool = False
    without_rowid: bool = False  # a SQLite WITHOUT ROWID table
    virtual_module: str | None = None  # a SQLite virtual table's module
    #: SQLite keys: ``indexless`` for a named rowid-alias primary key (it has
    #: no autoindex, so it takes no number); ``late`` for the INTEGER primary
    #: key of a WITHOUT ROWID table, whose index SQLite builds after all the
    #: others (``convertToWithoutRowidTable``), so it is numbered last.
    indexless: bool = False
    late: bool = False
    #: Sequences a column owns (serial/identity, ``OWNED BY``): dropped with the column.
    sequences: list[Node] = field(default_factory=list)
    #: A sequence: the column owning it (``sequences`` of that column), if any.
    owned_by: Node | None = None
    #: A sequence an identity column made (pg_depend 'i'): DROP IDENTITY drops it.
    identity: bool = False
    #: ...and the partition owning it through that column when the column is
    #: its parent's (a partition's columns are its parent's in the model).
    owned_in: Node | None = None
    #: An index's columns as its name spells them (``Event.name_columns``).
    name_columns: tuple[str, ...] = ()
    #: An index's expressions as written (``Event.expressions``).
    expressions: tuple[str, ...] = ()
    #: A CHECK's or EXCLUDE's text as written (``Event.check_text``).
    check_text: str | None = None
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
    of_column: Node | None = None
    #: A composite type's attributes: the columns of a table made OF it.
    attributes: tuple[str, ...] = ()
    #: A trigger's function (``EXECUTE FUNCTION f()``): the node while the
    #: files made it, else the name as resolved.
    function: Node | QualifiedName | None = None
    #: A trigger written INSTEAD OF INSERT (PostgreSQL: a view with one takes COPY FROM).
    instead_of_insert: bool = False
    #: An index's other columns: those its expressions, WHERE predicate and
    #: INCLUDE list use (PostgreSQL drops the index with any of them).
    uses: tuple[str, ...] = ()
    #: A view's body: the names it writes, ``*`` for a star select list
    #: (``Event.uses``); a column dropped with CASCADE drops the views naming it.
    reads: tuple[str, ...] = ()
    #: A PostgreSQL view bound as PostgreSQL binds it (``bound``): the columns
    #: it depends on (pg_depend), and those it may read (a name a source of
    #: unknown columns may hold). :mod:`dbnamelint.replay.view_binding`.
    bound: bool = False
    #: A table made LIKE / AS SELECT * FROM a view or an unknown table: it
    #: has columns the model does not know.
    columns_unknown: bool = False
    depends: tuple[Node, ...] = ()
    may_read: tuple[Node, ...] = ()
    #: A composite type's attribute types as written, in ``attributes`` order.
    attribute_types: tuple[str | None, ...] = ()
    #: A table made OF a composite type: that type (it loses the columns the
    #: type loses).
    of_type: Node | None = None
    #: A routine: each overload of this name (the model keeps one node per
    #: name; an overload dropped by its argument types leaves the others).
    overloads: tuple[Overload, ...] = ()
    #: The search path the object was made with (``Event.search_path``): where
    #: an unqualified type name it wrote is looked up.
    type_path: tuple[str, ...] | None = None

    @property
    def home_schema(self) -> str | None:
        """Schema the object lives in: an attached object lives in its table's."""
        return self.owner.schema if self.owner is not None else self.schema


def _is_key(node: Node) -> bool:
    """An index, or a primary or unique key (MySQL gives each an index)."""
    return node.kind is ObjectKind.INDEX or node.constraint_type in _MERGED_KEYS


def _is_unique_key(node: Node) -> bool:
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
