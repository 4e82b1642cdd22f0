"""What leaves replay: a working node frozen into a
:class:`~dbnamelint.model.SchemaObject`, its names cut as the database keeps
them (PostgreSQL: 63 bytes).
"""

from __future__ import annotations

from dbnamelint.dialects import profile_for
from dbnamelint.dialects.profile import clip_bytes
from dbnamelint.model import ObjectKind, SchemaObject, SourceFile
from dbnamelint.replay.model import Node

_VIEWS = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
# Read once, not per object frozen: on Python 3.11 reading ``ObjectKind.TABLE``
# goes through ``EnumType.__getattr__``'s slow path (about five times a
# global's cost; 3.12 removed it).
_TABLE, _COLUMN = ObjectKind.TABLE, ObjectKind.COLUMN
_DOMAIN, _FUNCTION, _TYPE = ObjectKind.DOMAIN, ObjectKind.FUNCTION, ObjectKind.TYPE
#: Kinds whose model may lack columns the database has (``SchemaObject.columns_unknown``).
_UNKNOWN_COLUMNS = (*_VIEWS, ObjectKind.TABLE)

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
        limit = _limit(source)
    if not limit or len(name) <= limit // 4:  # a UTF-8 character is at most 4 bytes
        return name
    return clip_bytes(name, limit)


def _cut_all(names: tuple[str, ...], source: SourceFile) -> tuple[str, ...]:
    return tuple([_cut(n, source) for n in names]) if names else names


def _limit(source: SourceFile) -> int:
    """:data:`_CUT_AT` of ``source``'s dialect, worked out on first use."""
    limit = _CUT_AT.get(source.dialect)
    if limit is None:
        profile = profile_for(source.dialect)
        limit = _CUT_AT[source.dialect] = profile.max_identifier if profile.truncates else 0
    return limit


def _freeze(node: Node, owned_by: tuple[str, str] | None = None) -> SchemaObject:
    """The frozen value of ``node``, its names as the database keeps them (:func:`_cut`).

    ``owned_by``: the ``(table, column)`` owning a sequence (the caller knows the
    whole model). Runs once for every object, most of them columns without history, views
    or references, so empty tuples are not rebuilt through generators, and
    :func:`_cut`'s test is written out for the names every object has (a
    name no longer than a quarter of the limit in characters is never cut).
    """
    owner, source = node.owner, node.source
    limit = _CUT_AT.get(source.dialect)
    if limit is None:
        limit = _limit(source)
    short = limit // 4 if limit else 1 << 30  # no limit: nothing is cut
    if owner is None:
        schema, table, table_schema = node.schema, None, None
        schema_text = node.schema_text
    else:
        schema = table_schema = owner.schema
        table = owner.name
        if len(table) > short:
            table = clip_bytes(table, limit)
        schema_text = owner.schema_text
    previous, selects, ref, parent = node.previous, node.selects, node.ref, node.partition_of
    written = node.name
    name = written if len(written) <= short else clip_bytes(written, limit)
    columns, name_columns, include = node.columns, node.name_columns, node.include
    # By position, in :data:`_FIELDS` order (msgspec matches 39 keywords one
    # by one: 0.9 us an object, against 0.2 us).
    return SchemaObject(
        node.kind,  # kind
        name,  # name
        node.location,  # location
        source,  # source
        schema,  # schema
        table,  # table
        table_schema,  # table_schema
        node.quoted,  # quoted
        node.implicit,  # implicit
        tuple([_cut(n, source) for n, _ in previous]) if previous else (),  # previous_names
        node.constraint_type,  # constraint_type
        _cut_all(columns, source) if columns else columns,  # columns
        None if ref is None else _cut(ref.name, source),  # ref_table
        node.unique,  # unique
        tuple([_cut(s.name, source) for s in selects]) if selects else (),  # selects_from
        None if node.view_for is None else _cut(node.view_for, source),  # compatibility_view_for
        node.created_at,  # created_at
        node.suppressions,  # suppressions
        None if parent is None else _cut(parent.name, source),  # partition_of
        owned_by,  # owned_by
        tuple([quoted for _, quoted in previous]) if previous else (),  # previous_quoted
        node.default_sql,  # default_sql
        schema_text if schema is None else None,  # schema_text
        node.generated,  # generated
        node.partitioned and node.kind is _TABLE,  # partitioned
        node.index_text,  # index_text
        written if len(name) < len(written) else None,  # written_name
        _cut_all(name_columns, source) if name_columns else name_columns,  # name_columns
        node.expressions,  # expressions
        node.check_text,  # check_text
        _cut_all(include, source) if include else include,  # include
        node.data_type if node.kind is _COLUMN else None,  # data_type
        None if owner is None else owner.quoted,  # table_quoted
        _routine(node) if node.overloads else None,  # routine
        node.virtual_module,  # virtual_module
        node.columns_unknown and node.kind in _UNKNOWN_COLUMNS,  # columns_unknown
        owner is not None and owner.kind is _DOMAIN,  # domain
        owner is not None and owner.kind is _TYPE,  # composite
        node.assumed,  # assumed
        node.procedure and node.kind is _FUNCTION,  # procedure
    )


#: :class:`SchemaObject`'s fields in the order :func:`_freeze` passes them.
_FIELDS = (
    "kind", "name", "location", "source", "schema", "table", "table_schema", "quoted",
    "implicit", "previous_names", "constraint_type", "columns", "ref_table", "unique",
    "selects_from", "compatibility_view_for", "created_at", "suppressions", "partition_of",
    "owned_by", "previous_quoted", "default_sql", "schema_text", "generated", "partitioned",
    "index_text", "written_name", "name_columns", "expressions", "check_text", "include",
    "data_type", "table_quoted", "routine", "virtual_module", "columns_unknown", "domain",
    "composite", "assumed", "procedure",
)  # fmt: skip
if SchemaObject.__struct_fields__ != _FIELDS:  # a field added or moved: _freeze must follow
    raise ImportError("replay.freeze passes SchemaObject's fields by position: update _freeze")


def _routine(node: Node) -> str | None:
    """The definition of a routine name with exactly one overload."""
    if len(node.overloads) != 1:
        return None
    from dbnamelint.routines import definition  # imported where a routine is

    arguments, _types, body = node.overloads[0]
    return definition(arguments, body)
