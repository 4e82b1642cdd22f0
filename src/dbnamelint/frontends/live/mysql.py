"""MySQL's and MariaDB's catalog, read with PyMySQL from ``information_schema``.

In MySQL ``information_schema`` is the catalog (MySQL manual chapter 28,
MariaDB "Information Schema Tables"): it lists every name, generated ones
included. One query per kind for the connected database (``DATABASE()``),
never one per table.

The server's ``VERSION()`` says whether it is MariaDB (``10.11.6-MariaDB``),
whose implicit names differ from MySQL 8's: an unnamed CHECK is named after
its column or ``CONSTRAINT_<n>``. MariaDB's ``CHECK_CONSTRAINTS.LEVEL``
(10.5.10 on) tells a column's check from a table's; before it, a check named
exactly as a column of its table is taken to be that column's.

Left out: the index backing a PRIMARY KEY or UNIQUE constraint (the model
keeps the constraint, whose name is the index's). The index InnoDB adds for
a foreign key that has none is read, as the files' model has it too.
"""

from __future__ import annotations

import re
from typing import Any

from dbnamelint.frontends.live.events import EventBuilder
from dbnamelint.model import ConstraintType, ObjectKind

_TABLES = """
SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME
"""

_COLUMNS = """
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
"""

_CONSTRAINTS = """
SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE FROM information_schema.TABLE_CONSTRAINTS
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME
"""

_KEY_COLUMNS = """
SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION
"""

_INDEXES = """
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
"""

_TRIGGERS = """
SELECT EVENT_OBJECT_TABLE, TRIGGER_NAME FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME
"""

_ROUTINES = """
SELECT ROUTINE_NAME FROM information_schema.ROUTINES
WHERE ROUTINE_SCHEMA = DATABASE() ORDER BY ROUTINE_NAME
"""

#: Each view's query as the server stores it: every relation written
#: `db`.`name`, after FROM, JOIN or a FROM list's comma.
_VIEWS = """
SELECT TABLE_NAME, VIEW_DEFINITION, DATABASE() FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME
"""
#: A relation a stored view query reads (a column, `db`.`t`.`c`, is followed by a dot).
_READS = re.compile(
    r"(?:\bfrom|\bjoin|,)\s*\(*\s*`((?:[^`]|``)*)`\.`((?:[^`]|``)*)`(?!\s*\.)", re.IGNORECASE
)

_VERSION = "SELECT VERSION()"

#: Whether this MariaDB lists each check's level (10.5.10 and later).
_HAS_LEVEL = """
SELECT COUNT(*) FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'CHECK_CONSTRAINTS'
AND COLUMN_NAME = 'LEVEL'
"""

_COLUMN_CHECKS = """
SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() AND LEVEL = 'Column'
"""

_CONTYPES = {
    "PRIMARY KEY": ConstraintType.PRIMARY_KEY,
    "UNIQUE": ConstraintType.UNIQUE,
    "FOREIGN KEY": ConstraintType.FOREIGN_KEY,
    "CHECK": ConstraintType.CHECK,
}

_TABLE_TYPES = {
    "BASE TABLE": ObjectKind.TABLE,
    "SYSTEM VERSIONED": ObjectKind.TABLE,
    "VIEW": ObjectKind.VIEW,
    "SEQUENCE": ObjectKind.SEQUENCE,
}


def _text(value: Any) -> str:
    """information_schema columns come back as bytes on some server/charset pairs."""
    return value.decode() if isinstance(value, bytes | bytearray) else str(value)


def _rows(cursor: Any, sql: str) -> list[tuple[str | None, ...]]:
    cursor.execute(sql)
    return [tuple(None if v is None else _text(v) for v in row) for row in cursor.fetchall()]


def server_dialect(cursor: Any) -> str:
    """``mariadb`` when ``VERSION()`` names MariaDB, else ``mysql``."""
    version = _rows(cursor, _VERSION)[0][0] or ""
    return "mariadb" if "mariadb" in version.lower() else "mysql"


def makes_inline_foreign_keys(version: str) -> bool | None:
    """Whether a server of ``VERSION()`` ``version`` makes a foreign key of
    ``REFERENCES`` in a column's definition; None when it cannot be told.

    MariaDB does from 10.5 (MDEV-20729: "until 10.5 this syntax was
    understood by the parser but was silently ignored"); MySQL from 9.0.0
    (bug #102904, WL#16130), where 8.0 and 8.4 "parse but ignore" it (manual,
    CREATE TABLE).
    """
    # MariaDB 10+ behind some proxies reports the handshake's "5.5.5-" prefix.
    found = re.match(r"\s*(?:5\.5\.5-(?=\d+\.\d+.*mariadb))?(\d+)\.(\d+)", version, re.I)
    if found is None:
        return None
    major, minor = int(found.group(1)), int(found.group(2))
    if "mariadb" in version.lower():
        return (major, minor) >= (10, 5)
    return major >= 9


def _column_checks(cursor: Any, columns: dict[str, list[tuple[str, str]]]) -> set[tuple[str, str]]:
    """(table, check name) of MariaDB's column-level checks.

    Without ``CHECK_CONSTRAINTS.LEVEL`` (MariaDB before 10.5.10), a check
    named exactly as a column of its table stands for that column's.
    """
    if str(_rows(cursor, _HAS_LEVEL)[0][0]) != "0":
        return {(str(t), str(n)) for t, n in _rows(cursor, _COLUMN_CHECKS)}
    return {(table, name) for table, cols in columns.items() for name, _ in cols}


def read_mysql(cursor: Any, builder: EventBuilder) -> None:
    """Read every object of the connected database into ``builder``.

    ``cursor`` is a PyMySQL cursor inside a read-only transaction. MySQL has
    no schema inside a database, so every object has none. A MariaDB
    column-level check (``builder.profile.checks_by_column``) is read with
    its column, as the files' model has it.
    """

    def rows(sql: str) -> list[tuple[str | None, ...]]:
        return _rows(cursor, sql)

    columns: dict[str, list[tuple[str, str]]] = {}
    for table, name, data_type in rows(_COLUMNS):
        columns.setdefault(str(table), []).append((str(name), str(data_type)))
    keys: dict[tuple[str, str], tuple[list[str], str | None]] = {}
    for table, name, column, ref in rows(_KEY_COLUMNS):
        cols, _ = keys.setdefault((str(table), str(name)), ([], ref))
        cols.append(str(column))
    constraints: dict[str, list[tuple[str, ConstraintType]]] = {}
    for table, name, ctype in rows(_CONSTRAINTS):
        if ctype in _CONTYPES:
            constraints.setdefault(str(table), []).append((str(name), _CONTYPES[str(ctype)]))
    indexes: dict[str, dict[str, tuple[bool, list[str]]]] = {}
    for table, name, non_unique, column in rows(_INDEXES):
        unique, cols = indexes.setdefault(str(table), {}).setdefault(
            str(name), (str(non_unique) == "0", [])
        )
        # MySQL 8 functional key part: COLUMN_NAME is NULL (the expression is
        # in EXPRESSION); the files' model spells such an element ``expr``.
        cols.append("expr" if column is None else str(column))
    column_checks = _column_checks(cursor, columns) if builder.profile.checks_by_column else set()
    triggers: dict[str, list[str]] = {}
    for table, name in rows(_TRIGGERS):
        triggers.setdefault(str(table), []).append(str(name))

    # The relations each view reads: drift tells a view left under a renamed
    # table's earlier name by them, as on PostgreSQL (trial s40 dolphinscheduler).
    reads: dict[str, list[tuple[str | None, str]]] = {}
    for view, definition, database in rows(_VIEWS):
        for db, relation in _READS.findall(str(definition or "")):
            read = (None if db == database else db.replace("``", "`"), relation.replace("``", "`"))
            if read not in reads.setdefault(str(view), []):
                reads[str(view)].append(read)

    for table, table_type in rows(_TABLES):
        kind = _TABLE_TYPES.get(str(table_type))
        if kind is None:
            continue
        name = str(table)
        builder.top(kind, None, name, selects_from=reads.get(name, ()))
        if kind is ObjectKind.VIEW:  # information_schema.COLUMNS lists a view's too
            for column, data_type in columns.get(name, ()):
                builder.attached(
                    ObjectKind.COLUMN, None, name, column, data_type=data_type, view_column=True
                )
        if kind is not ObjectKind.TABLE:
            continue
        for column, data_type in columns.get(name, ()):
            builder.attached(ObjectKind.COLUMN, None, name, column, data_type=data_type)
        table_constraints = constraints.get(name, ())
        # A PRIMARY KEY/UNIQUE index is its constraint (the model keeps the
        # constraint). Indexes come before constraints, so replay finds the
        # index InnoDB made for a foreign key and adds none of its own.
        backed = {
            c
            for c, ctype in table_constraints
            if ctype in (ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE)
        }
        for index, (unique, cols) in indexes.get(name, {}).items():
            if index not in backed:
                builder.attached(ObjectKind.INDEX, None, name, index, columns=cols, unique=unique)
        column_names = {c.casefold(): c for c, _ in columns.get(name, ())}
        for constraint, ctype in table_constraints:
            cols, ref = keys.get((name, constraint), ([], None))
            column_level = ctype is ConstraintType.CHECK and (name, constraint) in column_checks
            if column_level and constraint.casefold() in column_names:
                cols = [
                    column_names[constraint.casefold()]
                ]  # a renamed column keeps its check's name
            builder.attached(
                ObjectKind.CONSTRAINT,
                None,
                name,
                constraint,
                constraint_type=ctype,
                columns=cols,
                ref=None if ref is None else (None, ref),
                column_level=column_level,
            )
        for trigger in triggers.get(name, ()):
            builder.attached(ObjectKind.TRIGGER, None, name, trigger)
    for (routine,) in rows(_ROUTINES):
        builder.top(ObjectKind.FUNCTION, None, str(routine))
