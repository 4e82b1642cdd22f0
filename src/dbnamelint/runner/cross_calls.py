"""A routine an earlier file of the tree created, run by a later file.

Each file is parsed on its own (and cached so): a ``CALL`` of a MySQL
procedure of the same file whose body is plain DDL, or builds its DDL from
the parameters with ``CONCAT`` and ``PREPARE``/``EXECUTE``, is read at the
call (:func:`dbnamelint.frontends.sql.parsing._called_body`); so is a
PostgreSQL statement that does nothing but run a PL/pgSQL routine of the
file with constant arguments (``SELECT mk()``, ``CALL p()``, ``DO $$ BEGIN
PERFORM mk(); END $$``) whose DDL is the same whatever it is passed; so
is SQL Server's ``EXEC dbo.mk N'x'`` of a procedure of the file
(:func:`dbnamelint.frontends.sql.parsing._read_tsql_body`). A
routine lives in the database until dropped, so a later migration may run
it: Authelia's ``V0012.WebAuthnMultiCookieDomain.up.sql`` runs ``CALL
PROC_DROP_INDEX('webauthn_credentials', 'webauthn_credentials_kid_key')``
of the procedure ``V0007.ConsistencyFixes.up.sql`` created (MySQL manual,
"CREATE PROCEDURE": a stored routine is a database object, kept until
``DROP PROCEDURE``; PostgreSQL manual, "CREATE FUNCTION", "CREATE
PROCEDURE": likewise until ``DROP FUNCTION``/``DROP PROCEDURE``; SQL
Server's "CREATE PROCEDURE": until ``DROP PROCEDURE``, renamed by
``sp_rename``, replaced by ``ALTER PROCEDURE``). After
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
from dbnamelint.model import (
    Diagnostic,
    Event,
    Location,
    ParseResult,
    RoutineStep,
    SourceFile,
    Statement,
)
from dbnamelint.runner.cacheentry import FileFacts

#: The DBN012 code, whose ``CALL ...`` note a read call loses.
_CODE = "DBN012"
#: The families whose routines run DDL the same-file reading reads.
_FAMILIES = (Family.MYSQL, Family.POSTGRES, Family.TSQL)


def read_earlier_calls(facts: Sequence[FileFacts], root: Path | None) -> list[FileFacts]:
    """``facts`` (in replay order) with each run of a routine an earlier file
    of its catalog defines read, where the same-file reading reads it (see
    the module docstring)."""
    if not any(_runs(step) for f in facts if _family(f.source) for step in f.routine_steps):
        return list(facts)
    # (catalog, key) -> (file, location) of the definition, then of each rename
    defined: dict[tuple[str, str], tuple[tuple[SourceFile, Location], ...]] = {}
    out: list[FileFacts] = []
    files = _Files(root)
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
                if not where:
                    continue
                made = [files.statement_at(source, at) for source, at in where]
                call = files.statement_at(fact.source, step.location)
                if call is not None and all(s is not None for s in made):
                    read.append(([s for s in made if s is not None], call, key))
        if read:
            leads = _session_statements(files.statements(fact.source)) if postgres else []
            out.append(_with_calls_read(fact, read, leads))
        else:
            out.append(fact)
    return out


class _Files:
    """Each file's statements, split once as the pipeline splits them, and
    by where they start."""

    def __init__(self, root: Path | None) -> None:
        self._root = root
        self._split: dict[str, list[Statement]] = {}
        self._at: dict[str, dict[Location, Statement]] = {}

    def statements(self, source: SourceFile) -> list[Statement]:
        from dbnamelint.runner.pipeline import read_statements

        found = self._split.get(source.path)
        if found is None:
            found = self._split[source.path] = read_statements([source], self._root)[0]
        return found

    def statement_at(self, source: SourceFile, at: Location) -> Statement | None:
        """The statement of ``source`` that starts at ``at``."""
        places = self._at.get(source.path)
        if places is None:
            places = self._at[source.path] = {s.location: s for s in self.statements(source)}
        return places.get(at)


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


def _session_statements(statements: Sequence[Statement]) -> list[Statement]:
    """PostgreSQL: the statements of a file that set its ``search_path``
    (and role, transactions: :class:`.session.Session`), where a body's
    unqualified names land; those before a call, in its session, are read
    before it. None for MySQL, which runs a procedure under an implicit
    ``USE`` of its own database (manual, "CREATE PROCEDURE and CREATE
    FUNCTION Statements")."""
    from dbnamelint.frontends.sql.parsing.session import Session

    session = Session(())
    return [s for s in statements if session.read(s.text)]


def _with_calls_read(
    fact: FileFacts,
    read: Sequence[tuple[list[Statement], Statement, str]],
    leads: Sequence[Statement],
) -> FileFacts:
    """``fact`` with what each ``(definition and renames, call, key)`` of
    ``read`` makes, when the same-file reading reads it: the events put at
    the call, its note gone and its steps those of the reading. ``leads``:
    the file's session statements (:func:`_session_statements`)."""
    from dbnamelint.frontends.sql.parsing import parse_statements

    # call location -> (its offset, the events it makes, new notes, its steps)
    done: dict[Location, tuple[int, list[Event], list[Diagnostic], list[RoutineStep]]] = {}
    alone_of: dict[tuple[tuple[str, int], ...], ParseResult] = {}
    for made_by, call, key in read:
        session = call.session or call.source.path
        here = [replace(s, session=session) for s in made_by]
        lead = [
            *here,
            *(
                s
                for s in leads
                if s.offset < call.offset and (s.session or s.source.path) == session
            ),
        ]
        # the definitions and session statements alone: what the call adds is the rest
        ident = tuple((s.source.path, s.offset) for s in lead)
        alone = alone_of.get(ident)
        if alone is None:
            alone = alone_of[ident] = parse_statements(lead)
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
        done[call.location] = (call.offset, made, notes, found)
    if not done:
        return fact
    return replace(
        fact,
        events=tuple(_merged(fact.events, sorted(v[:2] for v in done.values()))),
        parse_diagnostics=tuple(
            [
                d
                for d in fact.parse_diagnostics
                if not (d.code == _CODE and d.location in done and d.message.startswith("CALL "))
            ]
            + [d for v in done.values() for d in v[2]]
        ),
        routine_steps=tuple(_replaced(fact.routine_steps, {k: v[3] for k, v in done.items()})),
    )


def _merged(events: Sequence[Event], made: Sequence[tuple[int, list[Event]]]) -> list[Event]:
    """``events`` with each ``(offset, events)`` of ``made`` (in order) put
    after the events of the statements up to that offset."""
    out: list[Event] = []
    at = 0
    for event in events:
        while at < len(made) and event.statement > made[at][0]:
            out += made[at][1]
            at += 1
        out.append(event)
    for _, rest in made[at:]:
        out += rest
    return out


def _replaced(
    steps: Sequence[RoutineStep], by: dict[Location, list[RoutineStep]]
) -> list[RoutineStep]:
    """``steps`` with those of each statement ``by`` names replaced by its steps."""
    out: list[RoutineStep] = []
    placed: set[Location] = set()
    for step in steps:
        at = step.location
        if at is not None and at in by:
            if at not in placed:
                out += by[at]
                placed.add(at)
            continue
        out.append(step)
    return out
