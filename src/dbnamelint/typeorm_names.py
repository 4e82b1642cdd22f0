"""TypeORM's own names: ``DefaultNamingStrategy``'s hashed ones, and the
objects its ``renameTable``/``renameColumn`` rename with the table or column.

TypeORM 1.1's ``PostgresQueryRunner.renameTable(old, new)`` loads the table
from the database and, after ``ALTER TABLE "old" RENAME TO "new"``, renames
each of its objects whose name is the one TypeORM would give it for the old
table (``driver/postgres/PostgresQueryRunner.js``):

- its primary key, unique constraints and foreign keys: ``PK_``/``UQ_``/``FK_``
  and the SHA-1 of ``<old>_<columns>`` become those of ``<new>_<columns>``
  (``ALTER TABLE ... RENAME CONSTRAINT``);
- its indexes (not a constraint's) named ``IDX_`` and that of
  ``<old>_<columns>[_<where>]`` (the ``where`` as ``pg_get_expr`` prints it:
  ``(x IS NOT NULL)``, parenthesized, so a partial index TypeORM created and
  named is not renamed, its name hashing the ``where`` as written);
- a ``serial`` column's sequence ``<old>_<column>_seq`` (``buildSequenceName``);
- an ``enum`` column's type ``<old>_<column lower-cased>_enum`` (not one named
  by ``enumName``);

never a ``CHK_`` check nor another table's foreign key to it.
``renameColumn(t, old, new)`` (``changeColumn``) renames, of the objects
holding the column, the same kinds for the new column list: the primary
key, the sequence ``<t>_<old>_seq``, the ``<t>_<old lower-cased>_enum`` type,
the unique constraints, indexes and foreign keys.
:mod:`dbnamelint.typeorm_schema` writes such a call's ``RENAME`` with the
:data:`FOLLOW` comment; the model's replay of a PostgreSQL database then
renames those objects (:meth:`dbnamelint.replay.renaming.Renaming._typeorm_follow`;
``MysqlQueryRunner`` follows other rules, not modelled).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

#: The comment :mod:`dbnamelint.typeorm_schema` writes in the ``RENAME`` of a
#: ``renameTable``/``renameColumn`` call: the replay renames the names that follow.
FOLLOW = "TypeORM renames its default names with it"

#: ``DefaultNamingStrategy``'s prefix and hex digits, by constraint kind.
PRIMARY = ("PK_", 27)
UNIQUE = ("UQ_", 27)
FOREIGN = ("FK_", 27)
INDEX = ("IDX_", 26)
CHECK = ("CHK_", 26)


def typeorm_name(kind: tuple[str, int], table: str, columns: Sequence[str], where: str = "") -> str:
    """``DefaultNamingStrategy``'s ``PK_``/``UQ_``/``FK_``/``IDX_`` name:
    the prefix and the first hex digits of the SHA-1 of ``<table>_<sorted
    columns joined by _>[_<where>]`` (``table`` without its schema:
    ``getTableName`` keeps what follows the last dot); ``CHK_``'s: of
    ``<table>_<expression>`` (``columns``: the expression alone)."""
    prefix, size = kind
    key = table.rsplit(".", maxsplit=1)[-1] + "_" + "_".join(sorted(columns))
    if where:
        key += "_" + where
    return prefix + hashlib.sha1(key.encode()).hexdigest()[:size]


def sequence_name(table: str, column: str) -> str:
    """``PostgresQueryRunner.buildSequenceName``: ``<table>_<column>_seq``,
    cut (``maxAliasLength`` 63) to ``<table[:29]>_<column[:max(29, 63 -
    len(table) - 5)]>_seq``."""
    name = f"{table}_{column}_seq"
    if len(name) > 63:
        name = f"{table[:29]}_{column[: max(29, 63 - len(table) - 5)]}_seq"
    return name


def enum_name(table: str, column: str) -> str:
    """``buildEnumName`` without an ``enumName``: ``<table>_<column lower-cased>_enum``."""
    return f"{table}_{column.lower()}_enum"
