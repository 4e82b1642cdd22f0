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
``TRUNCATE``/``COPY``/``MERGE`` on its table. :class:`Routines` keeps the
file's procedures, functions and triggers, in file order, and says which
of them a statement runs whose body holds DDL, directly or through the
routines, triggers it runs in turn (:meth:`Routines.runs`). Bodies are not
read: the caller's ``DBN012`` note says "its body holds DDL", which the
gate refuses when new.

Facts (PostgreSQL 15, checked in tests/test_gate_function_ddl.py):
a volatile plpgsql or SQL function runs DDL; one declared ``STABLE`` or
``IMMUTABLE`` is refused its own DDL ("CREATE TABLE is not allowed in a
non-volatile function"), though a volatile function it calls is not. In
MySQL and MariaDB neither a function nor a trigger may run DDL ("Explicit
or implicit commit is not allowed in stored function or trigger", error
1422; MySQL manual, "Restrictions on Stored Programs"), not even through a
procedure it calls: only procedures are kept there.
Functions and triggers from other files are not looked for, as procedures
are not: each file is read on its own.
"""

from __future__ import annotations

import re
from collections import deque

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.parsing.procedures import body_ddl, dropped_name, procedure_name
from dbnamelint.model import Statement

#: What a DBN012 note says of a routine whose body (in the file) holds DDL:
#: the gate refuses a statement running one new since its base.
BODY_DDL = "its body holds DDL"

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
#: ``CREATE TABLE ... AS <query>`` and ``CREATE MATERIALIZED VIEW``: the query
#: runs; ``ALTER TABLE``: a default, ``USING`` or check runs on existing rows.
_RUNS_QUERY = lazy_compile(
    r"\s*(?:CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?"
    r"(?:TABLE\b.*?\bAS\s*(?:\(|SELECT\b|WITH\b|VALUES\b|TABLE\b|EXECUTE\b)|"
    r"MATERIALIZED\s+VIEW\b)|ALTER\s+TABLE\b)",
    re.IGNORECASE | re.DOTALL,
)
_BODY_START = lazy_compile(r"\b(?:BEGIN|AS)\b", re.IGNORECASE)
_DOLLAR = lazy_compile(r"\$([^\W\d]\w*)?\$")
_NOT_VOLATILE = lazy_compile(r"\b(?:IMMUTABLE|STABLE)\b", re.IGNORECASE)


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
    return _COMMENT_OR_STRING.sub(lambda m: m.group() if m.group()[0] == "'" else " ", text)


def _called(text: str) -> dict[str, str]:
    """Every ``name(`` of ``text`` (comments left out): key -> name as written."""
    out: dict[str, str] = {}
    for found in _CALL.finditer(_code(text)):
        name = found.group(1)  # one part: a schema before it is not captured
        out.setdefault(name.strip('`"').lower(), name)
    return out


def _writes(text: str) -> frozenset[tuple[str, str]]:
    """``(event, table key)`` for each table ``text`` writes (comments left out)."""
    out: set[tuple[str, str]] = set()
    for found in _WRITES.finditer(_code(text)):
        word = next(g for g in found.groups()[:6] if g is not None).upper()
        out.update((event, _key(found.group(7))) for event in _FIRES[word])
    return frozenset(out)


def _own_ddl(text: str, function: bool) -> str | None:
    """The first DDL (``CREATE TABLE``) a routine's body holds, unless a
    function declared ``STABLE`` or ``IMMUTABLE`` (PostgreSQL refuses DDL
    there) says it cannot run it."""
    found = body_ddl(text)
    if found is None:
        return None
    if function and _NOT_VOLATILE.search(_outside_body(text)):
        return None
    return found[1]


def _outside_body(text: str) -> str:
    """A ``CREATE FUNCTION`` statement without its ``$tag$ ... $tag$`` (or
    quoted) body: where its volatility is declared."""
    tag = _DOLLAR.search(text)
    if tag is not None:
        close = text.find(tag.group(0), tag.end())
        return text[: tag.start()] + (text[close + len(tag.group(0)) :] if close >= 0 else "")
    return _COMMENT_OR_STRING.sub(" ", text)


class _Routine:
    """One routine of the file: what its body holds."""

    __slots__ = ("calls", "ddl", "kind", "name", "statement", "writes")

    def __init__(self, statement: Statement, kind: str, name: str) -> None:
        text = statement.text
        begin = _BODY_START.search(text)
        body = text[begin.end() :] if begin is not None else ""
        self.statement = statement
        self.kind = kind
        self.name = name
        self.ddl = _own_ddl(text, kind == "function")
        self.calls = _called(body)
        self.writes = _writes(body)


class Routines:
    """The procedures (and, in PostgreSQL, functions and triggers) a file has
    created so far, and which of them each later statement runs."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.routines: dict[str, _Routine] = {}
        #: (table key, trigger key) -> (events, function key).
        self.triggers: dict[tuple[str, str], tuple[frozenset[str], str]] = {}
        #: Keys of the routines whose own body holds DDL: none, nothing to look for.
        self._with_ddl: set[str] = set()

    def define(self, statement: Statement) -> None:
        """A ``CREATE`` statement: keep the routine or trigger it creates."""
        text = statement.text
        name = procedure_name(text)
        if name is not None:
            self._keep(name, _Routine(statement, "procedure", _written(text)))
            return
        if not self.postgres:
            return
        function = _FUNCTION.match(text)
        if function is not None:
            self._keep(_key(function.group(1)), _Routine(statement, "function", function.group(1)))
            return
        trigger = _TRIGGER.match(text)
        table = _ON.search(text, trigger.end()) if trigger is not None else None
        runs = _EXECUTES.search(text, table.end()) if table is not None else None
        if trigger is not None and table is not None and runs is not None:
            events = _EVENT.findall(text, trigger.end(), table.start())
            self.triggers[(_key(table.group(1)), _key(trigger.group(1)))] = (
                frozenset(e.upper() for e in events),
                _key(runs.group(1)),
            )

    def _keep(self, key: str, routine: _Routine) -> None:
        self.routines[key] = routine  # a later CREATE OR REPLACE replaces it
        if routine.ddl is not None:
            self._with_ddl.add(key)
        else:
            self._with_ddl.discard(key)

    def _forget(self, key: str) -> None:
        self.routines.pop(key, None)
        self._with_ddl.discard(key)

    def drop(self, text: str) -> None:
        """A ``DROP PROCEDURE``/``FUNCTION``/``TRIGGER``: forget what it drops."""
        dropped = dropped_name(text)
        if dropped is not None:
            self._forget(dropped)
            return
        if not self.postgres:
            return
        functions = _DROP_FUNCTIONS.match(text)
        if functions is not None:
            at = functions.end()
            while (listed := _LISTED.match(text, at)) is not None and listed.end() > at:
                self._forget(_key(listed.group(1)))
                at = listed.end()
            return
        trigger = _DROP_TRIGGER.match(text)
        if trigger is not None:
            self.triggers.pop((_key(trigger.group(2)), _key(trigger.group(1))), None)

    def procedure(self, name: str) -> Statement | None:
        """The ``CREATE PROCEDURE`` of ``name`` (a :func:`.procedures.called_name` key)."""
        routine = self.routines.get(name)
        return routine.statement if routine is not None and routine.kind == "procedure" else None

    def ddl(self, name: str) -> str | None:
        """What DDL ``name``'s body holds: its own first (``CREATE TABLE``), else
        the first of a routine it runs, calls or fires a trigger of, nearest
        first (``CREATE TABLE, run through inner()``); None when none holds any."""
        if not self._with_ddl:
            return None
        seen = {name}
        queue = deque([name])
        while queue:
            key = queue.popleft()
            routine = self.routines.get(key)
            if routine is None:
                continue
            if routine.ddl is not None:
                if key == name:
                    return routine.ddl
                return f"{routine.ddl}, run through {routine.name}()"
            fired = [f[2] for f in self._fired(routine.writes)]
            for inner in (*routine.calls, *fired):
                if inner not in seen:
                    seen.add(inner)
                    queue.append(inner)
        return None

    def _fired(self, writes: frozenset[tuple[str, str]]) -> list[tuple[str, str, str]]:
        """``(table, trigger, function key)`` of each trigger ``writes`` fires."""
        if not self.triggers or not writes:
            return []
        return sorted(
            (table, trigger, function)
            for (table, trigger), (events, function) in self.triggers.items()
            if any((event, table) in writes for event in events)
        )

    def runs(self, statement: Statement) -> list[str]:
        """PostgreSQL: the DBN012 note of each routine ``statement`` runs whose
        body holds DDL: a function it calls (``SELECT mk()``, ``PERFORM mk()``
        in a ``DO`` block), or a trigger a write of it fires. [] when it
        runs none, or is a statement that runs no expression (a view's,
        a function's definition)."""
        if not self.postgres or not self._with_ddl:
            return []
        text = statement.text
        head = _HEAD.match(text)
        word = head.group(1).upper() if head else ""
        if word not in _RUN_HEADS and not _RUNS_QUERY.match(text):
            return []
        notes: list[str] = []
        for key, written in _called(text).items():
            routine = self.routines.get(key)
            ddl = self.ddl(key) if routine is not None else None
            if routine is not None and ddl is not None:
                notes.append(
                    f"{word} runs {written}(): what the {routine.kind} does to the schema is "
                    f"not read; {BODY_DDL} ({ddl}) that is not read, so the objects it "
                    "creates, renames or drops are neither checked nor in the model"
                )
        writes = _writes(text) if self.triggers else frozenset()
        for table, trigger, function in self._fired(writes):
            ddl = self.ddl(function)
            if ddl is not None:
                shown = self.routines[function].name
                notes.append(
                    f"{word} on {table} fires trigger {trigger}: what its function {shown}() "
                    f"does to the schema is not read; {BODY_DDL} ({ddl}) that is not read, "
                    "so the objects it creates, renames or drops are neither checked nor in "
                    "the model"
                )
        return notes
