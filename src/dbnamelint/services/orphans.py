"""The gate on statements a change leaves pointing at a table it removed.

A full schema file edited in place (``CREATE TABLE comment`` becomes
``CREATE TABLE comments``) keeps ``CREATE INDEX idx_comment_name ON
comment``: every rule passes, the replay notes only ``DBN011`` (a table the
files never create is often the application's or an extension's), and a
database built from the files refuses the index (trial s29 icingadb). With
the base at hand the gate knows better: the files made that table at the
base and no longer do, so the statement is this change's breakage, a
``DBN028`` error (a name renamed away or dropped, still used).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from msgspec.structs import replace

from dbnamelint.core.identity import ObjectRef, ref_of
from dbnamelint.model import TABLE_ATTACHED_KINDS, Diagnostic, ObjectKind, SchemaObject, Severity
from dbnamelint.replay.state import RENAMED_USED

#: What holds a table's attached objects (PostgreSQL: a view's trigger, a
#: materialized view's index).
_RELATIONS = frozenset({ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})


def _bare(ref: ObjectRef) -> ObjectRef:
    return ref if ref.database is None else replace(ref, database=None)


def _table_refs(obj: SchemaObject) -> set[ObjectRef]:
    """The references the relation ``obj`` is attached to may have: a table,
    view or materialized view (a SQLite compatibility view's INSTEAD OF
    triggers), quoted or not (its quoting is not kept on ``obj``)."""
    assert obj.table is not None
    return {
        _bare(ref_of(relation, quoted=q))
        for kind in _RELATIONS
        for relation in (
            replace(obj, kind=kind, name=obj.table, schema=obj.table_schema, table=None),
        )
        for q in (False, True)
    }


def orphaned_statements(
    objects: Sequence[SchemaObject],
    base_objects: Collection[tuple[ObjectRef, str]],
    ref: str,
) -> list[Diagnostic]:
    """A ``DBN028`` error at each object of ``objects`` (the current model)
    attached to a table no relation of the model is, where the base's model
    (``base_objects``: reference without its ``databases:`` label, file
    dialect) had that table in a file of the same dialect."""
    if not base_objects:
        return []
    relations = {(_bare(ref_of(o)), o.source.dialect) for o in objects if o.kind in _RELATIONS}
    out: list[Diagnostic] = []
    seen: set[tuple[str, int, int]] = set()
    for obj in objects:
        if obj.kind not in TABLE_ATTACHED_KINDS or obj.table is None:
            continue
        dialect = obj.source.dialect
        refs = _table_refs(obj)
        if any((r, dialect) in relations for r in refs):
            continue
        if not any((r, dialect) in base_objects for r in refs):
            continue  # never the files' (the application's): DBN011's note says it
        where = obj.location
        if (where.path, where.line, where.column) in seen:
            continue
        seen.add((where.path, where.line, where.column))
        out.append(
            Diagnostic(
                where,
                Severity.ERROR,
                f"{obj.kind.value} '{obj.name}' is on table '{obj.table}', which the files "
                f"made at {ref} and no longer make (renamed or dropped by this change): a "
                "database built from them refuses this statement; write the table's new "
                "name, or drop the statement with the table",
                RENAMED_USED,
            )
        )
    return out
