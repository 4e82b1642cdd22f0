"""Rename SQLite triggers by re-creating them (there is no ALTER TRIGGER ... RENAME).

SQLite keeps a trigger only as its ``CREATE TRIGGER`` text in
``sqlite_master.sql`` (sqlite.org/lang_altertable.html: no ALTER form names
a trigger), so a rename is ``DROP TRIGGER old`` then ``CREATE TRIGGER new``.

Where the text comes from: the tree's SQLite statements replayed into a
scratch database (:func:`~.sqlite_rebuild.scratch_database`), whose
``sqlite_master`` holds each trigger's latest definition as a database
built from the files holds it (``sqlite.org/schematab.html``: the original
text, normalized at the start to ``CREATE TRIGGER <name>``). The plan's
table and column renames are then run on that scratch database, and SQLite
itself rewrites the trigger's ``ON`` table and body (``ALTER TABLE ...
RENAME``, 3.26+): the forward script re-creates the trigger from that
rewritten text with only its name replaced, after the renames, so
``sqlite_master.sql`` of the new trigger is what SQLite's own rename would
have left with the new name. The rollback drops it and, once the tables
and columns have their old names again, runs the original text, so
``sqlite_master`` is restored byte for byte.

A trigger whose text the scratch database does not hold (a statement SQLite
refused, an attached database) is not renamed, and the plan says so.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Sequence

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for
from dbnamelint.model import ObjectKind, Statement
from dbnamelint.services.migrate.plan import Note, Plan, Step
from dbnamelint.services.migrate.sqlite_rebuild import scratch_database

#: ``CREATE TRIGGER <name>`` as ``sqlite_master.sql`` starts (normalized by SQLite).
_HEAD = lazy_compile(
    r"CREATE\s+TRIGGER\s+"
    r"(\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`|\[[^\]]*\]|[^\s\"`\[(;]+)",
    re.IGNORECASE,
)


def renamed_text(sql: str, name: str) -> str | None:
    """``sql`` (a trigger's ``sqlite_master.sql``) under ``name`` (its SQL,
    already quoted), ending with ``;``; None when it does not start with
    ``CREATE TRIGGER <name>``."""
    head = _HEAD.match(sql)
    if head is None:
        return None
    return sql[: head.start(1)] + name + sql[head.end(1) :].rstrip().rstrip(";") + ";"


def _run_renames(db: sqlite3.Connection, plan: Plan, quote: Callable[[str], str]) -> str | None:
    """The plan's table and column renames run on ``db``; why not, or None."""
    try:
        for step in plan.steps:
            if step.kind is ObjectKind.TABLE:
                hops = [(step.old, step.via), (step.via, step.new)] if step.via else []
                for a, b in hops or [(step.old, step.new)]:
                    db.execute(f"ALTER TABLE {quote(a or '')} RENAME TO {quote(b or '')}")
        for step in plan.steps:
            if step.kind is ObjectKind.COLUMN:
                db.execute(
                    f"ALTER TABLE {quote(step.table or '')} RENAME COLUMN "
                    f"{quote(step.old)} TO {quote(step.new)}"
                )
    except sqlite3.Error as exc:
        return f"SQLite refused the renames on a database built from the files: {exc}"
    return None


def _text(db: sqlite3.Connection, name: str) -> str | None:
    row = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? COLLATE NOCASE",
        (name,),
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def with_triggers(plan: Plan, statements: Sequence[Statement]) -> Plan:
    """``plan`` with each SQLite trigger step's text before and after the
    renames (:attr:`~.plan.Step.trigger_before`/``trigger_after``); a
    trigger whose text is not found leaves the plan with a note instead of
    its step. Other plans are returned as they are."""
    profile = profile_for(plan.dialect)
    wanted = [
        s
        for s in plan.steps
        if s.kind is ObjectKind.TRIGGER and s.recreate and profile.family is Family.SQLITE
    ]
    if not wanted:
        return plan
    db = scratch_database(statements)
    before = {id(s): _text(db, s.old) for s in wanted}
    why = _run_renames(db, plan, profile.quote)
    notes = list(plan.notes)
    filled: dict[int, Step] = {}
    for step in wanted:
        old_text = before[id(step)]
        new_text = _text(db, step.old) if why is None else None
        if step.schema is not None and step.schema.casefold() != "main":
            reason = f"it is in the attached database {step.schema!r}"
        elif old_text is None:
            reason = "its CREATE TRIGGER is not in a database built from the files"
        elif new_text is None or renamed_text(new_text, "x") is None:
            reason = why or "its definition does not start with CREATE TRIGGER <name>"
        else:
            filled[id(step)] = replace(step, trigger_before=old_text, trigger_after=new_text)
            notes.append(
                Note(
                    f"SQLite cannot rename a trigger: {step.old!r} is dropped and re-created as "
                    f"{step.new!r} from its own definition (as SQLite rewrites it for the "
                    "renamed tables and columns; only its name replaced); the rollback "
                    "re-creates it from the text as written"
                )
            )
            continue
        notes.append(
            Note(
                f"sqlite cannot rename trigger {step.old!r} on {step.table!r} and cannot "
                f"re-create it ({reason}): not renamed (re-create it as {step.new!r})"
            )
        )
    steps = tuple(
        filled.get(id(s), s)
        for s in plan.steps
        if not (s.kind is ObjectKind.TRIGGER and s.recreate and id(s) not in filled)
        or profile.family is not Family.SQLITE
    )
    return replace(plan, steps=steps, notes=tuple(notes))
