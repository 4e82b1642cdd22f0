"""Whitelist entries of a renamed table's other objects, when the full schema is edited.

A migration the run replays renames a table in the model, so an entry
``comment.separator`` still finds its column under ``comments`` (the entry
follows the rename history). A full schema edited in place
(:mod:`.full_schema`, layout ``upgrades``) has no such history: it makes
``comments`` from the start, and the upgrade script that renames it is not
read. So the entries of the renamed tables' columns, indexes, constraints
and triggers that the phase does not rename themselves would excuse nothing
(``check`` would report their legacy names as new findings, and ``whitelist
prune`` would drop them as stale): their table part is respelled instead,
in place (:func:`~dbnamelint.whitelist.fields.edit_fields`: only that value
changes, comments and layout kept). The entries of objects the phase
renames are left for ``whitelist prune``, as after any migration.
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.core.identity import split_name
from dbnamelint.model import TABLE_ATTACHED_KINDS, ObjectKind
from dbnamelint.services.migrate.plan import Plan
from dbnamelint.whitelist.entries import WhitelistEntry
from dbnamelint.whitelist.fields import FieldEdit


def repointed(
    entries: Sequence[WhitelistEntry], plans: Sequence[Plan]
) -> list[tuple[WhitelistEntry, FieldEdit]]:
    """Each entry of ``entries`` naming an object of a table ``plans``
    rename that the plans do not rename themselves, with the edit of its
    ``name`` to the new table's (``comment.separator`` -> ``comments.separator``)."""
    tables: dict[str, str] = {}
    own: set[tuple[ObjectKind, str, str]] = set()
    for plan in plans:
        old_of = {s.new.casefold(): s.old for s in plan.tables}
        for step in plan.tables:
            tables[step.old.casefold()] = step.new
        for step in plan.steps:
            if step.kind is not ObjectKind.TABLE and step.table is not None:
                table = old_of.get(step.table.casefold(), step.table)
                own.add((step.kind, table.casefold(), step.old.casefold()))
    out = []
    for entry in entries:
        if entry.kind not in TABLE_ATTACHED_KINDS or any(c in entry.name for c in '"`[{$%'):
            continue
        parts = split_name(entry.name)
        if len(parts) < 2:
            continue
        table, name = parts[-2][0], parts[-1][0]
        new = tables.get(table.casefold())
        if new is None or (entry.kind, table.casefold(), name.casefold()) in own:
            continue
        written = ".".join([*(p[0] for p in parts[:-2]), new, name])
        out.append((entry, FieldEdit(entry.name, entry.location.line, "name", written)))
    return out
