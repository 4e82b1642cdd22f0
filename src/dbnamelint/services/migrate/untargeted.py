"""Whitelist entries without a target that a plan renames all the same.

An index or constraint named after its table or columns follows them when
they are renamed, whether or not its own entry names a ``target``
(``UK_AppId_DeletedAt`` becomes ``uk_app_id_deleted_at`` with its columns).
The note listing entries the plan leaves as they are ("not renamed, no
`target:`") must not name those: the plan renames them, and ``whitelist
prune`` drops their entries afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.core.index import CatalogIndex
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.services.migrate.plan import Plan
from dbnamelint.whitelist import WhitelistEntry


def left_as_they_are(
    entries: Sequence[WhitelistEntry], schema: Schema, plans: Sequence[Plan]
) -> list[WhitelistEntry]:
    """``entries`` (without a target) but those whose object a step of ``plans``
    renames: (kind, schema, table after the plan, stored name), without case,
    the table followed through the plans' table renames. An entry whose object
    the model does not hold stays."""
    moved: dict[tuple[str | None, str], str] = {}
    renamed: set[tuple[ObjectKind, str | None, str | None, str]] = set()
    for plan in plans:
        for step in plan.steps:
            if step.kind is ObjectKind.TABLE:
                moved[(_fold(step.schema), step.old.casefold())] = step.new
            else:
                renamed.add((step.kind, _fold(step.schema), _fold(step.table), step.old.casefold()))
    if not renamed:
        return list(entries)
    index = CatalogIndex(schema)
    out = []
    for entry in entries:
        found = index.resolve(entry.kind, entry.parts, database=entry.database)
        if found is not None and found.obj.kind is not ObjectKind.TABLE:
            obj = found.obj
            table = obj.table or ""
            after = moved.get((_fold(obj.table_schema), table.casefold()), table)
            key = (obj.kind, _fold(obj.table_schema), after.casefold(), obj.name.casefold())
            if key in renamed:
                continue
        out.append(entry)
    return out


def _fold(name: str | None) -> str | None:
    return name.casefold() if name is not None else None
