"""Code frames: the offending line with the name underlined, as ruff shows them.

The text renderer is a pure function, so it gets the file's lines through a
:data:`SourceLines` callable; :func:`file_lines` is the one that reads the
disk (lazily, once per file) for the command line.
"""

from __future__ import annotations

import stat
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.textsafe import UNSAFE

#: path as shown in the report -> the file's lines, or None when unreadable.
SourceLines = Callable[[str], Sequence[str] | None]

_QUOTES = {'"': '"', "`": "`", "[": "]"}
_WORD = lazy_compile(r"[\w$#@]+")
_TAB = 4


def file_lines(cwd: Path) -> SourceLines:
    """A :data:`SourceLines` reading files relative to ``cwd`` (cached per path)."""
    cache: dict[str, Sequence[str] | None] = {}

    def read(path: str) -> Sequence[str] | None:
        if path not in cache:
            target = cwd / path
            try:
                # a FIFO or device reported as unreadable must not be read here
                regular = stat.S_ISREG(target.stat().st_mode)
                text = target.read_text(encoding="utf-8", errors="replace") if regular else None
            except (OSError, RuntimeError):  # RuntimeError: a symlink loop (<3.13)
                text = None
            cache[path] = text.splitlines() if text is not None else None
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
        elif UNSAFE.match(char):  # C0/C1 controls, bidi overrides: never to a terminal
            out.append("?")
        else:
            out.append(char)
    return "".join(out)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (after :func:`_printable`): 2 for an
    East Asian Wide or Fullwidth character (``店``; Unicode UAX #11, as
    ``unicodedata.east_asian_width`` gives it), 0 for a combining mark, else 1."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 2
        elif not unicodedata.combining(char):
            width += 1
    return width


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
    lead = display_width(_printable(text[:start]))
    shown_width = max(display_width(_printable(text[start : start + width])), 1)
    gutter = " " * len(str(line))
    return [
        f"{gutter} |",
        f"{line} | {_printable(text)}",
        f"{gutter} | {' ' * lead}{'^' * shown_width} {label}",
        f"{gutter} |",
    ]
