"""Code frames: the offending line with the name underlined, as ruff shows them.

The text renderer is a pure function, so it gets the file's lines through a
:data:`SourceLines` callable; :func:`file_lines` is the one that reads the
disk (lazily, once per file) for the command line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

#: path as shown in the report -> the file's lines, or None when unreadable.
SourceLines = Callable[[str], Sequence[str] | None]

_QUOTES = {'"': '"', "`": "`", "[": "]"}
_WORD = re.compile(r"[\w$#@]+")
_TAB = 4


def file_lines(cwd: Path) -> SourceLines:
    """A :data:`SourceLines` reading files relative to ``cwd`` (cached per path)."""
    cache: dict[str, Sequence[str] | None] = {}

    def read(path: str) -> Sequence[str] | None:
        if path not in cache:
            try:
                text = (cwd / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                cache[path] = None
            else:
                cache[path] = text.splitlines()
        return cache[path]

    return read


def token_width(line: str, start: int) -> int:
    """Characters of the identifier written at ``start`` (0-based), quotes included.

    A quoted identifier runs to its closing quote (a doubled quote is part
    of the name); an unquoted one is a run of word characters. At least 1,
    so the caret always shows where the position is.
    """
    if start >= len(line):
        return 1
    opener = line[start]
    if opener in _QUOTES:
        closer = _QUOTES[opener]
        i = start + 1
        while i < len(line):
            if line[i] == closer:
                if i + 1 < len(line) and line[i + 1] == closer:
                    i += 2
                    continue
                return i - start + 1
            i += 1
        return len(line) - start
    found = _WORD.match(line, start)
    return len(found.group()) if found else 1


def _printable(text: str) -> str:
    """Tabs expanded and control characters shown, so carets line up."""
    out = []
    for char in text:
        if char == "\t":
            out.append(" " * _TAB)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append("?")
        else:
            out.append(char)
    return "".join(out)


def code_frame(lines: Sequence[str], line: int, column: int, label: str) -> list[str] | None:
    """The frame for a 1-based ``line``/``column``, or None when out of range.

    ::

          |
        3 | CREATE TABLE tbl_users (
          |              ^^^^^^^^^ DBN101
          |
    """
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    start = max(column - 1, 0)
    width = token_width(text, start)
    lead = len(_printable(text[:start]))
    shown_width = max(len(_printable(text[start : start + width])), 1)
    gutter = " " * len(str(line))
    return [
        f"{gutter} |",
        f"{line} | {_printable(text)}",
        f"{gutter} | {' ' * lead}{'^' * shown_width} {label}",
        f"{gutter} |",
    ]
