"""Statements -> naming events. The only package that imports sqlglot.

Each statement is classified by its first word: data and session statements
(INSERT, COPY, SET, GRANT...) are passed over without tokenizing, which is
where most of a pg_dump's bulk is; DDL is tokenized by sqlglot for the
statement's dialect and read by :mod:`dbnamelint.frontends.sql.parsing.ddl`. DDL we cannot
read becomes a located diagnostic naming the statement kind and what was
expected, so no name is ever lost without a word.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for, sqlglot_dialect
from dbnamelint.frontends.sql.parsing.bound_args import arity_fits, bound_parameters
from dbnamelint.frontends.sql.parsing.dash_comments import without_dash_notes
from dbnamelint.frontends.sql.parsing.ddl import (
    Emitter,
    copies_for_keys,
    read_alter,
    read_create,
    read_drop,
    read_exchange,
    read_exec,
    read_recreating_alter,
    read_rename,
    read_select_into,
)
from dbnamelint.frontends.sql.parsing.dump_statements import dump_statement
from dbnamelint.frontends.sql.parsing.dynamic import (
    Dynamic,
    ddl_word,
    executed_pieces,
    if_branches,
    mysql_value,
    snippet,
    unescaped_literal,
)
from dbnamelint.frontends.sql.parsing.foreign_syntax import mysql_only
from dbnamelint.frontends.sql.parsing.guard import glued_in, glued_statement
from dbnamelint.frontends.sql.parsing.lexer import (
    SnapshotStore,
    SqlglotError,
    Token,
    Tokenizers,
    Tokenizing,
    TokenType,
    tokenizers,
)
from dbnamelint.frontends.sql.parsing.loops import constant_loops, constant_text, unrolled
from dbnamelint.frontends.sql.parsing.on_cluster import without_on_cluster
from dbnamelint.frontends.sql.parsing.plpgsql_ifs import if_arms
from dbnamelint.frontends.sql.parsing.procedures import built_body, called_name, plain_body
from dbnamelint.frontends.sql.parsing.routines import Recorder
from dbnamelint.frontends.sql.parsing.session import Session
from dbnamelint.frontends.sql.parsing.stray_bom import BOM, refused_at, without_stray_boms
from dbnamelint.frontends.sql.parsing.table_use import USE_HEADS, read_use, uses_table
from dbnamelint.frontends.sql.parsing.tokens import Cursor, ReadError
from dbnamelint.frontends.sql.parsing.tsql_procs import (
    Values,
    bound,
    defined,
    executed,
    key,
    renamed,
)
from dbnamelint.frontends.sql.parsing.virtual import without_shadow_tables
from dbnamelint.model import (
    Diagnostic,
    Event,
    Location,
    ObjectKind,
    ParseResult,
    RoutineStep,
    Severity,
    SourceFile,
    Statement,
)
from dbnamelint.positions import LineIndex

#: Statements that never create, rename or drop a name we check.
HARMLESS_HEADS = frozenset(
    {
        "INSERT",
        "UPDATE",
        "DELETE",
        "SELECT",
        "WITH",
        "VALUES",
        "TABLE",
        "COPY",
        "SET",
        "RESET",
        "SHOW",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "START",
        "END",
        "SAVEPOINT",
        "RELEASE",
        "GRANT",
        "REVOKE",
        "COMMENT",
        "ANALYZE",
        "ANALYSE",
        "VACUUM",
        "REFRESH",
        "CLUSTER",
        "REINDEX",
        "LOCK",
        "UNLOCK",
        "TRUNCATE",
        "CALL",
        "USE",
        "PRAGMA",
        "PRINT",
        "DECLARE",
        "LOAD",
        "NOTIFY",
        "LISTEN",
        "UNLISTEN",
        "DISCARD",
        "EXPLAIN",
        "FLUSH",
        "CHECKPOINT",
        "SECURITY",
        "OPTIMIZE",
        "REPLACE",
        "MERGE",
        "UPSERT",
        "ATTACH",
        "DETACH",
        "RAISERROR",
        "THROW",
        "RETURN",
        "FETCH",
        "OPEN",
        "CLOSE",
        "DEALLOCATE",
        "PREPARE",
        "HANDLER",
        "KILL",
        "DBCC",
        "BACKUP",
        "RESTORE",
        "WAITFOR",
        "ENABLE",
        "DISABLE",
        "ABORT",
        "IMPORT",
        "REASSIGN",
        "OPTIONS",
        "REPAIR",
        "CHECK",
        "CHECKSUM",
        "CACHE",
        "INSTALL",
        "UNINSTALL",
        "SIGNAL",
        "RESIGNAL",
        "DESCRIBE",
        "DESC",
        "EXPORT",
        "LOOP",
        "WHILE",
        "LEAVE",
        "ITERATE",
        "REPEAT",
        "UPGRADE",
        "BULK",
        "READTEXT",
        "WRITETEXT",
        "UPDATETEXT",
        "SETUSER",
        "REVERT",
        "DENY",
        "GOTO",
        "BREAK",
        "CONTINUE",
        "SOURCE",
        "SAVE",
        "RECONFIGURE",
        "HELP",
        "PURGE",
        "GET",
    }
)

# Members read per statement, read once: on Python 3.11 reading
# ``TokenType.STRING`` goes through ``EnumType.__getattr__``'s slow path
# (about five times a global's cost; 3.12 removed it).
_MYSQL, _POSTGRES, _TSQL = Family.MYSQL, Family.POSTGRES, Family.TSQL
_SCHEMA = ObjectKind.SCHEMA
_SEMICOLON, _STRING = TokenType.SEMICOLON, TokenType.STRING
_RENAME, _BEGIN = TokenType.RENAME, TokenType.BEGIN

_HEAD = lazy_compile(r"[\s(]*([A-Za-z_]+)")
#: MySQL ``USE db`` / ``USE `db```: the default database from there on.
_USE = lazy_compile(r"\s*USE\s+(?:`((?:[^`]|``)+)`|([\w$]+))\s*;?\s*\Z", re.IGNORECASE)
#: ClickHouse ``USE [DATABASE] db`` (manual, "USE Statement"): the current
#: database, as MySQL's ``USE``; a name quoted with backticks or double quotes.
_CLICKHOUSE_USE = lazy_compile(
    r'\s*USE\s+(?:DATABASE\s+)?(?:`((?:[^`]|``)+)`|"((?:[^"]|"")+)"|(\w+))\s*;?\s*\Z',
    re.IGNORECASE,
)
#: ``CALL [schema.]name(...)``: the procedure's name as written.
_CALLED = lazy_compile(r"[\s(]*CALL\s+([^\s(;]+)", re.IGNORECASE)
_HEAD_CALL = lazy_compile(r"[\s(]*CALL\b", re.IGNORECASE)
#: Info note: a CALL whose effect on the schema is not read; a statement
#: running a routine whose body holds DDL (:func:`.routines.routine_notes`).
CALL_CODE = "DBN012"
#: Info note: a MySQL EXECUTE of a prepared statement whose text is not read.
EXECUTE_CODE = "DBN013"
#: A statement making tables whose names are not in its text: PostgreSQL's
#: ``IMPORT FOREIGN SCHEMA remote FROM SERVER s INTO local``, MySQL's
#: ``IMPORT TABLE FROM 'file.sdi'``.
_IMPORT_MAKES = lazy_compile(r"[\s(]*IMPORT\s+(?:FOREIGN\s+SCHEMA|TABLE)\b", re.IGNORECASE)
#: MySQL ``SET @v = ...`` / ``PREPARE s FROM @v`` / ``EXECUTE s``.
_SET_VARIABLE = lazy_compile(r"\s*SET\s+@(`[^`]*`|'[^']*'|\"[^\"]*\"|[\w$.]+)\s*:?=", re.IGNORECASE)
_PREPARE = lazy_compile(
    r"\s*PREPARE\s+(`[^`]*`|[\w$]+)\s+FROM\s+(?:@(`[^`]*`|'[^']*'|\"[^\"]*\"|[\w$.]+))?",
    re.IGNORECASE,
)
_EXECUTE = lazy_compile(r"\s*EXECUTE\s+(`[^`]*`|[\w$]+)", re.IGNORECASE)
#: MariaDB 10.2's ``EXECUTE IMMEDIATE <expression>``: PREPARE and EXECUTE in one
#: (MariaDB KB, EXECUTE IMMEDIATE); group 1 a user variable's name.
_EXECUTE_IMMEDIATE = lazy_compile(
    r"\s*EXECUTE\s+IMMEDIATE\s+(?:@(`[^`]*`|'[^']*'|\"[^\"]*\"|[\w$.]+))?", re.IGNORECASE
)
#: A literal migrate's scripts prepare only to stop with a message (no DDL).
_STOP_TEXT = "'SELECT `dbnamelint: "
_NO_WORDS = lazy_compile(r"[\W_]*")
#: PostgreSQL ``EXPLAIN [ ( option [, ...] ) ] statement`` or ``EXPLAIN
#: [ ANALYZE ] [ VERBOSE ] statement`` (manual, EXPLAIN): the options, then
#: the statement explained from the match's end.
_EXPLAIN = lazy_compile(
    r"[\s(]*EXPLAIN\s+(?:\(([^()]*)\)|(ANALY[SZ]E\b)?\s*(?:VERBOSE\b)?)\s*", re.IGNORECASE
)
#: ANALYZE in EXPLAIN's option list, not switched off (``ANALYZE false``).
_ANALYZE_OPTION = lazy_compile(r"\bANALY[SZ]E\b(?!\s*(?:FALSE|OFF|0)\b)", re.IGNORECASE)
#: SQL*Plus "/" run lines, and the comment lines exports write after them.
_RUN_LINES = lazy_compile(r"(?:[ \t]*/[ \t]*(?:\r?\n|\Z)(?:\s|--[^\n]*)*)+")
_DDL_HEADS: MappingProxyType[str, Callable[[Emitter], None]] = MappingProxyType(
    {
        "CREATE": read_create,
        "ALTER": read_alter,
        "DROP": read_drop,
        "RENAME": read_rename,
        "EXEC": read_exec,
        "EXECUTE": read_exec,
    }
)
#: ClickHouse DDL whose ``ON CLUSTER c`` is read as if not written (:mod:`.on_cluster`).
_ON_CLUSTER_HEADS = frozenset({"CREATE", "ALTER", "DROP", "RENAME", "EXCHANGE"})
#: ClickHouse's own statements: ``EXCHANGE TABLES|DICTIONARIES a AND b``
#: (read: :func:`.ddl.read_exchange`) and ``SYSTEM ...`` (passed over).
_CLICKHOUSE_HEADS = frozenset({"EXCHANGE", "SYSTEM"})
#: ``SYSTEM DROP <cache | REPLICA ...>``: the DROP of a SYSTEM statement.
_SYSTEM_DROP = lazy_compile(r"\s*SYSTEM\s+DROP\b", re.IGNORECASE)


def _system_names_nothing(text: str) -> bool:
    """Whether a ClickHouse ``SYSTEM ...`` statement is only that: server
    management (ClickHouse manual, "SYSTEM Statements": reload dictionaries,
    flush logs, stop/start merges, sends, fetches, sync or restart replicas,
    ``SYSTEM DROP`` of a cache or of a replica's metadata, which drops no
    table, view or dictionary). A ``CREATE``/``ALTER``/``DROP`` further on
    is a statement glued behind it, left to the unrecognised-statement error."""
    system_drop = _SYSTEM_DROP.match(text)
    return _HIDDEN_DDL.search(text, system_drop.end() if system_drop else 1) is None


_DOLLAR_TAG = lazy_compile(r"\$([^\W\d]\w*)?\$")

#: sqlglot's names for the dialects we accept.
_SQLGLOT_DIALECT = MappingProxyType(
    {"cockroach": "postgres", "cockroachdb": "postgres", "mariadb": "mysql"}
)


def parse_statements(
    statements: Iterable[Statement], snapshots: SnapshotStore | None = None
) -> ParseResult:
    """Read every statement; DDL yields events, the rest is passed over.

    Each file runs in a session of its own: a PostgreSQL file's
    ``search_path`` (:mod:`dbnamelint.frontends.sql.parsing.session`) is stamped on the
    events of the statements it applies to, for replay to resolve; so is a
    MySQL file's ``USE db`` (its unqualified names are db's).
    ``snapshots`` is the run's cache, where sqlglot's tokenizers are kept so
    that later runs need not import all of sqlglot (:mod:`.lexer`); the
    tokens are the same either way.
    """
    dialects = tokenizers(snapshots)
    events: list[Event] = []
    diagnostics: list[Diagnostic] = []
    count = 0
    path = ""
    session: Session | None = None
    database: str | None = None  # MySQL, ClickHouse: the file's ``USE db``
    clickhouse = False
    prepared: _Prepared | None = None
    checks_off = False  # MySQL: the file's ``SET foreign_key_checks = 0``
    routines: Recorder | None = None
    steps: list[tuple[SourceFile, tuple[RoutineStep, ...]]] = []
    family = Family.GENERIC
    for written in statements:
        count += 1
        statement = written
        # each file runs in a session of its own; a file a client include reads
        # in place runs in the including file's (Statement.session)
        if (statement.session or statement.source.path) != path:
            if routines is not None and routines.steps:
                steps.append((routines.source, tuple(routines.steps)))
            path = statement.session or statement.source.path
            family = profile_for(statement.source.dialect).family
            session = Session(statement.source.search_path) if family is _POSTGRES else None
            database = None
            checks_off = False
            prepared = _Prepared() if family is _MYSQL else None
            clickhouse = statement.source.dialect == "clickhouse"
            routines = (
                Recorder(
                    statement.source,
                    postgres=family is _POSTGRES,
                    tsql=family is Family.TSQL,
                )
                if family in (_MYSQL, _POSTGRES, Family.TSQL)
                else None
            )
        if BOM in statement.text:  # two files joined? (:mod:`.stray_bom`)
            statement = without_stray_boms(statement, family)
            if (refused := refused_at(statement, family)) is not None:
                digest = (statement_digest(statement.text),)
                diagnostics.append(
                    Diagnostic(refused[0], Severity.ERROR, refused[1], "DBN004", digest)
                )
                continue
        if session is not None and session.read(statement.text):
            continue
        if prepared is not None and statement.text[:3].upper() == "USE":
            used = _USE.match(statement.text)
            if used is not None:
                database = used.group(2) or used.group(1).replace("``", "`")
                continue
        if clickhouse and statement.text[:3].upper() == "USE":
            used = _CLICKHOUSE_USE.match(statement.text)
            if used is not None:
                tick, double, bare = used.groups()
                database = (
                    bare
                    if bare is not None
                    else tick.replace("``", "`")
                    if tick is not None
                    else double.replace('""', '"')
                )
                continue
        if prepared is not None and (checks := _foreign_key_checks(statement.text)) is not None:
            checks_off = not checks
        first = len(events)
        if prepared is not None and prepared.read(statement, dialects, events, diagnostics):
            pass  # an EXECUTE: the text it runs, when read, is in events
        elif routines is not None and _called_body(
            statement, routines, dialects, events, diagnostics
        ):
            if session is None:
                # MySQL runs a procedure under a USE of its own database
                continue
            # PostgreSQL: the body's names are looked up in the caller's
            # search_path (manual, "CREATE FUNCTION", SET: unless it sets one)
        else:
            before = len(diagnostics)
            _parse_one(statement, dialects, events, diagnostics)
            if prepared is not None and _unread_since(diagnostics, before):
                _read_without_dash_notes(statement, dialects, events, diagnostics, first, before)
            if prepared is not None and len(events) > first:
                prepared.built(statement)
        if (
            checks_off
            and any(e.keeps_foreign_key for e in events[first:])
            and not copies_for_keys(statement.text)
        ):
            # ADD FOREIGN KEY runs in place while the checks are off: DROP CONSTRAINT drops.
            events[first:] = [replace(e, keeps_foreign_key=False) for e in events[first:]]
        if database is not None and len(events) > first:
            # MySQL, ClickHouse: an unqualified name after ``USE db`` is db's, as if
            # written db.name.
            events[first:] = [_with_path(e, (database,)) for e in events[first:]]
        if session is not None and len(events) > first:
            search = session.path()
            if search is not None or events[first].kind is _SCHEMA:
                events[first:] = [_with_path(e, search) for e in events[first:]]
    if routines is not None and routines.steps:
        steps.append((routines.source, tuple(routines.steps)))
    return ParseResult(
        tuple(without_shadow_tables(events)), tuple(diagnostics), count, tuple(steps)
    )


#: ``SET [SESSION] [@@[session.]]foreign_key_checks = v`` (also inside a
#: ``/*!40014 ... */`` of a dump); GLOBAL changes later sessions only.
_FOREIGN_KEY_CHECKS = lazy_compile(
    r"\A\s*(?:/\*!\d*\s*)?SET\s+(?:SESSION\s+)?(?:@@(?:SESSION\.)?)?FOREIGN_KEY_CHECKS\s*"
    r"(?::?=|\bTO\b)\s*(\w+|@\w+)",
    re.IGNORECASE,
)


def _foreign_key_checks(text: str) -> bool | None:
    """What a MySQL statement sets ``foreign_key_checks`` to (False: off),
    None when it sets nothing. Restoring a saved ``@OLD_...`` value, as a
    dump's last lines do, turns them on (the server's default)."""
    if "oreign" not in text and "OREIGN" not in text:
        return None
    found = _FOREIGN_KEY_CHECKS.match(text)
    if found is None:
        return None
    return found.group(1).upper() not in ("0", "OFF", "FALSE")


def _called_body(
    statement: Statement,
    routines: Recorder,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
) -> bool:
    """MySQL, PostgreSQL and SQL Server: record what the statement does with routines
    (:mod:`.routines`, whose :func:`.routines.routine_notes` gives the
    ``DBN012`` notes once every file is read). At a ``CALL`` of a MySQL
    procedure of the file whose body is plain DDL
    (:func:`.procedures.plain_body`), read that DDL there and return True
    (the statement is handled), located in the body; so too on PostgreSQL
    at a statement that only runs a PL/pgSQL routine of the file whose DDL
    is literal (:data:`_RUNS_ONE`, :func:`_read_called_body`). Any other
    statement is read as usual (False). T-SQL: at an ``EXEC`` of a procedure
    of the file (:func:`_tsql_called`)."""
    if routines.tsql:
        return _tsql_called(statement, routines, dialects, events, diagnostics)
    text = statement.text
    if _HEAD_CALL.match(text) is None:
        run = _RUNS_ONE.match(text) if routines.postgres else None
        if run is not None:
            key = _routine_key(run.group("name"))
            # CALL runs a procedure, anything else a function
            defined = routines.procedure(key) if run.group("call") else routines.function(key)
            if defined is not None and _read_called_body(
                statement, defined, dialects, events, diagnostics
            ):
                routines.inlined(statement, key)
                return True
        routines.read(statement)
        return False
    called = called_name(text)
    if called is None:
        return False
    defined = routines.procedure(called)
    family = profile_for(statement.source.dialect).family
    if defined is not None and family is Family.POSTGRES:
        run = _RUNS_ONE.match(text)
        if run is not None and _read_called_body(statement, defined, dialects, events, diagnostics):
            routines.inlined(statement, called)
            return True
    mysql = defined is not None and family is Family.MYSQL
    body = plain_body(defined.text) if defined is not None and mysql else None
    steps = (
        built_body(defined.text, text) if defined is not None and mysql and body is None else None
    )
    if defined is None or (body is None and steps is None):
        written = _CALLED.match(text)
        routines.call(statement, called, written.group(1) if written else called)
        return False  # the plain "not read" note, unless its body holds DDL
    for step in body if body is not None else steps or ():
        if len(step) == 2:
            offset, piece = step
            _parse_one(_sub_statement(defined, offset, piece), dialects, events, diagnostics)
            continue
        built, where, guarded = step
        first = len(events)
        # the text the body builds from the CALL's constants, located at them
        _read_literal(statement, (0, built, where), dialects, events, diagnostics)
        if guarded:
            # IF EXISTS(...) THEN: the condition is not evaluated; what the
            # database would refuse (a drop of a key not there) is taken as skipped
            events[first:] = [replace(e, guarded=True, if_exists=True) for e in events[first:]]
    return True


def _tsql_called(
    statement: Statement,
    routines: Recorder,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
) -> bool:
    """SQL Server: ``EXEC [schema.]name <constant arguments>`` of a procedure
    the file defines whose body is read there (:func:`_read_tsql_body`):
    True, its DDL in ``events``. Any other EXEC is recorded as a call (its
    ``DBN012`` note, when the body holds DDL), any other statement as what
    it does with procedures; False, to be read as usual (True for
    ``sp_rename`` of a procedure of the file: no table is renamed)."""
    found = executed(statement.text)
    if found is None:
        moved = renamed(statement.text)
        routines.read(statement)
        # sp_rename of a procedure the file made renames that, not a table
        return moved is not None and routines.procedure(key(moved[1])) is not None
    written, at = found
    called = key(written)
    made = routines.procedure(called)
    if made is not None and _read_tsql_body(statement, made, at, dialects, events, diagnostics):
        return True
    routines.call(statement, called, written, "EXEC")
    return False


#: A T-SQL body's words that make its DDL run only sometimes (or not at all).
_TSQL_BRANCHES = lazy_compile(r"\b(?:IF|WHILE|ELSE|CATCH|RETURN|GOTO|BREAK)\b", re.IGNORECASE)


def _read_tsql_body(
    call: Statement,
    made: Statement,
    at: int,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
) -> bool:
    """SQL Server: read the body of procedure ``made`` where ``call`` (an
    ``EXEC``, its arguments from offset ``at``) runs it, as a ``BEGIN ...
    END`` block of the batch is read (:func:`_read_conditional`): the DDL
    written in it (a variable is no identifier in T-SQL DDL, so it runs as
    written), and each ``EXEC (...)``/``sp_executesql`` of a literal, or of
    text built with ``+`` and ``QUOTENAME`` from the EXEC's constant
    arguments and variables set once from them (:class:`.tsql_procs.Values`).
    False, with nothing read, when an argument is no string constant, text
    it runs is built otherwise (``DBN013`` inside), or it runs another
    procedure: the EXEC keeps its ``DBN012`` note. The events are located in
    the body, a name the arguments spell at the argument, and belong to
    ``call`` (a new EXEC is new DDL to the gate)."""
    head = defined(made.text)
    if head is None:
        return False
    _, listed, start = head
    values = bound(listed, call.text, at, made.text[start:])
    if values is None:
        return False
    body = _sub_statement(made, start - 2, made.text[start - 2 :])  # from its AS
    try:
        tokens = _dialect(body.source.dialect, dialects).tokenize(body.text)
    except SqlglotError:
        return False
    known = Values.of(body.text, 2, values)
    cursor = Cursor(tokens, body)
    emitter = Emitter(body, cursor)
    noted: list[Diagnostic] = []
    others = False

    def dynamic(begin: int, stop: int) -> bool:
        nonlocal others
        if _executed_text(body, tokens, begin, stop, dialects, emitter.events, noted, known, call):
            return True
        others = others or executed(body.text[tokens[begin].start :]) is not None
        return False

    try:
        _read_conditional(emitter, dynamic)
    except ReadError:
        return False
    if others or any(d.code == EXECUTE_CODE for d in noted):
        return False
    guarded = _TSQL_BRANCHES.search(_PL_STRINGS.sub("", body.text)) is not None
    diagnostics.extend(noted)
    for token, message in emitter.notes:
        diagnostics.append(
            _diag(body, token, message, severity=Severity.WARNING, code="DBN005", cursor=cursor)
        )
    events.extend(
        replace(e, statement=call.offset, guarded=e.guarded or guarded) for e in emitter.events
    )
    return True


#: A PostgreSQL name, quoted or not.
_PG_NAME = r'(?:"(?:[^"]|"")+"|[^\W\d][\w$]*)'
#: Arguments that are constants: string literals, numbers, booleans, NULL.
_CONSTANT_ARGS = (
    r"(?:\s*(?:'(?:[^']|'')*'|[-+]?\d+(?:\.\d+)?|TRUE|FALSE|NULL)"
    r"(?:\s*,\s*(?:'(?:[^']|'')*'|[-+]?\d+(?:\.\d+)?|TRUE|FALSE|NULL))*)?\s*"
)
#: PostgreSQL statements that do nothing but run one routine with constant
#: arguments: ``SELECT f(...)``, ``SELECT * FROM f(...)``, ``CALL p(...)``,
#: and a ``DO`` block of one ``PERFORM f(...)`` (or ``CALL``).
_RUNS_ONE = lazy_compile(
    rf"\s*(?:SELECT\s+(?:\*\s+FROM\s+)?|CALL\s+|"
    rf"DO\s+(?P<tag>\$(?:[^\W\d]\w*)?\$)\s*BEGIN\s+(?:PERFORM|(?P<call>CALL))\s+)"
    rf"(?P<name>{_PG_NAME}(?:\s*\.\s*{_PG_NAME})?)\s*\((?P<args>{_CONSTANT_ARGS})\)\s*"
    rf"(?(tag);\s*END\s*;?\s*(?P=tag)\s*)(?:;\s*)?\Z",
    re.IGNORECASE,
)
#: A routine's parameter list, from its name to the ``)`` that closes it.
_PARAMETER_LIST = lazy_compile(
    rf"\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+{_PG_NAME}(?:\s*\.\s*{_PG_NAME})?"
    r"\s*\(((?:[^()']|'(?:[^']|'')*'|\((?:[^()]|\([^()]*\))*\))*)\)",
    re.IGNORECASE,
)
_PLPGSQL = lazy_compile(r"\bLANGUAGE\s+'?plpgsql\b", re.IGNORECASE)
_NOT_VOLATILE = lazy_compile(r"\b(?:IMMUTABLE|STABLE)\b", re.IGNORECASE)
_PARAMETER_REF = lazy_compile(r"\$\d")
#: A routine's own ``SET search_path`` (``CREATE FUNCTION ... SET search_path = x``).
_OWN_PATH = lazy_compile(r"\bSET\s+search_path\b", re.IGNORECASE)


def _routine_key(name: str) -> str:
    """A routine's key as :mod:`.routines` keys it: its last name part,
    unquoted, lower case."""
    last: str = re.findall(_PG_NAME, name)[-1]
    return last.strip('"').lower()


def _read_called_body(
    call: Statement,
    defined: Statement,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
) -> bool:
    """PostgreSQL: read the DDL of a routine of the file where a statement
    runs it, as a ``DO`` block's is read (:func:`_read_do`), when the body is
    known to run the same DDL whatever happens: a volatile PL/pgSQL body
    (``$tag$``-quoted) whose every ``EXECUTE`` is read (one literal, constant
    text, a constant loop: no ``DBN013``), holding at least one DDL
    statement, none of whose DDL names a parameter (a word spelt as one, or
    ``$1``). PL/pgSQL substitutes variables in SQL commands that return
    nothing only in DML, so DDL written in the body runs as written
    (PostgreSQL manual 43.11.1, "Variable Substitution"; 43.5.4, "Executing
    Dynamic Commands"). The call's constant arguments give their parameters'
    values to ``EXECUTE``'s text (:func:`.bound_args.bound_parameters`:
    ``EXECUTE format('CREATE TABLE %I ...', t)`` of ``mk('BadName')``).
    False, with nothing read, for any other routine:
    its ``DBN012`` note stays. The events are located in the body and
    belong to ``call``, the statement that runs them (a new call is new DDL
    to the gate)."""
    text = defined.text
    head = _PARAMETER_LIST.match(text)
    tag = _DOLLAR_TAG.search(text, head.end()) if head is not None else None
    if head is None or tag is None:
        return False
    close = text.find(tag.group(0), tag.end())
    if close < 0:
        return False
    outside = text[: tag.start()] + text[close + len(tag.group(0)) :]
    if (
        _PLPGSQL.search(outside) is None
        or _NOT_VOLATILE.search(outside) is not None
        or _OWN_PATH.search(outside) is not None  # its names are not the caller's
    ):
        return False
    inner = _sub_statement(defined, tag.end(), text[tag.end() : close])
    run = _RUNS_ONE.match(call.text)
    if run is not None and not arity_fits(head.group(1), run.group("args")):
        return False  # another overload runs, or none
    bound = (
        bound_parameters(head.group(1), run.group("args"), run.start("args"), inner.text)
        if run
        else {}
    )
    noted: list[Diagnostic] = []
    pieces = _ddl_pieces(inner, dialects, noted, bound)
    if noted or not pieces:
        return False
    parameters = _parameter_names(head.group(1))
    for piece, literal in pieces:
        written = piece.text if literal is None else literal[1]
        words = {w.lower() for w in re.findall(r"[^\W\d][\w$]*", written)}
        if _PARAMETER_REF.search(written) or (parameters and words & parameters):
            return False
    first = len(events)
    arms = if_arms(inner.text, inner.offset, call.offset)
    for piece, literal in pieces:
        from_piece = len(events)
        if literal is None:
            _parse_one(piece, dialects, events, diagnostics)
        else:
            _read_literal(piece, literal, dialects, events, diagnostics, call)
        path = () if arms is None else arms(_piece_offset(inner, piece, literal))
        if path:
            events[from_piece:] = [replace(e, branches=path) for e in events[from_piece:]]
    guarded = _BRANCHES.search(_PL_STRINGS.sub("", inner.text)) is not None
    events[first:] = [
        replace(e, statement=call.offset, guarded=e.guarded or guarded) for e in events[first:]
    ]
    return True


def _parameter_names(listed: str) -> set[str]:
    """The names (lower case) of a PostgreSQL parameter list: each is
    ``[argmode] [argname] argtype [DEFAULT ...]`` (manual, "CREATE
    FUNCTION"), so of two words or more the first (after the mode) is the
    name; one word alone is an unnamed parameter's type."""
    names: set[str] = set()
    depth, begin = 0, 0
    for at, char in enumerate(listed + ","):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            words = re.findall(r'"(?:[^"]|"")+"|[^\W\d][\w$]*', listed[begin:at])
            if words and words[0].upper() in ("IN", "OUT", "INOUT", "VARIADIC"):
                words = words[1:]
            if len(words) > 1:
                names.add(words[0].strip('"').lower())
            begin = at + 1
    return names


def _unquote(name: str) -> str:
    """A MySQL variable or statement name as the server compares it."""
    if len(name) > 1 and name[0] in "`'\"" and name[-1] == name[0]:
        name = name[1:-1]
    return name.lower()


class _Prepared:
    """MySQL prepared statements of one file: what text each one runs.

    ``SET @v = ...`` (or ``SELECT ... INTO @v``) fills a user variable;
    ``PREPARE s FROM @v`` (or ``FROM '<literal>'``) copies its text into
    statement ``s``; ``EXECUTE s`` runs it. Text the file spells out is read
    at the EXECUTE (:mod:`.dynamic`): one literal as written, MySQL's
    ``IF(condition, '<DDL>', 'SELECT 1')`` as guarded DDL. ``migrate``'s
    own rename text is read at its SET. Any other EXECUTE gets DBN013: a
    warning when its text may create, rename or drop an object, else an info
    note. Names compare without case, as the server compares them.
    """

    def __init__(self) -> None:
        self.variables: dict[str, Dynamic] = {}
        self.statements: dict[str, Dynamic | None] = {}  # None: not filled in this file

    def read(
        self,
        statement: Statement,
        dialects: Tokenizers,
        events: list[Event],
        diagnostics: list[Diagnostic],
    ) -> bool:
        """Take note of SET/SELECT INTO/PREPARE; True when ``statement`` was
        an EXECUTE (the text it runs read into ``events``, or noted)."""
        text = statement.text
        head = text.lstrip()[:8].upper()
        if head.startswith("SET"):
            found = _SET_VARIABLE.match(text)
            if found is not None:
                variable = _unquote(found.group(1))
                shown = f"@{variable}"
                if _STOP_TEXT in text:
                    # migrate's guard: the text it builds is DO 0 or a stop
                    # with a message (services/migrate/mysql_recreate.py)
                    self.variables[variable] = Dynamic(read=True, shown=shown)
                elif "'" in text or '"' in text:
                    tokens = _tokens_from(statement, found.end(), dialects)
                    self.variables[variable] = mysql_value(statement, tokens, shown)
                else:  # no literal (dumps' SET @OLD_...=@@...): nothing to tokenize
                    self.variables[variable] = Dynamic(shown=shown)
            return False
        if head.startswith("SELECT") and "@" in text:
            self._selected_into(statement, dialects)
            return False
        if head.startswith("PREPARE"):
            found = _PREPARE.match(text)
            if found is not None:
                variable = found.group(2)
                name = _unquote(found.group(1))
                if variable is not None:
                    self.statements[name] = self.variables.get(_unquote(variable))
                else:
                    tokens = _tokens_from(statement, found.end(), dialects)
                    self.statements[name] = mysql_value(statement, tokens, "its literal")
            return False
        if not head.startswith("EXECUTE"):
            return False
        immediate = _EXECUTE_IMMEDIATE.match(text)
        if immediate is not None:
            if immediate.group(1) is not None:
                runs = self.variables.get(_unquote(immediate.group(1)))
            else:
                tokens = _tokens_from(statement, immediate.end(), dialects)
                runs = mysql_value(statement, tokens, "its expression")
            return self._run(statement, runs, "EXECUTE IMMEDIATE", dialects, events, diagnostics)
        found = _EXECUTE.match(text)
        if found is None:
            return False
        runs = self.statements.get(_unquote(found.group(1)))
        label = f"EXECUTE {found.group(1)}"
        return self._run(statement, runs, label, dialects, events, diagnostics)

    def _run(
        self,
        statement: Statement,
        runs: Dynamic | None,
        label: str,
        dialects: Tokenizers,
        events: list[Event],
        diagnostics: list[Diagnostic],
    ) -> bool:
        """Read the text an EXECUTE runs (``runs``: None when no statement of
        the file prepared it) into ``events``, or note why it cannot be; True."""
        if runs is not None and runs.read:
            return True  # migrate's own rename, read at its SET, or a no-op
        if runs is not None and runs.text is not None and runs.origin is not None:
            first = len(events)
            _read_literal(runs.origin, runs.text, dialects, events, diagnostics)
            if runs.guarded:
                # IF(condition, DDL, no-op): the condition is not evaluated;
                # what the database would refuse (a drop of a key not there,
                # an add of a column there) is taken as skipped.
                events[first:] = [replace(e, guarded=True, if_exists=True) for e in events[first:]]
            return True
        reason = ddl_word(runs.pieces if runs is not None else None)
        source = f"from {runs.shown}" if runs is not None else "outside this file"
        severity = Severity.INFO
        what = "objects it creates, renames or drops are not in the model (`drift --db` shows them)"
        if reason is not None:
            word, piece = reason
            why = (
                f"its text holds {word}: {snippet(piece, 40)!r}"
                if word
                else "none of its text is written in the file"
            )
            severity = Severity.WARNING
            what = (
                f"it may create, rename or drop objects ({why}), whose names are not checked "
                "and are not in the model (`drift --db` shows them): spell the DDL as one "
                "literal, or as IF(condition, '<DDL>', 'SELECT 1'), to have it read"
            )
        diagnostics.append(
            _diag(
                statement,
                None,
                f"{label}: the statement prepared {source} is built when the "
                f"script runs and is not read; {what}",
                severity=severity,
                code=EXECUTE_CODE,
            )
        )
        return True

    def _selected_into(self, statement: Statement, dialects: Tokenizers) -> None:
        """``SELECT <value> INTO @v [FROM ...]`` (or ``FROM ... INTO @v``):
        ``@v`` holds the value, read as a SET's is when it is one IF(...)."""
        into = re.search(_INTO_VARIABLES, statement.text)
        if into is None:
            return
        names = [_unquote(n) for n in re.findall(_VARIABLE_NAME, into.group(0))]
        tokens = _tokens_from(statement, 0, dialects)
        value: list[Token] = tokens
        branches = if_branches(tokens, 1) if len(tokens) > 1 else None
        if (
            len(names) == 1
            and branches is not None
            and branches[0] + 1 < len(tokens)
            and tokens[branches[0] + 1].token_type in (TokenType.INTO, TokenType.FROM)
        ):
            value = tokens[1 : branches[0] + 1]
        for name in names:
            shown = f"@{name}"
            self.variables[name] = (
                mysql_value(statement, value, shown)
                if len(names) == 1
                else Dynamic(pieces=None, shown=shown)
            )

    def built(self, statement: Statement) -> None:
        """A ``SET @v = ...`` whose text was read (it produced events)."""
        found = _SET_VARIABLE.match(statement.text)
        if found is not None:
            variable = _unquote(found.group(1))
            self.variables[variable] = Dynamic(read=True, shown=f"@{variable}")


def _read_literal(
    origin: Statement,
    literal: tuple[int, str, tuple[int, ...]],
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
    call: Statement | None = None,
) -> None:
    """Read the statement a literal of ``origin`` holds (:attr:`.dynamic.Dynamic.text`),
    each location where its characters are written (an escape is two of the
    file's characters for one). An offset below 0, ``w``, is ``-w - 1`` of
    ``call``'s text: a routine's parameter the call gave (:mod:`.bound_args`)."""
    offset, text, where = literal
    sub = _sub_statement(origin, max(offset, 0), text)
    first_event, first_diagnostic = len(events), len(diagnostics)
    _parse_one(sub, dialects, events, diagnostics)
    from_call = offset < 0 or min(where) < 0
    if not from_call and len(where) == len(text) + 1 and where[-1] == len(text):
        return  # no escape: every offset is already the file's
    inner = LineIndex(text)
    outer = LineIndex(origin.text)
    calling = LineIndex(call.text) if call is not None else None
    base = sub.location

    def written(location: Location) -> Location:
        line = location.line - base.line + 1
        column = location.column - base.column + 1 if line == 1 else location.column
        at = inner.offset(line, column)
        if location.path != base.path or line < 1 or not 0 <= at < len(where):
            return location
        spot = offset + where[at]
        if spot < 0 and call is not None and calling is not None:
            out_line, out_column = calling.line_col(-spot - 1)
            start = call.location
        else:
            out_line, out_column = outer.line_col(max(spot, 0))
            start = origin.location
        return Location(
            start.path,
            start.line + out_line - 1,
            start.column + out_column - 1 if out_line == 1 else out_column,
        )

    events[first_event:] = [
        replace(
            e,
            location=written(e.location),
            new_location=written(e.new_location) if e.new_location is not None else None,
        )
        for e in events[first_event:]
    ]
    diagnostics[first_diagnostic:] = [
        replace(d, location=written(d.location)) for d in diagnostics[first_diagnostic:]
    ]


#: MySQL ``INTO @a[, @b ...]`` of a SELECT: the variables it fills. Compiled
#: on first use (re's cache), as the patterns of :mod:`.dynamic` are.
_INTO_VARIABLES = (
    r"(?i)\bINTO\s+@(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\w$.]+)"
    r"(?:\s*,\s*@(?:`[^`]*`|'[^']*'|\"[^\"]*\"|[\w$.]+))*"
)
_VARIABLE_NAME = r"@(`[^`]*`|'[^']*'|\"[^\"]*\"|[\w$.]+)"


def _tokens_from(statement: Statement, at: int, dialects: Tokenizers) -> list[Token]:
    """The tokens of ``statement.text[at:]``, located in the statement,
    without a closing semicolon ([] when the text cannot be tokenized)."""
    try:
        tokens = _dialect(statement.source.dialect, dialects).tokenize(statement.text[at:])
    except SqlglotError:
        return []
    while tokens and tokens[-1].token_type is TokenType.SEMICOLON:
        tokens.pop()
    if at == 0:
        return list(tokens)
    return [
        Token(t.token_type, t.text, t.line, t.col, t.start + at, t.end + at, t.comments)
        for t in tokens
    ]


def _with_path(event: Event, search: tuple[str, ...] | None) -> Event:
    """``event`` stamped with the session's search path.

    Elements of ``CREATE SCHEMA s ...`` already carry ``(s,)``: the server
    puts ``s`` in front of the session's path while it runs them.
    """
    if event.search_path is not None:
        return replace(event, search_path=event.search_path + (search or ("public",)))
    if search is None:
        return event
    return replace(event, search_path=search)


def _dialect(name: str, dialects: Tokenizers) -> Tokenizing:
    """One tokenizer per dialect (see :class:`.lexer.Tokenizers`): building
    one costs as much as tokenizing a short statement (25 vs 14 us measured)."""
    return dialects.get(_SQLGLOT_DIALECT.get(name, name))


#: A word INTO: the cheap test before a SELECT is tokenized (most are data).
_INTO = lazy_compile(r"\binto\b", re.IGNORECASE)


def _creates_by_select(statement: Statement) -> bool:
    """Whether a SELECT/WITH statement may be ``SELECT ... INTO t``, which
    creates a table in PostgreSQL and SQL Server (not in MySQL, where INTO
    assigns variables or writes a file, nor in the other families)."""
    if _INTO.search(statement.text) is None:
        return False
    return profile_for(statement.source.dialect).family in (Family.POSTGRES, Family.TSQL)


def _unread_since(diagnostics: Sequence[Diagnostic], start: int) -> bool:
    return any(d.code == "DBN004" for d in diagnostics[start:])


def _read_without_dash_notes(
    statement: Statement,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
    first: int,
    before: int,
) -> None:
    """A MySQL statement that did not read, read again with its ``--note``
    parts blanked (:mod:`.dash_comments`): kept when it then reads."""
    text = without_dash_notes(statement.text)
    if text is None:
        return
    again_events = events[:first]
    again: list[Diagnostic] = []
    _parse_one(replace(statement, text=text), dialects, again_events, again)
    if _unread_since(again, 0):
        return
    del events[first:], diagnostics[before:]
    events.extend(again_events[first:])
    diagnostics.extend(again)


def _parse_one(
    statement: Statement,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
) -> None:
    run_lines = _RUN_LINES.match(statement.text)
    if run_lines and run_lines.end() < len(statement.text):
        # SQL*Plus ends a PL/SQL block with a "/" line; what follows it is
        # the next statement, which the splitter could not know.
        rest = _sub_statement(statement, run_lines.end(), statement.text[run_lines.end() :])
        _parse_one(rest, dialects, events, diagnostics)
        return
    match = _HEAD.match(statement.text)
    head = match.group(1).upper() if match else ""
    if head == "EXPLAIN":
        explained = _analyzed(statement)
        if explained is not None:
            _parse_one(explained, dialects, events, diagnostics)
        return
    if (
        head == "SET"
        and _PREPARED_ALTER.match(statement.text)
        and profile_for(statement.source.dialect).family is Family.MYSQL
    ):
        _read_prepared_alter(statement, dialects, events)
        return
    if head == "CALL":
        # A procedure may run DDL (MySQL migrations drop indexes through
        # one when they exist); its effect is not read: say so, quietly.
        called = _CALLED.match(statement.text)
        name = called.group(1) if called else "a procedure"
        diagnostics.append(
            _diag(
                statement,
                None,
                f"CALL {name}: what the procedure does to the schema is not read; "
                "objects it creates, renames or drops are not in the model",
                severity=Severity.INFO,
                code=CALL_CODE,
            )
        )
        return
    if head in USE_HEADS:
        family = profile_for(statement.source.dialect).family
        # TRUNCATE t, COPY t and the like: a view refuses them (DBN022); they,
        # INSERT, UPDATE, DELETE and GRANT fail on a name renamed away (DBN028)
        used = (
            read_use(statement, family, head, events[-1] if events else None)
            if uses_table(head, family)
            else []
        )
        if used:
            events.extend(used)
            return
    clickhouse = head in _CLICKHOUSE_HEADS and sqlglot_dialect(statement.source.dialect) == (
        "clickhouse"
    )
    if clickhouse and head == "SYSTEM" and _system_names_nothing(statement.text):
        return
    into = head in ("SELECT", "WITH") and _creates_by_select(statement)
    if head == "IMPORT" and _IMPORT_MAKES.match(statement.text):
        diagnostics.append(
            _diag(
                statement,
                None,
                "IMPORT FOREIGN SCHEMA creates a foreign table for each table of the remote "
                "schema it names (PostgreSQL manual, IMPORT FOREIGN SCHEMA; MySQL's IMPORT "
                "TABLE creates the tables its files hold): their names come from elsewhere, "
                "are not read, and are neither checked nor in the model",
                severity=Severity.WARNING,
                code=EXECUTE_CODE,
            )
        )
        return
    loop = head in _LOOP_HEADS and _loop_runs_ddl(statement)
    if (
        head in HARMLESS_HEADS
        and not into
        and not loop
        and not (head == "BEGIN" and _BLOCK_DDL.search(statement.text))
    ):
        return
    if not head and _NO_WORDS.fullmatch(statement.text):
        return  # SQL*Plus "/" run lines and similar punctuation-only leftovers
    if head not in _DDL_HEADS and head not in ("DO", "IF") and not statement.text.strip():
        return
    try:
        tokens = _dialect(statement.source.dialect, dialects).tokenize(statement.text)
    except SqlglotError as exc:
        diagnostics.append(
            _diag(
                statement,
                None,
                f"could not tokenize {head or 'statement'}: {_first_line(str(exc))}",
            )
        )
        return
    if not tokens:
        return
    if head in ("ALTER", "CREATE") and statement.source.dialect == "postgres":
        read = dump_statement(statement, tokens)  # a third of a dump's statements
        if read is not None:
            events.extend(read)
            return
    if head != "DO" and _swallowed(statement, tokens):
        tokens = _retokenize_command(statement, tokens, dialects)
    elif head == "ALTER":
        tokens = _unswallow_after_begin(statement, tokens, dialects)
    cursor = Cursor(tokens, statement)
    if head in _ON_CLUSTER_HEADS and cursor.dialect_family == "clickhouse":
        tokens = without_on_cluster(tokens, head)
        cursor = Cursor(tokens, statement)
    emitter = Emitter(statement, cursor)
    said = len(diagnostics)
    try:
        if head in ("EXEC", "EXECUTE") and _executed_text(
            statement, tokens, 0, len(tokens), dialects, events, diagnostics
        ):
            return  # T-SQL dynamic SQL: its text read into events, or noted
        if clickhouse and head == "EXCHANGE":
            read_exchange(emitter)
            if emitter.unread:
                _unread_statement(statement, tokens, cursor, emitter, diagnostics)
        elif head in _DDL_HEADS:
            _DDL_HEADS[head](emitter)
            if head in ("CREATE", "ALTER", "DROP"):
                cursor.end = len(tokens)
                _unread_statement(statement, tokens, cursor, emitter, diagnostics)
            elif emitter.unread:
                _unread_statement(statement, tokens, cursor, emitter, diagnostics)
        elif into:
            read_select_into(emitter)
        elif head == "DO":
            _read_do(statement, dialects, events, diagnostics)
        elif head in {"IF", "BEGIN", "ELSE"} or loop:
            mysql = cursor.dialect_family == "mysql"

            def dynamic(start: int, stop: int) -> bool:
                if mysql:
                    return _prepared_in_block(statement, tokens[start], cursor, diagnostics)
                return _executed_text(
                    statement, tokens, start, stop, dialects, emitter.events, diagnostics
                )

            _read_conditional(emitter, dynamic)
            _unread_statement(statement, tokens, cursor, emitter, diagnostics)
            if head != "BEGIN" or (  # a condition the reader does not evaluate
                mysql and _MYSQL_BRANCHES.search(_PL_STRINGS.sub("", statement.text))
            ):
                emitter.events[:] = [replace(e, guarded=True) for e in emitter.events]
        else:
            # Unknown text glued to DDL (a stray quote before CREATE) hides
            # that DDL: an error naming it, not a warning a run passes with.
            hidden = _HIDDEN_DDL.search(statement.text, 1)
            meant = _misspelt_ddl(head)
            # No word to name (".timeout", "-----" in a dialect that does not
            # skip it): the statement's first characters, so the quote is never ''.
            start = head or _first_line(statement.text)[:20]
            message = f"unrecognised statement starting with {start!r}; expected SQL DDL"
            if hidden is not None:
                message += f"; the {hidden.group(1).upper()} in it was not read"
            elif meant is not None:
                # The database rejects the file; the name in it was never checked.
                message += f"; did you mean {meant}? nothing in it was read"
            diagnostics.append(
                _diag(
                    statement,
                    tokens[0],
                    message,
                    severity=Severity.WARNING
                    if hidden is None and meant is None
                    else Severity.ERROR,
                    code="DBN005",
                )
            )
            return
    except ReadError as exc:
        kind = _statement_kind(tokens)
        where = f" but found {exc.token.text!r}" if exc.token is not None else " before the end"
        hint = _quote_hint(statement, exc.token) if exc.token is not None else ""
        diagnostics.append(
            _diag(
                statement,
                exc.token,
                f"could not read {kind} statement: expected {exc.expected}{where}{hint}",
                cursor=cursor,
            )
        )
    except Exception as exc:
        diagnostics.append(
            _diag(
                statement,
                None,
                f"internal error reading {_statement_kind(tokens)} "
                f"statement ({type(exc).__name__}: {exc}); please report it",
                code="DBN099",
            )
        )
        return
    if (
        head in ("CREATE", "ALTER")
        and statement.source.dialect != "cockroach"  # CockroachDB takes INDEX in CREATE TABLE
        and not any(d.code == "DBN004" for d in diagnostics[said:])
    ):
        # MySQL's column positions, options and inline indexes: the reader
        # passes over them, the database refuses them (trial s31).
        foreign = mysql_only(tokens, statement.text, profile_for(statement.source.dialect).family)
        if foreign is not None:
            diagnostics.append(_mysql_syntax(statement, cursor, tokens, *foreign))
    for token, message in emitter.notes:
        diagnostics.append(
            _diag(
                statement, token, message, severity=Severity.WARNING, code="DBN005", cursor=cursor
            )
        )
    events.extend(emitter.events)


def _mysql_syntax(
    statement: Statement, cursor: Cursor, tokens: list[Token], token: Token, what: str
) -> Diagnostic:
    """The ``DBN004`` error at MySQL's syntax in a statement read as PostgreSQL
    or SQLite (:mod:`.foreign_syntax`), saying which dialect the file is read
    as and why: assumed when nothing named it."""
    dialect = statement.source.dialect
    why = (
        f"this file is read as {dialect} by assumption: nothing names its dialect "
        "(no config dialect:, --dialect, file name or folder)"
        if statement.source.dialect_guessed
        else f"this file is read as {dialect}"
    )
    return _diag(
        statement,
        token,
        f"could not read {_statement_kind(tokens)} statement: {what} is MySQL's and "
        f"MariaDB's syntax, which {dialect} refuses ({why}); if the file is written "
        f"for MySQL, {_SAY_SO}",
        cursor=cursor,
    )


#: Quote characters other dialects' tokenizers take as the start of a quoted
#: name: found loose, the file is most likely written for one of those.
_FOREIGN_QUOTES = {
    "`": "backticks quote names in MySQL, MariaDB, SQLite, BigQuery and Spark, not in {d}",
    "[": "square brackets quote names in SQL Server and SQLite, not in {d}",
}
_SAY_SO = "say so (--dialect, or the config's dialect or overrides)"


def _quote_hint(statement: Statement, token: Token) -> str:
    """A hint when a read stopped at a quote this file's dialect does not
    use for names: the file is likely in another dialect than it is read as."""
    dialect = statement.source.dialect
    what = _FOREIGN_QUOTES.get(token.text)
    if what is not None:
        return f"; {what.format(d=dialect)}: if the file is written for one of those, {_SAY_SO}"
    double = statement.text[token.start : token.start + 1] == '"'
    if (
        token.token_type is TokenType.STRING
        and double
        and (profile_for(dialect).family is Family.MYSQL)
    ):
        return (
            f"; double quotes make a string, not a name, in {dialect} (unless sql_mode has "
            f"ANSI_QUOTES): if the file is written for another dialect, {_SAY_SO}"
        )
    return ""


#: MySQL ``SET @v = ... 'ALTER TABLE ...``: a statement text built to be prepared.
_PREPARED_ALTER = lazy_compile(r"\s*SET\s+@[^=]*=.*?'\s*ALTER\s+TABLE\s", re.IGNORECASE | re.DOTALL)
_ALTER_TEXT = lazy_compile(r"\s*ALTER\s+TABLE\s", re.IGNORECASE)


def _read_prepared_alter(statement: Statement, dialects: Tokenizers, events: list[Event]) -> None:
    """MySQL ``SET @v = (SELECT CONCAT('ALTER TABLE t DROP FOREIGN KEY a, ADD
    CONSTRAINT b FOREIGN KEY (', ...) ...)``, then ``PREPARE s FROM @v``: the
    words at the start of the text a script builds to rename a foreign key
    or check (:func:`~dbnamelint.frontends.sql.parsing.ddl.read_recreating_alter`). Any
    other SET names nothing. The literal's text is read as the server reads
    it (quotes and backslashes unescaped), each token located where it is
    written in the file.
    """
    tokenizer = _dialect(statement.source.dialect, dialects)
    try:
        tokens = tokenizer.tokenize(statement.text)
    except SqlglotError:
        return
    literal = next(
        (t for t in tokens if t.token_type is TokenType.STRING and _ALTER_TEXT.match(t.text)),
        None,
    )
    if literal is None:
        return
    try:
        inner = tokenizer.tokenize(literal.text)
    except SqlglotError:
        return
    # Where each character of the unescaped text is written: an escape
    # ('' or a backslash pair) is two characters of the file for one.
    written = statement.text[literal.start + 1 : literal.end]
    where: list[int] = []
    i = 0
    for _ in literal.text:
        where.append(literal.start + 1 + i)
        i += 2 if written[i : i + 1] in ("'", "\\") else 1
    located = [
        Token(t.token_type, t.text, t.line, t.col, where[t.start], where[t.end], t.comments)
        for t in inner
    ]
    emitter = Emitter(statement, Cursor(located, statement))
    read_recreating_alter(emitter)
    events.extend(emitter.events)


#: A T-SQL ``BEGIN ... END`` batch holding DDL (else BEGIN starts a transaction).
#: A block whose DDL runs where it stands: T-SQL's ``BEGIN CREATE ...``, and
#: MariaDB's anonymous compound statement ``BEGIN NOT ATOMIC ... END`` (MariaDB
#: manual, "BEGIN END": it runs outside stored programs; trial s40).
_BLOCK_DDL = lazy_compile(r"(?i)\A\s*BEGIN\s+(?:(?:CREATE|ALTER|DROP)\s|NOT\s+ATOMIC\b)")

#: DDL glued behind junk the statement starts with (``''CREATE``, ``$x$CREATE``).
#: A text search, not a token test: junk makes the tokenizer merge the
#: keyword into strings, parameters or names in ever new ways.
_HIDDEN_DDL = lazy_compile(r"(?<![\w])(CREATE|ALTER|DROP)\s+\w", re.IGNORECASE)
#: The statement words a typo most likely came from (``CREAT``, ``ALTR``, ``DORP``).
_TYPO_TARGETS = ("CREATE", "ALTER", "DROP", "RENAME")


def _misspelt_ddl(head: str) -> str | None:
    """The DDL word ``head`` is a typo of (similarity >= 0.75, difflib's ratio), if any.

    ``FILTER`` (0.73 to ALTER), SQL*Plus ``PROMPT`` (0.6 to DROP) and
    ``REMARK`` (0.67 to RENAME) stay unrecognised statements (warnings).
    """
    close = difflib.get_close_matches(head, _TYPO_TARGETS, n=1, cutoff=0.75)
    return close[0] if close and head else None


def _swallowed(statement: Statement, tokens: list[Token]) -> bool:
    """True when sqlglot kept the statement's remainder as one unquoted string."""
    if len(tokens) > 3:
        return False
    meaningful = [t for t in tokens if t.token_type is not TokenType.SEMICOLON]
    if len(meaningful) != 2 or meaningful[1].token_type is not TokenType.STRING:
        return False
    rest = statement.text[meaningful[0].end + 1 :].strip()
    body = meaningful[1].text.strip()
    return bool(body) and rest.startswith(body)


def _retokenize_command(
    statement: Statement, tokens: list[Token], dialects: Tokenizers
) -> list[Token]:
    """Tokenize the rest of a statement sqlglot swallowed as one opaque string.

    Some dialects treat a head word (MySQL ``RENAME``, T-SQL ``EXEC``) as a
    command whose remainder is a single STRING token; we need its words.
    """
    shifted = _tokens_after(statement, tokens[0], dialects)
    return tokens if shifted is None else [tokens[0], *shifted]


def _tokens_after(statement: Statement, token: Token, dialects: Tokenizers) -> list[Token] | None:
    """The statement's text after ``token`` tokenized on its own, offsets in
    the statement's text; None when the dialect's tokenizer refuses it."""
    rest_start = token.end + 1
    try:
        inner = _dialect(statement.source.dialect, dialects).tokenize(statement.text[rest_start:])
    except SqlglotError:
        return None
    return [
        Token(
            t.token_type,
            t.text,
            t.line,
            t.col,
            t.start + rest_start,
            t.end + rest_start,
            t.comments,
        )
        for t in inner
    ]


def _unswallow_after_begin(
    statement: Statement, tokens: list[Token], dialects: Tokenizers
) -> list[Token]:
    """``tokens`` with the words sqlglot swallowed after a name ``BEGIN`` restored.

    sqlglot takes a command word (``RENAME``) after a ``BEGIN`` token for
    a command in a block and keeps the rest as one string, also where
    ``begin`` is a name: PostgreSQL's ``begin`` is a non-reserved keyword
    (its keyword appendix; ``pg_get_keywords()`` says ``U``), a legal
    table, index or column name, so ``ALTER INDEX begin RENAME TO b`` and
    ``ALTER TABLE begin RENAME id TO k`` rename (checked on PostgreSQL 15);
    unread, the first was lost without a word. Only in an ALTER outside
    T-SQL, whose ``ALTER PROCEDURE ... AS BEGIN EXEC ...`` is a body.
    """
    # the swallowed rest is the last token (but for a ';'): only it is looked at
    i = len(tokens) - 1 - (bool(tokens) and tokens[-1].token_type is _SEMICOLON)
    if i < 2 or profile_for(statement.source.dialect).family is _TSQL:
        return tokens
    string, command, begin = tokens[i], tokens[i - 1], tokens[i - 2]
    if not (
        string.token_type is _STRING
        and command.token_type is _RENAME
        and begin.token_type is _BEGIN
    ):
        return tokens
    shifted = _tokens_after(statement, command, dialects)
    return tokens if shifted is None else [*tokens[:i], *shifted]


#: Words that start a T-SQL statement in an IF ... BEGIN ... END block (or
#: end the block) and never stand at the top level inside DDL.
_BLOCK_BOUNDARIES = frozenset(
    {
        "END",
        "ELSE",
        "BEGIN",
        "IF",
        "PRINT",
        "INSERT",
        "UPDATE",
        "DELETE",
        "MERGE",
        "DECLARE",
        "RAISERROR",
        "THROW",
        "RETURN",
        "TRUNCATE",
        "GRANT",
        "DENY",
        "REVOKE",
        "SELECT",
    }
)


def _read_conditional(em: Emitter, dynamic: Callable[[int, int], bool] | None = None) -> None:
    """T-SQL/MySQL ``IF <condition> [BEGIN] CREATE ...; ALTER ... [END]``.

    Every DDL statement of the block is read, each up to the next statement
    of the block (a DDL start, or a word only a statement starts with) or
    its ``END``, so what follows one is never taken for its options.
    ``dynamic(start, stop)`` reads (or notes) the T-SQL dynamic SQL an
    ``EXEC`` there runs (:func:`_executed_text`), True when it did.
    """
    cur = em.cursor
    tokens, end = cur.tokens, cur.end
    starts: list[int] = []
    stops: list[int] = []
    depth = 0
    for j in range(1, end):
        tt = tokens[j].token_type
        if tt is TokenType.L_PAREN:
            depth += 1
        elif tt is TokenType.R_PAREN:
            depth -= 1
        elif tt is TokenType.SEMICOLON and depth == 0:
            stops.append(j)  # a MySQL block's statements end at ";" (SET is no boundary word)
        elif depth == 0:
            word = cur.word(j)
            if not word:
                continue
            if word[0] in ("EXEC", "EXECUTE", "RENAME") or glued_statement(cur, j):
                starts.append(j)
            elif word[0] in _BLOCK_BOUNDARIES and cur.word(j - 1) != ("ON",):
                stops.append(j)
    bounds = sorted({*starts, *stops, end})
    for start in starts:
        stop = next(b for b in bounds if b > start)
        head = tokens[start].text.upper()
        if head not in _DDL_HEADS:
            continue
        if head in ("EXEC", "EXECUTE") and dynamic is not None and dynamic(start, stop):
            continue
        sub = Cursor(tokens, em.statement, cur.words, start, stop)
        sub.dialect_family = cur.dialect_family
        found = len(em.unread)
        _DDL_HEADS[head](em.piece(sub))
        kind = _statement_kind(tokens[start:stop])
        em.unread[found:] = [(t, f"{kind} statement: {w}") for t, w in em.unread[found:]]
    cur.i = end


#: MariaDB's loops, which it runs outside stored programs too (MariaDB manual,
#: "Using Compound Statements Outside of Stored Programs"): the DDL written in
#: one is read as an ``IF``'s is, guarded (how often it runs is not evaluated).
_LOOP_HEADS = frozenset({"WHILE", "LOOP", "REPEAT", "FOR"})
#: DDL written in a statement's text (a loop's body).
_LOOP_DDL = lazy_compile(
    r"\b(?:CREATE|ALTER|DROP|RENAME)\s+(?:\w+\s+){0,3}?"
    r"(?:TABLE|INDEX|VIEW|TRIGGER|SEQUENCE|COLUMN|KEY|CONSTRAINT)\b",
    re.IGNORECASE,
)


def _loop_runs_ddl(statement: Statement) -> bool:
    """Whether ``statement``, a loop, is MySQL's or MariaDB's and writes DDL in its body."""
    return (
        profile_for(statement.source.dialect).family is Family.MYSQL
        and _LOOP_DDL.search(statement.text) is not None
    )


#: MySQL/MariaDB flow control that may skip a block's statement (MariaDB
#: manual, "Programmatic & Compound Statements"), handlers included.
_MYSQL_BRANCHES = lazy_compile(
    r"\b(?:IF|ELSEIF|CASE|LOOP|WHILE|REPEAT|FOR|HANDLER)\b", re.IGNORECASE
)


def _prepared_in_block(
    statement: Statement, token: Token, cursor: Cursor, diagnostics: list[Diagnostic]
) -> bool:
    """A MariaDB ``BEGIN NOT ATOMIC`` block's ``EXECUTE s``: it runs the text
    a ``PREPARE`` of the block built when the block runs, which is not read
    (``DBN013``, an error in the gate when new, as a DO block's EXECUTE of
    built text). True: the EXECUTE is handled."""
    diagnostics.append(
        _diag(
            statement,
            token,
            "EXECUTE in a compound statement runs a prepared statement's text, built "
            "when the block runs; it is not read, and it may create, rename or drop "
            "objects, whose names are not checked and are not in the model: write the "
            "DDL itself to have it checked",
            severity=Severity.WARNING,
            code=EXECUTE_CODE,
            cursor=cursor,
        )
    )
    return True


def _read_do(
    statement: Statement,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
) -> None:
    """A ``DO $$ ... $$`` block runs at once: read the DDL written in its body.

    DDL built in strings for EXECUTE stays invisible; that is the "DDL you
    can see" the issue speaks of.
    """
    # The body is found in the text, not from token offsets: sqlglot reads DO
    # as a command whose rest is one string, and with a trailing
    # ``LANGUAGE plpgsql`` that string's offsets point past the body.
    text = statement.text
    tag = _DOLLAR_TAG.search(text)
    if tag is None:
        return
    close = text.find(tag.group(0), tag.end())
    if close < 0:
        return
    inner = _sub_statement(statement, tag.end(), text[tag.end() : close])
    first = len(events)
    arms = if_arms(inner.text, inner.offset, statement.offset)
    for piece, literal in _ddl_pieces(inner, dialects, diagnostics):
        from_piece = len(events)
        if literal is None:
            _parse_one(piece, dialects, events, diagnostics)
        else:
            _read_literal(piece, literal, dialects, events, diagnostics)
        path = () if arms is None else arms(_piece_offset(inner, piece, literal))
        if path:
            events[from_piece:] = [replace(e, branches=path) for e in events[from_piece:]]
    if _BRANCHES.search(_PL_STRINGS.sub("", inner.text)):
        events[first:] = [replace(e, guarded=True) for e in events[first:]]


def _piece_offset(
    body: Statement, piece: Statement, literal: tuple[int, str, tuple[int, ...]] | None
) -> int:
    """Where in ``body`` a piece of :func:`_ddl_pieces` is written."""
    return piece.offset - body.offset if literal is None else max(literal[0], 0)


#: PL/pgSQL control flow that may skip a statement (manual 43.6): IF/ELSIF,
#: CASE, loops, and EXCEPTION handlers. ``IF [NOT] EXISTS`` inside a DDL
#: statement matches too: a DO block holding one is taken as guarded, the
#: safe side (a note, not an error, for a name renamed away in it).
_BRANCHES = lazy_compile(r"\b(?:IF|ELSIF|CASE|LOOP|WHILE|FOR|EXCEPTION)\b", re.IGNORECASE)
#: Quoted literals (dollar-quoted ones too) and comments, left out before
#: looking for control flow.
_PL_STRINGS = lazy_compile(
    r"'(?:[^']|'')*'|(\$(?:[^\W\d]\w*)?\$).*?\1|--[^\n]*|/\*.*?\*/", re.DOTALL
)


#: A DDL statement a PL/pgSQL body runs: written in it (the literal None),
#: or the statement holding an EXECUTE's literal and that literal
#: (:attr:`.dynamic.Dynamic.text`: read by :func:`_read_literal`).
_Piece = tuple[Statement, tuple[int, str, tuple[int, ...]] | None]


def _ddl_pieces(
    body: Statement,
    dialects: Tokenizers,
    diagnostics: list[Diagnostic] | None = None,
    bound: Mapping[str, str] | None = None,
) -> list[_Piece]:
    """Cut a PL/pgSQL body into the DDL statements it runs: those written in it,
    and ``EXECUTE '<literal>'`` (the literal's text, quotes undoubled, is run
    as written). An EXECUTE of text built at run time (``format(...)``, a
    variable, ``||``) cannot be read: DBN013 says so (:func:`_built_execute`);
    of constants, or of the parameters ``bound`` gives the values of (a
    routine's body read at a call: :func:`_read_called_body`), it is."""
    try:
        tokens = _dialect(body.source.dialect, dialects).tokenize(body.text)
    except SqlglotError:
        return []
    pieces: list[_Piece] = []
    start: int | None = None
    loops: list[tuple[int, int, str, tuple[str, ...]]] | None = None
    for i, tok in enumerate(tokens):
        word = tok.text.upper()
        if (
            start is None
            and word == "EXECUTE"
            and tok.token_type is not TokenType.STRING
            and not _privilege(tokens, i)
        ):
            literal = _executed_literal(tokens, i, body)
            if literal is not None:
                pieces.append(literal)
                continue
            if loops is None:
                loops = constant_loops(body.text)
            runs = unrolled(body.text, tok.end + 1, loops, bound) if loops else None
            if runs is None:
                runs = constant_text(body.text, tok.end + 1, bound)
            if runs is not None:
                pieces += [(body, run) for run in runs]  # a constant loop's passes
            elif _grants_only(body.text[tok.end + 1 :]):
                pass  # GRANT/REVOKE text creates, renames and drops nothing
            elif diagnostics is not None:
                diagnostics.append(_built_execute(body, tok))
        elif (
            start is None
            and word in ("CREATE", "ALTER", "DROP")
            and tok.token_type is not TokenType.STRING
        ):
            start = tok.start
        elif tok.token_type is TokenType.SEMICOLON and start is not None:
            pieces.append((_sub_statement(body, start, body.text[start : tok.start]), None))
            start = None
    if start is not None:
        pieces.append((_sub_statement(body, start, body.text[start:]), None))
    return pieces


_STRINGS = (TokenType.STRING, TokenType.NATIONAL_STRING)


def _executed_text(
    statement: Statement,
    tokens: list[Token],
    start: int,
    stop: int,
    dialects: Tokenizers,
    events: list[Event],
    diagnostics: list[Diagnostic],
    values: Values | None = None,
    call: Statement | None = None,
) -> bool:
    """T-SQL ``EXEC (<text>)`` or ``EXEC [schema.]sp_executesql [@stmt =] <text>
    [, ...]`` at ``tokens[start]`` (up to ``stop``): one literal (``'...'``,
    ``N'...'``) is read as the batch it is, into ``events``; built text gets
    DBN013 by what its literals hold (:func:`.dynamic.ddl_word`). False for
    any other EXEC (a procedure call, ``sp_rename``), left to the caller.
    In a procedure's body read at its ``call``, text ``values`` knows
    (:meth:`.tsql_procs.Values.evaluate`) is read too."""
    if profile_for(statement.source.dialect).family is not Family.TSQL:
        return False
    first = start + 1
    if first < stop and tokens[first].token_type is TokenType.L_PAREN:
        depth, end = 0, stop
        for j in range(first, stop):
            kind = tokens[j].token_type
            depth += kind is TokenType.L_PAREN
            depth -= kind is TokenType.R_PAREN
            if depth == 0:
                end = j
                break
        text = tokens[first + 1 : end]
        last = end  # its closing parenthesis
    else:
        j = first
        while j + 1 < stop and tokens[j + 1].token_type is TokenType.DOT:
            j += 2
        if j >= stop or tokens[j].text.lower() != "sp_executesql":
            return False
        j += 1
        if (
            j + 2 < stop
            and tokens[j].token_type is TokenType.PARAMETER
            and tokens[j + 2].token_type is TokenType.EQ
        ):
            j += 3  # @stmt = ... (not the text's own @variable)
        end = next((k for k in range(j, stop) if tokens[k].token_type is TokenType.COMMA), stop)
        while end > j and tokens[end - 1].token_type is TokenType.SEMICOLON:
            end -= 1
        text = tokens[j:end]
        last = end - 1
    if len(text) == 1 and text[0].token_type in _STRINGS:
        literal = text[0]
        quote = statement.text.index("'", literal.start)
        inner, where = unescaped_literal(
            statement.text[quote + 1 : literal.end], "'", backslashes=False
        )
        _read_literal(statement, (quote + 1, inner, where), dialects, events, diagnostics)
        return True
    if values is not None and text:
        begin, stop_at = text[0].start, text[-1].end + 1
        built = values.evaluate(statement.text[begin:stop_at], begin)
        if built is not None:
            _read_literal(statement, (0, *built), dialects, events, diagnostics, call)
            return True
    pieces = [t.text for t in text if t.token_type in _STRINGS]
    reason = ddl_word(pieces, select_into=True)
    shown = snippet(statement.text[tokens[start].start : tokens[max(start, last)].end + 1])
    if reason is None:
        what = "objects it creates, renames or drops are not in the model"
        severity = Severity.INFO
    else:
        word, _ = reason
        why = f"its text holds {word}" if word else "no literal of its text is written"
        what = (
            f"it may create, rename or drop objects ({why}), whose names are not checked "
            "and are not in the model: write the DDL itself, or EXEC('<literal>'), to have "
            "it checked"
        )
        severity = Severity.WARNING
    diagnostics.append(
        _diag(
            statement,
            tokens[start],
            f"{shown}: runs text built when the batch runs; it is not read, and {what}",
            severity=severity,
            code=EXECUTE_CODE,
        )
    )
    return True


def _privilege(tokens: Sequence[Token], at: int) -> bool:
    """Whether the ``EXECUTE`` at ``tokens[at]`` is the privilege of a GRANT
    or REVOKE in a body (``REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC``,
    ``GRANT SELECT, EXECUTE ON ...``), not PL/pgSQL's EXECUTE statement,
    which is followed by the text it runs, never by ``ON`` or a comma."""
    after = tokens[at + 1].text.upper() if at + 1 < len(tokens) else ""
    before = tokens[at - 1].text.upper() if at > 0 else ""
    return after in ("ON", ",") or before in ("GRANT", "REVOKE", ",")


def _built_execute(body: Statement, execute: Token) -> Diagnostic:
    """DBN013 at an EXECUTE of a DO block whose text is built when the block
    runs: a warning when that text may create, rename or drop an object (a
    literal piece of it holds such a word, or none is written: a variable),
    else an info note. The note quotes the expression (which also keeps two
    such statements of one file apart for the gate)."""
    end, pieces = executed_pieces(body.text, execute.end + 1)
    shown = snippet(body.text[execute.end + 1 : end])
    reason = ddl_word(pieces, select_into=True)
    if reason is None:
        return _diag(
            body,
            execute,
            f"EXECUTE {shown} in a DO block runs text built when the block runs; it is "
            "not read: objects it creates, renames or drops are not in the model",
            severity=Severity.INFO,
            code=EXECUTE_CODE,
        )
    word, _ = reason
    why = f"its text holds {word}" if word else "no literal of its text is written"
    return _diag(
        body,
        execute,
        f"EXECUTE {shown} in a DO block runs text built when the block runs; it is not "
        f"read, and it may create, rename or drop objects ({why}), whose names are not "
        "checked and are not in the model: write the DDL itself, or EXECUTE '<literal>', "
        "to have it checked",
        severity=Severity.WARNING,
        code=EXECUTE_CODE,
    )


_GRANTS_ONLY = lazy_compile(r"^format\s*\(\s*'(\s*(?:GRANT|REVOKE)\s(?:[^';]|'')*)'", re.IGNORECASE)


def _grants_only(after: str) -> bool:
    """``EXECUTE format('GRANT ...', ...)`` (or REVOKE), ``after`` being the
    text after the EXECUTE: text built at run time whose statement is fixed
    by the pattern's first word (one statement: no ``;`` in the pattern),
    and a GRANT or REVOKE names no object into or out of the model
    (``migrate`` copies a table's privileges to its compatibility view so)."""
    return _GRANTS_ONLY.match(after.lstrip()) is not None


def _executed_literal(tokens: list[Token], i: int, body: Statement) -> _Piece | None:
    """``EXECUTE 'CREATE ...';``: the literal's statement (in place, so locations
    point into it), or None when the EXECUTE runs anything else.

    The literal is found in the text after the EXECUTE, not from tokens: at a
    statement's start sqlglot reads the rest of an EXECUTE as one string
    token (a command), quotes and all, elsewhere the literal itself, and
    either way the offsets are not the text's. A literal with doubled quotes
    is read undoubled, located where each character is written.

    A dollar-quoted constant (``EXECUTE $q$ALTER TABLE ...$q$``, any tag,
    ``$$`` inside a body quoted ``$body$``) is a literal too: PostgreSQL
    manual 4.1.2.4, "Dollar-Quoted String Constants": its text is taken as
    written, with no escapes, up to the same tag (case-sensitive; a tag
    follows an unquoted identifier's rules without ``$``)."""
    text = body.text
    start = tokens[i].end + 1
    start += _spaces(text, start)
    dollar = _DOLLAR_TAG.match(text, start)
    if dollar is not None:
        close = text.find(dollar.group(0), dollar.end())
        if close < 0:
            return None
        after = close + len(dollar.group(0))
        after += _spaces(text, after)
        if after < len(text) and text[after] != ";":
            return None  # $q$...$q$ || b, USING ...: built or bound at run time
        return _sub_statement(body, dollar.end(), text[dollar.end() : close]), None
    if not text.startswith("'", start):
        return None  # format(...), a variable, E'...': not read
    end = start + 1
    while True:
        end = text.find("'", end)
        if end < 0:
            return None
        if not text.startswith("''", end):
            break
        end += 2
    after = end + 1 + _spaces(text, end + 1)
    if after < len(text) and text[after] != ";":
        return None  # 'a' || b, USING ..., INTO ...: built or bound at run time
    written = text[start + 1 : end]
    if "'" not in written:
        return _sub_statement(body, start + 1, written), None
    inner, where = unescaped_literal(written, "'", backslashes=False)
    return body, (start + 1, inner, where)


def _spaces(text: str, at: int) -> int:
    """How many whitespace characters start ``text[at:]``."""
    return len(text[at:]) - len(text[at:].lstrip())


def _analyzed(statement: Statement) -> Statement | None:
    """The statement a PostgreSQL ``EXPLAIN ANALYZE`` runs, or None.

    With ANALYZE the statement is executed (manual, EXPLAIN): ``EXPLAIN
    ANALYZE CREATE TABLE t AS ...``, ``... SELECT ... INTO t`` and ``CREATE
    MATERIALIZED VIEW`` make their objects (trial s34 listmonk). Without it,
    or in other families (MySQL's EXPLAIN ANALYZE takes no DDL), nothing runs.
    """
    if profile_for(statement.source.dialect).family is not Family.POSTGRES:
        return None
    found = _EXPLAIN.match(statement.text)
    if found is None:
        return None
    options, analyze = found.group(1), found.group(2)
    if analyze is None and (options is None or _ANALYZE_OPTION.search(options) is None):
        return None
    return _sub_statement(statement, found.end(), statement.text[found.end() :])


def _sub_statement(parent: Statement, rel_offset: int, text: str) -> Statement:
    index = LineIndex(parent.text)
    line, col = index.line_col(rel_offset)
    base = parent.location
    location = Location(
        base.path,
        base.line + line - 1,
        base.column + col - 1 if line == 1 else col,
    )
    return Statement(text, parent.offset + rel_offset, location, parent.source, parent.comments)


#: Objects whose CREATE, ALTER or DROP text never holds another statement
#: after what the reader read (routines and triggers have bodies; tables,
#: indexes and ALTER TABLE are checked word by word by their readers).
_FLAT_OBJECTS = frozenset(
    {"VIEW", "SEQUENCE", "SCHEMA", "TYPE", "DOMAIN", "MATERIALIZED", "POLICY", "INDEX", "TABLE"}
)
#: Checked by their readers (:mod:`dbnamelint.frontends.sql.parsing.guard`), token by token.
_READER_CHECKED = frozenset({("CREATE", "TABLE"), ("CREATE", "INDEX"), ("ALTER", "TABLE")})
_READER_CHECKED_TYPES = frozenset(
    {
        (TokenType.CREATE, TokenType.TABLE),
        (TokenType.CREATE, TokenType.INDEX),
        (TokenType.CREATE, TokenType.UNIQUE),
        (TokenType.ALTER, TokenType.TABLE),
    }
)


def _unread_statement(
    statement: Statement,
    tokens: list[Token],
    cursor: Cursor,
    emitter: Emitter,
    diagnostics: list[Diagnostic],
) -> None:
    """The "no unread tokens" guard: what a statement says that was not read.

    The readers of CREATE TABLE, CREATE INDEX and ALTER TABLE check their
    options and actions word by word (:mod:`dbnamelint.frontends.sql.parsing.guard`) and
    leave what they found on the emitter. For the other flat statements
    (views, sequences, types, domains, schemas, policies; their ALTER and
    every DROP), a top-level CREATE, or ALTER/DROP of an object, after what
    was read is two statements run together (a missing ``;`` or ``GO``).
    Each finding is a DBN004 where it stands.
    """
    if emitter.unread:
        kind = _statement_kind(tokens)
        for token, what in emitter.unread:
            said = what if " statement: " in what else f"{kind} statement: {what}"
            diagnostics.append(_diag(statement, token, said, cursor=cursor))
        return
    head = tokens[0].token_type
    if len(tokens) < 2 or (head, tokens[1].token_type) in _READER_CHECKED_TYPES:
        return  # the commonest statements, settled without looking at words
    objects = _objects(tokens)
    word = tokens[0].text.upper()
    if not objects or any((word, o) in _READER_CHECKED for o in objects):
        return
    # A view's reader skips its body and an ALTER reads a few words of its
    # actions: both are scanned from the start.
    view = "VIEW" in objects or "MATERIALIZED" in objects
    start = 1 if view or word == "ALTER" else max(cursor.i, 1)
    found = glued_in(cursor, start)
    if found is not None:
        what = f"{_statement_kind(tokens)} statement: {found[1]}"
        diagnostics.append(_diag(statement, found[0], what, cursor=cursor))


_NOT_WORDS = frozenset({TokenType.IDENTIFIER, TokenType.STRING, TokenType.L_PAREN})
_ROUTINES = frozenset({"FUNCTION", "PROCEDURE", "PROC", "TRIGGER"})


def _objects(tokens: list[Token]) -> frozenset[str]:
    """The object word of a DDL statement if it is a flat one (first found wins)."""
    for tok in tokens[1:6]:
        if tok.token_type in _NOT_WORDS:
            break
        words = tok.text.upper().split()
        if _ROUTINES.intersection(words):
            return frozenset()
        found = _FLAT_OBJECTS.intersection(words)
        if found:
            return frozenset(found)
    return frozenset()


def _statement_kind(tokens: list[Token]) -> str:
    words: list[str] = []
    for tok in tokens[:6]:
        if tok.token_type in (TokenType.IDENTIFIER, TokenType.STRING, TokenType.L_PAREN):
            break
        words.append(tok.text.upper())
        if len(words) >= 2 and words[-1] in (
            "TABLE",
            "INDEX",
            "VIEW",
            "SEQUENCE",
            "TYPE",
            "DOMAIN",
            "SCHEMA",
            "TRIGGER",
            "POLICY",
            "FUNCTION",
            "PROCEDURE",
        ):
            break
    return " ".join(words) or "a"


def _diag(
    statement: Statement,
    token: Token | None,
    message: str,
    *,
    severity: Severity = Severity.ERROR,
    code: str = "DBN004",
    cursor: Cursor | None = None,
) -> Diagnostic:
    if token is not None:
        location = (cursor or Cursor([], statement)).location(token)
    else:
        location = statement.location
    if severity is Severity.ERROR and code in _UNREAD_CODES:
        # What an inline ignore of it accepts is this text: the gate tells an
        # edit of an accepted statement from the one accepted at the base.
        return Diagnostic(location, severity, message, code, (statement_digest(statement.text),))
    return Diagnostic(location, severity, message, code)


#: A statement not read (``DBN004``, ``DBN005``): its errors carry its digest.
_UNREAD_CODES = frozenset({"DBN004", "DBN005"})
STATEMENT_DIGEST = "statement digest: "


def statement_digest(text: str) -> str:
    """``statement digest: <16 hex>``: blake2b of ``text`` with runs of white
    space made one space (an edit of its layout is no edit of what runs)."""
    data = " ".join(text.split()).encode("utf-8", "surrogatepass")
    return STATEMENT_DIGEST + hashlib.blake2b(data, digest_size=8).hexdigest()


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
