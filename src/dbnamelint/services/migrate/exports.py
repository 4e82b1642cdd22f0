"""The rename map for teams that keep their own migration tool.

Two formats: a plain ``old new`` list (one rename per line, kind first,
names quoted only when they need it), and pgroll's migration JSON
(``{"name": ..., "operations": [{"rename_table": {"from", "to"}}, ...]}``;
pgroll's ``rename_table``, ``rename_column`` ``{"table", "from", "to"}``
and ``rename_constraint`` ``{"table", "from", "to"}`` operations, from its
operations reference).
"""

from __future__ import annotations

import json

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import ObjectKind
from dbnamelint.services.migrate.plan import Plan
from dbnamelint.services.migrate.sql import rename_statements

_PLAIN = lazy_compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def _word(name: str) -> str:
    return name if _PLAIN.fullmatch(name) else '"' + name.replace('"', '""') + '"'


def plain_map(plan: Plan) -> str:
    """``kind [table.]old new`` per rename, in forward order."""
    lines = []
    for step in plan.steps:
        owner = f"{_word(step.table)}." if step.table else ""
        lines.append(f"{step.kind.value} {owner}{_word(step.old)} {_word(step.new)}")
    return "\n".join(lines) + ("\n" if lines else "")


def pgroll_json(plan: Plan, name: str) -> str:
    """pgroll operations for the table, column and constraint renames.

    pgroll renames indexes, sequences, triggers and policies through raw SQL
    operations (``{"sql": {"up", "down"}}``), emitted here for those steps.
    """
    ops: list[dict[str, object]] = []
    for step in plan.steps:
        if step.kind is ObjectKind.TABLE:
            ops.append({"rename_table": {"from": step.old, "to": step.new}})
        elif step.kind is ObjectKind.COLUMN:
            ops.append({"rename_column": {"table": step.table, "from": step.old, "to": step.new}})
        elif step.kind is ObjectKind.CONSTRAINT:
            ops.append(
                {"rename_constraint": {"table": step.table, "from": step.old, "to": step.new}}
            )
        else:
            up, down = rename_statements(plan, step)
            ops.append({"sql": {"up": up, "down": down}})
    return json.dumps({"name": name, "operations": ops}, indent=2, ensure_ascii=False) + "\n"
