"""Routines a file creates, and the statements that run one whose body holds DDL.

A procedure's ``CALL`` is one way a migration runs DDL the reader does not
read (:mod:`.procedures`). In PostgreSQL a *function* runs it as well,
wherever a statement evaluates it::

    CREATE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN CREATE TABLE "BadName" (id int); END $$;
    SELECT mk();                        -- creates "BadName"

and so do ``SELECT * FROM mk()``, ``PERFORM mk()`` in a ``DO`` block, a
function or procedure whose body runs ``mk()``, and a trigger whose
function holds DDL, fired by a later ``INSERT``/``UPDATE``/``DELETE``/
``TRUNCATE``/``COPY``/``MERGE`` on its table. Bodies are not read: the
``DBN012`` note on the statement running one says "its body holds DDL",
which the gate refuses when new. The exception: a statement that does
nothing but run a PL/pgSQL routine of the same file whose DDL is literal
reads that DDL in place (:func:`.parsing._read_called_body`;
:meth:`Recorder.inlined` records what the body calls instead).

Facts (PostgreSQL 15, checked in tests/test_gate_function_ddl.py):
a volatile plpgsql or SQL function runs DDL; one declared ``STABLE`` or
``IMMUTABLE`` is refused its own DDL ("CREATE TABLE is not allowed in a
non-volatile function"), though a volatile function it calls is not. In
MySQL and MariaDB neither a function nor a trigger may run DDL ("Explicit
or implicit commit is not allowed in stored function or trigger", error
1422; MySQL manual, "Restrictions on Stored Programs"), not even through a
procedure it calls: only procedures are kept there.

Each file is read on its own (and cached so): :class:`Recorder` writes
down, as :class:`~dbnamelint.model.RoutineStep` values, what its
statements define, replace, drop, rename and run;
:func:`dbnamelint.replay.routine_runs.routine_notes` plays the steps of
every file of one catalog in replay order after loading and gives the
notes, so a function an earlier migration created and a later one runs is
followed.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.parsing import tsql_procs
from dbnamelint.frontends.sql.parsing.procedures import body_ddl, dropped_name, procedure_name
from dbnamelint.model import RoutineStep, SourceFile, Statement

_NAME = r"(?:\"[^\"]+\"|`[^`]+`|[^\W\d][\w$]*)"
_QUALIFIED = rf"({_NAME}(?:\s*\.\s*{_NAME})*)"
_PART = lazy_compile(_NAME)
#: ``CREATE [OR REPLACE] FUNCTION name``.
_FUNCTION = lazy_compile(rf"\s*CREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+{_QUALIFIED}", re.IGNORECASE)
_PROCEDURE = lazy_compile(
    rf"\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?PROCEDURE\s+"
    rf"(?:IF\s+NOT\s+EXISTS\s+)?{_QUALIFIED}",
    re.IGNORECASE,
)
#: PostgreSQL ``CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name {BEFORE|AFTER|
#: INSTEAD OF}``, then ``<events> ON table``, then ``... EXECUTE {FUNCTION|
#: PROCEDURE} f(``: three searches, each from where the last one stopped.
_TRIGGER = lazy_compile(
    rf"\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+({_NAME})\s+"
    r"(?:BEFORE|AFTER|INSTEAD\s+OF)\s",
    re.IGNORECASE,
)
_ON = lazy_compile(rf"\sON\s+(?:ONLY\s+)?{_QUALIFIED}", re.IGNORECASE)
#: PostgreSQL ``CREATE EVENT TRIGGER name ON event [WHEN TAG IN (...)]``.
_EVENT_TRIGGER = lazy_compile(
    rf"\s*CREATE\s+EVENT\s+TRIGGER\s+({_NAME})\s+ON\s+(\w+)", re.IGNORECASE
)
#: The command tags of an event trigger's ``WHEN TAG IN ('CREATE SCHEMA', ...)``.
_TAGS = lazy_compile(r"\bTAG\s+IN\s*\(([^)]*)\)", re.IGNORECASE)
_EXECUTES = lazy_compile(rf"\bEXECUTE\s+(?:FUNCTION|PROCEDURE)\s+{_QUALIFIED}\s*\(", re.IGNORECASE)
_DROP_TRIGGER = lazy_compile(
    rf"\s*DROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?({_NAME})\s+ON\s+(?:ONLY\s+)?{_QUALIFIED}",
    re.IGNORECASE,
)
#: ``DROP FUNCTION [IF EXISTS] a(int), b, ...``: every name dropped.
_DROP_FUNCTIONS = lazy_compile(r"\s*DROP\s+FUNCTION\s+(?:IF\s+EXISTS\s+)?", re.IGNORECASE)
_LISTED = lazy_compile(rf"\s*{_QUALIFIED}\s*(?:\((?:[^()]|\([^()]*\))*\))?\s*(?:,|$)")
_EVENT = lazy_compile(r"\b(INSERT|UPDATE|DELETE|TRUNCATE)\b", re.IGNORECASE)
#: A name followed by ``(``: a call when the name is a routine of the file.
_CALL = lazy_compile(rf"(?<![\w$\"`])({_NAME})\s*\(")
#: :data:`_CALL` on the reversed text: ``(``, blanks, then the name reversed
#: (its quotes' inside, or a word whose last character, the name's first,
#: is no digit), not part of a longer word.
_CALL_BACKWARDS = lazy_compile(r"\(\s*(?:\"[^\"]+\"|`[^`]+`|[\w$]*[^\W\d])(?![\w$\"`])")
#: Comments (left out) and quoted literals (kept: ``EXECUTE 'SELECT mk()'`` runs it);
#: one left open runs to the end, so no text is scanned twice.
_COMMENT_OR_STRING = lazy_compile(r"'(?:[^']|'')*(?:'|\Z)|--[^\n]*|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z)")
#: Statements that write a table, firing its triggers: (event, table).
_WRITES = lazy_compile(
    rf"\b(?:(INSERT)\s+INTO|(UPDATE)(?:\s+ONLY)?|(DELETE)\s+FROM(?:\s+ONLY)?|"
    rf"(TRUNCATE)(?:\s+TABLE)?(?:\s+ONLY)?|(COPY)|(MERGE)\s+INTO)\s+{_QUALIFIED}",
    re.IGNORECASE,
)
#: Which trigger events each writing statement fires (MERGE: any of its actions).
_FIRES = {
    "INSERT": ("INSERT",),
    "UPDATE": ("UPDATE",),
    "DELETE": ("DELETE",),
    "TRUNCATE": ("TRUNCATE",),
    "COPY": ("INSERT",),
    "MERGE": ("INSERT", "UPDATE", "DELETE"),
}
#: Top-level statements that evaluate expressions when the migration runs.
_RUN_HEADS = frozenset(
    {"SELECT", "WITH", "VALUES", "INSERT", "UPDATE", "DELETE", "MERGE", "DO", "EXPLAIN", "COPY"}
)
_HEAD = lazy_compile(r"[\s(]*([A-Za-z_]+)")
#: Words after which ``UPDATE``/``INSERT``/``DELETE`` writes nothing: a foreign
#: key's ``ON UPDATE CASCADE``, a lock's ``FOR [NO KEY] UPDATE``, a trigger's or
#: grant's event list (``BEFORE INSERT OR UPDATE OF``, ``INSTEAD OF DELETE``).
_NOT_A_WRITE_AFTER = frozenset({"ON", "FOR", "KEY", "OR", "BEFORE", "AFTER", "OF", "GRANT"})
_WORD_BEFORE = lazy_compile(r"([A-Za-z_]+)[\s,]*\Z")
#: Where an ``ALTER TABLE`` evaluates an expression on existing rows (a
#: default, ``USING``, a check or exclusion, a generated column, a partition
#: bound): without one of these words it runs no function (PostgreSQL 15,
#: "ALTER TABLE").
_ALTER_RUNS = ("DEFAULT", "USING", "CHECK", "GENERATED", "PARTITION")
#: ``CREATE TABLE ... AS <query>`` and ``CREATE MATERIALIZED VIEW``: the query
#: runs; ``ALTER TABLE``: a default, ``USING`` or check runs on existing rows
#: (:func:`_runs_query`). A ``CREATE TABLE`` (group 1) runs one only with
#: :data:`_AS_QUERY` after its ``TABLE``.
_RUNS_QUERY = lazy_compile(
    r"\s*(?:CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?"
    r"(?:(TABLE)\b|MATERIALIZED\s+VIEW\b)|ALTER\s+TABLE\b)",
    re.IGNORECASE,
)
#: ``AS <query>`` of ``CREATE TABLE ... AS``, searched for from its ``TABLE``
#: on: one pattern ``TABLE\b.*?\bAS...`` retried its tail at every character
#: of every table definition (a ``\b`` after a lazy ``.*?`` gives sre nothing
#: to skip by), a search tries ``\bA`` there.
_AS_QUERY = lazy_compile(r"\bAS\s*(?:\(|SELECT\b|WITH\b|VALUES\b|TABLE\b|EXECUTE\b)", re.IGNORECASE)


def _runs_query(text: str) -> bool:
    """Whether ``text`` is a ``CREATE TABLE ... AS <query>``, a ``CREATE
    MATERIALIZED VIEW`` or an ``ALTER TABLE`` (:data:`_RUNS_QUERY`)."""
    head = _RUNS_QUERY.match(text)
    if head is None:
        return False
    return head.group(1) is None or _AS_QUERY.search(text, head.end()) is not None


_BODY_START = lazy_compile(r"\b(?:BEGIN|AS)\b", re.IGNORECASE)
#: ``EXECUTE name`` running a variable's text: not ``EXECUTE format(``, a
#: literal, ``EXECUTE FUNCTION``/``PROCEDURE`` (a trigger's), ``IMMEDIATE``'s literal.
_EXECUTES_VARIABLE = lazy_compile(
    r"\bEXECUTE\s+(?!(?:format|FUNCTION|PROCEDURE|IMMEDIATE)\b)([A-Za-z_@][\w$.]*)\s*(?![\w(])",
    re.IGNORECASE,
)
_DOLLAR = lazy_compile(r"\$([^\W\d]\w*)?\$")
_NOT_VOLATILE = lazy_compile(r"\b(?:IMMUTABLE|STABLE)\b", re.IGNORECASE)
#: ``ALTER TABLE [IF EXISTS] [ONLY] t RENAME TO new``: its triggers go with it.
_RENAME_TABLE = lazy_compile(
    rf"\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?{_QUALIFIED}\s+RENAME\s+TO\s+({_NAME})",
    re.IGNORECASE,
)
#: ``ALTER {FUNCTION|PROCEDURE|ROUTINE} name[(args)] RENAME TO new`` (PostgreSQL).
_RENAME = lazy_compile(
    rf"\s*ALTER\s+(?:FUNCTION|PROCEDURE|ROUTINE)\s+{_QUALIFIED}\s*"
    rf"(?:\((?:[^()]|\([^()]*\))*\))?\s*RENAME\s+TO\s+({_NAME})",
    re.IGNORECASE,
)


def _key(name: str) -> str:
    """The last part of a (qualified) name, unquoted, lower case: routines
    and tables compare so here (a quoted ``"Mk"`` and ``mk`` are taken as one,
    the careful side)."""
    parts = _PART.findall(name)
    return (parts[-1] if parts else name).strip('`"').lower()


def _written(text: str) -> str:
    """The name a ``CREATE PROCEDURE`` statement gives, as written."""
    found = _PROCEDURE.match(text)
    return found.group(1) if found else "?"


def _code(text: str) -> str:
    """``text`` without its comments."""
    if "--" not in text and "/*" not in text:
        return text  # most statements: strings are kept anyway
    return _COMMENT_OR_STRING.sub(lambda m: m.group() if m.group()[0] == "'" else " ", text)


def _called(code: str) -> dict[str, str]:
    """Every ``name(`` of ``code`` (:func:`_code`): key -> name as written.

    Found as :data:`_CALL` finds them, but read backwards from each ``(``
    (:data:`_CALL_BACKWARDS`, which starts with a literal the regular
    expression engine looks for fast): every statement of a PostgreSQL file
    is looked at, and :data:`_CALL` tried at every offset cost a data-heavy
    file a quarter of its reading."""
    out: dict[str, str] = {}
    if "(" not in code:
        return out
    found = [m.group()[1:].lstrip()[::-1] for m in _CALL_BACKWARDS.finditer(code[::-1])]
    for name in reversed(found):  # one part: a schema before it is not captured
        out.setdefault(name.strip('`"').lower(), name)
    return out


def _writes(code: str) -> frozenset[tuple[str, str]]:
    """``(event, table key)`` for each table ``code`` (:func:`_code`) writes.

    Tried only where one of the words stands (found in an upper-case copy):
    :data:`_WRITES` at every offset cost as much as the call scan."""
    upper = code.upper()
    if len(upper) != len(code):  # a character that changes length in upper case
        return frozenset(
            pair
            for found in _WRITES.finditer(code)
            if _written_at(code, found.start())
            for pair in _fired_by(found)
        )
    out: set[tuple[str, str]] = set()
    for word in _FIRES:
        at = upper.find(word)
        while at >= 0:
            if (at == 0 or not (upper[at - 1].isalnum() or upper[at - 1] == "_")) and (
                _written_at(upper, at)
            ):
                found = _WRITES.match(code, at)
                if found is not None:
                    out.update(_fired_by(found))
            at = upper.find(word, at + 1)
    return frozenset(out)


def _written_at(code: str, at: int) -> bool:
    """Whether the word at ``at`` of ``code`` writes a table: not when it
    follows one of :data:`_NOT_A_WRITE_AFTER`."""
    before = _WORD_BEFORE.search(code, max(0, at - 40), at)
    return before is None or before.group(1).upper() not in _NOT_A_WRITE_AFTER


def _fired_by(found: re.Match[str]) -> set[tuple[str, str]]:
    """``(event, table key)`` of one :data:`_WRITES` match."""
    word = found.group(0).split(None, 1)[0].upper()
    return {(event, _key(found.group(7))) for event in _FIRES[word]}


def _own_ddl(text: str, function: bool) -> str | None:
    """The first DDL (``CREATE TABLE``) a routine's body holds, unless a
    function declared ``STABLE`` or ``IMMUTABLE`` (PostgreSQL refuses DDL
    there) says it cannot run it."""
    found = body_ddl(text)
    words = found[1] if found is not None else _executed_variable(text)
    if words is None:
        return None
    if function and _NOT_VOLATILE.search(_outside_body(text)):
        return None
    return words


def _executed_variable(text: str) -> str | None:
    """``EXECUTE v (text given or built at run time)`` when a routine's body
    runs the text of a variable or parameter (PL/pgSQL ``EXECUTE sql_text``,
    MySQL ``EXECUTE stmt`` of a ``PREPARE``): a call may pass DDL in it
    (rudder-server's ``create_constraint_if_not_exists(t, c, 'ALTER TABLE
    ...')``: trial s25 rudder). ``EXECUTE format(...)`` and ``EXECUTE
    '<literal>'`` are read for DDL words as the rest of the body is."""
    begin = _BODY_START.search(text)
    if begin is None:
        return None
    found = _EXECUTES_VARIABLE.search(_code(text[begin.end() :]))
    return f"EXECUTE {found.group(1)}: text given or built when it runs" if found else None


def _outside_body(text: str) -> str:
    """A ``CREATE FUNCTION`` statement without its ``$tag$ ... $tag$`` (or
    quoted) body: where its volatility is declared."""
    tag = _DOLLAR.search(text)
    if tag is not None:
        close = text.find(tag.group(0), tag.end())
        return text[: tag.start()] + (text[close + len(tag.group(0)) :] if close >= 0 else "")
    return _COMMENT_OR_STRING.sub(" ", text)


def _routine_step(statement: Statement, kind: str, key: str, name: str) -> RoutineStep:
    text = statement.text
    begin = _BODY_START.search(text)
    code = _code(text[begin.end() :] if begin is not None else "")
    spaced = " ".join(text.split()).encode("utf-8", "surrogatepass")
    return RoutineStep(
        "routine",
        key=key,
        name=name,
        kind=kind,
        ddl=_own_ddl(text, kind == "function"),
        calls=tuple(_called(code).items()),
        writes=tuple(sorted(_writes(code))),
        location=statement.location,
        digest=hashlib.blake2b(spaced, digest_size=6).hexdigest(),
    )


def steps_of(
    statement: Statement, postgres: bool, shared: dict[Any, Any] | None = None
) -> list[RoutineStep]:
    """What ``statement`` does with routines and triggers (:class:`RoutineStep`);
    a ``CALL`` is recorded by the caller, which may read the body instead.
    ``shared``: equal tuples of earlier steps, reused (less memory, and a
    cache entry writes each once)."""
    text = statement.text
    head = _HEAD.match(text)
    word = head.group(1).upper() if head else ""
    if word == "CREATE" and (defined := _defined(statement, postgres)):
        return defined
    if word == "DROP":
        return _dropped(text, postgres)
    if not postgres:
        return []
    if word == "ALTER":
        # Both renames say RENAME; an ALTER without one of _ALTER_RUNS' words
        # runs nothing (pg_dump's keys and foreign keys: most statements of a
        # dump), whatever _runs_query says: the words first, the regexes after.
        upper = text.upper()
        if "RENAME" in upper:
            if (renamed := _RENAME.match(text)) is not None:
                return [
                    RoutineStep(
                        "rename",
                        key=_key(renamed.group(1)),
                        name=renamed.group(2),
                        location=statement.location,
                    )
                ]
            if (moved := _RENAME_TABLE.match(text)) is not None:
                return [
                    RoutineStep(
                        "rename-table", table=_key(moved.group(1)), name=_key(moved.group(2))
                    )
                ]
        if not any(w in upper for w in _ALTER_RUNS) or not _runs_query(text):
            return []
    elif word not in _RUN_HEADS and not _runs_query(text):
        return []
    code = _code(text)
    calls = tuple(_called(code).items())
    writes = tuple(sorted(_writes(code)))
    if not calls and not writes:
        return []
    if shared is not None:  # one tuple for the same calls (every row of a data file)
        calls = shared.setdefault(calls, calls)
        writes = shared.setdefault(writes, writes)
    return [RoutineStep("run", calls=calls, writes=writes, word=word, location=statement.location)]


def _defined(statement: Statement, postgres: bool) -> list[RoutineStep]:
    text = statement.text
    name = procedure_name(text)
    if name is not None:
        return [_routine_step(statement, "procedure", name, _written(text))]
    if not postgres:
        return []  # a MySQL function or trigger may not run DDL (error 1422)
    function = _FUNCTION.match(text)
    if function is not None:
        written = function.group(1)
        return [_routine_step(statement, "function", _key(written), written)]
    event = _EVENT_TRIGGER.match(text)
    runs = _EXECUTES.search(text, event.end()) if event is not None else None
    if event is not None and runs is not None:
        # Its function runs at every later DDL statement of those tags (PostgreSQL
        # manual, "Event Triggers"), none of which says so: a note here, where it
        # is made (trial s28 supabase/postgres: grant_pg_cron_access and kin).
        tags = _TAGS.search(text, event.end())
        listed = ", ".join(t.strip(" '\n\t") for t in tags.group(1).split(",")) if tags else ""
        word = (
            f"CREATE EVENT TRIGGER {event.group(1)} (at every later "
            f"{listed or 'DDL statement'}, {event.group(2)})"
        )
        called = runs.group(1)
        return [
            RoutineStep(
                "run", calls=((_key(called), called),), word=word, location=statement.location
            )
        ]
    trigger = _TRIGGER.match(text)
    table = _ON.search(text, trigger.end()) if trigger is not None else None
    runs = _EXECUTES.search(text, table.end()) if table is not None else None
    if trigger is None or table is None or runs is None:
        return []
    events = _EVENT.findall(text, trigger.end(), table.start())
    return [
        RoutineStep(
            "trigger",
            key=_key(runs.group(1)),
            name=_key(trigger.group(1)),
            table=_key(table.group(1)),
            events=tuple(sorted({e.upper() for e in events})),
        )
    ]


def _dropped(text: str, postgres: bool) -> list[RoutineStep]:
    dropped = dropped_name(text)
    if dropped is not None:
        return [RoutineStep("drop", key=dropped)]
    if not postgres:
        return []
    functions = _DROP_FUNCTIONS.match(text)
    if functions is not None:
        out = []
        at = functions.end()
        while (listed := _LISTED.match(text, at)) is not None and listed.end() > at:
            out.append(RoutineStep("drop", key=_key(listed.group(1))))
            at = listed.end()
        return out
    trigger = _DROP_TRIGGER.match(text)
    if trigger is not None:
        return [
            RoutineStep("drop-trigger", name=_key(trigger.group(1)), table=_key(trigger.group(2)))
        ]
    return []


#: T-SQL ``EXEC`` of a variable's text: ``EXEC (@s)``, ``EXEC sp_executesql @s``.
_TSQL_EXECUTES_VARIABLE = lazy_compile(
    r"\bEXEC(?:UTE)?\s*(?:\(\s*|(?:\w+\s*\.\s*)?sp_executesql\s+(?:@stmt\s*=\s*)?)(@[\w@$#]+)",
    re.IGNORECASE,
)
#: T-SQL ``EXEC [@status =] name`` in a body: a procedure it runs.
_TSQL_EXEC = lazy_compile(
    r"\bEXEC(?:UTE)?\s+(?:@[\w@$#]+\s*=\s*)?((?:\[[^\]]+\]|[^\W\d][\w@$#]*)"
    r"(?:\s*\.\s*(?:\[[^\]]+\]|[^\W\d][\w@$#]*)){0,2})",
    re.IGNORECASE,
)


def tsql_steps(statement: Statement) -> list[RoutineStep]:
    """SQL Server: what ``statement`` does with procedures (:mod:`.tsql_procs`):
    ``CREATE [OR ALTER] PROCEDURE`` and ``ALTER PROCEDURE`` define one (a
    function may run no DDL: "CREATE FUNCTION", side-effecting operators are
    refused), ``DROP PROCEDURE`` drops, ``EXEC sp_rename`` renames; an
    ``EXEC`` of one is recorded by the caller."""
    text = statement.text
    head = tsql_procs.defined(text)
    if head is not None:
        written, _, start = head
        body = _code(text[start:])
        found = body_ddl("AS " + text[start:])
        ddl = found[1] if found is not None else None
        if ddl is None and (variable := _TSQL_EXECUTES_VARIABLE.search(body)) is not None:
            ddl = f"EXEC {variable.group(1)}: text given or built when it runs"
        calls = {
            tsql_procs.key(m.group(1)): m.group(1)
            for m in _TSQL_EXEC.finditer(body)
            if tsql_procs.key(m.group(1)) not in ("sp_executesql", "sp_rename")
        }
        spaced = " ".join(text.split()).encode("utf-8", "surrogatepass")
        return [
            RoutineStep(
                "routine",
                key=tsql_procs.key(written),
                name=written,
                kind="procedure",
                ddl=ddl,
                calls=tuple(calls.items()),
                location=statement.location,
                digest=hashlib.blake2b(spaced, digest_size=6).hexdigest(),
            )
        ]
    dropped = tsql_procs.dropped(text)
    if dropped:
        return [RoutineStep("drop", key=k) for k in dropped]
    renamed = tsql_procs.renamed(text)
    if renamed is not None:
        return [RoutineStep("rename", key=renamed[0], name=renamed[1], location=statement.location)]
    return []


class Recorder:
    """One file's steps, recorded while it is read, and the file's own
    procedures' statements (a MySQL procedure whose body is plain DDL is
    read at its ``CALL``, :func:`.procedures.plain_body`)."""

    def __init__(self, source: SourceFile, postgres: bool, tsql: bool = False) -> None:
        self.source = source
        self.postgres = postgres
        self.tsql = tsql
        self.steps: list[RoutineStep] = []
        self._procedures: dict[str, Statement] = {}
        #: PostgreSQL: the file's ``CREATE FUNCTION`` statements, and every
        #: routine's step (what its body calls), by key.
        self._functions: dict[str, Statement] = {}
        self._defined: dict[str, RoutineStep] = {}
        self._shared: dict[Any, Any] = {}

    def read(self, statement: Statement) -> None:
        """Record what a statement other than a ``CALL`` does with routines."""
        found = (
            tsql_steps(statement) if self.tsql else steps_of(statement, self.postgres, self._shared)
        )
        self._note(statement, found)
        self.steps.extend(found)

    def _note(self, statement: Statement, found: list[RoutineStep]) -> None:
        """Keep the file's routine definitions up to date with ``found``."""
        for step in found:
            if step.op == "routine":
                self._defined[step.key] = step
                if step.kind == "procedure":
                    self._procedures[step.key] = statement
                    self._functions.pop(step.key, None)
                else:
                    self._procedures.pop(step.key, None)
                    self._functions[step.key] = statement
            elif step.op == "drop":
                self._procedures.pop(step.key, None)
                self._functions.pop(step.key, None)
                self._defined.pop(step.key, None)
            elif step.op == "rename":
                for kept in (self._procedures, self._functions, self._defined):
                    if step.key in kept:
                        kept[_key(step.name)] = kept.pop(step.key)  # type: ignore[assignment]

    def procedure(self, name: str) -> Statement | None:
        """The file's ``CREATE PROCEDURE`` of ``name`` (a :func:`.procedures.called_name` key)."""
        return self._procedures.get(name)

    def function(self, name: str) -> Statement | None:
        """PostgreSQL: the file's ``CREATE FUNCTION`` of ``name`` (a key)."""
        return self._functions.get(name)

    def inlined(self, statement: Statement, key: str) -> None:
        """Record ``statement``, which runs routine ``key`` whose body was
        read in its place: what it runs is then what that body calls, not
        the routine (whose DDL is read, so no ``DBN012``)."""
        found = steps_of(statement, self.postgres, self._shared)
        step = self._defined.get(key)
        kept = [one for one in found if one.op != "run"]
        runs = [one for one in found if one.op == "run"]
        calls = [c for one in runs for c in one.calls]
        writes = {w for one in runs for w in one.writes}
        if step is not None:
            calls += step.calls
            writes.update(step.writes)
        called = tuple(dict.fromkeys(c for c in calls if c[0] != key))
        if called or writes:
            head = _HEAD.match(statement.text)
            kept.append(
                RoutineStep(
                    "run",
                    calls=called,
                    writes=tuple(sorted(writes)),
                    word=runs[0].word if runs else (head.group(1).upper() if head else ""),
                    location=statement.location,
                )
            )
        self._note(statement, kept)
        self.steps.extend(kept)

    def call(self, statement: Statement, key: str, written: str, word: str = "") -> None:
        """Record a ``CALL`` (T-SQL: ``word`` ``EXEC``) whose body is not read here."""
        self.steps.append(
            RoutineStep("call", key=key, name=written, word=word, location=statement.location)
        )
