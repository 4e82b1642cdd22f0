"""What an Alembic revision runs forward, as a comparable shape.

Alembic records an applied revision by its ``revision`` id in
``alembic_version`` and orders history by ``down_revision`` (with
``branch_labels`` / ``depends_on``); it runs ``upgrade()`` once. So any
change of the module's code outside ``downgrade()`` is an edit of applied
history: the id (a database stamped with the old one fails "Can't locate
revision"), the order (a second base lets a new database run it before
its parent), or ``upgrade()``'s code, wherever the change is, in an ``op``
call the gate reads or in a call of an imported helper it does not (trial
s36 superset: ``create_table("users")`` -> ``create_table("BadUsers")`` of
superset's ``shared/utils.py`` passed).

The shape is Python's syntax tree, so layout, comments, parentheses and a
formatter's trailing commas are no change; docstrings and other bare
string statements run nothing and are left out, as are module-level
constants the forward code never reads, imports' order and ``from
__future__`` imports.
"""

from __future__ import annotations

import ast

from dbnamelint.python_unrun import live_body

__all__ = ["HISTORY_NAMES", "first_edit", "forward_shape", "node_shape"]

#: Module-level names Alembic reads as the revision's place in history.
HISTORY_NAMES = frozenset({"revision", "down_revision", "branch_labels", "depends_on"})

#: A node's key (type and scalar fields), its line, and the history name
#: assigned by the top-level statement holding it ("" for none).
Shape = list[tuple[str, int, str]]


def _bare_string(node: ast.stmt) -> bool:
    """Whether ``node`` is a string expression statement (a docstring): it runs nothing."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _assigned(node: ast.stmt) -> str:
    """The history name a top-level statement assigns, else ""."""
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign):
        targets = [node.target]
    for target in targets:
        if isinstance(target, ast.Name) and target.id in HISTORY_NAMES:
            return target.id
    return ""


def _unread_constant(node: ast.stmt, read: set[str]) -> bool:
    """Whether top-level ``node`` assigns only names the forward code never
    reads (a constant only ``downgrade()`` or nothing uses): no change of
    what runs forward, unless it is a history name."""
    if not isinstance(node, ast.Assign | ast.AnnAssign):
        return False
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return all(
        isinstance(t, ast.Name) and t.id not in read and t.id not in HISTORY_NAMES for t in targets
    )


def _walk(node: ast.AST, line: int, history: str, out: Shape, unrun: bool = False) -> None:
    """Append ``node``'s shape, depth first, bare strings and annotations left
    out, and what follows a function's own ``return`` unless ``unrun``."""
    line = getattr(node, "lineno", line)
    scalars: list[str] = []
    children: list[ast.AST] = []
    for name, value in ast.iter_fields(node):
        if name in ("returns", "annotation", "type_comment"):
            continue  # typing runs nothing (`def upgrade() -> None:` added)
        if isinstance(value, ast.AST):
            children.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.stmt) and _bare_string(item):
                    continue
                if isinstance(item, ast.AST):
                    children.append(item)
                else:
                    scalars.append(repr(item))
        else:
            scalars.append(f"{name}={value!r}")
    out.append((f"{type(node).__name__}({','.join(scalars)})", line, history))
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not unrun:
        # what follows the body's own `return`/`raise` never runs: no edit (s38 G3)
        live = {id(s) for s in live_body(node.body)}
        children = [c for c in children if not (c in node.body and id(c) not in live)]
    for child in children:
        _walk(child, line, history, out, unrun)


def node_shape(node: ast.AST) -> list[str]:
    """``node``'s shape as keys (no lines): bare strings and annotations left out."""
    out: Shape = []
    _walk(node, 0, "", out)
    return [key for key, _, _ in out]


def forward_shape(text: str, django: bool = False, unrun: bool = False) -> Shape | None:
    """The shape of what Alembic revision ``text`` runs forward: its
    module-level statements but ``def downgrade`` (the rollback), bare
    strings, ``from __future__`` imports and imports of names nothing it
    runs uses, imports first in a fixed order; None when Python cannot
    parse it. ``django``: ``text`` is a Django migration, its reverse code left out
    (:func:`~dbnamelint.django_forward.forward_tree`); ``unrun``: what follows
    a function's own ``return``/``raise`` kept (where an edit is, run or not)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    if django:
        from dbnamelint.django_forward import forward_tree

        tree = forward_tree(tree)
    imports: list[tuple[str, ast.stmt]] = []
    rest: list[ast.stmt] = []
    forward = [
        node
        for node in tree.body
        if not (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "downgrade"
        )
    ]
    read = {
        n.id
        for node in forward
        for n in ast.walk(node)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    for node in forward:
        if _bare_string(node) or _unread_constant(node, read):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if isinstance(node, ast.Import | ast.ImportFrom) and not any(
            a.name == "*" or (a.asname or a.name.split(".")[0]) in read for a in node.names
        ):
            continue  # an import nothing run forward uses (a linter's unused-import fix)
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append((ast.dump(node, include_attributes=False), node))
        else:
            rest.append(node)
    out: Shape = []
    for _, node in sorted(imports, key=lambda pair: pair[0]):
        _walk(node, node.lineno, "", out)
    for node in rest:
        _walk(node, node.lineno, _assigned(node), out, unrun)
    return out


def first_edit(
    before: str, now: str, django: bool = False, unrun: bool = False
) -> tuple[int, str] | None:
    """Where ``now`` first runs differently forward from ``before`` (both an
    Alembic revision's text, or a Django migration's with ``django``): (its
    line in ``now``, the history name the edited statement assigns or "");
    None when nothing run changed or either side does not parse; ``unrun``:
    what never runs counted too (:func:`forward_shape`)."""
    was, is_now = forward_shape(before, django, unrun), forward_shape(now, django, unrun)
    if was is None or is_now is None:
        return None
    if [k for k, _, _ in was] == [k for k, _, _ in is_now]:
        return None
    at = next(
        (i for i, (a, b) in enumerate(zip(was, is_now, strict=False)) if a[0] != b[0]),
        min(len(was), len(is_now)),
    )
    if at < len(is_now):
        _, line, history = is_now[at]
        return line, history or (was[at][2] if at < len(was) else "")
    # the change deleted the tail: the last line now
    return (is_now[-1][1] if is_now else 1), (was[at][2] if at < len(was) else "")
