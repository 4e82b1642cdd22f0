"""A Django migration without what only runs backward, for comparing what it runs forward.

Django records an applied migration by its app and file name and runs its
``operations`` once forward; ``RunPython``'s ``reverse_code`` and
``RunSQL``'s ``reverse_sql`` run only on ``migrate`` back. So an edit of
an applied migration that changes what runs forward (a ``RunPython``
function's body, a constant it reads, an operation's argument no DDL
string shows) is an edit of applied history (session 37 D1), while one of
the reverse side is not. Nor is one of the ``Migration`` class's
``dependencies``, ``replaces``, ``run_before`` or ``initial``: they order
migrations and mark squashed ones, and Django's manual tells users to edit
them once a squash is applied everywhere ("Squashing migrations": delete the
replaced files, point their dependants at the squashed migration, remove its
``replaces``). :func:`forward_tree` takes both out;
:func:`~dbnamelint.alembic_forward.forward_shape` compares the rest.
"""

from __future__ import annotations

import ast

#: The operations' reverse arguments: (position, keyword).
_REVERSE = {"RunPython": (1, "reverse_code"), "RunSQL": (1, "reverse_sql")}
#: ``Migration`` attributes that order or mark migrations, not what one runs.
_ORDER_ONLY = frozenset({"dependencies", "replaces", "run_before", "initial"})


def _callee(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def forward_tree(tree: ast.Module) -> ast.Module:
    """``tree`` (modified in place) with each ``RunPython``/``RunSQL``
    reverse argument and each class's :data:`_ORDER_ONLY` assignment taken
    out, and then the module-level functions nothing left names (a reverse
    function: it never runs forward)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            node.body = [
                n
                for n in node.body
                if not (
                    isinstance(n, ast.Assign | ast.AnnAssign)
                    and all(
                        isinstance(t, ast.Name) and t.id in _ORDER_ONLY
                        for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
                    )
                )
            ] or [ast.Pass()]
        if not isinstance(node, ast.Call):
            continue
        reverse = _REVERSE.get(_callee(node.func))
        if reverse is None:
            continue
        position, keyword = reverse
        node.args = node.args[:position]
        node.keywords = [k for k in node.keywords if k.arg != keyword]
    while True:
        named = {
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        kept = [
            n
            for n in tree.body
            if not (isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name not in named)
        ]
        if len(kept) == len(tree.body):
            return tree
        tree.body = kept
