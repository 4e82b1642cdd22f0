"""SQL written for a file that is not SQL, read back at that file's lines.

A Liquibase changelog's change types (:mod:`.liquibase`) and a Rails
``db/schema.rb`` (:mod:`.rails`) are read as the SQL their tool runs for
them: each front end writes that SQL as :class:`Line` s remembering where in
its file they come from, and :func:`read_generated` reads it with the SQL
reader and moves every event, diagnostic and routine step back to the file
(its line, and the column where the object's name is written on it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.model import Diagnostic, Event, Location, RoutineStep, SourceFile, Statement

__all__ = ["GeneratedRead", "Line", "generated_statements", "name_column", "read_generated"]


class Line(Struct, frozen=True):
    """One line of generated SQL and where it comes from in the file:
    ``verbatim`` lines are the file's own text (a changelog's ``sql``),
    whose columns are the file's plus ``shift``."""

    text: str
    line: int
    column: int
    verbatim: bool = False
    shift: int = 0


class GeneratedRead(Struct, frozen=True):
    """What a file's generated SQL made: events in file order, diagnostics of
    the SQL reader (located in the file), and how many statements were read."""

    events: tuple[Event, ...]
    diagnostics: tuple[Diagnostic, ...]
    statements: int
    #: What its SQL does with routines (located in the file), for the DBN012 notes.
    routine_steps: tuple[RoutineStep, ...] = ()


def read_generated(
    lines: Sequence[Line],
    text: str,
    source: SourceFile,
    notes: Sequence[Diagnostic],
    statements: int,
) -> GeneratedRead:
    """Read ``lines`` (the generated SQL of ``source``, whose text is
    ``text``) with the SQL reader; ``notes`` come first among the diagnostics,
    ``statements`` is how many statements were generated."""
    if not lines:
        return GeneratedRead((), tuple(notes), 0)
    from dbnamelint.frontends.sql.parsing import parse_statements
    from dbnamelint.frontends.sql.splitting import split_statements

    sql = "\n".join(line.text for line in lines) + "\n"
    split, split_diags = split_statements(sql, source)
    parsed = parse_statements(split)
    source_lines = text.splitlines()
    # A generated line may hold line breaks of its own (a Ruby string's `\n`
    # escapes in `t.virtual ... as: "..."`): each SQL line is (the Line, its
    # row within it), so what follows is not read as the next Line's.
    rows: list[tuple[Line, int]] = [
        (line, row) for line in lines for row in range(line.text.count("\n") + 1)
    ]

    def moved(location: Location, name: str | None) -> Location:
        line, row = rows[min(max(location.line, 1), len(rows)) - 1]
        if line.verbatim:
            if row:  # a later line of the file's own text: its columns are the file's
                return Location(location.path, line.line + row, location.column)
            return Location(location.path, line.line, location.column + line.shift)
        column = line.column
        if name and 0 < line.line <= len(source_lines):
            column = name_column(source_lines[line.line - 1], name, column)
        return Location(location.path, line.line, column)

    events = []
    for event in parsed.events:
        changes: dict[str, object] = {"location": moved(event.location, event.name)}
        if event.new_location is not None:
            changes["new_location"] = moved(event.new_location, event.new_name)
        events.append(replace(event, **changes))
    diagnostics = (
        *notes,
        *(
            replace(d, location=moved(d.location, None))
            for d in (*split_diags, *parsed.diagnostics)
        ),
    )
    steps = tuple(
        replace(step, location=moved(step.location, None)) if step.location is not None else step
        for _, read in parsed.routine_steps
        for step in read
    )
    return GeneratedRead(tuple(events), diagnostics, statements, steps)


def generated_statements(
    lines: Sequence[Line], text: str, source: SourceFile
) -> tuple[Statement, ...]:
    """The statements of ``lines`` (the generated SQL of ``source``, whose text
    is ``text``), their text the SQL's, each located at (and its ``offset`` the
    start of) the file's line its first generated line comes from: what a
    database built from the file runs, for readers of statement text
    (``migrate``'s SQLite scratch database, which rebuilds tables from it)."""
    if not lines:
        return ()
    from dbnamelint.frontends.sql.splitting import split_statements

    split, _ = split_statements("\n".join(line.text for line in lines) + "\n", source)
    rows = [line for line in lines for _ in range(line.text.count("\n") + 1)]
    starts = [0]
    for found in re.finditer("\n", text):
        starts.append(found.end())
    out = []
    for statement in split:
        line = rows[min(max(statement.location.line, 1), len(rows)) - 1]
        at = starts[min(max(line.line, 1), len(starts)) - 1]
        out.append(
            replace(statement, offset=at, location=Location(source.path, line.line, line.column))
        )
    return tuple(out)


def name_column(text: str, name: str, column: int) -> int:
    """The 1-based column of ``name`` written as a value on the file's line
    ``text`` at or after ``column`` (quoted, or a bare word), else ``column``."""
    for quote in ('"', "'"):
        at = text.find(f"{quote}{name}{quote}", column - 1)
        if at >= 0:
            return at + 2
    match = re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w$])").search(text, column - 1)
    return match.start() + 1 if match is not None else column
