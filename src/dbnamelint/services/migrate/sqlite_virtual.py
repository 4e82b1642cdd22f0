"""SQLite refuses to rename a virtual table's column.

``ALTER TABLE media_fts RENAME COLUMN title TO name`` fails with "cannot
rename columns of virtual table" (SQLite 3.40, every module: fts5, fts4,
rtree...): the module declared the columns from its arguments, which SQLite
does not rewrite. A plan renaming one is refused, naming the entry and the
table's definition, rather than writing a script SQLite stops in the middle
of. Renaming the virtual table itself works: the module renames its shadow
tables with it (checked by tests/test_sqlite_virtual_tables.py).
"""

from __future__ import annotations

from dbnamelint.dialects import normalize_dialect
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.services.migrate.plan import Plan, PlanError


def refuse_virtual_column_renames(plan: Plan, schema: Schema) -> None:
    """Raise :class:`PlanError` when a column rename of ``plan`` (dialect
    ``sqlite``) is of a column of a virtual table, which SQLite refuses."""
    if normalize_dialect(plan.dialect) != "sqlite":
        return
    columns = [s for s in plan.steps if s.kind is ObjectKind.COLUMN]
    if not columns:
        return
    # A step names the table by its name after the plan's table renames.
    renamed = {s.new.casefold(): s.old.casefold() for s in plan.steps if s.kind is ObjectKind.TABLE}
    virtual = {t.name.casefold(): t for t in schema.of_kind(ObjectKind.TABLE) if t.virtual_module}
    problems: list[str] = []
    for step in columns:
        table = (step.table or "").casefold()
        found = virtual.get(renamed.get(table, table))
        if found is None:
            continue
        where = f"{found.location.path}:{found.location.line}"
        problems.append(
            f"{step.why}: SQLite refuses to rename column {step.table}.{step.old} to "
            f"{step.new!r}: {found.name!r} is a virtual table (USING {found.virtual_module}, "
            f"{where}) and SQLite says 'cannot rename columns of virtual table'"
        )
    if problems:
        raise PlanError(
            "; ".join(problems)
            + ". Write this rename by hand: drop the virtual table and create it again with "
            "the new column name (an fts index is then rebuilt: INSERT INTO t(t) "
            "VALUES('rebuild') for external content), or keep the name in the whitelist"
        )
