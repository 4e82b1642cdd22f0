"""A column rename that leaves a trigger's routine naming the old column (``DBN037``).

PostgreSQL binds a view to its columns by number, so ``ALTER TABLE t RENAME
COLUMN a TO b`` carries views along; a PL/pgSQL body is text, looked up
when it runs ("The PL/pgSQL interpreter parses the function's source text
... the first time the function is called", PostgreSQL manual, PL/pgSQL
"Implementation"), and MySQL and MariaDB store a trigger's body as text too.
A trigger routine of ``t`` that assigns or reads ``NEW.a`` or ``OLD.a`` then
fails at the next INSERT or UPDATE (``record "new" has no field "a"``) while
the rename itself succeeds: README-only trial s42, hoppscotch's
``sync_mock_examples()``. SQLite rewrites trigger bodies on ``RENAME COLUMN``
(sqlite.org/lang_altertable.html), so its renames are left alone.

Only the change's renames are judged (the gate), and only bodies of the
final model (a body the change replaces with ``CREATE OR REPLACE`` is no
longer live). Facts from the statements of the files read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from dbnamelint.dialects import Family, profile_for
from dbnamelint.model import Diagnostic, EventOp, ObjectKind, Severity, Statement
from dbnamelint.runner.pipeline import Loaded

CODE = "DBN037"

_NAME = r'(?:"(?:[^"]|"")+"|`(?:[^`]|``)+`|[A-Za-z_][\w$]*)'
_QUALIFIED = rf"{_NAME}(?:\s*\.\s*{_NAME})?"
#: PostgreSQL: ``CREATE [CONSTRAINT] TRIGGER n ... ON t ... EXECUTE {FUNCTION|PROCEDURE} f(``.
_PG_TRIGGER = re.compile(
    rf"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+{_NAME}\s.*?"
    rf"\bON\s+(?P<table>{_QUALIFIED})\s.*?\bEXECUTE\s+(?:FUNCTION|PROCEDURE)\s+"
    rf"(?P<function>{_QUALIFIED})\s*\(",
    re.IGNORECASE | re.DOTALL,
)
#: A routine's definition: ``CREATE [OR REPLACE] FUNCTION|PROCEDURE f``.
_ROUTINE = re.compile(
    rf"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+(?P<name>{_QUALIFIED})",
    re.IGNORECASE,
)
#: MySQL/MariaDB: ``CREATE [DEFINER=...] TRIGGER n {BEFORE|AFTER} ev ON t FOR EACH ROW body``.
_MY_TRIGGER = re.compile(
    rf"^\s*CREATE\s+(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    rf"(?P<name>{_QUALIFIED})\s+(?:BEFORE|AFTER)\s+\w+\s+ON\s+(?P<table>{_QUALIFIED})\s+"
    r"FOR\s+EACH\s+ROW\b",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def _last(qualified: str) -> tuple[str, bool]:
    """The last part of a possibly qualified name, unquoted, and whether it was quoted."""
    parts = re.findall(_NAME, qualified)
    last = parts[-1] if parts else qualified
    if last[:1] in ('"', "`"):
        return last[1:-1].replace(last[0] * 2, last[0]), True
    return last, False


def _span(statement: Statement) -> tuple[str, int, int]:
    start = statement.location.line
    return statement.source.path, start, start + statement.text.count("\n")


def routine_breaks(loaded: Loaded, change: Sequence[str], root: Path) -> list[Diagnostic]:
    """One ``DBN037`` error per column rename of a file in ``change`` (paths
    as :func:`~dbnamelint.services.unchecked_ddl.changed_files` gives them)
    whose table has a trigger whose live routine still names the old column
    after ``NEW.`` or ``OLD.``; located at the rename. Statements are read
    only when the change renames a column."""
    changed = {os.path.normpath(p) for p in change}
    renames = [
        e
        for e in loaded.events
        if e.op is EventOp.RENAME
        and e.kind is ObjectKind.COLUMN
        and e.new_name is not None
        and e.name is not None
        and e.table is not None
        and os.path.normpath(e.source.path) in changed
        and profile_for(e.source.dialect).family is not Family.SQLITE
    ]
    if not renames:
        return []
    # (imported here: the hook of a commit renaming no column loads neither)
    from dbnamelint.runner.pipeline import read_statements
    from dbnamelint.services.migrate.bodies import live_definitions

    statements, _ = read_statements(loaded.files, root)
    live = {
        (path, line) for path, lines in live_definitions(loaded.schema).items() for line in lines
    }

    def is_live(statement: Statement) -> bool:
        path, first, last = _span(statement)
        return any((path, n) in live for n in range(first, last + 1))

    key = profile_for(renames[0].source.dialect).key
    # per table (as the dialect compares names): the live bodies its triggers run
    bodies: dict[str, list[tuple[str, str, Statement]]] = {}
    routines: dict[str, tuple[str, Statement]] = {}
    triggers: list[tuple[str, str]] = []  # (table key, routine key)
    for statement in statements:
        text = _COMMENT.sub(" ", statement.text)
        routine = _ROUTINE.match(text)
        if routine is not None and is_live(statement):
            name, quoted = _last(routine.group("name"))
            routines[key(name, quoted)] = (name, statement)
            continue
        found = _PG_TRIGGER.match(text)
        if found is not None and is_live(statement):
            triggers.append(
                (key(*_last(found.group("table"))), key(*_last(found.group("function"))))
            )
            continue
        mine = _MY_TRIGGER.match(text)
        if mine is not None and is_live(statement):
            name, _ = _last(mine.group("name"))
            table = key(*_last(mine.group("table")))
            bodies.setdefault(table, []).append(("trigger", name, statement))
    for table, routine_key in triggers:
        if routine_key in routines:
            name, statement = routines[routine_key]
            bodies.setdefault(table, []).append(("function", name, statement))
    out: list[Diagnostic] = []
    for event in renames:
        assert event.name is not None and event.table is not None  # (filtered above)
        table = key(event.table.name, event.table.quoted)
        old = key(event.name, event.quoted)
        for what, name, statement in bodies.get(table, []):
            row = _row_reference(statement.text, old, key)
            if row is None:
                continue
            at = statement.location.line + statement.text.count("\n", 0, row[0])
            out.append(
                Diagnostic(
                    event.new_location or event.location,
                    Severity.ERROR,
                    f"column {event.table.name}.{event.name} is renamed to {event.new_name}, "
                    f"but the {what} {name} a trigger of {event.table.name} runs still names "
                    f"{row[1]} ({statement.source.path}:{at}): it fails at the next write of "
                    f'{event.table.name} (PostgreSQL: record "new" has no field '
                    f'"{event.name}"), while the rename succeeds; re-create it with the new '
                    "name in this migration (CREATE OR REPLACE)",
                    CODE,
                )
            )
    return out


_ROW = re.compile(rf"\b(?:NEW|OLD)\s*\.\s*(?P<col>{_NAME})", re.IGNORECASE)


def _row_reference(text: str, old: str, key: Callable[[str, bool], str]) -> tuple[int, str] | None:
    """(offset, text) of the first ``NEW.c``/``OLD.c`` in ``text`` naming
    ``old`` (a name as ``key`` stores it), comments left out."""
    clean = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    for found in _ROW.finditer(clean):
        name, quoted = _last(found.group("col"))
        if key(name, quoted) == old:
            return found.start(), found.group()
    return None
