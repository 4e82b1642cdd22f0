"""Template actions a migration's tables are named in, that the reader skips.

A Go template's action alone on its line (focalboard's ``{{
addColumnIfNeeded "file_info" "path" "varchar(512)" ... }}``, zdb's own
functions) writes statements when the tool renders the file; dbnamelint
blanks it with a ``DBN006`` note (:func:`dbnamelint.migration_text.replace_placeholders`),
so what it adds is not in the model. A plan renaming a table one of them
names cannot know it: the column is not in the compatibility view's list,
and SQLite's ``INSTEAD OF`` triggers, which name every column, drop it on
an insert through the old name (trial s24 focalboard: ``path`` stored as
NULL). The plan says so, once per action, where the action names a table
the plan renames or changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.migration_text import PLACEHOLDER_CODE
from dbnamelint.model import Diagnostic, ObjectKind
from dbnamelint.services.migrate.plan import Note, Plan

#: The DBN006 note on an action between statements: its text, as written.
_ACTION = lazy_compile(r"^template action '(?P<action>.*)' between statements")
#: A Go string argument of the action: ``"file_info"`` or a raw ```path```.
_STRING = lazy_compile(r'"([^"\\]*)"|`([^`]*)`')
#: A placeholder's underscores at a table name's start (``___________file_info``).
_RUN = lazy_compile(r"^_{4,}")


def with_unread_actions(plan: Plan, diagnostics: Sequence[Diagnostic]) -> Plan:
    """``plan`` with a note for each unread template action naming one of its tables."""
    tables: dict[str, str] = {}
    for step in plan.steps:
        for name in (step.old if step.kind is ObjectKind.TABLE else None, step.table):
            if name:
                tables.setdefault(_RUN.sub("", name).casefold(), name)
    if not tables:
        return plan
    notes: list[Note] = []
    for d in diagnostics:
        if d.code != PLACEHOLDER_CODE:
            continue
        found = _ACTION.match(d.message)
        if found is None:
            continue
        named = {(a or b).casefold() for a, b in _STRING.findall(found.group("action"))}
        hit = sorted(named & set(tables))
        if not hit:
            continue
        trigger = (
            "; SQLite's INSTEAD OF triggers on the compatibility view list the columns read, "
            "so an insert through the old name drops what it adds"
            if plan.dialect.startswith("sqlite")
            else ""
        )
        notes.append(
            Note(
                f"{d.location.path}:{d.location.line}: the template action "
                f"{found.group('action')} names {', '.join(tables[h] for h in hit)} and is "
                "not read: what it writes (a column, an index, a rename) is not in this plan "
                f"nor in the compatibility view's columns{trigger}; check the scripts against "
                "the migration as the tool renders it"
            )
        )
    if not notes:
        return plan
    return replace(plan, notes=(*plan.notes, *notes))
