"""Python string statements that run nothing: docstrings (trial s36 superset).

A string literal standing alone as a statement (a module's, class's or
function's docstring, or any bare string line) is evaluated and dropped:
no code reaches it, so SQL-like text there (superset's head revision:
``\"\"\"Create tasks and subscribers tables for the task framework.\"\"\"``)
is no DDL that runs, in an Alembic revision, a Django migration or any
Python code the gate reads.
"""

from __future__ import annotations

import ast
import re

from dbnamelint.core.lazyre import lazy_compile

__all__ = ["bare_string_spans"]

#: A line opening with a string literal: the only place a bare string starts.
_OPENS_WITH_STRING = lazy_compile(r"^[ \t]*[rRbBuU]{0,2}(?:'|\")", re.MULTILINE)


def _offsets(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _at(text: str, starts: list[int], line: int, column: int) -> int:
    """The file offset of an ast position (column in UTF-8 bytes)."""
    row = text[starts[line - 1] : starts[line] - 1] if line < len(starts) else ""
    return starts[line - 1] + len(row.encode()[:column].decode("utf-8", "ignore"))


def bare_string_spans(text: str) -> list[tuple[int, int]]:
    """The spans (file offsets) of Python ``text``'s string statements; none
    when it does not parse."""
    if _OPENS_WITH_STRING.search(text) is None:
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    starts = _offsets(text)
    out: list[tuple[int, int]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and node.end_lineno is not None
            and node.end_col_offset is not None
        ):
            start = _at(text, starts, node.lineno, node.col_offset)
            out.append((start, _at(text, starts, node.end_lineno, node.end_col_offset)))
    return out
