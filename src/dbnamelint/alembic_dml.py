"""SQLAlchemy Core data statements an Alembic revision runs with ``op.execute``.

Alembic's ``op.execute`` takes a string, a ``text()`` construct, or a Core
``insert()``, ``update()`` or ``delete()`` construct (its documentation,
"Operation Reference", ``execute``): redash's ``640888ce445d`` runs
``op.execute(queries.update().values({"old_schedule": queries.c.schedule}))``
on a ``table("queries", ...)`` stand-in. Such a statement changes rows, never
a name, so it is no SQL "the code builds" that the model or the gate must
read: before, it was a ``DBN013`` warning, and an error in a new revision
that the gate refused (trial s41 redash). :func:`core_dml` tells one, written
in place or bound to a name in the function running it.
"""

from __future__ import annotations

import ast

__all__ = ["core_dml"]

#: A Core data statement's constructors: a table's method
#: (``t.update()``) or a function of ``sqlalchemy`` (``sa.update(t)``).
_STATEMENTS = frozenset({"insert", "update", "delete"})
#: What a data statement's generative methods return: the statement again.
_GENERATIVE = frozenset(
    {
        "values",
        "where",
        "filter",
        "filter_by",
        "returning",
        "from_select",
        "inline",
        "ordered_values",
        "execution_options",
        "with_dialect_options",
        "select_from",
        "order_by",
        "limit",
        "offset",
        "group_by",
        "having",
        "distinct",
        "correlate",
        "add_columns",
        "join",
        "outerjoin",
    }
)


def _statement(node: ast.expr) -> bool:
    """Whether ``node`` is a Core data statement written in place:
    ``t.update()``, ``sa.insert(t)``, ``delete(t)``, then any of their
    generative methods (``.values(...)``, ``.where(...)``)."""
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _GENERATIVE
    ):
        node = node.func.value
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr in _STATEMENTS
    return isinstance(func, ast.Name) and func.id in _STATEMENTS


def core_dml(node: ast.expr, function: ast.AST | None = None) -> bool:
    """Whether ``op.execute``'s argument ``node`` is a Core ``insert``,
    ``update`` or ``delete`` statement (not a ``select``, which may run a
    routine holding DDL): written in place, or a
    name every assignment of ``function`` (the one running the call) binds
    to one (``stmt = t.update().values(...)``; ``op.execute(stmt)``)."""
    if _statement(node):
        return True
    if not isinstance(node, ast.Name) or function is None:
        return False
    bound = [
        stmt.value
        for stmt in ast.walk(function)
        if isinstance(stmt, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets)
    ]
    return bool(bound) and all(_statement(value) for value in bound)
