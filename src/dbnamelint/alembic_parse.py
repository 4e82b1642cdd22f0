"""An Alembic revision parsed with Alembic's ``op`` under its own name.

The readers of :mod:`dbnamelint.alembic_ops` (and the callers that look for
``op.execute``) know Alembic's operations as ``op.<x>(...)``. Python binds
the same module under another name too: ``from alembic import op as ops``,
``import alembic.op as o``, or ``alembic.op`` itself after ``import alembic``;
their calls were read as nothing at all, so a new revision's bad names
passed the gate (session 37 H1). :func:`parse_revision` renames each such
use to ``op`` in the tree, at the same place in the text, when the name is
bound only by that import (a name also bound otherwise is left as written).
"""

from __future__ import annotations

import ast
import copy

from dbnamelint.python_constants import bindings

__all__ = ["op_named", "parse_revision", "renamed_function"]

_Function = ast.FunctionDef | ast.AsyncFunctionDef


def parse_revision(text: str) -> ast.Module:
    """``ast.parse(text)`` (raising as it does) with :func:`op_named` applied."""
    return op_named(ast.parse(text))


def _module_statements(tree: ast.Module) -> list[ast.stmt]:
    """The module's own statements: its body and the blocks of a top-level
    ``if``/``try`` (``try: from alembic import op as ops``)."""
    out: list[ast.stmt] = []
    queue = list(tree.body)
    while queue:
        stmt = queue.pop(0)
        out.append(stmt)
        if isinstance(stmt, ast.If):
            queue += [*stmt.body, *stmt.orelse]
        elif isinstance(stmt, ast.Try):
            queue += [*stmt.body, *stmt.orelse, *stmt.finalbody]
            queue += [s for handler in stmt.handlers for s in handler.body]
    return out


def _op_bindings(tree: ast.Module) -> tuple[dict[str, int], dict[str, int]]:
    """(names bound to Alembic's ``op`` module, names bound to the
    ``alembic`` package) by module-level imports, each with how many
    imports bind it so."""
    aliases: dict[str, int] = {}
    packages: dict[str, int] = {}
    for stmt in _module_statements(tree):
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "alembic" and not stmt.level:
            for a in stmt.names:
                if a.name == "op":
                    aliases[a.asname or "op"] = aliases.get(a.asname or "op", 0) + 1
        elif isinstance(stmt, ast.Import):
            for a in stmt.names:
                if a.name == "alembic.op" and a.asname:
                    aliases[a.asname] = aliases.get(a.asname, 0) + 1
                elif a.name == "alembic" or (a.name.startswith("alembic.") and not a.asname):
                    # `import alembic`, `import alembic as al`, `import alembic.op`
                    name = a.asname or "alembic"
                    packages[name] = packages.get(name, 0) + 1
    return aliases, packages


class _Rename(ast.NodeTransformer):
    def __init__(self, aliases: set[str], packages: set[str]) -> None:
        self.aliases = aliases
        self.packages = packages

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in self.aliases and isinstance(node.ctx, ast.Load):
            return ast.copy_location(ast.Name("op", ast.Load()), node)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        value = node.value
        if (
            node.attr == "op"
            and isinstance(node.ctx, ast.Load)
            and isinstance(value, ast.Name)
            and value.id in self.packages
        ):
            return ast.copy_location(ast.Name("op", ast.Load()), node)
        self.generic_visit(node)
        return node


def op_named(tree: ast.Module) -> ast.Module:
    """``tree`` with each use of Alembic's ``op`` module under another name
    (an import alias bound by such imports only) renamed ``op`` in place."""
    aliases, packages = _op_bindings(tree)
    if not (set(aliases) - {"op"}) and not packages:
        return tree
    bound = bindings(tree)
    if bound.get("op", 0) != aliases.get("op", 0):
        return tree  # `op` means something else somewhere: renaming would mislead
    only = {name for name, n in aliases.items() if name != "op" and bound.get(name) == n}
    whole = {name for name, n in packages.items() if bound.get(name) == n}
    if not only and not whole:
        return tree
    _Rename(only, whole).visit(tree)  # in place: the module node itself stays
    return tree


def renamed_function(tree: ast.Module, function: _Function) -> _Function:
    """``function`` (of ``tree``) as :func:`op_named` reads it, on a copy of
    ``tree`` (which other readers share); ``function`` itself when nothing
    is renamed."""
    aliases, packages = _op_bindings(tree)
    if not (set(aliases) - {"op"}) and not packages:
        return function
    for node in ast.walk(op_named(copy.deepcopy(tree))):
        if (
            isinstance(node, type(function))
            and node.name == function.name
            and node.lineno == function.lineno
        ):
            return node
    return function
