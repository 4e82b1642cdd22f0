"""What a psql session's transactions leave of its statements.

A file holding psql meta-commands (``\\ir x.sql``, ``\\set``, ``\\connect``)
is a psql script: nothing else runs it (the server refuses ``\\``). psql
sends each statement as it comes, so the server's transaction rules decide
what stays (PostgreSQL manual, BEGIN, COMMIT, ROLLBACK, SAVEPOINT,
ROLLBACK TO SAVEPOINT, RELEASE SAVEPOINT):

- what runs between ``BEGIN`` (``START TRANSACTION``) and ``ROLLBACK``
  (``ABORT``) is undone; ``ROLLBACK TO [SAVEPOINT] s`` undoes what ran after
  ``SAVEPOINT s``, which stays;
- a transaction still open when the script ends is rolled back: psql
  exits, closing the connection, and the server aborts it. psql reads a
  meta-command's arguments to the end of its line (psql manual,
  "Meta-Commands": "Parsing for arguments stops at the end of the line, or
  when another unquoted backslash is found"), so the ``COMMIT;`` of
  ``BEGIN; \\ir x.sql COMMIT;`` is an extra argument of ``\\ir``, ignored
  (``psql:main.sql:1: warning: \\ir: extra argument "COMMIT;" ignored``), and
  nothing of that transaction is created (PostgreSQL 15's psql,
  tests/test_psql_session_transactions.py).

Such statements are left out of the model, each transaction with a
``DBN036`` warning at the statement opening it. An included file's
statements run in the including file's session (:mod:`.client_follow`),
so its ``BEGIN`` may be closed there. Not followed: ``\\set AUTOCOMMIT off``
(psql then opens a transaction before the first statement), a statement
that fails (it aborts its transaction), ``PREPARE TRANSACTION``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Severity, SourceFile, Statement

__all__ = ["session_statements"]

#: Code of the warning on statements that do not stay (README's diagnostics table).
NOT_RUN_CODE = "DBN036"

#: A psql meta-command where psql reads one: a backslash and a letter at a
#: line's start or after a statement's ``;`` (comments are blanked first).
_META = lazy_compile(r"(?:^|[;\n])[ \t]*\\[A-Za-z!?]")
_COMMENTS = lazy_compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)

_WORDS = lazy_compile(r"[A-Za-z_][A-Za-z_0-9$]*|'[^']*'|\"[^\"]*\"")


def _is_psql_script(text: str, source: SourceFile, statements: Sequence[Statement]) -> bool:
    """Whether the text between ``statements`` (what the splitter left out:
    blanks, comments, meta-commands) holds a psql meta-command."""
    at = 0
    path = source.path
    for statement in statements:
        if statement.source.path != path:
            continue
        if _META.search(_COMMENTS.sub(" ", text[at : statement.offset])):
            return True
        at = max(at, statement.offset + len(statement.text))
    return _META.search(_COMMENTS.sub(" ", text[at:])) is not None


def _control(text: str) -> tuple[str, str | None, bool]:
    """A transaction-control statement's verb (``begin``, ``commit``,
    ``rollback``, ``rollback_to``, ``savepoint``, ``release``; "" for
    another statement), its savepoint's name, and whether it ends ``AND
    CHAIN`` (a new transaction opens at once)."""
    words = [w.lower() for w in _WORDS.findall(text[:200])]
    if not words:
        return "", None, False
    head = words[0]
    chain = words[-2:] == ["and", "chain"]
    rest = [w for w in words[1:] if w not in ("work", "transaction")]
    if head == "begin" or words[:2] == ["start", "transaction"]:
        return "begin", None, False
    if head in ("commit", "end") and not (rest and rest[0] == "prepared"):
        return "commit", None, chain
    if head in ("rollback", "abort"):
        if rest and rest[0] == "to":
            names = [w for w in rest[1:] if w != "savepoint"]
            return "rollback_to", names[0] if names else None, False
        if rest and rest[0] == "prepared":
            return "", None, False
        return "rollback", None, chain
    if head == "savepoint" and len(words) > 1:
        return "savepoint", words[1], False
    if head == "release":
        names = [w for w in words[1:] if w != "savepoint"]
        return "release", names[0] if names else None, False
    return "", None, False


def session_statements(
    text: str, source: SourceFile, statements: Sequence[Statement]
) -> tuple[list[Statement], list[Diagnostic]]:
    """``statements`` of ``source`` (its text ``text``; the files its
    includes run read in place) without what psql's session undoes, and a
    warning for each transaction undone; all of them, and none, when
    ``source`` is no psql script of a PostgreSQL dialect."""
    from dbnamelint.dialects import Family, profile_for

    if (
        not statements
        or profile_for(source.dialect).family is not Family.POSTGRES
        or not _is_psql_script(text, source, statements)
    ):
        return list(statements), []
    dropped: set[int] = set()
    notes: list[Diagnostic] = []
    opened: int | None = None
    savepoints: list[tuple[str, int]] = []

    def undo(first: int, last: int, why: str) -> None:
        gone = [k for k in range(first, last) if _control(statements[k].text)[0] == ""]
        if not gone:
            return
        dropped.update(gone)
        notes.append(
            Diagnostic(
                statements[first].location,
                Severity.WARNING,
                f"psql runs this file and {why}: what the "
                + (
                    f"{len(gone)} statements after it make"
                    if len(gone) > 1
                    else "statement after it makes"
                )
                + " is left out of the model",
                NOT_RUN_CODE,
            )
        )

    for i, statement in enumerate(statements):
        verb, name, chain = _control(statement.text)
        if verb == "begin":
            if opened is None:
                opened, savepoints = i, []
        elif opened is None:
            continue
        elif verb == "commit":
            opened, savepoints = (i if chain else None), []
        elif verb == "rollback":
            undo(
                opened, i, f"the ROLLBACK at line {statement.location.line} undoes this transaction"
            )
            opened, savepoints = (i if chain else None), []
        elif verb == "rollback_to":
            marks = [k for k, (s, _) in enumerate(savepoints) if s == name]
            if marks:
                mark = savepoints[marks[-1]][1]
                savepoints = savepoints[: marks[-1] + 1]
                undo(
                    mark,
                    i,
                    f"the ROLLBACK TO {name} at line {statement.location.line} undoes "
                    "what runs after this savepoint",
                )
        elif verb == "savepoint" and name is not None:
            savepoints.append((name, i))
        elif verb == "release":
            marks = [k for k, (s, _) in enumerate(savepoints) if s == name]
            if marks:
                savepoints = savepoints[: marks[-1]]
    if opened is not None:
        undo(
            opened,
            len(statements),
            "no COMMIT runs after this transaction opens, so the server rolls it back when "
            "psql exits (a COMMIT written after a meta-command on its line, as in "
            "`\\ir x.sql COMMIT;`, is that command's argument, which psql ignores)",
        )
    if not dropped:
        return list(statements), []
    return [s for k, s in enumerate(statements) if k not in dropped], notes
