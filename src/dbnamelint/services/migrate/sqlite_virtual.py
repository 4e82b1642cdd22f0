"""SQLite refuses to rename a virtual table's column.

``ALTER TABLE media_fts RENAME COLUMN title TO name`` fails with "cannot
rename columns of virtual table" (SQLite 3.40, every module: fts5, fts4,
rtree...): the module declared the columns from its arguments, which SQLite
does not rewrite. Such a rename is left out of the plan and listed as not
renamed, naming the entry and the table's definition, rather than writing a
script SQLite stops in the middle of; the phase's other renames are written
(trial s22 temporal). Renaming the virtual table itself works: the module renames its shadow
tables with it (checked by tests/test_sqlite_virtual_tables.py).
"""

from __future__ import annotations

from msgspec.structs import replace

from dbnamelint.dialects import normalize_dialect
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.services.migrate.plan import Note, Plan


def without_virtual_column_renames(plan: Plan, schema: Schema) -> Plan:
    """``plan`` (dialect ``sqlite``) without the column renames of a virtual
    table, which SQLite refuses, each listed as a note (not renamed, and
    how to do it by hand); the rest of the phase is renamed (trial s22
    temporal: one fts5 column blocked the whole phase). Unchanged elsewhere."""
    if normalize_dialect(plan.dialect) != "sqlite":
        return plan
    columns = [s for s in plan.steps if s.kind is ObjectKind.COLUMN]
    if not columns:
        return plan
    # A step names the table by its name after the plan's table renames.
    renamed = {s.new.casefold(): s.old.casefold() for s in plan.steps if s.kind is ObjectKind.TABLE}
    virtual = {t.name.casefold(): t for t in schema.of_kind(ObjectKind.TABLE) if t.virtual_module}
    dropped: set[int] = set()
    notes = list(plan.notes)
    for step in columns:
        table = (step.table or "").casefold()
        found = virtual.get(renamed.get(table, table))
        if found is None:
            continue
        dropped.add(id(step))
        where = f"{found.location.path}:{found.location.line}"
        notes.append(
            Note(
                f"{step.why}: SQLite cannot rename column {step.table}.{step.old}: "
                f"{found.name!r} is a virtual table (USING {found.virtual_module}, {where}) and "
                f"SQLite says 'cannot rename columns of virtual table': not renamed (wanted "
                f"{step.new!r}); write it by hand: drop the virtual table and create it again "
                "with the new column name (an fts index is then rebuilt: INSERT INTO t(t) "
                "VALUES('rebuild') for external content), or keep the name in the whitelist "
                "without a `target:`"
            )
        )
    if not dropped:
        return plan
    # the plan's own notes on those renames (no view bridges it...) no longer hold
    gone = tuple(f"column {s.table}.{s.old} -> {s.new}:" for s in plan.steps if id(s) in dropped)
    return replace(
        plan,
        steps=tuple(s for s in plan.steps if id(s) not in dropped),
        notes=tuple(n for n in notes if not n.message.startswith(gone)),
    )
