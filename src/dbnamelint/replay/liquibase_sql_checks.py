"""A Liquibase ``sqlCheck`` counting catalog rows, answered from the replay model.

The rows of the catalog view the query reads (:mod:`dbnamelint.liquibase_sql_check`)
are made from the live objects replay has built so far, the conditions
applied, and the count compared as text with ``expectedResult``, as
Liquibase's ``SqlPrecondition`` does. What the model cannot say is None
(not evaluated): a table the files only alter (a ghost: made elsewhere),
an index whose columns are expressions (``statistics`` has a row per
column), PostgreSQL's ``table_constraints`` without a constraint name or
type (it lists every ``NOT NULL`` as a ``CHECK`` with a generated name),
MySQL/MariaDB without a schema condition (the server's other databases
are in ``information_schema`` too) or with a literal schema name (the
database's name is not in the files), and a ``pg_class`` name starting
``pg_`` (the system catalogs').

Name comparison follows the real catalogs (MariaDB 10.11 and PostgreSQL 15
with Liquibase 4.28): exact, except MySQL/MariaDB's ``column_name``,
``routine_name`` and ``constraint_name`` (``'NAME'`` finds ``name`` there,
while ``'PERSON'`` finds no table ``person`` and ``'PERSON_NAME_IDX'`` no
index ``person_name_idx``).
"""

from __future__ import annotations

from collections.abc import Iterator

from dbnamelint.dialects import Family
from dbnamelint.kinds import ObjectKind
from dbnamelint.liquibase_sql_check import CURRENT_SCHEMA, SqlCheck, answerable
from dbnamelint.model import ConstraintType
from dbnamelint.replay.model import Node
from dbnamelint.replay.namespace import Namespace

__all__ = ["count_rows", "holds", "relation_found"]

#: A catalog row: column -> value (None: not known from the model).
Row = dict[str, str | None]

_CONSTRAINT_TYPES = {
    ConstraintType.PRIMARY_KEY: "PRIMARY KEY",
    ConstraintType.FOREIGN_KEY: "FOREIGN KEY",
    ConstraintType.UNIQUE: "UNIQUE",
    ConstraintType.CHECK: "CHECK",
}
_INDEX_KEYS = frozenset({ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE})
#: MariaDB 10.11's ``information_schema`` compares these ignoring case
#: (``'NAME'``, ``'F_ONE'``, ``'primary'`` found), the rest exactly.
_FOLDED = frozenset({"column_name", "routine_name", "constraint_name"})


class _Unknown(Exception):
    """The model cannot give the view's rows for this query."""


def holds(ns: Namespace, check: SqlCheck, expected: str | None) -> bool | None:
    """Whether the count of ``check`` is ``expected`` (None: not evaluated)."""
    if expected is None:
        return None
    count = count_rows(ns, check)
    return None if count is None else str(count) == expected.strip()


def count_rows(ns: Namespace, check: SqlCheck) -> int | None:
    """How many rows of its view ``check``'s conditions keep, or None."""
    family = "postgres" if ns.family is Family.POSTGRES else None
    if ns.family is Family.MYSQL:
        family = "mysql"
    if not answerable(check, family):
        return None
    try:
        rows = list(_ROWS[check.view](ns))
    except _Unknown:
        return None
    count = 0
    for row in rows:
        kept: bool | None = True
        for condition in check.conditions:
            value = row.get(condition.column)
            if value is None:  # not known (a ghost table's other parts)
                kept = None
                continue
            if condition.fold == "lower":
                value = value.lower()
            elif condition.fold == "upper":
                value = value.upper()
            found = [_matches(ns, family, condition.column, value, v) for v in condition.values]
            said = True if True in found else (None if None in found else False)
            if said is False:
                kept = False
                break
            if said is None:
                kept = None
        if kept is None or (kept and row.get("\0ghost")):
            return None  # made outside the files, or a placeholder's: not known
        count += kept
    return None if count == 0 and check.view in _PARTIAL else count


def _matches(
    ns: Namespace, family: str | None, column: str, value: str, wanted: str
) -> bool | None:
    """Whether a row's ``value`` is ``wanted`` (None: a template placeholder
    on one side only, whose value the files do not say; one on both sides of
    the same length is the same placeholder, as the reader blanks each to a
    run as long as it is written)."""
    if wanted == CURRENT_SCHEMA:
        wanted = _schema_value(ns, None)
    if value.startswith(_PLACEHOLDER):
        same = len(wanted) == int(value[len(_PLACEHOLDER) :]) and not wanted.strip("_")
        return same or None
    if "____" in wanted:  # a run the reader left of a placeholder
        return None
    if family == "mysql" and column in _FOLDED:
        return value.lower() == wanted.lower()
    return value == wanted


def _schema_value(ns: Namespace, schema: str | None) -> str:
    """The schema as the catalog spells it: the default one as the current
    schema (PostgreSQL's ``public``; MySQL's database, whose name the files
    do not say: :data:`CURRENT_SCHEMA`)."""
    key = ns.schema_key(schema)
    if key is None:
        return "public" if ns.family is Family.POSTGRES else CURRENT_SCHEMA
    return ns.stored(schema or "", False) if ns.pg_folding else (schema or "")


#: A row's schema that is a template placeholder, then its length as written.
_PLACEHOLDER = "\0placeholder:"


def _node_schema(ns: Namespace, node: Node) -> str:
    """``node``'s schema as its catalog row spells it (:func:`_schema_value`),
    or :data:`_PLACEHOLDER` for one written as a template placeholder."""
    if node.schema is None and node.schema_text is not None:
        return f"{_PLACEHOLDER}{len(node.schema_text)}"
    return _schema_value(ns, node.schema)


def _name(ns: Namespace, node: Node) -> str:
    return ns.stored(node.name, node.quoted)


def _tops(ns: Namespace, kinds: tuple[ObjectKind, ...]) -> Iterator[Node]:
    for node in ns.nodes:
        if node.kind in kinds and node.alive and node.owner is None:
            yield node


def _row(ns: Namespace, node: Node, **values: str | None) -> Row:
    row: Row = {"\0ghost": "1" if node.ghost or node.assumed else ""}
    row.update(values)
    return row


def _children(table: Node, kinds: tuple[ObjectKind, ...]) -> Iterator[Node]:
    for child in table.children.values():
        if child.kind in kinds and child.alive:
            yield child


def _tables(ns: Namespace) -> Iterator[Row]:
    kinds = (ObjectKind.TABLE, ObjectKind.VIEW)
    for node in _tops(ns, kinds):
        kind = "VIEW" if node.kind is ObjectKind.VIEW else "BASE TABLE"
        schema = _node_schema(ns, node)
        yield _row(ns, node, table_schema=schema, table_name=_name(ns, node), table_type=kind)


def _views(ns: Namespace) -> Iterator[Row]:
    for node in _tops(ns, (ObjectKind.VIEW,)):
        yield _row(ns, node, table_schema=_node_schema(ns, node), table_name=_name(ns, node))


def _unseen(ns: Namespace, table: Node, **values: str | None) -> Iterator[Row]:
    """For a table the files only alter (made elsewhere), a row standing for
    the parts of it they do not show: its other columns are not known."""
    if table.ghost or table.assumed:
        yield _row(ns, table, **values)


def _columns(ns: Namespace) -> Iterator[Row]:
    for table in _tops(ns, (ObjectKind.TABLE, ObjectKind.VIEW)):
        schema = _node_schema(ns, table)
        yield from _unseen(ns, table, table_schema=schema, table_name=_name(ns, table))
        for column in _children(table, (ObjectKind.COLUMN,)):
            yield _row(
                ns,
                table,
                table_schema=schema,
                table_name=_name(ns, table),
                column_name=_name(ns, column),
            )


def _constraints(ns: Namespace) -> Iterator[Row]:
    mysql = ns.family is Family.MYSQL
    for table in _tops(ns, (ObjectKind.TABLE,)):
        schema = _node_schema(ns, table)
        yield from _unseen(
            ns, table, constraint_schema=schema, table_schema=schema, table_name=_name(ns, table)
        )
        for node in _children(table, (ObjectKind.CONSTRAINT,)):
            kind = _CONSTRAINT_TYPES.get(node.constraint_type or ConstraintType.DEFAULT)
            if kind is None:
                continue
            name = _name(ns, node)
            if mysql and node.constraint_type is ConstraintType.PRIMARY_KEY:
                name = "PRIMARY"
            yield _row(
                ns,
                table,
                constraint_schema=schema,
                table_schema=schema,
                table_name=_name(ns, table),
                constraint_name=name,
                constraint_type=kind,
            )


def _indexes(table: Node) -> Iterator[Node]:
    for node in _children(table, (ObjectKind.INDEX, ObjectKind.CONSTRAINT)):
        if node.kind is ObjectKind.INDEX or node.constraint_type in _INDEX_KEYS:
            yield node


def _statistics(ns: Namespace) -> Iterator[Row]:
    """MySQL: a row per column of every index (the primary key's ``PRIMARY``)."""
    for table in _tops(ns, (ObjectKind.TABLE,)):
        schema = _node_schema(ns, table)
        yield from _unseen(
            ns, table, table_schema=schema, index_schema=schema, table_name=_name(ns, table)
        )
        for node in _indexes(table):
            if not node.columns or node.expressions:
                raise _Unknown
            name = _name(ns, node)
            if node.constraint_type is ConstraintType.PRIMARY_KEY:
                name = "PRIMARY"
            for _column in node.columns:
                yield _row(
                    ns,
                    table,
                    table_schema=schema,
                    index_schema=schema,
                    table_name=_name(ns, table),
                    index_name=name,
                )


def _pg_indexes(ns: Namespace) -> Iterator[Row]:
    for table in _tops(ns, (ObjectKind.TABLE, ObjectKind.MATERIALIZED_VIEW)):
        schema = _node_schema(ns, table)
        yield from _unseen(ns, table, schemaname=schema, tablename=_name(ns, table))
        for node in _children(table, (ObjectKind.INDEX, ObjectKind.CONSTRAINT)):
            if node.kind is ObjectKind.CONSTRAINT and node.constraint_type not in (
                *_INDEX_KEYS,
                ConstraintType.EXCLUSION,
            ):
                continue
            yield _row(
                ns, table, schemaname=schema, tablename=_name(ns, table), indexname=_name(ns, node)
            )


def _pg_tables(ns: Namespace) -> Iterator[Row]:
    for node in _tops(ns, (ObjectKind.TABLE,)):
        yield _row(ns, node, schemaname=_node_schema(ns, node), tablename=_name(ns, node))


def _pg_views(ns: Namespace) -> Iterator[Row]:
    for node in _tops(ns, (ObjectKind.VIEW,)):
        yield _row(ns, node, schemaname=_node_schema(ns, node), viewname=_name(ns, node))


_RELKINDS = {
    ObjectKind.TABLE: "r",
    ObjectKind.VIEW: "v",
    ObjectKind.MATERIALIZED_VIEW: "m",
    ObjectKind.SEQUENCE: "S",
}


def _pg_class(ns: Namespace) -> Iterator[Row]:
    for node in _tops(ns, tuple(_RELKINDS)):
        kind = "p" if node.kind is ObjectKind.TABLE and node.partitioned else _RELKINDS[node.kind]
        schema = _node_schema(ns, node)  # not a pg_class column: for relation_found
        yield _row(ns, node, relname=_name(ns, node), relkind=kind, **{_SCHEMA: schema})
        if node.kind is ObjectKind.TABLE:
            yield from _unseen(ns, node, relkind="i", **{_SCHEMA: schema})
        if node.kind in (ObjectKind.TABLE, ObjectKind.MATERIALIZED_VIEW):
            for index in _children(node, (ObjectKind.INDEX, ObjectKind.CONSTRAINT)):
                if index.kind is ObjectKind.INDEX or index.constraint_type in (
                    *_INDEX_KEYS,
                    ConstraintType.EXCLUSION,
                ):
                    name = _name(ns, index)
                    yield _row(ns, node, relname=name, relkind="i", **{_SCHEMA: schema})


#: A ``pg_class`` row's schema (its ``relnamespace``'s name).
_SCHEMA = "\0schema"


def relation_found(
    ns: Namespace, schema: tuple[str, bool] | None, name: tuple[str, bool]
) -> bool | None:
    """Whether PostgreSQL's ``to_regclass('[schema.]name')`` finds a relation
    (a table, view, index, sequence...) in the schema built so far; None when
    the model cannot say: an index of a table made elsewhere, a schema written
    as a template placeholder, a system catalog's ``pg_`` name, or an
    unqualified name found only outside the default schema (the search path
    may hold that schema), or a type of that name but no attributes (an
    enum has no ``pg_class`` row; a composite type has)."""
    if ns.family is not Family.POSTGRES or name[0].lower().startswith("pg_"):
        return None
    wanted = ns.stored(*name)
    if schema is None:
        home = _schema_value(ns, None)
    else:
        home = schema[0] if schema[1] else _schema_value(ns, schema[0])
    said: bool | None = False
    for row in _pg_class(ns):
        relname, where = row.get("relname"), row.get(_SCHEMA) or ""
        if where.startswith(_PLACEHOLDER) or relname is None:
            if relname in (None, wanted):
                said = None  # its schema or its name is not known
            continue
        if relname == wanted:
            if where == home:
                return True
            if schema is None:
                said = None
    for node in _tops(ns, (ObjectKind.TYPE,)):
        # A composite type has a pg_class row (relkind c), an enum or a range none.
        if _name(ns, node) == wanted:
            if node.attributes and _node_schema(ns, node) == home:
                return True
            said = None
    return said


_CONTYPES = {
    ConstraintType.PRIMARY_KEY: "p",
    ConstraintType.FOREIGN_KEY: "f",
    ConstraintType.UNIQUE: "u",
    ConstraintType.CHECK: "c",
    ConstraintType.EXCLUSION: "x",
}


def _pg_constraint(ns: Namespace) -> Iterator[Row]:
    """PostgreSQL 15: tables' keys, checks and exclusions, and domains'
    checks (``NOT NULL`` has no row before PostgreSQL 18)."""
    for owner in _tops(ns, (ObjectKind.TABLE, ObjectKind.DOMAIN)):
        if owner.kind is ObjectKind.TABLE:
            yield from _unseen(ns, owner)
        for node in _children(owner, (ObjectKind.CONSTRAINT,)):
            kind = _CONTYPES.get(node.constraint_type or ConstraintType.DEFAULT)
            if kind is not None:
                yield _row(ns, owner, conname=_name(ns, node), contype=kind)


_TYPTYPES = {
    ObjectKind.TABLE: "c",
    ObjectKind.VIEW: "c",
    ObjectKind.MATERIALIZED_VIEW: "c",
    ObjectKind.DOMAIN: "d",
}


def _pg_type(ns: Namespace) -> Iterator[Row]:
    """The types the files make, and the row type of each table and view.
    Built-in and extensions' types are not known: a name not found is not
    counted as absent (:data:`_PARTIAL`)."""
    for node in _tops(ns, (*_TYPTYPES, ObjectKind.TYPE)):
        kind = _TYPTYPES.get(node.kind)
        yield _row(ns, node, typname=_name(ns, node), typtype=kind)


#: Views holding rows no file makes (built-in types): a count of 0 says nothing.
_PARTIAL = frozenset({"pg_catalog.pg_type"})


def _routines(ns: Namespace) -> Iterator[Row]:
    for node in _tops(ns, (ObjectKind.FUNCTION,)):
        kind = "PROCEDURE" if node.procedure else "FUNCTION"
        row = _row(
            ns,
            node,
            routine_schema=_node_schema(ns, node),
            routine_name=_name(ns, node),
            routine_type=kind,
        )
        # PostgreSQL: a row per overload (the same name, other argument types)
        many = ns.family is Family.POSTGRES and len(node.overloads) > 1
        for _overload in node.overloads if many else (None,):
            yield row


_ROWS = {
    "information_schema.tables": _tables,
    "information_schema.views": _views,
    "information_schema.columns": _columns,
    "information_schema.table_constraints": _constraints,
    "information_schema.statistics": _statistics,
    "information_schema.routines": _routines,
    "pg_catalog.pg_indexes": _pg_indexes,
    "pg_catalog.pg_tables": _pg_tables,
    "pg_catalog.pg_views": _pg_views,
    "pg_catalog.pg_class": _pg_class,
    "pg_catalog.pg_constraint": _pg_constraint,
    "pg_catalog.pg_type": _pg_type,
}
