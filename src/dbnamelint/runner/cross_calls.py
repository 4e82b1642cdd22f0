"""MySQL: a ``CALL`` of a procedure an earlier file of the tree created.

Each file is parsed on its own (and cached so): a ``CALL`` of a procedure of
the same file whose body is plain DDL, or builds its DDL from the
parameters with ``CONCAT`` and ``PREPARE``/``EXECUTE``, is read at the call
(:func:`dbnamelint.frontends.sql.parsing._called_body`). A procedure lives
in the database until dropped, so a later migration may call it: Authelia's
``V0012.WebAuthnMultiCookieDomain.up.sql`` runs ``CALL
PROC_DROP_INDEX('webauthn_credentials', 'webauthn_credentials_kid_key')``
of the procedure ``V0007.ConsistencyFixes.up.sql`` created (MySQL manual,
"CREATE PROCEDURE": a stored routine is a database object, kept until
``DROP PROCEDURE``). After every file is read, :func:`read_earlier_calls`
plays the files of each catalog in replay order, keeps each MySQL
procedure's defining statement (a drop forgets it, a later definition
replaces it), and reads each ``CALL`` left unread of a procedure an earlier
file defines as the same-file case reads it: the defining statement is
parsed in the calling file's session beside the ``CALL``. What the call
makes is put at the call among the file's events; its ``CALL ... not
read`` note and its ``call`` step go (no ``DBN012``: the body is read).
A call the same-file reading would not read (an argument not constant, a
body of another shape) stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.dialects import Family, profile_for
from dbnamelint.model import Location, SourceFile, Statement
from dbnamelint.runner.cacheentry import FileFacts

#: The DBN012 code, whose ``CALL ...`` note a read call loses.
_CODE = "DBN012"


def read_earlier_calls(facts: Sequence[FileFacts], root: Path | None) -> list[FileFacts]:
    """``facts`` (in replay order) with each MySQL ``CALL`` of a procedure an
    earlier file of its catalog defines read, where the same-file reading
    reads it (see the module docstring)."""
    if not any(step.op == "call" for f in facts if _mysql(f.source) for step in f.routine_steps):
        return list(facts)
    # (catalog, key) -> (the file, the definition's location)
    defined: dict[tuple[str, str], tuple[SourceFile, Location]] = {}
    out: list[FileFacts] = []
    split: dict[str, list[Statement]] = {}
    for fact in facts:
        if not _mysql(fact.source):
            out.append(fact)
            continue
        catalog = fact.source.catalog
        mine: set[str] = set()
        read: list[tuple[Statement, Statement]] = []  # (definition, call)
        for step in fact.routine_steps:
            if step.op == "routine" and step.kind == "procedure" and step.location is not None:
                defined[(catalog, step.key)] = (fact.source, step.location)
                mine.add(step.key)
            elif step.op == "drop":
                defined.pop((catalog, step.key), None)
                mine.discard(step.key)
            elif step.op == "rename":
                moved = defined.pop((catalog, step.key), None)
                if moved is not None:
                    defined[(catalog, step.name.lower())] = moved
            elif step.op == "call" and step.location is not None and step.key not in mine:
                where = defined.get((catalog, step.key))
                if where is None:
                    continue
                definition = _statement_at(where[0], where[1], root, split)
                call = _statement_at(fact.source, step.location, root, split)
                if definition is not None and call is not None:
                    read.append((definition, call))
        out.append(_with_calls_read(fact, read) if read else fact)
    return out


def _mysql(source: SourceFile) -> bool:
    return profile_for(source.dialect).family is Family.MYSQL


def _statement_at(
    source: SourceFile, at: Location, root: Path | None, split: dict[str, list[Statement]]
) -> Statement | None:
    """The statement of ``source`` that starts at ``at`` (its file split
    once, as the pipeline splits it)."""
    from dbnamelint.runner.pipeline import read_statements

    statements = split.get(source.path)
    if statements is None:
        statements = split[source.path] = read_statements([source], root)[0]
    return next((s for s in statements if s.location == at), None)


def _with_calls_read(fact: FileFacts, read: Sequence[tuple[Statement, Statement]]) -> FileFacts:
    """``fact`` with what each ``(definition, call)`` of ``read`` makes, when
    the same-file reading reads it: the events put at the call, its note and
    its ``call`` step gone."""
    from dbnamelint.frontends.sql.parsing import parse_statements

    events = list(fact.events)
    diagnostics = list(fact.parse_diagnostics)
    steps = list(fact.routine_steps)
    for definition, call in read:
        here = replace(definition, session=call.session or call.source.path)
        alone = parse_statements([here])
        both = parse_statements([here, call])
        if any(s.op == "call" for _, found in both.routine_steps for s in found):
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
        steps = [s for s in steps if not (s.op == "call" and s.location == call.location)]
    return replace(
        fact,
        events=tuple(events),
        parse_diagnostics=tuple(diagnostics),
        routine_steps=tuple(steps),
    )
