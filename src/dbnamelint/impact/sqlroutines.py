"""The SQL inside a routine's dollar-quoted body (PL/pgSQL, SQL functions, DO blocks).

PostgreSQL runs the statements of ``CREATE FUNCTION ... AS $$ ... $$``, of
``DO $$ ... $$`` and of dynamic SQL built from a dollar-quoted string
(``CALL r.create_triggers('comment', $$ ... $$)``, ``defs text := $$ ...
$$``) against the tables they name, so a name there is as much a use of the
table as one outside (Lemmy rebuilds its triggers from such a file at
start-up). A body is read as SQL when it follows ``AS`` or ``DO`` (a routine
of a language other than SQL or PL/pgSQL excepted) or when its text reads as
SQL. PL/pgSQL's control structure is no part of any statement: a statement
also ends after ``THEN``, ``ELSE``, ``LOOP``, ``BEGIN``, ``DECLARE`` and
``EXCEPTION`` at parenthesis depth 0 (``IF ... THEN INSERT ...; END IF;``),
except inside a SQL ``CASE`` expression.
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.impact.classify import reads_as_sql

#: Words after which a PL/pgSQL statement starts.
_CONTROL = frozenset({"then", "else", "loop", "begin", "declare", "exception"})
#: Routine languages whose bodies are SQL.
_SQL_LANGUAGES = frozenset({"sql", "plpgsql"})


def is_code(before: Sequence[tuple[str, str]], body: str) -> bool:
    """Whether a dollar-quoted string is SQL to read: ``before`` holds the
    ``(kind, folded text)`` of its statement's tokens before it."""
    language = next(
        (
            before[i + 1][1].strip("'\"")
            for i in range(len(before) - 2, -1, -1)
            if before[i] == ("word", "language")
        ),
        None,
    )
    if language is not None and language not in _SQL_LANGUAGES:
        return False  # LANGUAGE plpython3u AS $$ ... $$
    if before and before[-1] in (("word", "as"), ("word", "do")):
        return True
    return reads_as_sql(body)


def boundaries(toks: Sequence[tuple[str, str]]) -> list[int]:
    """Indexes of a body's tokens (``(kind, folded text)``) after which a
    PL/pgSQL control word ends the statement, besides ``;``."""
    out: list[int] = []
    depth = 0
    cases = 0  # open SQL CASE expressions
    fresh = True  # at a statement's start
    previous = ""
    for i, (kind, text) in enumerate(toks):
        if kind == "punct":
            if text == ";":
                depth = cases = 0
            elif text == "(":
                depth += 1
            elif text == ")":
                depth = max(0, depth - 1)
        if kind == "word" and depth == 0:
            if text == "case" and not fresh and previous != "end":
                cases += 1  # an expression's CASE (a CASE statement opens a statement)
            elif text == "end" and cases:
                cases -= 1
            elif text in _CONTROL and not cases and previous != "end":  # not END LOOP
                out.append(i)
                fresh, previous = True, text
                continue
        fresh = kind == "punct" and text == ";"
        previous = text
    return out
