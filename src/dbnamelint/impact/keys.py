"""The names a schema gives its tables' keys and indexes, by what they cover.

An ORM that derives these names (Prisma: ``{table}_{columns}_idx``...) must
be told the database's own name wherever the two differ; this module says
what the database calls the primary key, each unique key, index and
foreign key of a table, from the schema model (names after every rename).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.dialects import profile_for
from dbnamelint.model import ConstraintType, ObjectKind, Schema

_KINDS = {
    ConstraintType.PRIMARY_KEY: "pkey",
    ConstraintType.UNIQUE: "key",
    ConstraintType.FOREIGN_KEY: "fkey",
}


class KeyName(Struct, frozen=True):
    """One key or index: ``kind`` ``pkey``/``key``/``idx``/``fkey``, its
    columns (case-folded, in order) and its name as the schema stores it."""

    kind: str
    columns: tuple[str, ...]
    name: str


def key_names(schema: Schema) -> dict[str, tuple[KeyName, ...]]:
    """Keys and indexes per table (the table's current name, case-folded).

    A unique index counts as a unique key (``key``), as Prisma creates
    ``@unique`` with ``CREATE UNIQUE INDEX``. Names are as the catalog
    stores them (folded as the object's dialect folds an unquoted name).
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
        stored = profile_for(obj.source.dialect).fold(obj.name, obj.quoted)
        out.setdefault(obj.table.casefold(), []).append(KeyName(kind, columns, stored))
    return {table: tuple(keys) for table, keys in out.items()}


def database_name(keys: tuple[KeyName, ...], kind: str, columns: tuple[str, ...]) -> str | None:
    """The name of the key of ``kind`` over ``columns`` (any, for a field's
    primary key), or None when the schema has none."""
    for key in keys:
        if key.kind == kind and (kind == "pkey" or key.columns == columns):
            return key.name
    return None


class Renamed(Struct, frozen=True):
    """One rename a migration plan makes: ``kind`` ``table``, ``column``,
    ``index`` or ``constraint``; ``table`` the owning table's name when the
    rename runs (its new name: tables are renamed first), None for a table;
    ``old``/``new`` as the catalog stores them."""

    kind: str
    table: str | None
    old: str
    new: str


def keys_after(
    keys: Mapping[str, tuple[KeyName, ...]], renames: Iterable[Renamed]
) -> dict[str, tuple[KeyName, ...]]:
    """``keys`` (see :func:`key_names`) once ``renames`` ran: tables under
    their new names, columns and key names replaced."""
    renames = list(renames)
    tables = {r.old.casefold(): r.new.casefold() for r in renames if r.kind == "table"}
    out = {tables.get(t, t): list(k) for t, k in keys.items()}
    for rename in renames:
        if rename.table is None or rename.table.casefold() not in out:
            continue
        listed = out[rename.table.casefold()]
        for i, key in enumerate(listed):
            if rename.kind == "column":
                old = rename.old.casefold()
                columns = tuple(rename.new.casefold() if c == old else c for c in key.columns)
                listed[i] = replace(key, columns=columns)
            elif rename.kind in ("index", "constraint") and key.name == rename.old:
                listed[i] = replace(key, name=rename.new)
    return {t: tuple(k) for t, k in out.items()}
