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
- a ``serial`` column's sequence ``<old>_<column>_seq`` (``buildSequenceName``;
  not an identity column's: TypeORM renames a column it reads as
  ``generationStrategy: "increment"``, a ``nextval`` default);
- an ``enum`` column's type ``<old>_<column lower-cased>_enum`` (not one named
  otherwise: ``loadTables`` takes that name for the column's ``enumName``);

never a ``CHK_`` check nor another table's foreign key to it.
``renameColumn(t, old, new)`` (``changeColumn``) renames, of the objects
holding the column, the same kinds for the new column list: the primary
key, the sequence ``<t>_<old>_seq``, the ``<t>_<old lower-cased>_enum`` type,
the unique constraints, indexes and foreign keys; an enum column whose type
has another name, TypeORM renames to that name, which PostgreSQL refuses
(:func:`enum_rename_fails`, said at the call).
:mod:`dbnamelint.typeorm_schema` writes such a call's ``RENAME`` with the
:data:`FOLLOW` comment; the model's replay of a PostgreSQL database then
renames those objects (:meth:`dbnamelint.replay.renaming.Renaming._typeorm_follow`).

``MysqlQueryRunner`` (MySQL, MariaDB) renames fewer: of the table's (or of
those holding the column) its indexes, unique ones too, called ``IDX_`` and
the hash of the old name, and its foreign keys called ``FK_`` and that, each
dropped and added again under the new name (``renameColumn``: the column
last in the index); the ``UQ_`` unique index of an ``isUnique`` column keeps
its name, and the key is ``PRIMARY``. InnoDB's index for such a foreign key
takes its new name (:meth:`~dbnamelint.replay.renaming.Renaming._typeorm_follow_mysql`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

#: The comment :mod:`dbnamelint.typeorm_schema` writes in the ``RENAME`` of a
#: ``renameTable``/``renameColumn`` call: the replay renames the names that follow.
FOLLOW = "TypeORM renames its default names with it"

#: The code of what is said at a ``renameColumn`` TypeORM fails to run
#: (:func:`enum_rename_fails`): the dynamic-DDL warning, as for calls not read.
ENUM_RENAME_CODE = "DBN013"

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


#: A column's declared type as the model keeps it (``"s"."t"[]``, ``t``):
#: its schema and name, unquoted.
_TYPE = re.compile(r'^(?:("(?:[^"]|"")+"|[^".\s]+)\.)?("(?:[^"]|"")+"|[^".\s\[]+)\s*(?:\[\])*$')


def type_name(data_type: str) -> tuple[str | None, str] | None:
    """The schema and name of the type a column's ``data_type`` names
    (quotes and an array's ``[]`` taken off), None for another shape."""
    found = _TYPE.match(data_type.strip())
    if found is None:
        return None
    schema, name = (
        p[1:-1].replace('""', '"') if p and p.startswith('"') else p for p in found.groups()
    )
    assert name is not None
    return schema, name


def enum_rename_fails(table: str, old: str, new: str, enum: str) -> str:
    """What is said at ``renameColumn(table, old, new)`` of a column of the
    enum type ``enum``, not ``<table>_<old lower-cased>_enum``: TypeORM
    (``PostgresQueryRunner.changeColumn``) reads that name as the column's
    ``enumName`` and renames the type to it, which PostgreSQL refuses
    (checked with TypeORM 1.1.3 on PostgreSQL 15)."""
    q = '"' + enum.replace('"', '""') + '"'
    return (
        f"TypeORM's renameColumn of '{old}' fails here: its type {q} is no "
        f"'{enum_name(table, old)}' (an enumName), and TypeORM renames it to its enumName, "
        f"ALTER TYPE {q} RENAME TO {q}, which PostgreSQL refuses (type {q} already "
        "exists), so the migration rolls back; the model renames the column as written. "
        f'Rename it in SQL: queryRunner.query(\'ALTER TABLE "{table}" RENAME COLUMN '
        f'"{old}" TO "{new}"\')'
    )
