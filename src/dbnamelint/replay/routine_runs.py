"""DBN012 across files: which statements run a routine whose body holds DDL.

Each file's reader records, as :class:`~dbnamelint.model.RoutineStep`
values, the routines and triggers its statements define, replace, drop and
rename, and the statements that run them
(:mod:`dbnamelint.frontends.sql.parsing.routines`); those steps are cached
with the file. :func:`routine_notes` plays them after loading, file after
file in replay order, one state per catalog (a dialect, or one of its
``databases:``) as replay keeps one namespace per catalog: a function
migration 001 defines and never runs, and migration 002 runs with
``SELECT mk()``, gets the note in 002, whether either file came from the
cache or not. Names compare by their last part, unquoted, lower case (a
function moved to another schema is still the one ``other.mk()`` runs;
the careful side). In PostgreSQL a function and a procedure share one name
(manual, CREATE PROCEDURE); in MySQL only procedures are recorded, as only
they may run DDL (error 1422).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from dbnamelint.model import Diagnostic, Location, RoutineStep, Severity

#: What a DBN012 note says of a routine whose body holds DDL: the gate
#: refuses a statement running one new since its base.
BODY_DDL = "its body holds DDL"
#: How a DBN012 note's detail names the body behind it (see :meth:`Routines.body`).
BODY_DIGEST = "definition digest"
#: The DBN012 note's code.
CODE = "DBN012"


def _key(name: str) -> str:
    """A one-part name (``"Mk2"``, ``mk2``) as steps key routines."""
    return name.strip('`"').lower()


class _Routine:
    """One routine known so far: what its body holds."""

    __slots__ = ("calls", "ddl", "digest", "kind", "name", "writes")

    def __init__(self, step: RoutineStep) -> None:
        self.kind = step.kind
        self.name = step.name
        self.ddl = step.ddl
        self.calls = tuple(key for key, _ in step.calls)
        self.writes = frozenset(step.writes)
        self.digest = step.digest


class Routines:
    """The procedures (and, in PostgreSQL, functions and triggers) of one
    catalog known so far, and which of them each later statement runs."""

    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.routines: dict[str, _Routine] = {}
        #: (table key, trigger key) -> (events, function key).
        self.triggers: dict[tuple[str, str], tuple[frozenset[str], str]] = {}
        #: Keys of the routines whose own body holds DDL: none, nothing to look for.
        self._with_ddl: set[str] = set()

    def apply(self, step: RoutineStep) -> None:
        """Take a definition, drop or rename into account."""
        if step.op == "routine":
            self._keep(step.key, _Routine(step))  # a later CREATE OR REPLACE replaces it
        elif step.op == "trigger":
            self.triggers[(step.table, step.name)] = (frozenset(step.events), step.key)
        elif step.op == "drop":
            self._forget(step.key)
        elif step.op == "drop-trigger":
            self.triggers.pop((step.table, step.name), None)
        elif step.op == "rename-table":
            for table, trigger in [k for k in self.triggers if k[0] == step.table]:
                self.triggers[(step.name, trigger)] = self.triggers.pop((table, trigger))
        elif step.op == "rename":
            routine = self.routines.get(step.key)
            if routine is not None:
                self._forget(step.key)
                routine.name = step.name
                self._keep(_key(step.name), routine)

    def _keep(self, key: str, routine: _Routine) -> None:
        self.routines[key] = routine
        if routine.ddl is not None:
            self._with_ddl.add(key)
        else:
            self._with_ddl.discard(key)

    def _forget(self, key: str) -> None:
        self.routines.pop(key, None)
        self._with_ddl.discard(key)

    def ddl(self, name: str) -> str | None:
        """What DDL ``name``'s body holds: its own first (``CREATE TABLE``), else
        the first of a routine it runs, calls or fires a trigger of, nearest
        first (``CREATE TABLE, run through inner()``); None when none holds any."""
        found = self._holding(name)
        return found[0] if found is not None else None

    def _holding(self, name: str) -> tuple[str, _Routine] | None:
        """:meth:`ddl`'s words, and the routine whose own body holds that DDL."""
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
                    return routine.ddl, routine
                return f"{routine.ddl}, run through {routine.name}()", routine
            fired = [f[2] for f in self._fired(routine.writes)]
            for inner in (*routine.calls, *fired):
                if inner not in seen:
                    seen.add(inner)
                    queue.append(inner)
        return None

    def body(self, name: str) -> str:
        """The detail a note carries on the routine whose body holds the DDL
        ``name`` runs: its name and the digest of its definition, so the gate
        tells a committed run of a body edited since (trial s28 lemmy)."""
        found = self._holding(name)
        if found is None or not found[1].digest:
            return ""
        return f"{BODY_DIGEST} of {found[1].name}(): {found[1].digest}"

    def _fired(self, writes: frozenset[tuple[str, str]]) -> list[tuple[str, str, str]]:
        """``(table, trigger, function key)`` of each trigger ``writes`` fires."""
        if not self.triggers or not writes:
            return []
        return sorted(
            (table, trigger, function)
            for (table, trigger), (events, function) in self.triggers.items()
            if any((event, table) in writes for event in events)
        )

    def call(self, step: RoutineStep) -> str | None:
        """The DBN012 note of a ``CALL`` of a procedure whose body holds DDL, else None."""
        routine = self.routines.get(step.key)
        if routine is None or routine.kind != "procedure":
            return None
        ddl = self.ddl(step.key)
        if ddl is None:
            return None
        return (
            f"{step.word or 'CALL'} {step.name}: what the procedure does to the schema is not "
            f"read; {BODY_DDL} ({ddl}) that is not read (what it runs depends on the "
            "procedure's parameters, or on statements other than DDL), so the objects "
            "it creates, renames or drops are neither checked nor in the model"
        )

    def runs(self, step: RoutineStep) -> list[tuple[str, str]]:
        """PostgreSQL: the DBN012 note of each routine a ``run`` step runs whose
        body holds DDL: a function it calls (``SELECT mk()``, ``PERFORM mk()``
        in a ``DO`` block), or a trigger a write of it fires; each with its
        :meth:`body` detail."""
        if not self.postgres or not self._with_ddl:
            return []
        word = step.word
        notes: list[tuple[str, str]] = []
        for key, written in step.calls:
            routine = self.routines.get(key)
            ddl = self.ddl(key) if routine is not None else None
            if routine is not None and ddl is not None:
                notes.append(
                    (
                        f"{word} runs {written}(): what the {routine.kind} does to the schema "
                        f"is not read; {BODY_DDL} ({ddl}) that is not read, so the objects it "
                        "creates, renames or drops are neither checked nor in the model",
                        self.body(key),
                    )
                )
        for table, trigger, function in self._fired(frozenset(step.writes)):
            ddl = self.ddl(function)
            if ddl is not None:
                shown = self.routines[function].name
                notes.append(
                    (
                        f"{word} on {table} fires trigger {trigger}: what its function "
                        f"{shown}() does to the schema is not read; {BODY_DDL} ({ddl}) that is "
                        "not read, so the objects it creates, renames or drops are neither "
                        "checked nor in the model",
                        self.body(function),
                    )
                )
        return notes


def routine_notes(
    files: Sequence[tuple[str, bool, Sequence[RoutineStep]]],
) -> tuple[list[list[Diagnostic]], set[Location]]:
    """The DBN012 notes of each of ``files`` (``(catalog, postgres, steps)``
    each, in replay order): each file's steps played after those of the
    earlier files of its catalog. Also the locations of the ``CALL``
    statements whose note says the body holds DDL: the plain "not read"
    note there gives way to it."""
    states: dict[str, Routines] = {}
    out: list[list[Diagnostic]] = []
    calls: set[Location] = set()
    # Where each procedure is first created, by catalog: a CALL replayed
    # before it says so (its runner runs the files in another order).
    first: dict[tuple[str, str], Location] = {}
    for catalog, _, steps in files:
        for step in steps:
            if step.op == "routine" and step.kind == "procedure" and step.location is not None:
                first.setdefault((catalog, step.key), step.location)
    made: set[tuple[str, str]] = set()
    for catalog, postgres, steps in files:
        state = states.get(catalog)
        if state is None:
            state = states[catalog] = Routines(postgres)
        notes: list[Diagnostic] = []
        out.append(notes)
        for step in steps:
            if step.op == "run" and step.location is not None:
                notes.extend(_note(step.location, note, body) for note, body in state.runs(step))
            elif step.op == "call" and step.location is not None:
                note = state.call(step)
                later = first.get((catalog, step.key))
                if note is None and later is not None and (catalog, step.key) not in made:
                    note = _created_later(step.name, later, step.word or "CALL", step.location.path)
                if note is not None:
                    notes.append(_note(step.location, note, state.body(step.key)))
                    calls.add(step.location)
            else:
                if step.op == "routine":
                    made.add((catalog, step.key))
                state.apply(step)
    return out, calls


#: The parts of :func:`_created_later`'s note around the creating statement's location.
_LATER_AT = ": the procedure is created later in the replay order, at "
_LATER_SO = ", so what it does to the schema is not read"


def created_later_in(diagnostic: Diagnostic) -> str | None:
    """The path of the file creating the procedure a ``DBN012`` note of
    :func:`_created_later` calls too early, else None (``init`` lists that
    file before the calling one)."""
    if diagnostic.code != CODE or _LATER_AT not in diagnostic.message:
        return None
    where = diagnostic.message.split(_LATER_AT, 1)[1].split(_LATER_SO, 1)[0]
    path, *position = where.rsplit(":", 2)
    return path if len(position) == 2 and all(p.isdigit() for p in position) else None


def _created_later(name: str, where: Location, word: str = "CALL", caller: str = "") -> str:
    """The DBN012 note of a ``CALL`` replayed before its procedure is created.

    The database refuses it (PostgreSQL: ``procedure ... does not exist``),
    so the files replay in another order than their runner's: files inside
    one folder replay in name order, and a runner may run them otherwise
    (Lemmy's code runs ``replaceable_schema/utils.sql``, which creates
    ``r.create_triggers``, before ``triggers.sql``, which calls it: trial
    s29). The tool cannot know that order; the config's ``paths`` states it.
    """
    order = f" (`{where.path}` before `{caller}`)" if caller else ""
    return (
        f"{word} {name}{_LATER_AT}{where}{_LATER_SO}; the database refuses a {word} of a "
        "procedure that does not exist yet: if the files' runner runs them in another "
        "order than their names (files inside one folder replay in name order), list "
        f"them one by one in the config's `paths` in its order{order}, in place of "
        "their folder (`dbnamelint init` writes a new config so)"
    )


def _note(location: Location, message: str, body: str) -> Diagnostic:
    """A DBN012 note; ``body`` (:meth:`Routines.body`) its one detail, if any."""
    return Diagnostic(location, Severity.INFO, message, CODE, (body,) if body else ())
