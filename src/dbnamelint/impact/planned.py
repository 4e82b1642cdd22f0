"""Key and index names once the whitelist's planned renames ran (``impact --diff``).

A patch that maps a Prisma model to its new table must keep the model's
key and index names as the database will hold them after the migration
that renames the table: ``dbnamelint migrate`` renames keys and indexes to
their whitelist targets and with their tables and columns, so the names
come from the same plan (:func:`~dbnamelint.services.migrate.plan.plan_renames`),
never from a second derivation here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from dbnamelint.impact.keys import KeyName, Renamed, key_names, keys_after
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.rules.base import Rule
from dbnamelint.rules.dependents import column_style_of
from dbnamelint.services.migrate.plan import PlanError, plan_renames
from dbnamelint.services.migrate.requests import from_whitelist, planned_targets
from dbnamelint.whitelist import Whitelist

_KINDS = {ObjectKind.TABLE, ObjectKind.COLUMN, ObjectKind.INDEX, ObjectKind.CONSTRAINT}


def planned_keys(
    schema: Schema,
    whitelist: Whitelist,
    *,
    phase: str | None,
    dialect: str | None,
    rules: Iterable[Rule] = (),
) -> dict[str, tuple[KeyName, ...]] | None:
    """Keys and indexes per table (:func:`~dbnamelint.impact.keys.key_names`)
    after the renames ``migrate`` plans for ``phase`` (None: every phase).

    ``dialect``: the configured one (None: the one most objects were read
    in); ``rules``: the active rules (the column style the plan spells
    names in). None when the whitelist plans nothing that can be planned
    (a :class:`PlanError`: ``migrate`` refuses it too).
    """
    if dialect is None:
        read = Counter(o.source.dialect for o in schema.objects if o.source.dialect)
        dialect = read.most_common(1)[0][0] if read else "postgres"
    try:
        requests = from_whitelist(whitelist, None if phase is None else {phase})
        plan = plan_renames(
            schema,
            requests,
            dialect=dialect,
            views=False,
            planned=planned_targets(whitelist),
            column_style=column_style_of(rules),
        )
    except PlanError:
        return None
    renames = [
        Renamed(s.kind.value, None if s.kind is ObjectKind.TABLE else s.table, s.old, s.new)
        for s in plan.steps
        if s.kind in _KINDS
    ]
    return keys_after(key_names(schema), renames)
