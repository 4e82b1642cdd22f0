"""The shapes of a Liquibase ``sqlCheck`` query replay can answer from its model.

A ``sqlCheck`` precondition runs its SQL and compares the one value it
returns, as text, with ``expectedResult`` (Liquibase's ``SqlPrecondition``:
``queryForObject(sql, String.class)``, then ``expectedResult.equals``). The
common guard counts catalog rows naming an object::

    SELECT COUNT(*) FROM information_schema.tables
     WHERE table_name = 'person' AND table_schema = DATABASE()

:func:`parse` reads that shape (``COUNT(*)``/``COUNT(1)``/``COUNT(col)`` over
one catalog view, a ``WHERE`` of ``column = value`` joined by ``AND``, a
value being a string literal or the current schema: ``DATABASE()``,
``SCHEMA()``, ``current_schema()``/``current_schema``; ``lower(col)``/
``upper(col)`` allowed) into a :class:`SqlCheck`; any other SQL is None,
which replay does not evaluate. Which views a dialect family has is
:data:`VIEWS`; replay counts their rows (:mod:`dbnamelint.replay.liquibase_sql_checks`).
"""

from __future__ import annotations

import re

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["CURRENT_SCHEMA", "VIEWS", "Condition", "SqlCheck", "answerable", "family_of", "parse"]

#: A condition's value standing for the connection's schema (``DATABASE()``...).
CURRENT_SCHEMA = "\0current schema"

#: Catalog views replay answers, by family (``postgres``/``mysql``): the
#: columns a ``WHERE`` may test. A view of the other family is an error on
#: the real database (``onError``), so it is not evaluated.
VIEWS: dict[str, dict[str, frozenset[str]]] = {
    "information_schema.tables": {
        "postgres": frozenset({"table_schema", "table_name", "table_type"}),
        "mysql": frozenset({"table_schema", "table_name", "table_type"}),
    },
    "information_schema.views": {
        "postgres": frozenset({"table_schema", "table_name"}),
        "mysql": frozenset({"table_schema", "table_name"}),
    },
    "information_schema.columns": {
        "postgres": frozenset({"table_schema", "table_name", "column_name"}),
        "mysql": frozenset({"table_schema", "table_name", "column_name"}),
    },
    "information_schema.table_constraints": {
        "postgres": frozenset(
            {
                "constraint_schema",
                "table_schema",
                "table_name",
                "constraint_name",
                "constraint_type",
            }
        ),
        "mysql": frozenset(
            {
                "constraint_schema",
                "table_schema",
                "table_name",
                "constraint_name",
                "constraint_type",
            }
        ),
    },
    "information_schema.statistics": {
        "mysql": frozenset({"table_schema", "index_schema", "table_name", "index_name"}),
    },
    "information_schema.routines": {
        "postgres": frozenset({"routine_schema", "routine_name", "routine_type"}),
        "mysql": frozenset({"routine_schema", "routine_name", "routine_type"}),
    },
    "pg_catalog.pg_indexes": {
        "postgres": frozenset({"schemaname", "tablename", "indexname"}),
    },
    "pg_catalog.pg_tables": {"postgres": frozenset({"schemaname", "tablename"})},
    "pg_catalog.pg_views": {"postgres": frozenset({"schemaname", "viewname"})},
    "pg_catalog.pg_class": {"postgres": frozenset({"relname", "relkind"})},
    "pg_catalog.pg_constraint": {"postgres": frozenset({"conname", "contype"})},
    "pg_catalog.pg_type": {"postgres": frozenset({"typname", "typtype"})},
}


class Condition(Struct, frozen=True):
    """``column = value``: ``fold`` is ``lower``/``upper`` when the column is
    written inside that function, else ""; ``value`` a literal's text or
    :data:`CURRENT_SCHEMA`. ``column IN (v0, v1...)``: ``value`` is ``v0``,
    ``others`` the rest (a row matching any is kept)."""

    column: str
    value: str
    fold: str = ""
    others: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        return (self.value, *self.others)


class SqlCheck(Struct, frozen=True):
    """A ``SELECT COUNT(...) FROM view WHERE ...`` replay can count."""

    view: str
    conditions: tuple[Condition, ...]


_TOKEN = lazy_compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<quoted>"(?:[^"]|"")*"|`[^`]*`)
      | (?P<word>[A-Za-z_][\w$]*)
      | (?P<number>\d+)
      | (?P<punct>[(),.*=;])
    )""",
    re.VERBOSE,
)
_CURRENT = frozenset({"database", "schema", "current_schema"})


def _tokens(sql: str) -> list[tuple[str, str]] | None:
    out: list[tuple[str, str]] = []
    at = 0
    text = sql.strip()
    while at < len(text):
        found = _TOKEN.match(text, at)
        if found is None or found.end() == at:
            return None
        kind = found.lastgroup or ""
        value = found.group(kind)
        if kind == "word":
            value = value.lower()
        elif kind == "quoted":
            kind, value = "word", value[1:-1]
        out.append((kind, value))
        at = found.end()
    while out and out[-1] == ("punct", ";"):
        out.pop()
    return out


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self, offset: int = 0) -> tuple[str, str]:
        at = self.at + offset
        return self.tokens[at] if at < len(self.tokens) else ("", "")

    def take(self, kind: str, value: str | None = None) -> str | None:
        found = self.peek()
        if found[0] != kind or (value is not None and found[1] != value):
            return None
        self.at += 1
        return found[1]

    def word(self, *values: str) -> bool:
        return any(self.take("word", v) is not None for v in values)


def parse(sql: str) -> SqlCheck | None:
    """The :class:`SqlCheck` ``sql`` is, or None for any other query."""
    tokens = _tokens(sql)
    if not tokens:
        return None
    read = _Reader(tokens)
    if not (read.word("select") and read.word("count") and read.take("punct", "(")):
        return None
    counted = read.take("punct", "*") or read.take("number") or read.take("word")
    if counted is None:
        return None
    if read.take("punct", ")") is None or not read.word("from"):
        return None
    first = read.take("word")
    if first is None:
        return None
    view = first
    if read.take("punct", "."):
        second = read.take("word")
        if second is None:
            return None
        view = f"{first}.{second}"
    if "." not in view and view.startswith("pg_"):
        view = f"pg_catalog.{view}"
    alias = None
    if read.word("as") or (read.peek()[0] == "word" and read.peek()[1] != "where"):
        alias = read.take("word")
    if view not in VIEWS or not read.word("where"):
        return None
    conditions: list[Condition] = []
    while True:
        condition = _condition(read, alias)
        if condition is None:
            return None
        conditions.append(condition)
        if read.at == len(tokens):
            return SqlCheck(view, tuple(conditions))
        if not read.word("and"):
            return None


def _condition(read: _Reader, alias: str | None) -> Condition | None:
    left = _column(read, alias)
    if left is not None:
        if read.word("in"):
            return _listed(read, left)
        if read.take("punct", "=") is None:
            return None
        value = _value(read)
        return None if value is None else Condition(left[0], value, left[1])
    value = _value(read)
    if value is None or read.take("punct", "=") is None:
        return None
    right = _column(read, alias)
    return None if right is None else Condition(right[0], value, right[1])


def _listed(read: _Reader, column: tuple[str, str]) -> Condition | None:
    """``column IN ('a', 'b')``: literals only."""
    if read.take("punct", "(") is None:
        return None
    values: list[str] = []
    while True:
        literal = read.take("string")
        if literal is None:
            return None
        values.append(literal[1:-1].replace("''", "'"))
        if read.take("punct", ")") is not None:
            return Condition(column[0], values[0], column[1], tuple(values[1:]))
        if read.take("punct", ",") is None:
            return None


def _column(read: _Reader, alias: str | None) -> tuple[str, str] | None:
    """A column (``c``, ``alias.c``, ``lower(c)``, ``upper(c)``): (name, fold)."""
    kind, word = read.peek()
    if kind != "word" or word in _CURRENT:
        return None
    if word in ("lower", "upper") and read.peek(1) == ("punct", "("):
        read.at += 2
        inner = _column(read, alias)
        if inner is None or inner[1] or read.take("punct", ")") is None:
            return None
        return inner[0], word
    read.at += 1
    if read.take("punct", "."):
        if word != alias:
            return None
        name = read.take("word")
        return None if name is None else (name.lower(), "")
    return word.lower(), ""


def _value(read: _Reader) -> str | None:
    literal = read.take("string")
    if literal is not None:
        return literal[1:-1].replace("''", "'")
    if read.peek()[0] == "word" and read.peek()[1] in _CURRENT:
        word = read.peek()[1]
        read.at += 1
        if read.take("punct", "("):
            if read.take("punct", ")") is None:
                return None
        elif word != "current_schema":
            return None  # DATABASE and SCHEMA are functions only
        return CURRENT_SCHEMA
    return None


_SCHEMA_COLUMNS = frozenset({"table_schema", "constraint_schema", "index_schema", "routine_schema"})


#: Columns naming the object a query looks for (one must be tested: a
#: count of every row takes in Liquibase's own tables and the system's).
_NAME_COLUMNS = frozenset(
    {
        "table_name",
        "column_name",
        "constraint_name",
        "index_name",
        "routine_name",
        "relname",
        "tablename",
        "indexname",
        "viewname",
        "conname",
        "typname",
    }
)


def answerable(check: SqlCheck, family: str | None) -> bool:
    """Whether the model can count ``check`` on a database of ``family``
    (``postgres``/``mysql``): its view exists there, its conditions name its
    columns, one an object's name (not one of Liquibase's own
    ``databasechangelog*`` tables, which the files do not make); MySQL/MariaDB's
    need a schema condition that is the current schema (the server's other
    databases share ``information_schema``; a literal names a database the
    files do not), and a table name beside a key called ``PRIMARY`` (every
    table's primary key is); PostgreSQL's ``table_constraints`` a constraint
    name, or a table name and a type other than ``CHECK`` (every ``NOT NULL``
    is a ``CHECK`` row with a generated name); a ``pg_class`` name not a
    system catalog's (``pg_``)."""
    columns = VIEWS[check.view].get(family or "")
    if columns is None or any(c.column not in columns for c in check.conditions):
        return False
    tested = {c.column for c in check.conditions}
    if not tested & _NAME_COLUMNS or any(
        v.lower().startswith("databasechangelog") for c in check.conditions for v in c.values
    ):
        return False
    if family == "mysql":
        schemas = [c for c in check.conditions if c.column in _SCHEMA_COLUMNS]
        if not schemas or any(c.values != (CURRENT_SCHEMA,) for c in schemas):
            return False
        primary = any(
            c.column in ("constraint_name", "index_name") and "PRIMARY" in map(str.upper, c.values)
            for c in check.conditions
        )
        if primary and "table_name" not in tested:
            return False
    if check.view == "information_schema.table_constraints" and family == "postgres":
        typed = any(
            c.column == "constraint_type" and all(v.upper() != "CHECK" for v in c.values)
            for c in check.conditions
        )
        if "constraint_name" not in tested and not (typed and "table_name" in tested):
            return False
    return not (
        check.view == "pg_catalog.pg_class"
        and any(
            c.column == "relname" and any(v.lower().startswith("pg_") for v in c.values)
            for c in check.conditions
        )
    )


def family_of(dialect: str) -> str | None:
    """``postgres`` or ``mysql`` for a dialect of those families, else None."""
    from dbnamelint.dialects import Family, profile_for

    family = profile_for(dialect).implicit_names
    return {Family.POSTGRES: "postgres", Family.MYSQL: "mysql"}.get(family)
