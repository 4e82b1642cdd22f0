"""Module string constants an Alembic revision's ``upgrade()`` runs with ``op.execute``.

A revision may keep its SQL in a constant of the module and run it by name::

    CREATE_AUDIT = \"\"\"CREATE TABLE query_audit_logs (id serial, "queryId" int);\"\"\"

    def upgrade():
        op.execute(CREATE_AUDIT)

The model read only ``upgrade()``'s own strings, so the table was missing
and the call was ``DBN013`` ("SQL the code builds or reads"): an error in a
new revision, where the bad column ``"queryId"`` was never named and the
documented way out, ``ignore[DBN013]``, let it through (trial s41 redash).
:func:`executed_constants` names each such call and the SQL it runs: a name
the module binds once, at its top level, to a string literal (or
``sa.text()`` of one), and never again (no ``global``, no other
assignment). The SQL is read as run at the call.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

__all__ = ["constant_sql", "executed_constants", "module_constants"]


def module_constants(tree: ast.Module) -> dict[str, str]:
    """Name -> text of each module-level name bound exactly once in
    ``tree``, at the top level, to a string literal."""
    bound: dict[str, int] = {}
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        elif isinstance(node, ast.Global):
            for word in node.names:
                bound[word] = bound.get(word, 0) + 2  # rebound in a function
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Name):
                    bound[part.id] = bound.get(part.id, 0) + 1
    out: dict[str, str] = {}
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str)
            and bound.get(stmt.targets[0].id) == 1
        ):
            out[stmt.targets[0].id] = stmt.value.value
    return out


def constant_sql(node: ast.expr, constants: dict[str, str]) -> str | None:
    """The SQL ``op.execute``'s argument ``node`` runs when it is one of
    ``constants`` (:func:`module_constants`), bare or in ``text(...)``."""
    if (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr == "text")
            or (isinstance(node.func, ast.Name) and node.func.id == "text")
        )
    ):
        node = node.args[0]
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def executed_constants(
    tree: ast.Module, functions: Sequence[ast.FunctionDef]
) -> list[tuple[ast.Call, str]]:
    """Each ``op.execute(NAME)`` (``batch_op`` too) call of ``functions``
    (the ones ``upgrade()`` runs) whose ``NAME`` is a module string constant,
    with the SQL it runs, in source order. A local of the function of the
    same name shadows the constant: such a call is not returned."""
    constants = module_constants(tree)
    if not constants:
        return []
    out: list[tuple[ast.Call, str]] = []
    for function in functions:
        local = {
            n.id
            for n in ast.walk(function)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
        } | {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "execute"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("op", "batch_op")
                and node.args
            ):
                arg = node.args[0]
                inner = arg.args[0] if isinstance(arg, ast.Call) and arg.args else arg
                if isinstance(inner, ast.Name) and inner.id in local:
                    continue
                sql = constant_sql(arg, constants)
                if sql is not None:
                    out.append((node, sql))
    return sorted(out, key=lambda found: (found[0].lineno, found[0].col_offset))
