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
note saying where to check and what the statement is. A code migration's
builder call not read is held to its own table's names, or, its table
computed, to those its code holds as literals (:mod:`.unread_calls`).

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
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, ObjectKind, Schema, SourceFile, Statement
from dbnamelint.positions import LineIndex
from dbnamelint.services.migrate.plan import DEPENDENT_KINDS, Note, Plan, Step
from dbnamelint.services.migrate.unread_calls import (
    Unfollowed,
    builder_call,
    call_text,
    code_literals,
    enclosing_table,
    statement_kind,
)


def unread_texts(
    diagnostics: Sequence[Diagnostic],
    statements: Sequence[Statement],
    files: Sequence[SourceFile] = (),
    root: Path | None = None,
) -> list[Unfollowed]:
    """One :class:`Unfollowed` per statement or builder call a DBN012/DBN013
    note among ``diagnostics`` stands at. A statement is found by the note's
    location in ``statements`` (a whole ``DO`` block for an ``EXECUTE`` inside
    it, with the ``SET``/``PREPARE`` before a MySQL one), its table not known;
    a code migration's builder call not read (:func:`.unread_calls.builder_call`)
    is its own code in its file (``files``, read under ``root``), on the
    table whose literal-named create/alter call encloses it, and is left out
    when the file cannot be read."""
    # imported here: the SQL reader loads only where a plan is made
    from dbnamelint.frontends.sql.parsing import CALL_CODE, EXECUTE_CODE

    codes = (CALL_CODE, EXECUTE_CODE)
    by_path: dict[str, list[Statement]] = {}
    for statement in statements:
        by_path.setdefault(statement.location.path, []).append(statement)
    sources = {f.path: f for f in files}
    texts: dict[str, str | None] = {}
    out: dict[object, Unfollowed] = {}
    for diag in diagnostics:
        if diag.code not in codes:
            continue
        where = diag.location
        place = f"{where.path}:{where.line}"
        call = builder_call(diag)
        if call is not None:
            text = _file_text(sources.get(where.path), root, texts)
            if text is not None:
                at = LineIndex(text).offset(where.line, where.column)
                code = call_text(text, at)
                table = enclosing_table(text, at)
                found = Unfollowed(place, code, call, table, code_literals(code))
                out.setdefault((place, where.column), found)
            continue
        in_file = by_path.get(where.path, [])
        for at, statement in enumerate(in_file):
            first = statement.location.line
            if first <= where.line <= first + statement.text.count("\n"):
                text = "\n".join([*_prepared_from(in_file, at), statement.text])
                what = statement_kind(diag, CALL_CODE)
                out.setdefault(id(statement), Unfollowed(place, text, what))
                break
    return list(out.values())


def _file_text(
    source: SourceFile | None, root: Path | None, seen: dict[str, str | None]
) -> str | None:
    """The text of ``source`` as written (not the SQL read from it), once per file."""
    from dbnamelint.frontends.sql.sources import SourceError, read_text

    if source is None:
        return None
    if source.path not in seen:
        try:
            seen[source.path] = read_text(source, root)
        except SourceError:
            seen[source.path] = None
    return seen[source.path]


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
    unread: Sequence[Unfollowed],
    schema: Schema | None = None,
    reapplied: Collection[str] = (),
) -> Plan:
    """``plan`` without the dependent renames whose old name an unread
    statement spells (``unread``: :func:`unread_texts`), and with a note per
    left-out rename and per table or column it may have changed. Unchanged
    without any.

    An unread statement or call is held to a renamed object only when it can
    act on it (:func:`_acts_on`): its table is the object's, or its table is
    not known and its text spells the object's name; an unread builder call
    on another table, whatever its text, is not (trial s43 LinkAce).

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
        dependent = step.kind in DEPENDENT_KINDS
        found = [
            (u, _may_rename(u.text, step.old) if dependent else "names")
            for u in unread
            if _acts_on(u, step) and not _named_after(made, step, u.place)
        ]
        hit = [(u, done) for u, done in found if done is not None]
        if not hit:
            kept.append(step)
            continue
        owner = f" on {step.table}" if step.table else ""
        if dependent:
            places, what = _places([u for u, _ in hit])
            notes.append(Note(_left_out(step, owner, places, what, hit[-1][1] == "drops")))
            continue
        kept.append(step)
        history = [u for u, _ in hit if u.place.rsplit(":", 1)[0] not in reapplied]
        if history and step.kind in (ObjectKind.TABLE, ObjectKind.COLUMN):
            places, what = _places(history)
            spelt = all(_names(u, step.old) for u in history)
            how = "names it" if spelt else "acts on its table"
            notes.append(
                Note(
                    f"{step.kind.value} {step.old}{owner}: {places} "
                    f"{'runs' if len(history) == 1 else 'run'} DDL the model does not read "
                    f"({what}) and {how}; check the database still has this name "
                    "(`dbnamelint drift --db URL`) before running the forward script"
                )
            )
    if len(kept) == len(plan.steps) and len(notes) == len(plan.notes):
        return plan
    return replace(plan, steps=tuple(kept), notes=tuple(notes))


def _acts_on(unread: Unfollowed, step: Step) -> bool:
    """Whether ``unread`` may have changed ``step``'s object: its table is the
    object's (a dependent object's name spelt too, as :func:`_may_rename`
    reads it), or not known and its text spells the name."""
    if unread.table is None:
        return _names(unread, step.old)
    owner = step.old if step.kind is ObjectKind.TABLE else step.table
    if owner is None or unread.table.casefold() != owner.casefold():
        return False
    return step.kind not in DEPENDENT_KINDS or _names(unread, step.old)


def _names(unread: Unfollowed, name: str) -> bool:
    """Whether ``unread`` spells ``name``: a statement's SQL as a word, a
    builder call's code as a string literal."""
    if unread.literals is not None:
        return name.casefold() in unread.literals
    return _spells(unread.text, name)


def _places(unread: Sequence[Unfollowed]) -> tuple[str, str]:
    """The first three places (and how many more) and what they are, for a note."""
    where = [u.place for u in unread]
    places = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
    return places, "; ".join(dict.fromkeys(u.what for u in unread))


def _left_out(step: Step, owner: str, places: str, what: str, dropped: bool) -> str:
    """The note for a dependent rename left out: what the unread statement may
    have done, and what makes the migration pass the project's own check,
    which still sees the old name on the renamed table (``DBN504``; trial s29
    Registry: ``fix-waitlist-reorder-v3``'s ``EXECUTE format('DROP TRIGGER IF
    EXISTS reorder_waitlist_on_removal ON %I.waitlist', s)`` over every schema
    left no such trigger in PostgreSQL, while the files still make it)."""
    subject = f"{step.kind.value} {step.old}{owner}"
    check = (
        "`dbnamelint check` refuses this migration for it (DBN504: it still embeds the "
        "old name) until the forward script says what the database holds"
    )
    if dropped:
        return (
            f"{subject} is not renamed: {places} drops it in DDL the model does not read "
            f"({what}), with no create after, so the database may no longer hold "
            f"it; {check}: when `dbnamelint drift --db URL` shows it gone, add its drop with "
            f"IF EXISTS (`DROP {step.kind.value.upper()} IF EXISTS {step.old} ...`) to the "
            f"forward script, when it shows it, its rename to {step.new}"
        )
    return (
        f"{subject} is not renamed: {places} runs DDL the model does not read ({what}) "
        "and names it, so the database may hold it under another name already; "
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
