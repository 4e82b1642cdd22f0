"""What a Django migration runs only when it is unapplied (trial s30 healthchecks).

Django's ``RunSQL(sql, reverse_sql=None, state_operations=None, hints=None,
elidable=False)`` runs ``sql`` in ``database_forwards`` and ``reverse_sql``
only in ``database_backwards``; ``RunPython(code, reverse_code=None, ...)``
calls ``code`` forwards and ``reverse_code`` only backwards
(``django/db/migrations/operations/special.py``; Django docs, "Migration
Operations": "The reverse_sql queries are executed when the migration is
unapplied", "The optional reverse_code argument is called when unapplying
migrations"). ``state_operations`` (of ``RunSQL`` and of
``SeparateDatabaseAndState``) change Django's model state and run nothing.

So a DDL string there is not forward DDL: ``RunSQL('ALTER TABLE t RENAME
COLUMN slug TO "checkSlug"', reverse_sql='... RENAME COLUMN "checkSlug" TO
slug')`` creates ``"checkSlug"``; read whole, its undo renamed it back and
the bad name passed the gate. :func:`reverse_spans` gives the spans of such
code: the reverse argument itself, and a function (or a name assigned a
string) that a migration passes as its reverse and nothing else uses.
"""

from __future__ import annotations

import ast

from dbnamelint import python_trees

#: The operation, and its reverse argument's position and keyword.
_REVERSE = {"RunSQL": (1, "reverse_sql"), "RunPython": (1, "reverse_code")}
#: The operation, and its ``state_operations`` argument's position.
_STATE = {"RunSQL": 2, "SeparateDatabaseAndState": 1}


def _callee(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    if len(call.args) > position and not any(
        isinstance(a, ast.Starred) for a in call.args[: position + 1]
    ):
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


class _Offsets:
    """File offsets of :mod:`ast` positions (lines 1-based, columns in UTF-8 bytes)."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def at(self, line: int, column: int) -> int:
        text = self.lines[line - 1]
        return self.starts[line - 1] + len(text.encode()[:column].decode("utf-8", "ignore"))

    def span(self, node: ast.expr | ast.stmt) -> tuple[int, int]:
        first: ast.expr | ast.stmt = node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.decorator_list:
            first = node.decorator_list[0]
        start = self.at(first.lineno, first.col_offset)
        if node.end_lineno is None or node.end_col_offset is None:
            return start, self.starts[-1]
        return start, self.at(node.end_lineno, node.end_col_offset)


def reverse_spans(text: str) -> list[tuple[int, int]]:
    """The spans (file offsets) of the Python migration ``text`` that run only
    when the migration is unapplied, or never (see the module docstring)."""
    if "RunSQL" not in text and "RunPython" not in text and "state_operations" not in text:
        return []
    try:
        tree = python_trees.module_tree(text)
    except (SyntaxError, ValueError):
        return []
    offsets = _Offsets(text)
    spans: list[tuple[int, int]] = []
    named: set[str] = set()  # names passed as a reverse
    passed: set[int] = set()  # those Name nodes
    for node in python_trees.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        operation = _callee(node.func)
        found = []
        if operation in _REVERSE:
            found.append(_argument(node, *_REVERSE[operation]))
        if operation in _STATE:
            found.append(_argument(node, _STATE[operation], "state_operations"))
        for reverse in found:
            if reverse is None:
                continue
            if isinstance(reverse, ast.Name):
                named.add(reverse.id)
                passed.add(id(reverse))
            else:
                spans.append(offsets.span(reverse))
    if named:
        # A name used anywhere else may run forwards too: kept.
        used = {
            n.id
            for n in python_trees.walk(tree)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and id(n) not in passed
        }
        only = named - used
        for node in python_trees.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in only:
                spans.append(offsets.span(node))
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id in only
            ):
                spans.append(offsets.span(node.value))
    return sorted(spans)


def in_spans(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether offset ``at`` is in one of ``spans``."""
    return any(a <= at < b for a, b in spans)
