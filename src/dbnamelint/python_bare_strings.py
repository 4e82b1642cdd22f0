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

from dbnamelint import python_trees
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.python_positions import parsed_python

__all__ = ["bare_string_spans"]

#: A line opening with a string literal: the only place a bare string starts.
_OPENS_WITH_STRING = lazy_compile(r"^[ \t]*[rRbBuU]{0,2}(?:'|\")", re.MULTILINE)


def bare_string_spans(text: str) -> list[tuple[int, int]]:
    """The spans (file offsets) of Python ``text``'s string statements; none
    when it does not parse."""
    if _OPENS_WITH_STRING.search(text) is None:
        return []
    parsed = parsed_python(text)
    if parsed is None:
        return []
    out: list[tuple[int, int]] = []
    for node in python_trees.walk(parsed.tree):
        if (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and node.end_lineno is not None
            and node.end_col_offset is not None
        ):
            start = parsed.offset(node.lineno, node.col_offset)
            out.append((start, parsed.offset(node.end_lineno, node.end_col_offset)))
    return out
