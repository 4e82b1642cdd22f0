"""A Python file's module-level string constants, and a string expression
computed from them as Python computes it.

``TABLE = "users"`` ... ``cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN
badCol int")`` runs one statement whatever happens at run time, when the
name is bound once in the whole file (no other assignment, argument,
import, loop target, ``global`` or ``del``; no ``from m import *``): the
gate read its field as a hole, ``DBN013``, and refused a new string it can
judge (session 37 H3). :func:`evaluated` computes such a string (an
f-string's fields, ``+`` of literals and constants, implicit
concatenation); anything else (a call, an attribute, a name bound twice or
in a function) is None: the string stays built at run time.
"""

from __future__ import annotations

import ast

__all__ = ["bindings", "evaluated", "module_constants"]


def bindings(tree: ast.AST) -> dict[str, int]:
    """How many times each name is bound anywhere in ``tree`` (assigned,
    deleted, an argument, a def or class, an import, a ``global`` or
    ``nonlocal``, a loop or ``with`` target, an ``except ... as``)."""
    counts: dict[str, int] = {}

    def add(name: str) -> None:
        counts[name] = counts.get(name, 0) + 1

    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            add(node.id)
        elif isinstance(node, ast.arg):
            add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.Global | ast.Nonlocal):
            for name in node.names:
                add(name)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            add(node.name)
    return counts


def module_constants(tree: ast.Module) -> dict[str, str]:
    """Each name a top-level statement binds to a string literal
    (``TABLE = "users"``, ``TABLE: Final = "users"``) and nothing else binds
    anywhere in the file."""
    if any(
        isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
        for n in ast.walk(tree)
    ):
        return {}  # a star import may bind any name
    written: dict[str, str] = {}
    for stmt in tree.body:
        target: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        if (
            isinstance(target, ast.Name)
            and isinstance(value, ast.Constant)
            and isinstance(value.value, str)
        ):
            written[target.id] = value.value
    if not written:
        return {}
    bound = bindings(tree)
    return {name: value for name, value in written.items() if bound.get(name) == 1}


def _value(node: ast.AST, constants: dict[str, str], used: set[str]) -> str | None:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        used.add(node.id)
        return constants.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _value(node.left, constants, used), _value(node.right, constants, used)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for part in node.values:
            found = _value(part, constants, used)
            if found is None:
                return None
            parts.append(found)
        return "".join(parts)
    if isinstance(node, ast.FormattedValue):
        value = _value(node.value, constants, used)
        spec = "" if node.format_spec is None else _value(node.format_spec, constants, used)
        if value is None or spec is None:
            return None
        # !s, !r, !a, then the spec: as Python's f-string does
        converted = {-1: value, 115: str(value), 114: repr(value), 97: ascii(value)}.get(
            node.conversion
        )
        return None if converted is None else format(converted, spec)
    return None


def evaluated(expression: str, constants: dict[str, str]) -> tuple[str, set[str]] | None:
    """The string Python makes of ``expression`` (source text) from string
    literals and ``constants`` (:func:`module_constants`), and the constants
    it names; else None. A trailing ``)`` of the call around it, which the
    caller's span may hold, is left out."""
    if not constants:
        return None
    text = expression.strip()
    while text:
        try:
            tree = ast.parse(f"(\n{text}\n)", mode="eval")
        except (SyntaxError, ValueError):
            if not text.endswith(")"):
                return None
            text = text[:-1].rstrip()
            continue
        used: set[str] = set()
        value = _value(tree.body, constants, used)
        return None if value is None else (value, used)
    return None
