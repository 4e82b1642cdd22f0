"""The code of other project modules an applied Python migration runs forward.

An Alembic revision's ``upgrade()`` (and the revision's functions it runs)
may call a function of a shared module (trial s36 superset:
``migrations/shared/utils.py``'s ``create_table``); a Django migration's
``RunPython`` code may be one (``from shop.helpers import fill``) or call
one. The tool runs that code as the migration's own, so an edit of the
helper changes what every applied migration reaching it does on a database
built from now on, while the databases that ran it keep the old result.

:func:`reached` lists, for each such call of the migration, the functions
it reaches (itself and the project's functions they call, transitively,
each once) as comparable shapes: Python's syntax tree without layout,
comments or docstrings, and the module-level constants each reads. The
gate compares the lists read at the base and now
(:mod:`dbnamelint.services.applied_helpers`). Classes (models, ``RunSQL``
subclasses) are not followed: their DDL is read where the migration uses
them.
"""

from __future__ import annotations

import ast
from pathlib import Path

from msgspec import Struct

from dbnamelint import python_trees
from dbnamelint.alembic_forward import node_shape
from dbnamelint.django_imports import Loader, resolve

_Function = ast.FunctionDef | ast.AsyncFunctionDef
#: How many functions one call reaches at most (a cycle ends sooner).
_MAX_REACHED = 64


class Reached(Struct, frozen=True):
    """One function a migration's call reaches: its file, line and shape."""

    file: str
    line: int
    name: str
    shape: tuple[str, ...]


class Root(Struct, frozen=True):
    """A call (or ``RunPython`` code) of the migration naming a function of
    another module: its offset in the migration, as written, and what it reaches."""

    offset: int
    written: str
    reaches: tuple[Reached, ...]


def _constants(module: ast.Module, function: _Function) -> list[str]:
    """The shapes of ``module``'s top-level assignments of names ``function`` reads."""
    used = {n.id for n in python_trees.walk(function) if isinstance(n, ast.Name)}
    out: list[str] = []
    for node in module.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in used for t in targets):
                out += node_shape(node)
    return out


def _reach(file: Path, module: ast.Module, function: _Function, load: Loader) -> list[Reached]:
    """``function`` and the project's functions it calls, transitively, each once."""
    seen = {(str(file), function.lineno)}
    queue = [(file, module, function)]
    out: list[Reached] = []
    while queue and len(out) < _MAX_REACHED:
        at, tree, current = queue.pop(0)
        shape = (*node_shape(current), *_constants(tree, current))
        out.append(Reached(at.as_posix(), current.lineno, current.name, shape))
        for node in python_trees.walk(current):
            if not isinstance(node, ast.Call) or not isinstance(
                node.func, ast.Name | ast.Attribute
            ):
                continue
            found = resolve(at, tree, node.func, load)
            if found is None or not isinstance(found[2], _Function):
                continue
            key = (str(found[0]), found[2].lineno)
            if key not in seen:
                seen.add(key)
                queue.append((found[0], found[1], found[2]))
    return out


def _django_forward(tree: ast.Module) -> tuple[list[_Function], list[ast.expr]]:
    """A Django migration's own functions its ``RunPython`` runs forward (and
    those they call), and the ``code`` expressions naming other functions."""
    own = {n.name: n for n in tree.body if isinstance(n, _Function)}
    functions: list[_Function] = []
    written: list[ast.expr] = []
    for call in python_trees.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        callee = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        if isinstance(call.func, ast.Name):
            callee = call.func.id
        if callee != "RunPython":
            continue
        code = call.args[0] if call.args else None
        code = next((k.value for k in call.keywords if k.arg == "code"), code)
        if isinstance(code, ast.Name) and code.id in own:
            functions.append(own[code.id])
        elif isinstance(code, ast.Name | ast.Attribute):
            written.append(code)
    queue = list(functions)
    while queue and len(functions) < _MAX_REACHED:
        for node in python_trees.walk(queue.pop(0)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                found = own.get(node.func.id)
                if found is not None and found not in functions:
                    functions.append(found)
                    queue.append(found)
    return functions, written


def reached(kind: str, text: str, path: Path, load: Loader) -> list[Root]:
    """Each call of migration ``text`` (at ``path``; ``kind`` ``"alembic"``
    or ``"django"``) run forward that names a function of another module of
    the project, with what it reaches (see the module docstring); ``load``
    reads the project's modules (one side of a change)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    if kind == "alembic":
        from dbnamelint.alembic_ops import upgrade_functions
        from dbnamelint.alembic_parse import op_named

        tree = op_named(tree)  # `from alembic import op as ops` read as op
        functions: list[_Function] = list(upgrade_functions(tree))
        written: list[ast.expr] = []
    else:
        functions, written = _django_forward(tree)
    for function in functions:
        written += [
            node.func
            for node in python_trees.walk(function)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)
        ]
    from dbnamelint.alembic_ops import _Pos

    pos = _Pos(text)
    out: list[Root] = []
    done: set[int] = set()
    for expr in written:
        found = resolve(path, tree, expr, load)
        if found is None or found[0] == path or not isinstance(found[2], _Function):
            continue
        at = pos.span(expr)[0]
        if at in done:
            continue
        done.add(at)
        out.append(Root(at, ast.unparse(expr), tuple(_reach(found[0], found[1], found[2], load))))
    out.sort(key=lambda r: r.offset)
    return out
