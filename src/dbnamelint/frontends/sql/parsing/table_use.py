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
from dbnamelint.positions import LineIndex

#: The statement heads read here (:func:`uses_table` tells which statements).
USE_HEADS = frozenset({"TRUNCATE", "COPY", "CLUSTER", "REINDEX", "COMMENT", "REFRESH"})

_PG_NAME = r'(?:"(?:[^"]|"")+"|[^\W\d][\w$]*)'
_MY_NAME = r"(?:`(?:[^`]|``)+`|[\w$]+)"
_PARENS = r"(?:\([^)]*\)\s*)?"


def _qualified(name: str) -> str:
    return rf"({name}(?:\s*\.\s*{name})*)"


_PG_QNAME = _qualified(_PG_NAME)
#: PostgreSQL: the statement's opening words, up to the (first) relation.
_POSTGRES_USE = lazy_compile(
    rf"\s*(?:(?P<truncate>TRUNCATE)\s+(?:TABLE\s+)?"
    rf"|(?P<copy>COPY)\s+(?={_PG_NAME})"
    rf"|(?P<cluster>CLUSTER)\s*{_PARENS}(?:VERBOSE\s+)?(?=(?!(?:ON|VERBOSE)\b){_PG_QNAME}\s*(?:USING\b|;|$))"
    rf"|(?P<reindex>REINDEX)\s*{_PARENS}TABLE\s+(?:CONCURRENTLY\s+)?"
    rf"|(?P<comment>COMMENT)\s+ON\s+TABLE\s+"
    rf"|(?P<refresh>REFRESH)\s+MATERIALIZED\s+VIEW\s+(?:CONCURRENTLY\s+)?)",
    re.IGNORECASE,
)
_MYSQL_USE = lazy_compile(r"\s*(?P<truncate>TRUNCATE)\s+(?:TABLE\s+)?", re.IGNORECASE)
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
}


def uses_table(text: str, family: Family) -> bool:
    """Whether ``text`` (its head one of :data:`USE_HEADS`) may be read here."""
    return family is Family.POSTGRES or (family is Family.MYSQL and text.lstrip()[:1] in "Tt")


def read_use(statement: Statement, family: Family) -> list[Event]:
    """One USE event per relation the statement works on (TRUNCATE lists
    several); none when it is not one of those read here."""
    mysql = family is Family.MYSQL
    head = (_MYSQL_USE if mysql else _POSTGRES_USE).match(statement.text)
    if head is None:
        return []
    kind = next(k for k, v in head.groupdict().items() if v is not None)
    target = _MY_TARGET if mysql else _PG_TARGET
    text, at = statement.text, head.end()
    found: list[tuple[int, str, str]] = []  # (offset, qualified name as written, action)
    while (name := target.match(text, at)) is not None:
        action = _ACTIONS.get(kind, "")
        at = name.end()
        if kind == "copy":
            direction = _COPY_DIRECTION.match(text, at)
            if direction is None:
                return []
            action = f"COPY {direction.group(1).upper()}"
        found.append((name.start(1), name.group(1), action))
        if kind != "truncate" or not text.startswith(",", at):
            break
        at = len(text) - len(text[at + 1 :].lstrip())
    index = LineIndex(text) if found else None
    events = []
    for offset, written, action in found:
        parts = list((_MY_PART if mysql else _PG_PART).finditer(written))
        last = parts[-1]
        quoted = last.group(0)[:1] in '"`'
        assert index is not None
        events.append(
            Event(
                op=EventOp.USE,
                kind=ObjectKind.TABLE,
                name=_unquote(last.group(0)),
                location=_location(statement, index, offset + last.start()),
                source=statement.source,
                schema=_unquote(parts[-2].group(0)) if len(parts) > 1 else None,
                quoted=quoted,
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


def _location(statement: Statement, index: LineIndex, offset: int) -> Location:
    line, column = index.line_col(offset)
    base = statement.location
    if line == 1:
        return Location(base.path, base.line, base.column + column - 1)
    return Location(base.path, base.line + line - 1, column)


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
    return tok is not None and tok.token_type is TokenType.L_PAREN


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
    if family is Family.POSTGRES:
        said = _first(cur, _POSTGRES_COLUMN_ACTIONS)
        return f"ALTER COLUMN ... {said}" if said is not None else None
    return MYSQL_ALTER if family is Family.MYSQL else None
