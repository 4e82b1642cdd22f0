"""Renames of names that statements the reader could not read may have changed.

An ``EXECUTE`` in a PostgreSQL ``DO`` block (DBN013), a MySQL ``EXECUTE``
of a prepared text, or a ``CALL`` (DBN012) runs DDL the model does not
see. When such a statement's text spells the name of an index,
constraint, trigger or sequence the plan renames (formbricks:
``IF EXISTS (... conname = 'Connector_x_fkey') THEN EXECUTE 'ALTER TABLE
... RENAME CONSTRAINT "Connector_x_fkey" TO ...'``), the name the model
holds may no longer be the database's, and the forward script would stop
at that rename (trial s9-t1 #11). Those renames are left out of the plan,
each with a note naming the statement; tables and columns the text spells
stay planned (such blocks alter their tables without renaming them) with a
note saying where to check.

A text that spells the name only where it creates an object of that name
(``CREATE INDEX name``, ``CREATE TRIGGER name``, ``CREATE SEQUENCE name``,
``CONSTRAINT name``), or drops it there and creates it again, gives no
object another name: the rename stays planned (Registry's tenant loops,
``EXECUTE format('CREATE INDEX idx_waitlist_status ON %I.waitlist ...', s)``
beside the static ``CREATE INDEX idx_waitlist_status ON waitlist``: left out,
the generated migration kept ``idx_waitlist_status`` on ``waitlists`` and
the project's own hook refused it with ``DBN504``; trial s29). A ``DROP``
with no ``CREATE`` after it, a ``RENAME`` or any other mention still leaves
the rename out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, ObjectKind, Schema, Statement
from dbnamelint.services.migrate.plan import DEPENDENT_KINDS, Note, Plan, Step


def unread_texts(
    diagnostics: Sequence[Diagnostic], statements: Sequence[Statement]
) -> list[tuple[str, str]]:
    """``(path:line of the note, text of the statement holding it)`` for each
    DBN012/DBN013 note among ``diagnostics``, the statement found by its
    location in ``statements`` (a whole ``DO`` block for an ``EXECUTE``
    inside it, with the ``SET``/``PREPARE`` before a MySQL one); one per
    statement."""
    # imported here: the SQL reader loads only where a plan is made
    from dbnamelint.frontends.sql.parsing import CALL_CODE, EXECUTE_CODE

    codes = (CALL_CODE, EXECUTE_CODE)
    by_path: dict[str, list[Statement]] = {}
    for statement in statements:
        by_path.setdefault(statement.location.path, []).append(statement)
    out: dict[int, tuple[str, str]] = {}
    for diag in diagnostics:
        if diag.code not in codes:
            continue
        where = diag.location
        in_file = by_path.get(where.path, [])
        for at, statement in enumerate(in_file):
            first = statement.location.line
            if first <= where.line <= first + statement.text.count("\n"):
                text = "\n".join([*_prepared_from(in_file, at), statement.text])
                out.setdefault(id(statement), (f"{where.path}:{where.line}", text))
                break
    return list(out.values())


def _prepared_from(statements: Sequence[Statement], at: int) -> list[str]:
    """MySQL: the ``SET @v = ...`` and ``PREPARE s FROM @v`` right before the
    ``EXECUTE`` at ``at`` (up to three), whose text holds the names it runs."""
    if not statements[at].text.lstrip()[:7].upper().startswith("EXECUTE"):
        return []
    out: list[str] = []
    for statement in reversed(statements[max(0, at - 3) : at]):
        if not statement.text.lstrip()[:7].upper().startswith(("SET", "PREPARE")):
            break
        out.insert(0, statement.text)
    return out


def _spells(text: str, name: str) -> bool:
    """Whether ``text`` holds ``name`` as a whole word (any case, any quotes)."""
    pattern = r"(?<![\w$])" + re.escape(name) + r"(?![\w$])"
    return re.search(pattern, text, re.IGNORECASE) is not None


_QUALIFIER = r"(?:(?:\"[^\"]*\"|[\w$%]+)\.)*[\"`']?$"
#: What comes right before a name an object is created under.
_CREATES = lazy_compile(
    r"(?:\bCREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"
    r"|\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?TRIGGER\s+"
    r"|\bCREATE\s+(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?SEQUENCE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"|\bCONSTRAINT\s+)" + _QUALIFIER,
    re.IGNORECASE,
)
#: What comes right before a name renamed (``RENAME CONSTRAINT x TO``, not a create).
_RENAMES = lazy_compile(
    r"\bRENAME\s+(?:CONSTRAINT|INDEX|KEY|COLUMN)\s+" + _QUALIFIER, re.IGNORECASE
)
#: What comes right before a name an object is dropped under.
_DROPS = lazy_compile(
    r"\bDROP\s+(?:INDEX|TRIGGER|CONSTRAINT|SEQUENCE)\s+(?:CONCURRENTLY\s+)?"
    r"(?:IF\s+EXISTS\s+)?" + _QUALIFIER,
    re.IGNORECASE,
)


def _may_rename(text: str, name: str) -> str | None:
    """What ``text`` (an unread statement spelling ``name``) may have done to
    the object ``name``: ``"drops"`` when its last mention drops it with no
    create after, ``"names"`` when a mention is neither a create nor a drop (a
    ``RENAME``, a catalog query), else None: every mention creates an object
    so named, or drops one and creates it again."""
    pattern = r"(?<![\w$])" + re.escape(name) + r"(?![\w$])"
    dropped = False
    for found in re.finditer(pattern, text, re.IGNORECASE):
        before = text[max(0, found.start() - 200) : found.start()]
        if _RENAMES.search(before):
            return "names"
        if _CREATES.search(before):
            dropped = False
        elif _DROPS.search(before):
            dropped = True
        else:
            return "names"
    return "drops" if dropped else None


def without_unfollowed(
    plan: Plan,
    unread: Sequence[tuple[str, str]],
    schema: Schema | None = None,
    reapplied: Collection[str] = (),
) -> Plan:
    """``plan`` without the dependent renames whose old name an unread
    statement spells (``unread``: :func:`unread_texts`), and with a note per
    left-out rename and per table or column so spelt. Unchanged without any.

    An unread statement before the one that (re-)created the object under
    its current name in ``schema`` changes nothing: from there on the name
    is the files' (authelia's MySQL ``CALL PROC_DROP_FOREIGN_KEY(...)`` then
    ``ALTER TABLE ... ADD CONSTRAINT`` of the same name).

    A table or column such a statement of a ``reapplied`` file names (one
    re-run after the migrations: :mod:`.replayed_after`) gets no "check the
    database" note: that statement has not renamed it, it runs again after
    the forward script, and :func:`~.replayed_after.with_reapplied_uses`
    says to rename it there.
    """
    if not unread:
        return plan
    made = _made_at(schema)
    kept = []
    notes = list(plan.notes)
    for step in plan.steps:
        found = [
            (at, _may_rename(text, step.old) if step.kind in DEPENDENT_KINDS else "names")
            for at, text in unread
            if _spells(text, step.old) and not _named_after(made, step, at)
        ]
        where = [at for at, done in found if done is not None]
        if not where:
            kept.append(step)
            continue
        places = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        owner = f" on {step.table}" if step.table else ""
        if step.kind in DEPENDENT_KINDS:
            last = [done for _, done in found if done is not None][-1]
            notes.append(Note(_left_out(step, owner, places, last == "drops")))
            continue
        kept.append(step)
        history = [at for at in where if at.rsplit(":", 1)[0] not in reapplied]
        if history and step.kind in (ObjectKind.TABLE, ObjectKind.COLUMN):
            places = ", ".join(history[:3]) + (
                f" and {len(history) - 3} more" if len(history) > 3 else ""
            )
            notes.append(
                Note(
                    f"{step.kind.value} {step.old}{owner}: {places} runs DDL the model does "
                    "not read (EXECUTE or CALL) and names it; check the database still has "
                    "this name (`dbnamelint drift --db URL`) before running the forward script"
                )
            )
    if len(kept) == len(plan.steps) and len(notes) == len(plan.notes):
        return plan
    return replace(plan, steps=tuple(kept), notes=tuple(notes))


def _left_out(step: Step, owner: str, places: str, dropped: bool) -> str:
    """The note for a dependent rename left out: what the unread statement may
    have done, and what makes the migration pass the project's own check,
    which still sees the old name on the renamed table (``DBN504``; trial s29
    Registry: ``fix-waitlist-reorder-v3``'s ``EXECUTE format('DROP TRIGGER IF
    EXISTS reorder_waitlist_on_removal ON %I.waitlist', s)`` over every schema
    left no such trigger in PostgreSQL, while the files still make it)."""
    what = f"{step.kind.value} {step.old}{owner}"
    check = (
        "`dbnamelint check` refuses this migration for it (DBN504: it still embeds the "
        "old name) until the forward script says what the database holds"
    )
    if dropped:
        return (
            f"{what} is not renamed: {places} drops it in DDL the model does not read "
            "(EXECUTE or CALL), with no create after, so the database may no longer hold "
            f"it; {check}: when `dbnamelint drift --db URL` shows it gone, add its drop with "
            f"IF EXISTS (`DROP {step.kind.value.upper()} IF EXISTS {step.old} ...`) to the "
            f"forward script, when it shows it, its rename to {step.new}"
        )
    return (
        f"{what} is not renamed: {places} runs DDL the model does not read (EXECUTE or "
        "CALL) and names it, so the database may hold it under another name already; "
        f"{check}: check with `dbnamelint drift --db URL` and add its rename to "
        f"{step.new} by hand"
    )


#: (kind, name case-folded) -> where each object of that name got it: (file's
#: replay position, line); and each file path's replay position.
_Made = tuple[dict[tuple[str, str], list[tuple[int, int]]], dict[str, int]]


def _made_at(schema: Schema | None) -> _Made:
    if schema is None:
        return {}, {}
    order = {f.path: n for n, f in enumerate(schema.files)}
    made: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for obj in schema.objects:
        if obj.kind in DEPENDENT_KINDS:
            at = (order.get(obj.location.path, -1), obj.location.line)
            made.setdefault((obj.kind.value, obj.name.casefold()), []).append(at)
    return made, order


def _named_after(made: _Made, step: Step, at: str) -> bool:
    """Whether every object named ``step.old`` got that name after the unread
    statement at ``at`` (``path:line``) ran."""
    places = made[0].get((step.kind.value, step.old.casefold()))
    path, _, line = at.rpartition(":")
    if not places or path not in made[1] or not line.isdigit():
        return False
    here = (made[1][path], int(line))
    return all(place > here for place in places)
