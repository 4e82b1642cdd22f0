"""Plan a rename migration: what is renamed, to what, and what cannot be done.

Inputs are the model of the tree (:class:`~dbnamelint.model.Schema`; which
column owns which sequence comes from it too) and rename requests (a whitelist entry's
``target`` or ``--rename OLD=NEW``). The plan renames the requested tables and
columns, then every dependent name that embeds an old name: implicit names
are recomputed as the dialect would choose them for the new name
(:func:`dbnamelint.default_names.default_name`), written names get the old
word run replaced, the other words respelled in the new table name's case;
both through :func:`dbnamelint.rules.dependents.follow_table`, the function
the fix merger derives these objects' targets with, so what ``migrate``
writes is the target ``whitelist init`` wrote. Names are kept in the
form the catalog stores them; the SQL layer quotes every one of them.

Everything that cannot be renamed in the dialect is a :class:`Note` in the
plan, never skipped silently. A new name that collides with an existing one
raises :class:`PlanError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from msgspec import Struct, field
from msgspec.structs import replace

from dbnamelint.core.identity import earlier_names
from dbnamelint.core.index import CatalogIndex, catalog_of
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.default_names import INDEX_BACKED, pg_clip
from dbnamelint.dialects import Family, profile_for
from dbnamelint.dialects.profile import DialectProfile
from dbnamelint.django_condition import UNREAD
from dbnamelint.model import (
    ConstraintType,
    IndexText,
    ObjectKind,
    Schema,
    SchemaObject,
    kind_prefix,
    leading_kind_word,
)
from dbnamelint.placeholder_runs import run_texts, spelled
from dbnamelint.rules.abbreviations import readable_short
from dbnamelint.rules.dependents import (
    TableNames,
    columns_of_tables,
    dependent_name,
    follow_table,
    name_owner,
    object_columns,
    spelled_columns,
    stale_column_target,
    stale_target,
    table_part,
)
from dbnamelint.rules.fixes import shorten
from dbnamelint.rules.naming import CaseStyle, find_run, underscore_words
from dbnamelint.services.migrate.sqlite_index import IndexColumn

#: Kinds named after their table: renamed with it, or to their own whitelist target.
DEPENDENT_KINDS = (
    ObjectKind.INDEX,
    ObjectKind.CONSTRAINT,
    ObjectKind.TRIGGER,
    ObjectKind.SEQUENCE,
)

#: Kinds renamed by ``ALTER TYPE|DOMAIN ... RENAME TO`` (PostgreSQL): enum,
#: composite and range types and domains. Columns, functions and casts refer
#: to a type by OID (``pg_attribute.atttypid``), so they follow the rename.
TYPE_KINDS = (ObjectKind.TYPE, ObjectKind.DOMAIN)

#: Relations an index, constraint, trigger or sequence hangs on (an index may be
#: on a materialized view, an INSTEAD OF trigger on a view).
OWNER_KINDS = (ObjectKind.TABLE, ObjectKind.MATERIALIZED_VIEW, ObjectKind.VIEW)

#: MySQL/MariaDB constraints renamed by dropping and re-adding them.
RECREATED_CONSTRAINTS = (ConstraintType.FOREIGN_KEY, ConstraintType.CHECK)


#: The names Rails gives a foreign key, unique, check or exclusion constraint
#: (rules/dependents.py ``_rails_hashed``): renamed to the hash of the new names.
_RAILS_HASHED = lazy_compile(r"(?:fk|uniq|chk|excl)_rails_[0-9a-f]{10}")
#: Rails' names hashed from a check's or exclusion's expression (names.py).
_RAILS_EXPRESSION = lazy_compile(r"(?:chk|excl)_rails_[0-9a-f]{10}")


def _recreated(obj: SchemaObject) -> bool:
    """A foreign key or CHECK: MySQL re-creates it to rename it (sorts after indexes)."""
    return obj.kind is ObjectKind.CONSTRAINT and obj.constraint_type in RECREATED_CONSTRAINTS


#: Said of a whitelist entry naming nothing the files make (trial s42 plane:
#: entries written before a newer dbnamelint read that Django dropped those
#: constraints): `check` calls it stale, and `whitelist prune` removes it.
_STALE_HINT = (
    " (the entry is stale, DBN900: `dbnamelint whitelist prune` removes it, or correct its name)"
)


def target_why(origin: str, phase: str | None = None) -> str:
    """A step's ``why`` when a dependent takes its own whitelist entry's target;
    ``phase``: the entry's phase when it is not the planned one."""
    return f"its target, {origin}" + (f", phase {phase}" if phase else "")


class PlanError(Exception):
    """A rename that cannot be planned (unknown object, collision, bad name)."""


class Request(Struct, frozen=True):
    """One rename asked for: a table or a column (``parts``: [schema.]table[.column]).

    ``parts`` and ``target`` are ``(text, quoted)`` as written; ``origin`` says
    where the request comes from (``whitelist.yaml:15`` or ``--rename``).
    """

    kind: ObjectKind
    parts: tuple[tuple[str, bool], ...]
    target: tuple[str, bool]
    origin: str
    phase: str | None = None
    #: Written in the whitelist: ``parts`` denote the object through the
    #: whitelist's identity (:meth:`dbnamelint.core.index.CatalogIndex.resolve_all`,
    #: as ``check`` does: quoting rules, default schema, earlier names), so
    #: the object ``check`` excuses is the one renamed; else (``--rename``)
    #: as SQL folds them.
    entry: bool = False


class StaleTarget(Struct, frozen=True):
    """A dependent's whitelist target that still spells its table's old name.

    ``request``: the dependent's entry (its ``origin`` is ``path:line``);
    ``name``/``target``: the object's stored name and its target as stored;
    ``before``: the table's old name the target spells; ``table``: the
    table's name after its rename; ``better``: the name that follows it
    (what ``migrate`` advises; None when none can be told).
    """

    request: Request
    kind: ObjectKind
    name: str
    target: str
    before: str
    better: str | None
    table: str
    #: ``before`` is a column of the table that a column entry's target
    #: renames (``better`` follows that target), not an old table name.
    column: bool = False


class Step(Struct, frozen=True):
    """One rename, in the order the forward script runs them.

    ``table`` is the owning table's name when the step runs (its new name,
    since tables are renamed first); ``old``/``new`` are catalog names.
    ``columns``/``unique``/``ref_table`` describe an index or constraint for
    dialects that must drop and re-create it.
    """

    kind: ObjectKind
    schema: str | None
    table: str | None
    old: str
    new: str
    why: str
    constraint_type: ConstraintType | None = None
    columns: tuple[str, ...] = ()
    unique: bool = False
    #: Dropped and re-created: SQLite indexes (from ``columns``), MySQL foreign
    #: keys and checks (from the server's catalog when the script runs).
    recreate: bool = False
    #: A sequence's table (its name after the migration): the migration it goes in.
    owner: str | None = None
    #: ``schema`` as the files write it when it is a template placeholder
    #: (``SchemaObject.schema_text``): the scripts qualify names with it.
    schema_text: str | None = None
    #: A case-only table rename (SQLite, MySQL/MariaDB): the free temporary
    #: name it goes through (``Users`` -> ``users__dbnl_tmp`` -> ``users``).
    via: str | None = None
    #: A SQLite index: its definition as written, re-created with the names
    #: replaced (:mod:`.sqlite_index`); the table's columns under every name
    #: the definition may spell; the table's name before the migration.
    index_text: IndexText | None = None
    index_columns: tuple[IndexColumn, ...] = ()
    table_before: str | None = None
    #: A SQLite trigger (:mod:`.sqlite_trigger`): its ``sqlite_master.sql``
    #: before the migration, and after its tables and columns are renamed
    #: (still under its old name); re-created from them.
    trigger_before: str | None = None
    trigger_after: str | None = None
    #: A column of a view (its output, named in its query): PostgreSQL
    #: renames it with ``ALTER VIEW v RENAME COLUMN`` (13+); ``table`` is the view.
    of_view: bool = False
    #: A constraint of a PostgreSQL domain (``SchemaObject.domain``): ``table``
    #: is the domain's name when the step runs (``ALTER DOMAIN ... RENAME
    #: CONSTRAINT``).
    domain: bool = False
    #: An attribute of a PostgreSQL composite type (``SchemaObject.composite``):
    #: ``table`` is the type (``ALTER TYPE t RENAME ATTRIBUTE a TO b``).
    of_type: bool = False


class View(Struct, frozen=True):
    """A compatibility view ``old`` reading the renamed table ``new``."""

    schema: str | None
    old: str
    new: str
    columns: tuple[str, ...] = ()  # the table's columns, for SQLite's INSTEAD OF triggers
    #: Each column's DEFAULT as written (None: none), same order: the INSERT
    #: trigger gives a column the view's insert left NULL its table default.
    defaults: tuple[str | None, ...] = ()
    #: The schema as a template placeholder (``Step.schema_text``).
    schema_text: str | None = None
    #: Columns nothing can be written into (SQLite generated columns): the
    #: INSTEAD OF triggers leave them out of their INSERT and SET lists.
    generated: tuple[str, ...] = ()
    #: The names the view shows for ``columns`` (same order) when the same
    #: migration renames some of them: their names before it, so old code
    #: reads ``"Account".access_token`` (``SELECT "accessToken" AS
    #: "access_token"``). Empty: the view shows the table's columns as they are.
    shown: tuple[str, ...] = ()

    @property
    def renames_columns(self) -> bool:
        """Whether the view shows a column under another name than the table's."""
        return bool(self.shown) and self.shown != self.columns


class Rebuild(Struct, frozen=True):
    """A SQLite table rebuilt to rename its constraints (SQLite has no RENAME CONSTRAINT).

    ``table``: its name when the rebuild runs (before the migration's
    renames, which run after it); ``before``/``after``: its ``CREATE TABLE``
    text as ``sqlite_master`` holds it, and the same text with the
    constraint names (and only they) replaced; ``scratch``: the name the
    new table is built under before it takes ``table``'s; ``columns``: the
    stored columns copied (generated ones are computed again);
    ``rowid``: the rowid is copied too (a rowid table without an INTEGER
    PRIMARY KEY alias, whose rowids could otherwise change);
    ``autoincrement``: its ``sqlite_sequence`` row is carried over;
    ``attached``: the ``CREATE INDEX``/``CREATE TRIGGER`` texts of the table
    in creation order (``DROP TABLE`` drops them; they are made again);
    ``shape``: every column as ``pragma_table_xinfo`` gives it in a database
    built from the files (name, declared type, notnull, pk, hidden) and
    ``attached_names``: the names of ``attached``; the script stops before
    the rebuild when the live table differs from them (a column a Go
    migration added would otherwise be dropped with its data).
    """

    schema: str | None
    table: str
    before: str
    after: str
    scratch: str
    columns: tuple[str, ...]
    rowid: bool = False
    autoincrement: bool = False
    attached: tuple[str, ...] = ()
    shape: tuple[tuple[str, str, int, int, int], ...] = ()
    attached_names: tuple[str, ...] = ()


class Note(Struct, frozen=True):
    """Something the migration cannot do, or does differently, and why."""

    message: str


class Plan(Struct, frozen=True):
    """The renames of one migration, in forward order."""

    dialect: str
    steps: tuple[Step, ...]
    views: tuple[View, ...]
    notes: tuple[Note, ...]
    requests: tuple[Request, ...] = ()
    #: SQLite tables rebuilt to rename their constraints, in plan order.
    rebuilds: tuple[Rebuild, ...] = ()
    #: PostgreSQL: the schema the scripts qualify names with that the model
    #: keeps in the default schema (``schema`` None: ``public``), when the
    #: configured ``search_path`` starts elsewhere, so that an unqualified
    #: ``CREATE VIEW`` cannot land in another schema (:func:`default_schema_for`).
    default_schema: str | None = None
    #: MySQL: the one database the files put every table and view in (their
    #: ``USE db`` or ``db.t``): the scripts say ``USE db;`` and then name
    #: objects unqualified, as those files do, so that the line left out they
    #: run in a database of another name (:func:`session_database_for`).
    session_database: str | None = None
    #: Table names holding a template placeholder's run (``____________``) and
    #: each as the files write it (``${tableName}``): shown and written so
    #: (:mod:`.placeholders`), for the tool to fill in. Any other name holding
    #: a run of such a length is spelled with its placeholder too
    #: (:mod:`dbnamelint.placeholder_runs`: ``{{.prefix}}sharing_pkey``).
    written: tuple[tuple[str, str], ...] = ()

    def shown(self, name: str) -> str:
        """``name`` as the files write it (:attr:`written`, or with the
        placeholder of each run it holds), else as it is."""
        exact = dict(self.written).get(name)
        if exact is not None or not self.written:
            return exact or name
        return spelled(name, run_texts(self.written)) or name

    @property
    def tables(self) -> tuple[Step, ...]:
        """The table renames."""
        return tuple(s for s in self.steps if s.kind is ObjectKind.TABLE)


class _Names(Struct):
    """Taken names per namespace, compared as the dialect compares them."""

    profile: DialectProfile
    taken: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    #: Namespaces shared with other plans on the same model, copied into
    #: ``taken`` on first use (a plan per request would otherwise copy them all).
    base: dict[tuple[str, ...], set[str]] = field(default_factory=dict)

    def key(self, name: str) -> str:
        # Names here are stored (already folded), so they compare as quoted
        # names do: exactly, or without case where the dialect ignores it.
        return self.profile.key(name, True)

    def add(self, space: tuple[str, ...], name: str) -> None:
        self.names(space).add(self.key(name))

    def names(self, space: tuple[str, ...]) -> set[str]:
        found = self.taken.get(space)
        if found is None:
            found = self.taken[space] = set(self.base.get(space, ()))
        return found

    def taken_but(self, space: tuple[str, ...], name: str) -> set[str]:
        """The names taken in ``space`` other than ``name`` (a new set)."""
        return self.names(space) - {self.key(name)}

    def move(self, spaces: Sequence[tuple[str, ...]], old: str, new: str, what: str) -> None:
        for space in spaces:
            self.names(space).discard(self.key(old))
        for space in spaces:
            if self.key(new) in self.names(space):
                raise PlanError(
                    f"cannot rename {what} to {new!r}: that name is already taken "
                    f"({' '.join(space[:1])} namespace)"
                )
        for space in spaces:
            self.add(space, new)


class _Wanted(Struct, frozen=True):
    """A dependent's own whitelist target; ``own``: its entry is in the planned phase."""

    request: Request
    own: bool


class PlanModel:
    """What every plan on one model and dialect reads: built once, shared.

    ``migrate`` plans a phase once whole and once per request (to group
    requests by folder); each plan starts from the same taken names, the
    same tables and the same :class:`CatalogIndex` (Lemmy, 39 tables: 41
    plans, one index instead of 41).
    """

    def __init__(self, schema: Schema, dialect: str) -> None:
        self.schema = schema
        self.dialect = dialect
        self.index = catalog_of(schema)
        seed = _Planner(schema, dialect, None)
        self.taken: dict[tuple[str, ...], set[str]] = seed.names.taken
        self.attached: dict[tuple[str, str], list[SchemaObject]] = seed.by_table
        self.tables = seed.tables
        self.quoted_tables = seed.quoted_tables
        self.table_names = seed.table_names()
        self.sequences = seed.sequences_by_schema()
        self.sequence_at = seed._sequence_order()
        self.others: dict[int, TableNames] = {}
        self.other_index: dict[str, tuple[TableNames, dict[int, range]]] = {}
        self.dependents: dict[tuple[ObjectKind, object], list[SchemaObject]] = {}
        self.owners = seed.owners()
        self.planned: dict[
            int,
            tuple[Sequence[Request], dict[int, Request], dict[int, tuple[SchemaObject, _Wanted]]],
        ] = {}


class _Planner:
    def __init__(
        self,
        schema: Schema,
        dialect: str,
        model: PlanModel | None,
        column_style: CaseStyle | None = None,
    ) -> None:
        self.column_style = column_style
        self.schema = schema
        self.dialect = dialect
        self.profile = profile_for(dialect)
        self.family = self.profile.family
        self.names = _Names(self.profile)
        shared = model is not None and model.schema is schema and model.dialect == dialect
        self.tables: list[SchemaObject]
        self.quoted_tables: dict[tuple[str | None, str], bool]
        if model is not None and shared:
            self.tables, self.quoted_tables = model.tables, model.quoted_tables
        else:
            self.tables = [o for o in schema.objects if o.kind is ObjectKind.TABLE]
            self.quoted_tables = {
                (t.schema, t.name): t.quoted for t in schema.objects if t.kind in OWNER_KINDS
            }
        self.steps: list[Step] = []
        self.notes: list[Note] = []
        #: Dependents with a whitelist target, by ``id`` of the object.
        self.wanted: dict[int, tuple[SchemaObject, _Wanted]] = {}
        self.handled: set[int] = set()
        #: Entries of the phase a note accounts for (not renamed, and why), by ``id``.
        self.accounted: set[int] = set()
        #: Other phases' entries a step of this plan renames to their target.
        self.settled: list[Request] = []
        #: Tables with a whitelist target (any phase), by ``id``.
        self.table_targets: dict[int, Request] = {}
        #: Objects a step already renames, by ``id``: what renames them (a table).
        self.claimed: dict[int, str] = {}
        self._table_names: dict[str, list[tuple[SchemaObject, str]]] | None = None
        self._sequences: dict[tuple[str, str | None], list[SchemaObject]] | None = None
        self._sequence_at: dict[int, int] | None = None
        #: ``others()`` per table, by ``id`` (shared by the plans on one model).
        self._others: dict[int, TableNames] = {}
        #: One :class:`TableNames` per schema key and each table's span in it.
        self._other_index: dict[str, tuple[TableNames, dict[int, range]]] = {}
        #: What ``find_dependent`` found per (kind, parts), shared the same way.
        self._dependents: dict[tuple[ObjectKind, object], list[SchemaObject]] = {}
        #: ``want``'s work on every phase's entries, by ``id`` of that list.
        self._planned: dict[
            int,
            tuple[Sequence[Request], dict[int, Request], dict[int, tuple[SchemaObject, _Wanted]]],
        ] = {}
        self._owners: dict[tuple[str, str], SchemaObject] | None = None
        #: Objects attached to a table, by (table name, schema key).
        self.by_table: dict[tuple[str, str], list[SchemaObject]]
        if model is not None and shared:
            self.index: CatalogIndex | None = model.index
            self.names.base = model.taken
            self.by_table = model.attached
            self._table_names = model.table_names
            self._sequences = model.sequences
            self._sequence_at = model.sequence_at
            self._others = model.others
            self._other_index = model.other_index
            self._dependents = model.dependents
            self._owners = model.owners
            self._planned = model.planned
            return
        self.index = None  # built on the first whitelist entry
        self.by_table = {}
        for obj in schema.objects:
            for space in self._spaces(obj):
                self.names.add(space, self.stored(obj))
            if obj.table is not None:
                key = (obj.table, self._schema_key(obj.table_schema))
                self.by_table.setdefault(key, []).append(obj)

    # -- names -------------------------------------------------------------

    def fold(self, name: str, quoted: bool) -> str:
        folded = self.profile.fold(name, quoted)
        if self.profile.identifier_unit == "bytes" and self.profile.max_identifier:
            folded = pg_clip(folded, self.profile.max_identifier)
        return folded

    def stored(self, obj: SchemaObject) -> str:
        return obj.name if obj.implicit else self.fold(obj.name, obj.quoted)

    def table_of(self, obj: SchemaObject) -> str:
        table = obj.table or ""
        return self.fold(table, self.quoted_tables.get((obj.table_schema, table), False))

    def _schema_key(self, schema: str | None) -> str:
        return self.names.key(schema or self.profile.default_schema or "")

    def _spaces(self, obj: SchemaObject) -> list[tuple[str, ...]]:
        """Namespaces an object's name must be unique in (manuals: CREATE INDEX etc.)."""
        kind = obj.kind
        schema = self._schema_key(obj.table_schema if obj.table else obj.schema)
        # Attached names are keyed by the table's name before the migration.
        owner = self.names.key(self.table_of(obj))
        relation_kinds = (
            ObjectKind.TABLE,
            ObjectKind.VIEW,
            ObjectKind.MATERIALIZED_VIEW,
            ObjectKind.SEQUENCE,
        )
        if kind in relation_kinds and self.family is Family.POSTGRES:
            # A relation's row type takes its name among the schema's types
            # (CREATE TYPE x beside a table x: "type x already exists").
            return [("relation", schema), ("type", schema)]
        if kind in relation_kinds:
            return [("relation", schema)]
        if kind in TYPE_KINDS and self.family is Family.POSTGRES:
            # Types and domains share pg_type; a composite type is a relation
            # too (pg_class), so a type's new name is kept off both.
            if kind is ObjectKind.TYPE:
                return [("type", schema), ("relation", schema)]
            return [("type", schema)]
        if kind is ObjectKind.COLUMN:
            return [("column", schema, owner)]
        if self.family is Family.POSTGRES:
            if kind is ObjectKind.INDEX:
                return [("relation", schema)]
            if kind is ObjectKind.CONSTRAINT:
                spaces: list[tuple[str, ...]] = [("constraint", schema, owner)]
                if obj.constraint_type in INDEX_BACKED:
                    spaces.append(("relation", schema))
                return spaces
            return [(kind.value, schema, owner)]
        if self.family is Family.SQLITE:
            # Tables, views and indexes share one namespace; triggers have their
            # own, schema-wide ("there is already a table named x" vs "trigger x
            # already exists": a view and a trigger may share a name, trial s27)
            if kind is ObjectKind.INDEX:
                return [("relation", schema)]
            if kind is ObjectKind.TRIGGER:
                return [("trigger", schema)]
            return [(kind.value, schema, owner)]
        if self.family is Family.MYSQL:
            if kind is ObjectKind.INDEX or obj.constraint_type in (
                ConstraintType.UNIQUE,
                ConstraintType.PRIMARY_KEY,
            ):
                return [("index", schema, owner)]
            if kind in (ObjectKind.CONSTRAINT, ObjectKind.TRIGGER):
                return [(kind.value, schema)]
        return [(kind.value, schema, owner)]

    def check_name(self, name: str, what: str) -> None:
        if not name:
            raise PlanError(f"{what}: the new name is empty")
        limit = self.profile.max_identifier
        if limit and self.profile.identifier_size(name) > limit:
            raise PlanError(
                f"{what}: new name {name!r} is {self.profile.identifier_size(name)} "
                f"{self.profile.identifier_unit} long; {self.profile.name} allows {limit}"
            )

    # -- requests ----------------------------------------------------------

    def find_table(self, parts: Sequence[tuple[str, bool]], origin: str) -> SchemaObject:
        """The table ``parts`` (``[schema.]table``) name as SQL folds them
        (``--rename``). Raises :class:`PlanError` when none or several match."""
        *schema, (name, quoted) = parts
        want = self.names.key(self.fold(name, quoted))
        want_schema = self._schema_key(self.fold(*schema[0])) if schema else None
        found = [
            t
            for t in self.tables
            if self.names.key(self.stored(t)) == want
            and (want_schema is None or self._schema_key(t.schema) == want_schema)
        ]
        if not found:
            word = _kind_word(name) if not quoted and not schema else None
            if word is not None:  # --rename 'table users=accounts', 'table:users=accounts'
                raise PlanError(
                    f"{origin}: no table named {name!r}; {origin} takes names without "
                    f"a kind word: drop {word!r}"
                )
            raise PlanError(f"{origin}: no table named {name!r} in the files{self._near(name)}")
        if len(found) > 1:
            raise PlanError(f"{origin}: {name!r} names several tables; qualify it with its schema")
        return found[0]

    def find_column(self, table: SchemaObject, column: tuple[str, bool], origin: str) -> str:
        """The stored name of ``table``'s column ``column`` as SQL folds it
        (``--rename-column``). Raises :class:`PlanError` when there is none."""
        return self.stored(self.column_of(table, column, origin))

    def column_of(self, table: SchemaObject, column: tuple[str, bool], origin: str) -> SchemaObject:
        """``table``'s (or a view's) column ``column`` as SQL folds it.
        Raises :class:`PlanError` when there is none."""
        want = self.names.key(self.fold(*column))
        for obj in self.attached(table, ObjectKind.COLUMN):
            if self.names.key(self.stored(obj)) == want:
                return obj
        near = [
            self.stored(o)
            for o in self.attached(table, ObjectKind.COLUMN)
            if self.stored(o).casefold() == column[0].casefold()
        ]
        what = table.kind.value.replace("_", " ")
        unknown = (
            f" (its columns are known only in part: {table.kind.value} over `*`, "
            "`VALUES` or an expression named after its text)"
            if table.columns_unknown and not near
            else ""
        )
        raise PlanError(
            f"{origin}: {what} {self.stored(table)!r} has no column {column[0]!r}"
            f"{_case_hint(near)}{unknown}"
        )

    def find_view(self, parts: Sequence[tuple[str, bool]]) -> SchemaObject | None:
        """The view or materialized view ``parts`` (``[schema.]view``) name, when
        no table does (``--rename-column v.col=new``: a view's output column,
        renamed as a whitelist entry of it is, :meth:`rename_view_column`)."""
        *schema, (name, quoted) = parts
        want = self.names.key(self.fold(name, quoted))
        want_schema = self._schema_key(self.fold(*schema[0])) if schema else None

        def named(o: SchemaObject) -> bool:
            return self.names.key(self.stored(o)) == want and (
                want_schema is None or self._schema_key(o.schema) == want_schema
            )

        if any(named(t) for t in self.tables):
            return None
        views = [o for o in self.schema.objects if o.kind in _VIEW_KINDS and named(o)]
        return views[0] if len(views) == 1 else None

    def find_entry(self, req: Request) -> tuple[SchemaObject, SchemaObject | None]:
        """The object a whitelist entry denotes: ``(table, None)`` or ``(table, column)``.

        Resolved by :meth:`~dbnamelint.core.index.CatalogIndex.resolve_all`,
        the lookup ``check`` excuses findings with: unquoted parts match
        without case unless the object was created quoted, a written default
        schema matches, and earlier names (the table's or the object's own)
        still find the object after a rename. Raises :class:`PlanError` when
        the entry denotes nothing in the files.
        """
        if self.index is None:
            self.index = catalog_of(self.schema)
        found = [
            r
            for r in self.index.resolve_all(req.kind, req.parts)
            if profile_for(r.obj.source.dialect).family is self.family
        ]
        if not found:
            *_, (name, _quoted) = req.parts
            elsewhere = sorted(
                {r.obj.source.dialect for r in self.index.resolve_all(req.kind, req.parts)}
            )
            if elsewhere:
                raise PlanError(
                    f"{req.origin}: {req.kind.value} {name!r} is in the files, read as "
                    f"{', '.join(elsewhere)}, but the migration is planned for "
                    f"{self.profile.name}, where names fold and quote differently; plan it "
                    f"for the files' database with --dialect {elsewhere[0]} (or `dialect: "
                    f"{elsewhere[0]}` in the config)"
                )
            if req.kind is ObjectKind.TABLE:
                raise PlanError(
                    f"{req.origin}: no table named {name!r} in the files{self._near(name)}"
                )
            table_name = req.parts[-2][0]
            tables = [t for t in self.tables if t.name.casefold() == table_name.casefold()]
            if not tables:
                raise PlanError(
                    f"{req.origin}: no table named {table_name!r} in the files"
                    f"{self._near(table_name)}"
                )
            raise PlanError(
                f"{req.origin}: table {self.stored(tables[0])!r} has no column {name!r}"
            )
        if len(found) > 1:
            raise PlanError(f"{req.origin}: {req.parts[-1][0]!r} names several objects")
        obj = found[0].obj
        if req.kind is ObjectKind.TABLE:
            return obj, None
        if obj.composite:  # an attribute of a composite type (:meth:`rename_attribute`)
            composite = next(
                (
                    t
                    for t in self.schema.objects
                    if t.kind is ObjectKind.TYPE
                    and t.name == obj.table
                    and self._schema_key(t.schema) == self._schema_key(obj.table_schema)
                ),
                None,
            )
            if composite is None:
                raise PlanError(
                    f"{req.origin}: the type of attribute {obj.name!r} is not in the files"
                )
            return composite, obj
        found_owner = self.owner(obj)
        if found_owner is not None and found_owner.kind in _VIEW_KINDS:
            return found_owner, obj  # a view's output column (:meth:`rename_view_column`)
        owners = (
            [found_owner]
            if found_owner is not None and found_owner.kind is ObjectKind.TABLE
            else [
                t
                for t, _stored in self.table_names().get(self._schema_key(obj.table_schema), ())
                if t.name == obj.table
            ]
        )
        if not owners:
            # a column the files add to a table made outside them (redash: the
            # application's create_all() makes it; DBN011): say which and what to do
            at = obj.location
            raise PlanError(
                f"{req.origin}: column {obj.name!r} is added to table {obj.table!r} at "
                f"{at.path}:{at.line}, but no file creates that table (DBN011: it is made "
                "outside the files, by the application or an older schema), so a rename "
                "plan cannot see what else is on it; move the entry to a phase of its own "
                "and write its rename by hand (`drift --db URL` lists what the database "
                "holds), or add the table's CREATE TABLE to a file read before the others"
            )
        return owners[0], obj

    def _near(self, name: str) -> str:
        return _dialect_hint(
            name,
            [self.stored(t) for t in self.tables if self.stored(t).casefold() == name.casefold()],
            self.profile.name,
        )

    def table_names(self) -> dict[str, list[tuple[SchemaObject, str]]]:
        """Schema key -> its tables with their stored (current) names."""
        if self._table_names is None:
            self._table_names = {}
            for t in self.tables:
                self._table_names.setdefault(self._schema_key(t.schema), []).append(
                    (t, self.stored(t))
                )
        return self._table_names

    def sequences_by_schema(self) -> dict[tuple[str, str | None], list[SchemaObject]]:
        """(schema key, owning table's name or None) -> those sequences, in model order."""
        if self._sequences is None:
            self._sequences = {}
            for seq in self.schema.of_kind(ObjectKind.SEQUENCE):
                owner = seq.owned_by[0] if seq.owned_by is not None else None
                self._sequences.setdefault((self._schema_key(seq.schema), owner), []).append(seq)
        return self._sequences

    def _sequences_of(self, schema: str, table: str) -> list[SchemaObject]:
        """The sequences of ``schema`` that ``table``'s columns or no column own, model order."""
        found = self.sequences_by_schema()
        both = [*found.get((schema, table), ()), *found.get((schema, None), ())]
        order = self._sequence_order()
        return sorted(both, key=lambda seq: order[id(seq)])

    def _sequence_order(self) -> dict[int, int]:
        if self._sequence_at is None:
            self._sequence_at = {
                id(seq): at for at, seq in enumerate(self.schema.of_kind(ObjectKind.SEQUENCE))
            }
        return self._sequence_at

    def schema_key_of(self, schema: str | None) -> str:
        """How ``schema`` (None: the default) keys :meth:`table_names`."""
        return self._schema_key(schema)

    def _tables_in(self, schema: str | None) -> list[tuple[SchemaObject, str]]:
        """The tables of ``schema`` with their stored (current) names."""
        return self.table_names().get(self._schema_key(schema), [])

    def others(self, table: SchemaObject) -> TableNames:
        """The other tables' names in ``table``'s schema (current, then earlier ones).

        A word run spelling one of them that is longer than ``table``'s name
        and starts with it is that table's, as DBN504 reads names
        (:func:`dbnamelint.rules.dependents.table_part`): after ``presence``
        -> ``presences``, ``presence_stream_idx`` names ``presence_stream``.
        """
        found = self._others.get(id(table))
        if found is None:
            key = self._schema_key(table.schema)
            indexed = self._other_index.get(key)
            if indexed is None:
                # one index per schema, each table's names a span of it:
                # a list per table made every dependent's search scan them all
                names: list[str] = []
                spans: dict[int, range] = {}
                for t, stored in self._tables_in(table.schema):
                    start = len(names)
                    names.extend((stored, *(self.fold(p, q) for p, q in earlier_names(t))))
                    spans[id(t)] = range(start, len(names))
                indexed = self._other_index[key] = (TableNames(names), spans)
            everyone, spans = indexed
            found = self._others[id(table)] = everyone.excluding(
                span=spans.get(id(table), range(0))
            )
        return found

    def name_owner(self, name: str, schema: str | None) -> SchemaObject | None:
        """The table a sequence no column owns is named after, as DBN504 reads
        it (:func:`dbnamelint.rules.dependents.name_owner`: the longest current
        table name that starts ``name``), or None."""
        tables = self._tables_in(schema)
        found = name_owner(name, [stored for _, stored in tables])
        return next((t for t, stored in tables if stored == found), None)

    def claim(self, obj: SchemaObject, old: str, table: str) -> None:
        """Record that a step renames ``obj`` for ``table``; a second step is refused.

        Two renames of one object would fail on the database at the second
        (its old name is gone), so the plan never holds them.
        """
        first = self.claimed.get(id(obj))
        if first is not None:
            raise PlanError(
                f"{obj.kind.value} {old!r} would be renamed twice, once for table {first!r} "
                f"and once for table {table!r}: its name does not tell which table it "
                "belongs to; rename it by hand (or give it a whitelist entry with a "
                "`target`) and run migrate again"
            )
        self.claimed[id(obj)] = table

    def attached(self, table: SchemaObject, *kinds: ObjectKind) -> list[SchemaObject]:
        wanted = set(kinds)
        found = self.by_table.get((table.name, self._schema_key(table.schema)), ())
        return [o for o in found if o.kind in wanted]

    # -- planning ----------------------------------------------------------

    def find_dependent(self, req: Request) -> SchemaObject | None:
        """The index, constraint, trigger or sequence a whitelist entry denotes, or None."""
        key = (req.kind, req.parts)
        if key in self._dependents:  # shared by the plans on one model
            found = self._dependents[key]
        else:
            if self.index is None:
                self.index = catalog_of(self.schema)
            found = self._dependents[key] = [
                r.obj
                for r in self.index.resolve_all(req.kind, req.parts)
                if profile_for(r.obj.source.dialect).family is self.family
            ]
        if len(found) > 1:
            raise PlanError(f"{req.origin}: {req.parts[-1][0]!r} names several objects")
        return found[0] if found else None

    def owner(self, obj: SchemaObject) -> SchemaObject | None:
        """The table ``obj`` is attached to (a sequence: the table owning it; an
        index may be on a materialized view)."""
        name = obj.owned_by[0] if obj.owned_by is not None else obj.table
        schema = obj.schema if obj.owned_by is not None else obj.table_schema
        return self.owners().get((name or "", self._schema_key(schema)))

    def named_after(self, obj: SchemaObject) -> SchemaObject | None:
        """The table whose name ``obj``'s name follows: :meth:`owner`, and for a
        sequence no column owns, the table its name starts with (:meth:`name_owner`,
        as DBN504 reads it and :meth:`sequences` renames it)."""
        table = self.owner(obj)
        if table is None and obj.kind is ObjectKind.SEQUENCE and obj.owned_by is None:
            table = self.name_owner(self.stored(obj), obj.schema)
        return table

    def owners(self) -> dict[tuple[str, str], SchemaObject]:
        """(name, schema key) -> the table or materialized view so named (the first)."""
        if self._owners is None:
            self._owners = {}
            for t in self.schema.objects:
                if t.kind in OWNER_KINDS:
                    self._owners.setdefault((t.name, self._schema_key(t.schema)), t)
        return self._owners

    def want(self, planned: Sequence[Request], own: Sequence[Request]) -> None:
        """Record the dependents' own targets: other phases' first, the phase's win."""
        memo = self._planned.get(id(planned))
        if memo is not None and memo[0] is planned:  # the same list, on the same model
            self.table_targets.update(memo[1])
            self.wanted.update(memo[2])
        else:
            for req in planned:
                if req.kind is ObjectKind.TABLE:
                    table = self.find_dependent(req)
                    if table is not None:
                        self.table_targets[id(table)] = req
            self._want((r for r in planned if r.kind is not ObjectKind.TABLE), own=False)
            self._planned[id(planned)] = (planned, dict(self.table_targets), dict(self.wanted))
        self._want(own, own=True)

    def _want(self, requests: Iterable[Request], *, own: bool) -> None:
        for req, is_own in ((r, own) for r in requests):
            obj = self.find_dependent(req)
            if obj is None:
                if is_own:
                    raise PlanError(
                        f"{req.origin}: no {req.kind.value} named "
                        f"{'.'.join(p for p, _ in req.parts)!r} in the files"
                        + (_STALE_HINT if req.entry else "")
                    )
                continue  # another phase's entry; `check` reports it stale
            self.check_name(self.profile.fold(*req.target), req.origin)
            earlier = self.wanted.get(id(obj))
            if (
                is_own
                and earlier is not None
                and earlier[1].own
                and earlier[1].request.target != req.target
            ):
                raise PlanError(
                    f"{req.origin}: {req.kind.value} {self.stored(obj)!r} is renamed twice (to "
                    f"{self.profile.fold(*earlier[1].request.target)!r} by "
                    f"{earlier[1].request.origin}, to {self.profile.fold(*req.target)!r} here); "
                    "keep one target"
                )
            self.wanted[id(obj)] = (obj, _Wanted(req, is_own))

    def old_names(self, table: SchemaObject, final: str) -> list[str]:
        """The names ``table`` had before ``final`` (its current one first, then older)."""
        names = [self.stored(table)] if self.stored(table) != final else []
        names += [self.fold(p, q) for p, q in reversed(earlier_names(table))]
        return [n for n in dict.fromkeys(names) if n != final]

    def check_target(
        self,
        obj: SchemaObject,
        want: _Wanted,
        final_table: str,
        columns: Mapping[str, str] | None = None,
    ) -> str:
        """The target's stored name; refused when it still spells an old table
        name, or a column the plan renames (``columns``: old -> new names of
        the table's columns in this plan).

        Such a target (written before the table's or column's target was
        known) breaks DBN504 once the table is renamed, or the template rules
        (DBN302) once the column is, and any other name is off-plan (DBN902),
        so the loop could not close: the entry must change first.
        """
        req = want.request
        new = self.profile.fold(*req.target)
        table = self.named_after(obj)
        if table is None:
            return new
        stale = stale_target(
            obj,
            self.stored(obj),
            new,
            self.old_names(table, final_table),
            final_table,
            self.others(table),
        )
        if stale is not None:
            before, better = stale
            raise PlanError(
                f"{req.origin}: the target {new!r} of {obj.kind.value} {self.stored(obj)!r} "
                f"still spells its table's old name {before!r} (the table is "
                f"{final_table!r} after this migration), so the renamed {obj.kind.value} would "
                f"break DBN504 and any other name is off-plan (DBN902): change the entry's "
                f"target{f' to {better!r}' if better else ''} (`dbnamelint whitelist retarget` "
                "rewrites every such target to the name that follows its table's), then run "
                "migrate again"
            )
        column = stale_column_target(
            obj, new, final_table, columns or {}, self.others(table), self.column_style
        )
        if column is not None:
            spelled, better = column
            raise PlanError(
                f"{req.origin}: the target {new!r} of {obj.kind.value} {self.stored(obj)!r} "
                f"still spells the column {spelled!r}, which this migration renames to "
                f"{(columns or {})[spelled]!r}, so the renamed {obj.kind.value} would be named "
                f"after a column that is gone (a template rule such as DBN302 reports it) and "
                f"any other name is off-plan (DBN902): change the entry's target to "
                f"{better!r} (`dbnamelint whitelist retarget` rewrites every such target to "
                "the name that follows its columns' targets), then run migrate again"
            )
        return new

    def stale_targets(
        self,
        planned: Sequence[Request],
        suggested: Mapping[int, str] | None = None,
        columns: Sequence[Request] = (),
    ) -> list[StaleTarget]:
        """Each dependent entry of ``planned`` whose target :meth:`check_target` refuses.

        ``suggested``: table (``id`` of its object) -> the name the rules
        suggest for it (as stored), which ``whitelist init`` built the
        dependents' targets on; a target spelling it is stale too once the
        table's target says otherwise. ``columns``: the column entries with a
        target (:func:`.requests.planned_column_targets`); a target spelling
        a column one renames is stale too (as :meth:`check_target` refuses it).
        """
        self.want(planned, ())
        moved, hinted = self.planned_columns(columns, suggested or {})
        out: list[StaleTarget] = []
        for obj, want in self.wanted.values():
            table = self.named_after(obj)
            if table is None:
                continue
            table_req = self.table_targets.get(id(table))
            final = self.profile.fold(*table_req.target) if table_req else self.stored(table)
            new = self.profile.fold(*want.request.target)
            stored = self.stored(obj)
            olds = self.old_names(table, final)
            hint = (suggested or {}).get(id(table))
            if hint is not None and hint != final and hint not in olds:
                olds.append(hint)
            others = self.others(table)
            stale = stale_target(obj, stored, new, olds, final, others)
            if stale is not None:
                before, better = stale
                out.append(StaleTarget(want.request, obj.kind, stored, new, before, better, final))
                new = better or new
            # A target spelling a column its entry renames is refused by
            # check_target as well (trial s28 kestra): it follows the column.
            # One built on the rules' name for a column whose target was then
            # set otherwise by hand follows that target (queues_type_queue_offset
            # -> queues_type_queue_pos, not ..._queue_queue_pos).
            column = self.hinted_column(obj, new, final, hinted.get(id(table), {}), others)
            column = column or stale_column_target(
                obj, new, final, moved.get(id(table), {}), others, self.column_style
            )
            if column is not None:
                spelled, followed = column
                if stale is not None:  # one rewrite: the table's name and the column's
                    out[-1] = replace(out[-1], better=followed if stale[1] else None)
                else:
                    out.append(
                        StaleTarget(
                            want.request, obj.kind, stored, new, spelled, followed, final, True
                        )
                    )
        return out

    def planned_columns(
        self, planned: Sequence[Request], suggested: Mapping[int, str]
    ) -> tuple[dict[int, dict[str, str]], dict[int, dict[str, tuple[str, str]]]]:
        """Table (``id`` of its object) -> its columns' old -> new stored names, as
        the column entries of ``planned`` rename them (one a table cannot
        resolve, or renames to its own name, is left out: ``migrate`` reports
        it); and table -> the rules' name for a column (``suggested``, by the
        column's ``id``) that its entry's target differs from -> (its old
        name, its target)."""
        out: dict[int, dict[str, str]] = {}
        hints: dict[int, dict[str, tuple[str, str]]] = {}
        for req in planned:
            if req.kind is not ObjectKind.COLUMN or not req.entry or len(req.parts) < 2:
                continue
            try:
                table, column = self.find_entry(req)
            except PlanError:
                continue
            if column is None:
                continue
            old, new = self.stored(column), self.profile.fold(*req.target)
            if new != old:
                out.setdefault(id(table), {}).setdefault(old, new)
            hint = suggested.get(id(column))
            if hint is not None and hint not in (old, new):
                hints.setdefault(id(table), {}).setdefault(hint, (old, new))
        return out, hints

    def hinted_column(
        self,
        obj: SchemaObject,
        target: str,
        final_table: str,
        hints: Mapping[str, tuple[str, str]],
        others: Sequence[str],
    ) -> tuple[str, str | None] | None:
        """(the rules' column name ``target`` spells, the name with the column's
        target there) when ``target`` was built on the name the rules suggest
        for one of ``obj``'s columns and that column's entry says otherwise
        (``hints``: suggestion -> (old name, target)), else None."""
        mine = set(object_columns(obj))
        wanted = {h: new for h, (old, new) in hints.items() if old in mine}
        if not wanted:
            return None
        better = dependent_name(
            target, final_table, None, tuple(wanted), wanted, None, others, self.column_style
        )
        if better is None or better == target:
            return None
        spelled = next((h for h in wanted if h in target), next(iter(wanted)))
        return spelled, better

    def run(self, requests: Sequence[Request], planned: Sequence[Request] = ()) -> None:
        table_new: dict[int, str] = {}
        column_new: dict[int, dict[str, str]] = {}
        by_id: dict[int, SchemaObject] = {}
        origins: dict[tuple[int, str], str] = {}
        own = [r for r in requests if r.kind in DEPENDENT_KINDS and r.entry]
        self.want(planned, own)
        types = [r for r in requests if r.kind in TYPE_KINDS]
        for req in requests:
            if (req.kind in DEPENDENT_KINDS and req.entry) or req.kind in TYPE_KINDS:
                continue
            column: SchemaObject | None = None
            if req.kind not in (ObjectKind.TABLE, ObjectKind.COLUMN) or (
                req.kind is ObjectKind.COLUMN and len(req.parts) < 2
            ):
                raise PlanError(f"{req.origin}: only tables and columns can be renamed to a target")
            if req.entry:
                table, column = self.find_entry(req)
                if table.kind in _VIEW_KINDS and column is not None:
                    self.rename_view_column(req, table, column)
                    continue
                if table.kind is ObjectKind.TYPE and column is not None:
                    self.rename_attribute(req, table, column)
                    continue
            elif req.kind is ObjectKind.TABLE:
                table = self.find_table(req.parts, req.origin)
            else:
                view = self.find_view(req.parts[:-1])
                if view is not None:  # --rename-column v.col=new: as a whitelist entry of it
                    self.rename_view_column(
                        req, view, self.column_of(view, req.parts[-1], req.origin)
                    )
                    continue
                table = self.find_table(req.parts[:-1], req.origin)
            by_id[id(table)] = table
            new = self.profile.fold(*req.target)
            self.check_name(new, req.origin)
            if req.kind is ObjectKind.TABLE:
                if id(table) in table_new:
                    raise PlanError(f"{req.origin}: table {table.name!r} is renamed twice")
                if new != self.stored(table):
                    table_new[id(table)] = new
                    origins[(id(table), "")] = req.origin
                else:
                    self.at_target(req, self.stored(table))
            else:
                old = (
                    self.stored(column)
                    if column is not None
                    else self.find_column(table, req.parts[-1], req.origin)
                )
                if new != old:
                    before = column_new.setdefault(id(table), {}).get(old)
                    if before is not None and before != new:
                        raise PlanError(
                            f"{req.origin}: column {self.stored(table)}.{old} is renamed twice "
                            f"(to {before!r} by {origins[(id(table), old)]}, to {new!r} here); "
                            "keep one target"
                        )
                    column_new[id(table)][old] = new
                    origins.setdefault((id(table), old), req.origin)
                else:
                    self.at_target(req, old)
        for tid, new in table_new.items():
            table = by_id[tid]
            old = self.stored(table)
            self.names.move(self._spaces(table), old, new, f"table {old!r}")
            self.steps.append(
                Step(
                    ObjectKind.TABLE,
                    table.schema,
                    None,
                    old,
                    new,
                    origins[(tid, "")],
                    schema_text=table.schema_text,
                    via=self.case_only_via(table, old, new),
                )
            )
        for tid, columns in column_new.items():
            table = by_id[tid]
            current = table_new.get(tid, self.stored(table))
            for old, new in columns.items():
                space = [
                    ("column", self._schema_key(table.schema), self.names.key(self.stored(table)))
                ]
                self.names.move(space, old, new, f"column {current}.{old}")
                self.steps.append(
                    Step(
                        ObjectKind.COLUMN,
                        table.schema,
                        current,
                        old,
                        new,
                        origins[(tid, old)],
                        schema_text=table.schema_text,
                    )
                )
        for tid, table in by_id.items():
            self.dependents(table, table_new.get(tid), column_new.get(tid, {}))
        for req in types:
            self.rename_type(req)
        for key, (obj, want) in self.wanted.items():
            if not want.own or key in self.handled:
                continue
            # The phase's own index, constraint, trigger or sequence entry on a
            # table this migration leaves alone: renamed to its target.
            owner = self.owner(obj)
            current = self.stored(owner) if owner is not None else ""
            if obj.domain:
                current = self.domain_name(obj)
            new = self.check_target(obj, want, current)
            old = self.stored(obj)
            if new == old:
                self.at_target(want.request, old)
                continue
            waits = self.waits_for_table(obj, owner, current, new) if owner is not None else None
            if waits is not None:
                self.accounted.add(id(want.request))
                self.notes.append(
                    Note(
                        f"{obj.kind.value} {old!r} on {current!r} ({want.request.origin}): {waits}"
                    )
                )
                continue
            if obj.kind is ObjectKind.SEQUENCE:
                schema = owner.schema if owner is not None else obj.schema
                self.claim(obj, old, current)
                spaces: list[tuple[str, ...]] = [("relation", self._schema_key(schema))]
                self.names.move(spaces, old, new, f"sequence {old!r}")
                self.steps.append(
                    Step(
                        ObjectKind.SEQUENCE,
                        schema,
                        None,
                        old,
                        new,
                        target_why(want.request.origin),
                        schema_text=(owner or obj).schema_text,
                    )
                )
            else:
                self.add_dependent(obj, old, new, current, {}, want)

    def rename_attribute(self, req: Request, composite: SchemaObject, column: SchemaObject) -> None:
        """A whitelist entry of a composite type's attribute, renamed to its
        target: ``ALTER TYPE t RENAME ATTRIBUTE a TO b`` (PostgreSQL manual,
        ALTER TYPE). Without CASCADE: PostgreSQL refuses it while a table is
        made OF the type, rather than rename that table's column unseen."""
        old, new = self.stored(column), self.profile.fold(*req.target)
        self.check_name(new, req.origin)
        if new == old:
            self.at_target(req, old)
            return
        owner = self.stored(composite)
        space = [("column", self._schema_key(composite.schema), self.names.key(owner))]
        self.names.move(space, old, new, f"attribute {owner}.{old}")
        self.claim(column, old, owner)
        self.steps.append(
            Step(
                ObjectKind.COLUMN,
                composite.schema,
                owner,
                old,
                new,
                req.origin,
                schema_text=composite.schema_text,
                of_type=True,
            )
        )

    def rename_view_column(self, req: Request, view: SchemaObject, column: SchemaObject) -> None:
        """A whitelist entry of a view's output column, renamed to its target.

        PostgreSQL 13+: ``ALTER VIEW v RENAME COLUMN a TO b`` (manual, ALTER
        VIEW; the view's query, stored as a parse tree, keeps working, and so
        do views reading it, which bind columns by number). MySQL/MariaDB have
        no rename of a view's column (ALTER VIEW redefines the whole view) and
        SQLite refuses ``ALTER TABLE v RENAME COLUMN`` ('cannot rename columns
        of view'): the rename is refused there, with what to do instead.
        """
        what = ".".join(p for p, _ in req.parts)
        old, new = self.stored(column), self.profile.fold(*req.target)
        if self.family is not Family.POSTGRES:
            # SQLite has no CREATE OR REPLACE VIEW (lang_createview.html)
            redefine = (
                "DROP VIEW ...; CREATE VIEW ..."
                if self.family is Family.SQLITE
                else "CREATE OR REPLACE VIEW ..."
            )
            self.accounted.add(id(req))
            self.notes.append(
                Note(
                    f"column {what} ({req.origin}): not renamed by this plan: it is an output "
                    f"column of view {self.stored(view)!r}, and {self.profile.name} cannot "
                    f"rename a view's column; redefine the view with {new!r} as that column's "
                    f"alias ({redefine} AS SELECT ... AS {self.profile.quote(new)})"
                    + (", then `whitelist prune`" if req.entry else "")
                )
            )
            return
        self.check_name(new, req.origin)
        if new == old:
            self.at_target(req, old)
            return
        space = [("column", self._schema_key(view.schema), self.names.key(self.stored(view)))]
        self.names.move(space, old, new, f"column {self.stored(view)}.{old}")
        self.claim(column, old, self.stored(view))
        self.steps.append(
            Step(
                ObjectKind.COLUMN,
                view.schema,
                self.stored(view),
                old,
                new,
                req.origin,
                schema_text=view.schema_text,
                of_view=True,
            )
        )

    def domain_name(self, obj: SchemaObject) -> str:
        """The name of the domain a domain constraint ``obj`` is on once this
        plan's type and domain renames ran (they run before it)."""
        name = obj.table or ""
        schema = self._schema_key(obj.table_schema)
        for step in self.steps:
            if (
                step.kind is ObjectKind.DOMAIN
                and step.old == name
                and self._schema_key(step.schema) == schema
            ):
                name = step.new
        return name

    def rename_type(self, req: Request) -> None:
        """A type or domain entry renamed to its target (PostgreSQL ``ALTER TYPE
        ... RENAME TO``, ``ALTER DOMAIN ... RENAME TO``; its array type
        ``_name`` follows by itself). Other families have no such objects to
        rename: refused there, naming the entry."""
        what = ".".join(p for p, _ in req.parts)
        if self.family is not Family.POSTGRES:
            raise PlanError(
                f"{req.origin}: {req.kind.value} {what!r}: {self.profile.name} has no "
                f"{req.kind.value} dbnamelint can rename; rename it by hand, then "
                "`whitelist prune`"
            )
        obj = self.find_dependent(req)
        if obj is None:
            raise PlanError(
                f"{req.origin}: no {req.kind.value} named {what!r} in the files"
                + (_STALE_HINT if req.entry else "")
            )
        new = self.profile.fold(*req.target)
        self.check_name(new, req.origin)
        old = self.stored(obj)
        if new == old:
            self.at_target(req, old)
            return
        self.names.move(self._spaces(obj), old, new, f"{req.kind.value} {old!r}")
        self.claim(obj, old, "")
        self.steps.append(
            Step(req.kind, obj.schema, None, old, new, req.origin, schema_text=obj.schema_text)
        )

    def case_only(self, old: str, new: str) -> bool:
        """``old`` -> ``new`` changes only case where the dialect compares
        table names without it (SQLite; MySQL/MariaDB as the planner keys them)."""
        return (
            old != new
            and self.family in (Family.SQLITE, Family.MYSQL)
            and self.names.key(old) == self.names.key(new)
        )

    def case_only_via(self, table: SchemaObject, old: str, new: str) -> str | None:
        """The temporary name a case-only table rename goes through, or None.

        SQLite refuses ``ALTER TABLE "Users" RENAME TO "users"`` (there is
        already another table with this name: it compares names without
        case), and MySQL with ``lower_case_table_names`` 1 or 2 stores or
        compares them so too; through a free third name both work. The name
        is ``<new>__dbnl_tmp`` (cut to the dialect's limit), numbered when taken.
        """
        if not self.case_only(old, new):
            return None
        space = self._spaces(table)[0]
        limit = self.profile.max_identifier
        for n in range(100):
            suffix = "__dbnl_tmp" + (str(n) if n else "")
            base = new
            while limit and self.profile.identifier_size(base + suffix) > limit:
                base = base[:-1]
            via = base + suffix
            if self.names.key(via) not in self.names.names(space):
                return via
        raise PlanError(f"table {old!r}: no free temporary name for the case-only rename")

    def settles(self, want: _Wanted) -> None:
        """Record that a step renames another phase's entry to its target."""
        if not want.own and want.request.phase and want.request not in self.settled:
            self.settled.append(want.request)

    def settled_note(self) -> None:
        """Say which entries of other phases this plan renames: their phases are
        done with them once it runs, which a user reading phase by phase
        would not expect (a trigger named after a DBN105 table, whose own
        entry is in the DBN501 phase, follows the table here)."""
        if not self.settled:
            return
        shown = [
            f"{r.kind.value} {'.'.join(p for p, _ in r.parts)} ({r.origin}, phase {r.phase})"
            for r in self.settled[:5]
        ]
        more = len(self.settled) - len(shown)
        one = len(self.settled) == 1
        listed = ", ".join(shown) + (f" and {more} more" if more else "")
        self.notes.append(
            Note(
                f"this migration also settles {len(self.settled)} "
                f"{'entry' if one else 'entries'} of other phases: {listed}; "
                f"{'it is' if one else 'they are'} named after a table it renames, so "
                f"{'it follows' if one else 'they follow'} the table to "
                f"{'its' if one else 'their'} own target now, and `whitelist prune` "
                f"removes {'it' if one else 'them'} with this phase's entries"
            )
        )

    def unplanned(self, requests: Sequence[Request]) -> None:
        """A note for every entry of the phase that neither a step renames nor a
        note accounts for: no entry is dropped from the plan without a word."""
        for obj, want in self.wanted.values():
            req = want.request
            if not want.own or id(obj) in self.claimed or id(req) in self.accounted:
                continue
            if not any(r is req for r in requests):
                continue
            what = ".".join(p for p, _ in req.parts)
            self.notes.append(
                Note(
                    f"{req.kind.value} {what} ({req.origin}): not renamed by this plan; "
                    f"{self.profile.name} has no rename dbnamelint can plan for it, so "
                    f"{self.profile.fold(*req.target)!r} stays a target (rename it by hand, or "
                    "drop the entry)"
                )
            )

    def at_target(self, req: Request, stored: str) -> None:
        """Note a requested object that needs no rename because the dialect
        stores the name as written as its target already (PostgreSQL stores
        the unquoted ``Lock`` as ``lock``). An object already named so (its
        entry found by an old name, or naming its target) gets a note that
        the entry is stale, as ``check`` reports it."""
        written, quoted = req.parts[-1]
        self.accounted.add(id(req))
        what = ".".join(p for p, _ in req.parts)
        if written == stored or self.fold(written, quoted) != stored:
            self.notes.append(
                Note(
                    f"{req.kind.value} {what} ({req.origin}): needs no rename, it is named "
                    f"{stored!r} already: the entry excuses nothing (`check` reports it stale, "
                    "`whitelist prune` removes it)"
                )
            )
            return
        self.notes.append(
            Note(
                f"{req.kind.value} {what} ({req.origin}): needs no rename in "
                f"{self.profile.name}, it is stored as its target {stored!r} already (the "
                f"database stores the unquoted {written!r} as {stored!r})"
            )
        )

    def waits_for_table(
        self, obj: SchemaObject, table: SchemaObject, current: str, new: str
    ) -> str | None:
        """Why ``obj``'s target ``new`` must wait: it spells the target another
        phase gives ``table``; and what that phase does with ``obj``."""
        req = self.table_targets.get(id(table))
        if req is None:
            return None
        future = self.profile.fold(*req.target)
        if future == current or find_run(underscore_words(new), underscore_words(future)) < 0:
            return None
        # A run its columns spell is theirs (``app`` in ``uk_app_id`` on ``AppId``).
        if table_part(underscore_words(new), future, None, object_columns(obj)) is None:
            return None
        if self.follows_table(obj, table, future):
            then = "first (it renames this one too)"
        else:
            # Its name does not spell the table's: that phase leaves it alone.
            then = (
                f"first (it renames the table, not this {obj.kind.value}: its name does not "
                "spell the table's), then this phase again, which renames it"
            )
        return (
            f"not renamed yet: its target {new!r} is named after the table's target {future!r} "
            f"({req.origin}, phase {req.phase}), and until that phase renames the table the "
            f"name would break the rules that read the table's name; run `migrate --phase "
            f"{req.phase}` {then}"
        )

    def follows_table(self, obj: SchemaObject, table: SchemaObject, future: str) -> bool:
        """Whether renaming ``table`` to ``future`` renames ``obj`` too, as
        :meth:`dependents` plans it for another phase's entry: the database
        renames it itself, or its name follows the table's."""
        old = self.stored(obj)
        old_table = self.stored(table)
        if self._renamed_by_database(old, old_table):
            return True
        others = self.others(table)
        return any(
            self.dependent_name(obj, old, before, future, {}, others)[0] is not None
            for before in self.old_names(table, future) or [old_table]
        )

    def dependents(
        self, table: SchemaObject, new_table: str | None, columns: Mapping[str, str]
    ) -> None:
        old_table = self.stored(table)
        current = new_table or old_table
        attached = self.attached(
            table, ObjectKind.CONSTRAINT, ObjectKind.INDEX, ObjectKind.TRIGGER, ObjectKind.POLICY
        )
        if self.family is Family.MYSQL:
            # Indexes first: the index InnoDB made for a foreign key, renamed
            # before the key is re-created, keeps its place (MariaDB drops and
            # re-adds an index still named like the dropped key at the end).
            attached.sort(key=_recreated)
        befores = self.old_names(table, current) if new_table else [old_table]
        others = self.others(table)
        for obj in attached:
            old = self.stored(obj)
            if new_table and self._renamed_by_database(old, old_table):
                # MySQL's RENAME TABLE renames <old>_ibfk_<n> itself: an entry
                # whose target is that very name is done by the table rename.
                found = self.wanted.get(id(obj))
                renamed = new_table + old[len(old_table) :]
                if found is not None and self.profile.fold(*found[1].request.target) == renamed:
                    self.handled.add(id(obj))
                    self.accounted.add(id(found[1].request))
                elif found is not None:
                    # Another target (remember_mes_user_id_fkey): renamed from
                    # the name the table rename gave it, in this same plan.
                    self.handled.add(id(obj))
                    new_name = self.check_target(obj, found[1], current, columns)
                    if new_name != renamed:
                        self.add_dependent(obj, renamed, new_name, current, columns, found[1])
                continue
            new: str | None = None
            clipped: Note | None = None
            before = old_table
            for before in befores or [old_table]:
                new, clipped = self.dependent_name(obj, old, before, new_table, columns, others)
                if new is not None:
                    break
            found = self.wanted.get(id(obj))
            if found is not None and (found[1].own or new is not None):
                # Its own entry plans its name: that target, never a third name.
                self.handled.add(id(obj))
                new = self.check_target(obj, found[1], current, columns)
                if new != old:
                    self.add_dependent(obj, old, new, current, columns, found[1])
                elif found[1].own:
                    self.at_target(found[1].request, old)
                continue
            if (new is None or new == old) and new_table and _RAILS_EXPRESSION.fullmatch(old):
                # Renamed when it is the hash of the expression as the files
                # write it (schema.rb's); not when they spell it otherwise
                # (pg_dump's ``CHECK ((a > 0))``) or the model has none.
                self.notes.append(
                    Note(
                        f"{obj.kind.value} {old!r} on {current!r}: Rails named it from the old "
                        f'table and its expression (SHA-256 of "{old_table}_<expression>_chk" '
                        "or _excl), which the files do not spell as Rails hashed it, and its "
                        "schema dumper leaves such a name out, so a fresh "
                        "bin/rails db:schema:load names it from the new table: not renamed "
                        "here; rename it to the name a fresh load gives (or write name: in "
                        "the migration that made it) so migrated databases do not drift"
                    )
                )
            if new is None or new == old:
                continue
            if clipped is not None:  # only for the name the SQL writes
                self.notes.append(clipped)
            # A name that spells no old table name follows its renamed columns
            # (``DataChange_LastTime`` on column ``DataChange_LastTime``).
            by_columns = not obj.implicit and (
                new_table is None
                or self.dependent_name(obj, old, before, new_table, {}, others)[0] is None
            )
            if _RAILS_HASHED.fullmatch(old) and _RAILS_HASHED.fullmatch(new):
                why: str | None = "Rails' hashed name, as db:schema:load makes it"
            else:
                why = "follows its columns" if by_columns else None
            self.add_dependent(obj, old, new, current, columns, why=why)
        self.sequences(table, old_table, new_table, columns)

    def _renamed_by_database(self, name: str, old_table: str) -> bool:
        """Names the database rewrites itself on a table rename (see schema replay)."""
        key = self.names.key(name)
        patterns = self.profile.rename_rewrites
        return any(key.startswith(self.names.key(p.format(table=old_table))) for p in patterns)

    def dependent_name(
        self,
        obj: SchemaObject,
        old: str,
        old_table: str,
        new_table: str | None,
        columns: Mapping[str, str],
        others: Sequence[str] = (),
    ) -> tuple[str | None, Note | None]:
        """The name ``obj`` follows its table to, fitted to the dialect's limit,
        and the note saying it was shortened (None when it fits): one
        computation for the SQL and the plan's note, which the caller adds
        only when that name is the one written (an own whitelist target wins)."""
        taken: set[str] = set()
        if obj.implicit:
            taken = self.names.taken_but(self._spaces(obj)[-1], old)
        table_columns = columns_of_tables(self.schema).get(
            (obj.source.catalog, obj.table_schema, obj.table or ""), ()
        )
        new = follow_table(
            obj,
            old,
            old_table,
            new_table,
            columns,
            self.dialect,
            taken,
            others,
            column_style=self.column_style,
            spelled=spelled_columns(obj, table_columns),  # as DBN504 spells them
        )
        if new is None or new == old:
            return None, None
        limit = self.profile.max_identifier
        if limit and self.profile.identifier_size(new) > limit:
            size = self.profile.identifier_size
            clipped = readable_short(new, limit, size)
            if clipped is None or any(
                self.names.key(clipped) in self.names.names(space) for space in self._spaces(obj)
            ):
                clipped = shorten(new, limit, size)  # unique where the readable one is taken
            note = Note(
                f"{obj.kind.value} {old!r}: {new!r} is longer than {limit} "
                f"{self.profile.identifier_unit}; shortened to {clipped!r}"
            )
            return clipped, note
        return new, None

    def add_dependent(
        self,
        obj: SchemaObject,
        old: str,
        new: str,
        table: str,
        columns: Mapping[str, str],
        want: _Wanted | None = None,
        why: str | None = None,
    ) -> None:
        what = f"{obj.kind.value} {old!r} on {table!r}"
        cols = tuple(columns.get(c, c) for c in obj.columns)
        can = self.profile.renames.get(obj.kind.value, False)
        if (
            self.family is Family.MYSQL
            and obj.kind is ObjectKind.CONSTRAINT
            and obj.constraint_type in (ConstraintType.UNIQUE,)
        ):
            can = True  # a unique key is an index: RENAME INDEX
        if self.family is Family.MYSQL and obj.constraint_type is ConstraintType.PRIMARY_KEY:
            # always named PRIMARY: no rule asks for another name (the server
            # fixes it), but an entry written before says why it is not planned
            if want is not None:
                self.accounted.add(id(want.request))
                self.notes.append(
                    Note(
                        f"{what} ({want.request.origin}): not renamed; "
                        f"{self.profile.name} names every primary key PRIMARY and cannot "
                        f"rename it, so {new!r} cannot be reached: the entry excuses nothing "
                        "(`check` reports it stale, `whitelist prune` removes it)"
                    )
                )
            return
        recreate = False
        if self.family is Family.MYSQL and _recreated(obj):
            can = recreate = True  # dropped and re-added from the server's own definition
        if not can:
            if self.family is Family.SQLITE and obj.kind is ObjectKind.INDEX and obj.columns:
                recreate = True
            elif self.family is Family.SQLITE and obj.kind is ObjectKind.CONSTRAINT:
                recreate = True  # its table is rebuilt (:mod:`.sqlite_rebuild`)
            elif self.family is Family.SQLITE and obj.kind is ObjectKind.TRIGGER:
                recreate = True  # re-created from its own text (:mod:`.sqlite_trigger`)
            else:
                self.notes.append(Note(self._cannot(obj, old, new, table)))
                if want is not None:
                    self.accounted.add(id(want.request))
                return
        self.claim(obj, old, table)
        try:
            self.names.move(self._spaces(obj), old, new, what)
        except PlanError as exc:
            self.claimed.pop(id(obj), None)
            if want is None or want.own:
                raise
            self.accounted.add(id(want.request))
            # Another phase's target that is not free yet: that phase renames it.
            self.notes.append(
                Note(
                    f"{what}: not renamed; its whitelist entry ({want.request.origin}, phase "
                    f"{want.request.phase}) plans {new!r}, which is not free yet ({exc}); "
                    f"phase {want.request.phase} renames it"
                )
            )
            return
        if want is not None:
            why = target_why(want.request.origin, None if want.own else want.request.phase)
            self.settles(want)
        elif why is None:
            why = "implicit name" if obj.implicit else "embeds the old name"
        step = Step(
            obj.kind,
            obj.table_schema,
            table,
            old,
            new,
            why,
            obj.constraint_type,
            cols,
            obj.unique,
            recreate,
            schema_text=obj.schema_text,
            domain=obj.domain,
        )
        if recreate and self.family is Family.SQLITE and obj.kind is ObjectKind.INDEX:
            step = self._sqlite_index_step(step, obj, columns)
        self.steps.append(step)

    def _sqlite_index_step(self, step: Step, obj: SchemaObject, columns: Mapping[str, str]) -> Step:
        """``step`` with what re-creating SQLite index ``obj`` from its own
        definition needs, and a note saying it is dropped and re-created.

        Raises :class:`PlanError` when the model has no definition text for
        an index on an expression (re-created from its column list, it would
        be a different index)."""
        owner = self.owner(obj)
        index_columns: tuple[IndexColumn, ...] = ()
        if owner is not None:
            index_columns = tuple(
                IndexColumn(
                    tuple(
                        dict.fromkeys(
                            n.casefold() for n in (self.stored(c), c.name, *c.previous_names)
                        )
                    ),
                    self.stored(c),
                    columns.get(self.stored(c), self.stored(c)),
                )
                for c in self.attached(owner, ObjectKind.COLUMN)
            )
        if obj.index_text is not None and UNREAD in obj.index_text.text:
            raise PlanError(
                f"index {step.old!r} on {step.table!r}: SQLite cannot rename an index, and "
                "its Django definition has parts dbnamelint does not read (expressions, "
                "opclasses, or a condition other than equality and isnull lookups), so it "
                "cannot be re-created as it is; rename it by hand (RenameIndex in a "
                "migration of its app re-creates it from Django's state)"
            )
        if obj.index_text is None and "expr" in obj.columns:
            raise PlanError(
                f"index {step.old!r} on {step.table!r}: SQLite cannot rename an index, and "
                "its definition (an expression) is not in the model, so it cannot be "
                "re-created as it is; rename it by hand"
            )
        self.notes.append(
            Note(
                f"SQLite cannot rename indexes: {step.old!r} is dropped and re-created as "
                f"{step.new!r} from its own definition (expressions, COLLATE, ASC/DESC and "
                "WHERE as written; only the index, table and column names replaced)"
            )
        )
        return replace(
            step,
            index_text=obj.index_text,
            index_columns=index_columns,
            table_before=self.stored(owner) if owner is not None else step.table,
        )

    def _cannot(self, obj: SchemaObject, old: str, new: str, table: str) -> str:
        kind = obj.kind.value
        if obj.kind is ObjectKind.TRIGGER:
            also = (
                " (nor can a prepared statement run CREATE TRIGGER with the server's own "
                "definition)"
                if self.family is Family.MYSQL
                else ""
            )
            return (
                f"{self.profile.name} cannot rename trigger {old!r} on {table!r}; its body is not "
                f"in the model, so it is not re-created{also}: not renamed "
                f"(re-create it as {new!r})"
            )
        return (
            f"{self.profile.name} cannot rename {kind} {old!r} on {table!r}: "
            f"not renamed (wanted {new!r})"
        )

    def sequences(
        self,
        table: SchemaObject,
        old_table: str,
        new_table: str | None,
        columns: Mapping[str, str],
    ) -> None:
        """Sequences named after the table or a renamed column (PostgreSQL only).

        A sequence a column owns (``SchemaObject.owned_by``: serial and identity
        columns) follows its column: a name the database chose is recomputed
        for the new table and column as PostgreSQL would choose it
        (``ChooseRelationName(table, column, "seq")``), a written name gets the
        old word run replaced. Sequences other tables own are left alone; a
        sequence no column owns is renamed when its name starts with the old
        table name. Only sequences the model holds are renamed: a rename of a
        sequence that is not there would fail on the database.
        """
        if self.family is not Family.POSTGRES:
            return
        schema = self._schema_key(table.schema)
        column_objects = {c.name: c for c in self.attached(table, ObjectKind.COLUMN)}
        others = self.others(table)
        for seq in self._sequences_of(schema, table.name):
            old = self.stored(seq)
            owned = seq.owned_by
            if owned is not None:
                column_obj = column_objects.get(owned[1])
                if owned[0] != table.name or column_obj is None:
                    continue  # owned by another table's column
                column = self.stored(column_obj)
                new_column = columns.get(column, column)
                if not new_table and new_column == column:
                    continue
                space = ("relation", schema)
                taken = self.names.taken_but(space, old)
                new: str | None = follow_table(
                    seq,
                    old,
                    old_table,
                    new_table,
                    {column: new_column},
                    self.dialect,
                    taken,
                    others,
                    column_style=self.column_style,
                )
                why = f"owned by column {column}"
            else:
                # Named after the longest table name that starts it, as DBN504
                # reads it: never renamed for two tables.
                if not new_table or self.name_owner(old, table.schema) is not table:
                    continue
                new = follow_table(
                    seq,
                    old,
                    old_table,
                    new_table,
                    {},
                    self.dialect,
                    others=others,
                    column_style=self.column_style,
                )
                why = "embeds the old name"
            found = self.wanted.get(id(seq))
            if found is not None and (found[1].own or new is not None):
                self.handled.add(id(seq))
                new = self.check_target(seq, found[1], new_table or old_table, columns)
                why = target_why(
                    found[1].request.origin, None if found[1].own else found[1].request.phase
                )
                if new == old and found[1].own:
                    self.at_target(found[1].request, old)
                elif new is not None and new != old:
                    self.settles(found[1])
            if new is not None and new != old:
                self._sequence_step(seq, table, old, new, why, new_table or old_table)

    def _sequence_step(
        self,
        seq: SchemaObject,
        table: SchemaObject,
        old: str,
        new: str,
        why: str,
        owner: str | None = None,
    ) -> None:
        self.claim(seq, old, owner or self.stored(table))
        space = [("relation", self._schema_key(table.schema))]
        self.names.move(space, old, new, f"sequence {old!r}")
        step = Step(
            ObjectKind.SEQUENCE,
            table.schema,
            None,
            old,
            new,
            why,
            owner=owner,
            schema_text=table.schema_text,
        )
        self.steps.append(step)


def _view_key(planner: _Planner, name: str, olds: set[str]) -> str:
    """The key of a ``--view`` name: the stored name written exactly (a quoted
    ``fooBar``), else the name as the dialect folds it unquoted (``Users`` is
    ``users`` in PostgreSQL)."""
    exact = planner.names.key(name)
    if exact in olds:
        return exact
    return planner.names.key(planner.fold(name, False))


def plan_renames(
    schema: Schema,
    requests: Sequence[Request],
    *,
    dialect: str,
    views: bool | Iterable[str] = True,
    planned: Sequence[Request] = (),
    model: PlanModel | None = None,
    column_style: CaseStyle | None = None,
) -> Plan:
    """Plan the renames ``requests`` ask for on the model ``schema``.

    ``views``: ``True`` for a compatibility view per renamed table, ``False``
    for none, or the old table names that get one (seed 001 bridges 6 of its
    19 tables). ``requests`` may name indexes, constraints, triggers and
    sequences too (whitelist entries of the phase: renamed to their target);
    ``planned``: such entries of every phase, so a dependent that must
    follow its renamed table takes its own entry's target, never a third
    name. ``model``: a :class:`PlanModel` of ``schema`` already built
    (several plans on one model share it). Raises :class:`PlanError` for an
    unknown table or column, a name longer than the dialect allows, one
    that is already taken, or a dependent's target that still spells its
    table's old name. ``column_style``: how the standard spells columns
    (:func:`dbnamelint.rules.dependents.column_style_of`), so a name built on
    a table and its columns keeps the columns so spelt.
    """
    planner = _Planner(schema, dialect, model, column_style)
    planner.run(requests, planned)
    planner.unplanned(requests)
    planner.settled_note()
    steps = tuple(planner.steps)
    if planner.family is Family.MYSQL:
        # Every RENAME INDEX/COLUMN before the first foreign key or CHECK is
        # dropped and re-added: re-adding a key drops the index InnoDB made
        # for the old one unless that index was renamed first (RENAME INDEX
        # makes it an ordinary index; checked on MariaDB 10.11), so an index
        # entry planned after its key's entry would name an index gone by then.
        steps = tuple(sorted(steps, key=lambda s: (s.kind is not ObjectKind.TABLE, s.recreate)))
    notes = list(planner.notes)
    wanted: set[str] | None = None
    if not isinstance(views, bool):
        olds = {planner.names.key(s.old) for s in steps if s.kind is ObjectKind.TABLE}
        wanted = {_view_key(planner, v, olds) for v in views}
    out_views: list[View] = []
    #: (table's new name, column's old name) -> the column's new name.
    renamed_columns = {
        (s.table, s.old): s.new for s in reversed(steps) if s.kind is ObjectKind.COLUMN
    }
    notes += [
        Note(_case_only_note(planner, s))
        for s in steps
        if s.kind is ObjectKind.TABLE and planner.case_only(s.old, s.new)
    ]
    for step in steps:
        if step.kind is not ObjectKind.TABLE or views is False:
            continue
        if wanted is not None and planner.names.key(step.old) not in wanted:
            continue
        if planner.case_only(step.old, step.new):
            if planner.family is Family.SQLITE:
                continue  # none possible, none needed (_case_only_note)
        else:
            _claim_view_name(planner, step)
        tables = [
            t
            for t, stored in planner.table_names().get(planner.schema_key_of(step.schema), ())
            if stored == step.old and t.schema == step.schema
        ]
        column_objects = [c for t in tables for c in planner.attached(t, ObjectKind.COLUMN)]
        if any(t.partitioned for t in tables):
            notes.append(Note(_partitioned_view_note(step)))
        cols = tuple(planner.stored(c) for c in column_objects)
        before = cols  # the view shows the columns under these names
        defaults = tuple(c.default_sql for c in column_objects)
        cols = tuple(renamed_columns.get((step.new, c), c) for c in cols)
        generated = tuple(n for n, c in zip(cols, column_objects, strict=True) if c.generated)
        out_views.append(
            View(
                step.schema,
                step.old,
                step.new,
                cols,
                defaults,
                schema_text=step.schema_text,
                generated=generated,
                shown=before if before != cols else (),
            )
        )
    if wanted is not None:
        unknown = wanted - {planner.names.key(v.old) for v in out_views}
        if unknown:
            kinds = sorted({w for u in unknown if (w := _kind_word(u))})
            hint = f" (--view takes names without a kind word: drop {kinds[0]!r})" if kinds else ""
            raise PlanError(
                f"--view {', '.join(sorted(unknown))}: not a table renamed by this migration{hint}"
            )
    for step in steps:
        if step.kind is ObjectKind.COLUMN and planner.case_only(step.old, step.new):
            notes.append(
                Note(
                    f"column {step.table}.{step.old} -> {step.new}: only the case changes, and "
                    f"{_FAMILY_NAMES[planner.family]} compares column names without case, so "
                    "code spelling the old name keeps working"
                )
            )
        elif step.kind is ObjectKind.COLUMN and step.of_type:
            notes.append(
                Note(
                    f"column {step.table}.{step.old} -> {step.new}: an attribute of composite "
                    f"type {step.table!r}; code reading the old field name breaks when the "
                    "forward script runs, and PostgreSQL refuses the rename while a table is "
                    "made OF the type"
                )
            )
        elif step.kind is ObjectKind.COLUMN and step.of_view:
            notes.append(
                Note(
                    f"column {step.table}.{step.old} -> {step.new}: an output column of view "
                    f"{step.table!r}; code reading the old column name breaks when the forward "
                    "script runs (views over it keep working: PostgreSQL binds their columns "
                    "by number)"
                )
            )
        elif step.kind is ObjectKind.COLUMN:
            notes.append(
                Note(
                    f"column {step.table}.{step.old} -> {step.new}: a column rename cannot be "
                    "bridged "
                    "by a view of the same table; code reading the old column breaks when the "
                    "forward script runs"
                    + (
                        f" (the compatibility view of its table shows it as {step.old!r}, for "
                        "code reading the old table name)"
                        if any(v.new == step.table for v in out_views)
                        else ""
                    )
                )
            )
        elif step.kind in TYPE_KINDS:
            notes.append(
                Note(
                    f"{step.kind.value} {step.old} -> {step.new}: columns, defaults, views and "
                    "function signatures follow the rename (PostgreSQL refers to a type by its "
                    "OID), but no view can bridge a type: SQL text naming the old type "
                    f"({step.old!r} in a cast in application code or in a function body) fails "
                    "once the forward script runs"
                )
            )
    if out_views and planner.family is Family.SQLITE:
        notes.append(
            Note(
                "SQLite views are read-only: INSTEAD OF INSERT/UPDATE/DELETE triggers are created "
                "on each compatibility view so old code can insert, update and delete through it, "
                "but an INSERT through it cannot return the new row's id (SQLite restores "
                "last_insert_rowid() when the trigger ends, so lastrowid/LastInsertId read 0 or an "
                "older id, and RETURNING reports the values the INSERT gave, NULL for the id), and "
                "no write through it reports the rows it changed (SQLite does not count what "
                "INSTEAD OF triggers change: RowsAffected/rowcount read 0): code that reads the new"
                " id or the count must use the new table before the forward script runs; an UPSERT "
                "through it (INSERT ... ON CONFLICT ... DO UPDATE or DO NOTHING) fails ('cannot "
                "UPSERT a view'): such code must use the new table before the forward script runs "
                "too (INSERT OR REPLACE and INSERT OR IGNORE work); generated columns are not "
                "written; an insert through the view gives a column it leaves NULL the table's "
                "DEFAULT (so an explicit NULL into a nullable column with a default stores the "
                "default)"
            )
        )
    if planner.family is Family.MYSQL and any(s.recreate for s in steps):
        notes.append(
            Note(
                f"{planner.profile.name} cannot rename a foreign key or CHECK in place: each one "
                "is dropped and re-added in one ALTER TABLE whose definition the script reads "
                "from the server's information_schema when it runs (one that is missing stops "
                "the script with an error naming it); adding a foreign key copies the table "
                "while foreign_key_checks is on, and a re-added CHECK is listed after the "
                "table's other checks; DROP CONSTRAINT needs MySQL 8.0.19 or MariaDB 10.2"
            )
        )
    if not planner.profile.transactional_ddl and steps:
        notes.append(
            Note(
                f"{planner.profile.name} commits DDL implicitly: the forward script cannot run in "
                "one transaction; if it stops half-way, run the rollback statements that match"
            )
        )
    return Plan(
        dialect,
        steps,
        tuple(out_views),
        tuple(notes),
        tuple(requests),
        default_schema=default_schema_for(planner.tables, dialect),
        session_database=session_database_for(planner.schema.objects, dialect),
    )


def stale_targets(
    schema: Schema,
    planned: Sequence[Request],
    *,
    dialect: str,
    suggested: Mapping[int, str] | None = None,
    columns: Sequence[Request] = (),
) -> list[StaleTarget]:
    """The dependent entries of ``planned`` (:func:`.requests.planned_targets`)
    whose target ``migrate`` refuses because it spells its table's old name,
    or a column one of ``columns`` (:func:`.requests.planned_column_targets`)
    renames, each with the name that follows the table's and the columns'
    targets (or their current names).

    The same test and the same answer as the plan's (``check_target`` and
    :func:`dbnamelint.rules.dependents.stale_target`), on the model ``schema``
    read as ``dialect``; ``suggested`` (table object ``id`` -> the rules'
    suggestion) as :meth:`_Planner.stale_targets` takes it. Raises
    :class:`PlanError` where planning would (an entry naming several
    objects, two targets for one object).
    """
    return _Planner(schema, dialect, None).stale_targets(planned, suggested, columns)


def default_schema_for(objects: Sequence[SchemaObject], dialect: str) -> str | None:
    """``public`` when a PostgreSQL object of ``objects`` in the default
    schema (``schema`` None) comes from a file whose ``search_path`` (config
    ``search_path:``) does not start with ``public``, else None.

    An unqualified name is created in the first schema of the path that
    exists (PostgreSQL manual, "The Schema Search Path"): with ``[app,
    public]`` a compatibility view of a ``public`` table written unqualified
    would land in ``app``; qualified, it goes beside its table.
    """
    if profile_for(dialect).family is not Family.POSTGRES:
        return None
    for o in objects:
        path = o.source.search_path
        if o.schema is None and path and path[0] != "public":
            return "public"
    return None


def session_database_for(objects: Sequence[SchemaObject], dialect: str) -> str | None:
    """MySQL: the database every table and view of ``objects`` is in, when
    they name one (a file's ``USE db`` or ``db.t``) and none is in the
    connection's own database (no schema); else None.

    Apollo's files say ``USE ApolloConfigDB;`` and then name tables
    unqualified; CI and staging load them without that line into databases
    of other names. A script qualifying every name with ``ApolloConfigDB``
    could not run there; one that says ``USE`` once runs as the files do.
    """
    if profile_for(dialect).family is not Family.MYSQL:
        return None
    named = {o.schema for o in objects if o.kind in (ObjectKind.TABLE, ObjectKind.VIEW)}
    if len(named) != 1:
        return None
    (only,) = named
    return only


def in_session_database(plan: Plan) -> Plan:
    """``plan`` with its :attr:`Plan.session_database` names unqualified (its
    steps', views' and rebuilds' schema None), for the scripts; ``plan``
    itself without one."""
    database = plan.session_database
    if database is None:
        return plan
    return replace(
        plan,
        steps=tuple(replace(s, schema=None) if s.schema == database else s for s in plan.steps),
        views=tuple(replace(v, schema=None) if v.schema == database else v for v in plan.views),
        rebuilds=tuple(
            replace(r, schema=None) if r.schema == database else r for r in plan.rebuilds
        ),
    )


def _partitioned_view_note(step: Step) -> str:
    """Why a partitioned table's compatibility view cannot stand in for it
    everywhere (trial s25 hatchet: ``create_v1_range_partition('v1_log_line',
    ...)``, run by the application, failed on the view)."""
    return (
        f"table {step.old} -> {step.new} is partitioned: its compatibility view {step.old!r} "
        "takes reads and writes, but no DDL: ALTER TABLE ... ATTACH PARTITION, CREATE TABLE "
        f"... PARTITION OF {step.old!r} and ALTER TABLE {step.old!r} ... fail on it (PostgreSQL: "
        "'inherited relation ... is not a table or foreign table', 'This operation is not "
        "supported for views'), so "
        "code or routines that make partitions at run time under the old name (a "
        "partition-creating function passed its name, a scheduled job) must use "
        f"{step.new!r} before the forward script runs"
    )


def _claim_view_name(planner: _Planner, step: Step) -> None:
    """Take the old table name for its compatibility view. Raises
    :class:`PlanError` naming the table and what to pass when another
    object of the migration (or the files) holds that name by then."""
    try:
        planner.names.move(
            [("relation", planner._schema_key(step.schema))],
            "",
            step.old,
            f"compatibility view {step.old!r}",
        )
    except PlanError as exc:
        raise PlanError(
            f"cannot create the compatibility view {step.old!r} for table {step.old} -> "
            f"{step.new}: another table, view, index or sequence holds that name after the "
            "renames; plan without it (--view for the other tables, or --no-views)"
        ) from exc
    if planner.family is not Family.SQLITE:
        return
    # SQLite's view gets INSTEAD OF triggers named <old>_insert/_update/_delete.
    for op in ("insert", "update", "delete"):
        trigger = f"{step.old}_{op}"
        try:
            planner.names.move(
                [("trigger", planner._schema_key(step.schema))],
                "",
                trigger,
                f"trigger {trigger!r}",
            )
        except PlanError as exc:
            raise PlanError(
                f"cannot create the compatibility view {step.old!r} for table {step.old} -> "
                f"{step.new}: its INSTEAD OF {op.upper()} trigger would be named {trigger!r}, "
                "which another object holds; rename that one first, or plan without the view "
                "(--view for the other tables, or --no-views)"
            ) from exc


#: How notes name the families whose names compare without case.
_FAMILY_NAMES = {Family.SQLITE: "SQLite", Family.MYSQL: "MySQL/MariaDB"}
#: Relations whose columns are their query's output (a whitelist entry of one
#: is renamed by :meth:`Planner.rename_view_column`).
_VIEW_KINDS = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


def _case_only_note(planner: _Planner, step: Step) -> str:
    """The note of a case-only table rename: its temporary name, and its
    compatibility view (SQLite: none)."""
    renamed = (
        f"table {step.old} -> {step.new}: only the case changes, renamed through the "
        f"temporary name {step.via!r}"
    )
    if planner.family is Family.SQLITE:
        return (
            f"{renamed} (SQLite compares table names without case and refuses a direct "
            f"rename); no compatibility view {step.old!r}: it cannot exist beside table "
            f"{step.new!r} in SQLite, and is not needed: code spelling {step.old!r} finds "
            "the table"
        )
    return (
        f"{renamed}; a compatibility view {step.old!r} beside table {step.new!r} needs "
        "lower_case_table_names=0 (the Linux default): on a server with 1 or 2 (Windows, "
        "macOS) names compare without case, so the old spelling finds the table and "
        "CREATE VIEW fails (pass --no-views there)"
    )


def merged_plan(plans: Sequence[Plan]) -> Plan:
    """Several plans (one per folder) as one, in order, for exports."""
    if not plans:
        raise PlanError("nothing to rename")
    return Plan(
        plans[0].dialect,
        tuple(s for p in plans for s in p.steps),
        tuple(v for p in plans for v in p.views),
        tuple(n for p in plans for n in p.notes),
        tuple(r for p in plans for r in p.requests),
        tuple(b for p in plans for b in p.rebuilds),
        next((p.default_schema for p in plans if p.default_schema), None),
    )


def _case_hint(near: Sequence[str]) -> str:
    """``; did you mean "Account"? ...`` when a name differs only in case.

    An unquoted name folds as the dialect folds it (``Account`` is
    ``account`` in PostgreSQL), so a table created quoted must be named
    quoted on the command line too.
    """
    if not near:
        return ""
    quoted = '"' + near[0].replace('"', '""') + '"'
    return f"; did you mean {quoted}? (a name created quoted keeps its case: quote it)"


def _dialect_hint(name: str, near: Sequence[str], dialect: str) -> str:
    """:func:`_case_hint`, unless quoting cannot help: the suggestion is the
    name itself and ``dialect`` stores that name unquoted as written, so the
    table must have been read in another dialect's namespace."""
    if near and near[0] == name and profile_for(dialect).fold(name, False) == name:
        return (
            f"; a table spelled {name!r} is there, but it differs from this name by quoting "
            f"or case as {dialect} reads them: if the files are for another database, "
            "pass --dialect (or set `dialect:` in the config)"
        )
    return _case_hint(near)


def _kind_word(name: str) -> str | None:
    """The kind a name argument starts with, as written: ``table`` of ``table
    users`` (:func:`~dbnamelint.model.leading_kind_word`), ``table:`` of
    ``table:users`` (:func:`~dbnamelint.model.kind_prefix`, the form of the
    config's ``database_ignore:``); None for a name alone."""
    written = leading_kind_word(name)
    if written is not None:
        return written[0].value
    prefixed = kind_prefix(name)
    return f"{prefixed[0].value}:" if prefixed is not None else None
