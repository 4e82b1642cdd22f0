"""The code of a Python function that never runs: what follows an
unconditional ``return`` or ``raise`` (session 38 G3).

A statement of a function's own body after a ``return`` or ``raise`` at that
same level never runs, whatever the function is called with; one after a
``return`` inside an ``if``, ``try``, ``with`` or loop may (the branch may
not be taken, a ``finally`` runs, an exception is caught), so only the
body's own level counts. An Alembic ``upgrade()`` or a Django ``RunPython``
function edited there changes nothing a database ran: not ``DBN025``, and
what it holds is not read as the migration's DDL.
"""

from __future__ import annotations

import ast

from dbnamelint.python_positions import parsed_python

__all__ = ["live_body", "unrun_spans", "without_unrun"]

_Function = ast.FunctionDef | ast.AsyncFunctionDef


def live_body(body: list[ast.stmt]) -> list[ast.stmt]:
    """``body`` (a function's own statements) up to and with its first
    ``return``/``raise`` at its own level."""
    for i, stmt in enumerate(body):
        if isinstance(stmt, ast.Return | ast.Raise):
            return body[: i + 1]
    return body


def without_unrun(tree: ast.Module) -> ast.Module:
    """``tree`` with each function's never-run tail (:func:`live_body`) taken
    out, in place."""
    for node in ast.walk(tree):
        if isinstance(node, _Function):
            node.body = live_body(node.body)
    return tree


def unrun_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets in Python ``text`` of each function's never-run
    tail; [] when Python cannot parse it."""
    if "return" not in text and "raise" not in text:
        return []
    parsed = parsed_python(text)
    if parsed is None:
        return []
    out: list[tuple[int, int]] = []
    for node in ast.walk(parsed.tree):
        if not isinstance(node, _Function):
            continue
        live = live_body(node.body)
        if len(live) == len(node.body):
            continue
        first, last = node.body[len(live)], node.body[-1]
        start = parsed.offset(first.lineno, first.col_offset)
        end = parsed.offset(last.end_lineno or last.lineno, last.end_col_offset or 0)
        out.append((start, end))
    return out
