"""Where a Go block ends: brace matching that skips Go's strings, runes and comments."""

from __future__ import annotations


def block_end(text: str, start: int) -> int:
    """Offset past the ``}`` matching the ``{`` at ``start`` in Go ``text``,
    skipping raw and interpreted strings, runes and comments (the Go spec's
    lexical elements); ``len(text)`` when the block is not closed."""
    depth = 0
    i = start
    size = len(text)
    while i < size:
        char = text[i]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif char == "`":
            found = text.find("`", i + 1)
            i = size if found < 0 else found
        elif char in "\"'":
            i += 1
            while i < size and text[i] != char and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
        elif text.startswith("//", i):
            found = text.find("\n", i)
            i = size if found < 0 else found
        elif text.startswith("/*", i):
            found = text.find("*/", i + 2)
            i = size if found < 0 else found + 1
        i += 1
    return size
