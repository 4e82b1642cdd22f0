"""Python source parsed with where each of its nodes lies in the text.

:mod:`ast` gives a node's line (1-based, counting ``\\r\\n``, ``\\r`` and
``\\n`` as Python's tokenizer does) and its column in UTF-8 bytes; readers
that cut or blank spans of the text need character offsets.
"""

from __future__ import annotations

import ast
import re

from dbnamelint import python_trees

__all__ = ["ParsedPython", "parsed_python"]


class ParsedPython:
    """A module's tree and the offset each of its lines starts at."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text = text
        self.tree = tree
        self.starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]

    def offset(self, line: int, column: int) -> int:
        """The character offset of ``ast``'s (line, UTF-8 byte column)."""
        start = self.starts[min(max(line, 1), len(self.starts)) - 1]
        head = self.text[start : start + column].encode("utf-8")[:column]
        return start + len(head.decode("utf-8", "ignore"))


def parsed_python(text: str) -> ParsedPython | None:
    """``text`` parsed, or None when Python cannot parse it."""
    try:
        return ParsedPython(text, python_trees.module_tree(text))
    except (SyntaxError, ValueError):
        return None
