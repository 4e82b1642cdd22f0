"""The names a schema gives its tables' keys and indexes, by what they cover.

An ORM that derives these names (Prisma: ``{table}_{columns}_idx``...) must
be told the database's own name wherever the two differ; this module says
what the database calls the primary key, each unique key, index and
foreign key of a table, from the schema model (names after every rename).
"""

from __future__ import annotations

from dataclasses import dataclass

from dbnamelint.model import ConstraintType, ObjectKind, Schema

_KINDS = {
    ConstraintType.PRIMARY_KEY: "pkey",
    ConstraintType.UNIQUE: "key",
    ConstraintType.FOREIGN_KEY: "fkey",
}


@dataclass(frozen=True, slots=True)
class KeyName:
    """One key or index: ``kind`` ``pkey``/``key``/``idx``/``fkey``, its
    columns (case-folded, in order) and its name as the schema stores it."""

    kind: str
    columns: tuple[str, ...]
    name: str


def key_names(schema: Schema) -> dict[str, tuple[KeyName, ...]]:
    """Keys and indexes per table (the table's current name, case-folded).

    A unique index counts as a unique key (``key``), as Prisma creates
    ``@unique`` with ``CREATE UNIQUE INDEX``.
    """
    out: dict[str, list[KeyName]] = {}
    for obj in schema.objects:
        if obj.table is None:
            continue
        if obj.kind is ObjectKind.INDEX:
            kind = "key" if obj.unique else "idx"
        elif obj.kind is ObjectKind.CONSTRAINT and obj.constraint_type in _KINDS:
            kind = _KINDS[obj.constraint_type]
        else:
            continue
        columns = tuple(c.casefold() for c in obj.columns)
        out.setdefault(obj.table.casefold(), []).append(KeyName(kind, columns, obj.name))
    return {table: tuple(keys) for table, keys in out.items()}


def database_name(keys: tuple[KeyName, ...], kind: str, columns: tuple[str, ...]) -> str | None:
    """The name of the key of ``kind`` over ``columns`` (any, for a field's
    primary key), or None when the schema has none."""
    for key in keys:
        if key.kind == kind and (kind == "pkey" or key.columns == columns):
            return key.name
    return None
