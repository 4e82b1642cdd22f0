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
from dbnamelint.impact.targets import Target, dependent_target
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.rules.base import Rule
from dbnamelint.rules.dependents import column_style_of
from dbnamelint.services.migrate.plan import Plan, PlanError, plan_renames
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
    plan = _plan(schema, whitelist, phase, dialect, rules)
    if plan is None:
        return None
    renames = [
        Renamed(s.kind.value, None if s.kind is ObjectKind.TABLE else s.table, s.old, s.new)
        for s in plan.steps
        if s.kind in _KINDS
    ]
    return keys_after(key_names(schema), renames)


#: Dependents code can name in SQL (``ON CONFLICT ON CONSTRAINT``, ``DROP INDEX``,
#: ``nextval('seq')``, ``DROP TRIGGER``): ``migrate`` renames them with their table.
DEPENDENT_KINDS = frozenset(
    {ObjectKind.CONSTRAINT, ObjectKind.INDEX, ObjectKind.SEQUENCE, ObjectKind.TRIGGER}
)


def dependent_targets(
    schema: Schema,
    whitelist: Whitelist,
    known: Iterable[Target],
    *,
    phase: str | None,
    dialect: str | None,
    rules: Iterable[Rule] = (),
) -> tuple[Target, ...]:
    """Targets for the constraints, indexes, sequences and triggers ``migrate``
    renames in ``phase`` (None: each phase, planned on its own as ``migrate
    --phase`` plans it) that no whitelist entry names (``known``): names
    derived from a table or column the phase renames (``task_lock_pkey`` ->
    ``task_locks_pkey``). A phase the planner refuses adds none."""
    rules = list(rules)
    seen = {(t.kind, n.casefold()) for t in known for n in t.old_names}
    phases = [phase] if phase is not None else [p.id for p in whitelist.phases]
    out: list[Target] = []
    for one in phases:
        plan = _plan(schema, whitelist, one, dialect, rules)
        if plan is None:
            continue
        before = {s.new: s.old for s in plan.steps if s.kind is ObjectKind.TABLE}
        for step in plan.steps:
            key = (step.kind.value, step.old.casefold())
            if step.kind not in DEPENDENT_KINDS or key in seen or step.old == step.new:
                continue
            seen.add(key)
            table = step.table if step.kind is not ObjectKind.SEQUENCE else None
            tables = (before.get(table, table), table) if table else ()
            out.append(
                dependent_target(
                    step.kind,
                    old=step.old,
                    new=step.new,
                    tables=tables,
                    schema=step.schema,
                    phase=one,
                    dialect=plan.dialect,
                )
            )
    return tuple(out)


def _plan(
    schema: Schema,
    whitelist: Whitelist,
    phase: str | None,
    dialect: str | None,
    rules: Iterable[Rule],
) -> Plan | None:
    """The plan ``migrate`` makes for ``phase`` (None: every phase), without
    views; None when the planner refuses it (:class:`PlanError`)."""
    if dialect is None:
        read = Counter(o.source.dialect for o in schema.objects if o.source.dialect)
        dialect = read.most_common(1)[0][0] if read else "postgres"
    try:
        requests = from_whitelist(whitelist, None if phase is None else {phase})
        return plan_renames(
            schema,
            requests,
            dialect=dialect,
            views=False,
            planned=planned_targets(whitelist),
            column_style=column_style_of(rules),
        )
    except PlanError:
        return None
