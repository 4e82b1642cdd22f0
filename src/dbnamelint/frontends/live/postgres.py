"""PostgreSQL's catalog, read with psycopg 3 from ``pg_catalog``.

``information_schema`` alone would hide what PostgreSQL generated (index
names, exclusion constraints, policies, partitions), so every query reads
``pg_catalog`` (PostgreSQL manual, chapter 53 "System Catalogs"). Each kind
is one set-based query over the whole database, never one per table: ten
thousand tables cost the same nine queries as ten.

What the model leaves out, because files never write it, is left out here
too: objects owned by an extension (``pg_depend.deptype = 'e'``), the
index that backs a PRIMARY KEY/UNIQUE/EXCLUDE constraint (the model keeps
the constraint, whose name is the index's), what partitions inherit or get
cloned from their parent (``attislocal``, ``conislocal`` of a partition, ``conparentid``,
``relispartition`` indexes, ``tgparentid``), PostgreSQL 18's NOT NULL
constraints, a range type's constructor functions, and the ``public``
schema. The sequence of a ``serial`` or identity column is read (the files'
model has it too), as chosen by the database when its name is the one
PostgreSQL gives it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dbnamelint.core.view_marker import marked_table
from dbnamelint.default_names import make_object_name
from dbnamelint.frontends.live.errors import SchemaFilterError
from dbnamelint.frontends.live.events import EventBuilder
from dbnamelint.model import ConstraintType, ObjectKind
from dbnamelint.routines import argument_type, body_digest

#: Schemas that are PostgreSQL's own, plus the caller's filter (``%(schemas)s``:
#: an empty array means every schema).
_USER_SCHEMA = """(n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%%'
  AND (cardinality(%(schemas)s::text[]) = 0 OR n.nspname = ANY(%(schemas)s::text[])))"""


def _not_extension(catalog: str, oid: str) -> str:
    return (
        f"NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '{catalog}'::regclass "
        f"AND e.objid = {oid} AND e.deptype = 'e')"
    )


_SCHEMAS = f"""
SELECT n.nspname FROM pg_namespace n
WHERE {_USER_SCHEMA} AND n.nspname <> 'public' AND {_not_extension("pg_namespace", "n.oid")}
ORDER BY n.oid
"""

#: Tables, views, materialized views, sequences; a partition's parent; the
#: column owning a sequence (serial or identity), to leave those out; a view's
#: comment (``pg_description``), where ``migrate``'s marker names its table.
_RELATIONS = f"""
SELECT c.oid, n.nspname, c.relname, c.relkind, pn.nspname AS parent_schema,
       p.relname AS parent, own.deptype AS owned_how, ot.relname AS owner_table,
       oa.attname AS owner_column,
       CASE WHEN c.relkind IN ('v', 'm') THEN obj_description(c.oid, 'pg_class') END AS note
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class p ON p.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = p.relnamespace
LEFT JOIN pg_depend own ON c.relkind = 'S' AND own.classid = 'pg_class'::regclass
  AND own.objid = c.oid AND own.refclassid = 'pg_class'::regclass AND own.deptype IN ('a', 'i')
LEFT JOIN pg_class ot ON ot.oid = own.refobjid
LEFT JOIN pg_attribute oa ON oa.attrelid = own.refobjid AND oa.attnum = own.refobjsubid
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') AND {_USER_SCHEMA}
  AND {_not_extension("pg_class", "c.oid")}
ORDER BY c.oid
"""

#: Every column, inherited ones too: constraints and indexes list attnums,
#: which are turned into names in Python rather than by a subquery per row.
#: ``listed``: the model holds the column. Not a partition's inherited one
#: (a partition's are its parent's). A view's and a materialized view's
#: (``of_view``) are their output columns, as the files' model has them
#: (:func:`dbnamelint.frontends.sql.parsing.ddl._view_columns`). A child of
#: classic ``INHERITS`` has its parents' columns and CHECKs as its own
#: (PostgreSQL manual 5.10 "Inheritance"), as the files' model has.
_COLUMNS = f"""
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS data_type,
       a.attislocal OR NOT c.relispartition AS listed, c.relkind IN ('v', 'm') AS of_view
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
  AND {_USER_SCHEMA}
ORDER BY a.attrelid, a.attnum
"""

_CONSTRAINTS = f"""
SELECT k.conrelid, k.conname, k.contype, k.conkey, fn.nspname AS ref_schema,
       f.relname AS ref_table, k.conindid
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class f ON f.oid = k.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND k.conrelid <> 0
  AND k.conparentid = 0 AND (k.conislocal OR NOT c.relispartition) AND {_USER_SCHEMA}
ORDER BY k.conrelid, k.oid
"""

#: Every index; those backing a constraint (its ``conindid``) are left out
#: in Python, which is cheaper than an anti-join. ``indkey`` lists key columns
#: then INCLUDE columns (``{{key_count}}``: ``indnkeyatts``, PostgreSQL 11+),
#: 0 for an expression. ``own_names``: the index's own attribute names, the
#: names ``ChooseIndexColumnNames`` chose when it was made (``lower``,
#: ``expr`` for expressions, as the files' model figures them; a column's
#: name then, which a later RENAME COLUMN does not change). ``expressions``:
#: for an index with expressions, each key element as ``pg_get_indexdef``
#: prints it (how ``drift`` knows the index under another name).
_INDEXES = f"""
SELECT x.indrelid, i.relname, x.indisunique, x.indkey::int2[], x.indexrelid,
       {{key_count}} AS key_count,
       array(SELECT a.attname FROM pg_attribute a
             WHERE a.attrelid = x.indexrelid AND a.attnum > 0 ORDER BY a.attnum) AS own_names,
       CASE WHEN x.indexprs IS NOT NULL THEN
         array(SELECT pg_get_indexdef(x.indexrelid, k, true)
               FROM generate_series(1, {{key_count}}) k ORDER BY k)
       END AS expressions
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT i.relispartition AND {_USER_SCHEMA}
ORDER BY x.indrelid, i.oid
"""

#: The relations each view's query reads (its rewrite rule's dependencies).
_VIEW_READS = f"""
SELECT DISTINCT r.ev_class AS view, dn.nspname, d.relname
FROM pg_rewrite r
JOIN pg_class v ON v.oid = r.ev_class
JOIN pg_namespace n ON n.oid = v.relnamespace
JOIN pg_depend dep ON dep.classid = 'pg_rewrite'::regclass AND dep.objid = r.oid
  AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid <> r.ev_class
JOIN pg_class d ON d.oid = dep.refobjid
JOIN pg_namespace dn ON dn.oid = d.relnamespace
WHERE v.relkind IN ('v', 'm') AND {_USER_SCHEMA}
"""

_TYPES = f"""
SELECT n.nspname, t.typname, t.typtype, t.oid
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND c.relkind = 'c'))
  AND {_USER_SCHEMA} AND {_not_extension("pg_type", "t.oid")}
ORDER BY t.oid
"""

#: Each composite type's attributes (``typrelid``: a pg_class of relkind
#: ``c`` whose pg_attribute rows they are), as the files' model has them.
_ATTRIBUTES = f"""
SELECT t.oid, a.attname, format_type(a.atttypid, a.atttypmod) AS data_type
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
JOIN pg_attribute a ON a.attrelid = c.oid
WHERE t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped
  AND {_USER_SCHEMA} AND {_not_extension("pg_type", "t.oid")}
ORDER BY t.oid, a.attnum
"""

#: Each domain's CHECK constraints (``contypid``: the domain; PostgreSQL 17
#: adds a NOT NULL row, ``contype`` 'n', whose name the files' model does
#: not keep: PostgreSQL 15 drops the name of ``CONSTRAINT n NOT NULL``).
_DOMAIN_CONSTRAINTS = f"""
SELECT k.contypid, k.conname
FROM pg_constraint k
JOIN pg_type t ON t.oid = k.contypid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE k.contypid <> 0 AND k.contype = 'c'
  AND {_USER_SCHEMA} AND {_not_extension("pg_type", "t.oid")}
ORDER BY k.contypid, k.oid
"""

_TRIGGERS = f"""
SELECT g.tgrelid, g.tgname FROM pg_trigger g
JOIN pg_class c ON c.oid = g.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT g.tgisinternal AND {_USER_SCHEMA} {{not_cloned}}
ORDER BY g.tgrelid, g.oid
"""

_POLICIES = f"""
SELECT p.polrelid, p.polname FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE {_USER_SCHEMA}
ORDER BY p.polrelid, p.oid
"""

#: Every overload: its input argument types (``proargtypes``: IN, INOUT and
#: VARIADIC ones) and its body when written as a string (``prosrc``; not a
#: C function's link symbol, ``probin`` set, nor PostgreSQL 14's ``BEGIN
#: ATOMIC``/``RETURN`` body, ``prosqlbody`` set: ``{no_sql_body}``). Left out:
#: what the server makes with another object (``pg_depend`` 'i': a range
#: type's constructors ``span(...)``, ``span_multirange(...)``).
_FUNCTIONS = f"""
SELECT n.nspname, p.proname,
       ARRAY(SELECT format_type(a.t, NULL)
             FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, i) ORDER BY a.i),
       CASE WHEN p.probin IS NULL {{no_sql_body}} THEN p.prosrc END
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p') AND {_USER_SCHEMA} AND {_not_extension("pg_proc", "p.oid")}
  AND NOT EXISTS (SELECT 1 FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass
                  AND i.objid = p.oid AND i.deptype = 'i')
ORDER BY n.nspname, p.proname, p.oid
"""

_CONTYPES = {
    "p": ConstraintType.PRIMARY_KEY,
    "u": ConstraintType.UNIQUE,
    "f": ConstraintType.FOREIGN_KEY,
    "c": ConstraintType.CHECK,
    "x": ConstraintType.EXCLUSION,
}

_RELKINDS = {
    "r": ObjectKind.TABLE,
    "p": ObjectKind.TABLE,
    "f": ObjectKind.TABLE,
    "v": ObjectKind.VIEW,
    "m": ObjectKind.MATERIALIZED_VIEW,
    "S": ObjectKind.SEQUENCE,
}


def read_postgres(cursor: Any, builder: EventBuilder, schemas: Sequence[str]) -> None:
    """Read every object of the database into ``builder``.

    ``cursor`` is a psycopg 3 cursor inside a read-only transaction;
    ``schemas`` limits the schemas read (empty: all but PostgreSQL's own);
    one the database lacks raises :class:`SchemaFilterError`.
    Objects come out as files would create them: schemas, then each relation
    followed by its columns, constraints, indexes, triggers and policies,
    then types and functions (one event per overload).
    """
    args = {"schemas": list(schemas)}

    def rows(sql: str) -> list[tuple[Any, ...]]:
        cursor.execute(sql, args)
        return list(cursor.fetchall())

    cursor.execute("SELECT current_setting('server_version_num')::int")
    version = int(cursor.fetchone()[0])
    if schemas:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", (list(schemas),))
        missing = sorted(set(schemas) - {name for (name,) in cursor.fetchall()})
        if missing:
            raise SchemaFilterError(
                f"{builder.url.display} has no schema {', '.join(map(repr, missing))} "
                "(--schema names a schema as the catalog stores it)"
            )
    for (name,) in rows(_SCHEMAS):
        builder.top(ObjectKind.SCHEMA, None, name)
    relations = rows(_RELATIONS)
    reads: dict[int, list[tuple[str, str]]] = {}
    for view, schema, name in rows(_VIEW_READS):
        reads.setdefault(view, []).append((schema, name))
    attached: dict[int, list[tuple[str, tuple[Any, ...]]]] = {}
    attnames: dict[tuple[int, int], str] = {}
    for relid, attnum, name, data_type, listed, of_view in rows(_COLUMNS):
        attnames[(relid, attnum)] = name
        if listed:
            column_row = (None, name, data_type, of_view)
            attached.setdefault(relid, []).append(("column", column_row))
    backing: set[int] = set()
    for relid, name, contype, keys, ref_schema, ref_table, index in rows(_CONSTRAINTS):
        columns = [attnames[(relid, k)] for k in keys or () if (relid, k) in attnames]
        constraint = (None, name, contype, columns, ref_schema, ref_table)
        attached.setdefault(relid, []).append(("constraint", constraint))
        if contype in ("p", "u", "x"):
            backing.add(index)
    key_count = "x.indnkeyatts" if version >= 110000 else "x.indnatts"
    for relid, name, unique, keys, index, count, own, shown in rows(
        _INDEXES.format(key_count=key_count)
    ):
        if index not in backing:  # a constraint's own index: the model keeps the constraint
            parts = _index_columns(relid, keys or (), count, own or (), attnames)
            # Each key element's expression as the catalog prints it, "" for a column.
            shown_keys = (keys or [])[: len(shown or ())]
            pairs = zip(shown_keys, shown or (), strict=True)
            expressions = [e if k == 0 else "" for k, e in pairs]
            index_row = (None, name, unique, *parts, list(own or ()), expressions)
            attached.setdefault(relid, []).append(("index", index_row))
    not_cloned = "AND g.tgparentid = 0" if version >= 130000 else ""
    for row in rows(_TRIGGERS.format(not_cloned=not_cloned)):
        attached.setdefault(row[0], []).append(("trigger", row))
    for row in rows(_POLICIES):
        attached.setdefault(row[0], []).append(("policy", row))
    for (
        oid,
        schema,
        name,
        relkind,
        parent_schema,
        parent,
        owned_how,
        table,
        column,
        note,
    ) in relations:
        kind = _RELKINDS[relkind]
        marked = marked_table(note)
        if marked is not None:
            builder.marked_view(schema, name, marked)
        builder.top(
            kind,
            schema,
            name,
            selects_from=sorted(reads.get(oid, ())),
            partition_of=None if parent is None else (parent_schema, parent),
            implicit=kind is ObjectKind.SEQUENCE
            and _implicit_sequence(name, owned_how, table, column),
        )
        if kind is ObjectKind.SEQUENCE and owned_how in ("a", "i") and table and column:
            builder.owned_sequence(schema, name, table, column)
        for what, row in attached.get(oid, ()):
            _attached(builder, schema, name, what, row)
    checks: dict[int, list[str]] = {}
    for typid, name in rows(_DOMAIN_CONSTRAINTS):
        checks.setdefault(typid, []).append(name)
    attributes: dict[int, list[tuple[str, str]]] = {}
    for typid, name, data_type in rows(_ATTRIBUTES):
        attributes.setdefault(typid, []).append((name, data_type))
    for schema, name, typtype, typid in rows(_TYPES):
        builder.top(ObjectKind.DOMAIN if typtype == "d" else ObjectKind.TYPE, schema, name)
        for attribute, data_type in attributes.get(typid, ()):
            builder.attached(
                ObjectKind.COLUMN, schema, name, attribute, data_type=data_type, composite=True
            )
        for check in checks.get(typid, ()):
            builder.attached(
                ObjectKind.CONSTRAINT,
                schema,
                name,
                check,
                constraint_type=ConstraintType.CHECK,
                domain=True,
            )
    no_sql_body = "AND p.prosqlbody IS NULL" if version >= 140000 else ""
    for schema, name, arguments, body in rows(_FUNCTIONS.format(no_sql_body=no_sql_body)):
        builder.top(
            ObjectKind.FUNCTION,
            schema,
            name,
            arguments=tuple(argument_type(a, "postgres") for a in arguments or ()),
            body=None if body is None else body_digest(body),
        )


def _index_columns(
    relid: int,
    keys: Sequence[int],
    key_count: int,
    own_names: Sequence[str],
    attnames: dict[tuple[int, int], str],
) -> tuple[list[str], list[str], list[str]]:
    """``(columns, name_columns, include)`` of an index, as the files' model has them.

    ``columns``: the key columns, ``expr`` for an expression (``indkey`` 0);
    ``name_columns``: when there is an expression, each key column as the
    index's name spells it (the index's own attribute name for an
    expression, the table column's current name otherwise), else empty;
    ``include``: the INCLUDE columns.
    """
    columns: list[str] = []
    spelled: list[str] = []
    for position, attnum in enumerate(keys):
        if attnum == 0:
            own = own_names[position] if position < len(own_names) else "expr"
            columns.append("expr")
            spelled.append(own)
        elif (relid, attnum) in attnames:
            columns.append(attnames[(relid, attnum)])
            spelled.append(attnames[(relid, attnum)])
    name_columns = spelled[:key_count] if 0 in keys[:key_count] else []
    return columns[:key_count], name_columns, columns[key_count:]


def _implicit_sequence(
    name: str, owned_how: str | None, table: str | None, column: str | None
) -> bool:
    """Whether a sequence's name is the one PostgreSQL chose for a column's.

    ``serial`` names it ``<table>_<column>_seq`` (``makeObjectName``) and
    makes the column own it; the table may have been renamed since, so any
    owned sequence ending in ``_<column>_seq`` (plus a clash number) counts.
    """
    if owned_how == "i":
        return True
    if owned_how != "a" or table is None or column is None:
        return False
    base = make_object_name(table, column, "seq")
    stem = name.rstrip("0123456789")
    return stem == base or stem.endswith(f"_{column}_seq")


def _attached(
    builder: EventBuilder, schema: str, table: str, what: str, row: tuple[Any, ...]
) -> None:
    if what == "column":
        _, name, data_type, of_view = row
        builder.attached(
            ObjectKind.COLUMN, schema, table, name, data_type=data_type, view_column=of_view
        )
    elif what == "constraint":
        _, name, contype, columns, ref_schema, ref_table = row
        builder.attached(
            ObjectKind.CONSTRAINT,
            schema,
            table,
            name,
            constraint_type=_CONTYPES[contype],
            columns=list(columns or ()),
            ref=None if ref_table is None else (ref_schema, ref_table),
        )
    elif what == "index":
        _, name, unique, columns, name_columns, include, created_as, expressions = row
        builder.attached(
            ObjectKind.INDEX,
            schema,
            table,
            name,
            columns=columns,
            unique=unique,
            name_columns=name_columns,
            include=include,
            created_as=created_as,
            expressions=expressions,
        )
    elif what == "trigger":
        builder.attached(ObjectKind.TRIGGER, schema, table, row[1])
    else:
        builder.attached(ObjectKind.POLICY, schema, table, row[1])
