"""DDL statements -> naming events, read from sqlglot's tokens.

One function per statement family. Each reads just enough of the grammar to
know which names a statement creates, renames or drops, and where they are
written; everything else in the statement is skipped by paren depth. A
statement of a DDL family we do not understand raises :class:`ReadError`,
which the caller turns into a located diagnostic: nothing is dropped quietly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType

from msgspec import Struct, field
from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for
from dbnamelint.frontends.sql.parsing import lexer
from dbnamelint.frontends.sql.parsing.colname import figure
from dbnamelint.frontends.sql.parsing.guard import (
    CLICKHOUSE_NAMELESS_ACTIONS,
    INDEX_OPTIONS,
    STRICT_DIALECTS,
    TABLE_OPTIONS,
    glued_in,
    unknown_action,
    unread_trailer,
)
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.frontends.sql.parsing.table_use import (
    MYSQL_ALTER,
    alter_action,
    alter_column_action,
)
from dbnamelint.frontends.sql.parsing.tokens import Cursor, NameTok, QName, ReadError, words_of
from dbnamelint.frontends.sql.parsing.view_scopes import cte_key, view_levels
from dbnamelint.frontends.sql.parsing.view_stars import (
    item_name,
    query_shape,
    read_with,
    view_from,
    within_group,
)
from dbnamelint.frontends.sql.parsing.view_stars import select_alias as _select_alias
from dbnamelint.frontends.sql.parsing.virtual import KNOWN_MODULES, module_columns
from dbnamelint.model import (
    EXCHANGE_SCRATCH,
    ConstraintType,
    Event,
    EventOp,
    IndexText,
    ObjectKind,
    QualifiedName,
    Statement,
    ViewLevel,
    ViewQuery,
    ViewSource,
    ViewStar,
)

# Members read on every token or statement, read once: on Python 3.11
# reading ``TokenType.COMMA`` goes through ``EnumType.__getattr__``'s slow
# path (about five times a global's cost; 3.12 removed it).
_L_PAREN, _R_PAREN, _COMMA = TokenType.L_PAREN, TokenType.R_PAREN, TokenType.COMMA
_DOT, _STAR, _STRING = TokenType.DOT, TokenType.STAR, TokenType.STRING
_VAR, _IDENTIFIER = TokenType.VAR, TokenType.IDENTIFIER
_DCOLON, _ALIAS = TokenType.DCOLON, TokenType.ALIAS
_CREATE, _PRIMARY_KEY, _POSTGRES = EventOp.CREATE, ConstraintType.PRIMARY_KEY, Family.POSTGRES
_TABLE, _COLUMN, _CONSTRAINT = ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.CONSTRAINT
_INDEX, _FUNCTION = ObjectKind.INDEX, ObjectKind.FUNCTION


class Emitter(Struct):
    """Builds events for one statement, stamping source and comments."""

    statement: Statement
    cursor: Cursor
    events: list[Event] = field(default_factory=list)
    #: What the statement says that was not read (:mod:`.guard`): the token
    #: where it stands and what to say of it, for a located diagnostic.
    unread: list[tuple[Token, str]] = field(default_factory=list)
    #: What a statement says that was read but not understood (a virtual
    #: table's unknown module): the token and what to say, for a DBN005 warning.
    notes: list[tuple[Token, str]] = field(default_factory=list)
    #: ``ALTER TABLE IF EXISTS``: stamped on every event naming a table
    #: (``Event.table_if_exists``).
    table_if_exists: bool = False

    def piece(self, cursor: Cursor) -> Emitter:
        """An emitter for a part of the statement (a column, an action)."""
        return Emitter(
            self.statement, cursor, self.events, self.unread, self.notes, self.table_if_exists
        )

    def check(self, found: tuple[Token, str] | None) -> None:
        """Keep what a guard check found (nothing when ``None``)."""
        if found is not None:
            self.unread.append(found)

    def emit(
        self,
        op: EventOp,
        kind: ObjectKind,
        name: NameTok | None,
        *,
        schema: str | None = None,
        table: QName | None = None,
        at: Token | None = None,
        new: NameTok | None = None,
        **details: object,
    ) -> None:
        """Record one event; ``at`` locates unnamed objects."""
        tok = name.token if name is not None else at
        self.events.append(
            Event(
                op=op,
                kind=kind,
                name=name.name if name is not None else None,
                location=self.cursor.location(tok),
                source=self.statement.source,
                schema=schema,
                quoted=name.quoted if name is not None else False,
                table=table.qualified() if table is not None else None,
                new_name=new.name if new is not None else None,
                new_quoted=new.quoted if new is not None else False,
                new_location=self.cursor.location(new.token) if new is not None else None,
                suppressions=self.statement.comments,
                statement=self.statement.offset,
                table_if_exists=self.table_if_exists and table is not None,
                **details,  # type: ignore[arg-type]
            )
        )


# Object words after CREATE/ALTER/DROP -> our kind. Order matters: longer first.
_KIND_WORDS: tuple[tuple[tuple[str, ...], ObjectKind], ...] = (
    (("MATERIALIZED", "VIEW"), ObjectKind.MATERIALIZED_VIEW),
    (("FOREIGN", "TABLE"), ObjectKind.TABLE),
    (("CONSTRAINT", "TRIGGER"), ObjectKind.TRIGGER),
    (("TABLE",), ObjectKind.TABLE),
    (("VIEW",), ObjectKind.VIEW),
    (("INDEX",), ObjectKind.INDEX),
    (("SEQUENCE",), ObjectKind.SEQUENCE),
    (("TYPE",), ObjectKind.TYPE),
    (("DOMAIN",), ObjectKind.DOMAIN),
    (("SCHEMA",), ObjectKind.SCHEMA),
    (("TRIGGER",), ObjectKind.TRIGGER),
    (("POLICY",), ObjectKind.POLICY),
    (("FUNCTION",), ObjectKind.FUNCTION),
    (("PROCEDURE",), ObjectKind.FUNCTION),
    (("PROC",), ObjectKind.FUNCTION),
)

#: CREATE/ALTER/DROP of these objects carries no name we check.
HARMLESS_OBJECTS: tuple[tuple[str, ...], ...] = (
    ("EXTENSION",),
    ("DATABASE",),
    ("ROLE",),
    ("USER", "MAPPING"),
    ("USER",),
    ("GROUP",),
    ("LOGIN",),
    ("RULE",),
    ("AGGREGATE",),
    ("OPERATOR",),
    ("CAST",),
    ("COLLATION",),
    ("CONVERSION",),
    ("PUBLICATION",),
    ("SUBSCRIPTION",),
    ("SERVER",),
    ("FOREIGN", "DATA", "WRAPPER"),
    ("TEXT", "SEARCH"),
    ("LANGUAGE",),
    ("PROCEDURAL", "LANGUAGE"),
    ("TRUSTED", "LANGUAGE"),
    ("TRANSFORM",),
    ("ACCESS", "METHOD"),
    ("STATISTICS",),
    ("TABLESPACE",),
    ("EVENT", "TRIGGER"),
    ("EVENT",),
    ("SYNONYM",),
    ("PROPERTY", "GRAPH"),
    # Oracle
    ("PACKAGE",),
    ("DIRECTORY",),
    ("LIBRARY",),
    ("CONTEXT",),
    ("JAVA",),
    ("DATABASE", "LINK"),
    ("PUBLIC", "SYNONYM"),
    ("PUBLIC", "DATABASE", "LINK"),
    # Snowflake, BigQuery, Databricks and other warehouses
    ("STAGE",),
    ("FILE", "FORMAT"),
    ("WAREHOUSE",),
    ("TASK",),
    ("PIPE",),
    ("STREAM",),
    ("SECRET",),
    ("INTEGRATION",),
    ("STORAGE", "INTEGRATION"),
    ("NOTIFICATION", "INTEGRATION"),
    ("API", "INTEGRATION"),
    ("NETWORK", "RULE"),
    ("MASKING", "POLICY"),
    ("ROW", "ACCESS", "POLICY"),
    ("AUTHENTICATION", "POLICY"),
    ("PASSWORD", "POLICY"),
    ("SESSION", "POLICY"),
    ("TAG",),
    ("SHARE",),
    ("ALERT",),
    ("RESOURCE", "MONITOR"),
    ("NOTEBOOK",),
    ("MODEL",),
    ("CATALOG",),
    ("CONNECTION",),
    ("CAPACITY",),
    ("RESERVATION",),
    ("ASSIGNMENT",),
    ("SNAPSHOT", "TABLE"),
    ("DEFAULT", "PRIVILEGES"),
    ("SYSTEM",),
    ("LARGE", "OBJECT"),
    ("OPERATOR", "CLASS"),
    ("OPERATOR", "FAMILY"),
    ("SECURITY", "LABEL"),
    ("SECURITY", "POLICY"),
    # PostgreSQL DROP OWNED BY r, MySQL DROP PREPARE s
    ("OWNED",),
    ("PREPARE",),
    # SQL Server: no names we check (a full-text index has none: one per table)
    ("FULLTEXT", "INDEX"),
    ("STOPLIST",),
    ("SEARCH", "PROPERTY", "LIST"),
    ("XML", "SCHEMA", "COLLECTION"),
    ("DATA", "SOURCE"),
    ("EXTERNAL", "DATA", "SOURCE"),
    ("EXTERNAL", "FILE", "FORMAT"),
    ("CREDENTIAL",),
    ("AUTHORIZATION",),
    ("TEXT", "SEARCH", "CONFIGURATION"),
    ("CERTIFICATE",),
    ("MASTER", "KEY"),
    ("ASSEMBLY",),
    ("FULLTEXT", "CATALOG"),
    ("PARTITION", "FUNCTION"),
    ("PARTITION", "SCHEME"),
    ("CHANGEFEED",),
    ("VIRTUAL", "CLUSTER"),
    ("TENANT",),
    ("RANGE",),
    ("ZONE",),
    # ClickHouse access entities, as its USER and ROLE (manual, "Access Control
    # and Account Management"): [ROW] POLICY is a ClickHouse row policy here
    ("QUOTA",),
    ("ROW", "POLICY"),
    ("SETTINGS", "PROFILE"),
    ("PROFILE",),
    ("NAMED", "COLLECTION"),
)

_CREATE_MODIFIERS: tuple[tuple[str, ...], ...] = (
    ("OR", "REPLACE"),
    ("OR", "ALTER"),
    ("GLOBAL",),
    ("LOCAL",),
    ("TEMPORARY",),
    ("TEMP",),
    ("UNLOGGED",),
    ("RECURSIVE",),
    ("VIRTUAL",),
    ("CLUSTERED",),
    ("NONCLUSTERED",),
    ("FULLTEXT",),
    ("SPATIAL",),
    ("BITMAP",),
    ("COLUMNSTORE",),
    # Snowflake / Teradata / Databricks / ClickHouse table modifiers
    ("TRANSIENT",),
    ("DYNAMIC",),
    ("EXTERNAL",),
    ("ICEBERG",),
    ("HYBRID",),
    ("VOLATILE",),
    ("MULTISET",),
    ("STREAMING",),
    ("LIVE",),
    ("INVERTED",),
    ("VECTOR",),
    ("TRUSTED",),
    ("SECURE",),
    ("ONLINE",),
    ("OFFLINE",),
    ("IGNORE",),
    ("NO", "FORCE"),
    ("FORCE",),
    # Oracle: DBMS_METADATA / SQL Developer exports write these on every
    # view, trigger and program unit.
    ("EDITIONABLE",),
    ("NONEDITIONABLE",),
    ("EDITIONING",),
)


_MODIFIER_FIRST = frozenset(m[0] for m in _CREATE_MODIFIERS)
#: First words of everything :func:`read_create` reads between CREATE and the object word.
_CREATE_PREFIX_FIRST = _MODIFIER_FIRST | {
    "TEMPORARY",
    "TEMP",
    "OR",
    "UNIQUE",
    "DEFINER",
    "ALGORITHM",
    "SQL",
}


#: Words :func:`read_create`, :func:`read_alter` and :func:`read_drop` may
#: read right after their head (an object word, a modifier of any of the
#: three, ``IF``), and :func:`read_rename`'s and COMMENT's: a statement whose
#: second word is none of them is prose, no statement (:func:`may_start_ddl`).
_AFTER_ANY = frozenset(_CREATE_PREFIX_FIRST) | {
    "IF",
    "IGNORE",
    "ONLINE",
    "TEMPORARY",
    "EXTERNAL",
    "DICTIONARY",
}
_AFTER_HEAD = MappingProxyType(
    {
        "RENAME": frozenset({"TABLE", "TABLES", "DATABASE", "USER", "OBJECT", "DICTIONARY"}),
        "COMMENT": frozenset({"ON"}),
    }
)
_HARMLESS_FIRST = frozenset(words[0] for words in HARMLESS_OBJECTS)


def may_start_ddl(head: str, following: str) -> bool:
    """Whether a statement whose first two words are ``head`` (CREATE, ALTER,
    DROP, RENAME or COMMENT) and ``following`` is one the reader could read;
    False for prose such as ``Create All``, ``Drop it``, ``Rename it`` (a
    Laravel migration's permission names: closing confirmation s37
    BookStack). Other heads: True. Case-insensitive."""
    head, following = head.upper(), following.upper()
    if head in _AFTER_HEAD:
        return following in _AFTER_HEAD[head]
    if head not in ("CREATE", "ALTER", "DROP"):
        return True
    return following in _AFTER_ANY or following in _KINDS_BY_FIRST or following in _HARMLESS_FIRST


def _by_first_word(
    pairs: tuple[tuple[tuple[str, ...], ObjectKind], ...],
) -> dict[str, tuple[tuple[tuple[str, ...], ObjectKind], ...]]:
    """Index object words by their first word, keeping the longest-first order."""
    out: dict[str, list[tuple[tuple[str, ...], ObjectKind]]] = {}
    for words, kind in pairs:
        out.setdefault(words[0], []).append((words, kind))
    return {first: tuple(items) for first, items in out.items()}


_KINDS_BY_FIRST = MappingProxyType(_by_first_word(_KIND_WORDS))


def _kind_after(cur: Cursor) -> ObjectKind | None:
    first = cur.word(cur.i)
    for words, kind in _KINDS_BY_FIRST.get(first[0] if first else "", ()):
        if cur.accept(*words):
            return kind
    # sqlglot keeps some pairs as one token (T-SQL "NONCLUSTERED INDEX"):
    # a modifier word followed by the object word in the same token.
    joined = cur.word(cur.i)
    if len(joined) == 2 and joined[0] in _MODIFIER_FIRST:
        for words, kind in _KIND_WORDS:
            if words == joined[1:]:
                cur.i += 1
                return kind
    return None


def _harmless_after(cur: Cursor) -> bool:
    first = cur.word(cur.i)
    return bool(first) and any(cur.at(*words) for words in HARMLESS_OBJECTS if words[0] == first[0])


def _if_not_exists(cur: Cursor) -> bool:
    return cur.accept("IF", "NOT", "EXISTS")


def _if_exists(cur: Cursor) -> bool:
    return cur.accept("IF", "EXISTS")


# ---------------------------------------------------------------- CREATE


def read_create(em: Emitter) -> None:
    """``CREATE [modifiers] <object> ...``."""
    cur = em.cursor
    cur.expect("CREATE")
    or_replace = False
    unique = False
    temporary = False
    while True:
        first = cur.word(cur.i)
        if not first or first[0] not in _CREATE_PREFIX_FIRST:
            break  # the usual case: the object word follows CREATE at once
        if cur.at("TEMPORARY") or cur.at("TEMP"):
            temporary = True  # and consumed below, as a modifier
        if cur.accept("OR", "REPLACE") or cur.accept("OR", "ALTER"):
            or_replace = True
            continue
        if cur.accept("UNIQUE"):
            unique = True
            continue
        if cur.at("DEFINER") or cur.at("ALGORITHM"):
            # MySQL: DEFINER = `u`@`h` / ALGORITHM = MERGE
            cur.advance()
            if cur.at_type(TokenType.EQ):
                cur.advance()
            while cur.peek() is not None and not (
                cur.at("SQL") or cur.at("ALGORITHM") or _kind_word_next(cur)
            ):
                cur.advance()
            continue
        if cur.accept("SQL", "SECURITY"):
            cur.advance()
            continue
        if first[0] in _MODIFIER_FIRST and any(cur.accept(*m) for m in _CREATE_MODIFIERS):
            continue
        break
    fulltext = cur.i > 1 and cur.word(cur.i - 1) == ("FULLTEXT",)
    if cur.dialect_family == "clickhouse" and cur.accept("DICTIONARY"):
        _create_dictionary(em, or_replace)
        return
    kind = _kind_after(cur)
    if kind is None:
        if cur.at("STATISTICS") and cur.profile.family is Family.POSTGRES:
            _create_statistics(em)
            return
        if _harmless_after(cur):
            return
        raise ReadError("an object type after CREATE", cur.peek())
    if fulltext and kind is ObjectKind.INDEX and cur.dialect_family == "tsql":
        return  # SQL Server: a full-text index has no name (one per table)
    handler = _CREATE_HANDLERS[kind]
    first_event = len(em.events)
    procedure = kind is _FUNCTION and _procedure_word(cur)
    handler(em, kind, or_replace, unique)
    if procedure and first_event < len(em.events):
        em.events[first_event] = replace(em.events[first_event], procedure=True)
    if kind in _TEMPORARY_KINDS and first_event < len(em.events):
        table_event = em.events[first_event]
        # T-SQL: a table named #t (##t: global) is temporary too.
        if temporary or (table_event.name or "").startswith("#"):
            em.events[first_event] = replace(table_event, temporary=True)


#: What follows a ClickHouse dictionary's attributes (manual, "CREATE
#: DICTIONARY"): ``PRIMARY KEY k1, k2`` (names of its attributes), then in
#: any order ``SOURCE(...)``, ``LAYOUT(...)``, ``LIFETIME(...)``,
#: ``RANGE(...)``, ``SETTINGS(...)`` and ``COMMENT '...'``.
_DICTIONARY_CLAUSES = frozenset({"SOURCE", "LAYOUT", "LIFETIME", "RANGE", "SETTINGS"})
#: An attribute's properties after its type: ``DEFAULT``/``EXPRESSION expr``,
#: ``HIERARCHICAL``, ``BIDIRECTIONAL``, ``INJECTIVE``, ``IS_OBJECT_ID``.
_ATTRIBUTE_WORDS = frozenset({"DEFAULT", "EXPRESSION"})
_ATTRIBUTE_FLAGS = frozenset({"HIERARCHICAL", "BIDIRECTIONAL", "INJECTIVE", "IS_OBJECT_ID"})


def _create_dictionary(em: Emitter, or_replace: bool) -> None:
    """ClickHouse ``CREATE [OR REPLACE] DICTIONARY [IF NOT EXISTS] [db.]d
    (attr type [DEFAULT|EXPRESSION expr] [HIERARCHICAL|INJECTIVE|IS_OBJECT_ID],
    ...) PRIMARY KEY ... SOURCE(...) LAYOUT(...) LIFETIME(...) ...``
    (ClickHouse manual, "CREATE DICTIONARY"). A dictionary is read as a table
    whose columns are its attributes ("specified similarly to table columns";
    it is read with ``SELECT`` as a table is), so every table and column rule,
    whitelist entry and ``DROP``/``RENAME DICTIONARY`` works on it."""
    cur = em.cursor
    ine = _if_not_exists(cur)
    table = cur.qname("a dictionary name")
    em.emit(
        EventOp.CREATE,
        ObjectKind.TABLE,
        table.last,
        schema=table.schema,
        if_exists=ine,
        or_replace=or_replace,
    )
    if not cur.at_type(TokenType.L_PAREN):
        raise ReadError("'(' and the dictionary's attributes", cur.peek())
    pieces = cur.split_commas(
        in_parens=True,
        closing="')' closing the dictionary's attributes",
        empty="an attribute between the commas",
    )
    for piece in pieces:
        sub = em.piece(piece)
        col = piece.name("an attribute name")
        after_name = piece.i
        data_type = _data_type(sub)
        run_on = _next_column_run_on(piece, after_name)
        if run_on is not None:
            raise ReadError("',' before the next attribute", run_on)
        sub.emit(EventOp.CREATE, ObjectKind.COLUMN, col, table=table, data_type=data_type)
        _skip_to_words(piece, _ATTRIBUTE_WORDS | _ATTRIBUTE_FLAGS)  # past the type
        while not piece.done():
            word = piece.word(piece.i)
            if word and word[0] in _ATTRIBUTE_WORDS:
                piece.advance()
                _skip_to_words(piece, _ATTRIBUTE_FLAGS)  # the expression
            elif word and word[0] in _ATTRIBUTE_FLAGS:
                piece.advance()
            else:
                raise ReadError("an attribute property (DEFAULT, EXPRESSION...)", piece.peek())
    while not cur.done():
        word = cur.word(cur.i)
        if cur.accept("PRIMARY", "KEY"):
            _skip_to_words(cur, _DICTIONARY_CLAUSES | {"COMMENT"})
        elif word and word[0] in _DICTIONARY_CLAUSES:
            cur.advance()
            if not cur.at_type(TokenType.L_PAREN):
                raise ReadError(f"'(' after {word[0]}", cur.peek())
            cur.skip_group()
        elif (cur.accept("COMMENT") and cur.at_type(TokenType.STRING)) or cur.at_type(
            TokenType.SEMICOLON
        ):
            cur.advance()
        else:
            em.check((cur.advance(), f"{cur.tokens[cur.i - 1].text!r} {_UNREAD_CLAUSE}"))
            break
    cur.i = cur.end


_UNREAD_CLAUSE = (
    "was not read: not a clause of CREATE DICTIONARY, and a name written here would be lost"
)


def _skip_to_words(cur: Cursor, words: frozenset[str]) -> None:
    """Move past tokens (and whole ``(...)`` groups) up to the first of
    ``words``, or the end."""
    while not cur.done():
        word = cur.word(cur.i)
        if word and word[0] in words:
            return
        if cur.at_type(TokenType.L_PAREN):
            cur.skip_group()
        else:
            cur.advance()


def _procedure_word(cur: Cursor) -> bool:
    """Whether the object word just read is ``PROCEDURE`` (or T-SQL's ``PROC``)."""
    return cur.word(cur.i - 1) in (("PROCEDURE",), ("PROC",))


#: What CREATE TEMP can make (PostgreSQL: tables, views, sequences).
_TEMPORARY_KINDS = frozenset({ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.SEQUENCE})


def _kind_word_next(cur: Cursor) -> bool:
    return any(cur.at(*words) for words, _ in _KIND_WORDS)


def _create_table(em: Emitter, kind: ObjectKind, or_replace: bool, unique: bool) -> None:
    cur = em.cursor
    ine = _if_not_exists(cur)
    written = _sqlite_string_name(cur)
    table = QName((written,)) if written is not None else cur.qname("a table name")
    if cur.at("USING") and any(cur.word(j) == ("VIRTUAL",) for j in range(min(cur.i, 3))):
        _virtual_table(em, table, ine)  # SQLite CREATE VIRTUAL TABLE t USING module
        return
    # CREATE TABLE t PARTITION OF parent (...) / OF type / AS SELECT / LIKE
    parent: QName | None = None
    of_type: QName | None = None
    if cur.accept("PARTITION", "OF"):
        parent = cur.qname("a parent table")
    elif cur.accept("OF"):
        of_type = cur.qname("a type name")
    em.emit(
        _CREATE,
        ObjectKind.TABLE,
        table.last,
        schema=table.schema,
        if_exists=ine,
        or_replace=or_replace,
        partition_of=parent.qualified() if parent is not None else None,
        of_type=of_type.qualified() if of_type is not None else None,
    )
    table_event = len(em.events) - 1
    elements = -1  # no parentheses: no element list
    if cur.at_type(_L_PAREN):
        pieces = cur.split_commas(
            in_parens=True,
            closing="')' closing the table definition",
            empty="a column or constraint between the commas",
        )
        elements = len(pieces)
        read_table_elements(em, table, pieces)
    elif cur.at("LIKE"):
        # MySQL / Snowflake: CREATE TABLE b LIKE a (MySQL copies the indexes too).
        cur.advance()
        source = cur.qname("a table name after LIKE").qualified()
        copies = frozenset({"indexes"}) if cur.dialect_family == "mysql" else frozenset()
        em.events[table_event] = replace(em.events[table_event], like=source, like_copies=copies)
    elif cur.dialect_family == "clickhouse" and _at_clickhouse_as_table(cur):
        _clickhouse_as_table(em, table_event)
    options = cur.i
    read: frozenset[str] = frozenset()
    if elements >= 0:
        read = _table_options(em, table_event)
    if cur.dialect_family == "postgres" and cur.skip_until("PARTITION", "BY"):
        em.events[table_event] = replace(em.events[table_event], partitioned=True)
    cur.i = options
    if _at_query(cur):
        first = len(em.events)
        cur.accept("AS")
        read_query_columns(em, table, table_event, listed=elements > 0)
        if elements > 0:
            _named_before_query(em, table_event, first)
    cur.i = options
    strict = em.statement.source.dialect in STRICT_DIALECTS
    em.check(unread_trailer(cur, TABLE_OPTIONS, strict, read=read))
    cur.i = cur.end


def _at_clickhouse_as_table(cur: Cursor) -> bool:
    """At ``[CLONE] AS [db.]name`` or ``AS table_function(...)`` of a ClickHouse
    CREATE TABLE (not ``AS SELECT ...``, which :func:`_at_query` reads)."""
    j = cur.i + 1 if cur.at("CLONE", "AS") else cur.i
    if cur.word(j) != ("AS",) or j + 1 >= cur.end:
        return False
    nxt = cur.tokens[j + 1]
    following = cur.word(j + 1)
    return nxt.token_type is not TokenType.L_PAREN and not (
        following and following[0] in _QUERY_STARTS
    )


def _clickhouse_as_table(em: Emitter, table_event: int) -> None:
    """ClickHouse ``CREATE TABLE t [CLONE] AS [db.]src [ENGINE = e]`` and ``AS f(...)``.

    ClickHouse manual, CREATE TABLE, "With a Schema Similar to Other Table":
    the table gets "the same structure as another table"; InterpreterCreateQuery
    copies ``src``'s columns always, its data-skipping indexes and projections
    (under their names) when the new table's engine, written or taken from
    ``src``, is of the MergeTree family ("Secondary indices and projections
    make sense only for MergeTree family of storage engines"). Without an
    ENGINE clause the engine is ``src``'s, taken here to be a MergeTree one.
    ``AS table_function(...)`` ("From a Table Function"): the columns are the
    function's result structure, not written in the files (nor read here); no
    table of the function's name is copied.
    """
    cur = em.cursor
    cur.accept("CLONE")
    cur.expect("AS")
    source = cur.qname("a table or table function after AS")
    if cur.at_type(TokenType.L_PAREN):
        cur.split_commas(in_parens=True)  # the function's arguments
        return
    after = cur.i
    copies = frozenset({"indexes"})
    if cur.skip_until("ENGINE"):
        cur.advance()
        if cur.at_type(TokenType.EQ):
            cur.advance()
        engine = cur.peek()
        if engine is not None and not engine.text.endswith("MergeTree"):
            copies = frozenset()
    cur.i = after
    em.events[table_event] = replace(
        em.events[table_event], like=source.qualified(), like_copies=copies
    )


def _sqlite_string_name(cur: Cursor) -> NameTok | None:
    """A table or column name SQLite reads from a string (lang_keywords.html:
    a string where a name belongs is one), as its fts modules write their
    shadow tables: ``CREATE TABLE 'f_content'(docid INTEGER PRIMARY KEY, 'c0a')``."""
    tok = cur.peek()
    if tok is None or tok.token_type is not _STRING or cur.dialect_family != "sqlite":
        return None
    cur.advance()
    return NameTok(tok.text, True, tok)


def _virtual_table(em: Emitter, table: QName, if_not_exists: bool) -> None:
    """``USING module[(arguments)]`` of SQLite's CREATE VIRTUAL TABLE: the
    table, and the columns the module makes of its arguments (:mod:`.virtual`);
    a module not known there gets a note (its columns are not read)."""
    cur = em.cursor
    cur.expect("USING")
    module = cur.name("a module name")
    pieces = cur.split_commas(in_parens=True) if cur.at_type(TokenType.L_PAREN) else []
    found = module_columns(module.name, pieces)
    em.emit(
        EventOp.CREATE,
        ObjectKind.TABLE,
        table.last,
        schema=table.schema,
        if_exists=if_not_exists,
        virtual_module=module.name.lower(),
        like=found.like.qualified() if found is not None and found.like is not None else None,
        shadow_tables=tuple(f"{table.last.name}_{s}" for s in found.shadows) if found else (),
    )
    if found is None:
        em.notes.append(
            (
                module.token,
                f"the columns of virtual table {table.last.name!r} were not read: module "
                f"{module.name!r} is not one dbnamelint knows ({', '.join(KNOWN_MODULES)}), "
                "so their names are not checked",
            )
        )
    else:
        for name, data_type in found.columns:
            em.emit(EventOp.CREATE, ObjectKind.COLUMN, name, table=table, data_type=data_type)
        for implicit in found.implicit:
            em.emit(
                EventOp.CREATE,
                ObjectKind.COLUMN,
                NameTok(implicit, False, module.token),
                table=table,
                implicit=True,
            )
    if not cur.done():
        em.check((cur.advance(), "expected the end of CREATE VIRTUAL TABLE"))
    cur.i = cur.end


#: What may follow the AS of CREATE TABLE ... AS <query>.
_QUERY_STARTS = frozenset({"SELECT", "WITH", "TABLE", "VALUES", "EXECUTE"})
_AS, _AS_OR_SELECT = frozenset({"AS"}), frozenset({"AS", "SELECT"})


def _at_query(cur: Cursor) -> bool:
    """Move to the query of ``CREATE TABLE ... AS <query>`` (MySQL: also a bare
    ``[IGNORE | REPLACE] SELECT``) at the top level after the cursor; False
    (cursor at the end) when there is none."""
    # An AS not followed by a query (AS IDENTITY...) is passed over.
    words = _AS_OR_SELECT if cur.dialect_family == "mysql" else _AS
    j = _top_level(cur, cur.i, words)
    while j is not None:
        if cur.word(j)[0] != "AS":
            break
        nxt = cur.tokens[j + 1] if j + 1 < cur.end else None
        following = cur.word(j + 1)
        if (nxt is not None and nxt.token_type is TokenType.L_PAREN) or (
            following and following[0] in _QUERY_STARTS
        ):
            break
        j = _top_level(cur, j + 1, words)
    cur.i = cur.end if j is None else j
    return j is not None


def _table_options(em: Emitter, table_event: int) -> frozenset[str]:
    """The options after a table's elements that say something of its names.

    SQLite ``WITHOUT ROWID`` (the primary key gets an index); PostgreSQL
    ``INHERITS (p, ...)`` (the parents' columns and checks). The table's
    event is already out, so it is amended in these rare cases. Returns the
    option words it read, for the guard. Cursor unmoved.
    """
    cur = em.cursor
    options = cur.i
    if cur.skip_until("WITHOUT", "ROWID"):
        em.events[table_event] = replace(em.events[table_event], without_rowid=True)
    cur.i = options
    if cur.skip_until("INHERITS"):
        cur.advance()
        if not cur.at_type(TokenType.L_PAREN):
            raise ReadError("(parent tables) after INHERITS", cur.peek())
        parents = tuple(
            piece.qname("a parent table").qualified() for piece in cur.split_commas(in_parens=True)
        )
        em.events[table_event] = replace(em.events[table_event], inherits=parents)
        cur.i = options
        return frozenset({"INHERITS"})
    cur.i = options
    return frozenset()


def _named_before_query(em: Emitter, table_event: int, first: int) -> None:
    """Keep the query's columns a table's own elements do not already name.

    PostgreSQL ``CREATE TABLE t (a, b) AS SELECT ...``: the list names the
    first columns, the select list the rest. MySQL ``CREATE TABLE t (a int,
    ...) SELECT ...``: the select's columns are added after the definitions,
    one of the same name merged with its definition (manual 15.1.20.4).
    """
    own = [e for e in em.events[table_event + 1 : first] if e.kind is ObjectKind.COLUMN]
    queried = em.events[first:]
    if em.cursor.dialect_family == "mysql":
        names = {(e.name or "").casefold() for e in own}
        kept = [e for e in queried if (e.name or "").casefold() not in names]
    else:
        kept = queried[len(own) :]
    em.events[first:] = kept


def _table_event(em: Emitter, at: Cursor) -> int:
    """Index of the CREATE TABLE event the elements being read belong to."""
    for i in range(len(em.events) - 1, -1, -1):
        event = em.events[i]
        if event.op is EventOp.CREATE and event.kind is ObjectKind.TABLE:
            return i
    raise ReadError("LIKE only in CREATE TABLE", at.peek())


def _like_element(em: Emitter, table_event: int) -> None:
    """``LIKE a [INCLUDING x | EXCLUDING x]...`` inside a table definition.

    PostgreSQL CREATE TABLE: columns always; INCLUDING INDEXES copies keys
    and indexes (renamed for the new table), INCLUDING CONSTRAINTS the
    checks, INCLUDING ALL both; later options override earlier ones.
    MySQL's ``(LIKE a)`` is its ``LIKE a``: indexes too.
    """
    cur = em.cursor
    cur.expect("LIKE")
    source = cur.qname("a table name after LIKE").qualified()
    copies: set[str] = {"indexes"} if cur.dialect_family == "mysql" else set()
    while not cur.done():
        including = cur.accept("INCLUDING")
        if not including and not cur.accept("EXCLUDING"):
            raise ReadError("INCLUDING or EXCLUDING", cur.peek())
        option = cur.advance().text.upper()
        chosen = {"indexes", "constraints"} if option == "ALL" else {option.lower()}
        chosen &= {"indexes", "constraints"}
        copies = copies | chosen if including else copies - chosen
    em.events[table_event] = replace(
        em.events[table_event], like=source, like_copies=frozenset(copies)
    )


#: Words after which a top-level INTO is not SELECT INTO's (the list is over).
_AFTER_SELECT_LIST = frozenset(
    {"FROM", "WHERE", "GROUP", "HAVING", "UNION", "INTERSECT", "EXCEPT", "ORDER", "LIMIT"}
)
#: What a statement headed WITH may run after its common table expressions.
_WITH_BODIES = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"})


def read_select_into(em: Emitter) -> None:
    """``[WITH ...] SELECT <list> INTO [TEMP | TEMPORARY | UNLOGGED] [TABLE] t [FROM ...]``.

    PostgreSQL (manual "SELECT INTO") and SQL Server (``INTO #t`` is
    temporary) create ``t`` with the columns ``CREATE TABLE t AS SELECT``
    would give it (:func:`read_query_columns`). Called for statements headed
    SELECT or WITH in those families only: MySQL's ``SELECT ... INTO @v`` and
    ``INTO OUTFILE`` create nothing, and neither does a PL/pgSQL body's
    ``SELECT INTO`` (it is inside the function's string, never read here).
    A statement without a top-level INTO emits nothing.
    """
    cur = em.cursor
    begin = cur.i
    select = _main_select(cur)
    if select is None:
        return
    into = _into_of(cur, select)
    if into is None:
        return
    cur.i = into + 1
    temporary = cur.accept("TEMPORARY") or cur.accept("TEMP")
    cur.accept("UNLOGGED")
    cur.accept("TABLE")
    table = cur.qname("a table name after INTO")
    name_end = cur.i
    em.emit(EventOp.CREATE, ObjectKind.TABLE, table.last, schema=table.schema)
    table_event = len(em.events) - 1
    if temporary or table.last.name.startswith("#"):
        em.events[table_event] = replace(em.events[table_event], temporary=True)
    cur.i = begin  # from WITH, whose queries a star may read
    read_query_columns(em, table, table_event, into=(into, name_end))
    cur.i = cur.end


def _top_level(cur: Cursor, start: int, words: frozenset[str]) -> int | None:
    """Index of the first token from ``start``, outside parentheses, whose first
    word is one of ``words``; None when there is none."""
    depth = 0
    for j in range(start, cur.end):
        tt = cur.tokens[j].token_type
        if tt is _L_PAREN:
            depth += 1
        elif tt is _R_PAREN:
            depth -= 1
        elif depth == 0:
            word = cur.word(j)
            if word and word[0] in words:
                return j
    return None


def _main_select(cur: Cursor) -> int | None:
    """Index of the SELECT that runs (after WITH's expressions), or None."""
    j = _top_level(cur, cur.i, _WITH_BODIES)
    return j if j is not None and cur.word(j)[0] == "SELECT" else None


def _into_of(cur: Cursor, select: int) -> int | None:
    """Index of the top-level INTO ending the select list at ``select``, or None
    (a clause after the list, FROM or WHERE..., comes first)."""
    j = _top_level(cur, select + 1, _AFTER_SELECT_LIST | {"INTO"})
    return j if j is not None and cur.word(j)[0] == "INTO" else None


def read_query_columns(
    em: Emitter,
    table: QName,
    table_event: int,
    into: tuple[int, int] | None = None,
    *,
    listed: bool = False,
) -> None:
    """The columns ``CREATE TABLE t AS <query>`` gets from its select list.

    ``AS TABLE a`` and ``SELECT * FROM a`` copy a's columns; otherwise each
    item names one column: its alias, else (PostgreSQL's FigureColname) the
    column or function it reads, else ``?column?``. ``into``: the token span
    of ``INTO t`` in ``SELECT <list> INTO t FROM ...``, which ends the list.
    Any other ``*`` / ``q.*`` is expanded by replay as a view's is, over the
    FROM list's tables, derived tables and ``WITH`` queries
    (:mod:`.view_stars`; the table is made from the rows, so SQLite's is
    frozen too), unless a column list ``listed`` names the first columns or
    the FROM list is not read: then the columns are in part unknown.
    """
    cur = em.cursor
    while cur.at_type(TokenType.L_PAREN):
        cur.advance()
    if cur.accept("TABLE"):
        source = cur.qname("a table name").qualified()
        em.events[table_event] = replace(em.events[table_event], like=source)
        return
    ctes: Mapping[str, ViewQuery | None] = {}
    if cur.at("WITH"):
        found = read_with(cur, cur.i, cur.end, ctes)
        if found is None:
            at = cur.i
            cur.skip_until("SELECT")
            ctes = dict.fromkeys(_cte_names(cur, at, cur.i))
        else:
            ctes, cur.i = found
    if cur.at("EXECUTE"):
        # PostgreSQL's CREATE TABLE t AS EXECUTE prep: the prepared query names
        # the columns, which is not followed (trial s36 lemmy F6): said, not silent
        _columns_unknown(em, table_event)
        where = cur.tokens[cur.i]
        _names_not_read(
            em, f"table {table.last.name!r}", where, "the prepared statement EXECUTE runs"
        )
        return
    if not cur.accept("SELECT"):
        return  # VALUES (...): nothing names the columns
    if cur.accept("DISTINCT") and cur.accept("ON"):
        cur.skip_group()
    cur.accept("ALL")
    start = cur.i
    # The first SELECT's list names the columns (a UNION's first branch:
    # PostgreSQL, MariaDB, SQLite); it ends at FROM, or without one at
    # UNION, WHERE, LIMIT, WITH NO DATA... as a view's does.
    cur.i = into[0] if into is not None else _view_list_end(cur, start)
    items = Cursor(cur.tokens, em.statement, cur.words, start, cur.i).split_commas(in_parens=False)
    if into is not None:
        cur.i = into[1]
    from_at = cur.i
    expands = not listed and cur.dialect_family in ("postgres", "sqlite", "mysql")
    stars: list[ViewStar] = []
    made = 0
    for item in items:
        tokens = item.tokens[item.i : item.end]
        if len(tokens) == 1 and tokens[0].token_type is TokenType.STAR:
            cur.i = from_at
            if not cur.accept("FROM"):
                # PostgreSQL: "SELECT * with no tables specified is not valid"
                raise ReadError("FROM after SELECT *", tokens[0])
            if cur.is_name(cur.peek()) and not ctes:
                source = cur.qname("a table name").qualified()
                if cur.done() or cur.at("WHERE") or cur.at("WITH"):
                    em.events[table_event] = replace(em.events[table_event], like=source)
                    continue
        if tokens and tokens[-1].token_type is TokenType.STAR:
            if not expands:
                _columns_unknown(em, table_event)  # a join's or a subquery's columns, t.*
                continue
            stars.append(_view_star(cur, tokens, made))
            continue
        made += 1
        alias = _select_alias(tokens, item)
        if alias is not None:
            em.emit(EventOp.CREATE, ObjectKind.COLUMN, alias, table=table)
            continue
        name, strength = figure(tokens)
        tok = tokens[-1]
        quoted = tok.token_type is TokenType.IDENTIFIER and name == tok.text
        em.emit(
            EventOp.CREATE,
            ObjectKind.COLUMN,
            NameTok(name if strength and name else "?column?", quoted or not strength, tokens[0]),
            table=table,
        )
    if stars:
        read = view_from(cur, from_at + 1, ctes) if cur.word(from_at)[:1] == ("FROM",) else None
        if read is None:
            _columns_unknown(em, table_event)
            where = cur.tokens[min(from_at, cur.end - 1)]
            _names_not_read(em, f"table {table.last.name!r}", where, "the FROM list its * reads")
        else:
            em.events[table_event] = replace(
                em.events[table_event], view_stars=tuple(stars), view_from=read
            )


def _columns_unknown(em: Emitter, table_event: int) -> None:
    """The table ``CREATE TABLE t AS SELECT`` (or ``SELECT ... INTO t``) makes
    has columns the reader does not expand: a ``*`` or ``a.*`` over a FROM
    list it does not read (a function...), beside a column list, or in a
    dialect whose stars are not modelled. As a view's ``*``, the columns
    read are kept and the rest is unknown (``SchemaObject.columns_unknown``):
    ``drift`` compares none of them."""
    em.events[table_event] = replace(em.events[table_event], view_columns_unknown=True)


_TABLE_CONSTRAINT_STARTS: tuple[tuple[str, ...], ...] = (
    ("CONSTRAINT",),
    ("PRIMARY", "KEY"),
    ("UNIQUE",),
    ("FOREIGN", "KEY"),
    ("CHECK",),
    ("EXCLUDE",),
)
_MYSQL_INDEX_STARTS: tuple[tuple[str, ...], ...] = (
    ("KEY",),
    ("INDEX",),
    ("FULLTEXT",),
    ("SPATIAL",),
)


_ELEMENT_FIRST = frozenset(w[0] for w in (*_TABLE_CONSTRAINT_STARTS, *_MYSQL_INDEX_STARTS))


def _at_table_constraint(cur: Cursor, *, named: bool = False) -> bool:
    """True when a table constraint starts here (``named``: after ``CONSTRAINT n``).

    ``EXCLUDE`` is no reserved word in PostgreSQL, MariaDB or SQLite: ``exclude
    int`` is a column there (each server accepts it), and only ``EXCLUDE (``
    or ``EXCLUDE USING`` starts PostgreSQL's exclusion constraint.
    """
    w0 = cur.word(cur.i)
    if not w0 or w0[0] not in _ELEMENT_FIRST:
        return False
    if w0 == ("EXCLUDE",):
        after = cur.peek(1)
        return after is not None and (after.token_type is _L_PAREN or words_of(after) == ("USING",))
    return any(cur.at(*w) for w in _TABLE_CONSTRAINT_STARTS if not (named and w == ("CONSTRAINT",)))


def _at_skipped_element(cur: Cursor) -> bool:
    """``PERIOD FOR SYSTEM_TIME (a, b)`` (SQL Server, MariaDB), MariaDB's
    ``PERIOD FOR p (a, b)`` or a ClickHouse ``PROJECTION p (SELECT ...)``: a
    table element that names no object the model holds.

    Only ``PERIOD FOR`` starts one: ``period`` alone is an ordinary column
    name in PostgreSQL, MariaDB, SQLite and SQL Server; likewise
    ``projection Tuple(a Int8)`` is a ClickHouse column.
    """
    return cur.at("PERIOD", "FOR") or (
        cur.dialect_family == "clickhouse" and _at_clickhouse("PROJECTION", cur)
    )


def _at_clickhouse(word: str, cur: Cursor) -> bool:
    """A ClickHouse ``PROJECTION [IF NOT EXISTS] p (SELECT ...)`` or data-skipping
    ``INDEX [IF NOT EXISTS] i expr TYPE t [GRANULARITY n]`` starts here
    (ClickHouse manual, "Manipulating Projections" and "Data Skipping
    Indexes"), not a column named ``projection`` or ``index``."""
    if not cur.at(word):
        return False
    j = cur.i + (4 if cur.at(word, "IF", "NOT", "EXISTS") else 1)
    if word == "PROJECTION":  # the name, then a parenthesised SELECT
        return cur.word(j + 2) == ("SELECT",) and cur.tokens[j + 1].token_type is _L_PAREN
    depth = 0  # an index's expression runs to a top-level TYPE
    for k in range(j + 1, cur.end):
        kind = cur.tokens[k].token_type
        depth += (kind is _L_PAREN) - (kind is _R_PAREN)
        if depth == 0 and cur.word(k) == ("TYPE",):
            return True
        if depth < 0 or (depth == 0 and kind is _COMMA):
            return False
    return False


def read_clickhouse_index(em: Emitter, table: QName) -> None:
    """ClickHouse ``INDEX [IF NOT EXISTS] i expr TYPE t [GRANULARITY n]``: an
    index named ``i`` on the column ``expr`` names (none for an expression)."""
    cur = em.cursor
    start = cur.peek()
    cur.expect("INDEX")
    ine = _if_not_exists(cur)
    name = cur.name("an index name")
    first = cur.i
    cur.skip_until("TYPE")
    written = cur.tokens[first : cur.i]
    if len(written) == 1 and cur.is_name(written[0]):
        columns: tuple[str, ...] = (written[0].text,)
    else:
        columns = ()
    while not cur.done() and not cur.at_type(_COMMA):  # TYPE t GRANULARITY n
        if cur.at_type(_L_PAREN):
            cur.skip_group()
        else:
            cur.advance()
    em.emit(
        EventOp.CREATE,
        ObjectKind.INDEX,
        name,
        table=table,
        at=start,
        columns=columns,
        if_exists=ine,
    )


def read_table_elements(em: Emitter, table: QName, elements: list[Cursor]) -> None:
    """Columns, table constraints and inline indexes of a table definition.

    A word that may start a table element is read as a column name wherever
    the dialect accepts it as one (``period``, ``exclude``, ``including``;
    ``key`` and ``index`` outside MySQL; ``like`` in SQLite), so that no
    column is dropped or read as something else.
    """
    deferred: list[tuple[Callable[[Emitter, QName], None], Emitter]] = []
    for sub in elements:
        sub_em = em.piece(sub)
        w0 = sub.word(sub.i)
        first = w0[0] if w0 else ""
        if _at_table_constraint(sub):
            deferred.append((read_table_constraint, sub_em))
        elif sub.dialect_family == "clickhouse" and _at_clickhouse("INDEX", sub):
            deferred.append((read_clickhouse_index, sub_em))
        elif (
            first in _ELEMENT_FIRST
            and any(sub.at(*w) for w in _MYSQL_INDEX_STARTS)
            and not _looks_like_column(sub)
        ):
            deferred.append((read_inline_index, sub_em))
        elif w0 == ("LIKE",) and sub.dialect_family != "sqlite":
            # SQLite has no LIKE element: there ``like int`` is a column.
            _like_element(sub_em, _table_event(em, sub))
        elif _at_skipped_element(sub):
            continue
        elif first in _COCKROACH_FIRST and _at_cockroach_element(sub):
            if w0 != ("FAMILY",):  # a column family names no object we model
                deferred.append((read_cockroach_index, sub_em))
        else:
            read_column(sub_em, table)
    for read, sub_em in deferred:  # constraints after columns, as the database names them
        read(sub_em, table)


_COCKROACH_FIRST = frozenset({"INDEX", "INVERTED", "VECTOR", "FAMILY"})


def _at_cockroach_element(cur: Cursor) -> bool:
    """CockroachDB's ``[INVERTED | VECTOR] INDEX [name] (cols)`` or ``FAMILY [name] (cols)``
    inside CREATE TABLE (CockroachDB docs, CREATE TABLE: ``index_def``, ``family_def``).

    Only in a ``cockroach`` file, and only when parentheses of names follow:
    ``index int`` and ``family varchar(10)`` stay columns (a type's
    parentheses hold numbers).
    """
    if cur.profile.name != "cockroach":
        return False
    j = cur.i
    if cur.word(j) in (("INVERTED",), ("VECTOR",)):
        j += 1
        if cur.word(j) != ("INDEX",):
            return False
    j += 1
    tokens = cur.tokens
    if j < cur.end and tokens[j].token_type is not _L_PAREN and cur.is_name(tokens[j]):
        j += 1  # the name
    if j + 1 >= cur.end or tokens[j].token_type is not _L_PAREN:
        return False
    return tokens[j + 1].token_type is not TokenType.NUMBER


def read_cockroach_index(em: Emitter, table: QName) -> None:
    """CockroachDB ``[INVERTED | VECTOR] INDEX [name] (cols) [STORING (...)] [WHERE ...]``.

    Unnamed, CockroachDB names it ``<table>_<cols>_idx`` as PostgreSQL would
    (CockroachDB docs, CREATE INDEX: ``<table>_<columns>_key/idx``). What
    follows the columns (STORING, USING HASH, PARTITION BY, WHERE,
    [NOT] VISIBLE) names nothing.
    """
    cur = em.cursor
    start = cur.peek()
    cur.accept("INVERTED") or cur.accept("VECTOR")
    cur.expect("INDEX")
    name = None
    if not cur.at_type(TokenType.L_PAREN):
        name = cur.name("an index name")
    columns = cur.name_list_in_parens()
    em.emit(EventOp.CREATE, ObjectKind.INDEX, name, table=table, at=start, columns=columns)


def _looks_like_column(cur: Cursor) -> bool:
    """``key text`` is a column named key; MySQL's ``KEY idx (a)`` is an index.

    Inline index definitions exist only in MySQL, where KEY, INDEX, FULLTEXT
    and SPATIAL are reserved words: there, unquoted, they always start an
    index. Everywhere else they are ordinary column names.
    """
    if cur.dialect_family == "tsql":
        return not cur.at("INDEX")  # SQL Server: INDEX ix [UNIQUE] [CLUSTERED] (cols)
    return cur.dialect_family != "mysql"


def read_column(
    em: Emitter, table: QName, *, at_start: Token | None = None, if_not_exists: bool = False
) -> None:
    """A column definition with its inline constraints (``if_not_exists``: of
    ``ADD COLUMN IF NOT EXISTS``, see ``Event.if_column_added``)."""
    cur = em.cursor
    col = _sqlite_string_name(cur) or cur.name("a column name")
    after_name = cur.i
    data_type = _data_type(em)
    run_on = _next_column_run_on(cur, after_name)
    if run_on is not None:
        raise ReadError("',' before the next column definition", run_on)
    owns, sequence = _owned_sequence(cur, data_type)
    em.emit(
        _CREATE,
        _COLUMN,
        col,
        table=table,
        data_type=data_type,
        owns_sequence=owns,
        sequence_name=sequence,
        default_sql=_sqlite_default(cur),
        generated=_sqlite_generated(cur),
        if_exists=if_not_exists,
    )
    first = len(em.events)
    serial = cur.dialect_family == "mysql" and _mysql_serial(cur, data_type)
    read_inline_constraints(em, table, col, at_start)
    if serial:
        _serial_unique_key(em, table, col, first, at_start)
    if if_not_exists:
        em.events[first:] = [replace(e, if_column_added=True) for e in em.events[first:]]


def _mysql_serial(cur: Cursor, data_type: str | None) -> bool:
    """MySQL: whether the column definition at the cursor is ``SERIAL``
    ("an alias for BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE") or says
    ``SERIAL DEFAULT VALUE`` ("an alias for NOT NULL AUTO_INCREMENT UNIQUE";
    MySQL manual, Numeric Data Type Syntax): either makes a unique key named
    after the column. The cursor is not moved."""
    if data_type is not None and data_type.upper() == "SERIAL":
        return True
    return (
        _in_column_definition(
            cur,
            lambda j: (
                cur.word(j) == ("SERIAL",)
                and cur.word(j + 1) == ("DEFAULT",)
                and cur.word(j + 2) == ("VALUE",)
            ),
        )
        is not None
    )


def _serial_unique_key(
    em: Emitter, table: QName, col: NameTok, first: int, at_start: Token | None
) -> None:
    """The unique key a MySQL ``SERIAL`` column makes, unless its definition
    wrote one (the key words are flags: ``SERIAL UNIQUE`` is one key); beside
    its ``PRIMARY KEY`` MariaDB makes none (the replay's profile decides, as
    for ``PRIMARY KEY UNIQUE``)."""
    made = em.events[first:]
    if any(
        e.kind is ObjectKind.CONSTRAINT
        and e.constraint_type is ConstraintType.UNIQUE
        and e.name is None
        for e in made
    ):
        return
    primary = any(
        e.kind is ObjectKind.CONSTRAINT and e.constraint_type is ConstraintType.PRIMARY_KEY
        for e in made
    )
    em.emit(
        EventOp.CREATE,
        ObjectKind.CONSTRAINT,
        None,
        table=table,
        at=at_start or col.token,
        constraint_type=ConstraintType.UNIQUE,
        columns=(col.name,),
        beside_primary=primary,
    )


def _starts_generated(cur: Cursor, j: int) -> bool:
    """Token ``j`` starts a generated column's clause: ``GENERATED`` or ``AS (``."""
    if cur.word(j) == ("GENERATED",):
        return True
    nxt = cur.tokens[j + 1].token_type if j + 1 < cur.end else None
    return cur.word(j) == ("AS",) and nxt is TokenType.L_PAREN


def _sqlite_generated(cur: Cursor) -> bool:
    """SQLite: whether the column definition at the cursor is a generated
    column: ``GENERATED ALWAYS AS (expr)`` or its short form ``AS (expr)``,
    STORED or VIRTUAL (sqlite.org/gencol.html). The cursor is not moved;
    False for another dialect."""
    if cur.dialect_family != "sqlite":
        return False
    return _in_column_definition(cur, lambda j: _starts_generated(cur, j)) is not None


def _in_column_definition(cur: Cursor, wanted: Callable[[int], bool]) -> int | None:
    """Index of the first token from the cursor, outside brackets and before
    the comma that ends the column definition, for which ``wanted`` holds."""
    depth = 0
    for j in range(cur.i, cur.end):
        tt = cur.tokens[j].token_type
        if tt is TokenType.L_PAREN:
            depth += 1
        elif tt is TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and tt is TokenType.COMMA:
            return None
        elif depth == 0 and wanted(j):
            return j
    return None


def _sqlite_default(cur: Cursor) -> str | None:
    """SQLite: the DEFAULT expression of the column definition at the cursor,
    as written, or None (no DEFAULT, or another dialect). The cursor is not
    moved. SQLite's grammar (sqlite.org/lang_createtable.html, column-constraint):
    ``DEFAULT`` then a signed number, a literal, a keyword value
    (``CURRENT_TIMESTAMP``) or a parenthesized expression."""
    if cur.dialect_family != "sqlite":
        return None
    j = _in_column_definition(cur, lambda k: cur.word(k) == ("DEFAULT",) and k + 1 < cur.end)
    if j is None:
        return None
    first = last = j + 1
    kind = cur.tokens[first].token_type
    if kind is TokenType.L_PAREN:
        level = 0
        while last < cur.end:
            inner = cur.tokens[last].token_type
            level += inner is TokenType.L_PAREN
            level -= inner is TokenType.R_PAREN
            if level == 0:
                break
            last += 1
        if last >= cur.end:
            return None
    elif kind in (TokenType.DASH, TokenType.PLUS) and first + 1 < cur.end:
        last = first + 1
    return cur.source_text(first, last)


#: Tokens other than types a column definition's clause can end with.
_CLAUSE_END_TOKENS = frozenset(
    {
        TokenType.NULL,
        TokenType.PRIMARY_KEY,
        TokenType.UNIQUE,
        TokenType.R_PAREN,
        TokenType.NUMBER,
        TokenType.STRING,
    }
)
_CLAUSE_END_WORDS = frozenset({"KEY", "NULL", "UNIQUE"})
#: Words of multi-word types that come between a type and a type word.
_TYPE_PHRASE_WORDS = frozenset({"WITH", "WITHOUT", "LOCAL", "ZONE"})
#: MySQL's numeric type attributes, which sqlglot takes for types:
#: ``INT(5) ZEROFILL UNSIGNED`` is one column (the grammar's
#: ``field_options``: ``UNSIGNED ZEROFILL`` in either order; MariaDB 10.11
#: stores ``int(5) unsigned zerofill``); neither word alone is a column type.
_NUMERIC_ATTRIBUTES = frozenset({"SIGNED", "UNSIGNED"})


@lru_cache(maxsize=2)
def _type_sets(
    type_tokens: frozenset[TokenType],
) -> tuple[frozenset[TokenType], frozenset[TokenType], frozenset[TokenType]]:
    """From sqlglot's ``Parser.TYPE_TOKENS`` (:func:`.lexer.type_tokens`):
    the tokens a column definition's clause can end with (after one of them,
    a name followed by a type starts the next column: a comma was left out),
    the same for SQLite (types excepted), and the types a second column can
    start with (less sqlglot's NULL "type")."""
    clause_ends = _CLAUSE_END_TOKENS | type_tokens
    return clause_ends, clause_ends - type_tokens | {TokenType.NULL}, type_tokens - {TokenType.NULL}


def _next_column_run_on(cur: Cursor, start: int) -> Token | None:
    """The name starting a second column inside one column definition, if any.

    ``id int PRIMARY KEY "Total" numeric`` lost its comma: every database
    rejects it, and reading on would drop the column ``Total`` without a
    word. Found as a name followed by a type, outside parentheses, right
    after a token a clause ends with (``NULL``, ``KEY``, ``)``, a literal, a
    type), so ``COLLATE "C"``, ``REFERENCES t``, ``DEFAULT f()`` and
    ``timestamp without time zone`` are not.
    """
    tokens = cur.tokens
    depth = 0
    # SQLite reads any run of names as a type (BLOB SUB_TYPE TEXT is one,
    # sqlite_master keeps it), so there only a clause, not a type, ends one.
    clause_ends, clause_ends_sqlite, column_types = _type_sets(lexer.type_tokens())
    ends = clause_ends_sqlite if cur.dialect_family == "sqlite" else clause_ends
    for i in range(max(start, 1), cur.end - 1):
        tok = tokens[i]
        tt = tok.token_type
        if tt is _L_PAREN:
            depth += 1
        elif tt is _R_PAREN:
            depth -= 1
        elif depth == 0 and tt in (_VAR, _IDENTIFIER):
            before = tokens[i - 1]
            ended = before.token_type in ends or (
                before.token_type is _VAR and before.text.upper() in _CLAUSE_END_WORDS
            )
            if (
                ended
                and tokens[i + 1].token_type in column_types
                and not (tt is _VAR and tok.text.upper() in _TYPE_PHRASE_WORDS)
                and not (
                    cur.dialect_family == "mysql"
                    and (
                        tokens[i + 1].text.upper() in _NUMERIC_ATTRIBUTES
                        # `ADD d int AFTER date`: the column goes after `date`
                        or tok.text.upper() == "AFTER"
                    )
                )
            ):
                return tok
    return None


#: What :func:`_column_text_holds` found in a column definition's text after
#: its name, per text: a schema writes the same few (``bigint NOT NULL``,
#: ``text``) for most of its columns. Emptied when large.
_IDENTITY_MEMO: dict[str, bool] = {}
_NAMING_MEMO: dict[str, bool] = {}


def _column_text_holds(rest: str, memo: dict[str, bool], test: Callable[[str], bool]) -> bool:
    """``test(rest)``, remembered in ``memo``."""
    found = memo.get(rest)
    if found is None:
        if len(memo) >= 100_000:
            memo.clear()
        found = memo[rest] = test(rest)
    return found


def _identity(rest: str) -> bool:
    """Whether a column definition's text makes an identity column (:data:`_IDENTITY`)."""
    return "IDENTITY" in rest.upper() and _IDENTITY.search(rest) is not None


def _names_constraint(rest: str) -> bool:
    """Whether a column definition's text may name a constraint (:data:`_NAMING_CONSTRAINT_RE`)."""
    return _NAMING_CONSTRAINT_RE.search(rest) is not None


#: PostgreSQL's serial types (manual §8.1.4): each creates ``t_c_seq``.
_SERIAL_TYPES = frozenset({"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"})
_IDENTITY = lazy_compile(r"\bGENERATED\s+(?:ALWAYS|BY\s+DEFAULT)\s+AS\s+IDENTITY\b", re.IGNORECASE)


def _owned_sequence(cur: Cursor, data_type: str | None) -> tuple[bool, QualifiedName | None]:
    """Whether a column makes PostgreSQL create a sequence, and its name if given.

    serial types and identity columns do (manual §8.1.4, CREATE TABLE
    "GENERATED ... AS IDENTITY"); ``SEQUENCE NAME x`` among the identity
    options names it. Cursor unmoved.
    """
    if data_type is not None and data_type.lower() in _SERIAL_TYPES:
        return True, None
    if not _column_text_holds(cur.rest_text(), _IDENTITY_MEMO, _identity):
        return False, None
    start = cur.i
    try:
        while not cur.done():
            if cur.accept("SEQUENCE", "NAME"):
                return True, cur.qname("a sequence name").qualified()
            cur.advance()
        return True, None
    finally:
        cur.i = start


#: Words that end a column's type: a constraint, a default, an option.
#: Compared with a whole token's upper-cased text (sqlglot keeps ``PRIMARY
#: KEY`` and ``NOT NULL`` as one token in some dialects).
_AFTER_TYPE = frozenset(
    {
        "AS",
        "ASC",
        "AUTOINCREMENT",
        "AUTO_INCREMENT",
        "CHARSET",
        "CHECK",
        "COLLATE",
        "COMMENT",
        "COMPRESSION",
        "CONSTRAINT",
        "DEFAULT",
        "DESC",
        "ENCODE",
        "ENCRYPTED",
        "FILESTREAM",
        "FOREIGN",
        "FOREIGN KEY",
        "GENERATED",
        "HIDDEN",
        "IDENTITY",
        "INVISIBLE",
        "KEY",
        "MASKED",
        "NOT",
        "NOT NULL",
        "NULL",
        "ON",
        "OPTIONS",
        "PERSISTED",
        "PRIMARY",
        "PRIMARY KEY",
        "REFERENCES",
        "ROWGUIDCOL",
        "SPARSE",
        "SRID",
        "STORAGE",
        "UNIQUE",
        "UNIQUE KEY",
        "VISIBLE",
    }
)
#: MySQL: where ADD COLUMN puts the column (``c json AFTER id``, ``FIRST``).
_POSITION_WORDS = frozenset({"AFTER", "FIRST"})
#: Tokens that are never part of a type (checked before any text is looked at).
_NOT_TYPE = frozenset(
    {
        TokenType.COMMA,
        TokenType.SEMICOLON,
        TokenType.R_PAREN,
        TokenType.STRING,
        TokenType.NATIONAL_STRING,
        TokenType.NUMBER,
        TokenType.NOT,
        TokenType.NULL,
        TokenType.DEFAULT,
        TokenType.CONSTRAINT,
        TokenType.PRIMARY_KEY,
        TokenType.UNIQUE,
        TokenType.REFERENCES,
        TokenType.COLLATE,
        TokenType.ALIAS,
        TokenType.AUTO_INCREMENT,
        TokenType.COMMENT,
        TokenType.ON,
        TokenType.CHARACTER_SET,
    }
)


_BRACKETS = frozenset({TokenType.L_BRACKET, TokenType.R_BRACKET})
_NAME_PARTS = frozenset({TokenType.IDENTIFIER, TokenType.DOT})


def _stored_name(cur: Cursor, name: NameTok) -> str:
    """``name`` as the catalog stores it (a bare name folded as the dialect folds)."""
    return name.name if name.quoted else cur.profile.fold(name.name, False)


def _data_type(em: Emitter) -> str | None:
    """The column type at the cursor as written, whitespace collapsed; cursor unmoved.

    Words (``character varying``, ``timestamp with time zone``), a dotted
    name, ``(...)`` arguments and ``[]`` are the type, up to the first word
    of a constraint or option. A type that is one quoted name is unquoted,
    as SQLite reads ``"INTEGER"``; anything longer is the source text. Runs
    for every column, so it decides on token types first and upper-cases a
    token's text only when the type cannot tell.
    """
    cur = em.cursor
    tokens = cur.tokens
    j = start = cur.i
    end = cur.end
    while j < end:
        tok = tokens[j]
        tt = tok.token_type
        if tt in _NOT_TYPE:
            break
        if tt is _L_PAREN:
            if j == start:
                break
            depth = 0
            while j < end:  # to the matching ')'
                tt = tokens[j].token_type
                if tt is _L_PAREN:
                    depth += 1
                elif tt is _R_PAREN:
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j == end:
                return None  # unbalanced: not a type we can read
        elif tt in _BRACKETS:
            if j == start:
                break
        elif tt not in _NAME_PARTS:
            text = tok.text
            upper = text.upper()
            if (
                upper in _AFTER_TYPE
                or (upper in _POSITION_WORDS and cur.dialect_family == "mysql")
                or not (text[0].isalpha() or text[0] == "_")
                or (upper == "CHARACTER" and j + 1 < end and tokens[j + 1].text.upper() == "SET")
            ):
                break
        j += 1
    if j == start:
        return None
    first = tokens[start]
    if j == start + 1:
        text = first.text
        if " " not in text or first.token_type is TokenType.IDENTIFIER:
            return text
    # From the source: sqlglot upper-cases its multi-word tokens' text.
    return " ".join(em.statement.text[first.start : tokens[j - 1].end + 1].split())


_INLINE_CONSTRAINT_WORDS = frozenset(
    {"CONSTRAINT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "NOT", "DEFAULT", "INDEX"}
)


#: Words without which a column definition has no constraint we record
#: (an unnamed NOT NULL is not a named object).
#: (The look-ahead holds the words' first letters: tested before the words,
#: it settles most positions of a column's text at once, the same matches.)
_NAMING_CONSTRAINT_RE = lazy_compile(
    r"\b(?=[CIPRU])(?:CONSTRAINT|PRIMARY|UNIQUE|REFERENCES|CHECK|INDEX)\b", re.IGNORECASE
)


def read_inline_constraints(
    em: Emitter, table: QName, col: NameTok, at_start: Token | None = None
) -> None:
    """``CONSTRAINT n PRIMARY KEY``, ``REFERENCES t``, ``UNIQUE``, ``CHECK``..."""
    cur = em.cursor
    if not _column_text_holds(cur.rest_text(), _NAMING_MEMO, _names_constraint):
        return  # the common case: a type, a default, NOT NULL: no constraint to name
    pending: NameTok | None = None
    depth = 0
    # MySQL: the column's key words are flags, so UNIQUE twice is one key;
    # MariaDB: with PRIMARY KEY there is no unique key at all (``beside_primary``).
    primary = False  # the column's PRIMARY KEY was read
    unique_at: int | None = None  # where the column's unnamed unique key's event is
    beside = False  # that UNIQUE follows the column's PRIMARY KEY
    while (tok := cur.peek()) is not None:
        tt = tok.token_type
        if tt is TokenType.L_PAREN:
            depth += 1
            cur.i += 1
            continue
        if tt is TokenType.R_PAREN:
            depth -= 1
            cur.i += 1
            continue
        if depth > 0:
            cur.i += 1
            continue
        first = cur.word(cur.i)
        if not first or first[0] not in _INLINE_CONSTRAINT_WORDS:
            pending = None  # CONSTRAINT n NULL / GENERATED ...: the name names no object
            cur.i += 1
            continue
        start = tok
        if cur.accept("CONSTRAINT"):
            pending = cur.name("a constraint name")
            continue
        ctype: ConstraintType | None = None
        ref: QName | None = None
        ref_cols: tuple[str, ...] = ()
        no_inherit = False
        reads: tuple[str, ...] | None = None  # the columns a CHECK reads, where known
        check_text: str | None = None
        descending = False
        if cur.accept("PRIMARY", "KEY"):
            ctype = ConstraintType.PRIMARY_KEY
            descending = cur.at("DESC")
        elif cur.accept("UNIQUE", "KEY") or cur.accept("UNIQUE"):
            ctype = ConstraintType.UNIQUE
        elif cur.accept("REFERENCES"):
            ctype = ConstraintType.FOREIGN_KEY
            ref = cur.qname("a referenced table")
            ref_cols = cur.name_list_in_parens()
        elif cur.at("CHECK"):
            cur.advance()
            ctype = ConstraintType.CHECK
            if cur.at_type(TokenType.L_PAREN):
                # PostgreSQL names it, and drops it, by the columns it reads
                # (``c int CHECK (c > a)`` is ``t_check``, gone with a;
                # ``c int CHECK (true)`` is ``t_check`` too, kept without c);
                # MariaDB and SQL Server name it after its column.
                if profile_for(em.statement.source.dialect).family is Family.POSTGRES:
                    check_text = cur.group_text()
                    reads = _check_columns(cur, em.statement.source.dialect)
                else:
                    cur.skip_group()
            no_inherit = cur.accept("NO", "INHERIT")
        elif cur.at("NOT", "NULL") and pending is not None:
            cur.advance()
            cur.advance()
            ctype = ConstraintType.NOT_NULL
        elif cur.at("DEFAULT") and pending is not None and cur.dialect_family == "tsql":
            # SQL Server: CONSTRAINT DF_t_c DEFAULT (0) is an object of its own.
            cur.advance()
            ctype = ConstraintType.DEFAULT
        elif cur.at("INDEX") and cur.dialect_family == "tsql":
            # SQL Server: c int INDEX ix_c [CLUSTERED | NONCLUSTERED]
            cur.advance()
            index = cur.name("an index name")
            em.emit(EventOp.CREATE, ObjectKind.INDEX, index, table=table, columns=(col.name,))
            pending = None
            continue
        else:
            # CONSTRAINT n DEFAULT ... outside SQL Server: PostgreSQL accepts
            # the name and keeps it for no object.
            pending = None
            cur.i += 1
            continue
        if (
            ctype in (ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE)
            and pending is None
            and cur.dialect_family == "mysql"
        ):
            if ctype is ConstraintType.UNIQUE and unique_at is not None:
                pending = None
                continue
            if ctype is ConstraintType.PRIMARY_KEY and unique_at is not None:
                # The replay drops it where the profile says (MariaDB).
                em.events[unique_at] = replace(em.events[unique_at], beside_primary=True)
            if ctype is ConstraintType.UNIQUE:
                unique_at = len(em.events)
                beside = primary
            primary = primary or ctype is ConstraintType.PRIMARY_KEY
        if (
            ctype is ConstraintType.NOT_NULL
            or pending is not None
            or ctype
            in (
                ConstraintType.PRIMARY_KEY,
                ConstraintType.UNIQUE,
                ConstraintType.FOREIGN_KEY,
                ConstraintType.CHECK,
            )
        ):
            em.emit(
                EventOp.CREATE,
                ObjectKind.CONSTRAINT,
                pending,
                table=table,
                at=at_start or start,
                constraint_type=ctype,
                columns=(col.name,) if reads is None else reads,
                ref_table=ref.qualified() if ref is not None else None,
                ref_columns=ref_cols,
                no_inherit=no_inherit,
                column_level=ctype is ConstraintType.CHECK,
                check_text=check_text,
                inline_reference=ctype is ConstraintType.FOREIGN_KEY,
                beside_primary=beside and ctype is ConstraintType.UNIQUE,
                descending_key=descending,
            )
        pending = None


def read_table_constraint(em: Emitter, table: QName) -> None:
    """A table-level constraint: ``[CONSTRAINT n] PRIMARY KEY (a, b)`` etc."""
    cur = em.cursor
    start = cur.peek()
    name: NameTok | None = None
    ine = False
    if cur.accept("CONSTRAINT"):
        # CockroachDB and MariaDB: ADD CONSTRAINT IF NOT EXISTS name
        ine = _if_not_exists(cur)
        if not _at_table_constraint(cur, named=True):
            name = cur.name("a constraint name")
    ref: QName | None = None
    ref_cols: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    using_index: str | None = None
    no_inherit = False
    full: int | None = None
    check_text: str | None = None  # a CHECK's expression, an EXCLUDE's elements
    if cur.accept("PRIMARY", "KEY"):
        ctype = _PRIMARY_KEY
        _skip_words(cur, "CLUSTERED", "NONCLUSTERED")
        full = _full_columns(cur)
        columns = cur.name_list_in_parens()
        if cur.accept("USING", "INDEX"):
            using_index = _stored_name(cur, cur.name("an index name"))
    elif cur.accept("UNIQUE", "USING", "INDEX"):
        # PostgreSQL: the existing unique index becomes the constraint's.
        ctype = ConstraintType.UNIQUE
        using_index = _stored_name(cur, cur.name("an index name"))
    elif cur.accept("UNIQUE"):
        ctype = ConstraintType.UNIQUE
        _skip_words(cur, "KEY", "INDEX", "CLUSTERED", "NONCLUSTERED")
        ine = _if_not_exists(cur) or ine  # MariaDB: UNIQUE KEY IF NOT EXISTS u (a)
        if (
            name is None
            and cur.is_name(cur.peek())
            and not cur.at_type(_L_PAREN)
            and not cur.at("NULLS")
        ):
            name = cur.name("an index name")  # MySQL: UNIQUE KEY name (cols)
        if cur.accept("NULLS"):
            cur.accept("NOT")
            cur.accept("DISTINCT")
        full = _full_columns(cur)
        columns = cur.name_list_in_parens()
    elif cur.accept("FOREIGN", "KEY"):
        ctype = ConstraintType.FOREIGN_KEY
        ine = _if_not_exists(cur) or ine  # MariaDB: FOREIGN KEY IF NOT EXISTS f (a)
        if name is None and cur.is_name(cur.peek()) and not cur.at_type(_L_PAREN):
            name = cur.name("an index name")  # MySQL: FOREIGN KEY name (cols)
        columns = cur.name_list_in_parens()
        cur.expect("REFERENCES")
        ref = cur.qname("a referenced table")
        ref_cols = cur.name_list_in_parens()
    elif cur.accept("CHECK"):
        ctype = ConstraintType.CHECK
        check_text = cur.group_text()
        columns = _check_columns(cur, em.statement.source.dialect)
        no_inherit = cur.accept("NO", "INHERIT")
    elif cur.accept("EXCLUDE"):
        ctype = ConstraintType.EXCLUSION
        if cur.accept("USING"):
            cur.advance()
        check_text = cur.group_text()
        columns = cur.name_list_in_parens()
    elif name is not None and cur.accept("NOT", "NULL"):
        # PostgreSQL 18 (pg_dump 18 after a rename): CONSTRAINT n NOT NULL col
        ctype = ConstraintType.NOT_NULL
        columns = (cur.name("a column name").name,)
        _skip_words(cur, "NO", "INHERIT")
    elif name is not None and cur.accept("DEFAULT"):
        # T-SQL: CONSTRAINT DF_t_c DEFAULT (getdate()) FOR c
        ctype = ConstraintType.DEFAULT
        if cur.skip_until("FOR") and cur.accept("FOR"):
            columns = (cur.name("a column name").name,)
    else:
        raise ReadError("a constraint (PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK)", cur.peek())
    include = cur.name_list_in_parens() if cur.accept("INCLUDE") else ()
    em.emit(
        _CREATE,
        _CONSTRAINT,
        name,
        table=table,
        at=start,
        constraint_type=ctype,
        columns=columns,
        ref_table=ref.qualified() if ref is not None else None,
        ref_columns=ref_cols,
        using_index=using_index,
        include=include,
        no_inherit=no_inherit,
        full_columns=full,
        if_exists=ine,
        check_text=check_text,
    )


def _check_columns(cur: Cursor, dialect: str) -> tuple[str, ...]:
    """Names that may be columns inside a CHECK (...), in order of appearance.

    All of them, not just the first: PostgreSQL names an unnamed check
    ``t_col_check`` only when the expression reads exactly one column (else
    ``t_check``), and drops it with any column it reads. A name is an
    identifier in quotes (kept as written) or a bare word that is no
    reserved word of ``dialect`` (folded as the dialect folds it), so a
    column called ``lock``, ``key`` or ``type``, which the tokenizer reads as
    a keyword, counts too. Not names of columns: function names (``lower(``),
    cast targets (``::mood``, ``AS int``), qualifiers (``t.``), the field of
    ``EXTRACT(year FROM d)``, strings and numbers. The schema layer keeps only
    the candidates that are columns of the table.
    """
    if not cur.at_type(TokenType.L_PAREN):
        return ()
    start = cur.i
    cur.skip_group()
    tokens = cur.tokens[start : cur.i]
    profile = profile_for(dialect)
    text = cur.text
    found: list[str] = []
    for index, tok in enumerate(tokens):
        tt = tok.token_type
        if tt is TokenType.IDENTIFIER:
            name = tok.text
        elif tt is TokenType.VAR or (
            _WORD_RE.match(tok.text)
            and text[tok.start : tok.end + 1] == tok.text  # written bare: no string
            and tok.text.lower() not in profile.reserved_words
        ):
            name = profile.fold(tok.text, False)
        else:
            continue
        before = tokens[index - 1]
        if before.token_type is TokenType.DCOLON or words_of(before) == ("AS",):
            continue
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        if after is not None and after.token_type in (_L_PAREN, TokenType.DOT):
            continue
        if (
            index >= 2
            and before.token_type is _L_PAREN
            and words_of(tokens[index - 2]) == ("EXTRACT",)
        ):
            continue
        if name not in found:
            found.append(name)
    return tuple(found)


_WORD_RE = lazy_compile(r"[^\W\d][\w$]*\Z")


def _skip_words(cur: Cursor, *words: str) -> None:
    while any(cur.accept(w) for w in words):
        pass


def _full_columns(cur: Cursor) -> int | None:
    """MySQL/MariaDB: the key's columns before the first with a prefix length
    (:meth:`Cursor.full_columns_in_parens`); None elsewhere or when none has one."""
    if cur.dialect_family != "mysql":
        return None
    return cur.full_columns_in_parens()


def read_inline_index(em: Emitter, table: QName) -> None:
    """MySQL ``KEY idx (a)`` / ``INDEX idx (a)`` / ``FULLTEXT KEY idx (a)``."""
    cur = em.cursor
    start = cur.peek()
    special = cur.accept("FULLTEXT") or cur.accept("SPATIAL")
    # MySQL: {FULLTEXT | SPATIAL} [INDEX | KEY] [name] (cols)
    if not (cur.accept("KEY") or cur.accept("INDEX")) and not special:
        raise ReadError("KEY or INDEX", cur.peek())
    ine = _if_not_exists(cur)  # MariaDB: ADD INDEX IF NOT EXISTS i (a)
    name = None
    if not cur.at_type(TokenType.L_PAREN) and cur.is_name(cur.peek()):
        name = cur.name("an index name")
    unique = cur.accept("UNIQUE")  # SQL Server: INDEX ix UNIQUE [NON]CLUSTERED (cols)
    _skip_words(cur, "CLUSTERED", "NONCLUSTERED", "COLUMNSTORE", "HASH")
    if cur.accept("USING"):
        cur.advance()
    full = 0 if special else _full_columns(cur)  # FULLTEXT/SPATIAL serve no foreign key
    columns = cur.name_list_in_parens()
    em.emit(
        EventOp.CREATE,
        ObjectKind.INDEX,
        name,
        table=table,
        at=start,
        columns=columns,
        unique=unique,
        full_columns=full,
        if_exists=ine,
    )


def _create_index(em: Emitter, kind: ObjectKind, or_replace: bool, unique: bool) -> None:
    cur = em.cursor
    # MySQL CREATE FULLTEXT/SPATIAL INDEX: serves no foreign key
    kind_special = any(cur.word(j) in (("FULLTEXT",), ("SPATIAL",)) for j in range(cur.i))
    start = cur.peek()
    cur.accept("CONCURRENTLY")
    ine = _if_not_exists(cur)
    name: QName | None = None
    if not cur.at("ON"):
        name = cur.qname("an index name")
    if cur.accept("USING"):  # MySQL: CREATE INDEX i USING BTREE ON t (a)
        cur.advance()
    cur.expect("ON")
    cur.accept("ONLY")
    table = cur.qname("a table name")
    if cur.accept("USING"):
        cur.advance()
    at = cur.i
    full = _full_columns(cur)
    columns = cur.name_list_in_parens()
    name_columns: tuple[str, ...] = ()
    expressions: tuple[str, ...] = ()
    if "expr" in columns and cur.dialect_family != "mysql":
        after, cur.i = cur.i, at
        written = cur.element_texts_in_parens()
        name_columns = cur.name_list_in_parens(figure=True)
        cur.i = after
        if len(written) == len(columns):
            pairs = zip(columns, written, strict=True)
            expressions = tuple(w if c == "expr" else "" for c, w in pairs)
    listed = cur.i
    include = cur.name_list_in_parens() if cur.accept("INCLUDE") else ()
    uses: tuple[str, ...] = ()
    if profile_for(em.statement.source.dialect).family is _POSTGRES:
        uses = _names_used(cur, at, listed) + include
        after = cur.i
        if cur.skip_until("WHERE"):
            uses += _names_used(cur, cur.i + 1, cur.end)
        cur.i = after
    em.check(unread_trailer(cur, INDEX_OPTIONS, em.statement.source.dialect in STRICT_DIALECTS))
    em.emit(
        _CREATE,
        _INDEX,
        name.last if name is not None else None,
        index_text=_sqlite_index_text(cur, name, table) if name is not None else None,
        schema=name.schema if name is not None else table.schema,
        table=table,
        at=start,
        columns=columns,
        name_columns=name_columns,
        expressions=expressions,
        include=include,
        unique=unique,
        if_exists=ine,
        uses=uses,
        full_columns=0 if kind_special else full,
    )


def _names_table(token: Token, table: Token) -> bool:
    """Whether ``token`` spells the index's table (SQLite compares names without case)."""
    return token.text.casefold() == table.text.casefold()


def _sqlite_index_text(cur: Cursor, name: QName, table: QName) -> IndexText | None:
    """SQLite: the CREATE INDEX statement at the cursor as ``sqlite_master``
    keeps it, from the index name to the ``;`` or, without one, the last
    token (:class:`IndexText`; a comment before the ``;`` is kept),
    with the index name, the table and every word that may be a column
    located; None for another dialect. Reads only: the cursor is not moved.

    A word is not a column when it calls (``lower(``), qualifies (``t.``),
    follows ``COLLATE`` or is a keyword the tokenizer knows as one; SQLite's
    grammar (sqlite.org/lang_createindex.html) leaves nothing else there. A
    qualifier naming the index's table (a partial index's ``WHERE
    "incident"."resolved_at" IS NULL``) is the table, and the word after it a
    column: both follow a rename (trial s27 openstatus).
    """
    if cur.dialect_family != "sqlite":
        return None
    tokens = cur.tokens
    first = tokens.index(name.last.token)
    base = tokens[first].start
    last = cur.end - 1
    while last > first and tokens[last].token_type is TokenType.SEMICOLON:
        last -= 1
    spans: list[tuple[int, int, str]] = []
    table_tok = table.last.token
    for j in range(first, last + 1):
        tok = tokens[j]
        role = "index" if j == first else "table" if tok is table_tok else None
        if role is None:
            if not cur.is_name(tok) or tok.token_type not in _COLUMN_WORDS:
                continue
            nxt = tokens[j + 1].token_type if j + 1 <= last else None
            if nxt is TokenType.DOT and j + 2 <= last and _names_table(tok, table_tok):
                # a WHERE's "incident"."resolved_at": the table, renamed with it
                spans.append((tok.start - base, _token_end(cur, j) - base, "table"))
                continue
            if nxt in (TokenType.L_PAREN, TokenType.DOT):
                continue
            if j > first and cur.word(j - 1) == ("COLLATE",):
                continue
            if tokens[j - 1].token_type is TokenType.DOT and not (
                j >= 2 and _names_table(tokens[j - 2], table_tok)
            ):
                continue
            role = "column"
        spans.append((tok.start - base, _token_end(cur, j) - base, role))
    # SQLite keeps what stands before the ";" (a comment, spaces): sqlite_master
    # holds the statement up to its ";" (sqlite3CreateIndex drops only the ";").
    return IndexText(cur.source_text_to_semicolon(first, last), tuple(spans))


#: Token types of a word that may name a column in an index: identifiers
#: (quoted), plain words, and the keyword types sqlglot gives a word that
#: SQLite lets a column be named (``key``, ``name``...) are not needed: an
#: index column is compared with the table's columns before it is renamed.
_COLUMN_WORDS = frozenset({TokenType.IDENTIFIER, TokenType.VAR})


def _token_end(cur: Cursor, j: int) -> int:
    """Offset just past token ``j`` in the statement text (a quoted
    identifier's closing quote included)."""
    return cur.tokens[j].end + 1


def _names_used(
    cur: Cursor,
    start: int,
    end: int,
    *,
    qualified: bool = False,
    aliases: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Words of ``tokens[start:end]`` that may name a column: not a call
    (``lower(``), a qualifier (``t.``), a type after ``::``, a name given
    after ``AS`` (an output or table alias, a ``CAST`` type) nor a CTE's
    (``items AS (``). Quoted ones keep their double quotes; replay keeps
    those that are columns. With ``qualified``, ``q.col`` is kept as
    ``table.col`` (a view's: ``aliases`` maps a table alias, case-folded, to
    its table's name; an unknown qualifier is kept as written, and replay
    reads only its own table's name)."""
    tokens = cur.tokens
    found: list[str] = []
    for j in range(start, min(end, cur.end)):
        tok = tokens[j]
        if not cur.is_name(tok):
            continue
        nxt = tokens[j + 1].token_type if j + 1 < len(tokens) else None
        if nxt in (_L_PAREN, _DOT):
            continue
        if j > 0 and tokens[j - 1].token_type in (_DCOLON, _ALIAS):
            continue
        if qualified and j > 1 and tokens[j - 1].token_type is _DOT:
            # q.col: which table q is (a name, an alias) is for replay to judge
            qualifier = tokens[j - 2]
            if cur.is_name(qualifier) and qualifier.token_type is not _IDENTIFIER:
                table = (aliases or {}).get(qualifier.text.casefold(), qualifier.text)
                found.append(f"{table}.{tok.text}")
                continue
        if nxt is _ALIAS and j + 2 < len(tokens) and tokens[j + 2].token_type is _L_PAREN:
            continue  # WITH items AS (...): a CTE's name
        if tok.token_type is _IDENTIFIER:
            found.append('"' + tok.text.replace('"', '""') + '"')
        else:
            found.append(tok.text)
    return tuple(dict.fromkeys(found))


def _table_aliases(cur: Cursor, start: int, end: int, tables: Mapping[str, str]) -> dict[str, str]:
    """Alias (case-folded) -> table name, for ``people p`` / ``people AS p``
    where ``people`` (case-folded) is one of ``tables`` (a view's sources)."""
    tokens = cur.tokens
    stop = min(end, cur.end)
    out: dict[str, str] = {}
    for j in range(start, stop - 1):
        tok = tokens[j]
        table = tables.get(tok.text.casefold()) if cur.is_name(tok) else None
        if table is None or tokens[j + 1].token_type is TokenType.DOT:
            continue
        at = j + 2 if tokens[j + 1].token_type is TokenType.ALIAS else j + 1
        if at < stop and cur.is_name(tokens[at]) and tokens[at].token_type is not TokenType.L_PAREN:
            after = tokens[at + 1].token_type if at + 1 < stop else None
            if after not in (TokenType.DOT, TokenType.L_PAREN):
                out[tokens[at].text.casefold()] = table
    return out


def _cte_names(cur: Cursor, start: int, end: int) -> set[str]:
    """The names ``WITH`` gives its common table expressions (``x AS (``),
    as :func:`.view_scopes.cte_key` matches them."""
    tokens = cur.tokens
    return {
        cte_key(tokens[j].text, tokens[j].token_type is TokenType.IDENTIFIER, cur.dialect_family)
        for j in range(start, min(end, cur.end) - 2)
        if cur.is_name(tokens[j])
        and tokens[j + 1].token_type is TokenType.ALIAS
        and tokens[j + 2].token_type is TokenType.L_PAREN
    }


def _create_view(em: Emitter, kind: ObjectKind, or_replace: bool, unique: bool) -> None:
    cur = em.cursor
    ine = _if_not_exists(cur)
    name = cur.qname("a view name")
    listed: list[NameTok | None] = []
    if cur.at_type(TokenType.L_PAREN):  # the output columns' names
        for piece in cur.split_commas(in_parens=True):
            tok = piece.peek()
            one = piece.end - piece.i == 1 and piece.is_name(tok)
            listed.append(piece.name() if one else None)
    cur.skip_until("AS")
    cur.accept("AS")
    body = cur.i
    sources, star = _view_sources(cur.tokens[cur.i : cur.end])
    uses: tuple[str, ...] = ()
    levels: tuple[ViewLevel, ...] = ()
    if cur.dialect_family in ("postgres", "sqlite", "mysql"):
        aliases = _table_aliases(cur, cur.i, cur.end, {q.name.casefold(): q.name for q in sources})
        uses = _names_used(cur, cur.i, cur.end, qualified=True, aliases=aliases)
        ctes = _cte_names(cur, cur.i, cur.end)
        if ctes:  # WITH items AS (...) ... FROM items reads the CTE, not the table
            sources = tuple(
                s
                for s in sources
                if s.schema or cte_key(s.name, s.quoted, cur.dialect_family) not in ctes
            )
        if _star_projection(cur, cur.i, cur.end):
            uses = ("*", *uses)
        if cur.dialect_family == "postgres":
            levels = view_levels(cur, cur.i, cur.end, ctes)
    em.emit(
        EventOp.CREATE,
        kind,
        name.last,
        schema=name.schema,
        or_replace=or_replace,
        if_exists=ine,
        selects_from=sources,
        view_is_select_star=star,
        uses=uses,
        view_levels=levels,
    )
    view_event = len(em.events) - 1
    cur.i = body
    # Checked against PostgreSQL, MariaDB and SQLite only: another dialect's
    # view (a ClickHouse materialized view TO a table...) keeps them unknown.
    modelled = cur.dialect_family in ("postgres", "sqlite", "mysql")
    known, stars, read = _view_columns(em, name, listed) if modelled else (False, (), ())
    if not known:
        em.events[view_event] = replace(em.events[view_event], view_columns_unknown=True)
    elif stars:  # known but for them: replay expands them (or says they stay unknown)
        em.events[view_event] = replace(em.events[view_event], view_stars=stars, view_from=read)
    cur.i = cur.end


#: Words that end a select list at the top level of a view's query.
_VIEW_LIST_ENDS = _AFTER_SELECT_LIST | {"INTO", "WINDOW", "OFFSET", "FETCH", "FOR"}
#: What follows WITH where it ends a view's query (a materialized view's
#: ``WITH [NO] DATA``, a view's ``WITH [LOCAL | CASCADED] CHECK OPTION``),
#: not ``timestamp with time zone``.
_VIEW_TAIL_WITH = frozenset({"NO", "DATA", "CHECK", "LOCAL", "CASCADED"})


def _unclosed_paren(cur: Cursor, start: int, end: int) -> int:
    """Index of the first ``)`` from ``start`` that closes a ``(`` opened
    before it, else ``end``."""
    depth = 0
    for j in range(start, end):
        tt = cur.tokens[j].token_type
        if tt is _L_PAREN:
            depth += 1
        elif tt is _R_PAREN:
            depth -= 1
            if depth < 0:
                return j
    return end


def _view_star(cur: Cursor, tokens: list[Token], made: int) -> ViewStar:
    """The ``*`` or ``q.*`` that ``tokens`` (a select-list item ending in
    ``*``) are, after ``made`` columns of the view."""
    qualifier = tokens[-3] if len(tokens) > 2 else None  # q . *
    return ViewStar(
        made,
        None
        if qualifier is None
        else (qualifier.text, qualifier.token_type is TokenType.IDENTIFIER),
        cur.location(tokens[-1]),
    )


def _view_list_end(cur: Cursor, start: int) -> int:
    """Where the select list starting at ``start`` ends (a view's or
    ``CREATE TABLE ... AS``'s query): at a clause, or at the ``)`` closing a
    parenthesized first branch (``(SELECT 1 AS a) UNION (...)``); ``WITHIN
    GROUP (...)`` of an ordered-set aggregate does not end it."""
    stop = _top_level(cur, start, _VIEW_LIST_ENDS)
    while stop is not None and cur.word(stop)[:1] == ("GROUP",) and within_group(cur, stop):
        stop = _top_level(cur, stop + 1, _VIEW_LIST_ENDS)
    end = cur.end if stop is None else stop
    end = min(end, _unclosed_paren(cur, start, end))
    at = start
    while (found := _top_level(cur, at, frozenset({"WITH"}))) is not None and found < end:
        tail = cur.word(found)[1:2] or cur.word(found + 1)[:1]  # one token or two
        if tail and tail[0] in _VIEW_TAIL_WITH:
            return found
        at = found + 1
    return end


def _view_columns(
    em: Emitter, view: QName, listed: list[NameTok | None]
) -> tuple[bool, tuple[ViewStar, ...], tuple[ViewSource, ...]]:
    """The output columns of ``CREATE [MATERIALIZED] VIEW view [(listed)] AS <query>``
    (the cursor at the query): a CREATE COLUMN event (``view_column``) for each
    the model knows. Whether it knows them all but the stars; the stars; the
    FROM list they read (:func:`~.view_stars.view_from`).

    As the databases name them: the column list, where written, names the
    first columns (PostgreSQL CREATE VIEW "column_name": "If not given, the
    column names are deduced from the query"; MySQL and SQLite take one
    name per column); the rest are named by the first SELECT's list (a
    UNION's first branch names the columns): an item's alias, else a column
    reference's column name (``t.col``: ``col``). An expression without an
    alias has the name PostgreSQL's FigureColname gives it (the function or
    type name, else ``?column?``; manual "Column Labels": "a function or
    type name may be used, or the system may fall back on a generated name
    such as ?column?"); MySQL and SQLite name it after its text (MySQL
    ``Name_exp_N`` when too long), which the model leaves out. ``*`` and
    ``t.*`` are returned for replay to expand when the view is made
    (PostgreSQL manual, CREATE VIEW: "columns added later to the table are
    not part of the view"; MySQL manual, CREATE VIEW: "the view definition
    is frozen at creation time") with the FROM list they read, derived
    tables and ``WITH`` queries included (:mod:`.view_stars`); SQLite
    expands a ``*`` again at each use (its ``pragma table_info`` of the view
    shows a column added to the table later), so replay keeps of a SQLite
    star only the names derived tables write, the rest unknown. A star
    beside a column list is unknown (False), as is a ``TABLE t`` query's
    list and MariaDB's ``VALUES`` (named after the first row's text); a
    ``VALUES`` body's columns are ``column1``... on PostgreSQL and SQLite.
    The items after a ``*`` are modelled unless a column list is written
    (which it
    then names is not known).
    """
    cur = em.cursor
    known = all(n is not None for n in listed)
    made = 0
    stars: list[ViewStar] = []
    for tok in listed:
        if tok is not None:
            em.emit(EventOp.CREATE, ObjectKind.COLUMN, tok, table=view, view_column=True)
            made += 1
    while cur.at_type(TokenType.L_PAREN):
        cur.advance()
    ctes: Mapping[str, ViewQuery | None] = {}
    if cur.at("WITH"):
        found = read_with(cur, cur.i, cur.end, ctes)
        if found is None:  # each WITH query's columns unknown: a star over one says so
            select = _main_select(cur)
            if select is None:
                return False, (), ()
            ctes = dict.fromkeys(_cte_names(cur, cur.i, select))
            cur.i = select
        else:
            ctes, cur.i = found
        while cur.at_type(TokenType.L_PAREN):
            cur.advance()
    if cur.at("VALUES") and cur.dialect_family != "mysql" and not listed:
        values = query_shape(cur, cur.i, cur.end, ctes)  # column1, column2...
        if values is None:
            return False, (), ()
        for text, _ in (n for n in values.names if n is not None):
            em.emit(
                EventOp.CREATE,
                ObjectKind.COLUMN,
                NameTok(text, False, cur.tokens[cur.i]),
                table=view,
                view_column=True,
            )
        return True, (), ()
    if not cur.accept("SELECT"):
        return False, (), ()  # VALUES (...) on MariaDB, TABLE t: columns not read
    if cur.accept("DISTINCT") and cur.at("ON"):
        cur.advance()
        cur.skip_group()
    if not cur.accept("ALL"):
        cur.accept("DISTINCTROW")
    start = cur.i
    stop = _view_list_end(cur, start)
    items = Cursor(cur.tokens, em.statement, cur.words, start, stop).split_commas(in_parens=False)
    for at, item in enumerate(items):
        tokens = item.tokens[item.i : item.end]
        if tokens and tokens[-1].token_type is TokenType.STAR:
            # * or t.*: how many columns, and which, is known when made (if
            # frozen then); with a column list, not which columns it names
            if listed:
                return False, (), ()
            stars.append(_view_star(cur, tokens, made))
            continue
        if at < len(listed):
            continue  # named by the list
        named = item_name(item, tokens)
        if named is None:
            known = False  # MySQL, MariaDB, SQLite: named after the expression's text
            continue
        em.emit(EventOp.CREATE, ObjectKind.COLUMN, named, table=view, view_column=True)
        made += 1
    if not stars:
        return known, (), ()
    read = view_from(cur, stop + 1, ctes) if cur.word(stop)[:1] == ("FROM",) else None
    if read is None:
        where = "the FROM list its * reads"
        _names_not_read(em, f"view {view.last.name!r}", cur.tokens[min(stop, cur.end - 1)], where)
        return False, (), ()
    return known, tuple(stars), read


def _names_not_read(em: Emitter, relation: str, at: Token, what: str) -> None:
    """The DBN005 warning (as for a SQLite virtual table of a module not
    known) where a view's (or a ``CREATE TABLE AS SELECT`` table's) columns
    stay in part unknown because ``what`` could not be read: a name written
    there (a function's column definition list...) is not judged, so the
    user is told rather than the statement passing silently."""
    em.notes.append(
        (
            at,
            f"the output columns of {relation} were not all read: {what} "
            "could not be read, so the names it gives them are not checked",
        )
    )


def _star_projection(cur: Cursor, start: int, end: int) -> bool:
    """Whether a select list of ``tokens[start:end]`` has ``*`` or ``t.*``
    (which reads every column), not ``count(*)`` or a product ``a * b``."""
    tokens = cur.tokens
    for j in range(max(start, 1), min(end, len(tokens))):
        if tokens[j].token_type is _STAR:
            before = tokens[j - 1]
            if before.token_type in (TokenType.SELECT, _COMMA, _DOT):
                return True
            if before.text.upper() == "DISTINCT":
                return True
    return False


def _view_sources(tokens: list[Token]) -> tuple[tuple[QualifiedName, ...], bool]:
    """Tables named after FROM/JOIN anywhere in a view body; and SELECT * FROM t."""
    sources: list[QualifiedName] = []
    sub = Cursor(tokens, None)
    while sub.peek() is not None:
        if not (sub.accept("FROM") or _accept_join(sub)):
            sub.i += 1
        elif sub.is_name(sub.peek()) and not sub.at("LATERAL"):
            q = sub.qname().qualified()
            if q not in sources:
                sources.append(q)
    return tuple(sources), _is_select_star(tokens)


#: What may follow ``SELECT * FROM t`` in a view that is a plain alias of ``t``.
_VIEW_TAIL_WORDS = frozenset({"WITH", "LOCAL", "CASCADED", "CHECK", "OPTION"})


def _is_select_star(tokens: list[Token]) -> bool:
    """Whether a view body is ``SELECT * FROM <table>`` and nothing more.

    That is the shape of the compatibility views the seed plans create.
    """
    cur = Cursor(tokens, None)
    if not (cur.accept("SELECT") and cur.at_type(TokenType.STAR)):
        return False
    cur.advance()
    if not (cur.accept("FROM") and cur.is_name(cur.peek())):
        return False
    cur.qname()
    while not cur.done():
        word = cur.word(cur.i)
        if not word or not set(word) <= _VIEW_TAIL_WORDS:
            return False
        cur.advance()
    return True


def _accept_join(cur: Cursor) -> bool:
    tok = cur.peek()
    if tok is not None and tok.text.upper().endswith("JOIN"):
        cur.i += 1
        return True
    return False


def _create_simple(em: Emitter, kind: ObjectKind, or_replace: bool, unique: bool) -> None:
    """SEQUENCE, TYPE, DOMAIN, SCHEMA, FUNCTION: the name follows the keyword."""
    cur = em.cursor
    ine = _if_not_exists(cur)
    if kind is ObjectKind.SCHEMA and cur.at("AUTHORIZATION"):
        cur.advance()
        owner = cur.name("a role name")
        em.emit(EventOp.CREATE, kind, owner, if_exists=ine)
        _schema_elements(em, owner.name)
        return
    name = cur.qname(f"a {kind.value} name")
    attributes: tuple[str, ...] = ()
    attribute_types: tuple[str | None, ...] = ()
    data_type: str | None = None
    type_uses: tuple[str, ...] = ()
    arguments: tuple[str, ...] | None = None
    body: str | None = None
    composite: tuple[list[NameTok], list[str | None]] | None = None
    if kind is ObjectKind.TYPE and cur.at("AS") and cur.peek(1) is not None:
        after = cur.peek(1)
        if after is not None and after.token_type is TokenType.L_PAREN:
            # A composite type: its attributes are the columns of the tables
            # made OF it (CREATE TABLE t OF type).
            # Kept as the catalog stores them (unquoted ones lower-cased).
            cur.advance()
            written: list[NameTok] = []
            types: list[str | None] = []
            for piece in cur.split_commas(in_parens=True):
                written.append(piece.name("an attribute name"))
                types.append(_data_type(em.piece(piece)))
            attributes = tuple(a.name if a.quoted else a.name.lower() for a in written)
            attribute_types = tuple(types)
            composite = (written, types)
    elif kind is ObjectKind.DOMAIN:
        at = cur.i
        cur.accept("AS")
        data_type = _data_type(em)  # DROP TYPE ... CASCADE drops a domain over it
        cur.i = at
    elif kind is ObjectKind.FUNCTION:
        type_uses = _routine_types(cur)
        at = cur.i
        if cur.at_type(TokenType.L_PAREN):
            try:
                arguments = _input_arguments(cur, em.statement.source.dialect)
            except ReadError:
                arguments = None  # a signature we cannot read: overloads unknown
        cur.i = at
        body = _routine_body(cur)
    em.emit(
        EventOp.CREATE,
        kind,
        name.last,
        schema=name.schema,
        if_exists=ine,
        or_replace=or_replace,
        columns=attributes,
        attribute_types=attribute_types,
        data_type=data_type,
        type_uses=type_uses,
        arguments=arguments,
        body=body,
    )
    if composite is not None:  # its attributes: judged as the columns of the type
        for attribute, attribute_type in zip(*composite, strict=True):
            em.emit(
                EventOp.CREATE,
                ObjectKind.COLUMN,
                attribute,
                table=name,
                data_type=attribute_type,
                composite=True,
            )
    if kind is ObjectKind.SCHEMA:
        if cur.accept("AUTHORIZATION"):
            cur.name("a role name")
        _schema_elements(em, name.last.name)
    elif kind is ObjectKind.SEQUENCE:
        _sequence_owner(em, name, if_exists=False)
    elif kind is ObjectKind.DOMAIN:
        _domain_constraints(em, name)


def _domain_constraints(em: Emitter, domain: QName) -> None:
    """The CHECK constraints of ``CREATE DOMAIN d AS type [CONSTRAINT n] CHECK
    (...) ...`` (cursor anywhere after the domain's name): CONSTRAINT events
    owned by the domain (``domain``), unnamed ones left to replay, which
    names them as PostgreSQL does (``<domain>_check``, then ``_check1``...,
    among the schema's constraint names: ``domainAddConstraint`` calls
    ``ChooseConstraintName(domain, NULL, "check", namespace)``; PostgreSQL
    15 checked, tests/test_domain_constraints.py). ``CONSTRAINT n NOT NULL``
    and ``CONSTRAINT n NULL`` make no pg_constraint row before PostgreSQL 17
    (15 drops the name), so they make no event."""
    cur = em.cursor
    pending: NameTok | None = None
    at: Token | None = None
    while (tok := cur.peek()) is not None and tok.token_type is not TokenType.SEMICOLON:
        if tok.token_type is TokenType.L_PAREN:
            cur.skip_group()
            continue
        if cur.accept("CONSTRAINT"):
            at = tok
            pending = cur.name("a constraint name")
            continue
        if cur.at("CHECK"):
            _domain_check(em, domain, pending, at or tok)
            pending = at = None
            continue
        pending = at = None
        cur.i += 1


def _domain_check(em: Emitter, domain: QName, name: NameTok | None, at: Token) -> None:
    """One CHECK of a domain, the cursor at CHECK: its CREATE CONSTRAINT event."""
    cur = em.cursor
    cur.expect("CHECK")
    if cur.at_type(TokenType.L_PAREN):
        cur.skip_group()
    cur.accept("NOT", "VALID")
    em.emit(
        EventOp.CREATE,
        ObjectKind.CONSTRAINT,
        name,
        table=domain,
        at=at,
        constraint_type=ConstraintType.CHECK,
        domain=True,
    )


def _alter_domain(em: Emitter, domain: QName) -> bool:
    """``ALTER DOMAIN d ADD [CONSTRAINT n] CHECK (...)``, ``DROP CONSTRAINT
    [IF EXISTS] n``, ``RENAME CONSTRAINT a TO b`` (PostgreSQL manual, ALTER
    DOMAIN): events of the domain's constraint. False when the action is
    none of these (cursor unmoved)."""
    cur = em.cursor
    start = cur.i
    if cur.accept("ADD"):
        at = cur.peek()
        name: NameTok | None = None
        if cur.accept("CONSTRAINT"):
            name = cur.name("a constraint name")
        if cur.at("CHECK") and at is not None:
            _domain_check(em, domain, name, at)
            return True
        # ADD CONSTRAINT n NOT NULL (PostgreSQL 17): no pg_constraint row before it
        cur.i = start
        return False
    if cur.accept("DROP", "CONSTRAINT"):
        ie = _if_exists(cur)
        name = cur.name("a constraint name")
        em.emit(EventOp.DROP, ObjectKind.CONSTRAINT, name, table=domain, if_exists=ie, domain=True)
        return True
    if cur.accept("RENAME", "CONSTRAINT"):
        old = cur.name("a constraint name")
        cur.expect("TO")
        new = cur.name("a new constraint name")
        em.emit(EventOp.RENAME, ObjectKind.CONSTRAINT, old, table=domain, new=new, domain=True)
        return True
    return False


def _alter_attributes(em: Emitter, composite: QName) -> bool:
    """``ALTER TYPE t ADD ATTRIBUTE a x``, ``DROP ATTRIBUTE [IF EXISTS] a``,
    ``ALTER ATTRIBUTE a TYPE x`` (comma-separated) and ``RENAME ATTRIBUTE a
    TO b`` (PostgreSQL manual, ALTER TYPE): COLUMN events of the composite
    type (``Event.composite``). False when the action is none of these
    (cursor unmoved)."""
    cur = em.cursor
    start = cur.i
    if cur.accept("RENAME", "ATTRIBUTE"):
        old = cur.name("an attribute name")
        cur.expect("TO")
        new = cur.name("a new attribute name")
        cascade = cur.accept("CASCADE")
        cur.accept("RESTRICT")
        em.emit(
            EventOp.RENAME,
            ObjectKind.COLUMN,
            old,
            table=composite,
            new=new,
            composite=True,
            cascade=cascade,
        )
        return True
    if not (cur.at("ADD", "ATTRIBUTE") or cur.at("DROP", "ATTRIBUTE") or cur.at("ALTER")):
        return False
    events: list[Event] = []
    for piece in cur.split_commas(in_parens=False):
        sub = Emitter(em.statement, piece, events, em.unread, em.notes)
        # CASCADE: the tables made OF the type follow (PostgreSQL refuses the
        # action without it while there is one); it ends the action.
        cascade = piece.end > piece.i and (piece.tokens[piece.end - 1].text.upper() == "CASCADE")
        if piece.accept("ADD", "ATTRIBUTE"):
            name = piece.name("an attribute name")
            data_type = _data_type(sub)
            sub.emit(
                EventOp.CREATE,
                ObjectKind.COLUMN,
                name,
                table=composite,
                data_type=data_type,
                composite=True,
                cascade=cascade,
            )
        elif piece.accept("DROP", "ATTRIBUTE"):
            ie = _if_exists(piece)
            name = piece.name("an attribute name")
            sub.emit(
                EventOp.DROP,
                ObjectKind.COLUMN,
                name,
                table=composite,
                if_exists=ie,
                composite=True,
                cascade=cascade,
            )
        elif piece.accept("ALTER", "ATTRIBUTE"):
            piece.name("an attribute name")  # its type changes, not its name
        else:
            cur.i = start
            return False
        piece.i = piece.end
    em.events.extend(events)
    return True


def _sequence_owner(em: Emitter, sequence: QName, if_exists: bool) -> None:
    """``OWNED BY [schema.]table.column`` or ``OWNED BY NONE`` among the options
    of CREATE/ALTER SEQUENCE (PostgreSQL): the sequence becomes the column's
    (pg_depend 'a': dropped with the column or its table) or nobody's. An
    ATTACH (or DETACH) event of the sequence, ``table`` and ``columns`` the
    owner. Cursor at the end when the clause is there, else unmoved."""
    cur = em.cursor
    # Most sequences (pg_dump's CREATE SEQUENCE ... CACHE 1) have no OWNED:
    # one look at each token's text instead of the grammar's walk.
    tokens = cur.tokens
    if not any(tokens[j].text.upper() == "OWNED" for j in range(cur.i, cur.end)):
        return
    start = cur.i
    if not cur.skip_until("OWNED", "BY"):
        cur.i = start
        return
    cur.accept("OWNED", "BY")
    if cur.accept("NONE"):
        em.emit(
            EventOp.DETACH,
            ObjectKind.SEQUENCE,
            sequence.last,
            schema=sequence.schema,
            if_exists=if_exists,
        )
        return
    at = cur.peek()
    target = cur.qname("a table and column after OWNED BY")
    if len(target.parts) < 2:
        raise ReadError("a table-qualified column (table.column) after OWNED BY", at)
    column = target.last
    em.emit(
        EventOp.ATTACH,
        ObjectKind.SEQUENCE,
        sequence.last,
        schema=sequence.schema,
        table=QName(target.parts[:-1]),
        columns=(_stored_name(cur, column),),
        if_exists=if_exists,
    )


#: First words of the built-in types written in several words (``double
#: precision``, ``character varying``, ``timestamp with time zone``).
_MULTIWORD_TYPE_STARTS = frozenset(
    {"DOUBLE", "CHARACTER", "CHAR", "NATIONAL", "NCHAR", "BIT", "TIMESTAMP", "TIME", "INTERVAL"}
)
_MULTIWORD_TYPE_NEXT = frozenset(
    {"PRECISION", "VARYING", "WITH", "WITHOUT", "CHARACTER", "CHAR", "YEAR", "MONTH", "DAY"}
    | {"HOUR", "MINUTE", "SECOND"}
)


#: Tokens after a lone type, never after an argument's name (``mood[]``,
#: ``app.mood``, ``varchar(3)``, ``int = 3``).
_NOT_AFTER_ARGUMENT_NAME = frozenset(
    {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.DOT, TokenType.EQ, TokenType.DEFAULT}
)


def _routine_types(cur: Cursor) -> tuple[str, ...]:
    """The types a PostgreSQL routine's signature names, as written; cursor unmoved.

    Every argument's type (``IN``, ``OUT``, ``INOUT``, ``VARIADIC``, named or
    not, defaults left out) and the result: ``RETURNS [SETOF] t`` or each
    column of ``RETURNS TABLE (...)``. PostgreSQL records a dependency on
    each (pg_depend), so DROP TYPE ... CASCADE drops the routine. A type is
    its leading (dotted) name, ``[]`` and ``(...)`` modifiers dropped.
    """
    at = cur.i
    found: list[str] = []
    try:
        if cur.at_type(TokenType.L_PAREN):
            for piece in cur.split_commas(in_parens=True):
                _argument_type(piece, found, named=None)
        while cur.i < cur.end and not cur.at("RETURNS"):
            if cur.at_type(TokenType.L_PAREN):
                cur.skip_group()
            else:
                cur.advance()
        if cur.accept("RETURNS"):
            if cur.accept("TABLE") and cur.at_type(TokenType.L_PAREN):
                for piece in cur.split_commas(in_parens=True):
                    _argument_type(piece, found, named=True)
            else:
                cur.accept("SETOF")
                _argument_type(cur, found, named=False)
    except ReadError:
        pass  # a signature we cannot read names no type we can follow
    cur.i = at
    return tuple(found)


def _argument_type(piece: Cursor, found: list[str], *, named: bool | None) -> None:
    """Append the type of one argument (``[mode] [name] type [DEFAULT ...]``).

    ``named`` None: the name is optional; it is there when two names follow
    each other, unless they start a built-in type of several words.
    """
    if piece.word(piece.i) and piece.word(piece.i)[0] in _ARG_MODES:
        piece.advance()
    if not piece.is_name(piece.peek()):
        return
    if named is None:
        named = _at_argument_name(piece)
    if named:
        piece.advance()
        if not piece.is_name(piece.peek()):
            return
    type_name = piece.qname("a type name")
    found.append(".".join(_written(part) for part in type_name.parts[-2:]))


def _at_argument_name(piece: Cursor) -> bool:
    """Whether an argument's name is next (its type follows), not its type:
    two names follow each other, unless they start a built-in type of
    several words (``double precision``)."""
    first, second = piece.peek(), piece.peek(1)
    return (
        second is not None
        and second.token_type not in _NOT_AFTER_ARGUMENT_NAME
        and second.text.upper() != "DEFAULT"
        and not (
            first is not None
            and first.token_type is not TokenType.IDENTIFIER
            and first.text.upper() in _MULTIWORD_TYPE_STARTS
            and second.text.upper() in _MULTIWORD_TYPE_NEXT
        )
    )


def _routine_body(cur: Cursor) -> str | None:
    """The digest of a PostgreSQL routine's body written as one string
    (``AS $$...$$``, ``AS '...'``: what ``pg_proc.prosrc`` keeps); None for
    another body (``BEGIN ATOMIC``, ``RETURN``, a C function's ``AS 'file',
    'symbol'``) or dialect. Cursor unmoved."""
    if cur.profile.family is not Family.POSTGRES:
        return None
    from dbnamelint.routines import body_digest  # read with the first routine only

    tokens, j = cur.tokens, cur.i
    while j < cur.end:
        tok = tokens[j]
        if tok.token_type is TokenType.L_PAREN:
            at = cur.i
            cur.i = j
            cur.skip_group()
            j, cur.i = cur.i, at
            continue
        if cur.word(j) == ("AS",) and j + 1 < cur.end:
            body = tokens[j + 1]
            after = tokens[j + 2] if j + 2 < cur.end else None
            strings = (TokenType.STRING, TokenType.HEREDOC_STRING)
            if body.token_type in strings and (
                after is None or after.token_type is not TokenType.COMMA
            ):
                return body_digest(body.text)
            return None
        j += 1
    return None


def _written(name: NameTok) -> str:
    """A name part as SQL spells it: in double quotes when it was quoted."""
    return '"' + name.name.replace('"', '""') + '"' if name.quoted else name.name


def _schema_elements(em: Emitter, schema: str) -> None:
    """``CREATE SCHEMA s CREATE TABLE t (...) CREATE VIEW v ... GRANT ...``.

    PostgreSQL CREATE SCHEMA: each element is a statement of its own, run
    with ``s`` first in the search path, so unqualified names land in ``s``.
    """
    cur = em.cursor
    tokens = cur.tokens
    starts = [
        j
        for j in range(cur.i, cur.end)
        if tokens[j].token_type in (TokenType.CREATE, TokenType.GRANT)
    ]
    if not starts:
        return
    if starts[0] != cur.i:
        raise ReadError("CREATE or GRANT (a schema element)", cur.peek())
    for a, b in zip(starts, [*starts[1:], cur.end], strict=True):
        if tokens[a].token_type is TokenType.GRANT:
            continue
        sub = Cursor(tokens, em.statement, cur.words, a, b)
        sub.dialect_family = cur.dialect_family
        first = len(em.events)
        read_create(em.piece(sub))
        if profile_for(em.statement.source.dialect).family is Family.POSTGRES:
            # Created in s, looked up in s first, then the session's path
            # (parse_statements appends it): replay resolves both.
            em.events[first:] = [replace(e, search_path=(schema,)) for e in em.events[first:]]
        else:
            em.events[first:] = [in_schema(e, schema) for e in em.events[first:]]
    cur.i = cur.end


def _default(name: QualifiedName | None, schema: str) -> QualifiedName | None:
    if name is None or name.schema is not None:
        return name
    return replace(name, schema=schema)


def in_schema(event: Event, schema: str) -> Event:
    """``event`` with ``schema`` filled in wherever a name was left unqualified."""
    table = _default(event.table, schema)
    return replace(
        event,
        schema=event.schema if event.schema is not None or table is not None else schema,
        table=table,
        ref_table=_default(event.ref_table, schema),
        like=_default(event.like, schema),
        partition_of=_default(event.partition_of, schema),
        of_type=_default(event.of_type, schema),
        inherits=tuple(_default(q, schema) or q for q in event.inherits),
        selects_from=tuple(_default(q, schema) or q for q in event.selects_from),
    )


#: What a trigger can fire on (``Event.trigger_events``).
_TRIGGER_EVENTS = frozenset({"INSERT", "UPDATE", "DELETE", "TRUNCATE"})
#: What a trigger's timing can be (``Event.trigger_timing``).
_TRIGGER_TIMINGS = (("BEFORE",), ("AFTER",), ("INSTEAD", "OF"))


def _create_trigger(em: Emitter, kind: ObjectKind, or_replace: bool, unique: bool) -> None:
    cur = em.cursor
    ine = _if_not_exists(cur)
    name = cur.qname("a trigger name")
    # PostgreSQL, MySQL, SQLite: the timing follows the name (SQLite may
    # leave it out: BEFORE); replay refuses the ones a view cannot have.
    timing = next((" ".join(w) for w in _TRIGGER_TIMINGS if cur.at(*w)), None)
    fired = cur.i
    if not cur.skip_until("ON"):
        raise ReadError("ON <table>", None)
    fires_on = tuple(
        w for j in range(fired, cur.i) if (w := " ".join(cur.word(j))) in _TRIGGER_EVENTS
    )
    cur.expect("ON")
    table = cur.qname("a table name")
    function: QualifiedName | None = None
    body = cur.i
    row = cur.skip_until("FOR") and (cur.accept("FOR", "EACH", "ROW") or cur.accept("FOR", "ROW"))
    cur.i = body
    if profile_for(em.statement.source.dialect).family is Family.POSTGRES:
        # ... [WHEN (...)] EXECUTE { FUNCTION | PROCEDURE } f ( args )
        while cur.skip_until("EXECUTE"):
            cur.advance()
            if (cur.accept("FUNCTION") or cur.accept("PROCEDURE")) and cur.is_name(cur.peek()):
                function = cur.qname("a function name").qualified()
                break
    em.emit(
        EventOp.CREATE,
        kind,
        name.last,
        schema=name.schema,
        table=table,
        if_exists=ine,
        or_replace=or_replace,
        function=function,
        trigger_timing=timing,
        row_trigger=row,
        trigger_events=fires_on,
    )


def _create_policy(em: Emitter, kind: ObjectKind, or_replace: bool, unique: bool) -> None:
    cur = em.cursor
    ine = _if_not_exists(cur)
    name = cur.name("a policy name")
    cur.expect("ON")
    table = cur.qname("a table name")
    em.emit(EventOp.CREATE, kind, name, table=table, if_exists=ine)


_CREATE_HANDLERS: MappingProxyType[
    ObjectKind, Callable[[Emitter, ObjectKind, bool, bool], None]
] = MappingProxyType(
    {
        ObjectKind.TABLE: _create_table,
        ObjectKind.INDEX: _create_index,
        ObjectKind.VIEW: _create_view,
        ObjectKind.MATERIALIZED_VIEW: _create_view,
        ObjectKind.SEQUENCE: _create_simple,
        ObjectKind.TYPE: _create_simple,
        ObjectKind.DOMAIN: _create_simple,
        ObjectKind.SCHEMA: _create_simple,
        ObjectKind.FUNCTION: _create_simple,
        ObjectKind.TRIGGER: _create_trigger,
        ObjectKind.POLICY: _create_policy,
    }
)


# ---------------------------------------------------------------- ALTER


def read_alter(em: Emitter) -> None:
    """``ALTER <object> name <actions>``."""
    cur = em.cursor
    cur.expect("ALTER")
    if cur.dialect_family == "mysql" and (cur.at("IGNORE") or cur.at("ONLINE")):
        _mysql_alter_modifiers(cur)
    kind = _kind_after(cur)
    if kind is None:
        if _harmless_after(cur):
            return
        raise ReadError("an object type after ALTER", cur.peek())
    if kind is _TABLE:
        _alter_table(em)
        return
    ie = _if_exists(cur)
    if kind in (ObjectKind.TRIGGER, ObjectKind.POLICY):
        name_q = cur.qname(f"a {kind.value} name")
        table: QName | None = None
        if cur.accept("ON"):
            table = cur.qname("a table name")
        if cur.accept("RENAME", "TO"):
            new = cur.name("a new name")
            em.emit(EventOp.RENAME, kind, name_q.last, table=table, new=new, if_exists=ie)
        return
    at_name = cur.i
    name_q = cur.qname(f"a {kind.value} name")
    if kind is ObjectKind.VIEW and (cur.at("AS") or cur.at_type(_L_PAREN)):
        # MySQL/MariaDB ALTER VIEW v [(cols)] AS <query>: "its syntax is
        # similar to that for CREATE VIEW" and it redefines the view (manual,
        # ALTER VIEW), as CREATE OR REPLACE VIEW does: its columns too
        cur.i = at_name
        _create_view(em, kind, True, False)
        return
    if kind is _FUNCTION and cur.at_type(_L_PAREN):
        cur.skip_group()
    if kind is ObjectKind.INDEX and cur.accept("ATTACH", "PARTITION"):
        # PostgreSQL (pg_dump writes one per partition's index): the child
        # index, or key, becomes a partition of this partitioned index.
        child = cur.qname("a partition index name")
        em.emit(
            EventOp.ATTACH,
            ObjectKind.INDEX,
            child.last,
            schema=child.schema,
            partition_of=name_q.qualified(),
        )
        return
    if kind is ObjectKind.DOMAIN and _alter_domain(em, name_q):
        return
    if kind is ObjectKind.TYPE and _alter_attributes(em, name_q):
        return
    if cur.accept("RENAME", "TO"):
        new = cur.name("a new name")
        em.emit(EventOp.RENAME, kind, name_q.last, schema=name_q.schema, new=new, if_exists=ie)
    elif cur.accept("SET", "SCHEMA"):
        new_schema = cur.name("a schema name")
        em.events.append(_set_schema_event(em, kind, name_q, new_schema, ie))
    elif kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW) and cur.accept("RENAME"):
        # PostgreSQL 13+ ALTER [MATERIALIZED] VIEW v RENAME [COLUMN] a TO b
        # (manual, ALTER VIEW): a column of the view's output
        cur.accept("COLUMN")
        old = cur.name("a column name")
        cur.expect("TO")
        new = cur.name("a new column name")
        piece = Emitter(em.statement, cur, em.events, em.unread, em.notes, table_if_exists=ie)
        piece.emit(EventOp.RENAME, ObjectKind.COLUMN, old, table=name_q, new=new)
    elif kind is ObjectKind.TYPE and cur.accept("RENAME", "VALUE"):
        return
    elif kind is ObjectKind.SEQUENCE:
        _sequence_owner(em, name_q, if_exists=ie)
    # ALTER SEQUENCE ... RESTART, ALTER TYPE ADD VALUE, ALTER VIEW ... OWNER
    # TO: nothing about names.


def _set_schema_event(
    em: Emitter, kind: ObjectKind, name: QName, new_schema: NameTok, if_exists: bool
) -> Event:
    return Event(
        op=EventOp.RENAME,
        kind=kind,
        name=name.last.name,
        location=em.cursor.location(name.last.token),
        source=em.statement.source,
        schema=name.schema,
        quoted=name.last.quoted,
        new_schema=new_schema.name,
        new_location=em.cursor.location(new_schema.token),
        if_exists=if_exists,
        suppressions=em.statement.comments,
        statement=em.statement.offset,
    )


def _mysql_alter_modifiers(cur: Cursor) -> None:
    """MariaDB ``ALTER [ONLINE] [IGNORE] TABLE`` (its manual, ALTER TABLE).

    MySQL removed both in 5.7 (its 5.7 manual: "the IGNORE clause for ALTER
    TABLE ... removed in MySQL 5.7.4"; ONLINE/OFFLINE in 5.6): a MySQL 8
    server refuses the statement, so ``--dialect mysql`` reads none of it
    (DBN004 says why)."""
    if cur.profile.name != "mariadb":
        raise ReadError(
            "ALTER TABLE (MySQL 5.7 has no ALTER IGNORE/ONLINE TABLE; MariaDB has:"
            " --dialect mariadb)",
            cur.peek(),
        )
    cur.accept("ONLINE")
    cur.accept("IGNORE")
    if not cur.at("TABLE"):
        raise ReadError("TABLE after ALTER ONLINE/IGNORE", cur.peek())


def _alter_table(em: Emitter) -> None:
    cur = em.cursor
    ie = _if_exists(cur)
    if ie:
        em = Emitter(em.statement, cur, em.events, em.unread, em.notes, table_if_exists=True)
    cur.accept("ONLY")
    table = cur.qname("a table name")
    cur.accept("*")
    if cur.profile.name == "mariadb":
        # MariaDB's ALTER TABLE t [WAIT n | NOWAIT]; MySQL 8 has none and
        # refuses it (DBN004).
        _lock_wait(cur)
    current = table
    listed: str | None = None  # SQL Server: the ADD/DROP list the next pieces continue
    partitions = False  # MySQL: a partition list the next pieces continue
    first = len(em.events)
    for sub in cur.split_commas(in_parens=False):
        start = sub.i
        sub_em = em.piece(sub)
        if cur.dialect_family == "clickhouse" and sub.at("MODIFY", "QUERY"):
            break  # a materialized view's new SELECT: the rest, its commas its own
        if cur.dialect_family == "mysql":
            if partitions and _partition_list_item(sub):
                em.check(glued_in(sub, start + 1))
                continue
            partitions = any(sub.at(verb, "PARTITION") for verb in _PARTITION_LIST_VERBS)
        if listed is not None:
            _tsql_list_item(sub_em, current, listed)
        else:
            current = _alter_table_action(sub_em, current, ie)
            if cur.dialect_family == "tsql":
                listed = _tsql_list(sub, start)
        em.check(glued_in(sub, start + 1))
    if cur.dialect_family == "mysql":
        _copy_drops(em, first)


#: MySQL's and MariaDB's partition actions that take a list of partition
#: names, ``DROP PARTITION [IF EXISTS] p1, p2`` (MySQL manual, ALTER TABLE
#: Partition Operations, ``partition_names``; MariaDB KB, ALTER TABLE): the
#: top-level commas are the list's, not new actions.
_PARTITION_LIST_VERBS = (
    "DROP",
    "TRUNCATE",
    "ANALYZE",
    "CHECK",
    "OPTIMIZE",
    "REBUILD",
    "REPAIR",
    "REORGANIZE",
    "DISCARD",
    "IMPORT",
)


def _partition_list_item(cur: Cursor) -> bool:
    """Read a further partition name of such a list (it names no object the
    model holds), if the piece is one; the last may run on: ``REORGANIZE
    PARTITION p1, p2 INTO (...)``, ``DISCARD PARTITION p1, p2 TABLESPACE``.
    Anything else (``ADD COLUMN c``) is an action of its own: False."""
    if not cur.is_name(cur.peek()):
        return False
    after = cur.i + 1
    then = cur.word(after)
    if after < cur.end and then not in (("INTO",), ("TABLESPACE",)):
        return False
    cur.i = cur.end if then == ("INTO",) else after
    cur.accept("TABLESPACE")
    return True


def _lock_wait(cur: Cursor) -> None:
    """Pass over MariaDB's lock wait, ``WAIT n`` or ``NOWAIT``, if it comes
    next (MariaDB manual, "WAIT and NOWAIT")."""
    if not cur.accept("NOWAIT") and cur.accept("WAIT"):
        cur.advance()  # the seconds


#: ``ALGORITHM [=] COPY`` of a MySQL ALTER TABLE (MariaDB manual, ALTER TABLE).
_ALGORITHM_COPY = lazy_compile(r"\bALGORITHM\s*=?\s*COPY\b", re.IGNORECASE)


def _copy_drops(em: Emitter, first: int) -> None:
    """Keep ``keeps_foreign_key`` on this statement's ``DROP CONSTRAINT``
    events only where it runs with ``ALGORITHM=COPY``: written so, or (while
    ``foreign_key_checks`` is on, which the parse loop judges: see
    :func:`copies_for_keys`) an ``ADD ... FOREIGN KEY`` in it."""
    events = em.events
    drops = [i for i in range(first, len(events)) if events[i].keeps_foreign_key]
    if not drops:
        return
    copies = copies_for_keys(em.statement.text) or any(
        e.op is EventOp.CREATE and e.constraint_type is ConstraintType.FOREIGN_KEY
        for e in events[first:]
    )
    if not copies:
        for i in drops:
            events[i] = replace(events[i], keeps_foreign_key=False)


def copies_for_keys(text: str) -> bool:
    """Whether an ALTER TABLE statement's ``ALGORITHM=COPY`` is written (it
    then copies whatever ``foreign_key_checks`` says)."""
    return _ALGORITHM_COPY.search(text) is not None


def _tsql_list(cur: Cursor, start: int) -> str | None:
    """What the pieces after a SQL Server ALTER TABLE action continue, if anything.

    SQL Server's ALTER TABLE takes one action with a list: ``ADD a int, b
    int, CONSTRAINT c ...``, ``DROP COLUMN a, b``, ``DROP CONSTRAINT x, y``
    (manual "ALTER TABLE (Transact-SQL)"), never ``ADD a, DROP b``.
    """
    at = cur.i
    cur.i = start
    try:
        if cur.at("WITH", "CHECK") or cur.at("WITH", "NOCHECK"):
            cur.i += 2
        if cur.accept("ADD"):
            return "ADD"
        if cur.accept("DROP"):
            return "COLUMN" if cur.at("COLUMN") else "CONSTRAINT"
        if any(cur.at(w) for w in ("ENABLE", "DISABLE", "CHECK", "NOCHECK")):
            return "NAMES"  # ENABLE TRIGGER a, b / NOCHECK CONSTRAINT x, y: no new names
        return None
    finally:
        cur.i = at


def _tsql_list_item(em: Emitter, table: QName, listed: str) -> None:
    """One more item of a SQL Server ``ADD``/``DROP`` list (see :func:`_tsql_list`)."""
    cur = em.cursor
    if listed == "ADD":
        _add_item(em, table, cur.peek())
        return
    if listed == "NAMES":
        cur.i = cur.end
        return
    if cur.accept("COLUMN"):
        listed = "COLUMN"
    elif cur.accept("CONSTRAINT"):
        listed = "CONSTRAINT"
    ie = _if_exists(cur)
    kind = ObjectKind.COLUMN if listed == "COLUMN" else ObjectKind.CONSTRAINT
    name = cur.name(f"a {kind.value} name")
    em.emit(EventOp.DROP, kind, name, table=table, if_exists=ie)


#: Dialects whose ``ALTER TABLE t RENAME [TO] u`` takes nothing after ``u``
#: in its comma-separated piece (checked on MariaDB, PostgreSQL and sqlite3).
_RENAME_TAKES_ONE_NAME = frozenset({Family.MYSQL, Family.POSTGRES, Family.SQLITE})


def _mysql_bare_rename(cur: Cursor) -> bool:
    """MySQL ``ALTER TABLE a RENAME b``: TO/AS are optional (manual §15.1.9).

    Only when RENAME is followed by a name that is not COLUMN/INDEX/KEY/
    CONSTRAINT, so the other RENAME actions keep their meaning.
    """
    if cur.dialect_family != "mysql" or not cur.at("RENAME"):
        return False
    nxt = cur.peek(1)
    if not cur.is_name(nxt) or nxt is None:
        return False
    return nxt.token_type is TokenType.IDENTIFIER or nxt.text.upper() not in {
        "COLUMN",
        "INDEX",
        "KEY",
        "CONSTRAINT",
        "TO",
        "AS",
    }


def _alter_table_action(em: Emitter, table: QName, if_exists: bool) -> QName:
    """One ALTER TABLE action; returns the table's name after it."""
    cur = em.cursor
    # T-SQL (every SSMS script): ALTER TABLE t WITH [NO]CHECK ADD CONSTRAINT ...
    # says whether existing rows are validated; the action follows.
    if cur.at("WITH", "CHECK") or cur.at("WITH", "NOCHECK"):
        cur.i += 2
    start = cur.peek()
    if cur.at("ADD"):
        # The commonest action (pg_dump adds every key this way) matches none
        # of the tests below, so it goes first: 25% of a dump's reading time.
        return _alter_table_add(em, table, start)
    if (
        cur.accept("RENAME", "TO")
        # RENAME AS and a bare RENAME u: MySQL's alone (sqlite3 and PostgreSQL
        # refuse both).
        or (cur.dialect_family == "mysql" and cur.accept("RENAME", "AS"))
        or (_mysql_bare_rename(cur) and cur.accept("RENAME"))
    ):
        if cur.profile.family is Family.MYSQL:
            # MySQL/MariaDB refuse ALTER TABLE v RENAME TO (RENAME TABLE works).
            _use(em, table, MYSQL_ALTER)
        new = cur.qname("a new table name")
        if not cur.done() and cur.profile.family in _RENAME_TAKES_ONE_NAME:
            # ``RENAME a TO b``, ``RENAME TO u ENGINE=x``: the table rename
            # takes one name and nothing after it (MariaDB 10.11 refuses both,
            # error 1064 near what follows; sqlite3 and PostgreSQL too). The
            # first is a column rename in PostgreSQL and SQLite.
            raise ReadError(
                "nothing after the new table name (a column is renamed by RENAME COLUMN a TO b)",
                cur.peek(),
            )
        em.emit(
            EventOp.RENAME,
            ObjectKind.TABLE,
            table.last,
            schema=table.schema,
            new=new.last,
            if_exists=if_exists,
        )
        return QName((new.last,))
    if cur.accept("RENAME", "CONSTRAINT"):
        old = cur.name("a constraint name")
        cur.expect("TO")
        new_c = cur.name("a new constraint name")
        em.emit(EventOp.RENAME, ObjectKind.CONSTRAINT, old, table=table, new=new_c)
        return table
    # MySQL's RENAME {INDEX|KEY} a TO b; ``RENAME key TO k`` renames a column
    # named key (PostgreSQL's ALTER TABLE has no RENAME INDEX, and its
    # RENAME [COLUMN] takes a non-reserved keyword as the column's name:
    # ``key``, ``index``; checked on PostgreSQL 15, trial s29 lemmy).
    if not (cur.at("RENAME", "INDEX", "TO") or cur.at("RENAME", "KEY", "TO")) and (
        cur.accept("RENAME", "INDEX") or cur.accept("RENAME", "KEY")
    ):
        ie = _if_exists(cur)  # MariaDB: RENAME INDEX IF EXISTS a TO b
        old = cur.name("an index name")
        cur.expect("TO")
        new_i = cur.name("a new index name")
        em.emit(EventOp.RENAME, ObjectKind.INDEX, old, table=table, new=new_i, if_exists=ie)
        return table
    if cur.accept("RENAME"):
        # RENAME [COLUMN] a TO b -- the COLUMN keyword is optional in PG/SQLite
        cur.accept("COLUMN")
        ie = _if_exists(cur)  # MariaDB: RENAME COLUMN IF EXISTS a TO b
        old = cur.name("a column name")
        cur.expect("TO")
        new_col = cur.name("a new column name")
        em.emit(EventOp.RENAME, ObjectKind.COLUMN, old, table=table, new=new_col, if_exists=ie)
        return table
    if cur.accept("SET", "SCHEMA"):
        new_schema = cur.name("a schema name")
        em.events.append(_set_schema_event(em, ObjectKind.TABLE, table, new_schema, if_exists))
        return QName((NameTok(new_schema.name, new_schema.quoted, new_schema.token), table.last))
    if cur.accept("CHANGE"):
        # MySQL: CHANGE [COLUMN] [IF EXISTS] old new type ... (IF EXISTS: MariaDB)
        cur.accept("COLUMN")
        ie = _if_exists(cur)
        old = cur.name("a column name")
        new_col = cur.name("a new column name")
        data_type = _data_type(em)
        em.emit(
            EventOp.RENAME,
            ObjectKind.COLUMN,
            old,
            table=table,
            new=new_col,
            redefines=True,
            data_type=data_type,
            if_exists=ie,
        )
        read_inline_constraints(em, table, new_col)
        return table
    if cur.accept("DROP"):
        spelled = cur.accept("CONSTRAINT")  # not DROP FOREIGN KEY: see Event.keeps_foreign_key
        if spelled or cur.accept("FOREIGN", "KEY") or cur.accept("CHECK"):
            ie = _if_exists(cur)
            name = cur.name("a constraint name")
            em.emit(
                EventOp.DROP,
                ObjectKind.CONSTRAINT,
                name,
                table=table,
                if_exists=ie,
                cascade=cur.accept("CASCADE"),
                keeps_foreign_key=spelled and cur.dialect_family == "mysql",
            )
        elif cur.accept("INDEX") or cur.accept("KEY"):
            ie = _if_exists(cur)
            name = cur.name("an index name")
            em.emit(EventOp.DROP, ObjectKind.INDEX, name, table=table, if_exists=ie)
        elif cur.profile.family is Family.MYSQL and cur.at("PRIMARY", "KEY"):
            # MySQL's primary key is always named PRIMARY (manual, CREATE TABLE).
            word = cur.peek()
            cur.accept("PRIMARY", "KEY")
            if word is not None:
                name = NameTok("PRIMARY", False, word)
                em.emit(EventOp.DROP, ObjectKind.CONSTRAINT, name, table=table)
            return table
        elif cur.accept("PRIMARY", "KEY") or any(
            cur.at(w) for w in ("PARTITION", "DEFAULT", "NOT")
        ):
            if cur.profile.family is Family.MYSQL:
                _use(em, table, MYSQL_ALTER)
            return table
        elif cur.dialect_family == "clickhouse" and any(
            cur.at(w) for w in ("PROJECTION", "STATISTICS", "STATISTIC", "PART", "DETACHED")
        ):
            # a projection, statistics, parts; ClickHouse drops a column with DROP COLUMN
            return table
        elif cur.dialect_family == "tsql" and not cur.at("COLUMN"):
            # SQL Server: DROP [CONSTRAINT] x drops a constraint; columns say COLUMN.
            ie = _if_exists(cur)
            name = cur.name("a constraint name")
            em.emit(EventOp.DROP, ObjectKind.CONSTRAINT, name, table=table, if_exists=ie)
        else:
            cur.accept("COLUMN")
            ie = _if_exists(cur)
            name = cur.name("a column name")
            cascade = cur.accept("CASCADE")  # PostgreSQL: views reading it go too
            em.emit(
                EventOp.DROP, ObjectKind.COLUMN, name, table=table, if_exists=ie, cascade=cascade
            )
        return table
    attach = cur.accept("ATTACH", "PARTITION")
    if attach or cur.accept("DETACH", "PARTITION"):
        # PostgreSQL: a table becomes (or stops being) a partition of this one.
        # (MySQL's partitions are parts of one table, written ADD/DROP PARTITION.)
        child = cur.qname("a partition table name")
        op = EventOp.ATTACH if attach else EventOp.DETACH
        em.emit(op, ObjectKind.TABLE, child.last, schema=child.schema, table=table)
        return table
    if cur.accept("ALTER") or cur.accept("MODIFY"):
        cur.accept("COLUMN")
        modify = start is not None and start.text.upper() == "MODIFY"
        ie = modify and cur.dialect_family == "mysql" and _if_exists(cur)  # MariaDB
        if cur.is_name(cur.peek()):
            col = cur.name("a column name")
            if not modify:
                _use(em, table, alter_column_action(cur))
            # ALTER COLUMN c SET/DROP ... ; MODIFY c type [constraints]
            retype = (
                not modify
                and cur.profile.family is Family.POSTGRES
                and (cur.accept("TYPE") or cur.accept("SET", "DATA", "TYPE"))
            )
            if retype or (modify and cur.dialect_family == "mysql"):
                # MODIFY c type (MySQL), ALTER COLUMN c TYPE t (PostgreSQL): no
                # name changes, but replay checks that no view reads the column
                # (PostgreSQL refuses it then), and the column has the new type
                # (DROP TYPE old CASCADE spares it).
                em.emit(
                    EventOp.RENAME,
                    ObjectKind.COLUMN,
                    col,
                    table=table,
                    new=col,
                    redefines=True,
                    data_type=_data_type(em),
                    if_exists=ie,
                )
            elif cur.profile.family is Family.POSTGRES and cur.accept("DROP", "IDENTITY"):
                # PostgreSQL drops the identity's own sequence (pg_depend 'i').
                em.emit(
                    EventOp.DROP,
                    ObjectKind.SEQUENCE,
                    None,
                    table=table,
                    at=col.token,
                    columns=(_stored_name(cur, col),),
                    owns_sequence=True,
                    if_exists=cur.accept("IF", "EXISTS"),
                )
            if modify or cur.accept("ADD"):
                if cur.at("GENERATED") and cur.profile.family is Family.POSTGRES:
                    # ADD GENERATED ... AS IDENTITY: the column gets an owned
                    # sequence, named as for an identity column in CREATE TABLE.
                    owns, sequence_name = _owned_sequence(cur, None)
                    if owns:
                        em.emit(
                            EventOp.CREATE,
                            ObjectKind.SEQUENCE,
                            None,
                            table=table,
                            at=col.token,
                            columns=(_stored_name(cur, col),),
                            owns_sequence=True,
                            sequence_name=sequence_name,
                        )
                read_inline_constraints(em, table, col)
        return table
    # OWNER TO, ENABLE ROW LEVEL SECURITY, SET (...), CLUSTER ON,
    # INHERIT, ENABLE TRIGGER, VALIDATE CONSTRAINT, ENGINE=, AUTO_INCREMENT= ...:
    # these change no name; an action the guard does not know is reported.
    # PostgreSQL refuses most on a view: replay judges those (DBN022).
    _use(em, table, alter_action(cur))
    if cur.dialect_family == "clickhouse":
        # read strictly too: an action no reader knows may hide a name (trial s28 flipt)
        em.check(unknown_action(cur, True, CLICKHOUSE_NAMELESS_ACTIONS))
    else:
        em.check(unknown_action(cur, em.statement.source.dialect in STRICT_DIALECTS))
    return table


def _create_statistics(em: Emitter) -> None:
    """PostgreSQL ``CREATE STATISTICS s ON a, b FROM t``: statistics name no
    object judged here, but a view takes none (DBN022): a USE event of t."""
    cur = em.cursor
    if cur.skip_until("FROM"):
        cur.advance()
        if cur.is_name(cur.peek()):
            _use(em, cur.qname("a table name"), "CREATE STATISTICS")
    cur.i = cur.end


def _use(em: Emitter, table: QName, action: str | None) -> None:
    """A USE event (:mod:`.table_use`) for ``action`` on ``table``, if any;
    ``if_exists`` under ``ALTER TABLE IF EXISTS`` (skipped when it is gone)."""
    if action is not None:
        em.emit(
            EventOp.USE,
            ObjectKind.TABLE,
            table.last,
            schema=table.schema,
            action=action,
            if_exists=em.table_if_exists,
        )


def _alter_table_add(em: Emitter, table: QName, start: Token | None) -> QName:
    """``ADD [COLUMN] ...`` / ``ADD [CONSTRAINT n] ...`` / MySQL ``ADD INDEX``."""
    em.cursor.expect("ADD")
    return _add_item(em, table, start)


def _add_item(em: Emitter, table: QName, start: Token | None) -> QName:
    """What follows ``ADD``: a column, a table constraint or a MySQL index."""
    cur = em.cursor
    w0 = cur.word(cur.i)
    first = w0[0] if w0 else ""
    if _at_table_constraint(cur):
        read_table_constraint(em, table)
    elif cur.dialect_family == "clickhouse" and _at_clickhouse("INDEX", cur):
        read_clickhouse_index(em, table)
    elif cur.dialect_family == "clickhouse" and (cur.at("STATISTICS") or cur.at("STATISTIC")):
        return table  # ADD STATISTICS (a, b) TYPE tdigest: column statistics, no name
    elif (
        first in _ELEMENT_FIRST
        and any(cur.at(*w) for w in _MYSQL_INDEX_STARTS)
        and not _looks_like_column(cur)
    ):
        read_inline_index(em, table)
    elif cur.at("PARTITION") or _at_skipped_element(cur):
        return table
    else:
        cur.accept("COLUMN")
        ine = _if_not_exists(cur)
        if cur.at_type(TokenType.L_PAREN):  # MySQL/tsql ADD (a int, b int)
            for sub in cur.split_commas(in_parens=True):
                read_column(em.piece(sub), table, if_not_exists=ine)
        else:
            read_column(em, table, at_start=start, if_not_exists=ine)
    return table


# ---------------------------------------------------------------- DROP


def read_drop(em: Emitter) -> None:
    """``DROP <object> [IF EXISTS] a, b [CASCADE]``."""
    cur = em.cursor
    cur.expect("DROP")
    # MySQL DROP TEMPORARY TABLE (drops temporary tables only), DROP EXTERNAL TABLE
    temporary = cur.accept("TEMPORARY")
    cur.accept("EXTERNAL")
    if cur.dialect_family == "clickhouse" and cur.accept("DICTIONARY"):
        kind: ObjectKind | None = ObjectKind.TABLE  # a dictionary is read as a table
    else:
        kind = _kind_after(cur)
    if kind is None:
        if _harmless_after(cur):
            return
        raise ReadError("an object type after DROP", cur.peek())
    procedure = kind is ObjectKind.FUNCTION and _procedure_word(cur)
    cur.accept("CONCURRENTLY")
    ie = _if_exists(cur)
    names: list[QName] = []
    table: QName | None = None
    arguments: list[tuple[str, ...] | None] = []
    while cur.is_name(cur.peek()) and not (cur.at("CASCADE") or cur.at("RESTRICT")):
        names.append(cur.qname(f"a {kind.value} name"))
        arguments.append(None)
        if kind is ObjectKind.FUNCTION and cur.at_type(TokenType.L_PAREN):
            arguments[-1] = _input_arguments(cur, em.statement.source.dialect)
        if not cur.at_type(TokenType.COMMA):
            break
        cur.advance()
    if cur.accept("ON"):  # DROP TRIGGER t ON tbl / DROP POLICY p ON tbl / tsql DROP INDEX i ON t
        table = cur.qname("a table name")
    cascade = cur.accept("CASCADE")
    for q, args in zip(names, arguments, strict=True):
        em.emit(
            EventOp.DROP,
            kind,
            q.last,
            schema=q.schema,
            table=table,
            if_exists=ie,
            cascade=cascade,
            temporary=temporary,
            arguments=args,
            procedure=procedure,
        )


#: Argument modes; OUT arguments are not part of a routine's signature.
_ARG_MODES = frozenset({"IN", "OUT", "INOUT", "VARIADIC"})


def _input_arguments(cur: Cursor, dialect: str) -> tuple[str, ...]:
    """``(a int, OUT b text, VARIADIC c int[] DEFAULT '{}')`` of CREATE or
    DROP FUNCTION: the type of each argument that is part of the signature
    (not ``OUT``), as :func:`~dbnamelint.routines.argument_type` spells it
    (``integer``, ``text``, ``integer[]``). The cursor moves past the list."""
    from dbnamelint.routines import argument_type  # read with the first routine only

    kept: list[str] = []
    for piece in cur.split_commas(in_parens=True):
        if piece.word(piece.i) == ("OUT",):
            continue
        if piece.word(piece.i) and piece.word(piece.i)[0] in _ARG_MODES:
            piece.advance()
        if piece.is_name(piece.peek()) and _at_argument_name(piece):
            piece.advance()
        start = piece.i
        while piece.i < piece.end and not (piece.at("DEFAULT") or piece.at_type(TokenType.EQ)):
            if piece.at_type(TokenType.L_PAREN):
                piece.skip_group()
            else:
                piece.advance()
        if piece.i > start:
            kept.append(argument_type(piece.source_text(start, piece.i - 1), dialect))
    return tuple(kept)


# ---------------------------------------------------------------- MySQL RENAME TABLE


def read_rename(em: Emitter) -> None:
    """MySQL ``RENAME TABLE a TO b, c TO d``; Azure Synapse ``RENAME OBJECT a TO b``."""
    cur = em.cursor
    cur.expect("RENAME")
    if cur.accept("DATABASE") or cur.accept("USER"):
        return  # MySQL RENAME USER, Azure Synapse RENAME DATABASE: no names we check
    if cur.accept("OBJECT"):
        # Azure Synapse / PDW: RENAME OBJECT [::] [schema.]a TO b (a table).
        if cur.at_type(TokenType.DCOLON):
            cur.advance()
    elif not (
        cur.accept("TABLE")
        or cur.accept("TABLES")
        # ClickHouse: RENAME DICTIONARY a TO b[, c TO d], a dictionary read as a table
        or (cur.dialect_family == "clickhouse" and cur.accept("DICTIONARY"))
    ):
        raise ReadError("TABLE after RENAME", cur.peek())
    # MariaDB 10.5.2+: RENAME TABLE[S] [IF EXISTS] a [WAIT n | NOWAIT] TO b, ...;
    # IF EXISTS covers every pair (a pair whose table is not there is skipped).
    ie = cur.dialect_family == "mysql" and _if_exists(cur)
    while True:
        old = cur.qname("a table name")
        if cur.dialect_family == "mysql":
            _lock_wait(cur)
        cur.expect("TO")
        new = cur.qname("a new table name")
        em.emit(
            EventOp.RENAME,
            ObjectKind.TABLE,
            old.last,
            schema=old.schema,
            new=new.last,
            if_exists=ie,
        )
        if not cur.at_type(TokenType.COMMA):
            break
        cur.advance()


def read_exchange(em: Emitter) -> None:
    """ClickHouse ``EXCHANGE TABLES|DICTIONARIES [db.]a AND [db.]b[, c AND d]``:
    the two names swap, atomically (ClickHouse manual, "EXCHANGE Statement";
    pairs one after the other). Read as the ``RENAME`` through a temporary
    name the manual names as its non-atomic equivalent, with
    :data:`~dbnamelint.model.EXCHANGE_SCRATCH` for that name: ``a`` becomes
    ``b`` and ``b`` becomes ``a``, each keeping its earlier names. As
    ``RENAME TABLE``, a database written on the names is not read (each
    table stays in its own)."""
    cur = em.cursor
    cur.expect("EXCHANGE")
    if not (cur.accept("TABLES") or cur.accept("DICTIONARIES")):
        raise ReadError("TABLES or DICTIONARIES after EXCHANGE", cur.peek())
    while True:
        first = cur.qname("a table name")
        cur.expect("AND")
        second = cur.qname("a table name")
        a, b = first.last, second.last
        scratch = NameTok(EXCHANGE_SCRATCH, True, a.token)
        em.emit(EventOp.RENAME, ObjectKind.TABLE, a, schema=first.schema, new=scratch)
        em.emit(EventOp.RENAME, ObjectKind.TABLE, b, schema=second.schema, new=a)
        em.emit(EventOp.RENAME, ObjectKind.TABLE, scratch, schema=first.schema, new=b)
        if not cur.at_type(TokenType.COMMA):
            break
        cur.advance()
    if not cur.done():
        em.check((cur.advance(), "expected the end of EXCHANGE"))


# ---------------------------------------------------------------- T-SQL sp_rename


def read_exec(em: Emitter) -> None:
    """T-SQL ``EXEC sp_rename 'old', 'new' [, 'COLUMN']``: a rename in disguise."""
    cur = em.cursor
    if not (cur.accept("EXEC") or cur.accept("EXECUTE")):
        return
    proc = cur.peek()
    if proc is None or not proc.text.lower().endswith("sp_rename"):
        return
    cur.advance()
    args: list[Token] = []
    while (tok := cur.peek()) is not None:
        cur.i += 1
        if tok.token_type in (TokenType.STRING, TokenType.NATIONAL_STRING):
            args.append(tok)
    if len(args) < 2:
        raise ReadError("sp_rename 'old', 'new'", cur.peek())
    what = args[2].text.upper() if len(args) > 2 else "OBJECT"
    old_parts = [p.strip('[]"') for p in args[0].text.split(".")]
    new_tok = args[1]
    new = NameTok(new_tok.text.strip('[]"'), False, new_tok)
    old = NameTok(old_parts[-1], False, args[0])
    if what == "COLUMN" and len(old_parts) >= 2:
        table = QName((NameTok(old_parts[-2], False, args[0]),))
        em.emit(EventOp.RENAME, ObjectKind.COLUMN, old, table=table, new=new)
    elif what == "INDEX" and len(old_parts) >= 2:
        table = QName((NameTok(old_parts[-2], False, args[0]),))
        em.emit(EventOp.RENAME, ObjectKind.INDEX, old, table=table, new=new)
    else:
        # No object type: SQL Server renames whatever object has that name
        # (a table, a view, a constraint...); replay decides which it is.
        schema = old_parts[-2] if len(old_parts) >= 2 else None
        em.emit(
            EventOp.RENAME, ObjectKind.TABLE, old, schema=schema, new=new, any_kind=what == "OBJECT"
        )


# ---------------------------------------------------------------- MySQL prepared renames


def read_recreating_alter(em: Emitter) -> None:
    """``ALTER TABLE t DROP FOREIGN KEY|CHECK|CONSTRAINT a, ADD CONSTRAINT b
    FOREIGN KEY|CHECK ...`` (the start of a statement text a MySQL script
    prepares): constraint ``a`` renamed to ``b``.

    What ``dbnamelint migrate`` writes to rename a MySQL foreign key or
    check (:mod:`dbnamelint.services.migrate.mysql_recreate`): the rest of
    the definition is read from the server's catalog when the script runs,
    so only these words are in the file. Any other text names nothing here.
    """
    cur = em.cursor
    try:
        if not cur.accept("ALTER", "TABLE"):
            return
        table = cur.qname("a table name")
        if not (
            cur.accept("DROP", "FOREIGN", "KEY")
            or cur.accept("DROP", "CHECK")
            or cur.accept("DROP", "CONSTRAINT")
        ):
            return
        old = cur.name("a constraint name")
        if not cur.at_type(TokenType.COMMA):
            return
        cur.advance()
        if not cur.accept("ADD", "CONSTRAINT"):
            return
        new = cur.name("a constraint name")
    except ReadError:
        return
    if cur.at("FOREIGN", "KEY") or cur.at("CHECK"):
        em.emit(EventOp.RENAME, ObjectKind.CONSTRAINT, old, table=table, new=new)


__all__ = [
    "Emitter",
    "read_alter",
    "read_create",
    "read_drop",
    "read_exec",
    "read_recreating_alter",
    "read_rename",
]
