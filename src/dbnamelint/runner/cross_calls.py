"""A routine an earlier file of the tree created, run by a later file.

Each file is parsed on its own (and cached so): a ``CALL`` of a MySQL
procedure of the same file whose body is plain DDL, or builds its DDL from
the parameters with ``CONCAT`` and ``PREPARE``/``EXECUTE``, is read at the
call (:func:`dbnamelint.frontends.sql.parsing._called_body`); so is a
PostgreSQL statement that does nothing but run a PL/pgSQL routine of the
file with constant arguments (``SELECT mk()``, ``CALL p()``, ``DO $$ BEGIN
PERFORM mk(); END $$``) whose DDL is the same whatever it is passed. A
routine lives in the database until dropped, so a later migration may run
it: Authelia's ``V0012.WebAuthnMultiCookieDomain.up.sql`` runs ``CALL
PROC_DROP_INDEX('webauthn_credentials', 'webauthn_credentials_kid_key')``
of the procedure ``V0007.ConsistencyFixes.up.sql`` created (MySQL manual,
"CREATE PROCEDURE": a stored routine is a database object, kept until
``DROP PROCEDURE``; PostgreSQL manual, "CREATE FUNCTION", "CREATE
PROCEDURE": likewise until ``DROP FUNCTION``/``DROP PROCEDURE``). After
every file is read, :func:`read_earlier_calls` plays the files of each
catalog in replay order, keeps each routine's defining statement (a drop
forgets it, a rename moves it, a later definition replaces it), and reads
each run left unread of a routine an earlier file defines as the same-file
case reads it: the defining statement is parsed in the calling file's
session beside the call, after the calling file's statements before it
that set PostgreSQL's ``search_path`` (where the names the body creates
land). What the call makes is put at the call among the
file's events; its ``CALL ... not read`` note and its ``call`` or ``run``
step give way to what the same-file reading records (the calls the body
makes, no ``DBN012`` for its own DDL: it is read). A run the same-file
reading would not read (an argument not constant, a body of another shape,
a statement that does more) stays as it was, with its note.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.dialects import Family, profile_for
from dbnamelint.model import Location, RoutineStep, SourceFile, Statement
from dbnamelint.runner.cacheentry import FileFacts

#: The DBN012 code, whose ``CALL ...`` note a read call loses.
_CODE = "DBN012"
#: The families whose routines run DDL the same-file reading reads.
_FAMILIES = (Family.MYSQL, Family.POSTGRES)


def read_earlier_calls(facts: Sequence[FileFacts], root: Path | None) -> list[FileFacts]:
    """``facts`` (in replay order) with each run of a routine an earlier file
    of its catalog defines read, where the same-file reading reads it (see
    the module docstring)."""
    if not any(_runs(step) for f in facts if _family(f.source) for step in f.routine_steps):
        return list(facts)
    # (catalog, key) -> (file, location) of the definition, then of each rename
    defined: dict[tuple[str, str], tuple[tuple[SourceFile, Location], ...]] = {}
    out: list[FileFacts] = []
    split: dict[str, list[Statement]] = {}
    for fact in facts:
        family = _family(fact.source)
        if family is None:
            out.append(fact)
            continue
        postgres = family is Family.POSTGRES
        catalog = fact.source.catalog
        mine: set[str] = set()
        # (the definition and its renames, the call, the key called)
        read: list[tuple[list[Statement], Statement, str]] = []
        for step in fact.routine_steps:
            if step.op == "routine" and step.location is not None:
                if postgres and step.ddl is None:
                    # no DDL to read (a replacement forgets the old body)
                    defined.pop((catalog, step.key), None)
                elif postgres or step.kind == "procedure":
                    defined[(catalog, step.key)] = ((fact.source, step.location),)
                mine.add(step.key)
            elif step.op == "drop":
                defined.pop((catalog, step.key), None)
                mine.discard(step.key)
            elif step.op == "rename":
                moved = defined.pop((catalog, step.key), None)
                if moved is not None and step.location is not None:
                    # PostgreSQL's ALTER ... RENAME TO, read with the definition
                    name = step.name.strip('"`').lower()
                    defined[(catalog, name)] = (*moved, (fact.source, step.location))
            elif _runs(step) and step.location is not None:
                key = _ran(step, postgres, _Earlier(defined, catalog, mine))
                where = defined.get((catalog, key), ()) if key else ()
                made = [_statement_at(source, at, root, split) for source, at in where]
                call = _statement_at(fact.source, step.location, root, split)
                if made and call is not None and all(s is not None for s in made):
                    read.append(([s for s in made if s is not None], call, key))
        if read:
            statements = _statements_of(fact.source, root, split)
            out.append(_with_calls_read(fact, read, statements, postgres))
        else:
            out.append(fact)
    return out


def _family(source: SourceFile) -> Family | None:
    family = profile_for(source.dialect).family
    return family if family in _FAMILIES else None


def _runs(step: RoutineStep) -> bool:
    """Whether ``step`` may run a routine the same-file reading reads: a
    ``CALL``, or (PostgreSQL) a statement evaluating one (which is tried:
    the reading reads one that does nothing else)."""
    return step.op == "call" or (step.op == "run" and bool(step.calls))


class _Earlier(Container[str]):
    """The keys of routines an earlier file of ``catalog`` defines that the
    file read now has not defined (or dropped) since: a view, looked up per
    run (a data file's thousands of statements)."""

    def __init__(self, defined: Container[tuple[str, str]], catalog: str, mine: set[str]) -> None:
        self._defined = defined
        self._catalog = catalog
        self._mine = mine

    def __contains__(self, key: object) -> bool:
        return (
            isinstance(key, str) and key not in self._mine and (self._catalog, key) in self._defined
        )


def _ran(step: RoutineStep, postgres: bool, earlier: Container[str]) -> str:
    """The key of the routine ``step`` (:func:`_runs`) runs: a ``CALL``'s,
    or the first name evaluated (``name(`` of a literal too: the scan's
    careful side) that is ``earlier`` (defined by an earlier file, not
    since by this one); "" for none."""
    if step.op == "call":
        return step.key if step.key in earlier else ""
    if not postgres:
        return ""
    return next((key for key, _ in step.calls if key in earlier), "")


def _statements_of(
    source: SourceFile, root: Path | None, split: dict[str, list[Statement]]
) -> list[Statement]:
    """Every statement of ``source``, its file split once, as the pipeline splits it."""
    from dbnamelint.runner.pipeline import read_statements

    statements = split.get(source.path)
    if statements is None:
        statements = split[source.path] = read_statements([source], root)[0]
    return statements


def _statement_at(
    source: SourceFile, at: Location, root: Path | None, split: dict[str, list[Statement]]
) -> Statement | None:
    """The statement of ``source`` that starts at ``at``."""
    return next((s for s in _statements_of(source, root, split) if s.location == at), None)


def _session_before(
    statements: Sequence[Statement], call: Statement, postgres: bool
) -> list[Statement]:
    """PostgreSQL: the statements of the calling file before ``call``, in
    its session, that set its ``search_path`` (and role, transactions:
    :class:`.session.Session`), where the body's unqualified names land.
    None for MySQL, which runs a procedure under an implicit ``USE`` of its
    own database (manual, "CREATE PROCEDURE and CREATE FUNCTION Statements")."""
    from dbnamelint.frontends.sql.parsing.session import Session

    if not postgres:
        return []
    session = Session(call.source.search_path)
    mine = call.session or call.source.path
    out: list[Statement] = []
    for statement in statements:
        if statement.offset >= call.offset:
            break
        if (statement.session or statement.source.path) == mine and session.read(statement.text):
            out.append(statement)
    return out


def _with_calls_read(
    fact: FileFacts,
    read: Sequence[tuple[list[Statement], Statement, str]],
    statements: Sequence[Statement],
    postgres: bool,
) -> FileFacts:
    """``fact`` with what each ``(definition and renames, call, key)`` of
    ``read`` makes, when the same-file reading reads it: the events put at
    the call, its note gone and its steps those of the reading."""
    from dbnamelint.frontends.sql.parsing import parse_statements

    events = list(fact.events)
    diagnostics = list(fact.parse_diagnostics)
    steps = list(fact.routine_steps)
    for made_by, call, key in read:
        session = call.session or call.source.path
        here = [replace(s, session=session) for s in made_by]
        lead = [*here, *_session_before(statements, call, postgres)]
        alone = parse_statements(lead)
        both = parse_statements([*lead, call])
        found = [s for _, mine in both.routine_steps for s in mine if s.location == call.location]
        if any(s.op == "call" or (s.op == "run" and key in dict(s.calls)) for s in found):
            continue  # not read: the note stays
        # DDL of a plain body stands in the defining file: it belongs to the
        # call, the statement that runs it (a new call is new DDL to the gate)
        made = [
            e if e.location.path == call.source.path else replace(e, statement=call.offset)
            for e in both.events[len(alone.events) :]
        ]
        notes = [d for d in both.diagnostics if d not in alone.diagnostics]
        at = next((i for i, e in enumerate(events) if e.statement > call.offset), len(events))
        events[at:at] = made
        diagnostics = [
            d
            for d in diagnostics
            if not (
                d.code == _CODE and d.location == call.location and d.message.startswith("CALL ")
            )
        ]
        diagnostics += notes
        place = next((i for i, s in enumerate(steps) if s.location == call.location), len(steps))
        steps = [s for s in steps if s.location != call.location]
        steps[place:place] = found
    return replace(
        fact,
        events=tuple(events),
        parse_diagnostics=tuple(diagnostics),
        routine_steps=tuple(steps),
    )
