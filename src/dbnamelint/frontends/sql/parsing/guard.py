"""The "no unread tokens" guard: what a DDL statement says that the reader did not read.

The readers in :mod:`dbnamelint.frontends.sql.parsing.ddl` read the names a statement
creates, renames or drops, and skip the rest. Skipping is only safe where
the rest is known to name nothing: a table's storage options, an index's
``WHERE``, an ``ALTER TABLE`` action such as ``OWNER TO``. This module says
what is known, per statement part, and finds the first token that is not:

* **trailers** of ``CREATE TABLE`` (after the elements) and ``CREATE INDEX``
  (after the columns): every word must be an option of one of the dialects
  whose grammar we know (PostgreSQL/CockroachDB, MySQL/MariaDB, SQLite,
  SQL Server, Oracle), or a name or value such an option takes; ``x = v``
  settings and ``(...)`` groups are options too;
* **ALTER TABLE actions**: an action must start with a word the reader knows;
* everywhere: a ``CREATE`` (or ``ALTER``/``DROP`` followed by an object word)
  where no statement starts is two statements run together.

Anything else is reported where it stands (DBN004 by the caller): a name
written there would otherwise be lost without a word. Dialects whose
grammar we do not know word by word (warehouses, Snowflake, Teradata...)
get the last check only.
"""

from __future__ import annotations

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.frontends.sql.parsing.tokens import Cursor

#: Dialects whose option words the vocabularies below cover.
STRICT_DIALECTS = frozenset(
    {"postgres", "cockroach", "mysql", "mariadb", "sqlite", "tsql", "oracle"}
)

#: Words after which a statement part may hold anything (a query, a predicate).
_QUERY_WORDS = frozenset({"AS", "SELECT", "WHERE"})

#: Tokens that are values in an option list, never names of objects.
_VALUE_TYPES = frozenset(
    {
        TokenType.STRING,
        TokenType.NATIONAL_STRING,
        TokenType.NUMBER,
        TokenType.COMMA,
        TokenType.EQ,
        TokenType.DOT,
        TokenType.SEMICOLON,
        TokenType.PARAMETER,
        TokenType.DASH,
        TokenType.PLUS,
        TokenType.STAR,
    }
)

#: Words that, after CREATE/ALTER/DROP, make a statement of their own.
OBJECT_WORDS = frozenset(
    {
        "TABLE",
        "VIEW",
        "INDEX",
        "SEQUENCE",
        "TYPE",
        "DOMAIN",
        "SCHEMA",
        "TRIGGER",
        "POLICY",
        "FUNCTION",
        "PROCEDURE",
        "PROC",
        "MATERIALIZED",
        "UNIQUE",
        "TEMP",
        "TEMPORARY",
        "UNLOGGED",
        "OR",
        "EXTENSION",
        "DATABASE",
        "ROLE",
        "USER",
        "RULE",
        "EVENT",
        "CLUSTERED",
        "NONCLUSTERED",
        "FOREIGN",
        "GLOBAL",
        "LOCAL",
    }
)
_DDL_TYPES = frozenset({TokenType.CREATE, TokenType.ALTER, TokenType.DROP})
#: Words that start statements and are options of none: an unknown one in a
#: trailer is the next statement, its ';' missing.
_STATEMENT_HEADS = frozenset(
    {"INSERT", "UPDATE", "GRANT", "REVOKE", "RENAME", "EXEC", "EXECUTE", "TRUNCATE", "CALL"}
)


class Vocabulary(Struct, frozen=True):
    """The words one statement part may hold.

    ``words`` stand alone; ``values`` take the next token as their value
    (after an optional ``=``): a name, a string, a number or a ``(...)``.
    """

    words: frozenset[str]
    values: frozenset[str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Oracle's physical attributes and storage clauses, written by DBMS_METADATA
#: on tables and indexes alike (``PCTFREE 10 ... STORAGE(...) TABLESPACE x``).
_ORACLE_WORDS = (
    " SEGMENT CREATION IMMEDIATE DEFERRED COMPRESS NOCOMPRESS BASIC ADVANCED OLTP QUERY"
    " ARCHIVE HIGH LOW LOGGING NOLOGGING STORAGE CACHE NOCACHE PARALLEL NOPARALLEL"
    " MONITORING NOMONITORING ENABLE DISABLE COMPUTE STATISTICS LOCAL GLOBAL REVERSE"
    " ONLINE NOSORT VISIBLE INVISIBLE INMEMORY MEMCOMPRESS PRIORITY DISTRIBUTE DUPLICATE"
    " AUTO NONE MEDIUM CRITICAL DML CAPACITY COLUMN STORE FOR QUERY LEVEL LOCKING"
)
_ORACLE_VALUES = " TABLESPACE PCTFREE PCTUSED INITRANS MAXTRANS ARCHIVE SERVICE"

#: CREATE TABLE, after the elements (or after the name when there are none).
TABLE_OPTIONS = Vocabulary(
    words=_words(
        # PostgreSQL: PARTITION BY, WITH (...), WITHOUT OIDS, ON COMMIT ...,
        # FOR VALUES ... | DEFAULT (partitions); INHERITS is the reader's
        "PARTITION BY RANGE LIST HASH WITH WITHOUT OIDS COMMIT PRESERVE DELETE"
        " DROP ROWS OPTIONS FOR VALUES IN FROM TO MODULUS REMAINDER DEFAULT MINVALUE"
        " MAXVALUE NO DATA"
        # CockroachDB
        " INTERLEAVE PARENT LOCALITY REGIONAL ROW REGION ALL"
        # MySQL / MariaDB: table options and partitioning (names of MySQL
        # partitions stand inside parentheses)
        " CHARACTER KEY LINEAR COLUMNS PARTITIONS SUBPARTITION SUBPARTITIONS"
        " ALGORITHM DISK MEMORY DIRECTORY INDEX START TRANSACTION IGNORE REPLACE"
        " SYSTEM VERSIONING UNION"
        # MariaDB: PARTITION BY SYSTEM_TIME [INTERVAL n unit [STARTS ts] | LIMIT n]
        # [AUTO] [PARTITIONS n] (KB, "Partitioning and system versioning";
        # HISTORY/CURRENT stand in the partitions' parentheses)
        " SYSTEM_TIME STARTS LIMIT AUTO SECOND MINUTE HOUR DAY WEEK MONTH QUARTER YEAR"
        # SQLite
        " STRICT ROWID"
        # Oracle tables
        " ORGANIZATION HEAP EXTERNAL MOVEMENT ROWDEPENDENCIES NOROWDEPENDENCIES LOB"
        " SECUREFILE BASICFILE STORE RESULT_CACHE MODE FORCE FLASHBACK INTERVAL REFERENCE"
        " OVERFLOW INCLUDING PCTTHRESHOLD MAPPING NESTED RETURN LOCATOR VALUE CHUNK RETENTION"
        " DEDUPLICATE KEEP_DUPLICATES NOCOPY READS ONLY READ WRITE" + _ORACLE_WORDS
    ),
    values=_words(
        "USING SERVER ON TEXTIMAGE_ON FILESTREAM_ON ENGINE TYPE COLLATE SET CHARSET"
        " COMMENT AUTO_INCREMENT AVG_ROW_LENGTH CHECKSUM COMPRESSION CONNECTION"
        " DELAY_KEY_WRITE ENCRYPTION INSERT_METHOD KEY_BLOCK_SIZE MAX_ROWS MIN_ROWS"
        " PACK_KEYS PASSWORD ROW_FORMAT STATS_AUTO_RECALC STATS_PERSISTENT"
        " STATS_SAMPLE_PAGES AUTOEXTEND_SIZE SECONDARY_ENGINE ENGINE_ATTRIBUTE"
        " SECONDARY_ENGINE_ATTRIBUTE PAGE_CHECKSUM TRANSACTIONAL PAGE_COMPRESSED"
        " PAGE_COMPRESSION_LEVEL CLUSTER" + _ORACLE_VALUES
    ),
)

#: CREATE INDEX, after the columns (and INCLUDE).
INDEX_OPTIONS = Vocabulary(
    # MariaDB: WAIT n | NOWAIT, the lock wait (its manual, "WAIT and NOWAIT")
    words=_words(
        "NULLS NOT DISTINCT WITH PARSER PARTITION BY RANGE HASH STORING NOWAIT" + _ORACLE_WORDS
    ),
    values=_words(
        "USING ON FILESTREAM_ON COMMENT ALGORITHM LOCK KEY_BLOCK_SIZE ENGINE_ATTRIBUTE WAIT"
        " SECONDARY_ENGINE_ATTRIBUTE INDEXTYPE IS" + _ORACLE_VALUES
    ),
)

#: First words of ALTER TABLE actions that change no name (the readers take
#: the others: ADD, DROP, ALTER, MODIFY, CHANGE, RENAME, SET SCHEMA, ATTACH...).
NAMELESS_ACTIONS = _words(
    # PostgreSQL (OPTIONS: foreign tables)
    "OWNER ENABLE DISABLE FORCE NO CLUSTER SET RESET INHERIT OF NOT REPLICA VALIDATE OPTIONS"
    # MySQL / MariaDB
    " ALGORITHM LOCK ENGINE TYPE AUTO_INCREMENT DEFAULT CHARACTER CHARSET COLLATE COMMENT"
    " CONVERT ORDER DISCARD IMPORT ROW_FORMAT KEY_BLOCK_SIZE PACK_KEYS CHECKSUM MAX_ROWS"
    " MIN_ROWS AVG_ROW_LENGTH DELAY_KEY_WRITE INSERT_METHOD ENCRYPTION COMPRESSION"
    " TABLESPACE UNION PARTITION REMOVE COALESCE REORGANIZE EXCHANGE ANALYZE CHECK"
    " OPTIMIZE REBUILD REPAIR TRUNCATE UPGRADE WITH WITHOUT STATS_AUTO_RECALC"
    " STATS_PERSISTENT STATS_SAMPLE_PAGES"
    # SQL Server
    " NOCHECK SWITCH"
    # CockroachDB
    " CONFIGURE SPLIT UNSPLIT SCATTER EXPERIMENTAL_AUDIT RELOCATE"
    # Oracle
    " MOVE SHRINK ALLOCATE DEALLOCATE LOGGING NOLOGGING CACHE NOCACHE PARALLEL"
    " NOPARALLEL READ MONITORING NOMONITORING"
)


#: ClickHouse's ALTER TABLE actions that make, rename and drop no name the
#: model holds (ClickHouse manual, "ALTER": partitions and parts, mutations,
#: TTL, settings, ORDER BY, comments, MATERIALIZE/CLEAR of columns, indexes
#: and projections, FREEZE, MODIFY QUERY); the ones that do (ADD/DROP/RENAME
#: COLUMN, ADD/DROP INDEX, constraints) are read before this is asked.
CLICKHOUSE_NAMELESS_ACTIONS = NAMELESS_ACTIONS | _words(
    "MODIFY CLEAR COMMENT MATERIALIZE DETACH ATTACH DROP FORGET REPLACE MOVE FREEZE UNFREEZE"
    " FETCH UPDATE DELETE RESET REMOVE APPLY"
)


def _after_group(tokens: list[Token], j: int, end: int) -> int:
    """Index after the ``)`` closing the ``(`` at ``j`` (or ``end``)."""
    depth = 0
    while j < end:
        tt = tokens[j].token_type
        if tt is TokenType.L_PAREN:
            depth += 1
        elif tt is TokenType.R_PAREN:
            depth -= 1
            if depth <= 0:
                return j + 1
        j += 1
    return end


def _after_value(cur: Cursor, j: int) -> int:
    """Index after an option's value at ``j``: ``[=] name[.name] | 'x' | n | (...)``."""
    tokens, end = cur.tokens, cur.end
    if j < end and tokens[j].token_type is TokenType.EQ:
        j += 1
    if j >= end:
        return j
    tt = tokens[j].token_type
    if tt is TokenType.L_PAREN:
        return _after_group(tokens, j, end)
    if tt in (TokenType.SEMICOLON, TokenType.COMMA):
        return j
    j += 1
    while j + 1 < end and tokens[j].token_type is TokenType.DOT:
        j += 2
    return j


def glued_statement(cur: Cursor, j: int) -> bool:
    """Whether token ``j`` starts a statement of its own (CREATE, ALTER/DROP + object)."""
    tok = cur.tokens[j]
    if tok.token_type not in _DDL_TYPES:
        return False
    if tok.token_type is TokenType.CREATE:
        return True
    if j > 0 and cur.word(j - 1) == ("OR",):
        return False  # CREATE OR ALTER (SQL Server, Firebird)
    following = cur.word(j + 1) if j + 1 < cur.end else ()
    return bool(following) and following[0] in OBJECT_WORDS


def unread_trailer(
    cur: Cursor, vocabulary: Vocabulary, strict: bool, *, read: frozenset[str] = frozenset()
) -> tuple[Token, str] | None:
    """The first token from the cursor on that no option of ``vocabulary`` accounts for.

    Returns ``(token, what is wrong)`` or ``None``. Groups in parentheses,
    strings, numbers and ``name = value`` settings are options; a query
    (``AS``/``SELECT``) or predicate (``WHERE``) ends the check. Without
    ``strict`` only statements run together are looked for. ``read``: option
    words the reader read itself (``INHERITS``), with their ``(...)``.
    Cursor unmoved.
    """
    tokens, end = cur.tokens, cur.end
    j = cur.i
    words_ok, values = vocabulary.words, vocabulary.values
    while j < end:
        tok = tokens[j]
        tt = tok.token_type
        if tt is TokenType.L_PAREN:
            j = _after_group(tokens, j, end)
            continue
        if tt in _VALUE_TYPES:
            j += 1
            continue
        if tt in _DDL_TYPES and glued_statement(cur, j):
            return tok, glued(tok)
        words = cur.word(j)
        if words and words[0] in _QUERY_WORDS:
            return None
        if not strict:
            j += 1
            continue
        if j + 1 < end and tokens[j + 1].token_type is TokenType.EQ:
            j = _after_value(cur, j + 1)  # name = value: a setting
            continue
        if words and words[0] in read:
            j += 1
            continue
        if not words or not all(w in words_ok or w in values for w in words):
            if words and words[0] in _STATEMENT_HEADS:
                return tok, glued(tok)
            return tok, f"{tok.text!r} {_UNKNOWN}"
        j = _after_value(cur, j + 1) if words[-1] in values else j + 1
    return None


def unknown_action(
    cur: Cursor, strict: bool, nameless: frozenset[str] = NAMELESS_ACTIONS
) -> tuple[Token, str] | None:
    """An ALTER TABLE action at the cursor that no reader knows, or ``None``.

    Called for actions the readers passed over; with ``strict`` the
    action's first word must be one of ``nameless`` (:data:`NAMELESS_ACTIONS`,
    or ClickHouse's :data:`CLICKHOUSE_NAMELESS_ACTIONS`) or a ``name = value``
    setting.
    """
    tok = cur.peek()
    if tok is None or not strict:
        return None
    nxt = cur.peek(1)
    if nxt is not None and nxt.token_type is TokenType.EQ:
        return None
    words = cur.word(cur.i)
    if words and words[0] in nameless:
        return None
    return tok, f"{tok.text!r} {_UNKNOWN_ACTION}"


#: Words a statement start needs: a text search rules most statements out
#: before any token is looked at (this runs on every ALTER TABLE action).
#: (The look-ahead holds the words' first letters, tested before the words.)
_DDL_WORD = lazy_compile(r"(?i)\b(?=[ACD])(?:CREATE|ALTER|DROP)\b")


def glued_in(cur: Cursor, start: int) -> tuple[Token, str] | None:
    """A top-level statement start in ``tokens[start:cur.end]`` (two statements
    run together), or ``None``. Cursor unmoved."""
    tokens, end = cur.tokens, cur.end
    if start >= end or _DDL_WORD.search(cur.text, tokens[start].start) is None:
        return None
    depth = 0
    for j in range(start, end):
        tt = tokens[j].token_type
        if tt is TokenType.L_PAREN:
            depth += 1
        elif tt is TokenType.R_PAREN:
            depth -= 1
        elif depth == 0 and tt in _DDL_TYPES and glued_statement(cur, j):
            return tokens[j], glued(tokens[j])
    return None


def glued(tok: Token) -> str:
    """What is said of a statement start found inside another statement."""
    return f"'{tok.text} ...' here was not read (a missing ';' between two statements?)"


_UNKNOWN = "was not read: not an option the reader knows, and a name written here would be lost"
_UNKNOWN_ACTION = (
    "starts an action the reader does not know; names it creates or renames would be lost"
)
