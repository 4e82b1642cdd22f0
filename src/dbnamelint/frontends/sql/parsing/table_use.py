"""Statements that work on a table without naming anything (``EventOp.USE``).

``TRUNCATE t``, ``COPY t FROM``, ``ALTER TABLE t ALTER COLUMN c SET NOT
NULL``: no name is made, renamed or dropped, but the database refuses them
when ``t`` is a view (DBN022), the usual case being the compatibility view a
rename phase leaves under the old name. ALTER TABLE actions are read with
the rest of ALTER TABLE (:func:`alter_action`). The other statements are
not DDL and the reader passes over them untokenized; the few read here are
matched by a pattern instead (a pg_dump has a ``COPY`` per table and a
``COMMENT ON TABLE`` for many: tokenizing them would slow every such run). A
comment written inside the name part leaves the statement unread.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family
from dbnamelint.frontends.sql.parsing.lexer import TokenType
from dbnamelint.frontends.sql.parsing.tokens import Cursor
from dbnamelint.model import Event, EventOp, Location, ObjectKind, Statement

# Read once, not per statement: on Python 3.11 reading ``ObjectKind.TABLE`` goes through
# ``EnumType.__getattr__``'s slow path (about five times a global's cost;
# 3.12 removed it).
_USE, _TABLE, _L_PAREN = EventOp.USE, ObjectKind.TABLE, TokenType.L_PAREN
_MYSQL, _POSTGRES = Family.MYSQL, Family.POSTGRES

#: The statement heads read here (:func:`uses_table` tells which statements).
USE_HEADS = frozenset(
    {"TRUNCATE", "COPY", "CLUSTER", "REINDEX", "COMMENT", "REFRESH"}
    | {"INSERT", "UPDATE", "DELETE", "GRANT", "REVOKE", "REPLACE"}
)

_PG_NAME = r'(?:"(?:[^"]|"")+"|[^\W\d][\w$]*)'
_MY_NAME = r"(?:`(?:[^`]|``)+`|[\w$]+)"
_PARENS = r"(?:\([^)]*\)\s*)?"


def _qualified(name: str) -> str:
    return rf"({name}(?:\s*\.\s*{name})*)"


_PG_QNAME = _qualified(_PG_NAME)
#: PostgreSQL (and SQLite's data statements): per head word, the statement's
#: opening words up to the (first) relation, and what the statement is.
_POSTGRES_USE: dict[str, tuple[re.Pattern[str], str]] = {
    "TRUNCATE": (lazy_compile(r"\s*TRUNCATE\s+(?:TABLE\s+)?", re.I), "truncate"),
    "COPY": (lazy_compile(rf"\s*COPY\s+(?={_PG_NAME})", re.I), "copy"),
    "CLUSTER": (
        lazy_compile(
            rf"\s*CLUSTER\s*{_PARENS}(?:VERBOSE\s+)?"
            rf"(?=(?!(?:ON|VERBOSE)\b){_PG_QNAME}\s*(?:USING\b|;|$))",
            re.I,
        ),
        "cluster",
    ),
    "REINDEX": (
        lazy_compile(rf"\s*REINDEX\s*{_PARENS}TABLE\s+(?:CONCURRENTLY\s+)?", re.I),
        "reindex",
    ),
    "COMMENT": (lazy_compile(r"\s*COMMENT\s+ON\s+TABLE\s+", re.I), "comment"),
    "REFRESH": (
        lazy_compile(r"\s*REFRESH\s+MATERIALIZED\s+VIEW\s+(?:CONCURRENTLY\s+)?", re.I),
        "refresh",
    ),
    # Data statements and privileges name the table too: a migration after a
    # rename that still writes the old name is refused (DBN028). SQLite's
    # INSERT OR REPLACE, UPDATE OR IGNORE.
    "INSERT": (lazy_compile(r"\s*INSERT\s+(?:OR\s+[A-Za-z]+\s+)?INTO\s+", re.I), "insert"),
    "UPDATE": (lazy_compile(r"\s*UPDATE\s+(?:OR\s+[A-Za-z]+\s+)?", re.I), "update"),
    "DELETE": (lazy_compile(r"\s*DELETE\s+FROM\s+", re.I), "delete"),
    # GRANT/REVOKE ... ON [TABLE] t, u: not ON ALL TABLES IN SCHEMA, SEQUENCE, FUNCTION...
    **{
        word: (
            lazy_compile(
                rf"\s*{word}\s[^;]*?\bON\s+(?:TABLE\s+)?"
                r"(?!(?:ALL|SEQUENCE|FUNCTION|PROCEDURE|ROUTINE|SCHEMA|DATABASE|DOMAIN|TYPE"
                r"|LANGUAGE|LARGE|FOREIGN|TABLESPACE|PARAMETER)\b)",
                re.I,
            ),
            "grant",
        )
        for word in ("GRANT", "REVOKE")
    },
}
#: MySQL/MariaDB: TRUNCATE and the data statements (the manual's INSERT,
#: REPLACE, UPDATE and single-table DELETE syntax, modifiers included).
_MYSQL_USE: dict[str, tuple[re.Pattern[str], str]] = {
    "TRUNCATE": _POSTGRES_USE["TRUNCATE"],
    **{
        word: (
            lazy_compile(
                rf"\s*{word}\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*(?:INTO\s+)?",
                re.I,
            ),
            "insert",
        )
        for word in ("INSERT", "REPLACE")
    },
    "UPDATE": (lazy_compile(r"\s*UPDATE\s+(?:(?:LOW_PRIORITY|IGNORE)\s+)*", re.I), "update"),
    "DELETE": (
        lazy_compile(r"\s*DELETE\s+(?:(?:LOW_PRIORITY|QUICK|IGNORE)\s+)*FROM\s+", re.I),
        "delete",
    ),
}
#: SQLite: its data statements, read as PostgreSQL's (it takes "x" names).
_SQLITE_USE = {word: _POSTGRES_USE[word] for word in ("INSERT", "UPDATE", "DELETE")}
_USE_BY_FAMILY = {
    Family.POSTGRES: _POSTGRES_USE,
    Family.MYSQL: _MYSQL_USE,
    Family.SQLITE: _SQLITE_USE,
}
_PG_TARGET = lazy_compile(rf"(?:ONLY\s+)?{_PG_QNAME}\s*\*?\s*", re.IGNORECASE)
_MY_TARGET = lazy_compile(rf"{_qualified(_MY_NAME)}\s*")
_COPY_DIRECTION = lazy_compile(rf"{_PARENS}(FROM|TO)\b", re.IGNORECASE)
_PG_PART = lazy_compile(_PG_NAME)
_MY_PART = lazy_compile(_MY_NAME)
#: What each statement does, as DBN022's table of PostgreSQL's answers says it.
_ACTIONS = {
    "truncate": "TRUNCATE",
    "cluster": "CLUSTER",
    "reindex": "REINDEX TABLE",
    "comment": "COMMENT ON TABLE",
    "refresh": "REFRESH MATERIALIZED VIEW",
    "insert": "INSERT",
    "update": "UPDATE",
    "delete": "DELETE",
}
#: Data statements: a run of them on one table is one use (:func:`read_use`).
_DATA = frozenset({"insert", "update", "delete"})
#: Statements naming several tables, comma-separated.
_LISTS = frozenset({"truncate", "grant"})


def uses_table(head: str, family: Family) -> bool:
    """Whether a statement opening with ``head`` (upper case; one of
    :data:`USE_HEADS`) may be read here: PostgreSQL's statements, MySQL's and
    SQLite's TRUNCATE and data statements."""
    return head in _USE_BY_FAMILY.get(family, {})


def read_use(
    statement: Statement, family: Family, head: str, previous: Event | None = None
) -> list[Event]:
    """One USE event per relation the statement works on (TRUNCATE and
    GRANT list several); none when it is not one of those read here.
    ``head``: the statement's first word, upper case (:func:`uses_table`).

    ``previous``: the last event read before this statement. A data
    statement on the relation it names, in the same file, gives none: a
    seed's thousands of INSERTs into one table are one use (nothing between
    them renamed it), read at the speed of the statements the reader skips.
    """
    mysql = family is _MYSQL
    found_head = _USE_BY_FAMILY.get(family, {}).get(head)
    if found_head is None:
        return []
    pattern, kind = found_head
    opening = pattern.match(statement.text)
    if opening is None:
        return []
    target = _MY_TARGET if mysql else _PG_TARGET
    text, at = statement.text, opening.end()
    found: list[tuple[int, str, str]] = []  # (offset, qualified name as written, action)
    while (name := target.match(text, at)) is not None:
        action = head if kind == "grant" else _ACTIONS.get(kind, "")
        at = name.end()
        if kind == "copy":
            direction = _COPY_DIRECTION.match(text, at)
            if direction is None:
                return []
            action = f"COPY {direction.group(1).upper()}"
        found.append((name.start(1), name.group(1), action))
        if kind not in _LISTS or not text.startswith(",", at):
            break
        at = len(text) - len(text[at + 1 :].lstrip())
    events = []
    for offset, written, action in found:
        if "." in written:  # schema-qualified (a dot inside a quoted name splits nothing)
            parts = [p.group(0) for p in (_MY_PART if mysql else _PG_PART).finditer(written)]
            last_at = written.rindex(parts[-1])
        else:
            parts, last_at = [written], 0
        last = parts[-1]
        if (
            previous is not None
            and kind in _DATA
            and previous.op is _USE
            and previous.action == action
            and previous.source is statement.source
            and previous.name == _unquote(last)
            and previous.schema == (_unquote(parts[-2]) if len(parts) > 1 else None)
        ):
            return []
        events.append(
            Event(
                op=_USE,
                kind=_TABLE,
                name=_unquote(last),
                location=_location(statement, offset + last_at),
                source=statement.source,
                schema=_unquote(parts[-2]) if len(parts) > 1 else None,
                quoted=last[:1] in '"`',
                suppressions=statement.comments,
                statement=statement.offset,
                action=action,
            )
        )
    return events


def _unquote(part: str) -> str:
    quote = part[:1]
    if quote in '"`' and len(part) > 1:
        return part[1:-1].replace(quote * 2, quote)
    return part


def _location(statement: Statement, offset: int) -> Location:
    """Where character ``offset`` of the statement's text is in its file."""
    text, base = statement.text, statement.location
    line = text.count("\n", 0, offset)
    if line == 0:
        return Location(base.path, base.line, base.column + offset)
    return Location(base.path, base.line + line, offset - text.rindex("\n", 0, offset))


#: PostgreSQL ALTER TABLE actions that change no name, in the words its
#: error gives them (``alterTableCmdString``, tablecmds.c), longest first.
#: Absent, because a view takes them: RENAME, OWNER TO, SET SCHEMA, SET (...)
#: / RESET (...) (a view's options), ALTER COLUMN SET/DROP DEFAULT.
_POSTGRES_ACTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("ENABLE", "ROW", "LEVEL", "SECURITY"), "ENABLE ROW SECURITY"),
    (("DISABLE", "ROW", "LEVEL", "SECURITY"), "DISABLE ROW SECURITY"),
    (("NO", "FORCE", "ROW", "LEVEL", "SECURITY"), "NO FORCE ROW SECURITY"),
    (("FORCE", "ROW", "LEVEL", "SECURITY"), "FORCE ROW SECURITY"),
    (("ENABLE", "TRIGGER", "ALL"), "ENABLE TRIGGER ALL"),
    (("ENABLE", "TRIGGER", "USER"), "ENABLE TRIGGER USER"),
    (("ENABLE", "ALWAYS", "TRIGGER"), "ENABLE ALWAYS TRIGGER"),
    (("ENABLE", "REPLICA", "TRIGGER"), "ENABLE REPLICA TRIGGER"),
    (("ENABLE", "TRIGGER"), "ENABLE TRIGGER"),
    (("DISABLE", "TRIGGER", "ALL"), "DISABLE TRIGGER ALL"),
    (("DISABLE", "TRIGGER", "USER"), "DISABLE TRIGGER USER"),
    (("DISABLE", "TRIGGER"), "DISABLE TRIGGER"),
    (("ENABLE", "ALWAYS", "RULE"), "ENABLE ALWAYS RULE"),
    (("ENABLE", "REPLICA", "RULE"), "ENABLE REPLICA RULE"),
    (("ENABLE", "RULE"), "ENABLE RULE"),
    (("DISABLE", "RULE"), "DISABLE RULE"),
    (("VALIDATE", "CONSTRAINT"), "VALIDATE CONSTRAINT"),
    (("CLUSTER", "ON"), "CLUSTER ON"),
    (("SET", "WITHOUT", "CLUSTER"), "SET WITHOUT CLUSTER"),
    (("SET", "WITHOUT", "OIDS"), "SET WITHOUT OIDS"),
    (("SET", "LOGGED"), "SET LOGGED"),
    (("SET", "UNLOGGED"), "SET UNLOGGED"),
    (("SET", "TABLESPACE"), "SET TABLESPACE"),
    (("SET", "ACCESS", "METHOD"), "SET ACCESS METHOD"),
    (("REPLICA", "IDENTITY"), "REPLICA IDENTITY"),
    (("NO", "INHERIT"), "NO INHERIT"),
    (("INHERIT",), "INHERIT"),
    (("NOT", "OF"), "NOT OF"),
    (("OF",), "OF"),
)
#: ``ALTER [COLUMN] c ...`` actions a view does not take (SET/DROP DEFAULT it does).
_POSTGRES_COLUMN_ACTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("SET", "NOT", "NULL"), "SET NOT NULL"),
    (("DROP", "NOT", "NULL"), "DROP NOT NULL"),
    (("SET", "STATISTICS"), "SET STATISTICS"),
    (("SET", "STORAGE"), "SET STORAGE"),
    (("SET", "COMPRESSION"), "SET COMPRESSION"),
    (("DROP", "EXPRESSION"), "DROP EXPRESSION"),
    (("SET", "("), "SET"),
    (("RESET", "("), "RESET"),
)


#: The words those actions start with: ``OWNER TO`` (one per table in a
#: pg_dump) is passed over at the first look.
_STARTS = frozenset(w[0] for w, _ in (*_POSTGRES_ACTIONS, *_POSTGRES_COLUMN_ACTIONS))


def _first(cur: Cursor, actions: tuple[tuple[tuple[str, ...], str], ...]) -> str | None:
    word = cur.word(cur.i)
    if not word or word[0] not in _STARTS:
        return None
    for words, said in actions:
        if words[-1] == "(":
            if cur.at(*words[:-1]) and _paren_after(cur, len(words) - 1):
                return said
        elif cur.at(*words):
            return said
    return None


def _paren_after(cur: Cursor, k: int) -> bool:
    tok = cur.peek(k)
    return tok is not None and tok.token_type is _L_PAREN


#: MySQL/MariaDB refuse every ALTER TABLE of a view alike (ERROR 1347).
MYSQL_ALTER = "ALTER TABLE"


def alter_action(cur: Cursor) -> str | None:
    """What an ALTER TABLE action at the cursor that names nothing is, in
    PostgreSQL's words (MySQL: :data:`MYSQL_ALTER`); None when a view takes
    it or it is not known. The cursor does not move."""
    family = cur.profile.family
    if family is Family.POSTGRES:
        return _first(cur, _POSTGRES_ACTIONS)
    return MYSQL_ALTER if family is Family.MYSQL else None


def alter_column_action(cur: Cursor) -> str | None:
    """As :func:`alter_action`, after ``ALTER [COLUMN] c`` (not MySQL's MODIFY)."""
    family = cur.profile.family
    if family is _POSTGRES:
        said = _first(cur, _POSTGRES_COLUMN_ACTIONS)
        return f"ALTER COLUMN ... {said}" if said is not None else None
    return MYSQL_ALTER if family is _MYSQL else None
